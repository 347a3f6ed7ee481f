"""What every part of a draft shares: the outline, the registry matcher, the plan's year
and locality, and the findings for the report."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planpub.importer.agencies import Matcher, locality_from_name
from planpub.importer.confidence import Assessment
from planpub.importer.document import Outline
from planpub.load import Registry
from planpub.model import Plan


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
    confidence: list[Assessment] = field(default_factory=list)  # one per task, in order


_TITLE_YEAR = re.compile(r"(?<!đến )(?<!ĐẾN )(?<!nhìn )(?<!NHÌN )(?<!đoạn )(?<!ĐOẠN )"
                         r"\b(?:năm|NĂM)\s+(\d{4})\b(?!\s*[-–])")
"""A single year the title names ("… NĂM 2020"), not a horizon ("ĐẾN NĂM 2030")."""


class Context:
    """One plan being drafted: its sources, its year and locality, and what to report."""

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

    def _year(self) -> int:
        """The year the plan is for: its title's "NĂM 2020" (a plan signed in December
        2019 for 2020), else the year it was issued, else any year its header states."""
        out = self.outline
        stated = _TITLE_YEAR.findall(out.title or "")
        if len(set(stated)) == 1 and 1990 <= int(stated[0]) <= 2100:
            return int(stated[0])
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

    def use(self, ident: str, where: str) -> None:
        """Note where a proposed (unmatched) agency is used."""
        if self.matcher.proposed(ident):
            places = self.findings.unmatched.setdefault(ident, [])
            if where not in places:
                places.append(where)
