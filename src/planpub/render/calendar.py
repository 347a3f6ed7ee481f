"""The deadline calendar: upcoming deadlines month by month, then past ones by month, then
undated tasks by kind; split by place when large."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property
from typing import NamedTuple

from planpub.catalog import TaskEntry
from planpub.render.pages import PageBuilder, PageMaker, RenderedPage, Templates, toc_token
from planpub.site import links
from planpub.site.links import CENTRAL
from planpub.slug import fold
from planpub.timeline import KIND_LABELS
from planpub.vocab import PROGRESS_LABELS, month_heading

CALENDAR_SPLIT = 3000
"""Above this many tasks, ``/lich/`` lists places and each place gets its calendar page
(a calendar of every task is megabytes at a thousand plans)."""


class CalendarPages(PageBuilder):
    """``lich/`` and, when split, ``lich/<place>``."""

    def __init__(self, templates: Templates, split_above: int = CALENDAR_SPLIT) -> None:
        super().__init__(templates)
        self.split_above = split_above

    @cached_property
    def split(self) -> bool:
        """Whether ``/lich/`` lists places, each with its own calendar page, instead of tasks."""
        return len(self.catalog.tasks) > self.split_above

    def pages(self) -> Iterator[tuple[str, str, PageMaker]]:
        """(source path, title, maker) of each place's calendar, when split."""
        if not self.split:
            return
        for place, (name, _, _) in self.places.items():
            yield links.calendar_src(place), f"Lịch hạn — {name}", self._place(place, name)

    @cached_property
    def places(self) -> dict[str, tuple[str, list[TaskEntry], list[TaskEntry]]]:
        """Place id → (name, dated tasks soonest first, undated tasks) for each province-level
        place with tasks, national first, then by name."""
        c = self.catalog
        place_of = {p.id: c.top_place(c.locality_of(p)) or CENTRAL for p in c.plans.values()}
        dated: dict[str, list[TaskEntry]] = defaultdict(list)
        undated: dict[str, list[TaskEntry]] = defaultdict(list)
        for entry in c.dated:
            dated[place_of[entry.plan.id]].append(entry)
        for entry in c.undated:
            undated[place_of[entry.plan.id]].append(entry)
        names = {place: self.names.locality_name(place) for place in c.top_places}
        names[CENTRAL] = "Trung ương"
        order = [CENTRAL, *sorted(c.top_places, key=lambda i: fold(names[i]))]
        return {place: (names[place], dated.get(place, []), undated.get(place, []))
                for place in order if place in dated or place in undated}

    def index(self) -> RenderedPage:
        """Every task's deadline, or (split) the list of places."""
        page = links.index_src(links.CALENDAR)
        if not self.split:
            return self._calendar(page, self.catalog.dated, self.catalog.undated)
        today = self.names.reference.today
        rows = [(place, name, sum(1 for e in dated if e.due and e.due >= today), len(dated),
                 len(dated) + len(undated))
                for place, (name, dated, undated) in self.places.items()]
        html = self.t.render("calendar_index.html", page, places=rows)
        return RenderedPage(html, [toc_token("theo-dia-ban", "Lịch hạn theo địa bàn")])

    def _place(self, place: str, name: str) -> PageMaker:
        def make() -> RenderedPage:
            _, dated, undated = self.places[place]
            return self._calendar(links.calendar_src(place), dated, undated, name)
        return make

    def _calendar(self, page: str, dated: list[TaskEntry], undated_tasks: list[TaskEntry],
                  place: str | None = None) -> RenderedPage:
        """Upcoming deadlines month by month (from the reference date), then past ones by month,
        newest first (collapsed on the page), then the tasks without a date by kind of timeline."""
        today = self.names.reference.today
        ahead: dict[tuple[int, int], list[TaskEntry]] = defaultdict(list)
        behind: dict[tuple[int, int], list[TaskEntry]] = defaultdict(list)
        for entry in dated:
            assert entry.due is not None
            side = ahead if entry.due >= today else behind
            side[(entry.due.year, entry.due.month)].append(entry)
        upcoming = [_month(y, m, entries, "") for (y, m), entries in sorted(ahead.items())]
        past = [_month(y, m, entries, "-da-qua" if (y, m) in ahead else "")
                for (y, m), entries in sorted(behind.items(), reverse=True)]
        kinds: dict[str, list[TaskEntry]] = defaultdict(list)
        for entry in undated_tasks:
            kinds[str(entry.timeline.kind) if entry.timeline else ""].append(entry)
        order = [str(k) for k in KIND_LABELS]
        undated = sorted(kinds.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order
                         else len(order))
        tasks = [*dated, *undated_tasks]
        agencies = sorted({a for e in tasks for a in self.names.concerned(e)},
                          key=lambda a: fold(self.names.agency_name(a)))
        shown = {e.plan.id for e in tasks}
        plans = [plan for plan in self.catalog.plans.values() if plan.id in shown]
        present = {self.names.progress(e).status for e in tasks}
        statuses = [key for key in PROGRESS_LABELS if key in present]
        may_overdue = any(self.names.may_be_overdue(e) for e in dated)
        toc = [toc_token("han-sap-toi", "Hạn sắp tới", 2,
                         [toc_token(m.anchor, m.heading, 3) for m in upcoming]),
               toc_token("han-da-qua", "Hạn đã qua", 2,
                         [toc_token(m.anchor, m.heading, 3) for m in past]),
               toc_token("khong-co-ngay", "Nhiệm vụ không có ngày cụ thể", 2,
                         [toc_token(f"loai-{k or 'khac'}", kind_label(k), 3)
                          for k, _ in undated])]
        html = self.t.render("calendar.html", page, upcoming=upcoming, past=past,
                             undated=undated, agencies=agencies, plans=plans,
                             statuses=statuses, may_overdue=may_overdue,
                             kind_label=kind_label, place=place)
        return RenderedPage(html, toc)


class Month(NamedTuple):
    """One month's deadlines on the calendar, on one side of the reference date."""

    anchor: str
    """``thang-11-2025``; the past part of a month that also has upcoming deadlines ends
    ``-da-qua`` (the page's script names the parts it regroups the same way)."""
    key: str
    """``2025-11``."""
    heading: str
    entries: list[TaskEntry]


def _month(year: int, month: int, entries: list[TaskEntry], suffix: str) -> Month:
    return Month(f"thang-{month:02d}-{year}{suffix}", f"{year}-{month:02d}",
                 month_heading(year, month), entries)


def kind_label(kind: str) -> str:
    """The heading of an undated-task group."""
    for key, label in KIND_LABELS.items():
        if str(key) == kind:
            return label
    return "Không ghi thời gian thực hiện"
