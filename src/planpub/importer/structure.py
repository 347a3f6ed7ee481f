"""The parts of an official document: header, title, bases, sections, recipients, signature.

Vietnamese administrative documents share one layout (Nghị định 30/2020/NĐ-CP):
the issuing body and number on the left of the header, place and date on the
right, the document type and its title, the bases ("Căn cứ …", "Thực hiện …"),
sections numbered in Roman numerals, then "Nơi nhận" and the signature. A
plan attached to a decision follows the decision; its own title is the last
"KẾ HOẠCH" heading before the first section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planpub.importer.bases import BASIS_START, read_bases
from planpub.importer.blocks import Block, Para, Table
from planpub.importer.document import Outline, Section, section_heading, section_kind
from planpub.importer.end_matter import read_recipients, read_signature, take_closing
from planpub.importer.front_matter import (
    DOC_TYPE,
    intro_subject,
    issuer_from_header,
    read_header,
    read_title,
    sentence_case,
)
from planpub.importer.list_items import marker
from planpub.importer.table_tasks import task_header

_ANY_DOC_TYPE = re.compile(
    r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN|CHỈ THỊ|NGHỊ QUYẾT|HƯỚNG DẪN)\b")


def _flatten(blocks: Sequence[Block]) -> list[Para | Table]:
    """Paragraphs in reading order; only task tables stay tables."""
    out: list[Para | Table] = []
    for block in blocks:
        if isinstance(block, Para) or task_header(block) is not None:
            out.append(block)
        else:
            emitted: list[tuple[Para, ...]] = []
            for row in block.rows:
                for cell in row:
                    if cell and not any(cell is e for e in emitted):  # merged cells repeat
                        emitted.append(cell)
                        out.extend(cell)
    return out


def _first_item(items: Sequence[Para | Table]) -> int:
    """Without Roman sections, the body starts at the first item numbered 1 (or a task table)."""
    for i, item in enumerate(items):
        if isinstance(item, Table):
            return i
        found = marker(item.text)
        if found and found[1] in ("1", "a", "A") and i > 0:
            return i
    return len(items)


def _decision_bases(items: Sequence[Para | Table], out: Outline) -> None:
    """A plan issued by a decision states no bases of its own: they are the decision's
    "Căn cứ …" (its other paragraphs — title, articles — are not the plan's)."""
    scratch = Outline()
    paras = [x for x in items if isinstance(x, Para)]
    read_bases(paras, 0, len(paras), scratch)
    out.bases, out.bases_intro = scratch.bases, scratch.bases_intro


def outline(blocks: Sequence[Block]) -> Outline:
    """Recognise the document's parts."""
    items = _flatten(blocks)
    out = Outline()
    first_section = next((i for i, x in enumerate(items)
                          if isinstance(x, Para) and section_heading(x)), None)
    synthetic = first_section is None
    if first_section is None:
        first_section = _first_item(items)
    starts = [i for i, x in enumerate(items[:first_section])
              if isinstance(x, Para) and DOC_TYPE.match(x.text) and len(x.text) < 300]
    any_type = next((i for i, x in enumerate(items)
                     if isinstance(x, Para) and _ANY_DOC_TYPE.match(x.text)), first_section)
    out.typed = bool(starts) or (any_type < len(items) and any_type != first_section)
    header = [x for x in items[:any_type] if isinstance(x, Para)]
    read_header(header, out)
    out.issuer = issuer_from_header(header)
    if out.issuer:
        out.issuer_source = "header"
    plan_start = starts[-1] if starts else any_type
    body_paras = [x for x in items[plan_start:first_section] if isinstance(x, Para)]
    if body_paras:
        i = read_title(body_paras, 0, out) if DOC_TYPE.match(body_paras[0].text) else 0
        if not out.title and body_paras and not BASIS_START.match(body_paras[0].text):
            out.title = body_paras[0].text.rstrip(".")
            i = max(i, 1)
        read_bases(body_paras, i, len(body_paras), out)
    if not out.bases and plan_start > any_type:
        _decision_bases(items[any_type:plan_start], out)
    if out.issuer is None and out.intro:
        out.issuer = intro_subject(out.intro)
        out.issuer_source = "preamble" if out.issuer else ""
    recipients_at = read_recipients(items, out)
    end = recipients_at if recipients_at is not None and recipients_at > first_section \
        else len(items)
    current: Section | None = Section("I", "NỘI DUNG", "tasks") if synthetic else None
    if current is not None:
        out.sections.append(current)
    for item in items[first_section:end]:
        heading = section_heading(item) if isinstance(item, Para) else None
        if heading:
            current = Section(heading[0], heading[1], section_kind(heading[1]))
            out.sections.append(current)
        elif current is not None:
            current.items.append(item)
    for item in items[end:]:
        if isinstance(item, Table):
            out.tables.append(item)
    if out.sections:
        out.closing = take_closing(out.sections[-1])
    read_signature(items, recipients_at if recipients_at is not None else first_section, out)
    if out.issuer is None and out.signature and out.signature.get("authority"):
        out.issuer = sentence_case(out.signature["authority"][3:].strip())
        out.issuer_source = "signature"
    return out
