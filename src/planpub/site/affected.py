"""Which generated files a change to some plans can alter: the fast path of a preview.

While ``mkdocs serve`` runs, an officer saves one plan (or its progress file) at a time. Its
own page, feed and source change, and so do the pages of the agencies its tasks concern
(their successors, which inherit open tasks, and the agencies above them, which list their
units' tasks), of its localities, of the
plans it implements or that implement it, and of the documents it cites.
Everything else about plans, agencies, localities and documents stays as it
was; the site-wide pages (indexes, calendar, data) are always rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable

from planpub.catalog import Catalog
from planpub.citations import plan_texts
from planpub.model import Roles
from planpub.site import links
from planpub.site.links import CENTRAL
from planpub.slug import nfc

ENTITY_FOLDERS = (links.PLANS, links.AGENCIES, links.LOCALITIES, links.DOCUMENTS)
"""Folders of per-plan, -agency, -locality and -document files (besides their index pages)."""


def is_entity_file(src: str) -> bool:
    """A plan, agency, locality or document file, or one place's calendar (no index page)."""
    folder, _, name = src.partition("/")
    if folder == links.CALENDAR:
        return name.endswith(".md") and name != "index.md"
    return folder in ENTITY_FOLDERS and bool(name) and name != "index.md"


def is_affected(src: str, affected: set[str]) -> bool:
    """Whether ``src`` is among ``affected`` files; a page below a place's calendar, an
    agency's or a document's page (``lich/<place>/2025.md``, ``co-quan/<id>/2025.md``,
    ``van-ban/<id>/<place>.md``) goes with that page."""
    if src in affected:
        return True
    folder, _, rest = src.partition("/")
    owner, sep, _ = rest.partition("/")
    return folder in (links.CALENDAR, links.AGENCIES, links.DOCUMENTS) and bool(sep) \
        and f"{folder}/{owner}.md" in affected


def affected_files(old: Catalog, new: Catalog, plan_ids: Iterable[str]) -> set[str]:
    """Source paths of the entity files that may differ after ``plan_ids`` changed."""
    out: set[str] = set()
    for plan_id in plan_ids:
        for catalog in (old, new):
            out |= _plan_files(catalog, plan_id)
    return out


def _plan_files(catalog: Catalog, plan_id: str) -> set[str]:
    plan = catalog.plans.get(plan_id)
    if plan is None:
        return set()
    out = {links.plan_src(plan_id), links.plan_feed(plan_id), links.plan_yaml(plan_id)}
    for other in [*catalog.parent_plans(plan), *catalog.children.get(plan_id, [])]:
        out.add(links.plan_src(other))
    agencies = {plan.issuer} if plan.issuer else set()
    for entry in catalog.tasks_by_plan.get(plan_id, []):
        for role in Roles:
            agencies.update(entry.agencies(role))
    for agency_id in _with_members_and_successors(catalog, agencies):
        out.add(links.agency_src(agency_id))
        out.add(links.agency_feed(agency_id))
        out.update(links.agency_src(parent) for parent in _parents(catalog, agency_id))
    for locality_id in catalog.locality_chain(catalog.locality_of(plan)):
        out.add(links.locality_src(locality_id))
    out.add(links.calendar_src(catalog.top_place(catalog.locality_of(plan)) or CENTRAL))
    cited = {basis.ref for basis in plan.bases if basis.ref}
    for _, source in plan_texts(plan):
        cited.update(c.doc for c in catalog.citations.find(nfc(source)) if c.doc)
    out.update(links.document_src(doc_id) for doc_id in cited)
    return out


def _parents(catalog: Catalog, agency_id: str) -> list[str]:
    """The agencies above ``agency_id`` (``parent``, theirs in turn): their pages list the tasks
    and statuses of the units below them."""
    out: list[str] = []
    agency = catalog.agencies.get(agency_id)
    while agency is not None and agency.parent and agency.parent not in out \
            and agency.parent != agency_id:
        out.append(agency.parent)
        agency = catalog.agencies.get(agency.parent)
    return out


def _with_members_and_successors(catalog: Catalog, agencies: set[str]) -> set[str]:
    """The agencies, the members of those that are groups, and every successor after them."""
    out: set[str] = set()
    queue = list(agencies)
    while queue:
        agency_id = queue.pop()
        if agency_id in out:
            continue
        out.add(agency_id)
        agency = catalog.agencies.get(agency_id)
        if agency is None:
            continue
        queue.extend(agency.members)
        if agency.successor:
            queue.append(agency.successor)
    return out
