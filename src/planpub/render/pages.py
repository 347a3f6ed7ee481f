"""What every page builder shares: the page record, its table of contents, templates, links.

Builders return plain data (:class:`RenderedPage`, :class:`TocEntry`); the MkDocs
adapter turns it into MkDocs objects. One Jinja environment (autoescaped) serves
the whole build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from planpub.render.cells import Cells
from planpub.render.markup import finalize, text
from planpub.site import links
from planpub.site.names import Names
from planpub.timeline import KIND_LABELS
from planpub.vocab import (
    AGENCY_KIND_LABELS,
    DOC_TYPE_LABELS,
    LOCALITY_KIND_LABELS,
    PROGRESS_LABELS,
    ROLE_LABELS,
    ROLE_NOTES,
    dmy,
)
from planpub.weburl import safe_url


@dataclass(frozen=True)
class TocEntry:
    """A table-of-contents entry; ``title`` is HTML."""

    anchor: str
    title: str
    level: int = 2
    children: tuple[TocEntry, ...] = ()


def toc_token(anchor: str, name: str, level: int = 2,
              children: list[TocEntry] | None = None) -> TocEntry:
    """A table-of-contents entry for the text ``name`` (escaped here)."""
    return TocEntry(anchor, str(text(name)), level, tuple(children or ()))


@dataclass
class RenderedPage:
    """The HTML body of a generated page and its table of contents."""

    html: str
    toc: list[TocEntry] = field(default_factory=list)


PageMaker = Callable[[], RenderedPage]


@dataclass(frozen=True)
class Theme:
    """Markup the site's theme wants around parts of generated pages (the adapter sets it)."""

    table_open: Markup = field(default_factory=Markup)
    table_close: Markup = field(default_factory=Markup)


class Linker:
    """Links from one page to others (used by templates as ``L``)."""

    def __init__(self, names: Names, page: str) -> None:
        self.names = names
        self.page = page

    def to(self, src: str, anchor: str = "") -> str:
        return self.names.urls.rel(self.page, src, anchor)

    def plan(self, plan_id: str, anchor: str = "") -> str:
        return self.to(links.plan_src(plan_id), anchor)

    def agency(self, agency_id: str) -> str | None:
        if agency_id not in self.names.catalog.agencies:
            return None
        return self.to(links.agency_src(agency_id))

    def locality(self, locality_id: str | None) -> str | None:
        if locality_id in self.names.locality_pages:
            return self.to(links.locality_src(locality_id or ""))
        return None

    def ref(self, ref: str | None) -> str | None:
        return self.names.ref_href(self.page, ref)


class _Compiled(BytecodeCache):
    """Compiled templates kept for the whole process, by name and source checksum: a preview
    makes new :class:`Templates` on each reload and should not compile them again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


class Templates:
    """The package's Jinja templates, rendered for one page at a time."""

    def __init__(self, names: Names, theme: Theme) -> None:
        self.names = names
        self.env = Environment(
            loader=PackageLoader("planpub.render", "templates"), autoescape=True,
            finalize=finalize, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            bytecode_cache=_COMPILED,
        )
        self.env.globals.update(
            dmy=dmy, ROLE_LABELS=ROLE_LABELS, ROLE_NOTES=ROLE_NOTES, KIND_LABELS=KIND_LABELS,
            AGENCY_KIND_LABELS=AGENCY_KIND_LABELS, LOCALITY_KIND_LABELS=LOCALITY_KIND_LABELS,
            DOC_TYPE_LABELS=DOC_TYPE_LABELS, PROGRESS_LABELS=PROGRESS_LABELS,
            r=names,
            links=links, theme=theme,
            safe_url=safe_url,
        )

    def render(self, name: str, page: str, **context: Any) -> str:
        """Template ``name`` for the page built from ``page`` (its links are relative to it)."""
        linker = Linker(self.names, page)
        return self.env.get_template(name).render(L=linker, cell=Cells(linker), page=page,
                                                  **context)


class PageBuilder:
    """Base of the builders of one kind of page: the templates, the names, the catalog."""

    def __init__(self, templates: Templates) -> None:
        self.t = templates
        self.names = templates.names
        self.catalog = templates.names.catalog
