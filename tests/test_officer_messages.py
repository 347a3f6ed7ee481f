"""What an officer or a deployer reads when a contact field, a plan's ``source``, a footer
setting or a ``planpub validate`` path is wrong: the message names the entry by its id, says
how to fix the value, and never sends them to a field that does not exist."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from conftest import ROOT, add_agency_fields, build_site, copy_sources
from planpub.catalog import build_catalog
from planpub.cli import main
from planpub.load import load_plans, load_progress, load_registry
from planpub.mkdocs.trust import read_footer
from planpub.opendata import open_data
from planpub.repofiles import plan_files

AGENCIES = "registry/agencies.yaml"
AGENCY = "so-tu-phap-quang-ngai"
PLAN = "plans/binh-duong-2025-boi-thuong-nha-nuoc.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The data files of this repository, copied (what ``planpub validate`` reads)."""
    root = tmp_path / "repo"
    for name in ("registry", "plans", "progress"):
        shutil.copytree(ROOT / name, root / name)
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """``planpub --root ROOT validate ARGS``: exit code and the lines printed."""
    code = main(["--root", str(root), "validate", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, (out.out + out.err).splitlines()


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if ": lỗi: " in line]


# --------------------------------------------------------------------------- registry entries


@pytest.mark.parametrize(("fields", "field", "words"), [
    ('  phone: "0255 3712 345 máy lẻ 5"\n', "phone", ["số điện thoại", "Cách sửa: "]),
    ("  phone: 19001234\n", "phone", ['phone: "19001234"', "ngoặc kép", "số 0 ở đầu"]),
    ("  phone: [0255 3712 345, 0255 3712 346]\n", "phone", ["một dòng", "“;”"]),
    ("  hours: [Sáng 7:30–11:30, Chiều 13:30–17:00]\n", "hours", ["một dòng", "danh sách"]),
    ("  address: [Số 1 Đường Thử, Phường Thử]\n", "address", ["một dòng"]),
    ('  address: ""\n', "address", ["không được để trống", "Cách sửa: ", "xóa cả dòng"]),
    ("  phone_number: \"0255 3712 345\"\n", "phone_number", ['Có phải bạn muốn viết "phone"?']),
    ("  opening_hours: Sáng 7:30\n", "opening_hours", ['Có phải bạn muốn viết "hours"?']),
    ("  email_address: stp@example.vn\n", "email_address", ['viết "email"']),
    ("  url: ftp://stp.example.vn\n", "url", ["trường email", "trường phone"]),
])
def test_registry_errors_name_the_entry_and_say_how_to_fix(
        repo: Path, capsys: pytest.CaptureFixture[str], fields: str, field: str,
        words: list[str]) -> None:
    line = add_agency_fields(repo, AGENCY, fields)
    code, lines = run(repo, capsys)
    assert code == 1
    [error] = errors(lines)
    assert error.startswith(f"{AGENCIES}:{line}: lỗi: {AGENCY}.{field}: "), error
    assert "Cách sửa: " in error and all(w in error for w in words), error
    assert "các trường hợp lệ" not in error and "mailto:" not in error, error


def test_too_long_address_is_shortened_not_moved_to_a_task_body(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_agency_fields(repo, AGENCY, f"  address: {'Số 1 Đường Thử, ' * 30}\n")
    [error] = errors(run(repo, capsys)[1])
    assert f"{AGENCY}.address: dài " in error and "rút gọn" in error, error
    assert "body" not in error, error


def test_an_unquoted_phone_with_a_leading_zero_says_to_quote_it(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = add_agency_fields(repo, AGENCY, "  phone: 02553712345\n")
    [error] = errors(run(repo, capsys)[1])
    assert error.startswith(f"{AGENCIES}:{line}: lỗi: {AGENCY}.phone: "), error
    assert 'phone: "02553712345"' in error, error
    assert "giữ nguyên" in error and "số 0 ở đầu" in error, error


# --------------------------------------------------------------------------- plan source


@pytest.mark.parametrize(("value", "full"), [
    ("quangngai.gov.vn/van-ban/42", "https://quangngai.gov.vn/van-ban/42"),
    ("//evil.example/x", "https://evil.example/x"),
])
def test_a_web_address_without_scheme_is_not_a_citation(
        repo: Path, capsys: pytest.CaptureFixture[str], value: str, full: str) -> None:
    path = repo / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nyear:", f"\nsource: {json.dumps(value)}\nyear:", 1),
                    encoding="utf-8")
    code, lines = run(repo, capsys)
    assert code == 1
    [error] = errors(lines)
    assert f"{PLAN}:" in error and ": lỗi: source: " in error, error
    assert "https://" in error and full in error, error


def test_open_data_gives_each_plan_its_source_or_null(repo: Path) -> None:
    path = repo / PLAN
    cited = "Bản giấy lưu tại Văn phòng UBND tỉnh"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "\nyear:", f"\nsource: {cited}\nyear:", 1), encoding="utf-8")
    registry, _ = load_registry(repo)
    loaded, _ = load_plans(repo, plan_files(repo))
    catalog = build_catalog(registry, loaded, load_progress(repo)[0])
    sources = {p["id"]: p["source"] for p in open_data(catalog)["plans"]}
    assert sources.pop("binh-duong-2025-boi-thuong-nha-nuoc") == cited
    assert sources and set(sources.values()) == {None}


# --------------------------------------------------------------------------- validate paths


@pytest.mark.parametrize("asked", [AGENCIES, "registry/", "registry"])
def test_validate_a_registry_path_checks_the_repository_not_a_plan(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        asked: str) -> None:
    monkeypatch.chdir(repo)
    line = add_agency_fields(repo, AGENCY, "  phone: 3822\n")
    (repo / PLAN).write_text("id: [hỏng\n", encoding="utf-8")  # a broken plan, not asked about
    code, lines = run(repo, capsys, asked)
    assert code == 1
    assert errors(lines) == [line_ for line_ in lines if line_.startswith(f"{AGENCIES}:{line}:")]
    assert "kế hoạch phải là" not in "\n".join(lines)
    assert lines[-1].startswith("Đã kiểm tra ") and "registry/" in lines[-1], lines[-1]
    assert "1 lỗi" in lines[-1], lines[-1]


def test_validate_a_missing_registry_path_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code, lines = run(repo, capsys, "registry/agency.yaml")
    assert code == 1
    [error] = errors(lines)
    assert error.startswith("registry/agency.yaml: lỗi: không tìm thấy"), error


def test_validate_a_good_registry_file_says_what_was_checked(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code, lines = run(repo, capsys, AGENCIES)
    assert code == 0, lines
    assert lines == [lines[-1]] and AGENCIES in lines[-1] and "0 lỗi" in lines[-1], lines


# --------------------------------------------------------------------------- footer settings


def footer_of(extra: dict[str, Any]) -> None:
    class Config:
        pass

    config = Config()
    config.extra = extra  # type: ignore[attr-defined]
    read_footer(config, Files([]))  # type: ignore[arg-type]


@pytest.mark.parametrize(("extra", "words"), [
    ({"data_license": {"name": "CC BY 4.0"}}, ["“data_license”", "“data_licence”"]),
    ({"ower": {"name": "Sở"}}, ["“ower”", "“owner”"]),
    ({"accesibility": "kha-nang-tiep-can.md"}, ["“accesibility”", "“accessibility”"]),
    ({"owner": {"name": "Sở"}, "url": "https://stp.example.vn"}, ["“url”", "owner:"]),
    ({"owner": {"nmae": "Sở"}}, ["khóa lạ “nmae”", "“name”"]),
])
def test_a_misspelt_or_misplaced_footer_key_stops_the_build(extra: dict[str, Any],
                                                            words: list[str]) -> None:
    with pytest.raises(PluginError) as caught:
        footer_of(extra)
    assert all(w in str(caught.value) for w in words), caught.value


def test_the_theme_s_own_extra_keys_are_left_alone() -> None:
    footer_of({"generator": False, "social": [{"icon": "x", "link": "https://x.example"}],
               "analytics": {"provider": "custom"}, "consent": {}, "homepage": "/",
               "alternate": [], "version": {}, "status": {}, "tags": {}, "annotate": {},
               "my_variable": "dùng trong macro"})


def test_an_owner_written_as_one_line_stops_the_build_with_planpub_s_message(
        tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("extra:\n", "extra:\n  owner: Sở Tư pháp tỉnh Quảng Ngãi\n", 1),
                      encoding="utf-8")
    done = build_site(root, tmp_path / "site")
    log = done.stdout + done.stderr
    assert done.returncode != 0
    assert "extra.owner phải là một nhóm khóa" in log and "Sở Tư pháp tỉnh Quảng Ngãi" in log
    assert "macro" not in log and "kha-nang-tiep-can" not in log, log[-2000:]
