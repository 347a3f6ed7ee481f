"""The publish folder ``DIR``: its releases, the ``current`` link, the served history, the lock.

Nothing planpub finds in ``DIR`` is trusted: a symlink is never followed to read or
write, and :func:`disk_error` turns an ``OSError`` into a Vietnamese reason to stop.
See :mod:`planpub.publish` for the layout and how a publish uses it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from planpub import oserrors

RELEASES = "releases"
CURRENT = "current"
HISTORY = "history.json"
LOCK = ".lock"
HISTORY_LIMIT = 200
"""Served releases ``history.json`` remembers (rollbacks in a row that stay possible)."""
_RELEASE = re.compile(r"^(\d{4,})-([0-9a-f]{7,40})$")


class PublishError(Exception):
    """A reason to stop, in Vietnamese; nothing published has changed."""


@dataclass(frozen=True)
class Release:
    """A published build: ``DIR/releases/<seq>-<commit>``."""

    path: Path
    seq: int

    @property
    def name(self) -> str:
        return self.path.name


def releases(dest: Path) -> list[Release]:
    """Finished releases, oldest first."""
    folder = dest / RELEASES
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _RELEASE.match(path.name)
        if match and path.is_dir() and not path.is_symlink():
            found.append(Release(path, int(match.group(1))))
    return sorted(found, key=lambda r: r.seq)


def current(dest: Path) -> Release | None:
    """The release ``DIR/current`` points at, if any."""
    link = dest / CURRENT
    if not link.is_symlink():
        if link.exists():
            raise PublishError(f"{link} là một thư mục hay tệp thật, không phải liên kết do "
                               "planpub tạo. Cách sửa: chuyển nó đi nơi khác rồi xuất bản lại.")
        return None
    target = (dest / os.readlink(link)).resolve()
    return next((r for r in releases(dest) if r.path.resolve() == target), None)


# --------------------------------------------------------------------------- files of DIR

_HINTS = {
    errno.EACCES: "chạy lệnh bằng tài khoản được ghi vào thư mục này, hoặc cấp quyền ghi cho "
                  "nó (chown, chmod)",
    errno.EROFS: "chọn thư mục xuất bản trên một ổ đĩa ghi được",
    errno.ENOSPC: "giải phóng chỗ trống (hoặc giữ ít bản hơn với --keep) rồi chạy lại",
    errno.ENOTDIR: "--dest phải là một thư mục có sẵn hoặc một đường dẫn chưa có; chọn đường "
                   "dẫn khác, hoặc chuyển tệp trùng tên đi",
}
_HINTS[errno.EPERM] = _HINTS[errno.EACCES]
_HINTS[errno.EDQUOT] = _HINTS[errno.ENOSPC]
_HINTS[errno.EEXIST] = _HINTS[errno.ENOTDIR]


def disk_error(err: OSError, dest: Path) -> PublishError:
    """An ``OSError`` met in ``dest``, as a Vietnamese reason to stop."""
    where = err.filename if err.filename is not None else dest
    hint = _HINTS.get(err.errno or 0, f"kiểm tra thư mục xuất bản {dest} rồi chạy lại")
    return PublishError(f"không ghi được vào {os.fsdecode(where)} ({oserrors.reason(err)}); "
                        f"trang đang phục vụ giữ nguyên. Cách sửa: {hint}.")


@contextlib.contextmanager
def disk_error_guard(dest: Path) -> Iterator[None]:
    """Turn an ``OSError`` raised inside into :func:`disk_error`."""
    try:
        yield
    except OSError as err:
        raise disk_error(err, dest) from None


def _open_regular(path: Path, flags: int) -> int:
    """Open ``path`` without following a symlink; refuse anything but a regular file."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as err:
        if err.errno not in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK):
            raise
        fd = -1
    if fd >= 0 and stat.S_ISREG(os.fstat(fd).st_mode):
        return fd
    if fd >= 0:
        os.close(fd)
    raise PublishError(f"{path} là liên kết tượng trưng hoặc không phải tệp thường, planpub "
                       f"không dùng nó. Cách sửa: xóa {path} (planpub tự tạo lại) rồi chạy lại.")


@contextlib.contextmanager
def locked(dest: Path) -> Iterator[None]:
    """Hold ``DIR/.lock`` so two publishes never run at once (released even on a crash)."""
    try:
        import fcntl  # POSIX only; imported here so the rest of planpub runs on Windows too
    except ImportError:
        raise PublishError("xuất bản cần máy chủ Linux hoặc macOS (liên kết tượng trưng và "
                           "khóa tệp).") from None
    if dest.exists() and not dest.is_dir():
        raise PublishError(f"{dest} là một tệp, không phải thư mục. Cách sửa: chọn --dest là "
                           "một thư mục có sẵn hoặc chưa có, ví dụ /var/www/boithuong.")
    dest.mkdir(parents=True, exist_ok=True)
    fd = _open_regular(dest / LOCK, os.O_WRONLY | os.O_CREAT)  # never truncated
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"một lần xuất bản khác đang chạy vào {dest}; hãy đợi nó xong "
                               "rồi chạy lại.") from None
        yield
    finally:
        os.close(fd)


def _read_history(dest: Path) -> list[str]:
    try:
        fd = _open_regular(dest / HISTORY, os.O_RDONLY)
    except FileNotFoundError:
        return []
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(1 << 20)
    try:
        served = json.loads(raw).get("served")
    except (ValueError, AttributeError):
        return []
    if not isinstance(served, list):
        return []
    return [n for n in served if isinstance(n, str) and _RELEASE.match(n)]


def write_history(dest: Path, names: list[str]) -> None:
    """Replace ``DIR/history.json`` atomically (a temporary file, then one rename)."""
    temp = dest / f".{HISTORY}.tmp"
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    with os.fdopen(os.open(temp, flags, 0o644), "w", encoding="utf-8") as handle:
        json.dump({"served": names[-HISTORY_LIMIT:]}, handle, indent=1)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, dest / HISTORY)


def served_history(dest: Path, now: Release | None) -> list[str]:
    """The releases served so far, oldest first, ending with ``now`` (``current``).

    ``history.json`` counts only up to ``now``; a release missing from it (a crash between
    writing it and switching, or a ``DIR`` published before it existed, where the releases
    numbered below ``now`` stand in) is added on top.
    """
    if now is None:
        return []
    names = _read_history(dest)
    if now.name in names:
        return names[: names.index(now.name) + 1]
    if not names:
        names = [r.name for r in releases(dest) if r.seq < now.seq]
    return [*names, now.name]


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def switch(dest: Path, release: Release) -> None:
    """Point ``DIR/current`` at ``release`` in one atomic rename."""
    temp = dest / f".{CURRENT}.tmp"
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    os.symlink(Path(RELEASES) / release.name, temp)
    os.replace(temp, dest / CURRENT)
    _sync_dir(dest)
