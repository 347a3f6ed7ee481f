"""YAML read safely, with the 1-based line of every node kept for messages.

Nothing here trusts its input: bad bytes, bad YAML, aliases, merge keys, tags,
duplicate keys, sheer size become a :class:`Diagnostic`, never an exception.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpub.diagnostics import Diagnostic
from planpub.oserrors import reason
from planpub.safefile import UnsafeFile, read_capped

_FILL = "điền nội dung tệp (kế hoạch, danh mục hoặc báo cáo tiến độ) hoặc xóa tệp."
MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.SafeLoader("")
"""One pure-Python loader for its resolver and scalar constructors (a loader refers to
itself, so one per file would leave a cycle per file for the collector)."""


_NO_PATHS: dict[Any, Any] = {}


class _Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """libyaml's parser when PyYAML has it: the same nodes and marks, many times faster;
    the tag of each distinct plain scalar worked out once (a site repeats its field names
    and short values, and the resolver is Python, called for every scalar)."""

    resolve = staticmethod(functools.lru_cache(maxsize=4096)(
        functools.partial(yaml.resolver.Resolver.resolve, _RESOLVER)))
    # No path resolvers: the composer's two calls per node made C no-ops, not Python calls.
    descend_resolver = staticmethod(_NO_PATHS.get)
    ascend_resolver = staticmethod(tuple)


_LOADER = _Loader

Loc = tuple[str | int, ...]
LineMap = dict[Loc, int]


_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))


_STR = "tag:yaml.org,2002:str"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a text value may not hold (TAB and line feed are text)."""

_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,30})(?:\.[0-9]{0,30})?(?:[eE][-+]?[0-9]{1,3})?"
                     r"|[-+]?\.[0-9]{1,30}(?:[eE][-+]?[0-9]{1,3})?"
                     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
"""Numbers as people write them. YAML 1.1 also reads 0x7E9, 03751, 2_025 and 33:45 as 2025,
and PyYAML converts long or base-60 numbers in quadratic time: those are refused."""


class _LoadError(Exception):
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


def _named(err: _LoadError, loc: Loc, ident: Any) -> _LoadError:
    """``err`` with a registry entry (``loc`` is ``(index,)``) named by its ``id``, as
    :func:`planpub.modelerrors.field_path` names it: ``so-tu-phap-quang-ngai.phone``."""
    prefix = f"[{loc[0] + 1}]" if len(loc) == 1 and isinstance(loc[0], int) else ""
    if prefix and err.field.startswith(prefix) and isinstance(ident, str) \
            and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident):
        err.field = ident + err.field[len(prefix):]
    return err


def _odd_number(line: int, value: str, loc: Loc) -> _LoadError:
    """A number YAML would read otherwise (octal, hex, base 60 …), named by its field."""
    name = loc[-1] if loc and isinstance(loc[-1], str) else ""
    quoted = f'{name}: "{value[:40]}"' if name else f'"{value[:40]}"'
    if re.fullmatch(r"[-+]?0[0-9_]+", value):
        return _LoadError(line, f"“{value[:40]}” bắt đầu bằng số 0 và không nằm trong ngoặc kép, "
                                "nên YAML đọc nó thành một con số khác (hệ 8) và làm mất số 0 ở "
                                "đầu.",
                          f"nếu đây là số điện thoại, mã số hay chữ, đặt trong ngoặc kép để YAML "
                          f"giữ nguyên như đã viết, kể cả số 0 ở đầu: {quoted}; nếu đây là một "
                          "con số, viết nó không có số 0 ở đầu.", _field(loc))
    return _LoadError(line, f"số “{value[:40]}” viết theo kiểu YAML đọc khác đi "
                            "(hệ 16, hệ 8, hệ 60, dấu gạch dưới hoặc quá dài).",
                      "viết số thập phân thông thường (ví dụ 2025), không có số 0 ở đầu; "
                      f"nếu đây là chữ (số điện thoại, mã số …), đặt trong ngoặc kép: {quoted}.",
                      _field(loc))


@dataclass
class Document:
    """A parsed YAML file: plain data plus the 1-based line of each path in it."""

    path: str
    data: Any
    lines: LineMap = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest ancestor present in the file."""
        if loc in self.lines:
            return self.lines[loc]
        for end in range(len(loc) - 1, -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


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


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _LoadError(1, "tệp được lưu bằng mã UTF-32.", "lưu lại tệp với mã hóa UTF-8.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _LoadError(1, "tệp được lưu bằng mã UTF-16.", "lưu lại tệp với mã hóa UTF-8.")
    if _utf32_without_bom(raw):
        raise _LoadError(1, "tệp được lưu bằng mã UTF-32 (không có dấu BOM).",
                         "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8.")
    if _utf16_without_bom(raw):
        raise _LoadError(1, "tệp được lưu bằng mã UTF-16 (không có dấu BOM).",
                         "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8.")
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


def _yaml_error(err: yaml.YAMLError, text: str) -> _LoadError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = f" (cột {mark.column + 1})" if mark is not None else ""
    problem = str(getattr(err, "problem", "") or err)
    context = str(getattr(err, "context", "") or "")
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "tab" in problem or "\t" in source_line:
        return _LoadError(line, "dòng có ký tự TAB; YAML chỉ cho phép thụt lề bằng dấu cách.",
                          "thay mỗi TAB bằng dấu cách (2 dấu cách cho mỗi cấp).")
    if "expected a single document" in context or "another document" in problem:
        return _LoadError(line, "tệp chứa nhiều tài liệu YAML (có dòng ---).",
                          "mỗi tệp chỉ chứa một kế hoạch; xóa dòng --- thừa.")
    for needles, message, hint in _PROBLEMS:
        if any(n in problem or n in context for n in needles):
            return _LoadError(line, f"lỗi cú pháp YAML{column}: {message}", hint)
    return _LoadError(line, f"lỗi cú pháp YAML{column}.",
                      "kiểm tra thụt lề, dấu hai chấm sau tên trường và dấu ngoặc kép ở dòng này.")


def compose(text: str) -> tuple[Any, _Builder] | None:
    """The data of YAML ``text`` and the builder that kept its lines; None for no document.
    Raises :class:`LoadError` (file:line message) for what the project refuses."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        raise _yaml_error(err, text) from None
    except RecursionError:
        raise _LoadError(None, "cấu trúc lồng nhau quá sâu.", "kiểm tra lại tệp.") from None
    if node is None:
        return None
    builder = _Builder(aliases="*" in text)
    return builder.build(node), builder


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a plain scalar node, as the safe loader constructs it (its constructor
    for the tag, without the loader's record of the nodes it built)."""
    return _RESOLVER.yaml_constructors[node.tag](_RESOLVER, node)


class _Builder:
    """Turn a composed YAML node graph into plain data, recording lines, refusing aliases.

    ``aliases``: whether the text may hold one (a ``*``); without, no node is met twice and
    the builder keeps no record of the nodes it met. A plain text value or key, most of a
    file, is taken where it is met, not through :meth:`build`.
    """

    def __init__(self, *, aliases: bool = True) -> None:
        self.lines: LineMap = {}
        self.count = 0
        self._seen: set[int] | None = set() if aliases else None

    def _refuse_alias(self, node: yaml.Node) -> None:
        if self._seen is not None:
            if id(node) in self._seen:
                raise _LoadError(node.start_mark.line + 1,
                                 "tệp dùng neo/bí danh YAML (& và *), điều này không được "
                                 "phép.", "viết đầy đủ nội dung thay vì tham chiếu bằng * .")
            self._seen.add(id(node))

    def _plain_text(self, node: yaml.Node, depth: int) -> bool:
        """Whether ``node`` is a text scalar :meth:`build` would return as it is, and take it
        as build does (counted, its id kept when the text may hold aliases)."""
        if (type(node) is not yaml.ScalarNode or node.tag != _STR or depth > MAX_DEPTH
                or self.count >= MAX_NODES or _CONTROL.search(node.value)):
            return False
        if self._seen is not None:
            if id(node) in self._seen:
                return False
            self._seen.add(id(node))
        self.count += 1
        return True

    def build(self, node: yaml.Node, loc: Loc = ()) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _LoadError(node.start_mark.line + 1, "tệp quá lớn (quá nhiều phần tử).",
                             "chia nội dung thành nhiều tệp nhỏ hơn.")
        if len(loc) > MAX_DEPTH:
            raise _LoadError(node.start_mark.line + 1, "cấu trúc lồng nhau quá sâu.",
                             "kiểm tra lại thụt lề của đoạn này.")
        self._refuse_alias(node)
        lines = self.lines
        lines[loc] = node.start_mark.line + 1
        if node.tag not in _PLAIN_TAGS:
            raise _LoadError(node.start_mark.line + 1, f"thẻ YAML {node.tag} không được hỗ trợ.",
                             "bỏ thẻ bắt đầu bằng ! ở dòng này.")
        depth = len(loc) + 1
        plain = self._plain_text
        if type(node) is yaml.MappingNode:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _LoadError(key_node.start_mark.line + 1,
                                     "tệp dùng khóa gộp YAML (<<), điều này không được phép.",
                                     "viết đầy đủ các trường.")
                key = key_node.value if plain(key_node, depth) else self.build(
                    key_node, (*loc, "__key__"))
                if not isinstance(key, str):
                    raise _LoadError(key_node.start_mark.line + 1,
                                     f"tên trường {key!r} phải là chữ.", "đặt tên trường bằng chữ.")
                if key in out:
                    raise _LoadError(key_node.start_mark.line + 1,
                                     f"trường “{key}” xuất hiện hai lần trong cùng một mục.",
                                     "giữ lại một dòng và xóa dòng lặp.")
                if plain(value_node, depth):
                    lines[(*loc, key)] = value_node.start_mark.line + 1
                    out[key] = value_node.value
                    continue
                try:
                    out[key] = self.build(value_node, (*loc, key))
                except _LoadError as err:
                    raise _named(err, loc, out.get("id")) from None
            lines.pop((*loc, "__key__"), None)
            return out
        if type(node) is yaml.SequenceNode:
            items: list[Any] = []
            for i, item in enumerate(node.value):
                if plain(item, depth):
                    lines[(*loc, i)] = item.start_mark.line + 1
                    items.append(item.value)
                else:
                    items.append(self.build(item, (*loc, i)))
            return items
        assert isinstance(node, yaml.ScalarNode)
        line = node.start_mark.line + 1
        if node.tag == _STR:
            control = _CONTROL.search(node.value)
            if control:
                raise _LoadError(line, f"giá trị chứa ký tự điều khiển vô hình "
                                       f"U+{ord(control.group()):04X}.",
                                 "xóa ký tự đó (thường lọt vào khi dán từ nơi khác, hoặc do viết "
                                 "\\x.., \\0, \\e trong ngoặc kép); gõ lại đoạn chữ nếu cần.")
            return node.value  # what the constructor returns, without its bookkeeping
        if node.tag in _NUMBER_TAGS and not _NUMBER.fullmatch(node.value):
            raise _odd_number(line, node.value, loc)
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                value = _scalar(node)
            except ValueError:
                return node.value  # the model reports the impossible date with its line
            if isinstance(value, dt.datetime):
                return value.date()
            return value
        return _scalar(node)


def read_yaml(path: Path, display: str, root: Path | None = None, *, checked: bool = False
              ) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML file. Returns the document, or None with the reasons.

    With ``root``, the file must be a regular file inside it, reached without a
    link (:mod:`planpub.safefile`; ``checked``: the caller already looked); without,
    any regular file is read. Never more than :data:`MAX_BYTES` is read.
    """

    def fail(line: int | None, message: str, hint: str | None, field: str = ""
             ) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(display, line, "error", field, message, hint)]

    try:
        text = _decode(read_capped(path, MAX_BYTES, root, checked=checked))
        if not text.strip() or all(
            not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
        ):
            return fail(None, "tệp trống.", _FILL)
        found = compose(text)
        if found is None:
            return fail(None, "tệp trống.", _FILL)
        data, builder = found
    except _LoadError as err:
        return fail(err.line, err.message, err.hint, err.field)
    except UnsafeFile as err:
        return fail(None, err.message, err.hint)
    except OSError as err:
        return fail(None, f"không đọc được tệp ({reason(err)}).",
                    "kiểm tra đường dẫn và quyền đọc.")
    return Document(display, data, builder.lines), []


LoadError = _LoadError
"""Why a file's text cannot be read as project YAML (``line``, ``message``, ``hint``)."""
decode = _decode
"""A file's bytes as the reader decodes them (UTF-8, a BOM allowed)."""
LOADER = _LOADER
"""The YAML loader class the reader uses (the C one when PyYAML has it)."""
