"""How the site names and groups catalog entries for people, the same on every view."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from planpub.catalog import Assignment, Catalog, TaskEntry
from planpub.model import Agency, LegalDoc, Plan, Roles
from planpub.site import links
from planpub.site.links import CENTRAL, Urls
from planpub.slug import fold
from planpub.vocab import AGENCY_KIND_LABELS, DOC_TYPE_LABELS, dmy
from planpub.weburl import WEB_SCHEMES, safe_url


class Names:
    """Labels, links to references, and who sees which task, over one catalog."""

    def __init__(self, catalog: Catalog, urls: Urls,
                 document_pages: frozenset[str] = frozenset()) -> None:
        self.catalog = catalog
        self.urls = urls
        self.document_pages = document_pages
        """Source paths of the legal-document pages the site has."""

    # ------------------------------------------------------------------ labels
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

    # ------------------------------------------------------------------ places
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
