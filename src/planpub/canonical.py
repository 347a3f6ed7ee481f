"""Canonical plan, registry and progress files: which model a file holds, its description
for the writers, and a file's text in canonical form.

:func:`spec` describes every file kind from the pydantic models at run time (field order,
defaults, required fields, scalar types ``str``, ``date``, ``int``, ``bool``, ``any``;
nested models, lists and maps; the header a new file gets), so a field added to a model is
written in its place with no edit here. :mod:`planpub.yamlemit` holds the writing rules;
``cms/static/planpub-yaml.js`` applies the same rules to the same description in the
browser (the CMS serves :func:`spec` as ``/quan-tri/canonical.json``).

Only the leading comment block of a file survives formatting; :func:`dropped_comments`
counts the other comment lines, so ``planpub fmt`` can say what it leaves out.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from planpub.codeowners import Reviewers
from planpub.diagnostics import Diagnostic
from planpub.fieldtypes import DataModel
from planpub.glossary import Term
from planpub.layout import (
    ABBREVIATIONS_FILE,
    PLAN_SUFFIXES,
    PLANS_DIR,
    PROGRESS_DIR,
    REVIEWERS_FILE,
    registry_file,
)
from planpub.model import LegalDoc, Plan
from planpub.oserrors import reason
from planpub.progressmodel import Progress
from planpub.registrymodel import Agency, Locality
from planpub.safefile import UnsafeFile, read_capped
from planpub.yamlemit import Node, split_header
from planpub.yamlemit import dump as emit
from planpub.yamlsrc import LOADER, MAX_BYTES, LoadError, compose, decode

_KINDS: dict[str, tuple[type[BaseModel], bool, str]] = {
    "plan": (Plan, False, "# yaml-language-server: $schema=plan.schema.json\n"),
    "progress": (Progress, False, "# yaml-language-server: $schema=progress.schema.json\n"),
    "agencies": (Agency, True, ""),
    "localities": (Locality, True, ""),
    "legal": (LegalDoc, True, ""),
    "abbreviations": (Term, True, ""),
    "reviewers": (Reviewers, False, ""),
}
"""File kind → (the model of the file or of each entry, whether the file is a list of
entries, the header of a new file)."""

_FILES = {
    registry_file("agencies"): "agencies",
    registry_file("localities"): "localities",
    registry_file("documents"): "legal",
    ABBREVIATIONS_FILE: "abbreviations",
    REVIEWERS_FILE: "reviewers",
}


def kind_of(path: str | PurePosixPath) -> str | None:
    """The file kind (a key of :func:`spec`) of a repository-relative path, or None."""
    posix = PurePosixPath(path)
    text = posix.as_posix()
    if text in _FILES:
        return _FILES[text]
    if not posix.name.endswith(PLAN_SUFFIXES) or len(posix.parts) < 2:
        return None
    if posix.parts[0] == PLANS_DIR:
        return "plan"
    if posix.parts[0] == PROGRESS_DIR:
        return "progress"
    return None


class _Specs:
    """Builds the description of a model and of every model it reaches."""

    def __init__(self) -> None:
        self.models: dict[str, Any] = {}

    def model(self, cls: type[BaseModel]) -> Node:
        name = cls.__name__
        if name not in self.models:
            entry: dict[str, Any] = {"fields": []}
            self.models[name] = entry  # before the fields: a model may hold itself (sub-tasks)
            entry["fields"] = [self.field(key, info) for key, info in cls.model_fields.items()]
        return {"type": "object", "model": name}

    def field(self, key: str, info: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"name": info.alias or key, "node": self.node(info.annotation)}
        if info.is_required():
            out["required"] = True
        elif info.default_factory is not None:
            out["default"] = _json(info.default_factory())
        elif info.default is not PydanticUndefined:
            out["default"] = _json(info.default)
        return out

    def node(self, annotation: Any) -> Node:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.node(args[0])
        if origin in (typing.Union, types.UnionType):
            kept = [arg for arg in args if arg is not type(None)]
            return self.node(kept[0]) if len(kept) == 1 else {"type": "any"}
        if origin is Literal:
            return {"type": "str" if all(isinstance(a, str) for a in args) else "any"}
        if origin in (list, Sequence, tuple, set, frozenset) and args:
            return {"type": "list", "items": self.node(args[0])}
        if origin in (dict, Mapping) and len(args) == 2:
            return {"type": "map", "values": self.node(args[1])}
        if isinstance(annotation, type):
            if issubclass(annotation, DataModel):
                return self.model(annotation)
            for cls, name in ((bool, "bool"), (int, "int"), (dt.date, "date"), (str, "str")):
                if issubclass(annotation, cls):
                    return {"type": name}
        return {"type": "any"}  # a model read through a validator (timeline), numbers …


def _json(value: Any) -> Any:
    """A default as JSON data."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def _spec() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, (model, listed, header) in _KINDS.items():
        specs = _Specs()
        node = specs.model(model)
        root = {"type": "list", "items": node} if listed else node
        out[kind] = {"root": root, "models": specs.models, "header": header}
    return out


def spec() -> dict[str, Any]:
    """Every file kind → ``{"root", "models", "header"}``, JSON data (a fresh copy)."""
    return copy.deepcopy(_spec())


def dump(data: Any, kind: str, header: str | None = None) -> str:
    """``data`` as the canonical text of a ``kind`` file (``header`` None: a new file's)."""
    return emit(data, _spec()[kind], header)


class FormatError(Exception):
    """The text is not YAML the project reads; ``diagnostic`` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def parse(text: str, display: str) -> Any:
    """The data of ``text`` read by the project's rules (:mod:`planpub.yamlsrc`)."""
    try:
        found = compose(text)
    except LoadError as err:
        raise FormatError(Diagnostic(display, err.line, "error", err.field, err.message,
                                     err.hint)) from None
    return None if found is None else found[0]


def read_text(path: Path, display: str, root: Path) -> str:
    """The text of a regular file inside ``root`` (no link followed), decoded as the
    reader decodes it; :class:`FormatError` says why it cannot be read."""
    def fail(line: int | None, message: str, hint: str | None) -> FormatError:
        return FormatError(Diagnostic(display, line, "error", "", message, hint))

    try:
        return decode(read_capped(path, MAX_BYTES, root))
    except LoadError as err:
        raise fail(err.line, err.message, err.hint) from None
    except UnsafeFile as err:
        raise fail(None, err.message, err.hint) from None
    except OSError as err:
        raise fail(None, f"không đọc được tệp ({reason(err)}).",
                   "kiểm tra đường dẫn và quyền đọc.") from None


def format_text(text: str, path: str) -> str:
    """``text`` of the repository file ``path`` in canonical form (its header kept)."""
    kind = kind_of(path)
    if kind is None:
        raise FormatError(Diagnostic(path, None, "error", "", "không phải tệp kế hoạch, danh mục "
                                     "hay báo cáo tiến độ.", "chỉ định dạng tệp .yaml trong "
                                     "plans/, registry/ và progress/."))
    text = text.removeprefix("\ufeff")
    data = parse(text, path)
    if data is None:
        raise FormatError(Diagnostic(path, None, "error", "", "tệp trống.",
                                     "điền nội dung tệp hoặc xóa tệp."))
    header, _ = split_header(text)
    return dump(data, kind, header)


def dropped_comments(text: str) -> int:
    """How many lines after the header hold a comment (whole-line or after a value)."""
    header, _ = split_header(text)
    first = header.count("\n")
    covered: dict[int, int] = {}  # line → the column after the last token on it
    try:
        for token in yaml.scan(text, Loader=LOADER):
            start, end = token.start_mark, token.end_mark
            for row in range(start.line, end.line + 1):
                column = end.column if row == end.line else 1 << 30
                covered[row] = max(covered.get(row, 0), column)
    except yaml.YAMLError:
        return 0
    count = 0
    for index, line in enumerate(text.split("\n")):
        if index < first:
            continue
        rest = line[covered.get(index, 0):]
        if rest.lstrip().startswith("#"):
            count += 1
    return count
