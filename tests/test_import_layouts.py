"""What an officer sees when importing plans in the layouts real plans use (the documents
in tests/data/importer/layouts, in the corpus's web-conversion format)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from planpub.importer.names import prose_actors
from planpub.importer.pipeline import ImportFailure, Result, run
from planpub.importer.plan_header import plan_id
from planpub.importer.sentence_time import sentence_timeline
from planpub.tasks import flatten

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = Path(__file__).parent / "data" / "importer" / "layouts"


def _import(name: str, tmp_path: Path) -> Result:
    result = run(LAYOUTS / f"{name}.txt", ROOT, tmp_path / f"{name}.yaml")
    assert result.plan is not None, [d.format() for d in result.diagnostics]
    return result


def test_duties_grouped_by_agency_in_organisation_section(tmp_path: Path) -> None:
    """"Tổ chức thực hiện" holds the duties: each agency leads its own sub-items, and the
    activities listed without agencies in "Nội dung" are not tasks."""
    result = _import("to-chuc-thuc-hien-theo-co-quan", tmp_path)
    got = {e.number: e for e in flatten(result.plan)}  # type: ignore[arg-type]
    names = {p.id: p.short_names[0] for p in result.draft.proposals}
    assert [n for n in got if n.startswith("1.")] == ["1.a", "1.b", "1.c"]
    assert {names.get(i, i) for n in ("1.a", "1.b", "1.c") for i in got[n].lead} == {
        "Công an thành phố"}
    # "3. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Thành đoàn:" + bullets
    assert [names.get(i, i) for i in got["3.1"].coordinate] == ["Thành đoàn"]
    assert [names.get(i, i) for i in got["3.2"].lead] == ["Sở Giáo dục và Đào tạo"]
    # "4. Đề nghị Ủy ban Mặt trận Tổ quốc …": the request is not part of the name
    assert [names.get(i, i) for i in got["4"].lead] == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"]
    # a budget's "dự toán ngân sách hằng năm" is not a timeline; "hằng năm" of a duty is
    assert got["2.1"].timeline is None
    assert not any(n.startswith("III") for n in got)


def test_prose_tasks_year_from_title_and_web_leftovers(tmp_path: Path) -> None:
    result = _import("van-xuoi-giao-nhiem-vu", tmp_path)
    plan = result.plan
    assert plan is not None and plan.year == 2026 and str(plan.issued) == "2025-12-18"
    got = {e.number: e for e in flatten(plan)}
    names = {p.id: p.short_names[0] for p in result.draft.proposals}
    timelines = {n: e.timeline.text for n, e in got.items() if e.timeline}
    assert timelines["6"] == "Quý IV/2026" and timelines["7"] == "cả năm"
    assert [names.get(i, i) for i in got["6"].lead] == ["Sở Giáo dục và Đào tạo", "Tỉnh đoàn"]
    text = result.yaml
    assert "Nguồn:" not in text and "T.H" not in text.split("signature:")[1]
    assert plan.signature is not None and plan.signature.name == "Hoàng Văn Thắng"


def test_plan_issued_by_a_decision(tmp_path: Path) -> None:
    """Number and date from the decision, the bases its "Căn cứ", the title the scheme's."""
    result = _import("quyet-dinh-phe-duyet-de-an", tmp_path)
    plan = result.plan
    assert plan is not None
    assert plan.number == "1456/QĐ-UBND" and str(plan.issued) == "2025-11-05"
    assert not plan.title.upper().startswith(("QUYẾT ĐỊNH", "PHÊ DUYỆT"))
    assert len(plan.bases) == 5 and plan.bases[0].text.startswith("Luật Tổ chức chính quyền")
    assert "Giám đốc Sở Tư pháp" in plan.bases[4].text  # "Theo đề nghị của …"
    assert [e.number for e in flatten(plan)][:4] == ["1", "2.a", "2.b", "3"]


def test_tables_nested_rows_merged_cells_and_wide_rows(tmp_path: Path) -> None:
    result = _import("bang-phu-luc-cot-dao", tmp_path)
    got = {e.number: e for e in flatten(result.plan)}  # type: ignore[arg-type]
    assert list(got)[:4] == ["I.1.1", "I.1.2", "I.2.a", "I.2.b"]
    # an empty cell under a filled one is the same merged cell ("as above")
    assert got["II.3"].lead == got["II.2"].lead and got["II.3"].timeline == got["II.2"].timeline
    assert "để trống ô cơ quan hoặc thời gian" in result.report
    body = _import("bang-trong-than-ke-hoach", tmp_path)
    rows = {e.number: e for e in flatten(body.plan)}  # type: ignore[arg-type]
    assert len(rows) == 10 and all(e.timeline for e in rows.values())
    assert rows["1"].coordinate == ()  # "-": no partner


def test_report_ranks_tasks_by_confidence(tmp_path: Path) -> None:
    result = _import("van-xuoi-giao-nhiem-vu", tmp_path)
    section = result.report.split("ĐỘ TIN CẬY TỪNG NHIỆM VỤ")[1].split("\n\n")[0]
    rows = re.findall(r"^    - (\S+): (cao|vừa|thấp) \((\d,\d\d)\) — (.+)$", section, re.M)
    assert len(rows) == len(flatten(result.plan))  # type: ignore[arg-type]
    scores = [float(s.replace(",", ".")) for _, _, s, _ in rows]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    reasons = dict((n, why) for n, _, _, why in rows)
    assert "chủ ngữ của câu" in reasons["1"]  # "Giao Sở Tư pháp chủ trì …"
    assert "dòng “Đơn vị thực hiện: …”" in reasons["2"]
    assert "thời gian lấy từ trong câu" in reasons["6"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Tổng hợp, đánh giá kết quả thực hiện Kế hoạch hằng năm.", "hằng năm"),
    ("Định kỳ hàng năm, tổng hợp, báo cáo kết quả.", "Định kỳ hàng năm"),
    ("Báo cáo kết quả trước ngày 15/11 hằng năm.", "trước ngày 15/11 hằng năm"),
    ("Tổ chức tập huấn trong Quý IV/2026.", "Quý IV/2026"),
    ("Triển khai (khi Bộ Y tế có văn bản hướng dẫn).", "khi Bộ Y tế có văn bản hướng dẫn"),
    ("Bố trí kinh phí trong dự toán ngân sách hằng năm.", None),
    ("Lập kế hoạch đầu tư công trung hạn, hằng năm.", None),
    ("Xác định chỉ tiêu, nhiệm vụ hàng năm của địa phương.", None),
    ("Đến năm 2030, 100% xã đạt chuẩn.", None),
    ("Phấn đấu tăng trưởng bình quân hằng năm đạt 10%.", None),
    ("Hoàn thành trước ngày 15 tháng 12 năm 2026 và báo cáo hằng năm.",
     "trước ngày 15 tháng 12 năm 2026"),
    ("Báo cáo kết quả hằng năm; tổng kết trong Quý IV/2026.", "Quý IV/2026"),
])
def test_timeline_inside_a_sentence(text: str, expected: str | None) -> None:
    assert sentence_timeline(text) == expected


def test_drafts_of_every_layout_are_valid_yaml(tmp_path: Path) -> None:
    for source in sorted(LAYOUTS.glob("*.txt")):
        result = run(source, ROOT, tmp_path / f"{source.stem}.yaml")
        assert result.plan is not None and yaml.safe_load(result.yaml)["tasks"]
        assert not [d for d in result.diagnostics if d.level == "error"], source.name


def test_agency_duties_run_on_in_one_paragraph(tmp_path: Path) -> None:
    """"1. Công an thành phố: a) Chủ trì, phối hợp với …; b) …" and "2. Sở Tài chính: - …; - …"
    printed as one paragraph each: the sub-items are the agency's tasks."""
    result = run(ROOT / "tests" / "data" / "importer" / "phan-cong-noi-dong.txt", ROOT,
                 tmp_path / "dn.yaml")
    assert result.plan is not None
    got = {e.number: e for e in flatten(result.plan)}
    assert list(got) == ["1.a", "1.b", "2.1", "2.2", "3", "4"]
    assert got["1.a"].lead == got["1.b"].lead == ("cong-an-tp-da-nang",)
    assert got["1.a"].coordinate == ("so-tu-phap-da-nang", "vksnd-tp-da-nang")
    assert got["1.a"].timeline is not None and got["1.a"].timeline.text == "trước ngày 15/12/2026"
    assert got["2.2"].lead == ("so-tai-chinh-da-nang",)
    assert got["4"].lead == ("ubmttqvn-tp-da-nang",)  # "Đề nghị …" is not part of the name


def test_table_pipes_left_in_running_text(tmp_path: Path) -> None:
    """A web conversion leaves "|" at the ends of lines that are not table cells."""
    source = tmp_path / "ong.txt"
    source.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 12/KH-UBND\nAn Giang, ngày 10 tháng 3 năm 2026\n\n"
        "KẾ HOẠCH\nTuyên truyền pháp luật năm 2026\n\nI. NHIỆM VỤ\n"
        "1. Tổ chức tuyên truyền Luật Trách nhiệm bồi thường của Nhà nước |\n"
        "Cơ quan chủ trì: Sở Tư pháp |\nThời gian thực hiện: Quý II/2026 |\n"
        "2. Tập huấn nghiệp vụ\n- Cơ quan chủ trì: | Sở Nội vụ\n"
        "- Thời gian thực hiện: Quý III/2026\n\nNơi nhận:\n- Như trên;\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Bình\n", encoding="utf-8")
    result = run(source, ROOT, tmp_path / "ong-out.yaml")
    assert result.plan is not None and "|" not in result.yaml
    one, two = result.plan.tasks
    assert one.title.endswith("Nhà nước") and one.timeline is not None
    assert one.timeline.text == "Quý II/2026"
    assert [line.text for line in two.lines] == ["Sở Nội vụ"]


def test_sections_left_out_are_reported_and_headings_follow_the_tasks(tmp_path: Path) -> None:
    result = _import("to-chuc-thuc-hien-theo-co-quan", tmp_path)
    assert ("Mục III “NỘI DUNG”: không nhận ra việc giao cho cơ quan nào (nhiệm vụ lấy từ mục "
            "IV)" in result.report)
    data = yaml.safe_load(result.yaml)
    assert data["headings"]["tasks"] == "TỔ CHỨC THỰC HIỆN"
    assert "organisation" not in data  # the duties are the tasks, not repeated


def test_accepted_proposal_without_locality_stays_in_its_province(tmp_path: Path) -> None:
    """An agency pasted from another province's proposals with its locality left empty is
    not what a bare "Sở Nông nghiệp và Môi trường" means in this plan."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "registry", repo / "registry")
    (repo / "plans").mkdir()
    with (repo / "registry" / "agencies.yaml").open("a", encoding="utf-8") as out:
        out.write("\n- id: so-nong-nghiep-va-moi-truong-can-tho\n"
                  "  name: Sở Nông nghiệp và Môi trường thành phố Cần Thơ\n"
                  "  short_names:\n    - Sở Nông nghiệp và Môi trường\n"
                  "  locality: null\n  kind: department\n")
    source = tmp_path / "ag.txt"
    source.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 7/KH-UBND\nAn Giang, ngày 5 tháng 1 năm 2026\n\n"
        "KẾ HOẠCH\nPhòng, chống thiên tai năm 2026\n\nI. NHIỆM VỤ\n"
        "1. Sở Nông nghiệp và Môi trường chủ trì rà soát phương án ứng phó thiên tai.\n"
        "Thời gian thực hiện: Quý I/2026.\n\nNơi nhận:\n- Như trên;\n\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Văn Bảy\n", encoding="utf-8")
    result = run(source, repo, tmp_path / "ag-out.yaml")
    assert result.plan is not None
    assert result.plan.tasks[0].lead == ["so-nong-nghiep-va-moi-truong-an-giang"]


def test_header_place_broken_over_lines_and_drafter_code(tmp_path: Path) -> None:
    """"*Thành phố Hồ Chí* / *Minh, ngày …*" is one place; "09 KH" after "Lưu: VT." is the
    drafter's file code, neither a recipient nor part of the signature."""
    source = tmp_path / "hcm.txt"
    source.write_text(
        "|\n**ỦY BAN NHÂN DÂN**\nTHÀNH PHỐ HỒ CHÍ MINH\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "|\n|\nSố: 15/KH-UBND\n|\n*Thành phố Hồ Chí\nMinh, ngày 02 tháng 3 năm 2026*\n|\n\n"
        "**KẾ HOẠCH**\n\nTuyên truyền pháp luật năm 2026\n\n**I. NHIỆM VỤ**\n\n"
        "1. Sở Tư pháp chủ trì tổ chức tuyên truyền, hoàn thành trước ngày 30/6/2026.\n\n"
        "|\nNơi nhận:\n- Như trên;\n- Lưu: VT, CT.\n09 KH\n|\n**TM. ỦY BAN NHÂN\nDÂN**\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Hai\n|\n", encoding="utf-8")
    result = run(source, ROOT, tmp_path / "hcm-out.yaml")
    plan = result.plan
    assert plan is not None and plan.place == "Thành phố Hồ Chí Minh"
    assert plan.recipients[-1] == "Lưu: VT, CT."
    assert plan.signature is not None
    assert (plan.signature.authority, plan.signature.capacity, plan.signature.title) == (
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert plan.tasks[0].lead == ["so-tu-phap-ho-chi-minh"]


@pytest.mark.parametrize(("title", "expected"), [
    ("PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ GIAI ĐOẠN 2026 - 2030",
     "phat-trien-kinh-te-so-xa-hoi-so"),
    ("THỰC HIỆN NGHỊ QUYẾT SỐ 48/NQ-CP CỦA CHÍNH PHỦ", "nghi-quyet-nq-cp-chinh-phu"),
    ("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT", "sua-doi-bo-sung-dieu-luat"),
])
def test_suggested_plan_id_keeps_the_title_s_words(title: str, expected: str) -> None:
    assert plan_id(title, 2026, "tỉnh Bắc Ninh") == f"bac-ninh-2026-{expected}"


def test_a_text_that_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "ghi-chu.txt"
    source.write_text("Ghi chú cuộc họp\n\n1. Chuẩn bị tài liệu cho buổi làm việc.\n"
                      "2. Gửi thư mời các đơn vị.\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match="không giống một văn bản kế hoạch"):
        run(source, ROOT, tmp_path / "ghi-chu.yaml")
    assert not (tmp_path / "ghi-chu.yaml").exists()


def test_letters_of_a_broken_font_conversion_are_reported(tmp_path: Path) -> None:
    source = tmp_path / "phong.txt"
    source.write_text(
        "KẾ HOẠCH\nĐào tạo cán bộ năm 2026\n\nI. NHIỆM VỤ\n"
        "1. Sở Nội vụ chủ trì bồi dưỡng đội ngǜ cán bộ, định kǶ hằng năm.\n", encoding="utf-8")
    result = run(source, ROOT, tmp_path / "phong-out.yaml")
    assert "Văn bản có chữ lạ" in result.report and "“ngǜ”, “kǶ”" in result.report


@pytest.mark.parametrize(("sentence", "lead"), [
    ("Ban Quản lý các Khu chế xuất và công nghiệp Thành phố chủ trì tập huấn.",
     ["Ban Quản lý các Khu chế xuất và công nghiệp Thành phố"]),
    ("Sở Y tế và trạm y tế xã tổ chức khám sàng lọc.", ["Sở Y tế", "trạm y tế xã"]),
    ("Ban chỉ đạo phòng, chống tội phạm tỉnh chủ trì sơ kết.",
     ["Ban chỉ đạo phòng, chống tội phạm tỉnh"]),
    ("Sở Nội vụ tổ chức hội thi tìm hiểu pháp luật.", ["Sở Nội vụ"]),
    ("Công an tỉnh giúp Ủy ban nhân dân tỉnh theo dõi tình hình.", ["Công an tỉnh"]),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền.",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
    ("Các cơ quan, tổ chức có liên quan chủ động phối hợp thực hiện.",
     ["Các cơ quan, tổ chức có liên quan"]),
    ("Bộ phận Tiếp nhận và trả kết quả phường niêm yết thủ tục hành chính.",
     ["Bộ phận Tiếp nhận và trả kết quả phường"]),
])
def test_agency_name_ends_where_the_verb_starts(sentence: str, lead: list[str]) -> None:
    assert prose_actors(sentence).lead == lead


def _plan(tmp_path: Path, name: str, body: str) -> Result:
    source = tmp_path / f"{name}.txt"
    source.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nĐộc lập - Tự do - Hạnh phúc\n"
        "An Giang, ngày 5 tháng 1 năm 2026\n\nKẾ HOẠCH\nCông tác pháp chế năm 2026\n\n"
        + body + "\n\nNơi nhận:\n- Như trên;\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n"
        "Trần Văn Bảy\n", encoding="utf-8")
    result = run(source, ROOT, tmp_path / f"{name}-out.yaml")
    assert result.plan is not None
    return result


def test_prose_task_section_beside_a_labelled_one_is_kept(tmp_path: Path) -> None:
    result = _plan(tmp_path, "mix", (
        "II. NHIỆM VỤ TRỌNG TÂM\n1. Rà soát văn bản quy phạm pháp luật\n"
        "Cơ quan chủ trì: Sở Tư pháp\nThời gian thực hiện: Quý II/2026\n\n"
        "III. NHIỆM VỤ KHÁC\n1. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra "
        "an toàn thực phẩm, hoàn thành trước ngày 30/6/2026.\n"
        "2. Sở Nội vụ chủ trì tổ chức tập huấn cho công chức cấp xã trong Quý III/2026."))
    assert [e.number for e in flatten(result.plan)] == ["II.1", "III.1", "III.2"]  # type: ignore[arg-type]
    assert result.plan is not None and result.plan.place == "An Giang"  # not the motto


def test_rows_filled_as_above_are_counted_only_when_filled(tmp_path: Path) -> None:
    rows = "".join(f"{i}\n|\nNội dung công việc thứ {i}\n|\nSở Tư pháp\n|\n|\n"
                   for i in range(1, 5))
    result = _plan(tmp_path, "rows", "I. NHIỆM VỤ\n(chi tiết tại bảng)\n|\nSTT\n|\n"
                   "Nội dung\n|\nCơ quan chủ trì\n|\n|\n" + rows)
    assert len(flatten(result.plan)) == 4  # type: ignore[arg-type]
    assert "để trống ô cơ quan hoặc thời gian" not in result.report
