"""How sure the importer is of each task it drafted, and why.

Every task the draft lists gets a score between 0 and 1 built from the rules that
found its lead agencies and its timeline: a table column or a labelled line
("Cơ quan chủ trì: …") is read as printed; an agency heading ("1. Sở Tư pháp:")
or the subject of a sentence is a reading of prose; an inherited value, a missing
one, a wording the timeline grammar cannot read, an unusually long title or
agency name each lower it. The report lists the least certain tasks first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from planpub.importer.names import cut_at_boundary
from planpub.importer.sentence_time import IN_SENTENCE
from planpub.importer.tasks import TaskDraft
from planpub.slug import fold

HIGH, MEDIUM = 0.8, 0.55
LEVELS = (("cao", HIGH), ("vừa", MEDIUM), ("thấp", 0.0))

_LONG_TITLE = 400
_LONG_NAME = 12  # words


@dataclass
class Assessment:
    """One task's confidence: the score, and the reasons that made it."""

    number: str
    score: float = 1.0
    reasons: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        return next(name for name, floor in LEVELS if self.score >= floor)

    def lower(self, factor: float, reason: str) -> None:
        self.score *= factor
        self.reasons.append(reason)


def _lead_source(chain: Sequence[TaskDraft]) -> tuple[TaskDraft | None, str, str]:
    """The task in ``chain`` (nearest first) whose lead applies, how it was found and the
    printed label (:meth:`TaskDraft.lead_found`)."""
    for task in reversed(chain):
        kind, label = task.lead_found()
        if kind:
            return task, kind, label
    return None, "", ""


def assess(number: str, chain: Sequence[TaskDraft], lead_names: Sequence[str],
           proposed: Sequence[bool], timeline: str | None, unread: bool,
           renumbered: bool) -> Assessment:
    """The confidence of the leaf task ``chain[-1]`` as drafted."""
    task = chain[-1]
    out = Assessment(number)
    source, kind, label = _lead_source(chain)
    if source is None:
        out.lower(0.4, "không thấy cơ quan chủ trì/thực hiện")
    else:
        if kind == "table":
            out.reasons.append(f"cơ quan lấy từ cột “{label}” của bảng")
        elif kind == "label":
            out.reasons.append(f"cơ quan lấy từ dòng “{label}: …”")
        elif kind == "heading":
            out.lower(0.9, f"cơ quan lấy từ tên cơ quan đứng đầu nhóm {source.number}")
        else:
            out.lower(0.75, "cơ quan lấy từ chủ ngữ của câu (văn xuôi)")
        if source is not task and kind != "heading":
            out.lower(0.9, f"cơ quan theo nhiệm vụ cha {source.number}")
    for name, new in zip(lead_names, proposed, strict=False):
        doubt = _doubtful_name(name) if new else None
        if doubt:
            out.lower(*doubt)
    timeline_line = next((x for t in reversed(chain) for x in t.lines
                          if x.role == "timeline" and x.value), None)
    if unread:
        out.lower(0.7, "thời gian chưa chuẩn hóa được")
    elif timeline is None or timeline_line is None:
        out.lower(0.85, "không thấy thời gian thực hiện")
    elif timeline_line.label == IN_SENTENCE:
        out.lower(0.85, "thời gian lấy từ trong câu")
    if len(task.title) > _LONG_TITLE and ";" in task.title:
        out.lower(0.85, "tiêu đề dài, nhiều vế: có thể gộp nhiều nhiệm vụ")
    if renumbered:
        out.lower(0.8, "số thứ tự bị trùng nên đã đánh số lại")
    if not task.numbered:
        out.lower(0.9, "không có số thứ tự in sẵn (đánh số theo vị trí)")
    return out


def _doubtful_name(name: str) -> tuple[float, str] | None:
    """(factor, reason) when a proposed agency name looks like a misread."""
    words = name.split(":")[0].split()  # "Ủy ban nhân dân các xã: Gia Thuận, …" lists places
    if len(words) > _LONG_NAME:
        return 0.6, f"tên cơ quan “{name}” dài bất thường: có thể lẫn cả phần câu"
    if cut_at_boundary(name) != name:
        return 0.6, f"tên “{name}” có thể lẫn động từ của câu ở cuối"
    if len(words) == 1 and not name.isupper():
        return 0.8, f"“{name}” quá ngắn, chưa chắc là tên cơ quan"
    if name[:1].islower() and not fold(name).startswith("cac"):
        return 0.8, f"“{name}” chưa chắc là tên cơ quan"
    return None


def ranked(items: Sequence[Assessment]) -> list[Assessment]:
    """Least certain first; the document's order among equals."""
    order = {id(a): i for i, a in enumerate(items)}
    return sorted(items, key=lambda a: (round(a.score, 3), order[id(a)]))
