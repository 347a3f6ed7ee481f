"""Typed models of progress files: ``progress/<plan-id>.yaml``, the agencies' reports on a
plan's tasks (pydantic v2, like :mod:`planpub.model`).

Field names are English and stable: they are the file format, the JSON Schema editors use
and the open data's ``progress`` entries.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from planpub.fieldtypes import DataModel, Date, Id, Label, Paragraph, Url, refers_to

ReportedStatus = Literal["chua-thuc-hien", "dang-thuc-hien", "hoan-thanh", "khong-thuc-hien"]
"""What an agency may report about a task."""

REPORTS_MAX = 5000
"""Reports in one progress file: a plan has at most 1 000 tasks, each reported a few times."""

TASK_NUMBER_PATTERN = r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$"


def _task_number(value: Any) -> Any:
    """``task: 9`` (a YAML integer) means "9"; ``task: 7.10`` (a YAML float) is refused: the
    float would read as 7.1."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"số nhiệm vụ {value} được đọc thành số thập phân (7.10 sẽ thành 7.1). "
                         f'Gợi ý: ghi trong ngoặc kép, ví dụ task: "{value}".')
    return value


TaskNumber = Annotated[str, BeforeValidator(_task_number),
                       Field(pattern=TASK_NUMBER_PATTERN, max_length=20)]


def _vi(title: str, description: str) -> ConfigDict:
    """The Vietnamese title and description editors show (merged into DataModel's settings)."""
    return ConfigDict(json_schema_extra={"title": title, "description": description})


class ReportRef(DataModel):
    """The written report a status comes from."""

    model_config = _vi("Văn bản báo cáo", "Văn bản báo cáo mà tình trạng lấy từ đó")

    number: Label | None = Field(None, title="Số, ký hiệu",
                                 description="Số, ký hiệu báo cáo: 321/BC-STP")
    date: Date | None = Field(None, title="Ngày", description="Ngày ký báo cáo (không sau as_of)")
    url: Url | None = Field(None, title="Đường dẫn",
                            description="Đường dẫn tới báo cáo: https://...")


class ProgressReport(DataModel):
    """One agency's status of one task, true on ``as_of``."""

    model_config = _vi("Báo cáo", "Tình trạng một nhiệm vụ do một cơ quan báo cáo, đúng vào "
                                  "ngày as_of")

    task: TaskNumber = Field(title="Nhiệm vụ", description="Số nhiệm vụ như kế hoạch in: 9, 7.1")
    agency: Id = Field(title="Cơ quan báo cáo", json_schema_extra=refers_to("agencies"),
                       description="Mã cơ quan báo cáo (registry/agencies.yaml)")
    status: ReportedStatus = Field(
        title="Tình trạng",
        description="chua-thuc-hien | dang-thuc-hien | hoan-thanh | khong-thuc-hien")
    as_of: Date = Field(title="Tính đến ngày",
                        description="Ngày tình trạng này đúng (không sau hôm nay)")
    report: ReportRef | None = Field(None, title="Văn bản báo cáo")
    note: Paragraph | None = Field(
        None, title="Ghi chú",
        description="Ghi chú ngắn, chữ thường (không Markdown: hiện nguyên văn)")


class Progress(DataModel):
    """One file under ``progress/``: the reports on one plan's tasks."""

    model_config = _vi("Báo cáo tiến độ (planpub)",
                       "Các báo cáo tiến độ về nhiệm vụ của một kế hoạch")

    plan: Id = Field(title="Kế hoạch", json_schema_extra=refers_to("plans"),
                     description="Mã kế hoạch, trùng tên tệp, ví dụ: "
                     "pho-minh-2024-boi-thuong-nha-nuoc")
    reports: list[ProgressReport] = Field(default_factory=list, max_length=REPORTS_MAX,
                                          title="Các báo cáo")
