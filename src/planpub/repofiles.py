"""Which files of a repository are plans and progress files, and how messages name them.

Every entry of ``plans/`` and ``progress/`` is listed, whatever its name or kind, so that
loading it says what is wrong (:mod:`planpub.load`); folders are searched, links to folders
listed, never followed. Paths are listed as text and sorted as POSIX paths compare (part
by part): a national site has tens of thousands of files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from planpub.layout import PLANS_DIR, PLANS_EXTRAS, PROGRESS_DIR, PROGRESS_EXTRAS


def plan_files(root: Path, paths: Sequence[Path] | None = None) -> list[Path]:
    """The files named by ``paths`` (files, or folders searched), default every file in
    ``root/plans`` but :data:`~planpub.layout.PLANS_EXTRAS`.

    Every entry that is not a folder is listed, whatever its name or kind (a symbolic
    link, a FIFO, ``plan.YAML``, ``plan.yaml.txt``): loading it then says what is wrong,
    so nothing in ``plans/`` is silently left off the site. Links to folders are
    listed, never followed.
    """
    targets = list(paths) if paths else [root / PLANS_DIR]
    files: list[Path] = []
    for target in targets:
        if target.is_dir() and not target.is_symlink():
            files.extend(Path(p) for p in sorted(_entries(os.fspath(target)), key=_order))
        else:
            files.append(target)
    return files


def _order(path: str) -> list[str]:
    """The sort key of a path, as paths compare on POSIX (part by part)."""
    return path.split(os.sep)


def _entries(folder: str, extras: frozenset[str] = PLANS_EXTRAS) -> Iterator[str]:
    try:
        found = list(os.scandir(folder))
    except OSError:
        return
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path, extras)
        elif entry.name not in extras or not entry.is_file(follow_symlinks=False):
            yield entry.path  # an extra that is a link or a FIFO is reported too


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, for messages."""
    return shown_as(path, bases_of(root))


def display_paths(paths: Iterable[Path | str], root: Path) -> list[str]:
    """:func:`display_path` of each path (``root`` resolved once)."""
    bases = bases_of(root)
    prefix = os.path.join(bases[0], "")
    if os.sep != "/":
        return [shown_as(path, bases) for path in paths]
    out = []
    for path in paths:  # the common case without building paths: a large site has many files
        text = os.path.abspath(path)
        out.append(text[len(prefix):] if text.startswith(prefix) and len(text) > len(prefix)
                   else shown_as(path, bases))
    return out


def bases_of(root: Path) -> tuple[Path, Path]:
    return Path(os.path.abspath(root)), root.resolve()


def shown_as(path: Path | str, bases: tuple[Path, Path]) -> str:
    """The path as written (links not followed) relative to the repository, if inside it."""
    plain = Path(os.path.abspath(path))
    for base in bases:
        try:
            return plain.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def inside(shown: str) -> bool:
    return not os.path.isabs(shown)


def progress_files(root: Path) -> list[Path]:
    """Every entry under ``progress/`` but :data:`~planpub.layout.PROGRESS_EXTRAS`, sorted
    (none if the folder is missing or a link)."""
    return [Path(p) for p in listed(root, PROGRESS_DIR)]


def listed(root: Path, folder: str) -> list[str]:
    """The paths of :func:`plan_files` (``folder`` "plans") or :func:`progress_files`
    ("progress"), as text: a national site has tens of thousands of files, and ``planpub
    validate`` reads only the changed ones."""
    where = root / folder
    if where.is_symlink() or not where.is_dir():
        return []
    extras = PROGRESS_EXTRAS if folder == PROGRESS_DIR else PLANS_EXTRAS
    return sorted(_entries(os.fspath(where), extras), key=_order)
