"""Search records of “Cơ quan nào giải quyết?”: a province and each current commune, found by
their names before 1 July 2025 (``Phổ Minh`` finds phường Đức Phổ).

A record holds names only (its current name, its former units, its official code), so a
query for what a plan says ("bồi thường", "Sở Tư pháp") does not find 3,321 communes; what
the record is for is said in its ``meta`` (shown, not indexed). The former units are its
head, so a former name ranks as a name; their districts and provinces are in its text, so
"Kon Tum" finds the province Kon Tum was merged into, not each of its old communes first.
A commune links to its entry on its province's page, by the anchor that page gives it
(:func:`planpub.site.lookupplaces.listed_communes`).

A query that names a place (``@p:``, :func:`planpub.search.text.place_key`) by a commune's or
province's current or former name of two words or more ranks its record with that place's
plans and page, at :data:`BOOST`: below them when they match as well, above what only
mentions the name. A name of one word ("Đông", "Đồng" ...) is often a plain word too: its
records rank as any name does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from planpub.adminunits import Unit, provinces
from planpub.formerunits import former_provinces, former_units
from planpub.search.records import LOOKUP, Record
from planpub.search.text import place_key
from planpub.site.lookupplaces import code_text, listed_communes, province_src
from planpub.site.names import Names

BEFORE = "Trước 01/07/2025"
PURPOSE = "Cơ quan nào giải quyết?"
"""What a result is for, shown beside it (``meta``, never indexed)."""
BOOST = 0.5
"""Below the plans and page of a place a query names (see the module's docstring)."""


def _spaced(name: str) -> str:
    return " ".join(name.split())


def _places(names: Iterable[str]) -> tuple[str, ...]:
    """The ``@p:`` keys of place names, those of one word left out."""
    keys = (place_key(n) for n in names)
    return tuple(dict.fromkeys(k for k in keys if " " in k))


def lookup_records(names: Names) -> Iterator[Record]:
    """The 34 provinces (linking their page), then every commune (linking its entry)."""
    places = provinces()
    for unit in places:
        olds = former_provinces(unit.code)
        yield Record(
            LOOKUP, names.urls.url(province_src(unit)),
            f"{PURPOSE[:-1]} ở {unit.full_name}?",
            head=", ".join(olds),
            text=f"{BEFORE}: {', '.join(olds) or unit.full_name}. Mã {code_text(unit)}.",
            meta={"kind": PURPOSE, "place": unit.full_name},
            former_places=_places((unit.full_name, *olds)), boost=BOOST)
    for unit in places:
        src = province_src(unit)
        for commune, anchor in listed_communes().get(unit.code, ()):
            yield commune_record(names.urls.url(src) + f"#{anchor}", commune, unit)


def commune_record(url: str, commune: Unit, province: Unit) -> Record:
    """A commune: its former units as its head, grouped by old district in its text."""
    olds: dict[str, None] = {}
    groups: dict[str, list[str]] = {}
    for old in former_units(commune.code):
        olds[old.name] = None
        groups.setdefault(old.where, []).append(old.name + (" (một phần)" if old.split else ""))
    before = "; ".join(f"{', '.join(wards)} thuộc {where}" for where, wards in groups.items())
    return Record(
        LOOKUP, url, _spaced(commune.full_name), head=", ".join(olds),
        text=f"{BEFORE}: {before or 'bảng chuyển đổi không ghi'}. Mã {code_text(commune)}.",
        extra=province.full_name, meta={"kind": PURPOSE, "place": province.full_name},
        former_places=_places((commune.full_name, *olds)), boost=BOOST)
