"""Citations, legal-document pages, the glossary and the macros content authors use.

Citation finding and the validator's warnings are checked on text and on the
real repository; the pages on the real site built once per session; the
macros on a scratch copy of the repository with a test page that calls each
one, built once for this module; an unknown macro id must fail its build.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html

from conftest import ROOT, build_site, copy_sources, load_checked, progress_epoch
from planpub.citations import Citations
from planpub.glossary import load_glossary, sort_key
from planpub.model import LegalDoc

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"
STP_BD = "so-tu-phap-binh-duong"


def page(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def words(text: str) -> str:
    return " ".join(text.split())


def main(doc: Any) -> Any:
    return doc.cssselect("article.md-content__inner")[0]


def cite_links(element: Any) -> dict[str, set[str]]:
    """Citation link text → the document folders it points to (links inside ``element``)."""
    out: dict[str, set[str]] = {}
    for link in element.cssselect("a.pp-cite"):
        target = re.search(r"van-ban/([a-z0-9-]+)/$", link.get("href"))
        assert target, link.get("href")
        out.setdefault(words(link.text_content()), set()).add(target.group(1))
    return out


# --------------------------------------------------------------------------- finding citations


@pytest.fixture(scope="module")
def matcher() -> Citations:
    catalog, _ = load_checked(ROOT)
    return catalog.citations


@pytest.mark.parametrize(("text", "doc", "article"), [
    ("Điều 25 Thông tư số 08/2019/TT-BTP", "tt-08-2019-tt-btp", "Điều 25"),
    ("khoản 3 Điều 46 Luật TNBTCNN", "luat-tnbtcnn-2017", "khoản 3 Điều 46"),
    ("điểm b khoản 2 Điều 21 Nghị định số 68/2018/NĐ-CP", "nd-68-2018-nd-cp",
     "điểm b khoản 2 Điều 21"),
    ("Luật TNBTCNN năm 2017", "luat-tnbtcnn-2017", None),
    ("Nghị định số 68/2018/NĐ-CP", "nd-68-2018-nd-cp", None),
    ("Nghị định 68/2018", "nd-68-2018-nd-cp", None),
    ("Thông tư 8/2019/TT-BTP", "tt-08-2019-tt-btp", None),
    ("Công văn số 7166/BTP-BTNN", "cv-7166-btp-btnn-2024", None),
    ("Quyết định số 717/QĐ-UBND", "qd-717-qd-ubnd-binh-duong-2022", None),
    ("Kế hoạch số 42/KH-UBND", "kh-42-kh-ubnd-quang-ngai-2024", None),
    ("Điều 45, 46 Luật TNBTCNN 2017", "luat-tnbtcnn-2017", "Điều 45, 46"),
    ("khoản 3 và khoản 4 Điều 73 Luật TNBTCNN", "luat-tnbtcnn-2017",
     "khoản 3 và khoản 4 Điều 73"),
    ("Dieu 6 Luat TNBTCNN nam 2017", "luat-tnbtcnn-2017", "Dieu 6"),
    ("nghị định số 68/2018/nđ-cp", "nd-68-2018-nd-cp", None),
])
def test_citation_forms_are_found(matcher: Citations, text: str, doc: str,
                                  article: str | None) -> None:
    found = matcher.find(f"theo quy định tại {text}; và")
    assert len(found) == 1, found
    assert (found[0].text, found[0].doc, found[0].article) == (text, doc, article)
    assert found[0].problem is None


def test_two_citations_in_one_sentence(matcher: Citations) -> None:
    text = ("theo quy định tại Điều 45, 46 Luật TNBTCNN 2017, Điều 19, Điều 21 của Nghị định "
            "số 68/20218/NĐ-CP")
    first, second = matcher.find(text)
    assert (first.text, first.doc) == ("Điều 45, 46 Luật TNBTCNN 2017", "luat-tnbtcnn-2017")
    assert second.text == "Điều 19, Điều 21 của Nghị định số 68/20218/NĐ-CP"
    assert (second.doc, second.article) == ("nd-68-2018-nd-cp", "Điều 19, Điều 21")
    assert (second.problem, second.number) == ("misprint", "68/20218/NĐ-CP")


@pytest.mark.parametrize("text", [
    "nâng cao nhận thức về pháp luật trách nhiệm bồi thường của Nhà nước",
    "ngày 10/12/2019, Mẫu 01/BTNN, Tháng 10/2019",
    "Điều 46 của luật này",
])
def test_what_is_not_a_citation(matcher: Citations, text: str) -> None:
    assert matcher.find(text) == []


def test_unknown_numbers_are_reported(matcher: Citations) -> None:
    found = matcher.find("Nghị quyết số 84/2025/UBTVQH15 và Quyết định 1898/QĐ-BTP")
    assert [(c.text, c.doc, c.number, c.problem) for c in found] == [
        ("Nghị quyết số 84/2025/UBTVQH15", None, "84/2025/UBTVQH15", "unknown"),
        ("Quyết định 1898/QĐ-BTP", None, "1898/QĐ-BTP", "unknown"),
    ]


def test_same_number_is_told_apart_by_date_or_left_ambiguous() -> None:
    def doc(ident: str, issued: dt.date) -> LegalDoc:
        return LegalDoc(id=ident, type="ke-hoach", number="15/KH-UBND", title="Kế hoạch",
                        issuer="ubnd", issued=issued)
    matcher = Citations([doc("kh-a", dt.date(2024, 2, 1)), doc("kh-b", dt.date(2025, 3, 5))])
    dated = matcher.find("Kế hoạch số 15/KH-UBND ngày 05/3/2025 của UBND tỉnh")
    assert [(c.doc, c.problem) for c in dated] == [("kh-b", None)]
    (undated,) = matcher.find("Kế hoạch số 15/KH-UBND của UBND tỉnh")
    assert (undated.doc, undated.problem, undated.candidates) == (None, "ambiguous",
                                                                   ("kh-a", "kh-b"))


# --------------------------------------------------------------------------- the validator


def test_validator_warns_about_the_misprinted_number() -> None:
    _, diags = load_checked(ROOT)
    found = [d for d in diags if "68/20218/NĐ-CP" in d.message]
    assert len(found) == 1
    (diag,) = found
    assert (diag.path, diag.level, diag.field) == (f"plans/{BD}.yaml", "warning", "tasks[7].title")
    source = (ROOT / diag.path).read_text(encoding="utf-8").splitlines()
    assert "68/20218/NĐ-CP" in source[(diag.line or 0) - 1]
    assert "68/2018/NĐ-CP" in diag.message


def test_validator_warns_about_an_unknown_citation(tmp_path: Path) -> None:
    for name in ("plans", "registry"):
        shutil.copytree(ROOT / name, tmp_path / name)
    path = tmp_path / "plans" / f"{PM}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["closing"] = "Theo Nghị quyết số 99/2099/NQ-HĐND của HĐND tỉnh."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, diags = load_checked(tmp_path)
    (diag,) = [d for d in diags if "99/2099/NQ-HĐND" in d.message]
    assert (diag.level, diag.field, diag.path) == ("warning", "closing", f"plans/{PM}.yaml")
    assert diag.hint and "thêm văn bản vào registry/legal.yaml" in diag.hint
    assert diag.format().startswith(f"plans/{PM}.yaml:{diag.line}: cảnh báo: closing: ")


def test_glossary_file_errors_are_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "abbreviations.yaml").write_text(textwrap.dedent("""
        - {abbr: UBND, full: Ủy ban nhân dân, explain: Cơ quan hành chính.}
        - {abbr: UBND, full: Ủy ban, explain: Trùng.}
        - {abbr: TAND, full: Tòa án nhân dân}
    """), encoding="utf-8")
    glossary, diags = load_glossary(tmp_path)
    assert [t.abbr for t in glossary.terms] == ["UBND"]
    messages = [d.format() for d in diags]
    assert any("registry/abbreviations.yaml:3: lỗi: [2].abbr: chữ viết tắt “UBND” trùng" in m
               for m in messages), messages
    assert any(":4: lỗi: [3].explain: thiếu trường bắt buộc “explain”" in m
               for m in messages), messages


# --------------------------------------------------------------------------- the real site


def test_seed_plan_citations_link_to_their_documents(built_site: Path) -> None:
    bd = cite_links(main(page(built_site, f"ke-hoach/{BD}/")))
    assert bd["Điều 25 Thông tư số 08/2019/TT-BTP"] == {"tt-08-2019-tt-btp"}
    assert bd["Điều 12 Thông tư số 08/2019/TT-BTP"] == {"tt-08-2019-tt-btp"}
    assert bd["Điều 45, 46 Luật TNBTCNN 2017"] == {"luat-tnbtcnn-2017"}
    assert bd["Điều 19, Điều 21 của Nghị định số 68/20218/NĐ-CP"] == {"nd-68-2018-nd-cp"}
    assert bd["Nghị định số 68/2018/NĐ-CP"] == {"nd-68-2018-nd-cp"}
    assert bd["Quyết định số 717/QĐ-UBND"] == {"qd-717-qd-ubnd-binh-duong-2022"}
    assert bd["Luật TNBTCNN năm 2017"] == {"luat-tnbtcnn-2017"}
    pm = cite_links(main(page(built_site, f"ke-hoach/{PM}/")))
    assert pm["điểm b khoản 2 Điều 21 Nghị định số 68/2018/NĐ-CP"] == {"nd-68-2018-nd-cp"}
    assert pm["khoản 3 Điều 46 Luật TNBTCNN"] == {"luat-tnbtcnn-2017"}
    assert pm["Công văn số 628/BTP-BTNN"] == {"cv-628-btp-btnn-2024"}
    for targets in [*bd.values(), *pm.values()]:
        for target in targets:
            assert (built_site / "van-ban" / target / "index.html").exists()


def test_citation_links_are_not_nested_and_carry_a_title(built_site: Path) -> None:
    doc = page(built_site, f"ke-hoach/{BD}/")
    assert not main(doc).xpath("//a//a")
    misprint = [a for a in main(doc).cssselect("a.pp-cite") if "20218" in a.text_content()]
    assert misprint and "số hiệu đúng là 68/2018/NĐ-CP" in misprint[0].get("title")
    basis = main(doc).cssselect("p.pp-basis a")
    assert basis and not basis[0].cssselect("a.pp-cite")


def test_content_pages_link_citations(built_site: Path) -> None:
    links = cite_links(main(page(built_site, "phap-luat/thoi-hieu/")))
    assert links["Điều 6 Luật TNBTCNN năm 2017"] == {"luat-tnbtcnn-2017"}


def test_document_page_shows_its_facts_and_citing_plans(built_site: Path) -> None:
    doc = main(page(built_site, "van-ban/nd-68-2018-nd-cp/"))
    text = words(doc.text_content())
    assert doc.cssselect("h1")[0].text_content() == "Nghị định số 68/2018/NĐ-CP"
    facts = {words(d.text_content()): words(d.getnext().text_content())
             for d in doc.cssselect("dl.pp-facts dt")}
    assert facts["Loại văn bản"] == "Nghị định"
    assert facts["Số, ký hiệu"] == "68/2018/NĐ-CP"
    assert facts["Cơ quan ban hành"] == "Chính phủ"
    assert (facts["Ngày ban hành"], facts["Ngày có hiệu lực"]) == ("15/05/2018", "01/07/2018")
    assert facts["Tình trạng"] == "Còn hiệu lực"
    assert facts["Văn bản chính thức"].startswith("Chưa có đường dẫn")
    citing = [a.get("href") for a in doc.cssselect(".pp-citing a")]
    assert f"../../ke-hoach/{BD}/#nhiem-vu-7" in citing
    assert f"../../ke-hoach/{PM}/" in citing
    assert "(Điều 19, Điều 21)" in text


def test_replaced_document_links_its_successor(built_site: Path) -> None:
    old = main(page(built_site, "van-ban/luat-tnbtcnn-2009/"))
    assert "Hết hiệu lực, đã được thay thế" in words(old.text_content())
    assert "../luat-tnbtcnn-2017/" in [a.get("href") for a in old.cssselect(".pp-facts a")]
    new = main(page(built_site, "van-ban/luat-tnbtcnn-2017/"))
    assert "../luat-tnbtcnn-2009/" in [a.get("href") for a in new.cssselect(".pp-facts a")]
    assert f"../../ke-hoach/{BD}/" in [a.get("href") for a in new.cssselect(".pp-citing a")]


def test_documents_index_lists_every_registered_document(built_site: Path) -> None:
    registered = yaml.safe_load((ROOT / "registry" / "legal.yaml").read_text(encoding="utf-8"))
    listed = {a.get("href").strip("/") for a in
              main(page(built_site, "van-ban/")).cssselect("td:first-child a")}
    assert listed == {d["id"] for d in registered}


def test_glossary_page_lists_every_abbreviation(built_site: Path) -> None:
    terms = yaml.safe_load((ROOT / "registry" / "abbreviations.yaml").read_text("utf-8"))
    doc = main(page(built_site, "thuat-ngu/"))
    shown = {dt_.text_content().strip(): dt_.getnext().text_content()
             for dt_ in doc.cssselect("dl.pp-terms dt")}
    assert set(shown) == {t["abbr"] for t in terms}
    for term in terms:
        assert words(shown[term["abbr"]]).startswith(words(term["full"]))
        assert words(term["explain"]) in words(shown[term["abbr"]])
    headings = [h.text_content() for h in doc.cssselect("h2")]
    assert "Đ" in headings and headings == sorted(headings, key=sort_key)
    assert headings.index("Đ") == headings.index("C") + 1  # no D-term: Đ follows C


@pytest.mark.parametrize(("url", "abbr", "full"), [
    (f"ke-hoach/{BD}/", "UBND", "Ủy ban nhân dân"),
    (f"ke-hoach/{BD}/", "TM.", "Thay mặt"),
    ("phap-luat/thoi-hieu/", "TNBTCNN", "Trách nhiệm bồi thường của Nhà nước"),
    (f"co-quan/{STP_BD}/", "UBND", "Ủy ban nhân dân"),
])
def test_abbreviations_show_their_full_form(built_site: Path, url: str, abbr: str,
                                            full: str) -> None:
    found = [a for a in main(page(built_site, url)).iter("abbr") if a.text_content() == abbr]
    assert found and all(a.get("title") == full for a in found)


def test_authors_page_shows_each_macro_call_and_its_result(built_site: Path) -> None:
    doc = main(page(built_site, "huong-dan-tac-gia/"))
    codes = [words(c.text_content()) for c in doc.iter("code")]
    for name in ("dieu", "upcoming_deadlines", "agency_tasks", "plan_list", "term",
                 "latest_plans"):
        assert any(c.startswith("{{ " + name + "(") for c in codes), name
    text = words(doc.text_content())
    assert "khoản 3 Điều 46 Luật TNBTCNN năm 2017" in text
    outside_code = re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", lxml_html.tostring(
        doc, encoding="unicode"), flags=re.S)
    assert "{{" not in outside_code and "{%" not in outside_code


# --------------------------------------------------------------------------- macros


MACRO_PAGE = """
    ---
    title: Thử macro
    ---

    # Thử macro

    Theo {{ dieu(6) }} và {{ dieu(21, doc="nd-68-2018-nd-cp", khoan=2, diem="b") }}.

    Chữ viết tắt: {{ term("UBND") }}; {{ term("PBGDPL", full=true) }}.

    <div id="han" markdown>

    {{ upcoming_deadlines(2, agency="so-tu-phap-binh-duong") }}

    </div>

    <div id="bang" markdown>

    {{ agency_tasks("so-tu-phap-binh-duong", year=2025) }}

    </div>

    <div id="ds-2024" markdown>

    {{ plan_list(year=2024) }}

    </div>

    <div id="ds-binh-duong" markdown>

    {{ plan_list(locality="binh-duong") }}

    </div>
"""

LITERAL_PLAN = """
    id: ke-hoach-thu-trich-dan
    title: Kế hoạch thử trích dẫn
    issuer: ubnd-tinh-binh-duong
    year: 2025
    tasks:
      - number: "1"
        title: "Thực hiện {{ dieu(46) }} và {{ 7*7 }}"
        body: "Theo Điều 46 Luật TNBTCNN và Nghị quyết số 99/2099/NQ-HĐND; {% raw %}x{% endraw %}"
        lead: [so-tu-phap-binh-duong]
        timeline: Năm 2025
"""


@pytest.fixture(scope="module")
def macro_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with a page calling every macro and a plan quoting them."""
    base = tmp_path_factory.mktemp("macros")
    root = copy_sources(base / "repo")
    (root / "content" / "phap-luat" / "thu-macro.md").write_text(
        textwrap.dedent(MACRO_PAGE).lstrip(), encoding="utf-8")
    (root / "plans" / "ke-hoach-thu-trich-dan.yaml").write_text(
        textwrap.dedent(LITERAL_PLAN), encoding="utf-8")
    site = base / "site"
    done = build_site(root, site, {"SOURCE_DATE_EPOCH": progress_epoch(dt.date(2025, 1, 1))})
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_each_macro_renders(macro_site: Path) -> None:
    doc = main(page(macro_site, "phap-luat/thu-macro/"))
    links = cite_links(doc)
    assert links["Điều 6 Luật TNBTCNN năm 2017"] == {"luat-tnbtcnn-2017"}
    assert links["điểm b khoản 2 Điều 21 Nghị định số 68/2018/NĐ-CP"] == {"nd-68-2018-nd-cp"}
    (ubnd,) = [a for a in doc.cssselect("a.pp-term") if a.text_content() == "UBND"]
    assert ubnd.get("href") == "../../thuat-ngu/#ubnd"
    assert ubnd.cssselect("abbr")[0].get("title") == "Ủy ban nhân dân"
    assert "Phổ biến, giáo dục pháp luật (PBGDPL)" in words(doc.text_content())
    deadlines = doc.cssselect("#han .pp-deadlines li")
    assert deadlines and all(li.cssselect("time[datetime]") for li in deadlines)
    rows = doc.cssselect("#bang table tbody tr")
    plans = {r.cssselect("a")[0].get("href") for r in rows}
    assert plans == {f"../../ke-hoach/{BD}/", "../../ke-hoach/ke-hoach-thu-trich-dan/"}
    roles = {words(r.cssselect("td")[2].text_content()).split(" (")[0] for r in rows}
    assert {"Chủ trì thực hiện", "Đầu mối tổng hợp"} <= roles
    plans_2024 = [a.get("href") for a in doc.cssselect("#ds-2024 li > a")]
    assert plans_2024 == [f"../../ke-hoach/{PM}/"]
    plans_bd = {a.get("href") for a in doc.cssselect("#ds-binh-duong li > a")}
    assert plans_bd == {f"../../ke-hoach/{BD}/", "../../ke-hoach/ke-hoach-thu-trich-dan/"}


def test_plan_text_with_macro_calls_is_shown_literally(macro_site: Path) -> None:
    doc = main(page(macro_site, "ke-hoach/ke-hoach-thu-trich-dan/"))
    task = doc.cssselect("#nhiem-vu-1")[0]
    text = words(task.text_content())
    assert "Thực hiện {{ dieu(46) }} và {{ 7*7 }}" in text
    assert "{% raw %}x{% endraw %}" in text and "49" not in text
    assert cite_links(task) == {"Điều 46 Luật TNBTCNN": {"luat-tnbtcnn-2017"}}
    assert "Nghị quyết số 99/2099/NQ-HĐND" in text  # unknown: left as text, not linked


@pytest.mark.parametrize(("call", "message"), [
    ('{{ agency_tasks("so-tu-phap-khong-co") }}',
     "Trang phap-luat/loi.md: macro agency_tasks: không có cơ quan “so-tu-phap-khong-co” "
     "trong danh mục cơ quan"),
    ('{{ dieu(46, doc="luat-khong-co") }}',
     "Trang phap-luat/loi.md: macro dieu: không có văn bản “luat-khong-co” trong danh mục"),
])
def test_unknown_macro_id_fails_the_build(make_repo: Path, tmp_path: Path, call: str,
                                          message: str) -> None:
    (make_repo / "content" / "phap-luat" / "loi.md").write_text(
        f"# Lỗi\n\nĐoạn văn {call}.\n", encoding="utf-8")
    site = tmp_path / "site"
    done = build_site(make_repo, site)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert message in output, output
    assert "Traceback" not in output
    assert not (site / "phap-luat" / "loi" / "index.html").exists()


@pytest.mark.parametrize(("macro", "args", "message"), [
    ("upcoming_deadlines", {"n": 3, "agency": "khong-co"}, "không có cơ quan “khong-co”"),
    ("upcoming_deadlines", {"n": 3, "plan": "khong-co"}, "không có kế hoạch “khong-co”"),
    ("plan_list", {"locality": "binh-duongg"},
     "không có địa bàn “binh-duongg” trong danh mục địa bàn (registry/localities.yaml). "
     "Có phải bạn muốn viết \"binh-duong\"?"),
    ("plan_list", {"year": "hai nghìn"}, "năm “hai nghìn” không hợp lệ"),
    ("term", {"abbr": "UBNDD"}, "không có chữ viết tắt “UBNDD”"),
    ("dieu", {"article": "bốn"}, "điều “bốn” không hợp lệ"),
    ("agency_tasks", {"agency": STP_BD, "nam": 2025}, "sai tham số; cách gọi: agency_tasks("),
])
def test_macro_errors_name_the_page_and_the_value(macro: str, args: dict[str, Any],
                                                  message: str) -> None:
    import importlib.util

    from planpub.mkdocs.macros import MacroError, _bind
    from planpub.render.annotate import Annotator
    from planpub.render.authoring import Authoring
    from planpub.render.documents import ReferencePages, document_sources
    from planpub.render.site import SiteRenderer
    from planpub.site.links import Urls

    spec = importlib.util.spec_from_file_location("planpub_macros", ROOT / "macros" / "main.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    catalog, _ = load_checked(ROOT)
    renderer = SiteRenderer(catalog, Urls(), document_pages=document_sources(catalog))
    glossary, _ = load_glossary(ROOT)
    annotator = Annotator(renderer.names, glossary)
    plugin = type("Plugin", (), {"authoring": Authoring(
        renderer.templates, ReferencePages(renderer.templates, glossary), annotator, glossary)})()
    env = type("Env", (), {})()
    env.conf = type("Conf", (), {"plugins": {"planpub": plugin}})()
    env.page = type("Page", (), {"file": type("File", (), {"src_uri": "hoi-dap.md"})()})()
    bound = _bind(env, getattr(module, macro))
    with pytest.raises(MacroError) as raised:
        bound(**args)
    assert str(raised.value).startswith(f"Trang hoi-dap.md: macro {macro}: ")
    assert message in str(raised.value)
