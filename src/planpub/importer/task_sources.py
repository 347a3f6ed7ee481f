"""Which parts of a plan hold its tasks.

Plans spread what looks like tasks over several parts: a "Nội dung" or "Nhiệm vụ"
section, a task table (often in an appendix after the signature), and a "Tổ chức
thực hiện" section that groups duties by agency. The part that *assigns* work is
the one to read: a duty is assigned when its agency is printed as such (a table
column, a labelled line "Cơ quan chủ trì: …", or an agency heading over its
duties), which is a stronger sign than an agency found in a sentence's subject.

- Body sections whose tasks are mostly assigned that way are the tasks, with any task
  section whose tasks mostly name their agency in a sentence; sections that only list
  aims or headings are left out.
- A task table joins them; when the body assigns nothing, the table alone is read.
- "Tổ chức thực hiện" is read only when nothing else assigns work: its duties
  grouped by agency are then the plan's tasks. A table that gives no timelines
  (an assignment of targets, "Chủ trì" only) does not replace it; a task section
  whose tasks mostly name their agency in prose does.
- When nothing assigns work, the body sections as printed, prose and all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from planpub.importer.document import Section
from planpub.importer.sentence_time import IN_SENTENCE
from planpub.importer.tasks import TaskDraft


@dataclass
class Source:
    """A section and the tasks read from it."""

    section: Section
    tasks: list[TaskDraft]

    @functools.cached_property
    def rules(self) -> list[str]:
        """How each leaf task's lead was found (:func:`_lead_rules`)."""
        return list(_lead_rules(self.tasks, ""))

    @property
    def strength(self) -> tuple[int, int]:
        """(tasks whose agency is printed as assigned, tasks whose agency comes from prose)."""
        return (sum(how in ("label", "heading") for how in self.rules),
                sum(how == "prose" for how in self.rules))

    @property
    def assigns(self) -> bool:
        strong, weak = self.strength
        return strong > 0 and strong >= weak

    @property
    def prose(self) -> bool:
        """A task section whose tasks mostly name their agency in prose ("Sở Tư pháp chủ trì,
        phối hợp với …"): its tasks, not a grouping elsewhere, are the plan's."""
        return self.section.kind == "tasks" and len(self.rules) > 0 and \
            self.strength[1] >= 0.6 * len(self.rules)

    @property
    def carries(self) -> bool:
        return any(t.carries for t in self.tasks)


def _lead_rules(tasks: Sequence[TaskDraft], inherited: str) -> Iterator[str]:
    """For each leaf task, how its lead was found ("" if it has none); a labelled line in
    a table counts as a label."""
    for task in tasks:
        kind = task.lead_found()[0]
        how = ("label" if kind == "table" else kind) or inherited
        if task.subtasks:
            yield from _lead_rules(task.subtasks, how)
        else:
            yield how


def choose(sources: Sequence[Source], table_tasks: Sequence[TaskDraft]
           ) -> tuple[list[Source], bool]:
    """(the sections to read tasks from, whether the task tables are read too)."""
    body = [s for s in sources if s.section.kind != "organisation"]
    organisation = [s for s in sources if s.section.kind == "organisation" and s.assigns]
    assigned = [s for s in body if s.assigns or s.prose]
    if any(s.assigns for s in assigned):
        return assigned, True  # labelled or grouped sections, and prose task sections
    if table_tasks:
        timed = any(_timed(t) for t in table_tasks)
        return ([] if timed else organisation), True
    prose = [s for s in body if s.prose]
    if prose:
        return prose, False
    if organisation:
        return organisation, False
    return [s for s in body if s.section.kind == "tasks" or s.carries], False


def _timed(task: TaskDraft) -> bool:
    """Whether a table task has a timeline cell (not one read in a sentence)."""
    return any(line.role == "timeline" and line.value and line.label != IN_SENTENCE
               for line in task.lines) or any(_timed(t) for t in task.subtasks)
