"""The mkdocs-macros side of the adapter: what the site's ``macros/main.py`` builds on.

``authoring(env)`` is the public authoring API of the current build (from the
same catalog as the generated pages); ``define_macros`` registers plain
functions as macros whose mistakes fail the build with one Vietnamese line
naming the page, the macro and the problem, never a traceback.
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from planpub.mkdocs.trust import Footer, statement_contact
from planpub.render.authoring import Authoring, UnknownId

log = logging.getLogger("mkdocs.plugins.planpub")

Macro = Callable[..., str]


_STOPPED = "Dừng dựng trang vì lỗi macro nêu trên."
"""What mkdocs-macros puts in the page once our one-line message is logged."""


class MacroError(Exception):
    """A macro misused on a content page; ``str()`` is the whole Vietnamese message."""


def authoring(env: Any) -> Authoring:
    """The authoring API of the build ``env`` (mkdocs-macros' environment) belongs to."""
    plugin = env.conf.plugins["planpub"]
    if plugin.authoring is None:  # pragma: no cover - the plugin always runs first
        raise RuntimeError("plugin planpub phải đứng trước macros trong mkdocs.yml")
    found: Authoring = plugin.authoring
    return found


def owner_contact_html(env: Any) -> str:
    """How to reach the site's owner, as escaped HTML, from the footer's checked settings
    (:func:`planpub.mkdocs.trust.read_footer`), never from raw ``config.extra``."""
    footer = env.conf.plugins["planpub"].footer
    return str(statement_contact(footer if isinstance(footer, Footer) else Footer()))


def page(env: Any) -> str:
    """The source path of the page being rendered (``phap-luat/thoi-hieu.md``)."""
    return str(env.page.file.src_uri)


def define_macros(env: Any, macros: Iterable[Macro]) -> None:
    """Register each function (first parameter: ``env``) as a macro under its own name."""
    _report_errors_plainly()
    for func in macros:
        env.macro(_bind(env, func), func.__name__)


def _bind(env: Any, func: Macro) -> Macro:
    signature = inspect.signature(func)

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> str:
        def fail(detail: str) -> MacroError:
            return MacroError(f"Trang {page(env)}: macro {func.__name__}: {detail}")
        try:
            signature.bind(env, *args, **kwargs)
        except TypeError:
            params = ", ".join(list(signature.parameters)[1:])
            raise fail(f"sai tham số; cách gọi: {func.__name__}({params}), xem trang "
                       "huong-dan-tac-gia.md.") from None
        try:
            return func(env, *args, **kwargs)
        except UnknownId as err:
            raise fail(str(err)) from None
    return call


def _report_errors_plainly() -> None:
    """Make mkdocs-macros print our errors as one line, without a Python traceback."""
    try:
        from mkdocs_macros.errors import format_error
    except ImportError:  # pragma: no cover - older mkdocs-macros: its default message
        return

    @format_error.register
    def _macro_error(error: MacroError, markdown: str, page: Any) -> str:
        log.error(str(error))  # an error, so even ``mkdocs build --quiet`` shows it
        return _STOPPED

    @format_error.register
    def _undefined(error: UndefinedError, markdown: str, page: Any) -> str:
        name = re.search(r"'([^']+)' is undefined", str(error))
        what = f"“{name.group(1)}”" if name else "một tên"
        log.error(f"Trang {page.file.src_uri}: {what} không phải macro hay biến nào; xem các "
                  "macro ở trang huong-dan-tac-gia.md.")
        return _STOPPED

    @format_error.register
    def _unsafe(error: SecurityError, markdown: str, page: Any) -> str:
        log.error(f"Trang {page.file.src_uri}: biểu thức Jinja dùng thuộc tính hay hàm bị cấm "
                  f"({error}); trang nội dung chỉ được gọi macro và biến của trang. Cách sửa: "
                  "xóa biểu thức này; các macro được dùng có ở trang huong-dan-tac-gia.md.")
        return _STOPPED

    @format_error.register
    def _syntax(error: TemplateSyntaxError, markdown: str, page: Any) -> str:
        log.error(f"Trang {page.file.src_uri}, dòng {error.lineno}: cú pháp Jinja sai "
                  f"({error.message}). Cách sửa: kiểm tra cặp {{{{ }}}} và {{% %}} ở dòng này; "
                  "muốn in nguyên văn thì đặt giữa {% raw %} và {% endraw %}.")
        return _STOPPED
