"""`nox -s serve` (``mkdocs serve --dirty``): a saved plan rebuilds what it can change.

The first build is whole; after an officer saves a plan, the rebuild renders that
plan's page, the pages of the agencies, localities, plans and documents it
touches, and the site-wide pages, and leaves the other pages as they were.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import load_checked, mkdocs_env
from planpub.site import links
from planpub.site.affected import affected_files, is_entity_file

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"


def test_affected_files_of_a_plan(make_repo: Path) -> None:
    catalog, _ = load_checked(make_repo)
    files = affected_files(catalog, catalog, [PM])
    assert links.plan_src(PM) in files and links.plan_feed(PM) in files
    assert links.plan_yaml(PM) in files
    assert links.plan_src(BD) not in files  # an unrelated plan
    # the agencies of its tasks, their feeds, its localities, the documents it cites
    assert links.agency_src("bo-phan-tai-chinh-ke-hoach-pho-minh") in files
    assert links.agency_feed("bo-phan-tai-chinh-ke-hoach-pho-minh") in files
    assert links.agency_src("so-tu-phap-binh-duong") not in files
    assert any(f.startswith(f"{links.LOCALITIES}/") for f in files)
    assert links.document_src("tt-08-2019-tt-btp") in files
    assert links.calendar_src("quang-ngai") in files  # its province's calendar, when split
    assert links.calendar_src("binh-duong") not in files
    assert all(is_entity_file(f) for f in files)
    assert not is_entity_file(links.index_src(links.PLANS))
    assert not is_entity_file(links.ALL_FEED)


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _build(config_dir: Path, site: Path, first: bool = False) -> Any:
    """One build as ``mkdocs serve --dirty`` runs it (the plugin instance is kept)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_dir / "mkdocs.yml"), site_dir=str(site), strict=False)
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    return config


@pytest.fixture
def rebuild(make_repo: Path, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """``make_repo`` built once into ``tmp_path/site`` as ``mkdocs serve --dirty`` does;
    calling the fixture's value rebuilds it the way a saved file does."""
    for key, value in mkdocs_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(make_repo)
    site = tmp_path / "site"
    config = _build(make_repo, site, first=True)
    yield lambda: _build(make_repo, site)
    config.plugins.on_shutdown()


@pytest.mark.slow
def test_a_saved_plan_rebuilds_its_pages_only(make_repo: Path, tmp_path: Path,
                                              rebuild: Callable[[], None]) -> None:
    site = tmp_path / "site"
    plan_page = site / "ke-hoach" / PM / "index.html"
    other_page = site / "ke-hoach" / BD / "index.html"
    other_agency = site / "co-quan" / "so-tu-phap-binh-duong" / "index.html"
    calendar = site / "lich" / "index.html"
    before = {p: p.stat().st_mtime_ns for p in (plan_page, other_page, other_agency, calendar)}
    time.sleep(0.05)

    path = make_repo / "plans" / f"{PM}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["tasks"][0]["title"] = "Nhiệm vụ đã sửa khi xem trước"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        rebuild()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

    assert "Nhiệm vụ đã sửa khi xem trước" in plan_page.read_text("utf-8")
    said = " | ".join(r.getMessage() for r in records)
    assert "Xem trước: dựng lại 1 kế hoạch" in said
    assert "'dirty' build" not in said  # MkDocs' English warning is not for officers
    assert "Nhiệm vụ đã sửa khi xem trước" in calendar.read_text("utf-8") or \
        calendar.stat().st_mtime_ns != before[calendar]
    assert plan_page.stat().st_mtime_ns != before[plan_page]
    assert other_page.stat().st_mtime_ns == before[other_page]  # left as it was
    assert other_agency.stat().st_mtime_ns == before[other_agency]
    assert os.path.isfile(site / "tim-kiem" / "chi-muc" / "manifest.json")


@pytest.mark.slow
def test_a_registry_change_rebuilds_everything(make_repo: Path, tmp_path: Path,
                                               rebuild: Callable[[], None]) -> None:
    site = tmp_path / "site"
    agencies = make_repo / "registry" / "agencies.yaml"
    text = agencies.read_text("utf-8")
    assert "name: Sở Tư pháp tỉnh Bình Dương" in text
    agencies.write_text(text.replace("name: Sở Tư pháp tỉnh Bình Dương",
                                     "name: Sở Tư pháp tỉnh Bình Dương (đã đổi tên)", 1), "utf-8")
    rebuild()
    for page in (f"ke-hoach/{BD}/index.html", "co-quan/so-tu-phap-binh-duong/index.html"):
        assert "(đã đổi tên)" in (site / page).read_text("utf-8"), page


def test_a_mistake_keeps_the_last_good_preview_and_the_forms(
        make_repo: Path, tmp_path: Path, rebuild: Callable[[], None]) -> None:
    """A plan saved with an error (as a form can) does not stop the preview: the last good
    site stays served, /quan-tri/ included, the error is logged; the fix updates it."""
    site = tmp_path / "site"
    plan_page = site / "ke-hoach" / PM / "index.html"
    path = make_repo / "plans" / f"{PM}.yaml"
    good = path.read_text("utf-8")
    data = yaml.safe_load(good)
    data["tasks"] = []  # the plan needs at least one task
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        rebuild()  # no exception: the server goes on serving
    finally:
        logger.removeHandler(handler)
    errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    assert any(f"plans/{PM}.yaml" in e and "giữ nguyên như lần dựng trước" in e for e in errors)
    assert "Nhiệm vụ" in plan_page.read_text("utf-8")
    assert (site / "quan-tri" / "index.html").is_file()

    data = yaml.safe_load(good)
    data["tasks"][0]["title"] = "Đã sửa lỗi, xem trước cập nhật"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rebuild()
    assert "Đã sửa lỗi, xem trước cập nhật" in plan_page.read_text("utf-8")


def test_a_change_saved_while_another_plan_is_broken_reaches_the_preview(
        make_repo: Path, tmp_path: Path, rebuild: Callable[[], None]) -> None:
    site = tmp_path / "site"
    broken, changed = (make_repo / "plans" / f"{x}.yaml" for x in (PM, BD))
    good = broken.read_text("utf-8")
    data = yaml.safe_load(good)
    data["tasks"] = []
    broken.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rebuild()  # PM broken: the last good site is kept
    data = yaml.safe_load(changed.read_text("utf-8"))
    data["tasks"][0]["title"] = "Sửa trong lúc kế hoạch khác có lỗi"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rebuild()  # BD changed while PM is still broken
    broken.write_text(good, "utf-8")
    rebuild()  # PM fixed: both changes show
    assert "Sửa trong lúc kế hoạch khác có lỗi" in (
        site / "ke-hoach" / BD / "index.html").read_text("utf-8")
