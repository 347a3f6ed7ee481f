"""The review as a Vietnamese Markdown report, fit for a pull-request comment."""

from __future__ import annotations

from planpub.catalog import Catalog
from planpub.diagnostics import Diagnostic
from planpub.model import Plan, Roles, Task
from planpub.plandiff import timeline_text
from planpub.review.compare import Review
from planpub.review.findings import split
from planpub.review.plans import RENUMBERED, Names, agencies
from planpub.review.progress import lines as progress_lines
from planpub.review.sitecode import changed_path, describe
from planpub.review.words import code, md, short
from planpub.vocab import ROLE_LABELS

MAX_FINDINGS = 100


def _plan_summary(plan: Plan, catalog: Catalog) -> str:
    count = len(catalog.tasks_by_plan.get(plan.id, []))
    number = f", số {md(plan.number)}" if plan.number else ""
    return f"**{md(plan.title)}** ({code(plan.id)}{number}), {count} nhiệm vụ"


def _task_line(task: Task, names: Names) -> str:
    parts = [f"nhiệm vụ **{md(task.number)}**: {md(task.title)}"]
    for role in Roles:
        ids = getattr(task, role)
        if ids:
            parts.append(f"{ROLE_LABELS[role].lower()}: {agencies(ids, names)}")
    if task.timeline:
        parts.append(f"thời gian: {md(timeline_text(task.timeline))}")
    return " — ".join(parts)


def ordered(findings: list[Diagnostic]) -> list[Diagnostic]:
    """Errors before warnings, and within each those about a whole file first (a link, a
    submodule, a file that did not load: often the cause of the rest); otherwise as given."""
    return sorted(findings, key=lambda d: (d.level != "error", d.line is not None))


def render(review: Review) -> str:
    """The report, in Markdown."""
    base, head = review.base, review.head
    errors = [d for d in head.diagnostics if d.level == "error"]
    warnings = [d for d in head.diagnostics if d.level == "warning"]
    out = ["## Báo cáo thay đổi kế hoạch", ""]
    changed = review.changed
    out.append(f"So sánh {code(base.label)} ({base.commit.short}) → {code(head.label)} "
               f"({head.commit.short}): {len(review.added)} kế hoạch thêm mới, "
               f"{len(review.removed)} bị xóa, {len(changed)} được sửa đổi"
               + (f"; tiến độ thay đổi ở {len(review.progress)} kế hoạch." if review.progress
                  else "."))
    out.append("")
    if errors:
        out.append(f"**❌ Bản mới có {len(errors)} lỗi, {len(warnings)} cảnh báo: cần sửa trước "
                   "khi hợp nhất** (xem mục “Kết quả kiểm tra”).")
    else:
        out.append(f"**✅ Bản mới không có lỗi** ({len(warnings)} cảnh báo).")
    if review.site:
        out.append(f"\n**⚠️ Thay đổi cả mã hoặc cấu hình của trang ({len(review.site)} tệp): "
                   "cần người có quyền kỹ thuật duyệt.**")
    if review.granted:
        out.append(f"\n**⚠️ Trang tự cho phép HTML chạy mã: "
                   f"{', '.join(code(p) for p in review.granted)}; cần quản trị viên duyệt.**")
    rewritten = sum(d.history for d in review.progress)
    if rewritten:
        out.append(f"\n**⚠️ Sửa hoặc xóa {rewritten} báo cáo tiến độ đã có: lịch sử báo cáo chỉ "
                   "nên được thêm vào; người duyệt kiểm tra lý do.**")
    sections = 0

    def section(title: str, lines: list[str]) -> None:
        nonlocal sections
        if lines:
            sections += 1
            out.extend(["", f"### {title}", "", *lines])

    section("Kế hoạch thêm mới",
            [f"- {_plan_summary(p, head.catalog)}" for p in review.added])
    section("Kế hoạch bị xóa",
            [f"- {_plan_summary(p, base.catalog)}" for p in review.removed])
    section("Tệp kế hoạch không đọc được ở bản mới",
            [f"- {code(p)}: xem lỗi ở mục “Kết quả kiểm tra”." for p in review.unreadable])
    for result in changed:
        lines = [f"- {c.line()}" for c in result.changes]
        renumbered = []
        for task in result.tasks:
            if len(task.changes) == 1 and task.changes[0].label == RENUMBERED:
                renumbered.append(task.changes[0].text)
            elif task.old is None:
                assert task.new is not None
                lines.append(f"- Thêm {_task_line(task.new, review.name)}")
            elif task.new is None:
                lines.append(f"- Bỏ ~~{_task_line(task.old, review.name)}~~")
            else:
                lines.append(f"- Nhiệm vụ **{md(task.new.number)}** ({short(task.new.title)}):")
                lines.extend(f"  - {c.line()}" for c in task.changes)
        if renumbered:
            lines.append(f"- {RENUMBERED} nhiệm vụ: {', '.join(renumbered)}")
        section(f"Sửa đổi: {md(result.new.title)} ({code(result.new.id)})", lines)
    for diff in review.progress:
        section(f"Tiến độ: {md(diff.title)} ({code(diff.plan_id)})",
                progress_lines(diff, review.name))
    section("Danh mục", [f"- {line}" for line in review.registry_changes()])
    if not sections:
        out.extend(["", "Thay đổi này không làm thay đổi nội dung kế hoạch, báo cáo tiến độ hay "
                    "danh mục nào."])
    section("Tệp chỉ đổi cách trình bày",
            [f"- {code(p)}: chỉ đổi cách trình bày (không đổi nội dung)."
             for p in review.formatting])
    section("Thay đổi mã và cấu hình của trang",
            [f"- {code(changed_path(c))}: {md(describe(c))}" for c in review.site])
    section("Trang nội dung thêm mới hoặc sửa đổi",
            [f"- {code(p)}" + (" (⚠️ tự cho phép HTML chạy mã)" if p in review.granted else "")
             for p in review.pages])
    new, old = split(base.diagnostics, head.diagnostics)
    old_errors = [d for d in old if d.level == "error"]
    earlier = {id(d) for d in old_errors}
    findings = ordered([*(d for d in new if d.level == "error"), *old_errors,
                        *(d for d in new if d.level == "warning")])
    out.extend(["", "### Kết quả kiểm tra bản mới", ""])
    if not findings:
        out.append("Không có lỗi, không có cảnh báo mới.")
    for diag in findings[:MAX_FINDINGS]:
        mark = "❌" if diag.level == "error" else "⚠️"
        before = " (lỗi này đã có từ trước thay đổi này)" if id(diag) in earlier else ""
        out.append(f"- {mark} {md(diag.format())}{before}")
    if len(findings) > MAX_FINDINGS:
        left = findings[MAX_FINDINGS:]
        hidden = sum(d.level == "error" for d in left)
        out.append(f"- … và {len(left)} phát hiện khác không hiện ở đây ({hidden} lỗi, "
                   f"{len(left) - hidden} cảnh báo): chạy `planpub validate` để xem đủ.")
    known = sum(d.level == "warning" for d in old)
    if known:
        out.append(f"\n{known} cảnh báo khác đã có từ trước thay đổi này "
                   "(chạy `planpub validate` để xem).")
    return "\n".join(out) + "\n"
