"""A pull request to the site's own files (content pages, theme, macros) cannot run code on
the machine that builds, publish files from outside the repository, or put a script on a
content page without opting in: the build stops with one Vietnamese message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planpub.activehtml import active_parts
from planpub.diagnostics import BuildError
from planpub.mkdocs.build import build_site


def build(root: Path) -> str:
    """Build ``root`` in-process (as publish does); the error text, or "" on success."""
    try:
        build_site(root, root / "site")
    except BuildError as err:
        assert "Traceback" not in str(err)
        return str(err)
    return ""


def page(root: Path, text: str, name: str = "thu.md") -> None:
    (root / "content" / name).write_text(text, encoding="utf-8")


def test_the_bundled_site_builds(make_repo: Path) -> None:
    assert build(make_repo) == ""
    assert "data-pp-upcoming" in (make_repo / "site" / "index.html").read_text("utf-8")


def test_jinja_in_a_content_page_cannot_reach_python(make_repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    page(make_repo, "# Thử\n\n{{ cycler.__init__.__globals__.os.popen('touch "
                    f"{marker}').read() }}}}\n")
    message = build(make_repo)
    assert not marker.exists()
    assert "Trang thu.md: biểu thức Jinja dùng thuộc tính hay hàm bị cấm" in message


@pytest.mark.parametrize("text", [
    '{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}',
    "<scr{# x #}ipt>alert(2)</script>",
    '{{ "<sXcript>alert(3)</sXcript>" | replace("X", "") }}',
    '{% include "doan.txt" %}',
    "<img src=x\nonerror=alert(4)>",
    '<a href="java\nscript:alert(5)">x</a>',
    '<a href="&#106;avascript:alert(6)">x</a>',
    "[bấm][a]\n\n[a]:\n    javascript:alert(8)",
    '<svg><a><animate attributeName="href" values="0;javascript:alert(9)"/></a></svg>',
    '<iframe src="https://example.com"></iframe>',
    '<noscript><p title="</noscript><img src=x {{ "one" ~ "rror" }}=alert(1)>"></p></noscript>',
    '<textarea><p title="</textarea><img src=x {{ "one" ~ "rror" }}=alert(2)>"></p></textarea>',
    '<!--><img src=x {{ "one" ~ "rror" }}=alert(3)>-->',
    '<svg><style><img src=x {{ "one" ~ "rror" }}=alert(4)></style></svg>',
    '<style>@import url("https://example.com/x.css");</style>',
])
def test_code_on_a_content_page_stops_the_build(make_repo: Path, text: str) -> None:
    (make_repo / "content" / "doan.txt").write_text("<script>alert(7)</script>\n", "utf-8")
    page(make_repo, f"# Thử\n\n{text}\n")
    message = build(make_repo)
    assert "content/thu.md: trang có HTML chạy mã" in message
    assert "allow_html: true" in message
    assert not (make_repo / "site" / "thu" / "index.html").exists()


@pytest.mark.parametrize("text", [
    '{% set _x = page.meta.update({"allow_html": true}) %}<script>alert(8)</script>',
    '{% set _x = config.extra_javascript.append("https://example.com/x.js") %}',
    '{% set _x = config.extra.update({"x": 1}) %}',
])
def test_a_page_cannot_change_its_opt_in_or_the_site_config(make_repo: Path, text: str) -> None:
    page(make_repo, f"# Thử\n\n{text}\n")
    message = build(make_repo)
    assert message.startswith("dựng trang thất bại")
    assert "Trang thu.md: biểu thức Jinja dùng thuộc tính hay hàm bị cấm" in message


def test_a_page_may_opt_in(make_repo: Path) -> None:
    page(make_repo, "---\nallow_html: true\n---\n# Thử\n\n<script>var x = 1;</script>\n")
    assert build(make_repo) == ""
    assert "<script>var x = 1;</script>" in (make_repo / "site" / "thu" / "index.html").read_text(
        "utf-8")


@pytest.mark.parametrize(("where", "target"), [
    ("content/leak.txt", "/etc/hostname"),
    ("site_templates/assets/host.txt", "/etc/hostname"),
    ("content/phap-luat/ngoai", "/"),
    ("macros/extra.py", "/etc/hostname"),
])
def test_links_among_the_build_inputs_stop_the_build(make_repo: Path, where: str,
                                                     target: str) -> None:
    os.symlink(target, make_repo / where)
    message = build(make_repo)
    assert f"{where}: đây là liên kết tượng trưng" in message
    assert not (make_repo / "site").exists()


@pytest.mark.parametrize("name", ["trang.html", "f.xhtml", "hinh.svg", "x.xml", "a.js"])
def test_files_a_browser_would_run_are_refused_in_content(make_repo: Path, name: str) -> None:
    (make_repo / "content" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    message = build(make_repo)
    assert f"content/{name}" in message and "Cách sửa" in message


def test_a_jinja_mistake_is_a_message_not_a_silent_exit(make_repo: Path) -> None:
    page(make_repo, "# Thử\n\n{% for %}\n")
    message = build(make_repo)
    assert message.startswith("dựng trang thất bại")
    assert "Trang thu.md, dòng 3: cú pháp Jinja sai" in message


@pytest.mark.parametrize(("html", "found"), [
    ("<p>chữ</p><a href='https://x.vn'>x</a><form action='/tim-kiem/'></form>", False),
    ("<noscript><p>bật JavaScript</p></noscript>", False),
    ("<a href=' \x01JaVaScRiPt:x'>x</a>", True),
    ("<a href='data:text/html;base64,PHNjcmlwdD4='>x</a>", True),
    ("<p style='width: expression(alert(1))'>x</p>", True),
    ("<div ONMOUSEOVER='x'>x</div>", True),
    ("<object data='x.swf'></object>", True),
])
def test_active_parts(html: str, found: bool) -> None:
    assert bool(active_parts(html)) is found
