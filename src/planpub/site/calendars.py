"""How the deadline calendar and its feeds are divided as the site grows.

A national site has a hundred thousand tasks: one page or one feed of them all would be
tens of megabytes, which no phone shows and no calendar app subscribes to. So:

* up to ``split_above`` tasks, ``/lich/`` is one calendar of every task;
* above it, ``/lich/`` lists the province-level places, each with its calendar page
  ``lich/<place>/`` and its feed ``lich/<place>.ics``;
* a place with more than ``page_tasks`` tasks gets one page per year instead
  (``lich/<place>/<year>/``: the deadlines that fall in that year, and the undated tasks of
  that year's plans), and its own page shows the upcoming deadlines and lists the years;
* a year with more than ``page_tasks`` tasks is cut into parts at month boundaries
  (``lich/<place>/<year>-phan-2/``; a month larger than a page is cut into pieces of a page
  each, soonest first).

The same rule serves the pages (:mod:`planpub.render.calendar`) and the feeds
(:mod:`planpub.ics`), so every page a feed points to exists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from planpub.catalog import TaskEntry
from planpub.site import links
from planpub.site.links import CENTRAL
from planpub.site.names import Names
from planpub.site.paging import chunks
from planpub.slug import fold

SPLIT_ABOVE = 3000
"""Above this many tasks, ``/lich/`` lists places (a calendar of every task is megabytes at a
thousand plans)."""
PAGE_TASKS = 400
"""At most this many tasks on one calendar or agency page (a row is about 2 kB: a page stays
under 1 MB)."""


@dataclass(frozen=True)
class Part:
    """One calendar page of a place's year: some months' deadlines and/or undated tasks."""

    src: str
    year: int
    title: str
    """“Năm 2025”, or, when the year has several parts, what this part holds
    (“Năm 2025: tháng 1–11/2025”, “Năm 2025: tháng 12 (phần 2/3)/2025”, “Năm 2025: nhiệm vụ
    không có ngày cụ thể”)."""
    span: str
    """The dates its deadlines fall in, in words: “năm 2025”, “tháng 1–11/2025”."""
    dated: list[TaskEntry]
    undated: list[TaskEntry]


@dataclass
class Year:
    """A place's year: the deadlines that fall in it, the undated tasks of its plans."""

    year: int
    dated: list[TaskEntry] = field(default_factory=list)
    undated: list[TaskEntry] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


@dataclass
class Place:
    """A province-level place (``trung-uong``: plans of no place) and its tasks."""

    id: str
    name: str
    dated: list[TaskEntry] = field(default_factory=list)
    """Soonest first."""
    undated: list[TaskEntry] = field(default_factory=list)
    years: list[Year] = field(default_factory=list)
    """Empty when the place fits on one page."""

    @property
    def src(self) -> str:
        return links.calendar_src(self.id)

    @property
    def feed(self) -> str:
        return links.calendar_feed(self.id)

    def pages(self) -> Iterator[tuple[str, str, Part | None]]:
        """(source path, title, part) of each page: the place's own (no part), then its
        years' parts."""
        yield self.src, f"Lịch hạn — {self.name}", None
        for year in self.years:
            for part in year.parts:
                yield part.src, f"Lịch hạn — {self.name} — {part.title}", part


class Calendars:
    """The calendar's places, years and parts for one catalog (computed once per build)."""

    def __init__(self, names: Names, split_above: int = SPLIT_ABOVE,
                 page_tasks: int = PAGE_TASKS) -> None:
        self.names = names
        self.split_above = split_above
        self.page_tasks = max(1, page_tasks)

    @cached_property
    def split(self) -> bool:
        """Whether ``/lich/`` lists places, each with its own calendar, instead of tasks."""
        return len(self.names.catalog.tasks) > self.split_above

    @cached_property
    def places(self) -> dict[str, Place]:
        """Each province-level place with tasks, national first, then by name (empty when
        the calendar is not split)."""
        if not self.split:
            return {}
        c = self.names.catalog
        place_of = {p.id: self.names.place_of(p) for p in c.plans.values()}
        names = {place: self.names.locality_name(place) for place in c.top_places}
        names[CENTRAL] = "Trung ương"
        out = {place: Place(place, names[place])
               for place in [CENTRAL, *sorted(c.top_places, key=lambda i: fold(names[i]))]}
        for entry in c.dated:
            out[place_of[entry.plan.id]].dated.append(entry)
        for entry in c.undated:
            out[place_of[entry.plan.id]].undated.append(entry)
        kept = {key: place for key, place in out.items() if place.dated or place.undated}
        for place in kept.values():
            if len(place.dated) + len(place.undated) > self.page_tasks:
                place.years = self._years(place)
        return kept

    def pages(self) -> Iterator[tuple[str, str, Place, Part | None]]:
        """(source path, title, place, part) of every calendar page below ``/lich/``."""
        for place in self.places.values():
            for src, title, part in place.pages():
                yield src, title, place, part

    def upcoming(self, place: Place) -> list[TaskEntry]:
        """The deadlines a large place's own page lists: from the reference date on, whole
        days, at most a page of them (the first day whole even if larger)."""
        today = self.names.reference.today
        ahead = [e for e in place.dated if e.due and e.due >= today]
        return ahead[:whole_days(ahead, self.page_tasks)]

    def _years(self, place: Place) -> list[Year]:
        years: dict[int, Year] = {}
        for entry in place.dated:
            assert entry.due is not None
            years.setdefault(entry.due.year, Year(entry.due.year)).dated.append(entry)
        for entry in place.undated:
            years.setdefault(entry.plan.year, Year(entry.plan.year)).undated.append(entry)
        out = [years[y] for y in sorted(years)]
        for year in out:
            year.parts = self._parts(place, year)
        return out

    def _parts(self, place: Place, year: Year) -> list[Part]:
        """A year's pages: its months in order, then its undated tasks, packed at most
        ``page_tasks`` tasks to a page (a month larger than that is cut by date)."""
        months: dict[int, list[TaskEntry]] = defaultdict(list)
        for entry in year.dated:
            assert entry.due is not None
            months[entry.due.month].append(entry)
        units = [unit for month, entries in months.items()
                 for unit in _units(month, entries, self.page_tasks)]
        units += _units(0, year.undated, self.page_tasks)
        packed: list[list[_Unit]] = [[]]
        for unit in units:
            if packed[-1] and sum(u.size for u in packed[-1]) + unit.size > self.page_tasks:
                packed.append([])
            packed[-1].append(unit)
        return [Part(links.calendar_year_src(place.id, year.year, i + 1), year.year,
                     f"Năm {year.year}" + (f": {_holds(year.year, group)}"
                                           if len(packed) > 1 else ""),
                     _span(year.year, group) if len(packed) > 1 else f"năm {year.year}",
                     [e for u in group if u.month for e in u.entries],
                     [e for u in group if not u.month for e in u.entries])
                for i, group in enumerate(packed)]


@dataclass(frozen=True)
class _Unit:
    """A month's deadlines (``month`` 0: the undated tasks), or one piece of them."""

    month: int
    entries: list[TaskEntry]
    piece: int
    pieces: int

    @property
    def size(self) -> int:
        return len(self.entries)


def _units(month: int, entries: list[TaskEntry], size: int) -> list[_Unit]:
    pieces = chunks(entries, size) if entries else []
    return [_Unit(month, list(piece), i + 1, len(pieces)) for i, piece in enumerate(pieces)]


def _span(year: int, group: list[_Unit]) -> str:
    """The months a part's deadlines fall in: “tháng 1–11/2025”, “tháng 12 (phần 2/3)/2025”."""
    dated = [u for u in group if u.month]
    if not dated:
        return ""
    first, last = dated[0], dated[-1]

    def piece(u: _Unit) -> str:
        return f" (phần {u.piece}/{u.pieces})" if u.pieces > 1 else ""

    if first is last:
        return f"tháng {first.month}/{year}{piece(first)}"
    return f"tháng {first.month}{piece(first)}–{last.month}/{year}{piece(last)}"


def _holds(year: int, group: list[_Unit]) -> str:
    """What one part of a year holds, in words: its months, and/or the undated tasks."""
    words = [_span(year, group).replace(f"/{year}", "")] if any(u.month for u in group) else []
    undated = [u for u in group if not u.month]
    if undated:
        u = undated[0]
        words.append("nhiệm vụ không có ngày cụ thể"
                     + (f" (phần {u.piece}/{u.pieces})" if u.pieces > 1 else ""))
    return ", ".join(words)


def whole_days(entries: list[TaskEntry], limit: int) -> int:
    """How many of ``entries`` (soonest first) fit in ``limit`` without cutting a day (the
    first day whole, however large)."""
    fit = 0
    for i in range(1, len(entries) + 1):
        if i == len(entries) or entries[i].due != entries[i - 1].due:  # a day ends here
            if i > limit and fit:
                break
            fit = i
            if i >= limit:
                break
    return fit
