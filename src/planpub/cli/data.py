"""``planpub validate``, ``planpub export``, ``planpub schema``: checks and open data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planpub.cli.common import os_reason, print_diagnostics, write_output
from planpub.destination import refusal
from planpub.opendata import open_data, plan_schema, to_json
from planpub.project import open_project
from planpub.safefile import UnsafeFile, read_capped

SCHEMA_NAME = "plan.schema.json"
CURRENT_MAX = 4 << 20
"""The largest existing output (``--check``) read back to compare: 4 MiB."""


def read_current(path: Path, root: Path | None = None) -> tuple[str | None, str | None]:
    """An existing output file's text (None if there is none), or why it cannot be compared.

    Read through :func:`read_capped` (inside ``root``, if given): a file that is huge (even
    sparse), special, or not UTF-8 is a reason (a Vietnamese phrase), never an exception.
    """
    try:
        raw = read_capped(path, CURRENT_MAX, root)
    except FileNotFoundError:
        return None, None
    except UnsafeFile as err:
        return None, err.message.rstrip(".")
    except OSError as err:
        return None, f"không đọc được ({os_reason(err)})"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, "không phải văn bản UTF-8"


def cmd_validate(args: argparse.Namespace) -> int:
    """Check plans and registries; exit 1 on any error."""
    project = open_project(args.root, args.paths or None)
    print_diagnostics(project.diagnostics, len(project.chosen))
    return 0 if project.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    """Print the open-data JSON of the plans (all, or those named)."""
    project = open_project(args.root, args.paths or None)
    if not project.ok:
        print_diagnostics(project.diagnostics, len(project.chosen))
        return 1
    ids = project.chosen_ids() if args.paths else None
    sys.stdout.write(to_json(open_data(project.catalog, ids)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the plan file's JSON Schema."""
    text = to_json(plan_schema())
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    problem = refusal(out, args.root, what="JSON Schema", example=SCHEMA_NAME,
                      plans_ok=out.name == SCHEMA_NAME, force=None)
    if problem is not None:
        print(f"Lỗi: {problem}", file=sys.stderr)
        return 1
    current, unreadable = read_current(out)
    if args.check:
        if unreadable is not None:
            print(f"Lỗi: {out}: {unreadable}, nên không so được với định dạng kế hoạch. Cách sửa: "
                  f"chạy “planpub schema -o {args.output}” để ghi lại tệp rồi commit.",
                  file=sys.stderr)
            return 1
        if current == text:
            print(f"{out} đã cập nhật.")
            return 0
        print(f"{out} đã cũ so với định dạng kế hoạch. Cách sửa: chạy "
              f"“planpub schema -o {args.output}” rồi commit tệp.")
        return 1
    if current != text:
        problem = write_output(out, text, root=args.root, what="JSON Schema", example=SCHEMA_NAME,
                               plans_ok=out.name == SCHEMA_NAME, force=None)
        if problem is not None:
            print(f"Lỗi: {problem}", file=sys.stderr)
            return 1
    print(f"Đã ghi {out}.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate``, ``export`` and ``schema``."""
    p = sub.add_parser("validate", help="kiểm tra kế hoạch và danh mục")
    p.add_argument("paths", nargs="*", type=Path, metavar="ĐƯỜNG_DẪN")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="xuất dữ liệu mở (JSON)")
    p.add_argument("--json", action="store_true", default=True, help="định dạng JSON (mặc định)")
    p.add_argument("paths", nargs="*", type=Path, metavar="ĐƯỜNG_DẪN")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="ghi JSON Schema của tệp kế hoạch")
    p.add_argument("-o", "--output", metavar="TỆP", help="tệp đích (mặc định: in ra màn hình)")
    p.add_argument("--check", action="store_true",
                   help="chỉ kiểm tra tệp đích có khớp định dạng hiện tại không")
    p.set_defaults(func=cmd_schema)
