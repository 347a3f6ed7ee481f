"""Publish the site safely: releases, an atomic switch, rollback, a manifest per release.

Layout of ``DIR`` (the web server serves ``DIR/current``)::

    DIR/current -> releases/0003-1a2b3c4d5e6f     a symlink, switched atomically
    DIR/releases/0001-.../ 0002-.../ 0003-.../    one folder per publish, newest last
    DIR/releases/.staging-...                     a build in progress (never served)

A publish refuses a dirty work tree and a tree that fails validation, builds
strictly into a staging folder on the same file system, writes
``manifest.json`` (commit, commit date, counts, sha256 of every file), then
renames the folder into place and replaces the ``current`` symlink in one
``rename``: readers see the old site or the new one, never a mix, and a failed
or interrupted build leaves the old site serving. Dates come from the commit
(``SOURCE_DATE_EPOCH``), so a commit built twice gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from planpub.diagnostics import BuildError
from planpub.gitrev import Commit, commit, is_repository, status, toplevel
from planpub.project import open_project

RELEASES = "releases"
CURRENT = "current"
STAGING = ".staging-"
MANIFEST = "manifest.json"
DEFAULT_KEEP = 5
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


@contextlib.contextmanager
def locked(dest: Path) -> Iterator[None]:
    """Hold ``DIR/.lock`` so two publishes never run at once (released even on a crash)."""
    try:
        import fcntl  # POSIX only; imported here so the rest of planpub runs on Windows too
    except ImportError:
        raise PublishError("xuất bản cần máy chủ Linux hoặc macOS (liên kết tượng trưng và "
                           "khóa tệp).") from None
    dest.mkdir(parents=True, exist_ok=True)
    with open(dest / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"một lần xuất bản khác đang chạy vào {dest}; hãy đợi nó xong "
                               "rồi chạy lại.") from None
        yield


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


# --------------------------------------------------------------------------- checks


def check_clean(root: Path, dest: Path) -> None:
    """Refuse uncommitted changes and untracked files (those .gitignore skips and ``dest`` aside).

    What is published must be exactly a commit: an untracked plan would be
    published without being in it, so untracked files count as changes too.
    """
    if not is_repository(root):
        raise PublishError(f"{root} không phải một kho git; chỉ xuất bản được từ một commit. "
                           "Cách sửa: chạy lệnh trong thư mục của kho.")
    top = toplevel(root).resolve()
    try:
        inside = dest.resolve().relative_to(top).as_posix() + "/"
    except ValueError:
        inside = None
    dirty = [p for p in status(root) if not (inside and (p + "/").startswith(inside))]
    if dirty:
        shown = ", ".join(dirty[:10]) + (f" và {len(dirty) - 10} tệp khác" if len(dirty) > 10
                                         else "")
        raise PublishError(f"thư mục làm việc có thay đổi chưa commit ({shown}). Cách sửa: commit "
                           "hoặc hoàn tác các thay đổi (git status để xem) rồi xuất bản lại.")


def check_valid(root: Path) -> dict[str, int]:
    """Validate; return the counts for the manifest, or refuse with the errors."""
    project = open_project(root)
    catalog = project.catalog
    if not project.ok:
        errors = [d.format() for d in project.diagnostics if d.level == "error"]
        raise PublishError(f"kế hoạch hoặc danh mục có {len(errors)} lỗi, không xuất bản:\n"
                           + "\n".join(errors) + "\nCách sửa: sửa các lỗi trên (planpub validate).")
    return {"plans": len(catalog.plans), "tasks": len(catalog.tasks),
            "agencies": len(catalog.agencies)}


# --------------------------------------------------------------------------- build


Builder = Callable[[Path, Path, Mapping[str, str]], None]
"""Builds the site of a repository into a folder, with extra environment variables;
raises :class:`BuildError` (the MkDocs adapter's ``build_site``)."""


def build_env(info: Commit) -> dict[str, str]:
    """The environment of a reproducible build: dates from the commit."""
    return {"SOURCE_DATE_EPOCH": str(info.timestamp)}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def site_files(folder: Path) -> list[Path]:
    """Every file of a built site except the manifest, in a stable order."""
    return sorted((p for p in folder.rglob("*") if p.is_file() and p != folder / MANIFEST),
                  key=lambda p: p.relative_to(folder).as_posix())


def write_manifest(folder: Path, info: Commit, counts: dict[str, int]) -> None:
    """``manifest.json``: what was built, from which commit, and each file's sha256."""
    files = {p.relative_to(folder).as_posix(): sha256(p) for p in site_files(folder)}
    manifest = {
        "commit": info.sha,
        "commit_date": info.date.isoformat(),
        "counts": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")


def verify(folder: Path) -> list[str]:
    """Files of a release that are missing or differ from its manifest."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [MANIFEST]
    bad = []
    for name, digest in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file() or sha256(path) != digest:
            bad.append(name)
    return bad


def _stamp(folder: Path, timestamp: int) -> None:
    """Give every file and folder the commit's time, so copies (rsync, tar) are reproducible."""
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (timestamp, timestamp), follow_symlinks=False)


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- commands


def publish(root: Path, dest: Path, build: Builder, keep: int = DEFAULT_KEEP) -> Release:
    """Check, build (with ``build``), and switch ``DIR/current`` to a new release of HEAD."""
    with locked(dest):
        previous = current(dest)
        check_clean(root, dest)
        counts = check_valid(root)
        info = commit(root, "HEAD")
        folder = dest / RELEASES
        folder.mkdir(exist_ok=True)
        for stale in folder.glob(STAGING + "*"):  # left by a publish that was killed
            _remove(stale)
        existing = releases(dest)
        seq = (existing[-1].seq if existing else 0) + 1
        final = folder / f"{seq:04d}-{info.short}"
        staging = folder / f"{STAGING}{final.name}"
        try:
            try:
                build(root, staging, build_env(info))
            except BuildError as err:
                head, _, rest = str(err).partition("\n")
                raise PublishError(f"{head.rstrip('.')}, trang đang phục vụ giữ nguyên.\n"
                                   f"{rest}".rstrip()) from None
            write_manifest(staging, info, counts)
            _stamp(staging, info.timestamp)
            os.rename(staging, final)
        except BaseException:
            _remove(staging)
            raise
        release = Release(final, seq)
        switch(dest, release)
        prune(dest, keep, keep_also=previous)
        return release


def prune(dest: Path, keep: int, keep_also: Release | None = None) -> list[Release]:
    """Delete the oldest releases beyond ``keep``, never the current one or ``keep_also``."""
    now = current(dest)
    protected = {r.name for r in (now, keep_also) if r is not None}
    every = releases(dest)
    removed = [r for r in every[: max(len(every) - keep, 0)] if r.name not in protected]
    for release in removed:
        _remove(release.path)
    return removed


def rollback(dest: Path) -> Release:
    """Switch ``DIR/current`` back to the release before it."""
    with locked(dest):
        now = current(dest)
        every = releases(dest)
        if now is None:
            raise PublishError(f"{dest} chưa có bản nào đang phục vụ, không có gì để quay lại.")
        older = [r for r in every if r.seq < now.seq]
        if not older:
            raise PublishError(f"không có bản phát hành nào trước {now.name} để quay lại.")
        target = older[-1]
        bad = verify(target.path)
        if bad:
            raise PublishError(f"bản {target.name} bị hỏng ({', '.join(bad[:5])} khác với "
                               "manifest.json); giữ nguyên bản đang phục vụ.")
        switch(dest, target)
        return target


def describe(release: Release) -> str:
    """A release as people know it: name, commit, date, counts."""
    try:
        manifest = json.loads((release.path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return release.name
    counts = manifest.get("counts", {})
    return (f"{release.name} (commit {manifest.get('commit', '')[:12]}, ngày "
            f"{manifest.get('commit_date', '')[:10]}; {counts.get('plans', 0)} kế hoạch, "
            f"{counts.get('tasks', 0)} nhiệm vụ, {counts.get('agencies', 0)} cơ quan)")
