"""Plan text to safe HTML: Markdown prose, plain text, and agency mentions.

Plan text is data. Prose goes through Python-Markdown with every ``<`` escaped
first (raw HTML in a plan shows as text), then through nh3 with a small tag set;
a link keeps its ``href`` only if the address passes :func:`planpub.weburl.safe_url`
(the rule the model applies when it reads the plan), otherwise only its text stays.
Every ``{`` and ``}`` leaves as an HTML entity, so no template engine downstream
can read plan text as a template.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import markdown
import nh3
from markupsafe import Markup, escape

from planpub.slug import fold, nfc
from planpub.weburl import MARKDOWN_EXTENSIONS, markdown_source, safe_url

TAGS = {
    "p", "br", "em", "strong", "b", "i", "u", "sup", "sub", "ul", "ol", "li", "a", "code",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": {"align"},
              "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _safe_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3 filter: a link keeps its address only if it is a safe data URL."""
    if tag == "a" and attribute == "href":
        return safe_url(value)
    return value

def unbrace(html: str) -> str:
    """Replace ``{`` and ``}`` by HTML entities (they look the same in a browser)."""
    if "{" not in html and "}" not in html:  # the common case, and much faster than translate
        return html
    return html.replace("{", "&#123;").replace("}", "&#125;")


def text(value: object) -> Markup:
    """Plain text as HTML: escaped, braces as entities."""
    escaped = escape(value)
    if "{" in escaped or "}" in escaped:
        return Markup(unbrace(str(escaped)))
    return escaped


def finalize(value: object) -> object:
    """Jinja ``finalize``: plain strings leave as escaped, brace-free HTML."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return text(value)
    return value


PLAIN = re.compile(r"[^\W\d_][^\n\\`*_\[\]<>&#!|~{}\x00-\x1f\x7f-\xa0\u2028\u2029]*"
                   r"[^\s\\`*_\[\]<>&#!|~{}\x7f-\xa0]\Z")
"""A field Markdown would print as one paragraph, as written: it starts with a letter, ends
without a space, is one line, and has no character Markdown, HTML or a template reads
(``tests/test_prose.py`` compares it with the full path on many generated texts)."""


class Prose:
    """One Markdown converter for the whole build, reset between fields."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")

    def html(self, source: str | None) -> Markup:
        """A Markdown field of a plan as sanitised HTML."""
        if not source:
            return Markup("")
        source = nfc(source)
        if PLAIN.match(source):  # most fields: one plain paragraph, as Markdown would give it
            return Markup(f"<p>{source}</p>")
        return self.converted(source)

    def converted(self, source: str) -> Markup:
        """``source`` (NFC) through Python-Markdown and nh3."""
        self._md.reset()
        converted = self._md.convert(markdown_source(source))
        cleaned = nh3.clean(converted, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer", attribute_filter=_safe_attribute)
        return Markup(unbrace(cleaned))

    def inline(self, source: str | None) -> Markup:
        """Like :meth:`html` for a one-paragraph field, without the ``<p>`` wrapper."""
        out = str(self.html(source))
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)


@dataclass(frozen=True)
class Mention:
    """A name to find in text and the link it gets."""

    name: str
    href: str
    title: str


_WORD = re.compile(r"\w")
_fold_char = functools.cache(fold)
"""Each character folded once (:func:`planpub.slug.fold`): names are matched per character."""


def link_mentions(source: str, mentions: Iterable[Mention]) -> Markup:
    """Escape ``source`` and link each mention of a name (case and accent insensitive).

    Longer names win over names they contain ("Sở Tư pháp tỉnh" over "Sở Tư pháp");
    a match must start and end at word boundaries.
    """
    source = nfc(source)
    folded_chars = [_fold_char(ch) for ch in source]
    if any(len(ch) != 1 for ch in folded_chars):  # folding changed length: do not guess
        return text(source)
    folded = "".join(folded_chars)
    spans: list[tuple[int, int, Mention]] = []
    taken = [False] * len(source)
    for mention in sorted(mentions, key=lambda m: -len(m.name)):
        needle = fold(nfc(mention.name))
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            bounded = (start == 0 or not _WORD.match(folded[start - 1])) and (
                end == len(folded) or not _WORD.match(folded[end]))
            if bounded and not any(taken[start:end]):
                spans.append((start, end, mention))
                for i in range(start, end):
                    taken[i] = True
            start = folded.find(needle, start + 1)
    out: list[str] = []
    pos = 0
    for start, end, mention in sorted(spans, key=lambda s: s[0]):
        out.append(str(text(source[pos:start])))
        out.append(f'<a href="{text(mention.href)}" title="{text(mention.title)}">'
                   f"{text(source[start:end])}</a>")
        pos = end
    out.append(str(text(source[pos:])))
    return Markup("".join(out))


def join_names(items: Sequence[Markup], last: str = " và ") -> Markup:
    """``a, b và c`` from already-safe HTML pieces."""
    if len(items) <= 1:
        return Markup("".join(items))
    return Markup(", ").join(items[:-1]) + Markup(last) + items[-1]
