"""Ids for proposed agencies, written the way ``registry/agencies.yaml`` writes its own.

The registry's rule, read from its ids:

- The body is slugged with its usual abbreviations: ``Ủy ban nhân dân`` → ``ubnd``,
  ``Hội đồng nhân dân`` → ``hdnd``, ``Thường trực`` → ``tt``, ``Tòa án nhân dân`` →
  ``tand``, ``Viện kiểm sát nhân dân`` → ``vksnd``, ``(Cục) Thi hành án dân sự`` →
  ``thads``, ``Ủy ban Mặt trận Tổ quốc Việt Nam`` → ``ubmttqvn``, ``Văn phòng`` → ``vp``,
  ``Đoàn đại biểu Quốc hội`` → ``doan-dbqh``, ``Chủ tịch, các Phó Chủ tịch`` →
  ``lanh-dao``, ``sở, ban, ngành`` → ``so-nganh``.
- The place follows. A body of the locality's own government (one ending in UBND, HĐND,
  TAND, VKSND, THADS, Công an, MTTQ, Đảng ủy, ĐBQH) keeps the level word, ``thành phố``
  written ``tp``: ``ubnd-tinh-binh-duong``, ``chu-tich-ubnd-thi-xa-duc-pho``,
  ``ubnd-tp-ho-chi-minh``. Departments, units, groups, media and roles drop it:
  ``so-tu-phap-binh-duong``, ``cac-so-nganh-binh-duong``, ``bao-binh-duong``.
- The place's name is the official one from :mod:`planpub.adminunits` when the printed
  place is a current unit, else as printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from planpub import adminunits
from planpub.slug import fold, slugify

ID_MAX = 100
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"chu tich (?:cac )?pho chu tich", "lanh dao"),
    (r"uy ban mat tran to quoc viet nam", "ubmttqvn"),
    (r"uy ban mat tran to quoc", "ubmttq"),
    (r"mat tran to quoc viet nam", "mttqvn"),
    (r"mat tran to quoc", "mttq"),
    (r"uy ban nhan dan", "ubnd"),
    (r"hoi dong nhan dan", "hdnd"),
    (r"thuong truc hdnd", "tt hdnd"),
    (r"hdnd va ubnd", "hdnd ubnd"),
    (r"toa an nhan dan", "tand"),
    (r"vien kiem sat nhan dan", "vksnd"),
    (r"thi hanh an dan su", "thads"),
    (r"^cuc thads", "thads"),
    (r"doan dai bieu quoc hoi", "doan dbqh"),
    (r"van phong", "vp"),
    (r"so ban nganh", "so nganh"),
    (r"phat thanh va truyen hinh", "phat thanh truyen hinh"),
    (r"^co quan bao dai", "bao dai"),
)
_GOVERNMENT = re.compile(
    r"\b(?:ubnd|hdnd|tand|vksnd|thads|cong an|ubmttqvn|ubmttq|mttqvn|mttq|dang uy|dbqh)$")
_LEVELS = {"tinh": ("province", "tỉnh"), "thanh pho": ("city", "thành phố"),
           "phuong": ("ward", "phường"), "xa": ("commune", "xã"),
           "dac khu": ("special-zone", "đặc khu")}  # the levels the national list holds
_LEVEL = r"tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|phường|xã|đặc khu"
_PLACE_PREFIX = re.compile(rf"^(?:{_LEVEL})(?:\s+|(?<=\.))", re.IGNORECASE)
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ"
_NOT_LEVEL = rf"(?!(?i:{_LEVEL})\s+[{_UPPER}])"  # the last place printed wins
_PLACE_IN_NAME = re.compile(
    rf"(?<!\w)(?i:{_LEVEL})(?:\s+|(?<=\.)){_NOT_LEVEL}[{_UPPER}](?:{_NOT_LEVEL}[\w\- ])*$")


def _words(text: str, abbreviations: Mapping[str, str]) -> str:
    """Folded words of ``text``, printed abbreviations expanded, brackets and marks dropped."""
    text = fold(re.sub(r"\([^)]*\)", " ", text))
    words = re.findall(r"[\w&]+", text)
    return " ".join(abbreviations.get(w, w) for w in words)


def _body(text: str) -> str:
    for pattern, short in _PHRASES:
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", short, text)
    return text


def _split_place(place: str) -> tuple[str, str]:
    """``tỉnh Lai Châu`` → (``tinh``, ``Lai Châu``); the level is folded, ``tp`` widened."""
    match = _PLACE_PREFIX.match(place.strip())
    if not match:
        return "", place.strip()
    level = " ".join(fold(match.group(0)).replace(".", " ").split())
    return ("thanh pho" if level == "tp" else level), place.strip()[match.end():].strip()


def official_name(level: str, bare: str) -> str:
    """The place's name in the national list of current units, else ``bare`` as printed."""
    if level not in _LEVELS or not bare:
        return bare
    kind, word = _LEVELS[level]
    names = {u.base_name for u in adminunits.find(f"{word} {bare}") if u.kind == kind}
    return names.pop() if len(names) == 1 else bare


def agency_id(name: str, place: str | None, abbreviations: Mapping[str, str]) -> str:
    """The id the registry would give ``name`` of a body in ``place`` (a printed locality
    with its level word, ``tỉnh Lai Châu``; None for a central body). A place printed at
    the end of the name wins over ``place``."""
    own = _PLACE_IN_NAME.search(name)
    body = _words(name[: own.start()] if own else name, {})
    place = own.group(0) if own else place
    if place:  # "Báo Bình Dương", "Báo Lai Châu tỉnh Lai Châu": the place once, at the end
        for end in (_words(place, {}), _words(_split_place(place)[1], {})):
            if end and (body == end or body.endswith(" " + end)):
                body = body[: -len(end)].strip()
    head = _body(" ".join(abbreviations.get(w, w) for w in body.split()))
    if not place:
        return slugify(head)[:ID_MAX].strip("-")
    level, bare = _split_place(place)
    parts = [head]
    if level and (_GOVERNMENT.search(head) or not head):
        parts.append("tp" if level == "thanh pho" else level)
    parts.append(official_name(level, bare))
    return slugify(" ".join(parts))[:ID_MAX].strip("-")


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … the first not in ``taken`` (all ≤ 100 chars)."""
    base = base[:ID_MAX].strip("-") or "co-quan"
    ident, n = base, 2
    while ident in taken:
        suffix = f"-{n}"
        ident, n = f"{base[: ID_MAX - len(suffix)].strip('-')}{suffix}", n + 1
    return ident
