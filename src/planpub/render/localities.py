"""Locality pages (plans and agencies of a place) and the index of places."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from planpub.registrymodel import Locality
from planpub.render.pages import PageBuilder, PageMaker, RenderedPage, Templates, toc_token
from planpub.site import links
from planpub.site.paging import LIST_ITEMS
from planpub.site.succession import predecessors
from planpub.slug import fold


class LocalityPages(PageBuilder):
    """``dia-ban/<id>`` and ``dia-ban/``: a page per registry locality that has plans or
    agencies (:attr:`Names.locality_pages`), never one per unit of the national list.

    A place with more than ``list_items`` plans in it lists its own plans and counts the plans
    of each place under it (the country's page at national scale)."""

    def __init__(self, templates: Templates, list_items: int = LIST_ITEMS) -> None:
        super().__init__(templates)
        self.list_items = list_items

    @cached_property
    def _predecessors(self) -> dict[str, list[Locality]]:
        return predecessors(self.catalog)

    def pages(self) -> Iterator[tuple[str, str, PageMaker]]:
        """(source path, title, maker) of each locality page."""
        for locality in self.catalog.registry.localities.values():
            if locality.id in self.names.locality_pages:
                yield links.locality_src(locality.id), locality.name, self._page(locality.id)

    def _page(self, locality_id: str) -> PageMaker:
        def make() -> RenderedPage:
            reg = self.catalog.registry.localities
            page = links.locality_src(locality_id)
            children = sorted((loc for loc in reg.values() if loc.parent == locality_id
                               and loc.id in self.names.locality_pages),
                              key=lambda loc: fold(loc.name))
            before = self._predecessors.get(locality_id, [])
            documents = list(dict.fromkeys(d for loc in before for d in loc.changed_by))
            plans = self.names.plans_in.get(locality_id, [])
            below: list[tuple[Locality, int]] = []
            if len(plans) > self.list_items:
                below = [(child, len(self.names.plans_in.get(child.id, [])))
                         for child in children if self.names.plans_in.get(child.id)]
                plans = [p for p in plans if self.catalog.locality_of(p) == locality_id]
            html = self.t.render(
                "locality.html", page, locality=reg[locality_id], children=children,
                predecessors=before, documents=documents, plans=plans, below=below,
                agencies=self.names.agencies_in.get(locality_id, []),
            )
            return RenderedPage(html, [toc_token("ke-hoach", "Kế hoạch"),
                                       toc_token("co-quan", "Cơ quan")])
        return make

    def index(self) -> RenderedPage:
        """Every place, as a tree, with its counts of plans and agencies."""
        page = links.index_src(links.LOCALITIES)
        html = self.t.render("localities_index.html", page, tree=self.names.locality_tree(),
                             plans_in=self.names.plans_in, agencies_in=self.names.agencies_in)
        return RenderedPage(html, [])
