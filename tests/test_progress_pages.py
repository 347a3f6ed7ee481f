"""Reported progress on plan and agency pages, as a reader sees it in the built HTML.

``progress_site`` is the repository with tests/data/progress built on 15/01/2026; ``built_site``
the bundled repository, where nobody has reported anything yet.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from conftest import build_site, progress_epoch

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
STP_BD = "so-tu-phap-binh-duong"
STP_HCM = "so-tu-phap-ho-chi-minh"
STC_BD = "so-tai-chinh-binh-duong"


def words(text: str) -> str:
    return " ".join(text.split())


def article(site: Path, url: str) -> Any:
    doc = lxml_html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))
    return doc.cssselect("article.md-content__inner")[0]


def text_of(element: Any) -> str:
    """What a reader sees: scripts and elements marked ``hidden`` left out, a line break as a
    space."""
    clone = lxml_html.fromstring(lxml_html.tostring(element, encoding="unicode", with_tail=False))
    for gone in clone.xpath(".//script | .//*[@hidden]"):
        gone.drop_tree()
    for br in clone.iter("br"):
        br.tail = " " + (br.tail or "")
    return words(clone.text_content())


def status_cell(row: Any) -> Any:
    return row.cssselect('td[data-label="Tình trạng"]')[0]


def report_row(plan: Any, number: str) -> Any:
    """The row of reports that follows a task's row in the plan's task table."""
    follower = plan.cssselect(f"#bang-nhiem-vu-{number}")[0].getnext()
    assert follower is not None and "pp-report-row" in follower.get("class", ""), number
    return follower


def agency_rows(body: Any, section: str) -> dict[str, Any]:
    """Task number → its row in the tables of an agency page's section."""
    out = {}
    for row in body.cssselect(f"#{section} tbody tr"):
        link = row.cssselect('td[data-label="Nhiệm vụ"] a')[0]
        out[link.get("href").rsplit("#nhiem-vu-", 1)[1]] = row
    return out


def summary(body: Any) -> dict[str, str]:
    """The agency page's summary: status label → count, as shown."""
    out = {}
    for item in body.cssselect("#tinh-trang li"):
        if item.get("hidden") is None:
            badge = item.cssselect(".pp-status")
            label = text_of(badge[0]) if badge else "quá hạn"
            out[label] = text_of(item.cssselect(".pp-count")[0])
    return out


# --------------------------------------------------------------------------- plan page


def test_plan_row_shows_the_successors_report_that_finished_task_9(progress_site: Path) -> None:
    plan = article(progress_site, f"ke-hoach/{BD}/")
    row = plan.cssselect("#bang-nhiem-vu-9")[0]
    assert text_of(status_cell(row)).startswith("Hoàn thành")
    assert "báo cáo gần nhất của cơ quan chủ trì ngày 20/12/2025" in text_of(status_cell(row))
    reports = report_row(plan, "9")
    shown = text_of(reports)
    link = next(a for a in reports.iter("a") if "321/BC-STP" in a.text_content())
    assert link.get("href") == "https://stp.hochiminhcity.gov.vn/bao-cao/321"
    assert words(link.text_content()) == "Báo cáo số 321/BC-STP ngày 20/12/2025"
    assert "Đã tổ chức 3 đợt kiểm tra." in shown
    assert f"../../co-quan/{STP_HCM}/" in [a.get("href") for a in reports.iter("a")]
    assert "kế nhiệm Sở Tư pháp tỉnh Bình Dương" in shown
    # the ceased department's own earlier report is listed as replaced, not as the status
    assert "Sở Tư pháp tỉnh Bình Dương: Đang thực hiện ngày 20/06/2025; đã có báo cáo mới hơn" \
        in shown


def test_plan_row_8_is_overdue_and_row_10_in_progress(progress_site: Path) -> None:
    plan = article(progress_site, f"ke-hoach/{BD}/")
    row8 = plan.cssselect("#bang-nhiem-vu-8")[0]
    shown = text_of(status_cell(row8))
    assert shown.startswith("Đang thực hiện, quá hạn (hạn 31/12/2025, ngày suy ra; báo cáo ngày "
                            "05/01/2026 ghi “đang thực hiện”)")  # due passed, reported unfinished
    assert row8.get("data-pp-may-overdue") is not None  # the reader's browser recounts it
    assert "Báo cáo số 250/BC-STP ngày 05/01/2026" in text_of(report_row(plan, "8"))
    row10 = plan.cssselect("#bang-nhiem-vu-10")[0]
    assert text_of(status_cell(row10)).startswith("Đang thực hiện")  # only the court reported
    assert "quá hạn" not in text_of(row10)
    assert ("Tòa án nhân dân Thành phố Hồ Chí Minh (kế nhiệm Tòa án nhân dân tỉnh Bình Dương): "
            "Hoàn thành ngày 10/11/2025") in text_of(report_row(plan, "10"))
    assert text_of(status_cell(plan.cssselect("#bang-nhiem-vu-1")[0])) == "Chưa có báo cáo"
    overdue = [r.get("id") for r in plan.cssselect("#bang-nhiem-vu tbody tr")
               if "quá hạn" in text_of(r)]
    assert overdue == ["bang-nhiem-vu-8"]
    assert "tính đến ngày 15/01/2026" in text_of(plan.cssselect("#bang-nhiem-vu")[0])
    assert plan.xpath(".//script[contains(., 'data-pp-may-overdue')]")


def test_document_view_labels_progress_as_not_part_of_the_plan(progress_site: Path) -> None:
    plan = article(progress_site, f"ke-hoach/{BD}/")
    line = plan.cssselect("#nhiem-vu-8 .pp-doc-progress")[0]
    assert "pp-screen" in line.get("class")  # not printed with the signed document
    assert text_of(line).startswith("Tình trạng theo báo cáo (không thuộc văn bản): "
                                    "Đang thực hiện, quá hạn")


# --------------------------------------------------------------------------- agency pages


def test_agency_summary_counts_its_own_status(progress_site: Path) -> None:
    body = article(progress_site, f"co-quan/{STP_BD}/")
    # 9 tasks: 9 finished (its successor reported), 8 in progress and overdue, 7 others silent
    assert summary(body) == {"Hoàn thành": "1", "Đang thực hiện": "1", "Chưa có báo cáo": "7",
                             "quá hạn": "1"}
    lead = agency_rows(body, "vai-tro-lead")
    assert text_of(status_cell(lead["9"])) == ("Hoàn thành (ngày 20/12/2025; theo báo cáo của "
                                             "Sở Tư pháp Thành phố Hồ Chí Minh)")  # the successor
    assert "quá hạn" in text_of(status_cell(lead["8"]))
    # task 7: Sở Tài chính said it will not be done; this department said nothing
    assert text_of(status_cell(lead["7"])) == "Chưa có báo cáo"
    lich = body.cssselect("#lich-han")[0]
    assert "tính đến ngày 15/01/2026" in text_of(lich)
    assert "Hạn được so với ngày bạn xem trang" not in text_of(lich)


def test_successor_page_shows_predecessor_tasks_with_their_status(progress_site: Path) -> None:
    body = article(progress_site, f"co-quan/{STP_HCM}/")
    inherited = agency_rows(body, "ke-thua")
    assert text_of(status_cell(inherited["9"])).startswith("Hoàn thành")
    assert text_of(status_cell(inherited["8"])).startswith("Đang thực hiện")
    assert "quá hạn" in text_of(status_cell(inherited["8"]))
    assert text_of(status_cell(inherited["1"])) == "Chưa có báo cáo"
    # the predecessor's tasks are not counted as the successor's own, overdue included
    assert not body.cssselect("#tinh-trang")


def test_group_member_sees_its_own_status_beside_the_tasks(progress_site: Path) -> None:
    body = article(progress_site, f"co-quan/{STC_BD}/")
    rows = agency_rows(body, "vai-tro-coordinate") | agency_rows(body, "vai-tro-lead")
    task5 = rows["5"]
    assert "pp-via" in task5.get("class", "")  # reached through "các sở, ngành"
    assert text_of(status_cell(task5)) == ("Hoàn thành (ngày 25/06/2025) "
                                           "Tình trạng chung: Đang thực hiện")
    assert text_of(status_cell(rows["7"])) == ("Không thực hiện (ngày 15/06/2025) "
                                             "Tình trạng chung: Chưa có báo cáo")
    assert summary(body) == {"Hoàn thành": "1", "Không thực hiện": "1", "Chưa có báo cáo": "5"}


@pytest.mark.browser
@pytest.mark.parametrize(("today", "overdue"), [(dt.datetime(2025, 12, 1, 9), False),
                                                (dt.datetime(2026, 2, 1, 9), True)])
def test_overdue_mark_and_count_follow_the_readers_date(
        tab: Any, progress_url: str, today: dt.datetime, overdue: bool) -> None:
    """Task 8 (due 31/12/2025) was reported unfinished: late only once the reader's date is
    past its due date; the summary's count follows the marks."""
    tab.clock.set_fixed_time(today)
    tab.goto(progress_url + f"co-quan/{STP_BD}/")
    row8 = tab.locator("#vai-tro-lead tr", has=tab.locator(f"a[href$='{BD}/#nhiem-vu-8']"))
    assert row8.locator(".pp-overdue").is_visible() is overdue
    count = tab.locator("[data-pp-overdue-summary]")
    assert count.is_visible() is overdue
    if overdue:
        assert count.inner_text().startswith("Trong đó 1 nhiệm vụ quá hạn")
    assert f"{today:%d/%m/%Y}" in tab.locator("#lich-han [data-pp-today]").inner_text()
    tab.goto(progress_url + f"ke-hoach/{BD}/")
    assert tab.locator("#bang-nhiem-vu-8 .pp-overdue").is_visible() is overdue
    assert tab.locator("#nhiem-vu-8 .pp-doc-progress .pp-overdue").is_visible() is overdue


# --------------------------------------------------------------------------- nothing reported


def test_without_reports_pages_say_not_reported_and_never_overdue(built_site: Path) -> None:
    pages = [*(built_site / "ke-hoach").rglob("index.html"),
             *(built_site / "co-quan").rglob("index.html")]
    for path in pages:
        assert "quá hạn" not in path.read_text(encoding="utf-8"), path
    plan = article(built_site, f"ke-hoach/{BD}/")
    cells = plan.cssselect('#bang-nhiem-vu td[data-label="Tình trạng"]')
    assert len(cells) == 10
    assert {text_of(c) for c in cells} == {"Chưa có báo cáo"}
    assert all(c.cssselect(".pp-status-chua-bao-cao") for c in cells)
    assert not plan.cssselect(".pp-report-row, .pp-doc-progress")
    body = article(built_site, f"co-quan/{STP_BD}/")
    assert summary(body) == {"Chưa có báo cáo": "9"}
    statuses = {text_of(status_cell(r)) for r in body.cssselect("#vai-tro-lead tbody tr")}
    assert statuses == {"Chưa có báo cáo"}


# --------------------------------------------------------------------------- data is data

HOSTILE_PROGRESS = """\
plan: binh-duong-2025-boi-thuong-nha-nuoc
reports:
  - task: "8"
    agency: so-tu-phap-ho-chi-minh
    status: dang-thuc-hien
    as_of: 2025-12-01
    report: {number: "<b>{{ 7*7 }}</b>/BC", date: 2025-12-01}
    note: "<script>alert('ghi-chu')</script> {{ 7*7 }} {% raw %}"
"""


@pytest.mark.slow
def test_report_number_and_note_show_as_text(make_repo: Path, tmp_path: Path) -> None:
    (make_repo / "progress").mkdir(exist_ok=True)
    (make_repo / "progress" / f"{BD}.yaml").write_text(textwrap.dedent(HOSTILE_PROGRESS),
                                                       encoding="utf-8")
    site = tmp_path / "site"
    done = build_site(make_repo, site, {"SOURCE_DATE_EPOCH": progress_epoch()})
    assert done.returncode == 0, done.stdout + done.stderr
    plan = article(site, f"ke-hoach/{BD}/")
    reports = report_row(plan, "8")
    shown = text_of(reports)
    assert "Báo cáo số <b>{{ 7*7 }}</b>/BC ngày 01/12/2025" in shown
    assert "<script>alert('ghi-chu')</script> {{ 7*7 }} {% raw %}" in shown
    assert "49" not in shown
    assert not reports.cssselect("b, script")
    for script in plan.iter("script"):
        assert "alert(" not in (script.text or "")
