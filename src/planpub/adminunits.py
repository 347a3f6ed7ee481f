"""Vietnam's administrative units after 1 July 2025, and what the older units became.

Why two maintained libraries rather than hand-typed localities: the 2025 reorganisation
left 34 provinces and 3,321 communes, each with an official code (the General
Statistics Office's list). Typing them by hand invites wrong names, wrong codes and a
registry that drifts from the law; the packages below are maintained, versioned and
pinned in ``pyproject.toml``, so an update is one reviewed version bump.

- ``vietnam-provinces``: the current provinces and communes with their official codes
  (its documented ``NESTED_DIVISIONS_JSON_PATH``; ``__data_version__`` dates the data).
- ``vietnamadminunits``: the old (63-province) → new (34-province) conversion. Free text
  goes through its ``convert_address``; structured lookups (a registry entry's name and
  its parents) read the same conversion tables directly, so that they never need the
  address parser.

Nothing is read at import, and each part loads once per process, when first needed
(measured on the development machine): the current list (the package's JSON, read
without importing the package: about 15 ms) and the conversion tables (about 7 ms);
checking the bundled registry with both takes about 30 ms and 8 MiB. The address
converter loads only when :func:`convert` is called: about 0.7–1.7 s and 90 MiB (it
imports numpy, shapely, geopy and its parsers). :func:`convert` never passes a street,
so the converter never asks an online geocoder.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planpub.slug import fold, nfc

DIVISION_KINDS = {"tỉnh": "province", "thành phố trung ương": "city", "phường": "ward",
                  "xã": "commune", "đặc khu": "special-zone"}
"""The dataset's division types → the registry's locality kinds."""
PROVINCE_KINDS = frozenset({"province", "city"})
COMMUNE_KINDS = frozenset({"ward", "commune", "special-zone"})
DISTRICT_KINDS = frozenset({"district", "town", "district-city"})
_TYPE_WORDS = {"province": "tỉnh", "city": "thành phố", "district": "huyện", "town": "thị xã",
               "district-city": "thành phố", "ward": "phường", "commune": "xã",
               "special-zone": "đặc khu"}
_PREFIX = re.compile(r"^(tỉnh|thành phố|phường|xã|đặc khu|thị trấn|thị xã|huyện|quận)\s+",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """A current province or commune as the dataset lists it."""

    code: int
    name: str
    """As the dataset prints it: ``Quảng Ngãi``, ``Thành phố Hồ Chí Minh``, ``Phường Đức Phổ``."""
    division: str
    """``tỉnh``, ``thành phố trung ương``, ``phường``, ``xã`` or ``đặc khu``."""
    province_code: int | None = None
    """The province of a commune (None for a province)."""

    @property
    def kind(self) -> str:
        """The registry's locality kind (``province``, ``city``, ``ward`` …)."""
        return DIVISION_KINDS[self.division]

    @property
    def full_name(self) -> str:
        """The name as the registry writes it: ``tỉnh Quảng Ngãi``, ``phường Đức Phổ``."""
        if self.division == "tỉnh":
            return f"tỉnh {self.name}"
        match = _PREFIX.match(self.name)
        if match and self.province_code is not None:
            return match.group(1).lower() + self.name[match.end(1):]
        return self.name

    @property
    def base_name(self) -> str:
        """The name without its type word: ``Đức Phổ``."""
        return _PREFIX.sub("", self.name)


@dataclass(frozen=True)
class Succession:
    """What an old unit became: one unit, or several when its area was split."""

    units: tuple[Unit, ...]
    default: Unit | None = None
    """The converter's choice when an address names no street (None for a district)."""

    @property
    def several(self) -> bool:
        return len(self.units) > 1


def _key(text: str, accents: bool = False) -> str:
    """The converter's key of a name: letters and digits only, lower case (diacritics kept
    only where the converter keeps them, to tell apart names that differ only there)."""
    if accents:
        return _NOT_WORD.sub("", nfc(text).lower())
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return _NOT_ALNUM.sub("", plain.encode("ascii", "ignore").decode("ascii").lower())


_NOT_WORD = re.compile(r"[^\w]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


# --------------------------------------------------------------------------- current units


def _package_dir(package: str) -> Path:
    """A package's folder, found without importing it (its ``__init__`` is the slow part)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class _Current:
    provinces: dict[int, Unit]
    communes: dict[int, Unit]


@functools.cache
def _current() -> _Current:
    # vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, found without importing the package:
    # its import builds an enum of the 3,321 communes (about 0.07 s and 14 MiB) we do not use.
    path = _package_dir("vietnam_provinces") / "data" / "nested-divisions.json"
    raw: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    provinces: dict[int, Unit] = {}
    communes: dict[int, Unit] = {}
    for item in raw:
        province = Unit(int(item["code"]), nfc(item["name"]), item["division_type"])
        provinces[province.code] = province
        for ward in item.get("wards", []):
            unit = Unit(int(ward["code"]), nfc(ward["name"]), ward["division_type"],
                        province.code)
            communes[unit.code] = unit
    return _Current(provinces, communes)


@functools.cache
def _by_name() -> dict[str, list[Unit]]:
    """Folded name, with and without the type word → units (for :func:`find`)."""
    out: dict[str, list[Unit]] = {}
    for unit in [*provinces(), *communes()]:
        for name in {_key(unit.full_name), _key(unit.base_name)}:
            out.setdefault(name, []).append(unit)
    return out


@functools.cache
def _province_keys() -> dict[str, Unit]:
    """The converter's key of each current province (``tinhquangngai``) → the province."""
    return {_key(p.full_name): p for p in provinces()}


@functools.cache
def _commune_keys(province_code: int) -> dict[str, Unit]:
    """The converter's keys of a province's communes (plain and accented) → the commune."""
    out: dict[str, Unit] = {}
    plain: dict[str, list[Unit]] = {}
    for unit in communes(province_code):
        out[_key(unit.name, accents=True)] = unit
        plain.setdefault(_key(unit.name), []).append(unit)
    out.update((key, units[0]) for key, units in plain.items() if len(units) == 1)
    return out


def provinces() -> list[Unit]:
    """The 34 provinces and centrally-run cities, in the dataset's order."""
    return list(_current().provinces.values())


def communes(province_code: int | None = None) -> list[Unit]:
    """The communes, wards and special zones (of one province if given)."""
    units = _current().communes.values()
    return [u for u in units if province_code is None or u.province_code == province_code]


def province(code: int) -> Unit | None:
    """The current province with this official code."""
    return _current().provinces.get(code)


def commune(code: int) -> Unit | None:
    """The current commune, ward or special zone with this official code."""
    return _current().communes.get(code)


def by_code(kind: str, code: int) -> Unit | None:
    """The unit a registry entry of ``kind`` means by ``code`` (provinces and communes are
    numbered separately: province 51 is not commune 51)."""
    if kind in PROVINCE_KINDS:
        return province(code)
    if kind in COMMUNE_KINDS:
        return commune(code)
    return None


def find(name: str, province_code: int | None = None) -> list[Unit]:
    """Current units named ``name`` (type word optional, diacritics optional).

    Written with diacritics, only units spelled the same way match; without, every
    spelling does (``duc pho`` finds ``Phường Đức Phổ``).
    """
    wanted = nfc(name.strip())
    found = _by_name().get(_key(wanted), [])
    if province_code is not None:
        found = [u for u in found if province_code == (
            u.code if u.province_code is None else u.province_code)]
    if wanted != fold(wanted):  # diacritics typed: they must agree
        exact = _key(_PREFIX.sub("", wanted), accents=True)
        found = [u for u in found if _key(u.base_name, accents=True) == exact]
    return list(found)


def data_version() -> str:
    """The date of the current-units data (``vietnam_provinces.__data_version__``)."""
    import vietnam_provinces

    return str(vietnam_provinces.__data_version__)


# --------------------------------------------------------------------------- old → new


@functools.cache
def _tables() -> dict[str, Any]:
    path = _package_dir("vietnamadminunits") / "data" / "converter_2025.json"
    tables: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return tables


def converter_tables() -> dict[str, Any]:
    """The converter's old → new tables (``converter_2025.json``), read once per process."""
    return _tables()


def package_data(package: str, name: str) -> Path:
    """A file of a package's ``data`` folder, found without importing the package."""
    return _package_dir(package) / "data" / name


def province_by_key(key: str) -> Unit | None:
    """The current province with the converter's key ``key`` (``tinhquangngai``)."""
    return _province_keys().get(key)


def communes_by_key(province_code: int) -> dict[str, Unit]:
    """The converter's keys of a province's communes (plain and accented) → the commune."""
    return _commune_keys(province_code)


def _old_key(kind: str, name: str) -> tuple[str, str]:
    """Both converter keys of an old unit's name (plain, accented), type word added."""
    written = nfc(name.strip())
    if not _PREFIX.match(written) and not fold(written).startswith("thanh pho"):
        written = f"{_TYPE_WORDS.get(kind, '')} {written}"
    return _key(written), _key(written, accents=True)


def successors(chain: Sequence[tuple[str, str]]) -> Succession | None:
    """What an old unit became, from its ``(kind, name)`` and its parents', innermost first.

    ``[("ward", "phường Phổ Minh"), ("town", "thị xã Đức Phổ"), ("province", "tỉnh Quảng
    Ngãi")]`` → phường Đức Phổ (21439). A district became the communes its area went to
    (several); a commune split between several new communes lists them all. None when
    the converter does not know the unit.
    """
    levels = [(kind, name) for kind, name in chain if kind != "country"]
    if not levels or levels[-1][0] not in PROVINCE_KINDS:
        return None
    tables = _tables()
    old_provinces = _old_key(*levels[-1])
    new_province = next((new for new, olds in tables["DICT_PROVINCE"].items()
                         if any(k in olds for k in old_provinces)), None)
    if new_province is None:
        return None
    kind = levels[0][0]
    if kind in PROVINCE_KINDS:
        unit = _province_keys().get(new_province)
        return Succession((unit,), unit) if unit else None
    district = next((_old_key(k, n) for k, n in levels[1:-1] if k in DISTRICT_KINDS), None)
    prefixes = [f"{p}_{d}_" for p in old_provinces for d in (district or ())]
    if kind in DISTRICT_KINDS:
        prefixes = [f"{p}_{d}_" for p in old_provinces for d in _old_key(*levels[0])]
        wards: tuple[str, ...] = ("",)
    elif kind in COMMUNE_KINDS:
        wards = _old_key(*levels[0])
    else:
        return None
    return _match(new_province, prefixes, wards, whole=kind in DISTRICT_KINDS)


def _match(new_province: str, prefixes: list[str], wards: tuple[str, ...], whole: bool
           ) -> Succession | None:
    """New communes of ``new_province`` whose old keys match (any district if none given)."""
    tables, province = _tables(), _province_keys().get(new_province)
    if province is None:
        return None
    current = _commune_keys(province.code)

    def hit(old: str) -> bool:
        start, _, ward = old.rpartition("_")
        if whole:
            return any(old.startswith(p) for p in prefixes)
        if ward not in wards:
            return False
        return not prefixes or any(f"{start}_" == p for p in prefixes)

    keys: dict[str, None] = {}
    chosen: str | None = None
    for new, olds in tables["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province, {}).items():
        if any(hit(old) for old in olds):
            keys[new] = None
    for old, parts in tables["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {}).items():
        if hit(old):
            for part in parts:
                keys[part["newWardKey"]] = None
                if part.get("isDefaultNewWard") and chosen is None:
                    chosen = part["newWardKey"]
    units = tuple(current[k] for k in keys if k in current)
    if not units:
        return None
    if whole:
        return Succession(units)
    default = units[0] if len(units) == 1 else current.get(chosen or "")
    return Succession(units, default)


@dataclass(frozen=True)
class Conversion:
    """A free-text old address and what it is now."""

    old: str
    """The old address as the converter read it: ``Phường Phổ Minh, Thị xã Đức Phổ, …``."""
    succession: Succession | None


def convert(address: str) -> Conversion:
    """Convert an old (before 1 July 2025) address with ``vietnamadminunits``.

    Only the last three parts (ward, district, province) are passed, so the converter
    never geocodes a street online. Where the old ward was split, every new ward it went
    to is listed, the converter's default first.
    """
    from vietnamadminunits import convert_address  # deferred: about 0.6 s and 65 MiB

    parts = [p.strip() for p in address.split(",") if p.strip()][-3:]
    new = convert_address(", ".join(parts))
    old = getattr(new, "OldAdminUnit", None)
    shown = old.get_address() if old is not None else ", ".join(parts)
    default = None
    if new.ward_code:
        default = commune(int(new.ward_code))
    elif new.province_code:
        default = province(int(new.province_code))
    found = None
    if old is not None and old.province_key and old.district_key and old.ward_key:
        found = _match(str(new.province_key), [f"{old.province_key}_{old.district_key}_"],
                       (str(old.ward_key),), whole=False)
    if found is None:
        return Conversion(shown, Succession((default,), default) if default else None)
    ordered = tuple(sorted(found.units, key=lambda u: u != default))
    return Conversion(shown, Succession(ordered, default))
