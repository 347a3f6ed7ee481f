"""Finding your way: tabs and breadcrumbs on every kind of page, a phone-first plan page,
readable tables, and search filters that fold away on a phone.

Generated pages (plans, agencies, places, legal documents, the per-province lookup) are not
in ``nav`` (MkDocs would copy a nav of thousands of pages into every page); they get their
section's tab and breadcrumb from planpub.mkdocs.sections. The built HTML is checked with
lxml, the layout in headless Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from lxml import html

from conftest import build_site

PLAN = "ke-hoach/binh-duong-2025-boi-thuong-nha-nuoc/"
AGENCY = "co-quan/so-tu-phap-binh-duong/"
DOCUMENT = "van-ban/nd-68-2018-nd-cp/"
PHONE = {"width": 390, "height": 844}

SECTION_TAB = {
    "": "Trang chủ",
    "ke-hoach": "Kế hoạch",
    "dia-ban": "Kế hoạch",
    "cay-ke-hoach": "Kế hoạch",
    "co-quan": "Cơ quan",
    "lich": "Lịch hạn",
    "phap-luat": "Pháp luật",
    "van-ban": "Pháp luật",
    "thuat-ngu": "Pháp luật",
    "hoi-dap": "Hỏi đáp",
    "du-lieu": "Dữ liệu mở",
    "yeu-cau-boi-thuong": "Yêu cầu bồi thường",
    "co-quan-giai-quyet": "Cơ quan nào giải quyết?",
}
"""First folder of a page's address → the tab that must be highlighted on it."""


def _page(site: Path, url: str) -> Any:
    return html.parse(str(site / url / "index.html")).getroot()


def _words(el: Any) -> str:
    return " ".join(el.text_content().split())


def _crumbs(site: Path, url: str) -> list[tuple[str, str]]:
    """The breadcrumb of a page: (label, address of the link resolved from the site root)."""
    doc = _page(site, url)
    [path] = doc.cssselect("nav.md-path")
    return [(_words(a), urljoin("/" + url, a.get("href")).lstrip("/"))
            for a in path.cssselect("a.md-path__link")]


def test_generated_pages_have_their_breadcrumb(built_site: Path) -> None:
    assert _crumbs(built_site, PLAN) == [("Trang chủ", ""), ("Kế hoạch", "ke-hoach/")]
    assert _crumbs(built_site, AGENCY) == [("Trang chủ", ""), ("Cơ quan", "co-quan/")]
    assert _crumbs(built_site, DOCUMENT) == [("Trang chủ", ""), ("Pháp luật", "phap-luat/"),
                                             ("Văn bản pháp luật", "van-ban/")]
    assert _crumbs(built_site, "dia-ban/binh-duong/")[-1] == ("Kế hoạch", "ke-hoach/")
    province = next(p for p in sorted((built_site / "co-quan-giai-quyet").iterdir())
                    if (p / "index.html").is_file())
    assert _crumbs(built_site, f"co-quan-giai-quyet/{province.name}/") == [
        ("Trang chủ", ""), ("Cơ quan nào giải quyết?", "co-quan-giai-quyet/")]
    # the breadcrumb has a name of its own, not the site navigation's
    label = _page(built_site, PLAN).cssselect("nav.md-path")[0].get("aria-label")
    assert label and label != "Thanh điều hướng"


def test_the_skip_link_says_where_it_leads_and_skips_the_breadcrumb(built_site: Path) -> None:
    for url in ("", PLAN, DOCUMENT):
        doc = _page(built_site, url)
        # Material's own (in its "skip" block, hidden by planpub.css) leads to the first heading
        links = [a for a in doc.cssselect("a.md-skip")
                 if not a.xpath("ancestor::*[@data-md-component='skip']")]
        assert len(links) == 1 and _words(links[0]) == "Bỏ qua, đến nội dung chính"
        [target] = doc.cssselect(links[0].get("href"))
        after = target.getnext()
        assert after.tag == "article" and "md-content__inner" in after.get("class")
        assert target.getprevious() is None or "md-path" in target.getprevious().get("class")


@pytest.mark.slow
def test_a_province_calendar_is_placed_under_the_calendar(make_repo: Path,
                                                          tmp_path: Path) -> None:
    """A split calendar's province pages (``calendar_split``) sit under "Lịch hạn"."""
    config = make_repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n  - planpub\n", "\n  - planpub:\n      calendar_split: 5\n"),
                      encoding="utf-8")
    site = tmp_path / "site"
    done = build_site(make_repo, site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _crumbs(site, "lich/binh-duong/") == [("Trang chủ", ""), ("Lịch hạn", "lich/")]
    tabs = _page(site, "lich/binh-duong/").cssselect(".md-tabs__item--active")
    assert [_words(t) for t in tabs] == ["Lịch hạn"]


def test_exactly_one_tab_is_active_and_it_is_the_right_one(built_site: Path) -> None:
    checked = 0
    for page in sorted(built_site.rglob("index.html")):
        url = page.parent.relative_to(built_site).as_posix()
        folder = "" if url == "." else url.split("/", 1)[0]
        doc = html.parse(str(page)).getroot()
        if not doc.cssselect(".md-tabs"):
            continue  # not a site page (e.g. a data folder's listing)
        active = [_words(li) for li in doc.cssselect(".md-tabs__item--active")]
        assert len(active) <= 1, f"{url}: {active}"
        if folder in SECTION_TAB:
            assert active == [SECTION_TAB[folder]], f"{url}: {active}"
            checked += 1
    assert checked > 100  # every plan, agency, place and document page was looked at


def test_generated_pages_stay_out_of_the_nav(built_site: Path) -> None:
    """The nav is as long on a plan page as on the home page: plans are not copied into it."""
    def nav_links(url: str) -> set[str]:
        """The pages the nav links to (not the current page's own headings)."""
        return {urljoin("/" + url, a.get("href")) for a in
                _page(built_site, url).cssselect(".md-nav--primary a[href]")
                if not a.get("href").startswith("#")}

    assert nav_links(PLAN) == nav_links("") == nav_links(AGENCY)
    assert not any("binh-duong-2025" in h for h in nav_links(""))


# --------------------------------------------------------------------------- browser


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


TOPMOST_TEXT = """() => {
    const main = document.querySelector("article.md-content__inner");
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    let best = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width < 1 || r.height < 1) continue;
            if (!best || r.top < best.top) best = {top: r.top, el: node.parentElement};
        }
    }
    const h1 = main.querySelector("h1");
    return {inH1: !!best && h1.contains(best.el), top: best && best.top,
            h1: h1.getBoundingClientRect().top, text: best && best.el.textContent.slice(0, 60)};
}"""


@pytest.mark.browser
def test_a_plan_on_a_phone_starts_with_its_title(phone: Any, site_url: str) -> None:
    phone.goto(site_url + PLAN)
    first = phone.evaluate(TOPMOST_TEXT)
    assert first["inH1"], f"trên điện thoại, dòng chữ đầu tiên của trang là {first}"
    assert first["h1"] < PHONE["height"] / 3  # on the first screen, under the breadcrumb


@pytest.mark.browser
@pytest.mark.parametrize("width", [PHONE["width"], 1280])
def test_table_text_is_at_least_16px(browser: Any, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    for url in (PLAN, AGENCY, "lich/", "van-ban/"):
        tab.goto(site_url + url)
        sizes = tab.evaluate("""() => [...document.querySelectorAll(
            "article.md-content__inner td, article.md-content__inner th")]
            .map((c) => parseFloat(getComputedStyle(c).fontSize))""")
        assert sizes, f"{url}: không có bảng"
        assert min(sizes) >= 16, f"{url} ({width}px): chữ trong bảng {min(sizes)}px"
    context.close()


@pytest.mark.browser
def test_the_menu_on_a_phone_leads_to_the_sections(phone: Any, site_url: str) -> None:
    """Tabs are for wide screens; on a phone the menu (Material's drawer) lists the sections."""
    phone.goto(site_url + PLAN)
    assert phone.locator("nav.md-tabs").is_hidden()
    phone.locator("label.md-header__button[for=__drawer]").click()
    link = phone.locator("nav.md-nav--primary a", has_text="Lịch hạn").first
    link.click()
    phone.wait_for_url("**/lich/")


def _wait_search_page(tab: Any) -> None:
    tab.wait_for_function(
        "() => document.querySelector('[data-pp-search-page]').dataset.query !== undefined")


@pytest.mark.browser
def test_search_filters_fold_on_a_phone_and_clear(phone: Any, site_url: str) -> None:
    phone.goto(site_url + "tim-kiem/?q=s%E1%BB%9F&dia-ban=binh-duong")
    _wait_search_page(phone)
    fold = phone.get_by_role("button", name=re.compile(r"^Bộ lọc"))
    place = phone.locator("select[name=dia-ban]")
    assert fold.get_attribute("aria-expanded") == "false" and place.is_hidden()
    assert "(1)" in fold.inner_text()  # one filter is set, and the folded button says so
    assert phone.locator(f"#{fold.get_attribute('aria-controls')}").is_hidden()
    fold.click()
    assert fold.get_attribute("aria-expanded") == "true" and place.is_visible()
    assert place.input_value() == "binh-duong"
    fold.click()
    assert place.is_hidden()

    clear = phone.get_by_role("button", name="Bỏ bộ lọc", exact=True)
    clear.click()
    phone.wait_for_function("() => !location.search.includes('dia-ban')")
    _wait_search_page(phone)
    assert place.input_value() == "" and clear.is_hidden()
    assert "(1)" not in fold.inner_text()
    assert phone.locator(".pp-search-page__results .pp-result").count() > 0


@pytest.mark.browser
def test_search_filters_stay_open_on_a_desktop(tab: Any, site_url: str) -> None:
    tab.goto(site_url + "tim-kiem/?q=s%E1%BB%9F")
    _wait_search_page(tab)
    assert tab.locator("select[name=loai]").is_visible()
    assert tab.get_by_role("button", name=re.compile(r"^Bộ lọc")).is_hidden()
    assert tab.get_by_role("button", name="Bỏ bộ lọc", exact=True).is_hidden()  # none set
