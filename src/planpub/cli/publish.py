"""``planpub publish --dest DIR [--rollback] [--keep N]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planpub.gitrev import GitError
from planpub.publish import CURRENT, DEFAULT_KEEP, PublishError, describe, publish, rollback


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish HEAD, or switch back to the release served before the current one."""
    dest = Path(args.dest).absolute()
    try:
        if args.rollback:
            release = rollback(dest)
            print(f"Đã quay lại bản {describe(release)}: {dest / CURRENT}.")
            return 0
        from planpub.mkdocs.build import build_site  # MkDocs loads only when building

        release = publish(args.root, dest, build_site, args.keep)
    except (PublishError, GitError) as err:
        verb = "Không quay lại được" if args.rollback else "Không xuất bản"
        print(f"{verb}: {err}", file=sys.stderr)
        return 1
    print(f"Đã xuất bản bản {describe(release)}: {dest / CURRENT}.")
    return 0


def _keep(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 2:
        raise argparse.ArgumentTypeError("cần một số từ 2 trở lên (bản hiện tại và bản trước nó)")
    return number


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``publish`` sub-command."""
    p = sub.add_parser("publish", help="dựng và xuất bản trang web an toàn (chuyển bản nguyên tử)")
    p.add_argument("--dest", required=True, metavar="THƯ_MỤC",
                   help="thư mục xuất bản, ngoài kho; máy chủ web phục vụ THƯ_MỤC/current")
    p.add_argument("--rollback", action="store_true",
                   help="quay lại bản đã phục vụ trước bản hiện tại")
    p.add_argument("--keep", type=_keep, default=DEFAULT_KEEP, metavar="N",
                   help=f"giữ N bản phát hành gần nhất (mặc định {DEFAULT_KEEP})")
    p.set_defaults(func=cmd_publish)
