"""`planpub publish` and `planpub review -o` against a hostile or mistaken destination.

A symlinked lock, a destination inside the repository, a file where a folder should be, a
full disk, an existing report file: each is refused in Vietnamese (never "Lỗi nội bộ"),
and neither the served site nor any file is harmed. Rollback returns to what was served.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

import planpub.mkdocs.build
from planpub.cli import main
from planpub.publish import releases
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


# --------------------------------------------------------------------------- review -o


def test_review_never_overwrites_a_file_without_force(
        capsys: pytest.CaptureFixture[str], repo: PlanRepo, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.md"
    target.write_text("báo cáo của tuần trước\n", encoding="utf-8")
    code, out = run(capsys, repo, "review", "HEAD", "-o", str(target))
    assert code == 2
    assert f"{target} đã có, không ghi đè. Cách sửa:" in out and "--force" in out
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
    missing = tmp_path / "khong-co" / "bao-cao.md"
    code, out = run(capsys, repo, "review", "HEAD", "-o", str(missing))
    assert code == 2 and f"không ghi được {missing}" in out and "Cách sửa" in out

    target = tmp_path / "bao-cao.md"
    target.write_text("bản cũ\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, out = run(capsys, repo, "review", "HEAD", "-o", str(target), "--force")
    assert code == 2 and f"không ghi được {target}" in out
    assert target.read_text("utf-8") == "bản cũ\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.md", "repo"]
