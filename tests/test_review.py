"""`planpub review BASE [HEAD]`: the change between two commits, in the plans' terms."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from conftest import ROOT, load_checked
from planpub.catalog import Catalog, TaskEntry
from planpub.cli import main
from planpub.review import word_diff
from planrepo import PlanRepo, find_task


def run(repo: PlanRepo, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(repo.path), "review", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    catalog, _ = load_checked(ROOT)
    return catalog


@pytest.fixture
def repo(make_repo: Path) -> PlanRepo:
    return PlanRepo(make_repo)


def _dated(catalog: Catalog) -> TaskEntry:
    """A task of the bundled plans with its own due date."""
    return next(e for e in catalog.dated if e.task.timeline is not None)


def _name(catalog: Catalog, agency_id: str) -> str:
    return catalog.agencies[agency_id].name


def test_report_names_each_change_with_old_and_new_values(repo: PlanRepo,
                                                          bundled: Catalog) -> None:
    entry = _dated(bundled)
    plan_id, old_due = entry.plan.id, entry.due
    assert old_due is not None
    new_due = old_due + dt.timedelta(days=15)
    swapped = next(e for e in bundled.tasks_by_plan[plan_id] if e.task.lead)
    old_lead = swapped.task.lead[0]
    new_lead = next(a for a in sorted(bundled.agencies)
                    if a not in swapped.task.lead and bundled.agencies[a].kind == "department")

    data = repo.read(plan_id)
    find_task(data["tasks"], entry.number)["timeline"] = f"Trước ngày {new_due:%d/%m/%Y}"
    lead = find_task(data["tasks"], swapped.number)["lead"]
    lead[lead.index(old_lead)] = new_lead
    data["tasks"].append({"number": "99", "title": "Rà soát hồ sơ bồi thường tồn đọng",
                          "lead": [new_lead], "timeline": "Quý IV/2025"})
    repo.write(plan_id, data)
    repo.commit("Sửa kế hoạch")

    code, report, _ = run(repo, "HEAD~1")
    assert code == 0, report
    assert "## Báo cáo thay đổi kế hoạch" in report
    # the moved deadline, old → new, with the dates
    moved = next(line for line in report.splitlines() if "Thời gian thực hiện" in line)
    last = new_due - dt.timedelta(days=1)  # "Trước ngày X": the last day is X − 1
    assert f"hạn {old_due:%d/%m/%Y}" in moved
    assert f"“Trước ngày {new_due:%d/%m/%Y}” (hạn {last:%d/%m/%Y})" in moved
    assert moved.index(f"{old_due:%d/%m/%Y}") < moved.index("→") < moved.index(
        f"{last:%d/%m/%Y}")
    # the swapped lead agency, by name and id
    role = next(line for line in report.splitlines() if "Chủ trì thực hiện: bỏ" in line)
    assert f"~~{_name(bundled, old_lead)} (`{old_lead}`)~~" in role
    assert f"**{_name(bundled, new_lead)} (`{new_lead}`)**" in role
    # the added task, with its lead and timeline
    added = next(line for line in report.splitlines() if "Thêm nhiệm vụ **99**" in line)
    assert "Rà soát hồ sơ bồi thường tồn đọng" in added and "Quý IV/2025" in added
    assert _name(bundled, new_lead) in added
    assert "✅ Bản mới không có lỗi" in report
    assert "Kế hoạch bị xóa" not in report and "Kế hoạch thêm mới" not in report


def test_broken_field_is_a_finding_and_fails(repo: PlanRepo, bundled: Catalog) -> None:
    plan_id = next(iter(bundled.plans))
    data = repo.read(plan_id)
    data["issued"] = "31/02/2025"
    repo.write(plan_id, data)
    repo.commit("Ngày sai")

    code, report, _ = run(repo, "HEAD~1")
    assert code == 1
    assert "❌ Bản mới có 1 lỗi" in report
    finding = next(line for line in report.splitlines() if line.startswith("- ❌"))
    assert f"plans/{plan_id}.yaml:" in finding and "issued" in finding
    assert "31/02/2025" in finding and "không tồn tại" in finding
    # a plan HEAD cannot read is not reported as removed
    assert "Kế hoạch bị xóa" not in report
    assert f"`plans/{plan_id}.yaml`: xem lỗi" in report


def test_unknown_agency_is_an_error_and_shown_in_the_diff(repo: PlanRepo,
                                                         bundled: Catalog) -> None:
    entry = next(e for e in bundled.tasks if e.task.lead)
    data = repo.read(entry.plan.id)
    find_task(data["tasks"], entry.number)["lead"].append("so-khong-ton-tai")
    repo.write(entry.plan.id, data)
    repo.commit("Cơ quan sai")

    code, report, _ = run(repo, "HEAD~1")
    assert code == 1
    assert "thêm **`so-khong-ton-tai` (không có trong danh mục)**" in report
    assert re.search(r"- ❌ .*lead.*“so-khong-ton-tai” không có trong danh mục", report)


def test_invalid_yaml_at_head_is_reported_without_traceback(repo: PlanRepo,
                                                           bundled: Catalog) -> None:
    plan_id = next(iter(bundled.plans))
    repo.plan_path(plan_id).write_text("id: x\n  title: [\n", encoding="utf-8")
    repo.commit("Hỏng YAML")

    code, report, err = run(repo, "HEAD~1")
    assert code == 1
    assert "Traceback" not in report + err
    assert re.search(r"❌ .*lỗi cú pháp YAML \(cột \d+\): ", report)
    assert "Kế hoạch bị xóa" not in report


def test_renumbered_tasks_are_named_not_rewritten(repo: PlanRepo, bundled: Catalog) -> None:
    plan_id = next(pid for pid, tasks in bundled.tasks_by_plan.items()
                   if len(bundled.plans[pid].tasks) >= 3)
    data = repo.read(plan_id)
    tops = data["tasks"]
    first, second = str(tops[0]["number"]), str(tops[1]["number"])
    old_numbers = [str(t["number"]) for t in tops]
    # insert a task after the first, shifting every later top-level number by one slot
    for i in range(len(tops) - 1, 0, -1):
        tops[i]["number"] = f"{int(old_numbers[i]) + 1}" if old_numbers[i].isdigit() \
            else old_numbers[i] + "b"
        for sub in tops[i].get("subtasks") or []:
            sub["number"] = tops[i]["number"] + sub["number"][len(old_numbers[i]):]
    tops.insert(1, {"number": second, "title": "Nhiệm vụ chen vào giữa", "timeline": "Năm 2025"})
    repo.write(plan_id, data)
    repo.commit("Chen nhiệm vụ")

    code, report, _ = run(repo, "HEAD~1")
    assert code == 0, report
    assert f"Thêm nhiệm vụ **{second}**: Nhiệm vụ chen vào giữa" in report
    renumbered = next(line for line in report.splitlines() if "Đánh số lại nhiệm vụ:" in line)
    assert f"{second} → {tops[2]['number']}, " in renumbered
    assert f"{old_numbers[-1]} → {tops[-1]['number']}" in renumbered
    assert "Tên nhiệm vụ:" not in report  # matched by title: no task reads as rewritten
    assert f"Nhiệm vụ **{first}**" not in report
    assert "Bỏ ~~" not in report


def test_plans_added_and_removed(repo: PlanRepo, bundled: Catalog) -> None:
    gone, kept = list(bundled.plans)[:2]
    repo.plan_path(gone).unlink()
    data = repo.read(kept)
    data["id"] = kept + "-sua-doi"
    data["title"] = "Kế hoạch sửa đổi bổ sung"
    repo.write(kept + "-sua-doi", data)
    repo.commit("Thêm, xóa")

    code, report, _ = run(repo, "HEAD~1", "HEAD")
    assert code == 0, report
    added = report.split("### Kế hoạch thêm mới")[1].split("###")[0]
    removed = report.split("### Kế hoạch bị xóa")[1].split("###")[0]
    assert f"**Kế hoạch sửa đổi bổ sung** (`{kept}-sua-doi`)" in added
    assert f"(`{gone}`" in removed and md_title(bundled.plans[gone].title) in removed


def md_title(text: str) -> str:
    return " ".join(text.split())


def test_metadata_and_wording(repo: PlanRepo, bundled: Catalog) -> None:
    plan = next(p for p in bundled.plans.values() if p.signature)
    assert plan.signature is not None
    data = repo.read(plan.id)
    data["number"] = "15/KH-UBND"
    data["issued"] = "2025-03-05"
    data["signature"]["name"] = "Nguyễn Văn An"
    task = next(t for t in data["tasks"] if len(t["title"].split()) > 12)
    words = task["title"].split()
    changed_word = words[6]
    words[6] = "KHẨN-TRƯƠNG"
    task["title"] = " ".join(words)
    repo.write(plan.id, data)
    repo.commit("Số, ngày, người ký")

    code, report, _ = run(repo, "HEAD~1")
    assert code == 0, report
    old_number = f"“{plan.number}”" if plan.number else "(trống)"
    assert f"Số, ký hiệu: {old_number} → “15/KH-UBND”" in report
    old_date = f"{plan.issued:%d/%m/%Y}" if plan.issued else "(trống)"
    assert f"Ngày ban hành: {old_date} → 05/03/2025" in report
    assert f"Người ký: “{plan.signature.name}” → “Nguyễn Văn An”" in report
    wording = next(line for line in report.splitlines() if "Tên nhiệm vụ:" in line)
    assert f"~~{changed_word}~~ **KHẨN-TRƯƠNG**" in wording
    assert len(wording) < len(task["title"]) + 60  # a window, not both whole titles


def test_registry_changes_and_markdown_is_inert(repo: PlanRepo, bundled: Catalog) -> None:
    path = repo.path / "registry" / "agencies.yaml"
    agency = next(iter(bundled.agencies.values()))
    text = path.read_text("utf-8")
    text = text.replace(f"name: {agency.name}\n", "name: Cơ quan <b>mới</b> *đổi tên*\n", 1)
    path.write_text(text, encoding="utf-8")
    repo.commit("Đổi tên cơ quan")

    code, report, _ = run(repo, "HEAD~1")
    assert code == 0, report
    line = next(x for x in report.splitlines() if "Cơ quan sửa đổi" in x)
    assert f"`{agency.id}`" in line and agency.name in line
    assert r"\<b\>mới\</b\> \*đổi tên\*" in line
    assert "<b>" not in report


def test_bad_revision_is_one_vietnamese_line(repo: PlanRepo) -> None:
    code, out, err = run(repo, "khong-co-nhanh-nay")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0
    assert "không tìm thấy phiên bản “khong-co-nhanh-nay”" in err


def test_output_file(repo: PlanRepo, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.md"
    code, out, _ = run(repo, "HEAD", "HEAD", "-o", str(target))
    assert code == 0
    text = target.read_text("utf-8")
    assert "không làm thay đổi nội dung kế hoạch" in text
    assert str(target) in out


def test_word_diff_shows_a_short_window() -> None:
    old = " ".join(f"từ{i}" for i in range(200))
    new = old.replace("từ100", "chữ100")
    diff = word_diff(old, new)
    assert diff == "… từ95 từ96 từ97 từ98 từ99 ~~từ100~~ **chữ100** từ101 từ102 từ103 từ104 từ105 …"
    assert word_diff("a b c", "a c") == "a ~~b~~ c"
