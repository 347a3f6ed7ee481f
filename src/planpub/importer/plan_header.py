"""The plan's own fields: issuer, number, date, title and id, and its bases matched to
known plans and registry documents."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from planpub.fieldtypes import shows_something
from planpub.importer.context import Context
from planpub.placeholders import UNKNOWN_ISSUER, UNTITLED_PLAN
from planpub.slug import fold, slugify


def header_fields(ctx: Context) -> dict[str, Any]:
    """The header fields of the plan, noting what the document does not print."""
    out = ctx.outline
    notes = ctx.findings.header
    issuer_text = out.issuer
    if not issuer_text:
        notes.append("Không nhận ra cơ quan ban hành: đã đề xuất một mục tạm, hãy sửa "
                     "trường issuer.")
        issuer_text = UNKNOWN_ISSUER
    elif out.issuer_source != "header":
        where = {"preamble": "câu dẫn", "signature": "phần chữ ký"}.get(out.issuer_source, "")
        notes.append(f"Văn bản không in phần tên cơ quan ban hành ở đầu; cơ quan ban hành "
                     f"“{issuer_text}” lấy từ {where}.")
    issuer = ctx.matcher.resolve(issuer_text)
    ctx.use(issuer, "cơ quan ban hành")
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
    if not title or not shows_something(title):
        notes.append("Không nhận ra trích yếu (tiêu đề) của kế hoạch: hãy điền trường title.")
        title = UNTITLED_PLAN
    elif title.isupper():
        notes.append("Trích yếu in toàn chữ hoa; có thể viết lại chữ thường cho dễ đọc.")
    plan: dict[str, Any] = {
        "id": "", "type": "ke-hoach", "title": title, "issuer": issuer,
        "number": out.number, "issued": out.issued, "place": out.place, "year": ctx.year,
    }
    agency = ctx.registry.agencies.get(issuer)
    if ctx.locality and (agency is None or agency.locality != ctx.locality):
        plan["locality"] = ctx.locality
    return plan


def basis_entries(ctx: Context) -> list[dict[str, Any]]:
    """The plan's bases, each with the id of the document it cites when known."""
    out = []
    for text, intro in ctx.outline.bases:
        ref, is_plan = _reference(ctx, text)
        item: dict[str, Any] = {}
        if ref:
            item["ref"] = ref
        item["text"] = text
        if intro:
            item["intro"] = intro
        out.append(item)
        ctx.findings.bases.append((text, ref, is_plan))
    return out


def _reference(ctx: Context, text: str) -> tuple[str | None, bool]:
    named_plan = bool(re.match(r"(?i)kế hoạch\b", text)) or bool(
        re.search(r"ban hành Kế hoạch|ban hành kế hoạch", text))
    number = re.search(r"\b(\d{1,5}(?:/\d{4})?/[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*)", text)
    date = _first_date(text[number.end():] if number else text)
    if number:
        wanted = fold(number.group(1))
        for plan in ctx.known_plans:
            if plan.number and fold(plan.number) == wanted and (
                    date is None or plan.issued in (None, date)):
                return plan.id, True
        docs = [d for d in ctx.registry.documents.values()
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
    for doc in ctx.registry.documents.values():
        for alias in (doc.title, *doc.aliases):
            key = " ".join(fold(alias).split())
            pos = plain.find(key)
            if key and pos >= 0 and (best is None or (pos, -len(key)) < best[:2]):
                best = (pos, -len(key), doc.id)
    if best and best[0] < 40:
        doc = ctx.registry.documents[best[2]]
        return doc.id, named_plan or doc.type == "ke-hoach"
    return None, named_plan


def _first_date(text: str) -> dt.date | None:
    match = re.search(r"ngày\s+(\d{1,2})\s*(?:/|tháng\s+)(\d{1,2})\s*(?:/|năm\s+)(\d{4})", text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


_STOP_PHRASES = ("một số", "kế hoạch", "triển khai", "thực hiện", "công tác", "về việc", "v/v",
                 "đối với", "giai đoạn")
_STOP_WORDS = {"về", "của", "các", "và", "theo", "ngày", "tại", "những", "một", "trong",
               "đến", "từ", "nhằm", "để", "năm", "trên", "cho", "với", "tháng"}


def plan_id(title: str, year: int, place: str | None) -> str:
    """``binh-duong-2025-boi-thuong-nha-nuoc``: locality, year, the title's key words."""
    text = title.lower()
    if place:
        text = text.replace(place.lower(), " ")
    text = re.sub(r"\btrên địa bàn\b.*$", " ", text)
    text = re.sub(r"\bsố\s+(?=\d)", " ", text)  # "Nghị quyết số 48": not "kinh tế số"
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
