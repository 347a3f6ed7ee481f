"""How well `planpub import` reads a plan, measured against an answer key.

A key (``X.expected.json``, format in ../shared/corpus/README.md) lists every task of
a document with its printed lead agencies, coordinating agencies and timeline. A key
task counts as found when the draft has a task with its number (or, when the numbering
differs, its title) whose leads are the printed ones, in order, and whose timeline text
is the printed one. Draft tasks that match no key task are reported apart: tasks the
importer made up.

Run directly to see the accuracy on the corpus while working on the importer::

    python tests/importscore.py [PLAN.txt …]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "real-plans"
UNKEYED = SHARED / "corpus" / "unkeyed"
OWN_KEYS = Path(__file__).parent / "data" / "importer" / "keys"
"""Our own keys for the plans in ../shared/corpus/unkeyed, written before the importer
was changed for them."""


def norm(text: str) -> str:
    """The answer keys' conventions: no markup, whitespace collapsed, one trailing . or : off."""
    text = re.sub(r"[*_]", "", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".;:").strip()


def _words(text: str) -> set[str]:
    from planpub.slug import fold
    return set(re.findall(r"\w+", fold(norm(text))))


def _similar(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb))) if wa and wb else 0.0


@dataclass
class Score:
    """One plan's result."""

    name: str
    total: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)  # "number: what differs"
    extra: list[str] = field(default_factory=list)  # draft tasks that match no key task

    def line(self) -> str:
        share = self.right / self.total if self.total else 1.0
        out = f"  {self.name}: {self.right}/{self.total} ({share:.0%}), thừa {len(self.extra)}"
        if self.wrong:
            out += " — sai: " + "; ".join(self.wrong)
        if self.extra:
            out += " — thừa: " + ", ".join(self.extra)
        return out


def key_for(source: Path) -> Path | None:
    """The answer key of a plan document: beside it, or ours for an unkeyed plan."""
    for key in (source.with_suffix(".expected.json"), OWN_KEYS / f"{source.stem}.expected.json"):
        if key.is_file():
            return key
    return None


def score(source: Path, key_path: Path, root: Path = ROOT,
          workdir: Path | None = None) -> Score:
    """Import ``source`` and compare the draft's tasks with the key's."""
    from planpub.importer.pipeline import run
    from planpub.load import load_registry
    from planpub.slug import fold
    from planpub.tasks import flatten

    key = json.loads(key_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        target = (workdir or Path(tmp)) / f"{_plan_id(source)}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        result = run(source, root, target, force=True)
    out = Score(source.name, total=len(key["tasks"]))
    if result.plan is None:
        out.wrong = [d.format() for d in result.diagnostics[:3]]
        return out
    registry, _ = load_registry(root)
    names = {a.id: {fold(norm(n)) for n in (a.name, *a.short_names)}
             for a in registry.agencies.values()}
    for proposal in result.draft.proposals:
        names[proposal.id] = {fold(norm(n)) for n in (proposal.name, *proposal.short_names)}
    leaves = {entry.number: entry for entry in flatten(result.plan)}
    unused = dict(leaves)
    pairs: list[tuple[dict[str, Any], Any]] = []
    for task in key["tasks"]:
        entry = unused.pop(task["number"], None)
        pairs.append((task, entry))
    for i, (task, entry) in enumerate(pairs):  # numbered differently: the same title
        if entry is None and unused:
            best = max(unused, key=lambda n: _similar(task["title"], unused[n].task.title))
            if _similar(task["title"], unused[best].task.title) >= 0.8:
                pairs[i] = (task, unused.pop(best))
    for task, entry in pairs:
        if entry is None:
            out.wrong.append(f"{task['number']}: không thấy")
            continue
        leads_ok = len(entry.lead) == len(task["lead"]) and all(
            _answers_to(fold(norm(printed)), names.get(ident, set()))
            for ident, printed in zip(entry.lead, task["lead"], strict=False))
        timeline = entry.timeline.text if entry.timeline else None
        wanted = norm(task["timeline"]) if task["timeline"] else None
        if leads_ok and timeline == wanted:
            out.right += 1
        else:
            shown = [sorted(names.get(i, {i}))[0] for i in entry.lead]
            out.wrong.append(f"{task['number']}→{entry.number}: {shown} / {timeline!r}"
                             f" (khóa: {task['lead']} / {wanted!r})")
    out.extra = list(unused)
    return out


def _answers_to(printed: str, names: set[str]) -> bool:
    """A printed name answers to an agency: one of its names, or its name without the
    place (``Sở Tài chính`` read in Thành phố Hồ Chí Minh's plan)."""
    return any(n == printed or n.startswith(printed + " ") for n in names)


def _plan_id(source: Path) -> str:
    from planpub.slug import slugify
    return slugify(source.stem)[:60].strip("-") or "ke-hoach"


def main(argv: list[str]) -> int:
    """Print the accuracy on the given plans (default: every keyed plan we have)."""
    sources = [Path(a) for a in argv] or [
        *sorted(SEEDS.glob("*.txt")), *sorted(CORPUS.glob("*.txt")), *sorted(UNKEYED.glob("*.txt"))]
    total = right = extra = 0
    for source in sources:
        key = key_for(source)
        if key is None:
            print(f"  {source.name}: chưa có khóa")
            continue
        result = score(source, key)
        total, right, extra = total + result.total, right + result.right, extra + len(result.extra)
        print(result.line())
    if total:
        print(f"  tổng: {right}/{total} ({right / total:.1%}), thừa {extra}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main(sys.argv[1:]))
