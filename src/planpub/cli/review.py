"""``planpub review BASE [HEAD] [-o FILE [--force]]``: the change between two revisions, as a
report (``-o -``: standard output)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planpub.cli.common import os_reason
from planpub.destination import refusal, write_new
from planpub.diagnostics import has_errors
from planpub.gitrev import GitError
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
            write_new(output, text, force=args.force)
        except FileExistsError:
            print(f"Lỗi: {_refusal(args.root, output, False)}", file=sys.stderr)
            return 2
        except OSError as err:
            print(f"Lỗi: không ghi được {output} ({os_reason(err)}); không có tệp nào bị ghi dở. "
                  "Cách sửa: chọn một tệp ở thư mục có quyền ghi (-o bao-cao.md).",
                  file=sys.stderr)
            return 2
        print(f"Đã ghi báo cáo vào {args.output}.")
    return 1 if has_errors(result.head.diagnostics) else 0


def _refusal(root: Path, output: Path, force: bool) -> str | None:
    """Why the report may not go to ``output``: never into plans/ or registry/, never onto a
    folder or through a link, never over a file without ``force``."""
    return refusal(output, root, what="báo cáo", example="bao-cao.md", plans_ok=False,
                   force=force)


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
