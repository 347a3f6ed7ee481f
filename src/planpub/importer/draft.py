"""Build a draft plan (a dict in the plan file's shape) from a recognised document.

Everything the importer could not settle is written down in :class:`Findings`
for the report; nothing is guessed silently. Agencies become registry ids: a
match, or a proposed entry the officer reviews.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planpub.importer.agencies import Proposal
from planpub.importer.context import Context, Findings
from planpub.importer.document import Outline
from planpub.importer.plan_header import basis_entries, header_fields, plan_id
from planpub.importer.plan_sections import aims_fields, organisation_fields
from planpub.importer.plan_tasks import TaskWriter
from planpub.load import Registry
from planpub.model import Plan


@dataclass
class Draft:
    """A draft plan, the registry entries it proposes, and what to check."""

    plan: dict[str, Any]
    proposals: list[Proposal]
    findings: Findings
    task_count: int = 0
    suggested_id: str | None = None
    """The id the document suggests, when the file name (``-o``) gave another."""


def build_draft(outline: Outline, registry: Registry, abbreviations: dict[str, str],
                known_plans: Sequence[Plan] = ()) -> Draft:
    """The draft plan for a recognised document."""
    ctx = Context(outline, registry, abbreviations, known_plans)
    plan = header_fields(ctx)
    place_name = registry.localities[ctx.locality].name if ctx.locality and \
        ctx.locality in registry.localities else ctx.place
    plan["id"] = plan_id(plan["title"], ctx.year, place_name)
    if outline.bases:
        plan["bases"] = basis_entries(ctx)
        if outline.bases_intro:
            plan["bases_intro"] = outline.bases_intro
    if outline.intro:
        plan["intro"] = outline.intro
    purposes, requirements, aims_heading = aims_fields(outline)
    if purposes:
        plan["purposes"] = purposes
    if requirements:
        plan["requirements"] = requirements
    writer = TaskWriter(ctx)
    plan["tasks"] = writer.tasks()
    organisation, funding, org_heading, funding_heading = organisation_fields(ctx, writer.used)
    if organisation:
        plan["organisation"] = organisation
    if funding:
        plan["funding"] = funding
    if outline.closing:
        plan["closing"] = outline.closing
    if outline.recipients:
        plan["recipients"] = outline.recipients
    else:
        ctx.findings.header.append("Không thấy phần “Nơi nhận”.")
    if outline.signature:
        plan["signature"] = outline.signature
    else:
        ctx.findings.header.append("Không nhận ra phần chữ ký (chức vụ, họ tên người ký).")
    tasks_heading = writer.used[0].heading if writer.used else next(
        (s.heading for s in outline.sections if s.kind == "tasks"), None)
    headings = _headings(aims_heading, tasks_heading, org_heading, funding_heading)
    if headings:
        plan["headings"] = headings
    for key in ("number", "issued", "place"):
        plan.setdefault(key, None)
    return Draft(plan, list(ctx.matcher.proposals.values()), ctx.findings,
                 writer.task_count)


def _headings(aims: str | None, tasks: str | None, organisation: str | None,
              funding: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in (("aims", aims), ("tasks", tasks), ("organisation", organisation),
                       ("funding", funding)):
        if value:
            out[key] = value
    return out
