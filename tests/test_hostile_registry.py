"""Registry and plan text a pull request controls (glossary full forms, names, titles, reviewer
handles) stays text: on content pages through every macro, in CODEOWNERS, and a broken output
file on disk is reported in Vietnamese, never as an internal error."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import lxml.html
import pytest

from planpub.cli import main
from planpub.codeowners import OUTPUT, generate
from planpub.mkdocs.build import build_site

HOSTILE = ('Đoạn [x](javascript:alert(1)) [z](onmouseover=alert(1)//) *đậm* _nghiêng_ `mã` '
           '<b>to</b> | ô & "nháy" {{ 7*7 }} ![i](https://e.x/i.png) \\# # + - 1. :) ~ =')
"""Markdown, HTML and template syntax in one value."""
PLAN = "plans/binh-duong-2025-boi-thuong-nha-nuoc.yaml"
MACRO_PAGE = """# Thử

Viết đầy đủ: {{ term("UBND", full=true) }}; viết tắt {{ term("UBND") }}; {{ dieu(6) }}.

| Macro | Kết quả |
| --- | --- |
| term | {{ term("UBND", full=true) }} |
| dieu | {{ dieu(46, khoan=3) }} |

Kế hoạch mới: {{ latest_plans(5) }} hết.

{{ plan_list() }}

{{ agency_tasks("so-tu-phap-binh-duong") }}

{{ upcoming_deadlines(50) }}

Văn bản do UBND tỉnh ban hành.
"""


def quoted(value: str) -> str:
    """``value`` as a YAML scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def replace(path: Path, pattern: str, new: str) -> None:
    """Replace the first line of ``path`` matching ``pattern`` by ``new`` (taken literally)."""
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, lambda _: new, text, count=1, flags=re.M)
    assert n, pattern
    path.write_text(changed, encoding="utf-8")


def hostile_registry(root: Path, full: str) -> None:
    """Put ``HOSTILE`` in a plan title, every task title of it, an agency name, a locality
    name, a document title; ``full`` as the full form of UBND."""
    plan = root / PLAN
    replace(plan, r"^title: .*$", f"title: {quoted(HOSTILE)}")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"^(    title: )(.*)$",
                           lambda m: m.group(1) + quoted(f"{HOSTILE} {m.group(2)}"), text,
                           flags=re.M), encoding="utf-8")
    replace(root / "registry" / "agencies.yaml", r"name: Sở Tư pháp tỉnh Bình Dương$",
            f"name: {quoted('Sở ' + HOSTILE)}")
    replace(root / "registry" / "localities.yaml", r"name: tỉnh Bình Dương$",
            f"name: {quoted('tỉnh ' + HOSTILE)}")
    replace(root / "registry" / "legal.yaml", r"title: Luật Trách nhiệm bồi thường của Nhà nước$",
            f"title: {quoted('Luật ' + HOSTILE)}")
    replace(root / "registry" / "abbreviations.yaml", r'full: "?Ủy ban nhân dân"?$',
            f"full: {quoted(full)}")


def built(root: Path, page: str) -> lxml.html.HtmlElement:
    """Build ``root`` in-process (it must succeed) and return the article of ``page``."""
    assert main(["--root", str(root), "validate"]) == 0
    # built on 01/01/2025, before the bundled deadlines, so upcoming_deadlines() lists them
    build_site(root, root / "site", env={"SOURCE_DATE_EPOCH": "1735689600"})
    doc = lxml.html.fromstring((root / "site" / page / "index.html").read_text("utf-8"))
    (article,) = doc.cssselect("article")
    return article


def injected(article: lxml.html.HtmlElement, markup: bool = True) -> list[str]:
    """Elements and attributes Markdown (or the browser) would have made from the data
    (with ``markup``, emphasis and code too: for a page whose own text has none)."""
    found = []
    for element in article.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("img", "script") or (
                markup and element.tag in ("em", "strong", "b", "code")):
            found.append(element.tag)
        for name, value in element.attrib.items():
            if name == "style" or name.startswith("on") or value.strip().startswith(
                    ("javascript", "style=", "onmouseover")):
                found.append(f"{element.tag}[{name}={value}]")
    return found


def test_names_titles_and_full_forms_in_every_macro_stay_text(
        make_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = "Ủy ban " + HOSTILE
    hostile_registry(make_repo, full)
    (make_repo / "content" / "thu.md").write_text(MACRO_PAGE, encoding="utf-8")
    article = built(make_repo, "thu")
    capsys.readouterr()
    assert injected(article) == []
    # every table row keeps its two cells: a "|" from data does not split one
    assert [len(row.cssselect("td, th")) for row in article.cssselect("table")[0]
            .cssselect("tr")] == [2, 2, 2]
    # term(): the full form is the literal text, on hover and written out
    terms = article.cssselect("a.pp-term abbr")
    assert len(terms) == 3 and {t.get("title") for t in terms} == {full}
    assert f"Viết đầy đủ: {full} (UBND); viết tắt UBND;" in article.text_content()
    # dieu(): the document's title is the link's hover text
    cites = article.cssselect("a.pp-cite")
    assert len(cites) >= 2 and all(f"Luật {HOSTILE}" in (a.get("title") or "") for a in cites)
    # latest_plans(), plan_list(), agency_tasks(), upcoming_deadlines(): titles as written
    lists = article.cssselect("ul.pp-latest, ul.pp-plan-list, table.pp-agency-tasks, "
                              ".pp-upcoming")
    assert len(lists) == 4
    for block in lists:
        assert HOSTILE in block.text_content(), block.get("class")
    assert any(f"Sở {HOSTILE}" == a.get("title") for a in article.cssselect(".pp-upcoming a"))
    assert f"Kế hoạch năm 2025, tỉnh {HOSTILE}" in lists[0].text_content()
    # the page's own text: the annotator writes the same full form into its <abbr>
    (last,) = [p for p in article.cssselect("p") if p.text_content().startswith("Văn bản do")]
    assert [a.get("title") for a in last.cssselect("abbr")] == [full]
    # and the glossary page lists it as written
    glossary = lxml.html.fromstring((make_repo / "site" / "thuat-ngu" / "index.html")
                                    .read_text("utf-8"))
    (entry,) = [dt for dt in glossary.cssselect("dl.pp-terms dt") if dt.get("id") == "ubnd"]
    assert entry.cssselect("abbr")[0].get("title") == full
    explained = entry.getnext()
    assert explained is not None and explained.text_content().startswith(f"{full}. ")


@pytest.mark.parametrize("full", [
    "Ủy ban [z](style=position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:9999;"
    "background:red)",
    "Ủy ban [z](onmouseover=alert(1)//)",
    'Ủy ban "><img src=x onerror=alert(1)> <script>alert(2)</script>',
])
def test_a_glossary_full_form_cannot_break_out_of_the_author_guide(
        make_repo: Path, full: str, capsys: pytest.CaptureFixture[str]) -> None:
    replace(make_repo / "registry" / "abbreviations.yaml", r'full: "?Ủy ban nhân dân"?$',
            f"full: {quoted(full)}")
    article = built(make_repo, "huong-dan-tac-gia")  # raised BuildError blaming the page
    capsys.readouterr()
    assert injected(article, markup=False) == []
    ubnd = [a for a in article.cssselect("a.pp-term abbr") if a.text_content() == "UBND"]
    assert [a.get("title") for a in ubnd] == [full]
    assert all(a.get("title") == full for a in article.cssselect("abbr")
               if a.text_content() == "UBND")


# --------------------------------------------------------------------------- CODEOWNERS

def set_pho_minh(root: Path, handles: list[str]) -> None:
    replace(root / "registry" / "reviewers.yaml", r'^  pho-minh:(?: .*|\n    - .*)$',
            f"  pho-minh: {json.dumps(handles)}")


@pytest.mark.parametrize(("handle", "problem"), [
    ("@attacker\n", "“@attacker\\n” không hợp lệ: có khoảng trắng, dấu xuống dòng"),
    ("@a b", "“@a b” không hợp lệ: có khoảng trắng"),
    ("@" + "a" * 100_000, "không hợp lệ: quá dài (100001 ký tự)"),
    ("@" + "a" * 300, "quá dài (301 ký tự)"),
    ("@to-chuc/" + "n" * 101, "quá dài"),
    ("@tổ-chức", "không hợp lệ: không phải tài khoản, nhóm hay địa chỉ thư"),
    ("@a//b", "không hợp lệ: không phải tài khoản, nhóm hay địa chỉ thư"),
])
def test_a_bad_reviewer_handle_is_refused_with_file_line_and_field(
        make_repo: Path, capsys: pytest.CaptureFixture[str], handle: str, problem: str) -> None:
    (make_repo / OUTPUT).write_text("# cũ\n", encoding="utf-8")
    set_pho_minh(make_repo, [handle, "@tu-phap-phuong-pho-minh"])
    assert main(["--root", str(make_repo), "codeowners"]) == 1
    err = capsys.readouterr().err
    line = next(i for i, text in enumerate((make_repo / "registry" / "reviewers.yaml")
                                           .read_text("utf-8").splitlines(), 1)
                if text.startswith("  pho-minh:"))
    assert f"registry/reviewers.yaml:{line}: lỗi: reviewers.pho-minh[1]: người duyệt " in err
    assert problem in err and "Cách sửa:" in err
    assert len(err) < 2000  # a huge value is cut, not echoed
    assert (make_repo / OUTPUT).read_text("utf-8") == "# cũ\n"


@pytest.mark.parametrize("handle", ["@" + "a" * 39, "@to-chuc/nhom_1-2", "@" + "x" * 39 + "/"
                                    + "t" * 100, "nguoi.duyet+bt@so-tp.example.gov.vn"])
def test_handles_github_accepts_are_written(make_repo: Path, handle: str) -> None:
    set_pho_minh(make_repo, [handle])
    text, diags = generate(make_repo)
    assert text is not None and not diags
    assert f"plans/pho-minh-2024-boi-thuong-nha-nuoc.yaml {handle}\n" in text


def test_a_path_with_a_line_break_or_space_never_reaches_codeowners(make_repo: Path) -> None:
    for name in ("plans/thu.yaml\n", "plans/a b.yaml", "registry/x y.yaml",
                 "registry/moi\n@attacker.yaml"):
        (make_repo / name).write_text("id: x\n", encoding="utf-8")
    text, diags = generate(make_repo)
    assert text is not None
    for line in text.splitlines():
        if line and not line.startswith("#"):
            path, *owners = line.split(" ")
            assert owners and all(o.startswith("@") for o in owners), line
            assert path == OUTPUT or (make_repo / path).is_file(), line
    assert "@attacker" not in text and "thu.yaml" not in text and " b.yaml" not in text
    warned = [d.format() for d in diags if "không ghi được vào CODEOWNERS" in d.message]
    assert len(warned) == 4
    assert "plans/thu.yaml\\n: cảnh báo: tên tệp có ký tự đặc biệt" in "\n".join(warned)
    assert all("\n" not in w for w in warned)  # each warning one line, the break shown as \n


# --------------------------------------------------------------------------- outputs on disk

def broken(path: Path, how: str) -> None:
    if how == "utf16":
        path.write_bytes(b"\xff\xfe{\x00}\x00")
    else:  # sparse: no disk space, but 4 GiB to whoever reads it all
        path.write_bytes(b"")
        os.truncate(path, 4 << 30)


@pytest.mark.parametrize(("how", "reason"), [("utf16", "không phải văn bản UTF-8"),
                                             ("sparse", "tệp quá lớn (hơn 4096 KB)")])
def test_schema_check_of_an_unreadable_file_says_why(
        make_repo: Path, capsys: pytest.CaptureFixture[str], how: str, reason: str) -> None:
    out = make_repo / "plans" / "plan.schema.json"
    broken(out, how)
    assert main(["--root", str(make_repo), "schema", "-o", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"Lỗi: {out}: {reason}, nên không so được với định dạng kế hoạch." in err
    assert "Cách sửa: chạy “planpub schema -o" in err and "Lỗi nội bộ" not in err
    assert main(["--root", str(make_repo), "schema", "-o", str(out)]) == 0
    assert main(["--root", str(make_repo), "schema", "-o", str(out), "--check"]) == 0


@pytest.mark.parametrize(("how", "reason"), [("utf16", "không phải văn bản UTF-8"),
                                             ("sparse", "tệp quá lớn (hơn 4096 KB)")])
def test_codeowners_check_of_an_unreadable_file_says_why(
        make_repo: Path, capsys: pytest.CaptureFixture[str], how: str, reason: str) -> None:
    broken(make_repo / OUTPUT, how)
    assert main(["--root", str(make_repo), "codeowners", "--check"]) == 1
    err = capsys.readouterr().err
    assert f"Lỗi: CODEOWNERS: {reason}, nên không so được với registry/reviewers.yaml." in err
    assert "Cách sửa: chạy “planpub codeowners”" in err and "Lỗi nội bộ" not in err
    assert main(["--root", str(make_repo), "codeowners"]) == 0
    assert main(["--root", str(make_repo), "codeowners", "--check"]) == 0
