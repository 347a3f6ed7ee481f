"""``planpub fmt [--check] [PATH…]``: plan, registry and progress files in canonical form.

The form is :mod:`planpub.yamlemit`'s (the CMS writes the same bytes). Only regular files
inside the repository are read and written (no link is followed); a file is replaced
atomically, or left untouched when it cannot be read as YAML.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from planpub.canonical import FormatError, dropped_comments, format_text, kind_of, read_text
from planpub.cli.common import os_reason
from planpub.destination import write_new
from planpub.layout import PLAN_SUFFIXES, WATCHED_DIRS
from planpub.repofiles import display_path

FIX = "chạy “planpub fmt” (hoặc “nox -s planpub -- fmt”) rồi commit các tệp"


def _walk(folder: Path) -> Iterator[Path]:
    """The YAML files under ``folder``, links neither followed nor listed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.name.endswith(PLAN_SUFFIXES) and not entry.is_symlink():
            yield Path(entry.path)


def _targets(root: Path, paths: list[Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    """(file, repository path) to format, and what is wrong with the paths given."""
    found: list[tuple[Path, str]] = []
    problems: list[str] = []
    if not paths:
        for name in WATCHED_DIRS:
            for path in _walk(root / name):
                shown = display_path(path, root)
                if kind_of(shown) is not None:
                    found.append((path, shown))
        return found, problems
    for given in paths:
        shown = display_path(given, root)
        if Path(shown).is_absolute() or shown.startswith("../"):
            problems.append(f"{given}: nằm ngoài kho; planpub fmt chỉ định dạng tệp trong kho.")
        elif given.is_dir() and not given.is_symlink():
            found.extend((p, display_path(p, root)) for p in _walk(given)
                         if kind_of(display_path(p, root)) is not None)
        elif kind_of(shown) is None:
            problems.append(f"{shown}: không phải tệp kế hoạch (plans/), danh mục (registry/) hay "
                            "báo cáo tiến độ (progress/) nên không định dạng.")
        else:
            found.append((given, shown))
    return found, problems


def cmd_fmt(args: argparse.Namespace) -> int:
    """Format the files, or with ``--check`` list those not in canonical form (exit 1)."""
    root: Path = args.root
    files, problems = _targets(root, list(args.paths))
    for problem in problems:
        print(f"Lỗi: {problem}", file=sys.stderr)
    failed = bool(problems)
    changed: list[str] = []
    for path, shown in files:
        try:
            text = read_text(path, shown, root)
            canonical = format_text(text, shown)
        except FormatError as err:
            print(err.diagnostic.format(), file=sys.stderr)
            failed = True
            continue
        if canonical == text:
            continue
        changed.append(shown)
        comments = dropped_comments(text)
        if args.check:
            lost = f" (định dạng sẽ bỏ {comments} dòng chú thích “#” nằm giữa dữ liệu)" \
                if comments else ""
            print(f"{shown}: chưa ở dạng chuẩn{lost}.")
            continue
        try:
            write_new(path, canonical, force=True)
        except OSError as err:
            print(f"Lỗi: không ghi được {shown} ({os_reason(err)}); tệp cũ giữ nguyên. Cách sửa: "
                  "kiểm tra quyền ghi và chỗ trống trên đĩa.", file=sys.stderr)
            failed = True
            continue
        note = (f" (bỏ {comments} dòng chú thích “#” nằm giữa dữ liệu: chỉ khối chú thích đầu "
                "tệp được giữ)") if comments else ""
        print(f"Đã định dạng {shown}{note}.")
    if args.check and changed:
        print(f"{len(changed)} tệp chưa ở dạng chuẩn. Cách sửa: {FIX}.", file=sys.stderr)
        return 1
    if not changed:
        print(f"Đã kiểm tra {len(files)} tệp: tất cả đã ở dạng chuẩn.")
    elif not args.check:
        print(f"Đã kiểm tra {len(files)} tệp: định dạng lại {len(changed)} tệp.")
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fmt`` sub-command."""
    p = sub.add_parser(
        "fmt", help="viết lại tệp kế hoạch, danh mục, báo cáo tiến độ theo một dạng chuẩn",
        description="Viết lại các tệp YAML trong plans/, registry/, progress/ theo một dạng "
                    "chuẩn (thứ tự trường như mô hình, bỏ trường để trống, cách đặt ngoặc kép "
                    "thống nhất), để một lần lưu từ biểu mẫu và một lần sửa tay cho cùng nội "
                    "dung ra cùng một tệp. Khối chú thích đầu tệp được giữ; chú thích nằm giữa "
                    "dữ liệu bị bỏ (lệnh cho biết số dòng).")
    p.add_argument("paths", nargs="*", type=Path, metavar="ĐƯỜNG_DẪN",
                   help="tệp hoặc thư mục (mặc định: mọi tệp YAML trong plans/, registry/, "
                        "progress/)")
    p.add_argument("--check", action="store_true",
                   help="chỉ kiểm tra, không ghi: liệt kê tệp chưa ở dạng chuẩn và trả mã 1")
    p.set_defaults(func=cmd_fmt)
