"""The header search finds where to go by a commune's or province's name, old or new: “pho
minh” (a ward until 01/07/2025) leads to phường Đức Phổ on the Quảng Ngãi page of “Cơ quan nào
giải quyết?”, “Kon Tum” to the Quảng Ngãi page; a query about claims finds no commune."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from test_search import INDEX, header_search, page_search

LOOKUP_KIND = "tra-cuu"
QUANG_NGAI = "co-quan-giai-quyet/quang-ngai/"


def lookup_records(site: Path) -> list[dict[str, Any]]:
    manifest = json.loads((site / INDEX / "manifest.json").read_text(encoding="utf-8"))
    _kind, _start, count, shard, _label = next(k for k in manifest["kinds"]
                                               if k[0] == LOOKUP_KIND)
    out: list[dict[str, Any]] = []
    for n in range((count + shard - 1) // shard):
        out += json.loads(gzip.decompress((site / INDEX / "r" / f"{LOOKUP_KIND}-{n}.bin")
                                          .read_bytes()))
    assert len(out) == count
    return out


def test_each_province_and_commune_has_a_record_linking_its_entry(built_site: Path) -> None:
    records = lookup_records(built_site)
    assert len(records) == 34 + 3321
    duc_pho = [r for r in records if r["t"] == "phường Đức Phổ"]
    assert len(duc_pho) == 1
    record = duc_pho[0]
    page, anchor = record["u"].split("#")
    assert page == QUANG_NGAI
    doc = lxml_html.fromstring((built_site / page / "index.html").read_text(encoding="utf-8"))
    assert doc.get_element_by_id(anchor).cssselect("b")[0].text == "Phường Đức Phổ"
    assert "phường Phổ Minh" in record["h"]
    assert "thuộc thị xã Đức Phổ, tỉnh Quảng Ngãi" in record["x"]
    assert "Mã 21439" in record["x"]
    assert record["m"]["place"] == "tỉnh Quảng Ngãi"
    # every commune's anchor is on its page
    anchors: dict[str, set[str]] = {}
    for r in records:
        page, _, anchor = r["u"].partition("#")
        if anchor:
            if page not in anchors:
                tree = lxml_html.fromstring(
                    (built_site / page / "index.html").read_text(encoding="utf-8"))
                anchors[page] = set(tree.xpath("//li/@id"))
            assert anchor in anchors[page], r["u"]
    province = next(r for r in records if r["u"] == QUANG_NGAI)
    assert "tỉnh Kon Tum" in province["h"]


@pytest.mark.browser
def test_a_former_ward_leads_to_its_commune(tab: Any, site_url: str) -> None:
    found = header_search(tab, site_url, "pho minh")
    target = f"{site_url}{QUANG_NGAI}#phuong-duc-pho"
    assert target in found["hrefs"]
    found["results"].nth(found["hrefs"].index(target)).click()
    tab.wait_for_url(target)
    assert "Phường Đức Phổ" in tab.locator(":target").inner_text()


@pytest.mark.browser
def test_a_former_province_leads_to_the_province_it_joined(tab: Any, site_url: str) -> None:
    found = header_search(tab, site_url, "Kon Tum")
    assert f"{site_url}{QUANG_NGAI}" in found["hrefs"]
    assert "Cơ quan nào giải quyết ở tỉnh Quảng Ngãi?" in found["titles"]


@pytest.mark.browser
@pytest.mark.parametrize("query", ["bồi thường", "Sở Tư pháp"])
def test_queries_about_claims_find_no_commune(tab: Any, site_url: str, query: str) -> None:
    found = page_search(tab, site_url, f"q={query}")
    assert found["kinds"] and LOOKUP_KIND not in found["kinds"]
    assert not tab.locator(f".pp-search-page__kinds button[data-kind='{LOOKUP_KIND}']").count()


def test_commune_records_print_the_official_code_with_its_zeros(built_site: Path) -> None:
    records = lookup_records(built_site)
    hoan_kiem = next(r for r in records if r["t"] == "phường Hoàn Kiếm")
    assert "Mã 00070" in hoan_kiem["x"]
    ha_noi = next(r for r in records if r["t"] == "Cơ quan nào giải quyết ở Thành phố Hà Nội?")
    assert "Mã 01" in ha_noi["x"]


def test_common_words_are_a_share_of_the_records_other_than_the_lookup(
        built_site: Path) -> None:
    """3,355 lookup records would raise the "common word" threshold of search.js (2 % of the
    records) for every query; the manifest gives the count it is a share of."""
    manifest = json.loads((built_site / INDEX / "manifest.json").read_text(encoding="utf-8"))
    lookup = next(k[2] for k in manifest["kinds"] if k[0] == LOOKUP_KIND)
    assert manifest["commonBase"] == manifest["records"] - lookup < 1000
    script = (Path(__file__).resolve().parents[1] / "site_templates" / "assets" / "javascripts"
              / "search.js").read_text(encoding="utf-8")
    assert "COMMON * (m.commonBase ?? m.records)" in script
