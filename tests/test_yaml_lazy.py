"""A file read with its lines looked up on demand (``planpub validate``, a site build) reads
as the line map reads it: the same data, the same refusals, the same line for every field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planpub.yamlsrc import MAX_DEPTH, Document, read_yaml

ROOT = Path(__file__).resolve().parent.parent

_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
_keys = st.sampled_from(["id", "title", "tasks", "number", "lead", "due", "a b", "Ơ", "0"])
_scalars = st.one_of(_text, st.integers(-10, 3000), st.booleans(), st.none(),
                     st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
                     st.floats(allow_nan=False, allow_infinity=False))
_data = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)), max_leaves=25)
_odd = st.sampled_from([
    "", "x: *a\n", "x: &a 1\ny: *a\n", "<<: {a: 1}\n", "t: !!binary aGk=\n", "n: 0123\n",
    "n: 0x1F\n", "d: 2024-02-30\n", "k: \"\\x07\"\n", "k: v\nk: w\n", "? [a]\n: b\n",
    "1: one\n", "deep: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
    "edge: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n",
    "edge: " + "{a: " * (MAX_DEPTH - 1) + "x" + "}" * (MAX_DEPTH - 1) + "\n",
    "edge: " + "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n",
    "edge: " + "{a: " * MAX_DEPTH + "x" + "}" * MAX_DEPTH + "\n",
    "edge: " + "[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1) + "\n",
    "edge: " + "{a: " * (MAX_DEPTH + 1) + "x" + "}" * (MAX_DEPTH + 1) + "\n",
    "when: 2024-05-01 10:00:00\n", "f: 1.5e3\n", "b: yes\n", "t: ~\n"])


def _read(path: Path, lazy: bool) -> tuple[Document | None, list[Any]]:
    doc, diags = read_yaml(path, "plans/x.yaml", lazy=lazy)
    return doc, [(d.line, d.field, d.message, d.hint) for d in diags]


def _locs(data: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [loc, (*loc, "khong-co"), (*loc, 7)]
    if isinstance(data, dict):
        out += [x for key, value in data.items() for x in _locs(value, (*loc, key))]
    elif isinstance(data, list):
        out += [x for i, value in enumerate(data) for x in _locs(value, (*loc, i))]
    return out


def assert_same_reading(path: Path) -> None:
    """Both readings of ``path`` agree, before and after the lines are let go."""
    eager, eager_diags = _read(path, lazy=False)
    lazy, lazy_diags = _read(path, lazy=True)
    assert lazy_diags == eager_diags
    if eager is None or lazy is None:
        assert eager is lazy is None
        return
    assert lazy.data == eager.data
    for loc in _locs(eager.data):
        assert lazy.line_of(loc) == eager.line_of(loc), loc
        assert lazy.has(loc) == eager.has(loc), loc
    lazy.forget()
    assert lazy.line_of(("id",)) is None and not lazy.has(())


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_data, odd=_odd, flow=st.booleans())
def test_lazy_and_mapped_readings_agree(tmp_path: Path, data: Any, odd: str, flow: bool) -> None:
    body = yaml.safe_dump({"body": data}, allow_unicode=True, default_flow_style=flow)
    path = tmp_path / "x.yaml"
    path.write_text(body + odd, encoding="utf-8")
    assert_same_reading(path)


def test_lazy_reading_of_the_bundled_files_keeps_no_line_map() -> None:
    files = [*ROOT.glob("plans/*.yaml"), *ROOT.glob("progress/*.yaml"),
             *ROOT.glob("registry/*.yaml")]
    assert files
    for path in files:
        assert_same_reading(path)
        doc, _ = read_yaml(path, path.name, lazy=True)
        assert doc is not None and doc.node is not None and not doc.lines
