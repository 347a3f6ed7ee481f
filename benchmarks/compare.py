"""Prove a change alters no output: build two revisions and list every file that differs.

Each revision is built with its own code (a fresh venv made by uv from that revision's
``pyproject.toml``, so module layout and the MkDocs entry point may differ): the bundled
site, a synthetic repository from that revision's ``benchmarks.generate``, and the output of
``planpub validate`` and ``planpub export --json`` on both. BASE and HEAD are git revisions;
without HEAD, the working tree as it is now (uncommitted and untracked-but-not-ignored files
included, laid over a worktree of HEAD so the git history the site reads is the same).
Exit 0 if no file differs, 1 if some do, 2 if a revision cannot be built.

    nox -s compare -- BASE [HEAD] [--plans N] [--keep DIR] [--diff] [--no-synthetic]
    python -m benchmarks.compare HEAD~1 HEAD --no-synthetic   # uv must be on PATH
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 1
ENV = {
    "SOURCE_DATE_EPOCH": "1735689600",  # 2025-01-01 00:00:00 UTC
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONUTF8": "1",
    "TZ": "UTC",
    "SITE_URL": "https://so-sanh.invalid/",
}
"""What every build and command of both revisions runs with."""
DROP_ENV = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
DIFF_LINES = 20
DIFF_WIDTH = 200
KINDS = {"added": "thêm", "removed": "bớt", "changed": "khác"}


class CompareError(Exception):
    """A step failed; ``str(err)`` is a Vietnamese sentence for the user."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None,
        what: str = "", log_to: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``cmd``; on failure raise :class:`CompareError` naming ``what`` (if given)."""
    done = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, check=False)
    if log_to is not None:
        log_to.parent.mkdir(parents=True, exist_ok=True)
        log_to.write_bytes(done.stdout + done.stderr)
    if what and done.returncode != 0:
        tail = (done.stdout + done.stderr).decode("utf-8", "replace").strip().splitlines()[-15:]
        raise CompareError(f"{what} thất bại (mã thoát {done.returncode}):\n    "
                           + "\n    ".join(tail))
    return done


def git(*args: str, cwd: Path = ROOT) -> str:
    done = run(["git", "-C", str(cwd), "-c", "core.quotepath=off", *args], cwd)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CompareError(f"lệnh git {args[0]} thất bại ({lines[-1] if lines else ''}).")
    return done.stdout.decode("utf-8")


def resolve(rev: str) -> str:
    """The full commit id of ``rev``, or a Vietnamese error."""
    done = run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
               ROOT)
    if rev.startswith("-") or done.returncode != 0:
        raise CompareError(f"không tìm thấy phiên bản “{rev}” trong kho git. Cách sửa: kiểm tra "
                           "tên nhánh hoặc mã commit (git log --oneline).")
    return done.stdout.decode().strip()


SHOWN = {"goc": "Bản gốc", "moi": "Bản mới"}
"""How people read the two sides (their folders stay ASCII)."""


@dataclass
class Side:
    """One revision: where its tree, venv and outputs live."""

    name: str  # "goc" or "moi": the folder of its outputs (ASCII, like the site's URLs)
    rev: str | None  # None: the working tree
    commit: str
    work: Path
    out: Path

    @property
    def label(self) -> str:
        if self.rev is None:
            return f"thư mục làm việc (HEAD {self.commit[:7]} và các thay đổi chưa commit)"
        return f"{self.rev} ({self.commit[:7]})"

    @property
    def tree(self) -> Path:
        return self.work / "tree"

    @property
    def project(self) -> Path:
        top = Path(git("rev-parse", "--show-toplevel").strip())
        return self.tree / ROOT.relative_to(top)

    @property
    def bin(self) -> Path:
        return self.work / "venv" / "bin"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in DROP_ENV}
        env.update(ENV, VIRTUAL_ENV=str(self.work / "venv"),
                   PATH=f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}")
        return env


def checkout(side: Side) -> None:
    """A detached worktree of the commit; for the working tree, its files laid over it."""
    git("worktree", "add", "--detach", "--quiet", str(side.tree), side.commit)
    if side.rev is not None:
        return
    top = Path(git("rev-parse", "--show-toplevel").strip())
    listed = git("ls-files", "-z", "-co", "--exclude-standard", cwd=top).split("\0")
    wanted = {p for p in listed if p and ((top / p).is_file() or (top / p).is_symlink())}
    for path in git("ls-files", "-z", cwd=side.tree).split("\0"):
        if path and path not in wanted:  # deleted or renamed in the working tree
            (side.tree / path).unlink(missing_ok=True)
    for path in sorted(wanted):
        dest = side.tree / path
        if dest.is_symlink() or dest.is_file():
            dest.unlink()
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(top / path, dest, follow_symlinks=False)


def make_venv(side: Side, uv: str, newest: str) -> None:
    """A fresh venv with the revision's package and its ``site`` extra (not editable)."""
    venv = side.work / "venv"
    run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], side.work,
        what="Tạo môi trường ảo")
    run([uv, "pip", "install", "--quiet", "--python", str(side.bin / "python"),
         "--refresh-package", "planpub", "--exclude-newer", newest, f"{side.project}[site]"],
        side.work, what=f"Cài planpub của {side.label}")


def mkdocs(side: Side, repo: Path, dest: Path, logs: Path) -> None:
    run([str(side.bin / "mkdocs"), "build", "--strict", "-d", str(dest)], repo, side.env(),
        what=f"Dựng trang {dest.name} của {side.label} (mkdocs build --strict)",
        log_to=logs / f"{side.name}-{dest.name}.txt")


def commands(side: Side, repo: Path, dest: Path, prefix: str) -> None:
    """``planpub validate`` (stdout) and ``planpub export --json``, with their exit codes."""
    dest.mkdir(parents=True, exist_ok=True)
    codes = []
    for name, cmd in (("validate.txt", ["validate"]), ("export.json", ["export", "--json"])):
        done = run([str(side.bin / "planpub"), *cmd], repo, side.env())
        (dest / f"{prefix}{name}").write_bytes(done.stdout)
        codes.append(f"planpub {' '.join(cmd)}: {done.returncode}\n")
    (dest / f"{prefix}ma-thoat.txt").write_text("".join(codes), encoding="utf-8")


def build(side: Side, uv: str, plans: int, logs: Path) -> None:
    """Every output of one revision into ``side.out``: site/, tonghop-N/, lenh/."""
    mkdocs(side, side.project, side.out / "site", logs)
    commands(side, side.project, side.out / "lenh", "")
    deps = run([uv, "pip", "freeze", "--python", str(side.bin / "python")], side.work,
               side.env(), what="uv pip freeze").stdout.decode().splitlines()
    (side.out / "lenh" / "thu-vien.txt").write_text(
        "".join(f"{d}\n" for d in deps if not d.startswith("planpub")), encoding="utf-8")
    if not plans:
        return
    if not (side.project / "benchmarks" / "generate.py").exists():
        raise CompareError(f"{side.label} không có benchmarks/generate.py; chạy lại với "
                           "--no-synthetic.")
    synthetic = side.work / f"tonghop-{plans}"
    run([str(side.bin / "python"), "-m", "benchmarks.generate", "--plans", str(plans),
         "--seed", str(SEED), "--out", str(synthetic)], side.project, side.env(),
        what=f"Sinh kho tổng hợp của {side.label}")
    mkdocs(side, synthetic, side.out / f"tonghop-{plans}", logs)
    commands(side, synthetic, side.out / "lenh", f"tonghop-{plans}-")


def content(path: Path) -> bytes:
    """A file's bytes; gzip files decompressed (their header is not what a reader gets)."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def listing(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def differences(base: Path, head: Path) -> tuple[int, list[tuple[str, str]]]:
    """(files alike, [(path, kind)]) between two output trees."""
    old, new = listing(base), listing(head)
    same, out = 0, []
    for path in sorted(old.keys() | new.keys()):
        if path not in new:
            out.append((path, "removed"))
        elif path not in old:
            out.append((path, "added"))
        elif content(old[path]) != content(new[path]):
            out.append((path, "changed"))
        else:
            same += 1
    return same, out


def short_diff(base: Path, head: Path, path: str) -> list[str]:
    """The first lines of a unified diff of a changed text file ([] for binary files)."""
    try:
        old = content(base / path).decode("utf-8").splitlines()
        new = content(head / path).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return []
    lines = difflib.unified_diff(old, new, f"goc/{path}", f"moi/{path}", n=1, lineterm="")
    out = []
    for number, line in enumerate(lines):
        if number == DIFF_LINES:
            out.append("…")
            break
        out.append(line if len(line) <= DIFF_WIDTH else line[:DIFF_WIDTH] + "…")
    return out


def report(base: Path, head: Path, show_diff: bool) -> int:
    same, diffs = differences(base, head)
    if not diffs:
        print(f"Giống nhau: {same} tệp. Không có tệp nào khác.")
        return 0
    print(f"Giống nhau: {same} tệp. Khác: {len(diffs)} tệp:")
    for path, kind in diffs:
        print(f"  {KINDS[kind]:4}  {path}")
        if show_diff and kind == "changed":
            for line in short_diff(base, head, path):
                print(f"        {line}")
    return 1


def remove_worktree(side: Side) -> None:
    if side.tree.exists():
        done = run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(side.tree)], ROOT)
        if done.returncode != 0:
            log(f"Không gỡ được worktree {side.tree}: chạy “git worktree remove --force "
                f"{side.tree}”.")


def compare(args: argparse.Namespace) -> int:
    uv = shutil.which("uv")
    if uv is None:
        raise CompareError("không tìm thấy lệnh uv. Cách sửa: chạy qua nox (nox -s compare -- "
                           "GỐC) hoặc cài uv (python3 -m pip install uv).")
    newest = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    plans = 0 if args.no_synthetic else args.plans
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        raise CompareError(f"thư mục {args.keep} đã có dữ liệu; chọn thư mục khác hoặc xóa nó.")
    commits = resolve(args.base), resolve(args.head or "HEAD")
    work = Path(tempfile.mkdtemp(prefix="planpub-so-sanh-"))
    keep = args.keep.resolve() if args.keep else work / "ket-qua"
    sides = [Side("goc", args.base, commits[0], work / "goc", keep / "goc"),
             Side("moi", args.head, commits[1], work / "moi", keep / "moi")]
    try:
        for side in sides:
            started = time.monotonic()
            log(f"{SHOWN[side.name]}: {side.label} ...")
            side.work.mkdir(parents=True)
            checkout(side)
            make_venv(side, uv, newest)
            build(side, uv, plans, keep / "nhat-ky")
            log(f"{SHOWN[side.name]}: xong sau {time.monotonic() - started:.0f} s.")
        code = report(sides[0].out, sides[1].out, args.diff)
        if args.keep:
            print(f"Kết quả dựng giữ tại {keep}/goc và {keep}/moi (nhật ký: {keep}/nhat-ky).")
        return code
    finally:
        for side in sides:
            remove_worktree(side)
        shutil.rmtree(work, ignore_errors=True)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: tham số không hợp lệ ({message}).\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = Parser(prog="python -m benchmarks.compare", add_help=False,
                    description="Dựng hai phiên bản, mỗi bản bằng mã của chính nó, và liệt kê "
                    "mọi tệp đầu ra khác nhau. Mã thoát 0: không khác; 1: có khác; 2: lỗi.")
    group = parser.add_argument_group("tham số")
    group.add_argument("base", nargs="?", metavar="GỐC", help="phiên bản gốc (nhánh, commit)")
    group.add_argument("head", nargs="?", metavar="MỚI",
                       help="phiên bản mới (mặc định: thư mục làm việc, kể cả thay đổi chưa "
                       "commit và tệp chưa theo dõi không bị .gitignore bỏ qua)")
    group.add_argument("--plans", type=int, default=300, metavar="N",
                       help="số kế hoạch của kho tổng hợp (mặc định: %(default)s)")
    group.add_argument("--no-synthetic", action="store_true",
                       help="bỏ qua kho tổng hợp (chạy nhanh)")
    group.add_argument("--keep", type=Path, metavar="THƯ_MỤC",
                       help="giữ kết quả dựng của hai bản ở đây (mặc định: thư mục tạm, xóa sau)")
    group.add_argument("--diff", action="store_true",
                       help="in vài dòng đầu của diff cho mỗi tệp văn bản khác")
    group.add_argument("-h", "--help", action="help", help="in trợ giúp này rồi thoát")
    args = parser.parse_args(argv)
    if not args.base:
        parser.error("cần phiên bản gốc, ví dụ: python -m benchmarks.compare HEAD~1")
    if args.plans < 1:
        parser.error("--plans phải lớn hơn 0")
    started = time.monotonic()
    try:
        code = compare(args)
    except CompareError as err:
        log(f"Lỗi: {err}")
        return 2
    except KeyboardInterrupt:
        log("Đã dừng.")
        return 130
    log(f"Thời gian: {time.monotonic() - started:.0f} s.")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
