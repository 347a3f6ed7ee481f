"""Find citations of registered documents in Vietnamese text.

"Điều 25 Thông tư số 08/2019/TT-BTP", "khoản 3 Điều 46 Luật TNBTCNN", "Nghị định
68/2018", "Công văn số 7166/BTP-BTNN": each becomes a :class:`Citation` with its
span, the document it names and the articles it points to. A document number
that no registry entry carries is reported, so an author can add the document
or fix the number.

One :class:`Citations` matcher is compiled per catalog. It matches on folded
text (lower case, no diacritics), so "Nghi dinh so 68/2018/ND-CP" is found too.
Aliases go into one trie-shaped regular expression; numbers are matched by
their shape and looked up in a dictionary, so the pattern does not grow with
the number of plans.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from planpub.model import LegalDoc, Plan, Task, iter_tasks
from planpub.slug import fold, nfc
from planpub.vocab import DOC_TYPE_LABELS

Problem = Literal["unknown", "misprint", "ambiguous"]
Loc = tuple[str | int, ...]

_SEP = r"\s*(?:,|\bva\b|\bhoac\b)\s*"
_ARTICLE = (
    rf"(?:diem\s+[a-z](?:{_SEP}(?:diem\s+)?[a-z])*\s+)?"
    rf"(?:khoan\s+\d+(?:{_SEP}(?:khoan\s+)?\d+)*\s+)?"
    rf"dieu\s+\d+[a-z]?(?:(?:{_SEP}|\s*(?:-|–|\bden\b)\s*)(?:dieu\s+)?\d+[a-z]?)*"
)
_SYMBOL = r"[a-z][a-z0-9]*"
_FOLDED_NUMBER = (
    rf"\d{{1,5}}/(?:\d{{4,5}}(?:/{_SYMBOL}(?:-{_SYMBOL})*)?|{_SYMBOL}(?:-{_SYMBOL})+)"
)
_UPPER = r"[A-ZĐ][A-ZĐa-z0-9]*"
NUMBER = re.compile(
    rf"(?<![\w/])\d{{1,5}}/(?:\d{{4,5}}/{_UPPER}(?:-{_UPPER})*|{_UPPER}(?:-{_UPPER})+)(?![\w/])"
)
"""A document number as printed: ``68/2018/NĐ-CP``, ``10/2017/QH14``, ``7166/BTP-BTNN``."""

_DIGIT = re.compile(r"\d")
_DATE_AFTER = re.compile(r"\s+ngay\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_TYPE_WORDS = {fold(label): kind for kind, label in DOC_TYPE_LABELS.items()}


@dataclass(frozen=True)
class Citation:
    """A citation found in a text: where, what it names, and what is wrong with it."""

    start: int
    end: int
    text: str
    doc: str | None
    """The registry document id, None when unknown or ambiguous."""
    article: str | None = None
    """The article part as written: ``Điều 45, 46`` or ``điểm b khoản 2 Điều 21``."""
    number: str | None = None
    """The document number as printed, if the citation has one."""
    problem: Problem | None = None
    candidates: tuple[str, ...] = ()
    """With ``ambiguous``: the documents the citation could mean."""
    plan_key: str | None = None
    """With ``misprint`` or a bare ``unknown`` number: the number key that, were it a plan's
    number, would leave nothing wrong (a check may learn the plans' numbers later)."""


@lru_cache(maxsize=65536)
def number_key(number: str) -> str:
    """A document number as compared: folded, no spaces, no leading zeros.

    >>> number_key("08/2019/TT-BTP")
    '8/2019/tt-btp'
    """
    key = re.sub(r"\s+", "", fold(nfc(number)))
    return key.lstrip("0") if not key.startswith("0/") else key


def _short_key(key: str) -> str | None:
    """``68/2018/nd-cp`` → ``68/2018``: the form "Nghị định 68/2018" uses."""
    parts = key.split("/")
    return "/".join(parts[:2]) if len(parts) == 3 and parts[1].isdigit() else None


class _FoldTable(dict[int, str]):
    """Code point → folded text, filled on first use; ``str.translate`` reads it directly."""

    def __init__(self) -> None:
        super().__init__()
        self.not_unit: set[str] = set()
        """Characters that do not fold to exactly one character (ß → ss, combining marks)."""

    def __missing__(self, code: int) -> str:
        value = fold(chr(code))
        self[code] = value
        if len(value) != 1:
            self.not_unit.add(chr(code))
        return value


_FOLD = _FoldTable()


def fold_with_map(source: str) -> tuple[str, list[int] | None]:
    """Fold ``source``; the map gives each folded index's source index (None: identity)."""
    folded = source.translate(_FOLD)  # one table for the whole run, not one per text
    if _FOLD.not_unit.isdisjoint(source):
        return folded, None
    index: list[int] = []
    for i, char in enumerate(source):
        index.extend([i] * len(_FOLD[ord(char)]))
    index.append(len(source))
    return folded, index


_Node = dict[str, "_Node"]


class _Trie:
    """Folded phrases as one regular expression that branches on each character."""

    def __init__(self) -> None:
        self.root: _Node = {}

    def add(self, phrase: str) -> None:
        node = self.root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(self) -> str:
        return self._pattern(self.root) if self.root else r"(?!)"

    def _pattern(self, node: _Node) -> str:
        ends = "" in node
        branches = []
        for char in sorted(k for k in node if k):
            piece = r"\s+" if char == " " else re.escape(char)
            branches.append(piece + self._pattern(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body


class Citations:
    """The citation matcher of one catalog: documents by alias and by number."""

    def __init__(self, documents: Iterable[LegalDoc], plan_numbers: Iterable[str] = ()) -> None:
        self.documents = {doc.id: doc for doc in documents}
        self._aliases: dict[str, set[str]] = defaultdict(set)
        self._numbers: dict[str, set[str]] = defaultdict(set)
        self._short: dict[str, set[str]] = defaultdict(set)
        self._known = {number_key(n) for n in plan_numbers}
        trie = _Trie()
        for doc in self.documents.values():
            if doc.number:
                key = number_key(doc.number)
                self._numbers[key].add(doc.id)
                self._known.add(key)
                short = _short_key(key)
                if short:
                    self._short[short].add(doc.id)
            for alias in doc.aliases:
                phrase = " ".join(fold(nfc(alias)).split())
                self._aliases[phrase].add(doc.id)
                trie.add(phrase)
        self._needs_digit = all(_DIGIT.search(phrase) for phrase in self._aliases)
        self._found: dict[str, tuple[Citation, ...]] = {}
        types = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                         for w in sorted(_TYPE_WORDS, key=len, reverse=True))
        self._pattern = re.compile(
            rf"(?<![\w/])(?:(?P<art>{_ARTICLE})\s+(?:cua\s+)?)?"
            rf"(?:(?P<alias>{trie.pattern()})|(?:(?P<type>{types})\s+(?:so\s+)?)?"
            rf"(?P<num>{_FOLDED_NUMBER}))(?![\w/])"
        )

    # ------------------------------------------------------------------ finding
    CACHE_SIZE = 50_000
    """Texts whose citations are kept: plans repeat their wording (commune plans copy the
    province's), and the validator, the pages and the search index all ask."""

    def find(self, source: str) -> list[Citation]:
        """Every citation in ``source`` (NFC text), in order, including unknown numbers."""
        if self._needs_digit and not _DIGIT.search(source):
            return []  # every number and every alias holds a digit
        found = self._found.get(source)
        if found is None:
            if len(self._found) >= self.CACHE_SIZE:
                self._found.clear()
            found = self._found[source] = tuple(self._find(source))
        return list(found)

    def _find(self, source: str) -> list[Citation]:
        folded, index = fold_with_map(source)

        def back(i: int) -> int:
            return index[i] if index is not None else i

        out: list[Citation] = []
        covered: list[tuple[int, int]] = []
        for match in self._pattern.finditer(folded):
            start, end = back(match.start()), back(match.end())
            doc_start = back(match.start("alias") if match.group("alias") else match.start("num"))
            numbers = list(NUMBER.finditer(source, doc_start, end))
            printed = numbers[0].group() if numbers else None
            if match.group("num") and not match.group("type") and printed is None:
                continue  # a bare number must look like one: "68/2018/NĐ-CP", not "12/abc-d"
            alias = match.group("alias")
            if alias and source[doc_start].islower() and not any(c.isdigit() for c in alias):
                continue  # "pháp luật trách nhiệm ...": a name is cited with a capital
            resolved = self._resolve(match, folded)
            if resolved is None:
                continue
            doc, problem, candidates = resolved
            plan_key = number_key(printed) if doc and printed else None
            if plan_key is not None and plan_key in self._known:
                plan_key = None
            elif plan_key is not None:
                problem = "misprint"
            article = (source[back(match.start("art")):back(match.end("art"))]
                       if match.group("art") else None)
            out.append(Citation(start, end, source[start:end], doc, article, printed, problem,
                                candidates, plan_key))
            covered.append((start, end))
        for found in NUMBER.finditer(source):
            key = number_key(found.group())
            if key in self._known:
                continue
            if any(s <= found.start() and found.end() <= e for s, e in covered):
                continue
            out.append(Citation(found.start(), found.end(), found.group(), None,
                                number=found.group(), problem="unknown", plan_key=key))
        return sorted(out, key=lambda c: c.start)

    def _resolve(self, match: re.Match[str], folded: str
                 ) -> tuple[str | None, Problem | None, tuple[str, ...]] | None:
        """The document a match names; None when the match is no citation after all."""
        alias = match.group("alias")
        if alias:
            ids = self._aliases.get(" ".join(alias.split()), set())
        else:
            key = number_key(match.group("num"))
            kind = (_TYPE_WORDS.get(" ".join(match.group("type").split()))
                    if match.group("type") else None)
            if re.fullmatch(r"\d+/\d+", key):  # "Nghị định 68/2018": needs its type word
                if kind is None:
                    return None
                ids = self._short.get(key, set())
                if not ids:
                    return None
            else:
                ids = self._numbers.get(key, set())
                if not ids:
                    return None, "unknown", ()
            if kind is not None and len(ids) > 1:
                ids = {i for i in ids if self.documents[i].type == kind} or ids
        if len(ids) > 1:
            ids = self._by_date(ids, folded, match.end()) or ids
        if len(ids) == 1:
            return next(iter(ids)), None, ()
        return None, "ambiguous", tuple(sorted(ids))

    def _by_date(self, ids: set[str], folded: str, end: int) -> set[str]:
        """Keep the documents issued on the date that follows the citation (``ngày 24/3/2022``)."""
        found = _DATE_AFTER.match(folded, end)
        if not found:
            return set()
        day, month, year = (int(g) for g in found.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return set()
        return {i for i in ids if self.documents[i].issued == date}


def plan_texts(plan: Plan) -> Iterator[tuple[Loc, str]]:
    """Every free-text field of a plan with its location (as :mod:`planpub.load` records it)."""
    for i, basis in enumerate(plan.bases):
        yield ("bases", i, "text"), basis.text
    if plan.intro:
        yield ("intro",), plan.intro
    for name in ("purposes", "requirements"):
        items: Sequence[str] = getattr(plan, name)
        for i, item in enumerate(items):
            yield (name, i), item
    for loc, task in _task_locs(plan):
        yield (*loc, "title"), task.title
        if task.body:
            yield (*loc, "body"), task.body
        for j, line in enumerate(task.lines):
            yield (*loc, "lines", j, "text"), line.text
        if task.note:
            yield (*loc, "note"), task.note
    for i, org in enumerate(plan.organisation):
        if org.heading:
            yield ("organisation", i, "heading"), org.heading
        yield ("organisation", i, "body"), org.body
    for name in ("funding", "closing"):
        value = getattr(plan, name)
        if value:
            yield (name,), value


def _task_locs(plan: Plan) -> Iterator[tuple[Loc, Task]]:
    locs: dict[int, Loc] = {}
    for task, parents in iter_tasks(plan.tasks):
        siblings = parents[-1].subtasks if parents else plan.tasks
        position = next(i for i, t in enumerate(siblings) if t is task)
        base: Loc = (*locs[id(parents[-1])], "subtasks") if parents else ("tasks",)
        locs[id(task)] = (*base, position)
        yield locs[id(task)], task
