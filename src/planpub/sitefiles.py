"""``robots.txt``: what a public site tells crawlers.

The static-site generator writes ``sitemap.xml`` from ``site_url``; ``robots.txt``
points crawlers at it.
"""

from __future__ import annotations


def robots_txt(site_url: str | None) -> str:
    """Allow every crawler; name the sitemap when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
