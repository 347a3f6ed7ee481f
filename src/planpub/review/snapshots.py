"""The plans, registries and progress reports at one git revision, exported from git, loaded
and checked."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from planpub.catalog import Catalog
from planpub.diagnostics import Diagnostic
from planpub.gitrev import (
    GITLINK_MODE,
    SYMLINK_MODE,
    BlobReader,
    Commit,
    TreeEntry,
    commit,
    export_files,
    list_tree,
)
from planpub.layout import PLAN_SUFFIXES, PLANS_DIR, PROGRESS_DIR, REGISTRY_DIR
from planpub.project import open_project

MAX_TARGET = 80
LOADED_DIRS = (PLANS_DIR, REGISTRY_DIR, PROGRESS_DIR)
"""The folders a snapshot exports and loads."""


@dataclass
class Snapshot:
    """The plans, registries and progress files at one revision, loaded and checked."""

    label: str
    commit: Commit
    catalog: Catalog
    diagnostics: list[Diagnostic]
    plan_files: list[str]
    special: list[TreeEntry] = field(default_factory=list)
    """Entries anywhere in the tree that are not ordinary files (never exported)."""
    progress_files: list[str] = field(default_factory=list)
    """Files named like progress files (``progress/**.yaml``) at this revision."""

    def entries(self, kind: str) -> dict[str, BaseModel]:
        """Registry entries of one kind (``agencies``, ``localities``, ``documents``) by id."""
        found: dict[str, BaseModel] = getattr(self.catalog.registry, kind)
        return found

    def unreadable(self) -> set[str]:
        """Plan files at this revision that did not load (links and submodules included)."""
        loaded = {lp.doc.path for lp in self.catalog.loaded}
        odd = [e.path for e in self.special if is_plan_file(e.path)]
        return {p for p in [*self.plan_files, *odd] if p not in loaded}

    def unreadable_progress(self) -> set[str]:
        """Progress files at this revision that did not load (links included)."""
        loaded = {lp.doc.path for lp in self.catalog.progress}
        odd = [e.path for e in self.special if is_progress_file(e.path)]
        return {p for p in [*self.progress_files, *odd] if p not in loaded}


def is_plan_file(path: str) -> bool:
    """Whether ``path`` (relative to the repository) is named like a plan file."""
    return path.startswith(PLANS_DIR + "/") and path.endswith(PLAN_SUFFIXES)


def is_progress_file(path: str) -> bool:
    """Whether ``path`` (relative to the repository) is named like a progress file."""
    return path.startswith(PROGRESS_DIR + "/") and path.endswith(PLAN_SUFFIXES)


def _target(data: bytes | None) -> str:
    """A link's target, printable and short."""
    text = "".join(c if c.isprintable() else "?" for c in (data or b"").decode("utf-8", "replace"))
    return text if len(text) <= MAX_TARGET else text[:MAX_TARGET] + "…"


def special_entry(entry: TreeEntry, target: bytes | None) -> Diagnostic:
    """The error for a link, a submodule or a stranger entry where files are expected."""
    path = entry.path
    fix = (f"thay bằng tệp thật: git rm --cached {path}, rồi sao chép nội dung tệp cần dùng "
           f"vào {path} như một tệp thường và commit lại.")
    if entry.mode == SYMLINK_MODE:
        what = (f"“{path}” là liên kết tượng trưng (symbolic link) trỏ tới “{_target(target)}”, "
                "không phải tệp thật; trang web không đọc tệp qua liên kết.")
        fix = (f"thay liên kết bằng tệp thật: git rm --cached {path}, sao chép nội dung tệp "
               f"vào {path} như một tệp thường rồi commit lại.")
    elif entry.mode == GITLINK_MODE:
        what = (f"“{path}” là một submodule (kho git khác lồng vào, commit "
                f"{entry.object[:12]}), không phải tệp thật; trang web không đọc nó.")
        fix = (f"bỏ submodule: git rm --cached {path} (và xóa mục của nó trong .gitmodules nếu "
               "có), rồi sao chép các tệp cần dùng vào như tệp thường và commit lại.")
    else:
        what = (f"“{path}” có kiểu lạ trong git (mode {entry.mode}), không phải tệp thường; "
                "trang web không đọc nó.")
    return Diagnostic(path, None, "error", "", what, fix)


def load_revision(root: Path, rev: str) -> Snapshot:
    """Load ``plans/``, ``registry/`` and ``progress/`` as they are at ``rev`` (read from git,
    not the disk); any link or submodule in the tree (the build would read or run through it)
    is an error of the snapshot, listed first."""
    info = commit(root, rev)
    tree = list_tree(root, info.sha, None)
    data = [e for e in tree if e.path.startswith(tuple(f"{d}/" for d in LOADED_DIRS))]
    special = [e for e in tree if not e.regular]
    with tempfile.TemporaryDirectory(prefix="planpub-review-") as tmp:
        base = Path(tmp)
        paths = export_files(root, {e.path: e.object for e in data if e.regular}, base)
        (base / PLANS_DIR).mkdir(exist_ok=True)
        (base / REGISTRY_DIR).mkdir(exist_ok=True)
        project = open_project(base)
        catalog, diags = project.catalog, list(project.diagnostics)
    if special:
        with BlobReader(root) as reader:
            diags[:0] = [special_entry(e, reader.read(e.object) if e.mode == SYMLINK_MODE
                                       else None) for e in special]
    plans = [p for p in paths if is_plan_file(p)]
    progress = [p for p in paths if is_progress_file(p)]
    return Snapshot(rev, info, catalog, diags, plans, special, progress)
