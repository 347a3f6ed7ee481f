"""What changed between two versions of a plan, in the plans' own terms.

Tasks paired across versions (renumbered, retitled, added, removed) and moved
deadlines, in plain words: shared by the review report and the changes feed.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence

from planpub.model import Plan, Task, iter_tasks
from planpub.timeline import Timeline

FUZZY_MATCH = 0.75
FUZZY_PAIRS = 10_000  # unmatched task pairs beyond which similar titles are not compared

TaskPair = tuple[Task | None, Task | None]


def _norm(title: str) -> str:
    return " ".join(title.split()).casefold()


def all_tasks(plan: Plan) -> list[Task]:
    """Every task of the plan, sub-tasks included, in document order."""
    return [task for task, _ in iter_tasks(plan.tasks)]


def match_tasks(old: Sequence[Task], new: Sequence[Task]) -> list[TaskPair]:
    """Pair tasks across revisions, in the new order, removed ones last.

    Same number and title first, then the same title (a renumbered task), then a
    similar title, then the same number (a retitled task); the rest are removed or added.
    """
    partner: dict[int, Task] = {}
    left = list(old)
    right = list(new)

    def take(key: Callable[[Task], object]) -> None:
        index: dict[object, list[Task]] = {}
        for b in right:
            index.setdefault(key(b), []).append(b)
        for a in list(left):
            candidates = index.get(key(a))
            if candidates:
                b = candidates.pop(0)
                partner[id(b)] = a
                left.remove(a)
                right.remove(b)

    take(lambda t: (t.number, _norm(t.title)))
    take(lambda t: _norm(t.title))
    if len(left) * len(right) <= FUZZY_PAIRS:
        for a in list(left):
            words = _norm(a.title).split()
            scored = [(difflib.SequenceMatcher(None, words, _norm(b.title).split()).ratio(), b)
                      for b in right]
            best = max(scored, key=lambda s: s[0], default=None)
            if best is not None and best[0] >= FUZZY_MATCH:
                partner[id(best[1])] = a
                left.remove(a)
                right.remove(best[1])
    take(lambda t: t.number)
    pairs: list[TaskPair] = [(partner.get(id(b)), b) for b in new]
    pairs.extend((a, None) for a in left)
    return pairs


def match_plan_tasks(old: Plan, new: Plan) -> list[TaskPair]:
    """:func:`match_tasks` over every task of two versions of one plan."""
    return match_tasks(all_tasks(old), all_tasks(new))


def _timeline_key(timeline: Timeline | None) -> tuple[str, dt.date | None] | None:
    return (" ".join(timeline.text.split()), timeline.due) if timeline else None


def moved_deadlines(old: Plan, new: Plan) -> list[tuple[Task, Task]]:
    """Tasks present in both versions whose timeline wording or due date differs."""
    return [(a, b) for a, b in match_plan_tasks(old, new)
            if a is not None and b is not None
            and _timeline_key(a.timeline) != _timeline_key(b.timeline)]


def timeline_text(timeline: Timeline | None) -> str:
    """A timeline in plain words: its wording, and its due date if it has one."""
    if timeline is None:
        return "(không ghi)"
    due = f" (hạn {timeline.due:%d/%m/%Y})" if timeline.due else ""
    return f"“{' '.join(timeline.text.split())}”{due}"


def timeline_move(old: Timeline | None, new: Timeline | None) -> str:
    """``“old” (hạn ...) → “new” (hạn ...)`` in plain words."""
    return f"{timeline_text(old)} → {timeline_text(new)}"
