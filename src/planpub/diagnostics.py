"""Problems found in plan and registry files, as one actionable line each."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]
_LEVEL_VI = {"error": "lỗi", "warning": "cảnh báo"}
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: control, line-separator and bidi
    characters (from file names or values quoted in a message) shown as ``\\xNN``/``\\uNNNN``,
    so a value can neither break the line nor repaint the terminal."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where (file, line, field), what is wrong, and how to fix it."""

    path: str
    line: int | None
    level: Level
    field: str
    message: str
    hint: str | None = None

    def format(self) -> str:
        """Render as ``file:line: lỗi: field: message. Cách sửa: hint``."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f"{self.field}: " if self.field else ""
        text = f"{where}: {_LEVEL_VI[self.level]}: {field}{self.message}"
        if self.hint:
            text += f" Cách sửa: {self.hint}"
        return printable(text)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A Vietnamese "did you mean" clause for an unknown id (empty if nothing is close)."""
    matches = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    if not matches:
        return ""
    return "Có phải bạn muốn viết " + " hoặc ".join(f'"{m}"' for m in matches) + "?"


def did_you_mean_field(key: str, fields: Iterable[str]) -> str:
    """:func:`did_you_mean` for an unknown field name: also the valid names that are a whole
    word of ``key`` (``phone_number`` → ``phone``, ``opening_hours`` → ``hours``)."""
    names = list(fields)
    words = [w for w in re.split(r"[_\-\s.]+", key.lower()) if w in names]
    close = list(dict.fromkeys([*words, *difflib.get_close_matches(key, names, n=3, cutoff=0.6)]))
    if not close:
        return ""
    return "Có phải bạn muốn viết " + " hoặc ".join(f'"{m}"' for m in close[:3]) + "?"


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True if any diagnostic is an error."""
    return any(d.level == "error" for d in diagnostics)


class BuildError(Exception):
    """A build stopped for a reason the user can fix; ``str()`` is the Vietnamese message."""
