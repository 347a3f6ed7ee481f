"""The officers' forms (/quan-tri/, Decap CMS) end to end: a plan and a progress report made in
the forms, with agencies picked from the registry, saved (a branch, as a pull request would
be) and published (merged) by the local backend into a scratch repository, then validated,
canonical, and on the rebuilt site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from conftest import ROOT, build_site, copy_sources, served
from planpub.cms.bundle import CACHE, PACKAGES, ensure_all
from planpub.cms.localserver import ensure_server, free_port, start_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GIT_ENV = {"GIT_AUTHOR_NAME": "Kiểm thử", "GIT_AUTHOR_EMAIL": "kiem-thu@example.invalid",
           "GIT_COMMITTER_NAME": "Kiểm thử", "GIT_COMMITTER_EMAIL": "kiem-thu@example.invalid"}

PLAN_ID = "thu-bieu-mau-2026"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout


def planpub(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planpub.cli", *args, "--root", str(repo)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONUTF8": "1"})


class Forms:
    """A scratch repository on branch main, decap-server over it, and its site served."""

    def __init__(self, base: Path) -> None:
        ensure_all(ROOT)
        entry = ensure_server(ROOT)
        self.repo = copy_sources(base / "repo")
        for package in PACKAGES:  # the verified bundle, as `nox -s build` leaves it
            shutil.copytree(ROOT / CACHE / package.folder, self.repo / CACHE / package.folder)
        (self.repo / ".gitignore").write_text("/.cache/\n", encoding="utf-8")
        git(self.repo, "init", "-q", "-b", "main")
        git(self.repo, "add", "-A")
        git(self.repo, "commit", "-qm", "Start")
        self.port = free_port()
        self.server = start_server(entry, self.repo, self.port, GIT_ENV)  # commits as GIT_ENV
        self.site = base / "site"
        self.build()

    def build(self) -> Path:
        if self.site.exists():
            shutil.rmtree(self.site)
        done = build_site(self.repo, self.site, {
            "PLANPUB_CMS_PROXY": f"http://localhost:{self.port}/api/v1",
            "PLANPUB_CMS_BRANCH": "main"})
        assert done.returncode == 0, done.stdout + done.stderr
        return self.site

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=10)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forms]:
    made = Forms(tmp_path_factory.mktemp("cms"))
    try:
        yield made
    finally:
        made.close()


@pytest.fixture(scope="module")
def forms_url(forms: Forms) -> Iterator[str]:
    with served(forms.site) as url:
        yield url


@pytest.fixture
def cms(browser: Any, forms_url: str) -> Iterator[Any]:
    """A tab logged in to the forms (the local backend's login)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("dialog", lambda dialog: dialog.accept())  # "publish now?" asks to confirm
    page.goto(forms_url.replace("127.0.0.1", "localhost") + "quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name=re.compile("Kế hoạch")).first.wait_for()
    yield page
    context.close()
    assert not errors, errors


def pick(page: Any, label: str, typed: str, option: str, index: int = 0) -> None:
    """Choose ``option`` in the picker ``label`` after typing ``typed``."""
    box = page.get_by_role("combobox", name=label).nth(index)
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


def save_and_publish(page: Any) -> None:
    """Save (a branch cms/…, as a pull request), mark it ready, publish (merge into main)."""
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Mục đã được lưu", exact=True).wait_for()
    page.get_by_role("button", name=re.compile(r"^Trạng thái")).click()
    page.get_by_role("menuitem", name="Sẵn sàng").click()
    page.get_by_text("Trạng thái của mục đã được cập nhật", exact=True).wait_for()
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    page.get_by_text("Mục đã được công bố", exact=True).wait_for()


def test_a_plan_made_in_the_forms_is_valid_canonical_and_on_the_site(
        cms: Any, forms: Forms) -> None:
    page = cms
    page.goto(page.url.split("#")[0] + "#/collections/ke-hoach/new")
    page.get_by_label("Mã kế hoạch").fill(PLAN_ID)
    page.get_by_label("Trích yếu").fill("Thử nhập kế hoạch bằng biểu mẫu")
    pick(page, "Cơ quan ban hành", "Sở Tư pháp tỉnh Quảng", "Sở Tư pháp tỉnh Quảng Ngãi")
    page.get_by_label("Năm", exact=True).fill("2026")
    tasks = [("1", "Rà soát văn bản về bồi thường", "nhân dân tỉnh Quảng",
              "Ủy ban nhân dân tỉnh Quảng Ngãi", "Quý II/2026"),
             ("2", "Tập huấn cho công chức", "tu phap tinh quang", "Sở Tư pháp tỉnh Quảng Ngãi",
              "Trước ngày 30/9/2026")]
    for i, (number, title, typed, agency, timeline) in enumerate(tasks):
        page.get_by_role("button", name="Thêm nhiệm vụ", exact=True).click()
        page.get_by_label("Số", exact=True).nth(i).fill(number)
        page.get_by_label("Tên nhiệm vụ").nth(i).fill(title)
        pick(page, "Chủ trì thực hiện", typed, agency, i)
        page.get_by_label(re.compile(r"^Thời gian thực hiện")).nth(i).fill(timeline)
    preview = page.frame_locator("iframe").first
    assert "Bảng nhiệm vụ" in preview.locator("body").inner_text()
    save_and_publish(page)

    assert f"cms/ke-hoach/{PLAN_ID}" not in git(forms.repo, "branch")  # merged and removed
    text = git(forms.repo, "show", f"main:plans/{PLAN_ID}.yaml")
    assert text.startswith("# yaml-language-server: $schema=plan.schema.json\n")
    checked = planpub(forms.repo, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"plans/{PLAN_ID}.yaml" not in checked.stdout
    formatted = planpub(forms.repo, "fmt", "--check")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr

    site = forms.build()
    page_html = (site / "ke-hoach" / PLAN_ID / "index.html").read_text(encoding="utf-8")
    tree = html.fromstring(page_html)
    rows = tree.cssselect("#bang-nhiem-vu tbody tr")
    leads = [[a.get("href") for a in row.cssselect('td[data-label="Chủ trì, thực hiện"] a')]
             for row in rows]
    assert "Rà soát văn bản về bồi thường" in rows[0].text_content()
    assert "Quý II/2026" in rows[0].text_content()
    assert leads[0] == ["../../co-quan/ubnd-tinh-quang-ngai/"]
    assert "Trước ngày 30/9/2026" in rows[1].text_content()
    assert leads[1] == ["../../co-quan/so-tu-phap-quang-ngai/"]


def test_a_progress_report_made_in_the_forms_shows_on_the_plan_page(
        cms: Any, forms: Forms) -> None:
    plan = "binh-duong-2025-boi-thuong-nha-nuoc"
    page = cms
    page.goto(page.url.split("#")[0] + "#/collections/tien-do/new")
    pick(page, "Kế hoạch", "Bình Dương", "Triển khai công tác bồi thường nhà nước năm 2025 trên "
         "địa bàn tỉnh Bình Dương")
    page.get_by_role("button", name="Thêm báo cáo", exact=True).click()
    page.get_by_label("Nhiệm vụ", exact=True).fill("1")
    pick(page, "Cơ quan báo cáo", "Sở Tư pháp tỉnh Bình", "Sở Tư pháp tỉnh Bình Dương")
    page.get_by_role("combobox", name="Tình trạng").click()
    page.get_by_role("option", name="Đang thực hiện", exact=True).click()
    page.get_by_label("Tính đến ngày").fill("2025-06-20")
    save_and_publish(page)

    text = git(forms.repo, "show", f"main:progress/{plan}.yaml")
    assert text.startswith("# yaml-language-server: $schema=progress.schema.json\n")
    assert "as_of: 2025-06-20" in text and "status: dang-thuc-hien" in text
    checked = planpub(forms.repo, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = planpub(forms.repo, "fmt", "--check")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr

    site = forms.build()
    tree = html.fromstring((site / "ke-hoach" / plan / "index.html").read_text(encoding="utf-8"))
    first = tree.cssselect("#bang-nhiem-vu tbody tr")[0]
    assert "Đang thực hiện" in first.cssselect('td[data-label="Tình trạng"]')[0].text_content()
    report = tree.cssselect("#bang-nhiem-vu tr.pp-report-row")[0].text_content()
    assert "ngày 20/06/2025" in report


def test_the_preview_shows_the_plan_as_its_page_does(cms: Any, forms: Forms) -> None:
    plan = "pho-minh-2024-boi-thuong-nha-nuoc"
    page = cms
    page.goto(page.url.split("#")[0] + f"#/collections/ke-hoach/entries/{plan}")
    preview = page.frame_locator('iframe[title="Xem trước kế hoạch"]')
    preview.locator("table").wait_for()
    site = html.fromstring((forms.site / "ke-hoach" / plan / "index.html").read_text("utf-8"))
    columns = [th.text_content() for th in site.cssselect("#bang-nhiem-vu thead th")]
    shown = preview.locator("thead th").all_inner_texts()
    assert shown and all(label in columns for label in shown)  # the page's own labels
    assert [t.text_content() for t in site.cssselect(".pp-facts dt")][:2] == \
        preview.locator(".pp-facts dt").all_inner_texts()[:2]
    title = site.cssselect("h1.pp-doc-title .pp-doc-subject")[0].text_content()
    assert preview.locator("h1.pp-doc-title .pp-doc-subject").inner_text() == title
    body = preview.locator("tbody").inner_text()
    assert "Bộ phận Tư pháp – Hộ tịch phường Phổ Minh" in body  # names, not ids
    assert "Thường xuyên trong năm 2024" in body
    issuer = [p.text_content() for p in site.cssselect(".pp-issuer-name")]
    assert preview.locator(".pp-issuer-name").inner_text().replace("\n", "") == issuer[0]


def test_every_phrase_of_the_forms_is_vietnamese(cms: Any) -> None:
    missing = cms.evaluate("""() => {
      const keys = (o, p) => Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === "object" ? keys(v, p + k + ".") : [p + k]);
      const vi = new Set(keys(window.CMS.getLocale("vi"), ""));
      return keys(window.CMS.getLocale("en"), "").filter(k => !vi.has(k));
    }""")
    assert missing == []
    assert "Add" not in cms.locator("body").inner_text().split()
    cms.goto(cms.url.split("#")[0] + "#/collections/ke-hoach/new")
    box = cms.get_by_role("combobox", name="Cơ quan ban hành")
    box.click()
    box.fill("không có cơ quan nào tên này")
    cms.get_by_text("Không tìm thấy", exact=True).wait_for()  # not react-select's "No options"


def test_a_file_read_and_written_by_the_forms_comes_back_byte_for_byte(cms: Any) -> None:
    """Every bundled file through the forms' own formats (what a save writes when nothing was
    changed): header comments kept, nothing the pickers add leaks into the file."""
    files = {"planpub-agencies": "registry/agencies.yaml", "planpub-legal": "registry/legal.yaml",
             "planpub-localities": "registry/localities.yaml",
             **{"planpub-plan:" + p.name: f"plans/{p.name}"
                for p in sorted((ROOT / "plans").glob("*.yaml"))}}
    for name, path in files.items():
        text = (ROOT / path).read_text(encoding="utf-8")
        written = cms.evaluate("""([name, text]) => {
          const format = window.CMS.getCustomFormats()[name].formatter;
          return format.toFile(format.fromFile(text));
        }""", [name.split(":")[0], text])
        assert written == text, path
