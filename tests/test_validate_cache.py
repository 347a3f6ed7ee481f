"""``planpub validate`` keeps each file's findings between runs: what it reports after any
edit is what a fresh check of the repository reports, and the cache never lands in it."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PROGRESS_DATA
from planpub import checkunits
from planpub.catalog import build_catalog
from planpub.checkcache import CACHE_ENV, cache_file
from planpub.citations import NUMBER, Citations, number_key, plan_texts
from planpub.cli import main
from planpub.diagnostics import Diagnostic
from planpub.keptregistry import registry_data, registry_of
from planpub.load import load_registry
from planpub.project import check_repository, open_project
from planpub.slug import nfc

PLAN = "plans/binh-duong-2025-boi-thuong-nha-nuoc.yaml"
OTHER = "plans/pho-minh-2024-boi-thuong-nha-nuoc.yaml"
PROGRESS = "progress/binh-duong-2025-boi-thuong-nha-nuoc.yaml"


@pytest.fixture
def repo(make_repo: Path) -> Path:
    """The bundled repository with the tests' progress files."""
    (make_repo / "progress").mkdir(exist_ok=True)
    for path in PROGRESS_DATA.glob("*.yaml"):
        shutil.copy2(path, make_repo / "progress" / path.name)
    return make_repo


def kept_file(root: Path) -> Path:
    """Where the cache of ``root`` is (the tests' cache folder is outside it)."""
    found = cache_file(root)
    assert found is not None
    return found


def listing(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def agree(root: Path) -> list[Diagnostic]:
    """Validate with the cache and check it says what a fresh check says, and what a site
    build's check says (each plan checked as it is loaded, its line map then dropped)."""
    kept = check_repository(root).diagnostics
    assert kept == open_project(root).diagnostics == open_project(root, lines=False).diagnostics
    return kept


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(diags: list[Diagnostic], path: str) -> str:
    return "\n".join(d.message for d in diags if d.path == path)


def test_a_second_run_reads_nothing_and_says_the_same(repo: Path) -> None:
    before = listing(repo)
    first = check_repository(repo)
    second = check_repository(repo)
    assert first.diagnostics == second.diagnostics == open_project(repo).diagnostics
    assert first.read > 0 and second.read == 0
    assert listing(repo) == before  # nothing written into the repository
    assert kept_file(repo).is_file()
    assert repo not in kept_file(repo).parents


EDITS: dict[str, Callable[[Path], object]] = {
    "unknown agency": lambda r: edit(r, PLAN, "      - so-tu-phap-binh-duong\n",
                                     "      - so-tu-phap-binh-duongg\n"),
    "task number twice": lambda r: edit(r, PLAN, 'number: "2"', 'number: "1"'),
    "issued far from the year": lambda r: edit(r, OTHER, "year: 2024", "year: 2030"),
    "broken YAML": lambda r: edit(r, PLAN, "tasks:\n", "tasks: [\n"),
    "file renamed": lambda r: (r / PLAN).rename(r / "plans" / "doi-ten.yaml"),
    "plan deleted": lambda r: (r / OTHER).unlink(),
    "duplicate id": lambda r: shutil.copy2(r / OTHER, r / "plans" / "ban-sao.yaml"),
    "agency removed from the registry": lambda r: edit(
        r, "registry/agencies.yaml", "- id: bao-dai-binh-duong\n", "- id: bao-dai-binh-duong-x\n"),
    "report for an unknown task": lambda r: edit(r, PROGRESS, 'task: "10"', 'task: "99"'),
    "progress for no plan": lambda r: shutil.copy2(r / PROGRESS, r / "progress" / "khong-co.yaml"),
    "plan loses a reported task": lambda r: edit(r, PLAN, 'number: "10"', 'number: "10b"'),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_after_an_edit_the_kept_findings_are_still_right(repo: Path, name: str) -> None:
    agree(repo)
    EDITS[name](repo)
    changed = agree(repo)
    again = check_repository(repo)
    assert again.diagnostics == changed and again.read == 0


def test_an_edit_that_keeps_size_and_time_is_seen(repo: Path) -> None:
    """Same length, modification time set back (``cp -p``, ``rsync -t``): the change time
    still tells, so the file is read again."""
    time.sleep(2.1)  # old enough for their digests to be recorded
    agree(repo)
    path = repo / PLAN
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- so-tu-phap-binh-duong\n", "- so-tu-phap-binh-duonx\n", 1),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert "so-tu-phap-binh-duonx" in messages(agree(repo), PLAN)


def test_a_new_plan_settles_what_others_waited_for(repo: Path) -> None:
    """A basis naming a plan is right once that plan is there, though the plan that names it
    did not change."""
    edit(repo, OTHER, "\nbases:\n", "\nbases:\n  - ref: moi-2024-boi-thuong\n    text: Kế hoạch "
         "mới\n")
    before = agree(repo)
    assert "moi-2024-boi-thuong" in messages(before, OTHER)
    new = (repo / OTHER).read_text(encoding="utf-8")
    new = new.replace("  - ref: moi-2024-boi-thuong\n    text: Kế hoạch mới\n", "")
    new = new.replace("id: pho-minh-2024-boi-thuong-nha-nuoc", "id: moi-2024-boi-thuong")
    (repo / "plans" / "moi-2024-boi-thuong.yaml").write_text(new, encoding="utf-8")
    after = agree(repo)
    assert "moi-2024-boi-thuong" not in messages(after, OTHER)


def test_citations_wait_for_the_plan_numbers_they_name() -> None:
    """Checked without the plans' numbers, a citation's problem names the number that would
    settle it: with those numbers known, exactly those problems go."""
    catalog = open_project(Path(__file__).resolve().parents[1]).catalog
    texts = [nfc(text) for plan in catalog.plans.values() for _, text in plan_texts(plan)]
    texts += ["Theo Nghị định 68/20218/NĐ-CP và 12/KH-UBND, 07/2019/TT-BTP"]
    numbers = {m.group() for text in texts for m in NUMBER.finditer(text)}
    for chosen in (numbers, set(list(numbers)[::2])):
        keys = {number_key(n) for n in chosen}
        alone = Citations(catalog.documents.values())
        known = Citations(catalog.documents.values(), chosen)
        for text in texts:
            settled = [c for c in alone.find(text) if c.problem and c.plan_key not in keys]
            assert [(c.start, c.problem) for c in settled] == [
                (c.start, c.problem) for c in known.find(text) if c.problem]


@pytest.mark.parametrize("named", [[PLAN], [PROGRESS], [PLAN, PROGRESS], ["plans"], ["progress"],
                                   ["plans/khong-co.yaml"], ["progress/khong-co.yaml"],
                                   ["../nhap.yaml"]])
def test_files_named_get_what_a_fresh_check_says_of_them(repo: Path, named: list[str]) -> None:
    """``planpub validate FILE`` shows the kept findings about that file (a draft outside
    ``plans/`` is checked afresh)."""
    shutil.copy2(repo / OTHER, repo.parent / "nhap.yaml")
    EDITS["report for an unknown task"](repo)
    EDITS["unknown agency"](repo)
    paths = [repo / name for name in named]
    check_repository(repo)
    found = check_repository(repo, paths)
    project = open_project(repo, paths)
    assert found.diagnostics == project.diagnostics
    assert found.plans == len(project.chosen)


def test_a_damaged_or_foreign_cache_is_ignored(repo: Path) -> None:
    fresh = agree(repo)
    kept_file(repo).write_bytes(b"\x00{not json")
    assert check_repository(repo).diagnostics == fresh
    kept_file(repo).write_text('{"stamp": "other", "files": {}, "units": {}, "written": 0}',
                                encoding="utf-8")
    assert check_repository(repo).diagnostics == fresh
    kept = json.loads(kept_file(repo).read_text(encoding="utf-8"))
    for unit in kept["units"].values():  # as an older planpub wrote them, with the same stamp
        unit.popitem()
    kept_file(repo).write_text(json.dumps(kept), encoding="utf-8")
    assert check_repository(repo).diagnostics == fresh
    kept = json.loads(kept_file(repo).read_text(encoding="utf-8"))
    for unit in kept["units"].values():  # the right fields holding the wrong things
        for name in unit:
            unit[name] = 7 if name != "load" else "x"
    kept["files"] = {name: 3 for name in kept["files"]}
    kept_file(repo).write_text(json.dumps(kept), encoding="utf-8")
    kept_file(repo).with_name(f"{kept_file(repo).stem}-journal.json").unlink(missing_ok=True)
    assert check_repository(repo).diagnostics == fresh
    for side in sides(repo):
        side.write_text(json.dumps({"stamp": kept["stamp"], "value": {
            "agencies": [], "localities": 5, "documents": {}, "unread": 1, "members": "x"}}),
            encoding="utf-8")
    EDITS["unknown agency"](repo)
    assert check_repository(repo).diagnostics == open_project(repo).diagnostics


def test_a_few_changes_go_to_a_journal(repo: Path) -> None:
    """An edit writes its entries beside the cache, not the whole cache again; a damaged
    journal is ignored."""
    agree(repo)
    main = kept_file(repo)
    before = main.read_bytes()
    EDITS["unknown agency"](repo)
    agree(repo)
    journal = main.with_name(f"{main.stem}-journal.json")
    assert journal.is_file() and main.read_bytes() == before
    assert check_repository(repo).read == 0
    EDITS["report for an unknown task"](repo)
    agree(repo)
    assert check_repository(repo).read == 0
    journal.write_text("{damaged", encoding="utf-8")
    agree(repo)


def sides(root: Path) -> list[Path]:
    kept = kept_file(root)
    return sorted(kept.parent.glob(f"{kept.stem}.*.json"))


def test_the_kept_registry_follows_the_registry_files(repo: Path) -> None:
    """The registries' entries are kept in a file of their own, one for the registry files as
    they are; without it a changed plan is checked against the registry files read again."""
    agree(repo)
    assert len(sides(repo)) == 1
    EDITS["agency removed from the registry"](repo)
    agree(repo)
    assert len(sides(repo)) == 1
    sides(repo)[0].unlink()
    EDITS["unknown agency"](repo)
    agree(repo)
    sides(repo)[0].write_text("{}", encoding="utf-8")
    edit(repo, PLAN, "      - thads-tinh-binh-duong\n", "      - thads-tinh-binh-duongg\n")
    assert "thads-tinh-binh-duongg" in messages(agree(repo), PLAN)


def test_kept_entries_are_the_entries_read(repo: Path) -> None:
    """Each registry entry kept as JSON gives back the very model read from the YAML."""
    registry, _ = load_registry(repo)
    kept, members = registry_of(json.loads(json.dumps(registry_data(registry))))
    for name in ("agencies", "localities", "documents"):
        read, again = getattr(registry, name), getattr(kept, name)
        assert list(read) == list(again) and "khong-co" not in again
        assert all(read[key] == again[key] == again.get(key) for key in read)
    assert members == build_catalog(registry, [])._members and members


def test_without_cache_nothing_is_kept(repo: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    found = check_repository(repo, cache=False)
    assert found.diagnostics == open_project(repo).diagnostics
    assert not (tmp_path / "cache").exists()


def test_workers_find_what_one_process_finds(repo: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkunits, "POOL_FROM", 1)
    edit(repo, PROGRESS, 'task: "10"', 'task: "99"')
    pooled = check_repository(repo, cache=False, jobs=2)
    assert pooled.diagnostics == check_repository(repo, cache=False, jobs=1).diagnostics
    assert pooled.diagnostics == open_project(repo).diagnostics


def test_validate_options(repo: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code = main(["validate"])
    default = capsys.readouterr().out
    assert main(["validate", "--no-cache", "-j", "1"]) == code
    assert capsys.readouterr().out == default
    assert "Đã kiểm tra 2 kế hoạch, 2 tệp báo cáo tiến độ" in default
    with pytest.raises(SystemExit) as stop:
        main(["validate", "-j", "0"])
    assert stop.value.code == 2
    assert "không phải số tiến trình" in capsys.readouterr().err
