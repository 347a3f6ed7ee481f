"""What ``planpub validate`` keeps between runs: each file's findings, by its bytes.

One JSON file per repository in the user's cache folder (``$PLANPUB_CACHE_DIR``, else
``$XDG_CACHE_HOME/planpub``, else ``~/.cache/planpub``), never inside the repository and
never in git; deleting it only makes the next run slower. Entries are keyed by a digest of
what they depend on (the file's bytes, the registries' bytes, ...); the whole file is
dropped when planpub's code or the libraries it checks with change. A run that changes a
few entries writes them to a small journal beside the cache, read with it. A file's digest is
reused while its size, times (modification and change), mode and inode are unchanged; a
digest is not recorded for a file changed within :data:`RACY_NS` of being read (an edit in
the same instant must not hide behind an equal time stamp, as git's index does).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
import unicodedata
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_ENV = "PLANPUB_CACHE_DIR"
RACY_NS = 2_000_000_000
"""A file changed this close to being read is read again next time (coarse clocks)."""
FORMAT = 3
JOURNAL_MIN = 500
"""Changes kept beside the cache, not written into it, while fewer than this (or a tenth of
its entries): a national site's cache is megabytes, an edit changes one entry."""
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Markdown", "vietnam-provinces",
              "vietnamadminunits")
"""Libraries whose behaviour or data decides what a check finds (the administrative units
are checked against the registry's localities, links in prose through Markdown)."""


def cache_dir() -> Path | None:
    """Where planpub keeps its caches (absolute), None if there is no such place."""
    chosen = os.environ.get(CACHE_ENV) or ""
    if not chosen:
        xdg = os.environ.get("XDG_CACHE_HOME") or ""
        try:
            base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        except RuntimeError:  # no home folder
            return None
        chosen = str(base / "planpub")
    return Path(os.path.abspath(chosen))


def cache_file(root: Path) -> Path | None:
    """The cache of the repository at ``root`` (None: no cache folder, or one inside the
    repository, where the cache must never be)."""
    folder = cache_dir()
    where = os.path.abspath(root)
    if folder is None or folder == Path(where) or Path(where) in folder.parents or (
            Path(os.path.realpath(where)) in Path(os.path.realpath(folder)).parents):
        return None
    name = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return folder / f"validate-{name}.json"


def _stamp(info: os.stat_result) -> str:
    return (f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_mode}:"
            f"{info.st_ino}:")


def same_file(before: os.stat_result, after: os.stat_result) -> bool:
    """Whether two looks at a file saw the same version of it."""
    return _stamp(before) == _stamp(after)


def digest(*parts: str | bytes) -> str:
    """A digest of ``parts`` (each delimited, so ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:32]


def unit_key(*parts: str) -> str:
    """:func:`digest` of short texts without a NUL (names, paths, digests), quicker: a large
    repository asks for one per file."""
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogateescape"),
                        usedforsecurity=False).hexdigest()


def code_stamp() -> str:
    """planpub's code and data (each file's size and time stamp) and the checking libraries'
    versions."""
    package = Path(__file__).parent
    parts: list[str] = []
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        info = path.stat()
        parts.append(f"{path.relative_to(package).as_posix()}:{info.st_size}:{info.st_mtime_ns}")
    for name in _LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-")
    return digest(str(FORMAT), sys.version, unicodedata.unidata_version, *parts)


def _json(path: Path) -> Any:
    """The JSON data of a regular file (never waiting on a FIFO), None if there is none or
    it is damaged: the run then starts afresh."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(
            os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return json.loads(fh.read())
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)


class CheckCache:
    """The cache of one repository (``read``: what earlier runs kept, else start afresh);
    :meth:`save` writes what this run used."""

    def __init__(self, path: Path, *, read: bool = True) -> None:
        self.path = path
        self.stamp = code_stamp()
        self._files: dict[str, str] = {}
        self._units: dict[str, Any] = {}
        self._written = 0
        self.files: dict[str, str] = {}
        """Display path → "size:mtime:ctime:mode:inode:digest" of each file looked at."""
        self.units: dict[str, Any] = {}
        self.changed = False
        self._sides: dict[str, Any] = {}
        self._journal = self.path.with_name(f"{self.path.stem}-journal.json")
        self._logged: dict[str, Any] = {"files": {}, "units": {}}
        if read:
            self._load()

    def _read(self, path: Path) -> tuple[dict[str, str], dict[str, Any], int] | None:
        data = _json(path)
        if not isinstance(data, dict) or data.get("stamp") != self.stamp:
            return None
        files, units, written = data.get("files"), data.get("units"), data.get("written")
        if isinstance(files, dict) and isinstance(units, dict) and isinstance(written, int):
            return files, units, written
        return None

    def _load(self) -> None:
        found = self._read(self.path)
        if found is None:
            return
        self._files, self._units, self._written = found
        logged = self._read(self._journal)  # what later runs added, if written after the file
        if logged is not None and logged[2] > self._written:
            self._logged = {"files": logged[0], "units": logged[1]}
            self._files = self._files | logged[0]
            self._units = self._units | logged[1]

    def known_digest(self, shown: str, info: os.stat_result) -> str | None:
        """The digest of the file last seen as ``info`` describes."""
        seen = self._files.get(shown)
        stamp = _stamp(info)
        if isinstance(seen, str) and seen.startswith(stamp):
            self.files[shown] = seen
            return seen[len(stamp):]
        return None

    def note_digest(self, shown: str, info: os.stat_result, value: str) -> None:
        """Remember the digest of the file ``info`` describes (read after ``info`` was
        taken), unless it changed too recently to be sure of."""
        if max(info.st_mtime_ns, info.st_ctime_ns) >= time.time_ns() - RACY_NS:
            return
        self.files[shown] = _stamp(info) + value
        self.changed = True

    def get(self, key: str) -> Any:
        """The value kept under ``key`` (None if none); kept again by :meth:`save`."""
        value = self._units.get(key)
        if value is not None:
            self.units[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` (JSON data) under ``key``."""
        self.units[key] = value
        self.changed = True

    def _side_path(self, key: str) -> Path:
        return self.path.with_name(f"{self.path.stem}.{key}.json")

    def side(self, key: str) -> Any:
        """A large value kept in a file of its own (read only when asked for), or None;
        kept again by :meth:`save`."""
        self._sides.setdefault(key, None)
        data = _json(self._side_path(key))
        return data.get("value") if isinstance(data, dict) and data.get(
            "stamp") == self.stamp else None

    def keep_side(self, key: str, value: Any = None) -> None:
        """Keep the side file ``key``: as it is, or with ``value``."""
        if value is not None or key not in self._sides:
            self._sides[key] = value

    def save(self) -> None:
        """Write the entries this run used, atomically, unless they are what was read; a
        cache that cannot be written is no error (the next run starts afresh)."""
        with contextlib.suppress(OSError):
            self._save_sides()
        if not self.changed and self.units.keys() == self._units.keys() and (
                self.files.keys() == self._files.keys()):
            return
        now = time.time_ns()
        files = self._logged["files"] | {k: v for k, v in self.files.items()
                                         if self._files.get(k) != v}
        units = self._logged["units"] | {k: v for k, v in self.units.items()
                                         if self._units.get(k) is not v}
        with contextlib.suppress(OSError):
            if self._written and len(files) + len(units) <= max(JOURNAL_MIN, len(self.units) // 10):
                self._write(self._journal, {"format": FORMAT, "stamp": self.stamp,
                                            "written": now, "files": files, "units": units})
                return  # a few files changed: the large file stays as it is
            self._write(self.path, {"format": FORMAT, "stamp": self.stamp, "written": now,
                                    "files": self.files, "units": self.units})
            self._journal.unlink(missing_ok=True)

    def _save_sides(self) -> None:
        for key, value in self._sides.items():
            if value is not None:
                self._write(self._side_path(key), {"stamp": self.stamp, "value": value})
        if self.path.parent.is_dir():
            for old in self.path.parent.glob(f"{self.path.stem}.*.json"):
                if old.name[len(self.path.stem) + 1:-len(".json")] not in self._sides:
                    old.unlink()

    def _write(self, path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".validate-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(data, separators=(",", ":")))  # ASCII: quicker to write
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
