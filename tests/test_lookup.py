"""“Cơ quan nào giải quyết?” (co-quan-giai-quyet/): the rule, the 34 provinces, every commune
with its names before 01/07/2025, a search box that works without diacritics, and pages that
work as plain links without JavaScript."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from lxml import html as lxml_html

from test_search import page_search

LOOKUP = "co-quan-giai-quyet"
PHONE = {"width": 390, "height": 844}


def page(site: Path, path: str) -> Any:
    return lxml_html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def province_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / LOOKUP).iterdir() if (p / "index.html").is_file())


def ask(tab: Any, label: str, query: str) -> str:
    """Type ``query`` in the lookup box labelled ``label`` and wait for its new count: the box
    is emptied first and its count cleared, so a count left by an earlier query never
    passes for this one."""
    box = tab.get_by_label(label, exact=False)
    box.fill("")
    tab.wait_for_function("() => document.querySelector('#pp-lookup-count').textContent === ''")
    box.fill(query)
    tab.wait_for_function("() => !['', 'Đang tải danh sách xã, phường…'].includes("
                          "document.querySelector('#pp-lookup-count').textContent)")
    return str(tab.locator("#pp-lookup-count").inner_text())


def test_index_states_the_rule_and_lists_the_34_provinces(built_site: Path) -> None:
    doc = page(built_site, LOOKUP)
    body = text(doc.cssselect("article.md-content__inner")[0])
    assert "trực tiếp quản lý người thi hành công vụ" in body
    assert "Điều 19 Nghị định số 120/2025/NĐ-CP" in body and "Thông tư số 09/2019/TT-BTP" in body
    items = doc.cssselect("ul.pp-lookup-places > li")
    assert len(items) == 34 == len(province_pages(built_site))
    hcm = next(li for li in items if "Hồ Chí Minh" in text(li))
    assert hcm.cssselect("a")[0].get("href") == "ho-chi-minh/"
    assert "gồm cả tỉnh Bình Dương, tỉnh Bà Rịa - Vũng Tàu cũ" in text(hcm)
    # the page is in the navigation, under its own name
    assert doc.xpath("//nav//a[normalize-space()='Cơ quan nào giải quyết?']")


def test_quang_ngai_lists_duc_pho_with_its_former_wards(built_site: Path) -> None:
    doc = page(built_site, f"{LOOKUP}/quang-ngai")
    row = doc.get_element_by_id("phuong-duc-pho")
    assert row.cssselect("b")[0].text == "Phường Đức Phổ"
    assert "mã 21439" in text(row)
    assert "Trước 01/07/2025: phường Nguyễn Nghiêm, phường Phổ Ninh, phường Phổ Minh" in text(row)
    assert "thuộc thị xã Đức Phổ, tỉnh Quảng Ngãi" in text(row)
    # the registry's agencies of the commune are linked beside it
    assert row.xpath(".//a[@href='../../co-quan/ubnd-phuong-duc-pho/']")
    intro = text(doc.cssselect("article p")[0])
    assert "hợp nhất từ tỉnh Quảng Ngãi và tỉnh Kon Tum cũ" in intro
    # a split old commune is listed under every new commune it went to, as a part
    ca_dam, tay_tra_bong = (text(doc.get_element_by_id(a)) for a in ("xa-ca-dam",
                                                                     "xa-tay-tra-bong"))
    assert "xã Trà Bùi (một phần; phần còn lại nay thuộc xã Tây Trà Bồng)" in ca_dam
    assert "xã Trà Bùi (một phần; phần còn lại nay thuộc xã Cà Đam)" in tay_tra_bong


def test_ho_chi_minh_names_the_registry_bodies_and_its_former_provinces(
        built_site: Path) -> None:
    doc = page(built_site, f"{LOOKUP}/ho-chi-minh")
    article = doc.cssselect("article.md-content__inner")[0]
    assert "hợp nhất từ Thành phố Hồ Chí Minh, tỉnh Bình Dương và tỉnh Bà Rịa - Vũng Tàu cũ" \
        in text(article)
    help_links = doc.xpath("//h2[@id='ho-tro']/following-sibling::p[1]//a")
    justice = help_links[0]
    assert justice.text == "Sở Tư pháp Thành phố Hồ Chí Minh"
    assert justice.get("href") == "../../co-quan/so-tu-phap-ho-chi-minh/"
    assert (built_site / "co-quan/so-tu-phap-ho-chi-minh/index.html").is_file()
    linked = {a.text for a in article.xpath(".//section//a[contains(@href, '/co-quan/')]")}
    assert {"Ủy ban nhân dân Thành phố Hồ Chí Minh", "Tòa án nhân dân Thành phố Hồ Chí Minh",
            "Viện kiểm sát nhân dân Thành phố Hồ Chí Minh", "Công an Thành phố Hồ Chí Minh",
            "Thi hành án dân sự Thành phố Hồ Chí Minh"} <= linked
    # Bình Dương's bodies ceased on 30/06/2025: never offered as today's
    assert "tỉnh Bình Dương" not in " ".join(linked)
    assert len(doc.cssselect("ul.pp-communes > li")) == 168


def test_a_province_without_registry_bodies_answers_by_rule(built_site: Path) -> None:
    doc = page(built_site, f"{LOOKUP}/cao-bang")
    article = doc.cssselect("article.md-content__inner")[0]
    body = text(article)
    assert not article.xpath(".//a[contains(@href, '/co-quan/') and not(contains(@href, "
                             "'bo-tu-phap'))]")
    for by_rule in ("Ủy ban nhân dân tỉnh Cao Bằng", "Tòa án nhân dân tỉnh Cao Bằng",
                    "Viện kiểm sát nhân dân tỉnh Cao Bằng", "Công an tỉnh Cao Bằng"):
        assert by_rule in body
    assert "Danh mục của trang chưa có cơ quan nào của tỉnh Cao Bằng" in body
    assert "Trang này chưa có danh sách" in body and "Hãy hỏi Sở Tư pháp tỉnh Cao Bằng" in body
    assert "đang được kiểm tra lại" in body  # the THADS body's official name


def test_every_commune_once_with_its_code_and_former_names(built_site: Path) -> None:
    codes: list[str] = []
    for folder in province_pages(built_site):
        rows = page(built_site, f"{LOOKUP}/{folder.name}").cssselect("ul.pp-communes > li")
        anchors = [li.get("id") for li in rows]
        assert len(set(anchors)) == len(anchors) and all(a.isascii() for a in anchors)
        for li in rows:
            assert "Trước 01/07/2025: " in text(li) and "bảng chuyển đổi không ghi" not in text(li)
            codes.append(text(li.cssselect(".pp-meta")[0]).removeprefix("mã "))
    assert len(codes) == len(set(codes)) == 3321
    data = json.loads((built_site / LOOKUP / "tra-cuu.json").read_text(encoding="utf-8"))
    assert len(data["p"]) == 34 and len(data["c"]) == 3321
    assert all(groups for *_, groups in data["c"])


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_phone_reader_finds_pho_minh_without_diacritics(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(f"{site_url}{LOOKUP}/")
    box = tab.get_by_label("Tìm tỉnh, thành phố, xã, phường", exact=False)
    box.fill("pho minh")
    status = tab.locator("#pp-lookup-count")
    status.filter(has_text="Tìm thấy").wait_for()
    result = tab.locator(".pp-lookup-results a", has_text="Phường Đức Phổ")
    assert "phường Phổ Minh" in tab.locator(".pp-lookup-results li").first.inner_text()
    result.click()
    tab.wait_for_url(f"**/{LOOKUP}/quang-ngai/#phuong-duc-pho")
    row = tab.locator("#phuong-duc-pho")
    assert row.is_visible() and "Phổ Minh" in row.inner_text()
    box = row.bounding_box()
    assert box is not None and 48 <= box["y"] < PHONE["height"]  # not under the header
    # the page's own box filters its communes, with or without diacritics
    for query in ("duc pho", "Đức Phổ"):
        ask(tab, "Tìm xã, phường", query)
        shown = tab.locator("ul.pp-communes > li:visible")
        assert 1 <= shown.count() < 10
        assert tab.locator("#phuong-duc-pho").is_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"{LOOKUP}/", f"{LOOKUP}/quang-ngai/"])
def test_lookup_works_as_plain_links_without_javascript(browser: Any, site_url: str,
                                                         path: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    tab.goto(site_url + path)
    assert tab.locator("form.pp-lookup-search").is_hidden()
    if path == f"{LOOKUP}/":
        tab.locator("ul.pp-lookup-places a", has_text="Tỉnh Quảng Ngãi").click()
        tab.wait_for_url(f"**/{LOOKUP}/quang-ngai/")
    assert tab.locator("ul.pp-communes > li:visible").count() == 96
    assert tab.locator("#phuong-duc-pho").is_visible()
    context.close()


@pytest.mark.browser
def test_site_search_finds_a_province_by_a_merged_former_province(tab: Any,
                                                                  site_url: str) -> None:
    found = page_search(tab, site_url, "q=Kon+Tum")
    assert any(h.endswith(f"{LOOKUP}/quang-ngai/") for h in found["hrefs"]), found["hrefs"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations_with_results_shown(browser: Any, site_url: str,
                                                      scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=PHONE)
    tab = context.new_page()
    problems = []
    for path, label, query in ((f"{LOOKUP}/", "Tìm tỉnh, thành phố", "binh duong"),
                               (f"{LOOKUP}/quang-ngai/", "Tìm xã, phường", "pho")):
        tab.goto(site_url + path)
        tab.get_by_label(label, exact=False).fill(query)
        tab.locator("#pp-lookup-count").filter(has_text="Tìm thấy").wait_for()
        found = Axe().run(tab).response["violations"]
        problems += [f"{path} {v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
                     for v in found if v["impact"] in ("serious", "critical")]
    assert not problems, "\n".join(problems)
    context.close()


@pytest.mark.browser
def test_address_style_queries_find_the_commune(browser: Any, site_url: str) -> None:
    """Words in any order, type words optional and free to disagree, whole numbers, word
    starts only, common abbreviations; a query that finds nothing suggests the bare name."""
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(f"{site_url}{LOOKUP}/")
    label = "Tìm tỉnh, thành phố, xã, phường"
    first = {
        "Phổ Minh, Đức Phổ": "Phường Đức Phổ", "Phổ Minh Quảng Ngãi": "Phường Đức Phổ",
        "xã Phổ Minh": "Phường Đức Phổ", "Hoàn Kiếm Hà Nội": "Phường Hoàn Kiếm",
        "Phú Cường Thủ Dầu Một": "Phường Thủ Dầu Một", "TP.HCM": "Thành phố Hồ Chí Minh",
        "TP HCM": "Thành phố Hồ Chí Minh", "tphcm": "Thành phố Hồ Chí Minh",
    }
    results = tab.locator(".pp-lookup-results li")
    for query, name in first.items():
        assert ask(tab, label, query).startswith("Tìm thấy"), query
        assert results.first.locator("a").inner_text() == name, query
    assert "phường Phú Cường, thành phố Thủ Dầu Một" in ask_first(tab, label,
                                                                 "Phú Cường Thủ Dầu Một")
    # a number matches only itself: quận 1, not quận 10, 11, 12
    for query in ("Quận 1", "quan 1"):
        ask(tab, label, query)
        notes = [li.inner_text() for li in results.all()]
        assert all(", quận 1, Thành phố Hồ Chí Minh" in n for n in notes[:4]), notes[:5]
        # every result holds the number 1 itself (phường 1 of quận 10 may be one)
        assert all(re.search(r"(?<![\d])1(?![\d])", n) for n in notes), notes
    # "Phổ" starts names, not the "phố" of every "Thành phố"
    ask(tab, label, "Phổ")
    names = [a.inner_text() for a in tab.locator(".pp-lookup-results a").all()]
    assert names[0] != "Thành phố Hà Nội" and not {
        "Thành phố Hà Nội", "Thành phố Hồ Chí Minh", "Thành phố Đà Nẵng", "Thành phố Huế",
        "Thành phố Cần Thơ"} & set(names), names
    assert "Hãy thử gõ chỉ tên xã, phường" in ask(tab, label, "Phổ Minh Hà Nội")
    # a province page's own box reads addresses the same way
    tab.goto(f"{site_url}{LOOKUP}/quang-ngai/")
    assert ask(tab, "Tìm xã, phường", "xã Phổ Minh, Đức Phổ") == "Tìm thấy 1 xã, phường."
    assert tab.locator("#phuong-duc-pho").is_visible()
    context.close()


def ask_first(tab: Any, label: str, query: str) -> str:
    ask(tab, label, query)
    return str(tab.locator(".pp-lookup-results li").first.inner_text())


@pytest.mark.browser
def test_a_failed_names_file_is_said_once_and_the_links_still_work(browser: Any,
                                                                   site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    fetches: list[str] = []

    def refuse(route: Any) -> None:
        fetches.append(route.request.url)
        route.abort()

    tab.route("**/tra-cuu.json", refuse)
    tab.goto(f"{site_url}{LOOKUP}/")
    box = tab.get_by_label("Tìm tỉnh, thành phố, xã, phường", exact=False)
    box.click()
    box.press_sequentially("pho minh", delay=30)
    status = tab.locator("#pp-lookup-count")
    status.filter(has_text="Không tải được danh sách xã, phường").wait_for()
    assert "Hãy chọn tỉnh, thành phố ở danh sách dưới đây" in status.inner_text()
    assert len(fetches) == 1, fetches  # not once per keystroke
    tab.locator("ul.pp-lookup-places a", has_text="Tỉnh Quảng Ngãi").click()
    tab.wait_for_url(f"**/{LOOKUP}/quang-ngai/")
    assert tab.locator("#phuong-duc-pho").is_visible()
    context.close()


def test_official_codes_keep_their_leading_zeros(built_site: Path) -> None:
    row = page(built_site, f"{LOOKUP}/ha-noi").get_element_by_id("phuong-hoan-kiem")
    assert text(row.cssselect(".pp-meta")[0]) == "mã 00070"
    data = json.loads((built_site / LOOKUP / "tra-cuu.json").read_text(encoding="utf-8"))
    assert [c[3] for c in data["c"] if c[1] == "Phường Hoàn Kiếm"] == ["00070"]
    assert all(len(c[3]) == 5 and c[3].isdigit() for c in data["c"])


def test_a_split_ward_names_where_its_other_part_went(built_site: Path) -> None:
    """Old phường Cầu Ông Lãnh went partly to phường Bến Thành, partly to the new phường Cầu
    Ông Lãnh: the reader is told which is which, and led to it."""
    doc = page(built_site, f"{LOOKUP}/ho-chi-minh")
    row = doc.get_element_by_id("phuong-ben-thanh")
    assert ("phường Cầu Ông Lãnh (một phần; phần còn lại nay thuộc phường Cầu Ông Lãnh mới, "
            "mã 26758)") in text(row)
    link = row.xpath(".//a[starts-with(normalize-space(), 'phường Cầu Ông Lãnh mới')]")[0]
    assert link.get("href") == "#phuong-cau-ong-lanh"
    assert doc.get_element_by_id("phuong-cau-ong-lanh") is not None
    tra_bui = page(built_site, f"{LOOKUP}/quang-ngai").get_element_by_id("xa-ca-dam")
    assert tra_bui.xpath(".//a[@href='#xa-tay-tra-bong' and normalize-space()='xã Tây Trà Bồng']")


def test_criminal_judgment_enforcement_is_covered_by_rule(built_site: Path) -> None:
    index = text(page(built_site, LOOKUP).cssselect("article.md-content__inner")[0])
    assert "Thi hành án hình sự: cơ quan trực tiếp quản lý người thi hành công vụ" in index
    doc = page(built_site, f"{LOOKUP}/cao-bang")
    heading = doc.get_element_by_id("thi-hanh-an-hinh-su")
    assert text(heading) == "Thi hành án hình sự"
    said = text(heading.getnext())
    assert "trực tiếp quản lý người thi hành công vụ" in said
    assert "Hãy hỏi Sở Tư pháp tỉnh Cao Bằng" in said.replace("hãy", "Hãy")
    data = text(doc.xpath("//h2[@id='du-lieu']/following-sibling::p[2]")[0])
    assert "chưa nêu các cơ quan giải quyết việc thi hành án hình sự" in data


def test_the_lookup_uses_public_names_and_the_url_module() -> None:
    """formerunits reads adminunits through its public functions; the section of the lookup
    pages is named by the URL module."""
    import ast

    root = Path(__file__).resolve().parents[1] / "src" / "planpub"
    tree = ast.parse((root / "formerunits.py").read_text(encoding="utf-8"))
    imported = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module == "planpub.adminunits" for a in node.names]
    assert imported and not [n for n in imported if n.startswith("_")], imported
    assert '"co-quan-giai-quyet"' not in (root / "mkdocs" / "sections.py").read_text("utf-8")


CONTACTS = '''  address: "Số 1 đường Thử, phường Cẩm Thành, tỉnh Quảng Ngãi"
  phone: "0255 3000 001"
  email: stp@example.gov.vn
'''


@pytest.mark.slow
def test_known_contacts_are_shown_and_split_units_lead_to_their_successors(
        make_repo: Path, tmp_path: Path) -> None:
    """A Sở Tư pháp with contacts shows them (as its agency page does, with a link to that
    page's section); an agency filed under a split unit (thị xã Đức Phổ → phường Đức Phổ …)
    is found under the unit it went to."""
    from conftest import build_site

    root = make_repo
    agencies = root / "registry" / "agencies.yaml"
    source = agencies.read_text(encoding="utf-8")
    anchor = "  locality: quang-ngai\n  kind: department\n  parent: ubnd-tinh-quang-ngai\n"
    assert source.count("- id: so-tu-phap-quang-ngai\n") == 1
    head, tail = source.split("- id: so-tu-phap-quang-ngai\n")
    tail = tail.replace(anchor, anchor + CONTACTS, 1)
    source = head + "- id: so-tu-phap-quang-ngai\n" + tail + (
        "\n- id: vp-thu-duc-pho\n  name: Văn phòng thử thị xã Đức Phổ\n"
        "  locality: duc-pho\n  kind: office\n")
    agencies.write_text(source, encoding="utf-8")
    site = tmp_path / "site"
    done = build_site(root, site)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = page(site, f"{LOOKUP}/quang-ngai")
    box = doc.cssselect(".pp-lookup-contact")[0]
    assert "0255 3000 001" in text(box) and "Số 1 đường Thử" in text(box)
    assert box.xpath(".//a[starts-with(@href, 'tel:')]")
    assert box.xpath(".//a[@href='../../co-quan/so-tu-phap-quang-ngai/#lien-he']")
    agency_page = page(site, "co-quan/so-tu-phap-quang-ngai")
    assert text(agency_page.cssselect("#lien-he dl")[0]) == text(box.cssselect("dl")[0])
    data = text(doc.xpath("//h2[@id='du-lieu']/following-sibling::p[2]")[0])
    assert "chỉ có địa chỉ, cách liên hệ của Sở Tư pháp tỉnh Quảng Ngãi" in data
    assert "cũng chưa có địa chỉ, số điện thoại của các cơ quan." not in data
    row = doc.get_element_by_id("phuong-duc-pho")
    assert row.xpath(".//a[@href='../../co-quan/vp-thu-duc-pho/']"), text(row)
    # a province without contacts still says so
    other = text(page(site, f"{LOOKUP}/cao-bang").xpath(
        "//h2[@id='du-lieu']/following-sibling::p[2]")[0])
    assert "cũng chưa có địa chỉ, số điện thoại của các cơ quan" in other
