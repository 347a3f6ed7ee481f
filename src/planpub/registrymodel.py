"""Typed models of the agency and locality registries (pydantic v2).

``registry/agencies.yaml`` and ``registry/localities.yaml``: the bodies plans name and the
places they act in, with what replaced one that ceased. Field names are English and stable
(:mod:`planpub.opendata` publishes them); the field types, their limits and the checks of
``phone`` and ``email`` live in :mod:`planpub.fieldtypes` (the table of limits is in
:mod:`planpub.model`).

An agency's contact fields (``address``, ``phone``, ``email``, ``hours``, ``url``) are shown
on its page and in the open data exactly as written; none is ever filled in by the site.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt, ValidationInfo, field_validator

from planpub.fieldtypes import (
    MEMBERS_MAX,
    Address,
    AgencyUrl,
    DataModel,
    Date,
    Email,
    Hours,
    Id,
    IdList,
    Name,
    Names,
    Paragraph,
    Phone,
    refers_to,
)

LocalityKind = Literal[
    "country", "province", "city", "district", "town", "district-city", "ward", "commune",
    "special-zone",
]


SUCCESSORS_MAX = 50  # successors, or documents that made a change, of one registry entry
SuccessorIds = Annotated[IdList, Field(max_length=SUCCESSORS_MAX)]


class _Ceasing(DataModel):
    """What localities and agencies share: what replaced one that ceased, and why."""

    @field_validator("successors", check_fields=False)
    @classmethod
    def _one_way(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if value and info.data.get("successor"):
            raise ValueError("ghi successor (một đơn vị) hoặc successors (nhiều đơn vị), không "
                             "cả hai. Gợi ý: chuyển successor vào danh sách successors.")
        return value


class Locality(_Ceasing):
    """An administrative unit, with the period it existed and what replaced it."""

    id: Id = Field(title="Mã địa bàn")
    name: Name = Field(title="Tên", description="Tên đầy đủ, ví dụ: tỉnh Bình Dương")
    kind: LocalityKind = Field(title="Loại đơn vị")
    parent: Id | None = Field(None, title="Đơn vị cấp trên",
                              json_schema_extra=refers_to("localities"))
    valid_from: Date | None = Field(None, title="Có từ ngày")
    valid_until: Date | None = Field(None, title="Tồn tại đến hết ngày",
                                     description="Ngày cuối cùng đơn vị còn tồn tại")
    code: StrictInt | None = Field(None, title="Mã chính thức", ge=1, le=99_999, description=(
        "Mã chính thức từ 01/07/2025 (gói vietnam-provinces), ví dụ phường Đức Phổ: 21439"))
    successor: Id | None = Field(None, title="Đơn vị kế thừa",
                                 json_schema_extra=refers_to("localities"),
                                 description="Đơn vị nhận lại toàn bộ địa bàn")
    successors: SuccessorIds = Field(title="Các đơn vị kế thừa",
                                     json_schema_extra=refers_to("localities"),
        default_factory=list, description="Các đơn vị kế thừa, khi địa bàn bị chia")
    successor_note: Paragraph | None = Field(None, title="Ghi chú về kế thừa",
        description="Khi có nhiều đơn vị kế thừa: quy tắc xác định; hoặc: chưa xác minh")
    changed_by: SuccessorIds = Field(title="Văn bản sắp xếp", json_schema_extra=refers_to("legal"),
        default_factory=list, description="Văn bản (registry/legal.yaml) đã sắp xếp đơn vị")


AgencyKind = Literal[
    "government", "ministry", "people-committee", "people-council", "chairman", "department",
    "court", "procuracy", "enforcement", "police", "office", "unit", "official", "media",
    "mass-organisation", "group", "role", "other",
]

CONTACT_FIELDS = ("address", "phone", "email", "hours", "url")
"""An agency's contact fields, in the order its page and the open data show them."""


class Agency(_Ceasing):
    """A body a plan names: an agency, an office, a group of agencies, or a role."""

    id: Id = Field(title="Mã cơ quan")
    name: Name = Field(title="Tên chính thức", description="Tên chính thức")
    short_names: Names = Field(title="Tên gọi tắt",
        default_factory=list,
        description="Cách các kế hoạch gọi tắt (TAND tỉnh, Viện KSND tỉnh ...)",
    )
    locality: Id | None = Field(None, title="Địa bàn", json_schema_extra=refers_to("localities"))
    kind: AgencyKind = Field(title="Loại cơ quan")
    parent: Id | None = Field(None, title="Cơ quan cấp trên",
                              json_schema_extra=refers_to("agencies"),
                              description="Cơ quan cấp trên trực tiếp")
    members: IdList = Field(title="Thành viên", json_schema_extra=refers_to("agencies"),
                            default_factory=list, max_length=MEMBERS_MAX,
                         description="Thành viên, với nhóm cơ quan")
    valid_from: Date | None = Field(None, title="Có từ ngày")
    valid_until: Date | None = Field(None, title="Tồn tại đến hết ngày",
                                     description="Ngày cuối cùng cơ quan còn tồn tại")
    successor: Id | None = Field(None, title="Cơ quan kế nhiệm",
                                 json_schema_extra=refers_to("agencies"),
                                 description="Cơ quan nhận lại nhiệm vụ, hoặc tên mới")
    successors: SuccessorIds = Field(title="Các cơ quan kế nhiệm",
                                     json_schema_extra=refers_to("agencies"),
        default_factory=list, description="Các cơ quan kế nhiệm, khi nhiệm vụ được chia")
    successor_note: Paragraph | None = Field(None, title="Ghi chú về kế nhiệm",
        description="Khi có nhiều cơ quan kế nhiệm: quy tắc xác định; hoặc: chưa xác minh")
    changed_by: SuccessorIds = Field(title="Văn bản sắp xếp", json_schema_extra=refers_to("legal"),
        default_factory=list, description="Văn bản (registry/legal.yaml) đã sắp xếp cơ quan")
    former_names: Names = Field(title="Tên cũ", default_factory=list,
                                description="Tên cũ, khi đã đổi tên")
    url: AgencyUrl | None = Field(None, title="Trang chính thức",
                                  description="Trang chính thức: https://...")
    address: Address | None = Field(None, title="Địa chỉ",
        description="Địa chỉ trụ sở, như cơ quan công bố (số nhà, đường, phường/xã, tỉnh)")
    phone: Phone | None = Field(None, title="Điện thoại",
        description="Số điện thoại như in: 0274 3822 123; nhiều số cách nhau bằng “;”")
    email: Email | None = Field(None, title="Thư điện tử",
                                description="Một địa chỉ thư điện tử: ten@co-quan.gov.vn")
    hours: Hours | None = Field(None, title="Giờ làm việc",
        description="Giờ làm việc, tiếp công dân: Sáng 7:30–11:30, chiều 13:30–17:00 ...")

    def has_contact(self) -> bool:
        """Whether the registry gives any way to reach this agency (a contact field is set)."""
        return any(getattr(self, name) for name in CONTACT_FIELDS)
