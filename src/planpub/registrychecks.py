"""Registry-wide checks: cycles, and the 2025 reorganisation (:func:`check_registry`).

Cycles: successors, parents and replacements that lead back to themselves. A chain of
successors must end at a body that still exists, a chain of parents at the top, a chain
of replacements at the document in force; a loop in any of them leaves readers (and
:class:`planpub.catalog.Catalog`) with no answer. :func:`find_cycles` is also what
:mod:`planpub.checks` uses for plans that implement each other.

The reorganisation: what replaced a body that ceased, the document that made the change,
and localities against the official list of units (:mod:`planpub.adminunits`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from planpub import adminunits
from planpub.catalog import successor_ids
from planpub.diagnostics import Diagnostic, Level, did_you_mean
from planpub.layout import registry_file
from planpub.load import Registry
from planpub.modelerrors import field_path
from planpub.registrymodel import Agency, Locality
from planpub.slug import fold, nfc
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
        graph = {ident: _targets(getattr(entry, attr)) + (
                     list(getattr(entry, "successors", ())) if attr == "successor" else [])
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



# --------------------------------------------------------------------------- 2025 reorganisation

_DATASET = "danh mục đơn vị hành chính từ 01/07/2025 (gói vietnam-provinces)"
_CONVERTER = "bảng chuyển đổi địa bàn cũ – mới (gói vietnamadminunits)"


def check_registry(registry: Registry) -> list[Diagnostic]:
    """Every registry-wide check: cycles, then the 2025 reorganisation."""
    return check_registry_cycles(registry) + check_reorganisation(registry)


def check_reorganisation(registry: Registry) -> list[Diagnostic]:
    """Successors, the documents that made a change, and localities against the dataset.

    - ``successors`` and ``changed_by`` name registered entries (errors);
    - an entry that ceased (``valid_until``) names its successor(s) or says in
      ``successor_note`` that it has several, with the rule, or that it is unverified
      (warning);
    - a locality's ``code`` is a current unit of the dataset, of the same kind and name
      (errors; a difference in diacritics or case only is a warning);
    - a ceased locality's successors agree with the converter (warning).

    The dataset and the converter's tables load only when an entry needs them.
    """
    out: list[Diagnostic] = []
    for name, noun, kinds in (("localities", "địa bàn", "localities"),
                              ("agencies", "cơ quan", "agencies")):
        doc = registry.docs.get(name)
        if doc is None or not isinstance(doc.data, list):
            continue
        pos = positions(doc)
        entries: Mapping[str, Locality | Agency] = getattr(registry, kinds)
        for entry in entries.values():
            if entry.id in pos:
                out += _entry_links(registry, doc, pos[entry.id], entry, noun)
    doc = registry.docs.get("localities")
    if doc is not None and isinstance(doc.data, list):
        try:
            out += _dataset_checks(registry, doc)
        except (ImportError, OSError, ValueError) as err:  # a broken install, not the data
            out.append(Diagnostic(doc.path, None, "warning", "code",
                                  f"không đọc được {_DATASET}: {err}.",
                                  "cài lại planpub (pip install -e .) rồi chạy lại."))
    return out


def _entry_links(registry: Registry, doc: Document, idx: int, entry: Locality | Agency,
                 noun: str) -> list[Diagnostic]:
    out = []
    known: Mapping[str, object] = (registry.localities if isinstance(entry, Locality)
                                   else registry.agencies)
    for field, targets, where in (("successors", entry.successors, known),
                                  ("changed_by", entry.changed_by, registry.documents)):
        for j, target in enumerate(targets):
            if target in where or target in registry.unread:
                continue
            at = (idx, field, j)
            what, file = ((noun, doc.path) if field == "successors"
                          else ("văn bản", registry_file("documents")))
            out.append(Diagnostic(doc.path, doc.line_of(at), "error", field_path(at),
                                  f"{what} “{target}” không có trong danh mục.",
                                  did_you_mean(target, where)
                                  or f"thêm mục vào {file} hoặc sửa mã."))
    if entry.valid_until and not (entry.successor or entry.successors or entry.successor_note):
        out.append(Diagnostic(
            doc.path, doc.line_of((idx, "valid_until")), "warning", field_path((idx, "successor")),
            f"{noun} “{entry.name}” đã chấm dứt sau ngày {entry.valid_until:%d/%m/%Y} nhưng "
            "danh mục không ghi đơn vị kế thừa, cũng không nói vì sao: người đọc không biết "
            "nay hỏi ai.",
            "ghi successor (một đơn vị), successors (nhiều đơn vị), hoặc successor_note: có "
            "nhiều đơn vị kế thừa và quy tắc xác định, hay “chưa xác minh”; ghi changed_by là "
            "văn bản đã sắp xếp."))
    return out


def _dataset_checks(registry: Registry, doc: Document) -> list[Diagnostic]:
    out = []
    pos = positions(doc)
    coded: dict[int, str] = {}
    for loc in registry.localities.values():
        if loc.id not in pos:
            continue
        idx = pos[loc.id]
        if loc.code is not None:
            out += _code_checks(registry, doc, idx, loc, coded)
        if loc.valid_until is not None:
            out += _successor_checks(registry, doc, idx, loc)
    return out


def _code_checks(registry: Registry, doc: Document, idx: int, loc: Locality,
                 coded: dict[int, str]) -> list[Diagnostic]:
    code = loc.code
    assert code is not None
    at: tuple[int, str] = (idx, "code")

    def diag(level: Level, message: str, hint: str) -> list[Diagnostic]:
        return [Diagnostic(doc.path, doc.line_of(at), level, field_path(at), message, hint)]

    if loc.kind not in adminunits.PROVINCE_KINDS | adminunits.COMMUNE_KINDS:
        return diag("error", f"địa bàn loại “{loc.kind}” không có mã trong {_DATASET}: "
                    "chỉ tỉnh, thành phố và xã, phường, đặc khu hiện nay có mã.", "bỏ code.")
    if loc.valid_until is not None:
        return diag("error", f"“{loc.name}” đã chấm dứt sau ngày {loc.valid_until:%d/%m/%Y} "
                    f"nhưng ghi code {code}, là mã của đơn vị hiện nay.",
                    "bỏ code (ghi mã ở đơn vị kế thừa), hoặc bỏ valid_until nếu đơn vị còn "
                    "tồn tại.")
    if code in coded:
        return diag("error", f"mã {code} đã dùng cho địa bàn “{coded[code]}”.",
                    "mỗi đơn vị hành chính một mục; gộp hai mục hoặc sửa mã.")
    coded[code] = loc.id
    unit = adminunits.by_code(loc.kind, code)
    if unit is None:
        other = adminunits.by_code("ward" if loc.kind in adminunits.PROVINCE_KINDS
                                   else "province", code)
        found = adminunits.find(loc.name)
        hint = (f"mã {code} là của {other.full_name}; " if other else "") + (
            "mã đúng theo tên: " + ", ".join(f"{u.full_name} ({u.code})" for u in found[:5])
            if found else "tra mã trong danh mục và sửa lại.")
        return diag("error", f"không có {_level(loc.kind)} nào mã {code} trong {_DATASET}.",
                    hint + ".")
    if unit.kind != loc.kind:
        return diag("error", f"mã {code} là của {unit.full_name}, loại “{unit.kind}”, không "
                    f"phải “{loc.kind}”.", f"sửa kind thành {unit.kind}, hoặc sửa mã.")
    if nfc(loc.name).casefold() != unit.full_name.casefold():
        same = fold(loc.name) == fold(unit.full_name)
        return diag("warning" if same else "error",
                    f"tên “{loc.name}” khác tên trong {_DATASET} của mã {code}: "
                    f"“{unit.full_name}”" + (" (chỉ khác dấu)." if same else "."),
                    f"ghi đúng tên “{unit.full_name}”, hoặc sửa mã nếu nhầm đơn vị.")
    parent = registry.localities.get(loc.parent or "")
    if (unit.province_code is not None and parent is not None and parent.code is not None
            and parent.code != unit.province_code):
        owner = adminunits.province(unit.province_code)
        return diag("warning", f"{unit.full_name} (mã {code}) thuộc "
                    f"{owner.full_name if owner else unit.province_code}, không thuộc "
                    f"“{parent.name}” (parent).", "sửa parent hoặc sửa mã.")
    return []


def _level(kind: str) -> str:
    return "tỉnh, thành phố" if kind in adminunits.PROVINCE_KINDS else "xã, phường, đặc khu"


def _successor_checks(registry: Registry, doc: Document, idx: int, loc: Locality
                      ) -> list[Diagnostic]:
    chain = []
    seen: set[str] = set()
    item: Locality | None = loc
    while item is not None and item.id not in seen:
        seen.add(item.id)
        chain.append((item.kind, item.name))
        item = registry.localities.get(item.parent or "")
    found = adminunits.successors(chain)
    if found is None:
        return []  # the converter does not know it: the registry may add what it lacks
    named = successor_ids(loc)
    units = {u.code: u for u in found.units}
    listed = ", ".join(f"{u.full_name} ({u.code})" for u in found.units)
    said = f"theo {_CONVERTER}, “{loc.name}” nay là {listed}"
    field = "successors" if loc.successors else "successor"
    at: tuple[int, str] = (idx, field)
    out = []
    for ident in named:
        target = registry.localities.get(ident)
        if target is None:
            continue
        unit = adminunits.by_code(target.kind, target.code) if target.code else None
        if unit is None:
            unit = next((u for u in found.units if fold(u.full_name) == fold(target.name)), None)
        if unit is None or unit.code not in units or unit.kind != target.kind:
            out.append(Diagnostic(doc.path, doc.line_of(at), "warning", field_path(at),
                                  f"{said}; “{target.name}” ({ident}) không nằm trong số đó.",
                                  "đối chiếu với nghị quyết sắp xếp và sửa đơn vị kế thừa; "
                                  "ghi code chính thức cho đơn vị kế thừa."))
    if found.several and len(named) < len(found.units) and not loc.successor_note:
        out.append(Diagnostic(doc.path, doc.line_of(at), "warning", field_path(at),
                              f"{said}: địa bàn được chia cho {len(found.units)} đơn vị, danh "
                              f"mục chỉ ghi {len(named)}.",
                              "ghi successor_note: có nhiều đơn vị kế thừa và quy tắc xác định "
                              "(xã, phường cũ nào về đơn vị mới nào)."))
    if not named and not found.several:
        out.append(Diagnostic(doc.path, doc.line_of(at), "warning", field_path(at),
                              f"{said}, nhưng danh mục chưa ghi đơn vị kế thừa.",
                              f"thêm mục {found.units[0].full_name} (code: "
                              f"{found.units[0].code}) và ghi nó ở successor."))
    return out
