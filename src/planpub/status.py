"""What agencies reported about a task, and the status the site shows for it.

Derived once per task by :meth:`planpub.catalog.Catalog.progress_of`; every page, feed and
export reads the result. The rules:

* An agency's status on a task is ``chua-bao-cao`` until a report counts for it, then its
  latest reported status (latest ``as_of``; on the same day, the later line of the file). A
  report counts for the agency when the agency made it, or a successor did (Bình Dương's
  departments report through Thành phố Hồ Chí Minh's after 01/07/2025).
* A group (``members``) speaks through its members: each member (with its successors) is one
  voice; the group has reported once one voice has, and its status is the least advanced of
  its voices' latest statuses.
* A task answers to its leads named directly (with none, the agencies of its strongest role
  present). It is ``hoan-thanh`` when every one of them reported so (or reported that it will
  not do its part, ``khong-thuc-hien``, the others all done), and ``khong-thuc-hien`` only
  when every one reported that. Otherwise it is the least advanced status among those that
  reported work done or under way (``dang-thuc-hien`` when that is ``hoan-thanh``: some
  finished, some have not reported), or ``chua-bao-cao`` when none did.
* It is overdue only when its due date has passed and a lead's latest report, dated on or
  after the due date, says the work is unfinished; or (with the site's grace period) a lead
  has reported nothing since the due date for longer than that period (no grace period: never
  from silence; never for an agency nobody can report for any more). An unfinished report from
  before the due date says nothing about the deadline. A date alone never makes a task
  overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from planpub.progressmodel import ProgressReport

NOT_REPORTED = "chua-bao-cao"
STATUS_ORDER = ("chua-thuc-hien", "dang-thuc-hien", "khong-thuc-hien", "hoan-thanh")
"""Reported statuses from the least advanced to the most."""
UNFINISHED = frozenset({"chua-thuc-hien", "dang-thuc-hien"})
DONE = "hoan-thanh"
DROPPED = "khong-thuc-hien"


@dataclass(frozen=True)
class Reference:
    """What "overdue" is counted against: the date static pages use (the reader's browser
    recounts from its own) and the site's grace period in days (None: silence is never
    overdue)."""

    today: dt.date
    grace: int | None = None


@dataclass(frozen=True)
class PartProgress:
    """One agency's status on one task and the report it comes from (None: not reported)."""

    agency: str
    status: str = NOT_REPORTED
    latest: ProgressReport | None = None
    voices: tuple[ProgressReport, ...] = ()
    """For a group: each voice's latest report (a single agency: its latest only)."""

    @property
    def reported(self) -> bool:
        return self.latest is not None


@dataclass(frozen=True)
class TaskProgress:
    """A task's derived status, its answering agencies' and every report on it."""

    status: str
    answering: tuple[PartProgress, ...]
    parts: Mapping[str, PartProgress] = field(default_factory=dict)
    reports: tuple[ProgressReport, ...] = ()
    """Every report on the task, oldest first."""
    mute: frozenset[str] = frozenset()
    """Agencies nobody can report for any more (ceased, no successor): their silence is
    never overdue."""

    def part(self, agency_id: str) -> PartProgress:
        """The agency's status on this task (``chua-bao-cao`` when it has no part or report)."""
        return self.parts.get(agency_id) or PartProgress(agency_id)

    def latest(self) -> list[ProgressReport]:
        """Each reporting agency's latest report, newest first."""
        seen: dict[str, ProgressReport] = {}
        for report in self.reports:
            seen[report.agency] = report
        return sorted(seen.values(), key=lambda r: r.as_of, reverse=True)

    def overdue(self, due: dt.date | None, ref: Reference, agency: str | None = None) -> bool:
        """Whether the task (with ``agency``: that agency's part) is overdue on ``ref.today``:
        see the module's rules."""
        if due is None or due >= ref.today or not self.may_be_overdue(due, ref, agency):
            return False
        return bool(self.late(due, agency)) or ref.today > due + dt.timedelta(days=ref.grace or 0)

    def may_be_overdue(self, due: dt.date | None, ref: Reference,
                       agency: str | None = None) -> bool:
        """Whether the task (with ``agency``: that agency's part) is overdue on some day (a
        reader's later date), given the reports."""
        return due is not None and (bool(self.late(due, agency)) or (
            ref.grace is not None and self.silent(due, agency)))

    def late(self, due: dt.date | None, agency: str | None = None) -> list[ProgressReport]:
        """The latest reports, dated on or after ``due``, that say the work is unfinished: of
        the answering agencies, or (with ``agency``) of that agency's part; oldest first."""
        parts = self.answering if agency is None else (self.part(agency),)
        return sorted((p.latest for p in parts if p.latest and p.status in UNFINISHED
                       and due is not None and p.latest.as_of >= due), key=lambda r: r.as_of)

    def silent(self, due: dt.date | None, agency: str | None = None) -> bool:
        """Whether an answering agency (with ``agency``: that one, if it answers) that has not
        reported its part done or dropped has reported nothing dated on or after ``due``;
        silence counts only from those someone can still report for (not :attr:`mute`)."""
        return due is not None and any(
            p.agency not in self.mute and p.status not in (DONE, DROPPED)
            and (p.latest is None or p.latest.as_of < due)
            for p in self.answering if agency is None or p.agency == agency)


def least_advanced(statuses: Iterable[str]) -> str:
    """The least advanced of reported statuses."""
    return min(statuses, key=STATUS_ORDER.index)


def voices(agency_id: str, members: Iterable[str],
           later: Callable[[str], Iterable[str]]) -> dict[str, str]:
    """Who may speak for ``agency_id`` on a task → the voice they speak as: the agency and its
    successors (``later``) as the agency itself; for a group, each member and its successors
    as that member."""
    out = {agency_id: agency_id}
    for successor in later(agency_id):
        out.setdefault(successor, agency_id)
    for member in members:
        out.setdefault(member, member)
        for successor in later(member):
            out.setdefault(successor, member)
    return out


def part_progress(agency_id: str, speakers: Mapping[str, str],
                  reports: Iterable[ProgressReport]) -> PartProgress:
    """The agency's status from ``reports`` (oldest first), heard through ``speakers``."""
    latest: dict[str, ProgressReport] = {}
    for report in reports:
        voice = speakers.get(report.agency)
        if voice is not None:
            latest[voice] = report
    if not latest:
        return PartProgress(agency_id)
    heard = tuple(latest.values())
    status = least_advanced(r.status for r in heard)
    newest = max(heard, key=lambda r: r.as_of)
    return PartProgress(agency_id, status, newest, heard)


def task_status(answering: Iterable[PartProgress]) -> str:
    """The task's status from its answering agencies' (see the module's rules)."""
    parts = list(answering)
    heard = [p.status for p in parts if p.reported]
    doing = [status for status in heard if status != DROPPED]
    if len(heard) == len(parts) and heard:  # every answering agency reported
        if not doing:
            return DROPPED
        if all(status == DONE for status in doing):
            return DONE
    if not doing:  # nobody reported, or some will not do their part and the others are silent
        return NOT_REPORTED
    least = least_advanced(doing)
    return "dang-thuc-hien" if least == DONE else least


@lru_cache(maxsize=4096)
def not_reported(answering: tuple[str, ...], mute: frozenset[str] = frozenset()) -> TaskProgress:
    """The progress of a task nobody reported on. Immutable, so shared: one value per set of
    answering agencies, the most recent few thousand kept (pages ask for a task's progress
    several times; the catalog keeps nothing per task without reports)."""
    return TaskProgress(NOT_REPORTED, tuple(PartProgress(a) for a in answering), mute=mute)
