"""`planpub validate`: every error class, every bad input, one Vietnamese line each."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import load_checked
from planpub.cli import main

REGISTRY = {
    "localities.yaml": """
        - {id: tinh-a, name: tỉnh A, kind: province, valid_until: 2025-06-30, successor: tinh-b}
        - {id: tinh-b, name: tỉnh B, kind: province}
    """,
    "agencies.yaml": """
        - {id: ubnd-tinh-a, name: Ủy ban nhân dân tỉnh A, kind: people-committee, locality: tinh-a,
           valid_until: 2025-06-30, successor: ubnd-tinh-b}
        - {id: ubnd-tinh-b, name: Ủy ban nhân dân tỉnh B, kind: people-committee, locality: tinh-b}
        - {id: so-tu-phap-tinh-a, name: Sở Tư pháp tỉnh A, kind: department, locality: tinh-a,
           short_names: [Sở Tư pháp], valid_until: 2025-06-30, successor: so-tu-phap-tinh-b}
        - {id: so-tu-phap-tinh-b, name: Sở Tư pháp tỉnh B, kind: department, locality: tinh-b}
        - {id: cac-so-nganh-tinh-a, name: "Các sở, ngành tỉnh A", kind: group, locality: tinh-a,
           members: [so-tu-phap-tinh-a]}
    """,
    "legal.yaml": """
        - {id: luat-tnbtcnn-2017, type: luat, number: 10/2017/QH14, title: Luật TNBTCNN,
           issuer: ubnd-tinh-b, issued: 2017-06-20}
    """,
}

GOOD_PLAN = textwrap.dedent("""
    id: ke-hoach-a
    title: Kế hoạch thử
    issuer: ubnd-tinh-a
    year: 2025
    bases:
      - ref: luat-tnbtcnn-2017
        text: Luật Trách nhiệm bồi thường của Nhà nước năm 2017
    tasks:
      - number: "1"
        title: Tuyên truyền
        lead: [so-tu-phap-tinh-a]
        coordinate: [cac-so-nganh-tinh-a]
        timeline: Thường xuyên
      - number: "2"
        title: Báo cáo
        lead: [so-tu-phap-tinh-a]
        timeline: Trước ngày 15/11/2025 hoặc khi có yêu cầu
""")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A minimal repository: a registry and one valid plan."""
    (tmp_path / "registry").mkdir()
    for name, text in REGISTRY.items():
        (tmp_path / "registry" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "plans").mkdir()
    write(tmp_path, "ke-hoach-a", GOOD_PLAN)
    return tmp_path


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / "plans" / f"{name}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(root: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    code = main(["--root", str(root), "validate", *paths])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out


def test_clean_repository_passes_with_the_ceased_agency_warning(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(repo, capsys)
    assert code == 0
    # task 2 is due 14/11/2025 ("Trước ngày 15/11/2025"), after Sở Tư pháp tỉnh A ceased
    assert "cảnh báo" in out and "Sở Tư pháp tỉnh B" in out and "so-tu-phap-tinh-b" in out
    assert "14/11/2025" in out
    assert "0 lỗi" in out


def _one_error(repo: Path, capsys: pytest.CaptureFixture[str], text: str | bytes,
               name: str = "ke-hoach-a") -> str:
    write(repo, name, text)
    code, out = run(repo, capsys)
    assert code == 1, out
    errors = [line for line in out.splitlines() if ": lỗi: " in line]
    assert errors, out
    return errors[0]


def test_unknown_agency_names_file_line_field_and_suggestion(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace(
        "lead: [so-tu-phap-tinh-a]\n    coordinate", "lead: [so-tu-phap-tinh-aa]\n    coordinate"))
    assert line.startswith("plans/ke-hoach-a.yaml:12: lỗi: tasks[1].lead[1]:")
    assert "so-tu-phap-tinh-aa" in line and "Có phải bạn muốn viết" in line
    assert '"so-tu-phap-tinh-a"' in line


def test_unknown_field_suggests_the_right_one(repo: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace("year: 2025", "year: 2025\ntitel: x"))
    assert "titel" in line and '"title"' in line


def test_missing_field(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace("issuer: ubnd-tinh-a\n", ""))
    assert "thiếu trường bắt buộc “issuer”" in line


def test_wrong_type(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace("year: 2025", "year: hai nghìn"))
    assert "year" in line and "số nguyên" in line and ":5:" in line


def test_impossible_date(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys,
                      GOOD_PLAN.replace("year: 2025", "year: 2025\nissued: 31/02/2025"))
    assert "issued" in line and "31/02/2025" in line and "không tồn tại" in line
    line = _one_error(repo, capsys,
                      GOOD_PLAN.replace("year: 2025", "year: 2025\nissued: 2025-02-31"))
    assert "issued" in line and "ngày" in line


def test_timeline_not_understood(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace("timeline: Thường xuyên",
                                                      "timeline: sớm nhất có thể"))
    assert "tasks[1].timeline" in line and "sớm nhất có thể" in line and "Cách sửa" in line


def test_impossible_date_in_timeline(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace("15/11/2025", "31/02/2025"))
    assert "tasks[2].timeline" in line and "31/02/2025" in line


def test_duplicate_task_numbers(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace('number: "2"', 'number: "1"'))
    assert "trùng" in line and "“1”" in line


def test_duplicate_plan_ids(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "plans" / "sub").mkdir()
    (repo / "plans" / "sub" / "ke-hoach-a.yaml").write_text(textwrap.dedent(GOOD_PLAN))
    code, out = run(repo, capsys)
    assert code == 1 and "trùng với plans/" in out


def test_id_must_match_file_and_cannot_escape(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, GOOD_PLAN.replace("id: ke-hoach-a", "id: ../../etc/passwd"))
    assert "id" in line and "không hợp lệ" in line
    line = _one_error(repo, capsys, GOOD_PLAN.replace("id: ke-hoach-a", "id: ke-hoach-b"))
    assert "khác tên tệp" in line


def test_parent_plan_cycle(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "ke-hoach-a", GOOD_PLAN.replace("- ref: luat-tnbtcnn-2017", "- ref: ke-hoach-b"))
    write(repo, "ke-hoach-b", GOOD_PLAN.replace("id: ke-hoach-a", "id: ke-hoach-b").replace(
        "- ref: luat-tnbtcnn-2017", "- ref: ke-hoach-a"))
    code, out = run(repo, capsys)
    assert code == 1 and "vòng" in out and "ke-hoach-a" in out and "ke-hoach-b" in out


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "tệp trống"),
    (b"# only a comment\n", "tệp trống"),
    (b"id: [unclosed\n", "cú pháp YAML"),
    (b"id: ke-hoach-a\ntasks:\n\t- number: 1\n", "TAB"),
    (b"id: \xff\xfe bad\n", "UTF-8"),
    (b"\xff\xfei\x00d\x00", "UTF-16"),
    (b"- a\n- b\n", "bảng các trường"),
    (b"a: &x [1, 2]\nb: *x\n", "neo/bí danh"),
    (b"a: 1\na: 2\n", "hai lần"),
    (b"a: !!python/object/apply:os.system ['echo hi']\n", "thẻ YAML"),
    (b"id: a\n---\nid: b\n", "nhiều tài liệu"),
])
def test_bad_inputs_get_one_clear_line(repo: Path, capsys: pytest.CaptureFixture[str],
                                       content: bytes, expected: str) -> None:
    line = _one_error(repo, capsys, content)
    assert expected in line
    assert line.startswith("plans/ke-hoach-a.yaml")


def test_billion_laughs_is_refused_quickly(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    line = _one_error(repo, capsys, ("\n".join(lines) + "\n").encode())
    assert "neo/bí danh" in line


def test_huge_file_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_error(repo, capsys, b"title: " + b"x" * (3 * 1024 * 1024) + b"\n")
    assert "quá lớn" in line


def test_byte_order_mark_is_accepted(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "ke-hoach-a", b"\xef\xbb\xbf" + textwrap.dedent(GOOD_PLAN).encode())
    code, _ = run(repo, capsys)
    assert code == 0


def test_every_problem_in_one_run(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "ke-hoach-a", GOOD_PLAN.replace("ubnd-tinh-a", "ubnd-x").replace(
        "cac-so-nganh-tinh-a", "cac-so-nganh-y"))
    write(repo, "ke-hoach-c", b"id: [\n")
    code, out = run(repo, capsys)
    assert code == 1
    assert "ubnd-x" in out and "cac-so-nganh-y" in out and "ke-hoach-c.yaml" in out
    assert "3 lỗi" in out


def test_registry_errors_are_reported_with_lines(repo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "registry" / "agencies.yaml"
    path.write_text(path.read_text()
                    + "- {id: x-y, name: X, kind: nonsense, successor: khong-co}\n")
    code, out = run(repo, capsys)
    assert code == 1
    assert "registry/agencies.yaml:" in out and "nonsense" in out


def test_unknown_successor_in_registry(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "registry" / "agencies.yaml"
    path.write_text(path.read_text() + "- {id: x-y, name: X, kind: unit, successor: khong-co}\n")
    code, out = run(repo, capsys)
    assert code == 1 and "khong-co" in out and "registry/agencies.yaml:" in out


def test_validate_single_path_reports_only_that_file(repo: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "ke-hoach-c", b"id: [\n")
    code, out = run(repo, capsys, str(repo / "plans" / "ke-hoach-a.yaml"))
    assert code == 0 and "ke-hoach-c" not in out


def test_missing_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(repo, capsys, str(repo / "plans" / "khong-co.yaml"))
    assert code == 1 and "không tìm thấy tệp" in out


def test_check_repository_flattens_and_inherits(repo: Path) -> None:
    catalog, diags = load_checked(repo)
    assert not [d for d in diags if d.level == "error"]
    entry = catalog.tasks_by_plan["ke-hoach-a"][1]
    assert entry.due is not None and entry.due.isoformat() == "2025-11-14"
    # a group named beside its member means the others: the member keeps its own role only
    first = [a for a in catalog.assignments("so-tu-phap-tinh-a") if a.entry.number == "1"]
    assert [(a.role, a.via) for a in first] == [("lead", None)]
    # the successor inherits open tasks
    inherited = catalog.inherited("so-tu-phap-tinh-b")
    assert {a.entry.number for a in inherited} == {"1", "2"}
