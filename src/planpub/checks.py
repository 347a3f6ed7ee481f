"""Cross-checks over a loaded catalog, reported in Vietnamese.

Schema problems are found while loading (:mod:`planpub.load`); this module
checks what needs more than one file: references, duplicates, cycles,
agencies that cease to exist before their task is due, and unknown citations.
It reads no file: :func:`planpub.project.open_project` loads, then calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

from planpub.catalog import Catalog
from planpub.citations import plan_texts
from planpub.diagnostics import Diagnostic, did_you_mean
from planpub.layout import registry_file
from planpub.load import LoadedPlan, Registry
from planpub.model import Roles, Task
from planpub.modelerrors import field_path
from planpub.slug import nfc
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
    pos = {name: _positions(doc) for name, doc in docs.items()}
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


def _positions(doc: Document) -> dict[str, int]:
    """Registry entry id → its index in the file."""
    return {item["id"]: i for i, item in enumerate(doc.data)
            if isinstance(item, dict) and isinstance(item.get("id"), str)}


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
    for task, loc in _task_locs(plan.tasks, ("tasks",)):
        for role in Roles:
            for j, agency in enumerate(getattr(task, role)):
                yield _Ref(doc, (*loc, role, j), agency, "agency")


def _task_locs(tasks: Sequence[Task], base: tuple[str | int, ...]
               ) -> Iterator[tuple[Task, tuple[str | int, ...]]]:
    for i, task in enumerate(tasks):
        loc = (*base, i)
        yield task, loc
        yield from _task_locs(task.subtasks, (*loc, "subtasks"))


def _check_refs(catalog: Catalog) -> list[Diagnostic]:
    registry = catalog.registry
    known: dict[str, Collection[str]] = {
        "agency": registry.agencies.keys(), "locality": registry.localities.keys(),
        "document": registry.documents.keys(), "plan": catalog.plans.keys()}
    refs = list(_registry_refs(registry))
    for loaded in catalog.loaded:
        refs.extend(_plan_refs(loaded))
    out = []
    for ref in refs:
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
        for task, loc in _task_locs(plan.tasks, ("tasks",)):
            number = task.number
            line = doc.line_of((*loc, "number"))
            if number in seen:
                out.append(Diagnostic(doc.path, line, "error", field_path((*loc, "number")),
                                      f"số thứ tự nhiệm vụ “{number}” trùng với nhiệm vụ ở dòng "
                                      f"{seen[number]}.", "đánh số lại các nhiệm vụ."))
            else:
                seen[number] = line
    return out


def _check_cycles(catalog: Catalog) -> list[Diagnostic]:
    graph = {pid: [p for p in catalog.parent_plans(plan) if p in catalog.plans]
             for pid, plan in catalog.plans.items()}
    docs = {lp.plan.id: lp.doc for lp in catalog.loaded}
    out: list[Diagnostic] = []
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for parent in graph.get(node, []):
            if state.get(parent) == 1:
                cycle = stack[stack.index(parent):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    doc = docs[node]
                    path = " → ".join([*cycle, parent])
                    out.append(Diagnostic(doc.path, doc.line_of(("bases",)), "error", "bases",
                                          f"các kế hoạch thực hiện lẫn nhau thành vòng: {path}.",
                                          "một kế hoạch không thể là căn cứ của kế hoạch cấp "
                                          "trên nó; bỏ căn cứ sai."))
            elif parent not in state:
                visit(parent, stack)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])
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
    for task, loc in _task_locs(tasks, ("tasks",)):
        if task.number == number:
            return loc
    return ("tasks",)


def check_catalog(catalog: Catalog,
                  per_plan: Callable[[LoadedPlan], list[Diagnostic]] | None = None
                  ) -> list[Diagnostic]:
    """Every cross-file check, over the whole catalog.

    The citation checks depend on one plan and the registries only: ``per_plan``, if
    given, answers them for a plan (the loader's cache, see :mod:`planpub.project`).
    """
    cited = per_plan or (lambda loaded: plan_citations(catalog, loaded))
    out = (_check_refs(catalog) + _check_duplicates(catalog) + _check_cycles(catalog)
           + _check_ceased(catalog))
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
