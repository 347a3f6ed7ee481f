"""mkdocs-macros module: the functions content pages call as ``{{ name(...) }}``.

One function per macro; each renders through :mod:`planpub.render` from the
catalog the planpub plugin loaded (``env.conf.plugins["planpub"]``), escaping
every value. Plan text never reaches this module as a template.

A macro given an unknown id fails the build with one Vietnamese line naming
the page, the macro and the id (``on_error_fail: true`` in mkdocs.yml);
``content/huong-dan-tac-gia.md`` documents every macro with an example.
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
from collections.abc import Callable
from typing import Any

from jinja2 import UndefinedError

from planpub.render.authoring import Authoring, UnknownId
from planpub.render.site import SiteRenderer

log = logging.getLogger("mkdocs.plugins.planpub")


class MacroError(Exception):
    """A macro misused on a content page; ``str()`` is the whole Vietnamese message."""


def _plugin(env: Any) -> Any:
    plugin = env.conf.plugins["planpub"]
    if plugin.renderer is None:  # pragma: no cover - the plugin always runs first
        raise RuntimeError("plugin planpub phải đứng trước macros trong mkdocs.yml")
    return plugin


def _renderer(env: Any) -> SiteRenderer:
    renderer: SiteRenderer = _plugin(env).renderer
    return renderer


def _authoring(env: Any) -> Authoring:
    authoring: Authoring = _plugin(env).authoring
    return authoring


def _page(env: Any) -> str:
    return str(env.page.file.src_uri)


def latest_plans(env: Any, n: int = 5) -> str:
    """The ``n`` most recently issued plans, as a list of links."""
    return _renderer(env).latest_plans(_page(env), n)


def upcoming_deadlines(env: Any, n: int = 5, agency: str | None = None,
                       plan: str | None = None) -> str:
    """The next ``n`` deadlines from the reader's today (optionally one agency or plan)."""
    if agency is not None:
        _authoring(env).require_agency(agency)
    if plan is not None:
        _authoring(env).require_plan(plan)
    return _renderer(env).upcoming_deadlines(_page(env), n, agency=agency, plan=plan)


def dieu(env: Any, article: int | str, doc: str = "luat-tnbtcnn-2017",
         khoan: int | str | None = None, diem: str | None = None) -> str:
    """An article of a registered document, linked: ``khoản 3 Điều 46 Luật TNBTCNN năm 2017``."""
    return _authoring(env).dieu(_page(env), article, doc, khoan=khoan, diem=diem)


def agency_tasks(env: Any, agency: str, year: int | None = None) -> str:
    """The table of an agency's tasks in every published plan (optionally one year)."""
    return _authoring(env).agency_tasks(_page(env), agency, year)


def plan_list(env: Any, year: int | None = None, locality: str | None = None) -> str:
    """Published plans, filtered by year and by locality (with the places inside it)."""
    return _authoring(env).plan_list(_page(env), year=year, locality=locality)


def term(env: Any, abbr: str, full: bool = False) -> str:
    """An abbreviation with its full form on hover, linked to the glossary."""
    return _authoring(env).term(_page(env), abbr, full=full)


MACROS = (latest_plans, upcoming_deadlines, dieu, agency_tasks, plan_list, term)


def define_env(env: Any) -> None:
    """Register every macro of :data:`MACROS` under its own name."""
    _report_errors_plainly()
    for func in MACROS:
        env.macro(_bind(env, func), func.__name__)


def _bind(env: Any, func: Callable[..., str]) -> Callable[..., str]:
    signature = inspect.signature(func)

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> str:
        def fail(detail: str) -> MacroError:
            return MacroError(f"Trang {_page(env)}: macro {func.__name__}: {detail}")
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
        return "Dừng dựng trang vì lỗi macro nêu trên."

    @format_error.register
    def _undefined(error: UndefinedError, markdown: str, page: Any) -> str:
        name = re.search(r"'([^']+)' is undefined", str(error))
        what = f"“{name.group(1)}”" if name else "một tên"
        log.error(f"Trang {page.file.src_uri}: {what} không phải macro hay biến nào; xem các "
                  "macro ở trang huong-dan-tac-gia.md.")
        return "Dừng dựng trang vì lỗi macro nêu trên."
