"""The deadline calendar: upcoming deadlines month by month, then past ones by month, then
undated tasks by kind; split by place when large."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from planpub.catalog import TaskEntry
from planpub.render.pages import PageBuilder, PageMaker, RenderedPage, Templates, toc_token
from planpub.site import links
from planpub.site.calendars import Calendars, Part, Place
from planpub.slug import fold
from planpub.timeline import KIND_LABELS
from planpub.vocab import PROGRESS_LABELS, month_heading


class CalendarPages(PageBuilder):
    """``lich/`` and, when split, each place's pages (:mod:`planpub.site.calendars`)."""

    def __init__(self, templates: Templates, calendars: Calendars) -> None:
        super().__init__(templates)
        self.calendars = calendars

    @property
    def split(self) -> bool:
        """Whether ``/lich/`` lists places, each with its own calendar, instead of tasks."""
        return self.calendars.split

    def pages(self) -> Iterator[tuple[str, str, PageMaker]]:
        """(source path, title, maker) of each place's calendar pages, when split."""
        for src, title, place, part in self.calendars.pages():
            yield src, title, self._maker(src, place, part)

    def index(self) -> RenderedPage:
        """Every task's deadline, or (split) the list of places."""
        page = links.index_src(links.CALENDAR)
        if not self.split:
            return self._calendar(page, self.catalog.dated, self.catalog.undated)
        today = self.names.reference.today
        rows = [(place, _ahead(place.dated, today))
                for place in self.calendars.places.values()]
        html = self.t.render("calendar_index.html", page, places=rows)
        return RenderedPage(html, [toc_token("theo-dia-ban", "Lịch hạn theo địa bàn")])

    def _maker(self, src: str, place: Place, part: Part | None) -> PageMaker:
        def make() -> RenderedPage:
            if part is not None:
                return self._calendar(src, part.dated, part.undated, place, part)
            if not place.years:
                return self._calendar(src, place.dated, place.undated, place)
            return self._calendar(src, self.calendars.upcoming(place), [], place, overview=True)
        return make

    def _calendar(self, page: str, dated: list[TaskEntry], undated_tasks: list[TaskEntry],
                  place: Place | None = None, part: Part | None = None,
                  overview: bool = False) -> RenderedPage:
        """Upcoming deadlines month by month (from the reference date), then past ones by month,
        newest first (collapsed on the page), then the tasks without a date by kind of timeline.

        ``overview``: a large place's own page: its next deadlines, then its years' pages.
        """
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
        toc = []  # the sections calendar.html shows (a part shows only what it holds)
        if part is None or part.dated:
            toc.append(toc_token("han-sap-toi", "Hạn sắp tới", 2,
                                 [toc_token(m.anchor, m.heading, 3) for m in upcoming]))
        if overview:
            toc.append(toc_token("theo-nam", "Lịch hạn theo năm", 2))
        elif part is None or part.dated:
            toc.append(toc_token("han-da-qua", "Hạn đã qua", 2,
                                 [toc_token(m.anchor, m.heading, 3) for m in past]))
        if not overview and (part is None or part.undated):
            toc.append(toc_token("khong-co-ngay", "Nhiệm vụ không có ngày cụ thể", 2,
                                 [toc_token(f"loai-{k or 'khac'}", kind_label(k), 3)
                                  for k, _ in undated]))
        years = [(y, _ahead(y.dated, today))
                 for y in place.years] if place and overview else []
        more = overview and place is not None and len(dated) < _ahead(place.dated, today)
        year = next((y for y in place.years if y.year == part.year), None) \
            if place and part else None
        html = self.t.render("calendar.html", page, upcoming=upcoming, past=past,
                             undated=undated, agencies=agencies, plans=plans,
                             statuses=statuses, may_overdue=may_overdue,
                             kind_label=kind_label, place=place, part=part,
                             overview=overview, years=years, more=more, shown=len(dated),
                             last_due=dated[-1].due if dated else None,
                             siblings=year.parts if year else [],
                             year_dated=bool(year and year.dated))
        return RenderedPage(html, toc)


def _ahead(dated: list[TaskEntry], today: dt.date) -> int:
    """How many of ``dated`` fall due on ``today`` or later."""
    return sum(1 for e in dated if e.due and e.due >= today)


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
