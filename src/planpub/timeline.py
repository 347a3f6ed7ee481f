"""Timelines of plan tasks ("Thời gian thực hiện"): verbatim wording plus normalised fields.

:func:`parse_timeline` reads the Vietnamese wording of a plan; :func:`resolve_timeline` is what
the plan loader calls (the wording, optionally with the author's overrides).

Matching is accent- and case-insensitive (on :func:`planpub.slug.fold`), tolerant of NFD input,
extra spaces and line breaks, Markdown ``**``/``*``/``_`` markers and a trailing ``.``/``;``.

How the forms read (the choices for ambiguous wording are marked *):

* ``Thường xuyên`` / ``Thực hiện thường xuyên`` → ``ongoing`` with no window, even when the plan's
  year is known; ``Thường xuyên trong năm 2024`` → window ``start`` 01/01/2024, ``until``
  31/12/2024 (``due`` stays empty: ongoing work has no deadline).
* ``Năm 2025``, ``Trong năm 2025``, ``Hoàn thành trong năm 2025``, ``2025``, ``Đến năm 2030``* →
  ``year``, due 31/12. ``Quý II/2025`` → ``quarter``; ``Tháng 6/2025`` → ``month`` (due the last
  day). ``Quý II``, ``Tháng 6`` without a year take the plan's ``year``; with no plan year they
  are an error (never a guess).
* ``Trước ngày 15/11/2025``, ``Chậm nhất ngày …``, ``Hoàn thành trước 30/6/2025``, ``Đến ngày …``
  → ``date``, due that date. ``Trước tháng 7/2025`` / ``Trước quý III/2025`` / ``Trước năm 2026``*
  → ``date``, due the day before that period starts.
* ``Từ 01/7/2025``, ``Từ tháng 7/2025``, ``Bắt đầu từ …`` → ``start``. ``Từ … đến …``,
  ``năm 2026 - 2027``, ``Giai đoạn 2025-2030`` → ``period`` (``start`` and ``due`` = the end).
* ``Hằng năm`` / ``hàng năm`` / ``Định kỳ hằng năm`` → ``yearly`` (recurrence ``yearly``; due
  31/12 of the plan year when the year is known and nothing else gives a date).
  ``Tháng 12 hằng năm``, ``Trước ngày 15/12 hằng năm`` → ``yearly`` due on that day of the plan
  year (no due without a plan year).
* ``… và các năm tiếp theo``* keeps the first kind and its date, adds ``yearly`` to ``also`` and
  sets ``recurrence``: ``Năm 2025 và các năm tiếp theo`` → year, due 31/12/2025, recurring.
* ``Khi có yêu cầu``, ``theo yêu cầu``, ``đột xuất`` → ``on-request``. A bare ``định kỳ``* states
  no period, so it adds no kind and no recurrence: ``định kỳ hoặc đột xuất khi có yêu cầu`` is
  ``on-request`` only, and ``Định kỳ`` alone is an error.
* ``Khi phát sinh …``, ``Sau khi …``, ``Khi …`` (at the start of a part) → ``event``;
  ``Theo tiến độ …``, ``Theo kế hoạch …``, ``theo lộ trình …`` → ``follows``. ``condition`` is
  the wording from that keyword to the end of its part (several conditions are joined by "; ");
  dates inside a condition ("Theo Kế hoạch số 5 ngày 15/3/2025") are part of its wording.
* A full date, month or quarter written without a keyword ("Báo cáo 15/11/2025 khi có yêu
  cầu") is read as a deadline; a bare year is only read when it is a whole part ("Năm 2025").

Combinations (``hoặc``, ``và``, ``,``, ``;``, sentences): the first understood part gives
``kind``, later ones go to ``also``; ``due`` is the latest deadline and ``milestones`` every
deadline and start date, sorted. Every sentence and every ``hoặc`` alternative must be
understood (wording between commas around a date, such as who reports to whom, is tolerated);
otherwise :class:`TimelineError` quotes the part it could not read.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from planpub.slug import fold, nfc

__all__ = [
    "KIND_LABELS",
    "Timeline",
    "TimelineError",
    "TimelineKind",
    "parse_timeline",
    "resolve_timeline",
]


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
    '"Khi có yêu cầu"; "Hằng năm", "Tháng 12 hằng năm"; "Theo tiến độ …", '
    '"Theo kế hoạch …"; nối nhiều cách bằng "hoặc", "và", dấu phẩy. '
    "Nếu phải giữ nguyên cách viết khác, ghi timeline dạng bảng: text (nguyên văn) "
    "kèm kind và các ngày (due, start…) theo dạng YYYY-MM-DD."
)
"""The default fix-it hint of :class:`TimelineError`."""

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR_MIN, _YEAR_MAX = 1900, 2200
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
            return f"Quý {_ROMAN[(due.month - 1) // 3 + 1]}/{due.year}"
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
            return _shorten(self.condition[:1].upper() + self.condition[1:], 60)
        return KIND_LABELS[kind]

    def sort_key(self) -> tuple[int, int, int, str]:
        """Dated timelines first by due date; then undated ones grouped in kind order."""
        order = _KIND_ORDER[self.kind]
        if self.due is not None:
            return (0, self.due.toordinal(), order, fold(self.text))
        start = self.start.toordinal() if self.start else 0
        return (1, order, start, fold(self.text))


def _yearly_label(due: dt.date | None, folded: str) -> str:
    if due is None:
        return "Hằng năm"
    if _is_month_end(due) and due.month % 3 == 0 and re.search(r"\bquy\b", folded, re.A):
        return f"Hằng năm (quý {_ROMAN[due.month // 3]})"
    if _is_month_end(due) and re.search(r"\bthang\b", folded, re.A):
        return f"Hằng năm (tháng {due.month})"
    if (due.month, due.day) == (12, 31):
        return "Hằng năm"
    return f"Hằng năm (hạn {due:%d/%m})"


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


# --- Temporal expressions (matched on folded text, single spaces) --------------------------

_D = r"(?<!\d)\d{1,2}"
_DM = r"(?: ?[/-] ?|\.)"
_TAIL_YEAR = r"(?: ?[/-] ?|,? nam )\d{4}(?!\d)"
_NO_TAIL = r"(?!\d)(?! ?[/-] ?\d)(?!\.\d)"
_T = (
    r"(?:"
    rf"(?:ngay )?{_D} thang \d{{1,2}}(?:,? nam \d{{4}}(?!\d)|{_NO_TAIL})"
    rf"|(?:ngay )?{_D}{_DM}\d{{1,2}}{_DM}\d{{4}}(?!\d)"
    rf"|(?:ngay {_D}{_DM}\d{{1,2}}|{_D}/\d{{1,2}}){_NO_TAIL}"
    rf"|thang \d{{1,2}}(?:{_TAIL_YEAR}|{_NO_TAIL})"
    rf"|quy (?:[ivx]+|\d{{1,2}})\b(?:{_TAIL_YEAR}|{_NO_TAIL})"
    r"|(?:(?:giai doan|nam) )?(?<!\d)\d{4} ?- ?(?:nam )?\d{4}(?!\d)"
    r"|(?:nam )?(?<!\d)\d{4}(?!\d)"
    r")"
)
_T_RE = re.compile(_T, re.A)
# Forms that carry their own year: checked wherever they appear, so a wrong date is never
# silently read as something else ("31/02/2025" is not "năm 2025").
_T_FULL_RE = re.compile(
    rf"(?:ngay )?{_D} thang \d{{1,2}},? nam \d{{4}}(?!\d)"
    rf"|{_D}{_DM}\d{{1,2}}{_DM}\d{{4}}(?!\d)"
    rf"|\bthang \d{{1,2}}{_TAIL_YEAR}"
    rf"|\bquy (?:[ivx]+|\d{{1,2}})\b{_TAIL_YEAR}",
    re.A,
)

_P_DATE_WORDS = re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2})(?:,? nam (\d{4}))?", re.A)
_P_DATE_NUM = re.compile(
    r"(?:ngay )?(\d{1,2})(?: ?[/-] ?|\.)(\d{1,2})(?:(?: ?[/-] ?|\.)(\d{4}))?", re.A
)
_P_MONTH = re.compile(r"thang (\d{1,2})(?:(?: ?[/-] ?|,? nam )(\d{4}))?", re.A)
_P_QUARTER = re.compile(r"quy ([ivx]+|\d{1,2})(?:(?: ?[/-] ?|,? nam )(\d{4}))?", re.A)
_P_RANGE = re.compile(r"(?:(?:giai doan|nam) )?(\d{4}) ?- ?(?:nam )?(\d{4})", re.A)
_P_YEAR = re.compile(r"(?:nam )?(\d{4})", re.A)

Grain = Literal["date", "month", "quarter", "year", "range"]


@dataclass(frozen=True)
class _Temporal:
    """A date, month, quarter, year or year range; ``year`` is None when the text omits it."""

    grain: Grain
    year: int | None
    src: str
    month: int = 0
    day: int = 0
    quarter: int = 0
    year2: int = 0

    def bounds(self, year: int) -> tuple[dt.date, dt.date]:
        """First and last day, taking ``year`` when the text has none."""
        y = self.year if self.year is not None else year
        if self.grain == "date":
            _check_day(self.day, self.month, y)
            day = dt.date(y, self.month, self.day)
            return day, day
        if self.grain == "month":
            return dt.date(y, self.month, 1), _month_end(y, self.month)
        if self.grain == "quarter":
            return dt.date(y, 3 * self.quarter - 2, 1), _month_end(y, 3 * self.quarter)
        if self.grain == "year":
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        return dt.date(y, 1, 1), dt.date(self.year2, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> int:
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise _Invalid(f"năm {year} nằm ngoài khoảng {_YEAR_MIN}–{_YEAR_MAX}")
    return year


def _check_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise _Invalid(f"tháng {month} không tồn tại (tháng phải từ 1 đến 12)")
    return month


def _check_day(day: int, month: int, year: int | None) -> None:
    _check_month(month)
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    if not 1 <= day <= last:
        when = f"{day:02d}/{month:02d}" + (f"/{year}" if year is not None else "")
        more = f"tháng {month:02d}/{year} chỉ có {last} ngày" if year else ""
        raise _Invalid(f"ngày {when} không tồn tại", more)


class _Invalid(Exception):
    """An impossible date, month, quarter or year (turned into a TimelineError)."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.detail = detail


def _opt_year(raw: str | None) -> int | None:
    return None if raw is None else _check_year(int(raw))


def _temporal(folded: str, src: str) -> _Temporal:
    """Read one temporal expression matched by ``_T`` (raises _Invalid when impossible)."""
    if m := _P_DATE_WORDS.fullmatch(folded) or _P_DATE_NUM.fullmatch(folded):
        day, month, year = int(m[1]), int(m[2]), _opt_year(m[3])
        _check_day(day, month, year)
        return _Temporal("date", year, src, month=month, day=day)
    if m := _P_MONTH.fullmatch(folded):
        return _Temporal("month", _opt_year(m[2]), src, month=_check_month(int(m[1])))
    if m := _P_QUARTER.fullmatch(folded):
        raw = m[1]
        quarter = int(raw) if raw.isdigit() else _FROM_ROMAN.get(raw, 0)
        if not 1 <= quarter <= 4:
            raise _Invalid(f"quý {raw.upper()} không tồn tại (chỉ có quý I, II, III, IV)")
        return _Temporal("quarter", _opt_year(m[2]), src, quarter=quarter)
    if m := _P_RANGE.fullmatch(folded):
        first, last = _check_year(int(m[1])), _check_year(int(m[2]))
        if last < first:
            raise _Invalid(f"khoảng năm {first} - {last} kết thúc trước khi bắt đầu")
        return _Temporal("range", first, src, year2=last)
    if m := _P_YEAR.fullmatch(folded):
        return _Temporal("year", _check_year(int(m[1])), src)
    raise _Invalid(f"không đọc được mốc thời gian {src!r}")  # pragma: no cover - _T guards


# --- Timeline phrases ------------------------------------------------------------------------

_YEARLY_SUFFIX = r" (?:dinh ky )?(?:hang|moi) nam\b"
_FROM = r"\b(?:bat dau(?: tu| vao)?|(?:ke )?(?<!dau )(?<!quy )tu)"
_DEADLINE_WORDS = (
    r"truoc|cham nhat(?: la| vao| trong)?|muon nhat(?: la)?|khong (?:muon|cham) hon|khong qua"
    r"|han chot(?: la)?|han|den het|den|hoan thanh(?: truoc| trong| vao)?|xong truoc"
    r"|ket thuc(?: truoc| trong| vao)?|trong|vao"
)
_LEAD = r"thuc hien|trien khai|bao cao|to chuc|tien hanh|ban hanh|hoan thanh|du kien|ap dung"
_PIECE_START = r"(?:^|(?<=[,;.:] )|(?<=\()|(?<=\( )|(?<= hoac )|(?<= va ))"

_PHRASES: list[tuple[str, str]] = [
    (
        "period",
        rf"{_FROM} (?P<pa>{_T}) ?(?:den|toi|-) ?(?:het )?(?P<pb>{_T})(?P<py>{_YEARLY_SUFFIX})?",
    ),
    ("start", rf"{_FROM} (?P<st>{_T})(?P<sy>{_YEARLY_SUFFIX})?"),
    (
        "ongoing",
        r"\b(?:thuong xuyen|lien tuc)(?:,? (?:va )?(?:thuong xuyen|lien tuc))?"
        rf"(?:,? (?:trong|suot)(?: ca)? (?P<og>{_T}))?",
    ),
    (
        "deadline",
        rf"\b(?P<dk>{_DEADLINE_WORDS}) (?:(?:ca|suot|het|thoi diem|vong) )?(?P<dt>{_T})"
        rf"(?P<dy>{_YEARLY_SUFFIX})?",
    ),
    ("yearly_t", rf"\b(?:(?:vao|trong) )?(?P<yt>{_T}){_YEARLY_SUFFIX}"),
    (
        "yearly",
        r"\b(?:(?:dinh ky )?(?:hang|moi) nam|(?:cac|nhung) nam (?:tiep theo|ke tiep|sau|tiep))\b",
    ),
    (
        "on_request",
        r"\b(?:(?:dot xuat|bat thuong)(?: (?:khi|theo) (?:co |duoc )?(?:yeu cau|de nghi))?"
        r"|(?:khi|theo|luc|neu) (?:co |duoc )?(?:yeu cau|de nghi)|khi can thiet)\b",
    ),
    (
        "event",
        r"\b(?:(?:ngay )?sau khi|ke tu khi|truoc khi|ngay khi|khi phat sinh"
        r"|(?:(?:sau|trong)(?: vong| thoi han)? \d{1,3} (?:ngay(?: lam viec)?|tuan|thang|nam) )?"
        r"ke tu ngay(?! ?\d))\b"
        rf"|{_PIECE_START}(?:(?:{_LEAD}) )?khi\b",
    ),
    (
        "follows",
        r"\b(?:theo|dong bo voi|song song voi|gan voi|phu hop voi|can cu(?: vao)?)"
        r" (?:dung |sat )?"
        r"(?:tien do|ke hoach|lo trinh|huong dan|chi dao|thoi gian|thoi han|chuong trinh)\b",
    ),
    ("periodic", r"\bdinh ky\b"),
]
_PHRASE_RE = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _PHRASES), re.A)
_WEAK_RE = re.compile(rf"(?:(?:{_LEAD}) )*(?:(?:trong|vao|ca|nam|giai doan) )?(?P<wk>{_T})", re.A)
_SEP_RE = re.compile(r" ?; ?|(?<!\.)\.(?!\.)(?= |$) ?| ?, ?|: | hoac | va | ?[()] ?", re.A)
_ABBREVIATIONS = frozenset({"tp", "q", "p", "tt", "tx", "v.v", "ths", "ts", "pgs", "gs", "th"})
_DASHES = frozenset("‐‑‒–—―−")
_MARKUP = frozenset("*_\u200b\u200c\u200d\ufeff")
_GRAIN_KIND: dict[Grain, TimelineKind] = {
    "date": TimelineKind.DATE,
    "month": TimelineKind.MONTH,
    "quarter": TimelineKind.QUARTER,
    "year": TimelineKind.YEAR,
    "range": TimelineKind.PERIOD,
}

Mode = Literal["due", "before", "start", "span", "window", "none"]


@dataclass
class _Item:
    """One understood phrase of the text."""

    pos: int
    end: int
    kind: TimelineKind | None  # None: a qualifier ("định kỳ") that adds no kind
    mode: Mode = "none"
    first: _Temporal | None = None
    second: _Temporal | None = None
    yearly: bool = False

    @property
    def is_open(self) -> bool:
        return self.kind in (TimelineKind.EVENT, TimelineKind.FOLLOWS)


@dataclass
class _Piece:
    start: int
    end: int
    group: int  # index of the sentence / "hoặc" alternative the piece belongs to


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return "-" if ch in _DASHES else fold(ch)


def _normalise(text: str) -> str:
    """The stored wording: NFC, whitespace collapsed, trailing ``.``/``;`` stripped."""
    return " ".join(nfc(text).split()).rstrip(" .;")


def _clean(text: str) -> str:
    """The wording without Markdown markers or list bullets, as matched and quoted."""
    bare = "".join(ch for ch in text if ch not in _MARKUP)
    return " ".join(bare.split()).lstrip("-•+ ").rstrip(" .;")


def _fold_map(clean: str) -> tuple[str, list[int]]:
    """Fold ``clean`` character by character, keeping where each folded char came from."""
    parts: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(clean):
        folded = _fold_char(ch)
        parts.append(folded)
        where.extend([i] * len(folded))
    where.append(len(clean))
    return "".join(parts), where


def _quote(text: str) -> str:
    return f'"{_shorten(text, 120)}"'


class _Parser:
    """One parse: the folded text, its pieces and the phrases found in it."""

    def __init__(self, text: str, year: int | None) -> None:
        self.text = text
        self.year = year
        self.clean = _clean(text)
        self.folded, self.where = _fold_map(self.clean)

    # helpers -----------------------------------------------------------------------------

    def src(self, start: int, end: int) -> str:
        return self.clean[self.where[start] : self.where[end]]

    def fail(self, message: str, hint: str = HINT) -> TimelineError:
        return TimelineError(message, hint)

    def invalid(self, err: _Invalid) -> TimelineError:
        detail = f" ({err.detail})" if err.detail else ""
        return self.fail(
            f"Thời gian thực hiện {_quote(self.text)} có {err.what}{detail}.",
            'Sửa lại ngày, tháng, quý trong văn bản (ví dụ "Trước ngày 28/02/2025", '
            '"Quý IV/2025"); nếu văn bản gốc ghi sai, giữ nguyên text và ghi kind, due '
            "(YYYY-MM-DD) trong YAML.",
        )

    def temporal(self, m: re.Match[str], group: str | int) -> _Temporal:
        start, end = m.span(group)
        try:
            return _temporal(self.folded[start:end], self.src(start, end))
        except _Invalid as err:
            raise self.invalid(err) from None

    # steps -------------------------------------------------------------------------------

    def validate(self) -> None:
        """Reject impossible dates wherever they appear, before anything is read."""
        for m in _T_FULL_RE.finditer(self.folded):
            try:
                _temporal(m[0], self.src(*m.span()))
            except _Invalid as err:
                raise self.invalid(err) from None

    def phrases(self) -> list[_Item]:
        items: list[_Item] = []
        for m in _PHRASE_RE.finditer(self.folded):
            items.append(self.item(m))
        return items

    def item(self, m: re.Match[str]) -> _Item:
        name = m.lastgroup
        pos, end = m.span()
        if name == "period":
            a, b = self.temporal(m, "pa"), self.temporal(m, "pb")
            return _Item(pos, end, TimelineKind.PERIOD, "span", a, b, bool(m["py"]))
        if name == "start":
            t = self.temporal(m, "st")
            if t.grain == "range":
                return _Item(pos, end, TimelineKind.PERIOD, "span", t, t, bool(m["sy"]))
            return _Item(pos, end, TimelineKind.START, "start", t, None, bool(m["sy"]))
        if name == "ongoing":
            window = self.temporal(m, "og") if m["og"] else None
            mode: Mode = "window" if window else "none"
            return _Item(pos, end, TimelineKind.ONGOING, mode, window)
        if name == "deadline":
            t = self.temporal(m, "dt")
            yearly = bool(m["dy"])
            if "truoc" in m["dk"]:
                kind, mode = TimelineKind.DATE, "before"
            else:
                kind = _GRAIN_KIND[t.grain]
                mode = "span" if t.grain == "range" else "due"
            if yearly:
                kind = TimelineKind.YEARLY
            return _Item(pos, end, kind, mode, t, t if mode == "span" else None, yearly)
        if name == "yearly_t":
            t = self.temporal(m, "yt")
            return _Item(pos, end, TimelineKind.YEARLY, "due", t, None, True)
        if name == "yearly":
            return _Item(pos, end, TimelineKind.YEARLY, yearly=True)
        if name == "on_request":
            return _Item(pos, end, TimelineKind.ON_REQUEST)
        if name == "event":
            return _Item(pos, end, TimelineKind.EVENT)
        if name == "follows":
            return _Item(pos, end, TimelineKind.FOLLOWS)
        return _Item(pos, end, None)  # periodic: "định kỳ" states no period

    def pieces(self, protected: list[tuple[int, int]]) -> list[_Piece]:
        """Split at separators outside ``protected`` spans; group by sentence / alternative."""
        pieces: list[_Piece] = []
        group, last = 0, 0
        span_i = 0
        for m in _SEP_RE.finditer(self.folded):
            pos = m.start()
            while span_i < len(protected) and protected[span_i][1] <= pos:
                span_i += 1
            if span_i < len(protected) and protected[span_i][0] <= pos:
                continue  # inside a date or phrase ("ngày 01 tháng 01, năm 2026")
            sep = m[0].strip()
            if sep == "." and self.abbreviation_before(pos):
                continue
            pieces.append(_Piece(last, pos, group))
            if sep in (";", ".", "hoac"):
                group += 1
            last = m.end()
        pieces.append(_Piece(last, len(self.folded), group))
        return [p for p in pieces if p.end > p.start and self.folded[p.start : p.end].strip()]

    def abbreviation_before(self, pos: int) -> bool:
        word = self.folded[self.folded.rfind(" ", 0, pos) + 1 : pos]
        return word in _ABBREVIATIONS

    def weak(self, piece: _Piece) -> _Item | None:
        """A piece that is only a date, month, quarter, year or range ("Năm 2025")."""
        start = piece.start
        while self.folded[start] == " ":
            start += 1
        m = _WEAK_RE.fullmatch(self.folded, start, piece.end)
        if not m:
            return None
        t = self.temporal(m, "wk")
        mode: Mode = "span" if t.grain == "range" else "due"
        return _Item(start, piece.end, _GRAIN_KIND[t.grain], mode, t, t if mode == "span" else None)

    def parse(self) -> Timeline:
        if not self.folded.strip():
            raise self.fail(
                "Thời gian thực hiện đang để trống.",
                'Ghi nguyên văn thời gian thực hiện, ví dụ "Trước ngày 15/11/2025".',
            )
        self.validate()
        items = self.phrases()
        protected = sorted(
            [(i.pos, i.end) for i in items] + [m.span() for m in _T_RE.finditer(self.folded)]
        )
        pieces = self.pieces(protected)
        by_piece: list[list[_Item]] = [[] for _ in pieces]
        starts = [piece.start for piece in pieces]
        for item in items:
            i = bisect.bisect_right(starts, item.pos) - 1
            if i >= 0 and item.pos < pieces[i].end:
                by_piece[i].append(item)
        for i, piece in enumerate(pieces):
            if not by_piece[i] and (weak := self.weak(piece)):
                by_piece[i].append(weak)
        conditions, understood, regions = self.open_regions(pieces, by_piece)
        self.promote_dates(pieces, by_piece, regions)
        for i, piece in enumerate(pieces):
            if by_piece[i]:
                understood.add(piece.group)
        for piece in pieces:
            if piece.group not in understood:
                members = [p for p in pieces if p.group == piece.group]
                part = self.src(members[0].start, members[-1].end).strip(" ,;:()")
                if part == self.clean:
                    raise self.fail(f"Không hiểu thời gian thực hiện {_quote(self.text)}.")
                raise self.fail(
                    f'Không hiểu phần "{_shorten(part, 80)}" trong thời gian thực hiện '
                    f"{_quote(self.text)}."
                )
        found = [item for group in by_piece for item in group]
        if not any(item.kind for item in found):
            raise self.fail(f"Không hiểu thời gian thực hiện {_quote(self.text)}.")
        return self.assemble(found, conditions)

    def open_regions(
        self, pieces: list[_Piece], by_piece: list[list[_Item]]
    ) -> tuple[list[str], set[int], list[tuple[int, int]]]:
        """Conditions of event / follows phrases: to the end of their part.

        Undated phrases inside a condition belong to its wording ("Theo kế hoạch hằng năm");
        the region also takes in following pieces (and ``hoặc`` alternatives) that hold no
        phrase of their own ("Sau khi Luật hoặc Nghị định được ban hành").
        """
        conditions: list[str] = []
        understood: set[int] = set()
        regions: list[tuple[int, int]] = []
        i = 0
        while i < len(pieces):
            opener = next((it for it in by_piece[i] if it.is_open), None)
            if opener is None:
                i += 1
                continue
            kept: list[_Item] = []
            end = pieces[i].end
            for it in by_piece[i]:
                if it.pos <= opener.pos or it.first is not None:
                    kept.append(it)
                    if it.pos > opener.pos:
                        end = min(end, it.pos)
            by_piece[i] = kept
            stopped = end < pieces[i].end
            j = i + 1
            while not stopped and j < len(pieces) and not by_piece[j]:
                if self.folded[pieces[j - 1].end : pieces[j].start].strip() in (";", "."):
                    break  # a new sentence
                understood.add(pieces[j].group)
                end = pieces[j].end
                j += 1
            conditions.append(self.src(opener.pos, end).strip(" ,;:("))
            regions.append((opener.pos, end))
            i = max(j, i + 1)
        return conditions, understood, regions

    def promote_dates(
        self,
        pieces: list[_Piece],
        by_piece: list[list[_Item]],
        regions: list[tuple[int, int]],
    ) -> None:
        """Full dates named without a keyword ("báo cáo 15/11/2025") are deadlines too.

        Dates inside an event / follows condition ("Theo Kế hoạch số 5 ngày 15/3/2025") stay
        part of its wording; bare years ("2025") are never promoted.
        """
        covered = bytearray(len(self.folded))
        for start, end in regions + [(it.pos, it.end) for group in by_piece for it in group]:
            covered[start:end] = b"\x01" * (end - start)
        starts = [piece.start for piece in pieces]
        for m in _T_FULL_RE.finditer(self.folded):
            if any(covered[m.start() : m.end()]):
                continue
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or m.start() >= pieces[i].end:
                continue
            t = self.temporal(m, 0)
            by_piece[i].append(_Item(m.start(), m.end(), _GRAIN_KIND[t.grain], "due", t))
            by_piece[i].sort(key=lambda it: it.pos)

    def assemble(self, items: list[_Item], conditions: list[str]) -> Timeline:
        kinds = [item.kind for item in items if item.kind is not None]
        kind = kinds[0]
        also: list[TimelineKind] = []
        for other in kinds[1:]:
            if other is not kind and other not in also:
                also.append(other)
        recurring = any(item.yearly for item in items) or TimelineKind.YEARLY in kinds
        dues: list[dt.date] = []
        starts: list[dt.date] = []
        until: dt.date | None = None
        for item in items:
            bounds = self.bounds(item, recurring)
            if bounds is None:
                continue
            first, last = bounds
            if item.mode == "due":
                dues.append(last)
            elif item.mode == "before":
                assert item.first is not None
                dues.append(first if item.first.grain == "date" else first - dt.timedelta(1))
            elif item.mode == "start":
                starts.append(first)
            elif item.mode == "span":
                if last < first:
                    raise self.fail(
                        f"Thời gian thực hiện {_quote(self.text)} kết thúc ({last:%d/%m/%Y}) "
                        f"trước khi bắt đầu ({first:%d/%m/%Y})."
                    )
                starts.append(first)
                dues.append(last)
            elif item.mode == "window" and until is None:
                starts.append(first)
                until = last
        if not dues and recurring and self.year is not None:
            dues.append(dt.date(self.year, 12, 31))  # "Hằng năm" in the plan's year
        window_start = min(starts) if starts else None
        milestones = sorted(set(dues) | set(self.named_starts(items, recurring)))
        return Timeline(
            text=self.text,
            kind=kind,
            due=max(dues) if dues else None,
            start=window_start,
            until=until,
            also=also,
            recurrence="yearly" if recurring else None,
            condition="; ".join(c for c in conditions if c) or None,
            milestones=milestones,
        )

    def named_starts(self, items: list[_Item], recurring: bool) -> list[dt.date]:
        starts = []
        for item in items:
            if item.mode in ("start", "span") and (bounds := self.bounds(item, recurring)):
                starts.append(bounds[0])
        return starts

    def bounds(self, item: _Item, recurring: bool) -> tuple[dt.date, dt.date] | None:
        """First and last day of the item's dates, in the plan year when the text has none."""
        if item.first is None:
            return None
        first_t, last_t = item.first, item.second or item.first
        year = self.year
        if year is None and (first_t.year is None or last_t.year is None):
            if recurring:
                return None
            missing = first_t if first_t.year is None else last_t
            raise self.fail(
                f"Thời gian thực hiện {_quote(self.text)} không ghi năm của "
                f'"{missing.src}" và kế hoạch không cho biết năm.',
                f'Ghi rõ năm, ví dụ "{missing.src}/2025" hoặc "{missing.src} năm 2025"; '
                "hoặc khai báo năm của kế hoạch.",
            )
        try:
            return first_t.bounds(year or 0)[0], last_t.bounds(year or 0)[1]
        except _Invalid as err:
            raise self.invalid(err) from None


def parse_timeline(text: str, *, year: int | None = None) -> Timeline:
    """Read a "Thời gian thực hiện" wording; ``year`` is the plan's year for texts without one.

    Raises :class:`TimelineError` for empty or unreadable text and impossible dates.
    """
    if not isinstance(text, str):
        raise TimelineError(
            f"Thời gian thực hiện phải là chuỗi chữ, không phải {type(text).__name__}."
        )
    return _Parser(_normalise(text), year).parse()


# --- Author overrides ------------------------------------------------------------------------

_OVERRIDABLE = ("kind", "due", "start", "until", "also", "recurrence", "condition", "milestones")
_DATE_FIELDS = ("due", "start", "until")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.A)
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.A)


def _bad(key: str, message: str, hint: str) -> TimelineError:
    return TimelineError(f"timeline.{key}: {message}", hint)


def _kind_value(value: object, key: str) -> TimelineKind:
    if isinstance(value, str):
        wanted = fold(value).strip().replace("_", "-").replace(" ", "-")
        for kind in TimelineKind:
            label = fold(KIND_LABELS[kind]).replace(" ", "-")
            if wanted in (kind.value, label):
                return kind
    choices = ", ".join(kind.value for kind in TimelineKind)
    raise _bad(
        key, f"giá trị {value!r} không phải là loại thời gian.", f"Dùng một trong: {choices}."
    )


def _date_value(value: object, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        parts: tuple[int, int, int] | None = None
        if m := _ISO.fullmatch(text):
            parts = int(m[1]), int(m[2]), int(m[3])
        elif m := _DMY.fullmatch(text):
            parts = int(m[3]), int(m[2]), int(m[1])
        if parts:
            try:
                return dt.date(*parts)
            except ValueError:
                raise _bad(
                    key, f"ngày {text} không tồn tại.", "Sửa lại ngày, ví dụ 2025-11-15."
                ) from None
    raise _bad(
        key, f"giá trị {value!r} không phải là ngày.", "Ghi ngày dạng YYYY-MM-DD, ví dụ 2025-11-15."
    )


def _override(key: str, value: object) -> object:
    """Check and convert one author override."""
    if key == "kind":
        return _kind_value(value, key)
    if key in _DATE_FIELDS:
        return _date_value(value, key)
    if key == "also":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple):
            raise _bad(key, "phải là danh sách các loại thời gian.", "Ví dụ: also: [on-request].")
        return [_kind_value(v, key) for v in values]
    if key == "milestones":
        if not isinstance(value, list | tuple):
            raise _bad(key, "phải là danh sách ngày.", "Ví dụ: milestones: [2025-12-15].")
        days = [_date_value(v, key) for v in value]
        return sorted({d for d in days if d is not None})
    if key == "recurrence":
        if value is None or (
            isinstance(value, str) and fold(value).strip() in ("yearly", "hang nam")
        ):
            return "yearly" if value is not None else None
        raise _bad(key, f"giá trị {value!r} không hợp lệ.", "Chỉ dùng recurrence: yearly.")
    if key == "condition":
        if value is None or isinstance(value, str):
            return " ".join(nfc(value).split()) or None if isinstance(value, str) else None
        raise _bad(key, "phải là một chuỗi chữ.", 'Ghi nguyên văn sự việc, ví dụ "Sau khi …".')
    raise AssertionError(key)  # pragma: no cover - keys are checked by the caller


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _check_fields(data: dict[str, object]) -> None:
    """Reject combinations no reader could use (a date kind without its date…)."""
    kind = data["kind"]
    due, start, until = data.get("due"), data.get("start"), data.get("until")
    needs = {
        TimelineKind.DATE: ("due",),
        TimelineKind.YEAR: ("due",),
        TimelineKind.QUARTER: ("due",),
        TimelineKind.MONTH: ("due",),
        TimelineKind.START: ("start",),
        TimelineKind.PERIOD: ("start", "due"),
    }
    assert isinstance(kind, TimelineKind)
    for key in needs.get(kind, ()):
        if data.get(key) is None:
            raise _bad(
                key,
                f'loại "{kind.value}" cần có {key} nhưng không đọc được từ text.',
                f"Ghi thêm {key}: YYYY-MM-DD.",
            )
    for later_key, later in (("due", due), ("until", until)):
        if isinstance(start, dt.date) and isinstance(later, dt.date) and later < start:
            raise _bad(
                later_key,
                f"{later_key} ({later}) ở trước start ({start}).",
                "Kiểm tra lại các ngày.",
            )


def resolve_timeline(raw: str | Mapping[str, object], *, year: int | None = None) -> Timeline:
    """The plan loader's entry: the wording alone, or ``{"text": …}`` plus author overrides.

    Overrides (kind, due, start, until, also, recurrence, condition, milestones) replace the
    fields read from the text. When the text cannot be read, the author's ``kind`` (with its
    fields) is accepted; without ``kind`` the :class:`TimelineError` is raised.
    """
    if isinstance(raw, str):
        return parse_timeline(raw, year=year)
    if not isinstance(raw, Mapping):
        raise TimelineError(
            "timeline phải là một chuỗi hoặc một bảng có khóa text.",
            'Ví dụ: timeline: "Trước ngày 15/11/2025" hoặc timeline: {text: "…", kind: date}.',
        )
    allowed = ("text", *_OVERRIDABLE)
    for key in raw:
        if key not in allowed:
            raise _bad(
                str(key),
                "khóa không được hỗ trợ.",
                "Các khóa được dùng: " + ", ".join(allowed) + ".",
            )
    text = raw.get("text")
    if not isinstance(text, str) or not _clean(_normalise(text)):
        raise _bad(
            "text",
            "thiếu nguyên văn thời gian thực hiện.",
            'Ghi text: nguyên văn như trong văn bản, ví dụ "Trước ngày 15/11/2025".',
        )
    overrides = {key: _override(key, value) for key, value in raw.items() if key != "text"}
    try:
        parsed = parse_timeline(text, year=year)
    except TimelineError:
        if "kind" not in overrides:
            raise
        data: dict[str, object] = {"text": _normalise(text)}
    else:
        data = parsed.model_dump()
    derived = dict(data)
    data.update(overrides)
    kind = data["kind"]
    assert isinstance(kind, TimelineKind)
    also = [k for k in _as_list(data.get("also")) if isinstance(k, TimelineKind)]
    data["also"] = list(dict.fromkeys(k for k in also if k is not kind))
    if "recurrence" not in overrides and (
        kind is TimelineKind.YEARLY or TimelineKind.YEARLY in also
    ):
        data["recurrence"] = "yearly"
    if "milestones" not in overrides:
        milestones = {d for d in _as_list(data.get("milestones")) if isinstance(d, dt.date)}
        for key in ("due", "start"):
            if key in overrides:
                milestones.discard(derived.get(key))
                new = overrides[key]
                if isinstance(new, dt.date):
                    milestones.add(new)
        data["milestones"] = sorted(milestones)
    _check_fields(data)
    try:
        return Timeline.model_validate(data)
    except ValidationError as err:  # pragma: no cover - values are checked above
        raise TimelineError(f"timeline không hợp lệ: {err.errors()[0]['msg']}") from None
