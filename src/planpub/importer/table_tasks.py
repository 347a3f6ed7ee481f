"""Task tables: header rows and column roles, section rows, and one task per row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planpub.importer.blocks import Para, Table, cell_text, squash
from planpub.importer.labels import Line, parse_lines
from planpub.importer.table_rows import fill_as_above, nest
from planpub.importer.tasks import TaskDraft, timeline_in_text
from planpub.slug import fold

_ROMAN = re.compile(r"^[IVXLC]{1,6}$")
_SECTION_ROW = re.compile(r"^(?:[IVXLC]{1,6}|[A-H])$")
_SPANNING_SECTION = re.compile(r"^([IVXLC]{1,6})[.)]\s+(\S.{0,200})$")

_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # (role, how the header is compared, folded words)
    ("number", "is", ("tt", "stt", "so tt", "so thu tu", "muc", "so")),
    ("timeline", "has", ("thoi gian", "thoi han", "tien do", "han hoan thanh", "moc ")),
    ("coordinate", "has", ("phoi hop",)),
    ("title", "starts", ("noi dung", "nhiem vu", "ten nhiem vu", "cong viec", "hoat dong",
                         "de an", "chuong trinh", "giai phap", "ten ", "danh muc", "van ban")),
    ("lead", "has", ("chu tri", "thuc hien", "trach nhiem", "co quan", "don vi")),
    ("skip", "has", ("san pham", "ket qua", "ghi chu", "kinh phi", "du kien", "nguon",
                     "chi tieu")),
)


def column_roles(row: Sequence[tuple[Para, ...]]) -> list[str | None]:
    """The meaning of each header cell (None for unknown columns)."""
    roles: list[str | None] = []
    for cell in row:
        folded = " ".join(fold(cell_text(cell)).replace(".", " ").split())
        role = None
        for name, how, keys in _COLUMNS:
            if (how == "is" and folded in keys) or (how == "starts" and folded.startswith(keys)) \
                    or (how == "has" and any(k in folded + " " for k in keys)):
                role = name
                break
        roles.append(role if role != "skip" else None)
    return roles


def task_header(table: Table) -> tuple[int, list[str | None]] | None:
    """(index of the last header row, column roles) of a task table; None for other tables."""
    for i, row in enumerate(table.rows[:3]):
        roles = column_roles(row)
        if "title" not in roles:  # "TT | Chỉ tiêu | Chủ trì": targets assigned to agencies
            roles = [("title" if r is None and fold(cell_text(c)).startswith("chi tieu")
                      else r) for c, r in zip(row, roles, strict=True)]
        if len(row) >= 3 and "title" in roles and ("lead" in roles or "timeline" in roles):
            return _sub_header(table, i, roles)
    return None


def _sub_header(table: Table, i: int, roles: list[str | None]
                ) -> tuple[int, list[str | None]]:
    """``Cơ quan thực hiện`` over ``Chủ trì | Phối hợp``: a second header row splits a column."""
    if i + 1 >= len(table.rows):
        return i, roles
    below = table.rows[i + 1]
    sub = column_roles(below)
    named = [r for r in sub if r]
    if not named or any(r not in ("lead", "coordinate", "timeline") for r in named) \
            or re.match(r"^(?:\d|[IVXLC]{1,6}[.)]?$)", cell_text(below[0]) if below else ""):
        return i, roles
    if len(below) == len(roles):
        return i + 1, [s or r for s, r in zip(sub, roles, strict=True)]
    if "lead" in roles and len(below) < len(roles):
        j = roles.index("lead")
        return i + 1, [*roles[:j], *[r for r in sub if r], *roles[j + 1:]]
    return i, roles


@dataclass
class TableNotes:
    """What a task table made the importer guess."""

    elided: int = 0
    inferred: list[str] = field(default_factory=list)
    filled: int = 0  # rows whose empty agency or time cells were read "as above"


def _roman_value(text: str) -> int:
    if not _ROMAN.match(text):
        return 0
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def tasks_from_table(table: Table, section_titles: Sequence[str] = ()
                     ) -> tuple[list[TaskDraft], TableNotes]:
    """Tasks of a task table; section rows (``I``, ``II`` …) become parent tasks."""
    notes = TableNotes()
    found = task_header(table)
    if found is None:
        return [], notes
    start, roles = found
    printed = {role: cell_text(cell).rstrip(":") for cell, role
               in zip(table.rows[start], roles, strict=False) if role}
    sections: list[TaskDraft] = []
    loose: list[TaskDraft] = []
    current: TaskDraft | None = None
    pending: list[TaskDraft] = []  # rows after an elided part, section unknown yet
    after_gap = False
    last_number = 0
    for row in table.rows[start + 1:]:
        texts = [cell_text(c) for c in row]
        first = texts[0] if texts else ""
        if not any(texts):
            continue
        if re.fullmatch(r"[.…]{3,}", first.replace(" ", "")):
            notes.elided += 1
            after_gap = True
            continue
        spanning = _SPANNING_SECTION.match(" ".join(t for t in texts if t))
        if spanning and sum(1 for t in texts if t) == 1:
            texts = [spanning.group(1), spanning.group(2)]  # "| I. Kinh tế số |" across
            first = texts[0]
        heading_row = spanning or _section_row(row, roles, texts)
        if heading_row and first.strip().isdigit() and current is not None \
                and _ROMAN.match(current.number):
            heading_row = False  # "1 | RÀ SOÁT" under "I": a row with sub-rows, not a section
        if heading_row:
            roman = re.sub(r"[^0-9A-Za-z.]", "", first).strip(".") or str(len(sections) + 1)
            if pending:
                value = _roman_value(roman)
                guess = _to_roman(value - 1) if value > 1 else f"{roman}0"
                _adopt(sections, pending, guess, section_titles, notes)
                pending = []
            current = TaskDraft(roman, (texts[1] if len(texts) > 1 else "").strip() or roman,
                                source="table")
            sections.append(current)
            after_gap = False
            last_number = 0
            continue
        task = _row_task(row, roles, printed)
        if task is None:
            continue
        if task.number == "?":
            siblings = current.subtasks if current is not None else loose
            task.number = str(len(siblings) + 1)
        row_number = int(task.number) if task.number.isdigit() else None
        if after_gap and row_number is not None and row_number <= last_number:
            pending.append(task)
            continue
        if row_number is not None:
            last_number = row_number
        if pending:
            pending.append(task)
        elif current is not None:
            if not task.number.startswith(f"{current.number}."):
                task.number = f"{current.number}.{task.number}"
            current.subtasks.append(task)
        else:
            loose.append(task)
    if pending:
        value = _roman_value(sections[-1].number) if sections else 0
        _adopt(sections, pending, _to_roman(value + 1) if value else "PL", section_titles, notes)
    loose = nest(loose, "")
    notes.filled = fill_as_above(loose)
    for section in sections:
        section.subtasks = nest(section.subtasks, section.number)
        notes.filled += fill_as_above(section.subtasks)
    return loose + sections, notes


def _adopt(sections: list[TaskDraft], rows: list[TaskDraft], roman: str,
           titles: Sequence[str], notes: TableNotes) -> None:
    value = _roman_value(roman)
    title = titles[value - 1] if 0 < value <= len(titles) else f"Mục {roman}"
    parent = TaskDraft(roman, title, source="table")
    for task in rows:
        task.number = f"{roman}.{task.number}"
        parent.subtasks.append(task)
    notes.inferred.append(roman)
    sections.append(parent)


def _section_row(row: Sequence[tuple[Para, ...]], roles: Sequence[str | None],
                 texts: Sequence[str]) -> bool:
    """``I | KIỆN TOÀN …``: a heading row that groups the rows below it."""
    first = texts[0].rstrip(".") if texts else ""
    if _SECTION_ROW.match(first) and len({t for t in texts[1:] if t}) <= 2:
        return True
    filled = {role for role, text in zip(roles, texts, strict=False) if role and text}
    if filled - {"number", "title"} or "title" not in filled or not re.fullmatch(r"\d{1,2}", first):
        return False
    title_cell = row[roles.index("title")] if "title" in roles else ()
    return all(p.bold for p in title_cell) or texts[roles.index("title")].isupper()


_COLUMN_LABELS = {"lead": "Cơ quan chủ trì", "coordinate": "Cơ quan phối hợp",
                  "timeline": "Thời gian thực hiện"}


def _cell_value(cell: Sequence[Para], names: bool) -> str:
    """A cell's lines as one value: agency names one per line are a list ("; "), but a
    name broken across lines ("Báo và Phát thanh," / "Truyền hình Lâm Giang") is one."""
    out = ""
    for para in cell:
        text = para.text.rstrip(";")
        broken = out.endswith((",", "-", "–", " và")) or text[:1].islower()
        out = text if not out else out + ("; " if names and not broken else " ") + text
    return out


def _row_task(row: Sequence[tuple[Para, ...]], roles: Sequence[str | None],
              printed: dict[str, str]) -> TaskDraft | None:
    values: dict[str, str] = {}
    for cell, role in zip(row, roles, strict=False):
        if role is not None and role not in values:
            values[role] = squash(_cell_value(cell, role in ("lead", "coordinate")))
    title = values.get("title", "")
    if not title:
        return None
    number = re.sub(r"[^0-9A-Za-z.]", "", values.get("number", "")).strip(".")
    task = TaskDraft(number or "?", squash(title).rstrip(".;:").strip(), source="table")
    for role in ("lead", "coordinate", "timeline"):
        value = values.get(role, "")
        inside = parse_lines(value) if role == "lead" else []
        if inside and all(line.role != "text" for line in inside):
            task.lines += inside  # "Chủ trì: Sở X; Phối hợp: Sở Y" in one cell
        elif value:
            task.lines.append(Line(role, printed.get(role) or _COLUMN_LABELS[role], value))
    # "Sở X chủ trì; các sở thực hiện công bố hằng năm" in the lead cell
    timeline_in_text(task, values.get("lead", ""))
    return task
