"""One pass over a page's HTML: citations become links, abbreviations get their full form.

Works on text nodes only, never inside links, code or scripts, so it can run on
sanitised plan HTML and on content pages alike. Text without a match is left
byte for byte; rewritten text is escaped again (braces as entities).
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from planpub.citations import Citation
from planpub.glossary import Glossary
from planpub.render.markup import text, unbrace
from planpub.site.names import Names
from planpub.slug import nfc

_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_STATE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)\s*>")
_MAYBE = re.compile(r"<\s*/?\s*(?:a|abbr|code|pre|kbd|samp|script|style|textarea|svg|button"
                    r"|select|title|time)(?![a-zA-Z0-9-])", re.I)
"""A tag that may open or close an element of :data:`SKIP` or :data:`NO_LINKS`."""
SKIP = frozenset({"abbr", "code", "pre", "kbd", "samp", "script", "style", "textarea", "svg",
                  "button", "select", "title", "time"})
"""Elements whose text is never annotated."""
NO_LINKS = frozenset({"a"})
"""Elements whose text gets abbreviations but no citation links (links do not nest)."""


class Annotator:
    """Links citations to document pages and marks abbreviations, for one build."""

    CACHE_SIZE = 100_000
    """Distinct text nodes whose analysis is kept (task titles repeat on many pages)."""

    def __init__(self, names: Names, glossary: Glossary) -> None:
        self.r = names
        self.glossary = glossary
        self._titles: dict[str, str] = {}
        self._hrefs: dict[tuple[str, str], str | None] = {}
        self._analysed: dict[str, tuple[str, list[Citation], bool]] = {}
        self._abbr_html: dict[str, str] = {}

    def html(self, page: str, source: str) -> str:
        """``source`` with its text nodes annotated; ``page`` is the page's source path.

        Tags are looked at only where they open or close an element of :data:`SKIP` or
        :data:`NO_LINKS`; text only where it has a capital letter or a digit. Rewritten text
        nodes are spliced into the untouched slices of the page between them.
        """
        pieces = _TOKEN.split(source)  # text, markup, text, …
        texts = pieces[0::2]
        marks = pieces[1::2]
        found = [i for i, t in enumerate(texts) if t != t.lower() or _DIGIT.search(t)]
        if not found:
            return source
        changes = [(i, _STATE.match(m)) for i, m in enumerate(marks) if _MAYBE.match(m)]
        skip = no_links = 0
        state = iter(changes)
        pending = next(state, None)
        for index in found:
            while pending is not None and pending[0] < index:
                tag = pending[1]
                if tag is not None and not tag.group(3):
                    name = tag.group(2).lower()
                    step = -1 if tag.group(1) else 1
                    if name in SKIP:
                        skip = max(0, skip + step)
                    elif name in NO_LINKS:
                        no_links = max(0, no_links + step)
                pending = next(state, None)
            if not skip:
                pieces[2 * index] = self._text(page, texts[index], links=not no_links)
        return "".join(pieces)

    def _analyse(self, escaped: str) -> tuple[str, list[Citation], bool]:
        """A text node's plain text, its linkable citations and whether it has abbreviations
        (page-independent; kept, as task titles repeat on many pages)."""
        found = self._analysed.get(escaped)
        if found is None:
            if len(self._analysed) >= self.CACHE_SIZE:
                self._analysed.clear()
            plain = nfc(html.unescape(escaped))
            cited = [c for c in self.r.catalog.citations.find(plain) if c.doc]
            found = self._analysed[escaped] = (plain, cited, bool(self.glossary.find(plain)))
        return found

    def _text(self, page: str, escaped: str, links: bool = True) -> str:
        plain, cited, has_abbr = self._analyse(escaped)
        if cited:
            cited = [c for c in cited if links and self._href(page, c.doc or "")]
        if not cited:
            return self._abbreviated(escaped, plain) if has_abbr else escaped
        out: list[str] = []
        pos = 0
        for citation in cited:
            out.append(self.abbreviations(plain[pos:citation.start]))
            out.append(self.cite(page, citation))
            pos = citation.end
        out.append(self.abbreviations(plain[pos:]))
        return "".join(out)

    def _abbreviated(self, escaped: str, plain: str) -> str:
        """A text node without citation links, its abbreviations marked (kept per text)."""
        found = self._abbr_html.get(escaped)
        if found is None:
            if len(self._abbr_html) >= self.CACHE_SIZE:
                self._abbr_html.clear()
            found = self._abbr_html[escaped] = self.abbreviations(plain)
        return found

    def cite(self, page: str, citation: Citation) -> str:
        """A citation as a link to its document's page (its text only, if it has none)."""
        shown = self.abbreviations(citation.text)
        href = self._href(page, citation.doc or "")
        if href is None:
            return shown
        opening = Markup('<a class="pp-cite" href="{}" title="{}">').format(
            href, self._title(citation))
        return unbrace(str(opening)) + shown + "</a>"

    def abbreviations(self, value: str) -> str:
        """Plain text as HTML, each abbreviation in an ``<abbr>`` with its full form."""
        spans = self.glossary.find(value)
        if not spans:
            return str(text(value))
        out: list[str] = []
        pos = 0
        for start, end, term in spans:
            out.append(str(text(value[pos:start])))
            out.append(str(self.glossary.abbr(term, value[start:end])))
            pos = end
        out.append(str(text(value[pos:])))
        return "".join(out)

    def _href(self, page: str, doc_id: str) -> str | None:
        key = (page, doc_id)
        if key not in self._hrefs:
            if len(self._hrefs) >= self.CACHE_SIZE:
                self._hrefs.clear()
            href = self.r.ref_href(page, doc_id)
            self._hrefs[key] = None if href in (None, "./", "") else href
        return self._hrefs[key]

    def _title(self, citation: Citation) -> str:
        doc_id = citation.doc or ""
        if doc_id not in self._titles:
            self._titles[doc_id] = self.r.ref_title(doc_id)
        title = self._titles[doc_id]
        if citation.article:
            title = f"{citation.article} — {title}"
        doc = self.r.catalog.documents.get(doc_id)
        if citation.problem == "misprint" and doc is not None:
            title += f" (văn bản in số hiệu {citation.number}; số hiệu đúng là {doc.number})"
        return title
