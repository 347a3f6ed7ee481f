"""The ``planpub`` command: validate, export, schema (and the commands other modules add).

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

from planpub.diagnostics import Diagnostic, has_errors
from planpub.layout import is_repository

Handler = Callable[[argparse.Namespace], int]


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder upward holding ``registry/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_repository(folder):
            return folder
    return here


def print_diagnostics(diags: Sequence[Diagnostic], checked: int) -> None:
    """Print each problem on one line, then a summary."""
    for diag in diags:
        print(diag.format())
    errors = sum(d.level == "error" for d in diags)
    warnings = len(diags) - errors
    verdict = "Không có lỗi." if not errors else "Cần sửa các lỗi trên."
    print(f"Đã kiểm tra {checked} kế hoạch: {errors} lỗi, {warnings} cảnh báo. {verdict}")


def cmd_validate(args: argparse.Namespace) -> int:
    """Check plans and registries; exit 1 on any error."""
    from planpub.load import plan_files
    from planpub.validate import check_repository

    root: Path = args.root
    catalog, diags = check_repository(root, args.paths or None)
    checked = len(plan_files(root, args.paths or None))
    del catalog
    print_diagnostics(diags, checked)
    return 1 if has_errors(diags) else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Print the open-data JSON of the plans (all, or those named)."""
    from planpub.export import open_data, to_json
    from planpub.load import display_path, plan_files
    from planpub.validate import check_repository

    root: Path = args.root
    catalog, diags = check_repository(root, args.paths or None)
    if has_errors(diags):
        print_diagnostics(diags, len(plan_files(root, args.paths or None)))
        return 1
    ids = None
    if args.paths:
        wanted = {display_path(p, root) for p in plan_files(root, args.paths)}
        ids = [lp.plan.id for lp in catalog.loaded if lp.doc.path in wanted]
    sys.stdout.write(to_json(open_data(catalog, ids)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the plan file's JSON Schema."""
    from planpub.export import plan_schema, to_json

    text = to_json(plan_schema())
    if not args.output:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    current = out.read_text(encoding="utf-8") if out.exists() else None
    if args.check:
        if current == text:
            print(f"{out} đã cập nhật.")
            return 0
        print(f"{out} đã cũ so với định dạng kế hoạch. Cách sửa: chạy "
              f"“planpub schema -o {args.output}” rồi commit tệp.")
        return 1
    if current != text:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    print(f"Đã ghi {out}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="planpub",
        description="Công cụ soạn, kiểm tra và xuất bản kế hoạch bồi thường nhà nước.")
    parser.add_argument("--root", type=Path, default=None,
                        help="thư mục gốc của kho (mặc định: tự tìm thư mục có registry/)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    p = sub.add_parser("validate", help="kiểm tra kế hoạch và danh mục")
    p.add_argument("paths", nargs="*", type=Path, metavar="ĐƯỜNG_DẪN")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="xuất dữ liệu mở (JSON)")
    p.add_argument("--json", action="store_true", default=True, help="định dạng JSON (mặc định)")
    p.add_argument("paths", nargs="*", type=Path, metavar="ĐƯỜNG_DẪN")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="ghi JSON Schema của tệp kế hoạch")
    p.add_argument("-o", "--output", help="tệp đích (mặc định: in ra màn hình)")
    p.add_argument("--check", action="store_true",
                   help="chỉ kiểm tra tệp đích có khớp định dạng hiện tại không")
    p.set_defaults(func=cmd_schema)

    for register in _extensions():
        register(sub)
    return parser


def _extensions() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Sub-commands defined beside the code they drive."""
    import importlib

    out = []
    for name in ("planpub.cli.importer", "planpub.cli.review", "planpub.cli.publish", "planpub.cli.codeowners"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name and name.startswith(err.name):
                continue
            raise
        out.append(module.register)
    return out


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


if __name__ == "__main__":
    raise SystemExit(main())
