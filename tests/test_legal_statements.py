"""The legal statements on the built content pages, read the way a legal reviewer reads them.

The rules come from the second verification of the law (court windows under Điều 52,
damage items under Điều 22–32, recourse under Điều 65, no unsourced "miễn phí", no
blanket "every statement cites its article", items still being checked shown as such,
the courts' reorganisation with both of its texts). Each rule scans every page built
from ``content/``, so it holds on pages added later; a few rules also ask that the page
on the subject says the thing at all. Which agencies are dissolved or renamed is read
from ``registry/agencies.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html

from conftest import ROOT
from planpub.slug import fold

CONTENT = ROOT / "content"
LAW = "luat-tnbtcnn-2017"
BLOCKS = ("p", "li", "tr", "dd")
NOTE = re.compile(r"dang duoc (?:kiem tra lai|xac minh)")  # "being checked", folded
MACRO_OUTPUT = ("pp-upcoming", "pp-agency-tasks", "pp-plan-list", "md-typeset__scrollwrap")


def words(text: str) -> str:
    return " ".join(text.split())


def built_path(source: Path) -> Path:
    """``content/phap-luat/thoi-hieu.md`` → ``phap-luat/thoi-hieu/index.html``."""
    rel = source.relative_to(CONTENT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "index" else rel.parts
    return Path(*parts, "index.html")


def article(site: Path, rel: Path) -> Any:
    doc = lxml_html.fromstring((site / rel).read_text(encoding="utf-8"))
    return doc.cssselect("article.md-content__inner")[0]


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Any]:
    """Every page built from ``content/``: its source path → the page's article element."""
    out = {}
    for source in sorted(CONTENT.rglob("*.md")):
        rel = built_path(source)
        assert (built_site / rel).is_file(), rel
        out[source.relative_to(CONTENT).as_posix()] = article(built_site, rel)
    assert len(out) >= 10
    return out


def blocks(root: Any) -> Iterator[tuple[str, str]]:
    """Each paragraph, list item, table row and definition: (shown text, folded text)."""
    for element in root.iter(*BLOCKS):
        text = words(element.text_content())
        yield text, fold(text)


def sections(root: Any) -> Iterator[tuple[str, str]]:
    """The text under each heading (h1–h3), up to the next one: (heading, folded text)."""
    heading = ""
    parts: list[str] = []
    for child in root:
        if child.tag in ("h1", "h2", "h3"):
            if parts:
                yield heading, fold(words(" ".join(parts)))
            heading, parts = words(child.text_content()).rstrip("¶ "), []
        else:
            parts.append(child.text_content())
    if parts:
        yield heading, fold(words(" ".join(parts)))


def cites(folded: str, article_no: int, khoan: int | None = None) -> bool:
    """Whether folded text cites Điều ``article_no`` (with ``khoan``, in either order)."""
    if khoan is None:
        return re.search(rf"\bdieu {article_no}(?!\d)", folded) is not None
    return re.search(rf"\bkhoan {khoan} dieu {article_no}(?!\d)|\bdieu {article_no} khoan "
                     rf"{khoan}(?!\d)", folded) is not None


def law_articles(folded: str) -> set[int]:
    """Articles cited in folded text (any document)."""
    return {int(n) for n in re.findall(r"\bdieu (\d+)", folded)}


def cite_targets(root: Any) -> dict[str, set[str]]:
    """Citation link text → the registered documents it links to."""
    out: dict[str, set[str]] = {}
    for link in root.cssselect("a.pp-cite"):
        target = re.search(r"van-ban/([a-z0-9-]+)/$", link.get("href"))
        assert target, link.get("href")
        out.setdefault(words(link.text_content()), set()).add(target.group(1))
    return out


# --------------------------------------------------------------------------- going to court


COURT = re.compile(r"khoi kien|toa an")


def test_the_15_day_court_window_is_article_52_not_6(pages: dict[str, Any]) -> None:
    found = []
    for name, root in pages.items():
        for heading, text in sections(root):
            if "15 ngay" not in text or not COURT.search(text):
                continue
            assert not cites(text, 6), f"{name} › {heading}: the 15-day window cites Điều 6"
            if law_articles(text):
                assert cites(text, 52, 2), f"{name} › {heading}: 15 days without khoản 2 Điều 52"
                found.append(name)
    assert "phap-luat/thoi-hieu.md" in found


def test_the_time_limit_page_gives_both_routes_to_court(pages: dict[str, Any]) -> None:
    root = pages["phap-luat/thoi-hieu.md"]
    links = cite_targets(root)
    assert links["khoản 2 Điều 52 Luật TNBTCNN năm 2017"] == {LAW}
    assert links["khoản 1 Điều 52 Luật TNBTCNN năm 2017"] == {LAW}
    direct = [text for _, text in sections(root) if cites(text, 52, 1)]
    assert direct, "no section on going straight to court"
    assert any(COURT.search(t) and "03 nam" in t and cites(t, 51, 1) and "diem a" in t
               for t in direct)
    window = next(t for _, t in sections(root) if cites(t, 52, 2))
    assert "15 ngay" in window and "quyet dinh giai quyet boi thuong" in window
    assert "thuong luong thanh" in window and "thuong luong khong thanh" in window


def test_periods_left_out_of_the_limit_cite_khoan_3_of_article_6(pages: dict[str, Any]) -> None:
    seen = 0
    for name, root in pages.items():
        for heading, text in sections(root):
            if "bat kha khang" in text or "tro ngai khach quan" in text:
                assert cites(text, 6, 3), f"{name} › {heading}"
                seen += 1
    assert seen >= 2


# --------------------------------------------------------------------------- damage


DAMAGE = {
    "tai san bi xam pham": 23,
    "thu nhap thuc te bi mat": 24,
    "nguoi bi thiet hai chet": 25,
    "suc khoe bi xam pham": 26,
    "thiet hai ve tinh than": 27,
    "chi phi khac": 28,
}
"""Compensable damage items and their articles (Luật TNBTCNN 2017, Điều 23–28)."""


def test_each_damage_item_carries_its_article(pages: dict[str, Any]) -> None:
    root = pages["phap-luat/thiet-hai-duoc-boi-thuong.md"]
    items = [fold(words(li.text_content())) for li in root.cssselect("ol > li")]
    for phrase, number in DAMAGE.items():
        matching = [li for li in items if phrase in li.split("(")[0]]
        assert len(matching) == 1, phrase
        assert law_articles(matching[0]) == {number}, (phrase, matching[0])
    text = fold(words(root.text_content()))
    assert cites(text, 22) and cites(text, 32)
    assert re.search(r"dieu 29 den dieu 31", text)
    linked = cite_targets(root)
    assert {f"Điều {n} Luật TNBTCNN năm 2017" for n in DAMAGE.values()} <= set(linked)


def test_mental_damage_levels_cite_article_27(pages: dict[str, Any]) -> None:
    seen = 0
    for name, root in pages.items():
        for text, folded in blocks(root):
            if "ngay luong co so" in folded and law_articles(folded):
                assert law_articles(folded) == {27}, f"{name}: {text}"
                seen += 1
    assert seen >= 3
    rows = pages["phap-luat/thiet-hai-duoc-boi-thuong.md"].cssselect("tbody tr")
    assert rows and all(cites(fold(words(r.text_content())), 27) for r in rows)


# --------------------------------------------------------------------------- recourse, đình chỉ


def test_recourse_states_fault_conditions_and_levels(pages: dict[str, Any]) -> None:
    root = pages["phap-luat/trach-nhiem-hoan-tra.md"]
    section = next(t for h, t in sections(root) if cites(t, 65) and "thang luong" in t)
    for said in ("co y", "ket an", "toan bo", "30 den 50 thang luong", "50%", "vo y",
                 "10 thang luong", "03 thang luong"):
        assert said in section, said
    assert cites(section, 65, 4)
    linked = cite_targets(root)
    assert linked["Điều 65 Luật TNBTCNN năm 2017"] == {LAW}
    nd68 = {t for t, docs in linked.items() if docs == {"nd-68-2018-nd-cp"}}
    assert any("Điều 26" in t for t in nd68) and any("Điều 27" in t for t in nd68)
    for name, page in pages.items():
        for text, folded in blocks(page):
            if "hoan tra" in folded and "thang luong" in folded and law_articles(folded):
                assert cites(folded, 65) or "nghi dinh" in folded, f"{name}: {text}"


def test_discontinuation_is_article_51(pages: dict[str, Any]) -> None:
    root = pages["phap-luat/trinh-tu-giai-quyet.md"]
    item = [fold(words(li.text_content())) for li in root.iter("li")
            if words(li.text_content()).startswith("Đình chỉ")]
    assert len(item) == 1 and cites(item[0], 51) and not NOTE.search(item[0])


# --------------------------------------------------------------------------- wording rules


FREE = re.compile(r"\bmien phi\b|\bkhong (?:mat|thu|ton|phai tra|phai nop) "
                  r"(?:phi|le phi|tien)\b")
EVERY = re.compile(r"\b(?:moi|tat ca|tung)\b[^.;:!?]{0,60}\b(?:deu|luon)\b[^.;:!?]{0,40}"
                   r"\b(?:dieu luat|can cu)\b")
WITH_ARTICLE = re.compile(r"([^.;:!?]*)\bkem (?:theo )?dieu luat\b(?! khi)")
HEDGE = re.compile(r"\b(?:phan lon|nhieu|mot so|co the|thuong)\b")


def blanket(folded: str) -> str | None:
    """A claim that every statement cites its article ("mỗi ... đều ghi điều luật",
    "trả lời kèm điều luật"), unless the clause hedges it ("phần lớn", "một số")."""
    every = EVERY.search(folded)
    if every:
        return every.group(0)
    for found in WITH_ARTICLE.finditer(folded):
        if not HEDGE.search(found.group(1)):
            return found.group(0)
    return None


def page_texts(site: Path) -> Iterator[tuple[str, str]]:
    """Each content page's article and description, folded."""
    for source in sorted(CONTENT.rglob("*.md")):
        doc = lxml_html.fromstring((site / built_path(source)).read_text(encoding="utf-8"))
        meta = doc.cssselect('meta[name="description"]')
        body = doc.cssselect("article")[0].text_content()
        shown = f"{doc.findtext('.//title')} {meta[0].get('content', '') if meta else ''} {body}"
        yield source.relative_to(CONTENT).as_posix(), fold(words(shown))


def test_no_page_promises_free_help(built_site: Path) -> None:
    for name, text in page_texts(built_site):
        assert not FREE.search(text), f"{name}: {FREE.search(text)}"


def test_no_page_claims_every_statement_cites_its_article(built_site: Path) -> None:
    for name, text in page_texts(built_site):
        assert blanket(text) is None, f"{name}: {blanket(text)}"


def test_the_rules_above_catch_what_the_review_found() -> None:
    for said in ("Sở Tư pháp hướng dẫn miễn phí", "Việc hỗ trợ không mất phí",
                 "Mỗi quy định đều ghi rõ điều luật, ví dụ Điều 6",
                 "trả lời ngắn gọn kèm điều luật và đường dẫn"):
        assert FREE.search(fold(said)) or blanket(fold(said)), said
    for fine in ("trả lời ngắn gọn, nêu điều luật khi đã đối chiếu được",
                 "Phần lớn quy định được ghi kèm điều luật", "Miễn là bạn nộp đúng hạn"):
        assert not FREE.search(fold(fine)) and blanket(fold(fine)) is None, fine


def test_courts_reorganisation_cites_the_law_beside_the_resolution(
        pages: dict[str, Any], built_site: Path) -> None:
    seen = 0
    for name, root in pages.items():
        for text, folded in blocks(root):
            if "81/2025/ubtvqh15" in folded or "toa an nhan dan khu vuc" in folded:
                assert "81/2025/qh15" in folded and "81/2025/ubtvqh15" in folded, f"{name}: {text}"
                seen += 1
    assert seen
    linked = cite_targets(pages["phap-luat/sap-xep-2025.md"])
    (target,) = linked["Luật số 81/2025/QH15"]
    law = article(built_site, Path("van-ban", target, "index.html"))
    assert "81/2025/QH15" in words(law.text_content())


CHECKS: dict[str, Callable[[str], object]] = {
    "a failed negotiation's 15-day window":
        lambda t: "thuong luong khong thanh" in t and "15 ngay" in t,
    "periods of minors without a representative":
        lambda t: "chua thanh nien" in t or "mat nang luc hanh vi" in t,
    "mental damage when prosecuted but not held":
        lambda t: "khoi to" in t and "ngay luong co so" in t,
    "mental damage levels on death or injury":
        lambda t: "tinh than" in t and ("chet" in t or "suc khoe" in t)
        and ("muc boi thuong" in t or "ngay luong co so" in t),
    "the lower band of negligent recourse":
        lambda t: "vo y" in t and re.search(r"khong (?:lon hon|qua|vuot qua) 10 thang", t),
    "which article sets the 02 and 05 working days":
        lambda t: (cites(t, 42) or cites(t, 43)) and (
            ("02 ngay lam viec" in t and "thu ly" in t)
            or ("05 ngay lam viec" in t and "bo sung" in t)),
}
"""Items the second verification marks "check", recognised in a block's folded text."""


def test_items_still_being_checked_sit_next_to_the_note(pages: dict[str, Any]) -> None:
    seen = set()
    for name, root in pages.items():
        for text, folded in blocks(root):
            for item, found in CHECKS.items():
                if found(folded):
                    assert NOTE.search(folded), f"{name}: {item} stated as settled: {text}"
                    seen.add(item)
    assert len(seen) >= 4, seen


def test_the_legal_pages_explain_the_note(pages: dict[str, Any]) -> None:
    text = fold(words(pages["phap-luat/index.md"].text_content()))
    assert "dang duoc kiem tra lai" in text


# --------------------------------------------------------------------------- agencies named


def registry(name: str) -> list[dict[str, Any]]:
    path = ROOT / "registry" / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else []


def ceased(entry: dict[str, Any]) -> bool:
    return bool(entry.get("valid_until") or entry.get("successor") or entry.get("successors"))


@pytest.fixture(scope="module")
def agencies() -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in registry("agencies.yaml")}


@pytest.fixture(scope="module")
def dissolved(agencies: dict[str, dict[str, Any]]) -> set[str]:
    """Agencies that ceased or were renamed, or belong to a place that no longer exists."""
    gone_places = {p["id"] for p in registry("localities.yaml") if ceased(p)}
    return {i for i, a in agencies.items() if ceased(a) or a.get("locality") in gone_places}


def authored(root: Any) -> Any:
    """A copy of the page without the lists and tables its macros produced."""
    copy = lxml_html.fromstring(lxml_html.tostring(root, encoding="unicode"))
    for cls in MACRO_OUTPUT:
        for element in copy.cssselect(f".{cls}"):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    return copy


def test_authors_guide_examples_use_current_agencies(
        pages: dict[str, Any], agencies: dict[str, dict[str, Any]], dissolved: set[str]) -> None:
    assert dissolved
    guide = authored(pages["huong-dan-tac-gia.md"])
    codes = " ".join(c.text_content() for c in guide.iter("code"))
    called = set(re.findall(r'agency(?:_tasks\(|=)\s*"([a-z0-9-]+)"', codes))
    assert called, "the guide shows no agency example"
    errors = " ".join(c.text_content() for c in guide.iter("code")
                      if "không có cơ quan" in c.text_content())
    shown = set(re.findall(r'[“"]([a-z0-9]+(?:-[a-z0-9]+)+)[”"]', errors))
    for agency_id in called | shown:
        if agency_id in agencies:
            assert agency_id not in dissolved, agency_id
        else:  # a made-up id must be said to be one
            said = [p.text_content() for p in guide.iter("p") if agency_id in p.text_content()]
            assert any("viết sai" in p for p in said), agency_id
    prose = fold(words(guide.text_content()))
    current = {fold(a["name"]) for i, a in agencies.items() if i not in dissolved}
    for agency_id in dissolved:
        name = fold(agencies[agency_id]["name"])
        assert agency_id not in prose, agency_id
        if agencies[agency_id].get("kind") != "role" and name not in current:
            assert name not in prose, agencies[agency_id]["name"]
    places = registry("localities.yaml")
    live = {fold(p["name"]) for p in places if not ceased(p)}
    for place in places:
        if ceased(place) and fold(place["name"]) not in live:
            assert fold(place["name"]) not in prose, place["name"]


def test_ceased_or_renamed_agencies_stand_beside_their_successor(
        pages: dict[str, Any], agencies: dict[str, dict[str, Any]]) -> None:
    now: dict[str, set[str]] = {}
    for entry in agencies.values():
        for former in entry.get("former_names") or []:
            now.setdefault(fold(former), set()).add(fold(entry["name"]))
        after = [entry.get("successor"), *(entry.get("successors") or [])]
        names = {fold(agencies[s]["name"]) for s in after if s in agencies}
        if names:
            now.setdefault(fold(entry["name"]), set()).update(names)
    assert now, "the registry records no successor"
    for name, root in pages.items():
        for text, folded in blocks(authored(root)):
            for former, current in now.items():
                if re.search(rf"(?<!\w){re.escape(former)}(?!\w)", folded):
                    assert any(n in folded for n in current), f"{name}: {text}"
