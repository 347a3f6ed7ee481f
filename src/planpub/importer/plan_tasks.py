"""Plan task entries from recognised tasks: unique numbers, agency ids, timelines, and the
tasks that lack a lead or a timeline."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from planpub.fieldtypes import shows_something
from planpub.importer.blocks import Para, Table, squash
from planpub.importer.confidence import assess
from planpub.importer.context import Context
from planpub.importer.document import Section
from planpub.importer.names import prose_actors, split_names
from planpub.importer.sentence_time import IN_SENTENCE
from planpub.importer.table_tasks import tasks_from_table
from planpub.importer.task_sources import Source, choose
from planpub.importer.tasks import TaskDraft, tasks_from_paras
from planpub.placeholders import UNREAD_TASK, untitled_task
from planpub.slug import fold
from planpub.timeline import TimelineError, parse_timeline

AGENCY_ROLES = ("lead", "advise", "coordinate", "consolidate")
DEFAULT_TIMELINE_LABEL = "Thời gian thực hiện"


class TaskWriter:
    """Writes the plan's tasks; numbers are kept unique across the whole plan."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.numbers: set[str] = set()
        self.task_count = 0
        self.current = ""
        self.leads: dict[int, tuple[list[str], list[str]]] = {}  # draft → (printed, ids)
        self.used: list[Section] = []  # the sections the tasks were read from

    def tasks(self) -> list[dict[str, Any]]:
        """The plan's tasks, from the parts that hold them (:mod:`task_sources`)."""
        kinds = ("tasks", "other", "organisation")
        sources: list[Source] = []
        tables: list[Table] = list(self.ctx.outline.tables)
        for section in (s for s in self.ctx.outline.sections if s.kind in kinds):
            paras = [x for x in section.items if isinstance(x, Para)]
            tables.extend(x for x in section.items if isinstance(x, Table))
            sources.append(Source(section, tasks_from_paras(paras)[0]))
        titles = [t.title for s in sources if s.section.kind == "tasks" for t in s.tasks]
        from_tables = self._table_tasks(tables, titles)
        chosen, with_tables = choose(sources, from_tables)
        self.used = [s.section for s in chosen]
        where = ", ".join(f"mục {s.section.roman}" for s in chosen) or (
            "bảng nhiệm vụ" if with_tables and from_tables else "")
        for source in sources:
            section = source.section
            if source in chosen or section.kind == "organisation" or not section.items:
                continue
            self.ctx.findings.structure.append(
                f"Mục {section.roman} “{section.heading}”: không nhận ra việc giao cho cơ quan nào"
                + (f" (nhiệm vụ lấy từ {where})" if where else "")
                + ": nội dung mục này chưa có trong bản nháp — hãy đối chiếu văn bản gốc.")
        body: list[TaskDraft] = []
        for source in chosen:
            if len(chosen) > 1:
                _prefix(source.tasks, source.section.roman)
            body.extend(source.tasks)
        if from_tables and with_tables and not body and any(s.tasks for s in sources):
            self.ctx.findings.structure.append(
                "Phần Nội dung chỉ liệt kê các đầu mục; nhiệm vụ lấy từ bảng (phụ lục).")
        if body and from_tables and with_tables and self.ctx.outline.tables:
            _prefix(from_tables, "PL")  # an appendix beside the body's own numbering
        drafts = body + (from_tables if with_tables else [])
        if not drafts:
            self.ctx.findings.structure.append(
                "Không nhận ra nhiệm vụ nào: đã tạo một nhiệm vụ trống, hãy nhập nhiệm vụ.")
            drafts = [TaskDraft("1", UNREAD_TASK)]
        return [self._task(d, ()) for d in drafts]

    def _table_tasks(self, tables: list[Table], titles: list[str]) -> list[TaskDraft]:
        out: list[TaskDraft] = []
        for table in tables:
            found_rows, notes = tasks_from_table(table, titles)
            out.extend(found_rows)
            if notes.elided:
                self.ctx.findings.structure.append(
                    f"Bảng nhiệm vụ có {notes.elided} dòng bị lược (“…”) trong văn bản nguồn: "
                    "các nhiệm vụ ở phần bị lược không có trong bản nháp.")
            if notes.filled:
                self.ctx.findings.structure.append(
                    f"{notes.filled} dòng của bảng nhiệm vụ để trống ô cơ quan hoặc thời gian "
                    "(thường là ô gộp khi chuyển từ trang web, PDF): đã lấy theo dòng ngay trên "
                    "— hãy đối chiếu văn bản gốc.")
            for roman in notes.inferred:
                self.ctx.findings.structure.append(
                    f"Tiêu đề mục {roman} của bảng nhiệm vụ bị lược; các dòng sau chỗ lược được "
                    f"xếp vào mục {roman} theo thứ tự số La Mã — hãy đối chiếu văn bản gốc.")
        return out

    def _unique(self, number: str) -> tuple[str, bool]:
        """A number no other task has, and whether a duplicate had to be renumbered."""
        number = number.replace("đ", "dd").replace("Đ", "DD")  # "đ)" follows "d)"
        number = re.sub(r"[^0-9A-Za-z.]", "", number).strip(".") or "0"
        number = re.sub(r"\.{2,}", ".", number)
        while len(number) > 16:  # the model allows 20 characters; keep room for ".2"
            parts = number.split(".")
            number = ".".join([parts[0], *parts[2:]]) if len(parts) > 2 else number[:16]
        candidate, n = number, 2
        while candidate in self.numbers:
            candidate, n = f"{number}.{n}", n + 1
        if candidate != number:
            self.ctx.findings.structure.append(
                f"Số thứ tự “{number}” bị trùng; nhiệm vụ sau được đánh số “{candidate}”.")
        self.numbers.add(candidate)
        return candidate, candidate != number

    def _task(self, draft: TaskDraft, parents: tuple[TaskDraft, ...]) -> dict[str, Any]:
        number, renumbered = self._unique(draft.number)
        self.current = number
        out: dict[str, Any] = {"number": number}
        title = draft.title.strip()
        if not shows_something(title):
            title = untitled_task(number)
            self.ctx.findings.structure.append(f"Nhiệm vụ {number} không có tiêu đề.")
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
        timeline, label, unread = self._timeline(draft, parents)
        if timeline is not None:
            out["timeline"] = timeline
            if label and label not in (DEFAULT_TIMELINE_LABEL, IN_SENTENCE):
                out["timeline_label"] = label
        chain = (*parents, draft)
        if draft.subtasks:
            out["subtasks"] = [self._task(t, chain) for t in draft.subtasks]
        else:
            self.task_count += 1
            lead_names, lead = next((self.leads[id(t)] for t in reversed(chain)
                                     if self.leads.get(id(t), ([], []))[1]), ([], []))
            self.ctx.findings.confidence.append(assess(
                number, chain, lead_names, [self.ctx.matcher.proposed(i) for i in lead],
                out.get("timeline"), bool(unread), renumbered))
            if not any(t.lead_found()[0] for t in chain):
                self.ctx.findings.no_lead.append(number)
            if not any(t.has("timeline") for t in chain):
                self.ctx.findings.no_timeline.append(number)
        if not draft.numbered:
            out["numbered"] = False
        if unread:
            out["note"] = f"Thời gian thực hiện (nguyên văn, chưa chuẩn hóa được): {unread[0]}"
            self.ctx.findings.timelines.append((number, *unread))
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
                self.ctx.findings.remarks.append((self.current, name, remark))
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
        if not names["coordinate"] and draft.prose_coordinate:
            names["coordinate"] = list(draft.prose_coordinate)
        out: dict[str, list[str]] = {}
        lead_names = list(names["lead"])
        for role, printed in names.items():
            ids: list[str] = []
            for name in printed:
                ident = self.ctx.matcher.resolve(name)
                self.ctx.use(ident, self.current)
                if ident not in ids:
                    ids.append(ident)
            out[role] = ids
        self.leads[id(draft)] = (lead_names, out["lead"])
        return out

    def _timeline(self, draft: TaskDraft, parents: tuple[TaskDraft, ...]
                  ) -> tuple[str | None, str | None, tuple[str, str] | tuple[()]]:
        """(text, printed label, (text, why) when the wording cannot be normalised).

        A timeline read in a sentence gives way to one its parent prints on a line, and is
        dropped when the grammar cannot read it (it was a guess)."""
        lines = [line for line in draft.lines if line.role == "timeline" and line.value]
        text = _timeline_text(lines[0].value) if lines else ""
        guessed = bool(lines) and lines[0].label == IN_SENTENCE
        if guessed and any(x.role == "timeline" and x.value and x.label != IN_SENTENCE
                           for p in parents for x in p.lines):
            return None, None, ()
        if not text:
            return None, None, ()
        try:
            parse_timeline(text, year=self.ctx.year)
        except TimelineError as err:
            return (None, None, ()) if guessed else (None, lines[0].label, (text, err.message))
        return text, lines[0].label, ()


def _timeline_text(value: str) -> str:
    text = squash(value.replace("**", "").replace("*", ""))
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return re.sub(r"[.;:]$", "", text).strip()


def _prefix(tasks: Iterable[TaskDraft], roman: str) -> None:
    for task in tasks:
        task.number = f"{roman}.{task.number}"
        _prefix(task.subtasks, roman)
