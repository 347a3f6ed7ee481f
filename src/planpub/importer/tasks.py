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
from planpub.importer.names import agency_heading, is_head, partners, prose_actors, split_names
from planpub.importer.sentence_time import IN_SENTENCE, sentence_timeline


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
    rule: str = ""  # how its lead was found without a label: heading | prose

    def has(self, role: Role) -> bool:
        return any(line.role == role and line.value for line in self.lines)

    def lead_found(self) -> tuple[str, str]:
        """How this task's own lead was found: ("table" or "label", the printed label),
        ("heading" or "prose", ""), or ("", "") when it names none itself."""
        line = next((x for x in self.lines if x.role in ("lead", "advise") and x.value), None)
        if line is not None:
            return ("table" if self.source == "table" else "label"), line.label
        return (self.rule or "prose", "") if self.prose_lead else ("", "")

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
    timeline_in_text(task, " ".join([heading, *described]))
    task.body += [f"{line.label}:\n\n{line.value}" if line.value.startswith("- ") else
                  f"{line.label}: {line.value}" for line in task.lines
                  if line.role == "text" and line.value]
    items = [c for c in node.children if c.line is None]
    candidates = _children(items, number)
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
            task.rule = "heading"
        for text in [] if named else [heading, *described, *(item_text(c) for c in items),
                                      *_bracketed(heading)]:
            actors = prose_actors(text)
            if actors.lead:
                task.prose_lead, task.prose_coordinate = actors.lead, actors.coordinate
                task.rule = "prose"
                break
    return task


def timeline_in_text(task: TaskDraft, text: str) -> None:
    """Without a timeline of its own, the one a sentence of ``text`` states ("… báo cáo hằng
    năm"), as a line labelled :data:`IN_SENTENCE`."""
    if not task.has("timeline"):
        found = sentence_timeline(text)
        if found:
            task.lines.append(Line("timeline", IN_SENTENCE, found))


def _agency_heading(heading: str) -> list[str]:
    """A heading that is only an agency's name, ended by a colon: its duties follow."""
    text = heading.strip()
    if not text.endswith(":") or len(text.split()) > 15 or not is_head(text):
        return []
    return split_names(text.rstrip(":"), prose=False).names


def _bracketed(text: str) -> list[str]:
    """A closing bracket that says who acts: ``(Sở Tư pháp chủ trì, phối hợp …)``; its end
    may have gone with a labelled line taken out of it (``(Công an xã thực hiện; thời
    gian: …)``)."""
    match = re.search(r"\(([^()]{6,})(?:\)\s*[.;]?|[;,])?\s*$", text)
    return [match.group(1)] if match else []


def _independent(task: TaskDraft, parent_has_lead: bool) -> bool:
    if any(line.role != "text" and line.value and line.label != IN_SENTENCE
           for line in task.lines) or task.subtasks or task.rule == "heading":
        return True
    if parent_has_lead:
        return False
    return bool(prose_actors(" ".join([task.title, *task.body])).lead)


def tasks_from_paras(paras: Sequence[Para]) -> tuple[list[TaskDraft], list[str]]:
    """Top-level tasks of a section, and the section's own introductory paragraphs."""
    root = build_tree(paras)
    return [d for _, d in _children(root.children, "")], list(root.paras)


def _children(items: Sequence[Node], number: str) -> list[tuple[Node, TaskDraft]]:
    """Draft each item under ``number``; items that are agencies' duty groups
    (``1. Sở Tài chính`` / ``a) …``) are drafted as such when most items are."""
    heads = [_heading_agencies(c) for c in items]
    grouped = sum(1 for h in heads if h) >= 2 and 2 * sum(1 for h in heads if h) >= len(items)
    positions: dict[str, int] = {}
    out = []
    for child, head in zip(items, heads, strict=True):
        positions[child.kind] = positions.get(child.kind, 0) + 1
        sub_number, sub_numbered = _number(child, number, positions[child.kind])
        if grouped and head:
            out.append((child, _duties(child, sub_number, sub_numbered, *head)))
        else:
            out.append((child, _draft(child, sub_number, sub_numbered)))
    return out


def _heading_agencies(node: Node) -> tuple[list[str], list[str]] | None:
    """(lead, partners) when an item opens an agency's duties: ``Sở Y tế`` or ``Sở Y tế chủ
    trì, phối hợp với Sở Tài chính:`` followed by the duties."""
    if not (node.paras or any(c.line is None for c in node.children)):
        return None
    names = agency_heading(node.inline_lines()[0])
    if names:
        return names, []
    items = [c for c in node.children if c.line is None]
    if node.text.rstrip().endswith(":") or len(items) >= 2:
        actors = prose_actors(node.text)
        if actors.lead:
            return actors.lead, actors.coordinate
    return None


def _duties(node: Node, number: str, numbered: bool, lead: list[str],
            coordinate: list[str]) -> TaskDraft:
    """An agency's duties: each sub-item is a task it leads; a single paragraph is one."""
    heading = node.inline_lines()[0].strip().rstrip(":").strip()
    items = [c for c in node.children if c.line is None]
    described = [p for p in node.paras if parse_label(p) is None]
    task = TaskDraft(number, heading, numbered=numbered, lines=node.own_lines(),
                     prose_lead=lead, prose_coordinate=coordinate, rule="heading")
    if not items:
        text = squash(" ".join(described))
        task.title, rest = split_title(text) if text else (heading, "")
        task.body = [x for x in (rest,) if x]
        task.prose_coordinate = coordinate or partners(text)
        timeline_in_text(task, text)
        return task
    task.body = described
    timeline_in_text(task, " ".join([heading, *described]))
    for child, sub in _children(items, number):
        if sub.rule == "prose" and not is_head(child.text):
            sub.prose_lead, sub.prose_coordinate, sub.rule = [], [], ""  # "Yêu cầu các cơ quan …"
        if not sub.prose_lead and not sub.has("coordinate"):
            sub.prose_coordinate = partners(item_text(child))
        task.subtasks.append(sub)
    return task
