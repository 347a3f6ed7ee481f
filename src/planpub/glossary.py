"""The site's one list of abbreviations (``registry/abbreviations.yaml``).

The same list gives the full form shown on hover (``<abbr title>``) wherever
an abbreviation appears in plan or content pages, and the glossary page.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated

from markupsafe import Markup
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from planpub.diagnostics import Diagnostic
from planpub.fieldtypes import Name, Text, visible
from planpub.layout import ABBREVIATIONS_FILE
from planpub.modelerrors import validate_model
from planpub.slug import fold, nfc, slugify
from planpub.yamlsrc import read_yaml


class Term(BaseModel):
    """One abbreviation: as written, its full form, and a plain explanation."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    abbr: Annotated[str, Field(min_length=1, max_length=40),
                    AfterValidator(visible("chữ viết tắt"))] = Field(
        description="Chữ viết tắt: UBND")
    full: Name = Field(description="Viết đầy đủ: Ủy ban nhân dân")
    explain: Text = Field(description="Giải thích ngắn cho người dân")


@dataclass
class Glossary:
    """Abbreviations in file order, with lookups and one compiled matcher."""

    terms: list[Term] = field(default_factory=list)

    @cached_property
    def by_abbr(self) -> dict[str, Term]:
        return {t.abbr: t for t in self.terms}

    @cached_property
    def anchors(self) -> dict[str, str]:
        """Abbreviation → its anchor on the glossary page (unique: ``tt-hdnd``, ``tt-hdnd-2``)."""
        out: dict[str, str] = {}
        used: set[str] = set()
        for term in self.terms:
            base = slugify(term.abbr) or "muc"
            anchor, n = base, 1
            while anchor in used:
                n += 1
                anchor = f"{base}-{n}"
            used.add(anchor)
            out[term.abbr] = anchor
        return out

    def sorted_terms(self) -> list[Term]:
        """Terms in Vietnamese alphabetical order (other diacritics folded, Đ after D)."""
        return sorted(self.terms, key=lambda t: (sort_key(t.abbr), t.abbr))

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Every abbreviation as a whole word, longest first; case-sensitive.

        An abbreviation may follow ``/`` (``7166/BTP-BTNN``) but not stand
        inside a longer symbol (the ``KH`` of ``42/KH-UBND`` is not one).
        """
        if not self.terms:
            return None
        words = sorted({nfc(t.abbr) for t in self.terms}, key=len, reverse=True)
        alternation = "|".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w/-])")

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """Spans of abbreviations in ``text`` (NFC)."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.by_abbr[m.group()])
                for m in self.pattern.finditer(text) if m.group() in self.by_abbr]

    def abbr(self, term: Term, shown: str | None = None) -> Markup:
        """``<abbr title="Ủy ban nhân dân">UBND</abbr>``."""
        return Markup('<abbr title="{}">{}</abbr>').format(term.full, shown or term.abbr)


def sort_key(word: str) -> str:
    """Sort key for Vietnamese words: diacritics folded, but Đ as its own letter after D."""
    return fold(nfc(word).replace("Đ", "D\x7f").replace("đ", "d\x7f"))


def initial(word: str) -> str:
    """The dictionary letter a word is listed under: ``Đ`` for ĐBQH, ``U`` for Ủy ban."""
    first = nfc(word)[:1]
    return "Đ" if first in "Đđ" else fold(first).upper()


def load_glossary(root: Path) -> tuple[Glossary, list[Diagnostic]]:
    """Read ``registry/abbreviations.yaml`` (optional: no file, no abbreviations)."""
    path = root / ABBREVIATIONS_FILE
    if not os.path.lexists(path):
        return Glossary(), []
    doc, diags = read_yaml(path, ABBREVIATIONS_FILE, root)
    if doc is None:
        return Glossary(), diags
    if not isinstance(doc.data, list):
        return Glossary(), [Diagnostic(ABBREVIATIONS_FILE, 1, "error", "",
                                       "tệp chữ viết tắt phải là một danh sách (- abbr: ...).",
                                       "mỗi mục gồm abbr, full, explain.")]
    terms: list[Term] = []
    first: dict[str, int | None] = {}
    for i, _ in enumerate(doc.data):
        term, errs = validate_model(doc, Term, base=(i,))
        diags.extend(errs)
        if term is None:
            continue
        line = doc.line_of((i, "abbr"))
        if term.abbr in first:
            diags.append(Diagnostic(ABBREVIATIONS_FILE, line, "error", f"[{i + 1}].abbr",
                                    f"chữ viết tắt “{term.abbr}” trùng với mục ở dòng "
                                    f"{first[term.abbr]}.", "gộp hai mục làm một."))
            continue
        first[term.abbr] = line
        terms.append(term)
    return Glossary(terms), diags

