"""`planpub publish`: clean tree only, reproducible builds, atomic switch, rollback."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import ROOT, load_checked
from planpub.atom import atom_feed, feed_events
from planpub.cli import main
from planpub.publish import prune, releases, sha256, verify
from planrepo import EPOCH, PlanRepo, find_task


def publish(repo: PlanRepo, dest: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--root", str(repo.path), "publish", "--dest", str(dest), *args])
    return code, out.getvalue()


def served(dest: Path) -> str:
    """The release folder ``DIR/current`` points at."""
    return os.readlink(dest / "current")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def add_hook(repo: PlanRepo, name: str, code: str) -> None:
    """Register an MkDocs hook in the test repository's mkdocs.yml."""
    (repo.path / "test_hooks").mkdir(exist_ok=True)
    (repo.path / "test_hooks" / name).write_text(code, encoding="utf-8")
    config = repo.path / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\nhooks:" not in text
    config.write_text(text + f"\nhooks:\n  - test_hooks/{name}\n", encoding="utf-8")


def drop_hooks(repo: PlanRepo) -> None:
    config = repo.path / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").split("\nhooks:\n")[0], encoding="utf-8")
    for hook in (repo.path / "test_hooks").glob("*.py"):
        hook.unlink()


@pytest.fixture
def site_repo(make_repo: Path) -> PlanRepo:
    return PlanRepo(make_repo)


@pytest.mark.slow
def test_publish_lifecycle(site_repo: PlanRepo, tmp_path: Path) -> None:
    """Publish twice (same bytes), survive a killed publish and a failed build, roll back."""
    dest = tmp_path / "www"
    code, out = publish(site_repo, dest)
    assert code == 0, out
    first = served(dest)
    assert first.startswith("releases/0001-")
    assert "Đã xuất bản" in out and "kế hoạch" in out
    site = dest / "current"
    assert (site / "index.html").is_file() and (site / "sitemap.xml").is_file()
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    head = site_repo.git("rev-parse", "HEAD").strip()
    assert manifest["commit"] == head
    assert manifest["commit_date"].startswith("2025-01-01T")
    assert manifest["counts"]["plans"] == len(list((site_repo.path / "plans").glob("*.yaml")))
    assert manifest["counts"]["tasks"] > manifest["counts"]["plans"] > 0
    assert manifest["counts"]["agencies"] > 0
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {"manifest.json"}
    assert all(sha256(site / name) == digest for name, digest in manifest["files"].items())
    # dates come from the commit, not the clock
    assert {os.stat(p).st_mtime for p in site.rglob("*")} == {EPOCH}
    assert "<lastmod>2025-01-01</lastmod>" in (site / "sitemap.xml").read_text("utf-8")

    # 1. the same commit built again gives byte-identical files
    code, out = publish(site_repo, dest)
    assert code == 0, out
    second = served(dest)
    assert second.startswith("releases/0002-")
    assert tree(dest / first) == tree(dest / second)

    # 2. a publish killed half-way through its build leaves the served site intact
    marker = tmp_path / "build-started"
    add_hook(site_repo, "slow.py", (
        "import pathlib, time\n"
        "def on_post_page(output, page, config):\n"
        f"    pathlib.Path({str(marker)!r}).write_text('x')\n"
        "    time.sleep(600)\n"
        "    return output\n"))
    site_repo.commit("Bước dựng chậm")
    proc = subprocess.Popen(
        [sys.executable, "-m", "planpub.cli", "--root", str(site_repo.path), "publish",
         "--dest", str(dest)], start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "the build never started"
        staging = list((dest / "releases").glob(".staging-*"))
        assert staging and any(p.is_file() for p in staging[0].rglob("*"))  # half-written
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert served(dest) == second
    assert verify(dest / second) == []

    # 3. a build that fails changes nothing either (and the killed run left no lock behind)
    drop_hooks(site_repo)
    config = site_repo.path / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "\nplugins:\n", "\nplugins:\n  - khong-co-plugin-nay\n", 1), encoding="utf-8")
    site_repo.commit("Cấu hình hỏng")
    code, out = publish(site_repo, dest)
    assert code == 1
    assert "dựng trang thất bại" in out and "khong-co-plugin-nay" in out
    assert "Traceback" not in out
    assert served(dest) == second and verify(dest / second) == []
    assert [r.seq for r in releases(dest)] == [1, 2]
    assert not list((dest / "releases").glob(".staging-*"))

    # 4. roll back, then there is nothing older
    code, out = publish(site_repo, dest, "--rollback")
    assert code == 0 and "Đã quay lại" in out
    assert served(dest) == first
    code, out = publish(site_repo, dest, "--rollback")
    assert code == 1 and "không có bản phát hành nào trước" in out
    assert served(dest) == first


def test_refuses_a_dirty_tree(site_repo: PlanRepo, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    plan = next((site_repo.path / "plans").glob("*.yaml"))
    plan.write_text(plan.read_text("utf-8") + "\n# sửa dở\n", encoding="utf-8")
    code, out = publish(site_repo, dest)
    assert code == 1
    assert "thay đổi chưa commit" in out and f"plans/{plan.name}" in out
    assert not (dest / "current").exists()

    site_repo.git("checkout", "--", ".")
    (site_repo.path / "plans" / "ban-nhap.yaml").write_text("id: ban-nhap\n", encoding="utf-8")
    code, out = publish(site_repo, dest)
    assert code == 1 and "plans/ban-nhap.yaml" in out


def test_refuses_a_tree_that_fails_validation(site_repo: PlanRepo, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    plan_id = next((site_repo.path / "plans").glob("*.yaml")).stem
    data = site_repo.read(plan_id)
    data["issuer"] = "co-quan-khong-co"
    site_repo.write(plan_id, data)
    site_repo.commit("Cơ quan sai")
    code, out = publish(site_repo, dest)
    assert code == 1
    assert "không xuất bản" in out.lower()
    assert f"plans/{plan_id}.yaml" in out and "co-quan-khong-co" in out
    assert not (dest / "releases").exists() or not releases(dest)


def test_refuses_to_replace_a_real_folder_and_a_concurrent_publish(
        site_repo: PlanRepo, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    dest.mkdir()
    with open(dest / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        code, out = publish(site_repo, dest)
    assert code == 1 and "đang chạy" in out
    (dest / "current").mkdir()
    (dest / "current" / "index.html").write_text("cũ", encoding="utf-8")
    code, out = publish(site_repo, dest)
    assert code == 1 and "không phải liên kết" in out
    assert (dest / "current" / "index.html").read_text("utf-8") == "cũ"


def test_prune_keeps_current_and_previous(tmp_path: Path) -> None:
    dest = tmp_path / "www"
    for seq in range(1, 7):
        (dest / "releases" / f"{seq:04d}-abcdef123456").mkdir(parents=True)
    os.symlink("releases/0002-abcdef123456", dest / "current")
    removed = prune(dest, 2, keep_also=releases(dest)[0])
    assert [r.seq for r in removed] == [3, 4]
    assert [r.seq for r in releases(dest)] == [1, 2, 5, 6]


def test_keep_must_leave_a_release_to_roll_back_to(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["publish", "--dest", str(tmp_path), "--keep", "1"])


# --------------------------------------------------------------------------- public site files

ATOM = "{http://www.w3.org/2005/Atom}"


def _site_url() -> str:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    match = re.search(r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]', config, flags=re.M)
    assert match, "mkdocs.yml: site_url"
    return match.group(1)


def _local(site: Path, url: str, site_url: str) -> Path:
    """The built file an absolute URL of the site points at."""
    path = url.removeprefix(site_url.rstrip("/")).split("#")[0].lstrip("/")
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def test_sitemap_robots_and_feed_use_the_site_url(built_site: Path) -> None:
    site_url = _site_url()
    sitemap = ElementTree.parse(built_site / "sitemap.xml").getroot()
    locs = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith(site_url) for loc in locs)
    catalog, _ = load_checked(ROOT)
    for plan_id in catalog.plans:
        assert f"{site_url}ke-hoach/{plan_id}/" in locs
    assert all(_local(built_site, loc, site_url).is_file() for loc in locs)

    robots = (built_site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in robots and f"Sitemap: {site_url}sitemap.xml" in robots

    feed = ElementTree.parse(built_site / "thay-doi.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        updated = entry.findtext(f"{ATOM}updated", "")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", updated)
        link = entry.find(f"{ATOM}link")
        assert link is not None
        href = link.get("href", "")
        assert href.startswith(site_url) and _local(built_site, href, site_url).is_file()
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="thay-doi.xml"' in home


def test_404_page_is_vietnamese_with_working_links(built_site: Path) -> None:
    html = (built_site / "404.html").read_text("utf-8")
    assert '<html lang="vi"' in html
    article = html.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    assert "<h1>Không tìm thấy trang</h1>" in article and "404 - Not found" not in html
    hrefs = re.findall(r'href="([^"]+)"', article)
    assert len(hrefs) >= 4
    for href in hrefs:
        assert href.startswith("/"), href  # absolute: the page is served at any depth
        assert _local(built_site, href, "").is_file(), href


def test_feed_lists_new_plans_and_moved_deadlines_from_history(make_repo: Path) -> None:
    repo = PlanRepo(make_repo)
    base, _ = load_checked(repo.path)
    entry = next(e for e in base.dated if e.task.timeline is not None)
    new_due = entry.due + dt.timedelta(days=10) if entry.due else None
    assert new_due is not None
    # a deadline moved on a branch, merged later: the feed dates it when it landed
    repo.git("switch", "-q", "-c", "doi-han")
    data = repo.read(entry.plan.id)
    find_task(data["tasks"], entry.number)["timeline"] = f"Chậm nhất ngày {new_due:%d/%m/%Y}"
    repo.write(entry.plan.id, data)
    repo.commit("Đổi hạn")
    repo.git("switch", "-q", "main")
    repo.commit("Việc khác trên nhánh chính")
    repo.git("merge", "-q", "--no-ff", "-m", "Hợp nhất: đổi hạn", "doi-han")
    repo.commits += 1
    merged_at = EPOCH + 3 * 3600
    data["id"], data["title"] = "ke-hoach-moi-2025", "Kế hoạch mới để thử nguồn tin"
    repo.write("ke-hoach-moi-2025", data)
    repo.commit("Thêm kế hoạch")

    catalog, _ = load_checked(repo.path)
    events = feed_events(repo.path, catalog)
    assert events[0].plan_id == "ke-hoach-moi-2025" and events[0].title.startswith("Kế hoạch mới")
    assert events[0].updated.timestamp() == EPOCH + 4 * 3600
    moved = events[1]
    assert moved.plan_id == entry.plan.id and moved.anchor == f"nhiem-vu-{entry.number}"
    assert moved.updated.timestamp() == merged_at
    assert f"hạn {entry.due:%d/%m/%Y}" in moved.summary
    assert f"hạn {new_due:%d/%m/%Y}" in moved.summary
    assert {e.plan_id for e in events[2:]} == set(base.plans)  # the first commit's plans
    assert all(e.updated.timestamp() == EPOCH for e in events[2:])
    feed = atom_feed(events, "https://vi-du.gov.vn/", "Thử")
    assert f"https://vi-du.gov.vn/ke-hoach/{entry.plan.id}/#nhiem-vu-{entry.number}" in feed
    ElementTree.fromstring(feed)


def test_feed_without_git_uses_plan_dates_not_the_clock(make_repo: Path) -> None:
    catalog, _ = load_checked(make_repo)
    events = feed_events(make_repo, catalog)
    assert {e.plan_id for e in events} == set(catalog.plans)
    for event in events:
        plan = catalog.plans[event.plan_id]
        assert event.updated.date() == (plan.issued or dt.date(plan.year, 1, 1))
    assert atom_feed(events, None, "Thử") == atom_feed(feed_events(make_repo, catalog), None,
                                                      "Thử")
