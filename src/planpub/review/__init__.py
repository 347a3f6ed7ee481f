"""What a change between two git revisions does to the plans, in their terms.

Plans, registries and progress reports at both revisions are loaded through the usual
loader and validator (never a second parser), compared semantically and reported in
Vietnamese Markdown fit for a pull-request comment: plans added or removed; tasks added,
removed or renumbered; agencies added to or removed from a role; timelines (old → new);
wording (a short word-level diff); metadata; each task's and agency's reported status (old
→ new), reports added, and earlier reports removed or rewritten (a warning: history should
only grow); registry entries; the site's code and configuration the change touches; then
the validator's findings at HEAD, whole-file errors first. ``planpub review`` is in
:mod:`planpub.cli.review`.

- :mod:`.words`: Markdown escaping and word-level diffs;
- :mod:`.snapshots`: the plans, registries and progress files at one revision, from git (a
  link or a submodule anywhere in the tree is an error);
- :mod:`.content`: active HTML (scripts, event handlers, frames) a change adds to a page,
  and pages that opt in to it only now;
- :mod:`.sitecode`: files of the site's code and configuration a change touches;
- :mod:`.plans`: what changed inside one plan, as report lines;
- :mod:`.progress`: what changed in one plan's progress reports and derived statuses;
- :mod:`.compare`: two snapshots compared;
- :mod:`.findings`: which findings are new, matched by what they are about;
- :mod:`.report`: the Markdown report.
"""

from __future__ import annotations

from planpub.review.compare import Review, review
from planpub.review.plans import Change, PlanDiff, TaskDiff, diff_plan, diff_task
from planpub.review.report import render
from planpub.review.snapshots import Snapshot, load_revision
from planpub.review.words import code, md, word_diff

__all__ = [
    "Change", "PlanDiff", "Review", "Snapshot", "TaskDiff", "code", "diff_plan", "diff_task",
    "load_revision", "md", "render", "review", "word_diff",
]
