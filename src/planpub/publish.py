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

Files planpub finds in ``DIR`` are not trusted: a symlink is never followed to write
or read, and every ``OSError`` on ``DIR`` becomes a Vietnamese :class:`PublishError`
naming the path and the reason, with the served site untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from planpub.diagnostics import BuildError
from planpub.gitrev import Commit, commit, is_repository, status, toplevel
from planpub.project import open_project
from planpub.publishdir import (
    CURRENT,
    RELEASES,
    PublishError,
    Release,
    current,
    disk_error_guard,
    locked,
    releases,
    served_history,
    switch,
    write_history,
)

__all__ = ["CURRENT", "DEFAULT_KEEP", "PublishError", "Release", "check_clean", "check_valid",
           "current", "describe", "prune", "publish", "releases", "rollback", "served_history",
           "sha256", "verify"]

STAGING = ".staging-"
MANIFEST = "manifest.json"
DEFAULT_KEEP = 5


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
    place = Path(os.path.realpath(dest))  # never raises, even on a symlink loop
    if place == top or top in place.parents:
        raise PublishError(f"thư mục xuất bản {dest} nằm trong kho {top}: trang dựng ra sẽ lẫn "
                           "vào kho và lọt qua phép kiểm tra thay đổi chưa commit. Cách sửa: "
                           "xuất bản ra một thư mục ngoài kho, ví dụ --dest /var/www/boithuong.")
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
    with disk_error_guard(dest):
        check_clean(root, dest)  # before anything is created in DIR
        with locked(dest):
            previous = current(dest)
            history = served_history(dest, previous)
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
            write_history(dest, [*history, release.name])
            switch(dest, release)
            with contextlib.suppress(OSError):  # housekeeping: a release left over harms nothing
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
    if not dest.is_dir():
        raise PublishError(f"{dest} chưa có bản nào đang phục vụ, không có gì để quay lại.")
    with disk_error_guard(dest), locked(dest):
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
            raise PublishError(f"bản {target.name} bị hỏng ({', '.join(bad[:5])} khác với "
                               "manifest.json); giữ nguyên bản đang phục vụ.")
        write_history(dest, history[:-1])
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
