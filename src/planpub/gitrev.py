"""Read a git repository without changing it: revisions, commit dates, files at a revision.

Everything goes through the ``git`` command (no host API, no library), and
nothing here writes to the repository: no checkout, no index change. git runs in
the C locale, so its messages are stable English that :func:`explain` turns into
Vietnamese sentences.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

REGULAR_MODES = frozenset({"100644", "100755"})
"""Tree-entry modes of ordinary files (anything else is a link, a submodule, …)."""

SYMLINK_MODE = "120000"
GITLINK_MODE = "160000"


class GitError(Exception):
    """A git command failed; ``str(err)`` is a Vietnamese sentence for the user."""


def _env() -> dict[str, str]:
    """The environment git runs in: the C locale, so its messages can be matched."""
    return {**os.environ, "LC_ALL": "C", "LANGUAGE": "", "GIT_TERMINAL_PROMPT": "0"}


def _quoted(text: str, pattern: str) -> str | None:
    found = re.search(pattern, text)
    return found.group(1) if found else None


def explain(command: str, stderr: str, root: Path | None = None) -> str:
    """A failed git command's English ``stderr`` as a Vietnamese sentence with how to fix it."""
    low = stderr.lower()
    where = f"“{root}”" if root is not None else "này"
    if "dubious ownership" in low:
        repo = _quoted(stderr, r"repository at '([^']*)'") or (str(root) if root else "…")
        return (f"git từ chối đọc kho “{repo}” vì thư mục này thuộc về một người dùng khác "
                "(dubious ownership). Cách sửa: nếu tin tưởng kho này, chạy "
                f"git config --global --add safe.directory {repo} rồi chạy lại.")
    if "not a git repository" in low:
        return (f"thư mục {where} không nằm trong một kho git. Cách sửa: chạy lệnh trong thư "
                "mục của kho (nơi có thư mục .git), hoặc chỉ đến kho bằng tùy chọn --root.")
    if "index.lock" in low:
        lock = _quoted(stderr, r"'([^']*index\.lock)'") or ".git/index.lock"
        return ("một lệnh git khác đang chạy hoặc đã dừng giữa chừng trong kho này (còn tệp "
                f"{lock}). Cách sửa: chờ lệnh git kia chạy xong; nếu không còn lệnh git nào "
                f"đang chạy, xóa tệp {lock} rồi chạy lại.")
    if "does not have any commits" in low or "no commits yet" in low:
        return ("kho git chưa có commit nào. Cách sửa: commit các tệp trước (git add -A rồi "
                "git commit), rồi chạy lại.")
    if ("unknown revision" in low or "bad object" in low or "bad revision" in low
            or "ambiguous argument" in low or "not a valid object name" in low
            or "invalid object name" in low or "not a valid commit" in low):
        rev = (_quoted(stderr, r"argument '([^']*)'") or _quoted(stderr, r"revision '([^']*)'")
               or _quoted(stderr, r"(?:bad object|bad revision|object name) '?([^'\s]+)"))
        what = f"phiên bản “{rev}”" if rev else "phiên bản cần đọc"
        return (f"không tìm thấy {what} trong kho git. Cách sửa: kiểm tra tên nhánh, thẻ hoặc "
                "mã commit (git log --oneline), hoặc chạy git fetch để tải các nhánh mới.")
    if "permission denied" in low:
        return (f"không có quyền đọc hoặc ghi trong kho git {where} (Permission denied). Cách "
                "sửa: chạy lệnh bằng người dùng sở hữu kho, hoặc nhờ quản trị máy cấp quyền "
                "cho thư mục .git.")
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    raw = lines[-1] if lines else "không có thông báo"
    return (f"lệnh git {command} không chạy được; git báo: “{raw}”. Cách sửa: chạy lại lệnh "
            "git đó trong thư mục của kho để xem chi tiết, hoặc gửi thông báo này cho người "
            "quản trị kho.")


def _run(root: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args],
                              capture_output=True, check=False, env=_env())
    except FileNotFoundError:
        raise GitError("không tìm thấy lệnh git. Cách sửa: cài git rồi chạy lại.") from None


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run ``git -C root args`` and return its standard output (UTF-8 text)."""
    done = _run(root, args)
    if check and done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace") or f"exit code {done.returncode}"
        raise GitError(explain(args[0], stderr, root))
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
        raise GitError(f"phiên bản “{rev}” không hợp lệ: tên phiên bản không bắt đầu bằng dấu "
                       "“-”. Cách sửa: ghi tên nhánh, thẻ hoặc mã commit.")
    if not rev.strip():
        raise GitError("chưa ghi phiên bản cần so sánh (tên phiên bản đang trống). Cách sửa: "
                       "ghi tên nhánh, thẻ hoặc mã commit, ví dụ planpub review main.")
    done = _run(root, ("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"))
    out = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode == 0 and out:
        return out
    stderr = done.stderr.decode("utf-8", "replace").strip()
    if stderr and "expected commit type" not in stderr:
        raise GitError(explain("rev-parse", stderr, root))  # not a repository, dubious owner, …
    if not git(root, "rev-list", "-n", "1", "--all", check=False).strip():
        raise GitError(explain("rev-parse", "does not have any commits yet", root))
    raise GitError(_missing(root, rev))


_OBJECT_VI = {"tree": "một thư mục", "blob": "nội dung một tệp", "tag": "một thẻ không trỏ tới "
              "commit"}


def _missing(root: Path, rev: str) -> str:
    """Why ``rev`` names no commit, in Vietnamese, with how to fix it."""
    fix = "ghi tên nhánh, thẻ hoặc mã commit (xem git log --oneline)"
    if ".." in rev:
        left, _, right = rev.replace("...", "..").partition("..")
        return (f"“{rev}” là một khoảng commit, không phải một phiên bản. Cách sửa: ghi hai "
                f"phiên bản cách nhau bằng dấu cách: planpub review {left or 'GỐC'} "
                f"{right or 'HEAD'}.")
    kind = git(root, "cat-file", "-t", rev, check=False).strip()
    if kind in _OBJECT_VI:
        return (f"“{rev}” chỉ tới {_OBJECT_VI[kind]}, không phải một commit. Cách sửa: {fix}.")
    if git(root, "rev-parse", "--is-shallow-repository", check=False).strip() == "true":
        return (f"không tìm thấy phiên bản “{rev}”: kho này là bản sao nông (shallow clone), "
                "chỉ có vài commit gần nhất. Cách sửa: chạy git fetch --unshallow (trong CI: "
                "lấy đủ lịch sử, ví dụ fetch-depth: 0) rồi chạy lại.")
    older = re.fullmatch(r"(.+?)~(\d+)", rev)
    if older and (start := git(root, "rev-parse", "--verify", "--quiet", f"{older[1]}^{{commit}}",
                               check=False).strip()):
        count = git(root, "rev-list", "--count", "--first-parent", start, check=False).strip()
        if count.isdigit():
            before = (f"trước “{older[1]}” chỉ có {int(count) - 1} commit" if int(count) > 1
                      else f"“{older[1]}” là commit đầu tiên của kho")
            return f"không tìm thấy phiên bản “{rev}”: {before}. Cách sửa: {fix}."
    space = " (tên nhánh, thẻ không chứa dấu cách)" if any(c.isspace() for c in rev) else ""
    return (f"không tìm thấy phiên bản “{rev}” trong kho git{space}. Cách sửa: kiểm tra tên "
            "nhánh hoặc mã commit (git log --oneline), hoặc chạy git fetch.")


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


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a tree at a revision: its mode, object id and path (relative to root)."""

    mode: str
    object: str
    path: str

    @property
    def regular(self) -> bool:
        """An ordinary file (not a symbolic link, a submodule or anything stranger)."""
        return self.mode in REGULAR_MODES


def list_tree(root: Path, rev: str, folders: Iterable[str] | None) -> list[TreeEntry]:
    """Every entry under ``folders`` (relative to ``root``; None: all of ``root``) at ``rev``,
    links and submodules included, sorted by path."""
    base = prefix(root)
    wanted = [f"{base}{f}" for f in folders] if folders is not None else [base] if base else []
    out = git(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *wanted)
    entries: list[TreeEntry] = []
    for record in out.split("\0"):
        meta, _, path = record.partition("\t")
        fields = meta.split()
        if len(fields) == 3 and path.startswith(base):
            entries.append(TreeEntry(fields[0], fields[2], path[len(base):]))
    return sorted(entries, key=lambda e: e.path)


def list_files(root: Path, rev: str, folders: Iterable[str]) -> dict[str, str]:
    """Ordinary files under ``folders`` (relative to ``root``) at ``rev``: path → blob id."""
    return {e.path: e.object for e in list_tree(root, rev, folders) if e.regular}


class BlobReader:
    """Read many objects (``blob-id`` or ``rev:path``) through one ``git cat-file --batch``."""

    def __init__(self, root: Path) -> None:
        try:
            self._proc = subprocess.Popen(["git", "-C", str(root), "cat-file", "--batch"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, env=_env())
        except FileNotFoundError:
            raise GitError("không tìm thấy lệnh git. Cách sửa: cài git rồi chạy lại.") from None

    def read(self, name: str) -> bytes | None:
        """The object's bytes, or None if there is no such object."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(name.encode("utf-8") + b"\n")
        self._proc.stdin.flush()
        header = self._proc.stdout.readline().decode("utf-8", "replace").split()
        if not header:
            raise GitError("không đọc được nội dung từ kho git (git cat-file dừng giữa chừng). "
                           "Cách sửa: chạy git fsck để kiểm tra kho, rồi chạy lại.")
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


def export_files(root: Path, files: Mapping[str, str], dest: Path) -> list[str]:
    """Write blobs (path → blob id, paths relative to ``root``) into ``dest``; their paths."""
    with BlobReader(root) as reader:
        for path, blob in sorted(files.items()):
            target = dest.joinpath(*PurePosixPath(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(reader.read(blob) or b"")
    return sorted(files)


def export_tree(root: Path, rev: str, folders: Iterable[str], dest: Path) -> list[str]:
    """Write the ordinary files under ``folders`` at ``rev`` into ``dest``; their paths."""
    return export_files(root, list_files(root, rev, folders), dest)


def changed_files(root: Path, base: str, head: str, folder: str) -> list[str]:
    """Files under ``folder`` that ``head`` adds or changes compared with ``base`` (a rename
    counts as added), relative to ``root``; deleted files are left out."""
    out = git(root, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d",
              "--relative", base, head, "--", folder)
    return sorted(p for p in out.split("\0") if p)


@dataclass(frozen=True)
class FileChange:
    """A file added (``A``), modified (``M``), renamed (``R``) or deleted (``D``) by a commit;
    paths relative to ``root``."""

    status: str
    old_path: str | None
    new_path: str | None


def diff_status(root: Path, base: str, head: str) -> list[FileChange]:
    """Every file under ``root`` that ``head`` adds, modifies, renames or deletes compared
    with ``base`` (a type change, e.g. file to link, counts as modified), by path."""
    out = git(root, "diff", "--name-status", "-z", "--find-renames", "--relative", base, head)
    fields = iter(out.split("\0"))
    changes: list[FileChange] = []
    for code in fields:
        if not code:
            continue
        path = next(fields, "")
        if code[0] in "RC":
            new_path = next(fields, "")
            changes.append(FileChange("R", path, new_path) if code[0] == "R"
                           else FileChange("A", None, new_path))
        elif code[0] in "AD":
            changes.append(FileChange(code[0], None, path) if code[0] == "A"
                           else FileChange("D", path, None))
        else:
            changes.append(FileChange("M", path, path))
    return sorted(changes, key=lambda c: c.new_path or c.old_path or "")


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
