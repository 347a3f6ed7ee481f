"""Tests of planpub.timeline: reading "Thời gian thực hiện" wordings."""

from __future__ import annotations

import calendar
import contextlib
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from planpub.timeline import (
    KIND_LABELS,
    Timeline,
    TimelineError,
    TimelineKind,
    parse_timeline,
    resolve_timeline,
)

K = TimelineKind
D = date
LONG = (
    "Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương gửi "
    "kết quả rà soát về Bộ Công an trước ngày 15 tháng 12 năm 2025. Bộ Công an tổng hợp kết quả "
    "rà soát, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 12 năm 2025"
)

# (text, plan year, expected fields; absent keys must be their defaults)
CASES: list[tuple[str, int | None, dict[str, Any]]] = [
    # ongoing
    ("Thường xuyên", None, {"kind": K.ONGOING}),
    ("Thường xuyên", 2025, {"kind": K.ONGOING}),
    ("thuong xuyen", None, {"kind": K.ONGOING}),
    ("THƯỜNG XUYÊN.", None, {"kind": K.ONGOING}),
    ("Thực hiện thường xuyên", None, {"kind": K.ONGOING}),
    ("Thường xuyên, liên tục", None, {"kind": K.ONGOING}),
    (
        "Thường xuyên trong năm 2024",
        2025,
        {"kind": K.ONGOING, "start": D(2024, 1, 1), "until": D(2024, 12, 31)},
    ),
    (
        "Thường xuyên hoặc khi có yêu cầu",
        None,
        {"kind": K.ONGOING, "also": [K.ON_REQUEST]},
    ),
    # year
    ("Năm 2025", None, {"kind": K.YEAR, "due": D(2025, 12, 31)}),
    ("Trong năm 2024", None, {"kind": K.YEAR, "due": D(2024, 12, 31)}),
    ("Hoàn thành trong năm 2025", None, {"kind": K.YEAR, "due": D(2025, 12, 31)}),
    ("2025", None, {"kind": K.YEAR, "due": D(2025, 12, 31)}),
    ("nam 2025.", None, {"kind": K.YEAR, "due": D(2025, 12, 31)}),
    ("Đến năm 2030", None, {"kind": K.YEAR, "due": D(2030, 12, 31)}),
    (
        "năm 2025 và các năm tiếp theo",
        None,
        {"kind": K.YEAR, "due": D(2025, 12, 31), "also": [K.YEARLY], "recurrence": "yearly"},
    ),
    (
        "Năm 2026 và các năm tiếp theo",
        2024,
        {"kind": K.YEAR, "due": D(2026, 12, 31), "also": [K.YEARLY], "recurrence": "yearly"},
    ),
    # quarter / month
    ("Quý II/2025", None, {"kind": K.QUARTER, "due": D(2025, 6, 30)}),
    ("Quý IV năm 2025", None, {"kind": K.QUARTER, "due": D(2025, 12, 31)}),
    ("quy iv nam 2025", None, {"kind": K.QUARTER, "due": D(2025, 12, 31)}),
    ("Quý 2/2025", None, {"kind": K.QUARTER, "due": D(2025, 6, 30)}),
    ("Quý I - 2026", None, {"kind": K.QUARTER, "due": D(2026, 3, 31)}),
    ("Quý II", 2025, {"kind": K.QUARTER, "due": D(2025, 6, 30)}),
    ("Trong quý III/2025", None, {"kind": K.QUARTER, "due": D(2025, 9, 30)}),
    (
        "Quý IV năm 2025 và các năm tiếp theo",
        None,
        {"kind": K.QUARTER, "due": D(2025, 12, 31), "also": [K.YEARLY], "recurrence": "yearly"},
    ),
    ("Tháng 6/2025", None, {"kind": K.MONTH, "due": D(2025, 6, 30)}),
    ("tháng 6 năm 2025", None, {"kind": K.MONTH, "due": D(2025, 6, 30)}),
    ("Tháng 2/2024", None, {"kind": K.MONTH, "due": D(2024, 2, 29)}),
    ("Tháng 6", 2025, {"kind": K.MONTH, "due": D(2025, 6, 30)}),
    # date
    ("Trước ngày 15/11/2025", None, {"kind": K.DATE, "due": D(2025, 11, 14)}),
    ("trước ngày 15/11/2025.", None, {"kind": K.DATE, "due": D(2025, 11, 14)}),
    ("TRUOC NGAY 15/11/2025", None, {"kind": K.DATE, "due": D(2025, 11, 14)}),
    ("  Trước\n ngày   15/11/2025 ; ", None, {"kind": K.DATE, "due": D(2025, 11, 14)}),
    ("Trước ngày 1/7/2025", None, {"kind": K.DATE, "due": D(2025, 6, 30)}),
    ("Trước ngày 01-7-2025", None, {"kind": K.DATE, "due": D(2025, 6, 30)}),
    ("Trước ngày 01.7.2025", None, {"kind": K.DATE, "due": D(2025, 6, 30)}),
    ("trước ngày 01 tháng 01 năm 2026", None, {"kind": K.DATE, "due": D(2025, 12, 31)}),
    ("trước ngày 31 tháng 12 năm 2026", None, {"kind": K.DATE, "due": D(2026, 12, 30)}),
    ("ngày 01 tháng 01, năm 2026", None, {"kind": K.DATE, "due": D(2026, 1, 1)}),
    ("Chậm nhất ngày 30/6/2025", None, {"kind": K.DATE, "due": D(2025, 6, 30)}),
    ("Chậm nhất là ngày 30/6/2025", None, {"kind": K.DATE, "due": D(2025, 6, 30)}),
    ("Hoàn thành trước 30/6/2025", None, {"kind": K.DATE, "due": D(2025, 6, 29)}),
    ("Trước ngày 15/12", 2026, {"kind": K.DATE, "due": D(2026, 12, 14)}),
    ("Trước tháng 7/2025", None, {"kind": K.DATE, "due": D(2025, 6, 30)}),
    ("Trước quý III/2025", None, {"kind": K.DATE, "due": D(2025, 6, 30)}),
    ("Trước năm 2026", None, {"kind": K.DATE, "due": D(2025, 12, 31)}),
    (
        "**Trước ngày 15/11/2025** hoặc khi có yêu cầu",
        None,
        {"kind": K.DATE, "due": D(2025, 11, 14), "also": [K.ON_REQUEST]},
    ),
    (
        "*Trước ngày 15/11/2025* hoặc _khi có yêu cầu_",
        None,
        {"kind": K.DATE, "due": D(2025, 11, 14), "also": [K.ON_REQUEST]},
    ),
    (
        LONG,
        None,
        {
            "kind": K.DATE,
            "due": D(2025, 12, 30),
            "milestones": [D(2025, 12, 14), D(2025, 12, 30)],
        },
    ),
    (
        "Trước ngày 15/11/2025; khi có yêu cầu; hằng năm",
        None,
        {
            "kind": K.DATE,
            "due": D(2025, 11, 14),
            "also": [K.ON_REQUEST, K.YEARLY],
            "recurrence": "yearly",
        },
    ),
    # start / period
    ("Từ 01/7/2025", None, {"kind": K.START, "start": D(2025, 7, 1)}),
    ("Từ ngày 01/7/2025", None, {"kind": K.START, "start": D(2025, 7, 1)}),
    ("Từ tháng 7/2025", None, {"kind": K.START, "start": D(2025, 7, 1)}),
    ("Bắt đầu từ quý III/2025", None, {"kind": K.START, "start": D(2025, 7, 1)}),
    ("Kể từ ngày 01 tháng 7 năm 2025", None, {"kind": K.START, "start": D(2025, 7, 1)}),
    ("năm 2026 - 2027", None, {"kind": K.PERIOD, "start": D(2026, 1, 1), "due": D(2027, 12, 31)}),
    ("Năm 2026 – 2027", None, {"kind": K.PERIOD, "start": D(2026, 1, 1), "due": D(2027, 12, 31)}),
    ("2025-2030", None, {"kind": K.PERIOD, "start": D(2025, 1, 1), "due": D(2030, 12, 31)}),
    (
        "Giai đoạn 2025 - 2030",
        None,
        {"kind": K.PERIOD, "start": D(2025, 1, 1), "due": D(2030, 12, 31)},
    ),
    (
        "từ 01/7/2025 đến 31/12/2025",
        None,
        {"kind": K.PERIOD, "start": D(2025, 7, 1), "due": D(2025, 12, 31)},
    ),
    (
        "Từ năm 2026 đến năm 2027",
        None,
        {"kind": K.PERIOD, "start": D(2026, 1, 1), "due": D(2027, 12, 31)},
    ),
    (
        "Từ tháng 7/2025 đến hết tháng 12/2025",
        None,
        {"kind": K.PERIOD, "start": D(2025, 7, 1), "due": D(2025, 12, 31)},
    ),
    # event
    (
        "Khi phát sinh vụ việc yêu cầu bồi thường nhà nước",
        None,
        {"kind": K.EVENT, "condition": "Khi phát sinh vụ việc yêu cầu bồi thường nhà nước"},
    ),
    (
        "Sau khi Nghị định quy định chi tiết ... ban hành",
        None,
        {"kind": K.EVENT, "condition": "Sau khi Nghị định quy định chi tiết ... ban hành"},
    ),
    (
        "sau khi Chiến lược tiêu chuẩn quốc gia được ban hành",
        None,
        {"kind": K.EVENT, "condition": "sau khi Chiến lược tiêu chuẩn quốc gia được ban hành"},
    ),
    (
        "Sau khi có Quy chế của TW",
        None,
        {"kind": K.EVENT, "condition": "Sau khi có Quy chế của TW"},
    ),
    (
        "Sau khi Luật hoặc Nghị định được ban hành",
        None,
        {"kind": K.EVENT, "condition": "Sau khi Luật hoặc Nghị định được ban hành"},
    ),
    (
        "Sau khi UBND TP. Hà Nội ban hành",
        None,
        {"kind": K.EVENT, "condition": "Sau khi UBND TP. Hà Nội ban hành"},
    ),
    ("Khi Luật có hiệu lực", None, {"kind": K.EVENT, "condition": "Khi Luật có hiệu lực"}),
    (
        "Sau khi có hướng dẫn, trước ngày 30/6/2025",
        None,
        {
            "kind": K.EVENT,
            "condition": "Sau khi có hướng dẫn",
            "also": [K.DATE],
            "due": D(2025, 6, 29),
        },
    ),
    (
        "Theo Kế hoạch số 5 ngày 15/3/2025",
        None,
        {"kind": K.FOLLOWS, "condition": "Theo Kế hoạch số 5 ngày 15/3/2025"},
    ),
    # full dates named without a keyword
    (
        "Báo cáo 15/11/2025 khi có yêu cầu",
        None,
        {"kind": K.DATE, "due": D(2025, 11, 15), "also": [K.ON_REQUEST]},
    ),
    ("Tháng 6/2025 (dự kiến)", None, {"kind": K.MONTH, "due": D(2025, 6, 30)}),
    (
        "Năm 2025; Quý II/2026",
        None,
        {
            "kind": K.YEAR,
            "due": D(2026, 6, 30),
            "also": [K.QUARTER],
            "milestones": [D(2025, 12, 31), D(2026, 6, 30)],
        },
    ),
    (
        "Trong quý III/2025 và quý IV/2025",
        None,
        {"kind": K.QUARTER, "due": D(2025, 12, 31)},
    ),
    # on request
    ("Khi có yêu cầu", None, {"kind": K.ON_REQUEST}),
    ("khi co yeu cau", None, {"kind": K.ON_REQUEST}),
    ("theo yêu cầu", None, {"kind": K.ON_REQUEST}),
    ("Đột xuất khi có yêu cầu", None, {"kind": K.ON_REQUEST}),
    ("định kỳ hoặc đột xuất khi có yêu cầu", None, {"kind": K.ON_REQUEST}),
    # yearly
    ("Định kỳ hằng năm", 2025, {"kind": K.YEARLY, "due": D(2025, 12, 31), "recurrence": "yearly"}),
    ("Định kỳ hằng năm", None, {"kind": K.YEARLY, "recurrence": "yearly"}),
    ("Hằng năm", None, {"kind": K.YEARLY, "recurrence": "yearly"}),
    ("hàng năm", 2024, {"kind": K.YEARLY, "due": D(2024, 12, 31), "recurrence": "yearly"}),
    ("hang nam", 2024, {"kind": K.YEARLY, "due": D(2024, 12, 31), "recurrence": "yearly"}),
    ("Tháng 12 hằng năm", 2025, {"kind": K.YEARLY, "due": D(2025, 12, 31), "recurrence": "yearly"}),
    ("Tháng 12 hằng năm", None, {"kind": K.YEARLY, "recurrence": "yearly"}),
    ("Tháng 6 hằng năm", 2025, {"kind": K.YEARLY, "due": D(2025, 6, 30), "recurrence": "yearly"}),
    (
        "Trước ngày 15/12 hằng năm",
        2025,
        {"kind": K.YEARLY, "due": D(2025, 12, 14), "recurrence": "yearly"},
    ),
    (
        "Hằng năm, trước ngày 15/12",
        2025,
        {"kind": K.YEARLY, "due": D(2025, 12, 14), "also": [K.DATE], "recurrence": "yearly"},
    ),
    ("Định kỳ 6 tháng, hằng năm", None, {"kind": K.YEARLY, "recurrence": "yearly"}),
    ("hằng quý, hằng năm", 2026, {"kind": K.YEARLY, "due": D(2026, 12, 31),
                                  "recurrence": "yearly"}),
    ("Quý I hằng năm", 2026, {"kind": K.YEARLY, "due": D(2026, 3, 31), "recurrence": "yearly"}),
    (
        "Năm 2026 và những năm tiếp theo",
        None,
        {"kind": K.YEAR, "due": D(2026, 12, 31), "also": [K.YEARLY], "recurrence": "yearly"},
    ),
    # more often than yearly: ongoing work, whatever the plan's year
    ("định kỳ hằng quý", 2026, {"kind": K.ONGOING}),
    ("Hằng quý", None, {"kind": K.ONGOING}),
    ("hàng tháng", 2026, {"kind": K.ONGOING}),
    ("Hằng tuần", 2026, {"kind": K.ONGOING}),
    ("Định kỳ 6 tháng", 2026, {"kind": K.ONGOING}),
    ("6 tháng/lần", None, {"kind": K.ONGOING}),
    ("6 tháng một lần", 2026, {"kind": K.ONGOING}),
    ("hằng tháng, hằng quý", 2026, {"kind": K.ONGOING}),
    ("Báo cáo định kỳ hằng quý hoặc khi có yêu cầu", 2026,
     {"kind": K.ONGOING, "also": [K.ON_REQUEST]}),
    ("Hằng quý trong năm 2026", None,
     {"kind": K.ONGOING, "start": D(2026, 1, 1), "until": D(2026, 12, 31)}),
    # the whole year: the plan's, or the one printed
    ("cả năm", 2026, {"kind": K.YEAR, "due": D(2026, 12, 31)}),
    ("Trong cả năm", 2025, {"kind": K.YEAR, "due": D(2025, 12, 31)}),
    ("Cả năm", None, {"kind": K.ONGOING}),
    ("Cả năm 2026", 2024, {"kind": K.YEAR, "due": D(2026, 12, 31)}),
    ("Thường xuyên trong cả năm", 2026, {"kind": K.ONGOING}),
    # follows
    (
        "Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo",
        None,
        {
            "kind": K.FOLLOWS,
            "condition": "Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo",
        },
    ),
    ("Theo Kế hoạch riêng", None, {"kind": K.FOLLOWS, "condition": "Theo Kế hoạch riêng"}),
    ("Theo kế hoạch", None, {"kind": K.FOLLOWS, "condition": "Theo kế hoạch"}),
    (
        "Theo kế hoạch hằng năm",
        None,
        {"kind": K.FOLLOWS, "condition": "Theo kế hoạch hằng năm"},
    ),
    (
        "Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành",
        None,
        {"kind": K.FOLLOWS, "condition": "theo lộ trình, hướng dẫn của Bộ, ngành"},
    ),
    (
        "Theo Kế hoạch riêng hoặc khi có yêu cầu",
        None,
        {"kind": K.FOLLOWS, "condition": "Theo Kế hoạch riêng", "also": [K.ON_REQUEST]},
    ),
]


def _ids(case: tuple[str, int | None, dict[str, Any]]) -> str:
    return f"{case[0][:40]}|{case[1]}"


@pytest.mark.parametrize(("text", "year", "expected"), CASES, ids=[_ids(c) for c in CASES])
def test_examples(text: str, year: int | None, expected: dict[str, Any]) -> None:
    timeline = parse_timeline(text, year=year)
    defaults: dict[str, Any] = {
        "due": None,
        "start": None,
        "until": None,
        "also": [],
        "recurrence": None,
        "condition": None,
    }
    for key, default in defaults.items():
        assert getattr(timeline, key) == expected.get(key, default), key
    assert timeline.kind == expected["kind"]
    if "milestones" in expected:
        assert timeline.milestones == expected["milestones"]
    if timeline.due is not None:
        assert timeline.due in timeline.milestones
    assert timeline.milestones == sorted(set(timeline.milestones))


@pytest.mark.parametrize(("text", "year", "expected"), CASES, ids=[_ids(c) for c in CASES])
def test_examples_survive_nfd_and_spacing(
    text: str, year: int | None, expected: dict[str, Any]
) -> None:
    plain = parse_timeline(text, year=year)
    nfd = unicodedata.normalize("NFD", text)
    spaced = "  " + nfd.replace(" ", "   \n") + " . "
    other = parse_timeline(spaced, year=year)
    assert other.model_dump(exclude={"text"}) == plain.model_dump(exclude={"text"})
    assert other.text == plain.text


def test_text_is_verbatim_nfc_collapsed_and_stripped() -> None:
    raw = unicodedata.normalize("NFD", "  **Trước ngày\n15/11/2025**  hoặc khi có yêu cầu. ")
    timeline = parse_timeline(raw)
    assert timeline.text == "**Trước ngày 15/11/2025** hoặc khi có yêu cầu"
    assert unicodedata.is_normalized("NFC", timeline.text)


@pytest.mark.parametrize(
    ("text", "due", "printed"),
    [
        ("Trước ngày 15/11/2025", D(2025, 11, 14), False),
        ("Hoàn thành trước 30/6/2025", D(2025, 6, 29), False),
        ("Xong trước ngày 15/11/2025", D(2025, 11, 14), False),
        ("Kết thúc trước ngày 15/11/2025", D(2025, 11, 14), False),
        ("Trước ngày 01/01/2026", D(2025, 12, 31), False),
        ("Chậm nhất ngày 15/11/2025", D(2025, 11, 15), True),
        ("Chậm nhất là ngày 15/11/2025", D(2025, 11, 15), True),
        ("Muộn nhất là ngày 15/11/2025", D(2025, 11, 15), True),
        ("Đến ngày 15/11/2025", D(2025, 11, 15), True),
        ("Hoàn thành ngày 15/11/2025", D(2025, 11, 15), True),
        ("Hạn chót 15/11/2025", D(2025, 11, 15), True),
        ("Hạn chót là ngày 15/11/2025", D(2025, 11, 15), True),
        ("Không muộn hơn ngày 15/11/2025", D(2025, 11, 15), True),
        ("Không quá ngày 15/11/2025", D(2025, 11, 15), True),
        ("Báo cáo 15/11/2025", D(2025, 11, 15), True),
        ("Trước tháng 7/2025", D(2025, 6, 30), False),
        ("Năm 2025", D(2025, 12, 31), False),
        ("Quý II/2025", D(2025, 6, 30), False),
        ("Từ 01/7/2025 đến 31/12/2025", D(2025, 12, 31), True),
    ],
)
def test_deadline_semantics(text: str, due: date, printed: bool) -> None:
    """"Trước X" ends the day before X; the other deadline words end on X; pages mark a due
    date the wording does not print as worked out (due_printed False)."""
    timeline = parse_timeline(text)
    assert (timeline.due, timeline.due_printed) == (due, printed)


def test_before_applies_to_every_milestone_and_to_yearly_dates() -> None:
    both = parse_timeline("Trước ngày 15/5/2025 và trước ngày 15/11/2025 hoặc khi có yêu cầu")
    assert (both.due, both.milestones) == (D(2025, 11, 14), [D(2025, 5, 14), D(2025, 11, 14)])
    assert both.label() == "Hạn 14/11/2025 hoặc khi có yêu cầu"
    yearly = parse_timeline("Trước ngày 15/12 hằng năm", year=2025)
    assert (yearly.due, yearly.due_printed) == (D(2025, 12, 14), False)
    # the day before 1 January stays in the plan's year (31/12), not the year before it
    new_year = parse_timeline("Trước ngày 01/01 hằng năm", year=2025)
    assert (new_year.due, new_year.recurrence) == (D(2025, 12, 31), "yearly")
    printed_year = parse_timeline("Trước ngày 01/01/2025 và các năm tiếp theo", year=2025)
    assert printed_year.due == D(2024, 12, 31)


def _guide_deadline_rows() -> list[tuple[str, str]]:
    """(wording, due shown) rows of the authors' guide table "Hạn được hiểu thế nào"."""
    guide = (Path(__file__).resolve().parents[1] / "content" / "huong-dan-tac-gia.md").read_text(
        encoding="utf-8"
    )
    section = guide.split("## Hạn được hiểu thế nào", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("| ").split(" | ") for line in section.splitlines() if line.startswith("|")]
    return [(text, shown) for text, shown in rows[2:]]


def test_authors_guide_examples_match_the_parser() -> None:
    rows = _guide_deadline_rows()
    assert ("Trước ngày 15/11/2025", "14/11/2025 (ngày suy ra)") in rows
    for text, shown in rows:
        year = 2025 if "(kế hoạch năm 2025)" in text else None
        for wording in text.replace(" (kế hoạch năm 2025)", "").split("; "):
            timeline = parse_timeline(wording, year=year)
            if timeline.due is None:
                assert shown == "không có ngày hạn", wording
                continue
            assert shown.startswith(f"{timeline.due:%d/%m/%Y}"), wording
            assert ("(ngày suy ra)" in shown) is not timeline.due_printed, wording


def test_long_real_sentence_keeps_milestones() -> None:
    timeline = parse_timeline(LONG)
    assert timeline.milestones == [D(2025, 12, 14), D(2025, 12, 30)]
    assert timeline.label() == "Hạn 30/12/2025"


@pytest.mark.parametrize(
    ("text", "year", "label"),
    [
        ("Trước ngày 15/11/2025", None, "Hạn 14/11/2025"),
        ("Thường xuyên", 2025, "Thường xuyên"),
        ("Thường xuyên trong năm 2024", None, "Thường xuyên trong năm 2024"),
        ("Khi có yêu cầu", None, "Khi có yêu cầu"),
        ("Quý II/2025", None, "Quý II/2025"),
        ("Năm 2025", None, "Năm 2025"),
        ("Tháng 6/2025", None, "Tháng 6/2025"),
        ("Tháng 12 hằng năm", 2025, "Hằng năm (tháng 12)"),
        ("Định kỳ hằng năm", 2025, "Hằng năm"),
        ("Quý IV hằng năm", 2025, "Hằng năm (quý IV)"),
        ("Trước ngày 15/12 hằng năm", 2025, "Hằng năm (hạn 14/12)"),
        ("Từ 01/7/2025", None, "Từ 01/07/2025"),
        ("năm 2026 - 2027", None, "Năm 2026–2027"),
        ("từ 01/7/2025 đến 31/12/2025", None, "Từ 01/07/2025 đến 31/12/2025"),
        ("Theo Kế hoạch riêng", None, "Theo Kế hoạch riêng"),
        ("sau khi Chiến lược được ban hành", None, "Sau khi Chiến lược được ban hành"),
        ("Năm 2025 và các năm tiếp theo", None, "Năm 2025 và các năm tiếp theo"),
        ("Định kỳ hằng quý", 2026, "Thường xuyên"),
        ("6 tháng/lần", 2026, "Thường xuyên"),
        ("cả năm", 2026, "Năm 2026"),
        ("hằng quý, hằng năm", 2026, "Hằng năm"),
        ("Quý IV hằng năm", 2026, "Hằng năm (quý IV)"),
        (
            "**Trước ngày 15/11/2025** hoặc khi có yêu cầu",
            None,
            "Hạn 14/11/2025 hoặc khi có yêu cầu",
        ),
        ("Năm 2025; Quý II/2026", None, "Hạn 30/06/2026"),
        (
            "Sau khi có hướng dẫn, trước ngày 30/6/2025",
            None,
            "Sau khi có hướng dẫn, hạn 29/06/2025",
        ),
    ],
)
def test_labels(text: str, year: int | None, label: str) -> None:
    assert parse_timeline(text, year=year).label() == label


def test_label_of_long_condition_is_shortened() -> None:
    timeline = parse_timeline(
        "Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo và các bộ liên quan"
    )
    label = timeline.label()
    assert label.endswith("…")
    assert len(label) <= 61


def test_kind_labels_cover_every_kind() -> None:
    assert set(KIND_LABELS) == set(TimelineKind)
    assert KIND_LABELS[K.ON_REQUEST] == "Khi có yêu cầu"
    assert KIND_LABELS[K.FOLLOWS] == "Theo tiến độ công việc khác"


def test_sort_key_puts_dated_first_then_kind_order() -> None:
    texts = [
        "Theo kế hoạch",
        "Khi có yêu cầu",
        "Năm 2026",
        "Thường xuyên",
        "Trước ngày 15/11/2025",
        "Sau khi Luật được ban hành",
        "Quý II/2025",
        "Từ 01/7/2025",
    ]
    ordered = sorted((parse_timeline(t) for t in texts), key=Timeline.sort_key)
    assert [t.text for t in ordered] == [
        "Quý II/2025",
        "Trước ngày 15/11/2025",
        "Năm 2026",
        "Thường xuyên",
        "Từ 01/7/2025",
        "Sau khi Luật được ban hành",
        "Khi có yêu cầu",
        "Theo kế hoạch",
    ]


def test_model_is_frozen_and_strict() -> None:
    timeline = parse_timeline("Năm 2025")
    with pytest.raises(ValidationError):
        timeline.kind = K.DATE  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Timeline(text="x", kind=K.YEAR, deadline=D(2025, 1, 1))  # type: ignore[call-arg]
    assert Timeline.model_validate(timeline.model_dump()) == timeline


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("sớm nhất có thể", "sớm nhất có thể"),
        ("abc", "abc"),
        ("Năm 2025 abc", "Năm 2025 abc"),
        ("Định kỳ", "Định kỳ"),
        ("Trong 5-7 ngày làm việc", "Trong 5-7 ngày làm việc"),
        ("tháng 6/25", "tháng 6/25"),
        ("Trước ngày 15/11/2025 hoặc sớm nhất có thể", "sớm nhất có thể"),
        ("Quý V/2025", "quý V không tồn tại"),
        ("Quý 5 năm 2025", "quý 5 không tồn tại"),
        ("Tháng 13/2025", "tháng 13 không tồn tại"),
        ("31/02/2025", "ngày 31/02/2025 không tồn tại"),
        ("29/02/2025", "ngày 29/02/2025 không tồn tại"),
        ("Trước ngày 29/02/2025", "ngày 29/02/2025 không tồn tại"),
        ("trước ngày 30 tháng 02 năm 2026", "ngày 30/02/2026 không tồn tại"),
        ("Theo Kế hoạch số 5 ngày 31/04/2025", "ngày 31/04/2025 không tồn tại"),
        ("Từ 32/7/2025", "ngày 32/07/2025 không tồn tại"),
        ("năm 2027 - 2026", "kết thúc trước khi bắt đầu"),
        ("Từ 31/12/2025 đến 01/7/2025", "trước khi bắt đầu"),
        ("Năm 1800", "năm 1800"),
        ("Quý II", "không ghi năm"),
        ("Trước ngày 15/12", "không ghi năm"),
        ("", "trống"),
        ("  **  ", "trống"),
    ],
)
def test_errors_name_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(TimelineError) as info:
        parse_timeline(text)
    err = info.value
    assert fragment in err.message
    assert err.hint
    assert str(err) == err.message
    assert isinstance(err, ValueError)


def test_unknown_text_quotes_it_and_lists_accepted_forms() -> None:
    with pytest.raises(TimelineError) as info:
        parse_timeline("sớm nhất có thể")
    assert '"sớm nhất có thể"' in info.value.message
    for example in ("Thường xuyên", "Quý II/2025", "Trước ngày 15/11/2025", "Khi có yêu cầu"):
        assert example in info.value.hint


def test_leap_day_in_yearly_text_depends_on_plan_year() -> None:
    assert parse_timeline("29/02 hằng năm", year=2024).due == D(2024, 2, 29)
    with pytest.raises(TimelineError, match="29/02/2025 không tồn tại"):
        parse_timeline("29/02 hằng năm", year=2025)


def test_non_string_is_a_timeline_error() -> None:
    with pytest.raises(TimelineError):
        parse_timeline(2025)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "trước ngày " * 10_000,
        "1/" * 50_000,
        "thường xuyên, " * 7_000,
        "quý i " * 20_000,
        "từ năm 2025 - " * 7_000,
        "a. " * 33_000,
        "theo kế hoạch, " * 7_000,
        "sau khi hoặc " * 8_000,
        "Trước ngày 15/11/2025 " * 4_500,
        "1" * 100_000,
        "ngày 1 tháng 1 năm " * 5_000,
    ],
    ids=lambda t: f"{t[:12]!r}x{len(t)}",
)
def test_long_input_is_fast(text: str) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TimelineError):
        parse_timeline(text, year=2025)
    assert time.perf_counter() - began < 5


# --- properties ----------------------------------------------------------------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
dates = st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31))


def _day_text(day: date, padded: bool, sep: str) -> str:
    if padded:
        return f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"
    return f"{day.day}{sep}{day.month}{sep}{day.year}"


@given(dates, st.booleans(), st.sampled_from(["/", "-", "."]))
def test_property_before_date(day: date, padded: bool, sep: str) -> None:
    """"Trước ngày X" ends the day before X; "chậm nhất ngày X" ends on X (printed)."""
    before = parse_timeline(f"Trước ngày {_day_text(day, padded, sep)}")
    last = day - timedelta(days=1)
    assert (before.kind, before.due, before.milestones) == (K.DATE, last, [last])
    assert not before.due_printed
    latest = parse_timeline(f"Chậm nhất ngày {_day_text(day, padded, sep)}")
    assert (latest.kind, latest.due, latest.milestones) == (K.DATE, day, [day])
    assert latest.due_printed


@given(dates, st.booleans())
def test_property_before_date_in_words(day: date, padded: bool) -> None:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (day.day, day.month)
    timeline = parse_timeline(f"trước ngày {d} tháng {m} năm {day.year}")
    assert (timeline.kind, timeline.due) == (K.DATE, day - timedelta(days=1))


@given(dates, st.booleans())
def test_property_start(day: date, padded: bool) -> None:
    timeline = parse_timeline(f"Từ {_day_text(day, padded, '/')}")
    assert (timeline.kind, timeline.start, timeline.due) == (K.START, day, None)


@given(dates)
def test_property_month(day: date) -> None:
    last = calendar.monthrange(day.year, day.month)[1]
    timeline = parse_timeline(f"Tháng {day.month}/{day.year}")
    assert (timeline.kind, timeline.due) == (K.MONTH, D(day.year, day.month, last))


@given(st.integers(1950, 2150), st.integers(1, 4), st.booleans(), st.booleans())
def test_property_quarter(year: int, quarter: int, roman: bool, words: bool) -> None:
    number = ROMAN[quarter] if roman else str(quarter)
    text = f"Quý {number} năm {year}" if words else f"Quý {number}/{year}"
    end = D(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
    timeline = parse_timeline(text)
    assert (timeline.kind, timeline.due) == (K.QUARTER, end)
    assert timeline.label() == f"Quý {ROMAN[quarter]}/{year}"


TEMPLATES = [
    lambda d: f"Trước ngày {d:%d/%m/%Y}",
    lambda d: f"trước ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"Chậm nhất ngày {d.day}-{d.month}-{d.year}",
    lambda d: f"Tháng {d.month}/{d.year}",
    lambda d: f"Quý {ROMAN[(d.month - 1) // 3 + 1]}/{d.year}",
    lambda d: f"Năm {d.year}",
]


@given(
    dates, st.sampled_from(TEMPLATES), st.sampled_from([" hoặc khi có yêu cầu", "; theo yêu cầu"])
)
def test_property_on_request_adds_to_also(day: date, template: Any, suffix: str) -> None:
    text = template(day)
    alone = parse_timeline(text)
    both = parse_timeline(text + suffix)
    assert both.kind == alone.kind
    assert both.due == alone.due
    assert both.also == [K.ON_REQUEST]


@given(st.text(max_size=300), st.none() | st.integers(1, 3000))
def test_property_random_text_only_raises_timeline_error(text: str, year: int | None) -> None:
    with contextlib.suppress(TimelineError):
        parse_timeline(text, year=year)


WORDS = [
    "trước", "ngày", "tháng", "quý", "năm", "II", "IV", "V", "13", "2025", "2026", "15/11/2025",
    "31/02/2025", "1/7", "hoặc", "và", ",", ".", ";", "-", "khi", "có", "yêu cầu", "thường",
    "xuyên", "hằng", "hàng", "từ", "đến", "sau khi", "theo", "kế hoạch", "tiến độ", "định kỳ",
    "đột xuất", "các năm tiếp theo", "trong", "chậm nhất", "**", "_", "phát sinh", "12", "01",
]  # fmt: skip


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.none() | st.integers(1900, 2200))
def test_property_vocabulary_fuzz(words: list[str], year: int | None) -> None:
    """Phrases built from the timeline vocabulary: read consistently, or a TimelineError."""
    text = " ".join(words)
    try:
        timeline = parse_timeline(text, year=year)
    except TimelineError as err:
        assert err.message and err.hint
        return
    assert timeline.kind not in timeline.also
    assert len(set(timeline.also)) == len(timeline.also)
    assert timeline.milestones == sorted(set(timeline.milestones))
    if timeline.due is not None:
        assert timeline.due in timeline.milestones
    assert parse_timeline(timeline.text, year=year) == timeline
    timeline.label()
    timeline.sort_key()


@given(dates, st.sampled_from(TEMPLATES), st.sampled_from(["", ".", " ;", "  "]))
def test_property_parse_is_idempotent(day: date, template: Any, tail: str) -> None:
    timeline = parse_timeline(template(day) + tail)
    assert parse_timeline(timeline.text) == timeline


@given(st.sampled_from([c[0] for c in CASES]), st.integers(1950, 2150))
def test_property_examples_idempotent_with_any_year(text: str, year: int) -> None:
    try:
        timeline = parse_timeline(text, year=year)
    except TimelineError:  # e.g. a leap day in a yearly text
        return
    assert parse_timeline(timeline.text, year=year) == timeline


# --- resolve_timeline ----------------------------------------------------------------------


def test_resolve_string_is_parse() -> None:
    assert resolve_timeline("Quý II", year=2025) == parse_timeline("Quý II", year=2025)


def test_resolve_mapping_without_overrides() -> None:
    assert resolve_timeline({"text": "Năm 2025"}) == parse_timeline("Năm 2025")


def test_resolve_overrides_replace_derived_fields() -> None:
    timeline = resolve_timeline(
        {"text": "Năm 2025", "due": "2025-06-30", "also": ["on-request"], "condition": "x"}
    )
    assert timeline.kind == K.YEAR
    assert timeline.due == D(2025, 6, 30)
    assert timeline.milestones == [D(2025, 6, 30)]
    assert timeline.also == [K.ON_REQUEST]
    assert timeline.condition == "x"


def test_resolve_override_kind_and_null_clears() -> None:
    timeline = resolve_timeline(
        {"text": "Trước ngày 15/11/2025 hoặc khi có yêu cầu", "kind": "on-request", "due": None}
    )
    assert timeline.kind == K.ON_REQUEST
    assert timeline.due is None
    assert timeline.also == []  # the kind is not repeated in also
    assert timeline.milestones == []


def test_resolve_override_rescues_unparseable_text() -> None:
    timeline = resolve_timeline(
        {"text": "Sớm nhất có thể.", "kind": "date", "due": D(2025, 12, 1)}, year=2025
    )
    assert timeline.text == "Sớm nhất có thể"
    assert (timeline.kind, timeline.due, timeline.milestones) == (
        K.DATE,
        D(2025, 12, 1),
        [D(2025, 12, 1)],
    )
    impossible = resolve_timeline({"text": "31/02/2025", "kind": "date", "due": "2025-02-28"})
    assert impossible.due == D(2025, 2, 28)


def test_resolve_accepts_vietnamese_kind_labels_and_yearly() -> None:
    timeline = resolve_timeline({"text": "abc", "kind": "Định kỳ hằng năm"})
    assert timeline.kind == K.YEARLY
    assert timeline.recurrence == "yearly"
    assert resolve_timeline({"text": "abc", "kind": "ON_REQUEST"}).kind == K.ON_REQUEST


def test_resolve_unparseable_without_kind_raises_the_parse_error() -> None:
    with pytest.raises(TimelineError, match="sớm nhất có thể"):
        resolve_timeline({"text": "sớm nhất có thể", "due": "2025-01-01"})


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"text": "Năm 2025", "deadline": "2025-01-01"}, "deadline"),
        ({"text": "Năm 2025", "kind": "soon"}, "kind"),
        ({"text": "Năm 2025", "kind": 3}, "kind"),
        ({"text": "Năm 2025", "due": "15-11-2025x"}, "due"),
        ({"text": "Năm 2025", "due": "2025-02-30"}, "due"),
        ({"text": "Năm 2025", "start": 20250101}, "start"),
        ({"text": "Năm 2025", "until": ["2025-01-01"]}, "until"),
        ({"text": "Năm 2025", "also": "later"}, "also"),
        ({"text": "Năm 2025", "also": {"a": 1}}, "also"),
        ({"text": "Năm 2025", "recurrence": "monthly"}, "recurrence"),
        ({"text": "Năm 2025", "condition": 5}, "condition"),
        ({"text": "Năm 2025", "milestones": "2025-01-01"}, "milestones"),
        ({"text": "abc", "kind": "date"}, "due"),
        ({"text": "Năm 2025", "start": "2026-01-01"}, "due"),
        ({"due": "2025-01-01"}, "text"),
        ({"text": ""}, "text"),
        ({"text": 2025}, "text"),
    ],
)
def test_resolve_bad_keys_and_values_name_the_key(raw: dict[str, Any], key: str) -> None:
    with pytest.raises(TimelineError) as info:
        resolve_timeline(raw)
    assert key in info.value.message
    assert info.value.hint


def test_resolve_rejects_other_types() -> None:
    with pytest.raises(TimelineError):
        resolve_timeline(["Năm 2025"])  # type: ignore[arg-type]
