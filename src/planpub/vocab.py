"""Vietnamese vocabulary, in one place: labels of kinds and roles, dates, Roman numerals."""

from __future__ import annotations

import datetime as dt
import os
import re

AGENCY_KIND_LABELS = {
    "government": "Chính phủ",
    "ministry": "Bộ, cơ quan ngang bộ",
    "people-committee": "Ủy ban nhân dân",
    "people-council": "Hội đồng nhân dân",
    "chairman": "Chủ tịch Ủy ban nhân dân",
    "department": "Sở, cục, phòng chuyên môn",
    "court": "Tòa án nhân dân",
    "procuracy": "Viện kiểm sát nhân dân",
    "enforcement": "Cơ quan thi hành án dân sự",
    "police": "Công an",
    "office": "Văn phòng, bộ phận",
    "unit": "Đơn vị",
    "official": "Người có thẩm quyền, công chức",
    "media": "Báo chí, phát thanh, truyền hình",
    "mass-organisation": "Tổ chức chính trị - xã hội",
    "group": "Nhóm cơ quan",
    "role": "Vai trò chung",
    "other": "Cơ quan, tổ chức khác",
}

LOCALITY_KIND_LABELS = {
    "country": "Trung ương",
    "province": "Tỉnh",
    "city": "Thành phố trực thuộc trung ương",
    "district": "Huyện",
    "town": "Thị xã",
    "district-city": "Thành phố thuộc tỉnh",
    "ward": "Phường",
    "commune": "Xã",
    "special-zone": "Đặc khu",
}

DOC_TYPE_LABELS = {
    "hien-phap": "Hiến pháp", "luat": "Luật", "nghi-quyet": "Nghị quyết", "lenh": "Lệnh",
    "nghi-dinh": "Nghị định", "thong-tu": "Thông tư", "quyet-dinh": "Quyết định",
    "chi-thi": "Chỉ thị", "ke-hoach": "Kế hoạch", "cong-van": "Công văn",
    "thong-bao": "Thông báo", "bao-cao": "Báo cáo", "van-ban-hop-nhat": "Văn bản hợp nhất",
}

STATUS_LABELS = {
    "in-force": "Còn hiệu lực",
    "amended": "Còn hiệu lực, đã được sửa đổi, bổ sung",
    "replaced": "Hết hiệu lực, đã được thay thế",
    "expired": "Hết hiệu lực",
    "unknown": "Chưa xác định",
}
"""A legal document's ``status`` as pages and search results name it."""

ENDED_STATUSES = frozenset({"replaced", "expired"})
"""Statuses of a document no longer in force."""

ROLE_LABELS = {
    "lead": "Chủ trì thực hiện",
    "advise": "Tham mưu thực hiện",
    "coordinate": "Phối hợp",
    "consolidate": "Đầu mối tổng hợp",
}
"""A task's roles (:class:`planpub.model.Roles`) as pages and reports name them."""

PROGRESS_LABELS = {
    "chua-bao-cao": "Chưa có báo cáo",
    "chua-thuc-hien": "Chưa thực hiện",
    "dang-thuc-hien": "Đang thực hiện",
    "hoan-thanh": "Hoàn thành",
    "khong-thuc-hien": "Không thực hiện",
}
"""A task's or an agency's status, as reported (``chua-bao-cao``: nothing reported)."""

ROLE_NOTES = {
    "lead": "chủ trì",
    "advise": "tham mưu thực hiện",
    "coordinate": "phối hợp",
    "consolidate": "đầu mối tổng hợp",
}
"""A role as a note beside an agency's name: ``Sở Tư pháp (kiêm đầu mối tổng hợp)``."""

_ROMAN_VALUES = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """``4`` → ``IV`` (documents number their parts and quarters in Roman numerals)."""
    out = ""
    for value, letters in _ROMAN_VALUES:
        while n >= value:
            out += letters
            n -= value
    return out


_ROMAN_RE = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def from_roman(text: str) -> int | None:
    """``iv`` or ``IV`` → ``4``; None when ``text`` is not a Roman numeral."""
    text = text.strip().upper()
    if not text or not _ROMAN_RE.fullmatch(text):
        return None
    total, rest = 0, text
    for value, letters in _ROMAN_VALUES:
        while rest.startswith(letters):
            total += value
            rest = rest[len(letters):]
    return total


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.A)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.A)


def date_parts(text: str, *, iso: bool = True) -> tuple[int, int, int] | None:
    """(year, month, day) of ``15/11/2025`` (also ``15.11.2025``, ``15-11-2025``) or, with
    ``iso``, ``2025-11-15``; None for any other text. The caller checks the day exists."""
    text = text.strip()
    if iso and (m := _ISO.fullmatch(text)):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _DMY.fullmatch(text):
        return int(m[3]), int(m[2]), int(m[1])
    return None


def dmy(day: dt.date | None) -> str:
    """``15/11/2025`` (empty for no date)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def month_heading(year: int, month: int) -> str:
    """``Tháng 11/2025``."""
    return f"Tháng {month}/{year}"


def document_date(day: dt.date) -> str:
    """``ngày 05 tháng 02 năm 2024``: Nghị định 30/2020 pads days below 10 and months 1-2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


_LOCALITY_WORD = re.compile(
    r"\s(?=(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|phường|xã|đặc khu)\s)", re.IGNORECASE)


def issuer_lines(name: str) -> list[str]:
    """An issuing body's name in capitals, broken before its locality as headers print it.

    ``Ủy ban nhân dân tỉnh Bình Dương`` → ``["ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG"]``.
    """
    match = _LOCALITY_WORD.search(name)
    parts = [name[: match.start()], name[match.end():]] if match else [name]
    return [p.strip().upper() for p in parts if p.strip()]


VN_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Vietnam's time zone (UTC+7, no daylight saving): the day a date belongs to."""


def vn_today() -> dt.date:
    """Today's date in Vietnam, from the clock."""
    return dt.datetime.now(VN_TIME).date()


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (seconds; set for reproducible builds), None when unset or not a
    number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None
