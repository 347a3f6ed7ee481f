"""Accessibility of the pages citizens use most, in both colour schemes.

axe-core (bundled by the ``axe-playwright-python`` package, so no download at
test time) runs in headless Chromium over the home page, a legal page, a plan,
an agency, the calendar and a legal-document page; no violation may be serious
or critical, which covers WCAG AA contrast, names, labels, landmarks and
language. The keyboard tests walk the pages with Tab and Enter only.
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


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violations(scheme_tab: tuple[str, Any], site_url: str,
                                   name: str) -> None:
    scheme, tab = scheme_tab
    tab.goto(site_url + PAGES[name])
    shown = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme], f"{name}: bảng màu {shown!r}, cần {SCHEMES[scheme]!r}"
    assert tab.evaluate("document.documentElement.lang") == "vi"
    problems = _serious(_AXE.run(tab).response)
    assert not problems, f"{name} ({scheme}):\n" + "\n".join(problems)


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
    tab.keyboard.press("Tab")
    first = _focused(tab)
    assert "md-skip" in first["cls"], f"{name}: phím Tab đầu tiên tới {first}"
    assert first["visible"] and first["text"].strip(), f"{name}: liên kết bỏ qua không hiện"
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
