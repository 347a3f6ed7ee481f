"""A timeline written inside a duty's sentence rather than on its own line.

"Tổng hợp, đánh giá kết quả thực hiện Kế hoạch hằng năm", "báo cáo … trước ngày
15/11 hằng năm", "hoàn thành trong Quý IV/2026", "(khi Bộ Y tế có văn bản triển
khai)": the phrase that states when is
the task's timeline, as printed. Only phrases that say when the duty is done are
taken: a recurrence that qualifies a budget or a plan ("dự toán ngân sách hằng
năm", "kế hoạch đầu tư công trung hạn, hằng năm", "nhiệm vụ hằng năm") does not,
nor does a target year ("Đến năm 2030, …"), which states an aim.
"""

from __future__ import annotations

import re

from planpub.slug import fold

IN_SENTENCE = "(trong câu)"
"""The label of a timeline found inside a sentence (never written to the plan)."""

_DATE = r"\d{1,2}[/-]\d{1,2}(?:[/-]\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:,?\s+năm\s+\d{4})?"
_MONTH = r"tháng\s+\d{1,2}\s*(?:/|,?\s*năm\s+)\d{4}"
_RECUR = r"(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần)|định kỳ\s+\d{1,2}\s+tháng"
_PHRASES = re.compile(
    rf"\b(?:trước|chậm nhất(?: là)?)\s+(?:ngày\s+)?(?:{_DATE}|\d{{1,2}}\s+{_RECUR})"
    rf"(?:\s+{_RECUR})?"
    rf"|\btrước\s+{_MONTH}"
    r"|\bquý\s+[IVX]+\s*(?:/|,?\s*năm\s+)\d{4}"
    rf"|(?<=\btrong\s)(?:{_MONTH}|năm\s+\d{{4}}(?:\s*[-–]\s*\d{{4}})?)"
    r"|\bcả năm\b|\bsuốt năm\s+\d{4}\b"
    r"|(?<=\()khi\s[^()]{5,100}(?=\))"
    rf"|(?:{_RECUR})\b",
    re.IGNORECASE)
_NOT_WHEN = re.compile(
    r"\b(?:kế hoạch|dự toán|ngân sách|vốn|đầu tư|trung hạn|nhiệm vụ|chỉ tiêu|mục tiêu"
    r"|lộ trình|giao|phân bổ|tăng trưởng|bình quân|tăng|giảm|đạt)\b")
"""Words a recurrence qualifies when it names a budget, a plan or a rate ("tăng trưởng
bình quân hằng năm"), not a time. Lowercase only: "Kế hoạch hằng năm" is this Plan's
results, reported every year."""


def sentence_timeline(text: str) -> str | None:
    """The phrase in ``text`` that says when the duty is done (a deadline, a quarter or a
    month before a recurrence; the first of a kind); None if there is none."""
    recurrence = None
    for match in _PHRASES.finditer(text):
        phrase = match.group().strip()
        if not fold(phrase).startswith(("dinh ky", "hang")):
            return phrase
        clause = re.split(r"[.;:]", text[max(0, match.start() - 80):match.start()])[-1]
        if recurrence is None and not _NOT_WHEN.search(" ".join(clause.split()[-5:])):
            recurrence = phrase
    return recurrence
