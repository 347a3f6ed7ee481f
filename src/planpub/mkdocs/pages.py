"""Generated files as MkDocs files: front matter, URLs, and what a dirty rebuild skips."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from planpub.render.markup import text
from planpub.render.pages import Theme
from planpub.site.outputs import Output


class Unchanged(File):
    """A generated file a ``serve --dirty`` rebuild leaves as the previous build wrote it."""

    def is_modified(self) -> bool:
        return False


class Changed(File):
    """A content page a ``serve --dirty`` rebuild renders again (its macros read plans)."""

    def is_modified(self) -> bool:
        return True


def page_source(out: Output) -> str | bytes:
    """What MkDocs reads for a generated file: a page is its front matter alone (an
    HTML-escaped title, and mkdocs-macros switched off: plan text is never a template)."""
    if out.title is None:
        return b"".join(out.pieces())
    meta = {"title": str(text(out.title)), "render_macros": False}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def written(config: MkDocsConfig, out: Output) -> str:
    """Write a generated file that is not a page (a feed, a data file) where the site will
    have it, and return that path: MkDocs then copies nothing (its ``copy_file`` leaves a file
    that is its own destination alone), and no build holds every feed and data file in memory
    at once. ``site_dir`` was emptied before the plugin's ``on_files`` (unless ``--dirty``)."""
    path = Path(config.site_dir, *out.src.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.tmp")  # a preview serves the old file until then
    try:
        with part.open("wb") as sink:
            for piece in out.pieces():
                sink.write(piece)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return str(path)


def url_rule(config: MkDocsConfig) -> Callable[[str], str]:
    """MkDocs' own URL of a source path, site-root-relative without ``./`` (cached: every
    link of every page asks)."""
    directory = config.use_directory_urls

    @functools.cache
    def url(src: str) -> str:
        found = File(src, None, "", directory).url
        return "" if found == "./" else found

    return url


MATERIAL = Theme(
    table_open=Markup('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'),
    table_close=Markup("</div></div>"),
)
"""Material for MkDocs wraps tables so that wide ones scroll on a phone."""
