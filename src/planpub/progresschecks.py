"""Cross-checks of progress files against the plans and the registry, in Vietnamese.

Each report must name a plan's task (a leaf: a task with sub-tasks is reported by sub-task),
an agency in the registry with standing on the task (named in it, a member of a group it
names, or a successor of one of those), a date that has come, and a written report dated no
later than the status. Reads no file: :func:`planpub.project.open_project` calls it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

from planpub.catalog import Catalog, TaskEntry
from planpub.diagnostics import Diagnostic, did_you_mean
from planpub.load import LoadedProgress
from planpub.model import iter_tasks
from planpub.vocab import dmy

_SHOWN = 6
"""Agencies or tasks listed in a hint before "…"."""


@dataclass
class ProgressFacts:
    """What the checks over every progress file need of one: the plan it reports on."""

    path: str
    plan: str
    line: int | None
    """The line of ``plan``."""


def progress_facts(loaded: LoadedProgress) -> ProgressFacts:
    """:class:`ProgressFacts` of a loaded progress file."""
    return ProgressFacts(loaded.doc.path, loaded.progress.plan, loaded.doc.line_of(("plan",)))


def check_progress_set(files: Iterable[ProgressFacts], plan_ids: Collection[str]
                       ) -> tuple[list[Diagnostic], set[str]]:
    """Two files for one plan, files for no plan; and the paths whose reports are checked
    (:func:`check_progress_file`): the first file of each plan that exists."""
    out: list[Diagnostic] = []
    fine: set[str] = set()
    seen: dict[str, str] = {}
    for facts in files:
        plan_id, path = facts.plan, facts.path
        if plan_id in seen:
            out.append(Diagnostic(path, facts.line, "error", "plan",
                                  f"kế hoạch “{plan_id}” đã có tệp báo cáo {seen[plan_id]}.",
                                  "gộp các báo cáo vào một tệp rồi xóa tệp này."))
            continue
        seen[plan_id] = path
        if plan_id not in plan_ids:
            hint = did_you_mean(plan_id, plan_ids) or "đặt tên tệp và plan theo mã một kế " \
                "hoạch trong thư mục plans/."
            out.append(Diagnostic(path, facts.line, "error", "plan",
                                  f"không có kế hoạch “{plan_id}”.", hint))
            continue
        fine.add(path)
    return out, fine


def check_progress(catalog: Catalog, today: dt.date,
                   per_file: Callable[[LoadedProgress], list[Diagnostic]] | None = None
                   ) -> list[Diagnostic]:
    """Every problem in the catalog's progress files; ``today`` bounds ``as_of``. ``per_file``
    (a preview's, which keeps them) stands for :func:`check_progress_file`."""
    out, fine = check_progress_set(map(progress_facts, catalog.progress), catalog.plans)
    for loaded in catalog.progress:
        if loaded.doc.path in fine:
            out += (per_file(loaded) if per_file is not None
                    else check_progress_file(catalog, loaded, today))
    return out


def check_progress_file(catalog: Catalog, loaded: LoadedProgress, today: dt.date
                        ) -> list[Diagnostic]:
    """The reports of one progress file, against its plan (in ``catalog``) and the registry."""
    return list(_reports(catalog, loaded, today))


def _field(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p + 1}]" for p in loc).replace(".[", "[")


def _error(loaded: LoadedProgress, loc: tuple[str | int, ...], message: str,
           hint: str | None) -> Diagnostic:
    return Diagnostic(loaded.doc.path, loaded.doc.line_of(loc), "error", _field(loc), message,
                      hint)


def _listed(items: list[str]) -> str:
    more = len(items) - _SHOWN
    return ", ".join(items[:_SHOWN]) + (f" và {more} mục khác" if more > 0 else "")


def _reports(catalog: Catalog, loaded: LoadedProgress, today: dt.date) -> Iterator[Diagnostic]:
    plan = catalog.plans[loaded.progress.plan]
    leaves = {e.number: e for e in catalog.tasks_by_plan.get(plan.id, [])}
    parents = {t.number for t, _ in iter_tasks(plan.tasks) if t.subtasks}
    first: dict[tuple[str, str, dt.date], int] = {}
    start = plan.issued or dt.date(plan.year - 1, 1, 1)
    before = f"ngày ban hành kế hoạch {dmy(start)}" if plan.issued else f"năm {plan.year - 1}"
    for i, report in enumerate(loaded.progress.reports):
        at = loaded.report_loc(i)
        entry = leaves.get(report.task)
        if entry is None:
            yield _unknown_task(loaded, at, report.task, list(leaves), parents)
        if report.agency not in catalog.agencies:
            yield _error(loaded, (*at, "agency"), f"không có cơ quan “{report.agency}” trong "
                         "registry/agencies.yaml.",
                         did_you_mean(report.agency, catalog.agencies)
                         or "dùng mã cơ quan có trong registry/agencies.yaml.")
        else:
            yield from _lifetime(catalog, loaded, at, report.agency, report.as_of)
            if entry is not None:
                yield from _standing(catalog, loaded, at, entry, report.agency, report.as_of)
        if report.as_of > today:
            yield _error(loaded, (*at, "as_of"), f"ngày {dmy(report.as_of)} chưa đến (hôm nay là "
                         f"{dmy(today)}): báo cáo chỉ ghi tình trạng đã có.",
                         "ghi ngày tình trạng đúng, không sau hôm nay.")
        if report.as_of < start:
            yield Diagnostic(loaded.doc.path, loaded.doc.line_of((*at, "as_of")), "warning",
                             _field((*at, "as_of")), f"ngày {dmy(report.as_of)} trước {before}.",
                             "kiểm tra năm của as_of: báo cáo ghi tình trạng sau khi có kế hoạch.")
        if report.report and report.report.date and report.report.date > report.as_of:
            yield _error(loaded, (*at, "report", "date"), f"báo cáo ký ngày "
                         f"{dmy(report.report.date)}, sau ngày tình trạng {dmy(report.as_of)}.",
                         "as_of là ngày tình trạng đúng, không trước ngày ký báo cáo: sửa một "
                         "trong hai ngày.")
        key = (report.task, report.agency, report.as_of)
        if key in first:
            yield _error(loaded, at, f"báo cáo trùng: nhiệm vụ {report.task}, cơ quan "
                         f"{report.agency}, ngày {dmy(report.as_of)} đã có ở mục {first[key] + 1}.",
                         "giữ một báo cáo cho mỗi ngày; báo cáo mới thì ghi ngày mới.")
        first.setdefault(key, i)


def _unknown_task(loaded: LoadedProgress, at: tuple[str | int, ...], number: str,
                  leaves: list[str], parents: set[str]) -> Diagnostic:
    if number in parents:
        subs = [n for n in leaves if n.startswith(f"{number}.")]
        return _error(loaded, (*at, "task"), f"nhiệm vụ {number} có nhiệm vụ con: báo cáo theo "
                      "từng nhiệm vụ con.", f"ghi task là một trong: {_listed(subs)}.")
    return _error(loaded, (*at, "task"), f"kế hoạch “{loaded.progress.plan}” không có nhiệm vụ "
                  f"số “{number}”.", did_you_mean(number, leaves)
                  or f"các số nhiệm vụ của kế hoạch: {_listed(leaves)}.")


def _standing(catalog: Catalog, loaded: LoadedProgress, at: tuple[str | int, ...],
              entry: TaskEntry, agency_id: str, as_of: dt.date) -> Iterator[Diagnostic]:
    """The agency has a part in the task, or reports for one it succeeded (after that one
    ceased)."""
    parts = catalog.parts(entry)
    if any(part.agency == agency_id for part in parts):  # most reports: its own part
        return
    voices = [v for part in parts
              if (v := catalog.speakers(entry, part.agency).get(agency_id)) is not None]
    if agency_id in voices:
        return
    if voices:  # only as a successor: from the day after the predecessor ceased
        ended = [catalog.agencies[v].valid_until for v in voices if v in catalog.agencies]
        last = max((d for d in ended if d), default=None)
        if last and as_of <= last:
            before = catalog.agencies[voices[0]].name if voices[0] in catalog.agencies else ""
            yield _error(loaded, (*at, "as_of"), f"{catalog.agencies[agency_id].name} chỉ báo cáo "
                         f"thay {before} từ ngày sau {dmy(last)} (cơ quan đó hoạt động đến hết "
                         f"ngày {dmy(last)}).", "báo cáo cho ngày đến hết ngày đó ghi agency là "
                         "cơ quan tiền nhiệm; hoặc sửa as_of.")
        return
    name = catalog.agencies[agency_id].name
    named = [catalog.agencies[a].name if a in catalog.agencies else a
             for a in (p.agency for p in catalog.parts(entry) if p.via is None)]
    yield _error(loaded, (*at, "agency"), f"{name} ({agency_id}) không có phần trong nhiệm vụ "
                 f"{entry.number}: nhiệm vụ không nêu tên cơ quan này, không giao cho nhóm có "
                 "cơ quan này, và cơ quan này không kế nhiệm cơ quan nào được giao.",
                 f"cơ quan được giao: {_listed(named)} (thành viên của nhóm và cơ quan kế nhiệm "
                 "của các cơ quan này cũng được báo cáo).")


def _lifetime(catalog: Catalog, loaded: LoadedProgress, at: tuple[str | int, ...],
              agency_id: str, as_of: dt.date) -> Iterator[Diagnostic]:
    """An agency reports only on days it existed; after it ceased, its successor reports."""
    agency = catalog.agencies[agency_id]
    if agency.valid_until and as_of > agency.valid_until:
        later = catalog.later(agency_id)
        yield _error(loaded, (*at, "agency"), f"{agency.name} hoạt động đến hết ngày "
                     f"{dmy(agency.valid_until)}, nên không có tình trạng ngày {dmy(as_of)}.",
                     f"ghi agency là cơ quan kế nhiệm ({_listed(list(later))}), cơ quan báo cáo "
                     "thay; hoặc sửa as_of." if later else "ghi agency là cơ quan đang thực hiện "
                     "nhiệm vụ, hoặc sửa as_of.")
    if agency.valid_from and as_of < agency.valid_from:
        yield _error(loaded, (*at, "as_of"), f"{agency.name} bắt đầu hoạt động từ ngày "
                     f"{dmy(agency.valid_from)}, sau ngày tình trạng {dmy(as_of)}.",
                     "sửa as_of, hoặc ghi agency là cơ quan đã thực hiện nhiệm vụ vào ngày đó.")
