"""Synthetic progress files for the synthetic plans: ``progress/<plan-id>.yaml``.

A share of plans (:data:`SHARE`) has a file, as on a real site where some authorities report
and others have not started. In a file, some of the plan's tasks are reported on, by the
agencies that may report on them (``planpub.progresschecks``): the leads (a group's members
speak for it), now and then a coordinating agency, and the successor of an agency that ceased
before the report (the seed plans: Bình Dương's departments report through Thành phố Hồ Chí
Minh's). Each reporting agency reports one to four times over the task's life, its status
advancing (chưa thực hiện → đang thực hiện → hoàn thành, or không thực hiện), with a written
report reference or a note on some reports.

Every ``as_of`` is on or before :data:`LAST_AS_OF`, a fixed date in the past, so the files
validate on any later day and the same arguments give the same bytes (no clock).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SHARE = 0.6
"""Plans that have a progress file."""

LAST_AS_OF = dt.date(2026, 11, 30)
"""The latest ``as_of`` written: before the day this generator was written, so never in the
future for ``planpub validate``."""

ROLE_STRENGTH = ("lead", "advise", "consolidate", "coordinate")
"""As :data:`planpub.catalog.ROLE_STRENGTH`: who a task's status answers to."""

FINAL = {"hoan-thanh": 60, "dang-thuc-hien": 20, "khong-thuc-hien": 12, "chua-thuc-hien": 8}
"""Weights of an agency's last status on a task whose due date has passed."""

NOTES = (
    "Đã tổ chức hội nghị triển khai.",
    "Đã ban hành văn bản hướng dẫn các đơn vị.",
    "Không phát sinh vụ việc trong kỳ.",
    "Đang tổng hợp số liệu từ các đơn vị.",
    "Đã lồng ghép vào hội nghị chuyên đề của ngành.",
    "Đã đăng tải trên Cổng thông tin điện tử.",
    "Chờ hướng dẫn của cơ quan cấp trên.",
    "Đã kiểm tra 3 đơn vị theo kế hoạch.",
)


@dataclass(frozen=True)
class TaskView:
    """What the generator needs to know about a leaf task."""

    number: str
    roles: dict[str, tuple[str, ...]]
    due: dt.date | None

    @property
    def answering(self) -> tuple[str, ...]:
        return next((self.roles[r] for r in ROLE_STRENGTH if self.roles.get(r)), ())

    @property
    def named(self) -> set[str]:
        return {a for ids in self.roles.values() for a in ids}


@dataclass(frozen=True)
class Standing:
    """Group members and successors, from whichever registry the plan uses."""

    members: Callable[[str], Sequence[str]]
    """A group's members (nested groups resolved); empty for an agency."""
    successor: Callable[[str, dt.date], str | None]
    """Who reports for an agency on a date: the agency, or its successor once it has ceased
    (None: it ceased and nobody took over)."""


def _no_successor(agency_id: str, _on: dt.date) -> str | None:
    return agency_id


def registry_standing(agencies: dict[str, dict[str, Any]]) -> Standing:
    """Standing among generated registry entries (groups, no successors)."""
    @cache
    def members(group: str) -> tuple[str, ...]:
        out: list[str] = []
        queue = list(agencies.get(group, {}).get("members", []))
        while queue:
            ident = queue.pop(0)
            if ident != group and ident not in out:
                out.append(ident)
                queue += agencies.get(ident, {}).get("members", [])
        return tuple(out)

    return Standing(members, _no_successor)


def leaf_views(tasks: Iterable[dict[str, Any]], year: int,
               due_of: Callable[[str, int], dt.date | None]) -> list[TaskView]:
    """The leaf tasks of a generated plan document (a sub-task inherits what it leaves out)."""
    out: list[TaskView] = []

    def walk(items: Iterable[dict[str, Any]], inherited: dict[str, Any]) -> None:
        for task in items:
            here = {**inherited, **{k: task[k] for k in (*ROLE_STRENGTH, "timeline") if k in task}}
            if task.get("subtasks"):
                walk(task["subtasks"], here)
                continue
            timeline = here.get("timeline")
            out.append(TaskView(str(task["number"]),
                                {r: tuple(here.get(r, ())) for r in ROLE_STRENGTH},
                                due_of(timeline, year) if isinstance(timeline, str) else None))

    walk(tasks, {})
    return out


@cache
def timeline_due(text: str, year: int) -> dt.date | None:
    """The due date the real parser reads from a timeline wording."""
    from planpub.timeline import TimelineError, resolve_timeline

    try:
        return resolve_timeline(text, year=year).due
    except TimelineError:
        return None


def _dates(rng: random.Random, start: dt.date, end: dt.date, count: int) -> list[dt.date]:
    span = (end - start).days
    if span < 0:
        return []
    days = sorted(rng.sample(range(span + 1), min(count, span + 1)))
    days[-1] = max(days[-1], span - rng.randint(0, span // 3))  # the last report comes late
    return [start + dt.timedelta(days=d) for d in days]


def _statuses(rng: random.Random, count: int, final: str) -> list[str]:
    """``count`` statuses that never go back, the last ``final``."""
    ladder = ("chua-thuc-hien", "dang-thuc-hien")
    if final == ladder[0]:
        return [final] * count
    earlier = sorted((rng.choice(ladder) for _ in range(count - 1)), key=ladder.index)
    return [*earlier, final]


def _reporters(rng: random.Random, task: TaskView, standing: Standing) -> list[str]:
    """The parts that report on a task (each once): leads, a group's members, a coordinator."""
    out: list[str] = []
    named = task.named
    for agency in task.answering:
        members = [m for m in standing.members(agency) if m not in named]
        if members:
            voices = rng.sample(members, min(len(members), rng.choice((1, 1, 2, 3))))
            out += voices if rng.random() < 0.9 else [agency]
        elif rng.random() < 0.85:
            out.append(agency)
    others = [a for r in ROLE_STRENGTH for a in task.roles.get(r, ()) if a not in task.answering]
    if others and rng.random() < 0.15:
        out.append(rng.choice(others))
    return list(dict.fromkeys(out))


def _report(rng: random.Random, plan_id: str, task: str, agency: str, status: str,
            as_of: dt.date) -> dict[str, Any]:
    item: dict[str, Any] = {"task": task, "agency": agency, "status": status, "as_of": as_of}
    if rng.random() < 0.55:
        number = rng.randint(5, 999)
        ref: dict[str, Any] = {"number": f"{number}/BC-{agency.split('-')[0].upper()}",
                               "date": as_of - dt.timedelta(days=rng.choice((0, 0, 1, 3, 7)))}
        if rng.random() < 0.3:
            ref["url"] = f"https://bao-cao.example.org/{plan_id}/{number}"
        item["report"] = ref
    if rng.random() < 0.25:
        item["note"] = rng.choice(NOTES)
    return item


def plan_progress(rng: random.Random, plan_id: str, issued: dt.date, year: int,
                  tasks: Sequence[TaskView], standing: Standing) -> dict[str, Any] | None:
    """One plan's progress file, or None when its authority reports nothing."""
    if rng.random() >= SHARE:
        return None
    diligence = rng.uniform(0.3, 1.0)
    order = {t.number: i for i, t in enumerate(tasks)}
    reports: list[dict[str, Any]] = []
    for task in tasks:
        if rng.random() >= diligence:
            continue
        due = task.due or dt.date(year, 12, 31)
        start = issued + dt.timedelta(days=rng.randint(7, 60))
        end = min(LAST_AS_OF, max(due, start) + dt.timedelta(days=rng.randint(0, 90)))
        final = rng.choices(list(FINAL), list(FINAL.values()))[0]
        if due > LAST_AS_OF and final == "hoan-thanh" and rng.random() < 0.6:
            final = "dang-thuc-hien"  # not due yet: mostly still under way
        for agency in _reporters(rng, task, standing):
            dates = _dates(rng, start, end, rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0])
            for as_of, status in zip(dates, _statuses(rng, len(dates), final), strict=True):
                speaker = standing.successor(agency, as_of)
                if speaker is not None:
                    reports.append(_report(rng, plan_id, task.number, speaker, status, as_of))
    if not reports:
        return None
    reports.sort(key=lambda r: (r["as_of"], order[r["task"]], r["agency"]))
    return {"plan": plan_id, "reports": reports}


def seed_progress(rng: random.Random, registry_root: Path, plans: Iterable[Path],
                  root: Path) -> list[dict[str, Any]]:
    """Progress files for the real seed plans, read with planpub itself (their registry has
    groups and successors: Bình Dương's departments, ceased on 30/06/2025)."""
    from planpub.catalog import build_catalog
    from planpub.load import load_plan, load_registry

    registry, _ = load_registry(registry_root)
    out = []
    for path in plans:
        loaded, _ = load_plan(path, path.name, root)
        if loaded is None:
            continue
        catalog = build_catalog(registry, [loaded])

        def successor(agency_id: str, on: dt.date, catalog: Any = catalog) -> str | None:
            agency = catalog.agencies.get(agency_id)
            if agency is None or not agency.valid_until or on <= agency.valid_until:
                return agency_id
            later = catalog.later(agency_id)
            return str(later[0]) if later else None

        standing = Standing(catalog.members_of, successor)
        plan = loaded.plan
        views = [TaskView(e.number, {r: e.agencies(r) for r in ROLE_STRENGTH}, e.due)
                 for e in catalog.tasks]
        issued = plan.issued or dt.date(plan.year, 1, 1)
        found = plan_progress(rng, plan.id, issued, plan.year, views, standing)
        if found is not None:
            out.append(found)
    return out
