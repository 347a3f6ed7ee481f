"""Shared fixtures: the real site built once per session and served, a scratch copy of the
repository, and a headless Chromium."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browserpath import browser_required, find_chromium, missing_message
from planpub.catalog import Catalog
from planpub.checkcache import CACHE_ENV
from planpub.diagnostics import Diagnostic
from planpub.project import open_project

ROOT = Path(__file__).resolve().parents[1]
SITE_SOURCES = ("mkdocs.yml", "content", "plans", "registry", "progress", "macros",
                "site_templates")
"""What a site build reads from the repository (besides the installed planpub package)."""


def mkdocs_env() -> dict[str, str]:
    """The environment every test build runs with (reproducible, no MkDocs 2 banner)."""
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    env.pop("SITE_URL", None)
    return env


def build_site(root: Path, site_dir: Path, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``root`` into ``site_dir``, with this interpreter's mkdocs
    (``env``: variables added for this build).

    No ``--quiet``: in MkDocs 1.6 it silences the warnings ``--strict`` counts.
    """
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
         str(root / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=root, env={**mkdocs_env(), **(env or {})}, capture_output=True, text=True,
        check=False,
    )


@pytest.fixture(scope="session", autouse=True)
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``planpub validate`` keeps its cache under the session's temporary folder, never in
    the home folder (commands the tests start inherit it)."""
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("planpub-cache"))
    yield
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (plans/, registry/, content/ of this repository), built once per session.

    The build's output is kept beside it in ``mkdocs.log``.
    """
    site = tmp_path_factory.mktemp("site") / "site"
    done = build_site(ROOT, site)
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    (site.parent / "mkdocs.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    return site


def copy_sources(root: Path) -> Path:
    """Copy what a site build reads into the new folder ``root``; return it."""
    root.mkdir()
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, root / name)
    return root


@pytest.fixture
def make_repo(tmp_path: Path) -> Path:
    """A scratch copy of what a site build reads (add or break plans there, then build)."""
    return copy_sources(tmp_path / "repo")


PROGRESS_DATA = ROOT / "tests" / "data" / "progress"
"""Progress files like an agency's (tests/data/progress), for sites with reported statuses."""
PROGRESS_TODAY = dt.date(2026, 1, 15)
"""The reference date :func:`progress_site` is built on (``SOURCE_DATE_EPOCH``)."""


def progress_epoch(day: dt.date = PROGRESS_TODAY) -> str:
    """``SOURCE_DATE_EPOCH`` for noon of ``day`` in Vietnam."""
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return str(int(noon.timestamp()))


@pytest.fixture(scope="session")
def progress_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with the progress files of tests/data/progress."""
    root = copy_sources(tmp_path_factory.mktemp("progress") / "repo")
    (root / "progress").mkdir(exist_ok=True)
    for path in PROGRESS_DATA.glob("*.yaml"):
        shutil.copy2(path, root / "progress" / path.name)
    return root


@pytest.fixture(scope="session")
def progress_site(progress_repo: Path) -> Path:
    """:func:`progress_repo` built with :data:`PROGRESS_TODAY` as the reference date."""
    site = progress_repo.parent / "site"
    done = build_site(progress_repo, site, {"SOURCE_DATE_EPOCH": progress_epoch()})
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return site


# --------------------------------------------------------------------------- browser

CHROMIUM = find_chromium()
"""The browser the browser tests drive (tests/browserpath.py: ``PLANPUB_CHROMIUM``, then PATH)."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served over HTTP on a free local port (directory URLs need a server)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def progress_url(progress_site: Path) -> Iterator[str]:
    """:func:`progress_site` served over HTTP."""
    with served(progress_site) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (skipped only outside CI if missing)."""
    if CHROMIUM is None:
        if browser_required():
            pytest.fail(missing_message())
        pytest.skip(missing_message())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A fresh browser tab, desktop-sized, in its own context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def load_checked(root: Path, paths: list[Path] | None = None) -> tuple[Catalog, list[Diagnostic]]:
    """Open the project at ``root`` through the composition root: its catalog and diagnostics."""
    project = open_project(root, paths)
    return project.catalog, project.diagnostics


def add_agency_fields(root: Path, agency: str, fields: str) -> int:
    """Put ``fields`` (YAML lines) right under ``- id: <agency>`` in the registry's agencies
    file; the line number of the first one."""
    path = root / "registry" / "agencies.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index(f"- id: {agency}\n") + 1
    lines[at:at] = [fields]
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1
