"""The one URL module: where each generated file lives, and links between pages.

Every link on a generated page, in a feed or in the open data comes from here,
so a page can only link to a path this module also generates. Links between
pages are relative, so the site works under any base path (``site_url`` with a
sub-folder, a file server, a preview).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PLANS = "ke-hoach"
AGENCIES = "co-quan"
CALENDAR = "lich"
LOCALITIES = "dia-ban"
PLAN_TREE = "cay-ke-hoach"
DATA = "du-lieu"
DOCUMENTS = "van-ban"
"""Legal-document pages, when a ``van-ban/<id>.md`` page exists in the site."""
LOOKUP = "co-quan-giai-quyet"
"""“Cơ quan nào giải quyết?”: the rule and one page per current province."""
LOOKUP_DATA = f"{LOOKUP}/tra-cuu.json"
"""The names its search box looks through (current and former, provinces and communes)."""

ALL_FEED = f"{CALENDAR}/tat-ca.ics"
CHANGES_FEED = "thay-doi.xml"
"""The Atom feed of new plans and moved deadlines."""
GLOSSARY_SRC = "thuat-ngu/index.md"
CENTRAL = "trung-uong"
"""Pseudo-locality of agencies and plans without a locality (ministries, roles)."""


def plan_src(plan_id: str) -> str:
    return f"{PLANS}/{plan_id}.md"


def plan_yaml(plan_id: str) -> str:
    return f"{PLANS}/{plan_id}.yaml"


def plan_feed(plan_id: str) -> str:
    return f"{PLANS}/{plan_id}.ics"


def agency_src(agency_id: str) -> str:
    return f"{AGENCIES}/{agency_id}.md"


def agency_feed(agency_id: str) -> str:
    return f"{AGENCIES}/{agency_id}.ics"


def agency_year_src(agency_id: str, year: int, part: int = 1) -> str:
    """One part of a large agency's tasks in the plans of a year: ``co-quan/x/2025.md``, then
    ``co-quan/x/2025-phan-2.md``."""
    return part_src(f"{AGENCIES}/{agency_id}/{year}", part)


def locality_src(locality_id: str) -> str:
    return f"{LOCALITIES}/{locality_id}.md"


def calendar_src(place: str) -> str:
    """The calendar of one province-level place (``trung-uong``: plans without a place)."""
    return f"{CALENDAR}/{place}.md"


def calendar_feed(place: str) -> str:
    """The feed of one province-level place (its upcoming and recent deadlines)."""
    return f"{CALENDAR}/{place}.ics"


def calendar_year_src(place: str, year: int, part: int = 1) -> str:
    """One part of a large place's calendar of a year: ``lich/ha-noi/2025.md``, then
    ``lich/ha-noi/2025-phan-2.md``."""
    return part_src(f"{CALENDAR}/{place}/{year}", part)


def calendar_year_feed(place: str, year: int) -> str:
    """Every deadline of a large place in one year."""
    return f"{CALENDAR}/{place}/{year}.ics"


def citing_src(doc_id: str, place: str, part: int = 1) -> str:
    """One part of the plans of a place citing a document: ``van-ban/<id>/<place>.md``."""
    return part_src(f"{DOCUMENTS}/{doc_id}/{place}", part)


def part_src(base: str, part: int) -> str:
    """The source path of part ``part`` (from 1) of a page cut in parts: ``base.md``, then
    ``base-phan-2.md``."""
    return base + (f"-phan-{part}" if part > 1 else "") + ".md"


def index_src(folder: str) -> str:
    return f"{folder}/index.md"


def document_src(doc_id: str) -> str:
    return f"{DOCUMENTS}/{doc_id}.md"


def lookup_src(province_slug: str) -> str:
    """The page of one current province: ``co-quan-giai-quyet/quang-ngai.md``."""
    return f"{LOOKUP}/{province_slug}.md"


def directory_url(src: str) -> str:
    """The published URL of a source path, site-root-relative (``ke-hoach/x/``).

    The site's layout as open data and the command line state it; a build takes
    its static-site generator's own rule instead (:attr:`Urls.url_of`).
    """
    if not src.endswith(".md"):
        return src
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass(frozen=True)
class Urls:
    """Turns source paths (``ke-hoach/x.md``, ``lich/tat-ca.ics``) into URLs."""

    url_of: Callable[[str], str] = directory_url
    """Source path → site-root-relative URL, no leading slash (the generator's rule)."""
    site_url: str = ""

    def url(self, src: str) -> str:
        """The site-root-relative URL of a source path (no leading slash)."""
        return self.url_of(src)

    def rel(self, page_src: str, target_src: str, anchor: str = "") -> str:
        """A link from the page built from ``page_src`` to ``target_src`` (plus ``#anchor``).

        The shortest relative path (``../x/`` between siblings), computed on the URL
        segments directly: this runs for every link of every page.
        """
        here = self.url(page_src).split("/")[:-1]  # the page's folder
        there = self.url(target_src).split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        link = "../" * (len(here) - common) + "/".join(there[common:])
        return (link or "./") + (f"#{anchor}" if anchor else "")

    def absolute(self, target_src: str, anchor: str = "") -> str:
        """The absolute URL (for feeds); relative to the site root if no ``site_url``."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else "/"
        return base + self.url(target_src) + (f"#{anchor}" if anchor else "")
