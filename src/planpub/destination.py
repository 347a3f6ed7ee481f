"""Where a command may write a file, and writing it there without ever following a link.

A file is written beside its destination under a temporary name, then moved into place
(``os.replace``, or a hard link when nothing may be overwritten): a reader never sees half
a file, and a symbolic link at the destination is replaced itself, never written through
(a dangling link could otherwise create a file anywhere, in ``registry/`` for instance).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from planpub.layout import PLANS_DIR, REGISTRY_DIR, is_repository
from planpub.safefile import kind_of


def place(path: Path) -> Path:
    """``path`` with its folder's links resolved but not its own name (a link stays a link)."""
    return Path(os.path.realpath(path.absolute().parent)) / path.name


def data_folder(path: Path, root: Path | None) -> str | None:
    """``plans`` or ``registry`` if ``path`` (its folders' links resolved) lies in that folder
    of the repository at ``root`` or of the repository it is in; None otherwise."""
    where = place(path)
    for repository in (root, _around(where)):
        for name in (PLANS_DIR, REGISTRY_DIR):
            folder = Path(os.path.realpath(repository / name)) if repository else None
            if folder is not None and (where == folder or folder in where.parents):
                return name
    return None


def _around(where: Path) -> Path | None:
    """The repository ``where`` lies in (the nearest folder above it with ``registry/``)."""
    try:
        return next((folder for folder in where.parents if is_repository(folder)), None)
    except OSError:
        return None


def refusal(path: Path, root: Path | None, *, what: str, example: str, plans_ok: bool,
            force: bool | None) -> str | None:
    """Why ``what`` may not be written to ``path`` (a Vietnamese sentence with “Cách sửa”), or
    None.

    Never into ``registry/``; into ``plans/`` only if ``plans_ok``; never onto a folder or a
    special file. A link or an existing file is replaced only with ``force`` (a link is then
    replaced itself, not followed); ``force=None``: the command has no ``--force``, replaces
    an existing file always and a link never. ``example`` is a file name for the hints.
    """
    folder = data_folder(path, root)
    if folder == REGISTRY_DIR or (folder == PLANS_DIR and not plans_ok):
        holds = "danh mục" if folder == REGISTRY_DIR else "kế hoạch (.yaml)"
        even = "" if force is None else ", kể cả với --force"
        return (f"{path} nằm trong thư mục {folder}/ của kho, nơi chỉ chứa tệp {holds}; không "
                f"ghi {what} vào đó{even}. Cách sửa: chọn tệp ở nơi khác, ví dụ -o {example}.")
    try:
        mode = place(path).lstat().st_mode
    except OSError:
        return None  # nothing there, or the write itself says why (in Vietnamese)
    if stat.S_ISDIR(mode):
        return (f"{path} là một thư mục, không phải tệp. Cách sửa: ghi rõ tên tệp, ví dụ "
                f"-o {path / example}.")
    if stat.S_ISLNK(mode):
        if force:
            return None
        hint = ("" if force is None else ", hoặc thêm --force để thay chính liên kết đó (không "
                "phải tệp nó trỏ tới) bằng tệp mới")
        return (f"{path} là một liên kết tượng trưng (symlink); planpub không ghi qua liên kết. "
                f"Cách sửa: chọn tên tệp khác hoặc xóa liên kết{hint}.")
    kind = kind_of(mode)
    if kind is not None:
        return (f"{path} là {kind}, không phải tệp thường. Cách sửa: chọn tên tệp khác, ví dụ "
                f"-o {example}.")
    if force is False:
        return (f"tệp {path} đã có; không ghi đè. Cách sửa: chọn tệp khác bằng -o, hoặc thêm "
                "--force nếu muốn ghi đè.")
    return None


def write_new(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it: never half a file, never
    through a link; without ``force`` never over anything already there
    (:class:`FileExistsError`), even something that appeared meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder should be: not "the target exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                 str(path.parent)) from None
    temp = path.with_name(f".{path.name[:200]}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temp, path)  # replaces a link itself, never its target
            return
        try:
            os.link(temp, path)  # atomic, and fails if anything is there (a dangling link too)
        except OSError as err:
            if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            if os.path.lexists(path):  # a file system without hard links
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
            os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
