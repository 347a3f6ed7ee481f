"""`planpub publish` and `planpub review -o` against a hostile or mistaken destination.

A symlinked lock, ``releases`` folder, release or ``current``, a destination inside the
repository, a file where a folder should be, a full disk, an existing report file: each is
refused in Vietnamese (never "Lỗi nội bộ"), and neither the served site nor any file is
harmed. Rollback returns to what was served, and only to a release that is exactly what its
manifest lists.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

import planpub.mkdocs.build
from planpub.cli import main
from planpub.publish import Release, describe, releases
from planrepo import PlanRepo


@pytest.fixture
def repo(make_repo: Path, monkeypatch: pytest.MonkeyPatch) -> PlanRepo:
    """A repository whose site "build" is one page naming the commit's date (fast)."""

    def build(root: Path, out: Path, env: Mapping[str, str]) -> None:
        out.mkdir(parents=True)
        (out / "index.html").write_text(f"<p>{env['SOURCE_DATE_EPOCH']}</p>", encoding="utf-8")

    monkeypatch.setattr(planpub.mkdocs.build, "build_site", build)
    return PlanRepo(make_repo)


def run(capsys: pytest.CaptureFixture[str], repo: PlanRepo, *args: str) -> tuple[int, str]:
    """``planpub --root REPO ARGS``: the exit code and everything printed."""
    code = main(["--root", str(repo.path), *args])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "Lỗi nội bộ" not in out and "Traceback" not in out, out
    return code, out


def served(dest: Path) -> str:
    """The release ``DIR/current`` points at."""
    return os.readlink(dest / "current").removeprefix("releases/")


def publish_commit(capsys: pytest.CaptureFixture[str], repo: PlanRepo, dest: Path,
                   *args: str) -> str:
    """Commit (a new release), publish it, return its name."""
    repo.commit(f"Bản {repo.commits}")
    code, out = run(capsys, repo, "publish", "--dest", str(dest), *args)
    assert code == 0, out
    return served(dest)


def rollback(capsys: pytest.CaptureFixture[str], repo: PlanRepo, dest: Path) -> str:
    code, out = run(capsys, repo, "publish", "--dest", str(dest), "--rollback")
    assert code == 0 and "Đã quay lại" in out, out
    return served(dest)


# --------------------------------------------------------------------------- the lock


@pytest.mark.parametrize("kind", ["symlink", "folder"])
def test_a_lock_that_is_not_a_plain_file_is_refused_and_its_target_kept(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path, kind: str) -> None:
    dest = tmp_path / "www"
    dest.mkdir()
    victim = tmp_path / "quan-trong.txt"
    victim.write_text("dữ liệu không được mất\n", encoding="utf-8")
    if kind == "symlink":
        (dest / ".lock").symlink_to(victim)
    else:
        (dest / ".lock").mkdir()
    code, out = run(capsys, repo, "publish", "--dest", str(dest))
    assert code == 1
    assert f"{dest / '.lock'} là liên kết tượng trưng hoặc không phải tệp thường" in out
    assert "Cách sửa: xóa" in out
    assert victim.read_text("utf-8") == "dữ liệu không được mất\n"
    assert not (dest / "current").exists() and not (dest / "releases").exists()


# --------------------------------------------------------------------------- rollback


def test_rollback_returns_to_the_release_served_before(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    a = publish_commit(capsys, repo, dest)
    b = publish_commit(capsys, repo, dest)
    assert rollback(capsys, repo, dest) == a
    c = publish_commit(capsys, repo, dest)
    assert len({a, b, c}) == 3
    assert rollback(capsys, repo, dest) == a  # what was served before C, not B
    code, out = run(capsys, repo, "publish", "--dest", str(dest), "--rollback")
    assert code == 1 and f"không có bản phát hành nào trước {a}" in out
    assert served(dest) == a

    other = tmp_path / "www2"
    a, b = publish_commit(capsys, repo, other), publish_commit(capsys, repo, other)
    publish_commit(capsys, repo, other)
    assert rollback(capsys, repo, other) == b
    assert rollback(capsys, repo, other) == a


def test_rollback_target_survives_pruning_or_is_refused_when_gone(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    a = publish_commit(capsys, repo, dest, "--keep", "2")
    b = publish_commit(capsys, repo, dest, "--keep", "2")
    assert rollback(capsys, repo, dest) == a
    c = publish_commit(capsys, repo, dest, "--keep", "2")
    # A, the oldest of three releases, is what a rollback returns to: it is kept
    assert {r.name for r in releases(dest)} == {a, b, c}
    d = publish_commit(capsys, repo, dest, "--keep", "2")  # A is no longer the way back
    assert {r.name for r in releases(dest)} == {c, d}
    assert rollback(capsys, repo, dest) == c
    code, out = run(capsys, repo, "publish", "--dest", str(dest), "--rollback")
    assert code == 1
    assert f"bản {a}, bản phục vụ trước {c}, không còn trong" in out and "Cách sửa" in out
    assert served(dest) == c


# --------------------------------------------------------------------------- where to publish


def test_a_destination_inside_the_work_tree_is_refused(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    link = tmp_path / "loi-tat"
    link.symlink_to(repo.path)
    for dest in (repo.path / "xuat-ban", repo.path / "site", repo.path, link / "www"):
        code, out = run(capsys, repo, "publish", "--dest", str(dest))
        assert code == 1, dest
        assert f"thư mục xuất bản {dest} nằm trong kho" in out
        assert "Cách sửa: xuất bản ra một thư mục ngoài kho" in out
    assert not (repo.path / "xuat-ban").exists() and not (repo.path / "site").exists()
    assert not (repo.path / "current").exists() and not (repo.path / "www").exists()


def test_a_destination_that_is_a_file_is_refused(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    dest.write_text("không phải thư mục", encoding="utf-8")
    code, out = run(capsys, repo, "publish", "--dest", str(dest))
    assert code == 1
    assert f"{dest} là một tệp, không phải thư mục. Cách sửa:" in out
    assert dest.read_text("utf-8") == "không phải thư mục"

    below = dest / "con"  # ENOTDIR, whoever runs the test
    code, out = run(capsys, repo, "publish", "--dest", str(below))
    assert code == 1
    assert f"không ghi được vào {below} (một phần của đường dẫn là tệp" in out
    assert "Cách sửa: --dest phải là một thư mục" in out


def test_a_read_only_destination_is_refused(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    dest = tmp_path / "www"
    first = publish_commit(capsys, repo, dest)
    (dest / "releases").chmod(0o555)
    try:
        repo.commit("Bản mới")
        code, out = run(capsys, repo, "publish", "--dest", str(dest))
    finally:
        (dest / "releases").chmod(0o755)
    assert code == 1
    assert "(không đủ quyền); trang đang phục vụ giữ nguyên" in out and "chmod" in out
    assert served(dest) == first

    locked_out = tmp_path / "chi-doc"
    locked_out.mkdir(mode=0o555)
    code, out = run(capsys, repo, "publish", "--dest", str(locked_out / "www"))
    assert code == 1 and f"không ghi được vào {locked_out / 'www'} (không đủ quyền)" in out


def test_a_full_disk_keeps_the_served_site(capsys: pytest.CaptureFixture[str], repo: PlanRepo,
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "www"
    first = publish_commit(capsys, repo, dest)

    def full(root: Path, out: Path, env: Mapping[str, str]) -> None:
        out.mkdir(parents=True)
        (out / "index.html").write_text("<p>dở", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "search.json"))

    monkeypatch.setattr(planpub.mkdocs.build, "build_site", full)
    repo.commit("Bản mới")
    code, out = run(capsys, repo, "publish", "--dest", str(dest))
    assert code == 1
    assert "search.json (ổ đĩa hết chỗ trống); trang đang phục vụ giữ nguyên" in out
    assert "Cách sửa: giải phóng chỗ trống" in out
    assert served(dest) == first
    assert [r.name for r in releases(dest)] == [first]
    assert not list((dest / "releases").glob(".staging-*"))


# --------------------------------------------------------------------------- links inside DIR


def files_below(folder: Path) -> dict[str, bytes]:
    """Every regular file below ``folder`` (links not followed) and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def test_a_symlinked_releases_folder_is_refused_and_never_written_through(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "noi-khac"
    for name in ("0001-abcdef1", ".staging-0002-abcdef1"):
        (elsewhere / name).mkdir(parents=True)
        (elsewhere / name / "index.html").write_text("không được xóa", encoding="utf-8")
    content, kept = files_below(repo.path / "content"), files_below(elsewhere)
    for number, target in enumerate((repo.path / "content", elsewhere)):
        real = tmp_path / f"www{number}"
        real.mkdir()
        (real / "releases").symlink_to(target)
        dest = tmp_path / f"loi-tat-{number}"  # DEST itself may be the admin's symlink
        dest.symlink_to(real)
        for args in ((), ("--keep", "2"), ("--rollback",)):
            code, out = run(capsys, repo, "publish", "--dest", str(dest), *args)
            assert code == 1, out
            if number == 0 and "--rollback" not in args:  # publish: where does it lead?
                assert f"thư mục xuất bản {dest / 'releases'} nằm trong kho" in out, out
            else:
                assert f"{real / 'releases'} là liên kết tượng trưng" in out, out
            assert "Cách sửa: " in out
        assert not (real / "current").exists()
    assert files_below(repo.path / "content") == content
    assert files_below(elsewhere) == kept
    assert repo.git("status", "--porcelain") == ""

    dest = tmp_path / "loi-tat-hop-le"  # a DEST symlink to a real folder is fine
    dest.symlink_to(tmp_path / "www-that", target_is_directory=True)
    (tmp_path / "www-that").mkdir()
    first = publish_commit(capsys, repo, dest)
    assert dest.is_symlink() and served(tmp_path / "www-that") == first


@pytest.mark.parametrize("name", ["0009-abcdef1", ".staging-0002-abcdef1"])
def test_a_symlinked_release_or_staging_folder_is_refused(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path, name: str) -> None:
    dest = tmp_path / "www"
    first = publish_commit(capsys, repo, dest)
    victim = tmp_path / "quan-trong"
    victim.mkdir()
    (victim / "a.txt").write_text("dữ liệu", encoding="utf-8")
    (dest / "releases" / name).symlink_to(victim)
    repo.commit("Bản mới")
    for args in ((), ("--rollback",)):
        code, out = run(capsys, repo, "publish", "--dest", str(dest), *args)
        assert code == 1, out
        assert f"{dest / 'releases' / name} là liên kết tượng trưng" in out and "Cách sửa" in out
    assert served(dest) == first
    assert files_below(victim) == {"a.txt": "dữ liệu".encode()}


@pytest.mark.parametrize("target", ["current", "/etc", "releases/../../www"])
def test_a_current_link_planpub_did_not_make_is_refused(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path, target: str) -> None:
    dest = tmp_path / "www"
    publish_commit(capsys, repo, dest)
    publish_commit(capsys, repo, dest)
    (dest / "current").unlink()
    (dest / "current").symlink_to(target)  # "current": a loop
    repo.commit("Bản mới")
    for args in ((), ("--rollback",)):
        code, out = run(capsys, repo, "publish", "--dest", str(dest), *args)
        assert code == 1, out
        assert f"{dest / 'current'} không phải liên kết do planpub tạo" in out
        assert f"Cách sửa: xóa {dest / 'current'}" in out
    assert os.readlink(dest / "current") == target


def test_a_garbled_history_does_not_stop_a_publish(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    publish_commit(capsys, repo, dest)
    second = publish_commit(capsys, repo, dest)
    (dest / "history.json").write_text("[" * 100_000, encoding="utf-8")  # too deep for json
    publish_commit(capsys, repo, dest)
    assert rollback(capsys, repo, dest) == second


def test_a_build_holding_a_symlink_is_not_published(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "www"
    first = publish_commit(capsys, repo, dest)

    def linked(root: Path, out: Path, env: Mapping[str, str]) -> None:
        out.mkdir(parents=True)
        (out / "index.html").write_text("<p>mới</p>", encoding="utf-8")
        (out / "mat-khau.txt").symlink_to("/etc/passwd")  # would serve a file from outside

    monkeypatch.setattr(planpub.mkdocs.build, "build_site", linked)
    repo.commit("Bản có liên kết")
    code, out = run(capsys, repo, "publish", "--dest", str(dest))
    assert code == 1
    assert "bản dựng có liên kết tượng trưng hoặc tệp đặc biệt (mat-khau.txt)" in out
    assert "trang đang phục vụ giữ nguyên. Cách sửa" in out
    assert served(dest) == first and [r.name for r in releases(dest)] == [first]
    assert not list((dest / "releases").glob(".staging-*"))


# --------------------------------------------------------------------------- tampered releases


def tamper(manifest: Path, change: str) -> None:
    data = json.loads(manifest.read_text("utf-8"))
    text = {
        "counts-list": json.dumps({**data, "counts": [1]}),
        "list": "[1, 2]",
        "files-list": json.dumps({**data, "files": ["index.html"]}),
        "digest-number": json.dumps({**data, "files": {k: 5 for k in data["files"]}}),
        "commit-null": json.dumps({**data, "commit": None}),
        "deep": "[" * 100_000,
        "not-utf8": "\udcff",
    }[change]
    manifest.write_bytes(text.encode("utf-8", "surrogateescape"))


CHANGES = ["counts-list", "list", "files-list", "digest-number", "commit-null", "deep",
           "not-utf8"]


@pytest.mark.parametrize("change", CHANGES)
def test_rollback_refuses_a_release_with_a_tampered_manifest(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path, change: str) -> None:
    dest = tmp_path / "www"
    publish_commit(capsys, repo, dest)
    back = publish_commit(capsys, repo, dest)
    now = publish_commit(capsys, repo, dest)
    tamper(dest / "releases" / back / "manifest.json", change)
    code, out = run(capsys, repo, "publish", "--dest", str(dest), "--rollback")
    assert code == 1, out
    assert f"bản {back} bị hỏng" in out and "manifest.json" in out
    assert "giữ nguyên bản đang phục vụ" in out and "Cách sửa" in out
    assert served(dest) == now


@pytest.mark.parametrize("change", CHANGES)
def test_describe_falls_back_to_the_release_name(tmp_path: Path, change: str) -> None:
    folder = tmp_path / "0002-abcdef1"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({
        "commit": "abcdef1234567890", "commit_date": "2025-01-01T07:00:00+07:00",
        "counts": {"plans": 1, "tasks": 2, "agencies": 3}, "files": {"index.html": "ab12"}}),
        encoding="utf-8")
    release = Release(folder, 2)
    assert describe(release).startswith("0002-abcdef1 (commit abcdef123456, ngày 2025-01-01; 1")
    tamper(folder / "manifest.json", change)
    assert describe(release) == "0002-abcdef1"


@pytest.mark.parametrize("extra", ["file", "nested", "symlink", "fifo", "listed-as-link"])
def test_rollback_refuses_a_release_with_files_its_manifest_does_not_list(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path, extra: str) -> None:
    dest = tmp_path / "www"
    publish_commit(capsys, repo, dest)
    back = publish_commit(capsys, repo, dest)
    now = publish_commit(capsys, repo, dest)
    folder = dest / "releases" / back
    name = {"nested": "assets/evil.html", "listed-as-link": "index.html"}.get(extra, "evil.html")
    path = folder / name
    if extra in ("file", "nested"):
        path.parent.mkdir(exist_ok=True)
        path.write_text("<script>alert(1)</script>", encoding="utf-8")
    elif extra == "symlink":
        path.symlink_to("/etc/passwd")
    elif extra == "fifo":
        os.mkfifo(path)
    else:  # the listed page replaced by a link to an identical copy outside DIR
        copy = tmp_path / "ban-sao.html"
        copy.write_bytes(path.read_bytes())
        path.unlink()
        path.symlink_to(copy)
    code, out = run(capsys, repo, "publish", "--dest", str(dest), "--rollback")
    assert code == 1, out
    assert f"bản {back} bị hỏng" in out and name in out and "Cách sửa" in out
    assert served(dest) == now


# --------------------------------------------------------------------------- review -o


def test_review_never_overwrites_a_file_without_force(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.md"
    target.write_text("báo cáo của tuần trước\n", encoding="utf-8")
    code, out = run(capsys, repo, "review", "HEAD", "-o", str(target))
    assert code == 2
    assert f"{target} đã có; không ghi đè. Cách sửa:" in out and "--force" in out
    assert target.read_text("utf-8") == "báo cáo của tuần trước\n"

    code, out = run(capsys, repo, "review", "HEAD", "-o", str(target), "--force")
    assert code == 0, out
    assert "không làm thay đổi nội dung kế hoạch" in target.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.md", "repo"]


def test_review_never_writes_into_plans_or_registry(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo) -> None:
    plan = next((repo.path / "plans").glob("*.yaml"))
    before = plan.read_bytes()
    for target in (plan, repo.path / "registry" / "bao-cao.md"):
        code, out = run(capsys, repo, "review", "HEAD", "-o", str(target), "--force")
        assert code == 2
        assert f"{target} nằm trong thư mục {target.parent.name}/ của kho" in out
    assert plan.read_bytes() == before
    assert not (repo.path / "registry" / "bao-cao.md").exists()


def test_review_write_failure_leaves_no_half_file(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "mot-tep"
    blocked.write_text("", encoding="utf-8")
    code, out = run(capsys, repo, "review", "HEAD", "-o", str(blocked / "bao-cao.md"))
    assert code == 2 and f"không ghi được {blocked / 'bao-cao.md'}" in out and "Cách sửa" in out
    blocked.unlink()

    target = tmp_path / "bao-cao.md"
    target.write_text("bản cũ\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, out = run(capsys, repo, "review", "HEAD", "-o", str(target), "--force")
    assert code == 2 and f"không ghi được {target}" in out
    assert target.read_text("utf-8") == "bản cũ\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.md", "repo"]
