"""When each file of the site's sources last changed, from one ``git log`` per build.

A page says "Cập nhật lần cuối" with the date (in Vietnam's time zone) of the last commit
that changed the files it is built from. The whole history of the watched folders is read
once (``git log --name-only``), never per page, so 10,000 plan pages cost one git call.

A file git does not know (a folder that is not a git repository, git missing, a file not
committed yet) is dated by ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else by
the file's own modification time. A committed file with changes not yet committed keeps the
date of its last commit.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from planpub.gitrev import GitError, git
from planpub.vocab import VN_TIME, dmy


@dataclass(frozen=True)
class Updated:
    """A page's last-change date, as the templates print it."""

    day: dt.date

    @property
    def iso(self) -> str:
        """``2025-11-15`` (the ``datetime`` attribute of ``<time>``)."""
        return self.day.isoformat()

    @property
    def text(self) -> str:
        """``15/11/2025``."""
        return dmy(self.day)


def _day(timestamp: float) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, VN_TIME).date()


def _epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def read_history(root: Path, folders: Iterable[str]) -> dict[str, int]:
    """Path (relative to ``root``) → committer time of the last commit that changed it,
    along the first-parent line (a merge is dated when it landed). Empty without git."""
    try:
        out = git(root, "log", "-m", "--first-parent", "--no-renames", "--name-only",
                  "--no-color", "--format=%x01%ct", "--relative", "--", *folders,
                  check=False)
    except (GitError, OSError):
        return {}
    stamps: dict[str, int] = {}
    for block in out.split("\x01")[1:]:  # newest commit first: the first stamp wins
        head, _, names = block.partition("\n")
        if not head.strip().isdigit():
            continue
        stamp = int(head.strip())
        for name in names.splitlines():
            if name:
                stamps.setdefault(name, stamp)
    return stamps


class FileDates:
    """Last-change dates of the files under some folders of ``root`` (one git call)."""

    def __init__(self, root: Path, stamps: dict[str, int]) -> None:
        self.root = root
        self._stamps = stamps
        self._epoch = _epoch()
        self._cache: dict[str, dt.date | None] = {}
        self._folders: dict[tuple[str, ...], dt.date | None] = {}

    @classmethod
    def read(cls, root: Path, folders: Iterable[str]) -> FileDates:
        return cls(root, read_history(root, folders))

    def file(self, path: str) -> dt.date | None:
        """The date ``path`` (relative to the root) last changed; None if it does not exist."""
        if path not in self._cache:
            stamp = self._stamps.get(path)
            if stamp is not None:
                self._cache[path] = _day(stamp)
            elif self._epoch is not None:
                self._cache[path] = _day(self._epoch) if (self.root / path).exists() else None
            else:
                try:
                    self._cache[path] = _day((self.root / path).stat().st_mtime)
                except OSError:
                    self._cache[path] = None
        return self._cache[path]

    def newest(self, paths: Iterable[str], folders: Iterable[str] = ()) -> Updated | None:
        """The latest date of ``paths`` and of any commit that changed something under
        ``folders`` (a removed file included); None if nothing is dated."""
        days = [d for d in map(self.file, paths) if d is not None]
        prefixes = tuple(f"{folder.rstrip('/')}/" for folder in folders)
        if prefixes and prefixes not in self._folders:
            stamps = [s for p, s in self._stamps.items() if p.startswith(prefixes)]
            self._folders[prefixes] = _day(max(stamps)) if stamps else None
        folder_day = self._folders.get(prefixes) if prefixes else None
        if folder_day is not None:
            days.append(folder_day)
        return Updated(max(days)) if days else None
