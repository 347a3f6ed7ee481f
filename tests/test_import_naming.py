"""``planpub import -o FILE``: the plan is named after the file, and the report says so."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planpub.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "data" / "importer" / "phan-cong-theo-co-quan.txt"
SUGGESTED = "quang-ngai-2024-boi-thuong-nha-nuoc"
"""The id the document suggests (province, year, subject)."""


def _import(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
            ) -> tuple[int, str, str]:
    code = main(["--root", str(ROOT), "import", str(SOURCE), "-o", str(tmp_path / name)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_plan_takes_the_files_name_and_the_report_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _import(tmp_path, "ke-hoach-thu.yaml", capsys)
    assert code == 0
    data = yaml.safe_load((tmp_path / "ke-hoach-thu.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "ke-hoach-thu"  # planpub validate: id = file name
    said = out.split("CẦN KIỂM TRA", 1)[0]  # near the top, not among the findings
    assert "Mã kế hoạch (id) là “ke-hoach-thu”, theo tên tệp" in said
    assert f"văn bản gợi ý mã “{SUGGESTED}”" in said
    assert f"-o {(tmp_path / SUGGESTED).as_posix()}.yaml" in said
    assert "hợp lệ" in out  # the draft checks as planpub validate would


def test_a_file_named_like_the_document_says_nothing_about_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _import(tmp_path, f"{SUGGESTED}.yaml", capsys)
    assert code == 0
    data = yaml.safe_load((tmp_path / f"{SUGGESTED}.yaml").read_text(encoding="utf-8"))
    assert data["id"] == SUGGESTED
    assert "theo tên tệp" not in out


def test_a_name_that_cannot_be_an_id_is_refused_with_one_that_can(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(tmp_path, "Kế hoạch 42.yaml", capsys)
    assert code == 1
    assert not list(tmp_path.iterdir())  # nothing written
    assert "không dùng được làm mã kế hoạch" in err
    assert f"-o {tmp_path / 'ke-hoach-42.yaml'}" in err
    assert f"-o {tmp_path / SUGGESTED}.yaml" in err
