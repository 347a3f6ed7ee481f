"""Agency names as printed: split lists, find the acting agency in prose.

Lists split at ``;``, ``,`` and ``và`` — but not inside proper names (``Sở Khoa
học và Công nghệ``, ``Bộ Văn hóa, Thể thao và Du lịch``) nor inside collective
names (``các sở, ban, ngành``, ``UBND các xã, phường``). A remark in brackets
after a name (``Sở Tư pháp (làm đầu mối tổng hợp)``) is not part of the name:
it is returned separately so the officer sees it in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planpub.importer.blocks import sentences
from planpub.importer.name_words import (
    BOUNDARIES,
    CLOSING,
    HEADS,
    NOT_HEADS,
    ORGANISATION,
    QUALIFIERS,
    SPELLING,
    STANDALONE,
    TYPE_HEADS,
    TYPES,
)
from planpub.slug import fold

_LEADING = re.compile(
    r"^(?:giao(?:\s+cho)?|đề nghị|yêu cầu|đồng thời|trong đó|ngoài ra|riêng)[\s,:]+",
    re.IGNORECASE)
_CLAUSE_OPENERS = ("trong", "khi", "neu", "tren co so", "can cu", "de", "truong hop",
                   "sau khi", "doi voi", "theo", "ngoai ra", "dong thoi", "trong do")
_TRAILING = re.compile(r"[\s.,;:]+$")
_WORD = re.compile(r"\S+")


def _folded_words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of each word of ``text``, punctuation stripped."""
    out = []
    for m in _WORD.finditer(text):
        word = fold(m.group()).strip(".,;:()“”\"'")
        if any(c.isalnum() for c in word):
            out.append((word, m.start(), m.end()))
    return out


def _starts_with(folded: str, phrases: tuple[str, ...]) -> str | None:
    for phrase in phrases:
        if folded == phrase or folded.startswith(phrase + " "):
            return phrase
    return None


def _first_word(text: str) -> str:
    match = _WORD.search(text)
    return match.group().strip("“\"'(") if match else ""


def is_head(text: str) -> bool:
    """Whether ``text`` opens with a word that starts an agency's name."""
    word = _first_word(text)
    if len(word) >= 2 and word.isupper() and word.isalpha():
        return True  # an abbreviation: UBND, TAND, BCH
    words = _folded_words(text[:100])[:6]
    folded = " ".join(w for w, _, _ in words)
    head = _starts_with(folded, HEADS)
    if head is None or _starts_with(folded, NOT_HEADS):
        return False
    if head in SPELLING and word.lower() != SPELLING[head]:
        return False
    if head == "cac":
        rest = text[words[1][1]:] if len(words) > 1 else ""
        return bool(rest) and (is_head(rest) or _starts_with(_clean_fold(rest[:60]), TYPES)
                               is not None)
    return True


def _clean_fold(text: str) -> str:
    return " ".join(w for w, _, _ in _folded_words(text.replace("-", " - ")) if w != "-")


def _opening(text: str) -> str:
    """The first words of ``text``, folded (enough to recognise what it starts with)."""
    return _clean_fold(text[:100])


# --------------------------------------------------------------------------- brackets


@dataclass
class Split:
    """Names found in a printed list, with the bracketed remarks dropped from them."""

    names: list[str] = field(default_factory=list)
    remarks: list[tuple[str, str]] = field(default_factory=list)  # (name it followed, remark)


def _mask(text: str) -> tuple[str, list[str]]:
    """Replace bracketed groups by placeholders (their commas must not split)."""
    groups: list[str] = []

    def keep(m: re.Match[str]) -> str:
        groups.append(m.group())
        return f"\x00{len(groups) - 1}\x00"

    masked = text
    for _ in range(3):  # nested brackets, innermost first
        masked = re.sub(r"\([^()]*\)", keep, masked)
    return masked, groups


def _unmask(text: str, groups: list[str]) -> str:
    for _ in range(3):
        text = re.sub(r"\x00(\d+)\x00", lambda m: groups[int(m.group(1))], text)
    return text


# --------------------------------------------------------------------------- lists


def _collective(segment: str) -> bool:
    words = _clean_fold(segment).split()
    if "cac" in words:
        return True
    folded = " ".join(words)
    return bool(_starts_with(folded, TYPES)) or any(
        folded == t or folded.endswith(" " + t) for t in TYPES)


def _bare_type(part: str) -> bool:
    folded = _clean_fold(part)
    if folded.startswith("cap "):
        return True
    kind = _starts_with(folded, TYPES)
    if kind is None or _starts_with(folded, STANDALONE):
        return False
    rest = folded[len(kind):].strip()
    return not rest or rest in QUALIFIERS


def _closed(segment: str) -> bool:
    folded = _clean_fold(segment)
    return any(folded.endswith(" " + q) or folded == q for q in CLOSING)


def _joins(segment: str, sep: str, part: str) -> bool:
    """Whether ``part`` (after separator ``sep``) continues the name in ``segment``."""
    word = _first_word(part)
    if not word:
        return True
    folded = _opening(part)
    if sep == "và":
        # "Khoa học và Công nghệ": a capitalised word that opens no agency continues a name;
        # so does a lowercase one after a proper name ("Khu chế xuất và công nghiệp")
        if _clean_fold(segment).startswith("van phong ") and len(segment.split()) <= 4:
            return True  # "Văn phòng HĐND và UBND phường": one office of both
        if word[0].isupper() or is_head(part):
            return word[0].isupper() and not is_head(part)
        proper = not _clean_fold(segment).startswith("cac ")
        # still a proper name when a capitalised word follows ("… và công nghiệp Thành phố")
        named = any(w[:1].isupper() for w in part.split()[1:]) or (
            _clean_fold(segment).endswith("tiep nhan") and folded.startswith("tra ket qua"))
        return proper and named and _starts_with(folded, TYPES) is None
    if word[0].isupper():
        return not is_head(part)
    if _clean_fold(segment).endswith(" phong") and folded.startswith("chong "):
        return True  # "Ban Chỉ đạo phòng, chống tội phạm": one phrase
    if folded.startswith("cac ") or _starts_with(folded, STANDALONE) or _closed(segment):
        return False
    if "cac" in _clean_fold(segment).split():
        return True
    return _collective(segment) and _bare_type(part)




def _organises(words: list[tuple[str, int, int]], i: int, text: str) -> bool:
    """Whether "tổ chức" at ``words[i]`` is the verb: not in a list of bodies ("các tổ chức",
    "cơ quan, tổ chức") nor followed by what names an organisation."""
    if words[i][0] != "to" or i + 1 >= len(words) or words[i + 1][0] != "chuc":
        return False
    if words[i - 1][0] in ("cac", "va", "nhung", "moi", "cua") or \
            "," in text[words[i - 1][2]:words[i][1]]:
        return False
    after = " ".join(w for w, _, _ in words[i + 2:i + 6])
    return bool(after) and _starts_with(after, ORGANISATION) is None


def cut_at_boundary(text: str) -> str:
    """``text`` up to the first word that continues a sentence rather than a name."""
    words = _folded_words(text)
    for i in range(1, len(words)):
        if not text[words[i][1]].islower():
            continue  # "Sở Xây dựng": a capitalised word belongs to a name
        rest = " ".join(w for w, _, _ in words[i:i + 5])
        if _starts_with(rest, BOUNDARIES) or _organises(words, i, text):
            if " ".join(w for w, _, _ in words[:i]) in TYPE_HEADS:
                continue  # "Ban chỉ đạo …", "Hội đồng đánh giá …", "Tổ theo dõi …"
            return text[: words[i][1]]
    return text




def _tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"^(?:[-–+•]\s*)?(?:(?:và|cùng|với|của)\s+)?", "", name, flags=re.IGNORECASE)
    return _TRAILING.sub("", name).strip()


def split_names(text: str, prose: bool = True) -> Split:
    """Split a printed agency list into names; ``prose``: stop each clause at its verb."""
    out = Split()
    masked, groups = _mask(text.replace("\n", " "))
    for clause in re.split(r";", masked):
        clause = _LEADING.sub("", clause.strip())
        if prose:
            if _starts_with(_opening(clause), BOUNDARIES):
                continue
            clause = cut_at_boundary(clause)
        pieces = re.split(r"(,|\s+và\s+)", clause)
        segments = [pieces[0]]
        for k in range(1, len(pieces) - 1, 2):
            sep = "và" if pieces[k].strip() == "và" else ","
            part = pieces[k + 1]
            if _joins(_unmask(segments[-1], groups), sep, _unmask(part, groups)):
                segments[-1] += pieces[k] + part
            else:
                segments.append(part)
        for seg in segments:
            name, remark = _drop_remark(seg, groups)
            name = _tidy(name)
            if name and any(c.isalpha() for c in name) and fold(name) not in ("cac", "va"):
                out.names.append(name)
                if remark:
                    out.remarks.append((name, remark))
            elif remark and out.names:
                out.remarks.append((out.names[-1], remark))
    return out


def _drop_remark(segment: str, groups: list[str]) -> tuple[str, str | None]:
    """A trailing bracketed group is a remark, not part of the name."""
    segment = _TRAILING.sub("", segment)
    match = re.search(r"\x00(\d+)\x00\s*$", segment)
    if not match:
        return _unmask(segment, groups), None
    remark = _unmask(groups[int(match.group(1))], groups)[1:-1].strip()
    return _unmask(segment[: match.start()], groups), remark


# --------------------------------------------------------------------------- prose


@dataclass
class Actors:
    """Who acts in a sentence: ``lead`` names the subject, ``coordinate`` its partners."""

    lead: list[str] = field(default_factory=list)
    coordinate: list[str] = field(default_factory=list)


def _subject_start(sentence: str) -> int | None:
    """Where the acting agency's name starts in ``sentence`` (None if no agency acts)."""
    body = _LEADING.sub("", sentence)
    offset = len(sentence) - len(body)
    if is_head(body) and not _starts_with(_opening(body), BOUNDARIES):
        return offset
    if not _starts_with(_opening(body), _CLAUSE_OPENERS):
        return None
    pos = 0
    for part in body.split(","):
        stripped = part.lstrip()
        start = offset + pos + (len(part) - len(stripped))
        pos += len(part) + 1
        if stripped and is_head(stripped) and not _starts_with(
                _opening(stripped), _CLAUSE_OPENERS + BOUNDARIES):
            return start
    return None


def prose_actors(text: str) -> Actors:
    """The agency that acts in the first sentence of ``text``, and whom it works with."""
    sentence = (sentences(text) or [""])[0]
    masked, groups = _mask(sentence)
    start = _subject_start(masked)
    if start is None:
        return Actors()
    rest = masked[start:]
    subject = cut_at_boundary(rest)
    if subject == rest or len(_folded_words(subject)) > 25:
        return Actors()
    actors = Actors(lead=split_names(_unmask(subject, groups), prose=False).names)
    actors.coordinate = _partners(re.split(r";", rest[len(subject):])[0], groups)
    return actors


_PARTNER = re.compile(r"phối hợp(?:\s+(?:với|cùng))?\s+", re.IGNORECASE)


def _partners(clause: str, groups: list[str]) -> list[str]:
    """The agencies named after "phối hợp (với)" in a (masked) clause."""
    match = _PARTNER.search(clause)
    if not match:
        return []
    named = clause[match.end():]
    if not is_head(named) or _starts_with(_opening(named), BOUNDARIES):
        return []
    return split_names(_unmask(cut_at_boundary(named), groups), prose=False).names


def agency_heading(text: str) -> list[str]:
    """The agencies a heading consists of (``Sở Tài chính``, ``Đề nghị Liên đoàn Lao động
    tỉnh:``, ``Các sở, ngành; Ủy ban nhân dân các xã``); [] if it says more than names."""
    body = _LEADING.sub("", text.strip().rstrip(":").strip())
    if not body or len(body.split()) > 30 or re.search(r"[.!?]\s", body) or not is_head(body):
        return []
    masked, _ = _mask(body)
    if any(cut_at_boundary(clause) != clause for clause in masked.split(";")):
        return []
    return split_names(body, prose=False).names


def partners(text: str) -> list[str]:
    """Whom a duty is done with: the agencies after "phối hợp (với)" in its first clause
    that names any (``Chủ trì, phối hợp với Sở Tài chính xây dựng …`` → Sở Tài chính)."""
    masked, groups = _mask((sentences(text) or [""])[0])
    for clause in masked.split(";"):
        found = _partners(clause, groups)
        if found:
            return found
    return []
