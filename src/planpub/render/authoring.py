"""The HTML behind the macros content authors call (see ``macros/main.py``).

Every id an author passes is checked against the catalog; an unknown one
raises :class:`UnknownId` with a Vietnamese message and a suggestion, which
the macros module turns into a failed build naming the page.

A macro's HTML lands inside the page's Markdown, which runs after it: every macro
returns it through :func:`inert`, so no text from data (a name, a title, a full
form) can make a link, an emphasis or a table cell, or break out of an attribute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Any

from markupsafe import Markup

from planpub.catalog import Assignment
from planpub.citations import Citation
from planpub.diagnostics import did_you_mean
from planpub.glossary import Glossary
from planpub.render.annotate import Annotator
from planpub.render.documents import ReferencePages, short_name
from planpub.render.pages import Templates
from planpub.site.links import GLOSSARY_SRC
from planpub.slug import fold
from planpub.vocab import ROLE_LABELS

_ARTICLE = re.compile(r"^\d{1,3}[a-zđ]?$")
_POINT = re.compile(r"^[a-zđ]$")
_TAG_OR_TEXT = re.compile(r"(<[^<>]*>)")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_MARKDOWN = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
                       r"|[\[\]()*_`\\!#+\-.|{}<>:=~^\r\n]")
"""An entity already in the HTML (kept), or one character Markdown or an extension reads."""


class UnknownId(LookupError):
    """An id or value a macro does not know; ``str()`` is the Vietnamese message."""


def _encode(value: str) -> str:
    return _MARKDOWN.sub(lambda m: m.group() if len(m.group()) > 1 else f"&#{ord(m.group())};",
                         value)


def inert(html: str) -> str:
    """``html`` with every character Markdown reads, in text and attribute values, as an entity.

    The browser shows the same text and reads the same attribute values; Markdown sees only
    tags and entities, which it passes through. White space between tags is kept, so an
    output that starts a line with a block element stays a raw HTML block.
    """
    out: list[str] = []
    for i, piece in enumerate(_TAG_OR_TEXT.split(html)):
        if i % 2:
            out.append(_QUOTED.sub(lambda m: m.group()[0] + _encode(m.group()[1:-1])
                                   + m.group()[-1], piece))
        elif piece.strip():
            out.append(_encode(piece))
        else:
            out.append(piece)
    return "".join(out)


def _unknown(kind: str, value: object, choices: Collection[str], where: str) -> UnknownId:
    hint = did_you_mean(str(value), choices) if choices else ""
    return UnknownId(f"không có {kind} “{value}” trong {where}." + (f" {hint}" if hint else ""))


class Authoring:
    """Renders each macro for one build, from the same catalog as the generated pages."""

    def __init__(self, templates: Templates, reference: ReferencePages,
                 annotator: Annotator, glossary: Glossary) -> None:
        self.t = templates
        self.r = templates.names
        self.catalog = templates.names.catalog
        self.reference = reference
        self.annotator = annotator
        self.glossary = glossary

    # ------------------------------------------------------------------ checks
    def require_agency(self, agency_id: object) -> str:
        if not isinstance(agency_id, str) or agency_id not in self.catalog.agencies:
            raise _unknown("cơ quan", agency_id, self.catalog.agencies, "danh mục cơ quan "
                           "(registry/agencies.yaml)")
        return agency_id

    def require_plan(self, plan_id: object) -> str:
        if not isinstance(plan_id, str) or plan_id not in self.catalog.plans:
            raise _unknown("kế hoạch", plan_id, self.catalog.plans, "thư mục plans/")
        return plan_id

    def _require_document(self, doc_id: object) -> str:
        if not isinstance(doc_id, str) or doc_id not in self.catalog.documents:
            raise _unknown("văn bản", doc_id, self.catalog.documents, "danh mục văn bản "
                           "(registry/legal.yaml)")
        return doc_id

    # ------------------------------------------------------------------ macros
    def latest_plans(self, page: str, n: int = 5) -> str:
        """The ``n`` most recent plans (by issued date, else year) as an HTML list."""
        plans = sorted(self.catalog.plans.values(),
                       key=lambda p: (p.issued or dt.date(p.year, 1, 1), p.id), reverse=True)
        return self._template("latest_plans.html", page, plans=plans[: max(n, 0)])

    def upcoming_deadlines(self, page: str, n: int = 5, agency: str | None = None,
                           plan: str | None = None) -> str:
        """The next ``n`` deadlines from the reference date; the reader's browser keeps the
        next ``n`` from its own today.

        The page lists only deadlines on or after the reference date, never a past one (a
        reader's date is not before the build's). It carries up to ``max(4n, 20)`` of them,
        soonest first, the first ``n`` shown, the rest hidden for the browser to move on to.
        """
        if agency is not None:
            self.require_agency(agency)
        if plan is not None:
            self.require_plan(plan)
        entries = self.catalog.dated
        if agency is not None:
            entries = sorted({a.entry.id: a.entry for a in self.r.agency_assignments(agency)
                              if a.entry.due}.values(),
                             key=lambda e: (e.due, e.plan.id, e.number))
        if plan is not None:
            entries = [e for e in entries if e.plan.id == plan]
        today = self.r.reference.today
        ahead = [e for e in entries if e.due and e.due >= today][:max(4 * n, 20)]
        return self._template("upcoming.html", page, entries=ahead, n=max(n, 0),
                              static=ahead[:n] if n > 0 else [])

    def dieu(self, page: str, article: object, doc: object = "luat-tnbtcnn-2017",
             khoan: object = None, diem: object = None) -> str:
        """``Điều 46 Luật TNBTCNN năm 2017`` (with ``khoản``/``điểm``), linked to the document."""
        doc_id = self._require_document(doc)
        parts = []
        for label, value, shape in (("điểm", diem, _POINT), ("khoản", khoan, re.compile(r"^\d+$")),
                                    ("Điều", article, _ARTICLE)):
            if value is None and label != "Điều":
                continue
            shown = str(value).strip()
            if not shape.match(shown):
                raise UnknownId(f"{label.lower()} “{value}” không hợp lệ; viết "
                                + ("một chữ cái, ví dụ diem=\"b\"." if label == "điểm"
                                   else "một số, ví dụ 46."))
            parts.append(f"{label} {shown}")
        article_text = " ".join(parts)
        name = short_name(self.catalog.documents[doc_id])
        shown_text = f"{article_text} {name}"
        citation = Citation(0, len(shown_text), shown_text, doc_id, article_text)
        return inert(self.annotator.cite(page, citation))

    def agency_tasks(self, page: str, agency: object, year: object = None) -> str:
        """The tasks an agency leads, advises, coordinates or consolidates, as a table."""
        agency_id = self.require_agency(agency)
        wanted = self._year(year)
        rows: list[tuple[Assignment, str]] = []
        for item in self.r.agency_assignments(agency_id):  # each task once per agency
            if wanted is not None and item.entry.plan.year != wanted:
                continue
            notes = [self.r.role_note(item)] if item.also else []
            if item.via:
                notes.append(f"qua nhóm {self.r.agency_name(item.via)}")
            if item.inherited_from:
                notes.append(f"nhiệm vụ của cơ quan tiền nhiệm "
                             f"{self.r.agency_name(item.inherited_from)}, để tham khảo")
            rows.append((item, "; ".join(notes)))
        rows.sort(key=lambda row: (-row[0].entry.plan.year, row[0].entry.plan.id,
                                   _number_key(row[0].entry.number)))
        return self._template("macro_agency_tasks.html", page, rows=rows, agency_id=agency_id,
                              ROLE_LABELS=ROLE_LABELS, year=wanted)

    def plan_list(self, page: str, year: object = None, locality: object = None) -> str:
        """Published plans, optionally of one year and of one locality (and the places in it)."""
        wanted = self._year(year)
        localities = self.catalog.registry.localities
        if locality is not None and (not isinstance(locality, str) or locality not in localities):
            raise _unknown("địa bàn", locality, localities, "danh mục địa bàn "
                           "(registry/localities.yaml)")
        plans = self.catalog.plans_by(year=wanted, locality=locality)
        return self._template("macro_plan_list.html", page, plans=plans)

    def term(self, page: str, abbr: object, full: bool = False) -> str:
        """An abbreviation with its full form on hover, linked to its glossary entry."""
        entry = self.glossary.by_abbr.get(abbr) if isinstance(abbr, str) else None
        if entry is None:
            raise _unknown("chữ viết tắt", abbr, self.glossary.by_abbr,
                           "registry/abbreviations.yaml")
        href = self.r.urls.rel(page, GLOSSARY_SRC, self.glossary.anchors[entry.abbr])
        link = Markup('<a class="pp-term" href="{}">{}</a>').format(href,
                                                                   self.glossary.abbr(entry))
        if full:
            return inert(str(Markup("{} ({})").format(entry.full, link)))
        return inert(str(link))

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _year(year: object) -> int | None:
        if year is None:
            return None
        if isinstance(year, int) and not isinstance(year, bool) and 1990 <= year <= 2100:
            return year
        if isinstance(year, str) and year.isdigit() and 1990 <= int(year) <= 2100:
            return int(year)
        raise UnknownId(f"năm “{year}” không hợp lệ; viết năm bằng bốn chữ số, ví dụ 2025.")

    def _template(self, name: str, page: str, **context: Any) -> str:
        return inert(self.t.render(name, page, **context))


def _number_key(number: str) -> tuple[tuple[int, str], ...]:
    """Sort ``2``, ``10``, ``7.1`` as numbers, not as text."""
    return tuple((int(p), "") if p.isdigit() else (0, fold(p)) for p in number.split("."))
