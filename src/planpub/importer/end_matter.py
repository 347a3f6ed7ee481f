"""The end of a document: the closing paragraph, "Nơi nhận" (recipients) and the signature."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planpub.importer.blocks import Para, Table, squash
from planpub.importer.document import Outline, Section, is_caps
from planpub.importer.list_items import marker
from planpub.slug import fold

_ROLE_WORDS = re.compile(r"CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC|TRƯỞNG|PHÓ|CHÁNH|TỔNG|"
                         r"THỦ TRƯỞNG|BÍ THƯ")
_CAPACITY = re.compile(r"^(?:KT|TL|TUQ|Q|TM)\s*\.", re.IGNORECASE)
_CLOSING_START = re.compile(r"^(?:Trên đây|Trong quá trình (?:thực hiện|triển khai))")


def read_recipients(paras: Sequence[Para | Table], outline: Outline) -> int | None:
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
    if outline.recipients:  # "- Lưu: VT, CT." then the drafter's code "09 KH" on its own line
        outline.recipients[-1] = _FILE_CODE.sub("", outline.recipients[-1])
    return where


_FILE_CODE = re.compile(r"(?<=[.;])\s+\d{1,3}\s*[A-ZĐ][A-ZĐ.]{0,5}$")


def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(
        w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha() for w in words)


def read_signature(paras: Sequence[Para | Table], start: int, outline: Outline) -> None:
    """Read the signature block (authority, capacity, title, name) after ``start``."""
    lines = [line for para in paras[start:] if isinstance(para, Para) for line in para.lines]
    for k, line in enumerate(lines):
        if not _is_name(line):
            continue
        roles: list[str] = []
        j = k - 1
        while j >= 0 and ((is_caps(lines[j]) and not lines[j][:1].isdigit())
                          or re.fullmatch(r"\(.*\)", lines[j])):
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


def take_closing(section: Section) -> str | None:
    """Take the closing paragraphs ("Trên đây …") off the end of the last section."""
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
