"""``planpub validate``, ``planpub export``, ``planpub schema``: checks and open data."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from planpub.checkcache import CACHE_ENV
from planpub.cli.common import os_reason, print_diagnostics, write_output
from planpub.codeowners import load_reviewers
from planpub.destination import place, refusal
from planpub.diagnostics import BuildError, Diagnostic, has_errors
from planpub.layout import PROGRESS_DIR, REGISTRY_DIR, REVIEWERS_FILE, is_repository
from planpub.opendata import open_data, plan_schema, progress_schema, to_json
from planpub.project import check_repository, open_project
from planpub.refdate import reference_date
from planpub.repofiles import display_path
from planpub.safefile import UnsafeFile, read_capped
from planpub.status import Reference

SCHEMA_NAME = "plan.schema.json"
PROGRESS_SCHEMA_NAME = "progress.schema.json"
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


def _in_registry(shown: str) -> bool:
    return shown == REGISTRY_DIR or shown.startswith(f"{REGISTRY_DIR}/")


def validate_registry(root: Path, asked: Sequence[str]) -> int:
    """Check the whole repository, show only the findings in the registry files ``asked``
    (display paths; ``registry`` itself: all of them); exit 1 on any error there."""
    project = open_project(root)
    diags = [Diagnostic(shown, None, "error", "", "không tìm thấy tệp hay thư mục này.",
                        f"kiểm tra đường dẫn; các tệp danh mục nằm trong thư mục {REGISTRY_DIR}/.")
             for shown in asked if not os.path.lexists(root / shown)]
    everything = REGISTRY_DIR in asked
    if REVIEWERS_FILE in asked or (everything and os.path.lexists(root / REVIEWERS_FILE)):
        diags += load_reviewers(root, project.catalog)[1]
    diags += [d for d in project.diagnostics if d.path in asked
              or (everything and _in_registry(d.path))]
    for diag in diags:
        print(diag.format())
    errors = sum(d.level == "error" for d in diags)
    what = f"các tệp danh mục trong {REGISTRY_DIR}/" if everything else (
        f"tệp danh mục {', '.join(asked)}")
    verdict = "Cần sửa các lỗi trên." if errors else "Không có lỗi."
    print(f"Đã kiểm tra {what} (đối chiếu với các kế hoạch và tệp báo cáo tiến độ của "
          f"kho): {errors} lỗi, {len(diags) - errors} cảnh báo. {verdict}")
    return 1 if has_errors(diags) else 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check plans and registries; exit 1 on any error. A path under ``registry/`` checks the
    repository and shows only that file's findings."""
    shown = [display_path(p, args.root) for p in args.paths]
    if shown and all(_in_registry(s) for s in shown):
        return validate_registry(args.root, list(dict.fromkeys(s.rstrip("/") for s in shown)))
    paths = [p for p, s in zip(args.paths, shown, strict=True) if not _in_registry(s)]
    checked = check_repository(args.root, paths, cache=args.cache, jobs=args.jobs)
    print_diagnostics(checked.diagnostics, checked.plans, checked.progress)
    return 1 if has_errors(checked.diagnostics) else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Print the open-data JSON of the plans (all, or those named), with each task's status
    and whether it is overdue on the reference date (the site's ``grace_days`` applied)."""
    from planpub.mkdocs.config import grace_days  # MkDocs is loaded only for this command

    project = open_project(args.root, args.paths or None)
    if not project.ok:
        print_diagnostics(project.diagnostics, len(project.chosen))
        return 1
    try:
        reference = Reference(reference_date(args.root), grace_days(args.root))
    except BuildError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    ids = project.chosen_ids() if args.paths else None
    sys.stdout.write(to_json(open_data(project.catalog, ids, reference=reference)))
    return 0


def _progress_refusal(out: Path, root: Path | None, name: str, progress: bool) -> str | None:
    """Why a schema may not be written to ``out``: in ``progress/`` (of the repository at
    ``root`` or of the one ``out`` is in) only the progress files' own schema may be written,
    never over a progress file."""
    where = place(out)
    around = next((f for f in where.parents if is_repository(f)), None)
    inside = any(place(r / PROGRESS_DIR) in where.parents for r in (root, around) if r)
    if inside and out.name == PROGRESS_SCHEMA_NAME and not progress:
        return (f"{out} là lược đồ của tệp báo cáo tiến độ, còn lệnh này (không có --progress) "
                f"ghi lược đồ của tệp kế hoạch. Cách sửa: thêm --progress: planpub schema "
                f"--progress -o {out}.")
    if inside and out.name != PROGRESS_SCHEMA_NAME:
        return (f"{out} nằm trong thư mục {PROGRESS_DIR}/ của kho, nơi chỉ chứa tệp báo cáo tiến "
                f"độ và {PROGRESS_SCHEMA_NAME}; không ghi JSON Schema vào đó. Cách sửa: chọn -o "
                f"{PROGRESS_DIR}/{PROGRESS_SCHEMA_NAME} (với --progress) hoặc một tệp ở nơi khác, "
                f"ví dụ -o {name}.")
    return None


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema of plan files, or with ``--progress`` of progress files."""
    if args.progress:
        text, name, what = to_json(progress_schema()), PROGRESS_SCHEMA_NAME, "báo cáo tiến độ"
    else:
        text, name, what = to_json(plan_schema()), SCHEMA_NAME, "kế hoạch"
    again = f"planpub schema{' --progress' if args.progress else ''} -o {args.output}"
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    problem = refusal(out, args.root, what="JSON Schema", example=name,
                      plans_ok=out.name == SCHEMA_NAME and not args.progress, force=None)
    problem = problem or _progress_refusal(out, args.root, name, args.progress)
    if problem is not None:
        print(f"Lỗi: {problem}", file=sys.stderr)
        return 1
    current, unreadable = read_current(out)
    if args.check:
        if unreadable is not None:
            print(f"Lỗi: {out}: {unreadable}, nên không so được với định dạng {what}. Cách sửa: "
                  f"chạy “{again}” để ghi lại tệp rồi commit.", file=sys.stderr)
            return 1
        if current == text:
            print(f"{out} đã cập nhật.")
            return 0
        print(f"{out} đã cũ so với định dạng {what}. Cách sửa: chạy “{again}” rồi commit tệp.")
        return 1
    if current != text:
        problem = write_output(out, text, root=args.root, what="JSON Schema", example=name,
                               plans_ok=out.name == SCHEMA_NAME and not args.progress,
                               force=None)
        if problem is not None:
            print(f"Lỗi: {problem}", file=sys.stderr)
            return 1
    print(f"Đã ghi {out}.")
    return 0


def _jobs(text: str) -> int:
    """``--jobs``: a whole number of processes, at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}” không phải số tiến trình (một số nguyên từ "
                                         "1 trở lên)")
    return int(text)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate``, ``export`` and ``schema``."""
    p = sub.add_parser(
        "validate", help="kiểm tra kế hoạch và danh mục",
        description="Kiểm tra kế hoạch, danh mục và tệp báo cáo tiến độ. Khi kiểm tra cả kho, "
        "kết quả của từng tệp được lưu ngoài kho (thư mục bộ nhớ đệm của người dùng, hoặc "
        f"${CACHE_ENV}) để lần sau chỉ đọc lại các tệp đã sửa; xóa thư mục đó bất cứ lúc nào "
        "cũng không mất gì.")
    p.add_argument("paths", nargs="*", type=Path, metavar="ĐƯỜNG_DẪN",
                   help="chỉ báo lỗi của các tệp hay thư mục này (mặc định: cả kho)")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="đọc và kiểm tra lại mọi tệp, không dùng và không ghi bộ nhớ đệm")
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="SỐ",
                   help="số tiến trình đọc tệp song song (mặc định: số lõi CPU được dùng)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="xuất dữ liệu mở (JSON), kèm tình trạng từng nhiệm vụ")
    p.add_argument("--json", action="store_true", default=True, help="định dạng JSON (mặc định)")
    p.add_argument("paths", nargs="*", type=Path, metavar="ĐƯỜNG_DẪN")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="ghi JSON Schema của tệp kế hoạch (hoặc tệp báo cáo tiến độ)")
    p.add_argument("--progress", action="store_true",
                   help=f"lược đồ của tệp báo cáo tiến độ ({PROGRESS_DIR}/MÃ_KẾ_HOẠCH.yaml) thay "
                   f"cho tệp kế hoạch; tệp đích thường là {PROGRESS_DIR}/{PROGRESS_SCHEMA_NAME}")
    p.add_argument("-o", "--output", metavar="TỆP", help="tệp đích (mặc định: in ra màn hình)")
    p.add_argument("--check", action="store_true",
                   help="chỉ kiểm tra tệp đích có khớp định dạng hiện tại không")
    p.set_defaults(func=cmd_schema)
