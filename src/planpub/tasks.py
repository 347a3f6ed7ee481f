"""A plan's tasks as views see them: the leaves of the task tree, fields inherited."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from planpub.model import Plan, Roles, Task, iter_tasks
from planpub.slug import slugify
from planpub.timeline import Timeline


def task_anchor(number: str) -> str:
    """The HTML anchor of a task on its plan page: ``7.1`` → ``nhiem-vu-7-1``."""
    return "nhiem-vu-" + slugify(number)


@dataclass(frozen=True)
class TaskEntry:
    """A task as views see it: a leaf of the task tree, with inherited fields resolved."""

    plan: Plan
    task: Task
    number: str
    parent: str | None
    lead: tuple[str, ...]
    advise: tuple[str, ...]
    coordinate: tuple[str, ...]
    consolidate: tuple[str, ...]
    timeline: Timeline | None

    @property
    def id(self) -> str:
        """Stable id, unique across the site: ``<plan-id>/<number>``."""
        return f"{self.plan.id}/{self.number}"

    @property
    def anchor(self) -> str:
        return task_anchor(self.number)

    @property
    def title(self) -> str:
        return self.task.title

    def agencies(self, role: str) -> tuple[str, ...]:
        """Agency ids in ``role`` (one of :data:`planpub.model.Roles`)."""
        value: tuple[str, ...] = getattr(self, role)
        return value

    @property
    def due(self) -> dt.date | None:
        return self.timeline.due if self.timeline else None


def flatten(plan: Plan) -> list[TaskEntry]:
    """The plan's leaf tasks; a sub-task inherits each field its own entry leaves empty."""
    out = []
    for task, parents in iter_tasks(plan.tasks):
        if task.subtasks:
            continue
        chain = (*parents, task)
        roles = {}
        for role in Roles:
            roles[role] = next((tuple(getattr(t, role)) for t in reversed(chain)
                                if getattr(t, role)), ())
        timeline = next((t.timeline for t in reversed(chain) if t.timeline), None)
        out.append(TaskEntry(plan, task, task.number, parents[-1].number if parents else None,
                             timeline=timeline, **roles))
    return out


def breadth_first(starts: Iterable[str], step: Callable[[str], Iterable[str]],
                  seen: set[str]) -> Iterator[str]:
    """Ids reached from ``starts`` (``step`` gives an id's next ones), nearest first, each once;
    ids already in ``seen`` are skipped."""
    queue = deque(starts)
    while queue:
        ident = queue.popleft()
        if ident not in seen:
            seen.add(ident)
            yield ident
            queue.extend(step(ident))


ROLE_STRENGTH = ("lead", "advise", "consolidate", "coordinate")
"""Roles from the strongest to the weakest: an agency's part in a task is its strongest."""


def strongest_first(roles: Iterable[str]) -> tuple[str, ...]:
    """``roles`` without repeats, the strongest first."""
    return tuple(sorted(set(roles), key=ROLE_STRENGTH.index))


@dataclass(frozen=True)
class Assignment:
    """An agency's part in one task: its strongest ``role`` and the other roles it holds.

    ``agency`` is whose part it is; ``via`` names the group the task reaches the agency
    through (then the task names the agency in no role itself); ``inherited_from`` the ceased
    agency it took the task over from.
    """

    role: str
    entry: TaskEntry
    via: str | None = None
    also: tuple[str, ...] = ()
    inherited_from: str | None = None
    agency: str = ""


def task_parts(entry: TaskEntry, members_of: Callable[[str], Iterable[str]]) -> list[Assignment]:
    """Who has a part in a task (:meth:`planpub.catalog.Catalog.parts`): the agencies it
    names, each with its strongest role, then the members of its groups it names in no role,
    each in the strongest role a group holding it has (``members_of``: a group's members)."""
    named: dict[str, list[str]] = {}
    for role in Roles:
        for agency_id in entry.agencies(role):
            named.setdefault(agency_id, []).append(role)
    out = []
    reached: dict[str, tuple[str, str]] = {}
    for agency_id, roles in named.items():
        ranked = strongest_first(roles)
        out.append(Assignment(ranked[0], entry, also=ranked[1:], agency=agency_id))
        for member in members_of(agency_id):
            held = reached.get(member)
            if member not in named and (
                    held is None or ROLE_STRENGTH.index(ranked[0]) < ROLE_STRENGTH.index(held[0])):
                reached[member] = (ranked[0], agency_id)
    return out + [Assignment(role, entry, via=group, agency=member)
                  for member, (role, group) in reached.items()]
