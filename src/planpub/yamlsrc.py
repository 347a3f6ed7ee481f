"""YAML read safely, with the 1-based line of every node kept for messages.

Nothing here trusts its input: bad bytes, bad YAML, aliases, merge keys, tags,
duplicate keys, sheer size become a :class:`Diagnostic`, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpub.diagnostics import Diagnostic

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it: the same nodes and marks, many times faster."""

Loc = tuple[str | int, ...]
LineMap = dict[Loc, int]


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
