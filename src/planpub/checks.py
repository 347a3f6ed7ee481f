"""Checks of one plan against the registries, reported in Vietnamese.

Schema problems are found while loading (:mod:`planpub.load`); this module checks what
needs the registries or more than one field of a plan: references, duplicate task numbers,
agencies that cease to exist before their task is due, unknown citations, issue dates far
from the plan's year, tasks given to no agency, explicit deadlines the wording contradicts,
and placeholders ``planpub import`` left (:mod:`planpub.draftchecks`).

A plan's findings depend on that plan and the registries only, so ``planpub validate``
keeps them per file (:mod:`planpub.checkrun`). What only the whole set of plans can settle
is kept aside as :class:`Pending` (a basis that may be a plan) or as a citation warning
with the number that, were it a plan's, would drop it; :mod:`planpub.repochecks` settles
both and checks the set (duplicate ids, cycles). It reads no file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from planpub.citations import Citations, plan_texts
from planpub.diagnostics import Diagnostic, did_you_mean
from planpub.draftchecks import check_placeholders, task_locs
from planpub.layout import PLANS_DIR, registry_file
from planpub.load import LoadedPlan, Registry
from planpub.model import Roles, Task
from planpub.modelerrors import field_path
from planpub.registrychecks import positions
from planpub.slug import nfc
from planpub.tasks import flatten
from planpub.timeline import Timeline, TimelineError, TimelineKind, parse_timeline
from planpub.timeline.vocabulary import shorten
from planpub.yamlsrc import Document

_KIND_VI = {"agency": "cơ quan", "locality": "địa bàn", "document": "văn bản",
            "plan": "kế hoạch"}
_FILE_VI = {"agency": registry_file("agencies"), "locality": registry_file("localities"),
            "document": registry_file("documents"), "plan": "plans/"}


@dataclass(frozen=True)
class Pending:
    """A reference the registries do not settle: a plan id (``kind`` "plan") or a basis
    that is no registered document (``kind`` "basis"), right only if a plan has that id."""

    path: str
    line: int | None
    field: str
    value: str
    kind: str

    def settle(self, plan_ids: Collection[str], documents: Iterable[str]) -> Diagnostic | None:
        """The error, unless a plan has the id (``plan_ids`` in catalog order, for the hint)."""
        if self.value in plan_ids:
            return None
        if self.kind == "basis":
            message = f"văn bản hoặc kế hoạch “{self.value}” không có trong danh mục."
            hint = did_you_mean(self.value, [*documents, *plan_ids]) or (
                "thêm văn bản vào registry/legal.yaml hoặc sửa mã.")
        else:
            message = f"{_KIND_VI[self.kind]} “{self.value}” không có trong danh mục."
            hint = did_you_mean(self.value, plan_ids) or (
                f"thêm mục vào {_FILE_VI[self.kind]} hoặc sửa mã.")
        return Diagnostic(self.path, self.line, "error", self.field, message, hint)


@dataclass
class PlanFindings:
    """What :func:`check_plan` found in one plan."""

    sure: list[Diagnostic] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    unless_planned: list[tuple[Diagnostic, str]] = field(default_factory=list)
    """Citation warnings, each with the number key that, were it a plan's number, drops it."""

    def given(self, plan_ids: Collection[str], documents: Iterable[str],
              numbers: Collection[str]) -> list[Diagnostic]:
        """The plan's diagnostics once the set of plans is known (``numbers``: their keys)."""
        out = list(self.sure)
        out += [d for p in self.pending if (d := p.settle(plan_ids, documents)) is not None]
        out += [d for d, key in self.unless_planned if key not in numbers]
        return out


@dataclass
class Ref:
    """A reference to a registry entry (or a plan) from a file."""

    doc: Document
    loc: tuple[str | int, ...]
    value: str
    kind: str


def registry_refs(registry: Registry) -> Iterator[Ref]:
    """Every reference the registry files make, to each other and to plans."""
    docs = registry.docs
    if not {"localities", "agencies", "documents"} <= docs.keys():
        return
    pos = {name: positions(doc) for name, doc in docs.items()}
    doc = docs["localities"]
    for loc in registry.localities.values():
        for name in ("parent", "successor"):
            value = getattr(loc, name)
            if value:
                yield Ref(doc, (pos["localities"][loc.id], name), value, "locality")
    doc = docs["agencies"]
    for agency in registry.agencies.values():
        idx = pos["agencies"][agency.id]
        if agency.locality:
            yield Ref(doc, (idx, "locality"), agency.locality, "locality")
        for name in ("parent", "successor"):
            value = getattr(agency, name)
            if value:
                yield Ref(doc, (idx, name), value, "agency")
        for j, member in enumerate(agency.members):
            yield Ref(doc, (idx, "members", j), member, "agency")
    doc = docs["documents"]
    for legal in registry.documents.values():
        idx = pos["documents"][legal.id]
        yield Ref(doc, (idx, "issuer"), legal.issuer, "agency")
        for j, other in enumerate(legal.amended_by):
            yield Ref(doc, (idx, "amended_by", j), other, "document")
        if legal.replaced_by:
            yield Ref(doc, (idx, "replaced_by"), legal.replaced_by, "document")
        if legal.plan:
            yield Ref(doc, (idx, "plan"), legal.plan, "plan")


def _plan_refs(loaded: LoadedPlan) -> Iterator[Ref]:
    plan, doc = loaded.plan, loaded.doc
    yield Ref(doc, ("issuer",), plan.issuer, "agency")
    if plan.locality:
        yield Ref(doc, ("locality",), plan.locality, "locality")
    for i, basis in enumerate(plan.bases):
        if basis.ref:
            yield Ref(doc, ("bases", i, "ref"), basis.ref, "basis")
    for i, item in enumerate(plan.organisation):
        for j, actor in enumerate(item.actors):
            yield Ref(doc, ("organisation", i, "actors", j), actor, "agency")
    for task, loc in task_locs(plan.tasks, ("tasks",)):
        for role in Roles:
            for j, agency in enumerate(getattr(task, role)):
                yield Ref(doc, (*loc, role, j), agency, "agency")


_FILE_OF = {"agency": registry_file("agencies"), "locality": registry_file("localities"),
            "document": registry_file("documents"), "basis": registry_file("documents"),
            "plan": PLANS_DIR}


def check_refs(refs: Iterable[Ref], registry: Registry) -> tuple[list[Diagnostic], list[Pending]]:
    """Unknown references among ``refs``; those only a plan can answer, pending."""
    known: dict[str, Collection[str]] = {
        "agency": registry.agencies.keys(), "locality": registry.localities.keys(),
        "document": registry.documents.keys()}
    out: list[Diagnostic] = []
    pending: list[Pending] = []
    unread = registry.unread
    for ref in refs:
        if ref.value in unread or _FILE_OF[ref.kind] in unread:
            continue  # the registry's own error says why the entry (or its file) did not load
        if ref.kind in ("basis", "plan"):
            if ref.kind == "basis" and ref.value in registry.documents:
                continue
            pending.append(Pending(ref.doc.path, ref.doc.line_of(ref.loc), field_path(ref.loc),
                                   ref.value, ref.kind))
            continue
        if ref.value in known[ref.kind]:
            continue
        message = f"{_KIND_VI[ref.kind]} “{ref.value}” không có trong danh mục."
        hint = did_you_mean(ref.value, known[ref.kind]) or (
            f"thêm mục vào {_FILE_VI[ref.kind]} hoặc sửa mã.")
        out.append(Diagnostic(ref.doc.path, ref.doc.line_of(ref.loc), "error",
                              field_path(ref.loc), message, hint))
    return out, pending


def _check_numbers(loaded: LoadedPlan) -> list[Diagnostic]:
    """Task numbers used twice in the plan."""
    out = []
    doc = loaded.doc
    seen: dict[str, tuple[str | int, ...]] = {}
    for task, loc in task_locs(loaded.plan.tasks, ("tasks",)):
        number = task.number
        if number in seen:
            out.append(Diagnostic(doc.path, doc.line_of((*loc, "number")), "error",
                                  field_path((*loc, "number")),
                                  f"số thứ tự nhiệm vụ “{number}” trùng với nhiệm vụ ở dòng "
                                  f"{doc.line_of((*seen[number], 'number'))}.",
                                  "đánh số lại các nhiệm vụ."))
        else:
            seen[number] = loc
    return out


def _check_ceased(registry: Registry, loaded: LoadedPlan) -> list[Diagnostic]:
    out = []
    doc, agencies = loaded.doc, registry.agencies
    for entry in flatten(loaded.plan):
        due = entry.due
        if due is None:
            continue
        loc = _loc_of_task(entry.plan.tasks, entry.number)
        seen: set[str] = set()
        for role in ("lead", "advise"):
            for agency_id in entry.agencies(role):
                agency = agencies.get(agency_id)
                if agency_id in seen:
                    continue
                seen.add(agency_id)
                if agency is None or agency.valid_until is None or agency.valid_until >= due:
                    continue
                successor = agencies.get(agency.successor or "")
                after = (f"cơ quan kế nhiệm là “{successor.name}” ({successor.id})"
                         if successor else "danh mục chưa ghi cơ quan kế nhiệm")
                out.append(Diagnostic(
                    doc.path, doc.line_of((*loc, "timeline")), "warning", field_path((*loc, role)),
                    f"nhiệm vụ {entry.number} hạn {due:%d/%m/%Y} nhưng “{agency.name}” đã "
                    f"chấm dứt hoạt động từ sau ngày {agency.valid_until:%d/%m/%Y}; {after}.",
                    "giao nhiệm vụ cho cơ quan kế nhiệm khi sửa đổi kế hoạch."))
    return out


def _loc_of_task(tasks: Sequence[Task], number: str) -> tuple[str | int, ...]:
    for task, loc in task_locs(tasks, ("tasks",)):
        if task.number == number:
            return loc
    return ("tasks",)


def _check_issued(loaded: LoadedPlan) -> list[Diagnostic]:
    """An issue date more than a year away from the plan's year is a typo in one of them.

    A plan for year N is signed in N-1 (late in the year) or in N; a late one early in N+1.
    """
    plan, doc = loaded.plan, loaded.doc
    if plan.issued is None or abs(plan.issued.year - plan.year) <= 1:
        return []
    return [Diagnostic(
            doc.path, doc.line_of(("issued",)), "error", "issued",
            f"ngày ban hành {plan.issued:%d/%m/%Y} cách quá xa năm của kế hoạch ({plan.year}, "
            f"dòng {doc.line_of(('year',))}): kế hoạch năm {plan.year} được ban hành trong năm "
            f"{plan.year - 1}, {plan.year} hoặc muộn nhất {plan.year + 1}.",
            "đối chiếu ngày ban hành và năm của kế hoạch với văn bản in; sửa trường gõ nhầm "
            "(issued hoặc year).")]


def _check_unassigned(loaded: LoadedPlan) -> list[Diagnostic]:
    """Warn about each leaf task no agency is given, in any role, by it or its parents.

    A citizen reads a task to learn who does it. A parent task may name the agencies for
    its sub-tasks (they inherit them, see :func:`planpub.catalog.flatten`), so only leaves
    are checked. A warning, not an error: signed plans do print tasks without an agency
    (Lai Châu 7360/KH-UBND, item 6), and the site must publish them as printed.
    """
    doc = loaded.doc
    return [Diagnostic(
        doc.path, doc.line_of((*loc, "lead")), "warning", field_path((*loc, "lead")),
        f"nhiệm vụ {task.number} “{shorten(task.title, 80)}” không giao cho cơ quan "
        "nào (lead, advise, coordinate, consolidate đều trống, cả ở nhiệm vụ cha): "
        "người đọc không biết ai thực hiện.",
        "ghi mã cơ quan chủ trì (registry/agencies.yaml) vào lead của nhiệm vụ hoặc "
        "của nhiệm vụ cha; nếu văn bản in không giao cho cơ quan nào thì để nguyên.")
        for task, loc in _unassigned(loaded.plan.tasks, ("tasks",), False)]


def _unassigned(tasks: Sequence[Task], base: tuple[str | int, ...], inherited: bool
                ) -> Iterator[tuple[Task, tuple[str | int, ...]]]:
    for i, task in enumerate(tasks):
        loc = (*base, i)
        assigned = inherited or any(getattr(task, role) for role in Roles)
        if task.subtasks:
            yield from _unassigned(task.subtasks, (*loc, "subtasks"), assigned)
        elif not assigned:
            yield task, loc


def _check_due(loaded: LoadedPlan) -> list[Diagnostic]:
    """An explicit ``timeline.due`` outside what the wording itself says is an error.

    Compared with :func:`parse_timeline` of the wording alone (no plan year): a wording
    that needs the plan's year, cannot be read, or recurs yearly is what ``due`` is for,
    and is not checked. ``due`` must not be later than the wording's deadline (or the
    end of its "thường xuyên" window), nor before the start of its period.
    """
    out = []
    doc = loaded.doc
    for task, loc in task_locs(loaded.plan.tasks, ("tasks",)):
        due = task.timeline.due if task.timeline else None
        if task.timeline is None or due is None or not doc.has((*loc, "timeline", "due")):
            continue  # no due written (the file's data is not kept: its line map says)
        try:
            said = parse_timeline(task.timeline.text)
        except TimelineError:
            continue
        low, high = _window(said)
        if said.recurrence or high is None or low <= due <= high:
            continue
        span = (f"trong khoảng {low:%d/%m/%Y} – {high:%d/%m/%Y}" if low > dt.date.min
                else f"chậm nhất ngày {high:%d/%m/%Y}")
        at = (*loc, "timeline", "due")
        out.append(Diagnostic(
            doc.path, doc.line_of(at), "error", field_path(at),
            f"nhiệm vụ {task.number}: hạn ghi trong due ({due:%d/%m/%Y}) mâu thuẫn với "
            f"thời gian thực hiện “{shorten(said.text, 80)}”, theo đó hạn là {span}.",
            "sửa due cho khớp với nguyên văn, hoặc bỏ due để dùng hạn đọc từ nguyên văn; "
            "giữ text đúng như văn bản in."))
    return out


def _window(said: Timeline) -> tuple[dt.date, dt.date | None]:
    """The first and last day a deadline may fall on, by the wording alone."""
    high = said.due or said.until
    low = said.start or dt.date.min
    if said.start is None and said.due is not None and not said.also:
        day = said.due
        if said.kind is TimelineKind.YEAR:
            low = dt.date(day.year, 1, 1)
        elif said.kind is TimelineKind.QUARTER:
            low = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        elif said.kind is TimelineKind.MONTH:
            low = dt.date(day.year, day.month, 1)
    return low, high


def check_plan(registry: Registry, citations: Citations, loaded: LoadedPlan) -> PlanFindings:
    """Every check of one plan against the registries (``citations``: their matcher)."""
    sure, pending = check_refs(_plan_refs(loaded), registry)
    sure += (_check_numbers(loaded) + _check_ceased(registry, loaded) + _check_issued(loaded)
             + _check_unassigned(loaded) + _check_due(loaded)
             + check_placeholders(registry.agencies, loaded))
    unless: list[tuple[Diagnostic, str]] = []
    for diag, key in plan_citations(registry, citations, loaded):
        if key is None:
            sure.append(diag)
        else:
            unless.append((diag, key))
    return PlanFindings(sure, pending, unless)


def plan_citations(registry: Registry, citations: Citations, loaded: LoadedPlan
                   ) -> Iterator[tuple[Diagnostic, str | None]]:
    """Citation warnings for one plan, each with :attr:`~planpub.citations.Citation.plan_key`."""
    doc = loaded.doc
    for loc, source in plan_texts(loaded.plan):
        for cited in citations.find(nfc(source)):
            known = registry.documents.get(cited.doc or "")
            if cited.problem == "unknown":
                message = (f"trích dẫn “{cited.text}”: số hiệu “{cited.number}” không có "
                           "trong danh mục văn bản nên không được liên kết.")
                hint = ("thêm văn bản vào registry/legal.yaml (số hiệu, tên, cơ quan ban "
                        "hành, ngày ban hành), hoặc sửa số hiệu nếu viết sai.")
            elif cited.problem == "misprint" and known is not None:
                message = (f"trích dẫn “{cited.text}” ghi số hiệu “{cited.number}”, khác số "
                           f"hiệu chính thức “{known.number}” của văn bản “{known.id}”.")
                hint = (f"nếu văn bản gốc in như vậy, giữ nguyên văn; nếu không, sửa thành "
                        f"{known.number}.")
            else:
                continue
            yield (Diagnostic(doc.path, doc.line_of(loc), "warning", field_path(loc), message,
                              hint), cited.plan_key)
