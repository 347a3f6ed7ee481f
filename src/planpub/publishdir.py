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
from planpub.safefile import UnsafeFile, open_regular

RELEASES = "releases"
CURRENT = "current"
HISTORY = "history.json"
LOCK = ".lock"
STAGING = ".staging-"
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


def printable(name: str) -> str:
    """A name found in ``DIR``, safe to print: control, invisible and undecodable characters
    escaped (``\\x1b``, ``\\udcff``)."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in name)


def _kind(path: Path) -> int | None:
    """The file type of ``path`` itself (a symlink is not followed), ``None`` if missing."""
    try:
        return stat.S_IFMT(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None


def releases_folder(dest: Path) -> Path | None:
    """``DIR/releases``, or ``None`` if it does not exist yet. It must be a real folder: a
    symlink to one elsewhere is refused, never followed."""
    folder = dest / RELEASES
    kind = _kind(folder)
    if kind is None:
        return None
    if kind == stat.S_IFDIR:
        return folder
    raise PublishError(f"{folder} là liên kết tượng trưng hoặc không phải thư mục; planpub chỉ "
                       "ghi vào thư mục releases thật bên trong thư mục xuất bản, không theo liên "
                       f"kết sang nơi khác. Cách sửa: xóa liên kết {folder} (chỉ xóa liên kết, "
                       "không xóa nơi nó trỏ tới) hoặc chuyển nó đi, rồi chạy lại.")


def releases(dest: Path) -> list[Release]:
    """Finished releases, oldest first; a release or staging entry that is not a real folder
    (a symlink, a file) is refused rather than skipped."""
    folder = releases_folder(dest)
    if folder is None:
        return []
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            match = _RELEASE.match(entry.name)
            if not match and not entry.name.startswith(STAGING):
                continue
            if not entry.is_dir(follow_symlinks=False):
                where = folder / printable(entry.name)
                raise PublishError(
                    f"{where} là liên kết tượng trưng hoặc không phải thư mục, không phải một "
                    "bản do planpub tạo; planpub không theo liên kết để xóa hay phục vụ. Cách "
                    f"sửa: chuyển {where} ra khỏi {folder} (chỉ chuyển liên kết, không xóa nơi "
                    "nó trỏ tới) rồi chạy lại.")
            if match:
                found.append(Release(folder / entry.name, int(match.group(1))))
    return sorted(found, key=lambda r: r.seq)


def current(dest: Path) -> Release | None:
    """The release ``DIR/current`` points at; ``None`` when there is no link, or it points at a
    release that is gone. A link anywhere else (a loop, outside ``releases``) is refused."""
    link = dest / CURRENT
    kind = _kind(link)
    if kind is None:
        return None
    if kind != stat.S_IFLNK:
        raise PublishError(f"{link} là một thư mục hay tệp thật, không phải liên kết do "
                           "planpub tạo. Cách sửa: chuyển nó đi nơi khác rồi xuất bản lại.")
    target = os.path.realpath(link)  # never raises, even on a symlink loop
    found = next((r for r in releases(dest) if os.path.realpath(r.path) == target), None)
    if found is not None:
        return found
    written = os.path.normpath(os.path.join(dest, os.readlink(link)))
    if os.path.dirname(written) == os.path.join(dest, RELEASES):
        return None  # planpub's link to a release someone deleted: a publish replaces it
    raise PublishError(f"{link} không phải liên kết do planpub tạo: nó không trỏ tới một bản "
                       f"trong {dest / RELEASES} (có thể trỏ vòng về chính nó hoặc ra ngoài). "
                       f"Cách sửa: xóa {link} (rm, chỉ xóa liên kết) rồi chạy lại; lần xuất bản "
                       "sau tạo lại nó.")


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
        return open_regular(path, flags)
    except UnsafeFile:
        raise PublishError(f"{path} là liên kết tượng trưng hoặc không phải tệp thường, planpub "
                           f"không dùng nó. Cách sửa: xóa {path} (planpub tự tạo lại) rồi chạy "
                           "lại.") from None


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


def read_regular(path: Path, limit: int) -> bytes | None:
    """At most ``limit`` + 1 bytes of regular file ``path``, never through a symlink;
    ``None`` if it does not exist. Raises :class:`PublishError` for anything else there."""
    try:
        fd = _open_regular(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit + 1)


def parse_json(raw: bytes | None, limit: int) -> object:
    """JSON text read by :func:`read_regular`, or ``None`` if missing, longer than ``limit``,
    not UTF-8, not JSON, or nested too deep to parse."""
    if raw is None or len(raw) > limit:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _read_history(dest: Path) -> list[str]:
    data = parse_json(read_regular(dest / HISTORY, 1 << 20), 1 << 20)
    served = data.get("served") if isinstance(data, dict) else None
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
    with contextlib.suppress(OSError):  # switched already: no error may claim it did not
        _sync_dir(dest)
