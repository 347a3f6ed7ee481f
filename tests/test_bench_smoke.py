"""The benchmark generator and build at a small size (N=200): a smoke test, no timing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from benchmarks.bench import page_markdown, write_floor
from benchmarks.generate import PROVINCES, generate
from conftest import build_site, load_checked
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
    out = repo / "site"
    done = build_site(repo, out)
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
    assert f"Đã kiểm tra {N} kế hoạch: 0 lỗi" in summary


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
