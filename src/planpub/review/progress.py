"""What a change does to the progress reports (``progress/<plan-id>.yaml``) of one plan.

Reports are matched by what they are about: the task, the reporting agency and the date the
status is true on (``as_of``). A report HEAD adds is listed; one that BASE had and HEAD
dropped or rewrote is listed too and is a warning of HEAD: the history of reports should only
grow (a later report corrects an earlier one). For each task a change touches, the report
gives the status the catalog derives at both revisions, the task's and each agency's with a
part in it (a successor or a group's member reporting for it included), so a reviewer reads
"đang thực hiện → hoàn thành" rather than lines of YAML.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from planpub.catalog import Catalog, TaskEntry
from planpub.diagnostics import Diagnostic
from planpub.load import LoadedProgress
from planpub.progressmodel import ProgressReport
from planpub.review.plans import Change, Names, field_change
from planpub.review.snapshots import Snapshot
from planpub.review.words import code, md, quoted, short
from planpub.status import NOT_REPORTED
from planpub.vocab import PROGRESS_LABELS, dmy

Key = tuple[str, str, str]
"""What a report is about: (task number, reporting agency, ``as_of`` in ISO form)."""

_REPORT_FIELDS = {"status": "tình trạng", "report": "văn bản báo cáo", "note": "ghi chú"}


def status_text(status: str) -> str:
    """A status as the report writes it mid-sentence: ``đang thực hiện``."""
    label = PROGRESS_LABELS.get(status, status)
    return label[:1].lower() + label[1:]


def key(report: ProgressReport) -> Key:
    return (report.task, report.agency, report.as_of.isoformat())


@dataclass
class PartChange:
    """An agency's status on a task, before and after (``latest``: the report it now rests on)."""

    agency: str
    old: str
    new: str
    latest: ProgressReport | None


@dataclass
class TaskChange:
    """What changed on one task: its status, its agencies', and the reports on it."""

    number: str
    entry: TaskEntry | None
    """The task at HEAD (None: the plan has no such task there)."""
    old: str
    new: str
    parts: list[PartChange] = field(default_factory=list)
    added: list[ProgressReport] = field(default_factory=list)
    removed: list[ProgressReport] = field(default_factory=list)
    rewritten: list[tuple[ProgressReport, ProgressReport]] = field(default_factory=list)


@dataclass
class ProgressDiff:
    """What changed in the progress of one plan."""

    plan_id: str
    title: str
    path: str
    tasks: list[TaskChange] = field(default_factory=list)
    unreadable: bool = False
    """HEAD has the file but cannot read it (its errors are among the findings)."""
    dropped: bool = False
    """HEAD's file has reports that did not validate (left out, so they may read as removed)."""
    gone: bool = False
    """HEAD removes the file."""
    with_plan: bool = False
    """HEAD removes the plan too (its reports go with it: not a rewrite of history)."""

    @property
    def removed(self) -> int:
        return sum(len(t.removed) for t in self.tasks)

    @property
    def rewritten(self) -> int:
        return sum(len(t.rewritten) for t in self.tasks)

    @property
    def added(self) -> int:
        return sum(len(t.added) for t in self.tasks)

    @property
    def history(self) -> int:
        """Earlier reports removed or rewritten (the plan's own removal aside)."""
        return 0 if self.with_plan else self.removed + self.rewritten


def _by_plan(catalog: Catalog) -> dict[str, LoadedProgress]:
    out: dict[str, LoadedProgress] = {}
    for loaded in catalog.progress:
        out.setdefault(loaded.progress.plan, loaded)
    return out


def _reports(loaded: LoadedProgress | None) -> dict[Key, ProgressReport]:
    """The file's reports by what they are about (a duplicate, an error of its own: first)."""
    out: dict[Key, ProgressReport] = {}
    for report in loaded.progress.reports if loaded else ():
        out.setdefault(key(report), report)
    return out


def _entries(catalog: Catalog, plan_id: str) -> dict[str, TaskEntry]:
    return {e.number: e for e in catalog.tasks_by_plan.get(plan_id, [])}


def _status(catalog: Catalog, entry: TaskEntry | None) -> tuple[str, dict[str, str]]:
    """The task's status and that of each agency it names (a group speaks for its members)."""
    if entry is None:
        return NOT_REPORTED, {}
    progress = catalog.progress_of(entry)
    named = [p.agency for p in catalog.parts(entry) if p.via is None]
    return progress.status, {a: progress.part(a).status for a in named}


def _task_change(base: Catalog, head: Catalog, number: str, old_entry: TaskEntry | None,
                 new_entry: TaskEntry | None) -> TaskChange:
    old, old_parts = _status(base, old_entry)
    new, new_parts = _status(head, new_entry)
    change = TaskChange(number, new_entry, old, new)
    if new_entry is not None:
        progress = head.progress_of(new_entry)
        for agency in dict.fromkeys([*new_parts, *old_parts]):
            before = old_parts.get(agency, NOT_REPORTED)
            after = new_parts.get(agency, NOT_REPORTED)
            if before != after:
                change.parts.append(PartChange(agency, before, after,
                                               progress.part(agency).latest))
    return change


def diff_progress(base: Snapshot, head: Snapshot) -> list[ProgressDiff]:
    """Every plan whose reports or derived statuses differ between the snapshots, in HEAD's
    order of plans (then plans only BASE has, then files HEAD cannot read)."""
    before, after = _by_plan(base.catalog), _by_plan(head.catalog)
    unreadable = {PurePosixPath(p).stem: p for p in sorted(head.unreadable_progress())}
    known = {*before, *after, *unreadable}
    plan_ids = [p for p in head.catalog.plans if p in known]
    out = []
    for plan_id in dict.fromkeys([*plan_ids, *after, *before, *unreadable]):
        old_file, new_file = before.get(plan_id), after.get(plan_id)
        plan = head.catalog.plans.get(plan_id) or base.catalog.plans.get(plan_id)
        title = plan.title if plan else plan_id
        if new_file is None and plan_id in unreadable:
            out.append(ProgressDiff(plan_id, title, unreadable[plan_id], unreadable=True))
            continue
        either = new_file or old_file
        assert either is not None
        diff = ProgressDiff(plan_id, title, either.doc.path, gone=new_file is None,
                            with_plan=new_file is None and plan_id not in head.catalog.plans)
        diff.dropped = bool(new_file and len(new_file.where) < new_file.written)
        diff.tasks = list(_task_changes(base.catalog, head.catalog, plan_id,
                                        _reports(old_file), _reports(new_file)))
        if diff.tasks:
            out.append(diff)
    return out


def _task_changes(base: Catalog, head: Catalog, plan_id: str, old: dict[Key, ProgressReport],
                  new: dict[Key, ProgressReport]) -> Iterator[TaskChange]:
    touched = {k[0] for k in old.keys() ^ new.keys()}
    touched |= {k[0] for k in old.keys() & new.keys() if old[k] != new[k]}
    before, after = _entries(base, plan_id), _entries(head, plan_id)
    numbers = [*after, *sorted({k[0] for k in [*new, *old]} - set(after))]
    for number in numbers:
        change = _task_change(base, head, number, before.get(number), after.get(number))
        if number not in touched and change.old == change.new and not change.parts:
            continue
        change.added = [r for k, r in new.items() if k[0] == number and k not in old]
        change.removed = [r for k, r in old.items() if k[0] == number and k not in new]
        change.rewritten = [(r, new[k]) for k, r in old.items()
                            if k[0] == number and k in new and new[k] != r]
        yield change


# --------------------------------------------------------------------------- wording


def _agency(agency_id: str, names: Names) -> str:
    name = names(agency_id)
    return f"{md(name)} ({code(agency_id)})" if name != agency_id else code(agency_id)


def _source(report: ProgressReport, agency_id: str | None, names: Names) -> str:
    """``báo cáo ngày 20/12/2025 của …, số 321/BC-STP``: where a status comes from."""
    text = f"báo cáo ngày {dmy(report.as_of)}"
    if report.agency != agency_id:
        text += f" của {md(names(report.agency))}"
    if report.report and report.report.number:
        text += f", số {md(report.report.number)}"
    return text


def report_text(report: ProgressReport, names: Names) -> str:
    """One report in full, for a reviewer to check against the written report."""
    parts = [f"{_agency(report.agency, names)}: {status_text(report.status)}, tình trạng ngày "
             f"{dmy(report.as_of)}"]
    ref = report.report
    if ref and (ref.number or ref.date or ref.url):
        bits = [f"số {md(ref.number)}" if ref.number else "",
                f"ngày {dmy(ref.date)}" if ref.date else "", code(ref.url) if ref.url else ""]
        parts.append("văn bản báo cáo " + " ".join(b for b in bits if b))
    if report.note:
        parts.append(f"ghi chú {quoted(report.note)}")
    return "; ".join(parts)


def rewrite_changes(old: ProgressReport, new: ProgressReport) -> list[Change]:
    """What a rewrite changed in an earlier report (status, written report, note)."""
    out = []
    for name, label in _REPORT_FIELDS.items():
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if name == "status":
            out.append(Change(label, f"{status_text(before)} → {status_text(after)}"))
        elif name == "report":
            out.append(field_change(label, before and before.model_dump(exclude_none=True),
                                    after and after.model_dump(exclude_none=True)))
        else:
            out.append(field_change(label, before, after))
    return out


def _about(report: ProgressReport, names: Names) -> str:
    return (f"nhiệm vụ {report.task}, {names(report.agency)} ({report.agency}), ngày "
            f"{dmy(report.as_of)}")


_HISTORY_HINT = ("báo cáo đã hợp nhất là lịch sử: giữ nguyên và thêm một báo cáo mới (ngày mới) "
                 "nếu tình trạng thay đổi; chỉ sửa hay xóa khi báo cáo cũ ghi nhầm, và nói rõ lý "
                 "do trong pull request.")


def history_warnings(diffs: list[ProgressDiff], head: Snapshot, names: Names) -> list[Diagnostic]:
    """A warning of HEAD for each earlier report it removes or rewrites."""
    files = _by_plan(head.catalog)
    out = []
    for diff in diffs:
        if not diff.history:
            continue
        loaded = files.get(diff.plan_id)
        lines: dict[Key, int | None] = {}
        if loaded is not None:
            for i, report in enumerate(loaded.progress.reports):
                lines.setdefault(key(report), loaded.doc.line_of(loaded.report_loc(i)))
        for task in diff.tasks:
            for report in task.removed:
                gone = ("bị xóa hoặc bị sửa thành báo cáo có lỗi" if diff.dropped else "bị xóa")
                out.append(Diagnostic(
                    diff.path, None, "warning", "",
                    f"báo cáo đã có ({_about(report, names)}) {gone}: lịch sử báo cáo tiến độ "
                    "chỉ nên được thêm vào.", _HISTORY_HINT))
            for old, new in task.rewritten:
                what = ", ".join(c.label for c in rewrite_changes(old, new))
                out.append(Diagnostic(
                    diff.path, lines.get(key(new)), "warning", "",
                    f"báo cáo đã có ({_about(old, names)}) bị sửa ({what}): lịch sử báo cáo "
                    "tiến độ chỉ nên được thêm vào.", _HISTORY_HINT))
    return out


def _task_heading(task: TaskChange) -> str:
    if task.entry is None:
        return f"Nhiệm vụ **{md(task.number)}** (kế hoạch ở bản mới không có nhiệm vụ số này)"
    title = short(task.entry.title)
    if task.old == task.new:
        return f"Nhiệm vụ **{md(task.number)}** ({title}): {status_text(task.new)} (không đổi)"
    return (f"Nhiệm vụ **{md(task.number)}** ({title}): {status_text(task.old)} → "
            f"**{status_text(task.new)}**")


def lines(diff: ProgressDiff, names: Names) -> list[str]:
    """The report's lines for one plan's progress (Markdown list items)."""
    if diff.unreadable:
        return [f"- {code(diff.path)} không đọc được ở bản mới: xem lỗi ở mục “Kết quả kiểm "
                "tra”."]
    if diff.gone:
        plan = " cùng kế hoạch" if diff.with_plan else ""
        head = f"- Tệp {code(diff.path)} bị xóa{plan} ({diff.removed} báo cáo)."
    else:
        head = (f"- Tệp {code(diff.path)}: {diff.added} báo cáo mới, {diff.removed} bị xóa, "
                f"{diff.rewritten} bị sửa.")
    out = [head]
    for task in diff.tasks:
        out.append(f"- {_task_heading(task)}")
        for part in task.parts:
            source = f" ({_source(part.latest, part.agency, names)})" if part.latest else ""
            out.append(f"  - {_agency(part.agency, names)}: {status_text(part.old)} → "
                       f"{status_text(part.new)}{source}")
        out.extend(f"  - Báo cáo mới: {report_text(r, names)}" for r in task.added)
        mark = "" if diff.with_plan else "⚠️ "
        out.extend(f"  - {mark}Báo cáo bị xóa: ~~{report_text(r, names)}~~" for r in task.removed)
        for old, new in task.rewritten:
            changes = "; ".join(c.line() for c in rewrite_changes(old, new))
            out.append(f"  - ⚠️ Báo cáo ngày {dmy(old.as_of)} của {md(names(old.agency))} bị "
                       f"sửa: {changes}")
    return out
