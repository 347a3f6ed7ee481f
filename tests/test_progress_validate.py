"""`planpub validate` on progress files (progress/<plan-id>.yaml): every error an officer can
make, each one Vietnamese line with the file, the line and the field; and who may report."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import PROGRESS_DATA, PROGRESS_TODAY, ROOT, progress_epoch
from planpub.cli import main
from planpub.opendata import progress_schema
from planpub.vocab import vn_today

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled plans and registry, once for the module (each test writes its progress/)."""
    base = tmp_path_factory.mktemp("progress-validate")
    for name in ("plans", "registry"):
        shutil.copytree(ROOT / name, base / name)
    return base


@pytest.fixture
def repo(root: Path) -> Iterator[Path]:
    """:func:`root` with an empty progress/ folder, emptied again afterwards."""
    folder = root / "progress"
    folder.mkdir()
    yield root
    shutil.rmtree(folder)


def validate(root: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--root", str(root), "validate"])
    return code, out.getvalue()


def write(root: Path, body: str, plan: str = BD, name: str | None = None) -> Path:
    """A progress file for ``plan``: the ``plan:`` line, then ``body`` (reports)."""
    path = root / "progress" / f"{name or plan}.yaml"
    path.write_text(f"plan: {plan}\nreports:\n{body}", encoding="utf-8")
    return path


def report(task: str = '"9"', agency: str = "so-tu-phap-binh-duong",
           status: str = "dang-thuc-hien", as_of: str = "2025-06-20", extra: str = "") -> str:
    return (f"  - task: {task}\n    agency: {agency}\n    status: {status}\n"
            f"    as_of: {as_of}\n{extra}")


def error_line(out: str, path: str) -> str:
    """The one error line about ``path``."""
    found = [line for line in out.splitlines() if line.startswith(path) and ": lỗi: " in line]
    assert len(found) == 1, out
    return found[0]


def line_of(path: Path, text: str) -> int:
    """The number of the first line of ``path`` holding ``text``."""
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_valid_progress_file_passes(repo: Path) -> None:
    for source in PROGRESS_DATA.glob("*.yaml"):
        shutil.copy2(source, repo / "progress" / source.name)
    code, out = validate(repo)
    assert code == 0, out
    assert "progress/" not in out


@pytest.mark.parametrize(("task", "agency"), [
    ('"9"', "so-tu-phap-ho-chi-minh"),     # the successor of the department the task names
    ('"5"', "so-tai-chinh-binh-duong"),    # a member of "các sở, ngành", which leads task 5
    ("9", "so-tu-phap-binh-duong"),        # the agency named, task written as a YAML integer
])
def test_named_agencies_members_and_successors_may_report(repo: Path, task: str,
                                                          agency: str) -> None:
    as_of = "2025-12-20" if agency.endswith("ho-chi-minh") else "2025-06-30"  # before it ceased
    write(repo, report(task=task, agency=agency, status="hoan-thanh", as_of=as_of))
    code, out = validate(repo)
    assert code == 0, out


# (what the file says, the field, the line it points at (the n-th line starting so), what the
# message says, what the hint says)
CASES = {
    "unknown task": (report(task='"11"'), "reports[1].task", ("  - task:", 1),
                     f"kế hoạch “{BD}” không có nhiệm vụ số “11”", "Có phải bạn muốn viết"),
    "task with sub-tasks": (
        report(task='"7"', agency="cac-ban-nganh-pho-minh"), "reports[1].task", ("  - task:", 1),
        "nhiệm vụ 7 có nhiệm vụ con: báo cáo theo từng nhiệm vụ con", "7.1, 7.2"),
    "unknown agency": (report(agency="so-tu-phap-binh-duongg"), "reports[1].agency",
                       ("    agency:", 1), "không có cơ quan “so-tu-phap-binh-duongg”",
                       'Có phải bạn muốn viết "so-tu-phap-binh-duong"'),
    "no standing": (report(agency="tand-tinh-binh-duong"), "reports[1].agency",
                    ("    agency:", 1), "không có phần trong nhiệm vụ 9",
                    "cơ quan được giao: Sở Tư pháp tỉnh Bình Dương"),
    "status outside the list": (report(status="xong"), "reports[1].status", ("    status:", 1),
                                "giá trị “xong” không hợp lệ", "hoan-thanh"),
    "report dated after as_of": (
        report(extra="    report: {number: 12/BC-STP, date: 2025-06-25}\n"),
        "reports[1].report.date", ("    report:", 1),
        "báo cáo ký ngày 25/06/2025, sau ngày tình trạng 20/06/2025", "as_of"),
    "duplicate report": (report() + report(status="hoan-thanh"), "reports[2]",
                         ("  - task:", 2), "báo cáo trùng: nhiệm vụ 9", "ngày mới"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_report_error_names_file_line_and_field(repo: Path, case: str) -> None:
    body, field, (start, nth), message, hint = CASES[case]
    plan = PM if "cac-ban-nganh-pho-minh" in body else BD
    path = write(repo, body, plan=plan)
    code, out = validate(repo)
    assert code == 1, out
    lines = path.read_text("utf-8").splitlines()
    at = [i for i, text in enumerate(lines, 1) if text.startswith(start)][nth - 1]
    line = error_line(out, f"progress/{path.name}:{at}: lỗi: {field}: ")
    assert message in line, line
    assert hint in line.split("Cách sửa:")[1], line
    assert "Traceback" not in out


def test_as_of_in_the_future_is_an_error(repo: Path) -> None:
    later = vn_today() + dt.timedelta(days=3)
    path = write(repo, report(as_of=later.isoformat()))
    code, out = validate(repo)
    assert code == 1
    line = error_line(out, f"progress/{path.name}:{line_of(path, 'as_of')}: lỗi: reports[1].as_of:")
    assert f"ngày {later:%d/%m/%Y} chưa đến" in line and "Cách sửa:" in line


def test_unknown_plan_and_a_file_named_for_another_plan(repo: Path) -> None:
    typo = BD + "x"
    path = write(repo, report(), plan=typo)
    code, out = validate(repo)
    assert code == 1
    line = error_line(out, f"progress/{typo}.yaml:1: lỗi: plan:")
    assert f"không có kế hoạch “{typo}”" in line and f'"{BD}"' in line
    path.unlink()

    write(repo, report(), name="bao-cao-tinh")
    code, out = validate(repo)
    assert code == 1
    line = error_line(out, "progress/bao-cao-tinh.yaml:1: lỗi: plan:")
    assert "khác tên tệp “bao-cao-tinh.yaml”" in line and f"{BD}.yaml" in line


def test_a_file_that_is_not_yaml_and_a_link_are_errors(repo: Path, tmp_path: Path) -> None:
    (repo / "progress" / "ghi-chu.txt").write_text("nhớ báo cáo\n", encoding="utf-8")
    outside = write(repo, report())
    target = tmp_path / outside.name
    outside.replace(target)
    os.symlink(target, outside)
    code, out = validate(repo)
    assert code == 1
    assert "progress/ghi-chu.txt: lỗi: " in out and "không phải tệp báo cáo tiến độ" in out
    link = error_line(out, f"progress/{outside.name}")
    assert "liên kết" in link and "Cách sửa:" in link
    assert "Traceback" not in out


def test_readme_progress_example_validates(repo: Path) -> None:
    """The example an officer copies is a valid progress file, with the editor's schema line."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```yaml\n(# yaml-language-server: \$schema=progress\.schema\.json\n"
                      r".*?)```", readme, re.S)
    assert block is not None
    plan = yaml.safe_load(block.group(1))["plan"]
    (repo / "progress" / f"{plan}.yaml").write_text(block.group(1), encoding="utf-8")
    code, out = validate(repo)
    assert code == 0, out


# --------------------------------------------------------------------------- the schema


def test_committed_progress_schema_is_up_to_date() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--root", str(ROOT), "schema", "--progress", "-o",
                     str(ROOT / "progress" / "progress.schema.json"), "--check"])
    assert code == 0, out.getvalue()


def test_schema_is_written_into_progress_only_as_its_own_schema(repo: Path) -> None:
    report_file = write(repo, report())
    before = report_file.read_text("utf-8")
    schema_file = repo / "progress" / "progress.schema.json"
    for args in (["-o", str(report_file)], ["--progress", "-o", str(report_file)],
                 ["-o", str(schema_file)]):
        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            assert main(["--root", str(repo), "schema", *args]) == 1
        assert said.getvalue().startswith("Lỗi: ") and "Cách sửa:" in said.getvalue()
    assert report_file.read_text("utf-8") == before and not schema_file.exists()
    assert main(["--root", str(repo), "schema", "--progress", "-o", str(schema_file)]) == 0
    assert json.loads(schema_file.read_text("utf-8")) == progress_schema()
    code, out = validate(repo)
    assert code == 0, out  # the schema beside the reports is not a stray file


def test_schema_takes_task_numbers_as_officers_write_them() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    check = jsonschema.Draft202012Validator(progress_schema(),
                                            format_checker=jsonschema.FormatChecker())
    for source in PROGRESS_DATA.glob("*.yaml"):
        check.validate(json.loads(json.dumps(yaml.safe_load(source.read_text("utf-8")),
                                             default=str)))
    base = {"task": 9, "agency": "so-tu-phap-binh-duong", "status": "hoan-thanh",
            "as_of": "20/12/2025"}
    check.validate({"plan": BD, "reports": [base]})
    for wrong in ({"task": 7.1}, {"task": "9 a"}, {"task": True}, {"status": "xong"},
                  {"as_of": "hôm qua"}, {"ghi_chu": "x"}):
        with pytest.raises(jsonschema.ValidationError):
            check.validate({"plan": BD, "reports": [{**base, **wrong}]})


# --------------------------------------------------------------------------- export


def export(root: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "export", "--json"])
    return code, out.getvalue(), err.getvalue()


def test_export_counts_overdue_on_the_reference_date_with_the_sites_grace_period(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for source in PROGRESS_DATA.glob("*.yaml"):
        shutil.copy2(source, repo / "progress" / source.name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", progress_epoch())
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "\n  - planpub\n" in config

    def tasks(grace: str | None) -> dict[str, dict[str, Any]]:
        site = config if grace is None else config.replace(
            "\n  - planpub\n", f"\n  - planpub:\n      grace_days: {grace}\n")
        (repo / "mkdocs.yml").write_text(site, encoding="utf-8")
        code, out, err = export(repo)
        assert code == 0, err
        data = json.loads(out)
        assert data["reference_date"] == PROGRESS_TODAY.isoformat()
        assert data["grace_days"] == (None if grace is None else int(grace))
        return {t["id"]: t for p in data["plans"] for t in p["tasks"]}

    try:
        silent, late, reported = f"{BD}/4", f"{BD}/8", f"{BD}/9"  # due 31/12/2025
        found = tasks(None)
        assert found[late]["overdue"] and found[late]["status"] == "dang-thuc-hien"
        assert not found[silent]["overdue"] and found[silent]["status"] == "chua-bao-cao"
        assert found[reported]["status"] == "hoan-thanh"
        assert tasks("10")[silent]["overdue"]  # 15 days of silence after the due date
        assert not tasks("30")[silent]["overdue"]

        (repo / "mkdocs.yml").write_text(config.replace(
            "\n  - planpub\n", "\n  - planpub:\n      grace_days: ba mươi\n"), encoding="utf-8")
        code, out, err = export(repo)
        assert code == 1 and out == ""
        assert err.startswith("Lỗi: mkdocs.yml: tùy chọn của plugin planpub không hợp lệ")
        assert "grace_days" in err and "Traceback" not in err
    finally:
        (repo / "mkdocs.yml").unlink()


def test_a_successor_reports_only_after_its_predecessor_ceased(repo: Path) -> None:
    path = write(repo, report(agency="so-tu-phap-ho-chi-minh", as_of="2025-03-01"))
    code, out = validate(repo)
    assert code == 1
    line = error_line(out, f"progress/{path.name}:{line_of(path, 'as_of')}: lỗi: reports[1].as_of:")
    assert "chỉ báo cáo thay Sở Tư pháp tỉnh Bình Dương từ ngày sau 30/06/2025" in line


def test_validate_one_progress_file_or_a_missing_one(repo: Path) -> None:
    path = write(repo, report())
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--root", str(repo), "validate", str(path)])
    assert code == 0 and "0 kế hoạch, 1 tệp báo cáo tiến độ: 0 lỗi, 0 cảnh báo" in out.getvalue()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--root", str(repo), "validate", str(repo / "progress" / "khong-co.yaml")])
    assert code == 1, out.getvalue()
    assert "progress/khong-co.yaml: lỗi: không tìm thấy tệp." in out.getvalue()
