"""What a public site needs beside its pages: ``robots.txt`` and the changes feed.

MkDocs writes ``sitemap.xml`` itself from ``site_url``; ``robots.txt`` points
crawlers at it, and ``thay-doi.xml`` (Atom) tells readers of new plans and
moved deadlines (see :mod:`planpub.atom`).
"""

from __future__ import annotations

from pathlib import Path

from planpub.atom import FEED_PATH, atom_feed, feed_events
from planpub.catalog import Catalog
from planpub.render.site import Output


def robots_txt(site_url: str | None) -> str:
    """Allow every crawler; name the sitemap when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def public_files(catalog: Catalog, root: Path, site_url: str | None,
                 site_name: str) -> list[Output]:
    """``robots.txt`` and ``thay-doi.xml``, as generated files of the build."""
    feed = atom_feed(feed_events(root, catalog), site_url, site_name)
    return [Output("robots.txt", robots_txt(site_url)), Output(FEED_PATH, feed)]
