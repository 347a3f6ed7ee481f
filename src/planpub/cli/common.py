"""What every sub-command shares: finding the repository, printing diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planpub.diagnostics import Diagnostic
from planpub.layout import REGISTRY_DIR, is_repository
from planpub.oserrors import reason


class NoRepository(Exception):
    """No planpub repository to work on; ``str()`` is the Vietnamese reason and fix."""


def find_root(start: Path | None = None) -> Path | None:
    """The repository root: the nearest folder upward holding ``registry/`` (None if none)."""
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if is_repository(folder)), None)


def repository_root(given: Path | None, start: Path | None = None) -> Path:
    """The repository a command works on: ``--root`` if given, else :func:`find_root`."""
    if given is None:
        found = find_root(start)
        if found is None:
            here = (start or Path.cwd()).resolve()
            raise NoRepository(
                f"không tìm thấy thư mục {REGISTRY_DIR}/ ở {here} hay thư mục cha nào của nó, "
                "nên không biết kho kế hoạch ở đâu. Cách sửa: chạy lệnh trong thư mục của kho "
                f"kế hoạch (thư mục có {REGISTRY_DIR}/ và plans/), hoặc chỉ rõ bằng "
                "--root ĐƯỜNG_DẪN.")
        return found
    root = given.expanduser().resolve()
    if not root.is_dir():
        raise NoRepository(f"không có thư mục {given} (chỉ ở --root). Cách sửa: kiểm tra lại "
                           f"đường dẫn tới thư mục của kho kế hoạch (thư mục có {REGISTRY_DIR}/).")
    if not is_repository(root):
        raise NoRepository(f"{given} không phải kho kế hoạch: không có thư mục {REGISTRY_DIR}/. "
                           f"Cách sửa: chỉ --root tới thư mục có {REGISTRY_DIR}/ và plans/.")
    return root


def os_reason(err: OSError) -> str:
    """Why a file could not be read or written, in Vietnamese when the reason is a common one."""
    return reason(err)


def print_diagnostics(diags: Sequence[Diagnostic], checked: int) -> None:
    """Print each problem on one line, then a summary."""
    for diag in diags:
        print(diag.format())
    errors = sum(d.level == "error" for d in diags)
    warnings = len(diags) - errors
    verdict = "Không có lỗi." if not errors else "Cần sửa các lỗi trên."
    print(f"Đã kiểm tra {checked} kế hoạch: {errors} lỗi, {warnings} cảnh báo. {verdict}")
