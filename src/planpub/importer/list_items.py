"""List items: their markers (``1.``, ``1.2``, ``a)``, ``-`` …) and the tree they nest into."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planpub.importer.blocks import Para, squash
from planpub.importer.labels import Line, extract_lines, parse_label, parse_lines

_MARKERS = (
    ("dec", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)(.*)$")),
    ("dec", re.compile(r"^(\d{1,2})[.)](?!\d)\s*(.*)$")),
    ("paren", re.compile(r"^\((\d{1,2})\)\s*(.*)$")),
    ("alpha", re.compile(r"^([a-zđ])[).]\s+(.*)$")),
    ("ALPHA", re.compile(r"^([A-ZĐ])[).]\s+(.*)$")),
    ("dash", re.compile(r"^[-–—•·*]\s*(?=\S)()(.*)$")),
    ("plus", re.compile(r"^\+\s*(?=\S)()(.*)$")),
)


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
    parts = [item_text(c) for c in node.children]
    if not parts:
        return line
    if line.role in ("lead", "advise", "coordinate", "consolidate"):
        value = "; ".join(p.rstrip(".;") for p in ([line.value] if line.value else []) + parts)
    elif line.role == "timeline":
        value = " ".join(([line.value] if line.value else []) + parts)
    else:
        value = "\n".join(([line.value] if line.value else []) + [f"- {p}" for p in parts])
    return Line(line.role, line.label, value)


def item_text(node: Node) -> str:
    """An item's heading and the paragraphs below it, as one line."""
    return squash(" ".join([node.text, *node.paras]))


def build_tree(paras: Sequence[Para]) -> Node:
    """The list structure of a section: item kinds nest in the order they first appear."""
    root = Node("root", "", "")
    stack: list[Node] = [root]
    for text in (piece for para in paras for piece in inline_items(para.text)):
        found = marker(text)
        if found is None:
            _attach(stack[-1], text)
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


_LETTERS = "abcdđeghiklmnopqrstuvxy"
_INLINE_LETTER = re.compile(r"(?:(?<=:)|(?<=[;.]))\s*(?=([a-zđ])\)\s)")
_INLINE_DASH = re.compile(r"(?:(?<=:)|(?<=;))\s*(?=[-–]\s)")


def inline_items(text: str) -> list[str]:
    """A paragraph that runs its sub-items on: ``1. Công an tỉnh: a) Chủ trì …; b) …`` or
    ``2. Sở Tài chính: - Bố trí …; - Hướng dẫn …`` → the heading and one text per item."""
    head, colon, _ = text.partition(":")
    if not colon or len(head.split()) > 25:
        return [text]
    for pattern, ordered in ((_INLINE_LETTER, True), (_INLINE_DASH, False)):
        cuts = [m for m in pattern.finditer(text) if m.start() >= len(head)]
        if len(cuts) < 2 or text[len(head) + 1:cuts[0].start()].strip():
            continue  # the items must follow the colon directly
        letters = [_LETTERS.find(m.group(1)) for m in cuts] if ordered else []
        if letters and (letters[0] != 0 or -1 in letters
                        or any(b <= a for a, b in itertools.pairwise(letters))):
            continue  # a), b), c) … in order ("đ" may be skipped): not "điểm a) khoản 1"
        bounds = [m.start() for m in cuts] + [len(text)]
        items = [text[a:b].strip().rstrip(";").strip() for a, b in itertools.pairwise(bounds)]
        return [f"{head}:", *items]
    return [text]


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


def item_markdown(node: Node, bullet: bool = True, depth: int = 0) -> str:
    """A list item and its sub-items as Markdown (``- item``, indented ``- sub-item``)."""
    pad = "  " * depth
    lines = [f"{pad}- {item_text(node)}" if bullet else item_text(node)]
    lines += [item_markdown(c, True, depth + 1 if bullet else 0) for c in node.children]
    return "\n".join(lines)
