"""The theme's navigation and tabs, rendered once for generated pages that share them.

Material renders its whole navigation (the sidebar, ``partials/nav.html``, and the
tabs, ``partials/tabs.html``) for every page: about a third of the time a generated
page spends in the theme. For a page outside ``nav`` that HTML depends only on which
nav pages are active (the page's ancestors: :mod:`planpub.mkdocs.sections`) and on
where the page is, since links are relative to it. Pages alike in both get the same
bytes, so the first one's are kept for the build. Pages in ``nav`` and content pages
render as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import Environment
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

PARTIALS = ("partials/nav.html", "partials/tabs.html")
"""The theme's templates whose output is kept (each renders the whole nav)."""


def _urls(items: list[Any]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _urls(item.children)
        elif isinstance(item, Page | Link):
            yield item.url


class Chrome:
    """The kept navigation HTML of one build."""

    def __init__(self, nav: Navigation, pages: set[str], also: Iterable[str] = ()) -> None:
        self._pages = pages
        """Source paths of the generated pages outside ``nav`` (only they share)."""
        self._targets = sorted({"", *_urls(nav.items), *also})
        """Every address the kept HTML links to: nav pages and links, and ``also`` (the
        theme's logo, ``extra.homepage``)."""
        self._kept: dict[tuple[str, tuple[int, ...], tuple[str, ...]], str] = {}
        self._place: tuple[int, tuple[int, ...], tuple[str, ...]] | None = None
        """The last page's identity and its key (both partials ask in a row)."""

    def _key(self, page: Any) -> tuple[tuple[int, ...], tuple[str, ...]] | None:
        if not isinstance(page, Page) or page.file.src_uri not in self._pages:
            return None
        if self._place is None or self._place[0] != id(page):
            url = page.url
            self._place = (id(page), tuple(id(a) for a in page.ancestors),
                           tuple(get_relative_url(t, url) for t in self._targets))
        return self._place[1], self._place[2]

    def install(self, env: Environment) -> None:
        """Keep the output of :data:`PARTIALS` in ``env`` (the theme's, for this build)."""
        for name in PARTIALS:
            template = env.get_template(name)
            template.root_render_func = self._wrap(name, template.root_render_func)

    def _wrap(self, name: str, render: Callable[[Any], Iterator[str]]
              ) -> Callable[[Any], Iterator[str]]:
        def kept(context: Any) -> Iterator[str]:
            key = self._key(context.get("page"))
            if key is None:
                yield from render(context)
                return
            full = (name, *key)
            html = self._kept.get(full)
            if html is None:
                html = self._kept[full] = "".join(render(context))
            yield html
        return kept
