"""The MkDocs adapter: load the catalog once, add generated pages, watch the data.

The domain code (catalog, render, ics, export) knows nothing of MkDocs; this
module is the only place that does. Generated pages skip Markdown entirely:
their HTML comes from :class:`planpub.render.site.SiteRenderer`, so neither
Markdown nor mkdocs-macros ever reads plan text.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from planpub.catalog import Catalog
from planpub.glossary import Glossary, load_glossary
from planpub.render import links
from planpub.render.annotate import Annotator
from planpub.render.authoring import Authoring
from planpub.render.documents import GLOSSARY_SRC, ReferencePages, document_sources
from planpub.render.links import Urls
from planpub.render.site import RenderedPage, SiteRenderer
from planpub.search import INDEX_DIR, PageSource, build_index, page_source
from planpub.sitefiles import public_files
from planpub.validate import check_repository

log = logging.getLogger("mkdocs.plugins.planpub")


class PlanpubPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """``plugins: [planpub]`` in mkdocs.yml."""

    supports_multiple_instances = False
    config_scheme = (("search_index", config_options.Type(bool, default=True)),)

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.renderer: SiteRenderer | None = None
        self.glossary = Glossary()
        self.reference: ReferencePages | None = None
        self.annotator: Annotator | None = None
        self.authoring: Authoring | None = None
        self.root = Path.cwd()
        self._generated: set[str] = set()
        self._rendered: dict[str, RenderedPage] = {}
        self._search_pages: list[PageSource] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check plans and registries once; stop the build on any error."""
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        catalog, diags = check_repository(self.root)
        errors = [d for d in diags if d.level == "error"]
        for diag in diags:
            if diag.level != "error":
                log.info(diag.format())
        if errors:
            lines = "\n".join(d.format() for d in errors)
            raise PluginError(f"Kế hoạch hoặc danh mục có {len(errors)} lỗi, không thể dựng "
                              f"trang:\n{lines}")
        self.catalog = catalog
        self.glossary, _ = load_glossary(self.root)  # its errors are in check_repository's
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add every generated page and file as a virtual file."""
        assert self.catalog is not None
        existing = {f.src_uri for f in files}
        self.renderer = SiteRenderer(
            self.catalog,
            Urls(directory_urls=config.use_directory_urls, site_url=config.site_url or ""),
            root=self.root,
            document_pages=[s for s in existing if s.startswith(f"{links.DOCUMENTS}/")]
            + document_sources(self.catalog),
        )
        self.reference = ReferencePages(self.renderer, self.glossary)
        self.annotator = Annotator(self.renderer, self.glossary)
        self.authoring = Authoring(self.renderer, self.reference, self.annotator, self.glossary)
        self._generated = set()
        self._search_pages = []
        extras = public_files(self.catalog, self.root, config.site_url, config.site_name)
        for out in [*self.renderer.outputs(), *self.reference.outputs(), *extras]:
            if out.src in existing or out.src in self._generated:
                raise PluginError(
                    f"Trang sinh tự động “{out.src}” trùng với một tệp đã có trong content/ "
                    "hoặc với một trang sinh tự động khác. Cách sửa: đổi tên tệp trong content/ "
                    "hoặc đổi mã (id) của kế hoạch, cơ quan, địa bàn gây trùng.")
            self._generated.add(out.src)
            inclusion = (InclusionLevel.UNDEFINED if out.in_nav or not out.src.endswith(".md")
                         else InclusionLevel.NOT_IN_NAV)
            files.append(File.generated(config, out.src, content=out.content,
                                        inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Generated pages bypass Markdown: render their HTML, hand Markdown nothing."""
        src = page.file.src_uri
        if src not in self._generated or self.renderer is None:
            return markdown
        rendered = self.renderer.render(src)
        if rendered is None and self.reference is not None:
            rendered = self.reference.render(src)
        if rendered is not None:
            self._rendered[src] = rendered
        return ""

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Put the generated HTML and its table of contents in place; link citations."""
        rendered = self._rendered.pop(page.file.src_uri, None)
        if rendered is not None:
            page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
            html = rendered.html
        if self.annotator is not None and page.file.src_uri != GLOSSARY_SRC:
            html = self.annotator.html(page.file.src_uri, html)
        source = page_source(page.file.src_uri, page.url, page.title or "", html,
                             page.file.src_uri in self._generated)
        if source is not None and self.config["search_index"]:
            self._search_pages.append(source)
        return html

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the search index of the built site (``tim-kiem/chi-muc/``)."""
        if not self.config["search_index"] or self.renderer is None:
            return
        started = time.perf_counter()
        stats = build_index(self.renderer, self._search_pages, Path(config.site_dir) / INDEX_DIR)
        log.info(f"Chỉ mục tìm kiếm: {stats.records} mục, {stats.files} tệp, "
                 f"{stats.bytes / 2**20:.1f} MB, {time.perf_counter() - started:.1f} s.")
        self._search_pages = []

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a plan or a registry file changes."""
        for folder in ("plans", "registry"):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        return server
