"""When each file of the site's sources last changed, from one ``git log`` per build.

A page says "Cập nhật lần cuối" with the date (in Vietnam's time zone) of the last commit
that changed the files it is built from. The whole history of the watched folders is read
once (``git log --name-only``), never per page, so 10,000 plan pages cost one git call.

A file git does not know (a folder that is not a git repository, git missing, a file not
committed yet) is dated by ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else by
the file's own modification time. A committed file with changes not yet committed keeps the
date of its last commit.

In a shallow clone (``git clone --depth N``, CI's default checkout) the oldest fetched
commits show every file they hold as new: a file whose last change git sees is one of those
boundary commits has an unknown date (no "Cập nhật lần cuối"), never the clone's oldest date.
:class:`History` keeps what it read across ``mkdocs serve`` rebuilds until ``HEAD`` moves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from planpub.gitrev import GitError, git
from planpub.vocab import VN_TIME, dmy, source_date_epoch


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


@dataclass(frozen=True)
class RepoState:
    """The commit checked out and, in a shallow clone, its boundary commits."""

    head: str
    shallow: bool
    boundary: frozenset[str]


def repo_state(root: Path) -> RepoState | None:
    """``HEAD`` and whether the clone is shallow, in one git call; None without commits."""
    try:
        out = git(root, "rev-parse", "HEAD", "--is-shallow-repository", "--git-path",
                  "shallow", check=False).splitlines()
    except (GitError, OSError):
        return None
    if len(out) < 3 or not re.fullmatch(r"[0-9a-f]{40,64}", out[0].strip()):
        return None
    shallow = out[1].strip() == "true"
    boundary: frozenset[str] = frozenset()
    if shallow:
        try:
            boundary = frozenset((root / out[2].strip()).read_text("ascii").split())
        except (OSError, UnicodeDecodeError):
            boundary = frozenset()
    return RepoState(out[0].strip(), shallow, boundary)


def read_history(root: Path, folders: Iterable[str],
                 boundary: frozenset[str] = frozenset()) -> tuple[dict[str, int], set[str]]:
    """Path (relative to ``root``) → committer time of the last commit that changed it,
    along the first-parent line (a merge is dated when it landed), and the paths whose
    last change seen is a ``boundary`` commit of a shallow clone (date unknown)."""
    try:
        out = git(root, "log", "-m", "--first-parent", "--no-renames", "--name-only",
                  "--no-color", "--format=%x01%H %ct", "--relative", "--", *folders,
                  check=False)
    except (GitError, OSError):
        return {}, set()
    stamps: dict[str, int] = {}
    unknown: set[str] = set()
    for block in out.split("\x01")[1:]:  # newest commit first: the first stamp wins
        head, _, names = block.partition("\n")
        sha, _, stamp = head.strip().partition(" ")
        if not stamp.isdigit():
            continue
        for name in names.splitlines():
            if not name or name in stamps or name in unknown:
                continue
            if sha in boundary:
                unknown.add(name)
            else:
                stamps[name] = int(stamp)
    return stamps, unknown


SHALLOW_NOTE = ("Kho git là bản sao nông (shallow clone): git không cho biết ngày thay đổi "
                "của các tệp chỉ có trong commit cũ nhất đã tải, nên trang dựng từ các tệp đó "
                "không ghi “Cập nhật lần cuối”. Cách sửa: chạy git fetch --unshallow trước khi "
                "dựng; trong CI, tải đủ lịch sử (GitHub Actions: fetch-depth: 0 ở bước "
                "actions/checkout).")


class History:
    """The git history read for the dates, kept until ``HEAD`` (or the shallow state)
    changes: a ``mkdocs serve`` rebuild costs one ``git rev-parse``, not a ``git log``."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._stamps: dict[str, int] = {}
        self._unknown: frozenset[str] = frozenset()
        self.shallow = False
        self.reads = 0
        """How many times the history was read (``git log``)."""

    def dates(self, root: Path, folders: Iterable[str]) -> tuple[FileDates, bool]:
        """The file dates, and whether the history was read just now (not kept)."""
        folders = tuple(folders)
        state = repo_state(root)
        key = (root, folders, state)
        fresh = key != self._key
        if fresh:
            stamps, unknown = read_history(root, folders, state.boundary) if state else ({}, set())
            self._key, self._stamps, self._unknown = key, stamps, frozenset(unknown)
            self.shallow = bool(state and state.shallow)
            self.reads += 1
        return FileDates(root, self._stamps, self._unknown), fresh


class FileDates:
    """Last-change dates of the files under some folders of ``root`` (one git call)."""

    def __init__(self, root: Path, stamps: dict[str, int],
                 unknown: frozenset[str] = frozenset()) -> None:
        self.root = root
        self._stamps = stamps
        self._unknown = unknown
        self._epoch = source_date_epoch()
        self._cache: dict[str, dt.date | None] = {}
        self._folders: dict[tuple[str, ...], dt.date | None] = {}

    @classmethod
    def read(cls, root: Path, folders: Iterable[str]) -> FileDates:
        return History().dates(root, folders)[0]

    def file(self, path: str) -> dt.date | None:
        """The date ``path`` (relative to the root) last changed; None if it does not exist
        or its date is unknown (a shallow clone's boundary)."""
        if path not in self._cache:
            stamp = self._stamps.get(path)
            if path in self._unknown:
                self._cache[path] = None
            elif stamp is not None:
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
