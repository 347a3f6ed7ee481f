"""Match printed agency names to the registry; propose entries for the rest.

Names are compared folded (accents, case, dashes and spacing ignored) with the
registry's abbreviations expanded (``TAND`` = ``Tòa án nhân dân``). A bare name
such as ``Sở Tư pháp`` or ``TAND tỉnh`` is read in the plan's locality: the
agency of that locality (or of the province above a ward) is chosen, never one
of another province.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planpub.importer.agency_ids import agency_id, unique_id
from planpub.importer.names import is_head
from planpub.layout import ABBREVIATIONS_FILE
from planpub.load import Registry
from planpub.registrymodel import Agency, AgencyKind, Locality
from planpub.slug import fold
from planpub.yamlsrc import read_yaml

_LEVEL_WORDS = {
    "province": ("tinh",), "city": ("thanh pho",), "district": ("huyen", "quan"),
    "town": ("thi xa",), "district-city": ("thanh pho",), "ward": ("phuong",),
    "commune": ("xa",), "special-zone": ("dac khu",),
}
_LOCALITY_PREFIX = re.compile(
    r"^(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|phường|xã|đặc khu)\s+", re.IGNORECASE)
_LOCALITY_IN_NAME = re.compile(
    r"\b((?i:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|phường|xã|đặc khu))\s+"
    r"([A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\w\- ]*)$")
_BUILTIN_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tand": "toa an nhan dan",
    "vksnd": "vien kiem sat nhan dan", "ksnd": "kiem sat nhan dan",
    "thads": "thi hanh an dan su", "chqs": "chi huy quan su", "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc", "tp": "thanh pho", "kh&cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe", "bch": "ban chi huy", "tw": "trung uong",
}
_CENTRAL = re.compile(r"Việt Nam$|Chính phủ|Trung ương|Quốc hội|Quốc gia|Tổng cục|^Bộ (?!phận|"
                      r"Chỉ huy|CHQS|chỉ huy)", re.IGNORECASE)


def load_abbreviations(root: Path) -> dict[str, str]:
    """Folded single-word abbreviations → folded full form (registry plus built-ins)."""
    out = dict(_BUILTIN_ABBREVIATIONS)
    doc, _ = read_yaml(root / ABBREVIATIONS_FILE, ABBREVIATIONS_FILE, root)  # errors: validate's
    data = doc.data if doc is not None else None
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        abbr, full = item.get("abbr"), item.get("full")
        if isinstance(abbr, str) and isinstance(full, str) and re.fullmatch(r"[^\s.]+", abbr):
            out[fold(abbr)] = re.sub(r"\s*\(.*?\)", "", fold(full))
    return out


@dataclass
class Proposal:
    """A registry entry the importer proposes for a name it could not match."""

    id: str
    name: str
    kind: AgencyKind
    locality: str | None
    short_names: list[str] = field(default_factory=list)
    locality_name: str | None = None  # a locality the registry does not know yet

    def entry(self) -> dict[str, Any]:
        """The entry as it would stand in ``registry/agencies.yaml``."""
        out: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.short_names:
            out["short_names"] = list(self.short_names)
        out["locality"] = self.locality
        out["kind"] = self.kind
        return out

    def agency(self) -> Agency:
        """The entry as an agency, for checking the draft as if it were accepted. Built
        without validation: a name read from a document may break the registry's rules
        (length, stray characters), which ``planpub validate`` reports once it is pasted."""
        return Agency.model_construct(**self.entry())


class Matcher:
    """Printed names → agency ids, for one plan's locality and date."""

    def __init__(self, registry: Registry, abbreviations: dict[str, str],
                 locality: str | None, when: dt.date | None, place: str | None = None) -> None:
        self.registry = registry
        self.abbreviations = abbreviations
        self.when = when
        self.chain = self._chain(locality)
        home = next((loc for loc in self.chain if loc.kind != "country"), None)
        self.home = home
        self.place = home.name if home else place  # "tỉnh Lai Châu", for proposed names
        self.index: dict[str, list[Agency]] = {}
        for agency in registry.agencies.values():
            for name in (agency.name, *agency.short_names):
                self.index.setdefault(self.key(name), []).append(agency)
        self.proposals: dict[str, Proposal] = {}
        self.matched: dict[str, str] = {}

    def _chain(self, locality: str | None) -> list[Locality]:
        out: list[Locality] = []
        while locality and locality in self.registry.localities and all(
                x.id != locality for x in out):
            item = self.registry.localities[locality]
            out.append(item)
            locality = item.parent
        return out

    def key(self, name: str) -> str:
        """The comparison form of a name."""
        text = re.sub(r"\([^)]*\)", " ", name)
        text = fold(text)
        text = re.sub(r"\s*[-–—]\s*", "-", text)
        words = re.findall(r"[\w&-]+", text)
        return " ".join(self.abbreviations.get(w, w) for w in words if w != "-")

    # ------------------------------------------------------------------ matching

    def _names_place(self, agency: Agency) -> bool:
        """Whether the agency's official name names its own locality (``… tỉnh Bình Dương``)."""
        loc = self.registry.localities.get(agency.locality or "")
        place = self.key(_LOCALITY_PREFIX.sub("", loc.name)) if loc else ""
        return bool(place) and place in self.key(agency.name)

    def _elsewhere(self, agency: Agency) -> bool:
        """An agency without a locality whose name ends with a place other than this plan's
        (an accepted proposal whose locality was left empty)."""
        match = _LOCALITY_IN_NAME.search(agency.name)
        if not match:
            return False
        here = {fold(loc.name) for loc in self.chain} | {fold(self.place or "")}
        return fold(f"{match.group(1)} {match.group(2).strip()}") not in here

    def _usable(self, agency: Agency, exact_name: bool) -> int | None:
        """Rank of a candidate (lower is better), None if it cannot be meant."""
        if self.when and agency.valid_from and agency.valid_from > self.when:
            return None
        stale = bool(self.when and agency.valid_until and agency.valid_until < self.when)
        ids = [loc.id for loc in self.chain]
        if agency.locality is None:
            if not exact_name and self._elsewhere(agency):
                return None  # "Sở Tài chính" is not "Sở Tài chính thành phố Cần Thơ" here
            rank = len(ids) + 1
        elif agency.locality in ids:
            rank = ids.index(agency.locality)
        elif exact_name and self._names_place(agency):
            rank = len(ids) + 2
        else:
            return None
        return rank + (100 if stale else 0)

    def _best(self, key: str) -> Agency | None:
        ranked = []
        for agency in self.index.get(key, []):
            rank = self._usable(agency, key == self.key(agency.name))
            if rank is not None:
                ranked.append((rank, agency.id, agency))
        return min(ranked)[2] if ranked else None

    def _with_locality(self, key: str) -> list[str]:
        """``key`` read in each enclosing locality: ``so tu phap`` → ``so tu phap tinh x``."""
        out = []
        for loc in self.chain:
            name = self.key(loc.name)
            levels = _LEVEL_WORDS.get(loc.kind, ())
            for word in levels:
                if key.endswith(" " + word):
                    out.append(key[: -len(word)] + name)
            if not any(key.endswith(" " + w) for levels2 in _LEVEL_WORDS.values()
                       for w in levels2):
                out.append(f"{key} {name}")
        return out

    def find(self, name: str) -> str | None:
        """The registry id the printed ``name`` means here, if any."""
        key = self.key(name)
        if not key:
            return None
        found = self._best(key)
        if found is None:
            for candidate in self._with_locality(key):
                found = self._best(candidate)
                if found is not None:
                    break
        if found is None and key.startswith("cac "):
            found = self._best(key[4:])
        return found.id if found else None

    def proposed(self, ident: str) -> bool:
        """Whether ``ident`` is one of this import's proposed entries (not the registry's)."""
        return any(p.id == ident for p in self.proposals.values())

    def resolve(self, name: str) -> str:
        """The id for ``name``: a registry match, else a (new or reused) proposal."""
        key = self.key(name)
        ident = self.matched.get(key) or self.find(name)
        if ident is None:
            ident = self._propose(name, key).id
        self.matched[key] = ident
        proposal = self.proposals.get(key)
        if proposal is not None and name not in proposal.short_names:
            proposal.short_names.append(name)  # every printed spelling helps the next import
        return ident

    # ------------------------------------------------------------------ proposals

    def _propose(self, name: str, key: str) -> Proposal:
        kind = kind_of(name)
        local = self.place is not None and not _CENTRAL.search(name)
        full = name[0].upper() + name[1:]
        if local and self.place and not _LOCALITY_IN_NAME.search(name):
            bare = _LOCALITY_PREFIX.sub("", self.place)
            level = fold(self.place[: len(self.place) - len(bare)].strip())
            named = fold(full).endswith(" " + fold(bare))  # "Báo Lai Châu"
            if not named and level and fold(full).endswith(" " + level):
                full = f"{full} {bare}"
            elif not named and kind != "role":  # a role's id still names the place
                full = f"{full} {self.place}"
        same = next((p for p in self.proposals.values() if fold(p.name) == fold(full)), None)
        if same is not None:
            self.proposals[key] = same
            return same  # "Các Sở, ban, ngành" and "… Thành phố": one body
        taken = set(self.registry.agencies) | {p.id for p in self.proposals.values()}
        ident = unique_id(agency_id(full, self.place if local else None, self.abbreviations),
                          taken)
        proposal = Proposal(ident, full, kind, self.home.id if local and self.home else None,
                            locality_name=self.place if local and not self.home else None)
        self.proposals[key] = proposal
        return proposal


_KINDS: tuple[tuple[str, AgencyKind], ...] = (
    (r"liên quan$", "role"),
    (r"^(?:các|cơ quan, |đơn vị |cơ quan có liên quan|cơ quan liên quan)", "group"),
    (r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\b.*\b(?:các|cấp)\b", "group"),
    (r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\b", "people-committee"),
    (r"^(?:HĐND|Hội đồng nhân dân|Thường trực HĐND)", "people-council"),
    (r"^Chủ tịch", "chairman"),
    (r"^(?:Tòa án|Toà án|TAND)", "court"),
    (r"^(?:Viện kiểm sát|Viện KSND|VKSND)", "procuracy"),
    (r"(?:Thi hành án|THADS)", "enforcement"),
    (r"^Công an", "police"),
    (r"^Bộ (?!phận|Chỉ huy|CHQS)", "ministry"),
    (r"^(?:Chính phủ)", "government"),
    (r"^(?:Sở|Cục|Chi cục|Phòng|Ban Dân tộc|Thanh tra|Kho bạc)\b", "department"),
    (r"^Văn phòng", "office"),
    (r"^(?:Báo|Đài|Thông tấn|Tạp chí|Cổng thông tin)", "media"),
    (r"^(?:Hội|Liên đoàn|Đoàn|Mặt trận|Ủy ban Mặt trận|Liên minh|Tỉnh đoàn|Thành đoàn)",
     "mass-organisation"),
    (r"^(?:Bộ phận|Trung tâm|Ban)\b", "unit"),
    (r"^(?:Công chức|Cán bộ|Giám đốc|Người đứng đầu|Thủ trưởng|Thủ tướng)", "official"),
    (r"^(?:cơ quan|đơn vị)\b", "role"),
)


def kind_of(name: str) -> AgencyKind:
    """A best guess at the kind of body a printed name designates."""
    if re.search(r"liên quan$", name):
        return "role"
    if any(part.strip()[:1].islower() for part in name.split(",")[1:]):
        return "group"  # "Sở, ban, ngành": a collective name
    for pattern, kind in _KINDS:
        if re.search(pattern, name, flags=re.IGNORECASE):
            return kind
    return "other" if is_head(name) else "role"


def locality_from_name(name: str, registry: Registry, when: dt.date | None
                       ) -> tuple[str | None, str | None]:
    """(registry id, printed name) of the locality named at the end of an issuer's name."""
    match = _LOCALITY_IN_NAME.search(name)
    if not match:
        return None, None
    printed = f"{match.group(1).lower()} {match.group(2).strip()}"
    wanted = fold(printed)
    options = [loc for loc in registry.localities.values() if fold(loc.name) == wanted]
    options.sort(key=lambda loc: (bool(when and loc.valid_until and loc.valid_until < when),
                                  bool(when and loc.valid_from and loc.valid_from > when)))
    return (options[0].id if options else None), printed
