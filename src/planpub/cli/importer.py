"""``planpub import SOURCE [-o FILE] [--force] [--json]``: a plan document → a draft plan file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planpub.canonical import FormatError, format_text
from planpub.cli.common import write_output
from planpub.importer.pipeline import ImportFailure, run
from planpub.importer.reader import SourceError
from planpub.layout import PLAN_SUFFIXES, PLANS_DIR
from planpub.opendata import open_data, to_json


def _canonical(text: str) -> str:
    """The draft as ``planpub fmt`` writes a plan (unchanged if it does not read as YAML)."""
    try:
        return format_text(text, f"{PLANS_DIR}/ban-nhap.yaml")
    except FormatError:
        return text


def cmd_import(args: argparse.Namespace) -> int:
    """Import one document; print the report (Vietnamese)."""
    source = Path(args.source)
    if args.output == "-" and not args.json:
        print("Lỗi: -o - (in ra màn hình) chỉ dùng với --json; bản nháp kế hoạch luôn được ghi "
              "thành tệp. Cách sửa: bỏ -o để ghi MÃ_KẾ_HOẠCH.yaml ở thư mục hiện tại, hoặc ghi "
              "rõ tên tệp.", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output and args.output != "-" else None
    wanted = (".json",) if args.json else PLAN_SUFFIXES
    if output is not None and output.suffix.lower() not in wanted and not output.is_dir():
        kind = "dữ liệu mở (--json) là tệp JSON" if args.json else "bản nháp kế hoạch là tệp YAML"
        print(f"Lỗi: {kind}, nhưng -o {output} có đuôi “{output.suffix or '(không có)'}”. "
              f"Cách sửa: ghi -o {output.with_suffix(wanted[0])}.", file=sys.stderr)
        return 2
    try:
        result = run(source, args.root, output, force=args.force, as_json=args.json,
                     canonical=_canonical)
    except (SourceError, ImportFailure) as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    if args.json:
        assert result.catalog is not None  # run() refuses a draft that does not load
        data = open_data(result.catalog, [result.draft.plan["id"]])
        proposed = {p.id for p in result.draft.proposals}
        data["agencies"] = [{**a, "proposed": a["id"] in proposed} for a in data["agencies"]]
        text = to_json(data)
        if output is None:
            sys.stdout.write(text)
        else:
            problem = write_output(output, text, root=args.root, what="dữ liệu mở (JSON)",
                                   example=f"{result.draft.plan['id']}.json", plans_ok=False,
                                   force=args.force)
            if problem is not None:
                print(f"Lỗi: {problem}", file=sys.stderr)
                return 1
        sys.stderr.write(result.report)
        return 0
    sys.stdout.write(result.report)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` sub-command."""
    p = sub.add_parser(
        "import", help="nhập văn bản kế hoạch (.docx, .txt, .md) thành bản nháp tệp kế hoạch",
        description="Đọc văn bản kế hoạch và ghi bản nháp tệp kế hoạch YAML, kèm báo cáo "
                    "những điểm cán bộ cần kiểm tra.")
    p.add_argument("source", metavar="VĂN_BẢN", help="tệp .docx, .txt hoặc .md")
    p.add_argument("-o", "--output", metavar="TỆP",
                   help="tệp bản nháp (mặc định: <mã kế hoạch>.yaml ở thư mục hiện tại)")
    p.add_argument("--force", action="store_true", help="ghi đè nếu tệp đích đã có")
    p.add_argument("--json", action="store_true",
                   help="in dữ liệu mở (JSON) của bản nháp thay cho YAML")
    p.set_defaults(func=cmd_import)
