"""Tasks: numbered items at any depth with their labelled lines.

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

from planpub.importer.blocks import Para, sentences, squash
from planpub.importer.labels import Line, Role, extract_lines, parse_label
from planpub.importer.list_items import Node, build_tree, item_markdown, item_text
from planpub.importer.names import is_head, prose_actors, split_names


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
        for text in [] if named else [heading, *described, *(item_text(c) for c in items),
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
