"""Measure Vietnamese NLP libraries against planpub's own rules (issue 17).

Two questions: where an agency name ends and the verb starts ("Bộ Công an giúp
Thủ tướng …" → "Bộ Công an"), and where sentences end in converted text with
abbreviations ("TP. Hồ Chí Minh", "Số 12/2025/NĐ-CP", "v.v."). Approaches:
planpub (:func:`planpub.importer.names.prose_actors`), pyvi (``ViPosTagger``:
the subject is every word before the first verb) and underthesea (``pos_tag``,
``sent_tokenize``). The libraries are not project dependencies; run this in a
scratch environment that has both them and planpub::

    python -m venv /tmp/nlpvenv && /tmp/nlpvenv/bin/pip install underthesea pyvi -e .
    # no network, to show that nothing is downloaded: prefix the run with `unshare -n`
    /tmp/nlpvenv/bin/python -m benchmarks.nlpprobe [--corpus DIR ...]

Each approach runs only if it imports. Prints a Markdown table: names right out
of the cases below, time per sentence, and seconds per 40-page plan (the corpus
plans scaled to 100,000 characters) for sentence splitting and POS tagging.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
PAGE40 = 100_000

CASES: tuple[tuple[str, str], ...] = (
    ("Sở Tài chính phối hợp với Sở Nội vụ rà soát kinh phí.", "Sở Tài chính"),
    ("Doanh nghiệp viễn thông, bưu chính ưu tiên đầu tư hạ tầng số.",
     "Doanh nghiệp viễn thông, bưu chính"),
    ("Bộ Công an giúp Thủ tướng Chính phủ theo dõi, đôn đốc.", "Bộ Công an"),
    ("Ban Quản lý các Khu chế xuất và công nghiệp Thành phố chủ trì, phối hợp với các sở.",
     "Ban Quản lý các Khu chế xuất và công nghiệp Thành phố"),
    ("Ủy ban nhân dân các xã, phường phân công cán bộ theo dõi.",
     "Ủy ban nhân dân các xã, phường"),
    ("Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể theo chức năng, "
     "nhiệm vụ được giao chủ động phối hợp với Công an tỉnh.",
     "Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể"),
    ("Bộ CHQS tỉnh có trách nhiệm tham mưu Ủy ban nhân dân tỉnh theo dõi.", "Bộ CHQS tỉnh"),
    ("Bộ Công an chủ trì theo chức năng, nhiệm vụ được giao.", "Bộ Công an"),
    ("Bộ Giáo dục và Đào tạo triển khai chương trình.", "Bộ Giáo dục và Đào tạo"),
    ("Bộ Quốc phòng có văn bản triển khai.", "Bộ Quốc phòng"),
    ("Bộ Tài chính chủ trì tổng hợp, trình cấp có thẩm quyền bố trí kinh phí.", "Bộ Tài chính"),
    ("Bộ Tư lệnh Thành phố chủ trì, phối hợp với Công an Thành phố.", "Bộ Tư lệnh Thành phố"),
    ("Bộ Tư pháp có văn bản triển khai.", "Bộ Tư pháp"),
    ("Bộ trưởng Bộ Lao động - Thương binh và Xã hội hướng dẫn thực hiện.",
     "Bộ trưởng Bộ Lao động - Thương binh và Xã hội"),
    ("Các sở, ban, ngành tỉnh có liên quan có trách nhiệm báo cáo.",
     "Các sở, ban, ngành tỉnh có liên quan"),
    ("Các sở, ngành, địa phương có trách nhiệm chủ động bố trí kinh phí.",
     "Các sở, ngành, địa phương"),
    ("Công an tỉnh chủ trì, phối hợp các đơn vị có liên quan tham mưu.", "Công an tỉnh"),
    ("Công an tỉnh tham mưu Ủy ban nhân dân tỉnh.", "Công an tỉnh"),
    ("Hội đồng nhân dân cùng cấp bố trí kinh phí.", "Hội đồng nhân dân cùng cấp"),
    ("Liên đoàn Lao động Việt Nam triển khai tuyên truyền.", "Liên đoàn Lao động Việt Nam"),
    ("Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Y tế.", "Sở Giáo dục và Đào tạo"),
    ("Sở KH&CN chủ trì hướng dẫn các đơn vị.", "Sở KH&CN"),
    ("Sở Khoa học và Công nghệ có trách nhiệm giúp Ủy ban nhân dân tỉnh.",
     "Sở Khoa học và Công nghệ"),
    ("Sở Khoa học và Công nghệ theo dõi, tổng hợp.", "Sở Khoa học và Công nghệ"),
    ("Sở Khoa học và Công nghệ thúc đẩy, theo dõi việc thực hiện.", "Sở Khoa học và Công nghệ"),
    ("Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tổ chức tập huấn.", "Sở Tư pháp"),
    ("Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức các hoạt động.",
     "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở Nông nghiệp và Môi trường hướng dẫn các xã.", "Sở Nông nghiệp và Môi trường"),
    ("Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc.", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Đài Phát thanh và Truyền hình tỉnh tuyên truyền rộng rãi.",
     "Đài Phát thanh và Truyền hình tỉnh"),
    ("Bảo hiểm xã hội tỉnh phối hợp với Sở Y tế thực hiện.", "Bảo hiểm xã hội tỉnh"),
    ("Ngân hàng Nhà nước khu vực XII chủ động triển khai.", "Ngân hàng Nhà nước khu vực XII"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh giám sát việc thực hiện.",
     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("Thanh tra tỉnh kiểm tra việc thực hiện.", "Thanh tra tỉnh"),
    ("Tỉnh đoàn phát động phong trào thanh niên.", "Tỉnh đoàn"),
)
"""(sentence, the lead agency's name as an officer reads it), from the shared corpus."""

SENTENCES: tuple[tuple[str, int], ...] = (
    ("Trụ sở tại TP. Hồ Chí Minh. Sở Tư pháp chủ trì.", 2),
    ("Căn cứ Nghị định Số 12/2025/NĐ-CP ngày 10/2/2025 của Chính phủ. Ủy ban ban hành.", 2),
    ("Tuyên truyền qua báo, đài, mạng xã hội, v.v. để người dân biết.", 1),
    ("Thực hiện theo Quyết định số 1899/QĐ-TTg ngày 04/9/2025 của Thủ tướng Chính phủ.", 1),
    ("Hoàn thành trước ngày 30/6/2026. Báo cáo kết quả về UBND tỉnh.", 2),
    ("Liên hệ Tp. Cần Thơ và TX. Bình Minh. Sở Nội vụ tổng hợp.", 2),
)
"""(text, how many sentences it holds)."""


def _norm(text: str) -> str:
    text = re.sub(r"\s+([,.;:])", r"\1", text.replace("_", " "))
    return re.sub(r"\s+", " ", text).strip(" ,.;").casefold()


def _before_verb(tagged: Sequence[tuple[str, str]]) -> str:
    words: list[str] = []
    for word, tag in tagged:
        if tag.startswith("V"):
            break
        words.append(word)
    return " ".join(words)


def approaches() -> dict[str, Callable[[str], str]]:
    """Subject finders that import here: sentence → the acting agency's name."""
    found: dict[str, Callable[[str], str]] = {}
    try:
        from planpub.importer.names import prose_actors

        found["planpub (quy tắc)"] = lambda s: ", ".join(prose_actors(s).lead)
    except ImportError:
        pass
    try:
        tagger = importlib.import_module("pyvi.ViPosTagger").ViPosTagger
        tokenizer = importlib.import_module("pyvi.ViTokenizer").ViTokenizer

        def pyvi(s: str) -> str:
            words, tags = tagger.postagging(tokenizer.tokenize(s))
            return _before_verb(list(zip(words, tags, strict=True)))

        found["pyvi (ViPosTagger)"] = pyvi
    except ImportError:
        pass
    try:
        uts = importlib.import_module("underthesea")

        found["underthesea (pos_tag)"] = lambda s: _before_verb(uts.pos_tag(s))
        found["underthesea (ner, ORG)"] = lambda s: " ".join(
            w for w, *_, tag in uts.ner(s) if tag.endswith("ORG"))
    except ImportError:
        pass
    return found


def splitters() -> dict[str, Callable[[str], list[str]]]:
    """Sentence splitters that import here."""
    found: dict[str, Callable[[str], list[str]]] = {}
    try:
        from planpub.importer.blocks import sentences

        found["planpub (quy tắc)"] = sentences
    except ImportError:
        pass
    with contextlib.suppress(ImportError):
        found["underthesea (sent_tokenize)"] = importlib.import_module("underthesea").sent_tokenize
    return found


def _plan_text(dirs: Sequence[Path]) -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for d in dirs if d.is_dir()
                     for p in sorted(d.glob("*.txt")))
    return text.replace("|", " ")[:PAGE40] if len(text) >= PAGE40 else text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.nlpprobe",
        description="So sánh thư viện NLP tiếng Việt (pyvi, underthesea) với quy tắc của "
                    "planpub: ranh giới tên cơ quan, tách câu và thời gian cho 40 trang.")
    parser.add_argument("--corpus", type=Path, nargs="*",
                        default=[CORPUS / "real-plans", CORPUS / "unkeyed"],
                        help="thư mục kế hoạch .txt dùng đo thời gian")
    args = parser.parse_args(argv)
    text = _plan_text(args.corpus)
    scale = PAGE40 / max(1, len(text))
    print(f"Tên cơ quan: {len(CASES)} câu; đo thời gian trên {len(text):,} ký tự "
          f"(quy ra 40 trang = {PAGE40:,} ký tự).\n")
    print("| Cách | Đúng tên cơ quan | ms/câu | Gán nhãn 40 trang (s) |")
    print("|---|--:|--:|--:|")
    for name, subject in approaches().items():
        subject(CASES[0][0])  # load models outside the timing
        start = time.perf_counter()
        got = [subject(s) for s, _ in CASES]
        per = (time.perf_counter() - start) / len(CASES)
        right = sum(_norm(g) == _norm(want) for g, (_, want) in zip(got, CASES, strict=True))
        start = time.perf_counter()
        for line in text.splitlines():
            if line.strip():
                subject(line)
        page40 = (time.perf_counter() - start) * scale
        print(f"| {name} | {right}/{len(CASES)} | {per * 1000:.1f} | {page40:.2f} |")
        for g, (_, want) in zip(got, CASES, strict=True):
            if _norm(g) != _norm(want):
                print(f"<!-- {name}: “{g}” ≠ “{want}” -->", file=sys.stderr)
    print("\n| Tách câu | Đúng số câu | Tách 40 trang (s) |")
    print("|---|--:|--:|")
    for name, split in splitters().items():
        right = sum(len(split(t)) == n for t, n in SENTENCES)
        for t, n in SENTENCES:
            if len(split(t)) != n:
                print(f"<!-- {name}: {split(t)} -->", file=sys.stderr)
        start = time.perf_counter()
        split(text)
        page40 = (time.perf_counter() - start) * scale
        print(f"| {name} | {right}/{len(SENTENCES)} | {page40:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
