"""Where each current province and commune sits on “Cơ quan nào giải quyết?”: the province
page's slug, each commune's anchor on it, and the official codes as printed.

One rule for the pages (:mod:`planpub.render.lookup`) and the site search
(:mod:`planpub.search.lookup`), which both link these anchors.
"""

from __future__ import annotations

import functools

from planpub.adminunits import Unit, communes, provinces
from planpub.site import links
from planpub.slug import fold, slugify


def province_slug(unit: Unit) -> str:
    """The slug of a current province's lookup page (``quang-ngai``)."""
    return slugify(unit.base_name)


def province_src(unit: Unit) -> str:
    """The source path of a current province's lookup page."""
    return links.lookup_src(province_slug(unit))


def code_text(unit: Unit) -> str:
    """The official code as the dataset's list prints it: two digits for a province (``01``),
    five for a commune (``00070``, phường Hoàn Kiếm)."""
    return f"{unit.code:02d}" if unit.province_code is None else f"{unit.code:05d}"


@functools.cache
def listed_communes() -> dict[int, tuple[tuple[Unit, str], ...]]:
    """Province code → its communes as the lookup page lists them: alphabetically, each with
    its anchor there (``duc-pho``; ``tan-lap-21154`` when two share a name)."""
    by_province: dict[int | None, list[Unit]] = {}
    for unit in communes():  # once: communes(code) reads the whole list each time
        by_province.setdefault(unit.province_code, []).append(unit)
    out: dict[int, tuple[tuple[Unit, str], ...]] = {}
    for place in provinces():
        units = sorted(by_province.get(place.code, []),
                       key=lambda u: (fold(" ".join(u.base_name.split())), u.code))
        seen: dict[str, int] = {}
        for unit in units:
            slug = slugify(unit.name)
            seen[slug] = seen.get(slug, 0) + 1
        out[place.code] = tuple(
            (unit, slug if seen[slug] == 1 else f"{slug}-{unit.code}")
            for unit, slug in ((u, slugify(u.name)) for u in units))
    return out


@functools.cache
def commune_anchors() -> dict[int, tuple[Unit, str]]:
    """Commune code → (its province, its anchor on that province's page)."""
    by_code = {p.code: p for p in provinces()}
    return {unit.code: (by_code[code], anchor)
            for code, listed in listed_communes().items() for unit, anchor in listed}
