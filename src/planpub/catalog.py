"""The loaded world: every plan and registry entry, with the indexes views read.

Built once per run from validated models; pages, feeds, exports and reviews all
read it, so nothing re-parses YAML or re-derives deadlines on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from planpub.citations import Citations
from planpub.load import LoadedPlan, LoadedProgress, Registry
from planpub.model import Agency, LegalDoc, Locality, Plan, Roles, plan_order
from planpub.planmemo import PlanMemo
from planpub.progressmodel import ProgressReport
from planpub.status import TaskProgress, not_reported, part_progress, task_status, voices
from planpub.tasks import ROLE_STRENGTH as ROLE_STRENGTH
from planpub.tasks import Assignment as Assignment
from planpub.tasks import TaskEntry as TaskEntry
from planpub.tasks import breadth_first as breadth_first
from planpub.tasks import flatten, task_parts


def successor_ids(entry: Agency | Locality) -> tuple[str, ...]:
    """The successor, or the several successors, a registry entry names."""
    return (entry.successor,) if entry.successor else tuple(entry.successors)


_GOVERNMENT_LEVELS = frozenset({"people-committee", "people-council", "government"})
"""Agency kinds that are a level of government: the units below one are its own."""


@dataclass
class Catalog:
    """All plans and registries, with their indexes."""

    registry: Registry
    loaded: list[LoadedPlan] = field(default_factory=list)
    progress: list[LoadedProgress] = field(default_factory=list)
    _progress: dict[str, TaskProgress] = field(default_factory=dict, init=False, repr=False)
    _before: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    """What :meth:`follow` took from the catalog before this one."""
    per_plan: PlanMemo = field(default_factory=PlanMemo, init=False, repr=False)
    """What views derive from one plan, the registry and the citation matcher alone."""

    def follow(self, previous: Catalog) -> None:
        """Take over what ``previous`` derived from the plans both hold unchanged (the same
        model object, as a preview's reload keeps it), when both share one registry: saving
        one plan of 10,000 should not make the others' tasks, parts and citations again."""
        if previous.registry is not self.registry:
            return
        kept = previous.__dict__
        self._before = {k: kept[k] for k in ("tasks_by_plan", "_parts") if k in kept}
        self.__dict__.update((k, kept[k]) for k in ("_members", "_later") if k in kept)
        self._before["plans"] = previous.plans
        numbers = [sorted(p.number for p in c.plans.values() if p.number) for c in (previous, self)]
        if "citations" in kept and numbers[0] == numbers[1]:  # the same matcher
            self.__dict__["citations"] = kept["citations"]
            self.per_plan = PlanMemo(after=previous.per_plan)

    # ------------------------------------------------------------------ basics
    @cached_property
    def plans(self) -> dict[str, Plan]:
        """Plans by id, newest year first then by id."""
        ordered = sorted((lp.plan for lp in self.loaded), key=plan_order)
        return {p.id: p for p in ordered}

    @property
    def agencies(self) -> dict[str, Agency]:
        return self.registry.agencies

    @property
    def documents(self) -> dict[str, LegalDoc]:
        return self.registry.documents

    @cached_property
    def tasks(self) -> list[TaskEntry]:
        """Every leaf task of every plan, in plan order."""
        return [entry for entries in self._plan_tasks.values() for entry in entries]

    @cached_property
    def tasks_by_plan(self) -> dict[str, list[TaskEntry]]:
        return {plan_id: entries for plan_id, entries in self._plan_tasks.items() if entries}

    @cached_property
    def _plan_tasks(self) -> dict[str, list[TaskEntry]]:
        """Each plan's leaf tasks (an unchanged plan's as the catalog before had them)."""
        before, plans = self._before.get("tasks_by_plan", {}), self._before.get("plans", {})
        return {plan_id: before[plan_id] if plans.get(plan_id) is plan and plan_id in before
                else flatten(plan) for plan_id, plan in self.plans.items()}

    def locality_of(self, plan: Plan) -> str | None:
        """The plan's locality: its own field, else its issuer's."""
        if plan.locality:
            return plan.locality
        issuer = self.agencies.get(plan.issuer)
        return issuer.locality if issuer else None

    # ------------------------------------------------------------------ agencies
    @cached_property
    def groups_of(self) -> dict[str, list[str]]:
        """Agency id → the groups that list it as a member."""
        out: dict[str, list[str]] = defaultdict(list)
        for agency in self.agencies.values():
            for member in agency.members:
                out[member].append(agency.id)
        return dict(out)

    @cached_property
    def _members(self) -> dict[str, tuple[str, ...]]:
        """Group id → its members, and the members of groups among them."""
        def inner(member: str) -> list[str]:
            agency = self.agencies.get(member)
            return agency.members if agency else []

        return {agency.id: tuple(breadth_first(agency.members, inner, {agency.id}))
                for agency in self.agencies.values() if agency.members}

    def members_of(self, group_id: str) -> tuple[str, ...]:
        """Everyone a group stands for, through nested groups too."""
        return self._members.get(group_id, ())

    def parts(self, entry: TaskEntry) -> list[Assignment]:
        """Who has a part in a task: the agencies it names, then those its groups reach.

        Each agency once, with its strongest role. A group named beside some of its members
        means the others ("Sở Tư pháp; các sở, ngành"): it reaches only the members the task
        names in no role, each in the strongest role a group holding it has. Worked out once
        per task for the whole catalog (:attr:`_parts`).
        """
        return self._parts[entry.id]

    def _task_parts(self, entry: TaskEntry) -> list[Assignment]:
        return task_parts(entry, self.members_of)

    @cached_property
    def _parts(self) -> dict[str, list[Assignment]]:
        """Task id → :meth:`parts`."""
        if "_parts" not in self._before or "tasks_by_plan" not in self._before:
            return {entry.id: self._task_parts(entry) for entry in self.tasks}
        out: dict[str, list[Assignment]] = dict(self._before["_parts"])  # then the changes
        before, now = self._before["tasks_by_plan"], self.tasks_by_plan
        for plan_id, entries in before.items():  # tasks of changed or removed plans
            if now.get(plan_id) is not entries:
                for entry in entries:
                    out.pop(entry.id, None)
        for plan_id, entries in now.items():
            if before.get(plan_id) is not entries:
                out.update((entry.id, self._task_parts(entry)) for entry in entries)
        return out

    @cached_property
    def _assignments(self) -> dict[str, list[Assignment]]:
        out: dict[str, list[Assignment]] = defaultdict(list)
        for entry in self.tasks:
            for part in self.parts(entry):
                out[part.agency].append(part)
        return dict(out)

    def assignments(self, agency_id: str) -> list[Assignment]:
        """Tasks the agency has a part in, directly or through its groups; each task once."""
        return list(self._assignments.get(agency_id, []))

    @cached_property
    def units(self) -> dict[str, list[str]]:
        """Agency id → the agencies directly under it (``parent``)."""
        out: dict[str, list[str]] = defaultdict(list)
        for agency in self.agencies.values():
            if agency.parent and agency.parent != agency.id:
                out[agency.parent].append(agency.id)
        return dict(out)

    def units_with_tasks(self, agency_id: str) -> list[str]:
        """Units under the agency that have tasks: going down from it, each branch stops at
        the first unit with tasks of its own (its page lists those below it) and at a lower
        level of government (a people's committee or council is a level of its own)."""
        def below(unit: str) -> list[str]:
            agency = self.agencies.get(unit)
            if unit in self._assignments or agency is None or agency.kind in _GOVERNMENT_LEVELS:
                return []
            return self.units.get(unit, [])

        return [unit for unit in breadth_first(self.units.get(agency_id, []), below, {agency_id})
                if unit in self._assignments]

    @cached_property
    def plans_issued_by(self) -> dict[str, list[Plan]]:
        """Agency id → the plans it issued, newest year first."""
        out: dict[str, list[Plan]] = defaultdict(list)
        for plan in self.plans.values():
            out[plan.issuer].append(plan)
        return dict(out)

    @cached_property
    def predecessors(self) -> dict[str, list[str]]:
        """Agency id → agencies whose successor it is."""
        out: dict[str, list[str]] = defaultdict(list)
        for agency in self.agencies.values():
            if agency.successor:
                out[agency.successor].append(agency.id)
        return dict(out)

    def inherited(self, agency_id: str, today: dt.date | None = None) -> list[Assignment]:
        """Open tasks of the agencies this one succeeded (transitively).

        A task is open if it has neither a due date nor an end ("Thường xuyên trong năm
        2024" ends on 31/12/2024), or it falls after the predecessor ceased to exist (or
        after ``today`` when given). A task the agency holds itself, or took over from a
        nearer predecessor, is not listed again.
        """
        out: list[Assignment] = []
        taken = {a.entry.id for a in self.assignments(agency_id)}
        earlier = self.predecessors.get(agency_id, [])
        for pred in breadth_first(earlier, lambda a: self.predecessors.get(a, []), {agency_id}):
            ceased = self.agencies[pred].valid_until
            for assignment in self.assignments(pred):
                timeline = assignment.entry.timeline
                due = (timeline.due or timeline.until) if timeline else None
                limit = today or ceased
                if (due is None or limit is None or due > limit) and (
                        assignment.entry.id not in taken):
                    taken.add(assignment.entry.id)
                    out.append(replace(assignment, inherited_from=pred))
        return out

    # ------------------------------------------------------------------ progress
    @cached_property
    def reports(self) -> dict[str, list[ProgressReport]]:
        """Task id → the reports on it, oldest first (the file's order on the same day)."""
        out: dict[str, list[ProgressReport]] = defaultdict(list)
        for lp in self.progress:
            for report in lp.progress.reports:
                out[f"{lp.progress.plan}/{report.task}"].append(report)
        return {task: sorted(found, key=lambda r: r.as_of) for task, found in out.items()}

    def _successors(self, agency_id: str) -> tuple[str, ...]:
        return successor_ids(self.agencies[agency_id]) if agency_id in self.agencies else ()

    @cached_property
    def _later(self) -> dict[str, tuple[str, ...]]:
        """Agency id → its successors, and theirs in turn, nearest first (if it has any)."""
        return {a: tuple(breadth_first(nearest, self._successors, {a}))
                for a in self.agencies if (nearest := self._successors(a))}

    def later(self, agency_id: str) -> tuple[str, ...]:
        """The agency's successors, and theirs in turn, nearest first."""
        return self._later.get(agency_id, ())

    def answering(self, entry: TaskEntry) -> tuple[str, ...]:
        """Who a task's status answers to: its leads, else the agencies of its strongest role."""
        return next(filter(None, map(entry.agencies, ROLE_STRENGTH)), ())

    def speakers(self, entry: TaskEntry, agency_id: str) -> dict[str, str]:
        """Who may report for the agency's part in the task → the voice they report as."""
        members: Iterable[str] = self.members_of(agency_id)
        if members:  # a group: its members the task names have parts of their own
            named = {a for role in Roles for a in entry.agencies(role)}
            members = [m for m in members if m not in named]
        return voices(agency_id, members, self.later)

    def reporters(self, entry: TaskEntry) -> dict[str, str]:
        """Every agency that may report on the task → the agency with a part it reports for."""
        out: dict[str, str] = {}
        for part in self.parts(entry):
            for speaker in self.speakers(entry, part.agency):
                out.setdefault(speaker, part.agency)
        return out

    @cached_property
    def _mute(self) -> frozenset[str]:
        """Agencies nobody can report for: ceased with no successor (a group: every member too)."""
        gone = {a for a, e in self.agencies.items() if e.valid_until and not self._successors(a)}
        return frozenset(a for a in gone if gone.issuperset(self.members_of(a)))

    def progress_of(self, entry: TaskEntry) -> TaskProgress:
        """The task's status and reports (:mod:`planpub.status`), worked out once per task."""
        found = self._progress.get(entry.id)
        if found is None:
            if not (reports := self.reports.get(entry.id)):
                return not_reported(self.answering(entry), self._mute)
            parts = {p.agency: part_progress(p.agency, self.speakers(entry, p.agency), reports)
                     for p in self.parts(entry)}
            answering = tuple(parts[a] for a in self.answering(entry))
            found = self._progress[entry.id] = TaskProgress(
                task_status(answering), answering, parts, tuple(reports), self._mute)
        return found

    # ------------------------------------------------------------------ plans and documents
    def basis_target(self, ref: str) -> tuple[str, str] | None:
        """Resolve a basis ref to ``("plan", id)`` or ``("document", id)``."""
        kind = "plan" if ref in self.plans else "document" if ref in self.documents else None
        return (kind, ref) if kind else None

    def parent_plans(self, plan: Plan) -> list[str]:
        """Refs of the plans this plan implements (plan ids, else plan documents)."""
        out = []
        for basis in plan.bases:
            if not basis.ref:
                continue
            doc = self.documents.get(basis.ref)
            if basis.ref in self.plans:
                out.append(basis.ref)
            elif doc is not None and doc.plan and doc.plan in self.plans:
                out.append(doc.plan)
            elif doc is not None and doc.type == "ke-hoach":
                out.append(doc.id)
        return out

    @cached_property
    def children(self) -> dict[str, list[str]]:
        """Plan or document id → ids of the plans that implement it."""
        out: dict[str, list[str]] = defaultdict(list)
        for plan in self.plans.values():
            for parent in self.parent_plans(plan):
                out[parent].append(plan.id)
        return dict(out)

    @cached_property
    def citing_plans(self) -> dict[str, list[str]]:
        """Document id → plans that list it among their bases."""
        out: dict[str, list[str]] = defaultdict(list)
        for plan in self.plans.values():
            for basis in plan.bases:
                if basis.ref and basis.ref in self.documents and plan.id not in out[basis.ref]:
                    out[basis.ref].append(plan.id)
        return dict(out)

    @cached_property
    def citations(self) -> Citations:
        """The matcher of citations of registered documents (compiled once per catalog)."""
        return Citations(self.documents.values(),
                         [p.number for p in self.plans.values() if p.number])

    # ------------------------------------------------------------------ calendar
    @cached_property
    def dated(self) -> list[TaskEntry]:
        """Tasks with a due date, soonest first."""
        return sorted((e for e in self.tasks if e.due), key=lambda e: (e.due, e.plan.id, e.number))

    @cached_property
    def undated(self) -> list[TaskEntry]:
        """Tasks without a due date, in plan order."""
        return [e for e in self.tasks if not e.due]

    def plans_by(self, *, year: int | None = None, locality: str | None = None) -> list[Plan]:
        """Plans filtered by year and by locality (including the localities inside it)."""
        out = []
        for plan in self.plans.values():
            if year is not None and plan.year != year:
                continue
            if locality is not None and locality not in self.locality_chain(self.locality_of(plan)):
                continue
            out.append(plan)
        return out

    @cached_property
    def top_places(self) -> list[str]:
        """The province-level localities: the children of the country, else the roots."""
        reg = self.registry.localities
        roots = [loc.id for loc in reg.values() if loc.parent not in reg]
        below = [loc.id for loc in reg.values() if loc.parent in roots]
        return below or roots

    @cached_property
    def _top_set(self) -> frozenset[str]:
        return frozenset(self.top_places)

    def top_place(self, locality: str | None) -> str | None:
        """The province-level locality a locality lies in (None: national, or unknown)."""
        return next((loc for loc in self.locality_chain(locality) if loc in self._top_set), None)

    def locality_chain(self, locality: str | None) -> list[str]:
        """The locality and its ancestors, innermost first."""
        chain: list[str] = []
        while locality and locality not in chain:
            chain.append(locality)
            item = self.registry.localities.get(locality)
            locality = item.parent if item else None
        return chain


def build_catalog(registry: Registry, plans: Iterable[LoadedPlan],
                  progress: Iterable[LoadedProgress] = ()) -> Catalog:
    """Assemble the catalog from a loaded registry, validated plans and progress files."""
    return Catalog(registry, list(plans), list(progress))
