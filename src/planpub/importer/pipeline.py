"""One import, end to end: read, recognise, draft, write, check, report."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planpub.catalog import Catalog
from planpub.destination import data_folder, place, refusal, write_new
from planpub.diagnostics import Diagnostic
from planpub.fieldtypes import ID_MAX
from planpub.importer.agencies import load_abbreviations
from planpub.importer.blocks import odd_words
from planpub.importer.draft import Draft, build_draft
from planpub.importer.reader import read_source
from planpub.importer.report import render
from planpub.importer.structure import outline
from planpub.importer.writer import check_draft, plan_yaml, proposals_yaml
from planpub.layout import PLAN_SUFFIXES
from planpub.load import load_plans, load_registry
from planpub.model import ID_PATTERN, Plan
from planpub.oserrors import reason
from planpub.repofiles import display_path, plan_files
from planpub.slug import slugify


class ImportFailure(Exception):
    """An import that cannot go on; ``str()`` is one Vietnamese line."""


@dataclass
class Result:
    """What an import produced."""

    draft: Draft
    yaml: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    report: str = ""
    catalog: Catalog | None = None
    """With ``as_json``: the repository's catalog with the draft in it (for its open data)."""
    written: list[Path] = field(default_factory=list)
    plan: Plan | None = None  # the draft as the loader reads it (None if it does not load)


def proposals_path(target: Path, root: Path) -> Path:
    """Where the proposed agencies go: beside the draft, but never inside ``plans/``."""
    name = f"{target.stem}.proposed-agencies.yaml"
    if data_folder(target, root) is not None:
        return root / name
    return target.parent / name


def run(source: Path, root: Path, output: Path | None = None, *, force: bool = False,
        as_json: bool = False, canonical: Callable[[str], str] | None = None) -> Result:
    """Import ``source`` into a draft; write it (YAML, or JSON with ``as_json``).

    ``canonical``: rewrites the draft's text in the form ``planpub fmt`` writes.
    """
    blocks = read_source(source)
    recognised = outline(blocks)
    if not (recognised.typed or recognised.number or recognised.issued or recognised.signature):
        raise ImportFailure(
            f"{source.name} không giống một văn bản kế hoạch: không thấy dòng “KẾ HOẠCH” (hay "
            "“QUYẾT ĐỊNH”, “ĐỀ ÁN”…), số văn bản, ngày ban hành hay phần chữ ký. Cách sửa: kiểm "
            "tra lại tệp; nếu đúng là kế hoạch, thêm dòng “KẾ HOẠCH” trước trích yếu rồi nhập lại.")
    registry, _ = load_registry(root)
    plans, _ = load_plans(root, plan_files(root))
    draft = build_draft(recognised, registry, load_abbreviations(root),
                        [p.plan for p in plans])
    odd = odd_words(blocks)
    if odd:
        draft.findings.header.append(
            "Văn bản có chữ lạ, thường do chuyển đổi phông chữ bị lỗi: "
            + ", ".join(f"“{w}”" for w in odd) + ". Hãy sửa các chữ này theo văn bản gốc.")
    suggested = draft.plan["id"]  # the -o hints' example, whatever the file name says
    if output is not None and not as_json and output.stem != suggested:
        draft.plan["id"] = _id_of_file(output, suggested)  # validation: id = the file's name
        draft.suggested_id = suggested
    plan_id = draft.plan["id"]
    target = output or Path.cwd() / f"{plan_id}.yaml"
    extra = proposals_path(target, root) if draft.proposals and not as_json else None
    if output is not None or not as_json:
        _check_destination(target, root, suggested, as_json=as_json, force=force)
    if extra is not None:
        _check_destination(extra, root, suggested, as_json=False, force=force)
    text = plan_yaml(draft.plan, source.name)
    if canonical is not None:
        text = canonical(text)
    existing = next((display_path(p, root) for p in plan_files(root)
                     if p.stem == plan_id and place(p) != place(target)), None)
    shown = display_path(target, root)
    with tempfile.TemporaryDirectory() as tmp:
        check = target if not as_json else Path(tmp) / f"{plan_id}.yaml"
        written = _write(check, text, force=force or as_json)
        catalog, loaded, diags = check_draft(registry, plans, check, shown, draft.proposals)
        if as_json:
            written = []
    result = Result(draft, text, diags, written=written,
                    plan=loaded.plan if loaded is not None else None)
    if as_json:
        if loaded is None:
            raise ImportFailure("bản nháp không hợp lệ nên không xuất được dữ liệu mở: "
                                + "; ".join(d.format() for d in diags[:3]))
        result.catalog = catalog
    elif extra is not None:
        result.written += _write(extra, proposals_yaml(draft.proposals, target.name),
                                 force=force)
    result.report = render(draft, source.name, None if as_json else shown,
                           display_path(extra, root) if extra else None, diags, existing)
    return result


def _id_of_file(output: Path, suggested: str) -> str:
    """The plan id ``-o FILE`` names (its stem); refuse a name that cannot be a plan id."""
    stem = output.stem
    if re.fullmatch(ID_PATTERN, stem) and len(stem) <= ID_MAX:
        return stem
    fixed = slugify(stem)[:ID_MAX].strip("-") or suggested
    raise ImportFailure(
        f"tên tệp “{output.name}” không dùng được làm mã kế hoạch: mã kế hoạch chính là tên tệp "
        "(planpub validate đòi hai thứ trùng nhau) và chỉ gồm chữ thường không dấu, chữ số, dấu "
        f"gạch ngang. Cách sửa: ghi -o {output.with_name(fixed + output.suffix)}, hoặc dùng mã "
        f"văn bản gợi ý: -o {output.with_name(suggested + output.suffix)}.")


def _check_destination(path: Path, root: Path, plan_id: str, *, as_json: bool,
                       force: bool) -> None:
    """Refuse a destination outside the rules of :func:`destination.refusal`."""
    what = "dữ liệu mở (JSON)" if as_json else "bản nháp"
    problem = refusal(path, root, what=what, example=f"{plan_id}.{'json' if as_json else 'yaml'}",
                      plans_ok=not as_json and path.suffix in PLAN_SUFFIXES, force=force)
    if problem is not None:
        raise ImportFailure(problem)


def _write(path: Path, text: str, *, force: bool) -> list[Path]:
    try:
        write_new(path, text, force=force)
    except OSError as err:
        raise ImportFailure(write_failure(path, err)) from None
    return [path]


def write_failure(path: Path, err: OSError) -> str:
    """Why ``path`` could not be written, and what to do (Vietnamese)."""
    if isinstance(err, FileExistsError):
        return (f"tệp {path} vừa được tạo ra trong lúc nhập; không ghi đè. Cách sửa: chọn tệp "
                "khác bằng -o, hoặc thêm --force nếu muốn ghi đè.")
    return (f"không ghi được {path} ({reason(err)}); không có tệp nào bị ghi dở. Cách sửa: "
            "kiểm tra thư mục, quyền ghi và chỗ trống trên đĩa.")
