"""mkdocs-macros module: the functions content pages call as ``{{ name(...) }}``.

One function per macro; each renders through planpub's authoring API
(:func:`planpub.mkdocs.macros.authoring`), from the same catalog as the
generated pages, escaping every value. Plan text never reaches this module as
a template.

A macro given an unknown id fails the build with one Vietnamese line naming
the page, the macro and the id (``on_error_fail: true`` in mkdocs.yml);
``content/huong-dan-tac-gia.md`` documents every macro with an example.
"""

from __future__ import annotations

from typing import Any

from planpub.mkdocs.macros import authoring, define_macros, owner_contact_html, page


def latest_plans(env: Any, n: int = 5) -> str:
    """The ``n`` most recently issued plans, as a list of links."""
    return authoring(env).latest_plans(page(env), n)


def upcoming_deadlines(env: Any, n: int = 5, agency: str | None = None,
                       plan: str | None = None) -> str:
    """The next ``n`` deadlines from the reader's today (optionally one agency or plan)."""
    return authoring(env).upcoming_deadlines(page(env), n, agency=agency, plan=plan)


def dieu(env: Any, article: int | str, doc: str = "luat-tnbtcnn-2017",
         khoan: int | str | None = None, diem: str | None = None) -> str:
    """An article of a registered document, linked: ``khoản 3 Điều 46 Luật TNBTCNN năm 2017``."""
    return authoring(env).dieu(page(env), article, doc, khoan=khoan, diem=diem)


def agency_tasks(env: Any, agency: str, year: int | None = None) -> str:
    """The table of an agency's tasks in every published plan (optionally one year)."""
    return authoring(env).agency_tasks(page(env), agency, year)


def plan_list(env: Any, year: int | None = None, locality: str | None = None) -> str:
    """Published plans, filtered by year and by locality (with the places inside it)."""
    return authoring(env).plan_list(page(env), year=year, locality=locality)


def term(env: Any, abbr: str, full: bool = False) -> str:
    """An abbreviation with its full form on hover, linked to the glossary."""
    return authoring(env).term(page(env), abbr, full=full)


def owner_contact(env: Any) -> str:
    """How to tell the site's owner about a problem (mkdocs.yml ``extra.owner``, checked as
    the footer checks it); says so plainly when no contact is set."""
    return owner_contact_html(env)


MACROS = (latest_plans, upcoming_deadlines, dieu, agency_tasks, plan_list, term, owner_contact)


def define_env(env: Any) -> None:
    """Register every macro of :data:`MACROS` under its own name."""
    define_macros(env, MACROS)
