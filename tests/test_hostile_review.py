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
from planpub.diagnostics import Diagnostic
from planpub.review.content import scan_page
from planpub.review.findings import split
from planpub.review.report import MAX_FINDINGS
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


def _opt_in(page: Path, extra: str) -> None:
    text = page.read_text("utf-8")
    assert text.startswith("---\n")
    page.write_text("---\nallow_html: true\n" + text[4:] + extra, encoding="utf-8")


@pytest.mark.parametrize("new_page", [False, True])
def test_page_granting_itself_html_is_a_warning_naming_it(repo: PlanRepo, new_page: bool) -> None:
    if new_page:
        page = repo.path / "content" / "x.md"
        page.write_text("---\nallow_html: true\n---\n# X\n\n<script>alert(1)</script>\n",
                        encoding="utf-8")
    else:
        page = _page(repo)
        _opt_in(page, "\n<script>alert(1)</script>\n")
    repo.commit("Trang tự cho phép mã")
    name = f"content/{page.name}"
    script = page.read_text("utf-8").splitlines().index("<script>alert(1)</script>") + 1

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0, report  # the build decides; the reviewer is told
    assert f"**⚠️ Trang tự cho phép HTML chạy mã: `{name}`; cần quản trị viên duyệt.**" in report
    assert f"- `{name}` (⚠️ tự cho phép HTML chạy mã)" in report
    grant, line = [f for f in findings(report) if name in f]
    assert grant.startswith(f"- ⚠️ {name}: cảnh báo: trang tự cho phép HTML chạy mã")
    assert "cần quản trị viên duyệt" in grant and "Cách sửa:" in grant
    assert line.startswith(f"- ⚠️ {name}:{script}: cảnh báo:") and "script" in line


def test_page_already_opted_in_lists_the_active_lines_the_change_adds(repo: PlanRepo) -> None:
    page = _page(repo)
    _opt_in(page, "\n<script>cu()</script>\n")
    repo.commit("Trang đã được duyệt")
    page.write_text(page.read_text("utf-8") + "Một câu.\n<iframe src=x></iframe>\n",
                    encoding="utf-8")
    repo.commit("Thêm iframe")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0, report
    assert "Trang tự cho phép" not in report  # the grant is not new
    [line] = findings(report)
    number = len(page.read_text("utf-8").splitlines())
    assert line.startswith(f"- ⚠️ content/index.md:{number}: cảnh báo:") and "iframe" in line


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


# --------------------------------------------------------------------------- site code


def test_changes_to_the_site_code_are_listed_with_a_warning_each(repo: PlanRepo) -> None:
    plan = next((repo.path / "plans").glob("*.yaml"))
    plan.write_text("# ghi chú\n" + plan.read_text("utf-8"), encoding="utf-8")
    repo.commit("Chỉ sửa kế hoạch")
    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0 and "Thay đổi mã và cấu hình" not in report and "⚠️" not in report

    (repo.path / "noxfile.py").write_text("print('cũ')\n", encoding="utf-8")
    repo.commit("Có noxfile")
    main_html = repo.path / "site_templates" / "main.html"
    main_html.write_text(main_html.read_text("utf-8") + "<script>x()</script>\n", "utf-8")
    with (repo.path / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write("extra_javascript: [https://evil.example/x.js]\n")
    macro = repo.path / "macros" / "main.py"
    macro.write_text(macro.read_text("utf-8") + "\nimport os\n", encoding="utf-8")
    (repo.path / ".github" / "workflows").mkdir(parents=True)
    (repo.path / ".github" / "workflows" / "ci.yml").write_text("on: push\n", "utf-8")
    (repo.path / "noxfile.py").unlink()
    repo.commit("Sửa mã của trang")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0, report
    assert "**⚠️ Thay đổi cả mã hoặc cấu hình của trang (5 tệp)" in report
    listed = report.split("### Thay đổi mã và cấu hình của trang\n\n")[1].split("\n\n")[0]
    assert listed.splitlines() == [
        "- `.github/workflows/ci.yml`: thêm", "- `macros/main.py`: sửa", "- `mkdocs.yml`: sửa",
        "- `noxfile.py`: xóa", "- `site_templates/main.html`: sửa"]
    warned = [f for f in findings(report) if "chạy khi dựng trang" in f]
    assert len(warned) == 5 and all(f.startswith("- ⚠️") for f in warned)
    assert any(f.startswith("- ⚠️ mkdocs.yml: cảnh báo:") for f in warned)
    assert all("cần người có quyền kỹ thuật duyệt" in f and "Cách sửa:" in f for f in warned)


@pytest.mark.parametrize("where", ["site_templates/partials/x.html", "macros/doc.py",
                                   ".github/link"])
def test_link_anywhere_in_the_tree_is_an_error(repo: PlanRepo, where: str) -> None:
    link = repo.path / where
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink("/etc/passwd", link)
    repo.commit("Liên kết")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 1, report
    [error] = [f for f in findings(report) if f.startswith("- ❌")]
    escaped = where.replace("_", "\\_")  # Markdown-escaped in the report
    assert error.startswith(f"- ❌ {escaped}: lỗi:") and "liên kết tượng trưng" in error


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


def test_another_document_number_is_a_new_warning(repo: PlanRepo) -> None:
    catalog, _ = load_checked(ROOT)
    plan_id = next(iter(catalog.plans))
    data = repo.read(plan_id)
    task = data["tasks"][0]
    title = task["title"]
    task["title"] = f"{title} theo Điều 3 của Nghị định số 11/2011/NĐ-CP"
    repo.write(plan_id, data)
    repo.commit("Trích dẫn chưa có trong danh mục")
    path = repo.plan_path(plan_id)
    path.write_text("# Dời dòng\n" + path.read_text("utf-8"), encoding="utf-8")
    repo.commit("Chỉ dời dòng")
    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 0 and findings(report) == [], report  # the same warning, one line down

    task["title"] = f"{title} theo Điều 7 của Nghị định số 99/2099/NĐ-CP"
    repo.write(plan_id, data)
    repo.commit("Trích dẫn khác")
    code, report, _ = run(repo.path, "HEAD~1")
    [line] = findings(report)
    assert line.startswith("- ⚠️") and "99/2099/NĐ-CP" in line
    assert "không có cảnh báo mới" not in report


def test_line_references_in_messages_do_not_make_findings_new() -> None:
    base = [Diagnostic("plans/a.yaml", 9, "error", "tasks[4].number",
                       "số thứ tự nhiệm vụ “2” trùng với nhiệm vụ ở dòng 7.")]
    moved = [Diagnostic("plans/a.yaml", 12, "error", "tasks[5].number",
                        "số thứ tự nhiệm vụ “2” trùng với nhiệm vụ ở dòng 10.")]
    other = [Diagnostic("plans/a.yaml", 12, "error", "tasks[5].number",
                        "số thứ tự nhiệm vụ “3” trùng với nhiệm vụ ở dòng 10.")]
    assert split(base, moved) == ([], moved)
    assert split(base, other) == (other, [])


# --------------------------------------------------------------------------- findings order


def test_registry_as_a_submodule_is_the_first_finding(repo: PlanRepo) -> None:
    registry = repo.path / "registry"
    repo.git("rm", "-rq", "--cached", "registry")
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.vn",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.vn"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(registry), *args], env=env, check=True,
                       capture_output=True)
    repo.commit("Danh mục thành submodule")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 1
    found = findings(report)
    assert found[0].startswith("- ❌ registry: lỗi:") and "submodule" in found[0]
    missing = next(i for i, f in enumerate(found) if "- ❌ registry/agencies.yaml: lỗi:" in f)
    unknown = next(i for i, f in enumerate(found) if "không có trong danh mục" in f)
    assert missing < unknown  # the files that did not load come before what follows from it
    if len(found) == MAX_FINDINGS:
        assert re.search(r"\n- … và \d+ phát hiện khác không hiện ở đây \(\d+ lỗi, \d+ "
                         r"cảnh báo\)", report)


def test_truncated_findings_say_how_many_of_each_are_left_out(repo: PlanRepo) -> None:
    plan = next((repo.path / "plans").glob("*.yaml"))
    data = repo.read(plan.stem)
    for start in range(0, MAX_FINDINGS + 5, 50):  # role lists hold at most 60 agencies
        data["tasks"][start // 50]["lead"] = [
            f"khong-co-{i}" for i in range(start, min(start + 50, MAX_FINDINGS + 5))]
    repo.write(plan.stem, data)
    repo.commit("Nhiều lỗi")

    code, report, _ = run(repo.path, "HEAD~1")
    assert code == 1 and len(findings(report)) == MAX_FINDINGS
    assert "- … và 5 phát hiện khác không hiện ở đây (5 lỗi, 0 cảnh báo)" in report


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


@pytest.mark.parametrize(("rev", "expected"), [
    ("HEAD^{tree}", "“HEAD^{tree}” chỉ tới một thư mục, không phải một commit"),
    ("HEAD:mkdocs.yml", "“HEAD:mkdocs.yml” chỉ tới nội dung một tệp, không phải một commit"),
    ("BLOB", "chỉ tới nội dung một tệp, không phải một commit"),
    ("", "chưa ghi phiên bản cần so sánh"),
    ("HEAD~1..HEAD", "“HEAD~1..HEAD” là một khoảng commit, không phải một phiên bản. Cách sửa: "
     "ghi hai phiên bản cách nhau bằng dấu cách: planpub review HEAD~1 HEAD."),
    ("HEAD~999", "không tìm thấy phiên bản “HEAD~999”: “HEAD” là commit đầu tiên của kho"),
    ("main 2", "không tìm thấy phiên bản “main 2” trong kho git (tên nhánh, thẻ không chứa dấu "
     "cách)"),
])
def test_revisions_that_are_not_commits_are_explained(repo: PlanRepo, rev: str,
                                                      expected: str) -> None:
    if rev == "BLOB":
        rev = repo.git("rev-parse", "HEAD:mkdocs.yml").strip()
    code, out, err = run(repo.path, rev)
    assert code == 2 and out == ""
    assert expected in err and "Cách sửa:" in err
    assert "git báo" not in err and "error:" not in err and "fatal" not in err


def test_shallow_clone_says_fetch_unshallow(repo: PlanRepo, tmp_path: Path) -> None:
    repo.commit("Commit thứ hai")
    clone = tmp_path / "ban-sao"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.path.as_uri(), str(clone)],
                   check=True, capture_output=True)
    code, out, err = run(clone, "HEAD~1")
    assert code == 2 and out == ""
    assert "bản sao nông (shallow clone)" in err and "git fetch --unshallow" in err


def test_output_dash_is_standard_output(repo: PlanRepo, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(repo.path, "HEAD", "HEAD", "-o", "-")
    assert code == 0 and err == ""
    assert out.startswith("## Báo cáo thay đổi kế hoạch") and "Đã ghi" not in out
    assert not (tmp_path / "-").exists()


def test_review_reads_front_matter_as_mkdocs_does() -> None:
    from planpub.review.content import _opted_in

    assert _opted_in("---\nallow_html: true\n---\n# Trang\n")
    assert _opted_in("---\r\nallow_html: true\r\n---\r\n# Trang\r\n")
    assert not _opted_in("  ---\nallow_html: true\n---\n# Trang\n")  # MkDocs: not front matter
    assert not _opted_in("\n---\nallow_html: true\n---\n")
    assert not _opted_in('---\nallow_html: "true"\n---\n')
