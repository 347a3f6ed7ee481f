"""planpub import on plans it was not developed on, each measured against an answer key.

- ../shared/corpus/unkeyed: six real plans in other layouts (duties grouped by agency,
  appendix tables, a plan issued by a decision), with keys we wrote from the documents
  before changing the importer for them (tests/data/importer/keys);
- tests/data/importer/layouts and layouts2: documents in the layouts real plans use,
  written apart from the importer, in the corpus's conversion format (layouts2 after the
  importer had been changed for layouts: its first score, 28/32, measured how the changes
  carried over to documents not yet seen).

Accuracy is reported per plan and apart from the corpus the importer was tuned on
(test_importer.test_corpus_accuracy); tasks the importer made up are counted apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from importscore import OWN_KEYS, UNKEYED, Score, key_for, score

LAYOUTS = Path(__file__).parent / "data" / "importer"


def _report(title: str, sources: list[Path], tmp_path: Path,
            record_property: Any) -> tuple[list[Score], str]:
    """Score each document; print one line per document and the total."""
    scores = []
    for source in sources:
        key = key_for(source) or source.with_suffix(".expected.json")
        result = score(source, key, workdir=tmp_path / source.stem)
        scores.append(result)
        record_property(source.name, f"{result.right}/{result.total}, thừa {len(result.extra)}")
    total, right = sum(s.total for s in scores), sum(s.right for s in scores)
    extra = sum(len(s.extra) for s in scores)
    text = "\n".join([*(s.line() for s in scores),
                      f"  tổng: {right}/{total} ({right / total:.1%}), thừa {extra}"])
    print(f"\n{title}\n{text}")
    return scores, text


@pytest.mark.skipif(not UNKEYED.is_dir(), reason="the unkeyed plans live in ../shared")
def test_unkeyed_real_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            record_property: Any) -> None:
    """At least 90% of their tasks with the printed leads and timeline; few made-up tasks."""
    sources = [p for p in sorted(UNKEYED.glob("*.txt"))
               if (OWN_KEYS / f"{p.stem}.expected.json").is_file()]
    assert len(sources) == 6
    with capsys.disabled():
        scores, text = _report(
            "Độ chính xác của planpub import trên ../shared/corpus/unkeyed (khóa của ta):",
            sources, tmp_path, record_property)
    total = sum(s.total for s in scores)
    assert sum(s.right for s in scores) >= 0.90 * total, text
    assert sum(len(s.extra) for s in scores) <= 0.05 * total, text


def test_layouts_real_plans_use(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                record_property: Any) -> None:
    """90% of all their tasks right; each document at least 80%, at most one made up."""
    sources = sorted([*LAYOUTS.glob("layouts/*.txt"), *LAYOUTS.glob("layouts2/*.txt")])
    assert len(sources) >= 10
    with capsys.disabled():
        scores, text = _report("Độ chính xác trên các bố cục mẫu (tests/data/importer/layouts*):",
                               sources, tmp_path, record_property)
    assert sum(s.right for s in scores) >= 0.90 * sum(s.total for s in scores), text
    for result in scores:
        assert result.right >= 0.8 * result.total and len(result.extra) <= 1, result.line()
