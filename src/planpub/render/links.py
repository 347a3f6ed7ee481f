"""Where each generated page lives, and relative links between pages.

Every link on a generated page comes from here, so a page can only link to a
path this module also generates. Links are relative, so the site works under
any base path (``site_url`` with a sub-folder, a file server, a preview).
"""

from __future__ import annotations

from dataclasses import dataclass

PLANS = "ke-hoach"
AGENCIES = "co-quan"
CALENDAR = "lich"
LOCALITIES = "dia-ban"
PLAN_TREE = "cay-ke-hoach"
DATA = "du-lieu"
DOCUMENTS = "van-ban"
"""Legal-document pages, when a ``van-ban/<id>.md`` page exists in the site."""

ALL_FEED = f"{CALENDAR}/tat-ca.ics"


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


def locality_src(locality_id: str) -> str:
    return f"{LOCALITIES}/{locality_id}.md"


def calendar_src(place: str) -> str:
    """The calendar of one province-level place (``trung-uong``: plans without a place)."""
    return f"{CALENDAR}/{place}.md"


def index_src(folder: str) -> str:
    return f"{folder}/index.md"


def document_src(doc_id: str) -> str:
    return f"{DOCUMENTS}/{doc_id}.md"


@dataclass(frozen=True)
class Urls:
    """Turns source paths (``ke-hoach/x.md``, ``lich/tat-ca.ics``) into URLs as MkDocs does."""

    directory_urls: bool = True
    site_url: str = ""

    def url(self, src: str) -> str:
        """The site-root-relative URL of a source path (no leading slash)."""
        if not src.endswith(".md"):
            return src
        stem = src[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            folder = stem[: -len("index")]
            return folder if self.directory_urls else folder + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

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
