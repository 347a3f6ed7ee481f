"""Status derived from progress reports (planpub.status through Catalog.progress_of): who counts
for whom, the task's status, and "overdue" only from reports."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import PROGRESS_DATA, load_checked, progress_epoch
from planpub.catalog import Catalog, TaskEntry
from planpub.refdate import reference_date
from planpub.status import Reference

BD = "binh-duong-2025-boi-thuong-nha-nuoc"


def _catalog(root: Path, reports: list[dict[str, object]]) -> Catalog:
    (root / "progress").mkdir(exist_ok=True)
    text = yaml.safe_dump({"plan": BD, "reports": reports}, allow_unicode=True, sort_keys=False)
    (root / "progress" / f"{BD}.yaml").write_text(text, encoding="utf-8")
    catalog, diags = load_checked(root)
    assert not [d.format() for d in diags if d.level == "error"]
    return catalog


def _task(catalog: Catalog, number: str) -> TaskEntry:
    return next(e for e in catalog.tasks_by_plan[BD] if e.number == number)


def _report(task: str, agency: str, status: str, as_of: str) -> dict[str, object]:
    return {"task": task, "agency": agency, "status": status, "as_of": as_of}


def test_without_reports_every_task_is_not_reported_and_never_overdue(make_repo: Path) -> None:
    catalog, _ = load_checked(make_repo)
    late = Reference(dt.date(2030, 1, 1))
    for entry in catalog.tasks:
        progress = catalog.progress_of(entry)
        assert progress.status == "chua-bao-cao"
        assert not progress.overdue(entry.due, late)
        assert not progress.may_be_overdue(entry.due, late)


def test_a_successor_reports_for_the_ceased_department_and_the_latest_counts(
        make_repo: Path) -> None:
    catalog = _catalog(make_repo, [
        _report("9", "so-tu-phap-ho-chi-minh", "hoan-thanh", "2025-12-20"),
        _report("9", "so-tu-phap-binh-duong", "dang-thuc-hien", "2025-06-20"),
    ])
    progress = catalog.progress_of(_task(catalog, "9"))
    assert progress.status == "hoan-thanh"
    lead = progress.part("so-tu-phap-binh-duong")
    assert lead.latest is not None and lead.latest.agency == "so-tu-phap-ho-chi-minh"
    assert [r.as_of.isoformat() for r in progress.reports] == ["2025-06-20", "2025-12-20"]


def test_a_task_is_done_only_when_every_lead_reported_it_done(make_repo: Path) -> None:
    catalog = _catalog(make_repo, [_report("7", "so-tu-phap-binh-duong", "hoan-thanh",
                                           "2025-06-01")])
    progress = catalog.progress_of(_task(catalog, "7"))  # leads: Sở Tư pháp, Sở Tài chính
    assert progress.status == "dang-thuc-hien"
    assert progress.part("so-tai-chinh-binh-duong").status == "chua-bao-cao"
    catalog = _catalog(make_repo, [
        _report("7", "so-tu-phap-binh-duong", "hoan-thanh", "2025-06-01"),
        _report("7", "so-tai-chinh-binh-duong", "chua-thuc-hien", "2025-06-02"),
    ])
    assert catalog.progress_of(_task(catalog, "7")).status == "chua-thuc-hien"
    catalog = _catalog(make_repo, [
        _report("7", "so-tu-phap-binh-duong", "hoan-thanh", "2025-06-01"),
        _report("7", "so-tai-chinh-binh-duong", "hoan-thanh", "2025-06-02"),
    ])
    assert catalog.progress_of(_task(catalog, "7")).status == "hoan-thanh"


def test_a_group_lead_is_heard_through_its_members(make_repo: Path) -> None:
    catalog = _catalog(make_repo, [_report("5", "so-tai-chinh-binh-duong", "khong-thuc-hien",
                                           "2025-06-01")])
    progress = catalog.progress_of(_task(catalog, "5"))
    group = progress.part("cac-so-nganh-binh-duong")
    assert group.status == "khong-thuc-hien" and group.reported
    assert progress.status == "chua-bao-cao"  # will not do its part; the other leads: silent
    assert progress.part("so-tai-chinh-binh-duong").status == "khong-thuc-hien"


def test_overdue_comes_from_a_report_of_unfinished_work_or_the_grace_period(
        make_repo: Path) -> None:
    catalog = _catalog(make_repo, [
        _report("8", "so-tu-phap-ho-chi-minh", "dang-thuc-hien", "2025-12-31"),
        _report("9", "so-tu-phap-ho-chi-minh", "hoan-thanh", "2025-12-20"),
    ])
    unfinished, done, silent = (_task(catalog, n) for n in ("8", "9", "6"))
    assert unfinished.due == silent.due == done.due == dt.date(2025, 12, 31)
    before, after = Reference(dt.date(2025, 12, 31)), Reference(dt.date(2026, 1, 1))
    assert not catalog.progress_of(unfinished).overdue(unfinished.due, before)
    assert catalog.progress_of(unfinished).overdue(unfinished.due, after)
    assert not catalog.progress_of(done).overdue(done.due, Reference(dt.date(2030, 1, 1), 0))
    assert not catalog.progress_of(silent).overdue(silent.due, Reference(dt.date(2030, 1, 1)))
    graced = Reference(dt.date(2026, 1, 30), 30)
    assert not catalog.progress_of(silent).overdue(silent.due, graced)
    assert catalog.progress_of(silent).overdue(silent.due, Reference(dt.date(2026, 1, 31), 30))


def test_the_test_progress_files_validate(make_repo: Path) -> None:
    (make_repo / "progress").mkdir(exist_ok=True)
    for path in PROGRESS_DATA.glob("*.yaml"):
        shutil.copy2(path, make_repo / "progress" / path.name)
    catalog, diags = load_checked(make_repo)
    assert not [d.format() for d in diags if d.level == "error"]
    assert catalog.progress_of(_task(catalog, "9")).status == "hoan-thanh"


def test_the_reference_date_is_source_date_epoch_else_the_commit_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", progress_epoch(dt.date(2026, 1, 15)))
    assert reference_date(tmp_path) == dt.date(2026, 1, 15)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.vn"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    subprocess.run([*git[:3], "add", "a.txt"], check=True)
    # 2025-03-01 23:30 UTC is 2 March in Vietnam
    subprocess.run([*git, "commit", "-qm", "a"], check=True,
                   env={"GIT_COMMITTER_DATE": "2025-03-01T23:30:00Z", "PATH": "/usr/bin:/bin",
                        "HOME": str(tmp_path)})
    assert reference_date(tmp_path) == dt.date(2025, 3, 2)


def test_progress_files_are_reviewed_by_the_plans_reviewers(make_repo: Path) -> None:
    from planpub.codeowners import generate

    (make_repo / "progress").mkdir(exist_ok=True)
    shutil.copy2(PROGRESS_DATA / f"{BD}.yaml", make_repo / "progress" / f"{BD}.yaml")
    text, diags = generate(make_repo)
    assert text is not None, [d.format() for d in diags]
    plan_rule = next(line for line in text.splitlines() if line.startswith(f"plans/{BD}.yaml "))
    assert f"progress/{BD}.yaml {plan_rule.split(' ', 1)[1]}" in text.splitlines()


def test_silence_of_an_agency_nobody_can_report_for_is_never_overdue(make_repo: Path) -> None:
    catalog, _ = load_checked(make_repo)
    task = next(e for e in catalog.tasks if e.id == "pho-minh-2024-boi-thuong-nha-nuoc/7.1")
    gone = "cac-ban-nganh-pho-minh"  # ceased on 30/06/2025: no successor, no member listed
    assert catalog.answering(task) == (gone,) and not catalog.later(gone)
    assert not catalog.members_of(gone)
    progress, late = catalog.progress_of(task), Reference(dt.date(2030, 1, 1), 30)
    assert not progress.overdue(task.due, late) and not progress.may_be_overdue(task.due, late)
    task10 = _task(catalog, "10")  # its ceased leads have successors, who can report
    assert catalog.progress_of(task10).overdue(task10.due, late, "vksnd-tinh-binh-duong")


def test_an_unfinished_report_from_before_the_due_date_is_not_overdue(make_repo: Path) -> None:
    catalog = _catalog(make_repo, [
        _report("8", "so-tu-phap-ho-chi-minh", "dang-thuc-hien", "2025-09-30")])
    task8 = _task(catalog, "8")
    progress = catalog.progress_of(task8)
    assert progress.status == "dang-thuc-hien"
    assert not progress.overdue(task8.due, Reference(dt.date(2030, 1, 1)))
    # with a grace period, it counts as silence since the due date
    assert progress.overdue(task8.due, Reference(dt.date(2026, 2, 1), 30))


def test_will_not_do_is_the_task_status_only_when_every_lead_says_so(make_repo: Path) -> None:
    catalog = _catalog(make_repo, [
        _report("7", "so-tai-chinh-binh-duong", "khong-thuc-hien", "2025-06-01")])
    assert catalog.progress_of(_task(catalog, "7")).status == "chua-bao-cao"
    catalog = _catalog(make_repo, [
        _report("7", "so-tai-chinh-binh-duong", "khong-thuc-hien", "2025-06-01"),
        _report("7", "so-tu-phap-binh-duong", "dang-thuc-hien", "2025-06-02")])
    assert catalog.progress_of(_task(catalog, "7")).status == "dang-thuc-hien"
    catalog = _catalog(make_repo, [
        _report("7", "so-tai-chinh-binh-duong", "khong-thuc-hien", "2025-06-01"),
        _report("7", "so-tu-phap-binh-duong", "hoan-thanh", "2025-06-02")])
    assert catalog.progress_of(_task(catalog, "7")).status == "hoan-thanh"
    catalog = _catalog(make_repo, [
        _report("7", "so-tai-chinh-binh-duong", "khong-thuc-hien", "2025-06-01"),
        _report("7", "so-tu-phap-binh-duong", "khong-thuc-hien", "2025-06-02")])
    assert catalog.progress_of(_task(catalog, "7")).status == "khong-thuc-hien"
