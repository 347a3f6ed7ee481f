"""The Vietnamese report printed at the end of an import: what needs the officer's eye."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from planpub.diagnostics import Diagnostic
from planpub.importer.agencies import Proposal
from planpub.importer.confidence import Assessment, ranked
from planpub.importer.draft import Draft


def _numbers(items: Sequence[str]) -> str:
    return ", ".join(items)


def render(draft: Draft, source: str, target: str | None, proposals_file: str | None,
           diagnostics: Sequence[Diagnostic], existing: str | None = None) -> str:
    """The report as text."""
    findings = draft.findings
    proposals = {p.id: p for p in draft.proposals}
    matched = _matched_count(draft)
    lines = [
        f"Đã nhập {source}" + (f" → {target}" if target else "") + ".",
        f"Kế hoạch “{draft.plan['title']}”: {draft.task_count} nhiệm vụ; "
        f"{matched} cơ quan khớp danh mục, {len(proposals)} cơ quan đề xuất mới.",
        *_id_line(draft, target),
        "",
        "CẦN KIỂM TRA:",
    ]
    count = len(lines)

    def section(title: str, items: Sequence[str]) -> None:
        if items:
            lines.append(f"* {title}")
            lines.extend(f"    - {item}" for item in items)

    section("Phần đầu văn bản:", findings.header)
    if existing:
        section("Kế hoạch đã có:", [
            f"{existing} có cùng mã “{draft.plan['id']}”: có thể văn bản này đã được nhập; "
            "nếu là kế hoạch khác, hãy đổi id và tên tệp."])
    section(
        "Cơ quan chưa có trong danh mục — đã đề xuất mục mới"
        + (f" trong {proposals_file}" if proposals_file else "") + ":",
        [_proposal_line(proposals[i], where) for i, where in findings.unmatched.items()
         if i in proposals])
    section("Thời gian thực hiện chưa chuẩn hóa được (giữ nguyên văn ở trường note):",
            [f"nhiệm vụ {n}: “{text}” — {why}" for n, text, why in findings.timelines])
    if findings.no_lead:
        section("Nhiệm vụ không thấy cơ quan chủ trì/thực hiện:", [_numbers(findings.no_lead)])
    if findings.no_timeline:
        section("Nhiệm vụ không thấy thời gian thực hiện:", [_numbers(findings.no_timeline)])
    section("Ghi chú trong ngoặc đã tách khỏi tên cơ quan (vẫn giữ nguyên văn ở trường lines):",
            [f"nhiệm vụ {n}: {name} ({remark})" for n, name, remark in findings.remarks])
    section("Căn cứ chưa khớp văn bản nào trong registry/legal.yaml (ref để trống):",
            [f"“{_clip(text)}”" for text, ref, _ in findings.bases if ref is None])
    section("Kế hoạch cấp trên được nêu trong phần căn cứ:",
            [f"“{_clip(text)}” → " + (ref or "chưa có trong danh mục")
             for text, ref, is_plan in findings.bases if is_plan])
    section("Cấu trúc văn bản:", findings.structure)
    if len(lines) == count:
        lines.append("    Không có điểm nào cần lưu ý thêm.")
    lines.append("")
    if findings.confidence:
        lines.append("ĐỘ TIN CẬY TỪNG NHIỆM VỤ (nhiệm vụ dễ sai nhất đứng trước; "
                     "cao ≥ 0,80, vừa ≥ 0,55, thấp dưới 0,55):")
        lines.extend(_confidence_line(a) for a in ranked(findings.confidence))
        lines.append("")
    errors = [d for d in diagnostics if d.level == "error"]
    if not diagnostics:
        note = " (khi đã thêm các cơ quan đề xuất)" if proposals else ""
        lines.append(f"KIỂM TRA BẢN NHÁP (như planpub validate): hợp lệ{note}.")
    else:
        lines.append(f"KIỂM TRA BẢN NHÁP (như planpub validate): {len(errors)} lỗi, "
                     f"{len(diagnostics) - len(errors)} cảnh báo:")
        lines.extend(f"    {d.format()}" for d in diagnostics)
    lines += ["", "CÁC BƯỚC TIẾP THEO:"]
    steps = [f"Mở {target or 'bản nháp'} và đối chiếu từng nhiệm vụ với văn bản gốc."]
    if proposals:
        steps.append(f"Xem {proposals_file or 'các cơ quan đề xuất'}: sửa tên, loại, địa bàn, "
                     "gộp với mục đã có nếu trùng; chép vào registry/agencies.yaml rồi xóa tệp "
                     "đề xuất.")
    steps.append(f"Chuyển bản nháp thành plans/{draft.plan['id']}.yaml và chạy: "
                 f"planpub validate plans/{draft.plan['id']}.yaml")
    steps.append("Xem trước trang web: nox -s serve (mở http://127.0.0.1:8000).")
    lines.extend(f"  {i}. {step}" for i, step in enumerate(steps, 1))
    return "\n".join(lines) + "\n"


def _confidence_line(item: Assessment) -> str:
    score = f"{item.score:.2f}".replace(".", ",")
    why = "; ".join(item.reasons) or "đọc đúng như văn bản in"
    return f"    - {item.number}: {item.level} ({score}) — {why}"


def _id_line(draft: Draft, target: str | None) -> list[str]:
    """Say that the plan is named after its file when the document suggested another id."""
    if draft.suggested_id is None or target is None:
        return []
    other = PurePath(target).with_name(f"{draft.suggested_id}.yaml").as_posix()
    return [f"Mã kế hoạch (id) là “{draft.plan['id']}”, theo tên tệp (mã phải trùng tên tệp); "
            f"văn bản gợi ý mã “{draft.suggested_id}”. Muốn dùng mã đó: chạy lại với "
            f"-o {other}."]


def _proposal_line(proposal: Proposal, where: Sequence[str]) -> str:
    printed = " / ".join(f"“{n}”" for n in proposal.short_names) or f"“{proposal.name}”"
    tasks = [w for w in where if w != "cơ quan ban hành"]
    place = []
    if "cơ quan ban hành" in where:
        place.append("cơ quan ban hành")
    if tasks:
        place.append("nhiệm vụ " + _numbers(tasks))
    return f"{printed} → {proposal.id} ({'; '.join(place)})"


def _matched_count(draft: Draft) -> int:
    proposed = {p.id for p in draft.proposals}
    seen: set[str] = set()

    def walk(tasks: Sequence[dict[str, object]]) -> None:
        for task in tasks:
            for role in ("lead", "advise", "coordinate", "consolidate"):
                value = task.get(role)
                if isinstance(value, list):
                    seen.update(str(v) for v in value)
            sub = task.get("subtasks")
            if isinstance(sub, list):
                walk(sub)

    walk(draft.plan["tasks"])
    seen.add(str(draft.plan["issuer"]))
    return len(seen - proposed)


def _clip(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
