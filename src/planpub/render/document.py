"""The plan as the official document reads: header blocks, sections, tasks, signature.

Builds plain data for ``plan.html``; everything from the plan is escaped or
sanitised here (see :mod:`planpub.render.markup`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from markupsafe import Markup

from planpub.model import Plan, Roles, Task
from planpub.render.markup import Mention, Prose, link_mentions, text
from planpub.site import links
from planpub.site.names import Names
from planpub.tasks import task_anchor
from planpub.vocab import DOC_TYPE_LABELS, document_date, roman


@dataclass
class TaskBlock:
    """One task (or sub-task) of the "Nội dung" section, ready to print."""

    anchor: str
    number: str | None
    title: Markup | None
    body: Markup
    lines: list[tuple[Markup, Markup]]
    timeline: tuple[Markup, Markup] | None
    depth: int
    subtasks: list[TaskBlock] = field(default_factory=list)


@dataclass
class Section:
    """A Roman-numbered section: ``II. NỘI DUNG``."""

    anchor: str
    heading: str


@dataclass
class DocumentView:
    """Everything the official-document part of a plan page shows."""

    parent_body: str | None
    issuer: list[str]
    number_line: str
    date_line: str
    date_known: bool
    doc_type: str
    bases: list[Markup]
    intro: Markup
    aims: Section | None
    purposes: list[Markup]
    requirements: list[Markup]
    tasks_section: Section
    tasks: list[TaskBlock]
    organisation_section: Section | None
    organisation: list[tuple[str | None, Markup, list[tuple[str, str]]]]
    funding_section: Section | None
    funding: Markup
    closing: Markup
    recipients: list[str]
    signature: list[str]
    signer: str | None


class DocumentBuilder:
    """Turns a plan into a :class:`DocumentView` (one per build, reused across plans)."""

    def __init__(self, names: Names, prose: Prose) -> None:
        self.names = names
        self.catalog = names.catalog
        self.urls = names.urls
        self.prose = prose
        self.ref_href = names.ref_href
        self._mentions: dict[tuple[str, str], list[Mention]] = {}

    def _agency_mentions(self, page: str, agency_id: str) -> list[Mention]:
        key = (page, agency_id)
        if key not in self._mentions:
            agency = self.catalog.agencies.get(agency_id)
            if agency is None:
                self._mentions[key] = []
            else:
                href = self.urls.rel(page, links.agency_src(agency_id))
                self._mentions[key] = [Mention(n, href, agency.name)
                                       for n in dict.fromkeys([agency.name, *agency.short_names])]
        return self._mentions[key]

    # ------------------------------------------------------------------ parts
    def _task(self, page: str, task: Task, ancestors: tuple[Task, ...]) -> TaskBlock:
        chain = (*ancestors, task)
        ids = dict.fromkeys(a for t in chain for role in Roles for a in getattr(t, role))
        mentions = [m for a in ids for m in self._agency_mentions(page, a)]
        lines = [(text(line.label), link_mentions(line.text, mentions)) for line in task.lines]
        timeline = None
        if task.timeline:
            shown = task.timeline.text
            timeline = (text(task.timeline_label), text(shown if shown.endswith((".", ";")) else
                                                        shown + "."))
        body = self.prose.html(task.body)
        if not task.numbered and not task.body:
            body = Markup("<p>") + text(task.title) + Markup("</p>")
        block = TaskBlock(
            anchor=task_anchor(task.number),
            number=task.number if task.numbered else None,
            title=text(task.title) if task.numbered else None,
            body=body, lines=lines, timeline=timeline, depth=len(ancestors),
        )
        block.subtasks = [self._task(page, sub, chain) for sub in task.subtasks]
        return block

    def build(self, plan: Plan) -> DocumentView:
        page = links.plan_src(plan.id)
        self._mentions = {}
        parent_body, issuer = self.names.issuer_header(plan.issuer)
        number_line = f"Số: {plan.number}" if plan.number else "Văn bản nguồn không ghi số, ký hiệu"
        if plan.issued:
            date = document_date(plan.issued)
            date_line = f"{plan.place}, {date}" if plan.place else date[0].upper() + date[1:]
        else:
            date_line = "Văn bản nguồn không ghi ngày ban hành"
        bases: list[Markup] = []
        for i, basis in enumerate(plan.bases):
            href = self.ref_href(page, basis.ref)
            cited = (Markup('<a href="{}">').format(text(href)) + text(basis.text) + Markup("</a>")
                     if href else text(basis.text))
            if i == 0 or basis.intro:
                bases.append(text(basis.intro or plan.bases_intro) + Markup(" ") + cited)
            else:
                bases[-1] += Markup("; ") + cited
        bases = [b + Markup(";") for b in bases]
        numbers = map(roman, itertools.count(1))
        aims = (Section("muc-dich-yeu-cau", f"{next(numbers)}. {plan.headings.aims}")
                if plan.purposes or plan.requirements else None)
        tasks_section = Section("noi-dung", f"{next(numbers)}. {plan.headings.tasks}")
        organisation_section = (
            Section("to-chuc-thuc-hien", f"{next(numbers)}. {plan.headings.organisation}")
            if plan.organisation else None)
        funding_section = (Section("kinh-phi", f"{next(numbers)}. {plan.headings.funding}")
                           if plan.funding else None)
        organisation = []
        for item in plan.organisation:
            actors = [(self.catalog.agencies[a].name, self.urls.rel(page, links.agency_src(a)))
                      for a in item.actors if a in self.catalog.agencies]
            organisation.append((item.heading, self.prose.html(item.body), actors))
        sig = plan.signature
        return DocumentView(
            parent_body=parent_body, issuer=issuer, number_line=number_line,
            date_line=date_line, date_known=plan.issued is not None,
            doc_type=DOC_TYPE_LABELS.get(plan.type, plan.type).upper(),
            bases=bases, intro=self.prose.inline(plan.intro),
            aims=aims,
            purposes=[self.prose.inline(p) for p in plan.purposes],
            requirements=[self.prose.inline(r) for r in plan.requirements],
            tasks_section=tasks_section,
            tasks=[self._task(page, t, ()) for t in plan.tasks],
            organisation_section=organisation_section, organisation=organisation,
            funding_section=funding_section, funding=self.prose.html(plan.funding),
            closing=self.prose.html(plan.closing),
            recipients=list(plan.recipients),
            signature=[x for x in (sig.authority, sig.capacity, sig.title) if x] if sig else [],
            signer=sig.name if sig else None,
        )
