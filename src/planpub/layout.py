"""Where things live in a planpub repository: every folder and file name, once."""

from __future__ import annotations

from pathlib import Path

PLANS_DIR = "plans"
"""One YAML file per plan; the file name (without ``.yaml``) is the plan's id."""

REGISTRY_DIR = "registry"
"""Agencies, localities, legal documents, abbreviations, reviewers."""

REGISTRY_FILES = {
    "agencies": "agencies.yaml", "localities": "localities.yaml", "documents": "legal.yaml"}
"""The registries every plan refers to, by the kind of entry they hold."""

ABBREVIATIONS_FILE = f"{REGISTRY_DIR}/abbreviations.yaml"
REVIEWERS_FILE = f"{REGISTRY_DIR}/reviewers.yaml"

CONTENT_DIR = "content"
"""The site's own pages (MkDocs' ``docs_dir``): Markdown templates by trusted authors."""

MKDOCS_FILE = "mkdocs.yml"
"""The site's configuration (MkDocs reads it; the build starts there)."""

PROGRESS_DIR = "progress"
"""One YAML file per plan with progress reports: ``progress/<plan-id>.yaml``."""

PROGRESS_EXTRAS = frozenset({"progress.schema.json", ".gitkeep"})
"""Files ``progress/`` may hold besides progress files."""

WATCHED_DIRS = (PLANS_DIR, REGISTRY_DIR, PROGRESS_DIR)
"""The data folders a preview watches (content/ is MkDocs' own)."""

PLAN_SUFFIXES = (".yaml", ".yml")

PLANS_EXTRAS = frozenset({"plan.schema.json", ".gitkeep"})
"""Files ``plans/`` may hold besides plans: the schema editors validate against, and the
empty file git needs to keep an empty folder. Anything else there is an error."""


def registry_file(kind: str) -> str:
    """``registry/agencies.yaml`` for ``agencies``."""
    return f"{REGISTRY_DIR}/{REGISTRY_FILES[kind]}"


def is_repository(folder: Path) -> bool:
    """Whether ``folder`` looks like a planpub repository (it has a registry)."""
    return (folder / REGISTRY_DIR).is_dir()
