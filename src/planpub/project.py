"""The composition root: the one place that loads and wires a repository.

``open_project(root)`` reads the registries, the plans and the glossary once,
builds the catalog and runs every check. The CLI, the MkDocs adapter (and so the
content pages' macros), review and publish all start here; nothing else reads
the repository's data files.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planpub.asked import ask
from planpub.catalog import Catalog, build_catalog
from planpub.checkcache import CheckCache, cache_file
from planpub.checkrun import Checked, run_checks
from planpub.checks import PlanFindings, check_plan
from planpub.citations import Citations
from planpub.diagnostics import Diagnostic, has_errors
from planpub.glossary import Glossary, load_glossary
from planpub.layout import PROGRESS_DIR, REGISTRY_DIR
from planpub.load import (
    LoadCache,
    LoadedPlan,
    LoadedProgress,
    Registry,
    load_plans,
    load_progress,
    load_registry,
    paused_collector,
)
from planpub.model import Plan
from planpub.progresschecks import check_progress, check_progress_file
from planpub.repochecks import (
    PlanFacts,
    RegistryFacts,
    check_catalog,
    plan_facts,
    registry_facts,
)
from planpub.vocab import vn_today

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass
class Project:
    """A loaded and checked repository."""

    root: Path
    catalog: Catalog
    glossary: Glossary
    diagnostics: list[Diagnostic]
    chosen: list[str] = field(default_factory=list)
    """Display paths of the plan files asked about (every plan file by default)."""
    reports: list[str] = field(default_factory=list)
    """Display paths of the progress files asked about (none asked: every one is checked)."""

    @property
    def ok(self) -> bool:
        """Whether nothing is an error (warnings allowed)."""
        return not has_errors(self.diagnostics)

    def chosen_ids(self) -> list[str]:
        """Ids of the plans loaded from :attr:`chosen`, in catalog order."""
        wanted = set(self.chosen)
        return [lp.plan.id for lp in self.catalog.loaded if lp.doc.path in wanted]


@dataclass
class ProjectCache:
    """What a preview keeps between builds, so saving one plan or progress file re-reads one
    file.

    Plans and progress files are kept by file stamp, with their checks; a change to any
    registry file drops everything (:attr:`renewed` then says so).
    """

    plans: LoadCache[LoadedPlan] = field(default_factory=LoadCache)
    reports: LoadCache[LoadedProgress] = field(default_factory=LoadCache)
    checks: dict[str, tuple[LoadedPlan, PlanFindings]] = field(default_factory=dict)
    report_checks: dict[str, tuple[LoadedProgress, Plan, dt.date, list[Diagnostic]]] = field(
        default_factory=dict)
    """A progress file's findings, with the file, the plan and the day they hold for."""
    registry: tuple[Registry, list[Diagnostic]] | None = None
    registry_found: RegistryFacts | None = None
    """The registries' own findings (:func:`registry_facts`)."""
    catalog: Catalog | None = None
    """The last catalog: the next one takes over what it derived (:meth:`Catalog.follow`)."""
    fingerprint: Fingerprint | None = None
    renewed: bool = True
    """Whether the last :func:`open_project` started from nothing."""

    @property
    def changed(self) -> set[str]:
        """Display paths of the plan files read anew (or gone) in the last run."""
        return self.plans.changed

    @property
    def changed_reports(self) -> set[str]:
        """Display paths of the progress files read anew (or gone) in the last run."""
        return self.reports.changed

    def _refresh(self, root: Path) -> None:
        fingerprint = registry_fingerprint(root)
        self.renewed = fingerprint != self.fingerprint
        if self.renewed:
            self.plans, self.reports, self.fingerprint = LoadCache(), LoadCache(), fingerprint
            self.checks, self.report_checks, self.registry, self.catalog = {}, {}, None, None
            self.registry_found = None

    def _prune(self) -> None:
        live = {path for path, hit in self.plans.entries.items() if hit[1] is not None}
        self.checks = {k: v for k, v in self.checks.items() if k in live}
        live = {path for path, hit in self.reports.entries.items() if hit[1] is not None}
        self.report_checks = {k: v for k, v in self.report_checks.items() if k in live}

    def progress_checks(self, catalog: Catalog, today: dt.date
                        ) -> Callable[[LoadedProgress], list[Diagnostic]]:
        """:func:`check_progress_file`, kept while the file, its plan and the day are the
        same (the registries are: a change to them renews the cache)."""
        kept = self.report_checks

        def check(loaded: LoadedProgress) -> list[Diagnostic]:
            plan = catalog.plans[loaded.progress.plan]
            hit = kept.get(loaded.doc.path)
            if hit is None or hit[0] is not loaded or hit[1] is not plan or hit[2] != today:
                hit = kept[loaded.doc.path] = (loaded, plan, today,
                                               check_progress_file(catalog, loaded, today))
            return hit[3]

        return check


def registry_fingerprint(root: Path) -> Fingerprint:
    """What invalidates every cached file: the registry files, by mtime and size
    (links and special files looked at, never followed or opened)."""
    out = []
    folder = root / REGISTRY_DIR
    found = [] if not folder.is_dir() or folder.is_symlink() else list(folder.rglob("*"))
    for path in sorted(found):
        try:
            info = path.lstat()
        except OSError:  # gone between listing and looking
            continue
        out.append((path.as_posix(), info.st_mtime_ns, info.st_size))
    return tuple(out)


class _Early:
    """A plan's own checks run as soon as it is loaded, then its line map is dropped: with
    ``lines=False``, the line maps of 10,000 plans are never held at once. The checks that
    need the whole set run later on the facts kept here, so the findings are the same."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.citations = Citations(registry.documents.values())
        self._found: dict[int, tuple[PlanFindings, PlanFacts]] = {}

    def check(self, loaded: LoadedPlan) -> None:
        self._found[id(loaded)] = (check_plan(self.registry, self.citations, loaded),
                                   plan_facts(loaded))
        loaded.doc.forget()

    def findings(self, loaded: LoadedPlan) -> PlanFindings:
        return self._found[id(loaded)][0]

    def facts(self, loaded: LoadedPlan) -> PlanFacts:
        return self._found[id(loaded)][1]


def open_project(root: Path, paths: Sequence[Path] | None = None,
                 cache: ProjectCache | None = None, *, lines: bool = True,
                 loaded_one: Callable[[], object] | None = None) -> Project:
    """Load and check the repository at ``root``.

    With ``paths``, only those plan files are reported on (besides the registries and the
    progress files; a path under ``progress/`` names no plan),
    but every plan under ``plans/`` is loaded so references between plans resolve;
    files outside ``plans/`` (a draft) are added. With ``cache``, unchanged plan
    files are not read again. ``lines=False`` drops each plan's and progress file's line map
    once it is checked: a site build needs the models only (at 10,000 plans the maps take
    about 0.4 GB). ``loaded_one`` is called as each plan is loaded (a progress bar).
    """
    with paused_collector():
        return _open(root, paths, cache, lines, loaded_one)


def _open(root: Path, paths: Sequence[Path] | None, cache: ProjectCache | None, lines: bool,
          loaded_one: Callable[[], object] | None) -> Project:
    if cache is not None:
        cache._refresh(root)
    if cache is None:
        registry, diags = load_registry(root)
    else:
        cache.registry = cache.registry or load_registry(root)
        registry, diags = cache.registry[0], list(cache.registry[1])
    asked = ask(root, paths)
    files = asked.every + asked.extra
    early = None if lines else _Early(registry)

    def each(loaded: LoadedPlan) -> None:
        if early is not None:
            early.check(loaded)
        if loaded_one is not None:
            loaded_one()

    loaded, plan_diags = load_plans(root, files, cache.plans if cache else None, each,
                                    lazy=early is not None)
    progress, progress_diags = load_progress(root, cache.reports if cache else None)
    catalog = build_catalog(registry, loaded, progress)
    if cache is not None:
        if cache.catalog is not None:
            catalog.follow(cache.catalog)
        cache.catalog = catalog
    glossary, glossary_diags = load_glossary(root)
    per_plan = early.findings if early else None
    if cache is not None:
        cache._prune()
        checks = cache.checks

        def per_plan(loaded: LoadedPlan) -> PlanFindings:
            hit = checks.get(loaded.doc.path)
            if hit is None or hit[0] is not loaded:
                found = check_plan(catalog.registry, catalog.citations, loaded)
                hit = checks[loaded.doc.path] = (loaded, found)
            return hit[1]

    found = None
    if cache is not None:
        found = cache.registry_found = cache.registry_found or registry_facts(registry)
    diags += plan_diags + check_catalog(catalog, per_plan, early.facts if early else None, found)
    today = vn_today()
    per_file = cache.progress_checks(catalog, today) if cache is not None else None
    diags += glossary_diags + progress_diags + check_progress(catalog, today, per_file)
    if not lines:
        for doc in [lp.doc for lp in catalog.progress]:
            doc.forget()
    return Project(root, catalog, glossary, asked.answer(root, diags), asked.shown(root),
                   asked.reports)


def keep_loaded(*, again: bool = False) -> None:
    """Take what is alive now out of the cycle collector's sight (``gc.freeze``), after one
    collection that also lets back what an earlier call froze (``again``: what it froze stays
    frozen, and the collection walks only what came after): a build's catalog lives until
    the build ends and makes no cycles (a replaced one is freed by its reference counts), yet
    every full collection walked it again (at 10,000 plans, six took 19 s of a 330 s build,
    and one could hold a preview's page for 4 s)."""
    if not again:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


def check_repository(root: Path, paths: Sequence[Path] | None = None, *, cache: bool = True,
                     jobs: int | None = None) -> Checked:
    """``planpub validate``: what :func:`open_project` finds about ``paths`` (default: the
    whole repository), with each file's findings kept between runs (``cache``) and files read
    on ``jobs`` processes (default: every core this process may use). A draft outside
    ``plans/`` is checked by :func:`open_project` itself."""
    asked = ask(root, paths)
    if asked.extra:
        project = open_project(root, paths)
        files = set(project.reports) or {lp.doc.path for lp in project.catalog.progress} | {
            d.path for d in project.diagnostics if d.path.startswith(f"{PROGRESS_DIR}/")}
        return Checked(project.diagnostics, len(project.chosen), len(files))
    where = cache_file(root) if cache else None
    with paused_collector():  # the registries, the cache and the results make no cycles
        kept = CheckCache(where) if where is not None else None
        try:
            found = run_checks(root, cache=kept, today=vn_today(), jobs=jobs or cores())
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
            if where is None:
                raise
            kept = CheckCache(where, read=False)  # a cache not as this code writes it: afresh
            found = run_checks(root, cache=kept, today=vn_today(), jobs=jobs or cores())
        if kept is not None:
            kept.save()
    diags = asked.answer(root, found.diagnostics)
    progress = len(asked.reports) if asked.reports else found.progress
    return Checked(diags, len(asked.chosen), progress, found.read)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
