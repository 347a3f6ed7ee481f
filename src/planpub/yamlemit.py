"""The canonical YAML writer: one form for a plan, registry or progress file's data.

The file kinds, their fields and defaults come from :func:`planpub.canonical.spec` (a JSON
description derived from the models); this module only applies the rules below to data and
such a description. ``src/planpub/cms/static/planpub-yaml.js`` applies the SAME rules in the
browser: change both together (``tests/test_fmt.py`` compares them byte for byte).

Rules
-----
* The header (the comment lines before the first data line) is written first, each line
  without trailing spaces, leading blank lines dropped and trailing blank lines kept as at
  most one. Other comments are not part of the canonical form.
* A map of a model lists its fields in the order the model declares them, then keys the model
  does not know, in their order. A field whose value is null, ``""``, ``[]``, ``{}`` or equal
  to the field's default is left out, unless the field is required. Free maps (``dict``
  fields) and list items keep every entry.
* Block style, 2 spaces per level, list items under their key (``  - ``); ``[]`` and ``{}``
  only for an empty list or map that must be kept. No line is wrapped; text is UTF-8 as is.
* A string is plain when that is safe in YAML 1.1 (PyYAML) and 1.2 (js-yaml): not empty; no
  control, line-break or BOM character; not starting with a space or one of
  ``-?:,[]{}#&*!|>'"%@`.~=<``; not ending with a space or ``:``; no ``": "`` or ``" #"``;
  not a digit or ``+`` followed only by ``[0-9A-Za-z_.:+- ]`` (numbers, dates, times); not
  ``y n yes no true false on off null`` in any case. A string with a line feed is a literal
  block (``|`` when it ends with one line feed, ``|-`` when it ends with none) when it does not
  start with a space or line feed, does not end with two line feeds, and no line ends with a
  space and no other control character occurs; any other string is double-quoted, escaping
  only ``\\``, ``"``, ``\\t \\n \\r`` and, as ``\\xXX`` / ``\\uXXXX`` (upper-case hex), the
  other characters not allowed plain.
* In a date field, a date or a ``YYYY-MM-DD`` string is written plain; integers plain; booleans
  ``true``/``false``; null ``null``.
* Blank lines: one between two top-level keys when either holds a list or a map; one between
  the items of a list of maps that is the file itself or the value of a top-level key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

Node = dict[str, Any]

_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`.~=< ")
_NUMBERISH = re.compile(r"[0-9+][0-9A-Za-z_.:+\- ]*")
_KEYWORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NAMED = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}
ANY: Node = {"type": "any"}


def _printable(ch: str) -> bool:
    """Whether ``ch`` may stand as itself outside double quotes."""
    code = ord(ch)
    return (0x20 <= code < 0x7F or (code >= 0xA0 and code not in (0x2028, 0x2029, 0xFEFF)
            and not 0xD800 <= code <= 0xDFFF and code not in (0xFFFE, 0xFFFF)))


def plain_ok(text: str) -> bool:
    """Whether ``text`` reads back as the same string when written without quotes."""
    return bool(text) and text[0] not in _FIRST and text[-1] not in " :" \
        and ": " not in text and " #" not in text and all(_printable(c) for c in text) \
        and not _NUMBERISH.fullmatch(text) and text.lower() not in _KEYWORDS


def quoted(text: str) -> str:
    """``text`` double-quoted with the fewest escapes."""
    out = []
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02X}")
        else:
            out.append(f"\\u{ord(ch):04X}")
    return '"' + "".join(out) + '"'


def _literal_ok(text: str) -> bool:
    return "\n" in text and not text.startswith((" ", "\n")) and not text.endswith("\n\n") \
        and all(_printable(c) or c == "\n" for c in text) \
        and not any(line.endswith(" ") for line in text.split("\n"))


def _scalar(value: Any, node: Node) -> str:
    """A one-line scalar (a literal block is handled by the caller)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        return repr(value) if math.isfinite(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if node.get("type") == "date" and _ISO_DATE.fullmatch(text):
        return text
    return text if plain_ok(text) else quoted(text)


def is_empty(value: Any) -> bool:
    """Whether ``value`` carries nothing: null, ``""``, ``[]`` or ``{}``."""
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def same(a: Any, b: Any) -> bool:
    """Equality as JSON sees it (``True`` is not ``1``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict | list) or isinstance(b, dict | list):
        return False
    if isinstance(a, dt.date) or isinstance(b, dt.date):
        return isinstance(a, dt.date | str) and isinstance(b, dt.date | str) and str(a) == str(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and bool(a == b)


class _Writer:
    """Lines of a block map or list, by the rules of the module docstring."""

    def __init__(self, models: dict[str, Any]) -> None:
        self.models = models
        self.lines: list[str] = []

    def entries(self, value: dict[Any, Any], node: Node) -> list[tuple[Any, Any, Node]]:
        """The key/value pairs of a map to write, in canonical order."""
        if node.get("type") == "map":
            return [(k, v, node.get("values", ANY)) for k, v in value.items()]
        if node.get("type") != "object":
            return [(k, v, ANY) for k, v in value.items()]
        fields = self.models[node["model"]]["fields"]
        out = []
        for field in fields:
            name = field["name"]
            if name not in value:
                continue
            item, child = value[name], field["node"]
            if not field.get("required") and (
                    is_empty(item) or ("default" in field and same(item, field["default"]))
                    or (isinstance(item, dict) and child.get("type") == "object"
                        and not self.entries(item, child))):
                continue
            out.append((name, item, child))
        known = {field["name"] for field in fields}
        out.extend((k, v, ANY) for k, v in value.items() if k not in known)
        return out

    def blocky(self, value: Any, node: Node) -> bool:
        """Whether ``value`` is written as a block: a list or map with something to write."""
        if isinstance(value, dict):
            return len(self.entries(value, node)) > 0
        return isinstance(value, list) and len(value) > 0

    def block(self, value: Any, node: Node, indent: int, top: bool = False) -> None:
        if isinstance(value, dict):
            self.mapping(value, node, indent, top)
        else:
            self.sequence(value, node, indent, top)

    def mapping(self, value: dict[Any, Any], node: Node, indent: int, top: bool) -> None:
        pad = " " * indent
        previous = False
        for i, (key, item, child) in enumerate(self.entries(value, node)):
            name = _key(key)
            block = self.blocky(item, child)
            if top and i and (block or previous):
                self.lines.append("")
            previous = block
            if block:
                self.lines.append(f"{pad}{name}:")
                self.block(item, child, indent + 2, top=top and isinstance(item, list))
            else:
                self.inline(f"{pad}{name}: ", item, child, indent + 2)

    def sequence(self, value: list[Any], node: Node, indent: int, top: bool) -> None:
        pad = " " * indent
        child = node.get("items", ANY) if node.get("type") == "list" else ANY
        spaced = top and any(isinstance(item, dict) and self.blocky(item, child)
                             for item in value)
        for i, item in enumerate(value):
            if spaced and i:
                self.lines.append("")
            if self.blocky(item, child):
                start = len(self.lines)
                self.block(item, child, indent + 2)
                self.lines[start] = pad + "- " + self.lines[start][indent + 2:]
            else:
                self.inline(f"{pad}- ", item, child, indent + 2)

    def inline(self, lead: str, value: Any, node: Node, indent: int) -> None:
        """``lead`` (``key: `` or ``- ``) and a scalar, ``[]``/``{}`` or a literal block."""
        if isinstance(value, list | dict):
            self.lines.append(lead + ("[]" if isinstance(value, list) else "{}"))
        elif isinstance(value, str) and _literal_ok(value):
            body = value[:-1] if value.endswith("\n") else value
            self.lines.append(lead + ("|" if value.endswith("\n") else "|-"))
            self.lines.extend((" " * indent + line) if line else "" for line in body.split("\n"))
        else:
            self.lines.append(lead + _scalar(value, node))


def _key(key: Any) -> str:
    """A map key (the reader refuses keys that are not text)."""
    return _scalar(key, ANY)


def dump(data: Any, spec: Node, header: str | None = None) -> str:
    """``data`` as canonical YAML text, for the file kind ``spec`` (one entry of
    :func:`planpub.canonical.spec`); ``header`` None: the kind's own header."""
    writer = _Writer(spec["models"])
    head = normal_header(spec.get("header", "") if header is None else header)
    if writer.blocky(data, spec["root"]):
        writer.block(data, spec["root"], 0, top=True)
    elif isinstance(data, dict | list):
        writer.lines.append("{}" if isinstance(data, dict) else "[]")
    else:
        writer.lines.append(_scalar(data, spec["root"]))
    return head + "\n".join(writer.lines) + "\n"


def split_header(text: str) -> tuple[str, str]:
    """``text`` cut before its first data line: (the header block, the rest)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip(" \t\r")
        if stripped and not stripped.startswith("#"):
            return "".join(f"{ln}\n" for ln in lines[:i]), "\n".join(lines[i:])
    return text, ""


def normal_header(text: str) -> str:
    """A header block as a canonical file writes it: each line right-trimmed, no leading
    blank line, at most one trailing blank line; empty, or ending with a line feed."""
    lines = [line.rstrip(" \t\r") for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()  # the last line's own line feed
    while lines and not lines[0]:
        lines.pop(0)
    blank = bool(lines) and not lines[-1]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(f"{line}\n" for line in lines) + ("\n" if blank and lines else "")
