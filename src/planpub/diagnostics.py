"""Problems found in plan and registry files, as one actionable line each."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]
_LEVEL_VI = {"error": "lỗi", "warning": "cảnh báo"}


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
        return text


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A Vietnamese "did you mean" clause for an unknown id (empty if nothing is close)."""
    matches = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    if not matches:
        return ""
    return "Có phải bạn muốn viết " + " hoặc ".join(f'"{m}"' for m in matches) + "?"


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True if any diagnostic is an error."""
    return any(d.level == "error" for d in diagnostics)


class BuildError(Exception):
    """A build stopped for a reason the user can fix; ``str()`` is the Vietnamese message."""
