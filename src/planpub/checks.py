"""Cross-checks over a loaded catalog, reported in Vietnamese.

Schema problems are found while loading (:mod:`planpub.load`); this module
checks what needs more than one file or more than one field: references, duplicates,
cycles (:mod:`planpub.registrychecks` for the registries'), agencies that cease to exist
before their task is due, unknown citations, issue dates far from the plan's year, tasks
given to no agency, explicit deadlines the wording contradicts, and placeholders
``planpub import`` left (:mod:`planpub.draftchecks`).
It reads no file: :func:`planpub.project.open_project` loads, then calls it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

from planpub.catalog import Catalog
from planpub.citations import plan_texts
from planpub.diagnostics import Diagnostic, did_you_mean
from planpub.draftchecks import check_placeholders, task_locs
from planpub.layout import PLANS_DIR, registry_file
from planpub.load import LoadedPlan, Registry
from planpub.model import Roles, Task
from planpub.modelerrors import field_path
from planpub.registrychecks import check_registry, find_cycles, positions
from planpub.slug import nfc
from planpub.timeline import Timeline, TimelineError, TimelineKind, parse_timeline
from planpub.timeline.vocabulary import shorten
from planpub.yamlsrc import Document

_KIND_VI = {"agency": "cơ quan", "locality": "địa bàn", "document": "văn bản",
            "plan": "kế hoạch"}
_FILE_VI = {"agency": registry_file("agencies"), "locality": registry_file("localities"),
            "document": registry_file("documents"), "plan": "plans/"}


@dataclass
class _Ref:
    doc: Document
    loc: tuple[str | int, ...]
    value: str
    kind: str


def _registry_refs(registry: Registry) -> Iterator[_Ref]:
    docs = registry.docs
    if not {"localities", "agencies", "documents"} <= docs.keys():
        return
    pos = {name: positions(doc) for name, doc in docs.items()}
    doc = docs["localities"]
    for loc in registry.localities.values():
        for name in ("parent", "successor"):
            value = getattr(loc, name)
            if value:
                yield _Ref(doc, (pos["localities"][loc.id], name), value, "locality")
    doc = docs["agencies"]
    for agency in registry.agencies.values():
        idx = pos["agencies"][agency.id]
        if agency.locality:
            yield _Ref(doc, (idx, "locality"), agency.locality, "locality")
        for name in ("parent", "successor"):
            value = getattr(agency, name)
            if value:
                yield _Ref(doc, (idx, name), value, "agency")
        for j, member in enumerate(agency.members):
            yield _Ref(doc, (idx, "members", j), member, "agency")
    doc = docs["documents"]
    for legal in registry.documents.values():
        idx = pos["documents"][legal.id]
        yield _Ref(doc, (idx, "issuer"), legal.issuer, "agency")
        for j, other in enumerate(legal.amended_by):
            yield _Ref(doc, (idx, "amended_by", j), other, "document")
        if legal.replaced_by:
            yield _Ref(doc, (idx, "replaced_by"), legal.replaced_by, "document")
        if legal.plan:
            yield _Ref(doc, (idx, "plan"), legal.plan, "plan")


def _plan_refs(loaded: LoadedPlan) -> Iterator[_Ref]:
    plan, doc = loaded.plan, loaded.doc
    yield _Ref(doc, ("issuer",), plan.issuer, "agency")
    if plan.locality:
        yield _Ref(doc, ("locality",), plan.locality, "locality")
    for i, basis in enumerate(plan.bases):
        if basis.ref:
            yield _Ref(doc, ("bases", i, "ref"), basis.ref, "basis")
    for i, item in enumerate(plan.organisation):
        for j, actor in enumerate(item.actors):
            yield _Ref(doc, ("organisation", i, "actors", j), actor, "agency")
    for task, loc in task_locs(plan.tasks, ("tasks",)):
        for role in Roles:
            for j, agency in enumerate(getattr(task, role)):
                yield _Ref(doc, (*loc, role, j), agency, "agency")


_FILE_OF = {"agency": registry_file("agencies"), "locality": registry_file("localities"),
            "document": registry_file("documents"), "basis": registry_file("documents"),
            "plan": PLANS_DIR}


def _check_refs(catalog: Catalog) -> list[Diagnostic]:
    registry = catalog.registry
    known: dict[str, Collection[str]] = {
        "agency": registry.agencies.keys(), "locality": registry.localities.keys(),
        "document": registry.documents.keys(), "plan": catalog.plans.keys()}
    refs = list(_registry_refs(registry))
    for loaded in catalog.loaded:
        refs.extend(_plan_refs(loaded))
    out = []
    unread = registry.unread
    for ref in refs:
        if ref.value in unread or _FILE_OF[ref.kind] in unread:
            continue  # the registry's own error says why the entry (or its file) did not load
        if ref.kind == "basis":
            if ref.value in catalog.plans or ref.value in registry.documents:
                continue
            choices = list(registry.documents) + list(catalog.plans)
            message = f"văn bản hoặc kế hoạch “{ref.value}” không có trong danh mục."
            hint = did_you_mean(ref.value, choices) or (
                "thêm văn bản vào registry/legal.yaml hoặc sửa mã.")
        else:
            if ref.value in known[ref.kind]:
                continue
            message = f"{_KIND_VI[ref.kind]} “{ref.value}” không có trong danh mục."
            hint = did_you_mean(ref.value, known[ref.kind]) or (
                f"thêm mục vào {_FILE_VI[ref.kind]} hoặc sửa mã.")
        out.append(Diagnostic(ref.doc.path, ref.doc.line_of(ref.loc), "error", field_path(ref.loc),
                              message, hint))
    return out


def _check_duplicates(catalog: Catalog) -> list[Diagnostic]:
    out = []
    first: dict[str, LoadedPlan] = {}
    for loaded in catalog.loaded:
        plan, doc = loaded.plan, loaded.doc
        if plan.id in first:
            other = first[plan.id].doc.path
            out.append(Diagnostic(doc.path, doc.line_of(("id",)), "error", "id",
                                  f"mã kế hoạch “{plan.id}” trùng với {other}.",
                                  "mỗi kế hoạch cần một mã riêng; đổi mã và tên tệp."))
        else:
            first[plan.id] = loaded
        seen: dict[str, int | None] = {}
        for task, loc in task_locs(plan.tasks, ("tasks",)):
            number = task.number
            line = doc.line_of((*loc, "number"))
            if number in seen:
                out.append(Diagnostic(doc.path, line, "error", field_path((*loc, "number")),
                                      f"số thứ tự nhiệm vụ “{number}” trùng với nhiệm vụ ở dòng "
                                      f"{seen[number]}.", "đánh số lại các nhiệm vụ."))
            else:
                seen[number] = line
    return out


def _basis_plan(catalog: Catalog, ref: str | None) -> str | None:
    """The plan a basis ref names: a plan id, or a registered document that is a plan."""
    if not ref:
        return None
    if ref in catalog.plans:
        return ref
    doc = catalog.documents.get(ref)
    return doc.plan if doc is not None and doc.plan in catalog.plans else None


def _check_cycles(catalog: Catalog) -> list[Diagnostic]:
    """Plans that implement themselves, directly or through other plans (one error a loop)."""
    edges: dict[str, dict[str, int]] = {}  # plan → parent plan → index of the basis
    for pid, plan in catalog.plans.items():
        edges[pid] = {}
        for i, basis in enumerate(plan.bases):
            parent = _basis_plan(catalog, basis.ref)
            if parent is not None:
                edges[pid].setdefault(parent, i)
    docs = {lp.plan.id: lp.doc for lp in catalog.loaded}
    out: list[Diagnostic] = []
    for cycle in find_cycles({pid: list(parents) for pid, parents in edges.items()}):
        first, after = cycle[0], cycle[1 % len(cycle)]
        doc, loc = docs[first], ("bases", edges[first][after], "ref")
        hint = ("một kế hoạch không thể là căn cứ của chính nó hay của kế hoạch cấp trên nó; "
                "bỏ căn cứ sai hoặc sửa mã thành văn bản cấp trên.")
        if len(cycle) == 1:
            ref = catalog.plans[first].bases[edges[first][after]].ref
            message = f"kế hoạch “{first}” lấy chính nó làm căn cứ."
            if ref != first:
                message = message[:-1] + f" qua văn bản “{ref}” ({_FILE_VI['document']})."
                hint = (f"nếu văn bản “{ref}” không phải kế hoạch này, sửa trường plan của nó "
                        f"trong {_FILE_VI['document']}; nếu phải, bỏ căn cứ này.")
        else:
            message = ("các kế hoạch thực hiện lẫn nhau thành vòng: "
                       + " → ".join([*cycle, first]) + ".")
        out.append(Diagnostic(doc.path, doc.line_of(loc), "error", field_path(loc), message,
                              hint))
    return out


def _check_ceased(catalog: Catalog) -> list[Diagnostic]:
    out = []
    docs = {lp.plan.id: lp.doc for lp in catalog.loaded}
    for entry in catalog.tasks:
        due = entry.due
        if due is None:
            continue
        doc = docs[entry.plan.id]
        loc = _loc_of_task(entry.plan.tasks, entry.number)
        seen: set[str] = set()
        for role in ("lead", "advise"):
            for agency_id in entry.agencies(role):
                agency = catalog.agencies.get(agency_id)
                if agency_id in seen:
                    continue
                seen.add(agency_id)
                if agency is None or agency.valid_until is None or agency.valid_until >= due:
                    continue
                successor = catalog.agencies.get(agency.successor or "")
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


def _check_issued(catalog: Catalog) -> list[Diagnostic]:
    """An issue date more than a year away from the plan's year is a typo in one of them.

    A plan for year N is signed in N-1 (late in the year) or in N; a late one early in N+1.
    """
    out = []
    for loaded in catalog.loaded:
        plan, doc = loaded.plan, loaded.doc
        if plan.issued is None or abs(plan.issued.year - plan.year) <= 1:
            continue
        out.append(Diagnostic(
            doc.path, doc.line_of(("issued",)), "error", "issued",
            f"ngày ban hành {plan.issued:%d/%m/%Y} cách quá xa năm của kế hoạch ({plan.year}, "
            f"dòng {doc.line_of(('year',))}): kế hoạch năm {plan.year} được ban hành trong năm "
            f"{plan.year - 1}, {plan.year} hoặc muộn nhất {plan.year + 1}.",
            "đối chiếu ngày ban hành và năm của kế hoạch với văn bản in; sửa trường gõ nhầm "
            "(issued hoặc year)."))
    return out


def _check_unassigned(catalog: Catalog) -> list[Diagnostic]:
    """Warn about each leaf task no agency is given, in any role, by it or its parents.

    A citizen reads a task to learn who does it. A parent task may name the agencies for
    its sub-tasks (they inherit them, see :func:`planpub.catalog.flatten`), so only leaves
    are checked. A warning, not an error: signed plans do print tasks without an agency
    (Lai Châu 7360/KH-UBND, item 6), and the site must publish them as printed.
    """
    out = []
    for loaded in catalog.loaded:
        doc = loaded.doc
        for task, loc in _unassigned(loaded.plan.tasks, ("tasks",), False):
            out.append(Diagnostic(
                doc.path, doc.line_of((*loc, "lead")), "warning", field_path((*loc, "lead")),
                f"nhiệm vụ {task.number} “{shorten(task.title, 80)}” không giao cho cơ quan "
                "nào (lead, advise, coordinate, consolidate đều trống, cả ở nhiệm vụ cha): "
                "người đọc không biết ai thực hiện.",
                "ghi mã cơ quan chủ trì (registry/agencies.yaml) vào lead của nhiệm vụ hoặc "
                "của nhiệm vụ cha; nếu văn bản in không giao cho cơ quan nào thì để nguyên."))
    return out


def _unassigned(tasks: Sequence[Task], base: tuple[str | int, ...], inherited: bool
                ) -> Iterator[tuple[Task, tuple[str | int, ...]]]:
    for i, task in enumerate(tasks):
        loc = (*base, i)
        assigned = inherited or any(getattr(task, role) for role in Roles)
        if task.subtasks:
            yield from _unassigned(task.subtasks, (*loc, "subtasks"), assigned)
        elif not assigned:
            yield task, loc


def _check_due(catalog: Catalog) -> list[Diagnostic]:
    """An explicit ``timeline.due`` outside what the wording itself says is an error.

    Compared with :func:`parse_timeline` of the wording alone (no plan year): a wording
    that needs the plan's year, cannot be read, or recurs yearly is what ``due`` is for,
    and is not checked. ``due`` must not be later than the wording's deadline (or the
    end of its "thường xuyên" window), nor before the start of its period.
    """
    out = []
    for loaded in catalog.loaded:
        doc = loaded.doc
        for task, loc in task_locs(loaded.plan.tasks, ("tasks",)):
            raw = _raw_at(doc.data, (*loc, "timeline"))
            due = task.timeline.due if task.timeline else None
            if task.timeline is None or due is None or not isinstance(raw, dict) or raw.get(
                    "due") is None:
                continue
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


def _raw_at(data: object, loc: tuple[str | int, ...]) -> object:
    """The YAML value at ``loc`` as written (None if absent)."""
    for part in loc:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def check_catalog(catalog: Catalog,
                  per_plan: Callable[[LoadedPlan], list[Diagnostic]] | None = None
                  ) -> list[Diagnostic]:
    """Every cross-file check, over the whole catalog.

    The citation checks depend on one plan and the registries only: ``per_plan``, if
    given, answers them for a plan (the loader's cache, see :mod:`planpub.project`).
    """
    cited = per_plan or (lambda loaded: plan_citations(catalog, loaded))
    out = (_check_refs(catalog) + _check_duplicates(catalog) + _check_cycles(catalog)
           + _check_ceased(catalog) + check_registry(catalog.registry)
           + _check_issued(catalog) + _check_unassigned(catalog) + _check_due(catalog)
           + check_placeholders(catalog))
    for loaded in catalog.loaded:
        out += cited(loaded)
    return out


def plan_citations(catalog: Catalog, loaded: LoadedPlan) -> list[Diagnostic]:
    """Citation warnings for one plan."""
    out = []
    doc = loaded.doc
    for loc, source in plan_texts(loaded.plan):
        for cited in catalog.citations.find(nfc(source)):
            known = catalog.documents.get(cited.doc or "")
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
            out.append(Diagnostic(doc.path, doc.line_of(loc), "warning", field_path(loc),
                                  message, hint))
    return out
