"""Cycles in the registries: successors, parents and replacements that lead back to themselves.

A chain of successors must end at a body that still exists, a chain of parents at the
top, a chain of replacements at the document in force; a loop in any of them leaves
readers (and :class:`planpub.catalog.Catalog`) with no answer. :func:`find_cycles` is
also what :mod:`planpub.checks` uses for plans that implement each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from planpub.diagnostics import Diagnostic
from planpub.load import Registry
from planpub.modelerrors import field_path
from planpub.yamlsrc import Document


def find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each cycle of ``graph`` once, as its nodes in order (without repeating the first).

    A cycle starts at its node that comes first in ``graph``'s order. Iterative, so a
    chain of any length cannot exhaust the stack.
    """
    order = {node: i for i, node in enumerate(graph)}
    done: set[str] = set()
    seen: set[frozenset[str]] = set()
    out: list[list[str]] = []
    for root in graph:
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root: 0}
        stack: list[Iterator[str]] = [iter(graph.get(root, ()))]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                node = path.pop()
                del on_path[node]
                done.add(node)
                continue
            if target in on_path:
                cycle = path[on_path[target]:]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    first = min(range(len(cycle)), key=lambda i: order.get(cycle[i], len(order)))
                    out.append(cycle[first:] + cycle[:first])
            elif target not in done and target in graph:
                on_path[target] = len(path)
                path.append(target)
                stack.append(iter(graph.get(target, ())))
    return out


class _Relation(NamedTuple):
    registry: str
    field: str
    kind: str  # what an entry is
    noun: str  # what the field names
    meaning: str  # what the field means, for the hint
    end: str  # where a chain of the field must end


_RELATIONS = (
    _Relation("localities", "parent", "địa bàn", "địa bàn cấp trên",
              "parent là đơn vị hành chính cấp trên trực tiếp (xã → tỉnh → vn)", "cấp trên cùng"),
    _Relation("localities", "successor", "địa bàn", "đơn vị kế thừa",
              "successor là đơn vị hành chính nhận lại địa bàn khi đơn vị này chấm dứt",
              "đơn vị còn tồn tại"),
    _Relation("agencies", "parent", "cơ quan", "cơ quan cấp trên",
              "parent là cơ quan cấp trên trực tiếp (Sở → Ủy ban nhân dân tỉnh)",
              "cơ quan cấp trên cùng"),
    _Relation("agencies", "successor", "cơ quan", "cơ quan kế nhiệm",
              "successor là cơ quan nhận lại nhiệm vụ khi cơ quan này chấm dứt hoạt động",
              "cơ quan còn hoạt động"),
    _Relation("documents", "replaced_by", "văn bản", "văn bản thay thế",
              "replaced_by là văn bản ban hành sau, thay thế văn bản này",
              "văn bản đang có hiệu lực"),
    _Relation("documents", "amended_by", "văn bản", "văn bản sửa đổi",
              "amended_by là các văn bản ban hành sau, sửa đổi văn bản này",
              "văn bản sửa đổi sau cùng"),
)


def positions(doc: Document) -> dict[str, int]:
    """Registry entry id → its index in the file (the first entry, as the registry keeps it)."""
    out: dict[str, int] = {}
    for i, item in enumerate(doc.data if isinstance(doc.data, list) else ()):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out.setdefault(item["id"], i)
    return out


def _targets(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def check_registry_cycles(registry: Registry) -> list[Diagnostic]:
    """One error per loop of parents, successors or replacements, at its first entry.

    The error names every entry of the loop once, with its line, so the officer can
    choose which link is wrong.
    """
    out: list[Diagnostic] = []
    entries: dict[str, Mapping[str, object]] = {
        "localities": registry.localities, "agencies": registry.agencies,
        "documents": registry.documents}
    for rel in _RELATIONS:
        name, attr = rel.registry, rel.field
        doc = registry.docs.get(name)
        if doc is None or not isinstance(doc.data, list):
            continue
        pos = positions(doc)
        graph = {ident: _targets(getattr(entry, attr))
                 for ident, entry in entries[name].items() if ident in pos}
        for cycle in find_cycles(graph):
            loc = (pos[cycle[0]], attr)
            hint = f"{rel.meaning}; sửa hoặc bỏ {attr} ở mục sai."
            if len(cycle) == 1:
                message = f"{rel.kind} “{cycle[0]}” ghi chính nó là {rel.noun} ({attr})."
            else:
                hops = " → ".join(f"“{ident}” (dòng {doc.line_of((pos[ident], attr))})"
                                  for ident in cycle)
                message = (f"{rel.noun} ({attr}) nối thành vòng: {hops} → “{cycle[0]}”; "
                           f"vòng này không bao giờ dẫn tới {rel.end}.")
            out.append(Diagnostic(doc.path, doc.line_of(loc), "error", field_path(loc),
                                  message, hint))
    return out

