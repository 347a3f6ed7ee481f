"""Reported progress in what the site publishes besides its pages: the open data (plans.json,
tasks.csv, progress.schema.json), the iCalendar feeds and the search index and results.

``built_site`` has no progress files; ``progress_site`` has tests/data/progress, built on
15/01/2026 (tests/conftest.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import icalendar
import jsonschema
import pytest
import yaml

from conftest import PROGRESS_DATA, PROGRESS_TODAY, load_checked
from planpub.ics import feed
from planpub.opendata import progress_schema, to_json
from planpub.site.links import Urls
from planpub.status import Reference

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"
INDEX = "tim-kiem/chi-muc"


def plans_json(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "du-lieu" / "plans.json").read_text("utf-8"))
    return data


def tasks(site: Path) -> dict[str, dict[str, Any]]:
    """Every task of plans.json by id."""
    return {t["id"]: t for p in plans_json(site)["plans"] for t in p["tasks"]}


def csv_rows(site: Path) -> dict[str, dict[str, str]]:
    text = (site / "du-lieu" / "tasks.csv").read_text("utf-8")
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text))}


def events(site: Path, plan_id: str) -> dict[str, Any]:
    """The plan feed's events by UID (the feed must parse as RFC 5545)."""
    cal = icalendar.Calendar.from_ical((site / "ke-hoach" / f"{plan_id}.ics").read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def task_records(site: Path) -> dict[str, dict[str, Any]]:
    """The search index's task records by URL."""
    out = {}
    for shard in (site / INDEX / "r").glob("*.bin"):
        for record in json.loads(gzip.decompress(shard.read_bytes())):
            if "#nhiem-vu-" in record["u"]:
                out[record["u"]] = record
    return out


# --------------------------------------------------------------------------- no reports


def test_without_reports_every_task_is_not_reported(built_site: Path) -> None:
    data = plans_json(built_site)
    assert data["grace_days"] is None
    found = tasks(built_site)
    assert found and all(t["status"] == "chua-bao-cao" and t["overdue"] is False
                         and t["progress"] == [] for t in found.values())
    rows = csv_rows(built_site)
    assert rows.keys() == found.keys()
    for row in rows.values():
        assert (row["status"], row["overdue"]) == ("chua-bao-cao", "false")
        assert not any(row[c] for c in row if c.startswith("progress_"))
    for event in events(built_site, BD).values():
        assert event["STATUS"] == "CONFIRMED"
        assert "Tình trạng: Chưa có báo cáo" in str(event["DESCRIPTION"])
    for path in built_site.rglob("*.ics"):
        assert "quá hạn" not in path.read_text("utf-8"), path
    assert not [r["u"] for r in task_records(built_site).values() if "status" in r.get("m", {})]


# --------------------------------------------------------------------------- with reports


def test_open_data_has_each_tasks_status_and_reports(progress_site: Path) -> None:
    data = plans_json(progress_site)
    assert data["reference_date"] == PROGRESS_TODAY.isoformat()
    found = tasks(progress_site)
    done = found[f"{BD}/9"]
    assert (done["status"], done["overdue"]) == ("hoan-thanh", False)
    assert [(r["agency"], r["status"], r["as_of"]) for r in done["progress"]] == [
        ("so-tu-phap-binh-duong", "dang-thuc-hien", "2025-06-20"),
        ("so-tu-phap-ho-chi-minh", "hoan-thanh", "2025-12-20"),
    ]
    assert done["progress"][0]["report"] is None
    assert done["progress"][1]["report"] == {
        "number": "321/BC-STP", "date": "2025-12-20",
        "url": "https://stp.hochiminhcity.gov.vn/bao-cao/321"}
    assert done["progress"][1]["note"] == "Đã tổ chức 3 đợt kiểm tra."
    late = found[f"{BD}/8"]
    assert (late["status"], late["overdue"]) == ("dang-thuc-hien", True)
    assert found[f"{PM}/3"]["status"] == "hoan-thanh"
    assert found[f"{BD}/1"]["status"] == "chua-bao-cao" and not found[f"{BD}/1"]["overdue"]
    # the successor that reported is among the agencies, as every id the file uses
    assert "so-tu-phap-ho-chi-minh" in {a["id"] for a in data["agencies"]}

    rows = csv_rows(progress_site)
    assert {i: (r["status"], r["overdue"]) for i, r in rows.items()} == {
        i: (t["status"], "true" if t["overdue"] else "false") for i, t in found.items()}
    row = rows[f"{BD}/9"]
    assert (row["progress_as_of"], row["progress_agency"], row["progress_report"],
            row["progress_report_url"], row["progress_note"]) == (
        "2025-12-20", "so-tu-phap-ho-chi-minh", "321/BC-STP",
        "https://stp.hochiminhcity.gov.vn/bao-cao/321", "Đã tổ chức 3 đợt kiểm tra.")
    assert rows[f"{BD}/8"]["overdue"] == "true"


def test_the_plan_feed_says_what_was_reported(progress_site: Path, built_site: Path) -> None:
    found = events(progress_site, BD)
    assert found.keys() == events(built_site, BD).keys()  # reports never change UIDs
    done = found[f"{BD}-9@planpub"]
    assert done["STATUS"] == "CONFIRMED"  # a VEVENT has no COMPLETED (RFC 5545)
    text = str(done["DESCRIPTION"])
    assert "Tình trạng: Hoàn thành (báo cáo đến ngày 20/12/2025)" in text
    assert "báo cáo số 321/BC-STP của Sở Tư pháp" in text
    assert "quá hạn" not in text
    late = str(found[f"{BD}-8@planpub"]["DESCRIPTION"])
    assert "Tình trạng: Đang thực hiện (báo cáo đến ngày 05/01/2026); quá hạn (tính đến ngày " \
           "15/01/2026)" in late


def test_a_deadline_is_cancelled_only_when_every_lead_will_not_do_it(make_repo: Path) -> None:
    """Task 8 has one lead, task 10 six: one "không thực hiện" of six cancels nothing."""
    (make_repo / "progress").mkdir(exist_ok=True)
    reports = [
        {"task": "8", "agency": "so-tu-phap-binh-duong", "status": "khong-thuc-hien",
         "as_of": "2025-06-01"},
        {"task": "10", "agency": "tand-tinh-binh-duong", "status": "khong-thuc-hien",
         "as_of": "2025-06-01"},
    ]
    (make_repo / "progress" / f"{BD}.yaml").write_text(
        yaml.safe_dump({"plan": BD, "reports": reports}), encoding="utf-8")
    catalog, diags = load_checked(make_repo)
    assert not [d.format() for d in diags if d.level == "error"]
    data = feed(catalog, catalog.tasks_by_plan[BD], name="Thử", urls=Urls(site_url=""),
                stamp=dt.datetime(2026, 1, 15, 5, tzinfo=dt.UTC),
                reference=Reference(PROGRESS_TODAY))
    found = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert found[f"{BD}-8@planpub"]["STATUS"] == "CANCELLED"
    assert "Tình trạng: Không thực hiện" in str(found[f"{BD}-8@planpub"]["DESCRIPTION"])
    assert found[f"{BD}-10@planpub"]["STATUS"] == "CONFIRMED"


def test_progress_schema_is_published_and_checks_progress_files(progress_site: Path) -> None:
    text = (progress_site / "du-lieu" / "progress.schema.json").read_text("utf-8")
    assert text == to_json(progress_schema())
    schema = json.loads(text)
    for path in PROGRESS_DATA.glob("*.yaml"):
        # dates as an editor reads YAML (strings), not as PyYAML's dates
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        jsonschema.validate(data, schema)
        data["reports"][0]["status"] = "xong"
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema)
    explained = (progress_site / "du-lieu" / "index.html").read_text("utf-8")
    for name in ("progress.schema.json", "reference_date", "progress_as_of", "overdue"):
        assert name in explained


def test_search_results_show_the_status_without_indexing_it(
        progress_site: Path, built_site: Path) -> None:
    found = task_records(progress_site)
    record = found[f"ke-hoach/{BD}/#nhiem-vu-9"]
    assert (record["m"]["status"], record["m"]["reported"]) == ("hoan-thanh", "2025-12-20")
    # what a query matches is unchanged: only what the result shows differs
    before = task_records(built_site)
    assert found.keys() == before.keys()
    for url, rec in found.items():
        assert {k: v for k, v in rec.items() if k != "m"} == {
            k: v for k, v in before[url].items() if k != "m"}, url


# --------------------------------------------------------------------------- in a browser


def result_metas(tab: Any, url: str, query: str) -> dict[str, str]:
    """The results page for ``query``: each task result's details by its link."""
    tab.goto(f"{url}tim-kiem/?q={quote(query)}&loai=nhiem-vu")
    tab.wait_for_function(
        "() => document.querySelector('[data-pp-search-page]').dataset.query !== undefined")
    items = tab.locator(".pp-search-page__results .pp-result")
    return {a.get_attribute("href").split("/", 3)[3]: a.locator(".pp-result__meta").inner_text()
            for a in items.all()}


@pytest.mark.browser
def test_a_task_result_says_its_status(tab: Any, progress_url: str, site_url: str) -> None:
    query = "Đoàn kiểm tra liên ngành"
    found = result_metas(tab, progress_url, query)
    assert "Tình trạng: Hoàn thành (báo cáo đến ngày 20/12/2025)" in (
        found[f"ke-hoach/{BD}/#nhiem-vu-9"])
    bundled = result_metas(tab, site_url, query)
    assert "Tình trạng: Chưa có báo cáo" in bundled[f"ke-hoach/{BD}/#nhiem-vu-9"]
