"""One import, end to end: read, recognise, draft, write, check, report."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from planpub.catalog import Catalog
from planpub.diagnostics import Diagnostic
from planpub.importer.agencies import load_abbreviations
from planpub.importer.draft import Draft, build_draft
from planpub.importer.reader import read_source
from planpub.importer.report import render
from planpub.importer.structure import outline
from planpub.importer.writer import check_draft, plan_yaml, proposals_yaml
from planpub.layout import PLANS_DIR
from planpub.load import display_path, load_plans, load_registry, plan_files
from planpub.model import ID_PATTERN, Plan


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
    plans = (root / PLANS_DIR).resolve()
    folder = target.resolve().parent
    if folder == plans or plans in folder.parents:
        return root / name
    return target.parent / name


def run(source: Path, root: Path, output: Path | None = None, *, force: bool = False,
        as_json: bool = False) -> Result:
    """Import ``source`` into a draft; write it (YAML, or JSON with ``as_json``)."""
    blocks = read_source(source)
    registry, _ = load_registry(root)
    plans, _ = load_plans(root, plan_files(root))
    draft = build_draft(outline(blocks), registry, load_abbreviations(root),
                        [p.plan for p in plans])
    if output is not None and re.fullmatch(ID_PATTERN, output.stem) and not as_json \
            and output.stem != draft.plan["id"]:
        draft.findings.header.append(f"Mã kế hoạch lấy theo tên tệp: {output.stem} (mã gợi ý "
                                     f"từ văn bản: {draft.plan['id']}).")
        draft.plan["id"] = output.stem
    plan_id = draft.plan["id"]
    target = output or Path.cwd() / f"{plan_id}.yaml"
    extra = proposals_path(target, root) if draft.proposals and not as_json else None
    for path in (p for p in (target, extra) if p is not None):
        if (output is not None or not as_json) and path.exists() and not force:
            raise ImportFailure(f"tệp {path} đã có; không ghi đè. Chọn tệp khác bằng -o, "
                                "hoặc thêm --force nếu muốn ghi đè.")
    text = plan_yaml(draft.plan, source.name)
    existing = next((display_path(p, root) for p in plan_files(root)
                     if p.stem == plan_id and p.resolve() != target.resolve()), None)
    shown = display_path(target, root)
    with tempfile.TemporaryDirectory() as tmp:
        check = target if not as_json else Path(tmp) / f"{plan_id}.yaml"
        written = _write(check, text)
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
        result.written += _write(extra, proposals_yaml(draft.proposals, target.name))
    result.report = render(draft, source.name, None if as_json else shown,
                           display_path(extra, root) if extra else None, diags, existing)
    return result


def _write(path: Path, text: str) -> list[Path]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ImportFailure(f"không ghi được {path} ({err.strerror}); kiểm tra thư mục và "
                            "quyền ghi.") from None
    return [path]
