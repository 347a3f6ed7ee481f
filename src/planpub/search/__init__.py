"""Site search for Vietnamese readers: an index of small static files, read in the browser.

:func:`build_index` turns the catalog and the rendered Markdown pages into
:mod:`planpub.search.records`, and :mod:`planpub.search.index` writes them
under ``tim-kiem/chi-muc/`` of the built site. ``search.js`` (site_templates)
fetches only the files a query needs: words fold diacritics and đ, several
words narrow the results, common syllables are matched as adjacent pairs, and
document numbers are found as typed. A query that names a place ranks its plans
and its page first; then the records whose name (title or head: an agency's former and
short names, a document's number) holds the query as a phrase, above those that only
mention its words. What is no longer in force (an agency or place that ceased, an agency
renamed or taken over, a plan whose issuer ceased, a replaced document) ranks below what
is, on the reader's day: the index holds the dates, never the build's clock. A content
page's front matter may set ``search: boost:`` (and ``search: exclude:``), as for MkDocs
Material's own search. Each current province and commune is a record too
(:mod:`planpub.search.lookup`), found by its names before 1 July 2025 and linking to its
entry in “Cơ quan nào giải quyết?”.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from planpub.registrymodel import Locality
from planpub.search.index import IndexWriter, Stats
from planpub.search.lookup import lookup_records
from planpub.search.records import PageSource, RecordBuilder
from planpub.site import links
from planpub.site.links import CENTRAL, GLOSSARY_SRC
from planpub.site.names import Names
from planpub.slug import fold
from planpub.vocab import dmy

INDEX_DIR = "tim-kiem/chi-muc"
"""Where the index goes, relative to the site folder."""
SEARCH_PAGE = "tim-kiem.md"
BRIEF_HTML = 32_768
"""Characters of a generated list page's HTML its opening words are taken from."""
MIN_BOOST, MAX_BOOST = 0.1, 10.0
"""The ``search: boost:`` values a page may set (others are left at 1)."""
RECORD_FOLDERS = (links.PLANS, links.AGENCIES, links.LOCALITIES, links.DOCUMENTS, links.LOOKUP)
"""Generated pages of these folders are found through their catalog records instead."""

__all__ = ["INDEX_DIR", "PageSource", "Stats", "build_index", "page_source"]


def page_source(src: str, url: str, title: str, html: str, generated: bool,
                meta: Mapping[str, Any] | None = None) -> PageSource | None:
    """How a built page enters the index: whole, by its opening words, or not at all.

    Content pages (legal education, Q&A, the glossary) enter whole; generated
    list pages (all plans, the calendar ...) by their opening words; plan,
    agency, locality, document and lookup pages not at all (their records say more).
    ``meta`` is the page's front matter: ``search: {exclude: true}`` leaves it out and
    ``search: {boost: 0.5}`` ranks it lower, as MkDocs Material's own search reads them.
    """
    search = (meta or {}).get("search")
    search = search if isinstance(search, Mapping) else {}
    if src in (SEARCH_PAGE, "404.md") or search.get("exclude") is True:
        return None
    if not generated or src == GLOSSARY_SRC:
        return PageSource(url, title, html, boost=page_boost(search.get("boost")))
    if src.split("/", 1)[0] in RECORD_FOLDERS and not src.endswith("index.md"):
        return None
    if src.startswith(f"{links.CALENDAR}/") and src.count("/") > 1:
        return None  # a year of a place's calendar: its place's page stands for it
    # the opening words are near the top: do not keep (or parse) a calendar of megabytes
    return PageSource(url, title, html[:BRIEF_HTML], brief=True)


def page_boost(value: object) -> float:
    """A ``search: boost:`` value: a number from ``MIN_BOOST`` to ``MAX_BOOST``; else 1."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1.0
    return float(value) if MIN_BOOST <= value <= MAX_BOOST else 1.0


def build_index(names: Names, pages: Iterable[PageSource], out: Path) -> Stats:
    """Write the search index of the whole site into ``out`` (replacing what is there)."""
    started = time.perf_counter()
    writer = IndexWriter(out)
    writer.add_all(RecordBuilder(names).records(pages, lookup_records(names)))
    places, top = place_files(names)
    return writer.finish(places, top, started)


def place_files(names: Names) -> tuple[dict[str, dict[str, Any]], list[list[str]]]:
    """Filter choices: province-level places, each with the places and agencies inside it.

    Returns the file contents by place id, and the ``[id, name]`` list the
    manifest offers (``trung-uong`` for agencies without a place).
    """
    catalog = names.catalog
    reg = catalog.registry.localities
    tree = names.locality_tree()
    tops = [ident for ident, _ in tree if catalog.top_place(ident) == ident]
    files: dict[str, dict[str, Any]] = {}
    for place in tops:
        inside = [[ident, reg[ident].name] for ident, _ in tree
                  if ident != place and place in catalog.locality_chain(ident)]
        files[place] = {"places": inside, "agencies": []}
    central: list[list[str]] = []
    for agency in sorted(catalog.agencies.values(), key=lambda a: (fold(a.name), a.id)):
        home = catalog.top_place(agency.locality)
        target = files[home]["agencies"] if home else central
        target.append([agency.id, agency.name])
    files[CENTRAL] = {"places": [], "agencies": central}
    counts = Counter(reg[t].name for t in tops)
    offered = [[CENTRAL, "Trung ương"]] + [[t, _place_label(reg[t], counts)] for t in tops]
    return files, offered


def _place_label(place: Locality, names: Counter[str]) -> str:
    """A place's name, with its period when another place had the same name (Quảng Ngãi)."""
    if names[place.name] < 2:
        return place.name
    if place.valid_until:
        return f"{place.name} (đến {dmy(place.valid_until)})"
    if place.valid_from:
        return f"{place.name} (từ {dmy(place.valid_from)})"
    return place.name
