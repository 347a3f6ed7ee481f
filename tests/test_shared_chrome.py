"""Generated pages share the theme's navigation HTML: rendered once per section and place,
and byte for byte what each page would get alone (planpub.mkdocs.chrome)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, copy_sources

SMALL = "\n  - planpub:\n      calendar_split: 5\n      page_tasks: 4\n      list_items: 1\n"
"""Every threshold small: year pages and parts (deeper folders) exist."""


def _repo(root: Path, shared: bool) -> Path:
    """The bundled site, small thresholds; its logo leads to a plan's page (a link of the
    navigation to a page outside ``nav``, relative to each page like the others)."""
    repo = copy_sources(root)
    config = repo / "mkdocs.yml"
    options = SMALL + ("" if shared else "      shared_navigation: false\n")
    plan = sorted((repo / "plans").glob("*.yaml"))[0].stem
    text = config.read_text(encoding="utf-8").replace("\n  - planpub\n", options)
    text = text.replace("\nextra:\n", f"\nextra:\n  homepage: ke-hoach/{plan}/\n")
    config.write_text(text, encoding="utf-8")
    return repo


def test_every_page_is_the_same_with_and_without_shared_navigation(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    sites = {}
    for shared in (True, False):
        repo = _repo(tmp_path_factory.mktemp(f"shared-{shared}") / "repo", shared)
        done = build_site(repo, repo / "site", env={"SOURCE_DATE_EPOCH": "1765000000"})
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        sites[shared] = repo / "site"
    pages = sorted(p.relative_to(sites[True]) for p in sites[True].rglob("*.html"))
    assert pages == sorted(p.relative_to(sites[False]) for p in sites[False].rglob("*.html"))
    deep = [p for p in pages if len(p.parts) >= 4]  # lich/<place>/<year>/index.html …
    assert deep, "the small thresholds should make year pages"
    differ = [str(p) for p in pages
              if (sites[True] / p).read_bytes() != (sites[False] / p).read_bytes()]
    assert differ == []


def test_pages_alike_render_the_navigation_once(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from planpub.mkdocs import chrome
    from planpub.mkdocs.build import build_site as build_in_process

    renders: Counter[str] = Counter()
    wrap = chrome.Chrome._wrap

    def counting(self: chrome.Chrome, name: str, render: Callable[[Any], Iterator[str]]
                 ) -> Callable[[Any], Iterator[str]]:
        def counted(context: Any) -> Iterator[str]:
            renders[name] += 1
            yield from render(context)
        return wrap(self, name, counted)

    monkeypatch.setattr(chrome.Chrome, "_wrap", counting)
    repo = _repo(tmp_path / "repo", shared=True)
    build_in_process(repo, tmp_path / "site")
    pages = len(list((tmp_path / "site").rglob("index.html")))
    assert pages > 100
    for name in chrome.PARTIALS:
        # content pages and pages in nav render their own; the generated ones share
        assert 0 < renders[name] < pages / 3, (name, renders[name], pages)
