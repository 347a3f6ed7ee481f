"""A synthetic nation of plans: a complete planpub repository with N plans.

34 provinces (their real names) and about 3,300 communes (synthetic,
Vietnamese-looking names), the agencies of each, and provincial and commune
plans for 2020–2026. Commune plans implement their province's plan of the same
year; every plan cites the Law and the Ministry of Justice's yearly letter.
Task counts, title lengths, agency counts and mixes per role, timeline
wordings and prose lengths are drawn from ``distributions.json`` (measured from
the real plans by :mod:`benchmarks.distributions`).

The output is the real repository's site inputs (``mkdocs.yml``, ``content/``,
``macros/``, ``site_templates/``, the registries and the seed plans) plus the
synthetic registry entries and plans, so the real build runs on it, and progress
files for a share of the plans (:mod:`benchmarks.progressgen`). Same arguments,
same bytes: one ``random.Random(seed)`` for the plans and one for the progress
files (so the plans are the same with or without them), sorted iteration, no
clock.

    python -m benchmarks.generate --plans 1000 --seed 1 --out benchmarks/out/n1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from benchmarks.progressgen import (
    leaf_views,
    plan_progress,
    registry_standing,
    seed_progress,
    timeline_due,
)
from planpub.slug import slugify

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTIONS = Path(__file__).with_name("distributions.json")
YEARS = tuple(range(2020, 2027))

SITE_INPUTS = ("mkdocs.yml", "content", "macros", "site_templates", "hooks", "overrides")
"""What the real build reads besides plans and registries; copied when present."""

REGISTRY_FILES = ("localities.yaml", "agencies.yaml", "legal.yaml")

# (name, kind, communes): the 34 provinces and centrally run cities from 01/07/2025,
# with approximate commune-level unit counts (about 3,300 in all).
PROVINCES: tuple[tuple[str, str, int], ...] = (
    ("Hà Nội", "city", 126), ("Huế", "city", 40), ("Hải Phòng", "city", 114),
    ("Đà Nẵng", "city", 94), ("Hồ Chí Minh", "city", 168), ("Cần Thơ", "city", 103),
    ("Lai Châu", "province", 38), ("Điện Biên", "province", 45), ("Sơn La", "province", 75),
    ("Lạng Sơn", "province", 65), ("Quảng Ninh", "province", 54),
    ("Thanh Hóa", "province", 166), ("Nghệ An", "province", 130), ("Hà Tĩnh", "province", 69),
    ("Cao Bằng", "province", 56), ("Tuyên Quang", "province", 124), ("Lào Cai", "province", 99),
    ("Thái Nguyên", "province", 92), ("Phú Thọ", "province", 148), ("Bắc Ninh", "province", 99),
    ("Hưng Yên", "province", 104), ("Ninh Bình", "province", 129),
    ("Quảng Trị", "province", 78), ("Quảng Ngãi", "province", 96), ("Gia Lai", "province", 135),
    ("Khánh Hòa", "province", 65), ("Lâm Đồng", "province", 124), ("Đắk Lắk", "province", 102),
    ("Đồng Nai", "province", 95), ("Tây Ninh", "province", 96), ("Vĩnh Long", "province", 124),
    ("Đồng Tháp", "province", 102), ("Cà Mau", "province", 64), ("An Giang", "province", 102),
)

SPECIAL_ZONES = {
    "Hải Phòng": ("Cát Hải", "Bạch Long Vĩ"), "Quảng Ninh": ("Vân Đồn", "Cô Tô"),
    "Khánh Hòa": ("Trường Sa",), "Đà Nẵng": ("Hoàng Sa",), "Quảng Trị": ("Cồn Cỏ",),
    "Quảng Ngãi": ("Lý Sơn",), "Lâm Đồng": ("Phú Quý",), "Hồ Chí Minh": ("Côn Đảo",),
    "An Giang": ("Phú Quốc", "Kiên Hải", "Thổ Châu"),
}

SYLLABLES = (
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Long", "Phước",
    "Mỹ", "Hưng", "Thuận", "Đức", "Vĩnh", "Xuân", "Quang", "Trung", "Sơn", "Hà", "Thanh", "Lộc",
    "Thọ", "Đại", "Đồng", "Cẩm", "Kim", "Hải", "Lạc", "Hiệp", "Định", "Nghĩa", "Khánh", "Lợi",
    "Thắng", "Yên", "Gia", "Minh", "Tiến", "Hợp", "Điền", "Đạo", "Lâm", "Thủy", "Cát", "Hồng",
    "Phong", "Tường", "Châu", "Ninh", "Khê", "Lương", "Thới", "Hội", "Quý", "Tú", "Diên", "Đoài",
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn")
MIDDLE = ("Văn", "Thị", "Minh", "Hữu", "Đức", "Quang", "Thanh", "Ngọc", "Hoàng", "Xuân", "Công",
          "Đình", "Thành", "Hồng", "Kim")
GIVEN = ("Anh", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khánh",
         "Lan", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo",
         "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Yến", "Đông", "Định")

ROLE_LABELS = {"lead": "Cơ quan thực hiện", "advise": "Cơ quan tham mưu thực hiện",
               "coordinate": "Cơ quan phối hợp", "consolidate": "Cơ quan đầu mối tổng hợp"}

_YEAR_SLOT = re.compile(r"\{Y([+-]\d+)\}")
_PLAN_YEAR = re.compile(r"(năm )20(?:24|25)\b")
_REAL_PLACES = ("tỉnh Bình Dương", "phường Phổ Minh", "tỉnh Quảng Ngãi", "thị xã Đức Phổ")
_ID = re.compile(r"^- id: (\S+)\s*$", re.MULTILINE)


# --------------------------------------------------------------------------- the nation


@dataclass(frozen=True)
class Province:
    """A province-level unit and the ids of its agencies."""

    id: str
    short: str  # Hà Nội
    kind: str  # city | province
    communes: tuple[Commune, ...] = ()

    @property
    def name(self) -> str:
        return f"{'Thành phố' if self.kind == 'city' else 'tỉnh'} {self.short}"

    @property
    def level(self) -> str:
        """The word plans print after an agency: ``tỉnh`` or ``thành phố``."""
        return "thành phố" if self.kind == "city" else "tỉnh"

    @property
    def tag(self) -> str:
        return "tp" if self.kind == "city" else "tinh"

    @property
    def committee(self) -> str:
        return f"ubnd-{self.tag}-{self.id}"


@dataclass(frozen=True)
class Commune:
    """A commune-level unit (xã, phường, đặc khu)."""

    id: str
    short: str
    kind: str  # commune | ward | special-zone
    province: str

    @property
    def word(self) -> str:
        return {"commune": "xã", "ward": "phường", "special-zone": "đặc khu"}[self.kind]

    @property
    def name(self) -> str:
        return f"{self.word} {self.short}"

    @property
    def committee(self) -> str:
        return f"ubnd-{self.id}"


def nation(rng: random.Random) -> list[Province]:
    """The 34 provinces with synthetic communes; names unique within a province."""
    out = []
    for short, kind, count in PROVINCES:
        pid = slugify(short)
        names: list[tuple[str, str]] = [(z, "special-zone") for z in SPECIAL_ZONES.get(short, ())]
        taken = {slugify(n) for n, _ in names}  # Đông Hòa and Đồng Hòa share a slug
        ward_share = 0.45 if kind == "city" else 0.12
        while len(names) < count:
            first, second = rng.sample(SYLLABLES, 2)
            candidate = f"{first} {second}"
            if slugify(candidate) in taken:
                continue
            taken.add(slugify(candidate))
            names.append((candidate, "ward" if rng.random() < ward_share else "commune"))
        communes = []
        for short_name, ckind in names:
            prefix = {"commune": "xa", "ward": "phuong", "special-zone": "dac-khu"}[ckind]
            communes.append(Commune(f"{prefix}-{slugify(short_name)}-{pid}", short_name, ckind,
                                    pid))
        out.append(Province(pid, short, kind, tuple(communes)))
    return out


# --------------------------------------------------------------------------- registries


@dataclass
class Registry:
    """Generated registry entries by file, in insertion order, ids unique."""

    localities: dict[str, dict[str, Any]] = field(default_factory=dict)
    agencies: dict[str, dict[str, Any]] = field(default_factory=dict)
    legal: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, table: str, entry: dict[str, Any]) -> str:
        getattr(self, table).setdefault(entry["id"], entry)
        return str(entry["id"])


def _agency(reg: Registry, ident: str, name: str, kind: str, locality: str | None,
            short: Sequence[str] = (), **extra: Any) -> str:
    entry: dict[str, Any] = {"id": ident, "name": name}
    if short:
        entry["short_names"] = list(short)
    if locality:
        entry["locality"] = locality
    entry["kind"] = kind
    entry.update({k: v for k, v in extra.items() if v})
    return reg.add("agencies", entry)


def province_agencies(reg: Registry, prov: Province) -> dict[str, str]:
    """Register a province's agencies; returns category → agency id."""
    p, lv, tag, loc = prov.id, prov.level, prov.tag, prov.id
    ubnd = _agency(reg, prov.committee, f"Ủy ban nhân dân {prov.name}", "people-committee", loc,
                   [f"UBND {lv}", f"Ủy ban nhân dân {lv}"])
    out = {
        "committee": ubnd,
        "justice": _agency(reg, f"so-tu-phap-{p}", f"Sở Tư pháp {prov.name}", "department", loc,
                           ["Sở Tư pháp"], parent=ubnd),
        "finance": _agency(reg, f"so-tai-chinh-{p}", f"Sở Tài chính {prov.name}", "department",
                           loc, ["Sở Tài chính"], parent=ubnd),
        "court": _agency(reg, f"tand-{tag}-{p}", f"Tòa án nhân dân {prov.name}", "court", loc,
                         [f"TAND {lv}", f"Tòa án nhân dân {lv}"]),
        "procuracy": _agency(reg, f"vksnd-{tag}-{p}", f"Viện kiểm sát nhân dân {prov.name}",
                             "procuracy", loc, [f"Viện KSND {lv}", f"VKSND {lv}"]),
        "enforcement": _agency(reg, f"thads-{tag}-{p}", f"Thi hành án dân sự {prov.name}",
                               "enforcement", loc, [f"Cục THADS {lv}", f"THADS {lv}"]),
        "police": _agency(reg, f"cong-an-{tag}-{p}", f"Công an {prov.name}", "police", loc,
                          [f"Công an {lv}"]),
        "media": _agency(reg, f"bao-ptth-{p}", f"Báo và Phát thanh, Truyền hình {prov.short}",
                         "media", loc, ["Báo và Phát thanh, Truyền hình"]),
        "related": _agency(reg, "co-quan-giai-quyet-boi-thuong",
                           "Cơ quan giải quyết yêu cầu bồi thường", "role", None,
                           ["Cơ quan giải quyết yêu cầu bồi thường"]),
    }
    others = [
        _agency(reg, f"so-{key}-{p}", f"Sở {name} {prov.name}", "department", loc, [f"Sở {name}"],
                parent=ubnd)
        for key, name in (("noi-vu", "Nội vụ"), ("khcn", "Khoa học và Công nghệ"),
                          ("vhttdl", "Văn hóa, Thể thao và Du lịch"),
                          ("gddt", "Giáo dục và Đào tạo"))
    ]
    out["other"] = ",".join(others)
    out["sectors"] = _agency(reg, f"cac-so-nganh-{p}", f"Các sở, ban, ngành {prov.name}", "group",
                             loc, ["Các sở, ngành", f"Các sở, ban, ngành {lv}"],
                             members=[out["justice"], out["finance"], *others])
    out["lower-committees"] = f"ubnd-cap-xa-{p}"  # registered once its members are known
    return out


def commune_agencies(reg: Registry, commune: Commune) -> dict[str, str]:
    """Register a commune's agencies; returns category → agency id."""
    c, word, loc = commune.id, commune.word, commune.id
    ubnd = _agency(reg, commune.committee, f"Ủy ban nhân dân {commune.name}", "people-committee",
                   loc, [f"UBND {word}"])
    justice = _agency(reg, f"tu-phap-ho-tich-{c}",
                      f"Công chức Tư pháp - Hộ tịch {commune.name}", "official", loc)
    sectors = _agency(reg, f"cac-ban-nganh-{c}", f"Các ban, ngành {commune.name}", "group", loc,
                      [f"các ban, ngành {word}"], members=[justice])
    return {"committee": ubnd, "justice": justice, "sectors": sectors,
            "lower-committees": sectors, "other": ubnd, "media": ubnd}


def localities(reg: Registry, provinces: Iterable[Province], used: set[str]) -> None:
    """The country, every province, and the communes that issue plans (the registry grows
    with the site, as a real one does while communes start publishing)."""
    reg.add("localities", {"id": "vn", "name": "Việt Nam", "kind": "country"})
    for prov in provinces:
        reg.add("localities", {"id": prov.id, "name": prov.name, "kind": prov.kind,
                               "parent": "vn"})
    for prov in provinces:
        for commune in prov.communes:
            if commune.id in used:
                reg.add("localities", {"id": commune.id, "name": commune.name,
                                       "kind": commune.kind, "parent": prov.id})


def national_documents(reg: Registry, rng: random.Random) -> dict[str, dict[str, Any]]:
    """The Law, its decree and circular, and the Ministry's yearly letter for each year."""
    _agency(reg, "quoc-hoi", "Quốc hội", "other", None)
    _agency(reg, "chinh-phu", "Chính phủ", "government", None)
    _agency(reg, "bo-tu-phap", "Bộ Tư pháp", "ministry", None, ["Bộ Tư pháp"])
    law = reg.add("legal", {"id": "luat-tnbtcnn-2017", "type": "luat", "number": "10/2017/QH14",
                            "title": "Luật Trách nhiệm bồi thường của Nhà nước",
                            "issuer": "quoc-hoi", "issued": dt.date(2017, 6, 20)})
    decree = reg.add("legal", {"id": "nd-68-2018-nd-cp", "type": "nghi-dinh",
                               "number": "68/2018/NĐ-CP",
                               "title": "Quy định chi tiết một số điều và biện pháp thi hành Luật "
                                        "Trách nhiệm bồi thường của Nhà nước",
                               "issuer": "chinh-phu", "issued": dt.date(2018, 5, 15)})
    docs: dict[str, dict[str, Any]] = {
        "law": {"ref": law, "text": "Luật Trách nhiệm bồi thường của Nhà nước năm 2017"},
        "decree": {"ref": decree, "text": "Nghị định số 68/2018/NĐ-CP ngày 15/5/2018 của Chính "
                                          "phủ quy định chi tiết một số điều và biện pháp thi "
                                          "hành Luật Trách nhiệm bồi thường của Nhà nước"},
    }
    for year in YEARS:
        number = rng.randint(300, 7500)
        issued = dt.date(year - 1, 12, rng.randint(1, 28))
        ident = reg.add("legal", {
            "id": f"cv-{number}-btp-btnn-{year - 1}", "type": "cong-van",
            "number": f"{number}/BTP-BTNN",
            "title": f"Về việc thực hiện nhiệm vụ trọng tâm công tác bồi thường nhà nước năm "
                     f"{year}", "issuer": "bo-tu-phap", "issued": issued})
        docs[f"letter-{year}"] = {
            "ref": ident,
            "text": f"Công văn số {number}/BTP-BTNN ngày {issued.day}/{issued.month}/"
                    f"{issued.year} của Bộ Tư pháp về việc thực hiện nhiệm vụ trọng tâm công tác "
                    f"bồi thường nhà nước năm {year}",
        }
    return docs


# --------------------------------------------------------------------------- prose


class Prose:
    """Paragraphs, titles and timelines drawn from the measured distributions."""

    def __init__(self, data: dict[str, Any], rng: random.Random) -> None:
        self.data, self.rng = data, rng
        self.timelines = tuple(sorted(data["timelines"].items()))

    def pick(self, values: Sequence[Any]) -> Any:
        return values[self.rng.randrange(len(values))]

    def adapt(self, text: str, year: int, place: str) -> str:
        """Move a real paragraph to this plan's year and locality."""
        text = _PLAN_YEAR.sub(lambda m: m.group(1) + str(year), text)
        for real in _REAL_PLACES:
            text = text.replace(real, place)
        return text

    def paragraph(self, year: int, place: str) -> str:
        """A real plan paragraph (purpose, task body, organisation ...)."""
        return self.adapt(self.pick(self.data["paragraphs"]), year, place)

    def title(self, year: int, place: str) -> str:
        """A real task title, of a length drawn from all the real titles."""
        target = self.pick(self.data["title_lengths"])
        candidates = [self.pick(self.data["titles"]) for _ in range(4)]
        best = min(candidates, key=lambda t: abs(len(t) - target))
        return self.adapt(best, year, place)

    def timeline(self, year: int) -> str:
        """A real wording moved to ``year``, one the real parser accepts."""
        choices = _accepted_timelines(self.timelines, year)
        return self.rng.choices([t for t, _ in choices], [w for _, w in choices])[0]


@cache
def _accepted_timelines(templates: tuple[tuple[str, int], ...], year: int
                        ) -> tuple[tuple[str, int], ...]:
    from planpub.timeline import TimelineError, resolve_timeline

    out = []
    for template, weight in templates:
        text = _YEAR_SLOT.sub(lambda m: str(year + int(m.group(1))), template)
        try:
            resolve_timeline(text, year=year)
        except TimelineError:
            continue
        out.append((text, weight))
    if not out:
        raise SystemExit("Bộ phân tích thời gian không nhận cách ghi nào trong distributions.json.")
    return tuple(out)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


# --------------------------------------------------------------------------- plans


@dataclass
class Level:
    """What a plan's tasks can name: agency ids by category, and their printed names."""

    agencies: dict[str, str]
    names: dict[str, str]

    def ids(self, category: str, rng: random.Random) -> str:
        value = self.agencies.get(category) or self.agencies["other"]
        options = value.split(",")
        return options[rng.randrange(len(options))]


def _draw_agencies(prose: Prose, level: Level, role: str) -> list[str]:
    rng = prose.rng
    count = prose.pick(prose.data["role_counts"][role])
    mix = sorted(prose.data["role_mix"][role].items())
    kinds, weights = [k for k, _ in mix], [w for _, w in mix]
    out: list[str] = []
    for _ in range(count * 3):
        if len(out) >= count:
            break
        ident = level.ids(rng.choices(kinds, weights)[0], rng)
        if ident not in out:
            out.append(ident)
    return out


def _task(prose: Prose, level: Level, number: str, year: int, place: str,
          leaf: bool) -> dict[str, Any]:
    rng, fractions = prose.rng, prose.data["fractions"]
    task: dict[str, Any] = {"number": number, "title": prose.title(year, place)}
    if rng.random() < fractions["body"]:
        task["body"] = prose.paragraph(year, place)
    if not leaf:
        return task
    lead = _draw_agencies(prose, level, "lead")
    roles = {"lead": lead,
             "coordinate": [a for a in _draw_agencies(prose, level, "coordinate") if a not in lead]}
    if rng.random() < fractions["advise"]:
        roles["advise"] = [level.agencies["justice"]]
    if rng.random() < fractions["consolidate"]:
        roles["consolidate"] = [level.agencies["justice"]]
    for role in ("lead", "advise", "coordinate", "consolidate"):
        if roles.get(role):
            task[role] = roles[role]
    if rng.random() < fractions["lines"]:
        task["lines"] = [{"label": ROLE_LABELS[role],
                          "text": ", ".join(level.names[a] for a in roles[role]) + "."}
                         for role in ("lead", "advise", "coordinate") if roles.get(role)]
    task["timeline"] = prose.timeline(year)
    return task


def _tasks(prose: Prose, level: Level, year: int, place: str) -> list[dict[str, Any]]:
    """Top-level tasks whose leaves number as many as a real plan's."""
    rng, data = prose.rng, prose.data
    leaves = prose.pick(data["leaf_task_counts"])
    grouped = rng.random() < data["grouped_fraction"]
    out: list[dict[str, Any]] = []
    left = leaves
    while left > 0:
        number = str(len(out) + 1)
        size = min(left, prose.pick(data["children_per_group"])) if grouped else 1
        if size >= 2 and rng.random() < 0.3:
            parent = _task(prose, level, number, year, place, leaf=False)
            parent["subtasks"] = [_task(prose, level, f"{number}.{i}", year, place, leaf=True)
                                  for i in range(1, size + 1)]
            out.append(parent)
            left -= size
        else:
            out.append(_task(prose, level, number, year, place, leaf=True))
            left -= 1
    return out


@dataclass(frozen=True)
class PlanSpec:
    """Who issues a plan, where, when, and what it implements."""

    id: str
    year: int
    place: str  # printed locality name
    place_short: str
    issuer: str
    level: Level
    bases: tuple[dict[str, Any], ...]
    issued: dt.date
    number: str
    authority: str


def plan_document(prose: Prose, spec: PlanSpec) -> dict[str, Any]:
    """One plan file's content, in the order officers write it."""
    rng, year, place = prose.rng, spec.year, spec.place
    capacity = rng.choice([None, "KT. CHỦ TỊCH"])
    counts = prose.data["section_counts"]
    organisation = []
    for _ in range(prose.pick(counts["organisation"])):
        actors = _draw_agencies(prose, spec.level, "lead")
        item: dict[str, Any] = {"actors": actors} if actors else {}
        item["body"] = prose.paragraph(year, place)
        organisation.append(item)
    organisation.append({"topic": "funding", "body": prose.adapt(
        "Kinh phí thực hiện Kế hoạch này được đảm bảo từ nguồn kinh phí hoạt động thường xuyên "
        "của cơ quan, đơn vị, địa phương được cấp có thẩm quyền phê duyệt.", year, place)})
    return {
        "id": spec.id,
        "type": "ke-hoach",
        "title": f"Triển khai công tác bồi thường nhà nước năm {year} trên địa bàn {place}",
        "issuer": spec.issuer,
        "number": spec.number,
        "issued": spec.issued,
        "place": spec.place_short,
        "year": year,
        "bases_intro": "Thực hiện",
        "bases": list(spec.bases),
        "intro": f"{spec.authority} ban hành Kế hoạch triển khai công tác bồi thường nhà nước "
                 f"năm {year} trên địa bàn {place}, cụ thể như sau:",
        "purposes": [prose.paragraph(year, place) for _ in range(prose.pick(counts["purposes"]))],
        "requirements": [prose.paragraph(year, place)
                         for _ in range(prose.pick(counts["requirements"]))],
        "tasks": _tasks(prose, spec.level, year, place),
        "organisation": organisation,
        "closing": prose.paragraph(year, place).rstrip("./") + "./.",
        "recipients": ["Sở Tư pháp;", "Các cơ quan, đơn vị có liên quan;", "Lưu: VT."],
        "signature": {"authority": "TM. ỦY BAN NHÂN DÂN", "capacity": capacity,
                      "title": "PHÓ CHỦ TỊCH" if capacity else "CHỦ TỊCH", "name": person(rng)},
    }


# --------------------------------------------------------------------------- the repository


@dataclass(frozen=True)
class Summary:
    """What was written."""

    out: Path
    plans: int
    provincial: int
    communal: int
    seeds: int
    agencies: int
    localities: int
    tasks: int
    progress_files: int = 0
    reports: int = 0


def _existing_ids(path: Path) -> set[str]:
    return set(_ID.findall(path.read_text(encoding="utf-8"))) if path.exists() else set()


def _dump(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096)
    return text


def _choose(rng: random.Random, provinces: list[Province], wanted: int, taken: set[str]
            ) -> list[tuple[Province, Commune | None, int]]:
    """Which province-years and commune-years issue plans: a commune plan needs its
    province's plan of the same year, so provincial plans are chosen first."""
    province_years = [(p, y) for p in provinces for y in YEARS
                      if f"{p.id}-{y}-boi-thuong-nha-nuoc" not in taken]
    share = min(len(province_years), max(1, round(2.4 * math.sqrt(wanted))), wanted)
    rng.shuffle(province_years)
    chosen = province_years[:share]
    rest = province_years[share:]

    def capacity() -> list[tuple[Province, Commune, int]]:
        return [(p, c, y) for p, y in sorted(chosen, key=lambda t: (t[0].id, t[1]))
                for c in p.communes if f"{c.id}-{y}-boi-thuong-nha-nuoc" not in taken]

    pairs = capacity()
    while len(pairs) < wanted - len(chosen) and rest:
        chosen.append(rest.pop())
        pairs = capacity()
    communal = rng.sample(pairs, min(len(pairs), wanted - len(chosen)))
    plans: list[tuple[Province, Commune | None, int]] = [(p, None, y) for p, y in chosen]
    plans += [(p, c, y) for p, c, y in communal]
    return plans


def _copy_inputs(source: Path, out: Path) -> list[Path]:
    for name in SITE_INPUTS:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, out / name)
        elif src.is_file():
            shutil.copy2(src, out / name)
    (out / "registry").mkdir()
    for src in sorted((source / "registry").glob("*")):
        if src.is_file():
            shutil.copy2(src, out / "registry" / src.name)
    (out / "plans").mkdir()
    seeds = sorted((source / "plans").glob("*.yaml"))
    for src in seeds:
        shutil.copy2(src, out / "plans" / src.name)
    (out / "progress").mkdir()
    for src in sorted((source / "progress").glob("*")):
        if src.is_file():
            shutil.copy2(src, out / "progress" / src.name)
    return seeds


def generate(out: Path, plans: int, seed: int = 1, source: Path = ROOT,
             distributions: Path = DISTRIBUTIONS, force: bool = False) -> Summary:
    """Write a complete repository with ``plans`` plans (the seed plans included) to ``out``."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"Thư mục {out} đã có dữ liệu; dùng --force để ghi đè.")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    data = json.loads(distributions.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    reporting = random.Random(f"progress-{seed}")
    seeds = _copy_inputs(source, out)
    files = [0, 0]  # progress files, reports

    def write_progress(found: dict[str, Any] | None) -> None:
        target = out / "progress" / f"{found['plan']}.yaml" if found else None
        if found and target and not target.exists():  # a real progress file is kept
            target.write_text(_dump(found), encoding="utf-8")
            files[0] += 1
            files[1] += len(found["reports"])

    for found in seed_progress(reporting, source, seeds, source):
        write_progress(found)
    taken_plans = {p.stem for p in seeds}
    known = {name: _existing_ids(out / "registry" / name) for name in REGISTRY_FILES}

    provinces = nation(rng)
    reg = Registry()
    chosen = _choose(rng, provinces, max(0, plans - len(seeds)), taken_plans)
    localities(reg, provinces, {c.id for _, c, _ in chosen if c is not None})
    docs = national_documents(reg, rng)
    prose = Prose(data, rng)

    numbers = {year: rng.sample(range(10, 999), len(provinces)) for year in YEARS}
    prov_levels: dict[str, Level] = {}
    members: dict[str, list[str]] = {}
    specs: dict[tuple[str, int], PlanSpec] = {}
    commune_specs: list[PlanSpec] = []
    for prov, commune, year in sorted(chosen, key=lambda t: (t[1] is not None, t[0].id,
                                                             t[1].id if t[1] else "", t[2])):
        if prov.id not in prov_levels:
            cats = province_agencies(reg, prov)
            prov_levels[prov.id] = Level(cats, {})
            members[prov.id] = []
        plevel = prov_levels[prov.id]
        issued = dt.date(year, rng.randint(1, 3), rng.randint(1, 28))
        if commune is None:
            # Provincial numbers are unique per year, so a citation names one document.
            number = f"{numbers[year].pop()}/KH-UBND"
            spec = PlanSpec(
                f"{prov.id}-{year}-boi-thuong-nha-nuoc", year, prov.name, prov.short,
                plevel.agencies["committee"], plevel,
                (docs["law"], docs[f"letter-{year}"]), issued, number,
                f"Ủy ban nhân dân {prov.name}")
            specs[(prov.id, year)] = spec
            reg.add("legal", {
                "id": f"kh-{number.split('/')[0]}-kh-ubnd-{prov.id}-{year}", "type": "ke-hoach",
                "number": number,
                "title": f"Triển khai công tác bồi thường nhà nước năm {year} trên địa bàn "
                         f"{prov.name}",
                "issuer": plevel.agencies["committee"], "issued": issued, "plan": spec.id})
            continue
        cats = commune_agencies(reg, commune)
        if cats["committee"] not in members[prov.id]:
            members[prov.id].append(cats["committee"])
        parent = specs[(prov.id, year)]
        local = dict(plevel.agencies)
        local.update(cats)
        cissued = min(parent.issued + dt.timedelta(days=rng.randint(3, 60)), dt.date(year, 12, 31))
        basis = {"ref": f"kh-{parent.number.split('/')[0]}-kh-ubnd-{prov.id}-{year}",
                 "text": f"Kế hoạch số {parent.number} ngày {parent.issued.day}/"
                         f"{parent.issued.month}/{year} của Ủy ban nhân dân {prov.name} về triển "
                         f"khai công tác bồi thường nhà nước năm {year} trên địa bàn {prov.name}"}
        commune_specs.append(PlanSpec(
            f"{commune.id}-{year}-boi-thuong-nha-nuoc", year, commune.name, commune.short,
            cats["committee"], Level(local, {}), (basis, docs[f"letter-{year}"]), cissued,
            f"{rng.randint(5, 200)}/KH-UBND", f"Ủy ban nhân dân {commune.name}"))
    for prov in provinces:
        if prov.id in members:
            _agency(reg, f"ubnd-cap-xa-{prov.id}", f"Ủy ban nhân dân các xã, phường {prov.name}",
                    "group", prov.id, ["UBND cấp xã", "Ủy ban nhân dân các xã, phường"],
                    members=members[prov.id])
    names = {ident: entry.get("short_names", [entry["name"]])[0]
             for ident, entry in reg.agencies.items()}
    all_specs = sorted([*specs.values(), *commune_specs], key=lambda s: s.id)
    tasks = 0
    real = yaml.safe_load((out / "registry" / "agencies.yaml").read_text(encoding="utf-8"))
    # An id the real registry has keeps its real entry (the synthetic one is not written).
    standing = registry_standing({**reg.agencies, **{e["id"]: e for e in real or []}})
    for spec in all_specs:
        spec.level.names.update(names)
        doc = plan_document(prose, spec)
        tasks += _count_leaves(doc["tasks"])
        (out / "plans" / f"{spec.id}.yaml").write_text(_dump(doc), encoding="utf-8")
        write_progress(plan_progress(reporting, spec.id, spec.issued, spec.year,
                                     leaf_views(doc["tasks"], spec.year, timeline_due), standing))

    for table, name in (("localities", "localities.yaml"), ("agencies", "agencies.yaml"),
                        ("legal", "legal.yaml")):
        entries = [e for i, e in getattr(reg, table).items() if i not in known[name]]
        path = out / "registry" / name
        head = path.read_text(encoding="utf-8").rstrip() + "\n\n" if path.exists() else ""
        path.write_text(head + "# ---- synthetic entries (benchmarks/generate.py)\n"
                        + (_dump(entries) if entries else ""), encoding="utf-8")
    return Summary(out, len(all_specs) + len(seeds), len(specs), len(commune_specs), len(seeds),
                   len(reg.agencies), len(reg.localities), tasks, *files)


def _count_leaves(tasks: list[dict[str, Any]]) -> int:
    return sum(_count_leaves(t["subtasks"]) if t.get("subtasks") else 1 for t in tasks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Sinh một kho kế hoạch tổng hợp (dữ liệu giả lập) để đo hiệu năng.")
    parser.add_argument("--plans", type=int, required=True, help="số kế hoạch (kể cả kế hoạch mẫu)")
    parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
    parser.add_argument("--out", type=Path, required=True, help="thư mục đích")
    parser.add_argument("--source", type=Path, default=ROOT, help="kho thật để sao chép trang")
    parser.add_argument("--force", action="store_true", help="xóa thư mục đích nếu đã có")
    parser.add_argument("--json", type=Path, default=None, metavar="TỆP",
                        help="ghi bản tóm tắt (số kế hoạch, nhiệm vụ, cơ quan …) vào tệp JSON")
    args = parser.parse_args(argv)
    if args.plans < 1:
        parser.error("--plans phải lớn hơn 0")
    summary = generate(args.out, args.plans, args.seed, args.source, force=args.force)
    if args.json is not None:
        args.json.write_text(json.dumps({**asdict(summary), "out": str(summary.out)}),
                             encoding="utf-8")
    print(f"Đã sinh {summary.plans} kế hoạch ({summary.provincial} cấp tỉnh, {summary.communal} "
          f"cấp xã, {summary.seeds} kế hoạch mẫu), {summary.tasks} nhiệm vụ, "
          f"{summary.agencies} cơ quan, {summary.localities} địa bàn, {summary.progress_files} "
          f"tệp báo cáo tiến độ ({summary.reports} báo cáo) vào {summary.out}.",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
