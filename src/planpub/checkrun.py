"""``planpub validate`` of a whole repository: each file checked once, then kept.

A plan's findings depend on its bytes and the registries' only (:func:`~planpub.checks.
check_plan`); a progress file's on its bytes, the registries, the day and the plan it
reports on. So each file is a unit whose result :mod:`planpub.checkcache` keeps, keyed by
those bytes; only changed files are read, on every core (:mod:`planpub.checkunits`), and
the checks over the set (:mod:`planpub.repochecks`) run on the kept facts. The result is
what :func:`planpub.project.open_project` finds, file for file.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planpub.checkcache import CheckCache, digest, same_file, unit_key
from planpub.checkunits import (
    FACT_ID,
    Context,
    Data,
    Job,
    check_progress_path,
    diag_data,
    diag_of,
    findings_of,
    plan_facts_of,
    progress_facts_of,
    registry_facts_data,
    registry_facts_of,
    run_jobs,
)
from planpub.diagnostics import Diagnostic
from planpub.glossary import load_glossary
from planpub.keptregistry import registry_data, registry_of
from planpub.layout import PLANS_DIR, PROGRESS_DIR, registry_file
from planpub.load import Registry, load_plan, load_registry
from planpub.progresschecks import check_progress_set
from planpub.repochecks import PlanSet, check_plan_set, registry_facts
from planpub.repofiles import display_paths, listed
from planpub.safefile import UnsafeFile, read_capped
from planpub.yamlsrc import MAX_BYTES

_REGISTRY = frozenset({"load", "facts"})
_PLAN = frozenset({"load", "facts", "found"})
_PROGRESS = frozenset({"load", "facts", "reports", "with"})
_SIDE = frozenset({"agencies", "localities", "documents", "unread", "members"})
"""The fields of each kind of kept result (an entry without them is read again)."""


@dataclass
class Checked:
    """The findings over a repository, and what was looked at."""

    diagnostics: list[Diagnostic]
    plans: int
    """Plan files checked."""
    progress: int
    """Progress files checked (loaded, or with a problem)."""
    read: int = 0
    """Files read this time (the others' findings were kept from an earlier run)."""


@dataclass
class _File:
    path: str
    shown: str
    key: str | None
    """The unit's cache key (None: not kept; the file is not a readable regular file)."""
    tag: str = ""


@dataclass
class _Run:
    root: Path
    cache: CheckCache | None
    today: dt.date
    jobs: int
    registry_key: str = ""
    registry: Registry | None = None
    """The registries, if loaded this run."""
    seen: dict[str, os.stat_result] = field(default_factory=dict)
    """Each file digested, as it was when its digest was taken."""
    registry_paths: list[str] = field(default_factory=list)
    _context: Context | None = field(default=None, init=False)

    def file_digest(self, path: str, shown: str) -> str | None:
        """The digest of a regular file's bytes (None for anything else)."""
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        self.seen[path] = info
        known = self.cache.known_digest(shown, info) if self.cache else None
        if known is not None:
            return known
        try:
            raw = read_capped(Path(path), MAX_BYTES, self.root)
        except (OSError, UnsafeFile):
            return None
        found = digest(raw)
        if self.cache is not None:
            self.cache.note_digest(shown, info, found)
        return found

    def context(self) -> Context:
        """The registries and their indexes: as loaded this run, else as kept."""
        if self._context is None:
            kept = None
            if self.registry is None and self.cache is not None:
                kept = self.cache.side(self.registry_key)
            if isinstance(kept, dict) and kept.keys() >= _SIDE:
                registry, members = registry_of(kept)
                self._context = Context(self.root, registry, self.today, members)
            else:
                if self.registry is None:
                    self.load_registry()
                assert self.registry is not None
                self._context = Context(self.root, self.registry, self.today)
        return self._context

    def load_registry(self) -> list[Diagnostic]:
        """Read the registry files (and keep their entries for the next run)."""
        self.registry, diags = load_registry(self.root)
        if self.cache is not None:
            self.cache.keep_side(self.registry_key, registry_data(self.registry))
        return diags

    def kept(self, key: str | None, fields: frozenset[str]) -> Any:
        """The kept result under ``key``, if it has the ``fields`` this code writes."""
        if self.cache is None or key is None:
            return None
        value = self.cache.get(key)
        return value if isinstance(value, dict) and fields <= value.keys() else None

    def keep(self, key: str | None, value: Any, *paths: str) -> None:
        """Keep ``value`` under ``key``, unless one of the files it was read from (``paths``,
        and the registries every check reads) changed since its digest was taken: the result
        would not be the digest's."""
        if self.cache is None or key is None:
            return
        for path in (*paths, *self.registry_paths):
            try:
                if not same_file(self.seen[path], os.lstat(path)):
                    return
            except (KeyError, OSError):
                return
        self.cache.put(key, value)


def run_checks(root: Path, *, cache: CheckCache | None, today: dt.date,
               jobs: int) -> Checked:
    """Check every file of the repository at ``root``, reading only what changed."""
    run = _Run(root, cache, today, jobs)
    names = [registry_file(name) for name in ("localities", "agencies", "documents")]
    digests = [run.file_digest(os.path.join(root, name), name)
               if os.path.lexists(root / name) else "-"
               for name in names]
    run.registry_paths = [os.path.join(root, n) for n, d in zip(names, digests, strict=True)
                          if d != "-"]
    if any(d is None for d in digests):  # an unreadable registry: nothing is kept
        run.cache = None
    run.registry_key = digest("registry", *(f"{n}:{d}" for n, d in zip(names, digests,
                                                                        strict=True)))
    registry = run.kept(run.registry_key, _REGISTRY)
    if registry is None:
        diags = run.load_registry()
        assert run.registry is not None
        registry = {"load": [diag_data(d) for d in diags],
                    "facts": registry_facts_data(registry_facts(run.registry))}
        run.keep(run.registry_key, registry)
    elif run.cache is not None:
        run.cache.keep_side(run.registry_key)
    out = [diag_of(d) for d in registry["load"]]

    plans = _units(run, listed(root, PLANS_DIR), "plan")
    reports = _units(run, listed(root, PROGRESS_DIR), "progress", str(today))
    for unit in plans:
        unit.tag = unit.key or f"?{unit.shown}"
    by_stem: dict[str, list[_File]] = defaultdict(list)
    for unit in plans:
        by_stem[_stem(unit.shown)].append(unit)

    plan_data: dict[str, Data] = {}
    progress_data: dict[str, Data] = {}
    for unit in plans:
        if (hit := run.kept(unit.key, _PLAN)) is not None:
            plan_data[unit.shown] = hit
    for unit in reports:
        if (hit := run.kept(unit.key, _PROGRESS)) is not None:
            progress_data[unit.shown] = hit
    read = _read_missing(run, plans, reports, by_stem, plan_data, progress_data)

    facts = PlanSet([plan_facts_of(d["facts"]) for u in plans
                     if (d := plan_data[u.shown])["facts"] is not None])
    tags: dict[str, list[str]] = defaultdict(list)
    for unit in plans:
        if plan_data[unit.shown]["facts"] is not None:
            tags[plan_data[unit.shown]["facts"][FACT_ID]].append(unit.tag)
    read += _recheck(run, reports, plans, tags, progress_data)

    reg = registry_facts_of(registry["facts"])
    out += check_plan_set(facts, reg)
    for unit in plans:
        data = plan_data[unit.shown]
        out += [diag_of(d) for d in data["load"]]
        if data["found"] is not None and any(data["found"]):  # most plans: nothing found
            out += findings_of(data["found"]).given(facts.by_id, reg.documents, facts.numbers)
    filed = [progress_facts_of(d["facts"]) for u in reports
             if (d := progress_data[u.shown])["facts"] is not None]
    found, fine = check_progress_set(filed, facts.by_id)
    out += found
    for unit in reports:
        data = progress_data[unit.shown]
        out += [diag_of(d) for d in data["load"]]
        if unit.shown in fine:
            out += [diag_of(d) for d in data["reports"] or ()]
    out += load_glossary(root)[1]
    shown = {f.path for f in filed} | {d.path for d in out
                                        if d.path.startswith(f"{PROGRESS_DIR}/")}
    return Checked(sorted(set(out), key=lambda d: (d.path, d.line or 0, d.field, d.message)),
                   len(plans), len(shown), read)


def _stem(shown: str) -> str:
    """``Path(shown).stem``, without building a path."""
    return os.path.splitext(os.path.basename(shown))[0]


def _units(run: _Run, paths: list[str], kind: str, *extra: str) -> list[_File]:
    out = []
    for path, shown in zip(paths, display_paths(paths, run.root), strict=True):
        found = run.file_digest(path, shown)
        key = None if found is None else unit_key(kind, run.registry_key, shown, found, *extra)
        out.append(_File(path, shown, key))
    return out


def _read_missing(run: _Run, plans: list[_File], reports: list[_File],
                  by_stem: dict[str, list[_File]], plan_data: dict[str, Data],
                  progress_data: dict[str, Data]) -> int:
    """Load and check the files with nothing kept, a plan with the progress file named
    like it; keep the results."""
    jobs: list[Job] = []
    paired: set[str] = set()
    for unit in reports:
        if unit.shown in progress_data:
            continue
        mates = by_stem.get(_stem(unit.shown), [])
        plan = mates[0] if len(mates) == 1 else None
        if plan is not None:
            paired.add(plan.shown)
        jobs.append(Job(None if plan is None else (Path(plan.path), plan.shown, plan.tag),
                        (Path(unit.path), unit.shown)))
    jobs += [Job((Path(u.path), u.shown, u.tag)) for u in plans
             if u.shown not in plan_data and u.shown not in paired]
    if not jobs:
        return 0
    results = run_jobs(run.context(), jobs, run.jobs)
    units = {u.shown: u for u in (*plans, *reports)}
    for job, result in zip(jobs, results, strict=True):
        if job.plan is not None and job.plan[1] not in plan_data:
            plan_data[job.plan[1]] = result["plan"]
            run.keep(units[job.plan[1]].key, result["plan"], units[job.plan[1]].path)
        if job.progress is not None:
            progress_data[job.progress[1]] = result["progress"]
            read = [units[job.progress[1]].path]
            if job.plan is not None:  # its reports were checked against this plan file
                read.append(units[job.plan[1]].path)
            run.keep(units[job.progress[1]].key, result["progress"], *read)
    return len(jobs)


def _recheck(run: _Run, reports: list[_File], plans: list[_File], tags: dict[str, list[str]],
             progress_data: dict[str, Data]) -> int:
    """Check again each progress file whose reports were checked against another version
    of its plan than the repository now holds (or another file of that id)."""
    by_tag = {u.tag: u for u in plans}
    count = 0
    for unit in reports:
        data = progress_data[unit.shown]
        if data["facts"] is None or data["with"] == tags.get(data["facts"][FACT_ID], []):
            continue
        ctx = run.context()
        used = []
        for tag in tags.get(data["facts"][FACT_ID], []):
            plan = by_tag[tag]
            loaded, _ = load_plan(Path(plan.path), plan.shown, run.root)
            if loaded is not None:
                used.append((loaded, tag))
        data = check_progress_path(ctx, Path(unit.path), unit.shown, used)
        progress_data[unit.shown] = data
        run.keep(unit.key, data, unit.path, *(by_tag[t].path for t in data["with"]))
        count += 1
    return count
