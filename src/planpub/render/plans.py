"""Plan pages (the document as signed, then its task table with the reported progress), the
plan index and tree."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from markupsafe import Markup

from planpub.model import Plan
from planpub.render.document import DocumentBuilder
from planpub.render.markup import Prose
from planpub.render.pages import PageBuilder, PageMaker, RenderedPage, Templates, toc_token
from planpub.site import links
from planpub.site.paging import LIST_ITEMS
from planpub.slug import fold


class PlanPages(PageBuilder):
    """``ke-hoach/<id>``, ``ke-hoach/`` and ``cay-ke-hoach/``."""

    def __init__(self, templates: Templates, list_items: int = LIST_ITEMS) -> None:
        super().__init__(templates)
        self.document = DocumentBuilder(self.names, Prose())
        self.list_items = list_items
        """Above this many plans, the index lists the upper levels' plans by name and counts
        the rest by province, and the tree leaves out plans nothing implements."""

    def pages(self) -> Iterator[tuple[str, str, PageMaker]]:
        """(source path, title, maker) of each plan page."""
        for plan in self.catalog.plans.values():
            yield links.plan_src(plan.id), plan.title, self._plan_page(plan)

    def _plan_page(self, plan: Plan) -> PageMaker:
        def make() -> RenderedPage:
            c = self.catalog
            page = links.plan_src(plan.id)
            doc = self.document.build(plan)
            entries = c.tasks_by_plan.get(plan.id, [])
            sections = [s for s in (doc.aims, doc.tasks_section, doc.organisation_section,
                                    doc.funding_section) if s]
            task_toc = [toc_token(t.anchor, f"{t.number}. {plan_task_title(t.title)}", 3)
                        for t in doc.tasks if t.number]
            toc = [toc_token(s.anchor, s.heading.split(". ", 1)[-1].capitalize(), 2,
                             task_toc if s is doc.tasks_section else None) for s in sections]
            toc.append(toc_token("bang-nhiem-vu", "Bảng nhiệm vụ"))
            html = self.t.render(
                "plan.html", page, plan=plan, doc=doc, entries=entries,
                locality=c.locality_of(plan), parents=c.parent_plans(plan),
                children=c.children.get(plan.id, []),
                answer_column=any(self.names.named(e, "advise", "consolidate") for e in entries),
                entry_at={e.anchor: e for e in entries},
                reported=any(c.reports.get(e.id) for e in entries),
            )
            return RenderedPage(html, toc)
        return make

    def index(self) -> RenderedPage:
        """Every plan, by year, newest year first."""
        page = links.index_src(links.PLANS)
        years: dict[int, list[Plan]] = defaultdict(list)
        for plan in self.catalog.plans.values():
            years[plan.year].append(plan)
        ordered = sorted(years.items(), reverse=True)
        toc = [toc_token(f"nam-{y}", f"Năm {y}") for y, _ in ordered]
        counted: dict[int, list[tuple[str, int]]] = {}
        if len(self.catalog.plans) > self.list_items:
            ordered, counted = self._upper_levels(ordered)
        return RenderedPage(self.t.render("plans_index.html", page, years=ordered,
                                          counted=counted), toc)

    def _upper_levels(self, years: list[tuple[int, list[Plan]]]
                      ) -> tuple[list[tuple[int, list[Plan]]], dict[int, list[tuple[str, int]]]]:
        """Each year's plans of the country and the provinces, and (province, number of plans
        below it) for the rest."""
        c = self.catalog
        top = set(c.top_places)
        listed: list[tuple[int, list[Plan]]] = []
        counted: dict[int, list[tuple[str, int]]] = {}
        for year, plans in years:
            shown, below = [], Counter[str]()
            for plan in plans:
                locality = c.locality_of(plan)
                province = c.top_place(locality)
                if province is None or locality in top:
                    shown.append(plan)
                else:
                    below[province] += 1
            listed.append((year, shown))
            counted[year] = sorted(below.items(), key=lambda kv: fold(
                self.names.locality_name(kv[0])))
        return listed, counted

    def tree(self) -> RenderedPage:
        """Which plan implements which (the documents they implement as roots)."""
        page = links.index_src(links.PLAN_TREE)
        c = self.catalog
        roots = [d for d in c.children if d not in c.plans]
        roots += [p for p in c.plans if not c.parent_plans(c.plans[p])]
        summarise = len(c.plans) > self.list_items
        alone = [r for r in roots if r in c.plans and r not in c.children] if summarise else []
        roots = [r for r in roots if r not in alone]
        return RenderedPage(self.t.render("plan_tree.html", page, roots=roots, alone=len(alone),
                                          summarise=summarise), [])


def plan_task_title(title: Markup | None) -> str:
    """A task title for the table of contents, shortened to about ten words."""
    words = Markup(title or "").unescape().split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")
