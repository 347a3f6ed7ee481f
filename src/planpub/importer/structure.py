"""The parts of an official document: header, title, bases, sections, recipients, signature.

Vietnamese administrative documents share one layout (Nghị định 30/2020/NĐ-CP):
the issuing body and number on the left of the header, place and date on the
right, the document type and its title, the bases ("Căn cứ …", "Thực hiện …"),
sections numbered in Roman numerals, then "Nơi nhận" and the signature. A
plan attached to a decision follows the decision; its own title is the last
"KẾ HOẠCH" heading before the first section.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planpub.importer.blocks import Block, Para, Table, sentences, squash
from planpub.importer.names import is_head
from planpub.importer.tasks import marker, task_header
from planpub.slug import fold

_DOC_TYPE = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN)\b\s*(.*)$")
_ANY_DOC_TYPE = re.compile(
    r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN|CHỈ THỊ|NGHỊ QUYẾT|HƯỚNG DẪN)\b")
_SECTION = re.compile(
    r"^(?:PHẦN|Phần|MỤC|Mục)?\s*([IVXLC]{1,6}|[A-H])\s*[.\-–):]\s*(\S.*)$")
_NUMBER = re.compile(r"Số\s*:\s*(\S*)")
_DATE = re.compile(
    r"(?:^|[,;]\s*|\s)(?P<place>[^\d,;]{2,40}?)?,?\s*ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|/)"
    r"(?P<m>\d{1,2})\s*(?:năm\s+|/)(?P<y>\d{4})", re.IGNORECASE)
_BASIS_START = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Theo)\s")
_INTRO = re.compile(r"\b(?:ban hành|xây dựng|triển khai)\s+(?:Kế hoạch|kế hoạch|KẾ HOẠCH)\b|"
                    r"như sau\s*:?\s*$|nội dung sau\s*:?\s*$")
_ATTACHED = re.compile(r"^\(?\s*(?:Kèm|Ban hành kèm)\s+theo\b", re.IGNORECASE)
_ROLE_WORDS = re.compile(r"CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC|TRƯỞNG|PHÓ|CHÁNH|TỔNG|"
                         r"THỦ TRƯỞNG|BÍ THƯ")
_CAPACITY = re.compile(r"^(?:KT|TL|TUQ|Q|TM)\s*\.", re.IGNORECASE)
_CLOSING_START = re.compile(r"^(?:Trên đây|Trong quá trình (?:thực hiện|triển khai))")


@dataclass
class Section:
    """A Roman-numbered part of the document."""

    roman: str
    heading: str
    kind: str  # aims | tasks | organisation | funding | other
    items: list[Para | Table] = field(default_factory=list)


@dataclass
class Outline:
    """What the document says outside its tasks, as printed."""

    issuer: str | None = None
    issuer_source: str = ""  # header | preamble | signature
    number: str | None = None
    number_blank: bool = False
    place: str | None = None
    issued: dt.date | None = None
    date_blank: bool = False
    doc_type: str = "KẾ HOẠCH"
    title: str | None = None
    attached: str | None = None
    bases: list[tuple[str, str | None]] = field(default_factory=list)  # (text, intro word)
    bases_intro: str | None = None
    intro: str | None = None
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # task tables outside the sections
    closing: str | None = None
    recipients: list[str] = field(default_factory=list)
    signature: dict[str, str] | None = None


def _flatten(blocks: Sequence[Block]) -> list[Para | Table]:
    """Paragraphs in reading order; only task tables stay tables."""
    out: list[Para | Table] = []
    for block in blocks:
        if isinstance(block, Para) or task_header(block) is not None:
            out.append(block)
        else:
            emitted: list[tuple[Para, ...]] = []
            for row in block.rows:
                for cell in row:
                    if cell and not any(cell is e for e in emitted):  # merged cells repeat
                        emitted.append(cell)
                        out.extend(cell)
    return out


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def section_kind(heading: str) -> str:
    """What a Roman-numbered section holds, from its heading."""
    folded = fold(heading)
    if folded.startswith(("muc dich", "muc tieu", "yeu cau")):
        return "aims"
    if "to chuc thuc hien" in folded or folded.startswith("trach nhiem"):
        return "organisation"
    if "kinh phi" in folded and not any(k in folded for k in ("nhiem vu", "noi dung")):
        return "funding"
    if any(k in folded for k in ("noi dung", "nhiem vu", "giai phap", "cong viec", "hoat dong",
                                 "chuong trinh", "danh muc")):
        return "tasks"
    return "other"


def _section_heading(para: Para) -> tuple[str, str] | None:
    match = _SECTION.match(para.text)
    if not match or len(para.text) > 200:
        return None
    roman, heading = match.group(1), match.group(2).strip()
    plain_heading = len(heading) < 100 and section_kind(heading) != "other" and (
        len(roman) > 1 or roman in "IVX") and not heading.endswith((".", ";"))
    if not (para.bold or para.heading or _is_caps(heading) or plain_heading):
        return None
    return roman, heading.rstrip(":.").strip()


# --------------------------------------------------------------------------- names


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


def _issuer_from_header(paras: Sequence[Para]) -> str | None:
    lines: list[str] = []
    for para in paras:
        folded = fold(para.text)
        if "cong hoa" in folded or "doc lap" in folded or re.match(r"so\s*:", folded):
            break
        for line in para.lines:
            if re.fullmatch(r"[-_=—–.\s]+", line) or not _is_caps(line):
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


def _intro_subject(intro: str) -> str | None:
    match = re.search(r"^(.*?)\s+(?:xây dựng|ban hành|triển khai)\s+(?:Kế hoạch|kế hoạch)", intro)
    if not match:
        return None
    subject = match.group(1).split(";")[-1].split(",")[-1].strip()
    subject = re.sub(r"^(?:Nay|Vì vậy|Do đó|Theo đó)\s+", "", subject)
    return subject if subject and is_head(subject) and len(subject.split()) <= 15 else None


# --------------------------------------------------------------------------- header


_BLANK_DATE = re.compile(r"^\W*(?P<place>[^\d,;()]{2,40}),\s*ngày\s+tháng\s+năm\b")


def _header(paras: Sequence[Para], outline: Outline) -> None:
    for para in paras:
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
                outline.place = place or None
                outline.date_blank = False
            elif blank:
                outline.date_blank = True
                outline.place = squash(blank.group("place")).strip(" *") or None


def _title(paras: Sequence[Para], start: int, outline: Outline) -> int:
    """Read the title after the document-type heading; returns the next index."""
    head = _DOC_TYPE.match(paras[start].text)
    outline.doc_type = head.group(1) if head else "KẾ HOẠCH"
    parts: list[str] = []
    rest = head.group(2).strip() if head else ""
    if rest:
        parts.append(rest)
    i = start + 1
    while i < len(paras):
        text = paras[i].text
        if _section_heading(paras[i]) or _ATTACHED.match(text):
            break
        if _BASIS_START.match(text) and (parts or not _title_like(paras[i])):
            break
        if parts and not (_is_caps(text) and _is_caps(" ".join(parts))):
            break
        if _INTRO.search(text) and not _is_caps(text):
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
    if para.bold or para.heading or _is_caps(text):
        return True
    return not text.startswith("Căn cứ") and len(text) < 200 and not re.search(
        r"[;:]\s*$|;\s", text) and not re.search(r"\bsố\s+\d+/", text)


def _mask_split(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside brackets and quotes."""
    out, depth, quote, current = [], 0, False, ""
    for ch in text:
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        elif ch == '"':
            quote = not quote
        if ch == sep and depth == 0 and not quote:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [s.strip() for s in out if s.strip()]


def _is_intro(segment: str) -> bool:
    """The sentence announcing the plan: "UBND tỉnh ban hành Kế hoạch … như sau:"."""
    if re.search(r"(?:như sau|sau)\s*:?\s*$", segment) or segment.rstrip().endswith(":"):
        return True
    return bool(_INTRO.search(segment)) and is_head(segment)


def _split_intro(segment: str) -> tuple[str, str | None]:
    """"Thực hiện Luật …, UBND tỉnh ban hành Kế hoạch như sau:" → the basis and the intro."""
    for match in re.finditer(r",\s+", segment):
        rest = segment[match.end():]
        if is_head(rest) and _INTRO.search(rest):
            return segment[: match.start()], rest
    return segment, None


def _bases(paras: Sequence[Para], start: int, end: int, outline: Outline) -> None:
    first = True
    for para in paras[start:end]:
        text = para.text
        if _ATTACHED.match(text):
            outline.attached = outline.attached or text.strip("() *")
            continue
        opener = _BASIS_START.match(text)
        if not opener:
            if _INTRO.search(text) or not outline.intro:
                outline.intro = text if not outline.intro else f"{outline.intro}\n\n{text}"
            continue
        word = opener.group(1)
        for k, sentence in enumerate(sentences(text)):
            for j, segment in enumerate(_mask_split(sentence, ";")):
                if _is_intro(segment) and not (k == 0 and j == 0):
                    outline.intro = segment
                    continue
                segment, intro_part = _split_intro(segment)
                if intro_part:
                    outline.intro = intro_part
                body = segment
                intro = None
                match = _BASIS_START.match(segment)
                if match:
                    body = segment[match.end():].strip(" ,:")
                    intro = match.group(1)
                body = body.rstrip(" ;.,")
                if not body:
                    continue
                if first:
                    outline.bases_intro = intro or word
                    intro = None
                    first = False
                elif intro == outline.bases_intro and j > 0:
                    intro = None
                outline.bases.append((body, intro if j == 0 and k == 0 else None))


# --------------------------------------------------------------------------- end matter


def _recipients(paras: Sequence[Para | Table], outline: Outline) -> int | None:
    """Read "Nơi nhận"; returns the index of its heading (None if absent)."""
    where, heading = None, ""
    for i, para in enumerate(paras):
        if isinstance(para, Para) and fold(para.text.lstrip("-– ")).startswith("noi nhan"):
            where, heading = i, para.text.lstrip("-– ")
    if where is None:
        return None
    head = heading
    after = head.split(":", 1)[1].strip() if ":" in head else ""
    items = [x for x in re.split(r"\s+-\s+|^-\s*", after) if x.strip()]
    for para in paras[where + 1:]:
        if not isinstance(para, Para):
            break
        found = marker(para.text)
        if found is None or found[0] not in ("dash", "plus"):
            break
        items.append(found[2])
    outline.recipients = [squash(x) for x in items if squash(x)]
    return where


def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(
        w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha() for w in words)


def _signature(paras: Sequence[Para | Table], start: int, outline: Outline) -> None:
    lines = [line for para in paras[start:] if isinstance(para, Para) for line in para.lines]
    for k, line in enumerate(lines):
        if not _is_name(line):
            continue
        roles: list[str] = []
        j = k - 1
        while j >= 0 and (_is_caps(lines[j]) or re.fullmatch(r"\(.*\)", lines[j])):
            if not lines[j].startswith("("):
                roles.insert(0, lines[j])
            j -= 1
        if roles and any(_ROLE_WORDS.search(r) or _CAPACITY.match(r) for r in roles):
            outline.signature = _signature_fields(roles, line)
            return


_TWO_ROLES = re.compile(r"^((?:KT|TL|TUQ|Q)\.\s*(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC|"
                        r"TRƯỞNG BAN|CHÁNH VĂN PHÒNG|CHÁNH ÁN|VIỆN TRƯỞNG))\s+(\S.*)$")


def _signature_fields(roles: list[str], name: str) -> dict[str, str]:
    split: list[str] = []
    for line in roles:  # "TM. UBND KT. CHỦ TỊCH PHÓ CHỦ TỊCH" printed on one line
        for part in re.split(r"\s+(?=(?:TM|KT|TL|TUQ|Q)\s*\.)", line):
            match = _TWO_ROLES.match(part.strip())
            split.extend([match.group(1), match.group(2)] if match else [part])
    groups: list[list[str]] = []
    for line in split:
        line = re.sub(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*", r"\1. ", line.strip())
        previous = " ".join(groups[-1]) if groups else ""
        if _CAPACITY.match(line) or not groups or (_ROLE_WORDS.search(line) and (
                _ROLE_WORDS.search(previous) or previous.upper().startswith("TM."))):
            groups.append([line])
        else:
            groups[-1].append(line)
    parts = [squash(" ".join(g)) for g in groups]
    out: dict[str, str] = {}
    if parts and parts[0].upper().startswith("TM."):
        out["authority"] = parts.pop(0)
    if parts:  # "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH", or a lone "CHỦ TỊCH" signing in person
        out["capacity"] = parts.pop(0)
    if parts:
        out["title"] = " ".join(parts)
    out["name"] = name
    return out


def _closing(section: Section) -> str | None:
    if len(section.items) < 2 and not (
            section.items and isinstance(section.items[-1], Para)
            and _CLOSING_START.match(section.items[-1].text)):
        return None  # the section's only paragraph is its content
    tail: list[str] = []
    while section.items and isinstance(section.items[-1], Para):
        text = section.items[-1].text
        if marker(text) is not None or not (
                re.search(r"\./\.?$|/\.$", text) or _CLOSING_START.match(text)):
            break
        tail.insert(0, text)
        section.items.pop()
        if not _CLOSING_START.match(text):
            break
    return "\n\n".join(tail) or None


# --------------------------------------------------------------------------- outline


def _first_item(items: Sequence[Para | Table]) -> int:
    """Without Roman sections, the body starts at the first item numbered 1 (or a task table)."""
    for i, item in enumerate(items):
        if isinstance(item, Table):
            return i
        found = marker(item.text)
        if found and found[1] in ("1", "a", "A") and i > 0:
            return i
    return len(items)


def outline(blocks: Sequence[Block]) -> Outline:
    """Recognise the document's parts."""
    items = _flatten(blocks)
    out = Outline()
    first_section = next((i for i, x in enumerate(items)
                          if isinstance(x, Para) and _section_heading(x)), None)
    synthetic = first_section is None
    if first_section is None:
        first_section = _first_item(items)
    starts = [i for i, x in enumerate(items[:first_section])
              if isinstance(x, Para) and _DOC_TYPE.match(x.text) and len(x.text) < 300]
    any_type = next((i for i, x in enumerate(items)
                     if isinstance(x, Para) and _ANY_DOC_TYPE.match(x.text)), first_section)
    header = [x for x in items[:any_type] if isinstance(x, Para)]
    _header(header, out)
    out.issuer = _issuer_from_header(header)
    if out.issuer:
        out.issuer_source = "header"
    plan_start = starts[-1] if starts else any_type
    body_paras = [x for x in items[plan_start:first_section] if isinstance(x, Para)]
    if body_paras:
        i = _title(body_paras, 0, out) if _DOC_TYPE.match(body_paras[0].text) else 0
        if not out.title and body_paras and not _BASIS_START.match(body_paras[0].text):
            out.title = body_paras[0].text.rstrip(".")
            i = max(i, 1)
        _bases(body_paras, i, len(body_paras), out)
    if out.issuer is None and out.intro:
        out.issuer = _intro_subject(out.intro)
        out.issuer_source = "preamble" if out.issuer else ""
    recipients_at = _recipients(items, out)
    end = recipients_at if recipients_at is not None and recipients_at > first_section \
        else len(items)
    current: Section | None = Section("I", "NỘI DUNG", "tasks") if synthetic else None
    if current is not None:
        out.sections.append(current)
    for item in items[first_section:end]:
        heading = _section_heading(item) if isinstance(item, Para) else None
        if heading:
            current = Section(heading[0], heading[1], section_kind(heading[1]))
            out.sections.append(current)
        elif current is not None:
            current.items.append(item)
    for item in items[end:]:
        if isinstance(item, Table):
            out.tables.append(item)
    if out.sections:
        out.closing = _closing(out.sections[-1])
    _signature(items, recipients_at if recipients_at is not None else first_section, out)
    if out.issuer is None and out.signature and out.signature.get("authority"):
        out.issuer = sentence_case(out.signature["authority"][3:].strip())
        out.issuer_source = "signature"
    return out
