"""Read a git repository without changing it: revisions, commit dates, files at a revision.

Everything goes through the ``git`` command (no host API, no library), and
nothing here writes to the repository: no checkout, no index change.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """A git command failed; ``str(err)`` is a Vietnamese sentence for the user."""


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run ``git -C root args`` and return its standard output (UTF-8 text)."""
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args],
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("không tìm thấy lệnh git; hãy cài git rồi chạy lại.") from None
    if check and done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"mã {done.returncode}"
        raise GitError(f"lệnh git {args[0]} thất bại ({reason}).")
    return done.stdout.decode("utf-8", "replace")


def is_repository(root: Path) -> bool:
    """True if ``root`` is inside a git work tree."""
    try:
        return git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() == "true"
    except GitError:
        return False


def prefix(root: Path) -> str:
    """``root`` relative to the top of its work tree (``""`` or ``"sub/dir/"``)."""
    return git(root, "rev-parse", "--show-prefix").strip()


def resolve(root: Path, rev: str) -> str:
    """The full commit id of ``rev``; a Vietnamese :class:`GitError` if there is none."""
    if rev.startswith("-"):
        raise GitError(f"phiên bản “{rev}” không hợp lệ.")
    out = git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False).strip()
    if not out:
        raise GitError(f"không tìm thấy phiên bản “{rev}” trong kho git. Cách sửa: kiểm tra tên "
                       "nhánh hoặc mã commit (git log --oneline), hoặc chạy git fetch.")
    return out


@dataclass(frozen=True)
class Commit:
    """A commit's id and its committer date (the date it landed)."""

    sha: str
    timestamp: int

    @property
    def date(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.timestamp, dt.UTC)

    @property
    def short(self) -> str:
        return self.sha[:12]


def commit(root: Path, rev: str = "HEAD") -> Commit:
    """The commit ``rev`` names."""
    sha = resolve(root, rev)
    return Commit(sha, int(git(root, "show", "-s", "--format=%ct", sha).strip()))


def toplevel(root: Path) -> Path:
    """The top folder of the work tree holding ``root``."""
    return Path(git(root, "rev-parse", "--show-toplevel").strip())


def status(root: Path) -> list[str]:
    """Paths (relative to the top of the work tree) that differ from HEAD under ``root``:
    staged or unstaged changes and untracked files not ignored by ``.gitignore``."""
    out = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    paths: list[str] = []
    entries = iter(out.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":
            next(entries, None)  # the rename's source path
    return paths


def list_files(root: Path, rev: str, folders: Iterable[str]) -> dict[str, str]:
    """Files under ``folders`` (relative to ``root``) at ``rev``: path → blob id."""
    base = prefix(root)
    wanted = [f"{base}{f}" for f in folders]
    out = git(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *wanted)
    files: dict[str, str] = {}
    for record in out.split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, blob = meta.split()
        if kind == "blob" and mode != "120000" and path.startswith(base):
            files[path[len(base):]] = blob
    return files


class BlobReader:
    """Read many objects (``blob-id`` or ``rev:path``) through one ``git cat-file --batch``."""

    def __init__(self, root: Path) -> None:
        self._proc = subprocess.Popen(["git", "-C", str(root), "cat-file", "--batch"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL)

    def read(self, name: str) -> bytes | None:
        """The object's bytes, or None if there is no such object."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(name.encode("utf-8") + b"\n")
        self._proc.stdin.flush()
        header = self._proc.stdout.readline().decode("utf-8", "replace").split()
        if not header:
            raise GitError("không đọc được nội dung từ kho git (git cat-file).")
        if header[-1] == "missing" or len(header) < 3:
            return None
        data = self._proc.stdout.read(int(header[2]) + 1)
        return data[:-1]

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        if self._proc.stdout:
            self._proc.stdout.close()
        self._proc.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def export_tree(root: Path, rev: str, folders: Iterable[str], dest: Path) -> list[str]:
    """Write the files under ``folders`` at ``rev`` into ``dest``; returns their paths."""
    files = list_files(root, rev, folders)
    with BlobReader(root) as reader:
        for path, blob in sorted(files.items()):
            target = dest.joinpath(*PurePosixPath(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(reader.read(blob) or b"")
    return sorted(files)


@dataclass(frozen=True)
class FileChange:
    """A file added (``A``), modified (``M``), renamed (``R``) or deleted (``D``) by a commit;
    paths relative to ``root``."""

    status: str
    old_path: str | None
    new_path: str | None


def history(root: Path, folder: str, max_commits: int) -> list[tuple[Commit, list[FileChange]]]:
    """Commits that changed ``folder``, newest first, along the first-parent line (a merge
    counts as one change, dated when it landed), with the files each changed."""
    base = prefix(root)
    out = git(root, "log", "-m", "--first-parent", "--find-renames", "--name-status",
              "--no-color", f"--max-count={max_commits}", "--format=%x01%H %ct",
              "--", folder, check=False)  # pathspec relative to root; output from the top
    result: list[tuple[Commit, list[FileChange]]] = []
    for block in out.split("\x01")[1:]:
        head, *rows = block.strip("\n").split("\n")
        sha, stamp = head.split()
        changes = []
        for row in rows:
            parts = row.split("\t")
            if len(parts) < 2:
                continue
            code = parts[0][:1]
            paths = [p[len(base):] if p.startswith(base) else p for p in parts[1:]]
            if code in "RC" and len(paths) == 2:
                changes.append(FileChange("R", paths[0], paths[1]) if code == "R"
                               else FileChange("A", None, paths[1]))
            elif code == "D":
                changes.append(FileChange("D", paths[0], None))
            elif code == "A":
                changes.append(FileChange("A", None, paths[0]))
            else:
                changes.append(FileChange("M", paths[0], paths[0]))
        result.append((Commit(sha, int(stamp)), changes))
    return result
