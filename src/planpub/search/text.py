"""Words as the search index sees them: Vietnamese folding, number tokens, word pairs.

The browser (``site_templates/assets/javascripts/search.js``) applies the same
rules to a query, so the keys written here are the keys a query looks up:

- a *word* is a run of letters, marks and digits; its key is :func:`planpub.slug.fold`
  of it (lower case, no diacritics, đ → d), and the word as written (lower case,
  with its diacritics) is kept as a *form* so exact diacritics can rank first;
- a *pair* is two words with only white space (or a dash between spaces) between them
  (``"boi thuong"``): pairs let a query for a phrase or for common syllables find only
  adjacent words;
- a *number token* joins the parts of a written token that holds a digit and
  punctuation, at each part boundary: ``42/KH-UBND`` → ``42kh``, ``42khubnd``;
  ``08/2019/TT-BTP`` → ``082019``, ``082019tt``, ``082019ttbtp``. A document
  number is found as typed, and ``68/2018`` finds ``68/2018/NĐ-CP``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from planpub.slug import fold, nfc

_RAW = re.compile(r"\S+")
_PART = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_BREAK = re.compile(r"(?:[^\w\s\u0300-\u036f]|_)+")
"""Anything but letters, marks, digits and white space: words on either side are no pair."""
_JOINING_DASH = re.compile(r"\s[-\u2013\u2014]\s")
"""A dash between spaces joins the parts of one name ("Tư pháp - Hộ tịch", "Bà Rịa - Vũng
Tàu"): the words on either side still make a pair."""
_NUMBERISH = re.compile(r"\S*\d\S*")
MAX_JOINED_PARTS = 6
"""Number tokens longer than this many parts (URLs, lists of dates) are not joined."""

_KEYS: dict[str, str] = {}


def key(word: str) -> str:
    """The index key of one word: folded (``Đồng`` → ``dong``)."""
    found = _KEYS.get(word)
    if found is None:
        found = _KEYS[word] = fold(word)
    return found


@dataclass(frozen=True)
class Word:
    """One word of a text: its key, its form as written (lower case), and where it is."""

    key: str
    form: str
    start: int
    end: int
    pair: bool
    """True if only white space separates it from the previous word."""


def words(text: str) -> Iterator[Word]:
    """The words of ``text`` (already NFC) in order, with where they are."""
    last_end = -1
    for part in _PART.finditer(text):
        start, end = part.span()
        form = part.group().lower()
        pair = last_end >= 0 and (not text[last_end:start] or text[last_end:start].isspace())
        yield Word(key(form), form, start, end, pair)
        last_end = end


def number_tokens(raw: str) -> list[str]:
    """Joined keys of a written token with digits and punctuation (``42/KH-UBND``)."""
    if "://" in raw:
        return []
    parts = [key(p.lower()) for p in _PART.findall(raw)]
    if not 2 <= len(parts) <= MAX_JOINED_PARTS:
        return []
    return ["".join(parts[:i]) for i in range(2, len(parts) + 1)]


PLACE_WORDS = ("thanh pho", "tp", "tinh", "thi xa", "tx", "thi tran", "phuong", "xa",
               "huyen", "quan", "dac khu")
"""Words a place name may start with (folded): "phường Phổ Minh" is found as "Phổ Minh"."""


def place_key(name: str) -> str:
    """A place's name as a query names it: folded words, without a leading kind word.

    ``"tỉnh Bà Rịa - Vũng Tàu"`` → ``"ba ria vung tau"``. The browser strips the same
    words (listed in the manifest) from a query before looking the place up.
    """
    words = [key(w) for w in _PART.findall(nfc(name).lower())]
    for size in (2, 1):
        if len(words) > size and " ".join(words[:size]) in PLACE_WORDS:
            return " ".join(words[size:])
    return " ".join(words)


@dataclass
class Terms:
    """The keys of a text in order (words, then adjacent pairs, then number tokens) and,
    for each word and pair key, the form it is first written in."""

    keys: list[str]
    forms: dict[str, str]
    length: int


def terms(text: str) -> Terms:
    """Words, adjacent pairs and number tokens of ``text``."""
    text = nfc(text).lower()
    keys: list[str] = []
    forms: dict[str, str] = {}
    length = 0
    for segment in reversed(_BREAK.split(_JOINING_DASH.sub(" ", text))):
        written = segment.split()
        if not written:
            continue
        folded = [_KEYS.get(w) or key(w) for w in written]
        pairs = [f"{a} {b}" for a, b in itertools.pairwise(folded)]
        keys += folded
        keys += pairs
        length += len(folded)
        # segments backwards and each dict update backwards: the first form wins
        forms.update(zip(reversed(folded), reversed(written), strict=True))
        forms.update(zip(reversed(pairs), [f"{a} {b}" for a, b in zip(
            reversed(written[:-1]), reversed(written[1:]), strict=True)], strict=True))
    for raw in _NUMBERISH.findall(text):
        keys += number_tokens(raw)
    return Terms(keys, forms, length)


# --------------------------------------------------------------------------- sources

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)|[*_`|]+")


def markdown_text(source: str | None) -> str:
    """Plain text of a Markdown field: links keep their text, marks go."""
    if not source:
        return ""
    out = _MD_LINK.sub(r"\1", nfc(source))
    out = _MD_MARKS.sub(" ", out)
    return " ".join(out.split())


@dataclass(frozen=True)
class Section:
    """A heading with an id: where its text starts in the page text, and its anchor."""

    offset: int
    anchor: str
    heading: str


class _PageText(HTMLParser):
    """Readers' text of a rendered page, with its headings (permalinks "¶" left out)."""

    SKIP = frozenset({"script", "style", "svg", "template", "noscript", "button", "h1"})
    """Not readers' text, or (``h1``) the page title, which the record has already."""
    BLOCK = frozenset({"p", "li", "dt", "dd", "td", "th", "tr", "br", "div", "section",
                       "blockquote", "pre", "table", "ul", "ol", "dl", "details", "summary"})
    HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.sections: list[Section] = []
        self.skip: list[str] = []
        self.heading: tuple[str, int, list[str]] | None = None

    def _put(self, value: str) -> None:
        self.parts.append(value)
        self.size += len(value)
        if self.heading is not None:
            self.heading[2].append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if self.skip or tag in self.SKIP or "headerlink" in classes or (
                "data-search-ignore" in found):
            if tag not in ("br", "img", "input", "hr", "wbr"):
                self.skip.append(tag)
            return
        if tag in self.BLOCK or tag in self.HEADING:
            self._put(" ")
        if tag in self.HEADING and found.get("id"):
            self.heading = (found["id"] or "", self.size, [])

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if self.skip[-1] == tag:
                self.skip.pop()
            return
        if tag in self.HEADING and self.heading is not None:
            anchor, offset, text = self.heading
            self.sections.append(Section(offset, anchor, " ".join("".join(text).split())))
            self.heading = None
        if tag in self.BLOCK or tag in self.HEADING:
            self._put(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._put(data)


def html_text(html: str) -> tuple[str, list[Section]]:
    """The text of rendered HTML (white space collapsed) and its headings with ids."""
    parser = _PageText()
    parser.feed(nfc(html))
    parser.close()
    raw = "".join(parser.parts)
    # collapse white space, mapping section offsets into the collapsed text
    out: list[str] = []
    mapping: list[int] = []
    space = True
    for _i, ch in enumerate(raw):
        mapping.append(len(out))
        if ch.isspace():
            if not space:
                out.append(" ")
            space = True
        else:
            out.append(ch)
            space = False
    mapping.append(len(out))
    text = "".join(out).rstrip()
    sections = [Section(min(mapping[s.offset], len(text)), s.anchor, s.heading)
                for s in parser.sections]
    return text, sections
