"""Agency pages (a summary by reported status, tasks by role and year, inherited tasks,
deadlines) and the agency index."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from planpub.catalog import ROLE_STRENGTH, Assignment
from planpub.registrymodel import Agency
from planpub.render.pages import PageBuilder, PageMaker, RenderedPage, toc_token
from planpub.site import links
from planpub.site.contacts import contact_of
from planpub.site.links import CENTRAL
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


class AgencyPages(PageBuilder):
    """``co-quan/<id>`` and ``co-quan/``."""

    def pages(self) -> Iterator[tuple[str, str, PageMaker]]:
        """(source path, title, maker) of each agency page."""
        for agency in self.catalog.agencies.values():
            yield links.agency_src(agency.id), agency.name, self._agency_page(agency)

    def _agency_page(self, agency: Agency) -> PageMaker:
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
            summary = self._summary(
                [a for _, years in roles for _, items in years for a in items], inherited)
            toc = [toc_token("lien-he", "Liên hệ")]
            toc += [toc_token("ke-hoach-ban-hanh", "Kế hoạch đã ban hành")] if issued else []
            if summary.total:
                toc.append(toc_token("tinh-trang", "Tình trạng theo báo cáo"))
            toc += [toc_token(f"vai-tro-{role}", ROLE_LABELS[role], 2,
                             [toc_token(f"vai-tro-{role}-{year}", f"Năm {year}", 3)
                              for year, _ in years]) for role, years in roles]
            if inherited:
                toc.append(toc_token("ke-thua", "Nhiệm vụ của cơ quan tiền nhiệm"))
            if units:
                toc.append(toc_token("don-vi-truc-thuoc", "Nhiệm vụ của đơn vị trực thuộc"))
            toc.append(toc_token("lich-han", "Lịch hạn"))
            html = self.t.render(
                "agency.html", page, agency=agency, roles=roles, inherited=inherited,
                units=units, UNIT_TASKS_SHOWN=UNIT_TASKS_SHOWN, issued=issued,
                dated=sorted(dated.values(), key=_by_due), summary=summary,
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
        groups += [(loc, self.names.locality_name(loc), depth)
                   for loc, depth in self.names.locality_tree() if loc in agencies_in]
        toc = [toc_token(f"dia-ban-{loc}", name) for loc, name, depth in groups if depth <= 1]
        html = self.t.render("agencies_index.html", page, groups=groups,
                             agencies_in=agencies_in)
        return RenderedPage(html, toc)


def _by_due(assignment: Assignment) -> tuple[dt.date, str, str]:
    entry = assignment.entry
    return (entry.due or dt.date.min, entry.plan.id, entry.number)
