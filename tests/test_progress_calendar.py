"""The calendar opens on what is coming, with and without JavaScript (issue 14).

Upcoming deadlines come first, past ones collapsed by month, then the tasks without a date;
each row says what its agencies reported. The static pages split on the build's reference
date; the reader's browser regroups by its own date and says which date it used. The home
page's "Hạn sắp tới" never lists a date that was past at build time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from conftest import ROOT, build_site, progress_epoch, served
from planpub.refdate import reference_date

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
DECEMBER = dt.date(2025, 12, 21)
"""After every report of tests/data/progress and before the "Năm 2025" deadlines (31/12/2025):
a site built on it has upcoming and past deadlines."""


def task(tab: Any, number: str) -> Any:
    """The link to a task of the Bình Dương plan (a row is found by what it holds)."""
    return tab.locator(f"a[href$='{BD}/#nhiem-vu-{number}']")


def parsed(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def shown_items(doc: Any) -> list[Any]:
    """The home page's upcoming deadlines a reader sees without JavaScript."""
    return [li for li in doc.cssselect(".pp-upcoming li") if "hidden" not in li.attrib]


@pytest.fixture(scope="module")
def december_site(progress_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The progress repository built with :data:`DECEMBER` as its reference date."""
    site = tmp_path_factory.mktemp("december") / "site"
    done = build_site(progress_repo, site, {"SOURCE_DATE_EPOCH": progress_epoch(DECEMBER)})
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return site


# --------------------------------------------------------------------------- static HTML


def test_home_lists_no_deadline_past_at_build_time(built_site: Path) -> None:
    box = parsed(built_site, "").cssselect(".pp-upcoming")[0]
    today = reference_date(ROOT)
    shown = shown_items(box)
    assert all(li.cssselect("time")[0].get("data-due") >= today.isoformat() for li in shown)
    # nothing ahead: it says so, instead of listing past dates
    assert ("hidden" not in box.cssselect(".pp-upcoming-empty")[0].attrib) is (not shown)
    assert f"từ ngày {today:%d/%m/%Y} (ngày dữ liệu được cập nhật)" in box.text_content()


@pytest.mark.slow
def test_home_lists_deadlines_from_the_reference_date_with_status(december_site: Path) -> None:
    box = parsed(december_site, "").cssselect(".pp-upcoming")[0]
    shown = shown_items(box)
    assert [li.cssselect("time")[0].get("data-due") for li in shown] == ["2025-12-31"] * 4
    status = {li.cssselect("a")[0].get("href").rsplit("-", 1)[1]:
              li.cssselect(".pp-status")[0].text_content() for li in shown}
    assert status["9"] == "Hoàn thành" and status["8"] == "Đang thực hiện"
    assert status["4"] == "Chưa có báo cáo"


def test_without_progress_files_nothing_is_called_late(built_site: Path) -> None:
    pages = [built_site / "index.html", *sorted((built_site / "lich").glob("**/index.html"))]
    for path in pages:  # not even hidden, nor in a script
        assert "quá hạn" not in path.read_text(encoding="utf-8"), path
    doc = parsed(built_site, "lich/")
    rows = doc.cssselect("tr[data-plan]")
    assert rows and {r.get("data-pp-status") for r in rows} == {"chua-bao-cao"}
    cells = [" ".join(td.text_content().split()) for r in rows
             for td in r.cssselect("td[data-label='Tình trạng']")]
    assert len(cells) == len(rows) and set(cells) == {"Chưa có báo cáo"}
    # a status filter or "hide done" would have nothing to do
    assert not doc.cssselect("[name=tinh-trang], [name=an-hoan-thanh]")


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
@pytest.mark.parametrize(("reader", "ahead", "past"), [
    (dt.datetime(2026, 1, 15, 9), [], ["thang-12-2025", "thang-11-2025", "thang-12-2024"]),
    (dt.datetime(2025, 12, 1, 9), ["thang-12-2025"], ["thang-11-2025", "thang-12-2024"]),
    (dt.datetime(2024, 12, 1, 9), ["thang-12-2024", "thang-11-2025", "thang-12-2025"], []),
])
def test_calendar_groups_deadlines_by_the_readers_date(
        tab: Any, progress_site: Path, progress_url: str, reader: dt.datetime,
        ahead: list[str], past: list[str]) -> None:
    """progress_site is built on 15/01/2026; each reader sees upcoming months first, open,
    then past ones newest first, collapsed, then the tasks without a date."""
    tab.clock.set_fixed_time(reader)
    tab.goto(progress_url + "lich/")
    months = "els => els.map(e => [e.id, e.open])"
    assert tab.locator("#han-sap-toi details").evaluate_all(months) == [[m, True] for m in ahead]
    assert tab.locator("#han-da-qua details").evaluate_all(months) == [[m, False] for m in past]
    assert tab.locator("#han-sap-toi [data-pp-empty]").is_visible() is (not ahead)
    order = tab.locator("section[id]").evaluate_all("els => els.map(e => e.id)")
    assert order == ["han-sap-toi", "han-da-qua", "khong-co-ngay", *order[3:]]
    static = len(parsed(progress_site, "lich/").cssselect("tr[data-pp-due]"))
    assert tab.locator("details tr[data-pp-due]").count() == static  # none lost, none twice
    note = tab.locator("[data-pp-today]").inner_text()
    assert f"từ ngày {reader:%d/%m/%Y} (ngày trên máy của bạn) trở đi" in note
    # task 8: Sở Tư pháp reported it under way; late only once 31/12/2025 has passed
    mark = tab.locator("tr", has=task(tab, "8")).locator("[data-pp-overdue]")
    assert mark.evaluate("e => !e.hidden") is (reader.date() > dt.date(2025, 12, 31))


@pytest.mark.browser
def test_calendar_hides_done_tasks_and_filters_by_status(tab: Any, progress_url: str) -> None:
    tab.clock.set_fixed_time(dt.datetime(2025, 12, 1, 9))
    tab.goto(progress_url + "lich/")
    form = tab.locator("form[data-pp-filter]")
    assert form.is_visible()
    hidden = "els => els.filter(e => e.hidden).length"
    done = tab.locator("tr[data-pp-status=hoan-thanh]")
    count = done.count()
    assert count >= 2 and tab.locator("tr[data-plan]").evaluate_all(hidden) == 0
    assert tab.locator("#han-sap-toi tr", has=task(tab, "9")).is_visible()
    tab.get_by_label("Ẩn nhiệm vụ đã hoàn thành").check()
    assert done.evaluate_all(hidden) == count  # in past months too
    assert tab.locator("tr[data-plan]").evaluate_all(hidden) == count  # only those
    assert tab.locator("#han-sap-toi tr", has=task(tab, "9")).is_hidden()
    assert "an-hoan-thanh=1" in tab.url
    tab.reload()  # the choice is kept in the address
    assert tab.get_by_label("Ẩn nhiệm vụ đã hoàn thành").is_checked()
    assert done.evaluate_all(hidden) == count
    tab.select_option("select[name=tinh-trang]", "dang-thuc-hien")
    shown = tab.locator("tr[data-plan]").evaluate_all(
        "els => els.filter(e => !e.hidden).map(e => e.dataset.ppStatus)")
    assert shown and set(shown) == {"dang-thuc-hien"}
    assert f"{len(shown)} nhiệm vụ phù hợp" in form.inner_text()
    assert "tinh-trang=dang-thuc-hien" in tab.url


@pytest.mark.browser
def test_a_link_to_a_past_month_opens_it(tab: Any, progress_url: str) -> None:
    tab.clock.set_fixed_time(dt.datetime(2026, 1, 15, 9))
    tab.goto(progress_url + "lich/#thang-12-2024")
    assert tab.locator("#thang-12-2024").evaluate("e => e.open")
    assert not tab.locator("#thang-11-2025").evaluate("e => e.open")


@pytest.mark.slow
@pytest.mark.browser
def test_calendar_without_javascript(browser: Any, december_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    with served(december_site) as url:
        tab.goto(url + "lich/")
        assert tab.locator("form[data-pp-filter]").is_hidden()  # filters need JavaScript
        note = tab.locator("[data-pp-today]").inner_text()
        assert "từ ngày 21/12/2025 (ngày dữ liệu được cập nhật) trở đi" in note
        ahead = tab.locator("#han-sap-toi tr[data-plan]")
        assert ahead.count() == 4 and all(row.is_visible() for row in ahead.all())
        assert "Hoàn thành" in ahead.filter(has=task(tab, "9")).inner_text()
        assert "Đang thực hiện" in ahead.filter(has=task(tab, "8")).inner_text()
        past = tab.locator("#han-da-qua details")
        assert past.evaluate_all("els => els.map(e => [e.id, e.open])") == [
            ["thang-11-2025", False], ["thang-12-2024", False]]
        row = tab.locator("#han-da-qua tr", has=task(tab, "10"))
        assert row.is_hidden()
        past.first.locator("summary").click()
        assert row.is_visible()
        assert "Đang thực hiện" in row.inner_text()  # the court reported done, others nothing
        assert tab.locator("#khong-co-ngay tr[data-plan]").first.is_visible()
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_home_upcoming_deadlines_follow_the_readers_date(tab: Any, december_site: Path) -> None:
    with served(december_site) as url:
        tab.clock.set_fixed_time(dt.datetime(2025, 12, 25, 9))
        tab.goto(url)
        items = tab.locator(".pp-upcoming li:visible")
        assert items.count() == 4  # the four deadlines of 31/12/2025
        assert "25/12/2025 (ngày trên máy của bạn)" in tab.locator(".pp-upcoming").inner_text()
        tab.clock.set_fixed_time(dt.datetime(2026, 1, 2, 9))
        tab.reload()
        assert tab.locator(".pp-upcoming li:visible").count() == 0
        assert tab.locator(".pp-upcoming-empty").is_visible()
