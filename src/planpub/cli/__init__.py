"""The ``planpub`` command; each sub-command lives in its own module of this package.

Every message an officer sees is Vietnamese, argparse's help and usage errors too
(:mod:`planpub.cli.parser`); no traceback ever reaches them (set ``PLANPUB_DEBUG=1``
to see one).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from planpub.cli import cms, codeowners, data, fmt, importer, publish, review
from planpub.cli.common import (
    CommandError,
    given_path,
    nearby_root,
    os_reason,
    path_reason,
    repository_root,
)
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

    for module in (data, importer, review, publish, codeowners, fmt, cms):
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
    utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.func
    try:
        if needs_repository(args):
            args.root = repository_root(args.root)
        else:  # Path | None: where -o may not write, if the command runs in a repository
            args.root = given_path(args.root, "ở --root") if args.root else nearby_root()
        return handler(args)
    except CommandError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        where = err.filename if err.filename is not None else "một tệp hoặc thư mục"
        print(f"Lỗi: không đọc hoặc ghi được {where} ({os_reason(err)}). Cách sửa: kiểm tra đường "
              "dẫn, thư mục đang đứng (còn tồn tại không), quyền đọc ghi và chỗ trống trên đĩa.",
              file=sys.stderr)
        return 1
    except RuntimeError as err:
        loop = LOOP.fullmatch(str(err))
        if loop is None:
            return _internal(err)
        print(f"Lỗi: không đọc được {loop.group(1)} ({path_reason(err)}). Cách sửa: xóa liên "
              "kết đó hoặc cho nó trỏ tới một tệp có thật.", file=sys.stderr)
        return 1
    except Exception as err:
        return _internal(err)


LOOP = re.compile(r"Symlink loop from '(.*)'")
"""pathlib's ``resolve()`` (before Python 3.13) on a link that points back to itself."""


def utf8_output() -> None:
    """Vietnamese on any terminal: a stream that cannot encode it (ASCII, Latin-1) is
    switched to UTF-8, what cannot be shown becomes “?” instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            name = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name
        except LookupError:
            name = "ascii"
        reconfigure = getattr(stream, "reconfigure", None)
        if not name.startswith(("utf-8", "utf-16", "utf-32")) and reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def _internal(err: Exception) -> int:
    """A bug in planpub: say so, and how to report it."""
    if os.environ.get("PLANPUB_DEBUG"):
        traceback.print_exception(err)
    print(f"Lỗi nội bộ của planpub ({type(err).__name__}: {err}). Hãy báo lỗi này cho "
          "nhóm kỹ thuật, kèm lệnh đã chạy; đặt PLANPUB_DEBUG=1 để xem chi tiết.",
          file=sys.stderr)
    return 2
