"""The renderer's table of contents as MkDocs' (Python-Markdown's token shape)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from mkdocs.structure.toc import TableOfContents, get_toc

from planpub.render.pages import TocEntry


def _token(entry: TocEntry) -> dict[str, Any]:
    return {"level": entry.level, "id": entry.anchor, "name": entry.title,
            "children": [_token(child) for child in entry.children]}


def mkdocs_toc(entries: Sequence[TocEntry]) -> TableOfContents:
    """MkDocs' table of contents of a generated page."""
    return get_toc(cast(Any, [_token(e) for e in entries]))  # a list of TypedDicts
