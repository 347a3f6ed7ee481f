"""What each current province and commune was called before 1 July 2025.

The reverse view of :mod:`planpub.adminunits`: for every current commune (3,321), the old
communes (about 10,000, with their district and province) whose area went to it, and for
every current province the old provinces merged into it. It reads the same pinned package
tables as :mod:`planpub.adminunits` (``vietnamadminunits``' ``converter_2025.json``) and
takes the accented old names from the package's ``parser_legacy.json``.

Loaded once per process, lazily, when a page first asks (measured on the development
machine, with :mod:`planpub.adminunits` already loaded): about 0.12 s of CPU and a peak of
13 MiB while the 2.6 MB of legacy names are read, then 2.2 MiB held (the legacy table is
dropped once its names are taken; each name is one shared string).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

# The converter's tables and keys exactly as adminunits reads them: one reading per process.
from planpub.adminunits import communes_by_key, converter_tables, package_data, province_by_key

_TYPE_WORD = re.compile(r"^(Tỉnh|Thành phố|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn|Đặc khu)\s")


@dataclass(frozen=True)
class Former:
    """An old (before 1 July 2025) unit whose area went, wholly or in part, to a commune."""

    ward: str
    """``phường Phổ Minh``; empty when a whole district with no communes went to it
    (``huyện Lý Sơn`` → ``đặc khu Lý Sơn``)."""
    district: str
    """``thị xã Đức Phổ``."""
    province: str
    """``tỉnh Quảng Ngãi``, ``Thành phố Hồ Chí Minh``."""
    split: tuple[int, ...] = ()
    """When the old commune was split: the codes of every current commune it went to
    (this one among them); empty when all of it went to this one."""

    @property
    def name(self) -> str:
        """How a list of former units names it: the old commune, or the whole district that
        had no communes (``huyện Lý Sơn``)."""
        return self.ward or self.district

    @property
    def where(self) -> str:
        """Where :attr:`name` was: ``thị xã Đức Phổ, tỉnh Quảng Ngãi`` (a whole district:
        its province)."""
        return f"{self.district}, {self.province}" if self.ward else self.province

    @property
    def full_name(self) -> str:
        """``phường Phổ Minh, thị xã Đức Phổ, tỉnh Quảng Ngãi``."""
        return ", ".join(n for n in (self.ward, self.district, self.province) if n)


@dataclass(frozen=True)
class _Former:
    provinces: dict[int, tuple[str, ...]]
    communes: dict[int, tuple[Former, ...]]


def lower_type(name: str, keep_city: bool = False) -> str:
    """The type word of an old unit's name in lower case, as in running text (``Phường Phổ
    Minh`` → ``phường Phổ Minh``); ``keep_city`` keeps a centrally-run city's ``Thành phố``."""
    match = _TYPE_WORD.match(name)
    if match is None or (keep_city and match.group(1) == "Thành phố"):
        return name
    return match.group(1).lower() + name[match.end(1):]


@functools.cache
def _former() -> _Former:
    path = package_data("vietnamadminunits", "parser_legacy.json")
    legacy: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    old_provinces = legacy["DICT_PROVINCE"]
    old_districts = legacy["DICT_PROVINCE_DISTRICT"]
    ward_tables = [legacy[k] for k in ("DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED",
                                       "DICT_PROVINCE_DISTRICT_WARD_ACCENTED",
                                       "DICT_PROVINCE_DISTRICT_WARD_SHORT_ACCENTED")]
    names: dict[str, str] = {}  # one string per old name, shared by every mention

    def former(old_key: str, split: tuple[int, ...]) -> Former | None:
        province, district, ward = old_key.split("_")
        if province not in old_provinces or district not in old_districts.get(province, {}):
            return None
        ward_name = ""
        if ward:
            found = next((t[province][district][ward] for t in ward_tables
                          if ward in t.get(province, {}).get(district, {})), None)
            if found is None:
                return None
            ward_name = lower_type(found["ward"])
        district_name = lower_type(old_districts[province][district]["district"])
        province_name = lower_type(old_provinces[province]["province"], keep_city=True)
        ward_name, district_name, province_name = (
            names.setdefault(n, n) for n in (" ".join(n.split()) for n in (
                ward_name, district_name, province_name)))
        return Former(ward_name, district_name, province_name, split)

    tables = converter_tables()
    by_commune: dict[int, list[Former]] = {}
    by_province: dict[int, tuple[str, ...]] = {}
    for new_province, olds in tables["DICT_PROVINCE"].items():
        unit = province_by_key(new_province)
        if unit is None:
            continue
        by_province[unit.code] = tuple(
            lower_type(old_provinces[k]["province"], keep_city=True)
            for k in sorted(olds, key=lambda k: k != new_province) if k in old_provinces)
        current = communes_by_key(unit.code)
        whole = tables["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province, {})
        divided = tables["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {})
        pairs: list[tuple[str, str, tuple[int, ...]]] = [
            (new, old, ()) for new, keys in whole.items() for old in keys]
        for old, parts in divided.items():
            went = tuple(current[p["newWardKey"]].code for p in parts
                         if p["newWardKey"] in current)
            pairs += [(p["newWardKey"], old, went) for p in parts]
        for new, old, went in pairs:
            commune = current.get(new)
            found = former(old, went) if commune else None
            if commune and found:
                by_commune.setdefault(commune.code, []).append(found)
    return _Former(by_province, {code: tuple(f) for code, f in by_commune.items()})


def former_provinces(province_code: int) -> tuple[str, ...]:
    """The old provinces merged into a current one, the one whose name it kept first
    (79 → ``Thành phố Hồ Chí Minh``, ``tỉnh Bình Dương``, ``tỉnh Bà Rịa - Vũng Tàu``)."""
    return _former().provinces.get(province_code, ())


def former_units(commune_code: int) -> tuple[Former, ...]:
    """The old communes whose area went to a current commune, in the converter's order,
    the split ones (``split``) last; empty if the converter does not know the commune."""
    return _former().communes.get(commune_code, ())
