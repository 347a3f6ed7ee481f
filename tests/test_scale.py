"""A national site (issue 18): calendar places, years and parts no larger than a page, feeds
trimmed to what a calendar app needs, agency year pages, long lists counted by place, and data
files written piece by piece. On small repositories with small thresholds, so every rule is
exercised without building a national site."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import icalendar
import pytest

from conftest import ROOT, load_checked
from planpub import ics
from planpub.catalog import Catalog
from planpub.site.calendars import Calendars
from planpub.site.links import Urls
from planpub.site.names import Names
from planpub.status import Reference

TODAY = dt.date(2024, 6, 15)
PAGE = 25


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.generate import generate

    root = tmp_path_factory.mktemp("scale") / "repo"
    generate(root, 60, 3, ROOT)
    return root


@pytest.fixture(scope="module")
def catalog(repo: Path) -> Catalog:
    catalog, diags = load_checked(repo)
    assert not [d for d in diags if d.level == "error"]
    return catalog


def test_a_build_checks_each_plan_as_it_loads_and_finds_the_same(repo: Path) -> None:
    """A site build checks each plan as soon as it is read and drops its line map
    (``lines=False``): the findings, lines included, are those of a full check."""
    from planpub.project import open_project

    full = open_project(repo)
    lean = open_project(repo, lines=False)
    assert full.diagnostics and lean.diagnostics == full.diagnostics
    assert all(not lp.doc.lines and lp.doc.data is None for lp in lean.catalog.loaded)
    assert all(not lp.doc.lines for lp in lean.catalog.progress)


def calendars(catalog: Catalog, page: int = PAGE, today: dt.date = TODAY) -> Calendars:
    return Calendars(Names(catalog, Urls(site_url="https://example.gov.vn/"), frozenset(),
                           Reference(today)), split_above=10, page_tasks=page)


def test_every_task_is_on_exactly_one_page_of_its_place(catalog: Catalog) -> None:
    cal = calendars(catalog)
    assert cal.split and len(cal.places) > 1
    shown: Counter[str] = Counter()
    large = 0
    for place in cal.places.values():
        place_tasks = {e.id for e in [*place.dated, *place.undated]}
        if not place.years:
            assert len(place_tasks) <= PAGE
            shown.update(place_tasks)
            continue
        large += 1
        for year in place.years:
            for part in year.parts:
                assert 0 < len(part.dated) + len(part.undated) <= PAGE, part.src
                assert all(e.due and e.due.year == year.year for e in part.dated)
                assert all(e.plan.year == year.year for e in part.undated)
                assert {e.id for e in [*part.dated, *part.undated]} <= place_tasks
                shown.update(e.id for e in [*part.dated, *part.undated])
    assert large, "the thresholds should make some place large"
    assert shown == Counter(e.id for e in catalog.tasks)


def test_parts_of_a_year_follow_the_months_and_name_them(catalog: Catalog) -> None:
    cal = calendars(catalog, page=7)
    srcs = [src for src, _, _, _ in cal.pages()]
    assert len(srcs) == len(set(srcs))
    split = [y for p in cal.places.values() for y in p.years if len(y.parts) > 1]
    assert split
    for place in cal.places.values():
        for year in place.years:
            assert year.parts[0].src == f"lich/{place.id}/{year.year}.md"
            assert [p.src for p in year.parts[1:]] == [
                f"lich/{place.id}/{year.year}-phan-{i}.md" for i in range(2, len(year.parts) + 1)]
            dues = [e.due for part in year.parts for e in part.dated if e.due]
            assert dues == sorted(dues)  # months in order, across parts
            undated_seen = False
            for part in year.parts:
                undated_seen = undated_seen or bool(part.undated)
                assert not (undated_seen and part.dated and not part.undated), \
                    "undated tasks come after every month"
                if len(year.parts) > 1:
                    assert part.title.startswith(f"Năm {year.year}: ")
                    if part.dated:
                        months = sorted({e.due.month for e in part.dated if e.due})
                        assert f"tháng {months[0]}" in part.title
                    if part.undated:
                        assert "không có ngày cụ thể" in part.title
                else:
                    assert part.title == f"Năm {year.year}"


def test_a_large_place_lists_its_next_deadlines_in_whole_days(catalog: Catalog) -> None:
    cal = calendars(catalog)
    for place in cal.places.values():
        if not place.years:
            continue
        upcoming = cal.upcoming(place)
        ahead = [e for e in place.dated if e.due and e.due >= TODAY]
        assert upcoming == ahead[:len(upcoming)]
        assert len(upcoming) <= PAGE or len({e.due for e in upcoming}) == 1
        if len(upcoming) < len(ahead):  # the next day was left out whole
            assert ahead[len(upcoming)].due != upcoming[-1].due if upcoming else True


def test_small_sites_keep_one_calendar(catalog: Catalog) -> None:
    cal = Calendars(Names(catalog, Urls(), frozenset(), Reference(TODAY)),
                    split_above=len(catalog.tasks))
    assert not cal.split and not cal.places and not list(cal.pages())


def test_a_trimmed_feed_keeps_recent_then_upcoming_within_its_budget(catalog: Catalog) -> None:
    events = [(e, b"x" * 100) for e in catalog.dated]
    kept = ics.window(events, TODAY, 100 * 40)
    assert len(kept) == 40
    assert kept == sorted(kept, key=lambda x: events.index(x))
    recent = [e for e, _ in kept if e.due and TODAY - ics.RECENT <= e.due < TODAY]
    ahead = [e for e, _ in kept if e.due and e.due >= TODAY]
    assert len(recent) <= 10 and ahead
    everything_ahead = [e for e, _ in events if e.due and e.due >= TODAY]
    assert ahead == everything_ahead[:len(ahead)]  # the soonest upcoming, none skipped
    assert ics.window(events, TODAY, 10**9) == events


def test_every_feed_stays_under_its_budget_and_says_what_it_left_out(
        catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ics, "FEED_BYTES", 20_000)
    cal = calendars(catalog)
    outputs = {o.src: b"".join(o.pieces()) for o in ics.feed_outputs(cal)}
    place = next(p for p in cal.places.values() if p.years)
    assert place.feed in outputs
    assert all(f"lich/{place.id}/{y.year}.ics" in outputs for y in place.years if y.dated)
    trimmed = 0
    for src, data in outputs.items():
        assert isinstance(data, bytes)
        parsed = icalendar.Calendar.from_ical(data)
        events = parsed.walk("VEVENT")
        note = str(parsed.get("x-wr-caldesc", ""))
        if "Lịch này chỉ gồm" in note:
            trimmed += 1
            assert "https://example.gov.vn/" in note, src
        if len(events) > 2:  # a task's own events may not be cut
            assert len(data) < 20_000 + 4_000, src
    assert trimmed >= 2
    full = icalendar.Calendar.from_ical(outputs["lich/tat-ca.ics"])
    assert "https://example.gov.vn/lich/" in str(full.get("x-wr-caldesc"))


def test_feeds_as_before_when_small(catalog: Catalog) -> None:
    cal = calendars(catalog)
    data = {o.src: b"".join(o.pieces()) for o in ics.feed_outputs(cal)}["lich/tat-ca.ics"]
    assert isinstance(data, bytes)
    parsed = icalendar.Calendar.from_ical(data)
    uids = {str(e["uid"]) for e in parsed.walk("VEVENT")}
    assert {ics.event_uid(e) for e in catalog.dated} <= uids
    assert "Lịch này chỉ gồm" not in str(parsed.get("x-wr-caldesc"))


def test_place_pages_of_a_preview_go_with_their_place() -> None:
    from planpub.site.affected import is_affected

    affected = {"lich/ha-noi.md"}
    assert is_affected("lich/ha-noi/2025.md", affected)
    assert is_affected("lich/ha-noi/2025-phan-2.md", affected)
    assert not is_affected("lich/hue/2025.md", affected)
    assert not is_affected("ke-hoach/ha-noi.md", affected)
    assert is_affected("co-quan/so-tu-phap/2025-phan-2.md", {"co-quan/so-tu-phap.md"})
    assert not is_affected("co-quan/so-tu-phap/2025.md", {"co-quan/so-tai-chinh.md"})


def test_paths_are_ascii(tmp_path: Path, catalog: Catalog) -> None:
    cal = calendars(catalog, page=7)
    for src, title, _, _ in cal.pages():
        assert src.isascii() and title.startswith("Lịch hạn — ")


@pytest.mark.slow
def test_a_large_place_has_a_page_per_year_and_feeds(split_site: Path) -> None:
    """With small thresholds the bundled site splits: /lich/ lists places, a large place's page
    shows its next deadlines and its years, each year page holds at most a page of tasks, and
    each place and year has its feed."""
    from test_site import content, page

    site = split_site
    index = content(page(site, "lich/"))
    feeds = [a.get("href") for a in index.cssselect("#theo-dia-ban a.pp-feed")]
    assert "binh-duong.ics" in feeds
    assert all((site / "lich" / href).is_file() for href in feeds)
    place = content(page(site, "lich/binh-duong/"))
    assert place.cssselect("h1")[0].text_content().strip() == "Lịch hạn — tỉnh Bình Dương"
    assert not place.cssselect("#han-da-qua") and not place.cssselect("#khong-co-ngay")
    assert len(place.cssselect("#han-sap-toi tr[data-plan]")) <= 4
    years = place.cssselect("#theo-nam tbody tr")
    assert years
    seen: Counter[str] = Counter()
    for row in years:
        for link in row.cssselect("td[data-label='Trang'] a"):
            year_page = content(page(site, f"lich/binh-duong/{link.get('href')}"))
            title = year_page.cssselect("h1")[0].text_content()
            assert title.startswith("Lịch hạn — tỉnh Bình Dương — Năm "), title
            assert link.text_content() in title
            rows = year_page.cssselect("tr[data-plan]")
            assert 0 < len(rows) <= 4
            seen.update(r.cssselect("a[href*='#']")[0].get("href") for r in rows)
            back = year_page.cssselect("article a")[0]
            assert back.get("href") == "../"
        for feed_link in row.cssselect("a.pp-feed"):
            data = (site / "lich" / "binh-duong" / feed_link.get("href")).read_bytes()
            assert icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert seen and max(seen.values()) == 1  # every task on one page only
    catalog, _ = load_checked(site.parent)
    bd = [p.id for p in catalog.plans.values() if p.id.startswith("binh-duong")]
    assert {href.rsplit("#", 1)[1] for href in seen} == {
        e.anchor for plan in bd for e in catalog.tasks_by_plan[plan]}
    check_large_agencies(site, catalog)


def check_large_agencies(site: Path, catalog: Catalog) -> None:
    """An agency with more tasks than a page holds lists its years; each of its tasks is on
    exactly one year page, at most ``page_tasks`` to a page; its own page keeps the summary
    and the next deadlines but no task table."""
    from test_site import content, page

    large = 0
    for agency in catalog.agencies.values():
        own = catalog.assignments(agency.id)
        inherited = catalog.inherited(agency.id) if catalog.predecessors.get(agency.id) else []
        doc = content(page(site, f"co-quan/{agency.id}/"))
        if len(own) + len(inherited) <= 4:
            assert not doc.cssselect("#theo-nam")
            continue
        large += 1
        assert not doc.cssselect("[id^='vai-tro-'] table") and not doc.cssselect("#ke-thua")
        rows: Counter[str] = Counter()
        for link in doc.cssselect("#theo-nam td[data-label='Trang'] a"):
            year_page = content(page(site, f"co-quan/{agency.id}/{link.get('href')}"))
            assert year_page.cssselect("h1")[0].text_content().startswith(f"{agency.name} — Năm")
            found = year_page.cssselect("tbody tr")
            assert 0 < len(found) <= 4
            rows.update(r.cssselect("td[data-label='Nhiệm vụ'] a")[0].get("href").rsplit("/", 2)[-2]
                        + r.cssselect("td[data-label='Nhiệm vụ'] a")[0].get("href").rsplit("#")[-1]
                        for r in found)
        assert sum(rows.values()) == len(own) + len(inherited), agency.id
        assert max(rows.values()) == 1
    assert large


@pytest.mark.slow
def test_long_lists_are_counted_by_place(split_site: Path) -> None:
    """With ``list_items: 1`` the bundled site summarises every long list: the plan index
    names the provincial plan and counts the ward's plan under its province, the country's page
    counts plans by province, the agency index names only upper-level agencies, a document
    cited by both plans lists them on one page per province, and the tree counts the leaves."""
    from test_site import content, page

    site = split_site
    catalog, _ = load_checked(site.parent)
    index = content(page(site, "ke-hoach/"))
    named = {a.get("href").strip("/") for a in index.cssselect(".pp-plan-list a")}
    assert named == {"binh-duong-2025-boi-thuong-nha-nuoc"}
    counted = {a.get("href"): a.getparent().text_content() for a in
               index.cssselect(".pp-inline-list a")}
    assert counted == {"../dia-ban/quang-ngai/#ke-hoach": "tỉnh Quảng Ngãi (1)"}
    province = content(page(site, "dia-ban/quang-ngai/"))  # one plan: listed by name
    assert [a.text_content() for a in province.cssselect(".pp-plan-list li > a")] == [
        catalog.plans["pho-minh-2024-boi-thuong-nha-nuoc"].title]
    root = next(loc.id for loc in catalog.registry.localities.values()
                if loc.parent not in catalog.registry.localities)
    country = content(page(site, f"dia-ban/{root}/"))
    assert not country.cssselect(".pp-plan-list")
    assert {a.text_content() for a in country.cssselect("#ke-hoach-don-vi-truc-thuoc + ul a")} \
        == {"tỉnh Bình Dương", "tỉnh Quảng Ngãi"}
    agencies = content(page(site, "co-quan/"))
    listed = {a.get("href").strip("/").split("/")[-1]
              for a in agencies.cssselect(".pp-agency-group li a")}
    deep = {a.id for a in catalog.agencies.values() if a.locality and catalog.locality_chain(
        a.locality).index(catalog.top_place(a.locality) or a.locality) > 0}
    assert deep and not listed & deep
    assert listed and agencies.cssselect(".pp-agency-group .pp-meta a")
    law = content(page(site, "van-ban/luat-tnbtcnn-2017/"))
    assert not law.cssselect(".pp-citing")
    places = law.cssselect("#ke-hoach-dan-chieu ~ div table tbody tr, "
                           "#ke-hoach-dan-chieu ~ table tbody tr")
    assert len(places) == 2
    seen = set()
    for row in places:
        href = row.cssselect("a")[0].get("href")
        sub = content(page(site, f"van-ban/luat-tnbtcnn-2017/{href}"))
        assert sub.cssselect("h1")[0].text_content().startswith("Luật")
        seen |= {a.get("href").rsplit("/", 2)[-2] for a in sub.cssselect(".pp-citing > li > a")}
    assert seen == set(catalog.plans)
    tree = content(page(site, "cay-ke-hoach/"))
    linked = {a.get("href").strip("/").split("/")[-1] for a in tree.cssselect(".pp-plan-tree a")}
    leaves = {p for p in catalog.plans if p not in catalog.children}
    shown = {p for p in linked if p in catalog.plans}
    assert not shown & leaves
    notes = [m.text_content() for m in tree.cssselect("article .pp-meta")]
    found = [re.match(r"(?:Và )?(\d+) kế hoạch", n) for n in notes]
    counted_leaves = sum(int(m[1]) for m in found if m)
    assert all(found)
    alone = [p for p in leaves if not catalog.parent_plans(catalog.plans[p])]
    under = sum(1 for kids in catalog.children.values() for k in kids if k in leaves)
    assert counted_leaves == len(alone) + under, notes


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site with every threshold small, so every split page exists."""
    from conftest import build_site, copy_sources

    repo = copy_sources(tmp_path_factory.mktemp("split") / "repo")
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "\n  - planpub\n",
        "\n  - planpub:\n      calendar_split: 5\n      page_tasks: 4\n      list_items: 1\n"),
        encoding="utf-8")
    done = build_site(repo, repo / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Dựng trang" not in done.stdout + done.stderr  # no progress bar off a terminal
    assert "Thời gian từng bước" not in done.stdout + done.stderr
    return repo / "site"


def test_every_link_of_the_split_bundled_site_resolves(split_site: Path) -> None:
    from linkcheck import check

    assert check(split_site) == []


SPLIT_PAGES = ("lich/", "lich/binh-duong/", "lich/binh-duong/2025-phan-2/",
               "co-quan/tand-tp-ho-chi-minh/", "co-quan/tand-tp-ho-chi-minh/2025/", "co-quan/",
               "ke-hoach/", "cay-ke-hoach/", "van-ban/luat-tnbtcnn-2017/",
               "van-ban/luat-tnbtcnn-2017/binh-duong/")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_split_pages_have_no_serious_axe_violations(split_site: Path, browser: Any,
                                                    scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from conftest import served
    from test_a11y import _serious

    axe = Axe()
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        with served(split_site) as url:
            for path in SPLIT_PAGES:
                assert (split_site / path / "index.html").is_file(), path
                tab.goto(url + path)
                problems = _serious(axe.run(tab).response)
                assert not problems, f"{path} ({scheme}):\n" + "\n".join(problems)
    finally:
        context.close()


def test_plans_json_and_tasks_csv_are_the_same_made_piece_by_piece(catalog: Catalog) -> None:
    from planpub.opendata import open_data, open_data_text, tasks_csv, tasks_csv_text, to_json

    reference = Reference(TODAY, 30)
    assert "".join(open_data_text(catalog, reference)) == to_json(
        open_data(catalog, reference=reference))
    whole = tasks_csv(catalog, reference)
    pieces = list(tasks_csv_text(catalog, reference, rows=7))
    assert len(pieces) > 2 and "".join(pieces) == whole
    empty = Catalog(catalog.registry, [], [])
    assert "".join(open_data_text(empty, reference)) == to_json(
        open_data(empty, reference=reference))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_each_phase_in_vietnamese_on_a_terminal_only() -> None:
    from planpub.mkdocs.progress import Progress

    screen = _Terminal()
    progress = Progress(screen, interval=0)
    assert progress.enabled
    progress.phase("Đọc và kiểm tra kế hoạch", unit="kế hoạch")
    progress.step(3)
    progress.phase("Dựng trang", 4)
    for _ in range(4):
        progress.step()
    progress.phase("Chỉ mục tìm kiếm", bar=False)
    summary = progress.summary()
    shown = screen.getvalue()
    assert "Đọc và kiểm tra kế hoạch: 3 kế hoạch · đã 00:00" in shown
    assert "Dựng trang: 100% |" in shown and "4/4 trang · đã 00:00, còn 00:00" in shown
    assert "Chỉ mục" not in shown  # timed, not drawn
    assert summary is not None and summary.startswith("Thời gian từng bước: đọc và kiểm tra "
                                                      "kế hoạch 0,0 giây, dựng trang ")
    assert summary.endswith("chỉ mục tìm kiếm 0,0 giây.")
    log = io.StringIO()  # not a terminal: nothing drawn, no summary
    quiet = Progress(log)
    quiet.phase("Dựng trang", 4)
    quiet.step(4)
    assert quiet.summary() is None and log.getvalue() == ""


@pytest.mark.slow
def test_every_link_and_anchor_of_a_split_synthetic_site_resolves(
        repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Sixty generated plans with tiny thresholds: every place, year, part, agency year and
    citing page exists, and every link and table-of-contents anchor on them resolves (feeds
    linked only where they are written, sections listed only where they are shown)."""
    import shutil

    from conftest import build_site
    from linkcheck import check

    copy = tmp_path_factory.mktemp("split-synthetic") / "repo"
    shutil.copytree(repo, copy)
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "\n  - planpub\n",
        "\n  - planpub:\n      calendar_split: 10\n      page_tasks: 3\n      list_items: 5\n"),
        encoding="utf-8")
    site = copy / "site"
    done = build_site(copy, site)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert list(site.glob("lich/*/*-phan-2/index.html"))
    assert list(site.glob("co-quan/*/*/index.html"))
    assert list(site.glob("van-ban/*/*/index.html"))
    assert check(site) == []


def test_a_trimmed_feed_names_the_dates_it_keeps(catalog: Catalog,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Years later, a trimmed feed keeps yearly tasks for their next date and says so: the
    range in its description reaches that date, not the task's first due date."""
    later = dt.date(2040, 1, 1)
    yearly = [e for e in catalog.dated if e.timeline and e.timeline.recurrence == "yearly"
              and e.timeline.until is None]
    assert yearly
    monkeypatch.setattr(ics, "FEED_BYTES", 20_000)
    cal = calendars(catalog, today=later)
    data = {o.src: b"".join(o.pieces()) for o in ics.feed_outputs(cal)}["lich/tat-ca.ics"]
    assert isinstance(data, bytes)
    note = str(icalendar.Calendar.from_ical(data).get("x-wr-caldesc"))
    found = re.search(r"từ ngày (\d\d/\d\d/\d{4}) đến ngày (\d\d/\d\d/\d{4})", note)
    assert found, note
    last = dt.datetime.strptime(found[2], "%d/%m/%Y").date()
    assert last >= later, note


def test_a_year_of_a_place_calendar_stays_out_of_the_search_index() -> None:
    """The filters of a calendar page name every agency: hundreds of year pages in the index
    would answer "Sở Tư pháp" with pages of deadlines. The place's own page stands for them."""
    from planpub.search import page_source

    html = "<article><h1>Lịch hạn</h1><p>Sở Tư pháp</p></article>"
    assert page_source("lich/ha-noi.md", "lich/ha-noi/", "Lịch hạn — Hà Nội", html, True)
    assert page_source("lich/index.md", "lich/", "Lịch hạn", html, True)
    for src in ("lich/ha-noi/2025.md", "lich/ha-noi/2025-phan-2.md"):
        assert page_source(src, src[:-3] + "/", "Lịch hạn", html, True) is None
