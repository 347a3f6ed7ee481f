"""“Cơ quan nào giải quyết?” (``co-quan-giai-quyet/``): who settles a claim, by rule, in
each current province, and every commune with its names before 1 July 2025.

No dataset maps a commune to the bodies that serve it, so the pages answer by the law's
rule and name a body only where the rule names it (the province's court, procuracy,
police, civil judgment enforcement, Sở Tư pháp), linking it where the registry knows it.
The 34 provinces and 3,321 communes come from :mod:`planpub.adminunits`, the former names
from :mod:`planpub.formerunits`; both are read once per build, when the first of these
pages (or the search box's data file) is made.

Cost per build (measured on the development machine): about 0.3 s of CPU here (0.16 s to
load and group the units, 0.1 s for the 35 pages, 1 MB of HTML) and about 0.9 s in all with
MkDocs' work on the pages (annotations, search, writing); 12 MiB more peak memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from planpub.adminunits import COMMUNE_KINDS, PROVINCE_KINDS, Unit, commune, provinces
from planpub.catalog import breadth_first, successor_ids
from planpub.formerunits import Former, former_provinces, former_units
from planpub.registrymodel import Agency
from planpub.render.pages import PageBuilder, PageMaker, RenderedPage, toc_token
from planpub.site import links
from planpub.site.contacts import Contact, contact_of
from planpub.site.lookupplaces import (
    code_text,
    commune_anchors,
    listed_communes,
    province_slug,
    province_src,
)
from planpub.site.outputs import Output, later
from planpub.slug import fold

INDEX_TITLE = "Cơ quan nào giải quyết?"
ROLES = ("committee", "departments", "justice", "police", "court", "procuracy",
         "enforcement")
"""The bodies a province page names, by what they do in a claim."""
_KIND_ROLE = {"people-committee": "committee", "department": "departments", "police": "police",
              "court": "court", "procuracy": "procuracy", "enforcement": "enforcement"}
_COMMUNE_AGENCY_KINDS = frozenset({"people-committee", "office"})
"""Agencies of a commune shown beside it: its People's Committee and its office (the one
that handles justice work at commune level)."""


def _spaced(name: str) -> str:
    return " ".join(name.split())


@dataclass(frozen=True)
class Elsewhere:
    """Another current commune that took part of a split old one."""

    name: str
    """In running text (``phường Cầu Ông Lãnh``)."""
    src: str
    """Its province's lookup page."""
    anchor: str
    code: str
    same: str
    """``row`` when it has the name of the commune it is named beside, ``old`` when the name
    of the old unit that was split, else empty."""


@dataclass(frozen=True)
class Part:
    """An old unit named beside a current commune; ``rest`` when it was split."""

    name: str
    split: bool = False
    rest: tuple[Elsewhere, ...] = ()


@dataclass(frozen=True)
class Place:
    """A current province as the pages name it."""

    unit: Unit
    slug: str
    name: str
    """In running text: ``tỉnh Quảng Ngãi``, ``Thành phố Hồ Chí Minh``."""
    merged: tuple[str, ...]
    """The old provinces merged into it besides the one whose name it kept."""
    code: str
    """Its official code, two digits (``51``)."""

    @property
    def src(self) -> str:
        return links.lookup_src(self.slug)

    @property
    def formed_from(self) -> str:
        """``tỉnh Quảng Ngãi và tỉnh Kon Tum`` (empty if nothing was merged into it)."""
        if not self.merged:
            return ""
        olds = [self.unit.full_name, *self.merged]
        return f"{', '.join(olds[:-1])} và {olds[-1]}"

    @property
    def title(self) -> str:
        """At the start of a sentence: ``Tỉnh Quảng Ngãi``."""
        return self.name[:1].upper() + self.name[1:]


@dataclass(frozen=True)
class Commune:
    """A current commune, ward or special zone, with what it was made from."""

    unit: Unit
    name: str
    anchor: str
    before: tuple[tuple[tuple[Part, ...], str], ...]
    """Its former units grouped by old district: (``phường Phổ Minh``, ``phường Phổ Ninh``),
    ``thị xã Đức Phổ, tỉnh Quảng Ngãi``; a split one names where its other parts went."""
    formers: tuple[Former, ...]
    code: str
    """Its official code, five digits (``00070``)."""


def _elsewhere(code: int, row: Unit, old_name: str) -> Elsewhere:
    """Where another part of a split old unit went (see :class:`Elsewhere`)."""
    unit = commune(code)
    assert unit is not None
    province, anchor = commune_anchors()[code]
    name = _spaced(unit.full_name)
    same = "row" if fold(name) == fold(_spaced(row.full_name)) else (
        "old" if fold(name) == fold(old_name) else "")
    return Elsewhere(name, province_src(province), anchor, code_text(unit), same)


class LookupPages(PageBuilder):
    """The index (the rule, the 34 provinces, a search box) and a page per province."""

    @cached_property
    def places(self) -> list[Place]:
        out = []
        for unit in provinces():
            olds = former_provinces(unit.code)
            out.append(Place(unit, province_slug(unit), unit.full_name, olds[1:],
                             code_text(unit)))
        return out

    @cached_property
    def rows(self) -> dict[int, list[Commune]]:
        """Each province's communes, alphabetically, with a unique anchor in its page."""
        listed = listed_communes()
        return {place.unit.code: [self._commune(unit, anchor)
                                  for unit, anchor in listed.get(place.unit.code, ())]
                for place in self.places}

    def _commune(self, unit: Unit, anchor: str) -> Commune:
        formers = former_units(unit.code)
        groups: dict[str, list[Part]] = {}
        for old in formers:
            rest = tuple(_elsewhere(code, unit, old.name) for code in old.split
                         if code != unit.code and commune(code))
            groups.setdefault(old.where, []).append(Part(old.name, bool(old.split), rest))
        before = tuple((tuple(parts), where) for where, parts in groups.items())
        return Commune(unit, _spaced(unit.name), anchor, before, formers, code_text(unit))

    @cached_property
    def _place_ids(self) -> dict[tuple[bool, int], str]:
        """(is a province, official code) → the registry locality in force with that code."""
        out: dict[tuple[bool, int], str] = {}
        for loc in self.catalog.registry.localities.values():
            if loc.code is not None and loc.valid_until is None and (
                    loc.kind in PROVINCE_KINDS or loc.kind in COMMUNE_KINDS):
                out[(loc.kind in PROVINCE_KINDS, loc.code)] = loc.id
        return out

    @cached_property
    def _in_force(self) -> dict[str, list[Agency]]:
        """Locality → its agencies in force on the reference date, with those of the
        localities wholly merged into it (Quảng Ngãi's Sở Tư pháp is filed under the old
        province and continues in the new one)."""
        today = self.names.reference.today
        localities = self.catalog.registry.localities

        def after(loc_id: str) -> tuple[str, ...]:
            loc = localities.get(loc_id)
            return successor_ids(loc) if loc else ()

        out: dict[str, list[Agency]] = {}
        for agency in self.catalog.agencies.values():
            if agency.locality is None or (agency.valid_until or today) < today or (
                    agency.valid_from or today) > today:
                continue
            # the locality, then every unit it went to, wholly or in part, hop after hop
            for place in breadth_first([agency.locality], after, set()):
                out.setdefault(place, []).append(agency)
        return out

    def _agencies_in(self, locality_id: str | None) -> list[Agency]:
        return self._in_force.get(locality_id or "", [])

    def bodies(self, place: Place) -> dict[str, list[str]]:
        """The registry's agencies of a province by :data:`ROLES` (the Sở Tư pháp apart)."""
        out: dict[str, list[str]] = {role: [] for role in ROLES}
        for agency in self._agencies_in(self._place_ids.get((True, place.unit.code))):
            role = _KIND_ROLE.get(agency.kind)
            if role == "departments" and any(fold(n).startswith("so tu phap")
                                             for n in (agency.name, *agency.short_names)):
                role = "justice"
            if role:
                out[role].append(agency.id)
        return out

    def contacts(self, ids: list[str]) -> list[tuple[Agency, Contact]]:
        """The agencies among ``ids`` whose contacts the registry knows, with their links."""
        today = self.names.reference.today
        agencies = [self.catalog.agencies[i] for i in ids if i in self.catalog.agencies]
        return [(a, contact_of(self.catalog, a, today)) for a in agencies if a.has_contact()]

    def commune_agencies(self, commune: Commune) -> list[str]:
        place = self._place_ids.get((False, commune.unit.code))
        return [a.id for a in self._agencies_in(place) if a.kind in _COMMUNE_AGENCY_KINDS]

    @cached_property
    def ministry(self) -> str | None:
        """The Ministry of Justice, if the registry has it (found by name)."""
        return next((a.id for a in self.catalog.agencies.values()
                     if a.kind == "ministry" and fold(a.name) == "bo tu phap"), None)

    # ------------------------------------------------------------------ pages

    def pages(self) -> Iterator[tuple[str, str, PageMaker]]:
        """(source path, title, maker) of each province's page."""
        for place in self.places:
            yield place.src, f"Cơ quan nào giải quyết ở {place.name}?", self._page(place)

    def _page(self, place: Place) -> PageMaker:
        def make() -> RenderedPage:
            bodies = self.bodies(place)
            html = self.t.render(
                "lookup_province.html", place.src, place=place, bodies=bodies,
                justice_contacts=self.contacts(bodies["justice"]),
                with_contacts=[a.name for role in ROLES
                               for a, _ in self.contacts(bodies[role])],
                communes=self.rows[place.unit.code], ministry=self.ministry,
                commune_agencies=self.commune_agencies)
            return RenderedPage(html, [
                toc_token("theo-loai-viec", "Ai giải quyết, theo loại việc"),
                toc_token("ho-tro", "Ai hướng dẫn, hỗ trợ bạn?"),
                toc_token("du-lieu", "Trang này có gì, chưa có gì"),
                toc_token("xa-phuong", "Các xã, phường, đặc khu")])
        return make

    def index(self) -> RenderedPage:
        """The rule, a search box (with JavaScript) and the 34 provinces."""
        page = links.index_src(links.LOOKUP)
        html = self.t.render("lookup_index.html", page, places=self.places,
                             ministry=self.ministry, total=sum(map(len, self.rows.values())))
        return RenderedPage(html, [
            toc_token("quy-tac", "Quy tắc chung"),
            toc_token("ho-tro", "Ai hướng dẫn, hỗ trợ bạn?"),
            toc_token("tinh-thanh-pho", f"{len(self.places)} tỉnh, thành phố")])

    def data(self) -> Output:
        """The names the index's search box looks through (:meth:`data_text`), made when
        written."""
        return later(links.LOOKUP_DATA, self.data_text)

    def data_text(self) -> str:
        """The names the index's search box looks through (about 440 kB, 104 kB compressed,
        fetched when a reader starts typing), with links relative to the index::

            {"p": [[name, url, [merged provinces]]], "d": [[old district, its province]],
             "c": [[province, name, anchor, code, [[district, old commune, ...], ...]]]}

        ``province`` and ``district`` index ``p`` and ``d``. A whole old district that
        became one commune is listed as the old commune, with an empty district."""
        page = links.index_src(links.LOOKUP)
        places = [[place.title, self.names.urls.rel(page, place.src), list(place.merged)]
                  for place in self.places]
        districts: dict[tuple[str, str], int] = {}
        rows: list[list[object]] = []
        for i, place in enumerate(self.places):
            for c in self.rows[place.unit.code]:
                groups: dict[int, list[object]] = {}
                for f in c.formers:
                    where = (f.district, f.province) if f.ward else ("", f.province)
                    d = districts.setdefault(where, len(districts))
                    part = " (một phần)" if f.split else ""
                    groups.setdefault(d, [d]).append(f.name + part)
                rows.append([i, c.name, c.anchor, c.code, list(groups.values())])
        return json.dumps({"p": places, "d": list(districts), "c": rows}, ensure_ascii=False,
                          separators=(",", ":"))

