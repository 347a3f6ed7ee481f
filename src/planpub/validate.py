"""Temporary shim while the review package moves to open_project."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planpub.catalog import Catalog
from planpub.checks import check_catalog
from planpub.diagnostics import Diagnostic
from planpub.project import open_project

__all__ = ["check_catalog", "check_repository"]


def check_repository(root: Path, paths: Sequence[Path] | None = None
                     ) -> tuple[Catalog, list[Diagnostic]]:
    project = open_project(root, paths)
    return project.catalog, project.diagnostics
