"""Who does what, as the built pages say it: roles, groups, names and timelines as printed.

Every check reads the built HTML and compares it with the plans' own data, the way a reviewer
holding the signed plan would; the same checks run over the bundled site and a synthetic one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from conftest import ROOT, load_checked
from planpub.catalog import Catalog, TaskEntry
from planpub.model import Roles

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"
STRENGTH = ("lead", "advise", "consolidate", "coordinate")
TASK_HREF = re.compile(r"ke-hoach/([^/]+)/#(nhiem-vu-[\w-]+)$")


def words(text: str) -> str:
    return " ".join(text.split())


def body_of(site: Path, url: str) -> Any:
    doc = lxml_html.fromstring((site / url / "index.html").read_bytes())
    return doc.cssselect("article")[0]


def agency_of(link: Any) -> str | None:
    """The agency a link leads to (``../../co-quan/<id>/``, or ``../<id>/`` between agencies)."""
    found = re.fullmatch(r"(?:\.\./)*(?:co-quan/)?([a-z0-9-]+)/", link.get("href", ""))
    return found.group(1) if found else None


def agency_ids(element: Any) -> list[str]:
    """Agencies an element links to, in order."""
    return [a for a in map(agency_of, element.iter("a")) if a]


def entries_by_link(catalog: Catalog) -> dict[tuple[str, str], TaskEntry]:
    return {(e.plan.id, e.anchor): e for e in catalog.tasks}


def named_roles(entry: TaskEntry, agency_id: str) -> list[str]:
    return [role for role in Roles if agency_id in entry.agencies(role)]


def strongest(roles: list[str]) -> str:
    return min(roles, key=STRENGTH.index)


def reaching_groups(catalog: Catalog, entry: TaskEntry, agency_id: str) -> dict[str, str]:
    """Groups the task names that stand for the agency (through nested groups): id → role."""
    def contains(group: str, seen: frozenset[str] = frozenset()) -> bool:
        members = catalog.agencies[group].members if group in catalog.agencies else []
        return agency_id in members or any(
            contains(m, seen | {group}) for m in members if m not in seen and m != group)
    out: dict[str, str] = {}
    for role in Roles:
        for named in entry.agencies(role):
            if named != agency_id and contains(named):
                out.setdefault(named, role)
                if STRENGTH.index(role) < STRENGTH.index(out[named]):
                    out[named] = role
    return out


def printed_text(entry: TaskEntry) -> str:
    task = entry.task
    return " ".join([*(line.text for line in task.lines), task.body or "", task.title])


def day_month_printed(entry: TaskEntry) -> bool:
    assert entry.timeline is not None and entry.due is not None
    d, m = entry.due.day, entry.due.month
    text = entry.timeline.text.replace(" ", "")
    forms = {f"{d}/{m}", f"{d:02}/{m:02}", f"{d}/{m:02}", f"{d:02}/{m}", f"{d}.{m}",
             f"{d:02}.{m:02}", f"{d}-{m}", f"{d:02}-{m:02}", f"{d}tháng{m}", f"{d:02}tháng{m:02}"}
    return any(re.search(rf"(?<!\d){re.escape(f)}(?!\d)", text) for f in forms)


# --------------------------------------------------------------------------- the checks


def task_of(row: Any, by_link: dict[tuple[str, str], TaskEntry]) -> TaskEntry:
    """The task a table row links to."""
    for a in row.iter("a"):
        found = TASK_HREF.search(a.get("href", ""))
        if found:
            return by_link[(found.group(1), found.group(2))]
    raise AssertionError(f"no task link in {words(row.text_content())}")


def check_agency_page(site: Path, catalog: Catalog, agency_id: str) -> None:
    """Each task once, in the agency's strongest role; through a group only when not named."""
    body = body_of(site, f"co-quan/{agency_id}")
    by_link = entries_by_link(catalog)
    listed: dict[str, str] = {}
    for section in body.cssselect("section[id^=vai-tro-]"):
        role = section.get("id").removeprefix("vai-tro-")
        for row in section.cssselect("tbody tr"):
            entry = task_of(row, by_link)
            assert entry.id not in listed, f"{agency_id}: task {entry.id} listed twice"
            listed[entry.id] = role
            named = named_roles(entry, agency_id)
            text = words(row.text_content())
            if named:
                assert role == strongest(named), f"{agency_id}: {entry.id} under {role}"
                assert "Qua nhóm" not in text, f"{agency_id}: {entry.id} named, not via a group"
                for other in set(named) - {role}:
                    assert "Kiêm" in text, f"{agency_id}: {entry.id} hides its role {other}"
            else:
                groups = reaching_groups(catalog, entry, agency_id)
                assert groups, f"{agency_id}: {entry.id} listed without reason"
                assert "Qua nhóm" in text
                assert set(agency_ids(row)) & set(groups)
                assert role == strongest(list(groups.values()))
    for entry in catalog.tasks:
        if named_roles(entry, agency_id):
            assert entry.id in listed, f"{agency_id}: task {entry.id} missing"


def check_plan_table(site: Path, catalog: Catalog, plan_id: str) -> None:
    """One mention per agency per row; leads, advisers/consolidators and coordinators apart."""
    body = body_of(site, f"ke-hoach/{plan_id}")
    rows = body.cssselect("#bang-nhiem-vu tbody tr:not(.pp-report-row)")
    entries = catalog.tasks_by_plan[plan_id]
    assert len(rows) == len(entries)
    for row, entry in zip(rows, entries, strict=True):
        cells = {td.get("data-label"): td for td in row.cssselect("td")}
        mentioned = agency_ids(row)
        assert len(mentioned) == len(set(mentioned)), f"{entry.id}: {mentioned}"
        lead = set(entry.lead)
        answer = (set(entry.advise) | set(entry.consolidate)) - lead
        coordinate = set(entry.coordinate) - lead - answer
        assert set(agency_ids(cells["Chủ trì, thực hiện"])) == lead, entry.id
        answer_cell = cells.get("Tham mưu, tổng hợp")
        assert set(agency_ids(answer_cell) if answer_cell is not None else ()) == answer, entry.id
        assert set(agency_ids(cells["Phối hợp"])) == coordinate, entry.id
        printed = printed_text(entry).casefold()
        for a in cells["Chủ trì, thực hiện"].iter("a"):
            agency = catalog.agencies.get(agency_of(a) or "")
            if agency is None or agency.kind != "role":
                continue
            if any(n.casefold() in printed for n in (agency.name, *agency.short_names)):
                assert words(a.text_content()).casefold() in printed, (entry.id, a.text_content())
        check_timeline_cells(cells["Thời gian"], cells["Hạn"], entry)


def check_timeline_cells(when: Any, due: Any, entry: TaskEntry) -> None:
    """The timeline as printed; a due date the plan does not print is marked as worked out."""
    shown = words(when.text_content())
    assert shown == (words(entry.timeline.text) if entry.timeline else "Không ghi"), entry.id
    if entry.due is None:
        return
    inferred = "ngày suy ra" in due.text_content()
    assert inferred is not day_month_printed(entry), (entry.id, entry.timeline)


def check_calendar(site: Path, catalog: Catalog) -> None:
    body = body_of(site, "lich")
    by_link = entries_by_link(catalog)
    rows = body.cssselect("tr[data-plan]")
    assert rows
    for row in rows:
        cells = {td.get("data-label"): td for td in row.cssselect("td")}
        entry = task_of(row, by_link)
        assert words(cells["Thời gian"].text_content()) == words(
            entry.timeline.text if entry.timeline else "Không ghi")
        if "Hạn" in cells:
            check_timeline_cells(cells["Thời gian"], cells["Hạn"], entry)


def check_site(site: Path, catalog: Catalog, agencies: list[str]) -> None:
    for plan_id in catalog.plans:
        check_plan_table(site, catalog, plan_id)
    for agency_id in agencies:
        check_agency_page(site, catalog, agency_id)
    check_calendar(site, catalog)


# --------------------------------------------------------------------------- the bundled site


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog, diags = load_checked(ROOT)
    assert not [d for d in diags if d.level == "error"]
    return catalog


def test_every_page_states_roles_and_timelines_as_the_plans_do(built_site: Path,
                                                                catalog: Catalog) -> None:
    check_site(built_site, catalog, list(catalog.agencies))


def test_a_collective_beside_a_member_means_the_others(built_site: Path,
                                                       catalog: Catalog) -> None:
    stp = body_of(built_site, "co-quan/so-tu-phap-binh-duong")
    lead = words(stp.cssselect("#vai-tro-lead")[0].text_content())
    coordinate = words(stp.cssselect("#vai-tro-coordinate")[0].text_content())
    assert "5. Thực hiện nghiêm" not in lead and "5. Thực hiện nghiêm" in coordinate
    for number in ("3", "4", "6", "9"):
        assert f"{number}. " in lead
        assert not re.search(rf"(?<!\d){number}\. ", coordinate)
    assert not [row for row in stp.cssselect("tr") if "Qua nhóm" in row.text_content()]
    # a member the task does not name is reached through the group, and says so
    finance = body_of(built_site, "co-quan/so-tai-chinh-binh-duong")
    via = finance.cssselect("tr.pp-via")
    assert via and all("cac-so-nganh-binh-duong" in agency_ids(row) for row in via)


def test_plan_cells_name_each_agency_once_with_its_roles(built_site: Path) -> None:
    rows = body_of(built_site, f"ke-hoach/{BD}").cssselect("#bang-nhiem-vu tbody tr")
    task3 = {td.get("data-label"): words(td.text_content()) for td in rows[2].cssselect("td")}
    assert task3["Chủ trì, thực hiện"].count("Sở Tư pháp") == 1
    assert "đầu mối tổng hợp" in task3["Chủ trì, thực hiện"]
    task10 = {td.get("data-label"): words(td.text_content()) for td in rows[9].cssselect("td")}
    assert "Sở Tư pháp" not in task10["Chủ trì, thực hiện"]
    assert "Sở Tư pháp (đầu mối tổng hợp)" in task10["Tham mưu, tổng hợp"]
    task2 = {td.get("data-label"): words(td.text_content()) for td in rows[1].cssselect("td")}
    assert "các cơ quan, đơn vị đang thụ lý hồ sơ yêu cầu bồi thường" in task2["Chủ trì, thực hiện"]
    assert task10["Thời gian"] == "Trước ngày 15/11/2025 hoặc khi có yêu cầu"
    assert "14/11/2025 (ngày suy ra)" in task10["Hạn"]  # the day before "Trước ngày 15/11"
    task4 = {td.get("data-label"): words(td.text_content()) for td in rows[3].cssselect("td")}
    assert task4["Thời gian"] == "Năm 2025" and "31/12/2025 (ngày suy ra)" in task4["Hạn"]


def test_an_agency_without_tasks_links_its_units_tasks(built_site: Path,
                                                       catalog: Catalog) -> None:
    checked = 0
    for agency in catalog.agencies.values():
        units = [u for u in catalog.agencies.values()
                 if u.parent == agency.id and catalog.assignments(u.id)]
        if not units:
            continue
        body = body_of(built_site, f"co-quan/{agency.id}")
        links = {TASK_HREF.search(a.get("href", "")).groups()  # type: ignore[union-attr]
                 for a in body.cssselect("#don-vi-truc-thuoc a")
                 if TASK_HREF.search(a.get("href", ""))}
        for unit in units:
            first = catalog.assignments(unit.id)[0].entry
            assert (first.plan.id, first.anchor) in links, (agency.id, unit.id)
        checked += 1
    assert checked  # the ward's committee, whose Bộ phận Tư pháp – Hộ tịch holds tasks
    ward = words(body_of(built_site, "co-quan/ubnd-phuong-pho-minh").text_content())
    assert "Bộ phận Tư pháp – Hộ tịch phường Phổ Minh" in ward


def test_source_typos_stay_as_printed(built_site: Path, catalog: Catalog) -> None:
    page = words(body_of(built_site, f"ke-hoach/{BD}").text_content())
    for entry in catalog.tasks_by_plan[BD]:
        assert words(entry.title) in page
    assert "68/20218/NĐ-CP" in page  # the plan's own typo, not corrected to 68/2018
    ward = words(body_of(built_site, f"ke-hoach/{PM}").text_content())
    assert "quản lýnhà nước" in ward


def test_a_passed_date_is_not_called_overdue(built_site: Path) -> None:
    """Without a progress report, a page says a date has passed, never that work is late."""
    pages = [built_site / "index.html", *(built_site / "lich").rglob("*.html"),
             *(built_site / "co-quan").rglob("*.html"), *(built_site / "ke-hoach").rglob("*.html")]
    for path in pages:
        assert "quá hạn" not in path.read_text(encoding="utf-8"), path


# --------------------------------------------------------------------------- a synthetic site


def sample(catalog: Catalog, n: int) -> Iterator[str]:
    """Agencies with tasks, members of groups first (they exercise the group rule)."""
    members = [a for a in catalog.groups_of if catalog.assignments(a)]
    rest = [a for a in catalog.agencies if a not in members and catalog.assignments(a)]
    yield from (members + rest)[:n]


@pytest.mark.slow
def test_the_same_rules_hold_on_a_synthetic_site(tmp_path: Path) -> None:
    from benchmarks.generate import generate
    from planpub.mkdocs.build import build_site

    repo = tmp_path / "repo"
    generate(repo, 40, 7, ROOT)
    build_site(repo, repo / "site")
    catalog, diags = load_checked(repo)
    assert not [d for d in diags if d.level == "error"]
    assert any(reaching_groups(catalog, e, m) and not named_roles(e, m)
               for e in catalog.tasks for m in catalog.groups_of)
    check_site(repo / "site", catalog, list(sample(catalog, 60)))


def test_an_issuer_lists_the_plans_it_issued(built_site: Path, catalog: Catalog) -> None:
    for plan in catalog.plans.values():
        section = body_of(built_site, f"co-quan/{plan.issuer}").cssselect("#ke-hoach-ban-hanh")
        assert section, plan.issuer
        assert any(a.get("href", "").endswith(f"ke-hoach/{plan.id}/")
                   for a in section[0].iter("a")), plan.id


def test_units_of_a_lower_government_stay_on_its_page(built_site: Path,
                                                      catalog: Catalog) -> None:
    """A province's committee does not list a ward's units as its own."""
    for agency in catalog.agencies.values():
        found = body_of(built_site, f"co-quan/{agency.id}").cssselect("#don-vi-truc-thuoc h3")
        for heading in found:
            unit = agency_ids(heading)[0]
            chain, parent = [], catalog.agencies[unit].parent
            while parent and parent != agency.id and parent not in chain:
                chain.append(parent)
                parent = catalog.agencies[parent].parent
            assert parent == agency.id, (agency.id, unit)
            assert not [c for c in chain if catalog.agencies[c].kind == "people-committee"], (
                agency.id, unit, chain)


def test_a_task_that_ended_with_its_year_is_not_handed_on(catalog: Catalog) -> None:
    """"Thường xuyên trong năm 2024" ended before the 2025 reorganisation."""
    for agency_id in catalog.agencies:
        for part in catalog.inherited(agency_id):
            timeline = part.entry.timeline
            ceased = catalog.agencies[part.inherited_from or ""].valid_until
            end = (timeline.due or timeline.until) if timeline else None
            assert end is None or ceased is None or end > ceased, (agency_id, part.entry.id)
    ended = [e for e in catalog.tasks if e.timeline and e.timeline.until and not e.due
             and e.timeline.until.year == 2024]
    assert ended  # the ward's "Thường xuyên trong năm 2024" tasks exercise the rule
