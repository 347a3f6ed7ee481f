"""Active HTML a pull request adds to a content page: scripts, event handlers, frames.

Content pages (``content/**/*.md``) are Markdown and Jinja written by trusted
authors, so they may hold HTML; but a script, an ``on…=`` event handler, a frame
or a ``javascript:`` link runs in every reader's browser, so a change that brings
one in is an error unless the page says it means it (front matter
``allow_html: true``). Only the pages a change adds or edits are read, as they
are at HEAD in git (never from the disk).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from planpub.diagnostics import Diagnostic
from planpub.gitrev import BlobReader, changed_files, list_files
from planpub.layout import CONTENT_DIR

"""MkDocs' ``docs_dir`` (see ``mkdocs.yml``): hand-written pages."""

SCANNED_SUFFIXES = (".md", ".html", ".htm", ".svg")
"""Files a browser renders as a page (only Markdown pages can opt in to active HTML)."""

OPT_IN = "allow_html"

_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta")
_TAG = re.compile(r"<\s*(" + "|".join(_TAGS) + r")\b", re.IGNORECASE)
# an attribute starts a line or follows a space, "/", a quote or "{" (attr_list: { onclick=… })
_HANDLER = re.compile(r"(?<![^\s/\"'{])(on[a-z]+)\s*=", re.IGNORECASE)
# a URL starts after "(", "<", "=", a quote, or "]:" (reference links); browsers drop spaces
_SCHEME = re.compile(r"(?:[(<=\"'`]|\]:)\s*((?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:"
                     r"|d\s*a\s*t\s*a\s*:\s*t\s*e\s*x\s*t\s*/\s*html)", re.IGNORECASE)

_TAG_HINT = ("bỏ thẻ này khỏi trang. Nếu trang chỉ cần hiện chữ “{what}” (ví dụ trong hướng "
             "dẫn), viết &lt; thay cho dấu <.")
_HANDLER_HINT = "bỏ thuộc tính {what} khỏi thẻ hoặc khỏi phần {{ … }} sau liên kết, hình."
_SCHEME_HINT = "bỏ liên kết này hoặc thay bằng một địa chỉ http:// hay https://."
_OPT_IN_HINT = (" Nếu trang thật sự cần đoạn mã này và người quản trị kho đã duyệt, thêm dòng "
                f"{OPT_IN}: true vào phần đầu trang (giữa hai dòng ---).")


def _opted_in(text: str) -> bool:
    """Whether the page's front matter says ``allow_html: true``."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return False
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")),
               None)
    if end is None:
        return False
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return False
    return isinstance(meta, dict) and meta.get(OPT_IN) is True


def _findings(line: str) -> list[tuple[str, str, str]]:
    """What is active on one line: (what was found, Vietnamese description, hint)."""
    out: list[tuple[str, str, str]] = []
    for match in _TAG.finditer(line):
        what = f"<{match.group(1).lower()}"
        out.append((what, f"thẻ HTML {what}> (có thể chạy mã, nhúng hoặc chuyển sang trang "
                          "khác)", _TAG_HINT))
    for match in _HANDLER.finditer(line):
        what = f"{match.group(1).lower()}="
        out.append((what, f"thuộc tính {what} (mã JavaScript chạy khi trang mở ra hoặc khi "
                          "người đọc thao tác)", _HANDLER_HINT))
    for match in _SCHEME.finditer(html.unescape(line)):  # browsers decode &#…; in URLs
        what = "".join(match.group(1).split()).lower()
        out.append((what, f"liên kết “{what}” (chạy mã khi người đọc bấm vào)", _SCHEME_HINT))
    return out


def scan_page(path: str, text: str) -> list[Diagnostic]:
    """Errors for active HTML in one page (none if it opts in with ``allow_html: true``)."""
    markdown = path.lower().endswith(".md")
    if markdown and _opted_in(text):
        return []
    diags = []
    for number, line in enumerate(text.splitlines(), 1):
        for what, description, hint in _findings(line):
            diags.append(Diagnostic(
                path, number, "error", "",
                f"trang nội dung có {description}; đoạn mã như vậy chạy trên máy của mọi người "
                "đọc trang.", hint.format(what=what) + (_OPT_IN_HINT if markdown else "")))
    return diags


def changed_pages(root: Path, base: str, head: str) -> dict[str, str]:
    """Pages under ``content/`` that ``head`` adds or edits: path → blob id at ``head``
    (ordinary files only: links and submodules are reported with the snapshot)."""
    changed = set(changed_files(root, base, head, CONTENT_DIR))
    files = list_files(root, head, [CONTENT_DIR])
    return {path: blob for path, blob in files.items()
            if path in changed and path.lower().endswith(SCANNED_SUFFIXES)}


def check_content(root: Path, base: str, head: str) -> tuple[list[str], list[Diagnostic]]:
    """The content pages ``head`` adds or edits, and errors for active HTML in them."""
    pages = changed_pages(root, base, head)
    diags: list[Diagnostic] = []
    if not pages:
        return [], diags
    with BlobReader(root) as reader:
        for path, blob in sorted(pages.items()):
            data = reader.read(blob) or b""
            diags += scan_page(path, data.decode("utf-8", "replace"))
    return sorted(pages), diags
