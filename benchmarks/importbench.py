"""Time ``planpub import`` on real plans and on a generated 40-page plan.

Each document goes through :func:`planpub.importer.pipeline.run` as the CLI runs
it (read, outline, draft, write, draft check), with the draft written to a
temporary directory. Reported per document: characters, estimated pages (2,500
characters a page), tasks found, median wall time of ``--runs`` runs and peak
Python memory (tracemalloc, one extra run). Exit 1 when the generated 40-page
plan's median reaches ``--limit`` seconds (2 s) or when it yields too few tasks.
Run through ``nox -s bench_import`` (``-- --runs 5``).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planpub.importer.pipeline import run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CORPORA = (SHARED / "seeds", SHARED / "corpus" / "real-plans", SHARED / "corpus" / "unkeyed")
CHARS_PER_PAGE = 2500
LIMIT_S = 2.0
GENERATED_TASKS = 150
TABLE_ROWS = 120

SO = ("Sở Tài chính", "Sở Tư pháp", "Sở Nội vụ", "Sở Y tế", "Sở Xây dựng",
      "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường",
      "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh",
      "Bộ Chỉ huy quân sự tỉnh")
WORK = ("rà soát, hoàn thiện quy chế phối hợp trong quản lý nhà nước về lĩnh vực được giao",
        "tổ chức tuyên truyền, phổ biến pháp luật đến cơ quan, tổ chức và cộng đồng dân cư",
        "xây dựng cơ sở dữ liệu dùng chung, kết nối với hệ thống thông tin của tỉnh",
        "bồi dưỡng, tập huấn chuyên môn, nghiệp vụ cho đội ngũ cán bộ, công chức cấp xã",
        "kiểm tra, đôn đốc việc thực hiện và tổng hợp kết quả báo cáo Ủy ban nhân dân tỉnh",
        "bố trí kinh phí thực hiện từ nguồn ngân sách nhà nước và các nguồn hợp pháp khác")
WHEN = ("Quý II/2026", "Thường xuyên", "Trước ngày 30/6/2026", "Năm 2026", "Định kỳ hằng quý",
        "2026-2027")


def _pick(items: Sequence[str], i: int) -> str:
    return items[i % len(items)]


def generated_plan(tasks: int = GENERATED_TASKS, rows: int = TABLE_ROWS) -> str:
    """A ~40-page provincial plan: header, bases, aims, tasks in three layouts, an appendix."""
    out = ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
           "Độc lập - Tự do - Hạnh phúc", "Số: 123/KH-UBND", "Nghệ An, ngày 15 tháng 1 năm 2026",
           "KẾ HOẠCH", "TRIỂN KHAI THỰC HIỆN CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH NĂM 2026",
           "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
           "Căn cứ Nghị định số 12/2025/NĐ-CP ngày 10 tháng 2 năm 2025 của Chính phủ;",
           "Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ;",
           "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]
    out += [f"- Mục đích {i + 1}: {_pick(WORK, i)}, bảo đảm kịp thời, đồng bộ, thống nhất "
            "và hiệu quả trên địa bàn tỉnh." for i in range(8)]
    out += ["2. Yêu cầu"]
    out += [f"- Yêu cầu {i + 1}: các sở, ban, ngành, Ủy ban nhân dân các xã, phường "
            f"{_pick(WORK, i)}." for i in range(8)]
    out += ["II. NHIỆM VỤ VÀ GIẢI PHÁP"]
    third = tasks // 3
    for i in range(tasks):
        lead, partner = _pick(SO, i), _pick(SO, i + 5)
        work = _pick(WORK, i)
        body = (f"{work[0].upper()}{work[1:]}; theo dõi, đánh giá kết quả và đề xuất sửa đổi, "
                "bổ sung cơ chế, chính sách phù hợp với tình hình thực tế của địa phương, "
                "bảo đảm tiến độ, chất lượng và hiệu quả. Báo cáo kết quả về Ủy ban nhân dân "
                "tỉnh (qua Sở Nội vụ) để theo dõi.")
        if i < third:
            out += [f"{i + 1}. {body}", f"- Cơ quan chủ trì: {lead}.",
                    f"- Cơ quan phối hợp: {partner}, Ủy ban nhân dân các xã, phường.",
                    f"- Thời gian thực hiện: {_pick(WHEN, i)}."]
        elif i < 2 * third:
            out += [f"{i + 1}. {lead} chủ trì, phối hợp với {partner} và các cơ quan, đơn vị liên "
                    f"quan {work}; hoàn thành trong {_pick(WHEN, i)}. Nội dung: {body}"]
        else:
            if i == 2 * third:
                out += ["III. TỔ CHỨC THỰC HIỆN"]
            if (i - 2 * third) % 5 == 0:
                out += [f"{(i - 2 * third) // 5 + 1}. {lead}"]
            out += [f"- Chủ trì, phối hợp với {partner} {work}. {body} "
                    f"Thời gian: {_pick(WHEN, i)}."]
    out += ["Trên đây là Kế hoạch triển khai thực hiện chuyển đổi số năm 2026 của tỉnh.",
            "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH", "Nguyễn Văn A", "PHỤ LỤC", "DANH MỤC NHIỆM VỤ",
            "(Kèm theo Kế hoạch số 123/KH-UBND ngày 15/01/2026 của UBND tỉnh)", "|", "STT", "|",
            "Nội dung nhiệm vụ", "|", "Cơ quan chủ trì", "|", "Cơ quan phối hợp", "|",
            "Thời gian hoàn thành", "|", "|"]
    for i in range(rows):
        work = _pick(WORK, i + 3)
        out += [str(i + 1), "|", f"{work[0].upper()}{work[1:]}, giai đoạn {i % 4 + 1}",
                "|", _pick(SO, i + 2), "|", f"{_pick(SO, i + 7)}, các cơ quan liên quan", "|",
                _pick(WHEN, i + 1), "|", "|"]
    return "\n".join(out) + "\n"


def _count_tasks(tasks: Any) -> int:
    if not isinstance(tasks, list):
        return 0
    return sum(1 + _count_tasks(t.get("subtasks")) for t in tasks if isinstance(t, dict))


@dataclass
class Row:
    """One document's measurements."""

    name: str
    chars: int
    tasks: int
    median_s: float
    peak_mb: float

    @property
    def pages(self) -> float:
        return self.chars / CHARS_PER_PAGE


def measure(source: Path, runs: int) -> Row:
    """Import ``source`` ``runs`` times (timed) and once more under tracemalloc."""
    times: list[float] = []
    tasks = 0
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "ban-nhap.yaml"
        for _ in range(runs):
            gc.collect()
            start = time.perf_counter()
            result = run(source, ROOT, target, force=True)
            times.append(time.perf_counter() - start)
            tasks = _count_tasks(result.draft.plan.get("tasks"))
        tracemalloc.start()
        run(source, ROOT, target, force=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return Row(source.name, len(source.read_text(encoding="utf-8")), tasks,
               statistics.median(times), peak / 2**20)


def documents() -> Iterator[Path]:
    """Every plan text in the shared corpora that exist here."""
    for folder in CORPORA:
        if folder.is_dir():
            yield from sorted(folder.glob("*.txt"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.importbench",
        description="Đo thời gian planpub import (nhập và kiểm tra bản nháp) trên các kế hoạch "
                    "thật trong ../shared và trên một kế hoạch 40 trang sinh tự động; lỗi nếu "
                    "kế hoạch 40 trang cần từ 2 giây trở lên.")
    parser.add_argument("--runs", type=int, default=5, metavar="N",
                        help="số lần chạy mỗi văn bản, lấy trung vị (mặc định: 5)")
    parser.add_argument("--limit", type=float, default=LIMIT_S, metavar="GIÂY",
                        help="ngưỡng thời gian cho kế hoạch 40 trang (mặc định: 2)")
    parser.add_argument("--generated-only", action="store_true",
                        help="chỉ đo kế hoạch 40 trang sinh tự động")
    args = parser.parse_args(argv)
    sources = [] if args.generated_only else list(documents())
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "ke-hoach-40-trang.txt"
        big.write_text(generated_plan(), encoding="utf-8")
        rows = []
        for source in [*sources, big]:
            print(f"[importbench] {source.name} …", file=sys.stderr, flush=True)
            rows.append(measure(source, max(1, args.runs)))
    print(f"| Văn bản | Ký tự | Trang (ước) | Nhiệm vụ | Trung vị {args.runs} lần (s) "
          "| Bộ nhớ đỉnh (MB) |")
    print("|---|--:|--:|--:|--:|--:|")
    for r in rows:
        print(f"| {r.name} | {r.chars:,} | {r.pages:.1f} | {r.tasks} | {r.median_s:.3f} "
              f"| {r.peak_mb:.1f} |")
    generated = rows[-1]
    expected = GENERATED_TASKS + TABLE_ROWS
    failed = False
    if generated.median_s >= args.limit:
        print(f"KHÔNG ĐẠT: kế hoạch {generated.pages:.0f} trang cần {generated.median_s:.2f} s "
              f"(ngưỡng {args.limit:g} s).")
        failed = True
    if generated.tasks < 0.8 * expected:
        print(f"KHÔNG ĐẠT: kế hoạch sinh tự động chỉ nhận ra {generated.tasks}/{expected} "
              "nhiệm vụ (cần ít nhất 80%).")
        failed = True
    if not failed:
        print(f"ĐẠT: kế hoạch {generated.pages:.0f} trang nhập trong {generated.median_s:.2f} s "
              f"(ngưỡng {args.limit:g} s), nhận ra {generated.tasks}/{expected} nhiệm vụ.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
