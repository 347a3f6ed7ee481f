"""Author overrides: :func:`resolve_timeline` reads a plan's ``timeline``, either the wording
alone or ``{text: …, kind: …, due: …}``, and checks the fields the author sets by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import ValidationError

from planpub.slug import fold, nfc
from planpub.timeline.grammar import YEAR_MAX, YEAR_MIN, clean, normalise
from planpub.timeline.parser import parse_timeline
from planpub.timeline.vocabulary import KIND_LABELS, Timeline, TimelineError, TimelineKind
from planpub.vocab import date_parts

_OVERRIDABLE = ("kind", "due", "start", "until", "also", "recurrence", "condition", "milestones")
_DATE_FIELDS = ("due", "start", "until")


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
        value = value.date()
    if isinstance(value, dt.date):
        if not YEAR_MIN <= value.year <= YEAR_MAX:
            raise _bad(key, f"năm {value.year} nằm ngoài khoảng {YEAR_MIN}–{YEAR_MAX}.",
                       "Sửa lại ngày, ví dụ 2025-11-15.")
        return value
    if isinstance(value, str):
        text = value.strip()
        if parts := date_parts(text):
            try:
                day = dt.date(*parts)
            except ValueError:
                raise _bad(
                    key, f"ngày {text} không tồn tại.", "Sửa lại ngày, ví dụ 2025-11-15."
                ) from None
            return _date_value(day, key)
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
    if not isinstance(text, str) or not clean(normalise(text)):
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
        data: dict[str, object] = {"text": normalise(text)}
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
