"""Reading a "Thời gian thực hiện" wording into a :class:`Timeline` (:func:`parse_timeline`).

The forms each part may take are listed in :mod:`planpub.timeline.grammar`.

Combinations (``hoặc``, ``và``, ``,``, ``;``, sentences): the first understood part gives
``kind``, later ones go to ``also``; ``due`` is the latest deadline and ``milestones`` every
deadline and start date, sorted. Every deadline, ``due`` or milestone, follows one rule:
"trước X" ends the day before X, "chậm nhất" / "đến" / "hạn chót" … X end on X. Every sentence
and every ``hoặc`` alternative must be understood (wording between commas around a date, such
as who reports to whom, is tolerated); otherwise :class:`TimelineError` quotes the part it
could not read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from planpub.timeline.grammar import (
    ABBREVIATIONS,
    FULL_TEMPORAL_RE,
    PHRASE_KINDS,
    PHRASE_RE,
    SEP_RE,
    TEMPORAL_RE,
    WEAK_RE,
    Grain,
    Invalid,
    Temporal,
    clean,
    fold_map,
    normalise,
    read_temporal,
)
from planpub.timeline.vocabulary import HINT, Timeline, TimelineError, TimelineKind, shorten

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
    first: Temporal | None = None
    second: Temporal | None = None
    yearly: bool = False

    @property
    def is_open(self) -> bool:
        return self.kind in (TimelineKind.EVENT, TimelineKind.FOLLOWS)


@dataclass
class _Piece:
    start: int
    end: int
    group: int  # index of the sentence / "hoặc" alternative the piece belongs to


def _quote(text: str) -> str:
    return f'"{shorten(text, 120)}"'


class _Parser:
    """One parse: the folded text, its pieces and the phrases found in it."""

    def __init__(self, text: str, year: int | None) -> None:
        self.text = text
        self.year = year
        self.clean = clean(text)
        self.folded, self.where = fold_map(self.clean)

    # helpers -----------------------------------------------------------------------------

    def src(self, start: int, end: int) -> str:
        return self.clean[self.where[start] : self.where[end]]

    def fail(self, message: str, hint: str = HINT) -> TimelineError:
        return TimelineError(message, hint)

    def invalid(self, err: Invalid) -> TimelineError:
        detail = f" ({err.detail})" if err.detail else ""
        return self.fail(
            f"Thời gian thực hiện {_quote(self.text)} có {err.what}{detail}.",
            'Sửa lại ngày, tháng, quý trong văn bản (ví dụ "Trước ngày 28/02/2025", '
            '"Quý IV/2025"); nếu văn bản gốc ghi sai, giữ nguyên text và ghi kind, due '
            "(YYYY-MM-DD) trong YAML.",
        )

    def temporal(self, m: re.Match[str], group: str | int) -> Temporal:
        start, end = m.span(group)
        try:
            return read_temporal(self.folded[start:end], self.src(start, end))
        except Invalid as err:
            raise self.invalid(err) from None

    # steps -------------------------------------------------------------------------------

    def validate(self) -> None:
        """Reject impossible dates wherever they appear, before anything is read."""
        for m in FULL_TEMPORAL_RE.finditer(self.folded):
            try:
                read_temporal(m[0], self.src(*m.span()))
            except Invalid as err:
                raise self.invalid(err) from None

    def phrases(self) -> list[_Item]:
        items: list[_Item] = []
        for m in PHRASE_RE.finditer(self.folded):
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
        if name == "whole_year" and self.year is not None:  # "cả năm": the plan's year
            return _Item(pos, end, TimelineKind.YEAR, "due", Temporal("year", None, "cả năm"))
        return _Item(pos, end, PHRASE_KINDS[name or ""])  # "khi có yêu cầu", "định kỳ"…

    def pieces(self, protected: list[tuple[int, int]]) -> list[_Piece]:
        """Split at separators outside ``protected`` spans; group by sentence / alternative."""
        pieces: list[_Piece] = []
        group, last = 0, 0
        span_i = 0
        for m in SEP_RE.finditer(self.folded):
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
        return word in ABBREVIATIONS

    def weak(self, piece: _Piece) -> _Item | None:
        """A piece that is only a date, month, quarter, year or range ("Năm 2025")."""
        start = piece.start
        while self.folded[start] == " ":
            start += 1
        m = WEAK_RE.fullmatch(self.folded, start, piece.end)
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
            [(i.pos, i.end) for i in items] + [m.span() for m in TEMPORAL_RE.finditer(self.folded)]
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
                    f'Không hiểu phần "{shorten(part, 80)}" trong thời gian thực hiện '
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
        for m in FULL_TEMPORAL_RE.finditer(self.folded):
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
                day = first - dt.timedelta(1)  # "trước X": the last day is X − 1
                if recurring and self.year and day.year < self.year and item.first.year is None:
                    day = day.replace(year=self.year)  # "trước 01/01 hằng năm": 31/12, plan year
                dues.append(day)
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
        except Invalid as err:
            raise self.invalid(err) from None


def parse_timeline(text: str, *, year: int | None = None) -> Timeline:
    """Read a "Thời gian thực hiện" wording; ``year`` is the plan's year for texts without one.

    Raises :class:`TimelineError` for empty or unreadable text and impossible dates.
    """
    if not isinstance(text, str):
        raise TimelineError(
            f"Thời gian thực hiện phải là chuỗi chữ, không phải {type(text).__name__}."
        )
    return _Parser(normalise(text), year).parse()
