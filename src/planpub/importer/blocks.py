"""What a source document becomes before recognition: paragraphs and tables.

Every reader (``.docx``, ``.txt``, ``.md``) produces the same blocks, so the
recognisers never see a file format. Markdown markup is removed here; whether a
paragraph was bold or italic is kept as a flag, because headings and labels are
often set apart only by emphasis.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from planpub.fieldtypes import BIDI_CONTROLS

_SPACES = re.compile(r"\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"
                                   + BIDI_CONTROLS))
"""Zero-width and direction-control characters: a signed plan never needs them, and plan
files refuse the direction overrides (they can make text read backwards)."""
_INVISIBLE.update(dict.fromkeys(c for c in [*range(0x20), *range(0x7f, 0xa0)]
                                if chr(c) not in "\t\n\r\f\v"))


@dataclass(frozen=True)
class Para:
    """A paragraph: its text without markup, its physical lines, and its emphasis."""

    text: str
    lines: tuple[str, ...] = ()
    bold: bool = False
    italic: bool = False
    heading: int = 0

    def __post_init__(self) -> None:
        if not self.lines:
            object.__setattr__(self, "lines", (self.text,))


Cell = tuple[Para, ...]
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table: rows of cells, each cell a sequence of paragraphs."""

    rows: tuple[Row, ...] = field(default_factory=tuple)


Block = Para | Table


def normalise(text: str) -> str:
    """NFC, no invisible characters, non-breaking spaces as spaces, no tabs."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return text.replace("\u00a0", " ").replace("\t", " ").replace("\u3000", " ")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return _SPACES.sub(" ", text).strip()


def heading_level(raw: str) -> int:
    """The Markdown heading level of a raw line (0 if none)."""
    match = _HEADING.match(raw)
    return len(match.group(1)) if match else 0


def strip_markup(raw: str) -> tuple[str, float, float]:
    """Markdown-ish text → (plain text, bold share, italic share) of its letters."""
    raw = _BR.sub("\n", raw)
    raw = _LINK.sub(r"\1", raw)
    raw = _TAG.sub("", raw)
    raw = html.unescape(raw)
    raw = "\n".join(_HEADING.sub("", line) for line in raw.split("\n"))
    out: list[str] = []
    flags: list[tuple[bool, bool]] = []
    bold = italic = False
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\\" and i + 1 < n and _ESCAPED.match(raw, i):
            out.append(raw[i + 1])
            flags.append((bold, italic))
            i += 2
            continue
        if ch in "*_":
            j = i
            while j < n and raw[j] == ch:
                j += 1
            run = j - i
            # "_" inside words (file_name) is text, not emphasis.
            inner = ch == "_" and i > 0 and j < n and raw[i - 1].isalnum() and raw[j].isalnum()
            if not inner:
                if run >= 2:
                    bold = not bold
                if run % 2 == 1:
                    italic = not italic
                i = j
                continue
        out.append(ch)
        flags.append((bold, italic))
        i += 1
    text = "".join(out)
    letters = [f for c, f in zip(text, flags, strict=True) if c.isalpha()]
    if not letters:
        return text, 0.0, 0.0
    return (text, sum(f[0] for f in letters) / len(letters),
            sum(f[1] for f in letters) / len(letters))


def make_para(raw_lines: list[str], heading: int = 0) -> Para | None:
    """A paragraph from raw (Markdown-ish) physical lines; None if it has no text."""
    text, bold, italic = strip_markup("\n".join(raw_lines))
    lines = tuple(s for s in (squash(strip_markup(r)[0]) for r in raw_lines) if s)
    flat = squash(text)
    if not flat or not lines:
        return None
    return Para(flat, lines, bold >= 0.8, italic >= 0.8, heading)


_SENTENCE_STOP = re.compile(r"[.!?]\s+(?=\S)")


def sentences(text: str) -> list[str]:
    """Split prose at sentence ends; ``TP. Hồ Chí Minh`` and ``Q. Chủ tịch`` do not end one."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_STOP.finditer(text):
        following = text[match.end()]
        word = text[:match.start()].rsplit(None, 1)[-1] if text[:match.start()].split() else ""
        if not following.isupper() or (len(word) <= 3 and word.isupper()) or word.isdigit():
            continue
        out.append(text[start:match.start() + 1].strip())
        start = match.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def cell_text(cell: Cell) -> str:
    """All the text of a table cell on one line."""
    return squash(" ".join(p.text for p in cell))


_VIETNAMESE = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstu"
    "ùúủũụưừứửữựvwxyỳýỷỹỵz")


def odd_words(blocks: Sequence[Block], limit: int = 3) -> list[str]:
    """Words with letters Vietnamese does not use ("đội ngǜ", "định kǶ"): signs of a broken
    font conversion; at most ``limit`` of them, in reading order."""
    found: list[str] = []
    paras = [p for b in blocks for p in ((b,) if isinstance(b, Para) else
                                          (q for row in b.rows for cell in row for q in cell))]
    for para in paras:
        for word in para.text.split():
            if any(c.isalpha() and c.lower() not in _VIETNAMESE for c in word):
                clean = word.strip(".,;:()“”\"'")
                if clean not in found:
                    found.append(clean)
                if len(found) >= limit:
                    return found
    return found
