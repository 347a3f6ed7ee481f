"""What each page gives the search index, kept from when it is rendered until the index is
written at the end of a build (:func:`planpub.search.build_index`)."""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from mkdocs.structure.pages import Page

from planpub.search import INDEX_DIR, PageSource, build_index
from planpub.search import page_source as search_source
from planpub.site.names import Names

log = logging.getLogger("mkdocs.plugins.planpub")


class SearchPages:
    """The index's page sources of the build under way, by source path."""

    def __init__(self) -> None:
        self._pages: dict[str, PageSource] = {}

    def clear(self) -> None:
        self._pages = {}

    def add(self, page: Page, html: str, generated: bool) -> None:
        """Keep what ``page`` (rendered as ``html``) gives the index, if anything."""
        source = search_source(page.file.src_uri, page.url, page.title or "", html, generated,
                               page.meta)
        if source is not None:
            self._pages[page.file.src_uri] = source

    def write(self, names: Names, order: list[str], site_dir: str) -> None:
        """Write the index of the pages kept, in site order, and forget them."""
        gc.collect()  # what writing the pages left behind, before the index's records are made
        started = time.perf_counter()
        pages = [self._pages[src] for src in order if src in self._pages]
        self._pages = {}
        stats = build_index(names, pages, Path(site_dir) / INDEX_DIR)
        log.info(f"Chỉ mục tìm kiếm: {stats.records} mục, {stats.files} tệp, "
                 f"{stats.bytes / 2**20:.1f} MB, {time.perf_counter() - started:.1f} s.")
