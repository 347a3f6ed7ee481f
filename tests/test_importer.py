"""planpub import: plan documents in, draft plan files out, checked like hand-written plans."""

from __future__ import annotations

import functools
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import load_checked
from importscore import score
from planpub.canonical import format_text
from planpub.cli import main
from planpub.importer.agencies import load_abbreviations
from planpub.importer.draft import build_draft
from planpub.importer.lines import blocks_from_text
from planpub.importer.pipeline import run
from planpub.importer.structure import outline
from planpub.importer.writer import plan_yaml
from planpub.load import Registry, load_registry
from planpub.model import Plan
from planpub.registrymodel import Agency
from planpub.tasks import flatten

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "real-plans"
DATA = Path(__file__).parent / "data" / "importer"
SEED_PLANS = {
    "000_1da643536cef97f3": "binh-duong-2025-boi-thuong-nha-nuoc",
    "001_7f80f154b5043cba": "pho-minh-2024-boi-thuong-nha-nuoc",
}
CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents live in ../shared")


def _leaves(plan: Plan) -> dict[str, Any]:
    return {entry.number: entry for entry in flatten(plan)}


def _cli(*args: str) -> int:
    return main(["--root", str(ROOT), "import", *args])


def _repo_with(tmp_path: Path, draft: Path, proposals: Path | None = None) -> Path:
    """A copy of the registry (plus accepted proposals) with the draft as its only plan."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "registry", repo / "registry")
    (repo / "plans").mkdir()
    shutil.copy(draft, repo / "plans" / draft.name)
    if proposals is not None:
        with (repo / "registry" / "agencies.yaml").open("a", encoding="utf-8") as out:
            out.write("\n" + proposals.read_text(encoding="utf-8"))
    return repo


# --------------------------------------------------------------------------- seeds


@needs_seeds
@pytest.mark.parametrize("seed", sorted(SEED_PLANS))
def test_seed_import_matches_hand_written_plan(seed: str, tmp_path: Path) -> None:
    plan_id = SEED_PLANS[seed]
    target = tmp_path / f"{plan_id}.yaml"
    result = run(SEEDS / f"{seed}.txt", ROOT, target)
    assert result.plan is not None and not result.draft.proposals
    assert [d for d in result.diagnostics if d.level == "error"] == []

    repo = _repo_with(tmp_path, target)
    _, diags = load_checked(repo)
    assert [d.format() for d in diags if d.level == "error"] == []

    hand, _ = load_checked(ROOT)
    expected = _leaves(hand.plans[plan_id])
    got = _leaves(result.plan)
    assert list(got) == list(expected)
    for number, entry in expected.items():
        mine = got[number]
        assert mine.lead == entry.lead, number
        assert mine.coordinate == entry.coordinate, number
        assert (mine.timeline.text if mine.timeline else None) == (
            entry.timeline.text if entry.timeline else None), number


@needs_seeds
def test_seed_header_signature_and_bases(tmp_path: Path) -> None:
    result = run(SEEDS / "000_1da643536cef97f3.txt", ROOT, tmp_path / "x.yaml")
    plan = result.plan
    assert plan is not None
    assert plan.issuer == "ubnd-tinh-binh-duong" and plan.number is None and plan.year == 2025
    assert [b.ref for b in plan.bases] == ["luat-tnbtcnn-2017", "cv-7166-btp-btnn-2024"]
    assert plan.signature is not None and plan.signature.name == "Mai Hùng Dũng"
    assert plan.signature.capacity == "KT. CHỦ TỊCH"
    assert plan.recipients[0] == "Cục BTNN - Bộ Tư pháp;" and len(plan.recipients) == 10
    task10 = next(t for t in plan.tasks if t.number == "10")
    assert task10.consolidate == ["so-tu-phap-binh-duong"]  # "(Sở Tư pháp … tổng hợp chung)"
    assert "so-tu-phap-binh-duong" not in task10.lead
    assert "Báo cáo thống kê định kỳ" in (task10.body or "")


# --------------------------------------------------------------------------- corpus


@pytest.mark.skipif(not CORPUS_FILES, reason="the corpus lives in ../shared")
def test_corpus_accuracy(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         record_property: Any) -> None:
    """At least 95% of the corpus tasks come out with the printed leads and timeline."""
    scores = [score(path, path.with_suffix(".expected.json"), workdir=tmp_path / path.stem)
              for path in CORPUS_FILES]
    for result in scores:
        record_property(result.name, f"{result.right}/{result.total}")
    total, found = sum(s.total for s in scores), sum(s.right for s in scores)
    lines = [s.line() for s in scores] + [f"  tổng: {found}/{total} ({found / total:.1%})"]
    with capsys.disabled():
        print("\nĐộ chính xác của planpub import trên ../shared/corpus/real-plans:")
        print("\n".join(lines))
    assert found / total >= 0.95, "\n".join(lines)
    assert sum(len(s.extra) for s in scores) <= 1, "\n".join(lines)


@pytest.mark.skipif(not CORPUS_FILES, reason="the corpus lives in ../shared")
def test_collective_names_stay_one_group(tmp_path: Path) -> None:
    path = next(p for p in CORPUS_FILES if p.name.startswith("01_"))
    result = run(path, ROOT, tmp_path / "d.yaml")
    assert result.plan is not None
    names = {p.id: p.short_names for p in result.draft.proposals}
    task8 = next(e for e in flatten(result.plan) if e.number == "8")
    printed = [names[i][0] for i in task8.coordinate]
    assert printed == ["các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                       "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                       "cơ quan, tổ chức khác có liên quan"]


# --------------------------------------------------------------------------- workflow


@pytest.mark.skipif(not CORPUS_FILES, reason="the corpus lives in ../shared")
def test_report_proposals_and_validate_workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """import → read the report → accept the proposed agencies → validate passes."""
    monkeypatch.chdir(tmp_path)
    source = next(p for p in CORPUS_FILES if p.name.startswith("03_"))
    assert _cli(str(source)) == 0
    report = capsys.readouterr().out
    drafts = [p for p in tmp_path.glob("*.yaml") if not p.name.endswith(".proposed-agencies.yaml")]
    assert [p.name for p in drafts] == ["lai-chau-2025-thi-hanh-luat-sua-doi-bo-sung-dieu-luat-"
                                        "tieu-chuan-quy-chuan.yaml"]
    draft = drafts[0]
    proposals = draft.with_name(f"{draft.stem}.proposed-agencies.yaml")
    assert "Cơ quan chưa có trong danh mục" in report
    # proposed ids in the registry's own style (`ubnd-tinh-…`, `so-…-<place>`)
    assert "“Sở Khoa học và Công nghệ” → so-khoa-hoc-va-cong-nghe-lai-chau" in report
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["issuer"] == "ubnd-tinh-lai-chau"
    assert proposals.name in report and "registry/agencies.yaml" in report
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=plan.schema.json\n")
    data = yaml.safe_load(text)
    assert list(data)[:3] == ["id", "title", "issuer"]  # model order, defaults left out
    assert format_text(text, "plans/x.yaml") == text  # already as `planpub fmt` writes it
    proposed = proposals.read_text(encoding="utf-8")
    entries = yaml.safe_load(proposed)
    assert all(Agency.model_validate(e) for e in entries)
    # the place the registry lacks, with its official code from the national list
    assert "tỉnh Lai Châu (code: 12)" in proposed

    _, before = load_checked(_repo_with(tmp_path / "a", draft))
    assert any("không có trong danh mục" in d.message for d in before)
    _, after = load_checked(_repo_with(tmp_path / "b", draft, proposals))
    assert [d.format() for d in after if d.level == "error"] == []


@needs_seeds
def test_never_overwrites_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "ke-hoach.yaml"
    target.write_text("giữ nguyên\n", encoding="utf-8")
    source = SEEDS / "001_7f80f154b5043cba.txt"
    assert _cli(str(source), "-o", str(target)) == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and "--force" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "giữ nguyên\n"
    assert _cli(str(source), "-o", str(target), "--force") == 0
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["id"] == "ke-hoach" and len(written["tasks"]) == 8


@pytest.mark.skipif(not CORPUS_FILES, reason="the corpus lives in ../shared")
def test_json_prints_open_data_with_proposed_agencies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    source = next(p for p in CORPUS_FILES if p.name.startswith("08_"))
    assert _cli(str(source), "--json") == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert set(data) == {"reference_date", "grace_days", "plans", "agencies", "documents"}
    (plan,) = data["plans"]
    assert plan["number"] == "980/KH-UBND" and plan["issued"] == "2025-11-18"
    assert [t["number"] for t in plan["tasks"]][:3] == ["I.1", "II.1", "II.2"]
    assert plan["tasks"][0]["timeline"]["due"] == "2025-11-29"  # "Trước ngày 30/11/2025"
    agencies = {a["id"]: a for a in data["agencies"]}
    used = {i for t in plan["tasks"] for role in ("lead", "coordinate") for i in t[role]}
    assert used <= set(agencies)
    assert all(agencies[i]["proposed"] for i in used)
    assert agencies["bo-quoc-phong"]["kind"] == "ministry"
    assert "Bản nháp" not in captured.out and "CẦN KIỂM TRA" in captured.err
    assert list(tmp_path.iterdir()) == []  # --json writes no YAML


# --------------------------------------------------------------------------- other layouts


def test_markdown_table_with_two_header_rows(tmp_path: Path) -> None:
    result = run(DATA / "bang-hai-dong-tieu-de.md", ROOT, tmp_path / "bang.yaml")
    assert result.plan is not None and not result.draft.proposals
    got = {e.number: e for e in flatten(result.plan)}
    assert list(got) == ["I.1", "I.2", "II.1"]
    assert got["I.1"].lead == ("so-tu-phap-binh-duong",)
    assert got["I.1"].coordinate == ("tand-tinh-binh-duong", "vksnd-tinh-binh-duong")
    assert got["II.1"].coordinate == ("cac-so-nganh-binh-duong", "ubnd-cap-huyen-binh-duong")
    timeline = got["I.2"].timeline  # recurring more often than yearly: ongoing, verbatim
    assert timeline is not None
    assert (timeline.text, timeline.label()) == ("Hằng quý", "Thường xuyên")
    assert result.plan.tasks[0].subtasks[1].note is None
    assert "nhiệm vụ I.2: “Hằng quý”" not in result.report
    assert result.plan.number == "88/KH-UBND" and str(result.plan.issued) == "2025-02-05"


def test_prose_inline_labels_and_letter_sections(tmp_path: Path) -> None:
    result = run(DATA / "van-xuoi-muc-chu.txt", ROOT, tmp_path / "hoa-an.yaml")
    plan = result.plan
    assert plan is not None
    assert plan.title == "Thực hiện công tác bồi thường nhà nước năm 2025"
    assert plan.headings.tasks == "NHIỆM VỤ CỤ THỂ"
    ids = {p.short_names[0]: p.id for p in result.draft.proposals}
    got = {e.number: e for e in flatten(plan)}
    assert list(got) == ["1", "2", "3", "4.a", "4.b"]
    assert got["1"].lead == (ids["Phòng Tư pháp"],)
    assert got["1"].timeline is not None and got["1"].timeline.text == "Quý II/2025"
    assert got["2"].coordinate == (ids["Phòng Nội vụ"],)  # "Giao … chủ trì, phối hợp với …"
    assert got["2"].timeline is not None and got["2"].timeline.text == "Tháng 9/2025"
    assert got["3"].coordinate == (ids["Công an huyện"], ids["Chi cục Thi hành án dân sự huyện"])
    assert got["4.a"].timeline is not None and got["4.a"].timeline.text == "Trước ngày 15/11/2025"
    assert got["4.b"].lead == (ids["Phòng Tư pháp"],)
    assert "6 tháng đầu năm 2025" in (plan.tasks[2].note or "")
    assert plan.signature is not None and plan.signature.name == "Nguyễn Văn An"
    assert plan.signature.authority == "TM. ỦY BAN NHÂN DÂN"
    assert plan.signature.capacity == "CHỦ TỊCH"
    proposal = next(p for p in result.draft.proposals if p.id == ids["Phòng Tư pháp"])
    assert proposal.name == "Phòng Tư pháp huyện Hòa An" and proposal.kind == "department"
    # the registry's id style: the level word kept after the locality's own bodies only
    assert proposal.id == "phong-tu-phap-hoa-an" and plan.issuer == "ubnd-huyen-hoa-an"
    assert got["3"].coordinate == ("cong-an-huyen-hoa-an", "chi-cuc-thads-huyen-hoa-an")


def test_duties_grouped_by_agency_and_bracketed_roles(tmp_path: Path) -> None:
    result = run(DATA / "phan-cong-theo-co-quan.txt", ROOT, tmp_path / "qn.yaml")
    plan = result.plan
    assert plan is not None and plan.issuer == "ubnd-tinh-quang-ngai"
    assert plan.purposes == [
        "Tổ chức thực hiện có hiệu quả Luật Trách nhiệm bồi thường của Nhà nước.",
        "Phân công cụ thể nhiệm vụ cho các cơ quan."]
    ids = {p.short_names[0]: p for p in result.draft.proposals}
    assert {p.locality for p in ids.values()} == {"quang-ngai"}
    one, two, three = plan.tasks
    assert one.lead == ["so-tu-phap-quang-ngai"]  # "(Sở Tư pháp chủ trì, phối hợp với …)"
    assert one.coordinate == [ids["Sở Thông tin và Truyền thông"].id]
    assert two.title == "Sở Tài chính" and two.lead == [ids["Sở Tài chính"].id]
    assert two.body == ("- Bố trí kinh phí bồi thường kịp thời khi có yêu cầu.\n"
                        "- Hướng dẫn quyết toán kinh phí bồi thường.")
    # "Phân công thực hiện: Sở Tư pháp (chủ trì); Thanh tra tỉnh (phối hợp)"
    assert three.lead == ["so-tu-phap-quang-ngai"]
    assert three.coordinate == [ids["Thanh tra tỉnh"].id]
    assert three.timeline is not None and three.timeline.text == "Quý IV/2024"
    assert three.timeline_label == "Thời hạn"
    assert plan.organisation[0].actors == ["so-tu-phap-quang-ngai"]


def test_short_forms_resolve_in_the_plans_locality(tmp_path: Path) -> None:
    source = tmp_path / "ngan.txt"
    source.write_text(
        "KẾ HOẠCH\nKiểm tra công tác bồi thường nhà nước năm 2024 trên địa bàn phường Phổ Minh\n\n"
        "Chủ tịch UBND phường Phổ Minh ban hành Kế hoạch như sau:\n\nI. NỘI DUNG\n"
        "1. Kiểm tra hồ sơ bồi thường\n- Cơ quan chủ trì: Bộ phận Tư pháp – Hộ tịch.\n"
        "- Cơ quan phối hợp: Sở Tư pháp, Phòng Tư pháp, Sở Y tế.\n"
        "- Thời gian thực hiện: Quý III/2024.\n", encoding="utf-8")
    result = run(source, ROOT, tmp_path / "ngan.yaml")
    assert result.plan is not None
    task = result.plan.tasks[0]
    assert task.lead == ["bo-phan-tu-phap-ho-tich-pho-minh"]
    assert task.coordinate[:2] == ["so-tu-phap-quang-ngai", "phong-tu-phap-duc-pho"]
    (proposal,) = result.draft.proposals
    assert task.coordinate[2] == proposal.id and proposal.locality == "pho-minh"


# --------------------------------------------------------------------------- .docx


def _runs(paragraph: Any, text: str) -> None:
    for part in re.split(r"(\*\*.*?\*\*)", text):
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part:
            paragraph.add_run(part)


def _seed_docx(seed: Path, out: Path) -> None:
    """A Word file laid out as authorities type it: header and signature in tables."""
    text = seed.read_text(encoding="utf-8")
    body, _, tail = text.partition("**Nơi nhận:**")
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BÌNH DƯƠNG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số:     /KH-UBND"
    header.cell(1, 1).text = "Bình Dương, ngày     tháng     năm 2025"
    for chunk in re.split(r"\n\s*\n", body):
        lines = [x.strip() for x in chunk.strip().split("\n") if x.strip()]
        if not lines:
            continue
        if lines[0].startswith("- "):
            for line in lines:  # Word's own bullets: the "-" is not in the text
                _runs(document.add_paragraph(style="List Bullet"), line[2:])
        elif lines[0].startswith("#"):
            level = len(lines[0]) - len(lines[0].lstrip("#"))
            document.add_heading(lines[0].lstrip("# ").strip("*"), level=level)
        else:
            _runs(document.add_paragraph(), " ".join(lines))
    table = document.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in (x.strip() for x in tail.split("\n")):
        if line.startswith("- "):
            left.add_paragraph(line)
        elif line.strip("*"):
            right.add_paragraph().add_run(line.strip("* ")).bold = True
    document.save(str(out))


@needs_seeds
def test_docx_from_seed_matches_hand_written_plan(tmp_path: Path) -> None:
    source = tmp_path / "ke-hoach.docx"
    _seed_docx(SEEDS / "000_1da643536cef97f3.txt", source)
    result = run(source, ROOT, tmp_path / "binh-duong-2025-boi-thuong-nha-nuoc.yaml")
    assert result.plan is not None
    assert [d for d in result.diagnostics if d.level == "error"] == []
    hand, _ = load_checked(ROOT)
    expected = _leaves(hand.plans["binh-duong-2025-boi-thuong-nha-nuoc"])
    got = _leaves(result.plan)
    assert {n: (e.lead, e.coordinate, e.timeline.text if e.timeline else None)
            for n, e in got.items()} == {
        n: (e.lead, e.coordinate, e.timeline.text if e.timeline else None)
        for n, e in expected.items()}
    plan = result.plan
    assert plan.issuer == "ubnd-tinh-binh-duong" and plan.place == "Bình Dương"
    assert plan.number is None and plan.issued is None
    assert "Văn bản không in số, ký hiệu (để trống)" in result.report
    assert plan.signature is not None and plan.signature.title == "PHÓ CHỦ TỊCH THƯỜNG TRỰC"


def test_docx_task_table_with_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG")
    document.add_paragraph("Số: 12/KH-UBND")
    document.add_paragraph("Bình Dương, ngày 03 tháng 3 năm 2025")
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph("Kiểm tra công tác bồi thường nhà nước năm 2025")
    document.add_paragraph().add_run("I. NHIỆM VỤ").bold = True
    table = document.add_table(rows=5, cols=5)
    for col, text in enumerate(["STT", "Nội dung", "Cơ quan thực hiện", "", "Thời gian"]):
        table.cell(0, col).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    for col, text in enumerate(["", "", "Chủ trì", "Phối hợp", ""]):
        table.cell(1, col).text = text
    rows = [("1", "Kiểm tra tại Sở Tài chính", "Sở Tư pháp", "Sở Tài chính", "Quý II/2025"),
            ("2", "Kiểm tra tại Công an tỉnh", "", "Công an tỉnh", "Quý III/2025"),
            ("3", "Tổng hợp kết quả kiểm tra", "", "TAND tỉnh; Viện KSND tỉnh", "Tháng 11/2025")]
    for r, values in enumerate(rows, start=2):
        for col, text in enumerate(values):
            if text:
                table.cell(r, col).text = text
    table.cell(2, 2).merge(table.cell(4, 2))  # one lead for the three rows
    source = tmp_path / "bang.docx"
    document.save(str(source))
    result = run(source, ROOT, tmp_path / "bang.yaml")
    assert result.plan is not None and not result.draft.proposals
    got = {e.number: e for e in flatten(result.plan)}
    assert list(got) == ["1", "2", "3"]
    assert {e.lead for e in got.values()} == {("so-tu-phap-binh-duong",)}
    assert got["3"].coordinate == ("tand-tinh-binh-duong", "vksnd-tinh-binh-duong")
    assert got["2"].timeline is not None and got["2"].timeline.text == "Quý III/2025"
    assert result.plan.number == "12/KH-UBND"


# --------------------------------------------------------------------------- bad input


def _corrupt_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><broken")
        archive.writestr("word/document.xml", "not xml at all")


BAD_INPUTS = {
    "missing": (None, "không tìm thấy tệp"),
    "ke-hoach.pdf": (b"%PDF-1.7 ...", "không hỗ trợ định dạng"),
    "trong.txt": (b"  \n\n", "trống"),
    "nhi-phan.txt": (bytes(range(256)) * 20, "UTF-8"),
    "dieu-khien.md": (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50 + b"abc", "ký tự điều khiển"),
    "hong.docx": (b"PK\x03\x04 not really a zip", "không phải tệp .docx hợp lệ"),
    "cu.doc": (b"\xd0\xcf\x11\xe0", "Word cũ"),
    "xml-hong.docx": (_corrupt_docx, "hỏng"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_vietnamese_line(name: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    content, expected = BAD_INPUTS[name]
    source = tmp_path / name
    if callable(content):
        content(source)
    elif content is not None:
        source.write_bytes(content)
    before = sorted(tmp_path.iterdir())
    assert _cli(str(source)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("Lỗi: ")
    assert expected in captured.err and "Traceback" not in captured.err
    assert sorted(tmp_path.iterdir()) == before


# --------------------------------------------------------------------------- properties

FRAGMENTS = [
    "I. NỘI DUNG", "II. TỔ CHỨC THỰC HIỆN", "1. Tổ chức tuyên truyền", "1.1. Rà soát",
    "a) Báo cáo", "- Cơ quan chủ trì: Sở Tư pháp.", "+ Cơ quan phối hợp: các sở, ban, ngành;",
    "- Thời gian thực hiện: Quý II/2025.", "Thời gian thực hiện: Hằng tuần", "KẾ HOẠCH",
    "Số: 1/KH-UBND", "Hà Nội, ngày 1 tháng 2 năm 2025", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH", "Nguyễn Văn A", "|", "| TT | Nội dung | Cơ quan chủ trì | Thời gian |",
    "| 1 | Kiểm tra | Sở Tư pháp | 2025 |", "**", "(", ")", "", "Căn cứ Luật số 10/2017/QH14;",
    "Sở Tư pháp chủ trì, phối hợp với UBND cấp xã tổ chức tập huấn.", "…....", "A. MỤC ĐÍCH",
]


@functools.cache
def _registry() -> tuple[Registry, dict[str, str]]:
    registry, _ = load_registry(ROOT)
    return registry, load_abbreviations(ROOT)


def _draft_plan(text: str) -> Plan:
    registry, abbreviations = _registry()
    draft = build_draft(outline(blocks_from_text(text)), registry, abbreviations)
    data = yaml.safe_load(plan_yaml(draft.plan, "x.txt"))
    return Plan.model_validate(data, context={"year": data["year"]})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_valid_draft(text: str) -> None:
    plan = _draft_plan(text)
    assert plan.tasks


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=40))
def test_plan_like_text_gives_a_valid_draft(lines: list[str]) -> None:
    plan = _draft_plan("\n".join(lines))
    numbers = [e.number for e in flatten(plan)]
    assert len(numbers) == len(set(numbers))
