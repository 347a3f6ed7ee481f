"""The document's header: issuing body, number, place and date, document type and title."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from planpub.importer.bases import ATTACHED, BASIS_START, INTRO
from planpub.importer.blocks import Para, squash
from planpub.importer.document import Outline, is_caps, section_heading
from planpub.importer.names import is_head
from planpub.slug import fold

DOC_TYPE = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN)\b\s*(.*)$")
_NUMBER = re.compile(r"Số\s*:\s*(\S*)")
_DATE = re.compile(
    r"(?:^|[,;]\s*|\s)(?P<place>[^\d,;]{2,40}?)?,?\s*ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|/)"
    r"(?P<m>\d{1,2})\s*(?:năm\s+|/)(?P<y>\d{4})", re.IGNORECASE)
_BLANK_DATE = re.compile(r"^\W*(?P<place>[^\d,;()]{2,40}),\s*ngày\s+tháng\s+năm\b")
_LOCALITY_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "phường", "xã",
                   "đặc khu")
_PROPER = {"chinh phu": "Chính phủ", "viet nam": "Việt Nam", "quoc hoi": "Quốc hội",
           "trung uong": "Trung ương", "nha nuoc": "Nhà nước"}
_TITLED_HEADS = ("so", "bo", "cuc", "chi cuc", "phong", "ban", "vu", "tong cuc", "van phong",
                 "thanh tra", "dai", "bao", "trung tam", "vien", "hoi", "truong")


def sentence_case(caps: str) -> str:
    """``ỦY BAN NHÂN DÂN TỈNH LAI CHÂU`` → ``Ủy ban nhân dân tỉnh Lai Châu`` (a best effort)."""
    words = squash(caps).lower().split()
    out: list[str] = []
    proper = False
    i = 0
    while i < len(words):
        word = words[i]
        pair = " ".join(words[i:i + 2])
        if pair in _LOCALITY_WORDS and i > 0:
            out.append(pair)
            proper = True
            i += 2
            continue
        if word in _LOCALITY_WORDS and i > 0:
            out.append(word)
            proper = True
            i += 1
            continue
        if fold(pair) in _PROPER:
            out.append(_PROPER[fold(pair)])
            i += 2
            continue
        prev = fold(out[-1]) if out else ""
        capital = i == 0 or proper or (i == 1 and fold(words[0]) in _TITLED_HEADS) \
            or prev in ("va", "-", "–") or (out and out[-1].endswith(","))
        out.append(word[:1].upper() + word[1:] if capital else word)
        i += 1
    return " ".join(out)


def issuer_from_header(paras: Sequence[Para]) -> str | None:
    """The issuing body printed in capitals at the top left, in sentence case."""
    lines: list[str] = []
    for para in paras:
        folded = fold(para.text)
        if "cong hoa" in folded or "doc lap" in folded or re.match(r"so\s*:", folded):
            break
        for line in para.lines:
            if re.fullmatch(r"[-_=—–.\s]+", line) or not is_caps(line):
                continue
            lines.append(line)
    if not lines:
        return None
    subordinate = [k for k, line in enumerate(lines) if k > 0 and re.match(
        r"(?:SỞ|PHÒNG|BAN|CỤC|CHI CỤC|VĂN PHÒNG|BỘ PHẬN|TRUNG TÂM)\s", line)]
    text = squash(" ".join(lines))
    if subordinate:
        # "UBND TỈNH X / SỞ TƯ PHÁP": the body is the last line, in the first one's locality
        upper = " ".join(lines[: subordinate[-1]])
        text = squash(" ".join(lines[subordinate[-1]:]))
        where = re.search(r"\b(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|PHƯỜNG|XÃ)\s.*$", upper)
        text = f"{text} {where.group()}" if where else text
    return sentence_case(text)


def intro_subject(intro: str) -> str | None:
    """The body that issues the plan, per its introductory sentence."""
    match = re.search(r"^(.*?)\s+(?:xây dựng|ban hành|triển khai)\s+(?:Kế hoạch|kế hoạch)", intro)
    if not match:
        return None
    subject = match.group(1).split(";")[-1].split(",")[-1].strip()
    subject = re.sub(r"^(?:Nay|Vì vậy|Do đó|Theo đó)\s+", "", subject)
    return subject if subject and is_head(subject) and len(subject.split()) <= 15 else None


def read_header(paras: Sequence[Para], outline: Outline) -> None:
    """Read the number, place and date of issue."""
    for i, para in enumerate(paras):
        if outline.number is None:
            match = _NUMBER.search(para.text)
            if match:
                value = match.group(1).strip(".,;")
                if any(c.isdigit() for c in value.split("/")[0]):
                    outline.number, outline.number_blank = value, False
                else:
                    outline.number_blank = True
        if outline.issued is None:
            match = _DATE.search(para.text)
            blank = _BLANK_DATE.match(para.text)
            if match:
                try:
                    outline.issued = dt.date(int(match.group("y")), int(match.group("m")),
                                             int(match.group("d")))
                except ValueError:
                    outline.date_blank = True
                    continue
                place = squash(match.group("place") or "").strip(" *,")
                place = re.sub(r"(?i)^.*\bhạnh phúc\W*", "", place)  # the motto above it
                if place and match.start("place") <= 1 and i > 0:
                    place = _wrapped_place(paras[i - 1].text, place)
                outline.place = place or None
                outline.date_blank = False
            elif blank:
                outline.date_blank = True
                outline.place = squash(blank.group("place")).strip(" *") or None


def _wrapped_place(before: str, place: str) -> str:
    """"Thành phố Hồ Chí" / "Minh, ngày …": a place name the conversion broke over lines."""
    text = before.strip(" *")
    if not text or len(text) > 40 or is_caps(text) or any(c.isdigit() for c in text) \
            or text.endswith((".", ",", ";", ":")) or not text[:1].isupper() \
            or re.search(r"\s[-–]\s", text) or fold(text).startswith(("doc lap", "cong hoa")):
        return place  # not the motto "Độc lập - Tự do - Hạnh phúc" above the date
    return f"{text} {place}"


def read_title(paras: Sequence[Para], start: int, outline: Outline) -> int:
    """Read the title after the document-type heading; returns the next index."""
    head = DOC_TYPE.match(paras[start].text)
    outline.doc_type = head.group(1) if head else "KẾ HOẠCH"
    parts: list[str] = []
    rest = head.group(2).strip() if head else ""
    if rest:
        parts.append(rest)
    i = start + 1
    while i < len(paras):
        text = paras[i].text
        if section_heading(paras[i]) or ATTACHED.match(text):
            break
        if BASIS_START.match(text) and (parts or not _title_like(paras[i])):
            break
        if parts and not (is_caps(text) and is_caps(" ".join(parts))):
            break
        if INTRO.search(text) and not is_caps(text):
            break
        parts.append(text)
        i += 1
    title = squash(" ".join(parts))
    attached = re.search(r"\(\s*(?:Kèm|Ban hành kèm)\s+theo[^)]*\)?", title, re.IGNORECASE)
    if attached:
        outline.attached = attached.group().strip("() ")
        title = title[: attached.start()].strip()
    if re.match(r"(?i)^v/v\b", title):
        title = title[3:].strip(" :.")
    outline.title = title.rstrip(".").strip() or None
    return i


def _title_like(para: Para) -> bool:
    """A title that happens to open with "Thực hiện …" (not a basis: no list, no colon)."""
    text = para.text
    if para.bold or para.heading or is_caps(text):
        return True
    return not text.startswith("Căn cứ") and len(text) < 200 and not re.search(
        r"[;:]\s*$|;\s", text) and not re.search(r"\bsố\s+\d+/", text)
