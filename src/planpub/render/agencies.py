"""Agency pages (a summary by reported status, tasks by role and year, inherited tasks,
deadlines) and the agency index."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from planpub.catalog import ROLE_STRENGTH, Assignment
from planpub.registrymodel import Agency
from planpub.render.pages import PageBuilder, PageMaker, RenderedPage, Templates, toc_token
from planpub.site import links
from planpub.site.calendars import PAGE_TASKS, whole_days
from planpub.site.contacts import contact_of
from planpub.site.links import CENTRAL
from planpub.site.paging import LIST_ITEMS, chunks
from planpub.vocab import ROLE_LABELS

UNIT_TASKS_SHOWN = 10
"""Tasks of each unit listed on the page of the agency above it (the unit's page has all)."""
SUMMARY_ORDER = ("hoan-thanh", "dang-thuc-hien", "chua-thuc-hien", "khong-thuc-hien",
                 "chua-bao-cao")
"""The order of the statuses in an agency's summary."""


@dataclass(frozen=True)
class StatusSummary:
    """An agency's own tasks counted by the agency's status on each (its part's); tasks of
    predecessors it took over are counted apart (``inherited``), never in the counts."""

    counts: tuple[tuple[str, int], ...]
    """(status, number of tasks) in :data:`SUMMARY_ORDER`, statuses with no task left out."""
    total: int
    inherited: int
    overdue: int
    """Tasks overdue on the reference date (only ever from reports)."""
    may_be_overdue: bool
    """Whether a reader's later date could make one of them overdue."""


INHERITED = "ke-thua"
"""The rows of a year page that are a predecessor's tasks (beside the role keys)."""


@dataclass(frozen=True)
class YearPart:
    """One page of a large agency's tasks in one plan year."""

    src: str
    title: str
    """“Năm 2025”, or “Năm 2025 (phần 2/3)”."""
    rows: list[tuple[str, Assignment]]
    """(role, or :data:`INHERITED`; the assignment), strongest role first."""


@dataclass
class AgencyYear:
    """A large agency's tasks in the plans of one year."""

    year: int
    counts: dict[str, int] = field(default_factory=dict)
    parts: list[YearPart] = field(default_factory=list)


class AgencyPages(PageBuilder):
    """``co-quan/<id>``, for an agency with more than ``page_tasks`` tasks its year pages
    ``co-quan/<id>/<year>`` (cut into parts of at most ``page_tasks`` tasks), and
    ``co-quan/``."""

    def __init__(self, templates: Templates, page_tasks: int = PAGE_TASKS,
                 list_items: int = LIST_ITEMS) -> None:
        super().__init__(templates)
        self.page_tasks = max(1, page_tasks)
        self.list_items = list_items
        """Above this many agencies, the index names those of the country and the provinces
        and counts the rest by province."""

    def pages(self) -> Iterator[tuple[str, str, PageMaker]]:
        """(source path, title, maker) of each agency page and of its year pages."""
        for agency in self.catalog.agencies.values():
            years = self._years(agency)
            yield links.agency_src(agency.id), agency.name, self._agency_page(agency, years)
            for year in years:
                for part in year.parts:
                    yield (part.src, f"{agency.name} — {part.title}",
                           self._year_page(agency, year, part))

    def _years(self, agency: Agency) -> list[AgencyYear]:
        """The year pages of an agency with more than ``page_tasks`` tasks (else none)."""
        c = self.catalog
        own = c.assignments(agency.id)
        inherited = c.inherited(agency.id) if c.predecessors.get(agency.id) else []
        if len(own) + len(inherited) <= self.page_tasks:
            return []
        years: dict[int, list[tuple[str, Assignment]]] = {}
        by_role: dict[str, list[Assignment]] = {role: [] for role in ROLE_STRENGTH}
        for a in own:
            by_role[a.role].append(a)
        for role, held in by_role.items():
            for a in held:
                years.setdefault(a.entry.plan.year, []).append((role, a))
        for a in inherited:
            years.setdefault(a.entry.plan.year, []).append((INHERITED, a))
        out = []
        for year, rows in sorted(years.items(), reverse=True):
            pieces = chunks(rows, self.page_tasks)
            counts = Counter(role for role, _ in rows)
            out.append(AgencyYear(year, dict(counts), [
                YearPart(links.agency_year_src(agency.id, year, i + 1),
                         f"Năm {year}" + (f" (phần {i + 1}/{len(pieces)})"
                                          if len(pieces) > 1 else ""), list(piece))
                for i, piece in enumerate(pieces)]))
        return out

    def _year_page(self, agency: Agency, year: AgencyYear, part: YearPart) -> PageMaker:
        def make() -> RenderedPage:
            sections: dict[str, list[Assignment]] = {}
            for role, a in part.rows:
                sections.setdefault(role, []).append(a)
            labels = {**ROLE_LABELS, INHERITED: "Nhiệm vụ của cơ quan tiền nhiệm"}
            html = self.t.render("agency_year.html", part.src, agency=agency, year=year,
                                 part=part, sections=list(sections.items()), labels=labels)
            return RenderedPage(html, [toc_token(f"vai-tro-{role}", labels[role])
                                       for role in sections])
        return make

    def _agency_page(self, agency: Agency, years: list[AgencyYear]) -> PageMaker:
        def make() -> RenderedPage:
            c = self.catalog
            page = links.agency_src(agency.id)
            by_role: dict[str, dict[int, list[Assignment]]] = {}
            for assignment in c.assignments(agency.id):
                year = assignment.entry.plan.year
                by_role.setdefault(assignment.role, {}).setdefault(year, []).append(assignment)
            roles = [(role, sorted(by_role[role].items(), reverse=True))
                     for role in ROLE_STRENGTH if role in by_role]
            units = [(unit, c.assignments(unit)) for unit in c.units_with_tasks(agency.id)]
            issued = c.plans_issued_by.get(agency.id, [])
            inherited = c.inherited(agency.id)
            dated: dict[str, Assignment] = {}
            for assignment in c.assignments(agency.id) + inherited:
                if assignment.entry.due:
                    dated.setdefault(assignment.entry.id, assignment)
            deadlines = sorted(dated.values(), key=_by_due)
            summary = self._summary(
                [a for _, years_ in roles for _, items in years_ for a in items], inherited)
            more_dated = False
            if years:  # the page lists the next deadlines only; the rest are on year pages
                today = self.names.reference.today
                ahead = [a for a in deadlines if a.entry.due and a.entry.due >= today]
                shown = whole_days([a.entry for a in ahead], self.page_tasks // 2)
                deadlines, more_dated = ahead[:shown], shown < len(ahead)
                roles, inherited = [], []
            toc = [toc_token("lien-he", "Liên hệ")]
            toc += [toc_token("ke-hoach-ban-hanh", "Kế hoạch đã ban hành")] if issued else []
            if summary.total:
                toc.append(toc_token("tinh-trang", "Tình trạng theo báo cáo"))
            if years:
                toc.append(toc_token("theo-nam", "Nhiệm vụ theo năm"))
            toc += [toc_token(f"vai-tro-{role}", ROLE_LABELS[role], 2,
                             [toc_token(f"vai-tro-{role}-{year}", f"Năm {year}", 3)
                              for year, _ in years_]) for role, years_ in roles]
            if inherited:
                toc.append(toc_token("ke-thua", "Nhiệm vụ của cơ quan tiền nhiệm"))
            if units:
                toc.append(toc_token("don-vi-truc-thuoc", "Nhiệm vụ của đơn vị trực thuộc"))
            toc.append(toc_token("lich-han", "Lịch hạn"))
            year_roles = [role for role in (*ROLE_STRENGTH, INHERITED)
                          if any(role in y.counts for y in years)]
            html = self.t.render(
                "agency.html", page, agency=agency, roles=roles, inherited=inherited,
                units=units, UNIT_TASKS_SHOWN=UNIT_TASKS_SHOWN, issued=issued,
                dated=deadlines, summary=summary, years=years, year_roles=year_roles,
                year_role_labels={**ROLE_LABELS, INHERITED: "Của cơ quan tiền nhiệm"},
                more_dated=more_dated, page_tasks=self.page_tasks,
                groups=c.groups_of.get(agency.id, []),
                predecessors=c.predecessors.get(agency.id, []),
                contact=contact_of(c, agency, self.names.reference.today),
            )
            return RenderedPage(html, toc)
        return make

    def _summary(self, own: list[Assignment], inherited: list[Assignment]) -> StatusSummary:
        """The agency's own tasks counted by its own status on each, and those of its own parts
        overdue; a predecessor's tasks are listed apart, never counted against it."""
        names = self.names
        counts = Counter(names.progress(a.entry).part(a.agency).status for a in own)
        return StatusSummary(
            tuple((status, counts[status]) for status in SUMMARY_ORDER if counts[status]),
            len(own), len(inherited), sum(names.overdue(a.entry, a.agency) for a in own),
            any(names.may_be_overdue(a.entry, a.agency) for a in own))

    def index(self) -> RenderedPage:
        """Agencies by place: central first, then the locality tree."""
        page = links.index_src(links.AGENCIES)
        agencies_in = self.names.agencies_in
        groups = [(CENTRAL, "Trung ương và vai trò chung", 0)] if CENTRAL in agencies_in else []
        tree = self.names.locality_tree()
        below: dict[str, tuple[int, int]] = {}
        if len(self.catalog.agencies) > self.list_items:
            for loc, depth in tree:
                province = self.catalog.top_place(loc)
                if depth > 1 and province and agencies_in.get(loc):
                    places, count = below.get(province, (0, 0))
                    below[province] = (places + 1, count + len(agencies_in[loc]))
            tree = [(loc, depth) for loc, depth in tree if depth <= 1]
        groups += [(loc, self.names.locality_name(loc), depth)
                   for loc, depth in tree if loc in agencies_in or loc in below]
        toc = [toc_token(f"dia-ban-{loc}", name) for loc, name, depth in groups if depth <= 1]
        html = self.t.render("agencies_index.html", page, groups=groups,
                             agencies_in=agencies_in, below=below)
        return RenderedPage(html, toc)


def _by_due(assignment: Assignment) -> tuple[dt.date, str, str]:
    entry = assignment.entry
    return (entry.due or dt.date.min, entry.plan.id, entry.number)
