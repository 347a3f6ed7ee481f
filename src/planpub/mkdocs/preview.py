"""The preview's fast path: a saved plan shows in about a second, at any size.

``mkdocs serve --dirty`` (``nox -s serve``) builds the whole site once. After that, when only
data changed (plans, progress files; nothing in ``content/``, the templates or
``mkdocs.yml``) and the site has the same pages, MkDocs is not run again: the plugin reloads
the changed files (:meth:`~planpub.mkdocs.plugin.PlanpubPlugin.refresh`) and this module
marks the pages and files they can change as stale, then renders each one when it is
asked for, through MkDocs' own page steps and the theme, so it is the page a full build
writes. A page request also looks for saved data first (a listing of the data folders),
so a reload right after saving never shows the old page. Anything else (a new plan, a new
page, a changed registry or content page) goes through MkDocs' dirty build as before.
"""

from __future__ import annotations

import logging
import os
import posixpath
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from planpub.layout import WATCHED_DIRS
from planpub.load import paused_collector
from planpub.mkdocs.pages import page_source, written
from planpub.site.outputs import Output

log = logging.getLogger("mkdocs.plugins.planpub")

Snapshot = dict[str, tuple[int, int]]


@dataclass
class Built:
    """What the last full build leaves for rendering single pages."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    generated: set[str]
    """Source paths of the generated files."""
    seen: tuple[Snapshot, Snapshot] | None
    """:func:`snapshots` as the build started reading (a file saved during it is new)."""

    @cached_property
    def pages(self) -> Sequence[File]:
        """The documentation pages, as MkDocs hands them to each page's context."""
        return self.files.documentation_pages()

    @cached_property
    def content(self) -> list[File]:
        """The content pages (``content/``, not generated)."""
        return [f for f in self.pages if f.src_uri not in self.generated and f.page is not None]


def snapshot(folders: Iterable[Path]) -> Snapshot:
    """Every file under ``folders`` (or the file itself) by modification time and size
    (links not followed)."""
    out: Snapshot = {}
    stack = [str(f) for f in folders]
    while stack:
        top = stack.pop()
        try:
            entries = list(os.scandir(top))
        except NotADirectoryError:
            info = os.lstat(top)  # a file (mkdocs.yml)
            out[top] = (info.st_mtime_ns, info.st_size)
            continue
        except OSError:  # not there (yet)
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            out[entry.path] = (info.st_mtime_ns, info.st_size)
    return out


def snapshots(root: Path, config: MkDocsConfig) -> tuple[Snapshot, Snapshot]:
    """:func:`snapshot` of the data folders, and of the other files a preview watches."""
    return _data(root), snapshot(_inputs(config))


def _data(root: Path) -> Snapshot:
    """:func:`snapshot` of the data folders (plans, progress files, registries)."""
    return snapshot(root / folder for folder in WATCHED_DIRS)


def _inputs(config: MkDocsConfig) -> list[Path]:
    """What else a full build reads that a preview watches (a change: MkDocs builds)."""
    return [Path(p) for p in (
        config.docs_dir, config.config_file_path or "mkdocs.yml", *config.watch,
        *([config.theme.custom_dir] if config.theme.custom_dir else []))]


class Source(Protocol):
    """What the preview asks of the plugin."""

    def last_build(self) -> Built: ...

    def refresh(self) -> list[Output] | None: ...


class Preview:
    """Stale pages of a running preview, rendered on request (see the module)."""

    def __init__(self, server: Any, builder: Callable[[], None], source: Source) -> None:
        self._server, self._builder, self._source = server, builder, source
        built = source.last_build()
        self._root = Path(built.config.config_file_path or "mkdocs.yml").resolve().parent
        self._inputs = _inputs(built.config)
        self._lock = threading.RLock()
        self._stale: dict[str, tuple[File | None, Output | None]] = {}
        """Site path → the file to write again: its MkDocs file (a page), its output."""
        self._seen, self._other = built.seen or snapshots(self._root, built.config)
        self._full_needed = False
        """The fast path declined: only MkDocs' build (the server's next rebuild) helps."""
        self._serve = server.serve_request
        server.builder = self.rebuild
        server.set_app(self.app)

    def rebuild(self) -> None:
        """What the server runs when a watched file changed: the fast path if it can, else
        MkDocs' build."""
        with self._lock:
            with paused_collector():
                fresh = self._update()
            if not fresh:
                self._full()

    def _full(self) -> None:
        """MkDocs' own (dirty) build; the plugin has it write what is still stale."""
        self._stale.clear()
        self._full_needed = False
        self._builder()
        built = self._source.last_build()
        if built.seen is not None:
            self._seen, self._other = built.seen

    def _update(self) -> bool:
        """Reload saved data and mark what it changes; False: MkDocs must build."""
        if self._full_needed or snapshot(self._inputs) != self._other:
            return False
        seen = _data(self._root)
        if seen == self._seen:
            return True
        started = time.perf_counter()
        try:
            outputs = self._source.refresh()
        except Exception as err:  # a bug, not the officer's: say so, let MkDocs build
            log.error(f"Xem trước: không đọc lại nhanh được ({err}); dựng lại bằng MkDocs.")
            outputs = None
        if outputs is None:
            self._full_needed = True
            return False
        self._seen = seen
        if outputs:  # none: the data has errors (the plugin said which), the last site stays
            self._mark(outputs)
        log.info(f"Xem trước: {len(self._stale)} trang, tệp sẽ dựng lại khi được mở "
                 f"({time.perf_counter() - started:.2f} s).")
        return True

    def _mark(self, outputs: list[Output]) -> None:
        built = self._source.last_build()
        for out in outputs:
            if out.title is None:
                self._stale[out.src] = (None, out)
                continue
            file = built.files.get_file_from_path(out.src)
            if file is not None:
                self._stale[file.dest_uri] = (file, out)
        for file in built.content:  # their macros read plans
            self._stale.setdefault(file.dest_uri, (file, None))

    def app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The server's WSGI app: a stale file is made before MkDocs' server sends it."""
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        mount = self._server.mount_path
        if (path + "/").startswith(mount):
            rel = path[len(mount):] + ("index.html" if path.endswith("/") else "")
            rel = posixpath.normpath("/" + rel).lstrip("/")
            if rel.endswith(".html") or rel in self._stale:
                self.ensure(rel)
        return self._serve(environ, start_response)  # type: ignore[no-any-return]

    def ensure(self, rel: str) -> None:
        """Make the site file ``rel`` current (looking for saved data first on a page; a
        change the fast path declines is left to the server's next rebuild, as MkDocs
        would)."""
        with self._lock, paused_collector():  # one pause for the reload and the page
            if rel.endswith(".html"):
                self._update()
            entry = self._stale.pop(rel, None)
            if entry is None:
                return
            try:
                self._write(*entry)
            except Exception as err:  # a bug, not the officer's: say so, keep the old file
                self._stale[rel] = entry  # asked again, tried again
                log.error(f"Xem trước: không dựng lại được “{rel}” ({err}); trang cũ được "
                          "giữ, chạy lại nox -s serve nếu lỗi còn.")

    def _write(self, file: File | None, out: Output | None) -> None:
        built = self._source.last_build()
        if file is None:
            if out is not None:
                written(built.config, out)
            return
        if out is not None:
            source = page_source(out)
            file.content_string = source if isinstance(source, str) else source.decode()
        page = file.page
        assert page is not None
        _populate_page(page, built.config, built.files)
        _build_page(page, built.config, built.pages, built.nav, built.env)
