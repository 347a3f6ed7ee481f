"""Hostile data: links from the registry and prose, formulas in open data, huge or invisible
text, long lists, and model errors in English.

Each case is something a file or a pull request can carry: it must come out as one
Vietnamese error with file, line and field, and never reach the site as live code.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import ROOT, load_checked
from planpub.cli import main
from planpub.fieldtypes import ROLE_MAX, TASKS_MAX
from planpub.glossary import Term, load_glossary
from planpub.model import Roles, Task, iter_tasks
from planpub.opendata import open_data, tasks_csv, to_json
from planpub.registrymodel import Agency
from planpub.render.documents import ReferencePages, document_sources
from planpub.render.markup import Prose
from planpub.render.site import SiteRenderer
from planpub.site import links
from planpub.site.links import Urls

AGENCIES = """\
- id: ubnd-tinh-a
  name: Ủy ban nhân dân tỉnh A
  kind: people-committee
  locality: tinh-a
- id: so-tu-phap-tinh-a
  name: Sở Tư pháp tỉnh A
  kind: department
  locality: tinh-a
  url: https://stp.tinh-a.gov.vn/
"""
URL_LINE = 9
"""The line of ``url:`` in :data:`AGENCIES` (the second entry)."""

LEGAL = """\
- id: luat-tnbtcnn-2017
  type: luat
  number: 10/2017/QH14
  title: Luật Trách nhiệm bồi thường của Nhà nước
  issuer: ubnd-tinh-a
  url: https://vbpl.vn/luat-10-2017
"""

PLAN = """\
id: ke-hoach-a
title: Kế hoạch thử
issuer: ubnd-tinh-a
year: 2025
bases:
  - ref: luat-tnbtcnn-2017
    text: Luật Trách nhiệm bồi thường của Nhà nước năm 2017
tasks:
  - number: "1"
    title: Tuyên truyền
    lead: [so-tu-phap-tinh-a]
    timeline: Thường xuyên
  - number: "2"
    title: Báo cáo
    lead: [so-tu-phap-tinh-a]
    timeline: Trước ngày 15/11/2025
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A registry with one linked agency and one linked document, and one plan."""
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "localities.yaml").write_text(
        "- {id: tinh-a, name: tỉnh A, kind: province}\n", encoding="utf-8")
    (registry / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (registry / "legal.yaml").write_text(LEGAL, encoding="utf-8")
    (tmp_path / "plans").mkdir()
    write_plan(tmp_path, PLAN)
    return tmp_path


def write_plan(root: Path, text: str) -> None:
    (root / "plans" / "ke-hoach-a.yaml").write_text(text, encoding="utf-8")


def validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--root", str(root), "validate"])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, [line for line in out.out.splitlines() if ": lỗi: " in line]


def only_error(root: Path, capsys: pytest.CaptureFixture[str], file: str = "") -> str:
    """The one error (in ``file``; a bad registry entry also leaves plans naming it unknown)."""
    code, errors = validate(root, capsys)
    mine = [line for line in errors if line.startswith(file)]
    assert code == 1 and len(mine) == 1, errors
    return mine[0]


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


# --------------------------------------------------------------------------- data URLs


@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "' javascript:alert(1)'",
    "'data:text/html,<script>alert(1)</script>'",
    "vbscript:msgbox(1)",
    "https://",
    "'https://stp.tinh-a.gov.vn/trang chu'",
])
def test_registry_url_that_is_not_a_web_address_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    (repo / "registry" / "agencies.yaml").write_text(
        AGENCIES.replace("https://stp.tinh-a.gov.vn/", url), encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith(f"registry/agencies.yaml:{URL_LINE}: lỗi: so-tu-phap-tinh-a.url: ")
    assert "Cách sửa:" in line and "https://" in line.partition("Cách sửa:")[2]


def test_legal_document_url_is_checked_too(repo: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry" / "legal.yaml").write_text(
        LEGAL.replace("https://vbpl.vn/luat-10-2017", "javascript:alert(document.cookie)"),
        encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith("registry/legal.yaml:6: lỗi: luat-tnbtcnn-2017.url: ")
    assert "javascript" in line


@pytest.mark.parametrize("url", ["https://stp.tinh-a.gov.vn/lien-he?x=1#y",
                                 "mailto:stp@tinh-a.gov.vn", "tel:+84-274-3822-222"])
def test_web_mail_and_phone_links_pass(repo: Path, capsys: pytest.CaptureFixture[str],
                                       url: str) -> None:
    (repo / "registry" / "agencies.yaml").write_text(
        AGENCIES.replace("https://stp.tinh-a.gov.vn/", url), encoding="utf-8")
    code, errors = validate(repo, capsys)
    assert code == 0 and not errors


BAD_LINKS = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x",
             'https://x.vn/" onmouseover="alert(1)']


@pytest.mark.parametrize("bad", BAD_LINKS)
def test_agency_page_keeps_a_bad_url_as_text_not_as_a_link(repo: Path, bad: str) -> None:
    """Defence in depth: a URL that slipped past the loader is printed, never linked."""
    catalog, _ = load_checked(repo)
    agency = catalog.agencies["so-tu-phap-tinh-a"]
    catalog.agencies[agency.id] = agency.model_copy(update={"url": bad})
    renderer = SiteRenderer(catalog, Urls())
    list(renderer.outputs())
    page = renderer.render(links.agency_src(agency.id))
    assert page is not None
    assert "Trang chính thức" in page.html
    assert not [h for h in hrefs(page.html) if "script" in h.lower() or ":" in h]
    assert 'onmouseover="' not in page.html
    shown = page.html.split("Trang chính thức")[1].split("</dd>")[0]
    assert "alert(1)" in shown or "data:text/html,x" in shown  # the text stays, escaped
    good = SiteRenderer(load_checked(repo)[0], Urls())
    list(good.outputs())
    linked = good.render(links.agency_src(agency.id))
    assert linked is not None and 'href="https://stp.tinh-a.gov.vn/"' in linked.html


@pytest.mark.parametrize("bad", BAD_LINKS)
def test_document_page_does_not_link_a_bad_url(repo: Path, bad: str) -> None:
    catalog, _ = load_checked(repo)
    doc = catalog.documents["luat-tnbtcnn-2017"]
    catalog.documents[doc.id] = doc.model_copy(update={"url": bad})
    renderer = SiteRenderer(catalog, Urls(), document_pages=document_sources(catalog))
    glossary, _ = load_glossary(ROOT)
    pages = ReferencePages(renderer.templates, glossary)
    list(pages.outputs())
    page = pages.render(links.document_src(doc.id))
    assert page is not None
    assert not [h for h in hrefs(page.html) if "script" in h.lower() or ":" in h]
    assert 'onmouseover="' not in page.html and "Chưa có đường dẫn" in page.html


# --------------------------------------------------------------------------- CSV injection

FORMULAS = ['=HYPERLINK("http://x","y")', "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "+1+1"]


def test_formula_like_text_is_neutralised_in_csv_but_exact_in_json(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = "".join(
        f'  - number: "{i}"\n    title: {json.dumps(title)}\n    lead: [so-tu-phap-tinh-a]\n'
        for i, title in enumerate(FORMULAS, 1))
    write_plan(repo, PLAN.split("tasks:\n")[0].replace(
        "title: Kế hoạch thử", 'title: "=1+1 Kế hoạch"') + "tasks:\n" + tasks)
    catalog, diagnostics = load_checked(repo)
    assert not [d for d in diagnostics if d.level == "error"], diagnostics
    rows = list(csv.DictReader(io.StringIO(tasks_csv(catalog))))
    assert [row["title"] for row in rows] == ["'" + title for title in FORMULAS]
    assert {row["plan_title"] for row in rows} == {"'=1+1 Kế hoạch"}
    assert all(row["plan_id"] == "ke-hoach-a" and row["year"] == "2025" for row in rows)
    data = json.loads(to_json(open_data(catalog)))
    assert [t["title"] for t in data["plans"][0]["tasks"]] == FORMULAS
    assert data["plans"][0]["title"] == "=1+1 Kế hoạch"


# --------------------------------------------------------------------------- size limits


def test_a_huge_plan_title_names_length_and_limit(repo: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, PLAN.replace("title: Kế hoạch thử", "title: " + "Kế hoạch " * 30_000))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:2: lỗi: title: ")
    assert "269.999 ký tự" in line and "giới hạn 1.000 ký tự" in line and "Cách sửa:" in line
    assert len(line) < 500  # the value itself is not echoed


@pytest.mark.parametrize(("old", "new", "where", "limit"), [
    ("    title: Báo cáo\n", "    title: Báo cáo\n    body: " + "x" * 20_001 + "\n",
     ":15: lỗi: tasks[2].body: ", "20.000"),
    ("    title: Báo cáo\n", "    title: " + "y" * 1001 + "\n",
     ":14: lỗi: tasks[2].title: ", "1.000"),
    ("    text: Luật", "    text: " + "z" * 5001 + " Luật", ":7: lỗi: bases[1].text: ", "5.000"),
    ("timeline: Thường xuyên", "timeline: Thường xuyên " + "," * 6000,
     ":12: lỗi: tasks[1].timeline: ", "5.000"),
])
def test_each_plan_field_has_a_limit(repo: Path, capsys: pytest.CaptureFixture[str],
                                     old: str, new: str, where: str, limit: str) -> None:
    write_plan(repo, PLAN.replace(old, new))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml" + where), line
    assert f"giới hạn {limit} ký tự" in line


def test_a_huge_agency_name_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry" / "agencies.yaml").write_text(
        AGENCIES.replace("name: Sở Tư pháp tỉnh A", "name: Sở Tư pháp " + "A" * 300),
        encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith("registry/agencies.yaml:6: lỗi: so-tu-phap-tinh-a.name: ")
    assert "giới hạn 200 ký tự" in line


# --------------------------------------------------------------------------- invisible text


@pytest.mark.parametrize(("old", "new", "where"), [
    ("title: Kế hoạch thử", r'title: "\u200b\u200d \u2060"', ":2: lỗi: title: "),
    ("    title: Báo cáo", r'    title: "\ufeff\u200e\u200f\u061c"', ":14: lỗi: tasks[2].title: "),
    ("    title: Tuyên truyền", r'    title: "\u202e\u2066 \u2069"',
     ":10: lỗi: tasks[1].title: "),
])
def test_a_title_of_invisible_characters_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, where: str) -> None:
    write_plan(repo, PLAN.replace(old, new))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml" + where), line
    assert "tiêu đề chỉ gồm ký tự vô hình" in line and "Cách sửa:" in line


def test_an_agency_name_of_invisible_characters_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry" / "agencies.yaml").write_text(
        AGENCIES.replace("name: Sở Tư pháp tỉnh A", r'name: "\u200b\u200b"'), encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith("registry/agencies.yaml:6: lỗi: so-tu-phap-tinh-a.name: ")
    assert "chỉ gồm ký tự vô hình" in line


@pytest.mark.parametrize("control", ["\\u202e", "\\u202d", "\\u2066", "\\u2067", "\\u202b"])
def test_bidi_controls_in_a_title_are_an_error(repo: Path, capsys: pytest.CaptureFixture[str],
                                               control: str) -> None:
    write_plan(repo, PLAN.replace("    title: Báo cáo",
                                  f'    title: "Báo cáo {control}oãc oáb hnìt"'))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:14: lỗi: tasks[2].title: ")
    assert f"U+{control[2:].upper()}" in line and "gõ lại" in line.partition("Cách sửa:")[2]


def test_bidi_override_in_an_agency_short_name_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry" / "agencies.yaml").write_text(AGENCIES.replace(
        "  kind: department\n", '  kind: department\n  short_names: ["Sở \\u202eTP"]\n'),
        encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith("registry/agencies.yaml:8: lỗi: so-tu-phap-tinh-a.short_names[1]: ")
    assert "U+202E" in line


def test_direction_marks_inside_visible_text_stay_allowed(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, PLAN.replace("    title: Báo cáo", r'    title: "Báo cáo\u200e năm"'))
    code, errors = validate(repo, capsys)
    assert code == 0 and not errors



# --------------------------------------------------------------------------- stricter URLs


@pytest.mark.parametrize(("url", "why"), [
    ("https://stp.tinh-a.gov.vn@evil.com/", "trước tên miền"),
    ("https://u:p@evil.com/", "trước tên miền"),
    ("https://\\\\evil.com/", "gạch chéo ngược"),
    ("https:/\\\\evil.com/", "gạch chéo ngược"),
    ("http://evil.com:99999/", "từ 1 đến 65535"),
    ("http://evil.com:0/", "từ 1 đến 65535"),
    ("mailto:@", "mailto:tên@tên-miền"),
    ("mailto:a@", "tên miền"),
    ("mailto:a@localhost", "ít nhất một dấu chấm"),
    ("https://ｅｖｉｌ.com/", "punycode"),
    ("https://аpple.com/", "xn--pple-43d.com"),
    ("https://intranet/", "ít nhất một dấu chấm"),
    ("https://evil..com/", "không hợp lệ"),
])
def test_a_url_that_can_fool_a_reader_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], url: str, why: str) -> None:
    (repo / "registry" / "agencies.yaml").write_text(
        AGENCIES.replace("https://stp.tinh-a.gov.vn/", f'"{url}"'), encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith(f"registry/agencies.yaml:{URL_LINE}: lỗi: so-tu-phap-tinh-a.url: ")
    assert why in line, line
    assert "punycode" in line.partition("Cách sửa:")[2]


@pytest.mark.parametrize("url", ["https://[2001:db8::1]/x", "http://203.113.0.1:8080/",
                                 "https://xn--bcb-7ma.vn/trang",
                                 "mailto:a@b.vn,c@d.gov.vn?subject=x"])
def test_ip_addresses_punycode_and_several_mail_addresses_pass(
        repo: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    (repo / "registry" / "agencies.yaml").write_text(
        AGENCIES.replace("https://stp.tinh-a.gov.vn/", f'"{url}"'), encoding="utf-8")
    code, errors = validate(repo, capsys)
    assert code == 0 and not errors


# --------------------------------------------------------------------------- links in prose

PROSE_LINKS = ["[x](//evil.com)", "[y](/\\evil.com)", "[z](https://u:p@evil.com)",
               "[r][1]\n\n      [1]: //evil.com/ref", "[j](javascript:alert(1))",
               "[c](https://stp.tinh-a.gov.vn@evil.com/)"]


@pytest.mark.parametrize("link", PROSE_LINKS)
def test_a_bad_link_in_a_task_body_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str],
                                               link: str) -> None:
    write_plan(repo, PLAN.replace("    title: Báo cáo\n",
                                  f"    title: Báo cáo\n    body: |\n      Xem {link}\n"))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:15: lỗi: tasks[2].body: liên kết “"), line
    assert "evil.com" in line or "javascript" in line
    assert "https://" in line.partition("Cách sửa:")[2]


@pytest.mark.parametrize(("field", "where"), [
    ("intro: Xem [trang](//evil.com)\n", "intro"),
    ("purposes:\n  - Xem [trang](//evil.com)\n", "purposes[1]"),
    ("closing: Xem [trang](//evil.com)\n", "closing"),
    ("funding: Xem [trang](//evil.com)\n", "funding"),
    ("organisation:\n  - body: Xem [trang](//evil.com)\n", "organisation[1].body"),
])
def test_every_markdown_field_checks_its_links(repo: Path, capsys: pytest.CaptureFixture[str],
                                               field: str, where: str) -> None:
    write_plan(repo, PLAN + field)
    line = only_error(repo, capsys)
    assert f": lỗi: {where}: liên kết “//evil.com”" in line, line


def test_full_links_in_prose_pass_and_stay_links(repo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, PLAN.replace("    title: Báo cáo\n", "    title: Báo cáo\n    body: "
                                  "Xem [Sở](https://stp.tinh-a.gov.vn/a?b=1) hoặc "
                                  "[thư](mailto:stp@tinh-a.gov.vn), mảng [1] và [2].\n"))
    code, errors = validate(repo, capsys)
    assert code == 0 and not errors


def test_a_bad_prose_link_that_slipped_past_the_loader_is_printed_as_text() -> None:
    """Defence in depth: the Markdown renderer drops any address the model would refuse."""
    html = str(Prose().html(
        "[x](//evil.com) [y](/\\evil.com) [z](https://u:p@evil.com) [ok](https://a.vn/?a=1&b=2) "
        "[t](tel:+84-274-1) [s](#muc) [j](javascript:alert(1)) [d](data:text/html,x)"))
    assert hrefs(html) == ["https://a.vn/?a=1&amp;b=2", "tel:+84-274-1"]
    assert all(f">{name}</a>" in html for name in "xyzsjd")


# --------------------------------------------------------------------------- list limits


def _agency(short_names: int) -> str:
    names = "".join(f"\n    - Tên {i}" for i in range(short_names))
    return AGENCIES.replace("  kind: department\n", f"  kind: department\n  short_names:{names}\n")


def test_too_many_short_names_name_count_and_limit(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry" / "agencies.yaml").write_text(_agency(21), encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith("registry/agencies.yaml:9: lỗi: so-tu-phap-tinh-a.short_names: "
                           "danh sách có 21 mục, tối đa 20 mục."), line
    (repo / "registry" / "agencies.yaml").write_text(_agency(20), encoding="utf-8")
    assert validate(repo, capsys)[0] == 0


def test_too_many_agencies_in_one_role(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = ", ".join(f"co-quan-{i}" for i in range(61))
    write_plan(repo, PLAN.replace("    title: Báo cáo\n    lead: [so-tu-phap-tinh-a]",
                                  f"    title: Báo cáo\n    lead: [{ids}]"))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:15: lỗi: tasks[2].lead: "
                           "danh sách có 61 mục, tối đa 60 mục."), line
    assert "kind: group" in line.partition("Cách sửa:")[2]


def test_an_agency_twice_in_one_role_is_an_error(repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, PLAN.replace("    title: Báo cáo\n    lead: [so-tu-phap-tinh-a]",
                                  "    title: Báo cáo\n    lead: [so-tu-phap-tinh-a, "
                                  "so-tu-phap-tinh-a]"))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:15: lỗi: tasks[2].lead: mã “so-tu-phap-tinh-a”"
                           " có hai lần"), line


def _tasks(count: int, leads: int = 1) -> str:
    lead = ", ".join(["so-tu-phap-tinh-a"] + [f"co-quan-{i}" for i in range(leads - 1)])
    return "".join(f'  - number: "{i}"\n    title: Việc {i}\n    lead: [{lead}]\n'
                   for i in range(1, count + 1))


def test_a_plan_of_too_many_tasks_is_refused(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, PLAN.split("tasks:\n")[0] + "tasks:\n" + _tasks(1001))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:9: lỗi: tasks: kế hoạch có 1.001 nhiệm vụ"), line
    assert "tối đa 1.000" in line


def test_a_plan_naming_agencies_too_often_is_refused(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, PLAN.split("tasks:\n")[0] + "tasks:\n" + _tasks(41, leads=50))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:9: lỗi: tasks: "), line
    assert "2.050 lần, tối đa 2.000 lần" in line and "kind: group" in line


def test_sub_tasks_too_deep_are_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = "tasks:\n"
    for level in range(7):
        pad = "    " * level
        number = ".".join(["1"] * (level + 1))
        deep += (f'{pad}  - number: "{number}"\n{pad}    title: Cấp {level + 1}\n'
                 f"{pad}    subtasks:\n")
    write_plan(repo, PLAN.split("tasks:\n")[0] + deep.removesuffix("subtasks:\n") + "lead: []\n")
    line = only_error(repo, capsys)
    assert "nhiệm vụ 1.1.1.1.1.1.1 nằm ở cấp thứ 7" in line and "tối đa 6 cấp" in line, line


def test_the_bundled_repository_is_far_under_every_list_limit() -> None:
    catalog, diagnostics = load_checked(ROOT)
    assert not [d for d in diagnostics if d.level == "error"]
    for plan in catalog.plans.values():
        tasks = iter_tasks(plan.tasks)
        assert len(tasks) * 10 <= TASKS_MAX
        assert max(len(getattr(t, role)) for t, _ in tasks for role in Roles) * 5 <= ROLE_MAX


# --------------------------------------------------------------------------- invisible names

BLANKS = ["\\u3164", "\\u2800", "\\u00ad", "\\u034f", "\\ufe0f", "\\u2061\\u2062\\u2063\\u2064",
          "\\u180e", "\\u206a\\u206f", "\\U000e0020", "\\u17b4", "\\u115f\\u1160", "\\uffa0",
          "\\u0301"]


@pytest.mark.parametrize("blank", BLANKS)
def test_a_title_that_shows_nothing_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str],
                                                blank: str) -> None:
    write_plan(repo, PLAN.replace("    title: Báo cáo", f'    title: "{blank} {blank}"'))
    line = only_error(repo, capsys)
    assert line.startswith("plans/ke-hoach-a.yaml:14: lỗi: tasks[2].title: tiêu đề chỉ gồm ký tự "
                           "vô hình"), line


@pytest.mark.parametrize("blank", ["\\u3164", "\\u2800", "\\u00ad"])
def test_an_agency_name_that_shows_nothing_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], blank: str) -> None:
    (repo / "registry" / "agencies.yaml").write_text(
        AGENCIES.replace("name: Sở Tư pháp tỉnh A", f'name: "{blank}"'), encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith(
        "registry/agencies.yaml:6: lỗi: so-tu-phap-tinh-a.name: tên chỉ gồm ký tự vô hình")


@pytest.mark.parametrize(("abbr", "why"), [("\\u202eDNBU", "U+202E"),
                                          ("\\u3164", "vô hình"), ("\\u2800", "vô hình")])
def test_an_abbreviation_is_checked_like_a_name(repo: Path, capsys: pytest.CaptureFixture[str],
                                                abbr: str, why: str) -> None:
    (repo / "registry" / "abbreviations.yaml").write_text(
        f'- abbr: "{abbr}"\n  full: Ủy ban nhân dân\n  explain: Cơ quan hành chính.\n',
        encoding="utf-8")
    line = only_error(repo, capsys, "registry/")
    assert line.startswith("registry/abbreviations.yaml:1: lỗi: [1].abbr: ") and why in line


@pytest.mark.parametrize("blank", ["\x01", "\0", "\x7f\x1b", "\u3164\x01"])
def test_control_characters_alone_are_not_a_name(blank: str) -> None:
    """The reader refuses control characters too; the model does not rely on it."""
    for model, data in ((Agency, {"id": "a", "kind": "other", "name": blank}),
                        (Term, {"abbr": blank, "full": "Ủy ban", "explain": "Cơ quan."}),
                        (Task, {"number": "1", "title": blank})):
        with pytest.raises(ValidationError, match="chỉ gồm ký tự vô hình"):
            model.model_validate(data)


# --------------------------------------------------------------------------- model errors

ENGLISH = ("Input", "input", "should", "valid ", " or ", "must", "field", "required", "finite",
           "None", "True", "False")


@pytest.mark.parametrize(("old", "new"), [
    ("year: 2025", "year: .inf"), ("year: 2025", "year: .nan"), ("year: 2025", "year: 1.0e+400"),
    ("year: 2025", "year: true"), ("year: 2025", "year: hai nghìn"), ("year: 2025", "year: 2025.5"),
    ("year: 2025", "year: 1800"), ("year: 2025", "year: 3000"), ("year: 2025", "year: [2025]"),
    ("year: 2025", "year: null"), ("year: 2025", "type: ke-hoach-moi\nyear: 2025"),
    ("title: Kế hoạch thử", "title: null"), ("title: Kế hoạch thử", "title: [a]"),
    ("title: Kế hoạch thử", 'title: ""'), ("title: Kế hoạch thử", "title: Kế\nfoo: 1"),
    ("title: Kế hoạch thử\n", ""), ("year: 2025", "year: 2025\nissued: ngày mai"),
    ("year: 2025", "year: 2025\nissued: 20250101"), ("year: 2025", "year: 2025\nissued: true"),
    ("year: 2025", "year: 2025\nissued: 2025-02-30"), ("year: 2025", "year: 2025\nheadings: x"),
    ("year: 2025", "year: 2025\nbases: {a: 1}"), ("year: 2025", "year: 2025\nbases: [5]"),
    ("year: 2025", "year: 2025\norganisation: [{body: x, topic: tien}]"),
    ("    timeline: Thường xuyên", "    timeline: Thường xuyên\n    numbered: có lẽ"),
    ("    timeline: Thường xuyên", "    timeline: Thường xuyên\n    subtasks: x"),
    ('number: "1"', 'number: "1 a"'), ("id: ke-hoach-a", "id: Kế Hoạch"),
    ("year: 2025", "year: 2025\nid: " + "a" * 121),
])
def test_model_errors_are_vietnamese(repo: Path, capsys: pytest.CaptureFixture[str],
                                     old: str, new: str) -> None:
    write_plan(repo, PLAN.replace(old, new, 1))
    code, errors = validate(repo, capsys)
    assert code == 1 and errors
    for line in errors:
        assert not [word for word in ENGLISH if word in line], line
        assert "Cách sửa:" in line or "giá trị" in line, line


def test_year_true_and_unknown_type_say_what_to_write(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, PLAN.replace("year: 2025", "year: true"))
    assert "không phải true/false" in only_error(repo, capsys)
    write_plan(repo, PLAN.replace("year: 2025", "year: .inf"))
    assert "(đang là “.inf”)" in only_error(repo, capsys)
    write_plan(repo, PLAN.replace("year: 2025", "year: 1800"))
    assert "“1800” nhỏ hơn mức thấp nhất được phép (1990)" in only_error(repo, capsys)
    write_plan(repo, PLAN.replace("year: 2025", "year: 2025\ntype: ke-hoach-moi"))
    assert only_error(repo, capsys).endswith("bao-cao hoặc van-ban-hop-nhat.")
