"""Read a data file only if it is a regular file inside the repository, and never too much.

A plan or registry file is someone's data, and a pull request can make it
anything: a symbolic link to ``/dev/zero`` or to a file outside the repository,
a FIFO that blocks forever, a device. So the rule is checked on the file itself
(``lstat``, never following a link) and again on what was opened (``fstat`` on
the descriptor, opened with ``O_NOFOLLOW | O_NONBLOCK``, so a file swapped in
between is caught too), and the read stops one byte past the limit whatever
``stat`` said the size was.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOT_A_FILE = {errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK}
"""What ``open`` says of a link under ``O_NOFOLLOW`` (ELOOP; EMLINK on FreeBSD), a folder,
or a FIFO opened for writing with no reader (ENXIO)."""
_CHUNK = 1 << 16


class UnsafeFile(Exception):
    """Why a file is not read: a Vietnamese sentence and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in Vietnamese (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "liên kết tượng trưng (symlink)"
    if stat.S_ISDIR(mode):
        return "thư mục"
    if stat.S_ISFIFO(mode):
        return "ống dẫn (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "tệp thiết bị"
    return "tệp đặc biệt"


def special_file(kind: str) -> UnsafeFile:
    """The refusal for a file that is not a regular file."""
    if kind.startswith("liên kết"):
        hint = ("thay liên kết bằng một tệp thật: sao chép nội dung cần dùng vào một tệp YAML "
                "trong kho (git rm --cached TÊN_TỆP để bỏ liên kết khỏi git).")
    else:
        hint = "xóa mục này khỏi thư mục và đặt vào đó một tệp YAML thường."
    return UnsafeFile(f"đây là {kind}, không phải tệp thường; planpub chỉ đọc tệp thường "
                      "nằm trong kho.", hint)


def outside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every link resolved, lies outside ``root``."""
    if _below_without_link(os.fspath(root), os.fspath(path)):
        return False
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return True
    return False


def _below_without_link(root: str, path: str) -> bool:
    """Whether ``path`` is written as a path below ``root`` whose folders between the two are
    no links: then it is inside, wherever ``root`` itself is (the file is looked at on its
    own). One ``lstat`` per folder, where resolving both paths costs one per component."""
    prefix = root.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return False
    parts = path[len(prefix):].split(os.sep)
    if any(part in ("", ".", "..") for part in parts):
        return False
    folder = root
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):  # a link, or not a folder
                return False
        except OSError:
            return False
    return True


def check_entry(path: Path, root: Path | None = None) -> None:
    """Refuse ``path`` unless it is a regular file (and, with ``root``, inside it with no link
    on the way): raises :class:`UnsafeFile`, or ``OSError`` if it cannot be looked at."""
    kind = kind_of(path.lstat().st_mode)
    if kind is not None:
        raise special_file(kind)
    if root is not None and outside(root, path):
        raise UnsafeFile("tệp nằm ngoài kho (qua một thư mục là liên kết tượng trưng).",
                         "đặt tệp thật vào thư mục của kho thay vì liên kết tới nơi khác.")


def open_regular(path: Path, flags: int = os.O_RDONLY, *, follow: bool = False) -> int:
    """A descriptor of ``path`` opened with ``flags`` (created ``0o644`` with ``O_CREAT``),
    if what was opened is a regular file; never through a link unless ``follow``, never
    blocking on a FIFO. Raises :class:`UnsafeFile` naming what it is, or ``OSError``."""
    try:
        fd = os.open(path, flags | _NONBLOCK | _BINARY | _CLOEXEC | (0 if follow else _NOFOLLOW),
                     0o644)
    except OSError as err:
        if err.errno not in _NOT_A_FILE:
            raise
        what = "thư mục" if err.errno == errno.EISDIR else (
            "ống dẫn (FIFO)" if err.errno == errno.ENXIO else "liên kết tượng trưng (symlink)")
        raise special_file(what) from None
    kind = kind_of(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise special_file(kind)
    return fd


def read_capped(path: Path, limit: int, root: Path | None = None, *,
                checked: bool = False) -> bytes:
    """The bytes of ``path`` if it is a safe regular file of at most ``limit`` bytes.

    ``checked``: the caller has just run :func:`check_entry` (the open itself still refuses
    a link or a special file swapped in since). Raises :class:`UnsafeFile` (with the reason,
    in Vietnamese) or ``OSError``.
    """
    if root is not None and not checked:
        check_entry(path, root)
    fd = open_regular(path, follow=root is None)
    try:
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise UnsafeFile(f"tệp quá lớn (hơn {limit // 1024} KB).",
                         "kiểm tra tệp có đúng là kế hoạch không, hoặc tách nội dung.")
    return b"".join(chunks)
