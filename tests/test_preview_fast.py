"""The preview's fast path (:mod:`planpub.mkdocs.preview`): after a saved plan or progress
file, the pages it changes are rendered when asked for, and they are the pages a full build
writes; what the fast path cannot take goes through MkDocs' build."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from conftest import PROGRESS_DATA, build_site, mkdocs_env

PM = "pho-minh-2024-boi-thuong-nha-nuoc"
BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM_AGENCY = "co-quan/bo-phan-tai-chinh-ke-hoach-pho-minh/index.html"


class _Server:
    """What the preview uses of MkDocs' live-reload server."""

    mount_path = "/"

    def __init__(self) -> None:
        self.builder: Callable[[], None] = lambda: None
        self.app: Any = None
        self.served: list[str] = []

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.served.append(environ["PATH_INFO"])
        return []

    def set_app(self, app: Any) -> None:
        self.app = app

    def watch(self, path: str) -> None:
        pass


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.said: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append(record)


class Live:
    """A repository built as ``nox -s serve`` builds it, with the preview's fast path on."""

    def __init__(self, repo: Path, site: Path) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        def full() -> None:
            config = load_config(str(repo / "mkdocs.yml"), site_dir=str(site), strict=False)
            build(config, dirty=True)
            self.full_builds += 1

        self.repo, self.site, self.full_builds = repo, site, 0
        self.config = load_config(str(repo / "mkdocs.yml"), site_dir=str(site), strict=False)
        self.config.plugins.on_startup(command="serve", dirty=True)
        build(self.config, dirty=True)
        self.server = _Server()
        self.config.plugins.on_serve(cast(Any, self.server), config=self.config, builder=full)

    def ask(self, page: str) -> None:
        """Ask for ``page`` (site path) as a browser does."""
        self.server.app({"PATH_INFO": "/" + page.removesuffix("index.html")}, None)

    def open(self, page: str) -> str:
        """:meth:`ask` for ``page``; its HTML as written."""
        self.ask(page)
        return (self.site / page).read_text("utf-8")

    def saved(self, path: Path, text: str) -> None:
        path.write_text(text, "utf-8")

    def same_as_a_build(self, pages: list[str], fresh: Path) -> None:
        """Ask for ``pages``, then check each is what ``mkdocs build`` writes, byte for byte."""
        for page in pages:
            self.ask(page)
        done = build_site(self.repo, fresh, {"SOURCE_DATE_EPOCH": "1765000000"})
        assert done.returncode == 0, done.stderr
        for page in pages:
            assert (self.site / page).read_bytes() == (fresh / page).read_bytes(), page


@pytest.fixture
def live(make_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    for key, value in mkdocs_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    monkeypatch.chdir(make_repo)
    shutil.copytree(PROGRESS_DATA, make_repo / "progress", dirs_exist_ok=True)
    site = Live(make_repo, tmp_path / "site")
    yield site
    site.config.plugins.on_shutdown()


def _edit_plan(repo: Path, plan_id: str, title: str) -> str:
    path = repo / "plans" / f"{plan_id}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["tasks"][0]["title"] = title
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.slow
def test_a_saved_plan_shows_without_a_build_and_as_a_build_writes_it(
        live: Live, tmp_path: Path) -> None:
    plan_page = f"ke-hoach/{PM}/index.html"
    untouched = live.site / f"ke-hoach/{BD}/index.html"
    before = untouched.stat().st_mtime_ns
    time.sleep(0.05)
    live.saved(live.repo / "plans" / f"{PM}.yaml",
               _edit_plan(live.repo, PM, "Nhiệm vụ sửa khi xem trước nhanh"))

    assert "Nhiệm vụ sửa khi xem trước nhanh" in live.open(plan_page)
    assert live.full_builds == 0  # no MkDocs build ran
    assert untouched.stat().st_mtime_ns == before  # unrelated pages are not written
    assert live.server.served == [f"/ke-hoach/{PM}/"]  # then MkDocs' server sends the file

    live.same_as_a_build([plan_page, PM_AGENCY, "ke-hoach/index.html", "lich/index.html",
                          "index.html", f"ke-hoach/{PM}.ics", "du-lieu/plans.json"],
                         tmp_path / "fresh")


@pytest.mark.slow
def test_a_saved_progress_report_changes_what_a_build_changes(live: Live, tmp_path: Path) -> None:
    """Its plan, the reporting agency and the agencies above it (their pages list their
    units' tasks), the calendar, the feeds and the open data, as a full build writes them."""
    path = live.repo / "progress" / f"{PM}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["reports"][0]["note"] = "Ghi chú báo cáo mới lưu"
    data["reports"][0]["status"] = "dang-thuc-hien"
    live.saved(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    live.server.builder()  # the watcher saw it: the fast path, no MkDocs build
    assert live.full_builds == 0
    agency = data["reports"][0]["agency"]
    asked = [f"ke-hoach/{PM}/index.html", f"co-quan/{agency}/index.html", PM_AGENCY,
             "lich/index.html", f"ke-hoach/{PM}.ics", "du-lieu/plans.json", "du-lieu/tasks.csv"]
    asked += [f"co-quan/{a}/index.html" for a in _parents(live.repo, agency)]
    assert len(asked) > 7  # the reporting agency has an agency above it
    assert "Ghi chú báo cáo mới lưu" in live.open(asked[0])
    live.same_as_a_build(asked, tmp_path / "fresh")


def _parents(repo: Path, agency_id: str) -> list[str]:
    agencies = {a["id"]: a for a in yaml.safe_load(
        (repo / "registry" / "agencies.yaml").read_text("utf-8"))}
    out: list[str] = []
    while (parent := agencies.get(agency_id, {}).get("parent")) and parent not in out:
        out.append(parent)
        agency_id = parent
    return out


@pytest.mark.slow
def test_a_plan_saved_during_a_full_build_still_shows(
        live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    from planpub.mkdocs.plugin import PlanpubPlugin

    page = live.repo / "content" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nĐoạn mới.\n", "utf-8")
    edited = _edit_plan(live.repo, PM, "Lưu trong lúc đang dựng toàn bộ")
    on_env = PlanpubPlugin.on_env

    def saved_meanwhile(self: PlanpubPlugin, env: Any, /, **kwargs: Any) -> Any:
        live.saved(live.repo / "plans" / f"{PM}.yaml", edited)  # after the data was read
        return on_env(self, env, **kwargs)

    monkeypatch.setattr(PlanpubPlugin, "on_env", saved_meanwhile)
    live.server.builder()  # content changed: MkDocs builds, and the plan is saved meanwhile
    monkeypatch.setattr(PlanpubPlugin, "on_env", on_env)
    assert live.full_builds == 1
    assert "Lưu trong lúc đang dựng toàn bộ" in live.open(f"ke-hoach/{PM}/index.html")
    assert live.full_builds == 1  # the fast path took it


@pytest.mark.slow
def test_what_the_fast_path_cannot_take_goes_through_mkdocs(live: Live) -> None:
    text = (live.repo / "plans" / f"{PM}.yaml").read_text("utf-8")
    copy = "pho-minh-2024-ban-sao-xem-truoc"
    live.saved(live.repo / "plans" / f"{copy}.yaml", text.replace(f"id: {PM}", f"id: {copy}"))
    live.ask(f"ke-hoach/{copy}/index.html")  # a new page: the fast path declines
    assert live.full_builds == 0  # a request does not build, the server's rebuild does
    live.server.builder()
    assert live.full_builds == 1
    assert copy in live.open(f"ke-hoach/{copy}/index.html")

    page = live.repo / "content" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nĐoạn mới của trang chủ.\n", "utf-8")
    live.server.builder()  # what the watcher runs: content changed, so MkDocs builds
    assert live.full_builds == 2
    assert "Đoạn mới của trang chủ." in live.open("index.html")


@pytest.mark.slow
def test_a_mistake_keeps_the_page_and_the_fix_shows(live: Live) -> None:
    path = live.repo / "plans" / f"{PM}.yaml"
    fixed = _edit_plan(live.repo, PM, "Sửa lỗi xong")
    data = yaml.safe_load(path.read_text("utf-8"))
    data["tasks"] = []
    before = (live.site / f"ke-hoach/{PM}/index.html").read_bytes()
    said = _Collect()
    logging.getLogger("mkdocs").addHandler(said)
    try:
        live.saved(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        live.open(f"ke-hoach/{PM}/index.html")
    finally:
        logging.getLogger("mkdocs").removeHandler(said)
    assert (live.site / f"ke-hoach/{PM}/index.html").read_bytes() == before  # kept as it was
    assert any("giữ nguyên như lần dựng trước" in r.getMessage() for r in said.said)
    live.saved(path, fixed)
    assert "Sửa lỗi xong" in live.open(f"ke-hoach/{PM}/index.html")
    assert live.full_builds == 0

