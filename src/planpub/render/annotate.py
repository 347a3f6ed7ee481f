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
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)\s*>")
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
        self._analysed: dict[str, tuple[list[Citation], bool]] = {}

    def html(self, page: str, source: str) -> str:
        """``source`` with its text nodes annotated; ``page`` is the page's source path."""
        out: list[str] = []
        skip = no_links = 0  # depth inside SKIP and NO_LINKS elements
        for i, piece in enumerate(_TOKEN.split(source)):
            if i % 2:  # a tag or a comment
                out.append(piece)
                tag = _TAG.match(piece)
                if tag is None or tag.group(3):
                    continue
                name = tag.group(2).lower()
                step = -1 if tag.group(1) else 1
                if name in SKIP:
                    skip = max(0, skip + step)
                elif name in NO_LINKS:
                    no_links = max(0, no_links + step)
            elif skip or not (piece != piece.lower() or _DIGIT.search(piece)):
                out.append(piece)  # nothing to find without a capital letter or a digit
            else:
                out.append(self._text(page, piece, links=not no_links))
        return "".join(out)

    def _analyse(self, plain: str) -> tuple[list[Citation], bool]:
        """Linkable citations in a text and whether it has abbreviations (page-independent)."""
        found = self._analysed.get(plain)
        if found is None:
            if len(self._analysed) >= self.CACHE_SIZE:
                self._analysed.clear()
            cited = [c for c in self.r.catalog.citations.find(plain) if c.doc]
            found = self._analysed[plain] = (cited, bool(self.glossary.find(plain)))
        return found

    def _text(self, page: str, escaped: str, links: bool = True) -> str:
        plain = nfc(html.unescape(escaped))
        cited, has_abbr = self._analyse(plain)
        cited = [c for c in cited if links and self._href(page, c.doc or "")]
        if not cited and not has_abbr:
            return escaped
        out: list[str] = []
        pos = 0
        for citation in cited:
            out.append(self.abbreviations(plain[pos:citation.start]))
            out.append(self.cite(page, citation))
            pos = citation.end
        out.append(self.abbreviations(plain[pos:]))
        return "".join(out)

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
