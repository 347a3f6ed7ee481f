"""Plan and registry files into validated models (each with the file it came from).

Every problem becomes a :class:`Diagnostic`, never an exception; :mod:`planpub.yamlsrc`
reads the YAML, :mod:`planpub.modelerrors` words the model's complaints.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

from planpub.diagnostics import Diagnostic
from planpub.layout import (
    PLAN_SUFFIXES,
    PLANS_DIR,
    PROGRESS_DIR,
    registry_file,
)
from planpub.model import LegalDoc, Plan
from planpub.modelerrors import validate_model
from planpub.progressmodel import REPORTS_MAX, Progress, ProgressReport
from planpub.registrymodel import Agency, Locality
from planpub.repofiles import display_paths, inside, progress_files
from planpub.safefile import UnsafeFile, check_entry
from planpub.yamlsrc import Document, read_yaml

E = TypeVar("E", Agency, Locality, LegalDoc)
T = TypeVar("T")


@dataclass
class LoadedPlan:
    """A validated plan with where it came from."""

    plan: Plan
    doc: Document


@dataclass
class LoadedProgress:
    """A validated progress file with where it came from."""

    progress: Progress
    doc: Document
    where: list[int] = field(default_factory=list)
    """The index in the file of each report kept (a report that did not validate is left out)."""
    written: int = 0
    """How many reports the file holds, valid or not (its parsed data is not kept: the
    models and the line of each node are)."""

    def report_loc(self, i: int) -> tuple[str | int, ...]:
        """Where report ``i`` of :attr:`progress` is in the file."""
        return ("reports", self.where[i] if i < len(self.where) else i)


@dataclass
class Registry:
    """Agencies, localities and legal documents, by id."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    localities: dict[str, Locality] = field(default_factory=dict)
    documents: dict[str, LegalDoc] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)  # registry file name -> parsed file
    where: dict[tuple[str, str], tuple[str, int | None]] = field(default_factory=dict)
    unread: set[str] = field(default_factory=set)
    """Ids of entries that did not load, and registry files that did not load as a whole:
    references to them are not reported again, their own error says what is wrong."""


def _load_entries(root: Path, name: str, model: type[E], registry: Registry,
                  out: dict[str, E]) -> list[Diagnostic]:
    rel = registry_file(name)
    path = root / rel
    if not os.path.lexists(path):
        registry.unread.add(rel)
        return [Diagnostic(rel, None, "error", "", "không tìm thấy tệp danh mục.",
                           f"tạo tệp {rel} (một danh sách YAML).")]
    doc, diags = read_yaml(path, rel, root)
    if doc is None:
        registry.unread.add(rel)
        return diags
    registry.docs[name] = doc
    if not isinstance(doc.data, list):
        registry.unread.add(rel)
        return [Diagnostic(rel, 1, "error", "", "tệp danh mục phải là một danh sách (- id: ...).",
                           None)]
    for i, raw in enumerate(doc.data):
        entry, errs = validate_model(doc, model, base=(i,))
        diags.extend(errs)
        if entry is None:
            ident = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(ident, str):
                registry.unread.add(ident)
            continue
        ident = entry.id
        line = doc.line_of((i,))
        if ident in out:
            first = registry.where[(name, ident)]
            diags.append(Diagnostic(rel, line, "error", f"[{i + 1}].id",
                                    f"mã “{ident}” trùng với mục ở dòng {first[1]}.",
                                    "đặt mã khác hoặc gộp hai mục."))
            continue
        out[ident] = entry
        registry.where[(name, ident)] = (rel, line)
    return diags


def load_registry(root: Path) -> tuple[Registry, list[Diagnostic]]:
    """Load ``registry/*.yaml`` under ``root``."""
    registry = Registry()
    diags = _load_entries(root, "localities", Locality, registry, registry.localities)
    diags += _load_entries(root, "agencies", Agency, registry, registry.agencies)
    diags += _load_entries(root, "documents", LegalDoc, registry, registry.documents)
    return registry, diags


def load_plan(path: Path, display: str, root: Path | None = None, *, lazy: bool = False
              ) -> tuple[LoadedPlan | None, list[Diagnostic]]:
    """Read and validate one plan file (with ``root``: only a regular file inside it;
    ``lazy``: its lines looked up when asked, see :func:`~planpub.yamlsrc.read_yaml`)."""
    checked = False  # the kind of file first: a link named x.txt is a link, not a stray file
    try:
        if root is not None:
            check_entry(path, root)
            checked = True
    except UnsafeFile as err:
        return None, [Diagnostic(display, None, "error", "", err.message, err.hint)]
    except OSError:
        pass  # read_yaml says why the file cannot be read
    wrong = _not_a_plan(path.name, display.startswith(f"{PLANS_DIR}/"))
    if wrong is not None:
        return None, [Diagnostic(display, None, "error", "", *wrong)]
    doc, diags = read_yaml(path, display, root, checked=checked, lazy=lazy)
    if doc is None:
        return None, diags
    if not isinstance(doc.data, dict):
        return None, [Diagnostic(display, 1, "error", "", "kế hoạch phải là một bảng các trường.",
                                 "bắt đầu tệp bằng “id: ...”, “title: ...”.")]
    year = doc.data.get("year")
    context = {"year": year if isinstance(year, int) else None}
    plan, errs = validate_model(doc, Plan, context=context)
    diags += errs
    if plan is None:
        return None, diags
    if path.stem != plan.id:
        diags.append(Diagnostic(display, doc.line_of(("id",)), "error", "id",
                                f"mã kế hoạch “{plan.id}” khác tên tệp “{path.name}”.",
                                f"đổi tên tệp thành {plan.id}.yaml hoặc sửa id."))
    doc.data = None  # the model holds what is needed, the line map where: 10,000 plans are a GB
    return LoadedPlan(plan, doc), diags


def load_progress(root: Path, cache: LoadCache[LoadedProgress] | None = None
                  ) -> tuple[list[LoadedProgress], list[Diagnostic]]:
    """Read and validate every file under ``progress/`` (none is fine: nothing reported);
    with ``cache``, unchanged files are not read again."""
    loaded: list[LoadedProgress] = []
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    if cache is not None:
        cache.changed = set()
    paths = progress_files(root)
    for path, shown in zip(paths, display_paths(paths, root), strict=True):
        seen.add(shown)
        if cache is None:
            found, errs = load_progress_file(path, shown, root)
        else:
            found, errs = cache.get(shown, _stamp(path),
                                    partial(load_progress_file, path, shown, root))
        diags += errs
        if found is not None:
            loaded.append(found)
    if cache is not None:
        cache.forget_all_but(seen)
    return loaded, diags


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.lstat()
    except OSError:  # the loader says why
        return None
    return info.st_mtime_ns, info.st_size


def load_progress_file(path: Path, shown: str, root: Path, *, lazy: bool = False
                       ) -> tuple[LoadedProgress | None, list[Diagnostic]]:
    """Read and validate one progress file (a regular file inside ``root``; ``lazy`` as for
    :func:`load_plan`)."""
    try:
        check_entry(path, root)
    except UnsafeFile as err:
        return None, [Diagnostic(shown, None, "error", "", err.message, err.hint)]
    except OSError:
        pass  # read_yaml says why the file cannot be read
    if not path.name.endswith(PLAN_SUFFIXES):
        return None, [Diagnostic(
            shown, None, "error", "", f"tệp “{path.name}” không phải tệp báo cáo tiến độ: "
            "tệp báo cáo tiến độ phải có đuôi .yaml.",
            f"đặt tên MÃ_KẾ_HOẠCH.yaml; nếu không phải báo cáo, chuyển tệp ra khỏi thư mục "
            f"{PROGRESS_DIR}/.")]
    doc, diags = read_yaml(path, shown, root, checked=True, lazy=lazy)
    if doc is None:
        return None, diags
    if not isinstance(doc.data, dict):
        return None, [*diags, Diagnostic(shown, 1, "error", "", "tệp báo cáo tiến độ phải là "
                                         "một bảng các trường.",
                                         "bắt đầu tệp bằng “plan: ...”, “reports: ...”.")]
    progress, where, errs = _validate_progress(doc)
    diags += errs
    if progress is None:
        return None, diags
    if path.stem != progress.plan:
        return None, [*diags, Diagnostic(
            shown, doc.line_of(("plan",)), "error", "plan",
            f"mã kế hoạch “{progress.plan}” khác tên tệp “{path.name}”.",
            f"đổi tên tệp thành {progress.plan}.yaml nếu đây là báo cáo của kế hoạch đó; nếu "
            f"tên tệp đúng, sửa plan thành {path.stem}.")]
    written = doc.data.get("reports")
    doc.data = None  # the models hold what is needed; a large site has many reports
    return LoadedProgress(progress, doc, where,
                          len(written) if isinstance(written, list) else 0), diags


def _validate_progress(doc: Document) -> tuple[Progress | None, list[int], list[Diagnostic]]:
    """The file's model and where each report kept is. A file with a wrong report is checked
    again a report at a time: the wrong one is reported and left out, so the others are still
    checked against the plan."""
    reports = doc.data.get("reports")
    whole, diags = validate_model(doc, Progress)  # most files are right: one call for all
    if whole is not None or not isinstance(reports, list) or len(reports) > REPORTS_MAX:
        return whole, list(range(len(whole.reports) if whole else 0)), diags
    head, diags = validate_model(replace(doc, data={**doc.data, "reports": []}), Progress)
    valid, where = [], []
    for i in range(len(reports)):
        report, errs = validate_model(doc, ProgressReport, base=("reports", i))
        diags += errs
        if report is not None:
            valid.append(report)
            where.append(i)
    return (head.model_copy(update={"reports": valid}) if head else None), where, diags


_BACKUP_ENDINGS = ("~", ".bak", ".swp", ".swo", ".orig", ".tmp", ".old")


def _not_a_plan(name: str, in_plans: bool) -> tuple[str, str] | None:
    """Why a file named ``name`` is not a plan file, and what to do (None if it is one)."""
    if name.endswith(PLAN_SUFFIXES):
        return None
    lower = name.lower()
    what = f"tệp “{name}” không phải tệp kế hoạch: tệp kế hoạch phải có đuôi .yaml."
    for suffix in PLAN_SUFFIXES:
        if lower.endswith(suffix):
            return what, f"đổi tên thành {name[: -len(suffix)]}.yaml (đuôi viết thường)."
    if lower.endswith(_BACKUP_ENDINGS):
        return (f"tệp “{name}” là bản sao lưu do trình soạn thảo tạo, không phải tệp kế hoạch.",
                "xóa tệp này; nếu nó là kế hoạch, đổi tên thành MÃ_KẾ_HOẠCH.yaml.")
    for suffix in PLAN_SUFFIXES:
        if suffix + "." in lower:
            stem = name[: lower.index(suffix + ".")]
            return what, f"đổi tên thành {stem}.yaml (bỏ phần đuôi thừa)."
    if not in_plans:
        return what, "chỉ ra một tệp kế hoạch .yaml (hoặc thư mục chứa chúng)."
    return what, (f"nếu là kế hoạch, đổi tên thành MÃ_KẾ_HOẠCH.yaml; nếu không, chuyển tệp ra "
                  f"khỏi thư mục {PLANS_DIR}/ (thư mục này chỉ chứa kế hoạch).")


@dataclass
class LoadCache(Generic[T]):
    """Files loaded by an earlier run (plans, or progress files), reused while their file is
    unchanged (same modification time and size).

    ``mkdocs serve`` keeps them across rebuilds, so saving one plan re-reads one
    file. ``changed`` holds the display paths read anew (or gone) in the last run.
    """

    entries: dict[str, tuple[tuple[int, int], T | None, list[Diagnostic]]] = field(
        default_factory=dict)
    changed: set[str] = field(default_factory=set)

    def get(self, shown: str, stamp: tuple[int, int] | None,
            load: Callable[[], tuple[T | None, list[Diagnostic]]]
            ) -> tuple[T | None, list[Diagnostic]]:
        """The kept result for file ``shown`` if its ``stamp`` (modification time, size; None:
        cannot be looked at) is unchanged, else ``load()``'s, then kept."""
        hit = self.entries.get(shown)
        if hit is not None and stamp is not None and hit[0] == stamp:
            return hit[1], hit[2]
        found, errs = load()
        self.entries[shown] = (stamp or (-1, -1), found, errs)
        self.changed.add(shown)
        return found, errs

    def forget_all_but(self, seen: set[str]) -> None:
        """Drop the files no longer there (they count as changed)."""
        for gone in set(self.entries) - seen:
            del self.entries[gone]
            self.changed.add(gone)


def load_plans(root: Path, files: Iterable[Path], cache: LoadCache[LoadedPlan] | None = None,
               each: Callable[[LoadedPlan], None] | None = None, *, lazy: bool = False
               ) -> tuple[list[LoadedPlan], list[Diagnostic]]:
    """Load many plan files; a missing file is a diagnostic too. ``each`` is called with each
    plan as soon as it is loaded (before the next is read); ``lazy`` as for :func:`load_plan`
    (``each`` should then let each plan's lines go: its nodes are large)."""
    plans: list[LoadedPlan] = []
    diags: list[Diagnostic] = []
    files = list(files)
    seen: set[str] = set()
    if cache is not None:
        cache.changed = set()
    with paused_collector():
        for path, shown in zip(files, display_paths(files, root), strict=True):
            seen.add(shown)
            try:
                info = path.lstat()
            except OSError:
                diags.append(Diagnostic(shown, None, "error", "", "không tìm thấy tệp.",
                                        "kiểm tra đường dẫn."))
                continue
            if cache is None:
                loaded, errs = load_plan(path, shown, root if inside(shown) else None,
                                         lazy=lazy)
            else:
                loaded, errs = cache.get(shown, (info.st_mtime_ns, info.st_size), partial(
                    load_plan, path, shown, root if inside(shown) else None))
            diags += errs
            if loaded is not None:
                plans.append(loaded)
                if each is not None:
                    each(loaded)
    if cache is not None:
        cache.forget_all_but(seen)
    return plans, diags


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cycle collector while loading (and, in :func:`planpub.project.open_project`,
    while the catalog is built and checked): what is made lives until the end of the run and
    makes no garbage cycles, and re-scanning it on every collection costs a fifth of the load
    (43 → 30 s for a whole 10,000-plan project, the same peak memory). Nested pauses are fine:
    the outer one turns the collector back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
