"""Files that used to pass `planpub validate` but say something impossible: loops of
successors, parents or bases, tasks nobody does, issue dates years off, deadlines that
contradict their own wording. Each is reported at its file, line and field, in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT, load_checked
from planpub.cli import main
from planpub.diagnostics import Diagnostic
from planpub.registrychecks import find_cycles

PHO_MINH = "plans/pho-minh-2024-boi-thuong-nha-nuoc.yaml"
_VI_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def _vietnamese(diag: Diagnostic) -> None:
    assert _VI_LETTERS & set(diag.message.lower()), diag.message
    assert diag.hint and _VI_LETTERS & set(diag.hint.lower()), diag.hint


def _line(root: Path, rel: str, needle: str, after: int = 0) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if i > after and needle in text)


def _append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _index(root: Path, rel: str, ident: str) -> int:
    """1-based position of a registry entry, as fields name it (``[54].successor``)."""
    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
    return [entry["id"] for entry in data].index(ident) + 1


def _found(root: Path, level: str = "error") -> list[Diagnostic]:
    return [d for d in load_checked(root)[1] if d.level == level]


# --------------------------------------------------------------------------- registry loops


def test_agency_that_succeeds_itself(make_repo: Path) -> None:
    rel = "registry/agencies.yaml"
    _append(make_repo, rel, "- {id: so-x, name: Sở X, kind: department, successor: so-x}\n")
    [diag] = _found(make_repo)
    assert (diag.path, diag.line) == (rel, _line(make_repo, rel, "id: so-x"))
    assert diag.field == f"[{_index(make_repo, rel, 'so-x')}].successor"
    assert "“so-x”" in diag.message and "chính nó" in diag.message
    _vietnamese(diag)


@pytest.mark.parametrize("ring", [["so-a", "so-b"], ["so-a", "so-b", "so-c"]])
def test_successor_loop_is_one_error_naming_each_agency_once(make_repo: Path,
                                                            ring: list[str]) -> None:
    rel = "registry/agencies.yaml"
    _append(make_repo, rel, "".join(
        f"- {{id: {a}, name: Sở {a}, kind: department, successor: {b}}}\n"
        for a, b in zip(ring, [*ring[1:], ring[0]], strict=True)))
    [diag] = _found(make_repo)  # one error for the loop, not one per hop
    assert (diag.path, diag.line) == (rel, _line(make_repo, rel, "id: so-a"))
    assert diag.field == f"[{_index(make_repo, rel, 'so-a')}].successor"
    for ident in ring[1:]:
        assert diag.message.count(f"“{ident}”") == 1
        assert f"dòng {_line(make_repo, rel, f'id: {ident}')}" in diag.message
    assert "vòng" in diag.message
    _vietnamese(diag)


@pytest.mark.parametrize(("rel", "entries", "field"), [
    ("registry/localities.yaml",
     "- {id: tinh-p, name: tỉnh P, kind: province, successor: tinh-q}\n"
     "- {id: tinh-q, name: tỉnh Q, kind: province, successor: tinh-p}\n", "successor"),
    ("registry/localities.yaml",
     "- {id: tinh-p, name: tỉnh P, kind: province, parent: tinh-p}\n", "parent"),
    ("registry/agencies.yaml",
     "- {id: so-p, name: Sở P, kind: department, parent: so-q}\n"
     "- {id: so-q, name: Sở Q, kind: department, parent: so-r}\n"
     "- {id: so-r, name: Sở R, kind: department, parent: so-p}\n", "parent"),
    ("registry/legal.yaml",
     "- {id: qd-p, type: quyet-dinh, title: Quyết định P, issuer: chinh-phu, replaced_by: qd-q}\n"
     "- {id: qd-q, type: quyet-dinh, title: Quyết định Q, issuer: chinh-phu, replaced_by: qd-p}\n",
     "replaced_by"),
])
def test_parent_and_replacement_loops_in_registries(make_repo: Path, rel: str, entries: str,
                                                    field: str) -> None:
    _append(make_repo, rel, entries)
    first = entries.split(",")[0].removeprefix("- {id: ")
    [diag] = _found(make_repo)
    assert (diag.path, diag.line) == (rel, _line(make_repo, rel, f"id: {first},"))
    assert diag.field == f"[{_index(make_repo, rel, first)}].{field}"
    _vietnamese(diag)


def test_long_chains_are_walked_without_exhausting_the_stack() -> None:
    chain = {f"n{i}": [f"n{i + 1}"] for i in range(20_000)}
    chain["n20000"] = ["n19990"]
    assert find_cycles(chain) == [[f"n{i}" for i in range(19_990, 20_001)]]
    assert find_cycles({f"n{i}": [f"n{i + 1}"] for i in range(20_000)}) == []


def test_registry_loop_is_reported_by_validate(make_repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _append(make_repo, "registry/agencies.yaml",
            "- {id: so-a, name: Sở A, kind: department, successor: so-b}\n"
            "- {id: so-b, name: Sở B, kind: department, successor: so-a}\n")
    assert main(["--root", str(make_repo), "validate"]) == 1
    out = capsys.readouterr().out
    assert "registry/agencies.yaml:" in out and "lỗi" in out and "Cách sửa:" in out


# --------------------------------------------------------------------------- plans


def test_plan_that_is_its_own_basis(make_repo: Path) -> None:
    _edit(make_repo, PHO_MINH, "  - ref: kh-37-kh-ubnd-duc-pho-2024",
          "  - ref: pho-minh-2024-boi-thuong-nha-nuoc")
    [diag] = _found(make_repo)
    assert diag.path == PHO_MINH
    assert diag.line == _line(make_repo, PHO_MINH, "  - ref: pho-minh-2024")
    assert diag.field == "bases[2].ref"
    assert "chính nó" in diag.message
    _vietnamese(diag)


def test_plan_that_is_its_own_basis_through_a_registered_document(make_repo: Path) -> None:
    _edit(make_repo, "registry/legal.yaml", "  issuer: chu-tich-ubnd-thi-xa-duc-pho\n",
          "  issuer: chu-tich-ubnd-thi-xa-duc-pho\n  plan: pho-minh-2024-boi-thuong-nha-nuoc\n")
    [diag] = _found(make_repo)
    assert (diag.path, diag.field) == (PHO_MINH, "bases[2].ref")
    assert diag.line == _line(make_repo, PHO_MINH, "  - ref: kh-37-kh-ubnd-duc-pho-2024")
    assert "kh-37-kh-ubnd-duc-pho-2024" in diag.message and "chính nó" in diag.message
    assert diag.hint and "registry/legal.yaml" in diag.hint
    _vietnamese(diag)


def test_plans_basing_on_each_other_give_one_error(make_repo: Path) -> None:
    other = "plans/pho-minh-2024-ban-sao.yaml"
    text = (make_repo / PHO_MINH).read_text(encoding="utf-8")
    (make_repo / other).write_text(text.replace(
        "id: pho-minh-2024-boi-thuong-nha-nuoc", "id: pho-minh-2024-ban-sao").replace(
        "  - ref: kh-37-kh-ubnd-duc-pho-2024", "  - ref: pho-minh-2024-boi-thuong-nha-nuoc"),
        encoding="utf-8")
    _edit(make_repo, PHO_MINH, "  - ref: kh-37-kh-ubnd-duc-pho-2024",
          "  - ref: pho-minh-2024-ban-sao")
    [diag] = _found(make_repo)
    assert diag.path == other  # the cycle's first plan in catalog order
    assert diag.line == _line(make_repo, other, "  - ref: pho-minh-2024-boi")
    assert diag.field == "bases[2].ref"
    assert "pho-minh-2024-boi-thuong-nha-nuoc" in diag.message and "vòng" in diag.message
    _vietnamese(diag)


def test_leaf_task_given_to_no_agency_is_a_warning(make_repo: Path) -> None:
    _edit(make_repo, PHO_MINH,
          "    lead:\n      - bo-phan-tu-phap-ho-tich-pho-minh\n    timeline: Trong năm 2024\n",
          "    timeline: Trong năm 2024\n")
    assert not _found(make_repo)
    [diag] = [d for d in _found(make_repo, "warning") if d.field == "tasks[3].lead"]
    assert (diag.path, diag.line) == (PHO_MINH, _line(make_repo, PHO_MINH, 'number: "3"'))
    assert "nhiệm vụ 3" in diag.message
    _vietnamese(diag)


def test_sub_task_inherits_its_parents_agency(make_repo: Path) -> None:
    seven = _line(make_repo, PHO_MINH, 'number: "7.2"')
    _edit(make_repo, PHO_MINH, "        lead:\n          - cong-chuc-tu-phap-ho-tich-pho-minh\n"
          "        coordinate:\n          - cac-ban-nganh-pho-minh\n", "")
    [diag] = [d for d in _found(make_repo, "warning") if d.field.endswith(".lead")
              and "không giao" in d.message]
    assert (diag.line, diag.field) == (seven, "tasks[7].subtasks[2].lead")
    _edit(make_repo, PHO_MINH, '  - number: "7"\n',
          '  - number: "7"\n    lead: [bo-phan-tu-phap-ho-tich-pho-minh]\n')
    assert not [d for d in _found(make_repo, "warning") if "không giao" in d.message]


@pytest.mark.parametrize(("issued", "wrong"), [
    ("2031-03-15", True), ("2022-12-31", True), ("2023-12-20", False), ("15/01/2025", False)])
def test_issue_date_far_from_the_plan_year(make_repo: Path, issued: str, wrong: bool) -> None:
    _edit(make_repo, PHO_MINH, "\nyear: 2024\n", f"\nissued: {issued} \nyear: 2024\n")
    found = _found(make_repo)
    if not wrong:
        assert not found
        return
    [diag] = found
    assert (diag.path, diag.line, diag.field) == (PHO_MINH, _line(make_repo, PHO_MINH, "issued:"),
                                                  "issued")
    assert "2024" in diag.message and issued[:4] in diag.message
    _vietnamese(diag)


@pytest.mark.parametrize(("text", "due", "wrong"), [
    ("Trước ngày 30/6/2024", "2024-12-31", True),
    ("Quý III/2024", "2025-03-01", True),
    ("Quý III/2024", "2024-05-01", True),
    ("Thường xuyên trong năm 2024", "2025-06-30", True),
    ("Quý III/2024", "2024-08-15", False),
    ("Trong năm 2024", "2024-10-31", False),
    ("Trước ngày 30/6/2024", "2024-06-30", True),  # "trước X": the last day is X − 1
    ("Trước ngày 30/6/2024", "2024-06-29", False),
    ("Chậm nhất ngày 30/6/2024", "2024-06-30", False),
    ("Trước ngày 15/01", "2025-01-15", False),  # no year printed: due says which one
    ("Hằng năm", "2024-11-30", False),
])
def test_due_that_contradicts_the_wording(make_repo: Path, text: str, due: str,
                                          wrong: bool) -> None:
    _edit(make_repo, PHO_MINH, "    timeline: Trong năm 2024\n\n",
          f"    timeline:\n      text: {text}\n      due: {due}\n\n")
    found = _found(make_repo)
    if not wrong:
        assert not found
        return
    [diag] = found
    assert (diag.path, diag.line) == (PHO_MINH, _line(make_repo, PHO_MINH, f"due: {due}"))
    assert (diag.level, diag.field) == ("error", "tasks[3].timeline.due")
    assert text in diag.message
    year, month, day = due.split("-")
    assert f"{day}/{month}/{year}" in diag.message
    _vietnamese(diag)


def test_bundled_repository_has_no_errors() -> None:
    assert not [d.format() for d in load_checked(ROOT)[1] if d.level == "error"]
