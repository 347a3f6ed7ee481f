"""Labelled lines of a task ("Cơ quan chủ trì: …", "Thời gian thực hiện: …"): their roles,
and finding them on their own or written inside a paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planpub.importer.blocks import squash
from planpub.slug import fold

Role = str  # lead | advise | coordinate | consolidate | timeline | text

_LABEL = re.compile(r"^(?P<label>[^:()]{2,70}?)\s*:\s*(?P<value>.*)$")
_BARE_TIMELINE = re.compile(
    r"^(?P<label>Thời gian thực hiện|Thời gian hoàn thành|Thời hạn hoàn thành|Thời hạn)"
    r"\s+(?P<value>(?:sau|trước|trong|từ|khi|năm|quý|tháng|hằng|hàng|thường|theo|đến|chậm)\b.*)$",
    re.IGNORECASE)


def label_role(label: str) -> Role | None:
    """What a line label introduces (None if it is not a known label)."""
    folded = " ".join(fold(label).replace("/", " ").replace(",", " ").split())
    if len(folded.split()) > 9:
        return None
    if folded.startswith(("thoi gian", "thoi han", "tien do", "han hoan thanh", "han chot",
                          "thoi diem", "moc thoi gian")):
        return "timeline"
    if "phoi hop" in folded and folded.startswith(("co quan", "don vi", "phoi hop", "bo phan")):
        return "coordinate"
    if "tham muu" in folded and folded.startswith(("co quan", "don vi", "bo phan")):
        return "advise"
    if folded.startswith(("co quan", "don vi", "bo phan", "chu tri", "trach nhiem",
                          "nguoi thuc hien", "to chuc thuc hien", "phan cong")) and (
            "chu tri" in folded or "thuc hien" in folded or "trach nhiem" in folded):
        return "lead"
    if "dau moi" in folded:
        return "consolidate"
    if folded.startswith(("noi dung", "nhiem vu", "san pham", "ket qua", "yeu cau", "muc tieu",
                          "giai phap", "hinh thuc", "doi tuong", "dia diem", "kinh phi",
                          "ghi chu", "phuong thuc", "cach thuc", "pham vi", "chi tieu")):
        return "text"
    return None


@dataclass
class Line:
    """A labelled line as printed."""

    role: Role
    label: str
    value: str


def parse_label(text: str) -> Line | None:
    """``Cơ quan chủ trì: Sở Tư pháp.`` → Line(lead, "Cơ quan chủ trì", "Sở Tư pháp.")."""
    match = _LABEL.match(text) or _BARE_TIMELINE.match(text)
    if not match:
        return None
    role = label_role(match.group("label"))
    if role is None:
        return None
    label = squash(match.group("label"))
    return Line(role, label[:1].upper() + label[1:], squash(match.group("value")))


_LABEL_START = re.compile(r"(?:^|(?<=[;.(])\s*|(?<=[;.]\s))(?=[^\s;.()])")


def extract_lines(text: str) -> tuple[str, list[Line]]:
    """Labelled lines written inside a paragraph, and the paragraph without them.

    ``Tập huấn … (Cơ quan chủ trì: Sở Tư pháp; thời gian: Quý II/2025).`` and
    ``Sở Tư pháp chủ trì … Thời gian thực hiện: năm 2025.`` both carry lines.
    """
    whole = parse_label(text)
    starts = []
    for match in _LABEL_START.finditer(text):
        line = parse_label(text[match.end():])
        if line is not None and (match.end() == 0 or line.role != "text"):
            starts.append(match.end())
    if not starts or (starts == [0] and whole is not None and whole.role == "text"):
        return text, []
    lines: list[Line] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end].strip().rstrip(" .;,")
        if chunk.endswith(")") and chunk.count(")") > chunk.count("("):
            chunk = chunk[:-1]
        line = parse_label(chunk.rstrip(" ;,"))
        if line is not None:
            lines.append(Line(line.role, line.label, line.value.rstrip(" ;")))
    rest = text[: starts[0]].rstrip()
    if rest.endswith("("):
        rest = rest[:-1].rstrip()
    return rest, lines


def parse_lines(text: str) -> list[Line]:
    """Every labelled line in a paragraph that is made of labelled lines."""
    first = parse_label(text)
    if first is None:
        return []
    rest, lines = extract_lines(text)
    return lines if not rest and lines else [first]
