"""``planpub review BASE [HEAD] [-o FILE [--force]]``: the change between two revisions, as a
report (``-o -``: standard output)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import secrets
import sys
from pathlib import Path

from planpub.cli.common import os_reason
from planpub.diagnostics import has_errors
from planpub.gitrev import GitError
from planpub.layout import PLANS_DIR, REGISTRY_DIR
from planpub.review import render, review


def cmd_review(args: argparse.Namespace) -> int:
    """``planpub review BASE [HEAD]``: print the report; exit 1 if HEAD has errors, 2 if the
    report cannot be made or written."""
    output = Path(args.output) if args.output and args.output != "-" else None
    problem = _refusal(args.root, output, args.force) if output else None
    if problem:  # checked before the (slow) review, and again when writing
        print(f"Lỗi: {problem}", file=sys.stderr)
        return 2
    try:
        result = review(args.root, args.base, args.head)
    except GitError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 2
    text = render(result)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_new(output, text, args.force)
        except FileExistsError:
            print(f"Lỗi: {_exists(output)}", file=sys.stderr)
            return 2
        except OSError as err:
            print(f"Lỗi: không ghi được {output} ({os_reason(err)}); không có tệp nào bị ghi dở. "
                  "Cách sửa: chọn một tệp ở thư mục có quyền ghi (-o bao-cao.md).",
                  file=sys.stderr)
            return 2
        print(f"Đã ghi báo cáo vào {args.output}.")
    return 1 if has_errors(result.head.diagnostics) else 0


def _exists(output: Path) -> str:
    return (f"{output} đã có, không ghi đè. Cách sửa: chọn tên tệp khác, hoặc thêm --force nếu "
            "thật sự muốn thay tệp đó bằng báo cáo.")


def _refusal(root: Path, output: Path, force: bool) -> str | None:
    """Why the report may not go to ``output``, or None.

    Never into the repository's plans/ or registry/ (a report there would sit among, or
    replace, the data), never onto a folder, and never over a file without ``force``.
    """
    place = Path(os.path.realpath(output.absolute().parent)) / output.name
    for name in (PLANS_DIR, REGISTRY_DIR):
        folder = Path(os.path.realpath(root / name))
        if place == folder or folder in place.parents:
            return (f"{output} nằm trong thư mục {name}/ của kho, nơi chỉ dành cho tệp kế hoạch "
                    "và danh mục; không ghi báo cáo vào đó, kể cả với --force. Cách sửa: chọn "
                    "tệp ở nơi khác, ví dụ -o bao-cao.md.")
    if place.is_dir():
        return f"{output} là một thư mục. Cách sửa: ghi rõ tên tệp, ví dụ -o {output}/bao-cao.md."
    if os.path.lexists(place) and not force:
        return _exists(output)
    return None


def write_new(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it: never half a file, and
    without ``force`` never over an existing file (:class:`FileExistsError`), even one that
    appeared meanwhile."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temp, path)
            return
        try:
            os.link(temp, path)  # atomic, and fails if path exists
        except OSError as err:
            if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            if os.path.lexists(path):  # a file system without hard links
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
            os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``review`` sub-command."""
    p = sub.add_parser("review", help="báo cáo thay đổi kế hoạch giữa hai phiên bản git")
    p.add_argument("base", metavar="GỐC", help="phiên bản gốc (nhánh, thẻ hoặc mã commit)")
    p.add_argument("head", metavar="MỚI", nargs="?", default="HEAD",
                   help="phiên bản mới (mặc định: HEAD)")
    p.add_argument("-o", "--output", metavar="TỆP",
                   help="ghi báo cáo vào tệp (Markdown) thay vì in ra (-o -: in ra màn hình); "
                   "không ghi đè tệp đã có")
    p.add_argument("--force", action="store_true", help="cho phép -o ghi đè tệp đã có")
    p.set_defaults(func=cmd_review)
