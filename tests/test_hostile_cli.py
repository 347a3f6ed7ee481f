"""Hostile input to the ``planpub`` command: zip bombs and DTDs in .docx files, argparse's
English, and commands run outside a repository."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from planpub.cli import main
from planpub.importer import archive, reader

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
ENGLISH = re.compile(r"(?i)\b(usage|options?|positional|arguments?|show this help|required|"
                     r"invalid|choices?|choose|unrecognized|expected|error|exit|default)\b")
"""argparse's English words; none may reach an officer."""

Writer = Callable[[zipfile.ZipFile], None]


def _base(path: Path) -> Path:
    """A tiny but real Word file, as python-docx writes it."""
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG")
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph("Kiểm tra công tác bồi thường nhà nước năm 2025")
    document.save(str(path))
    return path


def _hostile(tmp_path: Path, name: str, *, document: str | bytes | None = None,
             extra: Writer | None = None) -> Path:
    """``name``: the tiny Word file, its ``word/document.xml`` replaced, parts added."""
    base = _base(tmp_path / "goc.docx")
    out = tmp_path / name
    with zipfile.ZipFile(base) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml" and document is not None:
                data = document if isinstance(document, bytes) else document.encode("utf-8")
            dst.writestr(info.filename, data)
        if extra is not None:
            extra(dst)
    base.unlink()
    return out


def _zeros(name: str, size: int) -> Writer:
    """A part of ``size`` zero bytes, written in chunks (the test never holds it whole)."""
    def write(archive: zipfile.ZipFile) -> None:
        with archive.open(name, "w") as part:
            for _ in range(size // MB):
                part.write(bytes(MB))
    return write


def _document_xml(tmp_path: Path) -> str:
    with zipfile.ZipFile(_base(tmp_path / "mau.docx")) as src:
        return src.read("word/document.xml").decode("utf-8")


def _with_dtd(xml: str, dtd: str, entity: str) -> str:
    """``xml`` with a DTD in its prolog and ``&entity;`` in the text of a paragraph."""
    head, body = xml.split("?>", 1)
    body = body.replace("Kiểm tra công tác", f"Kiểm tra &{entity}; công tác", 1)
    return f"{head}?><!DOCTYPE w:document [{dtd}]>{body}"


LAUGHS = '<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
PASSWD = '<!ENTITY x SYSTEM "file:///etc/passwd">'


def _patch_central(path: Path, member: str, offset: int, value: bytes) -> None:
    """Overwrite a field of ``member``'s central-directory entry (a lying header)."""
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        size = int.from_bytes(data[pos + 28:pos + 30], "little")
        if data[pos + 46:pos + 46 + size] == member.encode():
            data[pos + offset:pos + offset + len(value)] = value
            path.write_bytes(bytes(data))
            return
        pos = data.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(member)


def _refused(source: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import ``source``: it is refused with one Vietnamese line and nothing is written."""
    before = sorted(source.parent.iterdir())
    assert main(["--root", str(ROOT), "import", str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi: ") and captured.err.count("\n") == 1
    assert "Lỗi nội bộ" not in captured.err and "Traceback" not in captured.err
    assert sorted(source.parent.iterdir()) == before
    return captured.err


# --------------------------------------------------------------------------- zip bombs


def test_zip_bomb_is_refused_before_it_is_expanded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """60 MB of zeros in word/document.xml: a 60 KB file that must not reach memory."""
    monkeypatch.chdir(tmp_path)
    source = _hostile(tmp_path, "bom.docx", extra=_zeros("word/media/bom.bin", 60 * MB))
    assert source.stat().st_size < MB
    tracemalloc.start()
    try:
        err = _refused(source, capsys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "bom.docx là tệp .docx bất thường: phần word/media/bom.bin giải nén ra hơn 50 MB" \
        in err
    assert "lưu lại" in err and "bản nhỏ hơn" in err
    assert peak < 20 * MB


def test_document_part_over_the_cap_names_the_part(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A valid but huge document.xml (caps lowered so the test stays small)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(archive, "MAX_PART", MB // 4)
    xml = _document_xml(tmp_path).replace("Kiểm tra công tác", "Kiểm tra " + "a" * 300_000, 1)
    err = _refused(_hostile(tmp_path, "lon.docx", document=xml), capsys)
    assert "phần word/document.xml giải nén ra hơn 0.25 MB" in err


def test_parts_adding_up_past_the_total_cap_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(archive, "MAX_TOTAL", 3 * MB)

    def parts(dst: zipfile.ZipFile) -> None:
        for n in range(4):
            _zeros(f"word/media/p{n}.bin", MB)(dst)

    err = _refused(_hostile(tmp_path, "nhieu.docx", extra=parts), capsys)
    assert "các phần giải nén ra tổng cộng hơn 3 MB" in err


def test_too_many_parts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)

    def parts(dst: zipfile.ZipFile) -> None:
        for n in range(2001):
            dst.writestr(f"word/x/{n}.xml", b"")

    err = _refused(_hostile(tmp_path, "vun.docx", extra=parts), capsys)
    assert "quá 2000 phần" in err


def test_a_large_part_compressed_too_densely_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """6 MB of zeros is under the size cap but compresses 1000:1: a bomb's signature."""
    monkeypatch.chdir(tmp_path)
    err = _refused(_hostile(tmp_path, "chat.docx", extra=_zeros("word/media/a.png", 6 * MB)),
                   capsys)
    assert "phần word/media/a.png nén chặt bất thường" in err


def test_a_part_whose_header_lies_about_its_size_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The header says 1 000 bytes; 4 MB come out. The stream stops; the file is broken."""
    monkeypatch.chdir(tmp_path)
    source = _hostile(tmp_path, "noi-doi.docx", extra=_zeros("word/media/a.bin", 4 * MB))
    _patch_central(source, "word/media/a.bin", 24, (1000).to_bytes(4, "little"))
    err = _refused(source, capsys)
    assert "noi-doi.docx" in err and "hỏng" in err


def test_encrypted_files_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    word = tmp_path / "mat-khau.docx"  # Word saves a password-protected file as OLE
    word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert "mật khẩu" in _refused(word, capsys)
    zipped = _hostile(tmp_path, "ma-hoa.docx")
    _patch_central(zipped, "word/document.xml", 8, b"\x01\x00")
    assert "ma-hoa.docx được mã hóa" in _refused(zipped, capsys)


# --------------------------------------------------------------------------- XML entities


@pytest.mark.parametrize(("dtd", "entity"), [(LAUGHS, "lol9"), (PASSWD, "x")],
                         ids=["billion-laughs", "external-entity"])
def test_a_dtd_in_the_document_is_refused(dtd: str, entity: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    xml = _with_dtd(_document_xml(tmp_path), dtd, entity)
    err = _refused(_hostile(tmp_path, "dtd.docx", document=xml), capsys)
    assert "phần word/document.xml có khai báo DTD" in err
    assert "root:" not in err and "lollol" not in err


@pytest.mark.parametrize(("dtd", "entity"), [(LAUGHS, "lol9"), (PASSWD, "x")],
                         ids=["billion-laughs", "external-entity"])
def test_entities_stay_unresolved_even_past_the_archive_check(
        dtd: str, entity: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Second line of defence: python-docx's XML parser does not expand entities."""
    monkeypatch.setattr(reader, "archive_problem", lambda path: None)
    source = _hostile(tmp_path, "dtd.docx",
                      document=_with_dtd(_document_xml(tmp_path), dtd, entity))
    try:
        text = " ".join(getattr(b, "text", "") for b in reader.read_source(source))
    except reader.SourceError as err:
        text = str(err)
    assert "lollol" not in text and "root:" not in text and len(text) < 2000


# --------------------------------------------------------------------------- argparse


def _english(text: str) -> list[str]:
    return ENGLISH.findall(text.replace("--help", ""))


@pytest.mark.parametrize("command", ["", "validate", "export", "schema", "import", "review",
                                     "publish", "codeowners"])
def test_help_is_vietnamese(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*command.split(), "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Cách dùng: planpub {command}".rstrip())
    assert "\ntùy chọn:\n" in out and "hiện trợ giúp này rồi thoát" in out
    assert _english(out) == []


USAGE_ERRORS = {
    "": "thiếu tham số bắt buộc: LỆNH",
    "xuat-ban": "“xuat-ban” không phải lựa chọn hợp lệ; chọn một trong:",
    "validate --bogus": "không hiểu tham số: --bogus",
    "import a.docx b.docx": "không hiểu tham số: b.docx",
    "import": "thiếu tham số bắt buộc: VĂN_BẢN",
    "review": "thiếu tham số bắt buộc: GỐC",
    "publish": "thiếu tham số bắt buộc: --dest",
    "publish --dest": "--dest: cần một giá trị",
    "publish --dest x --keep 1": "--keep: cần một số từ 2 trở lên",
    "--root": "--root: cần một giá trị",
}


@pytest.mark.parametrize("argv", sorted(USAGE_ERRORS))
def test_usage_errors_are_vietnamese(argv: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv.split())
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    problem, fix = captured.err.rstrip("\n").split("\n")[-2:]
    assert captured.err.startswith("Cách dùng: planpub")
    assert problem.startswith("Lỗi: ") and USAGE_ERRORS[argv] in problem
    assert fix.startswith("Cách sửa: xem “planpub") and fix.endswith("--help”.")
    assert _english(captured.err) == []


def test_argparse_is_left_english_for_other_programs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    capsys.readouterr()
    assert argparse.ArgumentParser(prog="other").format_usage().startswith("usage: other")


# --------------------------------------------------------------------------- outside a repository


@pytest.mark.parametrize("argv", ["validate", "export", "import ke-hoach.txt", "review HEAD",
                                  "codeowners --check", "publish --dest out"])
def test_commands_outside_a_repository_say_where_to_run(
        argv: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ke-hoach.txt").write_text("KẾ HOẠCH\nKiểm tra năm 2025\n", encoding="utf-8")
    assert main(argv.split()) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"Lỗi: không tìm thấy thư mục registry/ ở {tmp_path.resolve()}")
    assert "Cách sửa: chạy lệnh trong thư mục của kho kế hoạch" in captured.err
    assert "--root ĐƯỜNG_DẪN" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.txt"]


def test_root_that_is_not_a_repository_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(tmp_path), "validate"]) == 2
    assert f"Lỗi: {tmp_path} không phải kho kế hoạch: không có thư mục registry/" \
        in capsys.readouterr().err
    assert main(["--root", str(tmp_path / "khong-co"), "export"]) == 2
    assert f"không có thư mục {tmp_path / 'khong-co'}" in capsys.readouterr().err


def test_root_after_the_command_and_from_a_sub_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--root", str(ROOT)]) in (0, 1)
    assert "Đã kiểm tra" in capsys.readouterr().out
    monkeypatch.chdir(ROOT / "plans")
    assert main(["validate"]) in (0, 1)
    assert "Đã kiểm tra" in capsys.readouterr().out


def test_schema_needs_no_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema"]) == 0
    assert capsys.readouterr().out.startswith("{")
    assert main(["schema", "-o", "plan.schema.json"]) == 0
    assert (tmp_path / "plan.schema.json").is_file()


def test_a_file_that_cannot_be_written_is_not_an_internal_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Lỗi: {tmp_path} là một thư mục, không phải tệp. Cách sửa: ghi rõ "
                          f"tên tệp, ví dụ -o {tmp_path / 'plan.schema.json'}.")
    assert "Lỗi nội bộ" not in err


# --------------------------------------------------------------------------- paths given


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Lỗi nội bộ" not in err and "Error" not in err


def test_a_root_that_cannot_be_followed_is_a_vietnamese_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A link to itself and a name longer than the system allows, given as --root."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vong").symlink_to("vong")
    for command in ("validate", "schema"):
        assert main(["--root", "vong", command]) == 2
        err = capsys.readouterr().err
        assert err.startswith("Lỗi: không dùng được đường dẫn vong (ở --root): đường dẫn có liên "
                              "kết tượng trưng lặp vòng")
        assert "Cách sửa:" in err
        _no_traceback(err)
    assert main(["--root", "a" * 300, "validate"]) == 2
    err = capsys.readouterr().err
    assert "(ở --root): tên tệp quá dài. Cách sửa:" in err
    _no_traceback(err)


def test_a_deleted_working_folder_is_explained(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The folder the command runs in was deleted meanwhile: validate says so, schema works."""
    gone = tmp_path / "da-xoa"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: không xác định được thư mục hiện tại (không có tệp hoặc thư mục "
                          "này; có thể thư mục đã bị xóa")
    assert "Cách sửa: chuyển sang thư mục của kho kế hoạch (lệnh cd)" in err
    _no_traceback(err)
    assert main(["schema"]) == 0
    assert capsys.readouterr().out.startswith("{")
    assert main(["--root", str(ROOT), "validate"]) in (0, 1)
    assert "Đã kiểm tra" in capsys.readouterr().out


def test_a_link_loop_given_as_a_plan_is_reported_not_a_crash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "vong.yaml"
    loop.symlink_to(loop.name)
    assert main(["--root", str(ROOT), "validate", str(loop)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{loop}: lỗi: ")
    _no_traceback(captured.err + captured.out)


# --------------------------------------------------------------------------- terminal encoding


@pytest.mark.parametrize("argv", ["--help", f"--root {ROOT} validate"], ids=["help", "validate"])
def test_vietnamese_reaches_a_terminal_that_is_not_utf8(argv: str) -> None:
    """With PYTHONIOENCODING=ascii (a C locale, an old console) output is UTF-8, not a crash."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    done = subprocess.run([sys.executable, "-m", "planpub.cli", *argv.split()],
                          capture_output=True, env=env, timeout=120, check=False)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode in (0, 1), err
    _no_traceback(err)
    assert ("Cách dùng: planpub" if argv == "--help" else "Đã kiểm tra") in out


# --------------------------------------------------------------------------- malformed sources


@pytest.mark.parametrize("tail", [b"x", "\ud800".encode("utf-16-le", "surrogatepass")],
                         ids=["odd-byte", "lone-surrogate"])
def test_a_broken_utf16_text_file_is_refused_in_vietnamese(
        tail: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "ke-hoach.txt"
    text = "KẾ HOẠCH\nKiểm tra công tác bồi thường nhà nước năm 2025\n"
    source.write_bytes(b"\xff\xfe" + text.encode("utf-16-le") + tail)
    err = _refused(source, capsys)
    assert err.startswith("Lỗi: ke-hoach.txt là tệp UTF-16 bị hỏng")
    assert "lưu lại bằng mã hóa UTF-8" in err


XML_CODECS = {"utf-32": "UTF-32", "utf-32-le": "UTF-32", "utf-32-be": "UTF-32",
              "utf-7": "UTF-7"}
"""Python codec → the name an XML declaration gives it; ``-le``/``-be``: no byte-order mark."""


@pytest.mark.parametrize("codec", sorted(XML_CODECS))
def test_a_dtd_in_any_encoding_the_xml_parser_reads_is_refused(
        codec: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    body = _document_xml(tmp_path).split("?>", 1)[1]
    declared = f'<?xml version="1.0" encoding="{XML_CODECS[codec]}" standalone="yes"?>'
    plain = _hostile(tmp_path, "sach.docx", document=(declared + body).encode(codec))
    assert archive.archive_problem(plain) is None  # the encoding alone is no reason
    data = _with_dtd(declared + body, PASSWD, "x").encode(codec)
    if codec == "utf-7":  # Python writes “<!” as is; UTF-7 may also spell it in base64
        data = data.replace(b"<!", b"+ADwAIQ-")
        assert b"<!" not in data and data.decode(codec).count("<!") == 2
    err = _refused(_hostile(tmp_path, "dtd.docx", document=data), capsys)
    assert "phần word/document.xml có khai báo DTD" in err


def test_an_encoding_python_cannot_read_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The part could not be searched for a DTD, so it is not parsed either."""
    monkeypatch.chdir(tmp_path)
    xml = _document_xml(tmp_path).replace("encoding='UTF-8'", "encoding='X-KHONG-CO'", 1)
    assert "encoding='X-KHONG-CO'" in xml
    err = _refused(_hostile(tmp_path, "la.docx", document=xml), capsys)
    assert "phần word/document.xml khai báo bảng mã lạ" in err


# --------------------------------------------------------------------------- -o destinations

TEXT = ROOT / "tests" / "data" / "importer" / "van-xuoi-muc-chu.txt"


def test_import_never_writes_through_a_link(
        make_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A dangling link named as -o points into registry/: refused; --force replaces the link."""
    monkeypatch.chdir(tmp_path)
    aim = make_repo / "registry" / "moi.yaml"
    link = tmp_path / "nhap.yaml"
    link.symlink_to(aim)
    assert main(["--root", str(make_repo), "import", str(TEXT), "-o", str(link)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Lỗi: {link} là một liên kết tượng trưng (symlink); planpub không "
                          "ghi qua liên kết. Cách sửa:")
    assert "--force" in err
    assert link.is_symlink() and not aim.exists()
    assert main(["--root", str(make_repo), "import", str(TEXT), "-o", str(link), "--force"]) == 0
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("# yaml")
    assert not aim.exists()


def test_import_writes_only_plan_drafts_into_plans(
        make_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in (make_repo / "plans").iterdir())
    for target, flags in [("plans/x.json", ["--json"]), ("registry/x.yaml", []),
                          ("registry/x.yaml", ["--force"])]:
        code = main(["--root", str(make_repo), "import", str(TEXT), "-o",
                     str(make_repo / target), *flags])
        err = capsys.readouterr().err
        assert code == 1, target
        folder = target.split("/")[0]
        assert f"nằm trong thư mục {folder}/ của kho" in err and "Cách sửa:" in err
        assert not (make_repo / target).exists()
    assert sorted(p.name for p in (make_repo / "plans").iterdir()) == before
    draft = make_repo / "plans" / "hoa-an.yaml"  # a draft straight into plans/ is fine
    assert main(["--root", str(make_repo), "import", str(TEXT), "-o", str(draft)]) == 0
    capsys.readouterr()
    assert draft.is_file() and (make_repo / "hoa-an.proposed-agencies.yaml").is_file()
    assert main(["--root", str(make_repo), "validate"]) in (0, 1)
    assert "không phải tệp kế hoạch" not in capsys.readouterr().out


def test_import_output_suffix_must_match_what_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for flags, name, fix in (([], "a.json", "a.yaml"), ([], "c", "c.yaml"),
                             (["--json"], "j.yaml", "j.json")):
        assert main(["--root", str(ROOT), "import", str(TEXT), "-o", name, *flags]) == 2
        err = capsys.readouterr().err
        assert err.startswith("Lỗi: ") and f"Cách sửa: ghi -o {fix}." in err
    assert list(tmp_path.iterdir()) == []


def test_import_to_a_folder_or_an_unwritable_place_says_why_in_vietnamese(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "ban-nhap"
    folder.mkdir()
    assert main(["--root", str(ROOT), "import", str(TEXT), "-o", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Lỗi: {folder} là một thư mục, không phải tệp. Cách sửa: ghi rõ tên "
                          f"tệp, ví dụ -o {folder}/hoa-an-")
    assert "--force" not in err and "đã có" not in err
    blocker = tmp_path / "tep.txt"
    blocker.write_text("x", encoding="utf-8")
    for flags, name in (([], "a.yaml"), (["--json"], "a.json")):
        code = main(["--root", str(ROOT), "import", str(TEXT), "-o", str(blocker / name),
                     *flags])
        err = capsys.readouterr().err
        assert code == 1
        assert f"không ghi được {blocker / name} (một phần của đường dẫn là tệp" in err
        assert "Cách sửa:" in err and "directory" not in err and "exists" not in err


def test_schema_and_codeowners_never_write_through_a_link(
        make_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "ngoai.txt"
    link = tmp_path / "schema.json"
    link.symlink_to(elsewhere)
    assert main(["schema", "-o", str(link)]) == 1
    assert "là một liên kết tượng trưng (symlink); planpub không ghi qua liên kết" \
        in capsys.readouterr().err
    assert not elsewhere.exists()
    assert main(["schema", "-o", str(make_repo / "plans" / "khac.json")]) == 1
    assert "nằm trong thư mục plans/ của kho" in capsys.readouterr().err
    owners = make_repo / "CODEOWNERS"
    owners.unlink(missing_ok=True)
    owners.symlink_to(elsewhere)
    assert main(["--root", str(make_repo), "codeowners"]) == 1
    err = capsys.readouterr().err
    assert "CODEOWNERS là liên kết tượng trưng (symlink), không phải tệp thường" in err
    assert "Cách sửa: xóa CODEOWNERS" in err
    assert not elsewhere.exists()
    owners.unlink()
    assert main(["--root", str(make_repo), "codeowners"]) == 0
    assert owners.is_file() and not owners.is_symlink()


def test_schema_dash_means_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("{")
    assert not (tmp_path / "-").exists()
