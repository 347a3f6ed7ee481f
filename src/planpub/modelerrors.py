"""Pydantic's validation errors as Vietnamese messages with file, line and field.

Every error type a plan or registry file can cause has its own wording; anything
else still reads as Vietnamese (pydantic's English message is never shown).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from planpub.diagnostics import Diagnostic, did_you_mean, did_you_mean_field
from planpub.fieldtypes import DAYS_HINT, ID_PATTERN, number, too_long
from planpub.model import Plan, Roles
from planpub.yamlsrc import Document, Loc

M = TypeVar("M", bound=BaseModel)

_TABLE_HINT = ("viết các trường ở các dòng bên dưới, mỗi dòng “tên: giá trị”, lùi vào hai dấu "
               "cách; hoặc trên một dòng: {tên: giá trị, tên: giá trị}.")
_KIND_HINTS = {
    "list_type": "viết mỗi mục trên một dòng bắt đầu bằng “- ”, lùi vào hai dấu cách dưới tên "
                 "trường; hoặc trên một dòng: [mục 1, mục 2].",
    "dict_type": _TABLE_HINT,
    "model_type": _TABLE_HINT,
    "date_type": "viết ngày dạng YYYY-MM-DD (2025-12-20) hoặc DD/MM/YYYY (20/12/2025).",
    "date_parsing": "viết ngày dạng YYYY-MM-DD (2025-12-20) hoặc DD/MM/YYYY (20/12/2025).",
    "date_from_datetime_parsing": DAYS_HINT,
}
"""How to fix a value of the wrong kind, where one sentence fits every field."""

_KIND_VI = {
    "string_type": "phải là một chuỗi chữ",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "finite_number": "phải là một số nguyên bình thường (không phải .inf, .nan hay số quá lớn)",
    "float_type": "phải là một số",
    "float_parsing": "phải là một số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)",
    "dict_type": "phải là một bảng các trường (tên: giá trị)",
    "model_type": "phải là một bảng các trường (tên: giá trị)",
    "model_attributes_type": "phải là một bảng các trường (tên: giá trị)",
    "date_type": "phải là một ngày (YYYY-MM-DD hoặc DD/MM/YYYY)",
    "date_parsing": "không phải là ngày hợp lệ (viết YYYY-MM-DD hoặc DD/MM/YYYY)",
    "date_from_datetime_parsing": "không phải là ngày hợp lệ hoặc ngày không tồn tại",
    "date_from_datetime_inexact": "phải là một ngày viết dạng YYYY-MM-DD hoặc DD/MM/YYYY, "
                                  "không kèm giờ",
    "too_short": "không được để trống",
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài",
}

_LIMIT_VI = {
    "greater_than_equal": ("ge", "nhỏ hơn mức thấp nhất được phép"),
    "greater_than": ("gt", "phải lớn hơn"),
    "less_than_equal": ("le", "lớn hơn mức cao nhất được phép"),
    "less_than": ("lt", "phải nhỏ hơn"),
}
_AGENCY_LISTS = frozenset({*Roles, "actors", "members"})


def _shown(value: Any) -> str:
    """``value`` as the YAML author wrote it, cut when long."""
    if value is None:
        return "null (để trống)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value != value:
        return ".nan"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    shown = str(value)
    return shown if len(shown) <= 80 else shown[:80] + "…"


def _expected(ctx: dict[str, Any]) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` as ``a, b hoặc c``."""
    words = [w.strip().strip("'\"") for w in str(ctx.get("expected", "")).split(",")]
    if words and " or " in words[-1]:
        words[-1:] = [w.strip().strip("'\"") for w in words[-1].split(" or ")]
    return ", ".join(words[:-1]) + " hoặc " + words[-1] if len(words) > 1 else words[0]


def _list_too_long(name: str, ctx: dict[str, Any]) -> tuple[str, str]:
    actual, limit = int(ctx.get("actual_length") or 0), int(ctx.get("max_length") or 0)
    text = f"danh sách có {number(actual)} mục, tối đa {number(limit)} mục."
    if name in _AGENCY_LISTS:
        hint = ("nếu nhiều cơ quan cùng làm một việc, khai báo một nhóm cơ quan (kind: group, "
                "members) trong registry/agencies.yaml rồi ghi mã của nhóm.")
    else:
        hint = ("bớt các mục thừa hoặc lặp lại; nếu văn bản gốc thật sự dài như vậy, báo cho "
                "người quản trị trang.")
    return text, hint


def field_path(loc: Loc, data: Any = None) -> str:
    """``loc`` as a message names it: ``tasks[3].lead``. With the file's ``data``, an entry of
    a registry (a list of mappings with a valid ``id``) is named by its id:
    ``so-tu-phap-quang-ngai.phone`` rather than ``[41].phone``."""
    out = ""
    for i, part in enumerate(loc):
        if i == 0 and isinstance(part, int) and (ident := _entry_id(data, part)):
            out = ident
        elif isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _entry_id(data: Any, index: int) -> str | None:
    entry = data[index] if isinstance(data, list) and 0 <= index < len(data) else None
    ident = entry.get("id") if isinstance(entry, dict) else None
    return ident if isinstance(ident, str) and re.fullmatch(ID_PATTERN, ident) else None


def _text_hint(kind: str, name: str, value: Any) -> str | None:
    """How to fix a text field given something else, or left empty."""
    field = f"“{name}:”" if name else "dấu “:”"
    if kind == "string_too_short":
        return (f"ghi giá trị sau {field}; nếu chưa có thông tin và trường này không bắt buộc, "
                "xóa cả dòng.")
    if kind == "too_short":
        return "thêm ít nhất một mục; nếu trường này không bắt buộc, có thể xóa cả dòng."
    if kind != "string_type":
        return None
    if isinstance(value, list):
        several = ("nhiều số thì ghi trên cùng một dòng, cách nhau bằng dấu “;”, ví dụ "
                   'phone: "0255 3712 345; 0255 3712 346"' if name == "phone" else
                   "nếu có nhiều ý, nối chúng trên cùng một dòng, ví dụ bằng dấu “;”")
        return (f"viết giá trị trên cùng một dòng sau {field}, không dùng danh sách (các dòng "
                f"“- ” hay dấu [ ]); {several}.")
    if isinstance(value, dict):
        return (f"viết giá trị trên cùng một dòng sau {field}, không thêm dòng con; nếu giá trị "
                "có dấu “: ” thì đặt cả giá trị trong ngoặc kép (\"…\").")
    if isinstance(value, bool | int | float):
        shown = f'{name}: "{_shown(value)}"' if name else f'"{_shown(value)}"'
        return (f"đặt giá trị trong ngoặc kép, ví dụ {shown}, để YAML giữ nguyên đúng như đã "
                "viết, kể cả số 0 ở đầu (YAML đọc chữ số không có ngoặc kép thành một con số).")
    if value is None:
        return f"ghi giá trị sau {field}, hoặc xóa cả dòng nếu trường này không bắt buộc."
    return None


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
        hint = did_you_mean_field(name, allowed) or (
            "các trường hợp lệ: " + ", ".join(allowed) + "." if allowed else None
        )
        return loc, f"trường “{name}” không có trong định dạng.", hint
    if kind == "string_pattern_mismatch":
        return loc, (
            f"mã “{value}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang."
            if name not in ("number", "task") else f"số thứ tự “{value}” không hợp lệ."
        ), ("ví dụ: so-tu-phap-binh-duong." if name not in ("number", "task")
            else "ghi đúng số như kế hoạch in, ví dụ: 1, 7.1, II.3.")
    if kind == "literal_error":
        close = did_you_mean(str(value), re.findall(r"'([^']*)'", err.get("ctx", {}).get(
            "expected", "")))
        choices = f"{'Dùng' if close else 'dùng'} một trong: {_expected(err.get('ctx', {}))}."
        return loc, f"giá trị “{_shown(value)}” không hợp lệ.", f"{close} {choices}".strip()
    if kind == "string_too_long" and isinstance(value, str):
        limit = err.get("ctx", {}).get("max_length", 0)
        text, _, hint = too_long(len(value), int(limit), plan=model is Plan).partition(
            " Gợi ý: ")
        return loc, text, hint
    if kind == "too_long":
        text, hint = _list_too_long(name, err.get("ctx", {}))
        return loc, text, hint
    if kind in _LIMIT_VI:
        key, words = _LIMIT_VI[kind]
        limit = err.get("ctx", {}).get(key, "")
        return loc, f"giá trị “{_shown(value)}” {words} ({limit}).", None
    if kind in ("value_error", "assertion_error"):
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        text, _, hint = message.partition(" Gợi ý: ")
        return loc, text.rstrip(".") + ".", hint or None
    if kind in _KIND_VI:
        shown = "" if isinstance(value, dict | list) else f" (đang là “{_shown(value)}”)"
        text_name = name if loc and isinstance(loc[-1], str) else ""
        return loc, f"giá trị {_KIND_VI[kind]}{shown}.", _KIND_HINTS.get(kind) or _text_hint(
            kind, text_name, value)
    shown = "" if isinstance(value, dict | list) else f" “{_shown(value)}”"
    return loc, f"giá trị{shown} không hợp lệ.", "ghi trường này giống các mục đúng trong tệp."


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
            out.append(Diagnostic(doc.path, doc.line_of(full), "error",
                                  field_path(full, doc.data), message, hint))
        return None, out
