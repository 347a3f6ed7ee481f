"""Measure the real plans once and keep the figures the generator draws from.

Reads the answer keys and texts of the real plans (``../shared/seeds`` and
``../shared/corpus/real-plans``) and the plan files in ``plans/``, and writes
``benchmarks/distributions.json``: task counts, title lengths, agency counts and
mixes per role, timeline wordings (years as offsets from the plan's year),
prose paragraphs and task titles of the real plans. The JSON is committed, so the generator
is deterministic for a seed whatever happens to the corpus later.

Run ``python -m benchmarks.distributions`` after the corpus or the seed plans change.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from planpub.slug import fold

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUTPUT = Path(__file__).with_name("distributions.json")

_YEAR = re.compile(r"\b(20[1-3]\d)\b")
_MISPRINT = re.compile(r"\d/\d{5,}/")
"""A document number misprinted in the source (68/20218/NĐ-CP): kept in the real plan,
left out of the synthetic ones so that they validate without warnings."""

CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # (category, folded substrings); the first match wins, so order matters.
    ("sectors", ("so, nganh", "ban, nganh", "so, ban", "bo, co quan", "cac so", "cac ban")),
    ("lower-committees", ("cap xa", "cap huyen", "xa, phuong", "cac xa", "cac tinh")),
    ("justice", ("tu phap",)),
    ("finance", ("tai chinh",)),
    ("court", ("toa an", "tand")),
    ("procuracy", ("kiem sat", "vksnd")),
    ("enforcement", ("thi hanh an", "thads")),
    ("police", ("cong an",)),
    ("media", ("bao", "dai ", "truyen hinh", "thong tan")),
    ("related", ("lien quan", "giai quyet", "thu ly", "dia phuong", "don vi")),
)
"""How agency names in the answer keys are grouped into kinds the generator can map."""


def category(name: str) -> str:
    """The kind of agency a printed name stands for (``other`` if none matches)."""
    folded = fold(name)
    for kind, needles in CATEGORIES:
        if any(n in folded for n in needles):
            return kind
    return "other"


def _plan_year(key: dict[str, Any]) -> int:
    if key.get("issued"):
        return int(str(key["issued"])[:4])
    match = _YEAR.search(key.get("title", ""))
    return int(match.group(1)) if match else 2025


def year_template(text: str, year: int) -> str:
    """``Trước ngày 15/11/2025`` in a 2025 plan → ``Trước ngày 15/11/{Y+0}``."""
    return _YEAR.sub(lambda m: f"{{Y{int(m.group(1)) - year:+d}}}", text)


def _clean_text(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("# source"):
        lines = lines[2:]  # the corpus header is ours, not the document's
    text = re.sub(r"[*|#]", " ", "\n".join(lines))
    return text


def _paragraphs_of(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", value) if p.strip()]


def _real_plans(plans_dir: Path) -> dict[str, Any]:
    """Prose and structure of the real plan files: how officers fill each field."""
    tasks = 0
    counts: Counter[str] = Counter()
    sections: dict[str, list[int]] = {"purposes": [], "requirements": [], "organisation": []}
    paragraphs: list[str] = []

    def keep(text: Any) -> None:
        for para in _paragraphs_of(text):
            if para not in paragraphs and not _MISPRINT.search(para):
                paragraphs.append(para)

    def walk(items: list[dict[str, Any]]) -> None:
        nonlocal tasks
        for item in items:
            tasks += 1
            for key in ("body", "advise", "consolidate", "lines"):
                counts[key] += bool(item.get(key))
            keep(item.get("body"))
            walk(item.get("subtasks") or [])

    for path in sorted(plans_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in sections:
            sections[name].append(len(data.get(name) or []))
        for text in (*(data.get("purposes") or []), *(data.get("requirements") or []),
                     *(item.get("body") for item in data.get("organisation") or []),
                     data.get("funding"), data.get("closing")):
            keep(text)
        walk(data.get("tasks") or [])
    if not tasks:
        raise SystemExit(f"Không có kế hoạch thật nào trong {plans_dir} để đo.")
    return {
        "fractions": {
            "body": round(counts["body"] / tasks, 3),
            "lines": round(counts["lines"] / tasks, 3),
            "advise": round(max(counts["advise"] / tasks, 0.02), 3),
            "consolidate": round(max(counts["consolidate"] / tasks, 0.02), 3),
        },
        "section_counts": sections,
        "paragraphs": paragraphs,
    }


def measure(shared: Path = SHARED, plans_dir: Path = ROOT / "plans") -> dict[str, Any]:
    """Every figure the generator draws from, as plain JSON data."""
    keys = sorted([*shared.glob("seeds/*.expected.json"),
                   *shared.glob("corpus/real-plans/*.expected.json")])
    if not keys:
        raise SystemExit(f"Không tìm thấy đáp án kế hoạch thật trong {shared}.")
    leaf_counts: list[int] = []
    grouped: list[int] = []
    children: list[int] = []
    title_lengths: list[int] = []
    role_counts: dict[str, list[int]] = {"lead": [], "coordinate": []}
    role_mix: dict[str, Counter[str]] = {"lead": Counter(), "coordinate": Counter()}
    timelines: Counter[str] = Counter()
    titles: list[str] = []
    for path in keys:
        key = json.loads(path.read_text(encoding="utf-8"))
        year = _plan_year(key)
        tasks = key["tasks"]
        leaf_counts.append(len(tasks))
        parents = Counter(t["number"].rsplit(".", 1)[0] for t in tasks if "." in t["number"])
        grouped.append(int(bool(parents)))
        children.extend(parents.values())
        for task in tasks:
            title_lengths.append(len(task["title"]))
            if (path.parent.name == "seeds" and task["title"] not in titles
                    and not _MISPRINT.search(task["title"])):
                titles.append(task["title"])  # on-topic: state compensation
            for role in ("lead", "coordinate"):
                names = task.get(role) or []
                role_counts[role].append(len(names))
                role_mix[role].update(category(n) for n in names)
            if task.get("timeline"):
                timelines[year_template(task["timeline"], year)] += 1
    texts = sorted([*shared.glob("seeds/*.txt"), *shared.glob("corpus/real-plans/*.txt")])
    real = _real_plans(plans_dir)
    return {
        "about": "Figures measured from the real plans by benchmarks/distributions.py; "
                 "regenerate with `python -m benchmarks.distributions`.",
        "sources": [p.name for p in keys],
        "leaf_task_counts": leaf_counts,
        "grouped_fraction": round(sum(grouped) / len(grouped), 3),
        "children_per_group": children,
        "title_lengths": sorted(title_lengths),
        "role_counts": role_counts,
        "role_mix": {role: dict(sorted(mix.items())) for role, mix in role_mix.items()},
        "timelines": dict(sorted(timelines.items())),
        "plan_text_lengths": sorted(len(re.sub(r"\s+", " ", _clean_text(p))) for p in texts),
        "titles": titles,
        **real,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo phân phối từ các kế hoạch thật.")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--plans", type=Path, default=ROOT / "plans")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    data = measure(args.shared, args.plans)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Đã ghi {args.out} ({len(data['paragraphs'])} đoạn văn, "
          f"{len(data['timelines'])} cách ghi thời gian).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
