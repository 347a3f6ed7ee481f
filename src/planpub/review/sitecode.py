"""Files a change touches outside the data folders: the site's code and configuration.

Templates, ``mkdocs.yml``, macros, the build and CI scripts and planpub itself run
when the site is built, so a change to any of them can put anything on the site,
whatever the plans say. The report lists each such file with a warning: a person
with technical rights has to review it.
"""

from __future__ import annotations

from pathlib import Path

from planpub.diagnostics import Diagnostic
from planpub.gitrev import FileChange, diff_status
from planpub.layout import CONTENT_DIR, PLANS_DIR, PROGRESS_DIR, REGISTRY_DIR

DATA_DIRS = (PLANS_DIR, REGISTRY_DIR, PROGRESS_DIR, CONTENT_DIR)
"""Folders whose changes the report reads itself (plans, registries, progress reports, content
pages)."""

_VERB = {"A": "thêm", "M": "sửa", "D": "xóa", "R": "đổi tên"}


def changed_path(change: FileChange) -> str:
    """The file's path at HEAD (before the change if it was deleted)."""
    path = change.new_path or change.old_path
    assert path is not None
    return path


def describe(change: FileChange) -> str:
    """``sửa``, ``thêm``, ``xóa`` or ``đổi tên từ …``: what the change did to the file."""
    if change.status == "R":
        return f"đổi tên từ {change.old_path}"
    return _VERB.get(change.status, "sửa")


def site_changes(root: Path, base: str, head: str) -> list[FileChange]:
    """Files outside :data:`DATA_DIRS` that ``head`` adds, edits, renames or deletes."""
    return [c for c in diff_status(root, base, head)
            if not all(is_data(p) for p in (c.old_path, c.new_path) if p)]


def is_data(path: str) -> bool:
    """Whether ``path`` is in one of :data:`DATA_DIRS` (or is one, e.g. as a submodule)."""
    return path.split("/", 1)[0] in DATA_DIRS


def site_warning(change: FileChange) -> Diagnostic:
    """The warning for one changed file of the site's code or configuration."""
    return Diagnostic(
        changed_path(change), None, "warning", "",
        f"tệp mã hoặc cấu hình của trang ({describe(change)}): thay đổi này chạy khi dựng "
        "trang; cần người có quyền kỹ thuật duyệt.",
        "nếu không cố ý sửa tệp này, bỏ thay đổi đó khỏi pull request.")
