"""Every generated page and file of the site, from the catalog, without MkDocs.

:class:`SiteRenderer` lists the outputs once (:meth:`outputs`) and renders a
page's HTML when asked (:meth:`render`), so a build holds one page at a time.
One Jinja environment (autoescaped) and one Markdown converter serve the whole
build.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from planpub.catalog import Assignment, Catalog, TaskEntry
from planpub.export import open_data, plan_schema, tasks_csv, to_json
from planpub.ics import FeedWriter, build_stamp
from planpub.model import Agency, LegalDoc, Plan, Roles
from planpub.render import links
from planpub.render.document import DocumentBuilder
from planpub.render.links import Urls
from planpub.render.markup import Prose, finalize, text
from planpub.slug import fold
from planpub.timeline import KIND_LABELS
from planpub.vocab import (
    AGENCY_KIND_LABELS,
    DOC_TYPE_LABELS,
    LOCALITY_KIND_LABELS,
    ROLE_LABELS,
    dmy,
    month_heading,
)

TocToken = dict[str, Any]
CENTRAL = "trung-uong"
CALENDAR_SPLIT = 3000
"""Above this many tasks, ``/lich/`` lists places and each place gets its calendar page
(a calendar of every task is megabytes at a thousand plans)."""
"""Pseudo-locality of agencies without a locality (ministries, roles)."""


@dataclass(frozen=True)
class Output:
    """A generated file. For a page, ``content`` is its front matter only."""

    src: str
    content: str | bytes
    in_nav: bool = False


@dataclass
class RenderedPage:
    """The HTML body of a generated page and its table of contents."""

    html: str
    toc: list[TocToken] = field(default_factory=list)


def toc_token(anchor: str, name: str, level: int = 2,
              children: list[TocToken] | None = None) -> TocToken:
    """A table-of-contents entry in Python-Markdown's shape (``name`` is HTML)."""
    return {"level": level, "id": anchor, "name": str(text(name)), "children": children or []}


def front_matter(title: str, **extra: Any) -> str:
    """YAML front matter: an HTML-escaped title, and macros switched off."""
    meta = {"title": str(text(title)), "render_macros": False, **extra}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


class Linker:
    """Links from one page to others (used by templates as ``L``)."""

    def __init__(self, renderer: SiteRenderer, page: str) -> None:
        self.r = renderer
        self.page = page

    def to(self, src: str, anchor: str = "") -> str:
        return self.r.urls.rel(self.page, src, anchor)

    def plan(self, plan_id: str, anchor: str = "") -> str:
        return self.to(links.plan_src(plan_id), anchor)

    def agency(self, agency_id: str) -> str | None:
        if agency_id not in self.r.catalog.agencies:
            return None
        return self.to(links.agency_src(agency_id))

    def locality(self, locality_id: str | None) -> str | None:
        if locality_id in self.r.catalog.registry.localities:
            return self.to(links.locality_src(locality_id or ""))
        return None

    def ref(self, ref: str | None) -> str | None:
        return self.r.document.ref_href(self.page, ref)


class SiteRenderer:
    """The site's generated pages, feeds and data files."""

    def __init__(self, catalog: Catalog, urls: Urls, *, root: Path,
                 document_pages: Iterable[str] = (),
                 feed_events: dict[str, bytes] | None = None,
                 calendar_split: int = CALENDAR_SPLIT) -> None:
        self.catalog = catalog
        self.calendar_split = calendar_split
        self.feed_events = feed_events
        """Serialised calendar events by task id, kept between preview rebuilds."""
        self.urls = urls
        self.root = root
        self.stamp = build_stamp(catalog)
        self.prose = Prose()
        self.document = DocumentBuilder(catalog, urls, self.prose, frozenset(document_pages))
        self.env = Environment(
            loader=PackageLoader("planpub.render", "templates"), autoescape=True,
            finalize=finalize, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        )
        self.env.globals.update(
            dmy=dmy, ROLE_LABELS=ROLE_LABELS, KIND_LABELS=KIND_LABELS,
            AGENCY_KIND_LABELS=AGENCY_KIND_LABELS, LOCALITY_KIND_LABELS=LOCALITY_KIND_LABELS,
            DOC_TYPE_LABELS=DOC_TYPE_LABELS, r=self, links=links,
        )
        self._pages: dict[str, Callable[[], RenderedPage]] = {}

    # ------------------------------------------------------------------ names
    def agency_name(self, agency_id: str, short: bool = False) -> str:
        agency = self.catalog.agencies.get(agency_id)
        if agency is None:
            return agency_id
        return agency.short_names[0] if short and agency.short_names else agency.name

    def locality_name(self, locality_id: str | None) -> str:
        item = self.catalog.registry.localities.get(locality_id or "")
        return item.name if item else "Trung ương"

    def plan_label(self, plan: Plan) -> str:
        """A short name: ``Kế hoạch số 42/KH-UBND``, else ``Kế hoạch năm 2025, tỉnh Bình Dương``."""
        kind = DOC_TYPE_LABELS.get(plan.type, "Kế hoạch")
        if plan.number:
            return f"{kind} số {plan.number}"
        return f"{kind} năm {plan.year}, {self.locality_name(self.catalog.locality_of(plan))}"

    def ref_title(self, ref: str) -> str:
        """A plan or document as a reader identifies it: kind, number, date, issuer, title."""
        plan = self.catalog.plans.get(ref)
        if plan is not None:
            return f"{self.plan_label(plan)}: {plan.title}"
        doc = self.catalog.documents.get(ref)
        if doc is None:
            return ref
        return f"{self.document_label(doc)}: {doc.title}"

    def document_label(self, doc: LegalDoc) -> str:
        """``Thông tư số 08/2019/TT-BTP ngày 10/12/2019 của Bộ Tư pháp``."""
        label = DOC_TYPE_LABELS.get(doc.type, doc.type)
        if doc.number:
            label += f" số {doc.number}"
        if doc.issued:
            label += f" ngày {dmy(doc.issued)}"
        if doc.issuer in self.catalog.agencies:
            label += f" của {self.agency_name(doc.issuer)}"
        return label

    # ------------------------------------------------------------------ outputs
    def outputs(self, wanted: Callable[[str], bool] | None = None) -> Iterator[Output]:
        """Every generated file, pages first (their bodies come from :meth:`render`).

        With ``wanted``, the files (feeds, plan sources, data) it declines are not
        made at all; pages are always listed, since their bodies are made on demand.
        """
        c = self.catalog

        def want(src: str) -> bool:
            return wanted is None or wanted(src)

        yield from self._page(links.index_src(links.PLANS), "Kế hoạch", self._plans_index, True)
        yield from self._page(links.index_src(links.AGENCIES), "Cơ quan", self._agencies_index,
                              True)
        yield from self._page(links.index_src(links.CALENDAR), "Lịch hạn", self._calendar, True)
        if self.split_calendar:
            for place, (name, _, _) in self.calendar_places.items():
                yield from self._page(links.calendar_src(place), f"Lịch hạn — {name}",
                                      self._place_calendar(place, name))
        yield from self._page(links.index_src(links.LOCALITIES), "Kế hoạch theo địa bàn",
                              self._localities_index)
        yield from self._page(links.index_src(links.PLAN_TREE), "Quan hệ giữa các kế hoạch",
                              self._plan_tree)
        for plan in c.plans.values():
            yield from self._page(links.plan_src(plan.id), plan.title, self._plan_page(plan))
        for agency in c.agencies.values():
            yield from self._page(links.agency_src(agency.id), agency.name,
                                  self._agency_page(agency))
        for locality in c.registry.localities.values():
            yield from self._page(links.locality_src(locality.id), locality.name,
                                  self._locality_page(locality.id))
        # files
        feeds = FeedWriter(c, self.urls, self.stamp, self.feed_events)
        if want(links.ALL_FEED):
            yield Output(links.ALL_FEED, feeds.feed(
                c.dated, name="Hạn công việc bồi thường nhà nước",
                description="Hạn của mọi nhiệm vụ trong các kế hoạch đã công bố."))
        for plan in c.plans.values():
            if want(links.plan_feed(plan.id)):
                yield Output(links.plan_feed(plan.id), feeds.feed(
                    c.tasks_by_plan.get(plan.id, []), name=f"Hạn — {self.plan_label(plan)}",
                    description=plan.title))
            if want(links.plan_yaml(plan.id)):
                yield Output(links.plan_yaml(plan.id), self._plan_source(plan.id))
        for agency in c.agencies.values():
            if want(links.agency_feed(agency.id)):
                yield Output(links.agency_feed(agency.id), feeds.feed(
                    (a.entry for a in self.agency_assignments(agency.id)),
                    name=f"Hạn — {agency.name}",
                    description=f"Hạn các nhiệm vụ {agency.name} chủ trì, tham mưu, phối hợp "
                                "hoặc tổng hợp."))
        data: dict[str, Callable[[], str | bytes]] = {
            "plans.json": lambda: to_json(open_data(c)),
            "tasks.csv": lambda: tasks_csv(c),
            "plan.schema.json": lambda: to_json(plan_schema()),
        }
        for name, make in data.items():
            if want(f"{links.DATA}/{name}"):
                yield Output(f"{links.DATA}/{name}", make())

    def _page(self, src: str, title: str, make: Callable[[], RenderedPage],
              in_nav: bool = False) -> Iterator[Output]:
        self._pages[src] = make
        yield Output(src, front_matter(title), in_nav)

    def render(self, src: str) -> RenderedPage | None:
        """The body of the generated page ``src``; None if it is not generated here."""
        make = self._pages.get(src)
        return make() if make else None

    @cached_property
    def _source_paths(self) -> dict[str, str]:
        return {lp.plan.id: lp.doc.path for lp in self.catalog.loaded}

    def _plan_source(self, plan_id: str) -> bytes:
        return (self.root / self._source_paths[plan_id]).read_bytes()

    def _template(self, name: str, page: str, **context: Any) -> str:
        return self.env.get_template(name).render(L=Linker(self, page), page=page, **context)

    # ------------------------------------------------------------------ shared data
    def agency_assignments(self, agency_id: str) -> list[Assignment]:
        """Own tasks, tasks through groups, and inherited open tasks of predecessors."""
        return self.catalog.assignments(agency_id) + self.catalog.inherited(agency_id)

    def leads(self, entry: TaskEntry) -> list[tuple[str, str]]:
        """(agency id, role) pairs that answer for a task: lead, advise, then consolidate."""
        out = [(a, "lead") for a in entry.lead]
        out += [(a, "advise") for a in entry.advise if a not in entry.lead]
        out += [(a, "consolidate") for a in entry.consolidate]
        return out

    def assignees(self, entry: TaskEntry) -> list[str]:
        """The agencies a task names, in any role (groups as groups)."""
        return list(dict.fromkeys(a for role in Roles for a in entry.agencies(role)))

    def concerned(self, entry: TaskEntry) -> list[str]:
        """Every agency that sees the task on its page: assignees and members of groups."""
        out: dict[str, None] = {}
        for role in Roles:
            for agency_id in entry.agencies(role):
                out[agency_id] = None
                agency = self.catalog.agencies.get(agency_id)
                for member in agency.members if agency else ():
                    out[member] = None
        return list(out)

    # ------------------------------------------------------------------ pages
    def _plan_page(self, plan: Plan) -> Callable[[], RenderedPage]:
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
            html = self._template(
                "plan.html", page, plan=plan, doc=doc, entries=entries,
                locality=c.locality_of(plan), parents=c.parent_plans(plan),
                children=c.children.get(plan.id, []),
            )
            return RenderedPage(html, toc)
        return make

    def _agency_page(self, agency: Agency) -> Callable[[], RenderedPage]:
        def make() -> RenderedPage:
            c = self.catalog
            page = links.agency_src(agency.id)
            by_role: dict[str, dict[int, list[Assignment]]] = {}
            for assignment in c.assignments(agency.id):
                year = assignment.entry.plan.year
                by_role.setdefault(assignment.role, {}).setdefault(year, []).append(assignment)
            roles = [(role, sorted(by_role[role].items(), reverse=True))
                     for role in Roles if role in by_role]
            inherited = c.inherited(agency.id)
            dated = sorted({a.entry.id: a.entry for a in self.agency_assignments(agency.id)
                            if a.entry.due}.values(), key=lambda e: (e.due, e.plan.id, e.number))
            toc = [toc_token(f"vai-tro-{role}", ROLE_LABELS[role], 2,
                             [toc_token(f"vai-tro-{role}-{year}", f"Năm {year}", 3)
                              for year, _ in years]) for role, years in roles]
            if inherited:
                toc.append(toc_token("ke-thua", "Nhiệm vụ kế thừa"))
            toc.append(toc_token("lich-han", "Lịch hạn"))
            html = self._template(
                "agency.html", page, agency=agency, roles=roles, inherited=inherited,
                dated=dated, groups=c.groups_of.get(agency.id, []),
                predecessors=c.predecessors.get(agency.id, []),
            )
            return RenderedPage(html, toc)
        return make

    @cached_property
    def split_calendar(self) -> bool:
        """Whether ``/lich/`` lists places, each with its own calendar page, instead of tasks."""
        return len(self.catalog.tasks) > self.calendar_split

    @cached_property
    def calendar_places(self) -> dict[str, tuple[str, list[TaskEntry], list[TaskEntry]]]:
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
        names = {place: self.locality_name(place) for place in c.top_places}
        names[CENTRAL] = "Trung ương"
        order = [CENTRAL, *sorted(c.top_places, key=lambda i: fold(names[i]))]
        return {place: (names[place], dated.get(place, []), undated.get(place, []))
                for place in order if place in dated or place in undated}

    def _calendar(self) -> RenderedPage:
        if not self.split_calendar:
            return self._calendar_page(links.index_src(links.CALENDAR), self.catalog.dated,
                                       self.catalog.undated)
        page = links.index_src(links.CALENDAR)
        rows = [(place, name, len(dated), len(dated) + len(undated))
                for place, (name, dated, undated) in self.calendar_places.items()]
        html = self._template("calendar_index.html", page, places=rows)
        return RenderedPage(html, [toc_token("theo-dia-ban", "Lịch hạn theo địa bàn")])

    def _place_calendar(self, place: str, name: str) -> Callable[[], RenderedPage]:
        def make() -> RenderedPage:
            _, dated, undated = self.calendar_places[place]
            return self._calendar_page(links.calendar_src(place), dated, undated, name)
        return make

    def _calendar_page(self, page: str, dated: list[TaskEntry], undated_tasks: list[TaskEntry],
                       place: str | None = None) -> RenderedPage:
        """Dated tasks month by month, then the others by kind of timeline."""
        months: dict[tuple[int, int], list[TaskEntry]] = defaultdict(list)
        for entry in dated:
            assert entry.due is not None
            months[(entry.due.year, entry.due.month)].append(entry)
        kinds: dict[str, list[TaskEntry]] = defaultdict(list)
        for entry in undated_tasks:
            kinds[str(entry.timeline.kind) if entry.timeline else ""].append(entry)
        order = [str(k) for k in KIND_LABELS]
        undated = sorted(kinds.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order
                         else len(order))
        month_list = [(f"thang-{m:02d}-{y}", month_heading(y, m), entries)
                      for (y, m), entries in sorted(months.items())]
        tasks = [*dated, *undated_tasks]
        agencies = sorted({a for e in tasks for a in self.concerned(e)},
                          key=lambda a: fold(self.agency_name(a)))
        shown = {e.plan.id for e in tasks}
        plans = [plan for plan in self.catalog.plans.values() if plan.id in shown]
        toc = [toc_token("han-theo-thang", "Hạn theo tháng", 2,
                         [toc_token(a, name, 3) for a, name, _ in month_list]),
               toc_token("khong-co-ngay", "Nhiệm vụ không có ngày cụ thể", 2,
                         [toc_token(f"loai-{k or 'khac'}", kind_label(k), 3)
                          for k, _ in undated])]
        html = self._template("calendar.html", page, months=month_list, undated=undated,
                              agencies=agencies, plans=plans, kind_label=kind_label, place=place)
        return RenderedPage(html, toc)

    def _plans_index(self) -> RenderedPage:
        page = links.index_src(links.PLANS)
        years: dict[int, list[Plan]] = defaultdict(list)
        for plan in self.catalog.plans.values():
            years[plan.year].append(plan)
        ordered = sorted(years.items(), reverse=True)
        toc = [toc_token(f"nam-{y}", f"Năm {y}") for y, _ in ordered]
        return RenderedPage(self._template("plans_index.html", page, years=ordered), toc)

    # localities -------------------------------------------------------------
    def locality_tree(self) -> list[tuple[str, int]]:
        """Localities depth first (parents before children, by name), with their depth."""
        reg = self.catalog.registry.localities
        kids: dict[str | None, list[str]] = defaultdict(list)
        for loc in reg.values():
            kids[loc.parent if loc.parent in reg else None].append(loc.id)
        out: list[tuple[str, int]] = []
        stack = [(i, 0) for i in sorted(kids[None], key=lambda i: fold(reg[i].name),
                                         reverse=True)]
        seen: set[str] = set()
        while stack:
            ident, depth = stack.pop()
            if ident in seen:
                continue
            seen.add(ident)
            out.append((ident, depth))
            stack.extend((k, depth + 1) for k in sorted(kids.get(ident, []),
                                                       key=lambda i: fold(reg[i].name),
                                                       reverse=True))
        return out

    @cached_property
    def plans_in(self) -> dict[str, list[Plan]]:
        """Locality id → plans of that locality or inside it."""
        out: dict[str, list[Plan]] = defaultdict(list)
        for plan in self.catalog.plans.values():
            for loc in self.catalog.locality_chain(self.catalog.locality_of(plan)):
                out[loc].append(plan)
        return dict(out)

    @cached_property
    def agencies_in(self) -> dict[str, list[Agency]]:
        """Locality id (or :data:`CENTRAL`) → agencies located there, by kind then name."""
        out: dict[str, list[Agency]] = defaultdict(list)
        for agency in self.catalog.agencies.values():
            known = agency.locality in self.catalog.registry.localities
            out[agency.locality if known and agency.locality else CENTRAL].append(agency)
        kinds = list(AGENCY_KIND_LABELS)
        for items in out.values():
            items.sort(key=lambda a: (kinds.index(a.kind), fold(a.name)))
        return dict(out)

    def _localities_index(self) -> RenderedPage:
        page = links.index_src(links.LOCALITIES)
        html = self._template("localities_index.html", page, tree=self.locality_tree(),
                              plans_in=self.plans_in, agencies_in=self.agencies_in)
        return RenderedPage(html, [])

    def _locality_page(self, locality_id: str) -> Callable[[], RenderedPage]:
        def make() -> RenderedPage:
            reg = self.catalog.registry.localities
            page = links.locality_src(locality_id)
            children = sorted((loc for loc in reg.values() if loc.parent == locality_id),
                              key=lambda loc: fold(loc.name))
            html = self._template(
                "locality.html", page, locality=reg[locality_id], children=children,
                plans=self.plans_in.get(locality_id, []),
                agencies=self.agencies_in.get(locality_id, []),
            )
            return RenderedPage(html, [toc_token("ke-hoach", "Kế hoạch"),
                                       toc_token("co-quan", "Cơ quan")])
        return make

    def _agencies_index(self) -> RenderedPage:
        page = links.index_src(links.AGENCIES)
        agencies_in = self.agencies_in
        groups = [(CENTRAL, "Trung ương và vai trò chung", 0)] if CENTRAL in agencies_in else []
        groups += [(loc, self.locality_name(loc), depth) for loc, depth in self.locality_tree()
                   if loc in agencies_in]
        toc = [toc_token(f"dia-ban-{loc}", name) for loc, name, depth in groups if depth <= 1]
        html = self._template("agencies_index.html", page, groups=groups,
                              agencies_in=agencies_in)
        return RenderedPage(html, toc)

    def _plan_tree(self) -> RenderedPage:
        page = links.index_src(links.PLAN_TREE)
        c = self.catalog
        roots = [d for d in c.children if d not in c.plans]
        roots += [p for p in c.plans if not c.parent_plans(c.plans[p])]
        html = self._template("plan_tree.html", page, roots=roots)
        return RenderedPage(html, [])

    # ------------------------------------------------------------------ macros
    def latest_plans(self, page: str, n: int = 5) -> str:
        """The ``n`` most recent plans (by issued date, else year) as an HTML list."""
        plans = sorted(self.catalog.plans.values(),
                       key=lambda p: (p.issued or dt.date(p.year, 1, 1), p.id), reverse=True)
        return self._template("latest_plans.html", page, plans=plans[: max(n, 0)])

    def upcoming_deadlines(self, page: str, n: int = 5, agency: str | None = None,
                           plan: str | None = None) -> str:
        """Dated deadlines; the reader's browser keeps the next ``n`` from its own today.

        The page carries the last ``max(4n, 20)`` deadlines (those most likely still
        ahead); without JavaScript it shows the ``n`` latest of them.
        """
        entries = self.catalog.dated
        if agency is not None:
            entries = sorted({a.entry.id: a.entry for a in self.agency_assignments(agency)
                              if a.entry.due}.values(),
                             key=lambda e: (e.due, e.plan.id, e.number))
        if plan is not None:
            entries = [e for e in entries if e.plan.id == plan]
        keep = entries[-max(4 * n, 20):]
        return self._template("upcoming.html", page, entries=keep, n=max(n, 0),
                              static=keep[-n:] if n > 0 else [])


def kind_label(kind: str) -> str:
    """The heading of an undated-task group."""
    for key, label in KIND_LABELS.items():
        if str(key) == kind:
            return label
    return "Không ghi thời gian thực hiện"


def plan_task_title(title: Markup | None) -> str:
    """A task title for the table of contents, shortened to about ten words."""
    words = Markup(title or "").unescape().split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")
