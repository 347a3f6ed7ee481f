"""Site search in a real browser: the header box and the results page of the built site.

Queries are typed into the real search box (headless Debian Chromium through
Playwright) and the results checked as a reader sees them: with or without
diacritics, any case, đ folded, document numbers as typed, several words
narrowing, phrases, filters, sorting by due date, and the page without
JavaScript.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

INDEX = "tim-kiem/chi-muc"
BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"


def header_search(tab: Any, site_url: str, query: str) -> dict[str, Any]:
    """Type ``query`` into the header box; return the drop-down as the reader sees it."""
    tab.goto(site_url)
    tab.keyboard.press("/")  # the keyboard shortcut opens and focuses the box
    box = tab.locator(".pp-search__input")
    assert box.evaluate("el => el === document.activeElement")
    box.fill(query)
    tab.wait_for_function(
        "q => document.querySelector('#pp-search-popup').dataset.query === q", arg=query)
    popup = tab.locator("#pp-search-popup")
    results = popup.locator(".pp-result")
    return {
        "status": popup.locator(".pp-search__status").first.inner_text(),
        "titles": [t.inner_text() for t in results.locator(".pp-result__title").all()],
        "hrefs": [a.get_attribute("href") for a in results.all()],
        "text": popup.inner_text(),
        "marks": [m.inner_text() for m in popup.locator("mark").all()],
        "results": results,
    }


def page_search(tab: Any, site_url: str, params: str) -> dict[str, Any]:
    """Open /tim-kiem/?<params>; wait for its results; return them."""
    tab.goto(f"{site_url}tim-kiem/?{params}")
    status = tab.locator(".pp-search-page__status")
    tab.wait_for_function(
        "() => document.querySelector('[data-pp-search-page]').dataset.query !== undefined")
    items = tab.locator(".pp-search-page__results .pp-result")
    return {
        "status": status.inner_text(),
        "kinds": [a.get_attribute("data-kind") for a in items.all()],
        "titles": [t.inner_text() for t in items.locator(".pp-result__title").all()],
        "hrefs": [a.get_attribute("href") for a in items.all()],
        "metas": [m.inner_text() for m in items.locator(".pp-result__meta").all()],
        "items": items,
    }


def count(status: str) -> int:
    """The number in "54 kết quả" (0 for "Không tìm thấy ...")."""
    head = status.split(" kết quả")[0].replace(".", "").strip()
    return int(head) if head.isdigit() else 0


@pytest.mark.parametrize("query", ["boi thuong", "bồi thường", "BỒI THƯỜNG", "Boi Thuong"])
def test_diacritics_and_case_do_not_matter(tab: Any, site_url: str, query: str) -> None:
    found = header_search(tab, site_url, query)
    assert count(found["status"]) >= 20
    assert found["titles"], found["text"]
    # the words are highlighted in the excerpts, as written on the page
    assert any(m.lower() in ("bồi thường", "bồi", "thường") for m in found["marks"])


def test_folded_and_exact_queries_find_the_same(tab: Any, site_url: str) -> None:
    plain = header_search(tab, site_url, "boi thuong")
    exact = header_search(tab, site_url, "bồi thường")
    assert count(plain["status"]) == count(exact["status"])


@pytest.mark.parametrize(("query", "written"), [
    ("duc pho", "Đức Phổ"), ("Đức Phổ", "Đức Phổ"), ("DUC PHO", "Đức Phổ"),
    ("dong", "đồng"), ("Đồng", "đồng"),
])
def test_d_with_stroke_folds(tab: Any, site_url: str, query: str, written: str) -> None:
    """"duc pho" finds "Đức Phổ", "dong" finds "đồng": đ/Đ fold to d like the other letters."""
    found = header_search(tab, site_url, query)
    assert count(found["status"]) >= 1, found["text"]
    first = written.split()[0]
    assert any(m.lower() == first.lower() for m in found["marks"]), found["marks"]


def test_exact_diacritics_rank_first(tab: Any, site_url: str) -> None:
    """"đông" (east) and "đồng" fold alike; the form typed ranks first."""
    found = header_search(tab, site_url, "đồng")
    assert found["marks"] and found["marks"][0].lower() == "đồng"


def test_highlights_follow_the_diacritics_typed(tab: Any, site_url: str) -> None:
    """"Sở Tư pháp" marks "Sở", "Tư", "pháp", not "sơ" in "hồ sơ" nor "số" nor "từ"."""
    found = header_search(tab, site_url, "Sở Tư pháp")
    marks = {m.lower() for m in found["marks"]}
    assert {"sở", "tư", "pháp"} <= marks
    assert not marks & {"sơ", "số", "từ", "tu", "so"}, marks
    plain = header_search(tab, site_url, "so tu phap")
    assert {"sở", "tư", "pháp"} <= {m.lower() for m in plain["marks"]}


def test_tong_hop_finds_the_consolidating_tasks(tab: Any, site_url: str) -> None:
    found = page_search(tab, site_url, "q=tong+hop&loai=nhiem-vu")
    assert count(found["status"]) >= 2
    assert set(found["kinds"]) == {"nhiem-vu"}
    # task results say their plan, lead agency and timeline or due date
    assert all("Kế hoạch:" in m and "Chủ trì:" in m for m in found["metas"])
    assert any("Hạn:" in m for m in found["metas"])
    assert any(f"ke-hoach/{BD}/#nhiem-vu-" in h for h in found["hrefs"])


@pytest.mark.parametrize(("query", "expected"), [
    ("42/KH-UBND", "van-ban/kh-42-kh-ubnd-quang-ngai-2024/"),
    ("42/kh-ubnd", "van-ban/kh-42-kh-ubnd-quang-ngai-2024/"),
    ("Thông tư 08/2019", "van-ban/tt-08-2019-tt-btp/"),
    ("08/2019/TT-BTP", "van-ban/tt-08-2019-tt-btp/"),
    ("68/2018", "van-ban/nd-68-2018-nd-cp/"),
])
def test_document_numbers_as_typed(tab: Any, site_url: str, built_site: Path, query: str,
                                   expected: str) -> None:
    assert (built_site / expected / "index.html").is_file(), expected
    found = header_search(tab, site_url, query)
    assert found["hrefs"], found["text"]
    assert expected in found["hrefs"][0], found["hrefs"]


def test_more_words_narrow(tab: Any, site_url: str) -> None:
    wide = header_search(tab, site_url, "bồi thường")
    narrow = header_search(tab, site_url, "bồi thường Phổ Minh")
    assert 0 < count(narrow["status"]) < count(wide["status"])
    assert "Phổ Minh" in narrow["text"]


def test_phrase_in_quotes_is_a_phrase(tab: Any, site_url: str) -> None:
    loose = page_search(tab, site_url, "q=" + quote("tư pháp hộ tịch"))
    phrase = page_search(tab, site_url, "q=" + quote('"Tư pháp - Hộ tịch"'))
    assert 0 < count(phrase["status"]) <= count(loose["status"])


def test_an_agency_by_name(tab: Any, site_url: str) -> None:
    found = header_search(tab, site_url, "Sở Tư pháp Bình Dương")
    assert found["hrefs"] and "co-quan/so-tu-phap-binh-duong/" in found["hrefs"][0]
    found = header_search(tab, site_url, "so tu phap binh duong")
    assert "co-quan/so-tu-phap-binh-duong/" in found["hrefs"][0]


def test_nothing_found_says_so(tab: Any, site_url: str) -> None:
    found = header_search(tab, site_url, "xyzzyqua")
    assert "Không tìm thấy" in found["status"]


def test_filter_by_agency(tab: Any, site_url: str) -> None:
    everything = page_search(tab, site_url, "q=boi+thuong&loai=nhiem-vu")
    place = "binh-duong"
    agency = "so-tu-phap-binh-duong"
    found = page_search(tab, site_url,
                        f"q=boi+thuong&loai=nhiem-vu&dia-ban={place}&co-quan={agency}")
    assert 0 < count(found["status"]) < count(everything["status"])
    assert all(f"ke-hoach/{BD}/" in h for h in found["hrefs"])
    # the agency filter is a real form control a reader can change
    assert tab.locator("select[name=co-quan]").input_value() == agency
    tab.select_option("select[name=co-quan]", "")
    tab.wait_for_function(
        "n => document.querySelectorAll('.pp-search-page__results .pp-result').length !== n",
        arg=len(found["hrefs"]))


def test_filter_by_year_kind_and_locality(tab: Any, site_url: str) -> None:
    by_year = page_search(tab, site_url, "q=boi+thuong&loai=nhiem-vu&nam=2024")
    assert count(by_year["status"]) > 0
    assert all(f"ke-hoach/{PM}/" in h for h in by_year["hrefs"])
    plans = page_search(tab, site_url, "q=boi+thuong&loai=ke-hoach")
    assert set(plans["kinds"]) == {"ke-hoach"} and count(plans["status"]) == 2
    pages = page_search(tab, site_url, "q=boi+thuong&loai=trang")
    assert set(pages["kinds"]) == {"trang"}
    assert any("phap-luat/" in h for h in pages["hrefs"])


def test_sort_by_due_date(tab: Any, site_url: str, built_site: Path) -> None:
    found = page_search(tab, site_url, "q=boi+thuong&loai=nhiem-vu&sap-xep=han")
    dates = [t.get_attribute("datetime") for t in
             tab.locator(".pp-search-page__results .pp-result__meta time").all()]
    assert len(dates) >= 2
    # tasks not yet due come first, soonest first; then past ones, latest first
    today = tab.evaluate("() => new Date().toISOString().slice(0, 10)")
    upcoming = [d for d in dates if d >= today]
    past = [d for d in dates if d < today]
    assert dates == upcoming + past
    assert upcoming == sorted(upcoming) and past == sorted(past, reverse=True)
    assert count(found["status"]) > 0


def test_results_link_to_the_page_and_the_task_anchor(tab: Any, site_url: str) -> None:
    found = header_search(tab, site_url, "thống kê báo cáo kết quả công tác bồi thường")
    task = next(h for h in found["hrefs"] if "#nhiem-vu-" in h)
    tab.goto(task)
    anchor = task.split("#", 1)[1]
    assert tab.locator(f"[id='{anchor}']").is_visible()


def test_enter_opens_the_results_page(tab: Any, site_url: str) -> None:
    tab.goto(site_url)
    tab.keyboard.press("/")
    tab.keyboard.type("Phổ Minh")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/tim-kiem/?q=*")
    tab.wait_for_function(
        "() => document.querySelectorAll('.pp-search-page__results .pp-result').length > 0")
    assert "Phổ Minh" in tab.locator(".pp-search-page__results").inner_text()


def test_keyboard_moves_through_results(tab: Any, site_url: str) -> None:
    header_search(tab, site_url, "Sở Tư pháp")
    tab.keyboard.press("ArrowDown")
    first = tab.locator("#pp-search-popup .pp-active")
    assert first.count() == 1
    href = first.get_attribute("href")
    tab.keyboard.press("Enter")
    tab.wait_for_url(href)


def test_search_box_is_in_the_header_and_material_search_is_gone(tab: Any,
                                                                 site_url: str) -> None:
    tab.goto(site_url)
    assert tab.locator(".md-header [data-pp-search]").is_visible()
    assert tab.locator(".md-search").count() == 0


def test_without_javascript_links_to_the_indexes(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    fallback = page.locator(".pp-search-fallback a")
    assert {a.get_attribute("href").rstrip("/").rsplit("/", 1)[-1] for a in fallback.all()} \
        >= {"ke-hoach", "co-quan"}
    assert page.locator("[data-pp-search]").is_hidden()
    context.close()


def test_a_query_fetches_only_a_little(tab: Any, site_url: str) -> None:
    """After the page has loaded, a query downloads a few index files, not the index."""
    fetched: list[int] = []
    tab.goto(site_url)
    tab.wait_for_load_state("networkidle")
    tab.on("response", lambda r: fetched.append(len(r.body())) if INDEX in r.url else None)
    header_search_no_goto(tab, "Sở Tư pháp")
    assert 0 < len(fetched) <= 20
    assert sum(fetched) < 200_000


def header_search_no_goto(tab: Any, query: str) -> None:
    tab.keyboard.press("/")
    tab.locator(".pp-search__input").fill(query)
    tab.wait_for_function(
        "q => document.querySelector('#pp-search-popup').dataset.query === q", arg=query)


def test_index_skips_navigation_and_heading_marks(built_site: Path) -> None:
    """The index holds what a reader searches for: no ¶ marks, no menu words."""
    import gzip

    manifest = json.loads((built_site / INDEX / "manifest.json").read_text("utf-8"))
    assert manifest["records"] > 0
    texts = []
    for shard in (built_site / INDEX / "r").glob("*.bin"):
        texts.extend(json.loads(gzip.decompress(shard.read_bytes())))
    assert len(texts) == manifest["records"]
    blob = json.dumps(texts, ensure_ascii=False)
    assert "¶" not in blob
    assert "Chuyển sang nền tối" not in blob  # the palette toggle in the header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in blob  # the national motto boilerplate
