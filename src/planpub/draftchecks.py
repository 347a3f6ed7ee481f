"""Warnings for what ``planpub import`` could not read and nobody has filled in since.

The importer writes a placeholder (:mod:`planpub.placeholders`) where the document
did not show a title, an issuer or a task; each one still in a plan is a warning, so
that "valid" never means "nobody checked it".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from planpub.diagnostics import Diagnostic
from planpub.load import LoadedPlan
from planpub.model import Task
from planpub.modelerrors import field_path
from planpub.placeholders import UNREAD_TASK, is_issuer_name, is_plan_title, is_task_title
from planpub.registrymodel import Agency
from planpub.slug import nfc

_HINT = "đối chiếu văn bản gốc và {what}; nếu văn bản gốc không in thì {otherwise}."


def check_placeholders(agencies: Mapping[str, Agency], loaded: LoadedPlan) -> list[Diagnostic]:
    """One warning for each importer placeholder left in the plan."""
    out = []
    plan, doc = loaded.plan, loaded.doc
    if is_plan_title(plan.title):
        out.append(Diagnostic(
            doc.path, doc.line_of(("title",)), "warning", "title",
            f"tiêu đề “{plan.title}” là chỗ trống do planpub import để lại: công cụ không "
            "nhận ra trích yếu của kế hoạch.",
            _HINT.format(what="chép trích yếu (dòng dưới chữ KẾ HOẠCH) vào title",
                         otherwise="ghi một tiêu đề ngắn nói kế hoạch về việc gì")))
    issuer = agencies.get(plan.issuer)
    if issuer is not None and is_issuer_name(issuer.name):
        out.append(Diagnostic(
            doc.path, doc.line_of(("issuer",)), "warning", "issuer",
            f"cơ quan ban hành “{issuer.name}” ({issuer.id}) là mục tạm do planpub import "
            "đề xuất: công cụ không nhận ra cơ quan ban hành.",
            _HINT.format(what="ghi vào issuer mã cơ quan ban hành trong "
                         "registry/agencies.yaml",
                         otherwise="ghi cơ quan ký văn bản") + " Xóa mục tạm khỏi danh mục."))
    for task, loc in task_locs(plan.tasks, ("tasks",)):
        if is_task_title(task.title):
            where = (*loc, "title")
            unread = nfc(task.title).strip() == UNREAD_TASK
            out.append(Diagnostic(
                doc.path, doc.line_of(where), "warning", field_path(where),
                f"nhiệm vụ {task.number}: tiêu đề “{task.title}” là chỗ trống do planpub "
                "import để lại: " + ("công cụ không nhận ra nhiệm vụ nào trong văn bản."
                                     if unread else "văn bản không in tiêu đề nhiệm vụ."),
                "nhập các nhiệm vụ của văn bản gốc vào tasks, thay cho nhiệm vụ tạm này."
                if unread else "ghi vào title một tiêu đề ngắn theo nội dung nhiệm vụ "
                "trong văn bản gốc."))
    return out


def task_locs(tasks: Sequence[Task], base: tuple[str | int, ...]
              ) -> Iterator[tuple[Task, tuple[str | int, ...]]]:
    """Each task and sub-task with its location (``("tasks", 0, "subtasks", 1)``)."""
    for i, task in enumerate(tasks):
        loc = (*base, i)
        yield task, loc
        yield from task_locs(task.subtasks, (*loc, "subtasks"))
