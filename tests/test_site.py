"""The built site: plan, agency, calendar and index pages, feeds, open data, safety.

Most tests read the real site built once per session (``built_site``); the
safety and failure tests build a scratch copy of the repository (``make_repo``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest
import recurring_ical_events
import yaml
from lxml import html as lxml_html

from conftest import ROOT, build_site, load_checked
from planpub.catalog import Catalog
from planpub.ics import build_stamp, feed
from planpub.model import iter_tasks
from planpub.opendata import open_data, plan_schema, to_json
from planpub.refdate import reference_date
from planpub.site.links import Urls
from planpub.slug import slugify
from planpub.status import Reference

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"
STP_BD = "so-tu-phap-binh-duong"

pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog, diags = load_checked(ROOT)
    assert not [d for d in diags if d.level == "error"]
    return catalog


def page(site: Path, url: str) -> Any:
    """The parsed HTML of the page at ``url`` (a site path like ``ke-hoach/x/``)."""
    path = site / url / "index.html" if url.endswith("/") or not url else site / url
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def words(text: str) -> str:
    """Text with whitespace collapsed, for comparisons."""
    return " ".join(text.split())


def prose(markdown: str) -> str:
    """A Markdown field as it reads on the page: emphasis markers dropped."""
    return words(re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", markdown))


def content(doc: Any) -> Any:
    """The page's main content (without header, navigation and footer)."""
    found = doc.cssselect("article.md-content__inner")
    assert found, "page has no content area"
    return found[0]


def text_of(element: Any) -> str:
    """Visible text: scripts excluded, whitespace collapsed."""
    clone = lxml_html.fromstring(lxml_html.tostring(element))
    for script in clone.xpath(".//script"):
        script.drop_tree()
    return words(clone.text_content())


def hrefs(element: Any) -> list[str]:
    return [a.get("href") for a in element.iter("a") if a.get("href")]


# --------------------------------------------------------------------------- the build


def test_build_is_strict_and_silent(built_site: Path) -> None:
    log = (built_site.parent / "mkdocs.log").read_text(encoding="utf-8")
    mkdocs_warnings = [line for line in log.splitlines()  # data warnings are the plans' own
                       if line.startswith("WARNING") and ": cảnh báo: " not in line]
    assert not mkdocs_warnings and "Traceback" not in log, mkdocs_warnings
    assert (built_site / "index.html").is_file()


def test_every_internal_link_resolves(built_site: Path) -> None:
    from linkcheck import check

    assert check(built_site) == []


def test_linkcheck_finds_a_broken_link(tmp_path: Path) -> None:
    from linkcheck import check

    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">hỏng</a>'
                                         '<a href="a/#x">thiếu mục</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="y">a</p>', encoding="utf-8")
    problems = check(tmp_path)
    assert len(problems) == 2
    assert "b/" in problems[0] and "#x" in problems[1]


def test_nav_is_small_and_lists_no_plan(built_site: Path) -> None:
    nav = page(built_site, "lich/").cssselect("nav.md-nav--primary")[0]
    links = hrefs(nav)
    assert len(links) < 40
    assert not [h for h in links if re.search(r"ke-hoach/[a-z0-9-]+/$", h)]
    assert not [h for h in links if "co-quan/" in h and not h.endswith("co-quan/")]


def test_heading_anchors_fold_d(built_site: Path) -> None:
    checked = 0
    for path in (built_site / "phap-luat").rglob("index.html"):
        doc = lxml_html.fromstring(path.read_text(encoding="utf-8"))
        for heading in doc.cssselect("article h2[id], article h3[id]"):
            title = words(heading.text_content()).rstrip("¶").strip()
            if "đ" in title.casefold():
                anchor = heading.get("id", "")  # the selector only matches headings with an id
                assert anchor == slugify(title), title
                assert "d" in anchor
                checked += 1
    assert checked, "no heading with đ found in the legal pages"


def test_no_search_plugin(built_site: Path) -> None:
    assert not (built_site / "search" / "search_index.json").exists()


# --------------------------------------------------------------------------- plan pages


@pytest.mark.parametrize("plan_id", [BD, PM])
def test_plan_page_reads_completely(built_site: Path, catalog: Catalog, plan_id: str) -> None:
    plan = catalog.plans[plan_id]
    doc = page(built_site, f"ke-hoach/{plan_id}/")
    document = doc.cssselect(".pp-document")[0]
    shown = text_of(document)
    assert words(plan.title) in shown
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in shown
    assert "Độc lập - Tự do - Hạnh phúc" in shown
    if plan.number is None:
        assert "Văn bản nguồn không ghi số, ký hiệu" in shown
    if plan.issued is None:
        assert "không ghi ngày ban hành" in shown
    for basis in plan.bases:
        assert words(basis.text) in shown
    for item in [*plan.purposes, *plan.requirements]:
        assert prose(item) in shown
    for task, _ in iter_tasks(plan.tasks):
        assert f"nhiem-vu-{slugify(task.number)}" in {e.get("id") for e in document.iter()}
        if task.numbered:
            assert words(task.title) in shown, task.number
        for part in (task.body or "").split("\n\n"):
            assert prose(part) in shown, task.number
        for line in task.lines:
            assert f"{line.label}: {words(line.text)}" in shown, task.number
        if task.timeline:
            assert f"{task.timeline_label}: {words(task.timeline.text)}" in shown, task.number
    for org in plan.organisation:
        for paragraph in org.body.split("\n"):
            assert prose(paragraph.lstrip("- ")) in shown
    if plan.funding:
        assert prose(plan.funding) in shown
    if plan.closing:
        assert prose(plan.closing) in shown
    for recipient in plan.recipients:
        assert words(recipient) in shown
    assert plan.signature is not None and plan.signature.name in shown


def test_plan_task_table(built_site: Path, catalog: Catalog) -> None:
    doc = page(built_site, f"ke-hoach/{BD}/")
    table = doc.cssselect("#bang-nhiem-vu table")[0]
    headers = [words(th.text_content()) for th in table.cssselect("thead th")]
    assert headers == ["Số", "Nhiệm vụ", "Chủ trì, thực hiện", "Tham mưu, tổng hợp", "Phối hợp",
                       "Thời gian", "Hạn", "Tình trạng"]
    rows = table.cssselect("tbody tr")
    assert [words(r[0].text_content()) for r in rows] == [
        e.number for e in catalog.tasks_by_plan[BD]]
    task10 = rows[-1]
    # "Trước ngày 15/11/2025": the last day is 14/11, a date the plan does not print
    assert task10[6].cssselect("time")[0].get("datetime") == "2025-11-14"
    assert "14/11/2025 (ngày suy ra)" in words(task10[6].text_content())
    assert "Trước ngày 15/11/2025 hoặc khi có yêu cầu" in words(task10[5].text_content())
    assert "../../co-quan/tand-tinh-binh-duong/" in hrefs(task10[2])
    assert "../../co-quan/so-tu-phap-binh-duong/" not in hrefs(task10[2])  # only consolidates
    assert "../../co-quan/so-tu-phap-binh-duong/" in hrefs(task10[3])
    assert "đầu mối tổng hợp" in words(task10[3].text_content())
    task3 = rows[2]
    assert "../../co-quan/cac-so-nganh-binh-duong/" in hrefs(task3[4])


def test_plan_links_agencies_plans_and_downloads(built_site: Path) -> None:
    doc = page(built_site, f"ke-hoach/{BD}/")
    body = content(doc)
    links = hrefs(body)
    assert "../../co-quan/ubnd-tinh-binh-duong/" in links  # issuer
    line_links = hrefs(body.cssselect("#nhiem-vu-1 .pp-lines")[0])
    assert "../../co-quan/so-tu-phap-binh-duong/" in line_links
    assert "../../co-quan/ubnd-cap-xa-binh-duong/" in line_links
    assert f"../{BD}.yaml" in links and f"../{BD}.ics" in links
    source = (built_site / "ke-hoach" / f"{BD}.yaml").read_bytes()
    assert source == (ROOT / "plans" / f"{BD}.yaml").read_bytes()


def test_print_stylesheet_lays_out_a4(built_site: Path) -> None:
    css = (built_site / "assets" / "stylesheets" / "planpub.css").read_text(encoding="utf-8")
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    assert "Times New Roman" in css
    printed = css[css.index("@media print"):]
    assert ".md-header" in printed and ".md-sidebar" in printed and ".pp-screen" in printed
    doc = page(built_site, f"ke-hoach/{BD}/")
    assert 'planpub.css' in " ".join(link.get("href", "") for link in doc.iter("link"))


# --------------------------------------------------------------------------- agency pages


def test_so_tu_phap_binh_duong_lists_its_tasks(built_site: Path) -> None:
    doc = page(built_site, f"co-quan/{STP_BD}/")
    body = content(doc)
    assert "Sở Tư pháp tỉnh Bình Dương" in text_of(body)

    def tasks_in(section: str) -> set[str]:
        found = body.cssselect(f"#{section}")
        return {h.rsplit("#", 1)[1] for h in hrefs(found[0])
                if f"{BD}/#nhiem-vu-" in h} if found else set()

    assert {"nhiem-vu-1", "nhiem-vu-3", "nhiem-vu-4", "nhiem-vu-6", "nhiem-vu-7",
            "nhiem-vu-8", "nhiem-vu-9"} == tasks_in("vai-tro-lead")
    assert {"nhiem-vu-10"} == tasks_in("vai-tro-consolidate")
    assert {"nhiem-vu-5"} == tasks_in("vai-tro-coordinate")
    assert body.cssselect("#vai-tro-lead-2025")


def test_member_sees_group_tasks_marked(built_site: Path) -> None:
    body = content(page(built_site, "co-quan/so-tai-chinh-binh-duong/"))
    via_rows = body.cssselect("tr.pp-via")
    assert via_rows
    for row in via_rows:
        assert "Qua nhóm" in text_of(row)
        assert "../cac-so-nganh-binh-duong/" in hrefs(row)
    # task 7 names Sở Tài chính itself: listed once, not again through the group
    lead = body.cssselect("#vai-tro-lead")[0]
    task7 = [row for row in lead.cssselect("tr") if any(f"{BD}/#nhiem-vu-7" in h
                                                       for h in hrefs(row))]
    assert len(task7) == 1 and "Qua nhóm" not in text_of(task7[0])


def test_ceased_agency_links_successor_which_inherits(built_site: Path) -> None:
    body = content(page(built_site, f"co-quan/{STP_BD}/"))
    notice = body.cssselect(".pp-ceased")[0]
    assert "30/06/2025" in text_of(notice)
    assert "../so-tu-phap-ho-chi-minh/" in hrefs(notice)
    successor = content(page(built_site, "co-quan/so-tu-phap-ho-chi-minh/"))
    inherited = successor.cssselect("#ke-thua")[0]
    links = hrefs(inherited)
    assert any(f"{BD}/#nhiem-vu-10" in h for h in links)  # due 14/11/2025, after 30/06/2025
    assert "Của cơ quan tiền nhiệm" in text_of(inherited)
    assert "để tham khảo" in text_of(inherited).lower()  # not stated as a legal transfer


def test_agency_index_by_locality_and_kind(built_site: Path, catalog: Catalog) -> None:
    body = content(page(built_site, "co-quan/"))
    links = set(hrefs(body))
    for agency_id in catalog.agencies:
        assert f"{agency_id}/" in links
    bd = body.cssselect("#dia-ban-binh-duong")[0]
    assert f"{STP_BD}/" in hrefs(bd)
    assert "Nhóm cơ quan" in text_of(bd)


# --------------------------------------------------------------------------- calendar


def test_calendar_shows_14_11_2025_with_agencies(built_site: Path) -> None:
    body = content(page(built_site, "lich/"))
    month = body.cssselect("#thang-11-2025")[0]
    assert "Tháng 11/2025" in text_of(month)
    row = next(tr for tr in month.cssselect("tbody tr")
               if tr.cssselect('time[datetime="2025-11-14"]'))
    assert "14/11/2025 (ngày suy ra)" in text_of(row)  # the day before "Trước ngày 15/11/2025"
    assert "Trước ngày 15/11/2025" in text_of(row)
    links = hrefs(row)
    assert f"../ke-hoach/{BD}/#nhiem-vu-10" in links
    for agency in ("tand-tinh-binh-duong", "vksnd-tinh-binh-duong", STP_BD):
        assert f"../co-quan/{agency}/" in links


def _month_keys(body: Any, selector: str) -> list[tuple[int, int]]:
    months = [s.get("id") for s in body.cssselect(selector)]
    return [(int(m.split("-")[2]), int(m.split("-")[1])) for m in months]


def test_calendar_months_in_order_then_undated_by_kind(built_site: Path) -> None:
    body = content(page(built_site, "lich/"))
    coming = _month_keys(body, "#han-sap-toi .pp-month")
    past = _month_keys(body, "#han-da-qua details.pp-month")
    assert coming == sorted(coming) and past == sorted(past, reverse=True)
    assert len(coming) + len(past) >= 2
    kinds = {words(h.text_content()) for h in body.cssselect("#khong-co-ngay h3")}
    assert {"Thường xuyên", "Khi phát sinh sự việc"} <= kinds


def test_calendar_meaning_does_not_depend_on_build_date(built_site: Path) -> None:
    body = content(page(built_site, "lich/"))
    visible = text_of(body)
    assert "quá hạn" not in visible  # only a report of unfinished work makes a task overdue
    assert f"từ ngày {reference_date(ROOT):%d/%m/%Y} (ngày dữ liệu được cập nhật)" in visible
    assert str(dt.date.today().year + 1) not in visible


def test_calendar_filters_carry_agency_and_group_members(built_site: Path) -> None:
    body = content(page(built_site, "lich/"))
    options = {o.get("value") for o in body.cssselect("select[name=co-quan] option")}
    assert STP_BD in options
    task1 = next(tr for tr in body.cssselect("tr[data-plan]")
                 if f"{BD}/#nhiem-vu-5" in " ".join(hrefs(tr)))
    # the row names the group "Các sở, ngành"; Sở Tư pháp's option says it is a member
    group = next(o for o in body.cssselect("select[name=co-quan] option")
                 if o.get("value") == STP_BD).get("data-groups", "").split()
    assert "cac-so-nganh-binh-duong" in group
    assert set(group) & set(task1.get("data-agencies").split())


# --------------------------------------------------------------------------- feeds


def _feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def test_every_feed_parses_in_calendar_libraries(built_site: Path, catalog: Catalog) -> None:
    feeds = _feeds(built_site)
    assert len(feeds) == 1 + len(catalog.plans) + len(catalog.agencies)
    for path in feeds:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        assert cal.get("X-WR-CALNAME")
        assert str(cal.get("REFRESH-INTERVAL").to_ical().decode()) == "P1D"
        for event in cal.walk("VEVENT"):
            assert isinstance(event.decoded("DTSTART"), dt.date)
            assert not isinstance(event.decoded("DTSTART"), dt.datetime)
            assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(days=1)
            assert str(event["UID"]).endswith("@planpub")
        list(recurring_ical_events.of(cal).between(dt.date(2020, 1, 1), dt.date(2031, 1, 1)))
    text = (built_site / "lich" / "tat-ca.ics").read_text(encoding="utf-8")
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in text
    assert "X-PUBLISHED-TTL:P1D" in text


def test_all_feed_has_the_dated_tasks(built_site: Path, catalog: Catalog) -> None:
    cal = icalendar.Calendar.from_ical((built_site / "lich" / "tat-ca.ics").read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(catalog.dated)
    event = events[f"{BD}-10@planpub"]
    assert event.decoded("DTSTART") == dt.date(2025, 11, 14)  # "Trước ngày 15/11/2025"
    assert f"/ke-hoach/{BD}/#nhiem-vu-10" in str(event["URL"])
    occurrences = recurring_ical_events.of(cal).at((2025, 11, 14))
    assert f"{BD}-10@planpub" in {str(e["UID"]) for e in occurrences}


def test_agency_feed_includes_group_and_inherited_tasks(built_site: Path) -> None:
    own = icalendar.Calendar.from_ical((built_site / "co-quan" / f"{STP_BD}.ics").read_bytes())
    uids = {str(e["UID"]) for e in own.walk("VEVENT")}
    assert f"{BD}-10@planpub" in uids and f"{BD}-4@planpub" in uids
    heir = icalendar.Calendar.from_ical(
        (built_site / "co-quan" / "so-tu-phap-ho-chi-minh.ics").read_bytes())
    assert f"{BD}-10@planpub" in {str(e["UID"]) for e in heir.walk("VEVENT")}


YEARLY_PLAN = """
    id: ke-hoach-thu-hang-nam
    title: Kế hoạch thử báo cáo hằng năm
    issuer: ubnd-tinh-binh-duong
    year: 2025
    tasks:
      - number: "1"
        title: Báo cáo thống kê công tác bồi thường nhà nước
        lead: [so-tu-phap-binh-duong]
        timeline: Trước ngày 15/11 hằng năm
"""


def test_yearly_timeline_recurs_and_feeds_are_reproducible(
        make_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (make_repo / "plans" / "ke-hoach-thu-hang-nam.yaml").write_text(
        textwrap.dedent(YEARLY_PLAN), encoding="utf-8")
    catalog, diags = load_checked(make_repo)
    assert not [d for d in diags if d.level == "error"], diags
    entries = catalog.tasks_by_plan["ke-hoach-thu-hang-nam"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    urls = Urls(site_url="https://example.gov.vn/")
    data = feed(catalog, entries, name="Thử", urls=urls, stamp=build_stamp(catalog))
    assert data == feed(catalog, entries, name="Thử", urls=urls, stamp=build_stamp(catalog))
    cal = icalendar.Calendar.from_ical(data)
    event = next(iter(cal.walk("VEVENT")))
    rrule = event["RRULE"]
    assert isinstance(rrule, icalendar.vRecur), rrule
    assert rrule["FREQ"] == ["YEARLY"]
    assert event.decoded("DTSTAMP").date() == dt.date(2025, 1, 1)  # from the data, not the clock
    days = [e.decoded("DTSTART") for e in
            recurring_ical_events.of(cal).between(dt.date(2025, 1, 1), dt.date(2028, 1, 1))]
    # "Trước ngày 15/11 hằng năm": the last day is 14/11 each year
    assert days == [dt.date(2025, 11, 14), dt.date(2026, 11, 14), dt.date(2027, 11, 14)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_stamp(catalog) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- indexes and home


def test_plans_index_by_year_locality_and_tree(built_site: Path, catalog: Catalog) -> None:
    index = content(page(built_site, "ke-hoach/"))
    assert f"{BD}/" in hrefs(index.cssselect("#nam-2025")[0].getnext())
    assert f"{PM}/" in hrefs(index.cssselect("#nam-2024")[0].getnext())
    province = content(page(built_site, "dia-ban/quang-ngai/"))
    assert f"../../ke-hoach/{PM}/" in hrefs(province)  # a ward's plan shows in its province
    assert "../pho-minh/" not in hrefs(content(page(built_site, "dia-ban/binh-duong/")))
    tree = content(page(built_site, "cay-ke-hoach/"))
    parent = next(li for li in tree.cssselect("li") if "42/KH-UBND" in text_of(li))
    assert f"../ke-hoach/{PM}/" in hrefs(parent)


def test_home_page_for_citizens(built_site: Path) -> None:
    body = content(page(built_site, ""))
    shown = text_of(body)
    assert "Nhà nước phải bồi thường" in shown
    links = hrefs(body)
    for target in ("phap-luat/", "phap-luat/nguoi-co-quyen-yeu-cau/", "ke-hoach/", "lich/",
                   "co-quan/", "du-lieu/"):
        assert target in links, target
    latest = body.cssselect(".pp-latest li")
    assert len(latest) == 2 and f"ke-hoach/{BD}/" in hrefs(latest[0])
    # the bundled deadlines are all before the build's date: none is listed as upcoming
    assert not body.cssselect(".pp-upcoming time[data-due]")
    assert "Không còn hạn nào sắp tới" in text_of(body.cssselect(".pp-upcoming")[0])


# --------------------------------------------------------------------------- open data


def test_open_data_files(built_site: Path, catalog: Catalog) -> None:
    folder = built_site / "du-lieu"
    built_on = Reference(reference_date(ROOT))  # the build's date: the commit's, not the clock's
    assert (folder / "plans.json").read_text(encoding="utf-8") == to_json(
        open_data(catalog, reference=built_on))
    data = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in data["plans"]} == {BD, PM}
    rows = list(csv.DictReader(io.StringIO((folder / "tasks.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(catalog.tasks)
    row = next(r for r in rows if r["id"] == f"{BD}/10")
    assert row["timeline_due"] == "2025-11-14" and row["consolidate"] == STP_BD
    schema = json.loads((folder / "plan.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(to_json(plan_schema()))
    for path in (ROOT / "plans").glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    explained = text_of(content(page(built_site, "du-lieu/")))
    for name in ("plans.json", "tasks.csv", "plan.schema.json", "timeline_due", "consolidate"):
        assert name in explained


# --------------------------------------------------------------------------- safety and failures

UNSAFE_PLAN = """
    id: ke-hoach-thu-an-toan
    title: "Kế hoạch {{ 7*7 }} <script>alert('tieu-de')</script>"
    issuer: ubnd-tinh-binh-duong
    year: 2025
    purposes:
      - "Mục đích {{ 7*7 }} {% raw %} <script>alert('muc-dich')</script>"
    tasks:
      - number: "1"
        title: "Nhiệm vụ {{ 7*7 }}"
        body: |
          Xem tài liệu và <img src=x onerror="alert('anh')">.

          <script>alert('noi-dung')</script> {{ config.site_name }}
        lead: [so-tu-phap-binh-duong]
        lines:
          - label: Cơ quan thực hiện
            text: "Sở Tư pháp <b onclick=alert('dong')>{{ 7*7 }}</b>"
        timeline: Trước ngày 15/11/2025
    closing: "Kết {{ 7*7 }} <iframe src=javascript:alert('ket')></iframe>"
    recipients: ["<script>alert('noi-nhan')</script>"]
    signature: {name: "{{ 7*7 }}"}
"""


def test_plan_text_is_never_a_template_nor_html(make_repo: Path, tmp_path: Path) -> None:
    (make_repo / "plans" / "ke-hoach-thu-an-toan.yaml").write_text(
        textwrap.dedent(UNSAFE_PLAN), encoding="utf-8")
    site = tmp_path / "site"
    done = build_site(make_repo, site)
    assert done.returncode == 0, done.stdout + done.stderr
    pages = [site / "ke-hoach" / "ke-hoach-thu-an-toan" / "index.html", site / "index.html",
             site / "lich" / "index.html", site / "co-quan" / STP_BD / "index.html"]
    for path in pages:
        doc = lxml_html.fromstring(path.read_text(encoding="utf-8"))
        for script in doc.iter("script"):
            assert "alert(" not in (script.text or ""), path
        for element in doc.iter():
            for name, value in element.attrib.items():
                assert not name.startswith("on"), (path, name)
                assert not value.strip().lower().startswith("javascript:"), (path, value)
        assert not doc.xpath("//iframe|//img[@src='x']"), path
    plan = lxml_html.fromstring(pages[0].read_text(encoding="utf-8"))
    shown = text_of(content(plan))
    assert "Kế hoạch {{ 7*7 }} <script>alert('tieu-de')</script>" in shown
    assert "Nhiệm vụ {{ 7*7 }}" in shown and "{% raw %}" in shown
    assert "{{ config.site_name }}" in shown and "49" not in shown
    assert "<script>alert('noi-nhan')</script>" in shown
    title_element = plan.find(".//title")
    assert title_element is not None
    title = title_element.text_content()
    assert title.startswith("Kế hoạch {{ 7*7 }} <script>")
    raw = pages[0].read_text(encoding="utf-8")
    assert "{{" not in raw.split('<div class="pp-document"', 1)[1].split("</article>", 1)[0]


def test_invalid_plan_fails_the_build_with_the_validators_message(
        make_repo: Path, tmp_path: Path) -> None:
    bad = (make_repo / "plans" / f"{BD}.yaml").read_text(encoding="utf-8").replace(
        "  - number: \"7\"\n", "  - number: \"7\"\n    owner: ai-do\n", 1)
    (make_repo / "plans" / f"{BD}.yaml").write_text(bad, encoding="utf-8")
    (make_repo / "plans" / "ke-hoach-thu-loi.yaml").write_text(textwrap.dedent("""
        id: ke-hoach-thu-loi
        title: Kế hoạch lỗi
        issuer: ubnd-tinh-khong-co
        year: 2025
        tasks:
          - {number: "1", title: Việc, timeline: Thường xuyên}
    """), encoding="utf-8")
    site = tmp_path / "site"
    done = build_site(make_repo, site)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in output
    assert re.search(rf"plans/{BD}\.yaml:\d+: lỗi: tasks\[7\]\.owner: trường “owner”", output)
    assert re.search(r"plans/ke-hoach-thu-loi\.yaml:\d+: lỗi: issuer: cơ quan "
                     r"“ubnd-tinh-khong-co” không có trong danh mục", output)
    assert not (site / "index.html").exists()


def test_broken_front_matter_of_a_content_page_fails_the_build(
        make_repo: Path, tmp_path: Path) -> None:
    """MkDocs would drop front matter it cannot read (and the page's title) without a word."""
    page = make_repo / "content" / "hoi-dap.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n", "---\ndescription: Hỏi: đáp\n", 1), encoding="utf-8")
    done = build_site(make_repo, tmp_path / "site")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in output
    assert "content/hoi-dap.md: phần đầu trang (front matter" in output


def test_every_page_has_its_own_title(built_site: Path) -> None:
    """No page falls back to the title MkDocs makes from its file name ("Huong dan tac gia")."""
    for page in built_site.rglob("index.html"):
        match = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert match and match.group(1).strip(), page
        if page.parent != built_site:
            from_name = page.parent.name.replace("-", " ").replace("_", " ").capitalize()
            assert not match.group(1).startswith(f"{from_name} - "), (page, match.group(1))


def test_a_large_calendar_is_split_by_province(make_repo: Path, tmp_path: Path) -> None:
    """Above ``calendar_split`` tasks, /lich/ lists places; each place has its calendar page."""
    config = make_repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - planpub\n" in text
    config.write_text(text.replace("\n  - planpub\n", "\n  - planpub:\n      calendar_split: 5\n"),
                      encoding="utf-8")
    site = tmp_path / "site"
    done = build_site(make_repo, site)
    assert done.returncode == 0, done.stdout + done.stderr
    index = content(page(site, "lich/"))
    assert not index.cssselect("tr[data-plan]")  # no task rows on the index
    places = {a.get("href"): a.text_content()
              for a in index.cssselect("#theo-dia-ban td[data-label='Địa bàn'] a")}
    assert places == {"binh-duong/": "tỉnh Bình Dương", "quang-ngai/": "tỉnh Quảng Ngãi"}
    bd = content(page(site, "lich/binh-duong/"))
    assert "Lịch hạn — tỉnh Bình Dương" in bd.cssselect("h1")[0].text_content()
    rows = bd.cssselect("tr[data-plan]")
    assert rows and {r.get("data-plan") for r in rows} == {BD}
    row = next(r for r in rows if r.cssselect("time[datetime='2025-11-14']"))
    assert "Tòa án nhân dân" in row.text_content()
    options = {o.get("value") for o in bd.cssselect("select[name=ke-hoach] option")}
    assert options == {"", BD}
