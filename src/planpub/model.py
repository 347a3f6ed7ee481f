"""Typed models of plan files and the document registry (pydantic v2); agencies and
localities are in :mod:`planpub.registrymodel`.

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
                      recipient, intro, notes, timeline text
``Source``    5 000   a plan's ``source``: a citation, or a web address when it starts
                      like one (``https:``, ``javascript:``, ``www.`` …: then it must
                      pass the ``Url`` check and be ``http(s)``)
``Prose``     20 000  Markdown prose: task body, purposes, requirements, funding,
                      organisation items, closing
``Url``       2 000   web addresses (:mod:`planpub.weburl`)
``Address``   300     an agency's ``address`` and ``hours`` (``Hours``), visible text
``Phone``     200     an agency's telephone numbers as printed: digits, spaces, ``.``,
                      ``-``, ``( )``, a leading ``+84``; 8 to 15 digits each; ``;``
                      between two numbers
``Email``     200     one plain mail address ``name@domain`` (no ``mailto:``, no name)
============  ======  ==========================================================

Names and titles must show at least one visible character, and names, titles,
labels and headings may not hold bidirectional override or isolate controls. Every
link in Markdown prose (and in ``intro``) passes the same check as a registry
``url`` (:func:`planpub.weburl.markdown_links`). The types, rules and limits live
in :mod:`planpub.fieldtypes`.

Lists have a maximum length too: an id listed in many tasks is printed on the
pages of every agency the tasks name, so long lists multiply. The limits are
10 to 30 times the largest seen in the bundled plans, the corpus answer keys and
drafts ``planpub import`` makes of the corpus (largest seen in brackets):

============================================  ======  ==============================
List                                          Limit   Fields
============================================  ======  ==============================
short names, aliases                          20      ``short_names`` (5), ``aliases`` (7)
agencies of one role, actors of one item      60      ``lead`` (9), ``coordinate`` (7),
                                                      ``advise``, ``consolidate``, ``actors``
members of a group                            500     ``members`` (2)
documents amending one document               50      ``amended_by`` (0)
tasks of a plan, at every level               1 000   ``tasks`` and ``subtasks`` (29)
levels of sub-tasks                           6       (3)
agencies named in a plan's tasks and items    2 000   every role list and ``actors`` (69)
bases; purposes, requirements, organisation   200     ``bases`` (7), ``organisation`` (19),
items, recipients (each)                              ``recipients`` (16)
labelled lines of a task                      20      ``lines`` (2)
============================================  ======  ==============================

An id may appear only once in one list of ids.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from planpub.fieldtypes import (
    AMENDED_MAX,
    DEPTH_MAX,
    ITEMS_MAX,
    LINES_MAX,
    MENTIONS_MAX,
    TASKS_MAX,
    DataModel,
    Date,
    Heading,
    Id,
    IdList,
    Ids,
    Label,
    Name,
    Names,
    Paragraph,
    Prose,
    ProseLine,
    ProseText,
    Source,
    Text,
    Title,
    Url,
    Year,
    number,
    refers_to,
)
from planpub.fieldtypes import ID_PATTERN as ID_PATTERN
from planpub.fieldtypes import PARAGRAPH_MAX as PARAGRAPH_MAX
from planpub.fieldtypes import too_long as too_long

# Agencies and localities: planpub.registrymodel (re-exported for planpub.catalog, which is at
# its line limit; other modules import them from there)
from planpub.registrymodel import Agency as Agency
from planpub.registrymodel import Locality as Locality
from planpub.timeline import Timeline, TimelineError, resolve_timeline

# --------------------------------------------------------------------------- registries

DocType = Literal[
    "hien-phap", "luat", "nghi-quyet", "lenh", "nghi-dinh", "thong-tu", "quyet-dinh", "chi-thi",
    "ke-hoach", "cong-van", "thong-bao", "bao-cao", "van-ban-hop-nhat",
]
DocStatus = Literal["in-force", "amended", "replaced", "expired", "unknown"]


class LegalDoc(DataModel):
    """A legal or administrative document that plans cite."""

    id: Id = Field(title="Mã văn bản")
    type: DocType = Field(title="Loại văn bản")
    number: Label | None = Field(None, title="Số, ký hiệu",
                                 description="Số, ký hiệu: 68/2018/NĐ-CP")
    title: Title = Field(title="Tên văn bản")
    issuer: Id = Field(title="Cơ quan ban hành", json_schema_extra=refers_to("agencies"))
    issued: Date | None = Field(None, title="Ngày ban hành")
    effective: Date | None = Field(None, title="Ngày có hiệu lực")
    status: DocStatus = Field("in-force", title="Tình trạng hiệu lực")
    amended_by: IdList = Field(title="Được sửa đổi, bổ sung bởi",
                               json_schema_extra=refers_to("legal"), default_factory=list,
                               max_length=AMENDED_MAX)
    replaced_by: Id | None = Field(None, title="Được thay thế bởi",
                                   json_schema_extra=refers_to("legal"))
    url: Url | None = Field(None, title="Đường dẫn",
                            description="Đường dẫn tới văn bản chính thức: https://...")
    aliases: Names = Field(title="Cách viết khi trích dẫn",
        default_factory=list, description="Cách viết khi trích dẫn: Luật TNBTCNN năm 2017 ..."
    )
    plan: Id | None = Field(None, title="Kế hoạch tương ứng", json_schema_extra=refers_to("plans"),
        description="Mã kế hoạch trong plans/ nếu văn bản là một kế hoạch")
    note: Paragraph | None = Field(None, title="Ghi chú")


# --------------------------------------------------------------------------- plans


class Basis(DataModel):
    """One "Thực hiện / Căn cứ ..." reference, with the source wording kept."""

    ref: Id | None = Field(None, title="Văn bản dẫn chiếu",
                           description="Mã văn bản (registry/legal.yaml) hoặc mã kế hoạch")
    text: Text = Field(title="Nguyên văn", description="Nguyên văn phần dẫn chiếu")
    intro: Label | None = Field(None, title="Từ mở đầu",
                                description="Từ mở đầu khi bắt đầu đoạn mới: Căn cứ, Thực hiện")


class LabelledLine(DataModel):
    """A labelled line as printed: "Cơ quan thực hiện: Sở Tư pháp ..."."""

    label: Name = Field(title="Nhãn")
    text: Text = Field(title="Nội dung")


Roles = ("lead", "advise", "coordinate", "consolidate")
"""Agency roles in a task, in display order."""


class Task(DataModel):
    """A numbered task of the "Nội dung" section; may hold sub-tasks."""

    number: Annotated[str, Field(pattern=r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$",
                                 max_length=20)] = Field(title="Số")
    title: Title = Field(title="Tên nhiệm vụ")
    body: Prose | None = Field(None, title="Nội dung chi tiết", description="Markdown")
    lead: Ids = Field(title="Chủ trì thực hiện", json_schema_extra=refers_to("agencies"),
                      default_factory=list, description="Cơ quan thực hiện / chủ trì")
    advise: Ids = Field(title="Tham mưu thực hiện", json_schema_extra=refers_to("agencies"),
                        default_factory=list, description="Cơ quan tham mưu thực hiện")
    coordinate: Ids = Field(title="Phối hợp", json_schema_extra=refers_to("agencies"),
                            default_factory=list, description="Cơ quan phối hợp")
    consolidate: Ids = Field(title="Đầu mối tổng hợp", json_schema_extra=refers_to("agencies"),
        default_factory=list, description="Cơ quan làm đầu mối tổng hợp"
    )
    lines: list[LabelledLine] = Field(title="Các dòng cơ quan như văn bản in",
        default_factory=list, max_length=LINES_MAX,
        description="Các dòng cơ quan, nguyên văn như văn bản in")
    timeline: Timeline | None = Field(None, title="Thời gian thực hiện")
    timeline_label: Label = Field("Thời gian thực hiện", title="Nhãn dòng thời gian")
    subtasks: list[Task] = Field(title="Nhiệm vụ con", default_factory=list)
    numbered: bool = Field(True, title="Văn bản in số nhiệm vụ",
                           description="False nếu văn bản không in số của nhiệm vụ con")
    note: Paragraph | None = Field(None, title="Ghi chú")

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


class OrgItem(DataModel):
    """A paragraph of "Tổ chức thực hiện", optionally addressed to actors."""

    heading: Heading | None = Field(None, title="Tiêu đề")
    actors: Ids = Field(title="Cơ quan được giao", json_schema_extra=refers_to("agencies"),
                        default_factory=list)
    body: ProseText = Field(title="Nội dung", description="Markdown")
    topic: Literal["funding"] | None = Field(None, title="Loại đoạn",
        description="funding: đoạn này là phần kinh phí nằm trong Tổ chức thực hiện"
    )


class Signature(DataModel):
    """The signature block: TM. / KT. / title / name."""

    authority: Label | None = Field(None, title="Thẩm quyền ký", description="TM. ỦY BAN NHÂN DÂN")
    capacity: Label | None = Field(None, title="Hình thức ký", description="KT. CHỦ TỊCH")
    title: Label | None = Field(None, title="Chức vụ", description="PHÓ CHỦ TỊCH THƯỜNG TRỰC")
    name: Name = Field(title="Người ký")


class Headings(DataModel):
    """Section headings as the document prints them."""

    aims: Heading = Field("MỤC ĐÍCH, YÊU CẦU", title="Tên mục Mục đích, yêu cầu")
    tasks: Heading = Field("NỘI DUNG", title="Tên mục Nội dung")
    organisation: Heading = Field("TỔ CHỨC THỰC HIỆN", title="Tên mục Tổ chức thực hiện")
    funding: Heading = Field("KINH PHÍ THỰC HIỆN", title="Tên mục Kinh phí")


class Plan(DataModel):
    """One plan file under ``plans/``."""

    model_config = ConfigDict(json_schema_extra={"title": "Kế hoạch (planpub)"})

    id: Id = Field(title="Mã kế hoạch",
                   description="Mã kế hoạch, trùng tên tệp, ví dụ: "
                   "pho-minh-2024-boi-thuong-nha-nuoc")
    type: DocType = Field("ke-hoach", title="Loại văn bản")
    title: Title = Field(title="Trích yếu", description="Trích yếu")
    issuer: Id = Field(title="Cơ quan ban hành", json_schema_extra=refers_to("agencies"),
                       description="Mã cơ quan ban hành (registry/agencies.yaml)")
    number: Label | None = Field(None, title="Số, ký hiệu",
                                 description="Số, ký hiệu; để trống nếu văn bản không in")
    issued: Date | None = Field(None, title="Ngày ban hành",
                                description="Ngày ban hành; để trống nếu văn bản không in")
    place: Label | None = Field(None, title="Địa danh",
                                description="Địa danh ghi ở dòng ngày tháng")
    year: Year = Field(title="Năm", ge=1990, le=2100, description="Năm của kế hoạch")
    locality: Id | None = Field(None, title="Địa bàn", json_schema_extra=refers_to("localities"),
                                description="Mặc định: địa bàn của cơ quan ban hành")
    source: Source | None = Field(None, title="Văn bản gốc", description=(
        "Nguồn văn bản gốc: đường dẫn https://... (trang hiện liên kết “Văn bản gốc”) hoặc "
        "trích dẫn bằng chữ (nơi đăng, số, ngày)"))
    bases: list[Basis] = Field(title="Căn cứ", default_factory=list, max_length=ITEMS_MAX)
    bases_intro: Label = Field("Thực hiện", title="Từ mở đầu phần căn cứ")
    intro: ProseLine | None = Field(None, title="Câu dẫn",
                                    description="Câu dẫn: ... ban hành Kế hoạch như sau")
    purposes: list[ProseText] = Field(title="Mục đích", default_factory=list, max_length=ITEMS_MAX,
                                      description="Mục đích (Markdown)")
    requirements: list[ProseText] = Field(title="Yêu cầu", default_factory=list,
                                          max_length=ITEMS_MAX,
                                          description="Yêu cầu (Markdown)")
    tasks: list[Task] = Field(title="Nhiệm vụ", min_length=1)
    organisation: list[OrgItem] = Field(title="Tổ chức thực hiện", default_factory=list,
                                        max_length=ITEMS_MAX)
    funding: Prose | None = Field(None, title="Kinh phí",
                                  description="Mục Kinh phí riêng (Markdown)")
    closing: Prose | None = Field(None, title="Đoạn kết", description="Đoạn kết (Markdown)")
    recipients: list[Text] = Field(title="Nơi nhận", default_factory=list, max_length=ITEMS_MAX,
                                   description="Nơi nhận, nguyên văn")
    signature: Signature | None = Field(None, title="Chữ ký")
    headings: Headings = Field(title="Tên các mục", default_factory=Headings)

    @field_validator("tasks")
    @classmethod
    def _task_tree(cls, tasks: list[Task]) -> list[Task]:
        every = iter_tasks(tasks)
        if len(every) > TASKS_MAX:
            raise ValueError(
                f"kế hoạch có {number(len(every))} nhiệm vụ (kể cả nhiệm vụ con), tối đa "
                f"{number(TASKS_MAX)}. Gợi ý: kiểm tra xem có dán lặp phần nội dung không; một "
                "văn bản rất dài thì tách thành nhiều kế hoạch.")
        deep = next(((t, p) for t, p in every if len(p) >= DEPTH_MAX), None)
        if deep is not None:
            raise ValueError(
                f"nhiệm vụ {deep[0].number} nằm ở cấp thứ {len(deep[1]) + 1} của nhiệm vụ con, "
                f"tối đa {DEPTH_MAX} cấp. Gợi ý: đưa các ý ở cấp sâu vào body của nhiệm vụ cha.")
        _check_mentions(_mentions(tasks), "nhiệm vụ")
        return tasks

    @field_validator("organisation")
    @classmethod
    def _organisation_actors(cls, items: list[OrgItem], info: ValidationInfo) -> list[OrgItem]:
        tasks = info.data.get("tasks") or []
        _check_mentions(_mentions(tasks) + sum(len(item.actors) for item in items),
                        "nhiệm vụ và mục Tổ chức thực hiện")
        return items


def _mentions(tasks: list[Task]) -> int:
    """Agencies named in the roles of ``tasks``, counted once per role and task."""
    return sum(len(getattr(task, role)) for task, _ in iter_tasks(tasks) for role in Roles)


def _check_mentions(count: int, where: str) -> None:
    if count > MENTIONS_MAX:
        raise ValueError(
            f"các {where} của kế hoạch nêu tên cơ quan {number(count)} lần, tối đa "
            f"{number(MENTIONS_MAX)} lần. Gợi ý: dùng một nhóm cơ quan (kind: group, members) "
            "thay cho danh sách dài lặp lại ở nhiều nhiệm vụ.")


def iter_tasks(tasks: list[Task]) -> list[tuple[Task, tuple[Task, ...]]]:
    """Every task with its ancestors, depth first.

    A stack, not a recursive inner function: such a function refers to itself, so each call
    would leave a cycle holding every task until the collector runs.
    """
    out: list[tuple[Task, tuple[Task, ...]]] = []
    stack: list[tuple[Task, tuple[Task, ...]]] = [(t, ()) for t in reversed(tasks)]
    while stack:
        task, parents = stack.pop()
        out.append((task, parents))
        stack.extend((sub, (*parents, task)) for sub in reversed(task.subtasks))
    return out


class _Ordered(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def id(self) -> str: ...


def plan_order(plan: _Ordered) -> tuple[int, str]:
    """The order plans are listed in (and of two plans with one id, the one kept last wins):
    newest year first, then by id. A plan, or the facts ``planpub validate`` keeps of one."""
    return -plan.year, plan.id
