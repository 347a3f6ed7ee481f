"""``planpub review BASE [HEAD] [-o FILE]``: the change between two revisions, as a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planpub.diagnostics import has_errors
from planpub.gitrev import GitError
from planpub.review import render, review


def cmd_review(args: argparse.Namespace) -> int:
    """``planpub review BASE [HEAD]``: print the report; exit 1 if HEAD has errors."""
    try:
        result = review(args.root, args.base, args.head)
    except GitError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 2
    text = render(result)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Đã ghi báo cáo vào {args.output}.")
    else:
        sys.stdout.write(text)
    return 1 if has_errors(result.head.diagnostics) else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``review`` sub-command."""
    p = sub.add_parser("review", help="báo cáo thay đổi kế hoạch giữa hai phiên bản git")
    p.add_argument("base", metavar="GỐC", help="phiên bản gốc (nhánh, thẻ hoặc mã commit)")
    p.add_argument("head", metavar="MỚI", nargs="?", default="HEAD",
                   help="phiên bản mới (mặc định: HEAD)")
    p.add_argument("-o", "--output", help="ghi báo cáo vào tệp (Markdown) thay vì in ra")
    p.set_defaults(func=cmd_review)
