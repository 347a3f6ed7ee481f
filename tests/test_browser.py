"""The site in a real browser (headless Debian Chromium through Playwright).

A reader goes from the home page to a plan, an agency and the calendar; a plan
prints to an A4 PDF without site chrome; plan, agency and calendar pages are
complete with JavaScript switched off; what is upcoming follows the reader's own date.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
TITLE = "Triển khai công tác bồi thường nhà nước năm 2025 trên địa bàn tỉnh Bình Dương"
READER_BEFORE_ALL = dt.datetime(2024, 12, 1, 9)
"""A reader's date before every deadline of the bundled plans: every calendar month is open."""


def test_home_to_plan_to_agency_to_calendar(tab: Any, site_url: str) -> None:
    tab.goto(site_url)
    assert "Bồi thường nhà nước" in tab.locator("h1").first.inner_text()
    tab.locator(".pp-latest a", has_text=TITLE).click()
    tab.wait_for_url(f"**/ke-hoach/{BD}/")
    assert TITLE in tab.locator("h1.pp-doc-title").inner_text()
    assert tab.locator("#nhiem-vu-10").is_visible()
    tab.locator("#nhiem-vu-1 .pp-lines a", has_text="Sở Tư pháp").click()
    tab.wait_for_url("**/co-quan/so-tu-phap-binh-duong/")
    assert tab.locator("h1").first.inner_text() == "Sở Tư pháp tỉnh Bình Dương"
    assert tab.locator("#vai-tro-consolidate a[href*='#nhiem-vu-10']").count() == 1
    tab.locator("nav.md-tabs a", has_text="Lịch hạn").click()  # the section tabs
    tab.wait_for_url("**/lich/")
    row = tab.locator("#thang-11-2025 tbody tr", has=tab.locator(f"a[href$='{BD}/#nhiem-vu-10']"))
    assert row.count() == 1 and "Tòa án nhân dân" in row.text_content()


def test_calendar_filter_by_agency_and_plan(tab: Any, site_url: str) -> None:
    tab.clock.set_fixed_time(READER_BEFORE_ALL)
    tab.goto(site_url + "lich/")
    rows = tab.locator("tr[data-plan]")
    total = rows.count()
    tab.select_option("select[name=co-quan]", "bo-phan-tai-chinh-ke-hoach-pho-minh")
    visible = tab.locator("tr[data-plan]:visible")
    assert 0 < visible.count() < total
    assert all("pho-minh" in r.get_attribute("data-plan") for r in visible.all())
    assert "co-quan=bo-phan-tai-chinh-ke-hoach-pho-minh" in tab.url
    assert tab.locator("#thang-11-2025").is_hidden()
    tab.select_option("select[name=co-quan]", "")
    tab.select_option("select[name=ke-hoach]", BD)
    assert tab.locator("#thang-11-2025").is_visible()
    assert tab.locator("#thang-12-2024").is_hidden()


def test_calendar_filter_includes_the_groups_of_an_agency(tab: Any, site_url: str) -> None:
    """Sở Tài chính sees the tasks of "Các sở, ngành" too, though rows name only the group."""
    tab.clock.set_fixed_time(READER_BEFORE_ALL)
    tab.goto(site_url + "lich/")
    member = "so-tai-chinh-binh-duong"
    option = tab.locator(f"select[name=co-quan] option[value='{member}']")
    groups = set((option.get_attribute("data-groups") or "").split())
    assert groups
    tab.select_option("select[name=co-quan]", member)
    visible = tab.locator("tr[data-plan]:visible").all()
    assert visible
    for row in visible:
        named = set(row.get_attribute("data-agencies").split())
        assert member in named or named & groups
    assert any(member not in row.get_attribute("data-agencies").split() for row in visible)


@pytest.mark.parametrize(("today", "side"), [(dt.datetime(2025, 11, 20, 9), "han-da-qua"),
                                             (dt.datetime(2025, 11, 1, 9), "han-sap-toi")])
def test_upcoming_is_decided_by_the_readers_date(tab: Any, site_url: str, today: dt.datetime,
                                                 side: str) -> None:
    """Task 10 (due in November 2025) is upcoming for a reader on 1/11 and past on 20/11,
    whatever the build's date; a passed date alone is never called late."""
    tab.clock.set_fixed_time(today)
    tab.goto(site_url + "lich/")
    task10 = tab.locator(f"a[href$='{BD}/#nhiem-vu-10']")
    row = tab.locator(f"#{side} tr[data-pp-due]", has=task10)
    assert row.count() == 1
    assert row.is_visible() is (side == "han-sap-toi")  # past months stay collapsed
    assert "quá hạn" not in tab.locator("article.md-content__inner").text_content()
    assert (f"từ ngày {today:%d/%m/%Y} (ngày trên máy của bạn)"
            in tab.locator("[data-pp-today]").inner_text())


def test_plan_prints_to_a4_pdf_without_site_chrome(tab: Any, site_url: str) -> None:
    tab.goto(site_url + f"ke-hoach/{BD}/")
    tab.emulate_media(media="print")
    assert tab.locator(".md-header").is_hidden() and tab.locator(".pp-task-table").is_hidden()
    family = tab.locator(".pp-document").evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith('"Times New Roman"')
    pdf = PdfReader(io.BytesIO(tab.pdf(prefer_css_page_size=True, print_background=False)))
    assert len(pdf.pages) >= 2
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    # PDF text extraction splits words at accented glyphs: compare without any whitespace
    text = squeeze(" ".join(p.extract_text() or "" for p in pdf.pages))
    for printed in ("KẾ HOẠCH", TITLE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận",
                    "Mai Hùng Dũng"):
        assert squeeze(printed) in text, printed
    for screen_only in ("Bảng nhiệm vụ", "Tải về", "Lịch hạn"):
        assert squeeze(screen_only) not in text, screen_only


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("path", [f"ke-hoach/{BD}/", "co-quan/so-tu-phap-binh-duong/", "lich/"])
def test_pages_are_complete_without_javascript(browser: Any, site_url: str, path: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + path)
    text = tab.locator("article.md-content__inner").inner_text()
    if path.startswith("ke-hoach"):
        assert TITLE in text and "Mai Hùng Dũng" in text
        assert tab.locator("#bang-nhiem-vu tbody tr").count() == 10
        assert "Thực hiện chế độ thống kê, báo cáo kết quả" in text
    elif path.startswith("co-quan"):
        assert tab.locator("#vai-tro-lead tbody tr").count() >= 6
        assert "15/11/2025" in text
    else:
        assert tab.locator("form[data-pp-filter]").is_hidden()  # filters need JavaScript
        assert "Hạn sắp tới là các hạn từ ngày" in text and "ngày dữ liệu được cập nhật" in text
        # every row shows, except in past months, collapsed: a click opens one
        closed = "details.pp-month:not([open]) tr[data-plan]"
        shown = tab.locator("tr[data-plan]:visible").count()
        assert shown == tab.locator("tr[data-plan]").count() - tab.locator(closed).count()
        month = tab.locator("details.pp-month", has=tab.locator(f"a[href$='{BD}/#nhiem-vu-10']"))
        month.locator("summary").click()
        assert "Tòa án nhân dân tỉnh Bình Dương" in month.locator("tbody").inner_text()
    context.close()


CONTRAST = """
els => els.map(el => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const blend = (top, bottom) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a));
  };
  let bg = [255, 255, 255], node = el, layers = [];
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length > 3 ? c[3] > 0 : c.length === 3) layers.push(c);
    if (c.length === 3 || (c.length > 3 && c[3] === 1)) break;
    node = node.parentElement;
  }
  for (const layer of layers.reverse()) bg = blend(layer, bg);
  const fg = blend(rgb(getComputedStyle(el).color), bg);
  const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return [el.className || el.tagName, (hi + 0.05) / (lo + 0.05)];
})
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [f"ke-hoach/{BD}/", "lich/"])
def test_text_contrast_meets_wcag_aa(browser: Any, site_url: str, scheme: str,
                                     path: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(site_url + path)
    selector = ("article p, article li, article a, article td, article th, article time, "
                ".pp-meta, .pp-missing, .pp-none, .pp-overdue, .md-nav__link")
    ratios = tab.locator(selector).evaluate_all(CONTRAST)
    assert ratios
    failing = [(name, round(ratio, 2)) for name, ratio in ratios if ratio < 4.5]
    assert not failing, failing
    context.close()
