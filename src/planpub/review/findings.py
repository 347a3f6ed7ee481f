"""Which of HEAD's findings a change brought in, and which were there before it.

A finding is matched by what it is about, not by where it sits: the file, the field
and the message, with only what moves when a file is edited taken out: line numbers
(“dòng 12”, in messages that point to another line), list positions in the field
(``tasks[3]``, shifted by an entry added above) and dates (a warning quoting a
task's deadline reads differently once the deadline moves). Everything else stays:
a finding about another document number, article or name is new. Findings the change
multiplies still count as new: two identical warnings at HEAD against one at BASE
leave one new.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from planpub.diagnostics import Diagnostic

_LINE = re.compile(r"\bdòng \d+")
_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")
_INDEX = re.compile(r"\[\d+\]")

Key = tuple[str, str, str, str]


def _strip(message: str) -> str:
    return " ".join(_DATE.sub("#/#/#", _LINE.sub("dòng #", message)).split())


def kind(diag: Diagnostic) -> str:
    """The kind of problem: the message without the line numbers and dates in it."""
    return _strip(diag.message)


def identity(diag: Diagnostic) -> Key:
    """What a finding is about: (file, level, field, kind of problem)."""
    return (diag.path, diag.level, _INDEX.sub("[#]", diag.field), kind(diag))


def split(base: Iterable[Diagnostic], head: Sequence[Diagnostic]
          ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """HEAD's findings as (new, already at BASE), each in HEAD's order. The same wording
    matches first, then the same identity, each BASE finding matching at most once."""
    exact = Counter((d.path, d.level, d.field, d.message, d.hint) for d in base)
    known: set[int] = set()
    for i, diag in enumerate(head):
        key = (diag.path, diag.level, diag.field, diag.message, diag.hint)
        if exact[key] > 0:
            exact[key] -= 1
            known.add(i)
    loose: Counter[Key] = Counter()
    for (path, level, field, message, _), count in exact.items():
        loose[(path, level, _INDEX.sub("[#]", field), _strip(message))] += count
    for i, diag in enumerate(head):
        if i not in known and loose[identity(diag)] > 0:
            loose[identity(diag)] -= 1
            known.add(i)
    return ([d for i, d in enumerate(head) if i not in known],
            [d for i, d in enumerate(head) if i in known])
