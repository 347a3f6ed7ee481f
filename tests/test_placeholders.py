"""What `planpub import` could not read stays a warning until someone fills it in."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import load_checked
from planpub.importer.pipeline import run
from planpub.placeholders import UNKNOWN_ISSUER, UNREAD_TASK, UNTITLED_PLAN, untitled_task

ROOT = Path(__file__).resolve().parents[1]


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_an_unreadable_document_drafts_placeholders_that_warn(tmp_path: Path) -> None:
    """No issuer, no task: the draft says so, and the report's check warns at those lines."""
    source = tmp_path / "trong.txt"
    source.write_text("KẾ HOẠCH\n\nI. MỤC ĐÍCH, YÊU CẦU\nBảo đảm thực hiện tốt.\n",
                      encoding="utf-8")
    draft = tmp_path / "trong.yaml"
    result = run(source, ROOT, draft)
    warned = {(d.field, d.line) for d in result.diagnostics
              if d.level == "warning" and "planpub import" in d.message}
    assert warned == {("issuer", _line(draft, "issuer: co-quan-ban-hanh-chua-xac-dinh")),
                      ("tasks[1].title", _line(draft, f"title: {UNREAD_TASK}"))}
    assert f"cảnh báo: issuer: cơ quan ban hành “{UNKNOWN_ISSUER}”" in result.report


def test_validate_warns_for_each_placeholder_left_in_a_plan(tmp_path: Path) -> None:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "agencies.yaml").write_text(textwrap.dedent(f"""
        - {{id: co-quan-ban-hanh-chua-xac-dinh, name: {UNKNOWN_ISSUER}, kind: role}}
        - {{id: so-a, name: Sở A, kind: department}}
    """), encoding="utf-8")
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "ke-hoach-x.yaml"
    plan.write_text(textwrap.dedent(f"""
        id: ke-hoach-x
        title: {UNTITLED_PLAN}
        issuer: co-quan-ban-hanh-chua-xac-dinh
        year: 2025
        tasks:
          - number: "1"
            title: Tuyên truyền pháp luật
            lead: [so-a]
            subtasks:
              - number: "1.a"
                title: {untitled_task("1.a")}
              - number: "1.b"
                title: Nhiệm vụ 1.b
    """), encoding="utf-8")
    _, diags = load_checked(tmp_path)
    warned = sorted((d.line, d.field) for d in diags if "planpub import" in d.message)
    assert warned == [(_line(plan, "title: Kế hoạch"), "title"),
                      (_line(plan, "issuer:"), "issuer"),
                      (_line(plan, "(chưa có tiêu đề)"), "tasks[1].subtasks[1].title")]
    assert all(d.level == "warning" and d.hint for d in diags if "planpub import" in d.message)


def test_bundled_plans_carry_no_placeholder() -> None:
    _, diags = load_checked(ROOT)
    assert not [d.format() for d in diags if "planpub import" in d.message]
