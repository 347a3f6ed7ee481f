"""Hostile files in plans/ and registry/: only regular files inside the repository are read,
reads are capped, nothing in plans/ vanishes silently, YAML errors read as Vietnamese."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import build_site
from planpub.cli import main
from planpub.safefile import UnsafeFile, outside, read_capped

PLAN = "pho-minh-2024-boi-thuong-nha-nuoc"
ENGLISH = re.compile(r"\b(while|found|expected|mapping|scalar|stream|token|indicator|"
                     r"allowed|character|document)\b", re.IGNORECASE)
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks are POSIX")


def validate(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), "validate", *args])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text and "Lỗi nội bộ" not in text
    return code, out.out


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": lỗi: " in line]


@posix_only
@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "outside", "dangling", "folder-link",
                                  "inside-link"])
def test_special_files_in_plans_are_errors_never_read(
        make_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    target = make_repo / "plans" / "extra.yaml"
    secret = tmp_path / "secret.yaml"
    secret.write_text((make_repo / "plans" / f"{PLAN}.yaml").read_text("utf-8").replace(
        f"id: {PLAN}", "id: extra"), encoding="utf-8")
    if kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "outside":
        target.symlink_to(secret)
    elif kind == "dangling":
        target.symlink_to(tmp_path / "nowhere.yaml")
    elif kind == "folder-link":
        target = make_repo / "plans" / "more"
        target.symlink_to(tmp_path, target_is_directory=True)
    else:
        target.symlink_to(make_repo / "plans" / f"{PLAN}.yaml")
    code, out = validate(make_repo, capsys)
    lines = errors(out)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"plans/{target.name}: lỗi: ")
    assert "không phải tệp thường" in lines[0] and "Cách sửa" in lines[0]


@posix_only
def test_special_registry_files_are_errors(make_repo: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    agencies = make_repo / "registry" / "agencies.yaml"
    moved = tmp_path / "agencies.yaml"
    shutil.move(agencies, moved)
    agencies.symlink_to(moved)
    abbreviations = make_repo / "registry" / "abbreviations.yaml"
    abbreviations.unlink()
    os.mkfifo(abbreviations)
    (make_repo / "registry" / "stray.yaml").symlink_to("/nonexistent")
    code, out = validate(make_repo, capsys)
    registry = [line for line in errors(out) if line.startswith("registry/")]
    assert code == 1
    assert any(line.startswith("registry/agencies.yaml: lỗi: đây là liên kết") for line in registry)
    assert any(line.startswith("registry/abbreviations.yaml: lỗi: đây là ống dẫn")
               for line in registry)


@posix_only
def test_build_with_a_fifo_fails_cleanly(make_repo: Path, tmp_path: Path) -> None:
    os.mkfifo(make_repo / "plans" / "stuck.yaml")
    done = build_site(make_repo, tmp_path / "site")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "plans/stuck.yaml: lỗi: đây là ống dẫn (FIFO)" in done.stderr


@posix_only
def test_a_folder_link_on_the_way_is_followed_to_where_it_leads(tmp_path: Path) -> None:
    """A file below the repository by its written path is inside only if no folder between
    is a link leading out; a path written another way is resolved."""
    root, elsewhere = tmp_path / "kho", tmp_path / "noi-khac"
    (root / "plans" / "a").mkdir(parents=True)
    elsewhere.mkdir()
    (root / "plans" / "out").symlink_to(elsewhere, target_is_directory=True)
    (root / "plans" / "in").symlink_to(root / "plans" / "a", target_is_directory=True)
    for folder in (root / "plans" / "a", elsewhere):
        (folder / "x.yaml").write_text("id: x\n", encoding="utf-8")
    assert not outside(root, root / "plans" / "a" / "x.yaml")
    assert outside(root, root / "plans" / "out" / "x.yaml")
    assert not outside(root, root / "plans" / "in" / "x.yaml")
    assert outside(root, root / "plans" / ".." / ".." / "noi-khac" / "x.yaml")
    assert not outside(root, root / "plans" / ".." / "plans" / "a" / "x.yaml")
    assert outside(root, elsewhere / "x.yaml")
    linked = tmp_path / "lien-ket"  # the repository reached through a link: still inside
    linked.symlink_to(root, target_is_directory=True)
    assert not outside(linked, linked / "plans" / "a" / "x.yaml")
    assert not outside(root, linked / "plans" / "a" / "x.yaml")


def test_reads_stop_at_the_cap_whatever_stat_says(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 5000)
    with pytest.raises(UnsafeFile):
        read_capped(big, 4096, tmp_path)
    if os.path.exists("/dev/zero"):  # stat() says 0 bytes; the read is what is capped
        with pytest.raises(UnsafeFile, match="không phải tệp thường"):
            read_capped(Path("/dev/zero"), 4096)
    assert read_capped(big, 5000, tmp_path) == b"a" * 5000


@pytest.mark.parametrize(("name", "fix"), [
    (f"{PLAN}.YAML", f"đổi tên thành {PLAN}.yaml"),
    ("extra.Yml", "đổi tên thành extra.yaml"),
    ("extra.yaml.txt", "đổi tên thành extra.yaml"),
    ("extra.yml~", "xóa tệp này"),
    ("extra.yaml.bak", "xóa tệp này"),
    ("ghi-chu.docx", "chuyển tệp ra khỏi thư mục plans/"),
    ("sub/extra.json", "chuyển tệp ra khỏi thư mục plans/"),
])
def test_files_in_plans_that_are_not_plans_are_errors(
        make_repo: Path, capsys: pytest.CaptureFixture[str], name: str, fix: str) -> None:
    path = make_repo / "plans" / name
    path.parent.mkdir(exist_ok=True)
    shutil.copy(make_repo / "plans" / f"{PLAN}.yaml", path)
    if name.startswith(PLAN):
        (make_repo / "plans" / f"{PLAN}.yaml").unlink()
    code, out = validate(make_repo, capsys)
    assert code == 1
    [line] = [line for line in errors(out) if line.startswith(f"plans/{name}: ")]
    assert "không phải tệp kế hoạch" in line or "bản sao lưu" in line
    assert fix in line


def test_the_schema_file_and_gitkeep_may_stay_in_plans(
        make_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (make_repo / "plans" / ".gitkeep").write_bytes(b"")
    assert (make_repo / "plans" / "plan.schema.json").is_file()
    code, out = validate(make_repo, capsys)
    assert code == 0, out


def test_utf16_without_byte_order_mark_is_named(make_repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = make_repo / "plans" / f"{PLAN}.yaml"
    text = path.read_text("utf-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        path.write_bytes(text.encode(encoding))
        code, out = validate(make_repo, capsys)
        [line] = errors(out)
        assert code == 1 and line.startswith(f"plans/{PLAN}.yaml:1: lỗi: ")
        assert "UTF-16 (không có dấu BOM)" in line


@pytest.mark.parametrize("text", [
    "title: a: b\n", "title: [1, 2\n", "title: {x: 1\n", "title: 'abc\n", 'title: "\\q"\n',
    "tasks:\n  - a\n  b: c\n", "title: @x\n", "title: `x\n", "title: *x\n", "title: b #c\nd\n",
    "{a: 1}}\n", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "'a' b: c\n", "a: [b, c]]\n",
    "a:\n  - x\n  y: z\n", "? a\n? b\n- c\n", "a: b\n c: d\n",
])
def test_yaml_syntax_errors_are_vietnamese(make_repo: Path, capsys: pytest.CaptureFixture[str],
                                           text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    (make_repo / "plans" / f"{PLAN}.yaml").write_text(f"id: {PLAN}\n{text}", encoding="utf-8")
    code, out = validate(make_repo, capsys)
    [line] = errors(out)
    assert code == 1 and re.match(rf"plans/{PLAN}\.yaml:\d+: lỗi: ", line)
    assert "Cách sửa" in line
    assert not ENGLISH.search(line), line


@posix_only
def test_a_file_outside_the_repository_gets_no_plans_folder_hint(
        make_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "vong.yaml"
    loop.symlink_to(loop)
    stray = tmp_path / "ghi-chu.txt"
    stray.write_text("x", encoding="utf-8")
    code, out = validate(make_repo, capsys, str(stray), str(loop), "/dev/zero")
    lines = errors(out)
    assert code == 1 and len(lines) == 3
    assert not any("plans/" in line for line in lines)
    assert all(line.startswith(("/", str(tmp_path))) for line in lines)


@posix_only
def test_an_extra_file_that_is_a_link_is_an_error(make_repo: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    schema = make_repo / "plans" / "plan.schema.json"
    schema.unlink()
    schema.symlink_to("/etc/passwd")
    code, out = validate(make_repo, capsys)
    assert code == 1
    [line] = errors(out)
    assert line.startswith("plans/plan.schema.json: lỗi: đây là liên kết tượng trưng")


@pytest.mark.parametrize(("value", "expected"), [
    ("9" * 5000, "viết theo kiểu YAML đọc khác đi"),
    (":".join(["59"] * 200_000), "viết theo kiểu YAML đọc khác đi"),
    ("0x7E9", "hệ 16"),
    ("03751", "không có số 0 ở đầu"),
    ("2_025", "dấu gạch dưới"),
    ('"Kế hoạch\\0 NUL"', "ký tự điều khiển vô hình U+0000"),
    ('"a\\x1b[2Jb"', "ký tự điều khiển vô hình U+001B"),
    ('"a\\rb"', "ký tự điều khiển vô hình U+000D"),
])
def test_odd_numbers_and_control_characters_are_refused_with_the_line(
        make_repo: Path, capsys: pytest.CaptureFixture[str], value: str, expected: str) -> None:
    path = make_repo / "plans" / f"{PLAN}.yaml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^year: .*$", lambda _: f"year: {value}", text, count=1), "utf-8")
    line_no = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("year:"))
    code, out = validate(make_repo, capsys)
    [line] = errors(out)
    assert code == 1 and line.startswith(f"plans/{PLAN}.yaml:{line_no}: lỗi: ")
    assert expected in line


def test_utf32_without_byte_order_mark_is_named(make_repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = make_repo / "plans" / f"{PLAN}.yaml"
    text = path.read_text("utf-8")
    for encoding in ("utf-32-le", "utf-32-be"):
        path.write_bytes(text.encode(encoding))
        code, out = validate(make_repo, capsys)
        [line] = errors(out)
        assert code == 1 and "UTF-32 (không có dấu BOM)" in line


def test_messages_cannot_break_or_repaint_the_line(make_repo: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    odd = make_repo / "plans" / "a\nĐã kiểm tra 9 kế hoạch: 0 lỗi\x1b[2K.txt"
    odd.write_text("x", encoding="utf-8")
    code, out = validate(make_repo, capsys)
    lines = out.splitlines()
    assert code == 1 and "\x1b" not in out
    assert all(line.startswith("plans/") for line in lines[:-1])
    assert any("a\\nĐã kiểm tra" in line for line in lines)


def test_a_registry_that_did_not_load_is_reported_once_not_at_every_reference(
        make_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (make_repo / "registry" / "agencies.yaml").write_text("- id: [\n", encoding="utf-8")
    code, out = validate(make_repo, capsys)
    assert code == 1
    assert [line.split(":")[0] for line in errors(out)] == ["registry/agencies.yaml"]


def test_an_entry_that_did_not_load_is_not_reported_again_where_it_is_used(
        make_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_repo / "registry" / "agencies.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    used = "so-tu-phap-binh-duong"
    entry = next(e for e in data if e["id"] == used)
    entry["url"] = "javascript:alert(1)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    code, out = validate(make_repo, capsys)
    lines = errors(out)
    assert code == 1 and len(lines) == 1 and "url" in lines[0]
    assert lines[0].startswith("registry/agencies.yaml:")


@pytest.mark.parametrize("timeline", [
    "{text: Khi có yêu cầu, kind: date, due: 9999-12-31}",
    "{text: Khi có yêu cầu, kind: period, start: 0001-01-01, due: 2025-12-31}",
    "{text: Khi có yêu cầu, milestones: [2025-01-01, 9999-12-31]}",
])
def test_timeline_dates_outside_the_plausible_years_are_errors(
        make_repo: Path, capsys: pytest.CaptureFixture[str], timeline: str) -> None:
    path = make_repo / "plans" / f"{PLAN}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["tasks"][0]["timeline"] = yaml.safe_load(timeline)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    code, out = validate(make_repo, capsys)
    [line] = errors(out)
    assert code == 1 and "nằm ngoài khoảng 1900–2200" in line and "timeline" in line


def test_an_id_a_listing_page_uses_is_refused(make_repo: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = make_repo / "registry" / "localities.yaml"
    path.write_text(path.read_text("utf-8") + "- id: index\n  name: phường Chỉ Mục\n"
                    "  kind: ward\n  parent: quang-ngai\n", encoding="utf-8")
    code, out = validate(make_repo, capsys)
    [line] = errors(out)
    assert code == 1 and line.startswith("registry/localities.yaml:")
    assert "trùng tên trang danh sách" in line
