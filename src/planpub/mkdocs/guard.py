"""What a pull request to the site's own files cannot do to a build.

- No link or special file among the build's inputs (``content/``, the theme's
  ``custom_dir``, the macros module, ``mkdocs.yml``): MkDocs follows links, so one
  would publish ``/etc/passwd`` or walk ``/``.
- No file in ``content/`` that a browser runs (``.html``, ``.svg``, ``.xml``, ``.js``
  ...): MkDocs copies those byte for byte, past every check.
- Content pages are rendered by an immutable sandboxed Jinja: ``{{ cycler.__init__.__globals__ }}``
  and friends, which would run commands on the machine that builds, are refused, and so is
  changing a list or a mapping (``config.extra_javascript.append(...)`` would put a script
  on every page; ``page.meta.update(...)`` would grant the page ``allow_html``).
- The HTML of a content page (after Jinja and Markdown) holds nothing that runs code
  (:mod:`planpub.activehtml`) unless its front matter says ``allow_html: true``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from planpub.activehtml import OPT_IN, active_parts
from planpub.safefile import kind_of

ACTIVE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt",
    ".js", ".mjs", ".swf", ".pdf.html", ".php", ".asp", ".jsp", ".hta", ".mht", ".mhtml"})
"""Files a browser would run or render as a document, if ``content/`` held them."""

_ENV_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline", "undefined", "finalize", "autoescape", "loader", "optimized")


def _walk(folder: Path, shown: str) -> list[str]:
    """Each link or special file under ``folder`` (never following links), as a message."""
    problems: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return problems
    for entry in sorted(entries, key=lambda e: e.name):
        name = f"{shown}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            problems += _walk(Path(entry.path), name)
            continue
        kind = kind_of(entry.stat(follow_symlinks=False).st_mode)
        if kind is not None:
            problems.append(f"{name}: đây là {kind}, không phải tệp thường.")
    return problems


def input_problems(config: MkDocsConfig, root: Path) -> list[str]:
    """Links and special files among what the build reads besides the data."""
    folders = [Path(config.docs_dir)]
    custom = config.theme.custom_dir
    if custom:
        folders.append(Path(custom))
    macros = config.plugins.get("macros")
    module = getattr(macros, "config", {}).get("module_name") if macros else None
    if module:
        folders.append((root / module).parent)
    problems: list[str] = []
    config_file = Path(config.config_file_path or root / "mkdocs.yml")
    if config_file.is_symlink():
        problems.append(f"{config_file.name}: đây là liên kết tượng trưng, không phải tệp thường.")
    for folder in dict.fromkeys(folders):
        shown = os.path.relpath(folder, root)
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            problems.append(f"{shown}: phải là một thư mục thật, không phải liên kết hay tệp.")
        elif folder.is_dir() and shown != ".":
            problems += _walk(folder, shown)
    return problems


def check_inputs(config: MkDocsConfig, root: Path) -> None:
    """Stop the build if any input is a link or a special file."""
    problems = input_problems(config, root)
    if problems:
        raise PluginError(
            "Không dựng trang: có liên kết tượng trưng hoặc tệp đặc biệt trong các thư mục của "
            "trang (MkDocs sẽ đi theo chúng và có thể công bố tệp ngoài kho):\n"
            + "\n".join(problems[:20])
            + "\nCách sửa: thay mỗi liên kết bằng tệp thật (sao chép nội dung vào) hoặc xóa nó.")


def check_files(files: Files, config: MkDocsConfig) -> None:
    """Stop the build if ``content/`` holds a file a browser would run (the theme's own
    files are the theme's business)."""
    docs = os.path.abspath(config.docs_dir) + os.sep
    active = [f.src_uri for f in files
              if f.abs_src_path and f.abs_src_path.startswith(docs)
              and os.path.splitext(f.src_uri)[1].lower() in ACTIVE_SUFFIXES]
    if active:
        raise PluginError(
            "Không dựng trang: content/ có tệp trình duyệt sẽ chạy như trang hay mã "
            f"({', '.join(f'content/{a}' for a in active[:10])}); MkDocs chép nguyên các tệp "
            "này, không kiểm tra. Cách sửa: viết nội dung thành trang .md; hình vẽ dùng .png; "
            "mã giao diện đặt trong site_templates/ (do người có quyền kỹ thuật duyệt).")


def sandbox(macros: Any) -> None:
    """Render content pages through a sandboxed Jinja with the same settings and macros."""
    env = getattr(macros, "_env", None)
    if env is None or isinstance(env, SandboxedEnvironment):
        return
    safe = ImmutableSandboxedEnvironment(
        **{name: getattr(env, name) for name in _ENV_SETTINGS},
        extensions=list(env.extensions))
    safe.globals.update(env.globals)
    safe.filters.update(env.filters)
    safe.tests.update(env.tests)
    macros._env = safe


def opted_in(meta: Mapping[str, Any]) -> bool:
    """Whether a page's front matter (read before its Jinja runs) allows HTML that runs code."""
    return meta.get(OPT_IN) is True


def check_page(src: str, html: str, allowed: bool) -> None:
    """Stop the build if a content page's HTML runs code and the page did not opt in."""
    if allowed:
        return
    found = active_parts(html)
    if found:
        shown = "; ".join(dict.fromkeys(what for _, what in found[:10]))
        raise PluginError(
            f"content/{src}: trang có HTML chạy mã ({shown}). Cách sửa: xóa phần đó; nếu "
            f"trang thật cần, thêm “{OPT_IN}: true” vào phần đầu trang (front matter) và nhờ "
            "quản trị viên duyệt.")
