"""What changed inside a plan present at both revisions, as lines of the Markdown report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from planpub.model import Plan, Roles, Task
from planpub.plandiff import match_plan_tasks, timeline_move
from planpub.review.words import code, md, quoted, word_diff
from planpub.timeline import KIND_LABELS, Timeline
from planpub.vocab import ROLE_LABELS

Names = Callable[[str], str]
"""An agency's name from its id (the id itself when unknown)."""

RENUMBERED = "Đánh số lại"


@dataclass
class Change:
    """One change: a label (what) and Markdown text (old → new, or a word diff)."""

    label: str
    text: str

    def line(self) -> str:
        return f"{self.label}: {self.text}"


@dataclass
class TaskDiff:
    """A task added, removed, or changed (``old``/``new`` is None when absent)."""

    old: Task | None
    new: Task | None
    changes: list[Change] = field(default_factory=list)


@dataclass
class PlanDiff:
    """What changed inside one plan present at both revisions."""

    old: Plan
    new: Plan
    changes: list[Change] = field(default_factory=list)
    tasks: list[TaskDiff] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.tasks)


def _text(value: Any) -> str:
    """Flatten a field value (str, list, model) into words for a wording diff."""
    if value is None:
        return ""
    if isinstance(value, BaseModel):
        return _text(list(value.model_dump(exclude_defaults=True).values()))
    if isinstance(value, dict):
        return _text(list(value.values()))
    if isinstance(value, list | tuple):
        return "\n".join(_text(v) for v in value)
    return str(value)


def agencies(ids: Iterable[str], names: Names) -> str:
    """Agencies by name and id; an id missing from the registry is flagged."""
    return ", ".join(f"{md(names(a))} ({code(a)})" if names(a) != a
                     else f"{code(a)} (không có trong danh mục)" for a in ids)


def field_change(label: str, old: Any, new: Any) -> Change:
    """Scalars as old → new; prose and lists as a word diff."""
    if isinstance(old, str | None) and isinstance(new, str | None) and (
        len((old or "").split()) <= 12 and len((new or "").split()) <= 12
    ):
        return Change(label, f"{quoted(old)} → {quoted(new)}")
    scalar = dt.date | int | bool | None
    if isinstance(old, scalar) and isinstance(new, scalar):
        return Change(label, f"{quoted(old)} → {quoted(new)}")
    before, after = _text(old), _text(new)
    if before.split() == after.split():
        return Change(label, "đổi định dạng hoặc thứ tự, lời văn giữ nguyên")
    return Change(label, word_diff(before, after))


def _role_change(role: str, old: Sequence[str], new: Sequence[str], names: Names) -> Change | None:
    removed = [a for a in old if a not in new]
    added = [a for a in new if a not in old]
    if not removed and not added:
        return None
    parts = []
    if removed:
        parts.append(f"bỏ ~~{agencies(removed, names)}~~")
    if added:
        parts.append(f"thêm **{agencies(added, names)}**")
    return Change(ROLE_LABELS[role], "; ".join(parts))


def _timeline_change(old: Timeline | None, new: Timeline | None) -> Change | None:
    if old == new:
        return None
    text = md(timeline_move(old, new))
    old_kind, new_kind = (old.kind if old else None), (new.kind if new else None)
    if old_kind != new_kind and old_kind and new_kind:
        text += f"; loại {KIND_LABELS[old_kind]} → {KIND_LABELS[new_kind]}"
    return Change("Thời gian thực hiện", text)


_TASK_LABELS = {"title": "Tên nhiệm vụ", "body": "Nội dung", "lines": "Dòng cơ quan (nguyên văn)",
                "timeline_label": "Nhãn thời gian", "note": "Ghi chú",
                "numbered": "In số thứ tự"}


def diff_task(old: Task, new: Task, names: Names) -> list[Change]:
    """Changes inside one task (its own fields, not its sub-tasks)."""
    out: list[Change] = []
    if old.number != new.number:
        out.append(Change(RENUMBERED, f"{md(old.number)} → {md(new.number)}"))
    for role in Roles:
        change = _role_change(role, getattr(old, role), getattr(new, role), names)
        if change:
            out.append(change)
    timeline = _timeline_change(old.timeline, new.timeline)
    if timeline:
        out.append(timeline)
    handled = {"number", "subtasks", "timeline", *Roles}
    for name in type(new).model_fields:
        if name in handled or getattr(old, name) == getattr(new, name):
            continue
        out.append(field_change(_TASK_LABELS.get(name, name), getattr(old, name),
                                getattr(new, name)))
    return out


_PLAN_LABELS = {
    "title": "Trích yếu", "number": "Số, ký hiệu", "issued": "Ngày ban hành",
    "issuer": "Cơ quan ban hành", "year": "Năm", "type": "Loại văn bản", "place": "Địa danh",
    "locality": "Địa bàn", "source": "Nguồn", "bases": "Căn cứ", "bases_intro": "Từ dẫn căn cứ",
    "intro": "Câu dẫn", "purposes": "Mục đích", "requirements": "Yêu cầu",
    "organisation": "Tổ chức thực hiện", "funding": "Kinh phí", "closing": "Đoạn kết",
    "recipients": "Nơi nhận", "signature": "Chữ ký", "headings": "Tiêu đề các mục",
}


def diff_plan(old: Plan, new: Plan, names: Names) -> PlanDiff:
    """Everything that changed inside one plan."""
    result = PlanDiff(old, new)
    old_signer = old.signature.name if old.signature else None
    new_signer = new.signature.name if new.signature else None
    for name in type(new).model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if name in ("id", "tasks") or before == after:
            continue
        label = _PLAN_LABELS.get(name, name)
        if name == "issuer":
            result.changes.append(Change(label, f"{agencies([before], names)} → "
                                                f"{agencies([after], names)}"))
        elif name == "signature" and old_signer != new_signer:
            result.changes.append(Change("Người ký", f"{quoted(old_signer)} → "
                                                     f"{quoted(new_signer)}"))
            rest_old = old.signature.model_copy(update={"name": "-"}) if old.signature else None
            rest_new = new.signature.model_copy(update={"name": "-"}) if new.signature else None
            if rest_old != rest_new:
                result.changes.append(field_change("Chức danh người ký", rest_old, rest_new))
        else:
            result.changes.append(field_change(label, before, after))
    for a, b in match_plan_tasks(old, new):
        if a is None or b is None:
            result.tasks.append(TaskDiff(a, b))
            continue
        changes = diff_task(a, b, names)
        if changes:
            result.tasks.append(TaskDiff(a, b, changes))
    return result
