"""Footer and trust: who runs the site, when each page last changed, where the original
document is, and what a printed page carries.

One scratch repository (a git repository with known commit dates and a filled-in ``extra``)
is built once for the module; the bundled site (``built_site``) shows the honest defaults.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from lxml import html as lxml_html
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from conftest import PROGRESS_DATA, ROOT, build_site, copy_sources, served
from planpub.lastupdated import History
from planpub.mkdocs.trust import PageDates, read_footer

BD = "binh-duong-2025-boi-thuong-nha-nuoc"
PM = "pho-minh-2024-boi-thuong-nha-nuoc"
VN = dt.timezone(dt.timedelta(hours=7))
SOURCE_URL = "https://congbao.binhduong.gov.vn/van-ban/42-kh-ubnd"
CITATION = "Bản giấy lưu tại Văn phòng UBND phường Phổ Minh"
EXTRA = """  owner:
    name: Sở Tư pháp tỉnh Thử Nghiệm
    address: "Số 1 đường Thử, phường Một [bấm](https://evil.example/x)"
    phone: "0274 3822 111; 1900 1234"
    email: lienhe@stp.thunghiem.gov.vn
    url: https://stp.thunghiem.gov.vn
  data_licence:
    name: Giấy phép dữ liệu thử nghiệm
    url: https://stp.thunghiem.gov.vn/giay-phep
"""
COMMITS = {  # the date each commit lands (Vietnam time) and the files it changes
    dt.datetime(2025, 3, 10, 9, 0, tzinfo=VN): None,  # everything
    dt.datetime(2025, 4, 2, 6, 30, tzinfo=VN): ["content/phap-luat/thoi-hieu.md"],  # 1/4 in UTC
    dt.datetime(2025, 5, 5, 8, 0, tzinfo=VN): [f"plans/{PM}.yaml"],
    dt.datetime(2026, 1, 15, 8, 0, tzinfo=VN): [f"progress/{BD}.yaml"],  # after its reports
}
UNCOMMITTED = dt.datetime(2026, 2, 1, 12, 0, tzinfo=VN)
"""The modification time of a content page not committed yet."""


def _git(root: Path, *args: str, when: dt.datetime | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Thử", "GIT_AUTHOR_EMAIL": "thu@example.org",
           "GIT_COMMITTER_NAME": "Thử", "GIT_COMMITTER_EMAIL": "thu@example.org"}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-C", str(root), *args], env=env,
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def trust_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository with a filled-in footer, a plan whose source is a URL, another whose
    source is a citation, and files committed on known dates; built once."""
    root = copy_sources(tmp_path_factory.mktemp("trust") / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "extra:\n  generator: false\n" in text
    config.write_text(text.replace("extra:\n  generator: false\n",
                                   "extra:\n  generator: false\n" + EXTRA), encoding="utf-8")
    for plan, source in ((BD, SOURCE_URL), (PM, CITATION)):
        path = root / "plans" / f"{plan}.yaml"
        body = path.read_text(encoding="utf-8")
        path.write_text(body.replace(f"id: {plan}\n", f"id: {plan}\nsource: \"{source}\"\n", 1),
                        encoding="utf-8")
    (root / "progress").mkdir(exist_ok=True)
    _git(root, "init", "-q", "-b", "main")
    for when, files in COMMITS.items():
        if files is None:
            _git(root, "add", "-A", "--", ".", ":!progress/*.yaml")
        else:
            for name in files:
                target = root / name
                if name.startswith("progress/"):
                    shutil.copy2(PROGRESS_DATA / target.name, target)
                else:
                    target.write_text(target.read_text(encoding="utf-8") + "\n",
                                      encoding="utf-8")
                _git(root, "add", "--", name)
        _git(root, "commit", "-q", "-m", f"thay đổi {when:%d/%m}", when=when)
    draft = root / "content" / "ban-nhap.md"
    draft.write_text("# Bản nháp\n\nTrang chưa commit.\n", encoding="utf-8")
    os.utime(draft, (UNCOMMITTED.timestamp(), UNCOMMITTED.timestamp()))
    site = root.parent / "site"
    with pytest.MonkeyPatch.context() as patch:  # dates from git, not a fixed build date
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        done = build_site(root, site)
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return site


def page(site: Path, path: str) -> Any:
    return lxml_html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def updated(doc: Any) -> str:
    """The page's "Cập nhật lần cuối" date as its ``<time datetime>``."""
    aside = doc.xpath("//aside[contains(@class, 'pp-updated')]")
    assert len(aside) == 1
    assert "Cập nhật lần cuối:" in aside[0].text_content()
    (time,) = aside[0].xpath(".//time")
    day = dt.date.fromisoformat(time.get("datetime"))
    assert time.text_content().strip() == f"{day:%d/%m/%Y}"
    return str(time.get("datetime"))


def footer(doc: Any) -> Any:
    (info,) = doc.xpath("//footer//div[contains(@class, 'pp-site-info')]")
    return info


# --------------------------------------------------------------------------- footer


def test_the_footer_names_the_configured_owner_contact_and_licence(trust_site: Path) -> None:
    info = footer(page(trust_site, f"ke-hoach/{BD}"))
    text = " ".join(info.text_content().split())
    assert "Đơn vị quản lý: Sở Tư pháp tỉnh Thử Nghiệm" in text
    assert "Địa chỉ: Số 1 đường Thử, phường Một [bấm](https://evil.example/x)" in text
    assert [(a.get("href"), a.text) for a in info.xpath(".//a[starts-with(@href, 'tel:')]")] \
        == [("tel:02743822111", "0274 3822 111"), ("tel:19001234", "1900 1234")]
    assert info.xpath(".//a[@href='mailto:lienhe@stp.thunghiem.gov.vn']")
    (owner,) = info.xpath(".//a[@href='https://stp.thunghiem.gov.vn']")
    assert owner.get("rel") == "noopener" and owner.text == "Sở Tư pháp tỉnh Thử Nghiệm"
    (licence,) = info.xpath(".//a[@href='https://stp.thunghiem.gov.vn/giay-phep']")
    assert licence.text == "Giấy phép dữ liệu thử nghiệm"
    (a11y,) = info.xpath(".//a[text()='Tuyên bố về khả năng tiếp cận']")
    target = (trust_site / f"ke-hoach/{BD}" / a11y.get("href") / "index.html").resolve()
    assert target == (trust_site / "kha-nang-tiep-can" / "index.html").resolve()


def test_the_statement_tells_how_to_report_a_problem_to_the_owner(trust_site: Path) -> None:
    doc = page(trust_site, "kha-nang-tiep-can")
    text = " ".join(doc.text_content().split())
    assert "WCAG" in text and "báo cho Sở Tư pháp tỉnh Thử Nghiệm" in text
    (block,) = doc.xpath("//article//div[@class='pp-owner-contact']")
    links = [(a.get("href"), a.text) for a in block.xpath(".//a")]
    assert links == [("tel:02743822111", "0274 3822 111"), ("tel:19001234", "1900 1234"),
                     ("mailto:lienhe@stp.thunghiem.gov.vn", "lienhe@stp.thunghiem.gov.vn")]
    # the address's Markdown is shown as written, never turned into a link
    assert "Địa chỉ: Số 1 đường Thử, phường Một [bấm](https://evil.example/x)" in text
    assert not doc.xpath("//a[contains(@href, 'evil.example')]")


def test_the_bundled_site_invents_no_owner_and_no_licence(built_site: Path) -> None:
    for path in ("", "ke-hoach", "404"):
        doc = (lxml_html.fromstring((built_site / "404.html").read_text(encoding="utf-8"))
               if path == "404" else page(built_site, path))
        info = footer(doc)
        assert not info.xpath(".//*[contains(@class, 'pp-owner') or contains(@class, "
                              "'pp-contact') or contains(@class, 'pp-licence')]")
        assert "Đơn vị quản lý" not in info.text_content()
        assert "mkdocs.yml" not in info.text_content()  # never instructions for the deployer
        (a11y,) = info.xpath(".//a")
        assert a11y.text == "Tuyên bố về khả năng tiếp cận"
    statement = " ".join(page(built_site, "kha-nang-tiep-can").text_content().split())
    assert "hãy báo cho đơn vị quản lý trang. Trang hiện chưa ghi cách liên hệ" in statement
    assert "@" not in statement


@pytest.mark.parametrize(("extra", "wrong"), [
    ({"owner": {"name": "Sở", "url": "javascript:alert(1)"}}, "extra.owner.url"),
    ({"owner": {"name": "Sở", "email": "không phải thư"}}, "extra.owner.email"),
    ({"owner": {"email": "lienhe@stp.gov.vn?cc=ai@evil.example"}}, "extra.owner.email"),
    ({"owner": {"phone": "0274 3822 111 máy lẻ 5"}}, "extra.owner.phone: số điện thoại"),
    ({"owner": {"nmae": "Sở"}}, "khóa lạ “nmae”"),
    ({"owner": {"name": "Sở", "phone": 2743822111}}, "extra.owner.phone phải là một dòng chữ"),
    ({"data_licence": {"name": "CC", "url": "ftp://x.example.org"}}, "extra.data_licence.url"),
    ({"accessibility": "khong-co.md"}, "khong-co.md"),
])
def test_a_footer_value_that_cannot_be_a_link_stops_the_build(extra: dict[str, Any],
                                                              wrong: str) -> None:
    class Config:
        pass

    config = Config()
    config.extra = extra  # type: ignore[attr-defined]
    with pytest.raises(PluginError, match=wrong):
        read_footer(config, Files([]))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- last updated


def test_each_page_type_shows_the_git_date_of_its_sources(trust_site: Path) -> None:
    assert updated(page(trust_site, "")) == "2025-03-10"  # content/index.md
    assert updated(page(trust_site, "phap-luat/thoi-hieu")) == "2025-04-02"  # Vietnam's day
    assert updated(page(trust_site, f"ke-hoach/{PM}")) == "2025-05-05"  # its plan file
    assert updated(page(trust_site, f"ke-hoach/{BD}")) == "2026-01-15"  # its progress file
    for path in ("co-quan/so-tu-phap-binh-duong", "lich", "ke-hoach", "thuat-ngu"):
        assert updated(page(trust_site, path)) == "2026-01-15", path  # newest data change
    # lookup pages are built from the pinned dataset and the registry: registry/ only
    assert updated(page(trust_site, "co-quan-giai-quyet")) == "2025-03-10"


def test_a_page_not_committed_yet_is_dated_by_its_file(trust_site: Path) -> None:
    assert updated(page(trust_site, "ban-nhap")) == "2026-02-01"


def test_the_bundled_site_dates_pages_from_this_repository(built_site: Path) -> None:
    for path, source in (("", "content/index.md"),
                         (f"ke-hoach/{BD}", f"plans/{BD}.yaml")):
        stamp = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct", "--",
                                source], capture_output=True, text=True, check=True).stdout
        if not stamp.strip():
            pytest.skip("not a git checkout")
        day = dt.datetime.fromtimestamp(int(stamp), VN).date()
        shown = dt.date.fromisoformat(updated(page(built_site, path)))
        assert shown == day if source.startswith("content/") else shown >= day  # + progress


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three commits: a.md and b.md (10/03/2025), b.md (02/04/2025), c.md (05/05/2025)."""
    root = tmp_path_factory.mktemp("small") / "repo"
    (root / "content").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    for when, names in ((dt.datetime(2025, 3, 10, 9, tzinfo=VN), ("a.md", "b.md")),
                        (dt.datetime(2025, 4, 2, 9, tzinfo=VN), ("b.md",)),
                        (dt.datetime(2025, 5, 5, 9, tzinfo=VN), ("c.md",))):
        for name in names:
            (root / "content" / name).write_text(f"# {name} {when:%d/%m}\n", encoding="utf-8")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", f"{when:%d/%m}", when=when)
    return root


def page_dates(root: Path, history: History) -> PageDates:
    config = SimpleNamespace(docs_dir=str(root / "content"))
    catalog = SimpleNamespace(progress=[], loaded=[])
    return PageDates(root, config, catalog, history)  # type: ignore[arg-type]


def iso(dates: PageDates, src: str) -> str | None:
    shown = dates.updated(src, False)
    return shown.iso if shown else None


def test_a_shallow_clone_dates_no_page_by_its_oldest_fetched_commit(
        small_repo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", small_repo.as_uri(), str(clone)],
                   check=True, capture_output=True)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.planpub"):
        dates = page_dates(clone, History())
    assert iso(dates, "c.md") == "2025-05-05"
    # a.md last changed before the clone's history starts, b.md in its first commit: unknown
    assert iso(dates, "a.md") is None and iso(dates, "b.md") is None
    notes = [r for r in caplog.records if "shallow" in r.getMessage()]
    assert len(notes) == 1 and notes[0].levelno == logging.INFO
    assert "git fetch --unshallow" in notes[0].getMessage()
    assert "fetch-depth: 0" in notes[0].getMessage()
    assert "Cập nhật lần cuối" in notes[0].getMessage()
    full = page_dates(small_repo, History())  # the whole history dates every file
    assert [iso(full, n) for n in ("a.md", "b.md")] == ["2025-03-10", "2025-04-02"]


def test_rebuilds_read_the_history_again_only_when_head_moves(
        small_repo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", small_repo.as_uri(), str(clone)],
                   check=True, capture_output=True)
    history = History()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.planpub"):
        for _ in range(3):  # three ``mkdocs serve`` rebuilds
            assert iso(page_dates(clone, history), "c.md") is None
    assert history.reads == 1
    assert len([r for r in caplog.records if "shallow" in r.getMessage()]) == 1
    (clone / "content" / "d.md").write_text("# d\n", encoding="utf-8")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "-m", "d", when=dt.datetime(2025, 6, 1, 9, tzinfo=VN))
    assert iso(page_dates(clone, history), "d.md") == "2025-06-01"
    assert history.reads == 2


# --------------------------------------------------------------------------- original document


def facts(doc: Any) -> dict[str, Any]:
    dts = doc.xpath("//div[contains(@class, 'pp-facts')]//dt")
    return {d.text_content().strip(): d.getnext() for d in dts}


def test_a_url_source_is_the_link_to_the_original(trust_site: Path) -> None:
    doc = page(trust_site, f"ke-hoach/{BD}")
    original = facts(doc)["Văn bản gốc"]
    (link,) = original.xpath(".//a")
    assert link.get("href") == SOURCE_URL and link.get("rel") == "noopener"
    note = " ".join(doc.xpath("//p[@class='pp-transcription']")[0].text_content().split())
    assert note.startswith("Trang này chép lại nội dung văn bản “Triển khai công tác")
    assert note.endswith("khi có khác biệt, văn bản gốc có giá trị.")
    assert "Nguồn" not in facts(doc)


def test_a_citation_source_is_shown_as_text(trust_site: Path) -> None:
    doc = page(trust_site, f"ke-hoach/{PM}")
    original = facts(doc)["Văn bản gốc"]
    assert original.text_content().strip() == CITATION and not original.xpath(".//a")
    assert doc.xpath("//p[@class='pp-transcription']")


def test_a_plan_without_source_still_says_it_is_a_transcription(built_site: Path) -> None:
    doc = page(built_site, f"ke-hoach/{BD}")
    assert "Văn bản gốc" not in facts(doc)
    assert "văn bản gốc có giá trị" in doc.xpath("//p[@class='pp-transcription']")[0].text_content()


# --------------------------------------------------------------------------- print


@pytest.fixture(scope="module")
def trust_url(trust_site: Path) -> Iterator[str]:
    with served(trust_site) as url:
        yield url


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.browser
def test_print_has_page_numbers_address_and_date_and_no_abbreviation_lines(
        tab: Any, site_url: str) -> None:
    tab.goto(site_url + f"ke-hoach/{BD}/")
    meta = tab.locator(".pp-print-meta")
    assert meta.is_hidden()  # on screen: not there
    abbr = tab.locator("article abbr").first
    assert abbr.evaluate("e => getComputedStyle(e).borderBottomStyle") != "none"  # on screen
    tab.emulate_media(media="print")
    assert meta.is_visible()
    for name in ("textDecorationLine", "borderBottomStyle"):
        assert abbr.evaluate(f"e => getComputedStyle(e).{name}") == "none", name
    assert f"https://boithuong.example.gov.vn/ke-hoach/{BD}/" in meta.inner_text()
    tab.evaluate("dispatchEvent(new Event('beforeprint'))")
    today = tab.evaluate("(() => { const d = new Date(); return [d.getDate(), d.getMonth() + 1,"
                         " d.getFullYear()]; })()")
    assert f"in ngày {today[0]:02d}/{today[1]:02d}/{today[2]}" in meta.inner_text()
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(tab.pdf(prefer_css_page_size=True)))
    first, last = (squeeze(p.extract_text() or "") for p in (pdf.pages[0], pdf.pages[-1]))
    assert f"Trang1/{len(pdf.pages)}" in first
    assert squeeze(f"ke-hoach/{BD}/") in last


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_footer_facts_pass_axe_in_both_schemes(browser: Any, trust_url: str,
                                                  scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(trust_url + f"ke-hoach/{BD}/")
    assert tab.locator(".pp-site-info p").count() == 4
    results = Axe().run(tab, context="footer").response
    serious = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    context.close()
