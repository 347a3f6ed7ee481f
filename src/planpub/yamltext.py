"""A YAML file's bytes as text, and what PyYAML and libyaml say is wrong with it, in
Vietnamese: the reader's (:mod:`planpub.yamlsrc`) refusals, each with a line and a fix."""

from __future__ import annotations

import re
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class LoadError(Exception):
    """Why a file's text cannot be read as project YAML (``line``, ``message``, ``hint``)."""

    def __init__(self, line: int | None, message: str, hint: str | None = None,
                 field: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.hint, self.field = line, message, hint, field


def _field(loc: Loc) -> str:
    """``loc`` as messages name a field (``tasks[3].lead``), without registry ids."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def named(err: LoadError, loc: Loc, ident: Any) -> LoadError:
    """``err`` with a registry entry (``loc`` is ``(index,)``) named by its ``id``, as
    :func:`planpub.modelerrors.field_path` names it: ``so-tu-phap-quang-ngai.phone``."""
    prefix = f"[{loc[0] + 1}]" if len(loc) == 1 and isinstance(loc[0], int) else ""
    if prefix and err.field.startswith(prefix) and isinstance(ident, str) \
            and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident):
        err.field = ident + err.field[len(prefix):]
    return err


def odd_number(line: int, value: str, loc: Loc) -> LoadError:
    """A number YAML would read otherwise (octal, hex, base 60 …), named by its field."""
    name = loc[-1] if loc and isinstance(loc[-1], str) else ""
    quoted = f'{name}: "{value[:40]}"' if name else f'"{value[:40]}"'
    if re.fullmatch(r"[-+]?0[0-9_]+", value):
        return LoadError(line, f"“{value[:40]}” bắt đầu bằng số 0 và không nằm trong ngoặc kép, "
                                "nên YAML đọc nó thành một con số khác (hệ 8) và làm mất số 0 ở "
                                "đầu.",
                          f"nếu đây là số điện thoại, mã số hay chữ, đặt trong ngoặc kép để YAML "
                          f"giữ nguyên như đã viết, kể cả số 0 ở đầu: {quoted}; nếu đây là một "
                          "con số, viết nó không có số 0 ở đầu.", _field(loc))
    return LoadError(line, f"số “{value[:40]}” viết theo kiểu YAML đọc khác đi "
                            "(hệ 16, hệ 8, hệ 60, dấu gạch dưới hoặc quá dài).",
                      "viết số thập phân thông thường (ví dụ 2025), không có số 0 ở đầu; "
                      f"nếu đây là chữ (số điện thoại, mã số …), đặt trong ngoặc kép: {quoted}.",
                      _field(loc))


def _utf16_without_bom(raw: bytes) -> bool:
    """Whether ``raw`` looks like UTF-16 text saved without a byte-order mark: one byte of
    every pair is NUL (ASCII letters, digits and YAML punctuation in UTF-16)."""
    head = raw[:4096]
    pairs = len(head) // 2
    if pairs < 2:
        return False
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    return max(even, odd) >= pairs * 0.3 and min(even, odd) <= pairs * 0.05


def _utf32_without_bom(raw: bytes) -> bool:
    """Whether ``raw`` looks like UTF-32 text without a byte-order mark: three NUL bytes in
    every four (Vietnamese letters, all below U+10000, leave at least two)."""
    head = raw[: min(len(raw), 4096) // 4 * 4]
    quads = len(head) // 4
    if quads < 2 or 0 not in head:
        return False
    little = _both_nul(head[2::4], head[3::4])
    big = _both_nul(head[0::4], head[1::4])
    return max(little, big) >= quads * 0.95


def _both_nul(first: bytes, second: bytes) -> int:
    """How many positions hold a NUL byte in both (counted in C: an OR of two integers)."""
    either = int.from_bytes(first, "big") | int.from_bytes(second, "big")
    return either.to_bytes(len(first), "big").count(0)


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise LoadError(1, "tệp được lưu bằng mã UTF-32.", "lưu lại tệp với mã hóa UTF-8.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(1, "tệp được lưu bằng mã UTF-16.", "lưu lại tệp với mã hóa UTF-8.")
    if _utf32_without_bom(raw):
        raise LoadError(1, "tệp được lưu bằng mã UTF-32 (không có dấu BOM).",
                        "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8.")
    if _utf16_without_bom(raw):
        raise LoadError(1, "tệp được lưu bằng mã UTF-16 (không có dấu BOM).",
                        "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8.")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: drop it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise LoadError(
            line,
            f"tệp có byte không phải UTF-8 (byte 0x{raw[err.start]:02x}).",
            "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8.",
        ) from None
    if "\x00" in text:
        raise LoadError(text[: text.index("\x00")].count("\n") + 1, "tệp chứa ký tự NUL.",
                        "đây không phải tệp văn bản YAML; kiểm tra lại tệp.")
    return text


_PROBLEMS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("mapping values are not allowed",),
     "có dấu hai chấm “:” ở chỗ không được phép (thụt lề sai, thiếu dấu cách, hoặc giá trị "
     "chứa “: ” mà không nằm trong ngoặc kép).",
     "sửa thụt lề cho thẳng hàng với các trường cùng cấp, hoặc đặt cả giá trị trong ngoặc kép."),
    (("',' or ']'",),
     "danh sách trong ngoặc vuông [ ] chưa được đóng hoặc thiếu dấu phẩy.",
     "thêm dấu ] đóng hoặc dấu phẩy giữa các phần tử."),
    (("',' or '}'",),
     "bảng trong ngoặc nhọn { } chưa được đóng hoặc thiếu dấu phẩy.",
     "thêm dấu } đóng hoặc dấu phẩy giữa các phần tử."),
    (("quoted scalar",),
     "chuỗi trong ngoặc kép không hợp lệ (ngoặc chưa đóng hoặc có dấu \\ không hợp lệ).",
     "đóng ngoặc kép ở cuối giá trị; trong ngoặc kép viết \\\\ thay cho \\, hoặc dùng ngoặc "
     "đơn ' '."),
    (("expected '-' indicator", "expected <block end>"),
     "thụt lề không khớp: dòng này không thẳng hàng với các mục cùng cấp.",
     "thụt lề bằng dấu cách sao cho các mục cùng cấp bắt đầu ở cùng một cột."),
    (("undefined alias", "cannot start any token"),
     "giá trị bắt đầu bằng một ký tự đặc biệt của YAML (như @, `, *, &, %).",
     "đặt cả giá trị trong ngoặc kép, ví dụ: title: \"@...\"."),
    (("could not find expected ':'",),
     "dòng thiếu dấu hai chấm sau tên trường (hoặc một giá trị nhiều dòng bị ngắt sai).",
     "viết “tên_trường: giá trị”; giá trị dài nhiều dòng thì thụt lề các dòng tiếp theo."),
    (("expected key",),
     "không tìm thấy tên trường ở chỗ cần có (thường do thụt lề sai hoặc ký tự thừa sau giá "
     "trị).",
     "kiểm tra thụt lề và dấu ngoặc ở dòng này; đặt giá trị trong ngoặc kép nếu cần."),
    (("document start", "document end"),
     "có nội dung thừa sau khi nội dung YAML đã kết thúc (ví dụ một dấu ngoặc đóng thừa).",
     "xóa ký tự thừa ở dòng này."),
    (("directive",),
     "dòng chỉ thị YAML (bắt đầu bằng %) không hợp lệ.", "xóa dòng bắt đầu bằng %."),
    (("special characters are not allowed", "control characters are not allowed"),
     "tệp chứa ký tự điều khiển không được phép.",
     "xóa ký tự vô hình ở dòng này (gõ lại dòng nếu cần)."),
)
"""Parser problems (PyYAML's and libyaml's English wording) → what they mean, in Vietnamese."""


def yaml_error(err: yaml.YAMLError, text: str) -> LoadError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = f" (cột {mark.column + 1})" if mark is not None else ""
    problem = str(getattr(err, "problem", "") or err)
    context = str(getattr(err, "context", "") or "")
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "tab" in problem or "\t" in source_line:
        return LoadError(line, "dòng có ký tự TAB; YAML chỉ cho phép thụt lề bằng dấu cách.",
                         "thay mỗi TAB bằng dấu cách (2 dấu cách cho mỗi cấp).")
    if "expected a single document" in context or "another document" in problem:
        return LoadError(line, "tệp chứa nhiều tài liệu YAML (có dòng ---).",
                         "mỗi tệp chỉ chứa một kế hoạch; xóa dòng --- thừa.")
    for needles, message, hint in _PROBLEMS:
        if any(n in problem or n in context for n in needles):
            return LoadError(line, f"lỗi cú pháp YAML{column}: {message}", hint)
    return LoadError(line, f"lỗi cú pháp YAML{column}.",
                     "kiểm tra thụt lề, dấu hai chấm sau tên trường và dấu ngoặc kép ở dòng này.")
