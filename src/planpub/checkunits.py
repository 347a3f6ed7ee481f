"""One plan file and its progress file, loaded and checked, on as many cores as given.

A :class:`Job` names a plan file, a progress file, or both (a plan and the progress file of
the same name, so the plan is read once). Its result is plain JSON data, what
:mod:`planpub.checkcache` keeps: the loading problems, the facts the checks over the set
need (:mod:`planpub.repochecks`) and the plan's :class:`~planpub.checks.PlanFindings`; for
a progress file, its report problems against the plan it was checked with.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planpub.catalog import Catalog, build_catalog
from planpub.checks import Pending, PlanFindings, check_plan
from planpub.citations import Citations
from planpub.diagnostics import Diagnostic
from planpub.load import LoadedPlan, Registry, load_plan, load_progress_file
from planpub.progresschecks import ProgressFacts, check_progress_file, progress_facts
from planpub.repochecks import PlanFacts, RegistryFacts, plan_facts

POOL_FROM = 64
"""Fewer jobs than this run in this process: starting workers would cost more."""

Data = dict[str, Any]


@dataclass
class Context:
    """What every job needs: the registries and the indexes built from them, once."""

    root: Path
    registry: Registry
    today: dt.date
    members: dict[str, tuple[str, ...]] | None = None
    """The group → members closure, if known (:mod:`planpub.keptregistry`)."""

    def __post_init__(self) -> None:
        self.citations = Citations(self.registry.documents.values())
        self.base = build_catalog(self.registry, [])
        if self.members is not None:
            self.base.__dict__["_members"] = self.members  # a cached_property, already known
        _ = self.base._members, self.base._later  # worked out once, before workers start

    def catalog(self, plans: list[LoadedPlan]) -> Catalog:
        """A catalog of ``plans`` that shares the registries' indexes with :attr:`base`."""
        out = build_catalog(self.registry, plans)
        for known in ("_members", "_later"):  # cached_properties of the registry alone
            out.__dict__[known] = self.base.__dict__[known]
        return out


@dataclass(frozen=True)
class Job:
    """A plan file and/or a progress file to load and check: each as found and as shown;
    the plan with a tag naming its version (what a progress result's ``with`` lists)."""

    plan: tuple[Path, str, str] | None = None
    progress: tuple[Path, str] | None = None


# ------------------------------------------------------------------ JSON forms

def diag_data(diag: Diagnostic) -> list[Any]:
    return [diag.path, diag.line, diag.level, diag.field, diag.message, diag.hint]


def diag_of(data: list[Any]) -> Diagnostic:
    return Diagnostic(*data)


def findings_data(found: PlanFindings) -> list[Any]:
    return [[diag_data(d) for d in found.sure],
            [[p.path, p.line, p.field, p.value, p.kind] for p in found.pending],
            [[diag_data(d), key] for d, key in found.unless_planned]]


def findings_of(data: list[Any]) -> PlanFindings:
    sure, pending, unless = data
    return PlanFindings([diag_of(d) for d in sure], [Pending(*p) for p in pending],
                        [(diag_of(d), key) for d, key in unless])


FACT_ID = 1
"""Where the plan id is in a plan's facts, and the plan's id in a progress file's."""


def plan_facts_data(facts: PlanFacts) -> list[Any]:
    return [facts.path, facts.id, facts.line, facts.year, facts.number,
            [list(b) for b in facts.bases]]


def plan_facts_of(data: list[Any]) -> PlanFacts:
    return PlanFacts(*data)  # each basis a list [index, ref, line], read as a tuple is


def registry_facts_data(facts: RegistryFacts) -> Data:
    return {"documents": facts.documents, "plans": facts.plans,
            "findings": findings_data(facts.findings)}


def registry_facts_of(data: Data) -> RegistryFacts:
    return RegistryFacts(data["documents"], data["plans"], findings_of(data["findings"]))


def progress_facts_data(facts: ProgressFacts) -> list[Any]:
    return [facts.path, facts.plan, facts.line]


def progress_facts_of(data: list[Any]) -> ProgressFacts:
    return ProgressFacts(*data)


# ------------------------------------------------------------------ jobs

def check_plan_file(ctx: Context, path: Path, shown: str) -> tuple[LoadedPlan | None, Data]:
    """Load and check one plan file."""
    loaded, diags = load_plan(path, shown, ctx.root, lazy=True)  # checked, then let go
    data: Data = {"load": [diag_data(d) for d in diags], "facts": None, "found": None}
    if loaded is not None:
        data["facts"] = plan_facts_data(plan_facts(loaded))
        data["found"] = findings_data(check_plan(ctx.registry, ctx.citations, loaded))
    return loaded, data


def check_progress_path(ctx: Context, path: Path, shown: str,
                        plans: Sequence[tuple[LoadedPlan, str]]) -> Data:
    """Load one progress file and check its reports against ``plans`` (each with its tag)
    if they hold the plan it names; ``with`` lists the tags of those used."""
    loaded, diags = load_progress_file(path, shown, ctx.root, lazy=True)
    data: Data = {"load": [diag_data(d) for d in diags], "facts": None, "reports": None,
                  "with": []}
    if loaded is None:
        return data
    data["facts"] = progress_facts_data(progress_facts(loaded))
    used = [(lp, where) for lp, where in plans if lp.plan.id == loaded.progress.plan]
    if used:
        catalog = ctx.catalog([lp for lp, _ in used])
        data["reports"] = [diag_data(d) for d in check_progress_file(catalog, loaded, ctx.today)]
        data["with"] = [where for _, where in used]
    return data


def run_job(ctx: Context, job: Job) -> Data:
    """The results of one job: ``plan`` and ``progress``, each None if not asked."""
    out: Data = {"plan": None, "progress": None}
    loaded = None
    if job.plan is not None:
        loaded, out["plan"] = check_plan_file(ctx, *job.plan[:2])
    if job.progress is not None:
        tag = job.plan[2] if job.plan else ""
        out["progress"] = check_progress_path(ctx, *job.progress,
                                              [(loaded, tag)] if loaded else [])
    return out


_CONTEXT: Context | None = None
"""The context the workers inherit (set before they start, read in :func:`_run`)."""


def _run(job: Job) -> Data:
    assert _CONTEXT is not None
    return run_job(_CONTEXT, job)


def run_jobs(ctx: Context, jobs: Sequence[Job], workers: int) -> list[Data]:
    """Every job's results, in order; on ``workers`` processes when there are enough jobs
    and the system can fork (the workers then share the loaded registries)."""
    global _CONTEXT
    _CONTEXT = ctx
    enabled = gc.isenabled()
    gc.disable()  # the loaded trees are short-lived; the collector would re-scan the registry
    try:
        if workers > 1 and len(jobs) >= POOL_FROM and (
                "fork" in multiprocessing.get_all_start_methods()):
            chunk = max(1, min(32, len(jobs) // (workers * 8)))
            with ProcessPoolExecutor(workers, multiprocessing.get_context("fork"),
                                     initializer=gc.disable) as pool:
                return list(pool.map(_run, jobs, chunksize=chunk))
        return [_run(job) for job in jobs]
    finally:
        _CONTEXT = None
        if enabled:
            gc.enable()
