"""Build a draft plan (a dict in the plan file's shape) from a recognised document.

Everything the importer could not settle is written down in :class:`Findings`
for the report; nothing is guessed silently. Agencies become registry ids: a
match, or a proposed entry the officer reviews.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planpub.importer.agencies import Matcher, Proposal, locality_from_name
from planpub.importer.blocks import Para, Table, squash
from planpub.importer.names import prose_actors, split_names
from planpub.importer.structure import Outline, Section
from planpub.importer.tasks import (
    Node,
    TaskDraft,
    build_tree,
    item_markdown,
    tasks_from_paras,
    tasks_from_table,
)
from planpub.load import Registry
from planpub.model import Plan
from planpub.slug import fold, slugify
from planpub.timeline import TimelineError, parse_timeline

AGENCY_ROLES = ("lead", "advise", "coordinate", "consolidate")
DEFAULT_TIMELINE_LABEL = "Thời gian thực hiện"


@dataclass
class Findings:
    """What needs the officer's eye, gathered while drafting."""

    header: list[str] = field(default_factory=list)
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # proposal id → task numbers
    timelines: list[tuple[str, str, str]] = field(default_factory=list)  # number, text, why
    no_lead: list[str] = field(default_factory=list)
    no_timeline: list[str] = field(default_factory=list)
    remarks: list[tuple[str, str, str]] = field(default_factory=list)  # number, name, remark
    bases: list[tuple[str, str | None, bool]] = field(default_factory=list)  # text, ref, plan?
    structure: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """A draft plan, the registry entries it proposes, and what to check."""

    plan: dict[str, Any]
    proposals: list[Proposal]
    findings: Findings
    task_count: int = 0


class _Builder:
    def __init__(self, outline: Outline, registry: Registry, abbreviations: dict[str, str],
                 known_plans: Sequence[Plan]) -> None:
        self.outline = outline
        self.registry = registry
        self.known_plans = known_plans
        self.findings = Findings()
        self.year = self._year()
        when = outline.issued or dt.date(self.year, 1, 1)
        issuer = outline.issuer or ""
        loc_id, printed = locality_from_name(issuer, registry, when)
        probe = Matcher(registry, abbreviations, loc_id, when, place=printed)
        found = probe.find(issuer) if issuer else None
        if found and registry.agencies[found].locality:
            loc_id = registry.agencies[found].locality
        self.locality = loc_id
        self.place = printed
        self.matcher = Matcher(registry, abbreviations, loc_id, when, place=printed)
        self.numbers: set[str] = set()
        self.task_count = 0
        self.current = ""

    # ------------------------------------------------------------------ header

    def _year(self) -> int:
        out = self.outline
        if out.issued and 1990 <= out.issued.year <= 2100:
            return out.issued.year
        for text in (out.title or "", out.number or "", out.intro or ""):
            for match in re.finditer(r"\b(?:năm|NĂM)\s+(\d{4})\b|/(\d{4})/", text):
                year = int(match.group(1) or match.group(2))
                if 1990 <= year <= 2100:
                    return year
        self.findings.header.append(
            "Không thấy năm của kế hoạch: đã tạm ghi năm nay; hãy sửa trường year.")
        return dt.date.today().year

    def header(self) -> dict[str, Any]:
        out = self.outline
        notes = self.findings.header
        issuer_text = out.issuer
        if not issuer_text:
            notes.append("Không nhận ra cơ quan ban hành: đã đề xuất một mục tạm, hãy sửa "
                         "trường issuer.")
            issuer_text = "Cơ quan ban hành (chưa xác định)"
        elif out.issuer_source != "header":
            where = {"preamble": "câu dẫn", "signature": "phần chữ ký"}.get(out.issuer_source, "")
            notes.append(f"Văn bản không in phần tên cơ quan ban hành ở đầu; cơ quan ban hành "
                         f"“{issuer_text}” lấy từ {where}.")
        issuer = self.matcher.resolve(issuer_text)
        self._use(issuer, "cơ quan ban hành")
        if out.number is None:
            notes.append("Văn bản không in số, ký hiệu" + (" (để trống)" if out.number_blank
                                                            else "") + ": number để null.")
        if out.issued is None:
            notes.append("Văn bản không in ngày ban hành" + (" (để trống)" if out.date_blank
                                                              else "") + ": issued để null.")
        if out.doc_type != "KẾ HOẠCH":
            notes.append(f"Loại văn bản in là “{out.doc_type}”; bản nháp ghi type: ke-hoach.")
        if out.attached:
            notes.append(f"Kế hoạch ban hành kèm văn bản khác: “{out.attached}”; số và ngày lấy "
                         "từ phần đầu văn bản.")
        title = out.title
        if not title:
            notes.append("Không nhận ra trích yếu (tiêu đề) của kế hoạch: hãy điền trường title.")
            title = "Kế hoạch (chưa có trích yếu)"
        elif title.isupper():
            notes.append("Trích yếu in toàn chữ hoa; có thể viết lại chữ thường cho dễ đọc.")
        plan: dict[str, Any] = {
            "id": "", "type": "ke-hoach", "title": title, "issuer": issuer,
            "number": out.number, "issued": out.issued, "place": out.place, "year": self.year,
        }
        agency = self.registry.agencies.get(issuer)
        if self.locality and (agency is None or agency.locality != self.locality):
            plan["locality"] = self.locality
        return plan

    # ------------------------------------------------------------------ bases

    def bases(self) -> list[dict[str, Any]]:
        out = []
        for text, intro in self.outline.bases:
            ref, is_plan = self._reference(text)
            item: dict[str, Any] = {}
            if ref:
                item["ref"] = ref
            item["text"] = text
            if intro:
                item["intro"] = intro
            out.append(item)
            self.findings.bases.append((text, ref, is_plan))
        return out

    def _reference(self, text: str) -> tuple[str | None, bool]:
        named_plan = bool(re.match(r"(?i)kế hoạch\b", text)) or bool(
            re.search(r"ban hành Kế hoạch|ban hành kế hoạch", text))
        number = re.search(r"\b(\d{1,5}(?:/\d{4})?/[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*)", text)
        date = _first_date(text[number.end():] if number else text)
        if number:
            wanted = fold(number.group(1))
            for plan in self.known_plans:
                if plan.number and fold(plan.number) == wanted and (
                        date is None or plan.issued in (None, date)):
                    return plan.id, True
            docs = [d for d in self.registry.documents.values()
                    if d.number and fold(d.number) == wanted]
            exact = [d for d in docs if date and d.issued == date]
            chosen = exact or ([d for d in docs if d.issued is None or date is None]
                               if len(docs) == 1 else [])
            if chosen:
                doc = chosen[0]
                return doc.id, named_plan or doc.type == "ke-hoach" or bool(doc.plan)
            return None, named_plan
        plain = fold(re.sub(r"\([^)]*\)", " ", text))
        plain = " ".join(plain.split())
        best: tuple[int, int, str] | None = None
        for doc in self.registry.documents.values():
            for alias in (doc.title, *doc.aliases):
                key = " ".join(fold(alias).split())
                pos = plain.find(key)
                if key and pos >= 0 and (best is None or (pos, -len(key)) < best[:2]):
                    best = (pos, -len(key), doc.id)
        if best and best[0] < 40:
            doc = self.registry.documents[best[2]]
            return doc.id, named_plan or doc.type == "ke-hoach"
        return None, named_plan

    # ------------------------------------------------------------------ tasks

    def tasks(self) -> list[dict[str, Any]]:
        sections = [s for s in self.outline.sections if s.kind in ("tasks", "other")]
        body: list[TaskDraft] = []
        tables: list[Table] = list(self.outline.tables)
        prefix = len([s for s in sections if s.kind == "tasks"]) > 1
        titles: list[str] = []
        for section in sections:
            paras = [x for x in section.items if isinstance(x, Para)]
            tables.extend(x for x in section.items if isinstance(x, Table))
            found, _ = tasks_from_paras(paras)
            if section.kind == "other" and not any(t.carries for t in found):
                if found or paras:
                    self.findings.structure.append(
                        f"Mục {section.roman} “{section.heading}” không nhận ra là phần nào của "
                        "kế hoạch nên chưa đưa vào bản nháp.")
                continue
            if prefix:
                _prefix(found, section.roman)
            body.extend(found)
            titles.extend(t.title for t in found)
        from_tables: list[TaskDraft] = []
        for table in tables:
            found_rows, notes = tasks_from_table(table, titles)
            from_tables.extend(found_rows)
            if notes.elided:
                self.findings.structure.append(
                    f"Bảng nhiệm vụ có {notes.elided} dòng bị lược (“…”) trong văn bản nguồn: "
                    "các nhiệm vụ ở phần bị lược không có trong bản nháp.")
            for roman in notes.inferred:
                self.findings.structure.append(
                    f"Tiêu đề mục {roman} của bảng nhiệm vụ bị lược; các dòng sau chỗ lược được "
                    f"xếp vào mục {roman} theo thứ tự số La Mã — hãy đối chiếu văn bản gốc.")
        if from_tables and not any(t.carries for t in body):
            drafts = from_tables
            if body:
                self.findings.structure.append(
                    "Phần Nội dung chỉ liệt kê các đầu mục; nhiệm vụ lấy từ bảng (phụ lục).")
        else:
            drafts = body + from_tables
        if not drafts:
            self.findings.structure.append(
                "Không nhận ra nhiệm vụ nào: đã tạo một nhiệm vụ trống, hãy nhập nhiệm vụ.")
            drafts = [TaskDraft("1", "Nhiệm vụ (chưa nhận ra từ văn bản)")]
        return [self._task(d, ()) for d in drafts]

    def _unique(self, number: str) -> str:
        number = re.sub(r"[^0-9A-Za-z.]", "", number).strip(".") or "0"
        number = re.sub(r"\.{2,}", ".", number)
        while len(number) > 16:  # the model allows 20 characters; keep room for ".2"
            parts = number.split(".")
            number = ".".join([parts[0], *parts[2:]]) if len(parts) > 2 else number[:16]
        candidate, n = number, 2
        while candidate in self.numbers:
            candidate, n = f"{number}.{n}", n + 1
        if candidate != number:
            self.findings.structure.append(
                f"Số thứ tự “{number}” bị trùng; nhiệm vụ sau được đánh số “{candidate}”.")
        self.numbers.add(candidate)
        return candidate

    def _task(self, draft: TaskDraft, parents: tuple[TaskDraft, ...]) -> dict[str, Any]:
        number = self._unique(draft.number)
        self.current = number
        out: dict[str, Any] = {"number": number}
        title = draft.title.strip()
        if not title:
            title = f"Nhiệm vụ {number}"
            self.findings.structure.append(f"Nhiệm vụ {number} không có tiêu đề.")
        out["title"] = title
        if draft.body:
            out["body"] = "\n\n".join(draft.body)
        roles = self._roles(draft)
        for role in AGENCY_ROLES:
            if roles[role]:
                out[role] = roles[role]
        printed = [{"label": line.label, "text": line.value} for line in draft.lines
                   if line.role in AGENCY_ROLES and line.value]
        if printed:
            out["lines"] = printed
        timeline, label, unread = self._timeline(draft)
        if timeline is not None:
            out["timeline"] = timeline
            if label and label != DEFAULT_TIMELINE_LABEL:
                out["timeline_label"] = label
        chain = (*parents, draft)
        if draft.subtasks:
            out["subtasks"] = [self._task(t, chain) for t in draft.subtasks]
        else:
            self.task_count += 1
            if not any(_has_lead(t) for t in chain):
                self.findings.no_lead.append(number)
            if not any(t.has("timeline") for t in chain):
                self.findings.no_timeline.append(number)
        if not draft.numbered:
            out["numbered"] = False
        if unread:
            out["note"] = f"Thời gian thực hiện (nguyên văn, chưa chuẩn hóa được): {unread[0]}"
            self.findings.timelines.append((number, *unread))
        return out

    def _roles(self, draft: TaskDraft) -> dict[str, list[str]]:
        names: dict[str, list[str]] = {role: [] for role in AGENCY_ROLES}
        for line in draft.lines:
            if line.role not in AGENCY_ROLES or not line.value:
                continue
            split = split_names(line.value)
            targets = ("lead", "advise") if line.role == "advise" else (line.role,)
            for role in targets:
                names[role].extend(split.names)
            for name, remark in split.remarks:
                self.findings.remarks.append((self.current, name, remark))
                if fold(remark) == "phoi hop" and line.role == "lead":
                    names["lead"].remove(name)  # "Công an tỉnh (phối hợp)" in a lead column
                    names["coordinate"].append(name)
                    continue
                if re.search(r"đầu mối|tổng hợp", remark, re.IGNORECASE):
                    actors = prose_actors(remark)
                    names["consolidate"].extend(actors.lead or [name])
                    if actors.lead and line.role == "lead":
                        continue
        if not names["lead"] and draft.prose_lead:
            names["lead"] = list(draft.prose_lead)
            if not names["coordinate"]:
                names["coordinate"] = list(draft.prose_coordinate)
        out: dict[str, list[str]] = {}
        for role, printed in names.items():
            ids: list[str] = []
            for name in printed:
                ident = self.matcher.resolve(name)
                self._use(ident, self.current)
                if ident not in ids:
                    ids.append(ident)
            out[role] = ids
        return out

    def _use(self, ident: str, where: str) -> None:
        if any(p.id == ident for p in self.matcher.proposals.values()):
            places = self.findings.unmatched.setdefault(ident, [])
            if where not in places:
                places.append(where)

    def _timeline(self, draft: TaskDraft
                  ) -> tuple[str | None, str | None, tuple[str, str] | tuple[()]]:
        """(text, printed label, (text, why) when the wording cannot be normalised)."""
        lines = [line for line in draft.lines if line.role == "timeline" and line.value]
        text = _timeline_text(lines[0].value) if lines else ""
        if not text:
            return None, None, ()
        try:
            parse_timeline(text, year=self.year)
        except TimelineError as err:
            return None, lines[0].label, (text, err.message)
        return text, lines[0].label, ()

    # ------------------------------------------------------------------ other parts

    def aims(self) -> tuple[list[str], list[str], str | None]:
        purposes: list[str] = []
        requirements: list[str] = []
        heading = None
        for section in self.outline.sections:
            if section.kind != "aims":
                continue
            heading = heading or section.heading
            root = build_tree([x for x in section.items if isinstance(x, Para)])
            target = purposes
            loose = list(root.paras)
            for node in root.children:
                folded = fold(node.text).rstrip(":. ")
                if folded in ("muc dich", "muc tieu", "yeu cau") or (
                        folded.startswith(("muc dich", "yeu cau")) and len(folded) < 30):
                    target = requirements if folded.startswith("yeu cau") else purposes
                    target.extend(node.paras)
                    target.extend(item_markdown(c, bullet=False) for c in node.children)
                else:
                    target.append(item_markdown(node, bullet=False))
            purposes[0:0] = loose
        return purposes, requirements, heading

    def organisation(self) -> tuple[list[dict[str, Any]], str | None, str | None, str | None]:
        items: list[dict[str, Any]] = []
        funding: list[str] = []
        org_heading = funding_heading = None
        for section in self.outline.sections:
            paras = [x for x in section.items if isinstance(x, Para)]
            if section.kind == "funding":
                funding_heading = funding_heading or section.heading
                funding.extend(p.text for p in paras)
            elif section.kind == "organisation":
                org_heading = org_heading or section.heading
                root = build_tree(paras)
                for text in root.paras:
                    items.append(self._org_item(None, text))
                for node in root.children:
                    items.append(self._org_node(node))
        return items, "\n\n".join(funding) or None, org_heading, funding_heading

    def _org_node(self, node: Node) -> dict[str, Any]:
        text = squash(node.text)
        short = len(text) < 120 and not re.search(r"[.;]\s", text)
        items = "\n".join(item_markdown(c) for c in node.children)
        if short and (node.children or node.paras):
            return self._org_item(text.rstrip(":."), "\n\n".join(x for x in (
                "\n\n".join(node.paras), items) if x))
        return self._org_item(None, "\n\n".join(x for x in (text, *node.paras, items) if x))

    def _org_item(self, heading: str | None, body: str) -> dict[str, Any]:
        item: dict[str, Any] = {}
        if heading:
            item["heading"] = heading
        actors = []
        for name in prose_actors(body.lstrip("-+ ")).lead:
            ident = self.matcher.find(name)
            if ident and ident not in actors:
                actors.append(ident)
        if actors:
            item["actors"] = actors
        item["body"] = body
        if fold(heading or body).startswith("kinh phi"):
            item["topic"] = "funding"
        return item


def _first_date(text: str) -> dt.date | None:
    match = re.search(r"ngày\s+(\d{1,2})\s*(?:/|tháng\s+)(\d{1,2})\s*(?:/|năm\s+)(\d{4})", text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def _timeline_text(value: str) -> str:
    text = squash(value.replace("**", "").replace("*", ""))
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return re.sub(r"[.;:]$", "", text).strip()


def _has_lead(task: TaskDraft) -> bool:
    return task.has("lead") or task.has("advise") or bool(task.prose_lead)


def _prefix(tasks: Iterable[TaskDraft], roman: str) -> None:
    for task in tasks:
        task.number = f"{roman}.{task.number}"
        _prefix(task.subtasks, roman)


# --------------------------------------------------------------------------- plan id

_STOP_PHRASES = ("kế hoạch", "triển khai", "thực hiện", "công tác", "về việc", "v/v",
                 "đối với", "giai đoạn")
_STOP_WORDS = {"về", "của", "các", "và", "theo", "số", "ngày", "tại", "những", "một", "trong",
               "đến", "từ", "nhằm", "để", "năm", "trên", "cho", "với", "tháng"}


def plan_id(title: str, year: int, place: str | None) -> str:
    """``binh-duong-2025-boi-thuong-nha-nuoc``: locality, year, the title's key words."""
    text = title.lower()
    if place:
        text = text.replace(place.lower(), " ")
    text = re.sub(r"\btrên địa bàn\b.*$", " ", text)
    for phrase in _STOP_PHRASES:
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", text)
    words = [w for w in re.findall(r"\w+", text)
             if w not in _STOP_WORDS and not re.fullmatch(r"\d{1,2}|(?:19|20)\d\d", w)]
    key = ""
    for word in filter(None, map(slugify, words)):
        if len(key) + len(word) > 60:
            break
        key = f"{key}-{word}" if key else word
    where = slugify(re.sub(r"^(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|phường|xã)\s+", "",
                           (place or "").lower()))
    where = where[:40].strip("-")
    return "-".join(p for p in (where or "toan-quoc", str(year), key or "ke-hoach") if p)[:100] \
        .strip("-")


def build_draft(outline: Outline, registry: Registry, abbreviations: dict[str, str],
                known_plans: Sequence[Plan] = ()) -> Draft:
    """The draft plan for a recognised document."""
    builder = _Builder(outline, registry, abbreviations, known_plans)
    plan = builder.header()
    place_name = registry.localities[builder.locality].name if builder.locality and \
        builder.locality in registry.localities else builder.place
    plan["id"] = plan_id(plan["title"], builder.year, place_name)
    if outline.bases:
        plan["bases"] = builder.bases()
        if outline.bases_intro:
            plan["bases_intro"] = outline.bases_intro
    if outline.intro:
        plan["intro"] = outline.intro
    purposes, requirements, aims_heading = builder.aims()
    if purposes:
        plan["purposes"] = purposes
    if requirements:
        plan["requirements"] = requirements
    plan["tasks"] = builder.tasks()
    organisation, funding, org_heading, funding_heading = builder.organisation()
    if organisation:
        plan["organisation"] = organisation
    if funding:
        plan["funding"] = funding
    if outline.closing:
        plan["closing"] = outline.closing
    if outline.recipients:
        plan["recipients"] = outline.recipients
    else:
        builder.findings.header.append("Không thấy phần “Nơi nhận”.")
    if outline.signature:
        plan["signature"] = outline.signature
    else:
        builder.findings.header.append("Không nhận ra phần chữ ký (chức vụ, họ tên người ký).")
    headings = _headings(outline.sections, aims_heading, org_heading, funding_heading)
    if headings:
        plan["headings"] = headings
    for key in ("number", "issued", "place"):
        plan.setdefault(key, None)
    return Draft(plan, list(builder.matcher.proposals.values()), builder.findings,
                 builder.task_count)


def _headings(sections: Sequence[Section], aims: str | None, organisation: str | None,
              funding: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    tasks = next((s.heading for s in sections if s.kind == "tasks"), None)
    for key, value in (("aims", aims), ("tasks", tasks), ("organisation", organisation),
                       ("funding", funding)):
        if value:
            out[key] = value
    return out
