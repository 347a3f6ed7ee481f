"""Reference pages: each registered document (``/van-ban/<id>/``), their index, the glossary.

A document page shows what a reader needs to find the official text (number,
type, issuer, dates, status with what amended or replaced it, the official
link) and every plan and task that cites it, found once per build from the
plans' bases and from citations in their text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from planpub.catalog import Catalog
from planpub.citations import Loc, plan_texts
from planpub.glossary import Glossary, Term, initial
from planpub.model import LegalDoc, Plan, Task
from planpub.render.pages import RenderedPage, Templates, toc_token
from planpub.site import links
from planpub.site.links import CENTRAL, GLOSSARY_SRC
from planpub.site.outputs import Output
from planpub.site.paging import CITING_SHARE, LIST_ITEMS, chunks
from planpub.slug import fold, nfc, slugify
from planpub.tasks import task_anchor
from planpub.vocab import DOC_TYPE_LABELS, STATUS_LABELS
from planpub.weburl import WEB_SCHEMES, safe_url

DOCUMENTS_INDEX = links.index_src(links.DOCUMENTS)


_SECTION_LABELS = {
    "bases": "Căn cứ ban hành kế hoạch",
    "intro": "Phần mở đầu",
    "purposes": "Mục đích, yêu cầu",
    "requirements": "Mục đích, yêu cầu",
    "organisation": "Tổ chức thực hiện",
    "funding": "Kinh phí thực hiện",
    "closing": "Phần kết",
}


def letter_anchor(letter: str) -> str:
    """Anchor of a letter's group on the glossary page (``Đ`` is not ``D``)."""
    return "chu-dd" if letter == "Đ" else f"chu-{slugify(letter)}"


def document_sources(catalog: Catalog) -> list[str]:
    """Source paths of the document pages this module generates."""
    return [links.document_src(doc_id) for doc_id in catalog.documents]


def doc_label(doc: LegalDoc) -> str:
    """``Nghị định số 68/2018/NĐ-CP``, or the type and title when there is no number."""
    kind = DOC_TYPE_LABELS.get(doc.type, doc.type)
    return f"{kind} số {doc.number}" if doc.number else f"{kind} {doc.title}"


def short_name(doc: LegalDoc) -> str:
    """How the site names a document in running text: its first alias, else its label."""
    return doc.aliases[0] if doc.aliases else doc_label(doc)


@dataclass
class Place:
    """Where in a plan a document is cited: a task (with its anchor) or a section."""

    label: str
    anchor: str | None
    articles: list[str] = field(default_factory=list)


@dataclass
class Citing:
    """A plan that cites a document: as a basis, and in which places."""

    plan: Plan
    basis: bool = False
    places: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class CitingPart:
    """One page of the plans of one place citing a document."""

    src: str
    number: int
    title: str
    """“Xem 120 kế hoạch”, or “Phần 2: 250 kế hoạch”."""
    citing: list[Citing]


@dataclass(frozen=True)
class CitingPlace:
    """The plans of one province-level place (or of no place) citing a document."""

    id: str
    name: str
    count: int
    parts: list[CitingPart]


def _task_at(plan: Plan, loc: Loc) -> Task | None:
    """The task a location such as ``("tasks", 6, "subtasks", 1, "title")`` is in."""
    task: Task | None = None
    items = plan.tasks
    parts = list(loc)
    while len(parts) >= 2 and parts[0] in ("tasks", "subtasks") and isinstance(parts[1], int):
        task = items[parts[1]]
        items = task.subtasks
        parts = parts[2:]
    return task


class ReferencePages:
    """The pages of registered documents and of the glossary, for one build."""

    def __init__(self, templates: Templates, glossary: Glossary,
                 list_items: int = LIST_ITEMS) -> None:
        self.citing_limit = max(1, list_items // CITING_SHARE)
        """A document cited by more plans lists them by place, on pages of their own."""
        self.t = templates
        self.r = templates.names
        self.catalog = templates.names.catalog
        self.glossary = glossary
        self._pages: dict[str, Callable[[], RenderedPage]] = {}

    # ------------------------------------------------------------------ outputs
    def outputs(self) -> Iterator[Output]:
        """The glossary, the document index and one page per registered document."""
        yield self._page(GLOSSARY_SRC, "Thuật ngữ và chữ viết tắt", self._glossary, True)
        yield self._page(DOCUMENTS_INDEX, "Văn bản pháp luật", self._index, True)
        for doc in self.catalog.documents.values():
            yield self._page(links.document_src(doc.id), doc_label(doc), self._document(doc))
            for place in self.citing_places.get(doc.id, []):
                for part in place.parts:
                    title = f"{doc_label(doc)} — kế hoạch dẫn chiếu: {place.name}" + (
                        f" (phần {part.number}/{len(place.parts)})" if len(place.parts) > 1
                        else "")
                    yield self._page(part.src, title, self._citing_page(doc, place, part))

    def render(self, src: str) -> RenderedPage | None:
        """The body of a page generated here; None for any other page."""
        make = self._pages.get(src)
        return make() if make else None

    def _page(self, src: str, title: str, make: Callable[[], RenderedPage],
              in_nav: bool = False) -> Output:
        self._pages[src] = make
        return Output(src, in_nav=in_nav, title=title)

    def _template(self, name: str, page: str, **context: Any) -> str:
        return self.t.render(name, page, **context)

    # ------------------------------------------------------------------ indexes
    @cached_property
    def citing(self) -> dict[str, list[Citing]]:
        """Document id → plans citing it (as a basis or in their text), in catalog order."""
        out: dict[str, dict[str, Citing]] = defaultdict(dict)
        for plan in self.catalog.plans.values():
            for doc_id, citing in self.catalog.per_plan.get(
                    "citing", plan, partial(self._cited_by, plan)).items():
                out[doc_id][plan.id] = citing
        return {doc_id: list(plans.values()) for doc_id, plans in out.items()}

    def _cited_by(self, plan: Plan) -> dict[str, Citing]:
        """Document id → how ``plan`` cites it."""
        out: dict[str, Citing] = {}
        for basis in plan.bases:
            if basis.ref in self.catalog.documents:
                out.setdefault(basis.ref, Citing(plan)).basis = True
        for loc, source in plan_texts(plan):
            for cited in self.catalog.citations.find(nfc(source)):
                if not cited.doc:
                    continue
                place = self._place(plan, loc, out.setdefault(cited.doc, Citing(plan)))
                if cited.article and cited.article not in place.articles:
                    place.articles.append(cited.article)
        return out

    @cached_property
    def citing_places(self) -> dict[str, list[CitingPlace]]:
        """Document id → its citing plans by province-level place (national first, then by
        name), for each document cited by more plans than one page lists."""
        out: dict[str, list[CitingPlace]] = {}
        for doc_id, citing in self.citing.items():
            if len(citing) <= self.citing_limit:
                continue
            by_place: dict[str, list[Citing]] = defaultdict(list)
            for item in citing:
                by_place[self.r.place_of(item.plan)].append(item)
            names = {place: ("Trung ương" if place == CENTRAL else self.r.locality_name(place))
                     for place in by_place}
            order = sorted(by_place, key=lambda i: (i != CENTRAL, fold(names[i])))
            out[doc_id] = [self._citing_place(doc_id, place, names[place], by_place[place])
                           for place in order]
        return out

    def _citing_place(self, doc_id: str, place: str, name: str,
                      citing: list[Citing]) -> CitingPlace:
        pieces = chunks(citing, self.citing_limit)
        parts = [CitingPart(links.citing_src(doc_id, place, i + 1), i + 1,
                            f"Phần {i + 1}: {len(piece)} kế hoạch" if len(pieces) > 1
                            else f"Xem {len(piece)} kế hoạch", list(piece))
                 for i, piece in enumerate(pieces)]
        return CitingPlace(place, name, len(citing), parts)

    def _citing_page(self, doc: LegalDoc, place: CitingPlace,
                     part: CitingPart) -> Callable[[], RenderedPage]:
        def make() -> RenderedPage:
            html = self._template("legal_document_citing.html", part.src, doc=doc,
                                  label=doc_label(doc), place=place, part=part)
            return RenderedPage(html, [toc_token("ke-hoach-dan-chieu", "Kế hoạch dẫn chiếu")])
        return make

    @staticmethod
    def _place(plan: Plan, loc: Loc, entry: Citing) -> Place:
        task = _task_at(plan, loc)
        if task is not None:
            key = f"task:{task.number}"
            label = f"Nhiệm vụ {task.number}: {task.title}" if task.numbered else task.title
            anchor: str | None = task_anchor(task.number)
        else:
            key = str(loc[0])
            label = _SECTION_LABELS.get(key, key)
            anchor = None
        return entry.places.setdefault(key, Place(label, anchor))

    @cached_property
    def amends(self) -> dict[str, list[str]]:
        """Document id → the documents it amends (inverse of ``amended_by``)."""
        out: dict[str, list[str]] = defaultdict(list)
        for doc in self.catalog.documents.values():
            for other in doc.amended_by:
                out[other].append(doc.id)
        return dict(out)

    @cached_property
    def replaces(self) -> dict[str, list[str]]:
        """Document id → the documents it replaced (inverse of ``replaced_by``)."""
        out: dict[str, list[str]] = defaultdict(list)
        for doc in self.catalog.documents.values():
            if doc.replaced_by:
                out[doc.replaced_by].append(doc.id)
        return dict(out)

    def doc_link(self, page: str, doc_id: str) -> str | None:
        """A link to a document's page (None for an id the registry lacks)."""
        if doc_id not in self.catalog.documents:
            return None
        return self.r.urls.rel(page, links.document_src(doc_id))

    # ------------------------------------------------------------------ pages
    def _document(self, doc: LegalDoc) -> Callable[[], RenderedPage]:
        def make() -> RenderedPage:
            page = links.document_src(doc.id)
            citing = self.citing.get(doc.id, [])
            html = self._template(
                "legal_document.html", page, doc=doc, label=doc_label(doc),
                status=STATUS_LABELS.get(doc.status, doc.status), citing=citing,
                places=self.citing_places.get(doc.id, []),
                amends=self.amends.get(doc.id, []), replaces=self.replaces.get(doc.id, []),
                docs=self, official=safe_url(doc.url, WEB_SCHEMES),
            )
            toc = [toc_token("thong-tin", "Thông tin văn bản"),
                   toc_token("ke-hoach-dan-chieu", "Kế hoạch dẫn chiếu")]
            return RenderedPage(html, toc)
        return make

    def _index(self) -> RenderedPage:
        groups: dict[str, list[LegalDoc]] = defaultdict(list)
        for doc in self.catalog.documents.values():
            groups[doc.type].append(doc)
        order = list(DOC_TYPE_LABELS)
        kinds = sorted(groups, key=lambda k: order.index(k) if k in order else len(order))
        sections = [(kind, DOC_TYPE_LABELS.get(kind, kind),
                     sorted(groups[kind], key=lambda d: (-(d.issued.toordinal() if d.issued
                                                           else 0), d.id)))
                    for kind in kinds]
        html = self._template("legal_documents_index.html", DOCUMENTS_INDEX, sections=sections,
                              docs=self, STATUS_LABELS=STATUS_LABELS,
                              glossary_src=GLOSSARY_SRC)
        toc = [toc_token(f"loai-{kind}", label) for kind, label, _ in sections]
        return RenderedPage(html, toc)

    def _glossary(self) -> RenderedPage:
        terms = self.glossary.sorted_terms()
        letters: dict[str, list[Term]] = {}
        for term in terms:
            letters.setdefault(initial(term.abbr), []).append(term)
        html = self._template("glossary.html", GLOSSARY_SRC, letters=list(letters.items()),
                              anchors=self.glossary.anchors, letter_anchor=letter_anchor)
        return RenderedPage(html, [toc_token(letter_anchor(letter), letter) for letter in letters])
