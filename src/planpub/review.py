"""What a change between two git revisions does to the plans, in their terms.

``planpub review BASE [HEAD]`` loads plans and registries at both revisions
through the usual loader and validator (never a second parser), compares the
catalogs semantically and prints a Vietnamese Markdown report fit for a
pull-request comment: plans added or removed; tasks added, removed or
renumbered; agencies added to or removed from a role; timelines (old → new);
wording (a short word-level diff); metadata; registry entries; then the
validator's findings at HEAD. Exit 1 if HEAD has errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from planpub.catalog import Catalog
from planpub.diagnostics import Diagnostic, has_errors
from planpub.gitrev import Commit, GitError, commit, export_tree
from planpub.layout import PLANS_DIR, REGISTRY_DIR
from planpub.model import Plan, Roles, Task, iter_tasks
from planpub.timeline import KIND_LABELS, Timeline
from planpub.validate import check_repository
from planpub.vocab import ROLE_LABELS

Names = Callable[[str], str]

MAX_FINDINGS = 100
CONTEXT_WORDS = 5
MAX_HUNKS = 3
MAX_RUN_WORDS = 30
FUZZY_MATCH = 0.75
RENUMBERED = "Đánh số lại"
FUZZY_PAIRS = 10_000  # unmatched task pairs beyond which similar titles are not compared

# --------------------------------------------------------------------------- text helpers

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def md(text: str) -> str:
    """Plan text made inert in Markdown (no emphasis, links, HTML or tables)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """``text`` as an inline code span (ids, paths, revisions)."""
    return "`" + text.replace("`", "'") + "`"


def short(text: str, words: int = 14) -> str:
    """The first ``words`` words of ``text``, Markdown-safe."""
    parts = text.split()
    return md(" ".join(parts[:words])) + (" …" if len(parts) > words else "")


def quoted(value: object) -> str:
    """A value as the report shows it: “text”, a Vietnamese date, or “(trống)”."""
    if value is None or value == "" or value == []:
        return "(trống)"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return f"“{md(str(value))}”"


def _clip(words: Sequence[str]) -> str:
    if len(words) <= MAX_RUN_WORDS:
        return md(" ".join(words))
    head, tail = words[: MAX_RUN_WORDS - 8], words[-6:]
    return f"{md(' '.join(head))} … {md(' '.join(tail))}"


def word_diff(old: str, new: str) -> str:
    """A short word-level diff: ``… context ~~removed~~ **added** context …``."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(CONTEXT_WORDS))
    hunks = []
    for group in groups[:MAX_HUNKS]:
        parts = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(_clip(a[i1:i2]))
                continue
            if i2 > i1:
                parts.append(f"~~{_clip(a[i1:i2])}~~")
            if j2 > j1:
                parts.append(f"**{_clip(b[j1:j2])}**")
        text = " ".join(p for p in parts if p)
        if group[0][1] > 0 or group[0][3] > 0:
            text = "… " + text
        if group[-1][2] < len(a) or group[-1][4] < len(b):
            text += " …"
        hunks.append(text)
    if len(groups) > MAX_HUNKS:
        hunks.append(f"(và {len(groups) - MAX_HUNKS} chỗ sửa khác)")
    return " / ".join(hunks)


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


def _norm(title: str) -> str:
    return " ".join(title.split()).casefold()


# --------------------------------------------------------------------------- comparison


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


def _agencies(ids: Iterable[str], names: Names) -> str:
    return ", ".join(f"{md(names(a))} ({code(a)})" if names(a) != a
                     else f"{code(a)} (không có trong danh mục)" for a in ids)


def _role_change(role: str, old: Sequence[str], new: Sequence[str], names: Names) -> Change | None:
    removed = [a for a in old if a not in new]
    added = [a for a in new if a not in old]
    if not removed and not added:
        return None
    parts = []
    if removed:
        parts.append(f"bỏ ~~{_agencies(removed, names)}~~")
    if added:
        parts.append(f"thêm **{_agencies(added, names)}**")
    return Change(ROLE_LABELS[role], "; ".join(parts))


def timeline_text(timeline: Timeline | None) -> str:
    """A timeline in plain words: its wording, and its due date if it has one."""
    if timeline is None:
        return "(không ghi)"
    due = f" (hạn {timeline.due:%d/%m/%Y})" if timeline.due else ""
    return f"“{' '.join(timeline.text.split())}”{due}"


def timeline_move(old: Timeline | None, new: Timeline | None) -> str:
    """``“old” (hạn ...) → “new” (hạn ...)`` in plain words."""
    return f"{timeline_text(old)} → {timeline_text(new)}"


def _timeline_key(timeline: Timeline | None) -> tuple[str, dt.date | None] | None:
    return (" ".join(timeline.text.split()), timeline.due) if timeline else None


def _all_tasks(plan: Plan) -> list[Task]:
    """Every task of the plan, sub-tasks included, in document order."""
    return [task for task, _ in iter_tasks(plan.tasks)]


def moved_deadlines(old: Plan, new: Plan) -> list[tuple[Task, Task]]:
    """Tasks present in both versions whose timeline wording or due date differs."""
    pairs = match_tasks(_all_tasks(old), _all_tasks(new))
    return [(a, b) for a, b in pairs
            if a is not None and b is not None
            and _timeline_key(a.timeline) != _timeline_key(b.timeline)]


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
        out.append(_field_change(_TASK_LABELS.get(name, name), getattr(old, name),
                                 getattr(new, name)))
    return out


def _field_change(label: str, old: Any, new: Any) -> Change:
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


def match_tasks(old: Sequence[Task], new: Sequence[Task]) -> list[tuple[Task | None, Task | None]]:
    """Pair tasks across revisions, in the new order, removed ones last.

    Same number and title first, then the same title (a renumbered task), then a
    similar title, then the same number (a retitled task); the rest are removed or added.
    """
    partner: dict[int, Task] = {}
    left = list(old)
    right = list(new)

    def take(key: Callable[[Task], object]) -> None:
        index: dict[object, list[Task]] = {}
        for b in right:
            index.setdefault(key(b), []).append(b)
        for a in list(left):
            candidates = index.get(key(a))
            if candidates:
                b = candidates.pop(0)
                partner[id(b)] = a
                left.remove(a)
                right.remove(b)

    take(lambda t: (t.number, _norm(t.title)))
    take(lambda t: _norm(t.title))
    if len(left) * len(right) <= FUZZY_PAIRS:
        for a in list(left):
            words = _norm(a.title).split()
            scored = [(difflib.SequenceMatcher(None, words, _norm(b.title).split()).ratio(), b)
                      for b in right]
            best = max(scored, key=lambda s: s[0], default=None)
            if best is not None and best[0] >= FUZZY_MATCH:
                partner[id(best[1])] = a
                left.remove(a)
                right.remove(best[1])
    take(lambda t: t.number)
    pairs: list[tuple[Task | None, Task | None]] = [(partner.get(id(b)), b) for b in new]
    pairs.extend((a, None) for a in left)
    return pairs


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
            result.changes.append(Change(label, f"{_agencies([before], names)} → "
                                                f"{_agencies([after], names)}"))
        elif name == "signature" and old_signer != new_signer:
            result.changes.append(Change("Người ký", f"{quoted(old_signer)} → "
                                                     f"{quoted(new_signer)}"))
            rest_old = old.signature.model_copy(update={"name": "-"}) if old.signature else None
            rest_new = new.signature.model_copy(update={"name": "-"}) if new.signature else None
            if rest_old != rest_new:
                result.changes.append(_field_change("Chức danh người ký", rest_old, rest_new))
        else:
            result.changes.append(_field_change(label, before, after))
    for a, b in match_tasks(_all_tasks(old), _all_tasks(new)):
        if a is None or b is None:
            result.tasks.append(TaskDiff(a, b))
            continue
        changes = diff_task(a, b, names)
        if changes:
            result.tasks.append(TaskDiff(a, b, changes))
    return result


# --------------------------------------------------------------------------- revisions


@dataclass
class Snapshot:
    """The plans and registries at one revision, loaded and checked."""

    label: str
    commit: Commit
    catalog: Catalog
    diagnostics: list[Diagnostic]
    plan_files: list[str]

    def entries(self, kind: str) -> dict[str, BaseModel]:
        """Registry entries of one kind (``agencies``, ``localities``, ``documents``) by id."""
        found: dict[str, BaseModel] = getattr(self.catalog.registry, kind)
        return found


def load_revision(root: Path, rev: str) -> Snapshot:
    """Load ``plans/`` and ``registry/`` as they are at ``rev`` (read from git, not the disk)."""
    info = commit(root, rev)
    with tempfile.TemporaryDirectory(prefix="planpub-review-") as tmp:
        base = Path(tmp)
        paths = export_tree(root, info.sha, [PLANS_DIR, REGISTRY_DIR], base)
        (base / PLANS_DIR).mkdir(exist_ok=True)
        (base / REGISTRY_DIR).mkdir(exist_ok=True)
        catalog, diags = check_repository(base)
    plans = [p for p in paths
             if p.startswith(PLANS_DIR + "/") and p.endswith((".yaml", ".yml"))]
    return Snapshot(rev, info, catalog, diags, plans)


_REGISTRY_VI = {"agencies": "Cơ quan", "localities": "Địa bàn", "documents": "Văn bản"}
_ENTRY_FIELDS = {
    "name": "tên", "short_names": "tên gọi tắt", "locality": "địa bàn", "kind": "loại",
    "parent": "cấp trên", "members": "thành viên", "valid_from": "có từ ngày",
    "valid_until": "tồn tại đến ngày", "successor": "đơn vị kế thừa", "url": "đường dẫn",
    "type": "loại văn bản", "number": "số, ký hiệu", "title": "trích yếu",
    "issuer": "cơ quan ban hành", "issued": "ngày ban hành", "effective": "ngày hiệu lực",
    "status": "tình trạng", "amended_by": "sửa đổi bởi", "replaced_by": "thay thế bởi",
    "aliases": "cách viết khác", "plan": "kế hoạch", "note": "ghi chú",
}


@dataclass
class Review:
    """The comparison of two snapshots."""

    base: Snapshot
    head: Snapshot

    def name(self, agency_id: str) -> str:
        for snap in (self.head, self.base):
            agency = snap.catalog.agencies.get(agency_id)
            if agency:
                return agency.name
        return agency_id

    @property
    def added(self) -> list[Plan]:
        return [p for pid, p in self.head.catalog.plans.items()
                if pid not in self.base.catalog.plans]

    def _unreadable(self, snap: Snapshot) -> set[str]:
        loaded = {lp.doc.path for lp in snap.catalog.loaded}
        return {p for p in snap.plan_files if p not in loaded}

    @property
    def removed(self) -> list[Plan]:
        """Plans gone from HEAD (a plan whose file HEAD cannot read is not "removed")."""
        broken = self._unreadable(self.head)
        path = {lp.plan.id: lp.doc.path for lp in self.base.catalog.loaded}
        return [p for pid, p in self.base.catalog.plans.items()
                if pid not in self.head.catalog.plans and path[pid] not in broken]

    @property
    def unreadable(self) -> list[str]:
        """Plan files HEAD has but cannot load (their errors are among the findings)."""
        return sorted(self._unreadable(self.head))

    @property
    def changed(self) -> list[PlanDiff]:
        out = []
        for pid, new in self.head.catalog.plans.items():
            old = self.base.catalog.plans.get(pid)
            if old is not None:
                result = diff_plan(old, new, self.name)
                if result:
                    out.append(result)
        return out

    def registry_changes(self) -> list[str]:
        """One line per registry entry added, removed or changed."""
        lines = []
        for kind, label in _REGISTRY_VI.items():
            before, after = self.base.entries(kind), self.head.entries(kind)
            for ident, entry in after.items():
                title = md(str(getattr(entry, "name", None) or getattr(entry, "title", "")))
                if ident not in before:
                    lines.append(f"{label} thêm mới: **{title}** ({code(ident)})")
                    continue
                old = before[ident]
                if old == entry:
                    continue
                diffs = [_field_change(_ENTRY_FIELDS.get(name, name), getattr(old, name),
                                       getattr(entry, name)).line()
                         for name in type(entry).model_fields
                         if getattr(old, name) != getattr(entry, name)]
                lines.append(f"{label} sửa đổi: {title} ({code(ident)}): " + "; ".join(diffs))
            for ident, entry in before.items():
                if ident not in after:
                    title = md(str(getattr(entry, "name", None) or getattr(entry, "title", "")))
                    lines.append(f"{label} bị xóa: ~~{title}~~ ({code(ident)})")
        return lines


def _plan_summary(plan: Plan, catalog: Catalog) -> str:
    count = len(catalog.tasks_by_plan.get(plan.id, []))
    number = f", số {md(plan.number)}" if plan.number else ""
    return f"**{md(plan.title)}** ({code(plan.id)}{number}), {count} nhiệm vụ"


def _task_line(task: Task, names: Names) -> str:
    parts = [f"nhiệm vụ **{md(task.number)}**: {md(task.title)}"]
    for role in Roles:
        ids = getattr(task, role)
        if ids:
            parts.append(f"{ROLE_LABELS[role].lower()}: {_agencies(ids, names)}")
    if task.timeline:
        parts.append(f"thời gian: {md(timeline_text(task.timeline))}")
    return " — ".join(parts)


def _finding_key(diag: Diagnostic) -> tuple[str, str, str, str | None]:
    """A finding without its line and field, which move when lines are inserted above it."""
    return (diag.path, diag.level, diag.message, diag.hint)


def render(review: Review) -> str:
    """The report, in Markdown."""
    base, head = review.base, review.head
    errors = [d for d in head.diagnostics if d.level == "error"]
    warnings = [d for d in head.diagnostics if d.level == "warning"]
    out = ["## Báo cáo thay đổi kế hoạch", ""]
    changed = review.changed
    out.append(f"So sánh {code(base.label)} ({base.commit.short}) → {code(head.label)} "
               f"({head.commit.short}): {len(review.added)} kế hoạch thêm mới, "
               f"{len(review.removed)} bị xóa, {len(changed)} được sửa đổi.")
    out.append("")
    if errors:
        out.append(f"**❌ Bản mới có {len(errors)} lỗi, {len(warnings)} cảnh báo: cần sửa trước "
                   "khi hợp nhất** (xem mục “Kết quả kiểm tra”).")
    else:
        out.append(f"**✅ Bản mới không có lỗi** ({len(warnings)} cảnh báo).")
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
    section("Danh mục", [f"- {line}" for line in review.registry_changes()])
    if not sections:
        out.extend(["", "Thay đổi này không làm thay đổi nội dung kế hoạch hay danh mục nào."])
    known = {_finding_key(d) for d in base.diagnostics}
    fresh = [d for d in warnings if _finding_key(d) not in known]
    findings = [*errors, *fresh]
    out.extend(["", "### Kết quả kiểm tra bản mới", ""])
    if not findings:
        out.append("Không có lỗi, không có cảnh báo mới.")
    for diag in findings[:MAX_FINDINGS]:
        mark = "❌" if diag.level == "error" else "⚠️"
        out.append(f"- {mark} {md(diag.format())}")
    if len(findings) > MAX_FINDINGS:
        out.append(f"- … và {len(findings) - MAX_FINDINGS} phát hiện khác: chạy "
                   "`planpub validate` để xem đủ.")
    if len(warnings) > len(fresh):
        out.append(f"\n{len(warnings) - len(fresh)} cảnh báo khác đã có từ trước thay đổi này "
                   "(chạy `planpub validate` để xem).")
    return "\n".join(out) + "\n"


def review(root: Path, base: str, head: str = "HEAD") -> Review:
    """Compare the plans at ``base`` and ``head``."""
    return Review(load_revision(root, base), load_revision(root, head))


def cmd_review(args: argparse.Namespace) -> int:
    """``planpub review BASE [HEAD]``: print the report; exit 1 if HEAD has errors."""
    try:
        result = review(args.root, args.base, args.head)
    except GitError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 2
    text = render(result)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Đã ghi báo cáo vào {args.output}.")
    else:
        sys.stdout.write(text)
    return 1 if has_errors(result.head.diagnostics) else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``review`` sub-command."""
    p = sub.add_parser("review", help="báo cáo thay đổi kế hoạch giữa hai phiên bản git")
    p.add_argument("base", metavar="GỐC", help="phiên bản gốc (nhánh, thẻ hoặc mã commit)")
    p.add_argument("head", metavar="MỚI", nargs="?", default="HEAD",
                   help="phiên bản mới (mặc định: HEAD)")
    p.add_argument("-o", "--output", help="ghi báo cáo vào tệp (Markdown) thay vì in ra")
    p.set_defaults(func=cmd_review)
