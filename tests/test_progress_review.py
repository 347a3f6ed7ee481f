"""`planpub review` on progress reports: status changes in words, history that only grows."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from planpub.cli import main
from planrepo import PlanRepo

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
FILE = f"progress/{BD}.yaml"

STARTED = """\
  - task: 9
    agency: so-tu-phap-binh-duong
    status: dang-thuc-hien
    as_of: 2025-06-20
  - task: "5"
    agency: so-tai-chinh-binh-duong
    status: dang-thuc-hien
    as_of: 2025-06-25
"""
DONE = """\
  - task: "9"
    agency: so-tu-phap-ho-chi-minh
    status: hoan-thanh
    as_of: 2025-12-20
    report: {number: "321/BC-STP", date: 2025-12-20}
    note: Đã tổ chức *3* đợt kiểm tra.
"""


def run(repo: PlanRepo, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(repo.path), "review", *args])
    return code, out.getvalue() + err.getvalue()


def write(repo: PlanRepo, reports: str) -> None:
    (repo.path / FILE).write_text(f"plan: {BD}\nreports:\n{reports}", encoding="utf-8")


def line_with(report: str, *parts: str) -> str:
    found = [line for line in report.splitlines() if all(p in line for p in parts)]
    assert len(found) == 1, (parts, report)
    return found[0]


@pytest.fixture
def repo(make_repo: Path) -> PlanRepo:
    return PlanRepo(make_repo)


def test_report_names_each_status_change(repo: PlanRepo) -> None:
    write(repo, STARTED)
    repo.commit("Sở Tư pháp báo cáo tiến độ")
    code, report = run(repo, "HEAD~1")
    assert code == 0, report
    assert "tiến độ thay đổi ở 1 kế hoạch" in report
    assert "### Tiến độ: Triển khai công tác bồi thường nhà nước năm 2025" in report
    assert line_with(report, f"Tệp `{FILE}`").endswith("2 báo cáo mới, 0 bị xóa, 0 bị sửa.")
    assert "chưa có báo cáo → **đang thực hiện**" in line_with(report, "Nhiệm vụ **9**")
    assert "tệp mã hoặc cấu hình" not in report  # progress files are data, not site code

    write(repo, STARTED + DONE)
    repo.commit("Sở Tư pháp Thành phố Hồ Chí Minh báo cáo hoàn thành nhiệm vụ 9")
    code, report = run(repo, "HEAD~1")
    assert code == 0, report
    assert "đang thực hiện → **hoàn thành**" in line_with(report, "Nhiệm vụ **9**")
    # the department the task names, reported for by its successor
    part = line_with(report, "Sở Tư pháp tỉnh Bình Dương (`so-tu-phap-binh-duong`):")
    assert part.endswith(": đang thực hiện → hoàn thành (báo cáo ngày 20/12/2025 của Sở Tư pháp "
                         "Thành phố Hồ Chí Minh, số 321/BC-STP)")
    added = line_with(report, "Báo cáo mới:")
    assert "`so-tu-phap-ho-chi-minh`" in added and "hoàn thành, tình trạng ngày 20/12/2025" in added
    assert r"“Đã tổ chức \*3\* đợt kiểm tra.”" in added  # the note stays inert text
    assert "Nhiệm vụ **5**" not in report  # untouched tasks are not listed
    assert "⚠️" not in report


def test_rewriting_or_removing_an_earlier_report_is_a_warning(repo: PlanRepo) -> None:
    write(repo, STARTED)
    repo.commit("Báo cáo tiến độ")
    rewritten = STARTED.replace("status: dang-thuc-hien\n    as_of: 2025-06-20",
                                "status: hoan-thanh\n    as_of: 2025-06-20")
    write(repo, rewritten.split('  - task: "5"')[0])
    repo.commit("Sửa báo cáo cũ")
    code, report = run(repo, "HEAD~1")
    assert code == 0, report  # a warning: a reviewer decides
    assert "**⚠️ Sửa hoặc xóa 2 báo cáo tiến độ đã có" in report
    assert line_with(report, f"Tệp `{FILE}`").endswith("0 báo cáo mới, 1 bị xóa, 1 bị sửa.")
    changed = line_with(report, "⚠️ Báo cáo ngày 20/06/2025 của Sở Tư pháp tỉnh Bình Dương bị sửa")
    assert changed.endswith("tình trạng: đang thực hiện → hoàn thành")
    assert "Sở Tài chính tỉnh Bình Dương" in line_with(report, "⚠️ Báo cáo bị xóa: ~~")
    findings = report.split("### Kết quả kiểm tra bản mới")[1]
    assert f"⚠️ {FILE}:3: cảnh báo: báo cáo đã có (nhiệm vụ 9," in findings
    assert f"⚠️ {FILE}: cảnh báo: báo cáo đã có (nhiệm vụ 5," in findings


def test_errors_in_a_progress_file_fail_the_review(repo: PlanRepo) -> None:
    write(repo, STARTED.replace("task: 9", 'task: "99"').replace("hien\n    as_of: 2025-06-25",
                                                                  "hien\n    as_of: 2025-13-01"))
    repo.commit("Báo cáo có lỗi")
    code, report = run(repo, "HEAD~1")
    assert code == 1
    assert "**❌ Bản mới có 2 lỗi" in report
    findings = report.split("### Kết quả kiểm tra bản mới")[1]
    assert f"❌ {FILE}:3: lỗi: reports\\[1\\].task: kế hoạch “{BD}” không có nhiệm vụ số “99”" \
        in findings
    assert f"❌ {FILE}:10: lỗi: reports\\[2\\].as\\_of:" in findings
    assert "(kế hoạch ở bản mới không có nhiệm vụ số này)" in line_with(report, "Nhiệm vụ **99**")
