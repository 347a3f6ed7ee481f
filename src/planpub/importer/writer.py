"""Write a draft as a readable plan file, and check it as ``planpub validate`` would.

The YAML keeps the model's key order, block style, Unicode as is, and long
prose as literal blocks (``|``). The check loads the registry with the proposed
agencies added, so the officer learns what else is wrong before accepting them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from planpub import adminunits
from planpub.catalog import Catalog, build_catalog
from planpub.diagnostics import Diagnostic
from planpub.importer.agencies import Proposal
from planpub.load import LoadedPlan, Registry, load_plan
from planpub.model import Headings, Plan, Signature, Task
from planpub.repochecks import check_catalog

SCHEMA_LINE = "# yaml-language-server: $schema=plan.schema.json"  # as plans/ files start
_LONG = 90


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key; literal blocks for long text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value or len(value) > _LONG:
        text = "\n".join(line.rstrip() for line in value.split("\n"))
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dt.date, _date)


def _ordered(data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    order = list(fields)
    return {k: data[k] for k in sorted(data, key=lambda k: order.index(k) if k in order else 99)}


def _order_task(task: dict[str, Any]) -> dict[str, Any]:
    out = _ordered(task, Task.model_fields)
    if "subtasks" in out:
        out["subtasks"] = [_order_task(t) for t in out["subtasks"]]
    return out


def plan_yaml(plan: dict[str, Any], source: str) -> str:
    """The plan file text."""
    data = _ordered(plan, Plan.model_fields)
    data["tasks"] = [_order_task(t) for t in data["tasks"]]
    if isinstance(data.get("signature"), dict):
        data["signature"] = _ordered(data["signature"], Signature.model_fields)
    if isinstance(data.get("headings"), dict):
        data["headings"] = _ordered(data["headings"], Headings.model_fields)
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100, indent=2)
    header = [SCHEMA_LINE,
              f"# Bản nháp do “planpub import” tạo từ {source}.",
              "# Hãy đối chiếu với văn bản gốc trước khi chuyển vào plans/."]
    return "\n".join(header) + "\n" + body


def proposals_yaml(proposals: Iterable[Proposal], plan_file: str) -> str:
    """The proposed registry entries, ready to move into ``registry/agencies.yaml``."""
    lines = [
        f"# Cơ quan mà {plan_file} nhắc tới nhưng chưa có trong registry/agencies.yaml.",
        "# Kiểm tra từng mục (tên chính thức, loại, địa bàn; gộp với mục đã có nếu trùng),",
        "# rồi chép vào registry/agencies.yaml và xóa tệp này.",
    ]
    for proposal in proposals:
        entry = proposal.entry()
        text = yaml.dump([entry], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                         default_flow_style=False, width=100, indent=2)
        if proposal.locality_name:
            lines.append(f"# Địa bàn: {proposal.locality_name} — chưa có trong "
                         "registry/localities.yaml; thêm địa bàn rồi ghi mã vào locality.")
            lines.append(place_hint(proposal.locality_name))
        lines.append(text.rstrip("\n"))
    return "\n".join(lines) + "\n"


def place_hint(name: str) -> str:
    """What the national list of administrative units says of a place the registry lacks."""
    found = adminunits.find(name)
    if not found:
        return (f"# {name} không có trong danh mục đơn vị hành chính sau 01/7/2025: có thể là "
                "đơn vị đã sắp xếp; ghi valid_until, successor và changed_by khi thêm.")
    described = []
    for unit in found[:5]:
        above = adminunits.province(unit.province_code) if unit.province_code else None
        described.append(f"{unit.full_name} (code: {unit.code}"
                         + (f", thuộc {above.full_name})" if above else ")"))
    return "# Theo danh mục đơn vị hành chính hiện hành: " + "; ".join(described) + "."


def check_draft(registry: Registry, plans: Sequence[LoadedPlan], draft: Path, display: str,
                proposals: Iterable[Proposal]) -> tuple[Catalog, LoadedPlan | None,
                                                          list[Diagnostic]]:
    """Validate ``draft`` against the repository, as if the proposals were accepted.

    A plan already in ``plans/`` with the draft's id (the same document imported
    before) is left out, so the draft is checked on its own merits.
    """
    agencies = dict(registry.agencies)
    for proposal in proposals:
        agencies.setdefault(proposal.id, proposal.agency())
    world = replace(registry, agencies=agencies, docs={})  # registry files: not our concern
    loaded, diags = load_plan(draft, display)
    others = [p for p in plans if loaded is None or p.plan.id != loaded.plan.id]
    catalog = build_catalog(world, [*others, *([loaded] if loaded else [])])
    diags += [d for d in check_catalog(catalog) if d.path == display]
    return catalog, loaded, sorted(set(diags), key=lambda d: (d.line or 0, d.field, d.message))
