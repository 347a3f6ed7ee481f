"""Typed models of plan files and registries (pydantic v2).

Field names are English and stable: they are the plan file format, the JSON
Schema editors use, and (through :mod:`planpub.opendata`) the open data.

Every text field has a maximum length, in characters (a title repeats on many
pages, so one pasted document must not swell the whole site):

============  ======  ==========================================================
Type          Limit   Fields
============  ======  ==========================================================
``Id``        120     ids and references (ASCII slugs)
``Name``      200     names: agency, locality, short names, aliases, signer, labels
``Label``     200     short printed lines: number, place, signature lines, intros
``Title``     1 000   titles: plan, task, legal document
``Heading``   1 000   section headings, headings of organisation items
``Paragraph`` 5 000   one paragraph (``Text`` if required): basis, labelled line,
                      recipient, intro, notes, source, timeline text
``Prose``     20 000  Markdown prose: task body, purposes, requirements, funding,
                      organisation items, closing
``Url``       2 000   web addresses (:mod:`planpub.weburl`)
============  ======  ==========================================================

Names and titles must show at least one visible character (not only spaces,
zero-width or direction marks), and names, titles, labels and headings may not
hold bidirectional override or isolate controls (U+202A..U+202E, U+2066..U+2069),
which can make text read backwards.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from planpub.timeline import Timeline, TimelineError, resolve_timeline
from planpub.vocab import date_parts
from planpub.weburl import URL_HINT, url_problem

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are ASCII slugs: they become URLs and file names, so they cannot escape a folder."""



def _vn_date(value: Any) -> Any:
    """Accept ``15/11/2025`` (how officers write dates) besides ISO ``2025-11-15``."""
    if isinstance(value, str):
        parts = date_parts(value, iso=False)
        if parts:
            try:
                return dt.date(*parts)
            except ValueError:
                raise ValueError(f"ngày {value.strip()} không tồn tại") from None
    return value


ID_MAX, NAME_MAX, TITLE_MAX, PARAGRAPH_MAX, PROSE_MAX = 120, 200, 1000, 5000, 20_000
"""Maximum lengths of text fields, in characters (see the module docstring)."""

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI_MARKS = "\u200e\u200f\u061c"
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embeddings, overrides and isolates: they can reorder how text reads on screen."""

_INVISIBLE = frozenset(ZERO_WIDTH + BIDI_MARKS + BIDI_CONTROLS)
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def _number(value: int) -> str:
    """``1800000`` as Vietnamese write it: ``1.800.000``."""
    return f"{value:,}".replace(",", ".")


def too_long(length: int, limit: int) -> str:
    """The message (with its " Gợi ý: " hint) for a text of ``length`` over ``limit``."""
    return (f"dài {_number(length)} ký tự, vượt giới hạn {_number(limit)} ký tự. Gợi ý: "
            "rút gọn phần chữ này; nếu đã dán nhầm cả đoạn văn bản vào đây, hãy chuyển phần "
            "nội dung chi tiết sang trường body của nhiệm vụ hoặc tách thành nhiều mục.")


def _no_bidi(value: str) -> str:
    found = _BIDI.search(value)
    if found:
        raise ValueError(
            f"chứa ký tự ẩn điều khiển hướng chữ U+{ord(found.group()):04X}, có thể làm chữ "
            "hiện ra bị đảo ngược để đánh lừa người đọc. Gợi ý: xóa phần chữ này rồi gõ lại "
            "bằng bàn phím, không dán từ trang web hay tệp khác.")
    return value


def _visible(what: str) -> Callable[[str], str]:
    """A validator: ``value`` shows at least one visible character and no bidi control."""
    def check(value: str) -> str:
        if all(c.isspace() or c in _INVISIBLE for c in value):
            raise ValueError(
                f"{what} chỉ gồm ký tự vô hình (dấu cách, ký tự độ rộng bằng 0 hoặc ký tự "
                f"điều khiển hướng chữ). Gợi ý: xóa rồi gõ lại {what} bằng chữ nhìn thấy được.")
        return _no_bidi(value)
    return check


def _web_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        raise ValueError(f"{problem}. Gợi ý: {URL_HINT}.")
    return value


Date = Annotated[dt.date, BeforeValidator(_vn_date)]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=ID_MAX)]
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), AfterValidator(_visible("tên"))]
Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX),
                  AfterValidator(_visible("tiêu đề"))]
Label = Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_no_bidi)]
Heading = Annotated[str, Field(max_length=TITLE_MAX), AfterValidator(_no_bidi)]
Paragraph = Annotated[str, Field(max_length=PARAGRAPH_MAX)]
Text = Annotated[str, Field(min_length=1, max_length=PARAGRAPH_MAX)]
Prose = Annotated[str, Field(max_length=PROSE_MAX)]
ProseText = Annotated[str, Field(min_length=1, max_length=PROSE_MAX)]
Url = Annotated[str, AfterValidator(_web_url)]
"""A link from data: https, http, mailto or tel only (:func:`planpub.weburl.url_problem`)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------- registries


LocalityKind = Literal[
    "country", "province", "city", "district", "town", "district-city", "ward", "commune",
    "special-zone",
]


class Locality(_Model):
    """An administrative unit, with the period it existed and what replaced it."""

    id: Id
    name: Name = Field(description="Tên đầy đủ, ví dụ: tỉnh Bình Dương")
    kind: LocalityKind
    parent: Id | None = None
    valid_from: Date | None = None
    valid_until: Date | None = Field(None, description="Ngày cuối cùng đơn vị còn tồn tại")
    successor: Id | None = None


AgencyKind = Literal[
    "government", "ministry", "people-committee", "people-council", "chairman", "department",
    "court", "procuracy", "enforcement", "police", "office", "unit", "official", "media",
    "mass-organisation", "group", "role", "other",
]


class Agency(_Model):
    """A body a plan names: an agency, an office, a group of agencies, or a role."""

    id: Id
    name: Name = Field(description="Tên chính thức")
    short_names: list[Name] = Field(
        default_factory=list,
        description="Cách các kế hoạch gọi tắt (TAND tỉnh, Viện KSND tỉnh ...)",
    )
    locality: Id | None = None
    kind: AgencyKind
    parent: Id | None = Field(None, description="Cơ quan cấp trên trực tiếp")
    members: list[Id] = Field(default_factory=list, description="Thành viên, với nhóm cơ quan")
    valid_from: Date | None = None
    valid_until: Date | None = Field(None, description="Ngày cuối cùng cơ quan còn tồn tại")
    successor: Id | None = None
    url: Url | None = Field(None, description="Trang chính thức: https://...")


DocType = Literal[
    "hien-phap", "luat", "nghi-quyet", "lenh", "nghi-dinh", "thong-tu", "quyet-dinh", "chi-thi",
    "ke-hoach", "cong-van", "thong-bao", "bao-cao", "van-ban-hop-nhat",
]
DocStatus = Literal["in-force", "amended", "replaced", "expired", "unknown"]


class LegalDoc(_Model):
    """A legal or administrative document that plans cite."""

    id: Id
    type: DocType
    number: Label | None = Field(None, description="Số, ký hiệu: 68/2018/NĐ-CP")
    title: Title
    issuer: Id
    issued: Date | None = None
    effective: Date | None = None
    status: DocStatus = "in-force"
    amended_by: list[Id] = Field(default_factory=list)
    replaced_by: Id | None = None
    url: Url | None = Field(None, description="Đường dẫn tới văn bản chính thức: https://...")
    aliases: list[Name] = Field(
        default_factory=list, description="Cách viết khi trích dẫn: Luật TNBTCNN năm 2017 ..."
    )
    plan: Id | None = Field(
        None, description="Mã kế hoạch trong plans/ nếu văn bản là một kế hoạch")
    note: Paragraph | None = None


# --------------------------------------------------------------------------- plans


class Basis(_Model):
    """One "Thực hiện / Căn cứ ..." reference, with the source wording kept."""

    ref: Id | None = Field(None, description="Mã văn bản (registry/legal.yaml) hoặc mã kế hoạch")
    text: Text = Field(description="Nguyên văn phần dẫn chiếu")
    intro: Label | None = Field(None,
                                description="Từ mở đầu khi bắt đầu đoạn mới: Căn cứ, Thực hiện")


class LabelledLine(_Model):
    """A labelled line as printed: "Cơ quan thực hiện: Sở Tư pháp ..."."""

    label: Name
    text: Text


Roles = ("lead", "advise", "coordinate", "consolidate")
"""Agency roles in a task, in display order."""


class Task(_Model):
    """A numbered task of the "Nội dung" section; may hold sub-tasks."""

    number: Annotated[str, Field(pattern=r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$", max_length=20)]
    title: Title
    body: Prose | None = Field(None, description="Markdown")
    lead: list[Id] = Field(default_factory=list, description="Cơ quan thực hiện / chủ trì")
    advise: list[Id] = Field(default_factory=list, description="Cơ quan tham mưu thực hiện")
    coordinate: list[Id] = Field(default_factory=list, description="Cơ quan phối hợp")
    consolidate: list[Id] = Field(
        default_factory=list, description="Cơ quan làm đầu mối tổng hợp"
    )
    lines: list[LabelledLine] = Field(
        default_factory=list, description="Các dòng cơ quan, nguyên văn như văn bản in"
    )
    timeline: Timeline | None = None
    timeline_label: Label = "Thời gian thực hiện"
    subtasks: list[Task] = Field(default_factory=list)
    numbered: bool = Field(True, description="False nếu văn bản không in số của nhiệm vụ con")
    note: Paragraph | None = None

    @field_validator("timeline", mode="before")
    @classmethod
    def _parse_timeline(cls, raw: Any, info: ValidationInfo) -> Any:
        if raw is None or isinstance(raw, Timeline):
            return raw
        if not isinstance(raw, str | dict):
            raise ValueError("timeline phải là một chuỗi hoặc một bảng có khóa text")
        text = raw if isinstance(raw, str) else raw.get("text")
        if isinstance(text, str) and len(text) > PARAGRAPH_MAX:
            raise ValueError(too_long(len(text), PARAGRAPH_MAX))
        year = (info.context or {}).get("year")
        year = year if isinstance(year, int) else None
        try:
            if isinstance(raw, str):
                return _timeline_of_text(raw, year)
            return resolve_timeline(raw, year=year)
        except TimelineError as err:
            raise ValueError(f"{err.message} Gợi ý: {err.hint}") from None


@functools.lru_cache(maxsize=8192)
def _timeline_of_text(text: str, year: int | None) -> Timeline:
    """Plans repeat a few wordings (Thường xuyên, Năm 2025 ...): parse each once per year.

    Timelines are frozen, so tasks can share one.
    """
    return resolve_timeline(text, year=year)


class OrgItem(_Model):
    """A paragraph of "Tổ chức thực hiện", optionally addressed to actors."""

    heading: Heading | None = None
    actors: list[Id] = Field(default_factory=list)
    body: ProseText = Field(description="Markdown")
    topic: Literal["funding"] | None = Field(
        None, description="funding: đoạn này là phần kinh phí nằm trong Tổ chức thực hiện"
    )


class Signature(_Model):
    """The signature block: TM. / KT. / title / name."""

    authority: Label | None = Field(None, description="TM. ỦY BAN NHÂN DÂN")
    capacity: Label | None = Field(None, description="KT. CHỦ TỊCH")
    title: Label | None = Field(None, description="PHÓ CHỦ TỊCH THƯỜNG TRỰC")
    name: Name


class Headings(_Model):
    """Section headings as the document prints them."""

    aims: Heading = "MỤC ĐÍCH, YÊU CẦU"
    tasks: Heading = "NỘI DUNG"
    organisation: Heading = "TỔ CHỨC THỰC HIỆN"
    funding: Heading = "KINH PHÍ THỰC HIỆN"


class Plan(_Model):
    """One plan file under ``plans/``."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra={"title": "Kế hoạch (planpub)"},
    )

    id: Id = Field(description="Mã kế hoạch, trùng tên tệp: binh-duong-2025-boi-thuong-nha-nuoc")
    type: DocType = "ke-hoach"
    title: Title = Field(description="Trích yếu")
    issuer: Id = Field(description="Mã cơ quan ban hành (registry/agencies.yaml)")
    number: Label | None = Field(None, description="Số, ký hiệu; null nếu văn bản không in")
    issued: Date | None = Field(None, description="Ngày ban hành; null nếu văn bản không in")
    place: Label | None = Field(None, description="Địa danh ghi ở dòng ngày tháng")
    year: int = Field(ge=1990, le=2100, description="Năm của kế hoạch")
    locality: Id | None = Field(None, description="Mặc định: địa bàn của cơ quan ban hành")
    source: Paragraph | None = Field(None, description="Nguồn văn bản")
    bases: list[Basis] = Field(default_factory=list)
    bases_intro: Label = "Thực hiện"
    intro: Paragraph | None = Field(None, description="Câu dẫn: ... ban hành Kế hoạch như sau")
    purposes: list[ProseText] = Field(default_factory=list, description="Mục đích (Markdown)")
    requirements: list[ProseText] = Field(default_factory=list,
                                          description="Yêu cầu (Markdown)")
    tasks: list[Task] = Field(min_length=1)
    organisation: list[OrgItem] = Field(default_factory=list)
    funding: Prose | None = Field(None, description="Mục Kinh phí riêng (Markdown)")
    closing: Prose | None = Field(None, description="Đoạn kết (Markdown)")
    recipients: list[Text] = Field(default_factory=list, description="Nơi nhận, nguyên văn")
    signature: Signature | None = None
    headings: Headings = Field(default_factory=Headings)


def iter_tasks(tasks: list[Task]) -> list[tuple[Task, tuple[Task, ...]]]:
    """Every task with its ancestors, depth first."""
    out: list[tuple[Task, tuple[Task, ...]]] = []

    def walk(items: list[Task], parents: tuple[Task, ...]) -> None:
        for task in items:
            out.append((task, parents))
            walk(task.subtasks, (*parents, task))

    walk(tasks, ())
    return out
