"""Publish the site safely: releases, an atomic switch, rollback, a manifest per release.

Layout of ``DIR`` (the web server serves ``DIR/current``)::

    DIR/current -> releases/0003-1a2b3c4d5e6f     a symlink, switched atomically
    DIR/releases/0001-.../ 0002-.../ 0003-.../    one folder per publish, newest last
    DIR/releases/.staging-...                     a build in progress (never served)
    DIR/history.json                              the releases served, in order
    DIR/.lock                                     held while a publish or rollback runs

A publish refuses a ``DIR`` inside the repository's work tree, a dirty work tree and
a tree that fails validation, builds strictly into a staging folder on the same file
system, writes ``manifest.json`` (commit, commit date, counts, sha256 of every file),
then renames the folder into place and replaces the ``current`` symlink in one
``rename``: readers see the old site or the new one, never a mix, and a failed
or interrupted build leaves the old site serving. Dates come from the commit
(``SOURCE_DATE_EPOCH``), so a commit built twice gives byte-identical files.

Rollback returns to the release served before the current one (not the one numbered
below it): ``history.json`` is a stack of served releases. A publish pushes its release,
a rollback pops the current one and serves the one beneath. The stack lives in ``DIR``,
not in a manifest, because a rollback changes what is served without making a release.
It is replaced atomically just before ``current`` is switched; when the two disagree
after a crash, ``current`` wins (:func:`served_history`). Pruning never deletes the
release a rollback would return to.

Files planpub finds in ``DIR`` are not trusted: ``DIR`` itself (the admin's path, maybe a
symlink) is resolved once, and below it a symlink is never followed to write, read or
delete (``releases``, release and staging folders must be real folders), every
``OSError`` on ``DIR`` becomes a Vietnamese :class:`PublishError` naming the path and the
reason, with the served site untouched. A rollback serves a release only if its folder
holds exactly the regular files its manifest lists, with their sha256.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from planpub import oserrors
from planpub.diagnostics import BuildError
from planpub.gitrev import Commit, commit, is_repository, status, toplevel
from planpub.project import open_project
from planpub.publishdir import (
    CURRENT,
    RELEASES,
    STAGING,
    PublishError,
    Release,
    current,
    disk_error_guard,
    locked,
    parse_json,
    printable,
    read_regular,
    releases,
    releases_folder,
    served_history,
    switch,
    write_history,
)

__all__ = ["CURRENT", "DEFAULT_KEEP", "PublishError", "Release", "check_clean", "check_valid",
           "current", "describe", "prune", "publish", "read_manifest", "releases", "rollback",
           "served_history", "sha256", "verify"]

MANIFEST = "manifest.json"
MANIFEST_LIMIT = 64 << 20
"""Bytes of ``manifest.json`` read at most (a manifest lists every file of a site)."""
DEFAULT_KEEP = 5
_COMMIT = re.compile(r"^[0-9a-f]{7,64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------------------- checks


def check_clean(root: Path, dest: Path) -> None:
    """Refuse a ``root`` outside git, a ``dest`` inside its work tree, and uncommitted changes
    or untracked files (those .gitignore skips aside).

    What is published must be exactly a commit: an untracked plan would be
    published without being in it, so untracked files count as changes too.
    """
    if not is_repository(root):
        raise PublishError(f"{root} không phải một kho git; chỉ xuất bản được từ một commit. "
                           "Cách sửa: chạy lệnh trong thư mục của kho.")
    top = toplevel(root).resolve()
    for given in (dest, dest / RELEASES):  # a symlinked releases/ could lead back in
        place = Path(os.path.realpath(given))  # never raises, even on a symlink loop
        if place == top or top in place.parents:
            via = "" if str(place) == os.path.abspath(given) else f" (qua liên kết, tới {place})"
            raise PublishError(f"thư mục xuất bản {given} nằm trong kho {top}{via}: trang dựng ra "
                               "sẽ lẫn vào kho và lọt qua phép kiểm tra thay đổi chưa commit. "
                               "Cách sửa: xuất bản ra một thư mục ngoài kho, ví dụ --dest "
                               "/var/www/boithuong.")
    dirty = status(root)
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
    """The sha256 of file ``path``; a symlink is not followed (``OSError``)."""
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _scan(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """The regular files below ``folder`` by relative name, and every entry that is neither a
    regular file nor a folder (a symlink, a FIFO, a device); symlinks are never followed."""
    files: dict[str, Path] = {}
    others: list[str] = []
    stack = [folder]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                path = Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                elif entry.is_file(follow_symlinks=False):
                    files[path.relative_to(folder).as_posix()] = path
                else:
                    others.append(path.relative_to(folder).as_posix())
    return dict(sorted(files.items())), sorted(others)


def write_manifest(folder: Path, info: Commit, counts: dict[str, int]) -> None:
    """``manifest.json``: what was built, from which commit, and each file's sha256."""
    found, others = _scan(folder)
    if others:
        shown = ", ".join(printable(n) for n in others[:5])
        raise PublishError(f"bản dựng có liên kết tượng trưng hoặc tệp đặc biệt ({shown}), không "
                           "xuất bản; trang đang phục vụ giữ nguyên. Cách sửa: thay liên kết "
                           "trong kho (thường ở content/) bằng tệp thật, commit rồi xuất bản lại.")
    files = {name: sha256(path) for name, path in found.items() if name != MANIFEST}
    manifest = {
        "commit": info.sha,
        "commit_date": info.date.isoformat(),
        "counts": counts,
        "files": files,
    }
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    with os.fdopen(os.open(folder / MANIFEST, flags, 0o644), "w", encoding="utf-8") as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


@dataclass(frozen=True)
class Manifest:
    """A release's ``manifest.json``, of the shape :func:`write_manifest` gives it."""

    commit: str
    commit_date: str
    counts: dict[str, int]
    files: dict[str, str]


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of a release, or ``None`` if it is missing, not a regular file, too
    large, not JSON, or not of the shape planpub writes (the release is then broken)."""
    try:
        data = parse_json(read_regular(folder / MANIFEST, MANIFEST_LIMIT), MANIFEST_LIMIT)
    except (OSError, PublishError):
        return None
    if not isinstance(data, dict):
        return None
    sha, date, counts, files = (data.get(k) for k in ("commit", "commit_date", "counts", "files"))
    if not (isinstance(sha, str) and _COMMIT.match(sha) and isinstance(date, str)
            and _DATE.match(date)):
        return None
    if not (isinstance(counts, dict)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in counts.values())):
        return None
    if not (isinstance(files, dict) and all(isinstance(v, str) for v in files.values())):
        return None
    return Manifest(sha, date, counts, files)


def _matches(path: Path, digest: str) -> bool:
    try:
        return sha256(path) == digest
    except OSError:
        return False


def verify(folder: Path) -> list[str]:
    """What is wrong with a release, one entry per file: missing, changed, not listed in its
    manifest, a symlink or special file; empty when the folder is exactly what was built."""
    manifest = read_manifest(folder)
    if manifest is None:
        return [f"{MANIFEST} thiếu, không đọc được hoặc không đúng cấu trúc planpub ghi"]
    try:
        files, others = _scan(folder)
    except OSError as err:
        where = os.fsdecode(err.filename) if err.filename is not None else str(folder)
        return [f"không đọc được {printable(where)} ({oserrors.reason(err)})"]
    files.pop(MANIFEST, None)
    bad = [f"{printable(name)} là liên kết tượng trưng hoặc tệp đặc biệt" for name in others]
    for name in sorted((files.keys() | manifest.files.keys()) - set(others)):
        if name not in manifest.files:
            bad.append(f"{printable(name)} không có trong {MANIFEST}")
        elif name not in files:
            bad.append(f"{printable(name)} bị thiếu")
        elif not _matches(files[name], manifest.files[name]):
            bad.append(f"{printable(name)} khác với {MANIFEST}")
    return bad


def _stamp(folder: Path, timestamp: int) -> None:
    """Give every file and folder the commit's time, so copies (rsync, tar) are reproducible."""
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (timestamp, timestamp), follow_symlinks=False)


def _remove(path: Path) -> None:
    """Delete a folder of ``DIR/releases``; a symlink is left alone, never followed."""
    if not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)  # never follows a symlink inside either


# --------------------------------------------------------------------------- commands


def publish(root: Path, dest: Path, build: Builder, keep: int = DEFAULT_KEEP) -> Release:
    """Check, build (with ``build``), and switch ``DIR/current`` to a new release of HEAD."""
    with disk_error_guard(dest):
        check_clean(root, dest)  # before anything is created in DIR
        dest = Path(os.path.realpath(dest))  # resolved once; nothing below it is followed
        with locked(dest):
            releases(dest)  # refuses a symlinked releases/, release or staging folder
            previous = current(dest)
            history = served_history(dest, previous)
            counts = check_valid(root)
            info = commit(root, "HEAD")
            folder = dest / RELEASES
            if releases_folder(dest) is None:
                folder.mkdir()
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
            write_history(dest, [*history, release.name])
            switch(dest, release)
            with contextlib.suppress(OSError, PublishError):  # housekeeping: a release left
                # over harms nothing, and nothing after the switch may claim it did not happen
                prune(dest, keep, keep_also=previous)
            return release


def prune(dest: Path, keep: int, keep_also: Release | None = None) -> list[Release]:
    """Delete the oldest releases beyond ``keep``, never the current one, the one a rollback
    would return to, or ``keep_also``."""
    now = current(dest)
    back = served_history(dest, now)[-2:-1]
    protected = {r.name for r in (now, keep_also) if r is not None} | set(back)
    every = releases(dest)
    removed = [r for r in every[: max(len(every) - keep, 0)] if r.name not in protected]
    for release in removed:
        _remove(release.path)
    return removed


def rollback(dest: Path) -> Release:
    """Switch ``DIR/current`` back to the release served before it."""
    dest = Path(os.path.realpath(dest))  # resolved once; nothing below it is followed
    if not dest.is_dir():
        raise PublishError(f"{dest} chưa có bản nào đang phục vụ, không có gì để quay lại.")
    with disk_error_guard(dest), locked(dest):
        releases(dest)  # refuses a symlinked releases/, release or staging folder
        now = current(dest)
        if now is None:
            raise PublishError(f"{dest} chưa có bản nào đang phục vụ, không có gì để quay lại.")
        history = served_history(dest, now)
        if len(history) < 2:
            raise PublishError(f"không có bản phát hành nào trước {now.name} để quay lại.")
        target = next((r for r in releases(dest) if r.name == history[-2]), None)
        if target is None:
            raise PublishError(
                f"bản {history[-2]}, bản phục vụ trước {now.name}, không còn trong "
                f"{dest / RELEASES} nên không quay lại được; giữ nguyên bản đang phục vụ. "
                "Cách sửa: đưa kho về commit cần phục vụ (git switch --detach MÃ_COMMIT) rồi "
                "chạy planpub publish.")
        bad = verify(target.path)
        if bad:
            shown = "; ".join(bad[:5]) + (f"; và {len(bad) - 5} lỗi khác" if len(bad) > 5 else "")
            raise PublishError(
                f"bản {target.name} bị hỏng, không còn đúng như lúc xuất bản ({shown}); giữ "
                "nguyên bản đang phục vụ. Cách sửa: đưa kho về commit cần phục vụ (git switch "
                "--detach MÃ_COMMIT) rồi chạy planpub publish để dựng lại bản đó.")
        write_history(dest, history[:-1])
        switch(dest, target)
        return target


def describe(release: Release) -> str:
    """A release as people know it: name, commit, date, counts (the name alone when its
    manifest is unreadable: this runs after the switch and must not fail)."""
    manifest = read_manifest(release.path)
    if manifest is None:
        return release.name
    counts = manifest.counts
    return (f"{release.name} (commit {manifest.commit[:12]}, ngày "
            f"{manifest.commit_date[:10]}; {counts.get('plans', 0)} kế hoạch, "
            f"{counts.get('tasks', 0)} nhiệm vụ, {counts.get('agencies', 0)} cơ quan)")
