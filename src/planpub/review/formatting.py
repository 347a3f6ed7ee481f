"""Data files a change only re-formats: text changed, meaning not (``planpub fmt``, a CMS
save of an unchanged form, keys reordered, quotes or comments changed).

A file counts as re-formatted when its data reads back the same, or, for a plan, registry or
progress file, when the models both revisions load from it are equal (a dropped
``number: null`` or ``type: ke-hoach`` says what the default says).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planpub.gitrev import BlobReader, diff_status, list_files
from planpub.layout import PLAN_SUFFIXES, REGISTRY_FILES, registry_file
from planpub.review.snapshots import LOADED_DIRS, Snapshot
from planpub.yamlemit import same
from planpub.yamlsrc import read_yaml

_REGISTRY_KINDS = {registry_file(kind): kind for kind in REGISTRY_FILES}


def _data(raw: bytes | None, folder: Path, name: str) -> Any:
    """The data of one blob read by the project's reader (None if it does not read)."""
    if raw is None:
        return None
    path = folder / name
    path.write_bytes(raw)
    doc, _ = read_yaml(path, name)
    return None if doc is None else doc.data


def _same_models(path: str, base: Snapshot, head: Snapshot) -> bool:
    """Whether both revisions load equal models from ``path``: a plan, a progress file or a
    registry file that loaded whole (no entry or report left out) at both."""
    if path in _REGISTRY_KINDS:
        if base.catalog.registry.unread or head.catalog.registry.unread:
            return False
        kind = _REGISTRY_KINDS[path]
        return list(base.entries(kind).items()) == list(head.entries(kind).items())
    old, new = _plan(base, path), _plan(head, path)
    if old is not None and new is not None:
        return bool(old == new)
    old, new = _progress(base, path), _progress(head, path)
    return old is not None and new is not None and bool(old == new)


def _plan(snap: Snapshot, path: str) -> Any:
    return next((lp.plan for lp in snap.catalog.loaded if lp.doc.path == path), None)


def _progress(snap: Snapshot, path: str) -> Any:
    found = next((lp for lp in snap.catalog.progress if lp.doc.path == path), None)
    return found.progress if found and len(found.where) == found.written else None


def _modified(root: Path, base: Snapshot, head: Snapshot) -> Iterator[str]:
    for change in diff_status(root, base.commit.sha, head.commit.sha):
        path = change.new_path
        if change.status == "M" and path and path.split("/", 1)[0] in LOADED_DIRS \
                and path.endswith(PLAN_SUFFIXES):
            yield path


def formatting_only(root: Path, base: Snapshot, head: Snapshot) -> list[str]:
    """Data files (``plans/``, ``registry/``, ``progress/``) whose text ``head`` changes but
    whose meaning it keeps, sorted."""
    paths = list(_modified(root, base, head))
    if not paths:
        return []
    old = list_files(root, base.commit.sha, LOADED_DIRS)
    new = list_files(root, head.commit.sha, LOADED_DIRS)
    out = []
    with BlobReader(root) as reader, tempfile.TemporaryDirectory(prefix="planpub-fmt-") as tmp:
        folder = Path(tmp)
        for path in paths:
            if path not in old or path not in new:
                continue  # a link or a submodule at one side: reported as such elsewhere
            if _same_models(path, base, head):
                out.append(path)
                continue
            before = _data(reader.read(old[path]), folder, "a.yaml")
            after = _data(reader.read(new[path]), folder, "b.yaml")
            if before is not None and same(before, after):
                out.append(path)
    return sorted(out)
