"""The two seed plans as data: complete, and matching their answer keys."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from planpub.cli import main
from planpub.slug import fold

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PLANS = {
    "binh-duong-2025-boi-thuong-nha-nuoc": "000_1da643536cef97f3",
    "pho-minh-2024-boi-thuong-nha-nuoc": "001_7f80f154b5043cba",
}


def _norm(text: str) -> str:
    text = re.sub(r"[*_]", "", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".;:").strip()


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["--root", str(ROOT), "export", "--json"])
    assert code == 0, buffer.getvalue()
    data: dict[str, Any] = json.loads(buffer.getvalue())
    return data


def _names(data: dict[str, Any]) -> dict[str, set[str]]:
    return {a["id"]: {fold(_norm(n)) for n in [a["name"], *a["short_names"]]}
            for a in data["agencies"]}


@pytest.mark.parametrize("plan_id", list(PLANS))
def test_export_matches_answer_key(exported: dict[str, Any], plan_id: str) -> None:
    key_path = SEEDS / f"{PLANS[plan_id]}.expected.json"
    if not key_path.exists():
        pytest.skip("answer keys live in ../shared/seeds")
    key = json.loads(key_path.read_text(encoding="utf-8"))
    plan = next(p for p in exported["plans"] if p["id"] == plan_id)
    names = _names(exported)
    assert plan["number"] == key["number"] and plan["issued"] == key["issued"]
    assert plan["signer"] == key["signer"]
    assert _norm(plan["title"]) == _norm(key["title"])
    assert [t["number"] for t in plan["tasks"]] == [t["number"] for t in key["tasks"]]
    for task, expected in zip(plan["tasks"], key["tasks"], strict=True):
        assert _norm(task["title"]) == _norm(expected["title"]), task["number"]
        assert task["timeline"]["text"] == _norm(expected["timeline"]), task["number"]
        for role in ("lead", "coordinate"):
            got = task[role]
            want = expected[role]
            assert len(got) == len(want), (task["number"], role, got, want)
            for agency_id, printed in zip(got, want, strict=True):
                assert fold(_norm(printed)) in names[agency_id], (task["number"], printed,
                                                                  agency_id)


def test_binh_duong_task_10_due_and_on_request(exported: dict[str, Any]) -> None:
    plan = next(p for p in exported["plans"] if p["id"] == "binh-duong-2025-boi-thuong-nha-nuoc")
    task = next(t for t in plan["tasks"] if t["number"] == "10")
    assert task["timeline"]["due"] == "2025-11-14"  # "Trước ngày 15/11/2025"
    assert task["timeline"]["due_printed"] is False
    assert task["timeline"]["kind"] == "date"
    assert "on-request" in task["timeline"]["also"]
    assert task["consolidate"] == ["so-tu-phap-binh-duong"]
    assert "so-tu-phap-binh-duong" not in task["lead"]


def test_pho_minh_subtasks_and_parents(exported: dict[str, Any]) -> None:
    plan = next(p for p in exported["plans"] if p["id"] == "pho-minh-2024-boi-thuong-nha-nuoc")
    numbers = [t["number"] for t in plan["tasks"]]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7.1", "7.2", "8.1", "8.2"]
    assert {t["parent"] for t in plan["tasks"] if "parent" in t} == {"7", "8"}
    assert all(t["timeline"]["text"] == "Trong năm 2024" for t in plan["tasks"][6:])
    assert set(plan["parents"]) >= {"kh-42-kh-ubnd-quang-ngai-2024", "kh-37-kh-ubnd-duc-pho-2024"}


def test_every_id_used_is_listed(exported: dict[str, Any]) -> None:
    agencies = {a["id"] for a in exported["agencies"]}
    for plan in exported["plans"]:
        assert plan["issuer"] in agencies
        for task in plan["tasks"]:
            for role in ("lead", "advise", "coordinate", "consolidate"):
                assert set(task[role]) <= agencies


def test_dates_are_iso_or_null(exported: dict[str, Any]) -> None:
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for plan in exported["plans"]:
        assert plan["issued"] is None or iso.match(plan["issued"])
        for task in plan["tasks"]:
            due = task["timeline"]["due"]
            assert due is None or iso.match(due)


def test_repository_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--root", str(ROOT), "validate"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 lỗi" in out


def test_schema_command_and_editor_reference(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "plan.schema.json"
    assert main(["--root", str(ROOT), "schema", "-o", str(target)]) == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "title", "issuer", "tasks", "year"} <= set(schema["required"])
    timeline = schema["$defs"]["Timeline"]
    assert any(alt.get("type") == "string" for alt in timeline["anyOf"])
    for plan_file in (ROOT / "plans").glob("*.yaml"):
        first = plan_file.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=plan.schema.json"


def test_committed_schema_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    """plans/plan.schema.json, which editors read, matches the model."""
    code = main(["--root", str(ROOT), "schema", "-o", str(ROOT / "plans" / "plan.schema.json"),
                 "--check"])
    assert code == 0, capsys.readouterr().out


def test_schema_check_reports_a_stale_file(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "plan.schema.json"
    stale.write_text("{}", encoding="utf-8")
    assert main(["--root", str(ROOT), "schema", "-o", str(stale), "--check"]) == 1
    assert "đã cũ" in capsys.readouterr().out and stale.read_text() == "{}"


def test_schema_accepts_the_seed_plans(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from planpub.opendata import plan_schema

    schema = plan_schema()
    for plan_file in (ROOT / "plans").glob("*.yaml"):
        data = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))
        jsonschema.validate(data, schema)
