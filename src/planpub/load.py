"""Read plan and registry YAML safely into models, keeping the line of every node.

Nothing here trusts its input: every problem (bad bytes, bad YAML, aliases,
duplicate keys, wrong types) becomes a :class:`Diagnostic`, never an exception.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from planpub.diagnostics import Diagnostic, did_you_mean
from planpub.layout import PLAN_SUFFIXES, PLANS_DIR, registry_file
from planpub.model import Agency, LegalDoc, Locality, Plan

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it: the same nodes and marks, many times faster."""


Loc = tuple[str | int, ...]
LineMap = dict[Loc, int]
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", Agency, Locality, LegalDoc)


_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))


class _LoadError(Exception):
    def __init__(self, line: int | None, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


@dataclass
class Document:
    """A parsed YAML file: plain data plus the 1-based line of each path in it."""

    path: str
    data: Any
    lines: LineMap = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest ancestor present in the file."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _LoadError(1, "tệp được lưu bằng mã UTF-16.", "lưu lại tệp với mã hóa UTF-8.")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: drop it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _LoadError(
            line,
            f"tệp có byte không phải UTF-8 (byte 0x{raw[err.start]:02x}).",
            "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8.",
        ) from None
    if "\x00" in text:
        raise _LoadError(text[: text.index("\x00")].count("\n") + 1, "tệp chứa ký tự NUL.",
                         "đây không phải tệp văn bản YAML; kiểm tra lại tệp.")
    return text


def _yaml_error(err: yaml.YAMLError, text: str) -> _LoadError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = str(getattr(err, "problem", "") or err)
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "\\t" in problem or "\t" in source_line:
        return _LoadError(line, "dòng có ký tự TAB; YAML chỉ cho phép thụt lề bằng dấu cách.",
                          "thay mỗi TAB bằng dấu cách (2 dấu cách cho mỗi cấp).")
    if "expected a single document" in problem or "but found another document" in problem:
        return _LoadError(line, "tệp chứa nhiều tài liệu YAML (có dòng ---).",
                          "mỗi tệp chỉ chứa một kế hoạch; xóa dòng --- thừa.")
    return _LoadError(line, f"cú pháp YAML không hợp lệ ({problem}).",
                      "kiểm tra thụt lề, dấu hai chấm sau tên trường và dấu ngoặc kép ở dòng này.")


class _Builder:
    """Turn a composed YAML node graph into plain data, recording lines, refusing aliases."""

    def __init__(self) -> None:
        self.lines: LineMap = {}
        self.count = 0
        self._seen: set[int] = set()
        self._constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, loc: Loc = ()) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _LoadError(node.start_mark.line + 1, "tệp quá lớn (quá nhiều phần tử).",
                             "chia nội dung thành nhiều tệp nhỏ hơn.")
        if len(loc) > MAX_DEPTH:
            raise _LoadError(node.start_mark.line + 1, "cấu trúc lồng nhau quá sâu.",
                             "kiểm tra lại thụt lề của đoạn này.")
        if id(node) in self._seen:
            raise _LoadError(node.start_mark.line + 1,
                             "tệp dùng neo/bí danh YAML (& và *), điều này không được phép.",
                             "viết đầy đủ nội dung thay vì tham chiếu bằng * .")
        self._seen.add(id(node))
        self.lines[loc] = node.start_mark.line + 1
        if node.tag not in _PLAIN_TAGS:
            raise _LoadError(node.start_mark.line + 1, f"thẻ YAML {node.tag} không được hỗ trợ.",
                             "bỏ thẻ bắt đầu bằng ! ở dòng này.")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _LoadError(key_node.start_mark.line + 1,
                                     "tệp dùng khóa gộp YAML (<<), điều này không được phép.",
                                     "viết đầy đủ các trường.")
                key = self.build(key_node, (*loc, "__key__"))
                if not isinstance(key, str):
                    raise _LoadError(key_node.start_mark.line + 1,
                                     f"tên trường {key!r} phải là chữ.", "đặt tên trường bằng chữ.")
                if key in out:
                    raise _LoadError(key_node.start_mark.line + 1,
                                     f"trường “{key}” xuất hiện hai lần trong cùng một mục.",
                                     "giữ lại một dòng và xóa dòng lặp.")
                out[key] = self.build(value_node, (*loc, key))
            self.lines.pop((*loc, "__key__"), None)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # what the constructor returns, without its bookkeeping
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                value = self._constructor.construct_object(node)
            except ValueError:
                return node.value  # the model reports the impossible date with its line
            if isinstance(value, dt.datetime):
                return value.date()
            return value
        return self._constructor.construct_object(node)


def read_yaml(path: Path, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML file. Returns the document, or None with the reasons."""

    def fail(line: int | None, message: str, hint: str | None) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(display, line, "error", "", message, hint)]

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(None, f"tệp quá lớn ({size // 1024} KB, tối đa {MAX_BYTES // 1024} KB).",
                        "kiểm tra tệp có đúng là kế hoạch không, hoặc tách nội dung.")
        text = _decode(path.read_bytes())
        if not text.strip() or all(
            not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
        ):
            return fail(None, "tệp trống.", "điền nội dung kế hoạch hoặc xóa tệp.")
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.YAMLError as err:
            raise _yaml_error(err, text) from None
        except RecursionError:
            raise _LoadError(None, "cấu trúc lồng nhau quá sâu.", "kiểm tra lại tệp.") from None
        if node is None:
            return fail(None, "tệp trống.", "điền nội dung kế hoạch hoặc xóa tệp.")
        builder = _Builder()
        data = builder.build(node)
    except _LoadError as err:
        return fail(err.line, err.message, err.hint)
    except OSError as err:
        return fail(None, f"không đọc được tệp ({err.strerror}).",
                    "kiểm tra đường dẫn và quyền đọc.")
    return Document(display, data, builder.lines), []


# --------------------------------------------------------------------------- model errors

_KIND_VI = {
    "string_type": "phải là một chuỗi chữ",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)",
    "dict_type": "phải là một bảng các trường (tên: giá trị)",
    "model_type": "phải là một bảng các trường (tên: giá trị)",
    "model_attributes_type": "phải là một bảng các trường (tên: giá trị)",
    "date_type": "phải là một ngày (YYYY-MM-DD hoặc DD/MM/YYYY)",
    "date_parsing": "không phải là ngày hợp lệ (viết YYYY-MM-DD hoặc DD/MM/YYYY)",
    "date_from_datetime_parsing": "không phải là ngày hợp lệ hoặc ngày không tồn tại",
    "date_from_datetime_inexact": "phải là một ngày, không kèm giờ",
    "too_short": "không được để trống",
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài",
    "greater_than_equal": "nhỏ hơn giá trị cho phép",
    "less_than_equal": "lớn hơn giá trị cho phép",
}


def field_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names allowed at ``loc`` (the mapping holding the bad key)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def translate_error(err: Any, model: type[BaseModel]) -> tuple[Loc, str, str | None]:
    """A pydantic error as (location, Vietnamese message, hint)."""
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return loc, f"thiếu trường bắt buộc “{name}”.", f"thêm dòng “{name}: ...”."
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = did_you_mean(name, allowed) or (
            "các trường hợp lệ: " + ", ".join(allowed) + "." if allowed else None
        )
        return loc, f"trường “{name}” không có trong định dạng.", hint
    if kind == "string_pattern_mismatch":
        return loc, (
            f"mã “{value}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang."
            if name != "number" else f"số thứ tự “{value}” không hợp lệ."
        ), ("ví dụ: so-tu-phap-binh-duong." if name != "number" else "ví dụ: 1, 7.1, II.3.")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return loc, f"giá trị “{value}” không hợp lệ.", f"dùng một trong: {expected}."
    if kind in ("value_error", "assertion_error"):
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        text, _, hint = message.partition(" Gợi ý: ")
        return loc, text.rstrip(".") + ".", hint or None
    if kind in _KIND_VI:
        shown = "" if isinstance(value, dict | list) else f" (đang là “{value}”)"
        return loc, f"giá trị {_KIND_VI[kind]}{shown}.", None
    return loc, f"giá trị không hợp lệ: {err['msg']}.", None


def validate_model(doc: Document, model: type[M], context: dict[str, Any] | None = None,
                   base: Loc = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``doc.data`` (or the part at ``base``) against ``model``."""
    data: Any = doc.data
    for part in base:
        data = data[part]
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc, message, hint = translate_error(err, model)
            full = (*base, *loc)
            out.append(Diagnostic(doc.path, doc.line_of(full), "error", field_path(full), message,
                                  hint))
        return None, out


# --------------------------------------------------------------------------- repository


@dataclass
class LoadedPlan:
    """A validated plan with where it came from."""

    plan: Plan
    doc: Document


@dataclass
class Registry:
    """Agencies, localities and legal documents, by id."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    localities: dict[str, Locality] = field(default_factory=dict)
    documents: dict[str, LegalDoc] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)  # registry file name -> parsed file
    where: dict[tuple[str, str], tuple[str, int | None]] = field(default_factory=dict)


def _load_entries(root: Path, name: str, model: type[E], registry: Registry,
                  out: dict[str, E]) -> list[Diagnostic]:
    rel = registry_file(name)
    path = root / rel
    if not path.exists():
        return [Diagnostic(rel, None, "error", "", "không tìm thấy tệp danh mục.",
                           f"tạo tệp {rel} (một danh sách YAML).")]
    doc, diags = read_yaml(path, rel)
    if doc is None:
        return diags
    registry.docs[name] = doc
    if not isinstance(doc.data, list):
        return [Diagnostic(rel, 1, "error", "", "tệp danh mục phải là một danh sách (- id: ...).",
                           None)]
    for i, _ in enumerate(doc.data):
        entry, errs = validate_model(doc, model, base=(i,))
        diags.extend(errs)
        if entry is None:
            continue
        ident = entry.id
        line = doc.line_of((i,))
        if ident in out:
            first = registry.where[(name, ident)]
            diags.append(Diagnostic(rel, line, "error", f"[{i + 1}].id",
                                    f"mã “{ident}” trùng với mục ở dòng {first[1]}.",
                                    "đặt mã khác hoặc gộp hai mục."))
            continue
        out[ident] = entry
        registry.where[(name, ident)] = (rel, line)
    return diags


def load_registry(root: Path) -> tuple[Registry, list[Diagnostic]]:
    """Load ``registry/*.yaml`` under ``root``."""
    registry = Registry()
    diags = _load_entries(root, "localities", Locality, registry, registry.localities)
    diags += _load_entries(root, "agencies", Agency, registry, registry.agencies)
    diags += _load_entries(root, "documents", LegalDoc, registry, registry.documents)
    return registry, diags


def load_plan(path: Path, display: str) -> tuple[LoadedPlan | None, list[Diagnostic]]:
    """Read and validate one plan file."""
    doc, diags = read_yaml(path, display)
    if doc is None:
        return None, diags
    if not isinstance(doc.data, dict):
        return None, [Diagnostic(display, 1, "error", "", "kế hoạch phải là một bảng các trường.",
                                 "bắt đầu tệp bằng “id: ...”, “title: ...”.")]
    year = doc.data.get("year")
    context = {"year": year if isinstance(year, int) else None}
    plan, errs = validate_model(doc, Plan, context=context)
    diags += errs
    if plan is None:
        return None, diags
    if path.stem != plan.id:
        diags.append(Diagnostic(display, doc.line_of(("id",)), "error", "id",
                                f"mã kế hoạch “{plan.id}” khác tên tệp “{path.name}”.",
                                f"đổi tên tệp thành {plan.id}.yaml hoặc sửa id."))
    return LoadedPlan(plan, doc), diags


def plan_files(root: Path, paths: Sequence[Path] | None = None) -> list[Path]:
    """The plan files named by ``paths`` (files or folders), default ``root/plans``."""
    targets = list(paths) if paths else [root / PLANS_DIR]
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(sorted(p for p in target.rglob("*") if p.suffix in PLAN_SUFFIXES))
        else:
            files.append(target)
    return files


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, for messages."""
    return _shown(path, root.resolve())


def _shown(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)


@dataclass
class LoadCache:
    """Plans loaded by an earlier run, reused while their file is unchanged.

    ``mkdocs serve`` keeps one across rebuilds, so saving one plan re-reads one
    file. ``changed`` holds the display paths read anew (or gone) in the last run.
    """

    entries: dict[str, tuple[tuple[int, int], LoadedPlan | None, list[Diagnostic]]] = field(
        default_factory=dict)
    changed: set[str] = field(default_factory=set)
    checks: dict[int, list[Diagnostic]] = field(default_factory=dict)
    """Per-plan check results by ``id()`` of the cached :class:`LoadedPlan` (see validate)."""


def load_plans(root: Path, files: Iterable[Path], cache: LoadCache | None = None
               ) -> tuple[list[LoadedPlan], list[Diagnostic]]:
    """Load many plan files; a missing file is a diagnostic too."""
    plans: list[LoadedPlan] = []
    diags: list[Diagnostic] = []
    base = root.resolve()  # once, not once per file
    seen: set[str] = set()
    if cache is not None:
        cache.changed = set()
    with _bulk():
        for path in files:
            shown = _shown(path, base)
            seen.add(shown)
            try:
                info = path.stat()
            except OSError:
                diags.append(Diagnostic(shown, None, "error", "", "không tìm thấy tệp.",
                                        "kiểm tra đường dẫn."))
                continue
            stamp = (info.st_mtime_ns, info.st_size)
            hit = cache.entries.get(shown) if cache is not None else None
            if hit is not None and hit[0] == stamp:
                loaded, errs = hit[1], hit[2]
            else:
                loaded, errs = load_plan(path, shown)
                if cache is not None:
                    cache.entries[shown] = (stamp, loaded, errs)
                    cache.changed.add(shown)
            diags += errs
            if loaded is not None:
                plans.append(loaded)
    if cache is not None:
        for gone in set(cache.entries) - seen:
            del cache.entries[gone]
            cache.changed.add(gone)
        live = {id(e[1]) for e in cache.entries.values() if e[1] is not None}
        cache.checks = {k: v for k, v in cache.checks.items() if k in live}
    return plans, diags


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cycle collector while loading: the loaded plans are trees that live until
    the end of the run, and re-scanning them on every collection costs a fifth of the load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
