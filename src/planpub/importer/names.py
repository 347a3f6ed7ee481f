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
from planpub.slug import fold

# Words that open an agency's name (folded). Longest first where one is a prefix of another.
_HEADS = tuple(sorted({
    "uy ban", "ubnd", "ubmttq", "hdnd", "hoi dong", "toa an", "tand", "vien", "vksnd",
    "cong an", "cuc", "chi cuc", "tong cuc", "so", "bo", "ban", "phong", "van phong",
    "thanh tra", "kho bac", "ngan hang", "bao hiem", "dai", "bao", "thong tan xa",
    "trung tam", "truong", "benh vien", "hoi", "lien doan", "lien minh", "mat tran", "doan",
    "tinh doan", "thanh doan", "huyen doan", "dang uy", "tinh uy", "thanh uy", "huyen uy",
    "bo chi huy", "bch", "bo doi", "canh sat", "chu tich", "pho chu tich", "thu tuong",
    "chinh phu", "quoc hoi", "kiem toan", "vu", "hoc vien", "dai hoc", "bo phan", "cong chuc",
    "can bo", "giam doc", "thu truong", "nguoi dung dau", "to cong tac", "quy", "tong cong ty",
    "cong ty", "co quan", "don vi", "cac", "lanh dao", "doanh nghiep", "chi nhanh",
    "hai quan", "kiem lam", "cang vu", "nha xuat ban", "tap chi", "cong thong tin",
    "thuong truc", "ky niem", "tong lien doan", "trung uong", "hoi lien hiep",
    "co so dao tao", "co so giao duc", "co so y te", "co so kham", "vien nghien cuu",
}, key=len, reverse=True))

# Nouns naming a kind of body; lists of them form collective names.
_TYPES = ("co quan ngang bo", "co quan thuoc chinh phu", "co quan", "don vi", "dia phuong",
          "to chuc", "ca nhan", "doanh nghiep", "so", "ban", "nganh", "bo", "xa", "phuong",
          "thi tran", "huyen", "quan", "thi xa", "thanh pho", "tinh", "doan the", "hoi",
          "phong", "cap")
_QUALIFIERS = ("khac co lien quan", "co lien quan", "lien quan", "khac", "truc thuoc trung uong",
               "truc thuoc tinh", "thuoc chinh phu", "ngang bo", "tren dia ban", "cap tinh",
               "cap huyen", "cap xa", "thanh pho", "tinh", "phuong", "xa", "huyen", "quan",
               "thi xa", "thi tran")
_CLOSING = ("co lien quan", "lien quan", "khac", "truc thuoc trung uong", "truc thuoc tinh",
            "tren dia ban")
_STANDALONE = ("to chuc chinh tri", "to chuc xa hoi", "doan the chinh tri")

# Phrases after which a name has ended and the sentence goes on (folded, whole words).
_BOUNDARIES = (
    "tien hanh", "co trach nhiem", "chiu trach nhiem", "chu tri", "phoi hop", "chu dong",
    "tiep tuc", "thuc hien", "trien khai", "ra soat", "xay dung", "lap", "theo", "huong dan",
    "bao cao", "tham muu", "nam bat", "kip thoi", "khan truong", "co the", "can cu",
    "tren co so", "de", "nham", "trong", "thuong xuyen", "dinh ky", "tong hop", "gui",
    "cap nhat", "bo tri", "dam bao", "bao dam", "tuyen truyen", "pho bien", "kiem tra",
    "don doc", "giam sat", "nghien cuu", "de xuat", "de nghi", "tap trung", "quan triet",
    "tiep nhan", "cung cap", "phat hien", "thong bao", "khi", "neu", "sau khi", "truoc",
    "duoc giao", "duoc phan cong", "la co quan", "lam dau moi", "co van ban",
    "bien soan", "to chuc thuc hien", "to chuc trien khai", "to chuc tuyen truyen",
    "to chuc tap huan", "to chuc kiem tra", "to chuc hoi nghi", "to chuc danh gia",
    "to chuc lay y kien", "to chuc tong ket", "to chuc so ket", "to chuc hoi thao",
    "to chuc toa dam", "to chuc phat dong", "to chuc cac", "to chuc xay dung", "to chuc thi",
    "to chuc boi duong", "to chuc dao tao", "to chuc ra soat", "to chuc giam sat",
    "to chuc le", "to chuc truyen thong", "to chuc van dong", "to chuc thong tin",
    "van hanh", "quan ly nha nuoc", "nang cao", "tang cuong",
    "day manh", "ban hanh", "trinh", "xu ly", "giai quyet dut diem", "uu tien", "phan dau",
    "la", "chi dao", "phan cong", "xac dinh", "dong chu tri", "giup", "tham gia", "phat huy",
    "dong hanh", "mo them", "niem yet", "cong khai", "theo doi", "danh gia", "phe duyet",
    "chuan bi", "thanh lap", "kien toan", "cung co", "dang tai", "phat song", "dua tin",
    "thuc day", "phat dong",
)
# Single-syllable heads, spelled out: "Sở" opens a name, "Số" does not.
_SPELLING = {"so": "sở", "bo": "bộ", "ban": "ban", "dai": "đài", "bao": "báo", "vu": "vụ",
             "quy": "quỹ", "vien": "viện", "hoi": "hội", "phong": "phòng", "doan": "đoàn",
             "cuc": "cục", "truong": "trường", "cac": "các", "quan": "quận"}
# Phrases that open with a head word but name no agency.
_NOT_HEADS = ("ban hanh", "hoi nghi", "hoi thao", "hoi dap", "phong chong", "phong ngua",
              "truong hop", "bo sung", "vu viec", "vu an", "bao cao", "bao dam", "bao ve",
              "bao gom", "bao chi", "doan ket", "cac noi dung", "cac van ban", "cac quy dinh",
              "cac nhiem vu", "cac hoat dong", "co quan chuc nang", "vien dan", "cuc bo",
              "quy dinh", "quy che", "quy trinh", "quy hoach", "quy chuan", "quy mo")
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
    head = _starts_with(folded, _HEADS)
    if head is None or _starts_with(folded, _NOT_HEADS):
        return False
    if head in _SPELLING and word.lower() != _SPELLING[head]:
        return False
    if head == "cac":
        rest = text[words[1][1]:] if len(words) > 1 else ""
        return bool(rest) and (is_head(rest) or _starts_with(_clean_fold(rest[:60]), _TYPES)
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
    return bool(_starts_with(folded, _TYPES)) or any(
        folded == t or folded.endswith(" " + t) for t in _TYPES)


def _bare_type(part: str) -> bool:
    folded = _clean_fold(part)
    if folded.startswith("cap "):
        return True
    kind = _starts_with(folded, _TYPES)
    if kind is None or _starts_with(folded, _STANDALONE):
        return False
    rest = folded[len(kind):].strip()
    return not rest or rest in _QUALIFIERS


def _closed(segment: str) -> bool:
    folded = _clean_fold(segment)
    return any(folded.endswith(" " + q) or folded == q for q in _CLOSING)


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
        return proper and _starts_with(folded, _TYPES) is None
    if word[0].isupper():
        return not is_head(part)
    if folded.startswith("cac ") or _starts_with(folded, _STANDALONE) or _closed(segment):
        return False
    if "cac" in _clean_fold(segment).split():
        return True
    return _collective(segment) and _bare_type(part)


_ORGANISATION = ("chinh tri", "xa hoi", "doan the", "co lien quan", "lien quan", "khac", "hoi",
                 "thanh vien", "kinh te", "ca nhan", "tin dung", "dai dien", "phi chinh phu",
                 "quoc te", "quan chung", "su nghiep", "ton giao", "nuoc ngoai", "cong doan")
"""What follows "tổ chức" when it is a noun (an organisation), not the verb "organise"."""


def _organises(words: list[tuple[str, int, int]], i: int, text: str) -> bool:
    """Whether "tổ chức" at ``words[i]`` is the verb: not in a list of bodies ("các tổ chức",
    "cơ quan, tổ chức") nor followed by what names an organisation."""
    if words[i][0] != "to" or i + 1 >= len(words) or words[i + 1][0] != "chuc":
        return False
    if words[i - 1][0] in ("cac", "va", "nhung", "moi", "cua") or \
            "," in text[words[i - 1][2]:words[i][1]]:
        return False
    after = " ".join(w for w, _, _ in words[i + 2:i + 6])
    return bool(after) and _starts_with(after, _ORGANISATION) is None


def cut_at_boundary(text: str) -> str:
    """``text`` up to the first word that continues a sentence rather than a name."""
    words = _folded_words(text)
    for i in range(1, len(words)):
        if not text[words[i][1]].islower():
            continue  # "Sở Xây dựng": a capitalised word belongs to a name
        rest = " ".join(w for w, _, _ in words[i:i + 5])
        if _starts_with(rest, _BOUNDARIES) or _organises(words, i, text):
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
            if _starts_with(_opening(clause), _BOUNDARIES):
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
    if is_head(body) and not _starts_with(_opening(body), _BOUNDARIES):
        return offset
    if not _starts_with(_opening(body), _CLAUSE_OPENERS):
        return None
    pos = 0
    for part in body.split(","):
        stripped = part.lstrip()
        start = offset + pos + (len(part) - len(stripped))
        pos += len(part) + 1
        if stripped and is_head(stripped) and not _starts_with(
                _opening(stripped), _CLAUSE_OPENERS + _BOUNDARIES):
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
    if not is_head(named) or _starts_with(_opening(named), _BOUNDARIES):
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
