"""Accessibility of the pages citizens use most, in both colour schemes.

axe-core (bundled by the ``axe-playwright-python`` package, so no download at
test time) runs in headless Chromium over the home page (also with the header
search's results open), a legal page, a plan, an agency, the calendar, a
legal-document page, the search page with a query, the claim journey and the
"which body handles my case" lookup; no violation may be serious or critical,
which covers WCAG AA contrast, names, labels, landmarks and language. The
keyboard tests walk the pages with Tab, Enter, the arrows and Escape only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "trang chủ": "",
    "trang pháp luật": "phap-luat/thoi-hieu/",
    "trang kế hoạch": "ke-hoach/binh-duong-2025-boi-thuong-nha-nuoc/",
    "trang cơ quan": "co-quan/so-tu-phap-binh-duong/",
    "lịch hạn": "lich/",
    "trang văn bản": "van-ban/nd-68-2018-nd-cp/",
    "tìm kiếm": "tim-kiem/?q=b%E1%BB%93i+th%C6%B0%E1%BB%9Dng",
    "yêu cầu bồi thường": "yeu-cau-boi-thuong/",
    "cơ quan nào giải quyết": "co-quan-giai-quyet/",
    "cơ quan giải quyết ở một tỉnh": "co-quan-giai-quyet/ho-chi-minh/",
    "khả năng tiếp cận": "kha-nang-tiep-can/",
}
SCHEMES = {"light": "default", "dark": "slate"}
"""Browser colour preference → the Material palette scheme mkdocs.yml maps it to."""

_AXE = Axe()


@pytest.fixture(params=list(SCHEMES), scope="module")
def scheme_tab(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    context = browser.new_context(color_scheme=request.param,
                                  viewport={"width": 1280, "height": 900})
    yield request.param, context.new_page()
    context.close()


def _serious(results: dict[str, Any]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def _settled(tab: Any) -> None:
    """Wait for the search page's results, on the search page."""
    tab.wait_for_function("() => { const p = document.querySelector('[data-pp-search-page]');"
                          " return !p || p.dataset.query !== undefined; }")


def _header_results(tab: Any, query: str = "bồi thường") -> Any:
    """Type ``query`` into the header search box; return its results panel once they show."""
    box = tab.locator(".pp-search__input")
    box.fill(query)
    tab.wait_for_function(
        "q => document.querySelector('#pp-search-popup').dataset.query === q", arg=query)
    popup = tab.locator("#pp-search-popup")
    assert popup.is_visible() and popup.locator("[role=option]").count() > 1
    return popup


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violations(scheme_tab: tuple[str, Any], site_url: str,
                                   name: str) -> None:
    scheme, tab = scheme_tab
    tab.goto(site_url + PAGES[name])
    _settled(tab)
    shown = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme], f"{name}: bảng màu {shown!r}, cần {SCHEMES[scheme]!r}"
    assert tab.evaluate("document.documentElement.lang") == "vi"
    problems = _serious(_AXE.run(tab).response)
    assert not problems, f"{name} ({scheme}):\n" + "\n".join(problems)


@pytest.mark.parametrize("query", ["bồi thường", "so tu phap"])
def test_no_serious_axe_violations_with_the_header_results_open(
        scheme_tab: tuple[str, Any], site_url: str, query: str) -> None:
    """Results highlight the query in titles, excerpts and the details line (agency names)."""
    scheme, tab = scheme_tab
    tab.goto(site_url)
    _header_results(tab, query)
    tab.keyboard.press("ArrowDown")  # an active (highlighted) result is checked too
    problems = _serious(_AXE.run(tab).response)
    assert not problems, f"kết quả tìm kiếm “{query}” ({scheme}):\n" + "\n".join(problems)


def _focused(tab: Any) -> dict[str, Any]:
    info: dict[str, Any] = tab.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), cls: el.className || "",
                href: el.getAttribute("href") || "", text: el.innerText || "",
                inMain: !!el.closest("article.md-content__inner"),
                visible: el.getBoundingClientRect().width > 0,
                outline: style.outlineStyle !== "none" || style.boxShadow !== "none"};
    }""")
    return info


@pytest.mark.parametrize("name", list(PAGES))
def test_keyboard_skip_link_leads_to_the_content(tab: Any, site_url: str, name: str) -> None:
    tab.goto(site_url + PAGES[name])
    _settled(tab)
    tab.keyboard.press("Tab")
    first = _focused(tab)
    assert "md-skip" in first["cls"], f"{name}: phím Tab đầu tiên tới {first}"
    assert first["visible"] and first["text"].strip(), f"{name}: liên kết bỏ qua không hiện"
    assert "nội dung chính" in first["text"], f"{name}: liên kết bỏ qua không nói tới đâu"
    assert first["href"] == "#__noi-dung", f"{name}: liên kết bỏ qua dẫn tới {first['href']}"
    tab.keyboard.press("Enter")
    for _ in range(40):  # the content's first link or control, a bounded walk
        tab.keyboard.press("Tab")
        if _focused(tab)["inMain"]:
            break
    focused = _focused(tab)
    assert focused["inMain"], f"{name}: Tab sau liên kết bỏ qua không tới nội dung chính"
    assert focused["outline"], f"{name}: phần tử đang nhận phím không có viền đánh dấu"


def test_keyboard_follows_a_citation_link(tab: Any, site_url: str) -> None:
    tab.goto(site_url + PAGES["trang pháp luật"])
    for _ in range(200):
        tab.keyboard.press("Tab")
        if "pp-cite" in _focused(tab)["cls"]:
            break
    assert "pp-cite" in _focused(tab)["cls"], "không tới được trích dẫn nào bằng phím Tab"
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/van-ban/luat-tnbtcnn-2017/")
    assert tab.locator("h1").first.inner_text() == "Luật số 10/2017/QH14"


def test_calendar_filters_work_with_the_keyboard(tab: Any, site_url: str) -> None:
    tab.goto(site_url + PAGES["lịch hạn"])
    for _ in range(200):
        tab.keyboard.press("Tab")
        if _focused(tab)["tag"] == "select":
            break
    assert _focused(tab)["tag"] == "select", "không tới được bộ lọc lịch bằng phím Tab"
    total = tab.locator("tr[data-plan]:visible").count()
    tab.keyboard.press("ArrowDown")
    chosen = tab.evaluate("document.activeElement.value")
    assert chosen, "phím mũi tên không chọn được cơ quan trong bộ lọc"
    visible = tab.locator("tr[data-plan]:visible")
    assert 0 < visible.count() < total
    assert f"co-quan={chosen}" in tab.url


def test_results_mark_the_active_option_selected(tab: Any, site_url: str) -> None:
    tab.goto(site_url)
    popup = _header_results(tab)
    listbox = tab.locator("#" + tab.locator(".pp-search__input").get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"
    # a listbox holds options only; the count is announced from a status beside it
    roles = listbox.evaluate("el => [...el.children].map((c) => c.getAttribute('role'))")
    assert set(roles) == {"option"}, roles
    assert popup.locator("[role=status]").inner_text().endswith("kết quả")
    options = listbox.locator("[role=option]")
    box = tab.locator(".pp-search__input")
    for at in (0, 1):
        tab.keyboard.press("ArrowDown")
        selected = [o.get_attribute("aria-selected") for o in options.all()]
        assert selected == ["true" if i == at else "false" for i in range(len(selected))]
        assert box.get_attribute("aria-activedescendant") == options.nth(at).get_attribute("id")
    tab.keyboard.press("ArrowUp")
    assert options.nth(0).get_attribute("aria-selected") == "true"


def test_escape_closes_the_results_from_inside_them(tab: Any, site_url: str) -> None:
    tab.goto(site_url)
    popup = _header_results(tab)
    box = tab.locator(".pp-search__input")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")  # on the second result, inside the results
    inside = popup.evaluate("el => el.contains(document.activeElement) && "
                            "document.activeElement.getAttribute('role')")
    assert inside == "option"
    tab.keyboard.press("Escape")
    assert popup.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.evaluate("el => el === document.activeElement"), "Escape không đưa về ô tìm kiếm"


def test_escape_in_the_box_closes_the_results_and_keeps_the_query(tab: Any,
                                                                  site_url: str) -> None:
    tab.goto(site_url)
    popup = _header_results(tab)
    box = tab.locator(".pp-search__input")
    typed = box.input_value()
    assert typed
    box.focus()
    tab.keyboard.press("Escape")
    assert popup.is_hidden()
    assert box.input_value() == typed, "Escape xóa mất từ khóa người đọc đã gõ"
    assert box.evaluate("el => el === document.activeElement"), "Escape làm mất vị trí con trỏ"
