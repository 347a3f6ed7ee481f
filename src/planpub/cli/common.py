"""What every sub-command shares: finding the repository, paths the officer gives, writing
an output file, printing diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planpub.destination import refusal, write_new
from planpub.diagnostics import Diagnostic
from planpub.layout import REGISTRY_DIR, is_repository
from planpub.oserrors import reason


class CommandError(Exception):
    """A command that cannot run as asked; ``str()`` is the Vietnamese reason and fix."""


class NoRepository(CommandError):
    """No planpub repository to work on."""


def given_path(path: Path, option: str) -> Path:
    """``path`` (as the officer typed it, ``option`` names where) with every link resolved;
    :class:`CommandError` if it cannot be (a link loop, a name too long)."""
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError) as err:  # RuntimeError: a link loop before Python 3.13
        raise CommandError(f"không dùng được đường dẫn {path} ({option}): {path_reason(err)}. "
                           "Cách sửa: kiểm tra lại đường dẫn; nếu là liên kết tượng trưng, "
                           "cho nó trỏ tới một tệp hay thư mục có thật.") from None


def path_reason(err: OSError | RuntimeError) -> str:
    """Why a path could not be followed, in Vietnamese (pathlib's ``RuntimeError`` is a loop)."""
    if isinstance(err, OSError):
        return reason(err)
    return "đường dẫn có liên kết tượng trưng lặp vòng, trỏ vòng về chính nó"


def working_folder() -> Path:
    """The folder the command runs in; :class:`NoRepository` if it is gone (deleted)."""
    try:
        return Path.cwd()
    except OSError as err:
        raise NoRepository(
            f"không xác định được thư mục hiện tại ({reason(err)}; có thể thư mục đã bị xóa "
            "hoặc đổi tên sau khi mở cửa sổ lệnh), nên không biết kho kế hoạch ở đâu. Cách sửa: "
            "chuyển sang thư mục của kho kế hoạch (lệnh cd) rồi chạy lại, hoặc chỉ rõ bằng "
            "--root ĐƯỜNG_DẪN.") from None


def find_root(start: Path | None = None) -> Path | None:
    """The repository root: the nearest folder upward holding ``registry/`` (None if none)."""
    here = given_path(start or working_folder(), "thư mục hiện tại")
    return next((folder for folder in (here, *here.parents) if is_repository(folder)), None)


def nearby_root() -> Path | None:
    """The repository around the working folder, for a command that can do without one."""
    try:
        return find_root()
    except CommandError:
        return None


def repository_root(given: Path | None, start: Path | None = None) -> Path:
    """The repository a command works on: ``--root`` if given, else :func:`find_root`."""
    if given is None:
        found = find_root(start)
        if found is None:
            here = given_path(start or working_folder(), "thư mục hiện tại")
            raise NoRepository(
                f"không tìm thấy thư mục {REGISTRY_DIR}/ ở {here} hay thư mục cha nào của nó, "
                "nên không biết kho kế hoạch ở đâu. Cách sửa: chạy lệnh trong thư mục của kho "
                f"kế hoạch (thư mục có {REGISTRY_DIR}/ và plans/), hoặc chỉ rõ bằng "
                "--root ĐƯỜNG_DẪN.")
        return found
    root = given_path(given, "ở --root")
    try:
        folder, repository = root.is_dir(), is_repository(root)
    except OSError as err:
        raise NoRepository(f"không dùng được thư mục {given} (ở --root): {reason(err)}. Cách "
                           "sửa: kiểm tra lại đường dẫn tới thư mục của kho kế hoạch (thư mục có "
                           f"{REGISTRY_DIR}/).") from None
    if not folder:
        raise NoRepository(f"không có thư mục {given} (chỉ ở --root). Cách sửa: kiểm tra lại "
                           f"đường dẫn tới thư mục của kho kế hoạch (thư mục có {REGISTRY_DIR}/).")
    if not repository:
        raise NoRepository(f"{given} không phải kho kế hoạch: không có thư mục {REGISTRY_DIR}/. "
                           f"Cách sửa: chỉ --root tới thư mục có {REGISTRY_DIR}/ và plans/.")
    return root


def os_reason(err: OSError) -> str:
    """Why a file could not be read or written, in Vietnamese when the reason is a common one."""
    return reason(err)


def write_output(path: Path, text: str, *, root: Path | None, what: str, example: str,
                 plans_ok: bool, force: bool | None) -> str | None:
    """Write ``text`` to the ``-o`` file ``path`` (see :func:`destination.refusal` for where it
    may go, and :func:`destination.write_new` for how); return why not (Vietnamese), or None."""
    problem = refusal(path, root, what=what, example=example, plans_ok=plans_ok, force=force)
    if problem is not None:
        return problem
    try:
        write_new(path, text, force=force is not False)
    except FileExistsError:
        return (f"tệp {path} vừa được tạo ra trong lúc chạy lệnh; không ghi đè. Cách sửa: chọn "
                "tệp khác, hoặc thêm --force nếu muốn ghi đè.")
    except OSError as err:
        return (f"không ghi được {path} ({reason(err)}); không có tệp nào bị ghi dở. Cách sửa: "
                "kiểm tra thư mục, quyền ghi và chỗ trống trên đĩa.")
    return None


def print_diagnostics(diags: Sequence[Diagnostic], checked: int, progress: int = 0) -> None:
    """Print each problem on one line, then a summary (``progress``: progress files read)."""
    for diag in diags:
        print(diag.format())
    errors = sum(d.level == "error" for d in diags)
    warnings = len(diags) - errors
    verdict = "Không có lỗi." if not errors else "Cần sửa các lỗi trên."
    files = f", {progress} tệp báo cáo tiến độ" if progress else ""
    print(f"Đã kiểm tra {checked} kế hoạch{files}: {errors} lỗi, {warnings} cảnh báo. {verdict}")
