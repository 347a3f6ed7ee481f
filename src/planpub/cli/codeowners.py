"""``planpub codeowners [--check]``: CODEOWNERS from ``registry/reviewers.yaml``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planpub.cli.common import os_reason
from planpub.cli.data import read_current
from planpub.codeowners import OUTPUT, generate
from planpub.destination import write_new
from planpub.safefile import kind_of


def cmd_codeowners(args: argparse.Namespace) -> int:
    """Write CODEOWNERS, or with ``--check`` exit 1 if it is out of date."""
    root: Path = args.root
    text, diags = generate(root)
    for diag in diags:
        print(diag.format(), file=sys.stderr)
    if text is None:
        print("Không ghi CODEOWNERS: sửa registry/reviewers.yaml trước.", file=sys.stderr)
        return 1
    target = root / OUTPUT
    try:
        kind = kind_of(target.lstat().st_mode)
    except FileNotFoundError:
        kind = None
    if kind is not None:  # a link could make the write land anywhere; a FIFO would hang
        print(f"Lỗi: {OUTPUT} là {kind}, không phải tệp thường, nên planpub không đọc hay ghi "
              f"nó. Cách sửa: xóa {OUTPUT} (nếu đã commit: git rm {OUTPUT}) rồi chạy lại "
              "“planpub codeowners”.", file=sys.stderr)
        return 1
    current, unreadable = read_current(target, root)
    if args.check:
        if unreadable is not None:
            print(f"Lỗi: {OUTPUT}: {unreadable}, nên không so được với registry/reviewers.yaml. "
                  "Cách sửa: chạy “planpub codeowners” để ghi lại tệp rồi commit tệp CODEOWNERS.",
                  file=sys.stderr)
            return 1
        if current != text:
            print("CODEOWNERS chưa khớp với registry/reviewers.yaml và các kế hoạch. Cách sửa: "
                  "chạy “planpub codeowners” rồi commit tệp CODEOWNERS.", file=sys.stderr)
            return 1
        print("CODEOWNERS đã cập nhật.")
        return 0
    if current == text:
        print("CODEOWNERS đã cập nhật, không cần ghi lại.")
        return 0
    try:
        write_new(target, text, force=True)
    except OSError as err:
        print(f"Lỗi: không ghi được {OUTPUT} ({os_reason(err)}); tệp cũ giữ nguyên. Cách sửa: "
              "kiểm tra quyền ghi và chỗ trống trên đĩa.", file=sys.stderr)
        return 1
    print(f"Đã ghi {OUTPUT}.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``codeowners`` sub-command."""
    p = sub.add_parser("codeowners", help="sinh tệp CODEOWNERS từ registry/reviewers.yaml")
    p.add_argument("--check", action="store_true",
                   help="chỉ kiểm tra: trả mã 1 nếu CODEOWNERS chưa cập nhật")
    p.set_defaults(func=cmd_codeowners)
