"""The rows of a task table as a tree, and the cells a web conversion left empty.

Tables number their rows on several levels inside a section: ``1``, then ``1.1``,
``1.2``, then ``2`` with ``a)``, ``b)`` below it. A row ``1.1`` belongs under row
``1`` and a lettered row under the last numbered one, so the draft keeps that
nesting (the parent's agencies and timeline reach the rows that print none).

A merged cell ("as above") comes out of a web page or PDF conversion as an empty
cell in the rows it spans: a task row with no lead agency takes the lead of the
task row above it (and its partners, when those are empty too); a row with no
timeline takes the timeline above it. Only rows in the same section, and only
rows that are tasks themselves (not the parents of sub-rows), are filled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planpub.importer.sentence_time import IN_SENTENCE
from planpub.importer.tasks import TaskDraft

_DOTTED = re.compile(r"^\d{1,2}(?:\.\d{1,2})+$")
_LETTER = re.compile(r"^(?:[a-z]|dd|đ)$")


def nest(rows: Sequence[TaskDraft], prefix: str) -> list[TaskDraft]:
    """Rows numbered ``prefix.1.1`` or ``prefix.a`` moved under the row they belong to."""
    out: list[TaskDraft] = []
    by_raw: dict[str, TaskDraft] = {}
    last_numbered: TaskDraft | None = None
    for row in rows:
        raw = row.number[len(prefix) + 1:] if prefix and row.number.startswith(
            prefix + ".") else row.number
        parent = None
        if _DOTTED.match(raw):
            parent = by_raw.get(raw.rsplit(".", 1)[0])
        elif _LETTER.match(raw) and last_numbered is not None:
            parent = last_numbered
        if parent is not None:
            row.number = f"{parent.number}.{raw.rsplit('.', 1)[-1]}"
            parent.subtasks.append(row)
        else:
            out.append(row)
        if not _LETTER.match(raw):
            by_raw[raw] = row
            last_numbered = row
    return out


def fill_as_above(rows: Sequence[TaskDraft]) -> int:
    """Fill empty lead and timeline cells of task rows from the task row above; the
    number of rows filled."""
    filled = 0
    above: TaskDraft | None = None
    for row in _leaves(rows, ()):
        task, inherited = row
        if above is not None:
            before = len(task.lines)
            if not _has(task, inherited, ("lead", "advise")):
                task.lines += [x for x in above.lines if x.role in ("lead", "advise")]
                if not _has(task, inherited, ("coordinate",)):
                    task.lines += [x for x in above.lines if x.role == "coordinate"]
            if not _has(task, inherited, ("timeline",)):
                task.lines += [x for x in above.lines
                               if x.role == "timeline" and x.label != IN_SENTENCE]
            filled += len(task.lines) > before
        above = task
    return filled


def _leaves(rows: Sequence[TaskDraft], parents: tuple[TaskDraft, ...]
            ) -> list[tuple[TaskDraft, tuple[TaskDraft, ...]]]:
    out = []
    for row in rows:
        if row.subtasks:
            out += _leaves(row.subtasks, (*parents, row))
        else:
            out.append((row, parents))
    return out


def _has(task: TaskDraft, parents: tuple[TaskDraft, ...], roles: tuple[str, ...]) -> bool:
    return any(t.has(role) for t in (*parents, task) for role in roles)
