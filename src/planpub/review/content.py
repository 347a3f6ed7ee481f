"""Active HTML a pull request adds to a content page: scripts, event handlers, frames.

Content pages (``content/**/*.md``) are Markdown and Jinja written by trusted
authors, so they may hold HTML; but a script, an ``on…=`` event handler, a frame
or a ``javascript:`` link runs in every reader's browser, so a change that brings
one in is an error unless the page says it means it (front matter
``allow_html: true``). A change cannot grant that quietly: a page that opts in only
now is a warning naming it, with everything active on it, and on a page that already
opted in each active line the change adds is a warning. Only the pages a change adds
or edits are read, as they are in git (never from the disk).
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from planpub.activehtml import OPT_IN
from planpub.diagnostics import Diagnostic
from planpub.gitrev import BlobReader, changed_files, list_files
from planpub.layout import CONTENT_DIR

SCANNED_SUFFIXES = (".md", ".html", ".htm", ".svg")
"""Files a browser renders as a page (only Markdown pages can opt in to active HTML)."""


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


_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
"""Front matter exactly as MkDocs finds it (``mkdocs.utils.meta``): ``---`` on the very first
line, so review and the build agree on which pages opt in."""


def _opted_in(text: str) -> bool:
    """Whether the page's front matter says ``allow_html: true``."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n").replace("\r", "\n"))
    if match is None:
        return False
    try:
        meta = yaml.safe_load(match.group(1))
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


def _scan(path: str, lines: Iterable[tuple[int, str]], opted_in: bool) -> list[Diagnostic]:
    """Active HTML on the numbered ``lines`` of one page: errors, or warnings on a page that
    opts in (a reviewer still sees each one)."""
    markdown = path.lower().endswith(".md")
    diags = []
    for number, line in lines:
        for what, description, hint in _findings(line):
            if opted_in:
                diags.append(Diagnostic(
                    path, number, "warning", "",
                    f"trang nội dung có {description}; trang ghi {OPT_IN}: true nên không bị "
                    "chặn, nhưng đoạn mã này chạy trên máy của mọi người đọc trang.",
                    "người quản trị kho đọc kỹ đoạn này trước khi hợp nhất; nếu không cần, "
                    + hint.format(what=what)))
            else:
                diags.append(Diagnostic(
                    path, number, "error", "",
                    f"trang nội dung có {description}; đoạn mã như vậy chạy trên máy của mọi "
                    "người đọc trang.", hint.format(what=what) + (_OPT_IN_HINT if markdown
                                                                  else "")))
    return diags


def scan_page(path: str, text: str) -> list[Diagnostic]:
    """Errors for active HTML in one page (none if it opts in with ``allow_html: true``)."""
    if path.lower().endswith(".md") and _opted_in(text):
        return []
    return _scan(path, enumerate(text.splitlines(), 1), opted_in=False)


def _added_lines(old: str, new: str) -> list[tuple[int, str]]:
    """The lines of ``new`` (numbered) that ``old`` does not have at that place."""
    before, after = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(j + 1, after[j]) for tag, _, _, j1, j2 in matcher.get_opcodes()
            if tag in ("insert", "replace") for j in range(j1, j2)]


def review_page(path: str, old: str | None, new: str) -> list[Diagnostic]:
    """What a change (``old`` → ``new``; None: a new page) brings into a page. Active HTML is
    an error, unless the page opts in: then a page that opts in only now is a warning naming
    it, with everything the scanner finds on it; a page that already did gets a warning for
    each active line the change adds."""
    if not (path.lower().endswith(".md") and _opted_in(new)):
        return scan_page(path, new)
    if old is not None and _opted_in(old):
        return _scan(path, _added_lines(old, new), opted_in=True)
    grant = Diagnostic(
        path, None, "warning", "",
        f"trang tự cho phép HTML chạy mã ({OPT_IN}: true ở phần đầu trang); cần quản trị viên "
        "duyệt.", f"nếu trang không thật sự cần mã chạy trên máy người đọc, bỏ dòng {OPT_IN}: "
        "true; nếu cần, người quản trị kho duyệt từng đoạn được liệt kê rồi mới hợp nhất.")
    return [grant, *_scan(path, enumerate(new.splitlines(), 1), opted_in=True)]


def granted(diags: Iterable[Diagnostic]) -> list[str]:
    """The pages :func:`review_page` found opting in to active HTML only now."""
    return sorted({d.path for d in diags if d.level == "warning" and d.line is None})


def changed_pages(root: Path, base: str, head: str) -> dict[str, str]:
    """Pages under ``content/`` that ``head`` adds or edits: path → blob id at ``head``
    (ordinary files only: links and submodules are reported with the snapshot)."""
    changed = set(changed_files(root, base, head, CONTENT_DIR))
    files = list_files(root, head, [CONTENT_DIR])
    return {path: blob for path, blob in files.items()
            if path in changed and path.lower().endswith(SCANNED_SUFFIXES)}


def check_content(root: Path, base: str, head: str) -> tuple[list[str], list[Diagnostic]]:
    """The content pages ``head`` adds or edits, and what active HTML the change brings in."""
    pages = changed_pages(root, base, head)
    diags: list[Diagnostic] = []
    if not pages:
        return [], diags
    before = list_files(root, base, [CONTENT_DIR])
    with BlobReader(root) as reader:
        for path, blob in sorted(pages.items()):
            new = (reader.read(blob) or b"").decode("utf-8", "replace")
            old = reader.read(before[path]) if path in before else None
            diags += review_page(path, None if old is None else old.decode("utf-8", "replace"),
                                 new)
    return sorted(pages), diags
