"""Tasks: numbered items at any depth with their labelled lines, and task tables.

An item's labelled lines ("Cơ quan chủ trì: …", "Thời gian thực hiện: …", in
any of their wordings) give its agencies and timeline; without them, the
agency acting in its first sentence does ("Sở Tư pháp chủ trì, phối hợp với …").
A sub-item is a task of its own when it names its own agency or timeline;
otherwise it is part of its parent's description. Sub-items inherit what their
parent states (the catalog resolves that), so a shared timeline stays on the parent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planpub.importer.blocks import Para, Table, cell_text, sentences, squash
from planpub.importer.names import is_head, prose_actors, split_names
from planpub.slug import fold

Role = str  # lead | advise | coordinate | consolidate | timeline | text

_ROMAN = re.compile(r"^[IVXLC]{1,6}$")
_SECTION_ROW = re.compile(r"^(?:[IVXLC]{1,6}|[A-H])$")
_MARKERS = (
    ("dec", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)(.*)$")),
    ("dec", re.compile(r"^(\d{1,2})[.)](?!\d)\s*(.*)$")),
    ("paren", re.compile(r"^\((\d{1,2})\)\s*(.*)$")),
    ("alpha", re.compile(r"^([a-zđ])[).]\s+(.*)$")),
    ("ALPHA", re.compile(r"^([A-ZĐ])[).]\s+(.*)$")),
    ("dash", re.compile(r"^[-–—•·*]\s*(?=\S)()(.*)$")),
    ("plus", re.compile(r"^\+\s*(?=\S)()(.*)$")),
)
_LABEL = re.compile(r"^(?P<label>[^:()]{2,70}?)\s*:\s*(?P<value>.*)$")
_BARE_TIMELINE = re.compile(
    r"^(?P<label>Thời gian thực hiện|Thời gian hoàn thành|Thời hạn hoàn thành|Thời hạn)"
    r"\s+(?P<value>(?:sau|trước|trong|từ|khi|năm|quý|tháng|hằng|hàng|thường|theo|đến|chậm)\b.*)$",
    re.IGNORECASE)


def label_role(label: str) -> Role | None:
    """What a line label introduces (None if it is not a known label)."""
    folded = " ".join(fold(label).replace("/", " ").replace(",", " ").split())
    if len(folded.split()) > 9:
        return None
    if folded.startswith(("thoi gian", "thoi han", "tien do", "han hoan thanh", "han chot",
                          "thoi diem", "moc thoi gian")):
        return "timeline"
    if "phoi hop" in folded and folded.startswith(("co quan", "don vi", "phoi hop", "bo phan")):
        return "coordinate"
    if "tham muu" in folded and folded.startswith(("co quan", "don vi", "bo phan")):
        return "advise"
    if folded.startswith(("co quan", "don vi", "bo phan", "chu tri", "trach nhiem",
                          "nguoi thuc hien", "to chuc thuc hien", "phan cong")) and (
            "chu tri" in folded or "thuc hien" in folded or "trach nhiem" in folded):
        return "lead"
    if "dau moi" in folded:
        return "consolidate"
    if folded.startswith(("noi dung", "nhiem vu", "san pham", "ket qua", "yeu cau", "muc tieu",
                          "giai phap", "hinh thuc", "doi tuong", "dia diem", "kinh phi",
                          "ghi chu", "phuong thuc", "cach thuc", "pham vi", "chi tieu")):
        return "text"
    return None


@dataclass
class Line:
    """A labelled line as printed."""

    role: Role
    label: str
    value: str


def parse_label(text: str) -> Line | None:
    """``Cơ quan chủ trì: Sở Tư pháp.`` → Line(lead, "Cơ quan chủ trì", "Sở Tư pháp.")."""
    match = _LABEL.match(text) or _BARE_TIMELINE.match(text)
    if not match:
        return None
    role = label_role(match.group("label"))
    if role is None:
        return None
    label = squash(match.group("label"))
    return Line(role, label[:1].upper() + label[1:], squash(match.group("value")))


_LABEL_START = re.compile(r"(?:^|(?<=[;.(])\s*|(?<=[;.]\s))(?=[^\s;.()])")


def extract_lines(text: str) -> tuple[str, list[Line]]:
    """Labelled lines written inside a paragraph, and the paragraph without them.

    ``Tập huấn … (Cơ quan chủ trì: Sở Tư pháp; thời gian: Quý II/2025).`` and
    ``Sở Tư pháp chủ trì … Thời gian thực hiện: năm 2025.`` both carry lines.
    """
    whole = parse_label(text)
    starts = []
    for match in _LABEL_START.finditer(text):
        line = parse_label(text[match.end():])
        if line is not None and (match.end() == 0 or line.role != "text"):
            starts.append(match.end())
    if not starts or (starts == [0] and whole is not None and whole.role == "text"):
        return text, []
    lines: list[Line] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end].strip().rstrip(" .;,")
        if chunk.endswith(")") and chunk.count(")") > chunk.count("("):
            chunk = chunk[:-1]
        line = parse_label(chunk.rstrip(" ;,"))
        if line is not None:
            lines.append(Line(line.role, line.label, line.value.rstrip(" ;")))
    rest = text[: starts[0]].rstrip()
    if rest.endswith("("):
        rest = rest[:-1].rstrip()
    return rest, lines


def parse_lines(text: str) -> list[Line]:
    """Every labelled line in a paragraph that is made of labelled lines."""
    first = parse_label(text)
    if first is None:
        return []
    rest, lines = extract_lines(text)
    return lines if not rest and lines else [first]


def marker(text: str) -> tuple[str, str, str] | None:
    """(kind, printed number, rest) of a list item; None for plain paragraphs."""
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if match:
            label, rest = match.group(1), match.group(2)
            if kind == "dec":
                kind = f"dec{label.count('.') + 1}"
            return kind, label, rest.strip()
    return None


# --------------------------------------------------------------------------- tree


@dataclass
class Node:
    """A list item: its marker, heading text, paragraphs below it and sub-items."""

    kind: str
    label: str
    text: str
    paras: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None

    @property
    def line(self) -> Line | None:
        return parse_label(self.text)

    def inline_lines(self) -> tuple[str, list[Line]]:
        """The heading without the labelled lines written into it, and those lines."""
        return extract_lines(self.text)

    def own_lines(self) -> list[Line]:
        out: list[Line] = []
        for child in self.children:
            line = child.line
            if line is None:
                continue
            if not line.value and child.children and all(c.line for c in child.children):
                out.extend(c.line for c in child.children if c.line)  # "Cơ quan thực hiện:" + list
            else:
                out.append(_with_children(line, child))
        for para in self.paras:
            out.extend(parse_lines(para))
        return out


def _with_children(line: Line, node: Node) -> Line:
    """A label whose value is given by the items under it."""
    parts = [_item_text(c) for c in node.children]
    if not parts:
        return line
    if line.role in ("lead", "advise", "coordinate", "consolidate"):
        value = "; ".join(p.rstrip(".;") for p in ([line.value] if line.value else []) + parts)
    elif line.role == "timeline":
        value = " ".join(([line.value] if line.value else []) + parts)
    else:
        value = "\n".join(([line.value] if line.value else []) + [f"- {p}" for p in parts])
    return Line(line.role, line.label, value)


def _item_text(node: Node) -> str:
    return squash(" ".join([node.text, *node.paras]))


def build_tree(paras: Sequence[Para]) -> Node:
    """The list structure of a section: item kinds nest in the order they first appear."""
    root = Node("root", "", "")
    stack: list[Node] = [root]
    for para in paras:
        found = marker(para.text)
        if found is None:
            _attach(stack[-1], para.text)
            continue
        kind, label, rest = found
        kinds = [n.kind for n in stack]
        if kind in kinds:
            del stack[kinds.index(kind):]
        elif kind.startswith("dec") and any(k.startswith("dec") for k in kinds):
            depth = int(kind[3:])
            keep = [i for i, k in enumerate(kinds) if k.startswith("dec") and int(k[3:]) < depth]
            cut = (keep[-1] + 1) if keep else next(i for i, k in enumerate(kinds)
                                                   if k.startswith("dec"))
            del stack[cut:]
        parent = stack[-1]
        node = Node(kind, label, rest, parent=parent)
        parent.children.append(node)
        stack.append(node)
    _lift_shared(root)
    return root


def _attach(node: Node, text: str) -> None:
    """A plain paragraph belongs to the item above it."""
    node.paras.append(text)


def _lift_shared(node: Node) -> None:
    """A labelled line after the last of several plain items is shared by all of them.

    ``7. …`` / ``- Các ban, ngành …`` / ``- Công chức …`` / ``Thời gian thực hiện: …``:
    the line belongs to item 7, and both sub-items inherit it.
    """
    items = [c for c in node.children if c.line is None]
    if node.kind != "root" and len(items) >= 2 and items[-1] is node.children[-1]:
        last = items[-1]
        shared = [p for p in last.paras if any(x.role != "text" for x in parse_lines(p))]
        alike = all(c.kind == last.kind for c in items)
        bare = all(not c.own_lines() and not c.inline_lines()[1] for c in items[:-1])
        if shared and alike and bare and not any(c.line for c in last.children):
            last.paras = [p for p in last.paras if p not in shared]
            node.paras.extend(shared)
    for child in node.children:
        _lift_shared(child)


# --------------------------------------------------------------------------- drafts


@dataclass
class TaskDraft:
    """A recognised task, still with printed agency names."""

    number: str
    title: str
    body: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    prose_lead: list[str] = field(default_factory=list)
    prose_coordinate: list[str] = field(default_factory=list)
    subtasks: list[TaskDraft] = field(default_factory=list)
    numbered: bool = True
    source: str = "list"  # list | table

    def has(self, role: Role) -> bool:
        return any(line.role == role and line.value for line in self.lines)

    @property
    def carries(self) -> bool:
        """Names an agency or a timeline itself or in a sub-task."""
        own = self.prose_lead or any(
            line.role != "text" and line.value for line in self.lines)
        return bool(own) or any(t.carries for t in self.subtasks)


def split_title(text: str) -> tuple[str, str]:
    """The first sentence as a title, the rest as body."""
    parts = sentences(squash(text)) or [""]
    title = parts[0].rstrip(":;.").strip()
    return title, " ".join(parts[1:])


def _number(node: Node, parent_number: str, position: int) -> tuple[str, bool]:
    if node.kind.startswith("dec"):
        if parent_number and node.label.startswith(parent_number + "."):
            return node.label, True
        return (f"{parent_number}.{node.label}" if parent_number else node.label), True
    if node.kind in ("alpha", "ALPHA", "paren"):
        return (f"{parent_number}.{node.label}" if parent_number else node.label), True
    return (f"{parent_number}.{position}" if parent_number else str(position)), False


def _draft(node: Node, number: str, numbered: bool) -> TaskDraft:
    heading, inline = node.inline_lines()
    title, rest = split_title(heading)
    task = TaskDraft(number=number, title=title or heading or node.text, numbered=numbered)
    task.lines = inline + node.own_lines()
    described = []
    for para in (p for p in node.paras if parse_label(p) is None):
        text, found = extract_lines(para)
        task.lines += found
        if text:
            described.append(text)
    task.body = [x for x in (rest, *described) if x]
    task.body += [f"{line.label}:\n\n{line.value}" if line.value.startswith("- ") else
                  f"{line.label}: {line.value}" for line in task.lines
                  if line.role == "text" and line.value]
    items = [c for c in node.children if c.line is None]
    positions: dict[str, int] = {}
    candidates = []
    for child in items:
        positions[child.kind] = positions.get(child.kind, 0) + 1
        sub_number, sub_numbered = _number(child, number, positions[child.kind])
        candidates.append((child, _draft(child, sub_number, sub_numbered)))
    labelled_lead = task.has("lead") or task.has("advise")
    keep = [d for _, d in candidates if _independent(d, labelled_lead)]
    if len(keep) == 1 and not keep[0].lines and not labelled_lead:
        keep = []  # a single prose sentence below a heading describes the heading's task
    listed: list[str] = []
    for child, sub in candidates:
        if any(sub is k for k in keep):
            task.subtasks.append(sub)
        else:
            listed.append(item_markdown(child))
    if listed:
        task.body.append("\n".join(listed))
    if not labelled_lead and not keep:
        named = _agency_heading(heading) if items or described else []
        if named:
            task.prose_lead = named  # "1. Sở Tư pháp:" followed by its duties
        for text in [] if named else [heading, *described, *(_item_text(c) for c in items),
                                      *_bracketed(heading)]:
            actors = prose_actors(text)
            if actors.lead:
                task.prose_lead, task.prose_coordinate = actors.lead, actors.coordinate
                break
    return task


def _agency_heading(heading: str) -> list[str]:
    """A heading that is only an agency's name, ended by a colon: its duties follow."""
    text = heading.strip()
    if not text.endswith(":") or len(text.split()) > 15 or not is_head(text):
        return []
    return split_names(text.rstrip(":"), prose=False).names


def _bracketed(text: str) -> list[str]:
    """A closing bracket that says who acts: ``(Sở Tư pháp chủ trì, phối hợp …)``."""
    match = re.search(r"\(([^()]{6,})\)\s*[.;]?\s*$", text)
    return [match.group(1)] if match else []


def _independent(task: TaskDraft, parent_has_lead: bool) -> bool:
    if any(line.role != "text" and line.value for line in task.lines) or task.subtasks:
        return True
    if parent_has_lead:
        return False
    return bool(prose_actors(" ".join([task.title, *task.body])).lead)


def item_markdown(node: Node, bullet: bool = True, depth: int = 0) -> str:
    """A list item and its sub-items as Markdown (``- item``, indented ``- sub-item``)."""
    pad = "  " * depth
    lines = [f"{pad}- {_item_text(node)}" if bullet else _item_text(node)]
    lines += [item_markdown(c, True, depth + 1 if bullet else 0) for c in node.children]
    return "\n".join(lines)


def tasks_from_paras(paras: Sequence[Para]) -> tuple[list[TaskDraft], list[str]]:
    """Top-level tasks of a section, and the section's own introductory paragraphs."""
    root = build_tree(paras)
    out: list[TaskDraft] = []
    positions: dict[str, int] = {}
    for node in root.children:
        positions[node.kind] = positions.get(node.kind, 0) + 1
        number, numbered = _number(node, "", positions[node.kind])
        out.append(_draft(node, number, numbered))
    return out, list(root.paras)


# --------------------------------------------------------------------------- tables

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
            or re.match(r"^\d", cell_text(below[0]) if below else ""):
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
        if _section_row(row, roles, texts):
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


def _row_task(row: Sequence[tuple[Para, ...]], roles: Sequence[str | None],
              printed: dict[str, str]) -> TaskDraft | None:
    values: dict[str, str] = {}
    for cell, role in zip(row, roles, strict=False):
        if role is not None and role not in values:
            joiner = "; " if role in ("lead", "coordinate") else " "
            values[role] = squash(joiner.join(p.text.rstrip(";") for p in cell))
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
    return task
