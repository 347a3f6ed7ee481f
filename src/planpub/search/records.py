"""What a reader can find: one search record per page, plan, task, agency, locality, document.

Records are built from the catalog (through :class:`Names`, which names
agencies, plans and documents the way the pages do) and from the text of the
rendered Markdown pages. Only what a reader searches for goes in: no navigation,
no headers or footers, no permalink marks, no boilerplate of the official
document layout (national motto, recipients). Each task is its own record, with
its plan, lead agency, due date and reported status to show, and a link to its anchor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from planpub.catalog import TaskEntry
from planpub.model import LegalDoc, Plan
from planpub.registrymodel import Agency
from planpub.search.text import Section, html_text, markdown_text, place_key
from planpub.site import links
from planpub.site.links import CENTRAL
from planpub.site.names import Names
from planpub.site.succession import former_names, renamed_to
from planpub.slug import fold
from planpub.vocab import (
    AGENCY_KIND_LABELS,
    ENDED_STATUSES,
    LOCALITY_KIND_LABELS,
    STATUS_LABELS,
    dmy,
)

PAGE, DOCUMENT, PLAN, AGENCY, PLACE, LOOKUP, TASK = (
    "trang", "van-ban", "ke-hoach", "co-quan", "dia-ban", "tra-cuu", "nhiem-vu")
KINDS = (PAGE, DOCUMENT, PLAN, AGENCY, PLACE, LOOKUP, TASK)
"""Record kinds in index order (tasks last, ordered by due date)."""

KIND_LABELS = {
    PAGE: "Trang", DOCUMENT: "Văn bản", PLAN: "Kế hoạch", AGENCY: "Cơ quan",
    PLACE: "Địa bàn", LOOKUP: "Tra cứu", TASK: "Nhiệm vụ",
}
BRIEF_WORDS = 60
"""Generated list pages (all plans, the calendar ...) are found by their opening words."""
ROLE = "role"
"""An agency kind that names whoever holds a role, not one body (no place of its own)."""
CEASED = "chấm dứt hoạt động từ sau ngày"
"""An agency that no longer exists (its registry ``valid_until`` follows)."""


@dataclass
class Record:
    """One search result as the index stores it."""

    kind: str
    url: str
    """Site-root-relative URL (``ke-hoach/x/#nhiem-vu-7``), or an absolute official URL."""
    title: str
    head: str = ""
    """Shown under the title and indexed with the title's weight (a plan's number, ...)."""
    text: str = ""
    """Indexed; excerpts with the matches come from it."""
    extra: str = ""
    """Indexed with a lower weight, never shown (agency names of a task ...)."""
    meta: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    year: int | None = None
    places: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    due: dt.date | None = None
    ends: str | None = None
    """The last day (ISO) it is in force: an agency or place that ceased, a plan whose
    issuer ceased. ``""``: no longer in force, whatever the day. None: in force."""
    ended: str = ""
    """What the result says once ``ends`` has passed."""
    place: str = ""
    """The place a locality is or a plan is for, as a query names it (:func:`place_key`)."""
    former_places: tuple[str, ...] = ()
    """Other names it stands for, as :attr:`place` (a commune's names before a merger)."""
    boost: float = 1.0
    """Its scores are multiplied by this (a page's ``search: boost:`` front matter)."""

    def sets(self) -> list[str]:
        """The id sets the record is in: filters (``@l:``, ``@a:``, ``@n:``), the day it
        ends (``@e:``), the place it stands for (``@p:``) and its boost (``@b:``)."""
        out = [f"@l:{p}" for p in self.places] + [f"@a:{a}" for a in self.agencies]
        if self.year is not None:
            out.append(f"@n:{self.year}")
        if self.ends is not None:
            out.append(f"@e:{self.ends}")
        out += [f"@p:{p}" for p in (self.place, *self.former_places) if p]
        if self.boost != 1:
            out.append(f"@b:{self.boost:g}")
        return list(dict.fromkeys(out))


@dataclass(frozen=True)
class PageSource:
    """A rendered page handed over by the MkDocs build."""

    url: str
    title: str
    html: str
    brief: bool = False
    """Keep only the opening words (generated list pages)."""
    boost: float = 1.0
    """The page's ``search: boost:`` front matter, as MkDocs Material reads it (a page for
    editors, not readers, ranks lower with ``0.5``)."""


def page_record(source: PageSource) -> Record:
    """A Markdown page (legal education, Q&A ...) or a generated list page."""
    text, sections = html_text(source.html)
    if source.brief:
        text = " ".join(text.split()[:BRIEF_WORDS])
        sections = []
    return Record(PAGE, source.url, source.title, text=text, sections=sections,
                  boost=source.boost)


class RecordBuilder:
    """Records of the catalog's plans, tasks, agencies, localities and documents."""

    def __init__(self, names: Names) -> None:
        self.r = names
        self.c = names.catalog
        self.plan_docs = {d.plan: d for d in self.c.documents.values() if d.plan}

    def places_of(self, locality: str | None) -> tuple[str, ...]:
        """The locality and its ancestors; national records (no province) are ``CENTRAL``."""
        chain = self.c.locality_chain(locality)
        return tuple(chain) if self.c.top_place(locality) else (*chain, CENTRAL)

    def ceased(self, agency_id: str) -> dt.date | None:
        agency = self.c.agencies.get(agency_id)
        return agency.valid_until if agency else None

    def plan_end(self, plan: Plan) -> tuple[str | None, str]:
        """When a plan stops being in force, and what its result then says.

        Its registry entry as a document is replaced or expired: always; else the day
        its issuer ceased.
        """
        doc = self.plan_docs.get(plan.id)
        label = document_end(doc) if doc else ""
        if label:
            return "", label
        ceased = self.ceased(plan.issuer)
        if ceased is None:
            return None, ""
        return ceased.isoformat(), f"Cơ quan ban hành đã {CEASED} {dmy(ceased)}"

    def url(self, src: str, anchor: str = "") -> str:
        return self.r.urls.url(src) + (f"#{anchor}" if anchor else "")

    def names(self, ids: Iterable[str], short: bool = False) -> list[str]:
        return [self.r.agency_name(a, short) for a in ids]

    def all_names(self, ids: Iterable[str]) -> str:
        """Full and short names, for matching however a reader writes an agency."""
        out: dict[str, None] = {}
        for agency_id in ids:
            agency = self.c.agencies.get(agency_id)
            if agency is not None:
                out.update(dict.fromkeys([agency.name, *agency.short_names]))
        return ". ".join(out)

    def records(self, pages: Iterable[PageSource],
                lookups: Iterable[Record] = ()) -> Iterator[Record]:
        """Every record, grouped by kind in :data:`KINDS` order (``lookups``: those of
        :mod:`planpub.search.lookup`)."""
        yield from (page_record(p) for p in pages)
        yield from self.documents()
        yield from (self.plan(p) for p in self.c.plans.values())
        yield from self.agencies()
        yield from self.places()
        yield from lookups
        yield from self.tasks()

    # ------------------------------------------------------------------ plans and tasks
    def plan_places(self, plan: Plan) -> tuple[str, ...]:
        return self.places_of(self.c.locality_of(plan))

    def plan_head(self, plan: Plan) -> str:
        label = self.r.plan_label(plan)
        if plan.issued:
            label += f" ngày {dmy(plan.issued)}"
        if plan.number:
            label += f" của {self.r.agency_name(plan.issuer)}"
        return label

    def plan(self, plan: Plan) -> Record:
        place = self.r.locality_name(self.c.locality_of(plan))
        text = [markdown_text(b.text) for b in plan.bases]
        text += [markdown_text(plan.intro)]
        text += [markdown_text(p) for p in (*plan.purposes, *plan.requirements)]
        for item in plan.organisation:
            text += [markdown_text(item.heading), markdown_text(item.body)]
        text += [markdown_text(plan.funding), markdown_text(plan.closing)]
        agencies: dict[str, None] = {plan.issuer: None}
        for entry in self.c.tasks_by_plan.get(plan.id, []):
            agencies.update(dict.fromkeys(self.r.concerned(entry)))
        signer = plan.signature.name if plan.signature else ""
        ends, ended = self.plan_end(plan)
        locality = self.c.registry.localities.get(self.c.locality_of(plan) or "")
        return Record(
            PLAN, self.url(links.plan_src(plan.id)), plan.title,
            head=f"{self.plan_head(plan)} · {place}",
            text=" ".join(t for t in text if t),
            extra=". ".join(x for x in (self.all_names([plan.issuer]), signer) if x),
            meta={"label": self.plan_head(plan), "place": place, "year": str(plan.year)},
            year=plan.year, places=self.plan_places(plan), agencies=tuple(agencies),
            ends=ends, ended=ended, place=place_key(locality.name) if locality else "",
        )

    def tasks(self) -> Iterator[Record]:
        """Tasks soonest due first (undated last), so result order can follow due dates."""
        order = {plan_id: i for i, plan_id in enumerate(self.c.plans)}

        def sort_key(entry: TaskEntry) -> tuple[dt.date, int, tuple[str, ...]]:
            due = entry.due or dt.date.max
            return (due, order[entry.plan.id], tuple(entry.number.split(".")))

        for entry in sorted(self.c.tasks, key=sort_key):
            yield self.task(entry)

    def task(self, entry: TaskEntry) -> Record:
        plan = entry.plan
        task = entry.task
        text = [markdown_text(task.body)]
        text += [f"{line.label}: {markdown_text(line.text)}" for line in task.lines]
        if entry.timeline:
            text.append(f"{task.timeline_label}: {entry.timeline.text}")
        lead_names = [self.r.agency_name(a) + ("" if role == "lead" else
                                               " (tham mưu)" if role == "advise" else
                                               " (tổng hợp)") for a, role in self.r.leads(entry)]
        meta = {"plan": self.r.plan_label(plan), "lead": ", ".join(lead_names),
                "year": str(plan.year)}
        if entry.due:
            meta["due"] = entry.due.isoformat()
        if entry.timeline:
            meta["when"] = entry.timeline.label()
        meta.update(self.task_status(entry))
        involved = [a for role in ("lead", "advise", "coordinate", "consolidate")
                    for a in entry.agencies(role)]
        return Record(
            TASK, self.url(links.plan_src(plan.id), entry.anchor),
            f"{entry.number}. {markdown_text(entry.title)}",
            text=" ".join(t for t in text if t),
            extra=self.all_names(involved),
            meta=meta, year=plan.year, places=self.plan_places(plan),
            agencies=tuple(self.r.concerned(entry)), due=entry.due,
            ends=self.plan_end(plan)[0],
        )

    def task_status(self, entry: TaskEntry) -> dict[str, str]:
        """What the result says of the task's progress: ``status`` (a :mod:`planpub.status`
        code) and ``reported`` (the newest report's ``as_of``), shown, never indexed: a query
        for "hoàn thành" finds the tasks that say so, not every task reported done. A task
        nobody reported on has neither (the result says "Chưa có báo cáo"), which keeps the
        index of a site without reports as it was."""
        progress = self.r.progress(entry)
        if not progress.reports:
            return {}
        return {"status": progress.status,
                "reported": max(r.as_of for r in progress.reports).isoformat()}

    # ------------------------------------------------------------------ registries
    def agencies(self) -> Iterator[Record]:
        for agency in sorted(self.c.agencies.values(),
                             key=lambda a: (a.locality or "", fold(a.name), a.id)):
            # a role ("cơ quan giải quyết bồi thường") is no body of any place: no place filter
            placeless = agency.kind == ROLE and agency.locality is None
            place = "" if placeless else self.r.locality_name(agency.locality)
            formers = former_names(self.c, agency.id)
            text = [AGENCY_KIND_LABELS.get(agency.kind, ""), place]
            if agency.parent:
                text.append(f"Trực thuộc {self.r.agency_name(agency.parent)}")
            if agency.members:
                text.append("Gồm: " + ", ".join(self.names(agency.members)))
            if formers:
                text.append("Tên cũ: " + "; ".join(formers))
            ends, ended = self.agency_end(agency)
            if agency.valid_until and renamed_to(self.c, agency.id) is None:
                text.append(f"{CEASED.capitalize()} {dmy(agency.valid_until)}")
            text += [self.succession(agency), agency.successor_note or ""]
            yield Record(
                AGENCY, self.url(links.agency_src(agency.id)), agency.name,
                head=", ".join([*agency.short_names, *formers]),
                text=". ".join(t for t in text if t),
                meta={"kind": AGENCY_KIND_LABELS.get(agency.kind, ""), "place": place},
                places=() if placeless else self.places_of(agency.locality),
                agencies=(agency.id,), ends=ends, ended=ended,
            )

    def succession(self, agency: Agency) -> str:
        """What became of an agency, worded as its page words it ("" if the registry says
        nothing): renamed, one successor, or several."""
        after = renamed_to(self.c, agency.id)
        if after is not None:
            return f"Đã đổi tên thành {after.name}"
        if agency.successor:
            return f"Cơ quan kế nhiệm: {self.r.agency_name(agency.successor)}"
        if agency.successors:
            return ("Có nhiều cơ quan kế nhiệm, trong đó có: "
                    + ", ".join(self.names(agency.successors)))
        return ""

    def agency_end(self, agency: Agency) -> tuple[str | None, str]:
        """When an agency stops being in force, and what its result then says.

        It ceased (``valid_until``): from the day after; renamed or succeeded with no day in
        the registry: always.
        """
        became = self.succession(agency)
        ceased = agency.valid_until
        if ceased is None:
            return ("", became) if became else (None, "")
        if renamed_to(self.c, agency.id) is not None:
            return ceased.isoformat(), f"{became} từ sau ngày {dmy(ceased)}"
        label = f"Đã {CEASED} {dmy(ceased)}"
        return ceased.isoformat(), f"{label}. {became}" if became else label

    def places(self) -> Iterator[Record]:
        reg = self.c.registry.localities
        for locality_id, _depth in self.r.locality_tree():
            loc = reg[locality_id]
            kind = LOCALITY_KIND_LABELS.get(loc.kind, "")
            parent = reg[loc.parent].name if loc.parent in reg else ""
            text = [kind, parent]
            ceased = loc.valid_until
            if ceased:
                text.append(f"Chấm dứt từ sau ngày {dmy(ceased)}")
            if loc.successor in reg:
                text.append(f"Sáp nhập vào {reg[loc.successor].name}")
            yield Record(
                PLACE, self.url(links.locality_src(loc.id)), loc.name,
                text=". ".join(t for t in text if t), meta={"kind": kind, "place": parent},
                places=self.places_of(loc.id), place=place_key(loc.name),
                ends=ceased.isoformat() if ceased else None,
                ended=f"Không còn tồn tại từ sau ngày {dmy(ceased)}" if ceased else "",
            )

    def documents(self) -> Iterator[Record]:
        for doc in self.c.documents.values():
            url = self.r.ref_href("index.md", doc.id)
            citing = self.c.citing_plans.get(doc.id, [])
            if url is None and citing:
                url = self.r.urls.rel("index.md", links.plan_src(citing[0]))
            if url is None:
                continue
            label = self.r.document_label(doc)
            text = [*doc.aliases, doc.note or ""]
            if citing:
                text.append(f"Được dẫn chiếu trong {len(citing)} kế hoạch")
            ended = document_end(doc)
            issuer = self.c.agencies.get(doc.issuer)
            yield Record(
                DOCUMENT, url, doc.title, head=label, text=". ".join(t for t in text if t),
                meta={"label": label}, year=doc.issued.year if doc.issued else None,
                places=self.places_of(issuer.locality if issuer else None),
                agencies=(doc.issuer,), ends="" if ended else None, ended=ended,
            )


def document_end(doc: LegalDoc) -> str:
    """What a result says of a document no longer in force ("" if it is in force)."""
    if doc.status in ENDED_STATUSES:
        return STATUS_LABELS[doc.status]
    return STATUS_LABELS["replaced"] if doc.replaced_by else ""
