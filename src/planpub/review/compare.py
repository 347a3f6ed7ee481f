"""Two snapshots compared: plans added, removed or changed, progress reports, and registry
entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planpub.gitrev import FileChange
from planpub.model import Plan
from planpub.review.content import check_content, granted
from planpub.review.formatting import formatting_only
from planpub.review.plans import PlanDiff, diff_plan, field_change
from planpub.review.progress import ProgressDiff, diff_progress, history_warnings
from planpub.review.sitecode import site_changes, site_warning
from planpub.review.snapshots import Snapshot, load_revision
from planpub.review.words import code, md

_REGISTRY_VI = {"agencies": "Cơ quan", "localities": "Địa bàn", "documents": "Văn bản"}
_ENTRY_FIELDS = {
    "name": "tên", "short_names": "tên gọi tắt", "locality": "địa bàn", "kind": "loại",
    "parent": "cấp trên", "members": "thành viên", "valid_from": "có từ ngày",
    "valid_until": "tồn tại đến ngày", "successor": "đơn vị kế thừa", "url": "đường dẫn",
    "type": "loại văn bản", "number": "số, ký hiệu", "title": "trích yếu",
    "issuer": "cơ quan ban hành", "issued": "ngày ban hành", "effective": "ngày hiệu lực",
    "status": "tình trạng", "amended_by": "sửa đổi bởi", "replaced_by": "thay thế bởi",
    "aliases": "cách viết khác", "plan": "kế hoạch", "note": "ghi chú",
    "code": "mã đơn vị hành chính", "successors": "các đơn vị kế thừa",
    "successor_note": "ghi chú về đơn vị kế thừa", "changed_by": "văn bản sắp xếp",
    "former_names": "tên cũ",
}


@dataclass
class Review:
    """The comparison of two snapshots."""

    base: Snapshot
    head: Snapshot
    pages: list[str] = field(default_factory=list)
    """Content pages (``content/``) the change adds or edits."""
    site: list[FileChange] = field(default_factory=list)
    """Files of the site's code and configuration (outside the data folders) it touches."""
    granted: list[str] = field(default_factory=list)
    """Content pages that opt in to active HTML (``allow_html: true``) only at HEAD."""
    progress: list[ProgressDiff] = field(default_factory=list)
    """Plans whose progress reports, or the statuses derived from them, differ."""
    formatting: list[str] = field(default_factory=list)
    """Data files whose text changed but whose meaning did not (:mod:`.formatting`)."""

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

    @property
    def removed(self) -> list[Plan]:
        """Plans gone from HEAD (a plan whose file HEAD cannot read is not "removed")."""
        broken = self.head.unreadable()
        path = {lp.plan.id: lp.doc.path for lp in self.base.catalog.loaded}
        return [p for pid, p in self.base.catalog.plans.items()
                if pid not in self.head.catalog.plans and path[pid] not in broken]

    @property
    def unreadable(self) -> list[str]:
        """Plan files HEAD has but cannot load (their errors are among the findings)."""
        return sorted(self.head.unreadable())

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
                diffs = [field_change(_ENTRY_FIELDS.get(name, name), getattr(old, name),
                                      getattr(entry, name)).line()
                         for name in type(entry).model_fields
                         if getattr(old, name) != getattr(entry, name)]
                lines.append(f"{label} sửa đổi: {title} ({code(ident)}): " + "; ".join(diffs))
            for ident, entry in before.items():
                if ident not in after:
                    title = md(str(getattr(entry, "name", None) or getattr(entry, "title", "")))
                    lines.append(f"{label} bị xóa: ~~{title}~~ ({code(ident)})")
        return lines


def review(root: Path, base: str, head: str = "HEAD") -> Review:
    """Compare the plans at ``base`` and ``head``; active HTML the change brings into a content
    page is an error of ``head`` (a warning on a page that opts in), and each file of the
    site's code or configuration it touches is a warning, as is each earlier progress report
    it removes or rewrites."""
    old, new = load_revision(root, base), load_revision(root, head)
    pages, diags = check_content(root, old.commit.sha, new.commit.sha)
    site = site_changes(root, old.commit.sha, new.commit.sha)
    result = Review(old, new, pages, site, granted(diags), diff_progress(old, new),
                    formatting_only(root, old, new))
    history = history_warnings(result.progress, new, result.name)
    new.diagnostics.extend([*diags, *map(site_warning, site), *history])
    return result
