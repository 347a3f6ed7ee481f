"""YAML read safely, with the 1-based line of every node known for messages.

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
from planpub.yamltext import LoadError, Loc, decode, named, odd_number, yaml_error

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


@dataclass
class Document:
    """A parsed YAML file: plain data plus the 1-based line of each path in it, kept in a
    map (``lines``) or, when read with ``lazy``, looked up in its composed nodes (``node``)."""

    path: str
    data: Any
    lines: LineMap = field(default_factory=dict)
    node: yaml.Node | None = None

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest ancestor present in the file."""
        if self.node is not None:
            return int(_deepest(self.node, loc)[0].start_mark.line) + 1
        if loc in self.lines:
            return self.lines[loc]
        for end in range(len(loc) - 1, -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def has(self, loc: Loc) -> bool:
        """Whether the file writes ``loc`` (False once its lines are let go)."""
        return _deepest(self.node, loc)[1] if self.node is not None else loc in self.lines

    def forget(self) -> None:
        """Let the lines go (the models hold what pages need): :meth:`line_of` says None."""
        self.lines, self.node = {}, None


def _deepest(node: yaml.Node, loc: Loc) -> tuple[yaml.Node, bool]:
    """In the nodes of a file :class:`_Plain` read: the node at ``loc`` (True) or at its
    nearest ancestor in the file (False), found by walking down the path."""
    for part in loc:
        if type(node) is yaml.MappingNode and isinstance(part, str):
            found = next((value for key, value in node.value if key.value == part), None)
        elif (type(node) is yaml.SequenceNode and type(part) is int
              and 0 <= part < len(node.value)):
            found = node.value[part]
        else:
            found = None
        if found is None:
            return node, False
        node = found
    return node, True


class _Irregular(Exception):
    """Something :class:`_Plain` leaves to :class:`_Builder`, which says what is wrong."""


class _Plain:
    """The data of a file with nothing unusual in it, read with no line map (the lines stay
    in the nodes): text keys, no tags, aliases, control characters or odd numbers, within
    the size and depth limits. Anything else raises :class:`_Irregular`; the caller reads the
    file again with :class:`_Builder`, so the data and the refusals are the builder's."""

    def __init__(self) -> None:
        self.count = 1

    def data(self, node: yaml.Node, depth: int) -> Any:
        kind = type(node)
        if (depth > MAX_DEPTH or node.tag not in _PLAIN_TAGS
                or (depth == MAX_DEPTH and kind is not yaml.ScalarNode and node.value)):
            raise _Irregular  # (the children of a node at the deepest level are too deep)
        if kind is yaml.MappingNode:
            self.count += 2 * len(node.value)
            if self.count > MAX_NODES:
                raise _Irregular
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if (type(key_node) is not yaml.ScalarNode or key_node.tag != _STR or key in out
                        or _CONTROL.search(key)):
                    raise _Irregular
                if type(value_node) is yaml.ScalarNode and value_node.tag == _STR:
                    if _CONTROL.search(value_node.value):
                        raise _Irregular
                    out[key] = value_node.value
                else:
                    out[key] = self.data(value_node, depth + 1)
            return out
        if kind is yaml.SequenceNode:
            self.count += len(node.value)
            if self.count > MAX_NODES:
                raise _Irregular
            return [self.data(item, depth + 1) for item in node.value]
        if not isinstance(node, yaml.ScalarNode):
            raise _Irregular
        try:
            return _value(node, ())
        except LoadError:
            raise _Irregular from None


def _composed(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        raise yaml_error(err, text) from None
    except RecursionError:
        raise LoadError(None, "cấu trúc lồng nhau quá sâu.", "kiểm tra lại tệp.") from None


def compose(text: str) -> tuple[Any, _Builder] | None:
    """The data of YAML ``text`` and the builder that kept its lines; None for no document.
    Raises :class:`LoadError` (file:line message) for what the project refuses."""
    node = _composed(text)
    if node is None:
        return None
    builder = _Builder(aliases="*" in text)
    return builder.build(node), builder


def _document(display: str, text: str, lazy: bool) -> Document | None:
    node = _composed(text)
    if node is None:
        return None
    if lazy and "*" not in text:  # no alias can be in it
        try:
            return Document(display, _Plain().data(node, 0), node=node)
        except _Irregular:
            pass
    builder = _Builder(aliases="*" in text)
    return Document(display, builder.build(node), builder.lines)


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
                raise LoadError(node.start_mark.line + 1,
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
            raise LoadError(node.start_mark.line + 1, "tệp quá lớn (quá nhiều phần tử).",
                            "chia nội dung thành nhiều tệp nhỏ hơn.")
        if len(loc) > MAX_DEPTH:
            raise LoadError(node.start_mark.line + 1, "cấu trúc lồng nhau quá sâu.",
                            "kiểm tra lại thụt lề của đoạn này.")
        self._refuse_alias(node)
        lines = self.lines
        lines[loc] = node.start_mark.line + 1
        if node.tag not in _PLAIN_TAGS:
            raise LoadError(node.start_mark.line + 1, f"thẻ YAML {node.tag} không được hỗ trợ.",
                            "bỏ thẻ bắt đầu bằng ! ở dòng này.")
        depth = len(loc) + 1
        plain = self._plain_text
        if type(node) is yaml.MappingNode:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise LoadError(key_node.start_mark.line + 1,
                                    "tệp dùng khóa gộp YAML (<<), điều này không được phép.",
                                    "viết đầy đủ các trường.")
                key = key_node.value if plain(key_node, depth) else self.build(
                    key_node, (*loc, "__key__"))
                if not isinstance(key, str):
                    raise LoadError(key_node.start_mark.line + 1,
                                    f"tên trường {key!r} phải là chữ.", "đặt tên trường bằng chữ.")
                if key in out:
                    raise LoadError(key_node.start_mark.line + 1,
                                    f"trường “{key}” xuất hiện hai lần trong cùng một mục.",
                                    "giữ lại một dòng và xóa dòng lặp.")
                if plain(value_node, depth):
                    lines[(*loc, key)] = value_node.start_mark.line + 1
                    out[key] = value_node.value
                    continue
                try:
                    out[key] = self.build(value_node, (*loc, key))
                except LoadError as err:
                    raise named(err, loc, out.get("id")) from None
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
        return _value(node, loc)


def _value(node: yaml.ScalarNode, loc: Loc) -> Any:
    """A scalar's value as the safe loader constructs it (for a text, without its
    bookkeeping); a date as a date. Raises :class:`LoadError` for what is refused in it."""
    line = node.start_mark.line + 1
    if node.tag == _STR:
        control = _CONTROL.search(node.value)
        if control:
            raise LoadError(line, f"giá trị chứa ký tự điều khiển vô hình "
                                  f"U+{ord(control.group()):04X}.",
                            "xóa ký tự đó (thường lọt vào khi dán từ nơi khác, hoặc do viết "
                            "\\x.., \\0, \\e trong ngoặc kép); gõ lại đoạn chữ nếu cần.")
        return node.value
    if node.tag in _NUMBER_TAGS and not _NUMBER.fullmatch(node.value):
        raise odd_number(line, node.value, loc)
    if node.tag == "tag:yaml.org,2002:timestamp":
        try:
            value = _scalar(node)
        except ValueError:
            return node.value  # the model reports the impossible date with its line
        if isinstance(value, dt.datetime):
            return value.date()
        return value
    return _scalar(node)


def read_yaml(path: Path, display: str, root: Path | None = None, *, checked: bool = False,
              lazy: bool = False) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML file. Returns the document, or None with the reasons.

    With ``root``, the file must be a regular file inside it, reached without a
    link (:mod:`planpub.safefile`; ``checked``: the caller already looked); without,
    any regular file is read. Never more than :data:`MAX_BYTES` is read. ``lazy``: a
    regular file's lines are looked up in its nodes when asked, not mapped ahead (for a
    document checked, then let go: the map costs a third of the reading).
    """

    def fail(line: int | None, message: str, hint: str | None, field: str = ""
             ) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(display, line, "error", field, message, hint)]

    try:
        text = decode(read_capped(path, MAX_BYTES, root, checked=checked))
        if not text.strip() or all(
            not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
        ):
            return fail(None, "tệp trống.", _FILL)
        doc = _document(display, text, lazy)
        if doc is None:
            return fail(None, "tệp trống.", _FILL)
    except LoadError as err:
        return fail(err.line, err.message, err.hint, err.field)
    except UnsafeFile as err:
        return fail(None, err.message, err.hint)
    except OSError as err:
        return fail(None, f"không đọc được tệp ({reason(err)}).",
                    "kiểm tra đường dẫn và quyền đọc.")
    return doc, []


LOADER = _LOADER
"""The YAML loader class the reader uses (the C one when PyYAML has it)."""

__all__ = ["LOADER", "Document", "LoadError", "Loc", "compose", "decode", "read_yaml"]
