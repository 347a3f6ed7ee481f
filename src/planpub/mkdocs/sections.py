"""The section of a page kept out of ``nav``: its highlighted tab and its breadcrumb.

Plan, agency, place, calendar and legal-document pages are generated and stay out of
``nav`` (MkDocs copies the whole nav into every page: quadratic at thousands of plans).
Each such page gets the nav page of its section as ``parent``, an O(1) step per page, so
Material's tabs (``navigation.tabs``) and breadcrumb (``navigation.path``) place it:
MkDocs' ``Page.active`` marks the parent while the page is built and clears it afterwards.
"""

from __future__ import annotations

from typing import cast

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from planpub.site import links

SECTION_OF: dict[str, str] = {
    links.PLANS: links.PLANS,
    links.LOCALITIES: links.PLANS,
    links.PLAN_TREE: links.PLANS,
    links.AGENCIES: links.AGENCIES,
    links.CALENDAR: links.CALENDAR,
    links.DOCUMENTS: links.DOCUMENTS,
    "thuat-ngu": "thuat-ngu",
    links.LOOKUP: links.LOOKUP,
}
"""First folder of a page → the folder whose index page (in ``nav``) is its section."""


class Sections:
    """The nav pages that head a section, looked up for each page outside the nav."""

    def __init__(self, nav: Navigation) -> None:
        self._in_nav = {page.file.src_uri: page for page in nav.pages}

    def place(self, page: Page) -> None:
        """Give ``page`` the nav page of its section as parent (nav pages keep theirs)."""
        src = page.file.src_uri
        if src in self._in_nav or page.parent is not None:
            return
        folder = SECTION_OF.get(src.split("/", 1)[0].removesuffix(".md"))
        if folder is None:
            return
        head = self._in_nav.get(links.index_src(folder)) or self._in_nav.get(f"{folder}.md")
        if head is not None and head is not page:
            # MkDocs reads a parent's ``active`` and ``ancestors`` only, which a Page has too.
            page.parent = cast(Section, head)
