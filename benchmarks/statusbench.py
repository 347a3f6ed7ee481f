"""What status derivation costs at scale, measured outside the build.

Loads a repository as the build does (registry, plans, progress files), builds the catalog
and the indexes every view needs anyway (leaf tasks, each task's parts), then times, on a
fresh catalog so nothing is derived yet:

* the task → reports index (:attr:`planpub.catalog.Catalog.reports`);
* :meth:`planpub.catalog.Catalog.progress_of` over every task, from scratch;
* ``overdue`` and ``may_be_overdue`` for every task against a reference date (what each
  row of a page asks);
* the same ``progress_of`` pass again (what a second view of the task pays);
* the progress checks ``planpub validate`` and the build run
  (:func:`planpub.progresschecks.check_progress`).

Memory: what the loaded progress files hold, and, on another fresh catalog, traced with
:mod:`tracemalloc`, what the derivation keeps once every task was asked for (the reports
index and the cache of derived progress, which holds only tasks with reports), and its
peak.

    python -m benchmarks.statusbench --root benchmarks/out/n10000 [--json status.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from planpub.catalog import Catalog, build_catalog
from planpub.load import load_plans, load_progress, load_registry
from planpub.progresschecks import check_progress
from planpub.repofiles import plan_files
from planpub.status import Reference
from planpub.vocab import vn_today

REFERENCE = dt.date(2026, 11, 30)
"""The reference date counted against (a fixed day: the same counts on every run); the same
as :data:`benchmarks.progressgen.LAST_AS_OF`."""


@dataclass
class StatusResult:
    """Status derivation at one size (seconds are wall seconds of this process)."""

    plans: int = 0
    tasks: int = 0
    progress_files: int = 0
    reports: int = 0
    reported_tasks: int = 0
    """Tasks with at least one report."""
    load_s: float = 0.0
    """Reading and validating the registry, the plans and the progress files."""
    catalog_s: float = 0.0
    """The catalog's leaf tasks and parts (built for every view, status or not)."""
    index_s: float = 0.0
    """The task → reports index."""
    derive_s: float = 0.0
    """``progress_of`` over every task, from scratch (the index not included)."""
    overdue_s: float = 0.0
    """``overdue`` and ``may_be_overdue`` over every task, progress already derived."""
    again_s: float = 0.0
    """``progress_of`` over every task a second time."""
    checks_s: float = 0.0
    """The progress checks (``check_progress``) the build and ``planpub validate`` run."""
    cached: int = 0
    """Tasks whose derived progress the catalog keeps."""
    files_mb: float = 0.0
    """Memory the loaded progress files hold (their models and, for diagnostics, their
    source), traced while loading them once more."""
    kept_mb: float = 0.0
    """Memory the derivation keeps after every task was asked for (index and cache)."""
    peak_mb: float = 0.0
    """Peak memory traced during the derivation."""
    statuses: dict[str, int] = field(default_factory=dict)
    """Tasks by derived status."""
    overdue: int = 0
    """Tasks overdue on :data:`REFERENCE`."""
    errors: int = 0
    """Errors the progress checks found (a generated repository has none)."""

    @property
    def status_s(self) -> float:
        """One derivation of every task's status and overdue mark, index included."""
        return self.index_s + self.derive_s + self.overdue_s


def _fresh(catalog: Catalog) -> Catalog:
    """A new catalog over the same loaded files, its view indexes built, nothing derived."""
    out = build_catalog(catalog.registry, catalog.loaded, catalog.progress)
    for entry in out.tasks:
        out.parts(entry)
    return out


def _clock() -> float:
    return time.perf_counter()


def measure(root: Path, reference: Reference | None = None) -> StatusResult:
    """Every figure of :class:`StatusResult` for the repository at ``root``."""
    ref = reference or Reference(REFERENCE)
    result = StatusResult()
    start = _clock()
    registry, _ = load_registry(root)
    loaded, _ = load_plans(root, plan_files(root))
    progress, _ = load_progress(root)
    result.load_s = _clock() - start
    base = build_catalog(registry, loaded, progress)
    result.plans, result.progress_files = len(loaded), len(progress)
    result.reports = sum(len(p.progress.reports) for p in progress)

    start = _clock()
    catalog = _fresh(base)
    tasks = catalog.tasks
    result.catalog_s = _clock() - start
    result.tasks = len(tasks)

    gc.collect()
    start = _clock()
    index = catalog.reports
    result.index_s = _clock() - start
    result.reported_tasks = sum(1 for entry in tasks if entry.id in index)
    start = _clock()
    derived = [catalog.progress_of(entry) for entry in tasks]
    result.derive_s = _clock() - start
    start = _clock()
    overdue = 0
    for tp, entry in zip(derived, tasks, strict=True):
        overdue += tp.overdue(entry.due, ref)
        tp.may_be_overdue(entry.due, ref)
    result.overdue_s = _clock() - start
    start = _clock()
    for entry in tasks:
        catalog.progress_of(entry)
    result.again_s = _clock() - start
    result.statuses = dict(sorted(Counter(tp.status for tp in derived).items()))
    result.overdue = overdue
    result.cached = len(catalog._progress)
    del derived

    start = _clock()
    result.errors = sum(d.level == "error" for d in check_progress(catalog, vn_today()))
    result.checks_s = _clock() - start

    traced = _fresh(base)
    gc.collect()
    tracemalloc.start()
    for entry in traced.tasks:
        traced.progress_of(entry)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result.kept_mb, result.peak_mb = kept / 2**20, peak / 2**20
    del traced
    gc.collect()
    tracemalloc.start()
    files, _ = load_progress(root)
    result.files_mb = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del files
    return result


def as_dict(result: StatusResult) -> dict[str, object]:
    return {**asdict(result), "status_s": result.status_s}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.statusbench",
                                     description="Đo thời gian suy ra tình trạng nhiệm vụ.")
    parser.add_argument("--root", type=Path, required=True, help="thư mục kho kế hoạch")
    parser.add_argument("--json", type=Path, help="ghi kết quả vào tệp JSON này")
    args = parser.parse_args(argv)
    result = measure(args.root)
    if args.json:
        args.json.write_text(json.dumps(as_dict(result), indent=1), encoding="utf-8")
    print(f"{result.plans} kế hoạch, {result.tasks} nhiệm vụ, {result.progress_files} tệp báo "
          f"cáo tiến độ ({result.reports} báo cáo, {result.reported_tasks} nhiệm vụ có báo cáo): "
          f"đọc {result.load_s:.1f} s, danh mục {result.catalog_s:.2f} s; chỉ mục báo cáo "
          f"{result.index_s:.3f} s, suy ra tình trạng {result.derive_s:.3f} s, quá hạn "
          f"{result.overdue_s:.3f} s, lần hai {result.again_s:.3f} s, kiểm tra báo cáo "
          f"{result.checks_s:.2f} s; tệp báo cáo chiếm {result.files_mb:.0f} MB; giữ "
          f"{result.cached} nhiệm vụ, {result.kept_mb:.1f} MB "
          f"(đỉnh {result.peak_mb:.1f} MB).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
