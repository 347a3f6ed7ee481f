"""The ``planpub`` command; each sub-command lives in its own module of this package.

Every message an officer sees is Vietnamese; no traceback ever reaches them
(set ``PLANPUB_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from planpub.cli import codeowners, data, importer, publish, review
from planpub.cli.common import find_root

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="planpub",
        description="Công cụ soạn, kiểm tra và xuất bản kế hoạch bồi thường nhà nước.")
    parser.add_argument("--root", type=Path, default=None,
                        help="thư mục gốc của kho (mặc định: tự tìm thư mục có registry/)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    for module in (data, importer, review, publish, codeowners):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.root = (args.root or find_root()).resolve()
    handler: Handler = args.func
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:
        if os.environ.get("PLANPUB_DEBUG"):
            traceback.print_exc()
        print(f"Lỗi nội bộ của planpub ({type(err).__name__}: {err}). Hãy báo lỗi này cho "
              "nhóm kỹ thuật, kèm lệnh đã chạy; đặt PLANPUB_DEBUG=1 để xem chi tiết.",
              file=sys.stderr)
        return 2
