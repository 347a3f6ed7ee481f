"""What every sub-command shares: finding the repository, printing diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planpub.diagnostics import Diagnostic
from planpub.layout import is_repository


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder upward holding ``registry/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_repository(folder):
            return folder
    return here


def print_diagnostics(diags: Sequence[Diagnostic], checked: int) -> None:
    """Print each problem on one line, then a summary."""
    for diag in diags:
        print(diag.format())
    errors = sum(d.level == "error" for d in diags)
    warnings = len(diags) - errors
    verdict = "Không có lỗi." if not errors else "Cần sửa các lỗi trên."
    print(f"Đã kiểm tra {checked} kế hoạch: {errors} lỗi, {warnings} cảnh báo. {verdict}")
