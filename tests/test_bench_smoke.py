"""The benchmark generator and build at a small size (N=200): a smoke test, no timing."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.bench import HERE, Result, Run, page_markdown, status_table, write_floor
from benchmarks.generate import PROVINCES, generate
from benchmarks.statusbench import as_dict, measure
from conftest import load_checked, mkdocs_env
from planpub.cli import main
from planpub.diagnostics import has_errors

N = 200


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "repo"
    generate(root, N, seed=7)
    return root


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    """The site built as the bench builds it: through the status probe (its figures are
    written beside the site, in ``status.json``)."""
    out = repo / "site"
    done = subprocess.run(
        [sys.executable, str(HERE / "buildprobe.py"), "--out", str(repo / "status.json"),
         "build", "--strict", "-f", str(repo / "mkdocs.yml"), "-d", str(out)],
        cwd=repo, env=mkdocs_env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return out


def test_same_seed_same_bytes_other_seed_other_plans(tmp_path: Path) -> None:
    first, again, other = (generate(tmp_path / name, 40, seed=seed).out
                           for name, seed in (("a", 5), ("b", 5), ("c", 6)))
    assert _digest(first) == _digest(again)
    assert sorted(p.name for p in (first / "plans").iterdir()) != sorted(
        p.name for p in (other / "plans").iterdir())


def test_generated_repository_validates(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "validate"]) == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    files = len(list((repo / "progress").glob("*.yaml")))
    assert f"Đã kiểm tra {N} kế hoạch, {files} tệp báo cáo tiến độ: 0 lỗi" in summary


def test_progress_files_report_on_a_share_of_plans_and_validate(repo: Path) -> None:
    files = sorted((repo / "progress").glob("*.yaml"))
    assert 0.45 * N < len(files) < 0.75 * N
    catalog, diags = load_checked(repo)
    assert [d for d in diags if d.path.startswith("progress/")] == []
    assert sorted(lp.doc.path for lp in catalog.progress) == [
        f"progress/{f.name}" for f in files]
    reports = [(f"{lp.progress.plan}/{r.task}", r) for lp in catalog.progress
               for r in lp.progress.reports]
    assert Counter(r.status for _, r in reports).keys() == {
        "chua-thuc-hien", "dang-thuc-hien", "hoan-thanh", "khong-thuc-hien"}
    # Besides leads: group members speak for their group, successors for ceased agencies.
    entries = {e.id: e for e in catalog.tasks}
    spoken_for = {(r.agency, catalog.reporters(entries[task])[r.agency]) for task, r in reports}
    assert any(catalog.members_of(part) and agency in catalog.members_of(part)
               for agency, part in spoken_for)
    assert any(agency in catalog.later(part) for agency, part in spoken_for)
    per_task = Counter((task, r.agency) for task, r in reports)
    assert max(per_task.values()) >= 3  # an agency reports several times on a task


def test_status_measurement_derives_every_task(repo: Path) -> None:
    result = measure(repo)
    assert result.errors == 0 and result.plans == N
    assert sum(result.statuses.values()) == result.tasks
    assert {"chua-bao-cao", "dang-thuc-hien", "hoan-thanh"} <= result.statuses.keys()
    assert 0 < result.overdue < result.tasks
    # The catalog keeps a derived status only for tasks with reports.
    assert 0 < result.cached == result.reported_tasks < result.tasks
    assert 0 < result.kept_mb < 50
    row = status_table([Result(N, result.tasks, status=as_dict(result))]).splitlines()[-1]
    assert row.startswith(f"| {N} | {result.progress_files} ({result.reports:,}) | "
                          f"{result.reported_tasks:,} of {result.tasks:,} |")


def test_commune_plans_implement_their_province_plan_of_the_same_year(repo: Path) -> None:
    catalog, diags = load_checked(repo)
    assert not has_errors(diags)
    assert len(catalog.plans) == N
    communal = [p for p in catalog.plans.values()
                if p.id.startswith(("xa-", "phuong-", "dac-khu-"))]
    assert len(communal) > N / 2
    for plan in communal:
        parents = [catalog.plans[i] for i in catalog.parent_plans(plan) if i in catalog.plans]
        assert [p.year for p in parents] == [plan.year], plan.id
        province = catalog.locality_of(parents[0])
        assert catalog.locality_chain(catalog.locality_of(plan))[1] == province, plan.id


def test_registry_holds_the_34_provinces_with_vietnamese_names(repo: Path) -> None:
    entries = yaml.safe_load((repo / "registry" / "localities.yaml").read_text(encoding="utf-8"))
    provinces = {e["name"].casefold() for e in entries if e["kind"] in ("province", "city")}
    assert {f"{'thành phố' if kind == 'city' else 'tỉnh'} {name}".casefold()
            for name, kind, _ in PROVINCES} <= provinces
    communes = [e["name"] for e in entries if e["kind"] in ("commune", "ward", "special-zone")]
    assert any("Đ" in name for name in communes)
    assert all(e["id"].isascii() for e in entries)


@pytest.mark.slow
def test_site_builds_with_one_page_per_plan(repo: Path, site: Path) -> None:
    plan_pages = sorted(p.parent.name for p in (site / "ke-hoach").glob("*/index.html"))
    assert plan_pages == sorted(p.stem for p in (repo / "plans").glob("*.yaml"))
    assert len(plan_pages) == N


@pytest.mark.slow
def test_floor_has_the_same_pages_as_plain_markdown(repo: Path, site: Path,
                                                   tmp_path: Path) -> None:
    count = write_floor(repo, site, tmp_path / "floor")
    built = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert count == len(built)
    plan = next(p for p in (repo / "plans").glob("xa-*.yaml"))
    markdown = page_markdown((site / "ke-hoach" / plan.stem / "index.html").read_text("utf-8"))
    title = yaml.safe_load(plan.read_text(encoding="utf-8"))["title"]
    assert title in markdown and "\n# " in markdown and "\n| " in markdown
    assert "<" not in markdown


@pytest.mark.slow
def test_build_counts_the_time_spent_on_task_status(repo: Path, site: Path) -> None:
    probe = json.loads((repo / "status.json").read_text(encoding="utf-8"))
    catalog, _ = load_checked(repo)
    assert probe["calls"]["progress_of"] >= len(catalog.tasks)  # each plan page shows each
    assert probe["calls"]["check_progress"] == 1
    assert 0 < probe["status_s"] < 60
    build = Run(wall=probe["status_s"] * 20, cpu=0.0, rss_mb=0.0, code=0, log=site)
    row = status_table([Result(N, status=as_dict(measure(repo)), build=build,
                               probe=probe)]).splitlines()[-1]
    assert f"| {probe['status_s']:.2f} ({sum(probe['calls'].values()):,}) | 5.0% |" in row
