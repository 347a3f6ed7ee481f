"""Every generated HTML page of the site, from the catalog, without MkDocs.

:class:`SiteRenderer` lists the pages once (:meth:`outputs`) and renders a
page's body when asked (:meth:`render`), so a build holds one page at a time.
Each kind of page has its builder (plans, agencies, localities, calendar, lookup);
feeds and data files are views of their own (:mod:`planpub.ics`,
:mod:`planpub.opendata`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from planpub.catalog import Catalog
from planpub.render.agencies import AgencyPages
from planpub.render.calendar import CalendarPages
from planpub.render.localities import LocalityPages
from planpub.render.lookup import INDEX_TITLE, LookupPages
from planpub.render.pages import PageMaker, RenderedPage, Templates, Theme
from planpub.render.plans import PlanPages
from planpub.site import links
from planpub.site.calendars import PAGE_TASKS, SPLIT_ABOVE, Calendars
from planpub.site.links import Urls
from planpub.site.names import Names
from planpub.site.outputs import Output
from planpub.site.paging import LIST_ITEMS
from planpub.status import Reference


class SiteRenderer:
    """The site's generated pages."""

    def __init__(self, catalog: Catalog, urls: Urls, *, theme: Theme | None = None,
                 document_pages: Iterable[str] = (),
                 calendar_split: int = SPLIT_ABOVE, page_tasks: int = PAGE_TASKS,
                 list_items: int = LIST_ITEMS, reference: Reference | None = None) -> None:
        self.names = Names(catalog, urls, frozenset(document_pages), reference)
        self.templates = Templates(self.names, theme or Theme())
        self.plans = PlanPages(self.templates, list_items)
        self.agencies = AgencyPages(self.templates, page_tasks, list_items)
        self.localities = LocalityPages(self.templates, list_items)
        self.calendars = Calendars(self.names, calendar_split, page_tasks)
        """How the calendar and its feeds are divided (pages and feeds share it)."""
        self.calendar = CalendarPages(self.templates, self.calendars)
        self.lookup = LookupPages(self.templates)
        self._pages: dict[str, PageMaker] = {}

    def outputs(self) -> Iterator[Output]:
        """Every generated page (their bodies come from :meth:`render`)."""
        yield self._page(links.index_src(links.PLANS), "Kế hoạch", self.plans.index, True)
        yield self._page(links.index_src(links.AGENCIES), "Cơ quan", self.agencies.index, True)
        yield self._page(links.index_src(links.CALENDAR), "Lịch hạn", self.calendar.index, True)
        for src, title, make in self.calendar.pages():
            yield self._page(src, title, make)
        yield self._page(links.index_src(links.LOCALITIES), "Kế hoạch theo địa bàn",
                         self.localities.index)
        yield self._page(links.index_src(links.PLAN_TREE), "Quan hệ giữa các kế hoạch",
                         self.plans.tree)
        for builder in (self.plans, self.agencies, self.localities):
            for src, title, make in builder.pages():
                yield self._page(src, title, make)
        yield self._page(links.index_src(links.LOOKUP), INDEX_TITLE, self.lookup.index, True)
        for src, title, make in self.lookup.pages():
            yield self._page(src, title, make)
        yield self.lookup.data()

    def _page(self, src: str, title: str, make: PageMaker, in_nav: bool = False) -> Output:
        self._pages[src] = make
        return Output(src, in_nav=in_nav, title=title)

    def render(self, src: str) -> RenderedPage | None:
        """The body of the generated page ``src``; None if it is not generated here."""
        make = self._pages.get(src)
        return make() if make else None
