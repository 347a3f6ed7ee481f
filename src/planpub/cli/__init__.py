"""The ``planpub`` command; each sub-command lives in its own module of this package.

Every message an officer sees is Vietnamese, argparse's help and usage errors too
(:mod:`planpub.cli.parser`); no traceback ever reaches them (set ``PLANPUB_DEBUG=1``
to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from planpub.cli import codeowners, data, importer, publish, review
from planpub.cli.common import NoRepository, find_root, os_reason, repository_root
from planpub.cli.parser import Parser

Handler = Callable[[argparse.Namespace], int]

ROOT_HELP = "thư mục gốc của kho (mặc định: tự tìm thư mục có registry/)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = Parser(
        prog="planpub",
        description="Công cụ soạn, kiểm tra và xuất bản kế hoạch bồi thường nhà nước.")
    parser.add_argument("--root", type=Path, default=None, metavar="ĐƯỜNG_DẪN", help=ROOT_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh")

    for module in (data, importer, review, publish, codeowners):
        module.register(sub)
    for command in sub.choices.values():  # `planpub validate --root X` works too
        command.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                             metavar="ĐƯỜNG_DẪN", help=ROOT_HELP)
    return parser


def needs_repository(args: argparse.Namespace) -> bool:
    """Whether the command reads the repository (``schema``, ``publish --rollback`` do not)."""
    return not (args.command == "schema" or (args.command == "publish" and args.rollback))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if needs_repository(args):
            args.root = repository_root(args.root)
        else:
            args.root = (args.root or find_root() or Path.cwd()).resolve()
    except NoRepository as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 2
    handler: Handler = args.func
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        if err.filename is None:
            return _internal(err)
        print(f"Lỗi: không đọc hoặc ghi được {err.filename} ({os_reason(err)}). Cách sửa: kiểm "
              "tra đường dẫn, quyền đọc ghi và chỗ trống trên đĩa.", file=sys.stderr)
        return 1
    except Exception as err:
        return _internal(err)


def _internal(err: Exception) -> int:
    """A bug in planpub: say so, and how to report it."""
    if os.environ.get("PLANPUB_DEBUG"):
        traceback.print_exception(err)
    print(f"Lỗi nội bộ của planpub ({type(err).__name__}: {err}). Hãy báo lỗi này cho "
          "nhóm kỹ thuật, kèm lệnh đã chạy; đặt PLANPUB_DEBUG=1 để xem chi tiết.",
          file=sys.stderr)
    return 2
