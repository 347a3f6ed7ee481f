"""``mkdocs`` with the time the build spends on task status counted: what the bench runs.

    python benchmarks/buildprobe.py --out probe.json build --strict -d site

Wraps :meth:`planpub.catalog.Catalog.progress_of` (derivation, and the lookups of tasks
already derived), ``Catalog.reporters`` (who may report on a task: the checks and the plan
page's report list), ``TaskProgress.overdue`` and ``TaskProgress.may_be_overdue`` (each
row's overdue mark), and the progress checks the build runs on loading
(``planpub.project.check_progress``). Time is counted at the outermost wrapped call, so a
call inside another is not counted twice. The catalog's general indexes (leaf tasks, each
task's parts, groups' members), built on first use whoever asks first, are timed apart and
left out of the status seconds even when a status call happens to build them. At exit,
writes the seconds and calls of each to ``--out`` with the wrappers' own cost (calls × the
measured cost of an empty wrapped call), which the build's time includes and the status
seconds do not.

Run by its path, not as ``-m benchmarks.…``: the build runs in the generated repository.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_depth = [0]
_paused = [0.0]
"""Seconds spent in general indexes while a status call was running."""
_seconds: dict[str, float] = {}
_calls: dict[str, int] = {}
_indexes: dict[str, float] = {}

INDEXES = ("tasks", "tasks_by_plan", "_parts", "_members")
"""The catalog's general indexes (cached properties) that are not status."""


def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func``, its time added to ``name`` when no other wrapped call is running."""
    _seconds.setdefault(name, 0.0)
    _calls.setdefault(name, 0)
    clock = time.perf_counter

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _calls[name] += 1
        if _depth[0]:
            return func(*args, **kwargs)
        _depth[0] = 1
        paused = _paused[0]
        start = clock()
        try:
            return func(*args, **kwargs)
        finally:
            _seconds[name] += clock() - start - (_paused[0] - paused)
            _depth[0] = 0

    return wrapper


def apart(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func``, its time added to ``_indexes[name]`` and not to a status call running."""
    _indexes.setdefault(name, 0.0)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent = time.perf_counter() - start
            _indexes[name] += spent
            if _depth[0]:
                _paused[0] += spent

    return wrapper


def install() -> None:
    """Wrap the status functions the build calls."""
    import planpub.project
    from planpub.catalog import Catalog
    from planpub.status import TaskProgress

    setattr(Catalog, "progress_of", timed("progress_of", Catalog.progress_of))  # noqa: B010
    setattr(Catalog, "reporters", timed("reporters", Catalog.reporters))  # noqa: B010
    setattr(TaskProgress, "overdue", timed("overdue", TaskProgress.overdue))  # noqa: B010
    setattr(TaskProgress, "may_be_overdue",  # noqa: B010
            timed("may_be_overdue", TaskProgress.may_be_overdue))
    setattr(planpub.project, "check_progress",  # noqa: B010
            timed("check_progress", getattr(planpub.project, "check_progress")))  # noqa: B009
    for name in INDEXES:
        index = Catalog.__dict__[name]  # a functools.cached_property: wrap what it computes
        index.func = apart(name, index.func)


def wrapper_cost(rounds: int = 200_000) -> float:
    """Seconds one wrapped call adds, beyond the call itself."""
    def empty() -> None:
        return None

    wrapped = timed("_empty", empty)
    start = time.perf_counter()
    for _ in range(rounds):
        empty()
    bare = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        wrapped()
    cost = (time.perf_counter() - start - bare) / rounds
    del _seconds["_empty"], _calls["_empty"]
    return max(cost, 0.0)


def report() -> dict[str, Any]:
    """Seconds and calls per wrapped function, their sum, and the wrappers' own cost."""
    calls = sum(_calls.values())
    return {"seconds": dict(_seconds), "calls": dict(_calls), "indexes": dict(_indexes),
            "status_s": sum(_seconds.values()), "overhead_s": calls * wrapper_cost()}


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "--out":
        print("cách dùng: python benchmarks/buildprobe.py --out KẾT_QUẢ.json build ...",
              file=sys.stderr)
        return 2
    out = Path(argv[1])
    install()
    from mkdocs.__main__ import cli

    code: int | str | None = 0
    try:
        cli.main(args=argv[2:], prog_name="mkdocs", standalone_mode=True)
    except SystemExit as done:
        code = done.code
    out.write_text(json.dumps(report(), indent=1), encoding="utf-8")
    return code if isinstance(code, int) else (1 if code else 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
