"""How the site names and groups catalog entries for people, the same on every view."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cached_property, lru_cache

from planpub.catalog import Assignment, Catalog, TaskEntry
from planpub.model import LegalDoc, Plan, Roles
from planpub.registrymodel import Agency
from planpub.site import links
from planpub.site.links import CENTRAL, Urls
from planpub.site.succession import display_name, successor_ids
from planpub.slug import fold
from planpub.status import Reference, TaskProgress
from planpub.vocab import (
    AGENCY_KIND_LABELS,
    DOC_TYPE_LABELS,
    ROLE_NOTES,
    dmy,
    issuer_lines,
    vn_today,
)
from planpub.weburl import WEB_SCHEMES, safe_url


class Names:
    """Labels, links to references, and who sees which task, over one catalog."""

    def __init__(self, catalog: Catalog, urls: Urls,
                 document_pages: frozenset[str] = frozenset(),
                 reference: Reference | None = None) -> None:
        self.catalog = catalog
        self.urls = urls
        self.document_pages = document_pages
        """Source paths of the legal-document pages the site has."""
        self.reference = reference or Reference(vn_today())
        """The date and grace period static pages count "overdue" from."""
        self._last: tuple[TaskEntry, TaskProgress] | None = None

    # ------------------------------------------------------------------ progress
    def progress(self, entry: TaskEntry) -> TaskProgress:
        """What was reported on the task (:mod:`planpub.status`). A page asks about one task
        several times in a row (its attributes, status, mark): the last answer is kept."""
        last = self._last
        if last is None or last[0] is not entry:
            last = self._last = (entry, self.catalog.progress_of(entry))
        return last[1]

    def overdue(self, entry: TaskEntry, agency: str | None = None) -> bool:
        """Whether the task (with ``agency``: that agency's part) is overdue on the reference
        date (only ever from reports)."""
        return self.progress(entry).overdue(entry.due, self.reference, agency)

    def may_be_overdue(self, entry: TaskEntry, agency: str | None = None) -> bool:
        """Whether a reader's later date could make the task (or ``agency``'s part) overdue."""
        return self.progress(entry).may_be_overdue(entry.due, self.reference, agency)

    # ------------------------------------------------------------------ labels
    def agency_name(self, agency_id: str, short: bool = False) -> str:
        """The agency's name (a renamed unit: its current name, the former one beside it)."""
        agency = self.catalog.agencies.get(agency_id)
        if agency is None:
            return agency_id
        if short and agency.short_names:
            return agency.short_names[0]
        return display_name(self.catalog, agency_id)

    def issuer_header(self, agency_id: str) -> tuple[str | None, list[str]]:
        """A document header's issuer: the parent body's line (a department's), and the
        issuing body's lines (a chairman signs for the committee, whose name heads it)."""
        agencies = self.catalog.agencies
        issuer = agencies.get(agency_id)
        if issuer is None:
            return None, issuer_lines(agency_id)
        body = issuer
        if issuer.kind in ("chairman", "official") and issuer.parent in agencies:
            body = agencies[issuer.parent]
        parent = None
        if body.kind in ("department", "office", "unit") and body.parent in agencies:
            parent = agencies[body.parent].name.upper()
        return parent, issuer_lines(body.name)

    def locality_name(self, locality_id: str | None) -> str:
        item = self.catalog.registry.localities.get(locality_id or "")
        return item.name if item else "Trung ương"

    def place_of(self, plan: Plan) -> str:
        """The province-level place of ``plan`` (:data:`CENTRAL`: national), once per plan
        model (:attr:`planpub.catalog.Catalog.per_plan`)."""
        c = self.catalog
        return c.per_plan.get("place", plan, lambda: c.top_place(c.locality_of(plan)) or CENTRAL)

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

    def ref_href(self, page: str, ref: str | None) -> str | None:
        """Where a basis reference leads: a plan page, a document page, or the official text."""
        if not ref:
            return None
        if ref in self.catalog.plans:
            return self.urls.rel(page, links.plan_src(ref))
        doc = self.catalog.documents.get(ref)
        if doc is None:
            return None
        if doc.plan and doc.plan in self.catalog.plans:
            return self.urls.rel(page, links.plan_src(doc.plan))
        if links.document_src(ref) in self.document_pages:
            return self.urls.rel(page, links.document_src(ref))
        return safe_url(doc.url, WEB_SCHEMES)

    # ------------------------------------------------------------------ who sees a task
    def agency_assignments(self, agency_id: str) -> list[Assignment]:
        """Own tasks, tasks through groups, and inherited open tasks of predecessors."""
        return self.catalog.assignments(agency_id) + self.catalog.inherited(agency_id)

    def named(self, entry: TaskEntry, *roles: str) -> list[Assignment]:
        """The agencies a task names itself whose strongest role is one of ``roles``.

        Each agency once, in the task's order; :attr:`Assignment.also` lists its other roles.
        """
        return [part for part in self.catalog.parts(entry)
                if part.via is None and part.role in roles]

    def leads(self, entry: TaskEntry) -> list[tuple[str, str]]:
        """(agency id, strongest role) of those who answer for a task: lead, advise, consolidate.

        An agency that leads and consolidates is listed once, as a lead.
        """
        return [(a.agency, a.role) for a in self.named(entry, "lead", "advise", "consolidate")]

    @staticmethod
    def role_note(part: Assignment, own: bool = False) -> str:
        """``đầu mối tổng hợp`` (the role, when ``own``), ``kiêm …`` (the other roles held)."""
        notes = [ROLE_NOTES[part.role]] if own else []
        if part.also:
            notes.append("kiêm " + ", ".join(ROLE_NOTES[r] for r in part.also))
        return ", ".join(notes)

    def printed_name(self, entry: TaskEntry, agency_id: str, short: bool = False) -> str:
        """The agency as the task's own text prints it, else its registered name.

        The wording kept is the longest of the agency's names found in the task's role lines,
        body or title (case aside), sliced from the plan's text: the plan's words, typos
        included. Roles (collectives the registry does not list as bodies) always use it;
        other agencies when ``short`` (a plan's own table).
        """
        agency = self.catalog.agencies.get(agency_id)
        if agency is None:
            return agency_id
        if short or agency.kind == "role":
            pattern = _names_pattern((agency.name, *agency.short_names))
            task = entry.task
            for source in (*(line.text for line in task.lines), task.body or "", task.title):
                found = pattern.search(source)
                if found:
                    return found.group(0)
        return self.agency_name(agency_id, short)

    def assignees(self, entry: TaskEntry) -> list[str]:
        """The agencies a task names, in any role (groups as groups)."""
        return list(dict.fromkeys(a for role in Roles for a in entry.agencies(role)))

    def concerned(self, entry: TaskEntry) -> list[str]:
        """Every agency that sees the task on its page: assignees and members of groups."""
        return [part.agency for part in self.catalog.parts(entry)]

    # ------------------------------------------------------------------ places
    def locality_tree(self) -> list[tuple[str, int]]:
        """Places with a page depth first (parents before children, by name), with their depth."""
        reg = {i: loc for i, loc in self.catalog.registry.localities.items()
               if i in self.locality_pages}
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
    def locality_pages(self) -> frozenset[str]:
        """Places that get a page: those with plans or agencies in them (or in a place inside
        them), and the places these became. Never every unit of the national list."""
        reg = self.catalog.registry.localities
        found: set[str] = set(self.plans_in)
        for locality_id in self.agencies_in:
            found.update(self.catalog.locality_chain(locality_id))
        for locality_id in list(found):
            loc = reg.get(locality_id)
            for after in successor_ids(loc) if loc is not None else ():
                found.update(self.catalog.locality_chain(after))
        return frozenset(found & set(reg))

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


@lru_cache(maxsize=4096)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``names`` as whole words, the longest first, case aside."""
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
