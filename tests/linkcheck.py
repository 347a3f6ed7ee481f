"""Check that every internal link and resource in a built site resolves to a file.

Usage: ``python tests/linkcheck.py site`` — prints one Vietnamese line per broken
link (page, link) and exits 1 if there is any. External links (with a scheme or
``//``) are not fetched. Fragments are checked too: ``page/#id`` needs ``id`` on
the target page.
"""

from __future__ import annotations

import posixpath
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
         "iframe": "src"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(str(values[key]))
        wanted = ATTRS.get(tag)
        if wanted and values.get(wanted):
            self.links.append(str(values[wanted]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _target(site: Path, page: Path, link: str) -> tuple[Path | None, str]:
    """The file a link points to (None if external) and its fragment."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None, ""
    if not parts.path:
        return page, parts.fragment
    if parts.path.startswith("/"):  # root-relative (404.html): the site root is the folder
        base, path_part = "", unquote(parts.path).lstrip("/") or "."
    else:
        base, path_part = posixpath.dirname(page.relative_to(site).as_posix()), unquote(parts.path)
    rel = posixpath.normpath(posixpath.join(base, path_part))
    if rel.startswith(".."):
        return site / "__outside_site__", parts.fragment
    path = site / rel
    if parts.path.endswith(("/", "/.")) or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def check(site: Path) -> list[str]:
    """Every broken internal link of the site, as ``page: link`` lines."""
    pages = sorted(site.rglob("*.html"))
    parsed = {p: _parse(p) for p in pages}
    problems = []
    for page, info in parsed.items():
        for link in info.links:
            if link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                if link.startswith("javascript:"):
                    problems.append(f"{page.relative_to(site)}: liên kết javascript: {link}")
                continue
            target, fragment = _target(site, page, link)
            if target is None:
                continue
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: liên kết hỏng “{link}”")
            elif fragment and target.suffix == ".html" and target in parsed and \
                    unquote(fragment) not in parsed[target].ids:
                problems.append(f"{page.relative_to(site)}: không có mục #{fragment} "
                                f"trong “{link}”")
    return problems


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "site")
    if not (site / "index.html").is_file():
        print(f"Không tìm thấy trang đã dựng trong {site}/ (chạy 'nox -s build' trước).")
        return 1
    problems = check(site)
    for line in problems:
        print(line)
    count = len(list(site.rglob("*.html")))
    print(f"Đã kiểm tra liên kết của {count} trang: {len(problems)} liên kết hỏng.")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
