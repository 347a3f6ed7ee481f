"""Find HTML that runs code: what a content page may not hold unless it opts in.

Content pages are Jinja and Markdown written by trusted authors, but a pull request
can hide a script in ways no scan of the source sees (a Jinja expression that joins
``"<scr" ~ "ipt>"``, an include, a reference link, entities, attributes split over
lines). So the check reads the page as a browser will: the HTML after Jinja and
Markdown, parsed by :class:`html.parser.HTMLParser`, which decodes entities the way
browsers do.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

OPT_IN = "allow_html"
"""The front-matter key with which a content page allows HTML that runs code."""

ACTIVE_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "style", "portal", "noembed", "noframes", "template", "xmp", "plaintext"})
"""Elements that run code, load a document or style sheet, or change where links go."""

URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "ping", "cite", "longdesc", "lowsrc", "dynsrc", "values", "to", "from", "by"})
_BAD_SCHEME = re.compile(
    r"(?:javascript:|vbscript:|livescript:|data:(?:text/html|image/svg|application/xhtml|"
    r"text/xml|application/xml))")
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_CSS_CODE = re.compile(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.I)


def _scheme_is_active(value: str) -> bool:
    """Whether a URL-ish attribute value starts (as a browser reads it) with a code scheme."""
    plain = _IGNORED.sub("", value).lower()
    return any(_BAD_SCHEME.match(part) for part in re.split(r"[;,]", plain))


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ACTIVE_TAGS:
            self.found.append((line, f"thẻ <{tag}>"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"thuộc tính sự kiện {name}= trong thẻ <{tag}>"))
            elif value and name in URL_ATTRIBUTES and _scheme_is_active(value):
                self.found.append((line, f"đường dẫn chạy mã ({name}=“{value[:40]}”) trong "
                                         f"thẻ <{tag}>"))
            elif value and name == "style" and _CSS_CODE.search(_IGNORED.sub("", value)):
                self.found.append((line, f"CSS chạy mã trong thuộc tính style của thẻ <{tag}>"))

    handle_startendtag = handle_starttag


_RAW_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|base|meta|link|style|portal|"
    r"xmp|plaintext|noembed|noframes|template)\b", re.I)
_RAW_HANDLER = re.compile(r"[\s/\"']on[a-z]+\s*=", re.I)


def _raw(html: str) -> list[tuple[int, str]]:
    """The same, read from the raw text: a browser parses ``<noscript>``, ``<textarea>``,
    comments and ``<svg>`` content differently from :class:`HTMLParser`, so a handler or
    tag hidden in what the parser takes for text must be found anyway."""
    found = []
    for match in _RAW_TAG.finditer(html):
        found.append((html.count("\n", 0, match.start()) + 1,
                      f"thẻ <{match.group(1).lower()}>"))
    for match in _RAW_HANDLER.finditer(html):
        name = match.group()[1:].split("=")[0].strip().lower()
        found.append((html.count("\n", 0, match.start()) + 1, f"thuộc tính sự kiện {name}="))
    return found


def active_parts(html: str) -> list[tuple[int, str]]:
    """Each piece of ``html`` that runs code or loads a document: (line, what), in Vietnamese."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return sorted(set(finder.found + _raw(html)))
