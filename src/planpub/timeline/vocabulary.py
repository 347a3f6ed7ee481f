"""What a timeline is: its kinds and their Vietnamese labels, the error, the Timeline model.

:meth:`Timeline.label` and :meth:`Timeline.sort_key` are how pages show and order timelines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from planpub.slug import fold
from planpub.vocab import roman


class TimelineKind(StrEnum):
    """The kinds of "Thời gian thực hiện", in the order undated timelines sort."""

    ONGOING = "ongoing"
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    DATE = "date"
    START = "start"
    PERIOD = "period"
    EVENT = "event"
    ON_REQUEST = "on-request"
    YEARLY = "yearly"
    FOLLOWS = "follows"


KIND_LABELS: dict[TimelineKind, str] = {
    TimelineKind.ONGOING: "Thường xuyên",
    TimelineKind.YEAR: "Theo năm",
    TimelineKind.QUARTER: "Theo quý",
    TimelineKind.MONTH: "Theo tháng",
    TimelineKind.DATE: "Có hạn chót",
    TimelineKind.START: "Bắt đầu từ",
    TimelineKind.PERIOD: "Trong khoảng thời gian",
    TimelineKind.EVENT: "Khi phát sinh sự việc",
    TimelineKind.ON_REQUEST: "Khi có yêu cầu",
    TimelineKind.YEARLY: "Định kỳ hằng năm",
    TimelineKind.FOLLOWS: "Theo tiến độ công việc khác",
}
"""Vietnamese names of the kinds (filters, legends)."""

HINT = (
    'Các cách viết được chấp nhận: "Thường xuyên"; "Năm 2025", "Trong năm 2025"; '
    '"Quý II/2025"; "Tháng 6/2025"; "Trước ngày 15/11/2025", '
    '"trước ngày 15 tháng 11 năm 2025"; "Từ 01/7/2025"; "Từ 01/7/2025 đến 31/12/2025", '
    '"Năm 2026 - 2027"; "Khi phát sinh vụ việc …", "Sau khi … ban hành"; '
    '"Khi có yêu cầu"; "Hằng năm", "Tháng 12 hằng năm"; "Hằng quý", "Định kỳ 6 tháng"; '
    '"Cả năm"; "Theo tiến độ …", '
    '"Theo kế hoạch …"; nối nhiều cách bằng "hoặc", "và", dấu phẩy. '
    "Nếu phải giữ nguyên cách viết khác, ghi timeline dạng bảng: text (nguyên văn) "
    "kèm kind và các ngày (due, start…) theo dạng YYYY-MM-DD."
)
"""The default fix-it hint of :class:`TimelineError`."""

_KIND_ORDER = {kind: i for i, kind in enumerate(TimelineKind)}
_DATED_KINDS = frozenset(
    {
        TimelineKind.YEAR,
        TimelineKind.QUARTER,
        TimelineKind.MONTH,
        TimelineKind.DATE,
        TimelineKind.PERIOD,
    }
)


class TimelineError(ValueError):
    """A timeline that cannot be read: ``message`` says what is wrong, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str = HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class Timeline(BaseModel):
    """A task's "Thời gian thực hiện": the verbatim ``text`` and what it means."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    kind: TimelineKind
    due: dt.date | None = None
    start: dt.date | None = None
    until: dt.date | None = None
    also: list[TimelineKind] = []
    recurrence: Literal["yearly"] | None = None
    condition: str | None = None
    milestones: list[dt.date] = []

    def label(self) -> str:
        """A short Vietnamese label for tables: ``Hạn 15/11/2025``, ``Quý II/2025``…"""
        base = self._base_label()
        if self.due and self.kind in _DATED_KINDS and _DATED_KINDS.intersection(self.also):
            base = f"Hạn {self.due:%d/%m/%Y}"  # the deadline comes from a later part
        elif self.due and self.kind not in _DATED_KINDS and self.kind is not TimelineKind.YEARLY:
            base += f", hạn {self.due:%d/%m/%Y}"
        if self.recurrence == "yearly" and self.kind is not TimelineKind.YEARLY:
            base += " và các năm tiếp theo" if self.kind in _DATED_KINDS else ", hằng năm"
        if TimelineKind.ON_REQUEST in self.also:
            base += " hoặc khi có yêu cầu"
        return base

    def _base_label(self) -> str:
        kind, due, start = self.kind, self.due, self.start
        if kind is TimelineKind.DATE and due:
            return f"Hạn {due:%d/%m/%Y}"
        if kind is TimelineKind.YEAR and due:
            return f"Năm {due.year}"
        if kind is TimelineKind.QUARTER and due:
            return f"Quý {roman((due.month - 1) // 3 + 1)}/{due.year}"
        if kind is TimelineKind.MONTH and due:
            return f"Tháng {due.month}/{due.year}"
        if kind is TimelineKind.START and start:
            return f"Từ {start:%d/%m/%Y}"
        if kind is TimelineKind.PERIOD and start and due:
            if (start.month, start.day, due.month, due.day) == (1, 1, 12, 31):
                years = f"{start.year}" if start.year == due.year else f"{start.year}–{due.year}"
                return f"Năm {years}"
            return f"Từ {start:%d/%m/%Y} đến {due:%d/%m/%Y}"
        if kind is TimelineKind.ONGOING:
            if self.until is None:
                return "Thường xuyên"
            if (
                start
                and start == dt.date(self.until.year, 1, 1)
                and (self.until.month, self.until.day) == (12, 31)
            ):
                return f"Thường xuyên trong năm {self.until.year}"
            return f"Thường xuyên đến {self.until:%d/%m/%Y}"
        if kind is TimelineKind.YEARLY:
            return _yearly_label(due, fold(self.text))
        if kind in (TimelineKind.EVENT, TimelineKind.FOLLOWS) and self.condition:
            return shorten(self.condition[:1].upper() + self.condition[1:], 60)
        return KIND_LABELS[kind]

    @property
    def due_printed(self) -> bool:
        """Whether the wording prints the due date's day and month ("Chậm nhất ngày 15/11/2025").

        A due date worked out from the wording is not printed: 14/11/2025 from "Trước ngày
        15/11/2025" (the day before), 31/12/2025 from "Năm 2025" (the period's last day); nor
        is one the plan's author set by hand unless the wording shows it. Pages mark these.
        """
        if self.due is None:
            return False
        return any(int(d) == self.due.day and int(m) == self.due.month
                   for d, m in _DAY_MONTH.findall(fold(self.text)))

    def sort_key(self) -> tuple[int, int, int, str]:
        """Dated timelines first by due date; then undated ones grouped in kind order."""
        order = _KIND_ORDER[self.kind]
        if self.due is not None:
            return (0, self.due.toordinal(), order, fold(self.text))
        start = self.start.toordinal() if self.start else 0
        return (1, order, start, fold(self.text))


_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?: ?[/.-] ?| thang )(\d{1,2})(?!\d)", re.A)
"""A day and month in folded wording: ``15/11``, ``15-11``, ``15 thang 11``."""


def _yearly_label(due: dt.date | None, folded: str) -> str:
    if due is None:
        return "Hằng năm"
    # "Quý IV hằng năm", "Tháng 6 hằng năm"; not "hằng quý, hằng năm" (no quarter named)
    if _is_month_end(due) and due.month % 3 == 0 and re.search(r"\bquy [iv\d]", folded, re.A):
        return f"Hằng năm (quý {roman(due.month // 3)})"
    if _is_month_end(due) and re.search(r"\bthang \d", folded, re.A):
        return f"Hằng năm (tháng {due.month})"
    if (due.month, due.day) == (12, 31):
        return "Hằng năm"
    return f"Hằng năm (hạn {due:%d/%m})"


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with ``…`` when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
