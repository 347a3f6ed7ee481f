"""The cells every task table repeats, written in Python rather than as Jinja macros.

A national site renders each task about ten times (its plan, each agency, the
calendar, …): a Jinja macro call costs several times a Python call, and these
few make most of the calls. The templates call them as ``cell.<name>(…)``; each
returns safe HTML (:class:`~markupsafe.Markup`) exactly as the macros it replaces
printed it: every value escaped and brace-free (:func:`planpub.render.markup.text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

from planpub.catalog import Assignment
from planpub.model import Plan
from planpub.render.markup import text
from planpub.tasks import TaskEntry
from planpub.vocab import PROGRESS_LABELS, ROLE_NOTES, dmy

if TYPE_CHECKING:
    from planpub.render.pages import Linker


def badge(status: str) -> Markup:
    """A status as a label (``pp-status-<status>`` colours it)."""
    return Markup(f'<span class="pp-status pp-status-{text(status)}">'
                  f"{text(PROGRESS_LABELS[status])}</span>")


def timeline(entry: TaskEntry) -> Markup:
    """The timeline exactly as the plan prints it."""
    if entry.timeline:
        return text(entry.timeline.text)
    return Markup('<span class="pp-none">Không ghi</span>')


def due(entry: TaskEntry) -> Markup:
    """The due date as a date; marked when the plan does not print it (a year's last day
    read from "Năm 2025")."""
    if not entry.due:
        return Markup('<span class="pp-none">Không có ngày cụ thể</span>')
    day = text(entry.due.isoformat())
    out = f'<time datetime="{day}" data-due="{day}"'
    timeline = entry.timeline
    if timeline is not None and timeline.recurrence:
        out += f' data-recurs="{text(timeline.recurrence)}"'
    out += f">{text(dmy(entry.due))}</time>"
    if timeline is None or not timeline.due_printed:
        printed = text(timeline.text) if timeline is not None else ""
        out += (' <span class="pp-inferred" title="Văn bản không in ngày này: ngày được tính '
                f'từ “{printed}”.">(ngày suy ra)</span>')
    return Markup(out)


class Cells:
    """The cells of one page (links are relative to it): ``cell`` in the templates."""

    def __init__(self, linker: Linker) -> None:
        self.L = linker
        self.r = linker.names

    badge = staticmethod(badge)
    timeline = staticmethod(timeline)
    due = staticmethod(due)

    def plan_link(self, plan: Plan) -> Markup:
        return Markup(f'<a href="{text(self.L.plan(plan.id))}" title="{text(plan.title)}">'
                      f"{text(self.r.plan_label(plan))}</a>")

    def task_link(self, entry: TaskEntry) -> Markup:
        return Markup(f'<a href="{text(self.L.plan(entry.plan.id, entry.anchor))}">'
                      f"{text(entry.number)}. {text(entry.title)}</a>")

    def agency(self, agency_id: str, short: bool = False) -> Markup:
        """An agency's name, linked to its page when it has one."""
        href = self.L.agency(agency_id)
        if not href:
            return text(agency_id)
        return self._agency_link(href, agency_id, text(self.r.agency_name(agency_id, short)))

    def _agency_link(self, href: str, agency_id: str, shown: Markup) -> Markup:
        """``shown`` linked to the agency's page ``href``, titled with its full name."""
        return Markup(f'<a href="{text(href)}" title="{text(self.r.agency_name(agency_id))}">'
                      f"{shown}</a>")

    def any_may_be_overdue(self, entries: Iterable[TaskEntry]) -> bool:
        """Whether a reader's later date could make one of ``entries`` overdue."""
        return any(self.r.may_be_overdue(entry) for entry in entries)

    def attrs(self, entry: TaskEntry, agency: str | None = None,
              sortable: bool = False) -> Markup:
        """Attributes of a task's row (with ``agency``: of that agency's part) the reader's
        browser recounts "overdue" from, present only where reports can make it overdue;
        ``sortable`` (the calendar) adds the status and due date of every row. Starts with a
        space: ``<tr{{ cell.attrs(entry) }}>``."""
        tp = self.r.progress(entry)
        may = self.r.may_be_overdue(entry, agency)
        out = ""
        if sortable:
            out += f' data-pp-status="{text(tp.status)}"'
        if entry.due and (sortable or may):
            out += f' data-pp-due="{text(entry.due.isoformat())}"'
        if may:
            out += " data-pp-may-overdue"
            if tp.late(entry.due, agency):
                out += " data-pp-unfinished"
            grace = self.r.reference.grace
            if grace is not None and tp.silent(entry.due, agency):
                out += f' data-pp-unreported data-pp-grace="{text(str(grace))}"'
        return Markup(out)

    def overdue_mark(self, entry: TaskEntry, agency: str | None = None) -> Markup:
        """The overdue mark (with ``agency``: of that agency's part), present only when reports
        can make it overdue; hidden unless it is overdue on the reference date (the browser
        shows or hides it by the reader's date). Says which due date and which report it
        comes from."""
        if not self.r.may_be_overdue(entry, agency):
            return Markup("")
        late = self.r.progress(entry).late(entry.due, agency)
        hidden = "" if self.r.overdue(entry, agency) else " hidden"
        inferred = "" if entry.timeline is not None and entry.timeline.due_printed \
            else ", ngày suy ra"
        if late:
            said = (f" báo cáo ngày {text(dmy(late[-1].as_of))} ghi "
                    f"“{text(PROGRESS_LABELS[late[-1].status].lower())}”")
        else:
            said = (" không có báo cáo nào từ ngày hạn, đã quá "
                    f"{text(str(self.r.reference.grace))} ngày")
        return Markup(f'<span class="pp-overdue-mark" data-pp-overdue{hidden}><span '
                      'class="pp-sep">, </span><span class="pp-overdue">quá hạn</span> <span '
                      f'class="pp-meta">(hạn {text(dmy(entry.due))}{inferred};{said})</span>'
                      "</span>")

    def named(self, entry: TaskEntry, agency_id: str, short: bool = False) -> Markup:
        """An agency as the task prints it, linked to its page when it has one."""
        shown = text(self.r.printed_name(entry, agency_id, short))
        href = self.L.agency(agency_id)
        return self._agency_link(href, agency_id, shown) if href else shown

    def role_cell(self, entry: TaskEntry, roles: Sequence[str], short: bool = False,
                  own: bool = False) -> Markup:
        """The agencies a task names whose strongest role is in ``roles``, each once; ``own``
        adds the role itself as a note, and other roles they hold follow "kiêm"."""
        out: list[str] = []
        for a in self.r.named(entry, *roles):
            note = self.r.role_note(a, own)
            shown = str(self.named(entry, a.agency, short))
            out.append(f'{shown} <span class="pp-role-note">({text(note)})</span>' if note
                       else shown)
        return Markup(", ".join(out))

    def leads(self, entry: TaskEntry, short: bool = False) -> Markup:
        """Who answers for a task, in one cell: the leads, then advisers and consolidators
        named as such."""
        lead = self.role_cell(entry, ["lead"], short)
        answer = self.role_cell(entry, ["advise", "consolidate"], short, True)
        if lead and answer:
            return lead + Markup("; ") + answer
        return lead or answer or Markup("—")

    def heard(self, entry: TaskEntry) -> Markup:
        """When a lead reported: the date of the newest lead's report, and how many of the
        agencies the task's status answers to reported what (a status not every lead reported
        is worked out). Other agencies' reports are listed, not counted."""
        answering = self.r.progress(entry).answering
        dates = [part.latest.as_of for part in answering if part.latest]  # reported
        if not dates:
            return Markup("")
        out = ('<span class="pp-meta">báo cáo gần nhất của cơ quan chủ trì ngày '
               f"{text(dmy(max(dates)))}")
        statuses = [part.status for part in answering]
        if len(dates) < len(answering) or len(set(statuses)) > 1:
            counts = Counter(statuses)
            out += (f"; tổng hợp từ {len(answering)} cơ quan chủ trì: " + ", ".join(
                f"{counts[status]} {text(PROGRESS_LABELS[status].lower())}"
                for status in sorted(counts)))
        return Markup(out + "</span>")

    def status(self, entry: TaskEntry) -> Markup:
        """A task's status: the status, the overdue mark, and what it was worked out from."""
        out = f"{badge(self.r.progress(entry).status)}{self.overdue_mark(entry)}"
        told = self.heard(entry)
        return Markup(f"{out}<br>{told}" if told else out)

    def agency_row(self, a: Assignment, with_role: bool = False, counted: bool = False) -> Markup:
        """A row of an agency's task table (``counted``: a row the summary counts, this
        agency's own task, not one of its units')."""
        entry = a.entry
        opening = "<tr"
        if a.via:
            opening += ' class="pp-via"'
        if counted:
            opening += " data-pp-counted"
        return Markup(
            f'{opening}{self.attrs(entry, a.agency)}><td data-label="Kế hoạch">'
            f'{self.plan_link(entry.plan)}</td><td data-label="Nhiệm vụ">{self.task_link(entry)}'
            f'{self._notes(a, with_role)}</td>\n<td data-label="Thời gian">{timeline(entry)}</td>'
            f'<td data-label="Hạn">{due(entry)}</td><td data-label="Tình trạng">'
            f"{self._status(a)}</td></tr>")

    def calendar_row(self, entry: TaskEntry, dated: bool = True) -> Markup:
        """A row of a calendar: its plan and agencies for the filters, its status and due date
        for re-sorting (``dated``: a month's table, else a table of undated tasks)."""
        agencies = " ".join(str(text(a)) for a in self.r.assignees(entry))
        opening = (f'<tr data-plan="{text(entry.plan.id)}" data-agencies="{agencies}"'
                   f"{self.attrs(entry, sortable=True)}>")
        task = f'<td data-label="Nhiệm vụ">{self.task_link(entry)}</td>'
        status = f'<td data-label="Tình trạng">{self.status(entry)}</td>'
        first = f'<td data-label="Hạn">{due(entry)}</td>{status}{task}' if dated \
            else f"{task}{status}"
        return Markup(f'{opening}{first}<td data-label="Kế hoạch">{self.plan_link(entry.plan)}'
                      f'</td><td data-label="Chủ trì, thực hiện">{self.leads(entry)}</td>'
                      f'<td data-label="Thời gian">{timeline(entry)}</td></tr>')

    def deadline_item(self, a: Assignment) -> Markup:
        """A deadline in an agency's list of next deadlines."""
        entry = a.entry
        printed = text(entry.timeline.text) if entry.timeline is not None else ""
        inherited = ""
        if a.inherited_from:
            inherited = (f"; nhiệm vụ của cơ quan tiền nhiệm "
                         f"{text(self.r.agency_name(a.inherited_from))}, để tham khảo")
        return Markup(
            f"<li data-due-row{self.attrs(entry, a.agency)}>{due(entry)} — "
            f'{self.task_link(entry)} <span class="pp-meta">(thời gian ghi trong văn bản: '
            f"“{printed}”; {text(self.r.plan_label(entry.plan))}{inherited})</span> "
            f"{self.part_status(entry, a.agency)}{self.overdue_mark(entry, a.agency)}</li>")

    def _notes(self, a: Assignment, with_role: bool) -> str:
        """Under a task in an agency's table: its role there, other roles, the group or the
        predecessor it comes through."""
        out = ""
        if with_role:
            out += f'<br><span class="pp-role-note">Vai trò: {text(ROLE_NOTES[a.role])}</span>'
        if a.also:
            out += (f'<br><span class="pp-role-note">{text(self.r.role_note(a).capitalize())}'
                    "</span>")
        if a.via:
            out += (f'<br><span class="pp-via-note">Qua nhóm: {self.agency(a.via)} (kế hoạch giao '
                    "cho nhóm, không nêu riêng tên cơ quan)</span>")
        if a.inherited_from:
            name = self.r.catalog.agencies[a.inherited_from].name
            out += ('<br><span class="pp-via-note">Của cơ quan tiền nhiệm: <a href="'
                    f'{text(str(self.L.agency(a.inherited_from)))}">{text(name)}</a></span>')
        return out

    def _status(self, a: Assignment) -> str:
        """The agency's own status on a task (``a.agency``: whose part the row is, the
        predecessor's for a task taken over), the task's when it differs, the overdue mark."""
        tp = self.r.progress(a.entry)
        out = f"{self.part_status(a.entry, a.agency)}{self.overdue_mark(a.entry, a.agency)}"
        if tp.status != tp.part(a.agency).status:
            out += f'<br><span class="pp-meta">Tình trạng chung:</span> {badge(tp.status)}'
        return out

    def part_status(self, entry: TaskEntry, agency_id: str) -> Markup:
        """One agency's status on a task (its own reports, its successors', a group's
        members'), with the date of the report it comes from and whose it is."""
        part = self.r.progress(entry).part(agency_id)
        out = str(badge(part.status))
        if part.latest:
            others: list[str] = []
            for voice in part.voices:
                if voice.agency != agency_id and voice.agency.lower() not in (
                        o.lower() for o in others):
                    others.append(voice.agency)
            out += f' <span class="pp-meta">(ngày {text(dmy(part.latest.as_of))}'
            if others:
                out += "; theo báo cáo của " + ", ".join(
                    str(text(self.r.agency_name(v))) for v in others)
            out += ")</span>"
        return Markup(out)
