"""The claim journey "Yêu cầu bồi thường: bắt đầu từ đây", as a citizen meets it.

The built page: its numbered steps in order, each citing its article and linking to the
detailed page; the links to the lookup of settling agencies and to the form's public
source; the home page's start button above its first section; the page in the menu. In a
browser on a phone: from the home page's first screen to the page, its steps readable
without sideways scrolling, with JavaScript on and off.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

JOURNEY = "yeu-cau-boi-thuong/"
LOOKUP = "co-quan-giai-quyet/"
TITLE = "Yêu cầu bồi thường: bắt đầu từ đây"
STEPS = ("Kiểm tra thời hiệu", "Chuẩn bị hồ sơ", "Gửi hồ sơ", "Theo dõi việc giải quyết",
         "Nếu bạn không đồng ý")
"""The steps, in the order a claimant takes them (the start of each heading after "Bước N:")."""
PHONE = {"width": 390, "height": 844}
BASE = "https://example.test/"
FORM_SOURCE = ("https://luatvietnam.vn/tu-phap/van-ban-hop-nhat-8630-vbhn-btp-2025-ve-bieu-mau-"
               "cong-tac-boi-thuong-nha-nuoc-423462-d5.html")
"""Where the fact sheet found Văn bản hợp nhất 8630/VBHN-BTP, which holds Mẫu 01/BTNN."""


def words(text: str) -> str:
    return " ".join(text.split())


def parse(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def main(doc: Any) -> Any:
    return doc.cssselect("article.md-content__inner")[0]


def target(page_url: str, href: str) -> str:
    """Where a link on ``page_url`` leads, as a site path (``phap-luat/thoi-hieu/``)."""
    absolute = urljoin(BASE + page_url, href)
    return absolute[len(BASE):] if absolute.startswith(BASE) else absolute


def sections(article: Any) -> dict[str, list[Any]]:
    """Each h2's text → the elements under it, up to the next h2."""
    out: dict[str, list[Any]] = {}
    current: list[Any] | None = None
    for child in article:
        if child.tag == "h2":
            current = out.setdefault(words(child.text_content()).rstrip("¶ "), [])
        elif current is not None:
            current.append(child)
    return out


def links(elements: list[Any], page_url: str = JOURNEY) -> list[tuple[str, str]]:
    """(shown text, where it leads) of every link in ``elements``."""
    return [(words(a.text_content()), target(page_url, a.get("href", "")))
            for element in elements for a in element.iter("a")]


@pytest.fixture(scope="module")
def journey(built_site: Path) -> Any:
    return main(parse(built_site, JOURNEY))


@pytest.fixture(scope="module")
def steps(journey: Any) -> dict[str, list[Any]]:
    return {h: body for h, body in sections(journey).items() if h.startswith("Bước")}


# --------------------------------------------------------------------------- the built page


def test_the_page_has_its_title_and_the_steps_in_order(journey: Any) -> None:
    assert words(journey.cssselect("h1")[0].text_content()).rstrip("¶ ") == TITLE
    headings = list(sections(journey))
    assert headings[0] == "Ai được yêu cầu bồi thường?"
    numbered = [h for h in headings if h.startswith("Bước")]
    assert len(numbered) == len(STEPS)
    for number, (heading, step) in enumerate(zip(numbered, STEPS, strict=True), start=1):
        assert heading.startswith(f"Bước {number}: {step}"), heading
    assert headings.index(numbered[-1]) < headings.index("Ai giúp bạn làm thủ tục?")
    ids = [h.get("id") for h in journey.iter("h2") if h.text_content().startswith("Bước")]
    children = list(journey)
    overview = journey.cssselect("h1 ~ ol")[0]  # the steps at a glance, above the first h2
    assert children.index(overview) < children.index(journey.cssselect("h2")[0])
    assert [a.get("href") for a in overview.iter("a")] == [f"#{i}" for i in ids]


def test_who_may_claim_cites_article_5(journey: Any) -> None:
    body = sections(journey)["Ai được yêu cầu bồi thường?"]
    cited = [text for text, to in links(body) if to == "van-ban/luat-tnbtcnn-2017/"]
    assert "Điều 5 Luật TNBTCNN năm 2017" in cited
    assert len(body[1].cssselect("li")) == 5  # the five kinds of claimant


def test_every_step_cites_its_article_and_links_to_the_detailed_page(
        steps: dict[str, list[Any]], built_site: Path) -> None:
    expected = {1: {"Điều 6"}, 2: {"Điều 41"}, 3: {"Điều 33"}, 4: {"Điều 43", "Điều 45",
                "Điều 46", "Điều 47"}, 5: {"khoản 2 Điều 52"}}
    for number, (heading, body) in enumerate(steps.items(), start=1):
        shown = links(body)
        cited = " ".join(text for text, to in shown if to == "van-ban/luat-tnbtcnn-2017/")
        for article in expected[number]:
            assert re.search(rf"\b{article}(?!\d)", cited), (heading, article)
        detailed = {to for _, to in shown if to.startswith("phap-luat/")}
        assert detailed, f"{heading}: no link to a page under Pháp luật"
        for to in detailed:
            assert (built_site / to / "index.html").is_file(), to


def test_the_form_links_to_its_public_source(steps: dict[str, list[Any]]) -> None:
    body = steps[next(h for h in steps if "Chuẩn bị hồ sơ" in h)]
    text = words(" ".join(e.text_content() for e in body))
    assert "Mẫu 01/BTNN" in text and "04/2018/TT-BTP" in text
    assert any("8630/VBHN-BTP" in shown and to == FORM_SOURCE for shown, to in links(body))


def test_sending_the_file_links_to_the_lookup_of_settling_agencies(
        steps: dict[str, list[Any]], journey: Any) -> None:
    body = steps[next(h for h in steps if "Gửi hồ sơ" in h)]
    assert LOOKUP in {to for _, to in links(body)}
    helped = sections(journey)["Ai giúp bạn làm thủ tục?"]
    text = words(" ".join(e.text_content() for e in helped))
    assert "Sở Tư pháp" in text and "Bộ Tư pháp" in text and "09/2019/TT-BTP" in text
    assert LOOKUP in {to for _, to in links(helped)}


def test_the_page_prints_no_phone_number(journey: Any) -> None:
    text = words(journey.text_content())
    assert not re.search(r"(?<![\d/.])(?:\+84|0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?![\d/])", text)


def test_the_home_page_starts_the_journey_before_its_first_section(built_site: Path) -> None:
    article = main(parse(built_site, ""))
    before: list[Any] = []
    for child in article:
        if child.tag == "h2":
            break
        before.append(child)
    start = [a for e in before for a in e.iter("a") if target("", a.get("href", "")) == JOURNEY]
    assert len(start) == 1 and words(start[0].text_content()) == TITLE
    assert "md-button--primary" in start[0].get("class", "")


@pytest.mark.parametrize("page", ["", "phap-luat/", "hoi-dap/"])
def test_the_menu_and_the_legal_pages_lead_to_the_journey(built_site: Path, page: str) -> None:
    doc = parse(built_site, page)
    menu = {target(page, a.get("href", "")) for a in doc.cssselect("nav.md-nav--primary a")}
    assert JOURNEY in menu
    if page:
        assert JOURNEY in {to for _, to in links([main(doc)], page)}


# --------------------------------------------------------------------------- in a browser


def walk_to_journey(tab: Any, site_url: str) -> None:
    """From the home page's first screen, tap the start button."""
    tab.goto(site_url)
    start = tab.locator("article a.md-button", has_text=TITLE)
    box = start.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], "the start button is below the fold"
    start.tap()
    tab.wait_for_url(f"**/{JOURNEY}")


def assert_readable(tab: Any) -> None:
    """The title at the top of the screen; every step visible, 16 px text, no sideways scroll."""
    title = tab.locator("article h1")
    box = title.bounding_box()
    assert title.inner_text().rstrip("¶ ").strip() == TITLE
    assert box and 0 <= box["y"] < PHONE["height"] / 3, box
    for number, step in enumerate(STEPS, start=1):
        heading = tab.locator("article h2", has_text=f"Bước {number}: {step}")
        heading.scroll_into_view_if_needed()
        assert heading.is_visible()
    size = tab.evaluate("parseFloat(getComputedStyle(document.querySelector("
                        "'article p')).fontSize)")
    assert size >= 16, size
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_a_phone_walks_the_journey(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    try:
        walk_to_journey(tab, site_url)
        assert_readable(tab)
        tab.locator("article a", has_text="Tra cứu cơ quan giải quyết").first.click()
        tab.wait_for_url(f"**/{LOOKUP}")
        lookup = tab.locator("article h1")
        assert lookup.is_visible() and "Cơ quan nào giải quyết" in lookup.inner_text()
    finally:
        context.close()


@pytest.mark.browser
def test_the_journey_works_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    try:
        tab.goto(site_url)
        tab.locator("article a.md-button", has_text=TITLE).click()
        tab.wait_for_url(f"**/{JOURNEY}")
        title = tab.locator("article h1")
        assert title.is_visible() and TITLE in title.inner_text()
        hrefs = tab.locator("article a[href]").evaluate_all("as => as.map(a => a.href)")
        inside = {h.split("#")[0] for h in hrefs if h.startswith(site_url)}
        assert f"{site_url}{LOOKUP}" in inside
        assert len(inside) >= 8
        for url in sorted(inside):
            assert tab.request.get(url).status == 200, urlsplit(url).path
        tab.locator("article a", has_text="Trình tự giải quyết bồi thường").first.click()
        tab.wait_for_url("**/phap-luat/trinh-tu-giai-quyet/")
        assert tab.locator("article h1").is_visible()
    finally:
        context.close()
