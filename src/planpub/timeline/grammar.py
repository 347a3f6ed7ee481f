"""The wording's grammar: normalisation, and the regexes for dates, months, quarters, years
and the phrases around them (matched on folded text, single spaces).

Matching is accent- and case-insensitive (on :func:`planpub.slug.fold`), tolerant of NFD input,
extra spaces and line breaks, Markdown ``**``/``*``/``_`` markers and a trailing ``.``/``;``.

How the forms read (the choices for ambiguous wording are marked *):

* ``Thường xuyên`` / ``Thực hiện thường xuyên`` → ``ongoing`` with no window, even when the plan's
  year is known; ``Thường xuyên trong năm 2024`` → window ``start`` 01/01/2024, ``until``
  31/12/2024 (``due`` stays empty: ongoing work has no deadline).
* Recurring more often than yearly is ongoing work too: ``Hằng quý``, ``Định kỳ hằng tháng``,
  ``hằng tuần``, ``Định kỳ 6 tháng``, ``6 tháng/lần`` → ``ongoing``. Followed by ``hằng năm``
  (``Định kỳ 6 tháng, hằng năm``: the reports of a year) it only qualifies the yearly kind*.
* ``Cả năm`` → ``year`` of the plan (due 31/12); with no plan year, ``ongoing``.
  ``Cả năm 2026`` → ``year`` 2026.
* ``Năm 2025``, ``Trong năm 2025``, ``Hoàn thành trong năm 2025``, ``2025``, ``Đến năm 2030``* →
  ``year``, due 31/12. ``Quý II/2025`` → ``quarter``; ``Tháng 6/2025`` → ``month`` (due the last
  day). ``Quý II``, ``Tháng 6`` without a year take the plan's ``year``; with no plan year they
  are an error (never a guess).
* Deadlines, one rule for every grain: *before* X ends the day before X starts; any other
  deadline word ends on X's last day. ``Trước ngày 15/11/2025``, ``Hoàn thành trước 30/6/2025``
  → ``date``, due 14/11/2025, 29/06/2025 (the day before, as ``Trước tháng 7/2025`` → 30/06,
  ``Trước quý III/2025`` → 30/06, ``Trước năm 2026``* → 31/12/2025). ``Chậm nhất ngày 15/11/2025``,
  ``Đến ngày …``, ``Hoàn thành ngày …``, ``Hạn chót …``, ``Không muộn hơn …`` → ``date``, due
  that date. A due date the wording does not print (14/11 here) is shown as worked out
  (:attr:`~planpub.timeline.vocabulary.Timeline.due_printed`).
* ``Từ 01/7/2025``, ``Từ tháng 7/2025``, ``Bắt đầu từ …`` → ``start``. ``Từ … đến …``,
  ``năm 2026 - 2027``, ``Giai đoạn 2025-2030`` → ``period`` (``start`` and ``due`` = the end).
* ``Hằng năm`` / ``hàng năm`` / ``Định kỳ hằng năm`` → ``yearly`` (recurrence ``yearly``; due
  31/12 of the plan year when the year is known and nothing else gives a date).
  ``Tháng 12 hằng năm`` → ``yearly`` due 31/12, ``Trước ngày 15/12 hằng năm`` → due 14/12, of
  the plan year (no due without a plan year).
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
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from planpub.slug import fold, nfc
from planpub.timeline.vocabulary import TimelineKind
from planpub.vocab import from_roman

# --- Normalisation -----------------------------------------------------------------------------

_DASHES = frozenset("‐‑‒–—―−")
_MARKUP = frozenset("*_\u200b\u200c\u200d\ufeff")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return "-" if ch in _DASHES else fold(ch)


def normalise(text: str) -> str:
    """The stored wording: NFC, whitespace collapsed, trailing ``.``/``;`` stripped."""
    return " ".join(nfc(text).split()).rstrip(" .;")


def clean(text: str) -> str:
    """The wording without Markdown markers or list bullets, as matched and quoted."""
    bare = "".join(ch for ch in text if ch not in _MARKUP)
    return " ".join(bare.split()).lstrip("-•+ ").rstrip(" .;")


def fold_map(clean: str) -> tuple[str, list[int]]:
    """Fold ``clean`` character by character, keeping where each folded char came from."""
    parts: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(clean):
        folded = _fold_char(ch)
        parts.append(folded)
        where.extend([i] * len(folded))
    where.append(len(clean))
    return "".join(parts), where


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
TEMPORAL_RE = re.compile(_T, re.A)
"""Any date, month, quarter, year or year range."""
FULL_TEMPORAL_RE = re.compile(
    rf"(?:ngay )?{_D} thang \d{{1,2}},? nam \d{{4}}(?!\d)"
    rf"|{_D}{_DM}\d{{1,2}}{_DM}\d{{4}}(?!\d)"
    rf"|\bthang \d{{1,2}}{_TAIL_YEAR}"
    rf"|\bquy (?:[ivx]+|\d{{1,2}})\b{_TAIL_YEAR}",
    re.A,
)
"""Forms that carry their own year: checked wherever they appear, so a wrong date is never
silently read as something else ("31/02/2025" is not "năm 2025")."""

_P_DATE_WORDS = re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2})(?:,? nam (\d{4}))?", re.A)
_P_DATE_NUM = re.compile(
    r"(?:ngay )?(\d{1,2})(?: ?[/-] ?|\.)(\d{1,2})(?:(?: ?[/-] ?|\.)(\d{4}))?", re.A
)
_P_MONTH = re.compile(r"thang (\d{1,2})(?:(?: ?[/-] ?|,? nam )(\d{4}))?", re.A)
_P_QUARTER = re.compile(r"quy ([ivx]+|\d{1,2})(?:(?: ?[/-] ?|,? nam )(\d{4}))?", re.A)
_P_RANGE = re.compile(r"(?:(?:giai doan|nam) )?(\d{4}) ?- ?(?:nam )?(\d{4})", re.A)
_P_YEAR = re.compile(r"(?:nam )?(\d{4})", re.A)

YEAR_MIN, YEAR_MAX = 1900, 2200
"""Years a plan's dates may fall in (a date outside is a typing mistake, and calendars
cannot add a day to 9999-12-31)."""

Grain = Literal["date", "month", "quarter", "year", "range"]


class Invalid(Exception):
    """An impossible date, month, quarter or year (turned into a TimelineError)."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.detail = detail


@dataclass(frozen=True)
class Temporal:
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
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Invalid(f"năm {year} nằm ngoài khoảng {YEAR_MIN}–{YEAR_MAX}")
    return year


def _check_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise Invalid(f"tháng {month} không tồn tại (tháng phải từ 1 đến 12)")
    return month


def _check_day(day: int, month: int, year: int | None) -> None:
    _check_month(month)
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    if not 1 <= day <= last:
        when = f"{day:02d}/{month:02d}" + (f"/{year}" if year is not None else "")
        more = f"tháng {month:02d}/{year} chỉ có {last} ngày" if year else ""
        raise Invalid(f"ngày {when} không tồn tại", more)


def _opt_year(raw: str | None) -> int | None:
    return None if raw is None else _check_year(int(raw))


def read_temporal(folded: str, src: str) -> Temporal:
    """Read one expression matched by :data:`TEMPORAL_RE` (raises Invalid when impossible)."""
    if m := _P_DATE_WORDS.fullmatch(folded) or _P_DATE_NUM.fullmatch(folded):
        day, month, year = int(m[1]), int(m[2]), _opt_year(m[3])
        _check_day(day, month, year)
        return Temporal("date", year, src, month=month, day=day)
    if m := _P_MONTH.fullmatch(folded):
        return Temporal("month", _opt_year(m[2]), src, month=_check_month(int(m[1])))
    if m := _P_QUARTER.fullmatch(folded):
        raw = m[1]
        quarter = int(raw) if raw.isdigit() else from_roman(raw) or 0
        if not 1 <= quarter <= 4:
            raise Invalid(f"quý {raw.upper()} không tồn tại (chỉ có quý I, II, III, IV)")
        return Temporal("quarter", _opt_year(m[2]), src, quarter=quarter)
    if m := _P_RANGE.fullmatch(folded):
        first, last = _check_year(int(m[1])), _check_year(int(m[2]))
        if last < first:
            raise Invalid(f"khoảng năm {first} - {last} kết thúc trước khi bắt đầu")
        return Temporal("range", first, src, year2=last)
    if m := _P_YEAR.fullmatch(folded):
        return Temporal("year", _check_year(int(m[1])), src)
    raise Invalid(f"không đọc được mốc thời gian {src!r}")  # pragma: no cover - _T guards


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
_MORE_OFTEN = (
    r"(?:(?:dinh ky )?(?:hang|moi) (?:ngay|tuan|thang|quy)"
    r"|dinh ky (?:hang )?(?:\d{1,2}|hai|ba|sau) (?:thang|tuan)(?: (?:mot|1) lan)?"
    r"|(?:\d{1,2}|hai|ba|sau) (?:thang|tuan) ?(?:/ ?|mot |1 )lan"
    r"|(?:dinh ky )?nua nam(?: (?:mot|1) lan)?(?= |$))\b"
)
"""Recurring more often than yearly ("hằng quý", "định kỳ 6 tháng", "6 tháng/lần")."""
_STEADY = (
    r"(?:thuong xuyen|lien tuc"
    rf"|{_MORE_OFTEN}(?!,? (?:va |hoac )?(?:dinh ky )?(?:hang|moi) nam\b))"
)

_PHRASES: list[tuple[str, str]] = [
    (
        "period",
        rf"{_FROM} (?P<pa>{_T}) ?(?:den|toi|-) ?(?:het )?(?P<pb>{_T})(?P<py>{_YEARLY_SUFFIX})?",
    ),
    ("start", rf"{_FROM} (?P<st>{_T})(?P<sy>{_YEARLY_SUFFIX})?"),
    (
        "ongoing",
        rf"\b{_STEADY}(?:,? (?:va )?{_STEADY})?"
        rf"(?:,? (?:trong|suot)(?: ca)? (?:(?P<og>{_T})|nam\b(?! ?\d)))?",
    ),
    ("whole_year", r"\bca nam\b(?! ?\d)"),
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
    ("periodic", rf"\b(?:{_MORE_OFTEN}|dinh ky\b)"),
]
PHRASE_RE = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _PHRASES), re.A)
"""The phrases; the name of the matching group (``lastgroup``) says which."""
PHRASE_KINDS: dict[str, TimelineKind | None] = {
    "on_request": TimelineKind.ON_REQUEST,
    "event": TimelineKind.EVENT,
    "follows": TimelineKind.FOLLOWS,
    "whole_year": TimelineKind.ONGOING,  # "cả năm" when the plan's year is unknown
    "periodic": None,  # a bare "định kỳ" states no period; "hằng quý" before "hằng năm"
}
"""The kind of each phrase that carries no date."""
WEAK_RE = re.compile(
    rf"(?:(?:{_LEAD}) )*(?:(?:trong|vao|ca|suot|nam|giai doan) )?(?P<wk>{_T})", re.A)
"""A part that is only a temporal expression ("Năm 2025"), in group ``wk``."""
SEP_RE = re.compile(r" ?; ?|(?<!\.)\.(?!\.)(?= |$) ?| ?, ?|: | hoac | va | ?[()] ?", re.A)
"""Where the wording splits into parts."""
ABBREVIATIONS = frozenset({"tp", "q", "p", "tt", "tx", "v.v", "ths", "ts", "pgs", "gs", "th"})
"""Words whose ``.`` does not end a sentence."""
