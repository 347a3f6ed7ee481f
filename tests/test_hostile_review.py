"""`planpub review` against a hostile or careless pull request: links and submodules where
files belong, active HTML in content pages, git's own failures, and warnings that only look
new because a deadline moved."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, load_checked
from planpub import gitrev
from planpub.cli import main
from planpub.review.content import scan_page
from planrepo import PlanRepo, find_task


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "review", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def repo(make_repo: Path) -> PlanRepo:
    return PlanRepo(make_repo)


def findings(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith(("- ❌", "- ⚠️"))]


# --------------------------------------------------------------------------- links, submodules


@pytest.mark.parametrize("target", ["/dev/zero", "../../secret.yaml"])
def test_symlinked_plan_is_an_error_naming_the_fix(repo: PlanRepo, target: str) -> None:
    os.symlink(target, repo.path / "plans" / "x.yaml")
    repo.commit("Thêm liên kết")

    code, report, err = run(repo.path, "HEAD~1")
    assert code == 1, report
    assert "Traceback" not in report + err
    assert "❌ Bản mới có 1 lỗi" in report
    [line] = [f for f in findings(report) if "x.yaml" in f]
    assert line.startswith("- ❌ plans/x.yaml: lỗi:")
    assert "liên kết tượng trưng" in line and f"trỏ tới “{target}”" in line
    assert "Cách sửa: thay liên kết bằng tệp thật: git rm --cached plans/x.yaml" in line
    assert "`plans/x.yaml`: xem lỗi" in report  # listed as a plan file HEAD cannot read


def test_plan_replaced_by_a_link_is_unreadable_not_removed(repo: PlanRepo) -> None:
    catalog, _ = load_checked(ROOT)
    plan_id = next(iter(catalog.plans))
    path = repo.plan_path(plan_id)
    path.unlink()
    os.symlink("../../secret.yaml", path)
    repo.commit("Đổi tệp thành liên kết")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 1
    assert "Kế hoạch bị xóa" not in report
    assert f"`plans/{plan_id}.yaml`: xem lỗi" in report
    assert any(f"plans/{plan_id}.yaml: lỗi:" in f and "liên kết tượng trưng" in f
               for f in findings(report))


def test_symlinked_content_page_is_an_error(repo: PlanRepo) -> None:
    os.symlink("/etc/passwd", repo.path / "content" / "mat-khau.md")
    repo.commit("Trang là liên kết")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 1, report
    [line] = findings(report)
    assert line.startswith("- ❌ content/mat-khau.md: lỗi:") and "liên kết tượng trưng" in line


def test_submodule_in_registry_is_an_error(repo: PlanRepo) -> None:
    nested = repo.path / "registry" / "ngoai"
    nested.mkdir()
    (nested / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.vn",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.vn"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(nested), *args], env=env, check=True,
                       capture_output=True)
    repo.commit("Thêm submodule")
    assert "160000" in repo.git("ls-tree", "HEAD", "registry/ngoai")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 1, report
    [line] = [f for f in findings(report) if "registry/ngoai" in f]
    assert line.startswith("- ❌ registry/ngoai: lỗi:") and "submodule" in line
    assert "git rm --cached registry/ngoai" in line


def test_odd_plan_file_names_are_not_called_unreadable_plans(repo: PlanRepo) -> None:
    source = next((repo.path / "plans").glob("*.yaml"))
    (repo.path / "plans" / "X.YAML").write_bytes(source.read_bytes())
    (repo.path / "plans" / "y.yaml.txt").write_bytes(source.read_bytes())
    repo.commit("Tên tệp lạ")

    code, report, err = run(repo.path, "HEAD~1")
    assert "Traceback" not in report + err
    assert "X.YAML`: xem lỗi" not in report and "y.yaml.txt`: xem lỗi" not in report
    assert code in (0, 1)


# --------------------------------------------------------------------------- content pages


def _page(repo: PlanRepo) -> Path:
    return repo.path / "content" / "index.md"


def test_script_added_to_a_content_page_fails_with_file_and_line(repo: PlanRepo) -> None:
    page = _page(repo)
    lines = page.read_text("utf-8").splitlines()
    lines.insert(10, "<script>alert(1)</script>")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    repo.commit("Thêm mã")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 1, report
    assert "❌ Bản mới có 1 lỗi" in report
    [line] = findings(report)
    assert line.startswith("- ❌ content/index.md:11: lỗi:") and "script" in line
    assert "allow\\_html: true" in line  # how to opt in (Markdown-escaped in the report)
    assert "### Trang nội dung thêm mới hoặc sửa đổi" in report
    assert "<script>" not in report  # the report itself stays inert


def test_content_page_that_opts_in_is_not_flagged(repo: PlanRepo) -> None:
    page = _page(repo)
    text = page.read_text("utf-8")
    assert text.startswith("---\n")
    page.write_text("---\nallow_html: true\n" + text[4:] + "\n<script>alert(1)</script>\n",
                    encoding="utf-8")
    repo.commit("Trang được phép có mã")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0, report
    assert not [f for f in findings(report) if "content/" in f]


def test_unchanged_page_with_html_is_not_flagged(repo: PlanRepo) -> None:
    page = repo.path / "content" / "hoi-dap.md"
    page.write_text(page.read_text("utf-8") + "\n<iframe src=x></iframe>\n", encoding="utf-8")
    repo.commit("Trang cũ có iframe")
    data_path = repo.path / "content" / "tim-kiem.md"
    data_path.write_text(data_path.read_text("utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    repo.commit("Sửa trang khác")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0, report
    assert "hoi-dap.md" not in report
    assert "`content/tim-kiem.md`" in report
    code, report, _ = run(repo.path, "HEAD~2")  # the change that brought it in is flagged
    assert code == 1 and any("content/hoi-dap.md:" in f and "iframe" in f
                             for f in findings(report))


@pytest.mark.parametrize("line", [
    '<img src="x.png" OnError="alert(1)">',
    "<svg/onload=alert(1)>",
    "![ảnh](a.png){ onclick=alert(1) }",
    "[bấm vào đây](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#115;cript:alert(1)">x</a>',
    "[x]: javascript:alert(1)",
    "<IFRAME src=https://example.com>",
    "<object data=x>", "<embed src=x>",
])
def test_active_html_is_found(line: str) -> None:
    diags = scan_page("content/a.md", f"# Trang\n\n{line}\n")
    assert diags and all(d.level == "error" and d.line == 3 for d in diags)
    assert all("Cách sửa:" in d.format() for d in diags)


@pytest.mark.parametrize("line", [
    "Tìm kiếm cần JavaScript. Bạn vẫn có thể xem [danh sách](ke-hoach/index.md).",
    "Viết &lt;script&gt; để hiện chữ, không chạy mã.",
    "[Cổng dịch vụ công](https://dichvucong.gov.vn/?online=1&only=2)",
    "{{ latest_plans(5) }}",
])
def test_plain_content_is_not_flagged(line: str) -> None:
    assert scan_page("content/a.md", f"# Trang\n\n{line}\n") == []


# --------------------------------------------------------------------------- review noise


def test_moving_a_deadline_does_not_renew_old_warnings(repo: PlanRepo) -> None:
    _, base_diags = load_checked(ROOT)
    pattern = re.compile(r"nhiệm vụ (\S+) hạn (\d\d/\d\d/\d{4}) nhưng “.*” đã chấm dứt")
    warning = next(d for d in base_diags if d.level == "warning" and pattern.search(d.message))
    match = pattern.search(warning.message)
    assert match is not None
    number, due = match.group(1), dt.datetime.strptime(match.group(2), "%d/%m/%Y").date()
    new_due = due - dt.timedelta(days=1)
    plan_id = Path(warning.path).stem

    data = repo.read(plan_id)
    find_task(data["tasks"], number)["timeline"] = f"Trước ngày {new_due:%d/%m/%Y}"
    repo.write(plan_id, data)
    path = repo.plan_path(plan_id)
    path.write_text("# Sửa hạn\n" + path.read_text("utf-8"), encoding="utf-8")  # lines shift
    repo.commit("Dời hạn")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0, report
    moved = next(line for line in report.splitlines() if "Thời gian thực hiện" in line)
    assert f"{new_due:%d/%m/%Y}" in moved
    assert findings(report) == []
    assert "Không có lỗi, không có cảnh báo mới." in report

    # a genuinely new warning of the same kind on the same task is still listed
    catalog, _ = load_checked(ROOT)
    task = find_task(data["tasks"], number)
    warned = " ".join(d.message for d in base_diags if f"nhiệm vụ {number} hạn" in d.message)
    gone = next(a.id for a in catalog.agencies.values()
                if a.valid_until is not None and a.valid_until < new_due
                and f"“{a.name}”" not in warned and a.id not in task.get("lead", []))
    task["lead"] = [*task.get("lead", []), gone]
    repo.write(plan_id, data)
    repo.commit("Thêm cơ quan đã giải thể")

    code, report, _ = run(repo.path, "HEAD~1")
    [line] = findings(report)
    assert line.startswith("- ⚠️") and catalog.agencies[gone].name in line


# --------------------------------------------------------------------------- git messages


def test_not_a_repository_is_one_vietnamese_sentence(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "khong-phai-kho"
    (folder / "registry").mkdir(parents=True)
    code, out, err = run(folder, "HEAD~1")
    assert code == 2 and out == ""
    assert "không nằm trong một kho git" in err and "Cách sửa:" in err
    assert "fatal" not in err
    with pytest.raises(gitrev.GitError, match="không nằm trong một kho git"):
        gitrev.prefix(folder)


def test_empty_repository_says_commit_first(tmp_path: Path) -> None:
    (tmp_path / "registry").mkdir()
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    code, _, err = run(tmp_path, "HEAD~1")
    assert code == 2 and "chưa có commit nào" in err and "git commit" in err


def test_unknown_revision_from_git_itself(repo: PlanRepo) -> None:
    with pytest.raises(gitrev.GitError) as caught:
        gitrev.list_files(repo.path, "nhanh-khong-co", ["plans"])
    message = str(caught.value)
    assert "không tìm thấy phiên bản “nhanh-khong-co”" in message and "Cách sửa:" in message
    assert "fatal" not in message


@pytest.mark.parametrize(("stderr", "expected"), [
    ("fatal: detected dubious ownership in repository at '/srv/kho'\nTo add an exception for "
     "this directory, call:\n\n\tgit config --global --add safe.directory /srv/kho",
     "git config --global --add safe.directory /srv/kho"),
    ("fatal: Unable to create '/srv/kho/.git/index.lock': File exists.\n\nAnother git process "
     "seems to be running in this repository", "xóa tệp /srv/kho/.git/index.lock"),
    ("error: cannot open .git/FETCH_HEAD: Permission denied", "không có quyền đọc hoặc ghi"),
    ("fatal: ambiguous argument 'v9': unknown revision or path not in the working tree.",
     "không tìm thấy phiên bản “v9”"),
    ("fatal: your current branch 'main' does not have any commits yet", "chưa có commit nào"),
    ("fatal: something unexpected happened", "git báo: “fatal: something unexpected happened”"),
])
def test_git_failures_in_vietnamese(stderr: str, expected: str) -> None:
    message = gitrev.explain("status", stderr, Path("/srv/kho"))
    assert expected in message
    assert "Cách sửa:" in message
