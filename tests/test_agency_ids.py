"""Proposed agency ids follow the registry's own id style."""

from __future__ import annotations

from pathlib import Path

from planpub.importer.agencies import load_abbreviations
from planpub.importer.agency_ids import agency_id, unique_id
from planpub.load import load_registry

ROOT = Path(__file__).resolve().parents[1]


def test_the_rule_reproduces_the_registrys_local_ids() -> None:
    """Every local entry of the registry, named in full, gets back its own id; the one
    the rule misses writes "có liên quan" as "lien-quan" where another keeps "co"."""
    registry, _ = load_registry(ROOT)
    abbreviations = load_abbreviations(ROOT)
    local = [a for a in registry.agencies.values() if a.locality]
    missed = {a.id for a in local
              if agency_id(a.name, registry.localities[a.locality or ""].name,
                           abbreviations) != a.id}
    assert len(local) >= 40
    assert missed == {"co-quan-to-chuc-lien-quan-binh-duong"}


def test_places_come_from_the_national_list() -> None:
    abbreviations = load_abbreviations(ROOT)
    # a place printed in the name wins; "TP." and a space lost in conversion are read
    assert agency_id("UBND TP. Hồ Chí Minh", None, abbreviations) == "ubnd-tp-ho-chi-minh"
    assert agency_id("Sở Tư pháp", "tỉnh ĐắkLắk", abbreviations) == "so-tu-phap-dak-lak"
    assert agency_id("Cục THADS tỉnh Lai Châu", None, abbreviations) == "thads-tinh-lai-chau"
    assert agency_id("Sở KH&CN", "tỉnh Lai Châu", abbreviations) == (
        "so-khoa-hoc-va-cong-nghe-lai-chau")
    assert agency_id("Báo Lai Châu", "tỉnh Lai Châu", abbreviations) == "bao-lai-chau"
    assert agency_id("Bộ Công an", None, abbreviations) == "bo-cong-an"


def test_ids_stay_unique_and_short() -> None:
    long = "so-" + "a" * 120
    first = unique_id(long, set())
    second = unique_id(long, {first})
    assert len(first) == len(second) == 100 and second.endswith("-2") and first != second
    assert unique_id("", set()) == "co-quan"
