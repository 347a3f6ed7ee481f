"""The plans and registries at one git revision, exported from git, loaded and checked."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from planpub.catalog import Catalog
from planpub.diagnostics import Diagnostic
from planpub.gitrev import Commit, commit, export_tree
from planpub.layout import PLANS_DIR, REGISTRY_DIR
from planpub.project import open_project


@dataclass
class Snapshot:
    """The plans and registries at one revision, loaded and checked."""

    label: str
    commit: Commit
    catalog: Catalog
    diagnostics: list[Diagnostic]
    plan_files: list[str]

    def entries(self, kind: str) -> dict[str, BaseModel]:
        """Registry entries of one kind (``agencies``, ``localities``, ``documents``) by id."""
        found: dict[str, BaseModel] = getattr(self.catalog.registry, kind)
        return found

    def unreadable(self) -> set[str]:
        """Plan files at this revision that did not load."""
        loaded = {lp.doc.path for lp in self.catalog.loaded}
        return {p for p in self.plan_files if p not in loaded}


def load_revision(root: Path, rev: str) -> Snapshot:
    """Load ``plans/`` and ``registry/`` as they are at ``rev`` (read from git, not the disk)."""
    info = commit(root, rev)
    with tempfile.TemporaryDirectory(prefix="planpub-review-") as tmp:
        base = Path(tmp)
        paths = export_tree(root, info.sha, [PLANS_DIR, REGISTRY_DIR], base)
        (base / PLANS_DIR).mkdir(exist_ok=True)
        (base / REGISTRY_DIR).mkdir(exist_ok=True)
        project = open_project(base)
        catalog, diags = project.catalog, project.diagnostics
    plans = [p for p in paths
             if p.startswith(PLANS_DIR + "/") and p.endswith((".yaml", ".yml"))]
    return Snapshot(rev, info, catalog, diags, plans)
