"""Agency contacts (``address``, ``phone``, ``email``, ``hours``, ``url``) on the agency page and
in the open data, the empty state that points to a successor's or parent's contacts, and the
checks of ``phone``, ``email`` and a plan's ``source``.

The contacts below are made up for a scratch copy of the repository; the bundled registry has
none (it records only what agencies publish)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import urljoin

import lxml.html
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import add_agency_fields, copy_sources, served
from planpub.catalog import Catalog
from planpub.cli import main
from planpub.mkdocs.build import build_site
from planpub.registrymodel import Agency
from planpub.site import links
from planpub.site.contacts import contact_of

AGENCIES = "registry/agencies.yaml"
PLAN = "plans/binh-duong-2025-boi-thuong-nha-nuoc.yaml"
FULL = "so-tu-phap-ho-chi-minh"
"""Has every contact field; successor of the ceased so-tu-phap-binh-duong."""
PHONE_ONLY = "ubnd-tinh-quang-ngai"
"""Has a phone only; parent of so-tu-phap-quang-ngai."""
CEASED = "so-tai-chinh-binh-duong"
"""Ceased on 30/06/2025, with a phone from before."""
CEASED_PARENT = "ubnd-tinh-binh-duong"
"""Ceased too, with a phone; parent of chu-tich-ubnd-tinh-binh-duong."""
HEIR = "ubnd-tp-ho-chi-minh"
"""In force, with a phone; successor of :data:`CEASED_PARENT`."""
CONTACTS = {
    FULL: ('  address: "Số 1 Đường Thử, Phường Thử, Thành phố Hồ Chí Minh"\n'
           '  phone: "(028) 3.000.0001; +84 28 3000 0002"\n'
           "  email: lien-he@stp.example.vn\n"
           '  hours: "Sáng 7:30–11:30, chiều 13:30–17:00, thứ Hai đến thứ Sáu"\n'
           "  url: https://stp.example.vn/\n"),
    PHONE_ONLY: '  phone: "0255 3000 003"\n',
    CEASED: '  phone: "0274 3000 004"\n',
    CEASED_PARENT: '  phone: "0274 3000 005"\n',
    HEIR: '  phone: "028 3000 0006"\n',
}


def validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """``planpub validate`` of ``root``: exit code and the error lines."""
    code = main(["--root", str(root), "validate"])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, [line for line in out.out.splitlines() if ": lỗi: " in line]


@pytest.fixture(scope="module")
def contact_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with :data:`CONTACTS`, validated and built once."""
    root = copy_sources(tmp_path_factory.mktemp("contacts") / "repo")
    for agency, fields in CONTACTS.items():
        add_agency_fields(root, agency, fields)
    assert main(["--root", str(root), "validate"]) == 0
    build_site(root, root.parent / "site")
    return root.parent / "site"


def page_html(site: Path, agency: str) -> str:
    return (site / links.agency_src(agency).removesuffix(".md") / "index.html").read_text(
        encoding="utf-8")


def contact_block(site: Path, agency: str) -> lxml.html.HtmlElement:
    [block] = lxml.html.fromstring(page_html(site, agency)).cssselect("#lien-he")
    return block


def text(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def target(site: Path, agency: str, href: str) -> str:
    """The agency id a link on ``agency``'s page leads to (``co-quan/<id>/``)."""
    base = "http://x/" + links.agency_src(agency).removesuffix(".md") + "/"
    path = urljoin(base, href).removeprefix("http://x/")
    assert (site / path.split("#")[0] / "index.html").is_file(), href
    return path.removeprefix("co-quan/").split("/")[0]


def test_agency_page_shows_every_contact_as_written(contact_site: Path) -> None:
    block = contact_block(contact_site, FULL)
    # <address> holds the list (lxml's HTML 4 parser closes <address> at a <dl>, browsers do
    # not: the browser test below checks the links are inside it)
    assert re.search(r'<section id="lien-he"[^>]*>\s*<h2>Liên hệ</h2>\s*<address>\s*<dl[^>]*>'
                     r".*?</dl>\s*</address>", page_html(contact_site, FULL), re.S)
    facts = {text(dt): dd for dt, dd in zip(block.cssselect("dt"), block.cssselect("dd"),
                                           strict=True)}
    assert text(facts["Địa chỉ"]) == "Số 1 Đường Thử, Phường Thử, Thành phố Hồ Chí Minh"
    phones = [(a.get("href"), text(a)) for a in facts["Điện thoại"].cssselect("a")]
    assert phones == [("tel:02830000001", "(028) 3.000.0001"),
                      ("tel:+842830000002", "+84 28 3000 0002")]
    [mail] = facts["Thư điện tử"].cssselect("a")
    assert (mail.get("href"), text(mail)) == ("mailto:lien-he@stp.example.vn",
                                              "lien-he@stp.example.vn")
    assert text(facts["Giờ làm việc"]) == "Sáng 7:30–11:30, chiều 13:30–17:00, thứ Hai đến thứ Sáu"
    [site] = facts["Trang chính thức"].cssselect("a")
    assert site.get("href") == "https://stp.example.vn/"
    assert "Chưa có thông tin liên hệ" not in text(block)
    assert not block.cssselect(".pp-contact-elsewhere")


@pytest.mark.parametrize(("agency", "shown", "relation"), [
    ("so-tu-phap-binh-duong", FULL, "cơ quan kế nhiệm"),      # ceased: its successor
    ("so-tu-phap-quang-ngai", PHONE_ONLY, "cơ quan cấp trên"),  # its parent
    # ceased, its successors without contacts: the parent of one of them
    ("phong-tu-phap-duc-pho", PHONE_ONLY, "cơ quan cấp trên của cơ quan kế nhiệm"),
    # ceased, its parent ceased too (with a phone): the parent's successor, in force
    ("chu-tich-ubnd-tinh-binh-duong", HEIR, "cơ quan kế nhiệm của cơ quan cấp trên"),
])
def test_agency_without_contacts_points_to_one_that_has_them(
        contact_site: Path, agency: str, shown: str, relation: str) -> None:
    block = contact_block(contact_site, agency)
    assert "Chưa có thông tin liên hệ" in text(block)
    assert not block.cssselect("address")
    [link] = block.cssselect(".pp-contact-elsewhere a")
    assert target(contact_site, agency, link.get("href", "")) == shown
    assert text(link).startswith("Xem thông tin liên hệ của ")
    assert f"({relation})" in text(block)


def test_a_ceased_agency_is_pointed_to_only_when_none_in_force_has_contacts() -> None:
    def agency(ident: str, **fields: Any) -> Agency:
        return Agency.model_validate({"id": ident, "name": ident.upper(), "kind": "department",
                                      **fields})

    gone = {"valid_until": dt.date(2025, 6, 30)}
    agencies = {a.id: a for a in (
        agency("e", successor="b", **gone), agency("b", phone="0274 3000 005", **gone),
        agency("x", valid_until=dt.date(2030, 1, 1), successor="b", phone="0274 3000 007"))}
    catalog = cast(Catalog, SimpleNamespace(agencies=agencies))
    contact = contact_of(catalog, agencies["e"])
    assert contact.elsewhere is agencies["b"]
    assert contact.relation == "cơ quan kế nhiệm, cũng đã chấm dứt hoạt động"
    # valid_until still ahead of the reference date: in force, no remark
    found = contact_of(catalog, agency("f", successor="x", **gone), dt.date(2026, 1, 1))
    assert (found.elsewhere, found.relation) == (agencies["x"], "cơ quan kế nhiệm")


def test_agency_with_nowhere_to_point_says_so(contact_site: Path) -> None:
    block = contact_block(contact_site, "co-quan-giai-quyet-boi-thuong")
    assert "Chưa có thông tin liên hệ" in text(block) and "vai trò chung" in text(block)
    assert not block.cssselect("a")


def test_no_agency_page_leaves_contacts_blank(contact_site: Path) -> None:
    pages = sorted((contact_site / links.AGENCIES).glob("*/index.html"))
    assert len(pages) > 40
    for page in pages:
        [block] = lxml.html.fromstring(page.read_text(encoding="utf-8")).cssselect("#lien-he")
        shown = text(block)
        assert shown.startswith("Liên hệ ") and len(shown) > 25, page
        assert ("Chưa có thông tin liên hệ." in shown) != bool(block.cssselect("dd")), page


def test_ceased_agency_keeps_its_old_contacts_with_a_warning(contact_site: Path) -> None:
    block = contact_block(contact_site, CEASED)
    [phone] = block.cssselect("dd a")
    assert (phone.get("href"), text(phone)) == ("tel:02743000004", "0274 3000 004")
    assert "đã chấm dứt hoạt động sau ngày 30/06/2025" in text(block)
    assert "có thể không còn dùng được" in text(block)


def test_open_data_has_the_contacts_and_nothing_invented(contact_site: Path) -> None:
    data = json.loads((contact_site / links.DATA / "plans.json").read_text(encoding="utf-8"))
    agencies = {a["id"]: a for a in data["agencies"]}
    assert agencies[FULL]["phone"] == "(028) 3.000.0001; +84 28 3000 0002"
    assert agencies[FULL]["email"] == "lien-he@stp.example.vn"
    assert agencies[FULL]["address"].startswith("Số 1 Đường Thử")
    assert agencies[FULL]["hours"].startswith("Sáng 7:30")
    assert agencies[FULL]["url"] == "https://stp.example.vn/"
    empty = agencies["so-tu-phap-binh-duong"]
    assert [empty[k] for k in ("address", "phone", "email", "hours", "url")] == [None] * 5


@pytest.mark.parametrize(("field", "value", "words"), [
    ("phone", "0274 3822 123 máy lẻ 5", ["số điện thoại", "“m”", "+84"]),
    ("phone", "<b>0274 3822 123</b>", ["số điện thoại", "“<”"]),
    ("phone", "3822", ["4 chữ số", "từ 8 đến 15"]),
    ("email", "Sở Tư pháp <stp@example.vn>", ["thư điện tử", "không kèm tên"]),
    ("email", "mailto:stp@example.vn", ["mailto:"]),
    ("email", "stp@example", ["tên miền"]),
])
def test_bad_contact_is_a_clear_error_at_its_line(
        make_repo: Path, capsys: pytest.CaptureFixture[str], field: str, value: str,
        words: list[str]) -> None:
    line = add_agency_fields(make_repo, FULL,
                             f"  {field}: {json.dumps(value, ensure_ascii=False)}\n")
    code, errors = validate(make_repo, capsys)
    assert code == 1
    [error] = errors
    assert error.startswith(f"{AGENCIES}:{line}: lỗi: {FULL}.{field}: "), error  # by its id
    assert "Cách sửa: " in error and all(w in error for w in words), error


def set_source(root: Path, value: str) -> int:
    """Write ``source: <value>`` under the plan's ``year``; its line number."""
    path = root / PLAN
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("year:")) + 1
    lines[at:at] = [f"source: {json.dumps(value, ensure_ascii=False)}\n"]
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(("value", "words"), [
    ("javascript:alert(1)", ["“javascript:”", "không được phép"]),
    ("http://", ["thiếu tên miền"]),
    ("https://stp.example.vn/van ban goc.pdf", ["dấu cách"]),
    ("www.example.vn/ke-hoach.pdf", ["https://"]),
    ("data:text/html,<b>x</b>", ["“data:”"]),
])
def test_source_that_looks_like_a_link_must_be_one(
        make_repo: Path, capsys: pytest.CaptureFixture[str], value: str,
        words: list[str]) -> None:
    line = set_source(make_repo, value)
    code, errors = validate(make_repo, capsys)
    assert code == 1
    [error] = errors
    assert error.startswith(f"{PLAN}:{line}: lỗi: source: "), error
    assert "đường dẫn" in error and "trích dẫn bằng chữ" in error, error
    assert all(w in error for w in words), error


@pytest.mark.parametrize("value", [
    "Bản giấy lưu tại Văn phòng Ủy ban nhân dân tỉnh: số 01/KH-UBND",
    "https://stp.example.vn/ke-hoach.pdf",
])
def test_citation_text_or_web_address_source_validates(
        make_repo: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    set_source(make_repo, value)
    assert validate(make_repo, capsys) == (0, [])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contacts_on_a_phone_are_links_inside_the_address(
        browser: Any, contact_site: Path, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    tab = context.new_page()
    try:
        with served(contact_site) as url:
            for agency in (FULL, "so-tu-phap-binh-duong"):
                tab.goto(url + links.agency_src(agency).removesuffix(".md") + "/")
                violations = Axe().run(tab).response
                serious = [v["id"] for v in violations["violations"]
                           if v["impact"] in ("serious", "critical")]
                assert not serious, (agency, scheme, serious)
                assert tab.evaluate("document.documentElement.scrollWidth") <= 390, agency
            address = tab.locator("#lien-he address")
            assert address.count() == 0  # so-tu-phap-binh-duong: none
            tab.goto(url + links.agency_src(FULL).removesuffix(".md") + "/")
            hrefs = address.locator("a").evaluate_all("links => links.map(a => a.href)")
            assert hrefs == ["tel:02830000001", "tel:+842830000002",
                             "mailto:lien-he@stp.example.vn", "https://stp.example.vn/"]
            assert address.evaluate("a => getComputedStyle(a).fontStyle") == "normal"
    finally:
        context.close()
