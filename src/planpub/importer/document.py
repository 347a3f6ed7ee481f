"""The parts of a document as recognised (Outline, Section), and its Roman-numbered
section headings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from planpub.importer.blocks import Para, Table
from planpub.slug import fold

_SECTION = re.compile(
    r"^(?:PHẦN|Phần|MỤC|Mục)?\s*([IVXLC]{1,6}|[A-H])\s*[.\-–):]\s*(\S.*)$")


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
    typed: bool = False  # a "KẾ HOẠCH", "QUYẾT ĐỊNH" … heading was found
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


def is_caps(text: str) -> bool:
    """Printed (nearly) all in capitals."""
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


def section_heading(para: Para) -> tuple[str, str] | None:
    """(Roman numeral, heading) of a section heading; None for other paragraphs."""
    match = _SECTION.match(para.text)
    if not match or len(para.text) > 200:
        return None
    roman, heading = match.group(1), match.group(2).strip()
    plain_heading = len(heading) < 100 and section_kind(heading) != "other" and (
        len(roman) > 1 or roman in "IVX") and not heading.endswith((".", ";"))
    if not (para.bold or para.heading or is_caps(heading) or plain_heading):
        return None
    return roman, heading.rstrip(":.").strip()
