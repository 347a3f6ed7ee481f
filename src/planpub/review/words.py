"""Plan text made safe for a Markdown report, and short word-level diffs of it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence

CONTEXT_WORDS = 5
MAX_HUNKS = 3
MAX_RUN_WORDS = 30

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def md(text: str) -> str:
    """Plan text made inert in Markdown (no emphasis, links, HTML or tables)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """``text`` as an inline code span (ids, paths, revisions)."""
    return "`" + text.replace("`", "'") + "`"


def short(text: str, words: int = 14) -> str:
    """The first ``words`` words of ``text``, Markdown-safe."""
    parts = text.split()
    return md(" ".join(parts[:words])) + (" …" if len(parts) > words else "")


def quoted(value: object) -> str:
    """A value as the report shows it: “text”, a Vietnamese date, or “(trống)”."""
    if value is None or value == "" or value == []:
        return "(trống)"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return f"“{md(str(value))}”"


def _clip(words: Sequence[str]) -> str:
    if len(words) <= MAX_RUN_WORDS:
        return md(" ".join(words))
    head, tail = words[: MAX_RUN_WORDS - 8], words[-6:]
    return f"{md(' '.join(head))} … {md(' '.join(tail))}"


def word_diff(old: str, new: str) -> str:
    """A short word-level diff: ``… context ~~removed~~ **added** context …``."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(CONTEXT_WORDS))
    hunks = []
    for group in groups[:MAX_HUNKS]:
        parts = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(_clip(a[i1:i2]))
                continue
            if i2 > i1:
                parts.append(f"~~{_clip(a[i1:i2])}~~")
            if j2 > j1:
                parts.append(f"**{_clip(b[j1:j2])}**")
        text = " ".join(p for p in parts if p)
        if group[0][1] > 0 or group[0][3] > 0:
            text = "… " + text
        if group[-1][2] < len(a) or group[-1][4] < len(b):
            text += " …"
        hunks.append(text)
    if len(groups) > MAX_HUNKS:
        hunks.append(f"(và {len(groups) - MAX_HUNKS} chỗ sửa khác)")
    return " / ".join(hunks)
