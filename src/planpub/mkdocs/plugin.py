"""The MkDocs plugin: open the project once per build, add generated files, watch the data.

Generated pages skip Markdown entirely: their HTML comes from
:class:`planpub.render.site.SiteRenderer`, so neither Markdown nor mkdocs-macros
ever reads plan text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from planpub.atom import FEED_PATH, atom_feed, feed_events
from planpub.catalog import Catalog
from planpub.cms.forge import Forge
from planpub.glossary import Glossary
from planpub.ics import build_stamp, feed_outputs
from planpub.lastupdated import History
from planpub.layout import WATCHED_DIRS
from planpub.mkdocs.chrome import Chrome
from planpub.mkdocs.cms import admin_outputs, forge_of
from planpub.mkdocs.config import PlanpubConfig
from planpub.mkdocs.console import QUIET_DIRTY, Console, install, uninstall, verbose
from planpub.mkdocs.guard import check_files, check_inputs, check_page, opted_in, sandbox
from planpub.mkdocs.pages import MATERIAL, Changed, Unchanged, page_source, url_rule, written
from planpub.mkdocs.preview import Built, Preview, Snapshot, snapshots
from planpub.mkdocs.progress import Progress
from planpub.mkdocs.searchpages import SearchPages
from planpub.mkdocs.sections import Sections
from planpub.mkdocs.toc import mkdocs_toc
from planpub.mkdocs.trust import Footer, PageDates, check_extra, read_footer, template_globals
from planpub.opendata import data_outputs
from planpub.project import ProjectCache, keep_loaded, open_project
from planpub.refdate import reference_date
from planpub.render.annotate import Annotator
from planpub.render.authoring import Authoring
from planpub.render.documents import ReferencePages, document_sources
from planpub.render.site import SiteRenderer
from planpub.site import links
from planpub.site.affected import affected_files, is_affected, is_entity_file
from planpub.site.links import GLOSSARY_SRC, Urls
from planpub.site.outputs import Output, later
from planpub.sitefiles import robots_txt
from planpub.status import Reference
from planpub.vocab import vn_today

log = logging.getLogger("mkdocs.plugins.planpub")


class PlanpubPlugin(BasePlugin[PlanpubConfig]):
    """``plugins: [planpub]`` in mkdocs.yml."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.renderer: SiteRenderer | None = None
        self.glossary = Glossary()
        self.reference: ReferencePages | None = None
        self.status_ref = Reference(vn_today())
        """The date and grace period pages count "overdue" from (set per build)."""
        self.annotator: Annotator | None = None
        self.authoring: Authoring | None = None
        """The content pages' macros (:mod:`planpub.mkdocs.macros`) render through it."""
        self.dates: PageDates | None = None
        """Each page's "Cập nhật lần cuối" (one git call per build)."""
        self._history = History()
        """The git history the dates come from, kept across rebuilds until HEAD moves."""
        self.footer: Footer | None = None
        """The footer's checked facts (the statement's macro ``owner_contact`` uses them)."""
        self.root = Path.cwd()
        self._generated: set[str] = set()
        self._search_pages, self._page_order = SearchPages(), list[str]()
        self._allowed: dict[str, bool] = {}
        """Content pages' ``allow_html``, read from their front matter before Jinja runs."""
        self.incremental = False
        """``mkdocs serve --dirty``: rebuild only what a change to the plans can alter."""
        self._cache: ProjectCache | None = None
        self._affected: set[str] | None = None
        """Entity files to build again; None: everything."""
        self._events: dict[str, bytes] = {}
        """Calendar events by task id, kept between preview rebuilds (see FeedWriter)."""
        self._sections: Sections | None = None
        self._nav: Navigation | None = None
        self.console = Console()
        """What ``mkdocs`` prints (planpub.mkdocs.console)."""
        self.progress = Progress(enabled=False)
        """The progress bar of the build under way (planpub.mkdocs.progress)."""
        self.forge = Forge()
        """Where the forms of /quan-tri/ commit (``extra.cms``)."""
        self._stale = False
        """The registries changed (maybe in a failed preview build): rebuild everything."""
        self._unapplied: set[str] = set()
        """Data files changed in failed preview builds (the next good one applies them)."""
        self._pending: set[str] = set()
        """Entity files the fast path left stale: the next full build writes them, errors or not."""
        self._built: Built | None = None
        """The last full build (files, nav, theme), for the preview's fast path."""
        self._existing, self._page_srcs = set[str](), set[str]()
        self._seen: tuple[Snapshot, Snapshot] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keep the plugin (and its caches) across ``serve`` rebuilds."""
        self.on_shutdown()
        self.incremental = command == "serve" and dirty
        install(self.console)
        log.info("Đang dựng trang…")
        if self.incremental:
            logging.getLogger("mkdocs.commands.build").addFilter(QUIET_DIRTY)

    def on_shutdown(self) -> None:
        """Forget the previous build (MkDocs keeps this instance for the whole process)."""
        logging.getLogger("mkdocs.commands.build").removeFilter(QUIET_DIRTY)
        uninstall(self.console)
        self.incremental, self.catalog, self._built, self._stale = False, None, None, False
        self._cache, self._affected, self._events = None, None, {}
        self._pending, self._unapplied = set(), set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Open and check the project once; stop the build on any error."""
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        check_inputs(config, self.root)
        check_extra(config.extra)  # the footer's settings, before any page or macro runs
        self.forge = forge_of(config.extra)
        self._seen = snapshots(self.root, config) if self.incremental else None  # before reading
        self._load(config)  # a preview's build also writes what the fast path left stale:
        self._affected = None if self._affected is None else self._affected | self._pending
        keep_loaded()
        return config

    def _load(self, config: MkDocsConfig) -> bool:
        """Open the project (a preview: what changed); False if it has errors."""
        previous, self._affected = self.catalog, None
        self._events = self._events if self.incremental else {}
        if self.incremental and self._cache is None:
            self._cache = ProjectCache()
        self.progress = self.console.progress = Progress(enabled=False if verbose() else None)
        self.progress.phase("Đọc và kiểm tra kế hoạch", unit="kế hoạch")
        project = open_project(self.root, cache=self._cache, lines=self._cache is not None,
                               loaded_one=self.progress.step)
        self.progress.end()
        cache = self._cache
        changed = self._unapplied | (cache.changed | cache.changed_reports if cache else set())
        self._stale = self._stale or bool(cache and cache.renewed)
        errors = [d for d in project.diagnostics if d.level == "error"]
        for diag in project.diagnostics:
            if diag.level != "error":
                self.console.warn(diag.format())
        if errors:
            lines = "\n".join(d.format() for d in errors)
            message = f"Kế hoạch hoặc danh mục có {len(errors)} lỗi, không thể dựng trang:\n{lines}"
            if not (self.incremental and self.catalog is not None):
                raise PluginError(message)
            # a preview keeps serving (the forms too) the last good site until the fix is saved
            log.error(f"{message}\nBản xem trước giữ nguyên như lần dựng trước; sửa lỗi rồi lưu "
                      "lại để cập nhật.")
            self._affected, self._unapplied = set(), changed
            return False
        catalog = project.catalog
        if self._stale:  # the registries changed, maybe in a failed build: rebuild all
            previous, self._events = None, {}
        self._stale, self._unapplied = False, set()
        if previous is not None and cache is not None:
            ids = {lp.plan.id for c in (previous, catalog) for lp in c.loaded
                   if lp.doc.path in changed}
            ids |= {lp.progress.plan for c in (previous, catalog) for lp in c.progress
                    if lp.doc.path in changed}
            self._affected = affected_files(previous, catalog, ids)
            if build_stamp(previous) != build_stamp(catalog):
                self._events = {}
            for key in [k for k in self._events if k.split("/", 1)[0] in ids]:
                del self._events[key]
            log.info(f"Xem trước: dựng lại {len(ids)} kế hoạch đã sửa và "
                     f"{len(self._affected)} trang, tệp liên quan.")
        self.catalog, self.glossary = catalog, project.glossary
        self.status_ref = Reference(reference_date(self.root), self.config.grace_days)
        self.dates = PageDates(self.root, config, catalog, self._history)
        return True

    def last_build(self) -> Built:
        """The last full build (a preview's, once on_env ran)."""
        assert self._built is not None
        return self._built

    def refresh(self) -> list[Output] | None:
        """A preview's fast path (:mod:`planpub.mkdocs.preview`): reload the saved data and
        return the files it changes, or None if MkDocs must build (the site's pages differ)."""
        built = self._built
        if built is None or self._stale:
            return None
        if not self._load(built.config):
            return []
        affected = self._affected
        if affected is None:  # the registries changed: the next build makes every page
            self._stale = True
            return None
        self._pending |= affected
        outputs = list(self._outputs(built.config, self._existing))
        if {out.src for out in outputs if out.title is not None} != self._page_srcs:
            return None
        return [out for out in outputs
                if not is_entity_file(out.src) or is_affected(out.src, affected)]

    def _outputs(self, config: MkDocsConfig, existing: set[str]) -> Iterator[Output]:
        """Every generated file: pages first, then feeds, data, reference pages, site files."""
        assert self.catalog is not None
        catalog, affected = self.catalog, self._affected

        def wanted(src: str) -> bool:
            return affected is None or not is_entity_file(src) or is_affected(src, affected)

        self.renderer = renderer = SiteRenderer(
            catalog, Urls(url_rule(config), config.site_url or ""), theme=MATERIAL,
            document_pages=[s for s in existing if s.startswith(f"{links.DOCUMENTS}/")]
            + document_sources(catalog),
            calendar_split=self.config.calendar_split, page_tasks=self.config.page_tasks,
            list_items=self.config.list_items, reference=self.status_ref,
        )
        self.reference = ReferencePages(renderer.templates, self.glossary,
                                        self.config.list_items)
        self.annotator = Annotator(renderer.names, self.glossary)
        self.authoring = Authoring(renderer.templates, self.reference, self.annotator,
                                   self.glossary)
        yield from renderer.outputs()
        yield from feed_outputs(renderer.calendars, self._events if self.incremental else None,
                                wanted)
        yield from data_outputs(catalog, self.root, wanted, self.status_ref)
        yield from self.reference.outputs()
        yield Output("robots.txt", robots_txt(config.site_url))
        yield from admin_outputs(self.root, config, renderer.names, self.forge, existing)
        yield later(FEED_PATH, lambda: atom_feed(feed_events(self.root, catalog), config.site_url,
                                                 config.site_name))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add every generated page and file as a virtual file."""
        check_files(files, config)
        self.progress.phase("Ghi lịch và dữ liệu mở", unit="tệp")
        existing = self._existing = {f.src_uri for f in files}
        self._generated, self._page_srcs = set(), set()
        self._search_pages.clear()
        affected = self._affected
        if self.incremental:  # content pages call macros that read the plans
            for file in files.documentation_pages():
                file.__class__ = Changed
        for out in self._outputs(config, existing):
            if out.src in existing or out.src in self._generated:
                raise PluginError(
                    f"Trang sinh tự động “{out.src}” trùng với một tệp đã có trong content/ "
                    "hoặc với một trang sinh tự động khác. Cách sửa: đổi tên tệp trong content/ "
                    "hoặc đổi mã (id) của kế hoạch, cơ quan, địa bàn gây trùng.")
            self._generated.add(out.src)
            inclusion = (InclusionLevel.UNDEFINED if out.in_nav or not out.src.endswith(".md")
                         else InclusionLevel.NOT_IN_NAV)
            unchanged = affected is not None and is_entity_file(out.src) \
                and not is_affected(out.src, affected)
            kind = Unchanged if unchanged else File
            if out.title is None:  # a feed, data file…: straight to disk, not held in memory
                files.append(kind.generated(config, out.src, inclusion=inclusion,
                                            abs_src_path=written(config, out)))
                self.progress.step()
            else:
                self._page_srcs.add(out.src)
                files.append(kind.generated(config, out.src, content=page_source(out),
                                            inclusion=inclusion))
        self._page_order = [f.src_uri for f in files.documentation_pages()]
        self.footer = read_footer(config, files)
        self.console.pages = sum(f.is_modified() for f in files.documentation_pages())
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Note the nav pages that head the sections of generated pages."""
        self._sections = Sections(nav)
        self._nav = nav
        self.progress.phase("Đọc trang", len(self._page_order))
        return nav

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        """A page outside the nav: its section's tab and breadcrumb (planpub.mkdocs.sections)."""
        if self._sections is not None:
            self._sections.place(page)
        return page

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Content pages render through a sandboxed Jinja (mkdocs-macros made its own by now)."""
        sandbox(config.plugins.get("macros"))

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Generated pages bypass Markdown: render their HTML, hand Markdown nothing."""
        src = page.file.src_uri
        if src in self._generated:
            return ""  # its body is rendered just before its page is written (on_page_context)
        self._allowed[src] = opted_in(page.meta)  # as the author wrote it, before any Jinja runs
        if not page.meta and markdown.startswith("---"):
            raise PluginError(
                f"content/{src}: phần đầu trang (front matter, giữa hai dòng ---) không phải "
                "YAML hợp lệ nên tiêu đề và mô tả của trang bị bỏ qua. Cách sửa: đặt giá trị có "
                "dấu hai chấm trong ngoặc kép, ví dụ description: \"Cách dùng: ...\".")
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """A content page: check its HTML, link citations, keep it for the search index."""
        self.progress.step()
        src = page.file.src_uri
        if src in self._generated:
            return html
        check_page(src, html, self._allowed.pop(src, False))
        if self.annotator is not None and src != GLOSSARY_SRC:
            html = self.annotator.html(src, html)
        self._index(page, html)
        return html

    def _index(self, page: Page, html: str) -> None:
        if self.config.search_index and self._affected is None:  # a preview keeps its first
            self._search_pages.add(page, html, page.file.src_uri in self._generated)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """The footer's facts (mkdocs.yml ``extra``, checked) for every template."""
        footer = self.footer or read_footer(config, files)
        self.progress.phase("Dựng trang", len(self._page_order))
        env.globals.update(template_globals(footer, self.status_ref.today))
        if self.incremental and self._nav is not None:
            self._built = Built(config, files, self._nav, env, self._generated, self._seen)
        if self.config.shared_navigation and self._nav is not None:
            in_nav = {page.file.src_uri for page in self._nav.pages}
            also = (config.extra.get("homepage"), config.theme.get("logo"))
            Chrome(self._nav, self._generated - in_nav, [str(a) for a in also if a]).install(env)
        keep_loaded(again=True)  # the pages MkDocs has read live until the build ends too
        return env

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        """The page's "Cập nhật lần cuối" (``partials/source-file.html`` prints it)."""
        src = page.file.src_uri
        context["planpub_updated"] = (self.dates.updated(src, src in self._generated)
                                      if self.dates is not None else None)
        if src in self._generated:
            self._render(page)
        return context

    def _render(self, page: Page) -> None:
        """A generated page's body and table of contents, made just before the page is written
        (MkDocs reads every page before it writes any: a body made earlier would be held for
        the whole build)."""
        src = page.file.src_uri
        rendered = self.renderer.render(src) if self.renderer is not None else None
        if rendered is None and self.reference is not None:
            rendered = self.reference.render(src)
        if rendered is None:
            return
        page.toc = mkdocs_toc(rendered.toc)
        html = rendered.html
        if self.annotator is not None and src != GLOSSARY_SRC:
            html = self.annotator.html(src, html)
        self._index(page, html)
        page.content = html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Check that a generated page's body is in the page, then let it go."""
        self.progress.step()
        if page.file.src_uri not in self._generated or not page.content:
            return output
        if page.content[:256] not in output:
            raise PluginError(f"{page.file.src_uri}: giao diện không in nội dung trang "
                              "(page.content); kiểm tra các tệp trong site_templates/.")
        # written: MkDocs keeps every page object until the build ends
        page.content, page.toc = None, mkdocs_toc([])
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the search index of the built site (``tim-kiem/chi-muc/``); say what each
        phase took (on a terminal)."""
        self._pending = set()
        if self.config.search_index and self.renderer is not None and self._affected is None:
            self.progress.phase("Chỉ mục tìm kiếm", bar=False)
            self._search_pages.write(self.renderer.names, self._page_order, config.site_dir)
        elif self.config.search_index:
            log.info("Xem trước: giữ chỉ mục tìm kiếm của lần dựng đầu (nox -s build dựng lại "
                     "toàn bộ).")
        if summary := self.progress.summary():
            log.info(summary)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the data folders; a preview takes the fast path (:mod:`planpub.mkdocs.preview`)."""
        for path in (self.root / folder for folder in WATCHED_DIRS):
            if path.is_dir():
                server.watch(str(path))
        if self.incremental and self._built is not None:
            Preview(server, builder, self)
        return server
