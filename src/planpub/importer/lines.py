"""Rebuild paragraphs and tables from the broken lines of converted text.

Converted plans break lines in the middle of sentences, sometimes with a blank
line between every printed line, sometimes with none at all. A line starts a
new paragraph when it opens with a list marker or a label, or when the previous
line closed a sentence or stopped short of the page width; otherwise it
continues the paragraph. Tables come either as Markdown rows (``| a | b |``) or
flattened one cell per line between lines holding a single ``|``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planpub.importer.blocks import (
    Block,
    Cell,
    Para,
    Table,
    heading_level,
    make_para,
    squash,
    strip_markup,
)

_MARKUP = re.compile(r"[*_#`>]+")
MARKER = re.compile(
    r"""^(?:
        (?:\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+)(?=\s|$|[^\d/.,])   # 1.  1)  1.1.  1.1
      | [a-zđ][.)](?=\s)                                                       # a)  đ.
      | \(\d{1,2}\)(?=\s)                                                      # (1)
      | (?:PHẦN|Phần|MỤC|Mục|CHƯƠNG|Chương)\s+[IVXLC\d]+\b                     # Phần I
      | [IVXLC]{1,6}[.)\-–](?=\s|[A-ZĐ])                                       # II.  IV-
      | [-–—•·+](?=\s*\S)                                                      # - + •
      | \|                                                                     # table row
    )""",
    re.VERBOSE,
)
_LABEL = re.compile(
    r"^(?:Cơ quan|Đơn vị|Thời gian|Thời hạn|Tiến độ|Nơi nhận|Nội dung|Nhiệm vụ|Sản phẩm|"
    r"Kết quả|Kinh phí|Số:|Căn cứ|Phân công|Chủ trì|Phối hợp|Trách nhiệm)\b"
)
_BARE_MARKER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zđ][.)]|[IVXLC]{1,6}[.)]|[-–•+])$")
_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[IVXLC]{1,6}[.)])\s")
_SECTION_LINE = re.compile(r"^(?:PHẦN\s+|Phần\s+)?[IVXLC]{1,6}[.)]\s+\S")
_CONNECTOR = re.compile(
    r"(?:^|\s)(?:và|của|các|với|hoặc|cho|tại|theo|về|trong|để|do|từ|đến|là|số|ngày|"
    r"tháng|năm|thuộc|trên|dưới|giữa|những|một)$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?]['\"”’)]*$|\./\.?$")
_ROW_START = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[.…]{3,})$")
_DOC_ELEMENT = re.compile(
    r"^(?:KẾ HOẠCH|PHỤ LỤC|QUYẾT ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ|CHƯƠNG TRÌNH|ĐỀ ÁN|THÔNG BÁO|"
    r"[IVXLC]{1,6}\.\s|Điều\s+\d)"
)
_ELLIPSIS = re.compile(r"^[.…]{3,}$")
_STRAY_PIPE = re.compile(r"^\|\s+|\s+\|$|\s+\|\s+")
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def plain(raw: str) -> str:
    """A raw line without Markdown emphasis or heading marks, trimmed."""
    return squash(_MARKUP.sub("", raw.replace("\\", "")))


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Layout:
    """How a document uses blank lines and how wide its printed lines are."""

    blanks_meaningful: bool
    width: int

    @classmethod
    def measure(cls, lines: Sequence[str]) -> Layout:
        texts = [plain(x) for x in lines]
        filled = [i for i, t in enumerate(texts) if t and t != "|"]
        if not filled:
            return cls(False, 80)
        followed = sum(1 for i in filled if i + 1 < len(texts) and not texts[i + 1])
        ratio = followed / len(filled)
        lengths = sorted(len(texts[i]) for i in filled)
        width = lengths[int(len(lengths) * 0.9)] if lengths else 80
        return cls(0.05 < ratio < 0.7, max(width, 20))


    @classmethod
    def of_cell(cls, lines: Sequence[str]) -> Layout:
        """A table cell: its own width, blank lines ignored."""
        return cls(False, max((len(plain(x)) for x in lines), default=20))


def starts_new(prev: str, line: str, blank_between: bool, layout: Layout,
               numbered: bool = False, emphasis_changed: bool = False,
               heading: bool = False) -> bool:
    """Whether ``line`` (plain text) opens a paragraph after ``prev`` (plain text).

    ``numbered``: the paragraph so far opens with a number, as headings do;
    headings are short, so a line a little short of the width ends them.
    """
    if _BARE_MARKER.match(prev):
        return False
    if MARKER.match(line) or _LABEL.match(line):
        return True
    first = line[0]
    if first.islower() or first.isdigit() or first in ",;)]":
        return False
    if first == "(" and not _TERMINAL.search(prev):
        return blank_between and layout.blanks_meaningful
    if _TERMINAL.search(prev) or emphasis_changed:
        return True
    if _CONNECTOR.search(prev):
        return False
    if heading and not _is_caps(line):
        return True  # "III. Tổ chức thực hiện" / "Sở Tư pháp theo dõi …"
    if _is_caps(prev) != _is_caps(line):
        return True
    if _is_caps(prev):
        return blank_between and layout.blanks_meaningful
    if layout.blanks_meaningful:
        return blank_between
    return len(prev) < (0.85 if numbered else 0.7) * layout.width


def _bulletise(raw: str) -> str:
    """``* item`` (a Markdown bullet) → ``- item``, so ``*`` is left for emphasis."""
    return re.sub(r"^(\s*)\*(\s+)(?=[^\s*])", r"\1-\2", raw)


def paragraphs(raw_lines: Sequence[str], layout: Layout) -> list[Para]:
    """Join physical lines (blank lines included) into paragraphs."""
    out: list[Para] = []
    current: list[str] = []
    level = 0
    prev = ""
    blank = False
    bold_open = False
    prev_bold = 0.0

    def flush() -> None:
        nonlocal current, level
        para = make_para(current, level)
        if para is not None:
            out.append(para)
        current, level = [], 0

    for raw in raw_lines:
        # a table pipe left in running text ("Thời gian thực hiện: Quý II/2026 |") is dropped
        raw = _bulletise(_STRAY_PIPE.sub(" ", raw.rstrip()).rstrip())
        text = plain(raw)
        share = strip_markup("**" * bold_open + raw)[1]
        bold_open ^= raw.count("**") % 2 == 1
        if not text:
            blank = True
            continue
        head = heading_level(raw)
        opening = plain(current[0]) if current else ""
        numbered = bool(_NUMBERED.match(opening))
        section = bool(_SECTION_LINE.match(opening)) and len(current) == 1
        changed = (prev_bold >= 0.9 and share == 0) or (prev_bold == 0 and share >= 0.9)
        if current and (head or level or starts_new(prev, text, blank, layout, numbered,
                                                    changed, section)):
            flush()
        if not current:
            level = head
        current.append(raw)
        prev = text
        prev_bold = share
        blank = False
    if current:
        flush()
    return out


# --------------------------------------------------------------------------- tables


def _is_markdown_row(raw: str) -> bool:
    s = raw.strip()
    return s.startswith("|") and s.count("|") >= 2 and bool(s.strip("|").strip())


def _markdown_table(lines: Sequence[str], start: int) -> tuple[Table, int]:
    rows: list[tuple[Cell, ...]] = []
    i = start
    while i < len(lines) and _is_markdown_row(lines[i]):
        raw = lines[i].strip()
        i += 1
        if _SEPARATOR_ROW.match(raw):
            continue
        body = raw.strip("|")
        cells = re.split(r"(?<!\\)\|", body)
        row = []
        for cell in cells:
            parts = [x for x in re.split(r"<br\s*/?>", cell, flags=re.IGNORECASE)]
            para = make_para(parts)
            row.append((para,) if para else ())
        rows.append(tuple(row))
    return Table(tuple(rows)), i


def _is_pipe(raw: str) -> bool:
    return raw.strip() == "|"


def _first_text(lines: Sequence[str], start: int) -> tuple[str, int, bool]:
    """The first non-empty plain line from ``start``, its index, and whether a blank preceded."""
    blank = False
    for i in range(start, len(lines)):
        text = plain(lines[i])
        if text:
            return text, i, blank
        if not lines[i].strip():
            blank = True
    return "", len(lines), blank


def _pipe_slots(lines: Sequence[str], start: int) -> tuple[list[list[str]], int]:
    """Cell contents between single-``|`` lines, and the index after the region."""
    slots: list[list[str]] = []
    i = start + 1
    current: list[str] = []
    while i < len(lines):
        if not _is_pipe(lines[i]):
            current.append(lines[i])
            i += 1
            continue
        slots.append(current)
        current = []
        i += 1
        text, j, blank = _first_text(lines, i)
        if text == "|":
            i = j
            continue
        ahead = next((k for k in range(j, len(lines)) if _is_pipe(lines[k])), None)
        if not text or blank or ahead is None:
            return slots, i
        opening = f"{text} {plain(lines[j + 1]) if j + 1 < len(lines) else ''}"
        element = _DOC_ELEMENT.match(opening)  # "KẾ" / "HOẠCH" split over two lines too
        if element and (ahead - j > 3 or not re.match(r"[IVXLC]", element.group())):
            return slots, i  # a heading after the table; "| I. Kinh tế số |" is a section row
    if current:
        # the region was never closed: its last lines are ordinary text
        return slots, len(lines) - len(current)
    return slots, i


def _row_start(slot: Cell) -> bool:
    return bool(slot) and bool(_ROW_START.match(slot[0].text))


def _common_width(slots: list[Cell]) -> int | None:
    """The most common number of cells between empty slots, when rows are that clear: a
    header over merged cells (``Cơ quan thực hiện`` over ``Chủ trì | Phối hợp``) is
    narrower than the rows below it."""
    widths: list[int] = []
    run = 0
    for slot in slots:
        if slot:
            run += 1
        elif run:
            widths.append(run)
            run = 0
    widths = [w for w in widths if w >= 2]
    if len(widths) < 3:
        return None
    best = max(set(widths), key=lambda w: (widths.count(w), w))
    return best if best > widths[0] and widths.count(best) * 2 >= len(widths) else None


def _slot_rows(slots: list[Cell]) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    row: list[Cell] = []
    columns: int | None = _common_width(slots)
    for k, slot in enumerate(slots):
        if slot:
            if columns and row and (len(row) >= columns
                                    or (_row_start(slot) and _ELLIPSIS.match(row[0][0].text))):
                rows.append(tuple(row))
                row = []
            row.append(slot)
            continue
        if not row:
            continue
        if columns is None:
            columns = len(row)
            rows.append(tuple(row))
            row = []
            continue
        following = slots[k + 1] if k + 1 < len(slots) else None
        if len(row) >= columns or following is None or _row_start(following):
            rows.append(tuple(row))
            row = []
        else:
            row.append(())
    if row:
        rows.append(tuple(row))
    return rows


def blocks_from_text(text: str) -> list[Block]:
    """Paragraphs and tables of a ``.txt`` or ``.md`` document."""
    lines = text.split("\n")
    layout = Layout.measure(lines)
    out: list[Block] = []
    pending: list[str] = []
    i = 0

    def flush() -> None:
        out.extend(paragraphs(pending, layout))
        pending.clear()

    while i < len(lines):
        raw = lines[i]
        if _is_markdown_row(raw) and not _is_pipe(raw):
            flush()
            table, i = _markdown_table(lines, i)
            if table.rows:
                out.append(table)
            continue
        if _is_pipe(raw):
            flush()
            slots, i = _pipe_slots(lines, i)
            cells = [tuple(paragraphs(s, Layout.of_cell(s))) for s in slots]
            rows = _slot_rows(cells)
            if rows:
                out.append(Table(tuple(rows)))
            continue
        pending.append(raw)
        i += 1
    flush()
    return out
