"""Who runs the site and how fresh each page is: the footer's facts and "Cập nhật lần cuối".

The footer reads ``extra`` in mkdocs.yml (each authority fills in its own; README, "Chân
trang"): ``owner`` (``name``, ``address``, ``phone``, ``email``, ``url``), ``data_licence``
(``name``, ``url``) and ``accessibility`` (a page of ``content/`` or an https address). A
line that is not set is left out of the footer, and the build says so in the log; a value
that cannot be a link stops the build. ``owner.phone`` and ``owner.email`` follow the
registry's rules for an agency's ``phone`` and ``email`` (:mod:`planpub.fieldtypes`), and
:meth:`Footer.contact_lines` is the one place the footer and the accessibility statement
(macro ``owner_contact``) take the owner's contact lines from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from planpub.catalog import Catalog
from planpub.fieldtypes import check_email, check_phone, phone_numbers, tel_target
from planpub.lastupdated import SHALLOW_NOTE, History, Updated
from planpub.layout import (
    ABBREVIATIONS_FILE,
    CONTENT_DIR,
    PROGRESS_DIR,
    REGISTRY_DIR,
    REGISTRY_FILES,
    WATCHED_DIRS,
    registry_file,
)
from planpub.site import links
from planpub.weburl import URL_HINT, WEB_SCHEMES, safe_url, url_problem

log = logging.getLogger("mkdocs.plugins.planpub")

OWNER_KEYS = ("name", "address", "phone", "email", "url")
LICENCE_KEYS = ("name", "url")
FOOTER_KEYS = ("owner", "data_licence", "accessibility")
"""planpub's keys of ``extra``; the others belong to the theme or to the deployer's macros."""
MATERIAL_KEYS = frozenset({"social", "analytics", "consent", "generator", "homepage", "alternate",
                           "version", "status", "tags", "annotate", "scope"})
"""Keys of ``extra`` that Material for MkDocs reads (never taken for a misspelt footer key)."""
_README = "README.md, mục “Chân trang”"


def check_extra(extra: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The ``owner`` and ``data_licence`` lines that are set. Stop the build
    (:class:`PluginError`, Vietnamese) on footer settings that would be ignored or cannot be
    read: a key of ``extra`` close to one of :data:`FOOTER_KEYS` (``data_license``, ``ower``),
    an owner's key written at the level of ``extra`` (mis-indented), ``owner`` or
    ``data_licence`` that is not a group of keys. Other keys are left alone."""
    for key in extra:
        if not isinstance(key, str) or key in FOOTER_KEYS or key in MATERIAL_KEYS:
            continue
        if key in OWNER_KEYS:
            raise PluginError(
                f"mkdocs.yml: extra có khóa “{key}” nằm ngay dưới extra, nên planpub bỏ qua nó. "
                f"Cách sửa: nếu đây là {key} của đơn vị quản lý trang, lùi dòng “{key}: …” vào "
                f"hai dấu cách dưới dòng “owner:” (extra.owner.{key}; xem {_README}).")
        close = difflib.get_close_matches(key, FOOTER_KEYS, n=1, cutoff=0.6)
        if close:
            raise PluginError(
                f"mkdocs.yml: extra có khóa lạ “{key}”, planpub không đọc khóa này nên chân trang "
                f"sẽ thiếu dòng đó. Có phải bạn muốn viết “{close[0]}”? Cách sửa: sửa tên khóa "
                f"thành {close[0]} (xem {_README}).")
    return _section(extra, "owner", OWNER_KEYS), _section(extra, "data_licence", LICENCE_KEYS)


@dataclass(frozen=True)
class Footer:
    """The footer's facts, checked; empty strings are lines the footer leaves out."""

    owner: str = ""
    address: str = ""
    phones: tuple[tuple[str, str | None], ...] = ()
    """(number as written, ``tel:`` link) of each number of ``owner.phone``."""
    email: str = ""
    email_href: str = ""
    url: str = ""
    licence: str = ""
    licence_url: str = ""
    accessibility: str = ""
    """Site-root-relative URL of the statement page, or an absolute https address."""
    accessibility_external: bool = False

    def contact_lines(self) -> list[tuple[str, Markup]]:
        """(label, escaped HTML) of the address, phone numbers and e-mail that are set."""
        lines: list[tuple[str, Markup]] = []
        if self.address:
            lines.append(("Địa chỉ", escape(self.address)))
        if self.phones:
            lines.append(("Điện thoại", Markup("; ").join(
                _a(number, href) for number, href in self.phones)))
        if self.email:
            lines.append(("Thư điện tử", _a(self.email, self.email_href)))
        return lines


def _a(text: str, href: str | None) -> Markup:
    if not href:
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(href, text)


def statement_contact(footer: Footer) -> Markup:
    """The accessibility statement's "how to tell us" paragraph, from the checked footer."""
    lines = footer.contact_lines()
    tail = ("Hãy cho biết địa chỉ của trang, bạn gặp khó khăn ở đâu và bạn dùng thiết bị, "
            "trình duyệt hay công cụ hỗ trợ nào.")
    if footer.owner and lines:
        items = Markup("").join(Markup("<li>{}: {}</li>").format(label, html)
                                for label, html in lines)
        return Markup('<div class="pp-owner-contact"><p>Nếu bạn không đọc hoặc không dùng được '
                      "một phần của trang, hãy báo cho {}, đơn vị quản lý trang:</p><ul>{}</ul>"
                      "<p>{}</p></div>").format(footer.owner, items, tail)
    who = Markup(" ({})").format(footer.owner) if footer.owner else ""
    return Markup('<div class="pp-owner-contact"><p>Nếu bạn không đọc hoặc không dùng được một '
                  "phần của trang, hãy báo cho đơn vị quản lý trang{}. Trang hiện chưa ghi cách "
                  "liên hệ với đơn vị này. Khi báo, {}</p></div>").format(
                      who, tail[0].lower() + tail[1:])


def _section(extra: Mapping[str, Any], key: str, keys: tuple[str, ...]) -> dict[str, str]:
    value = extra.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        was = f" (đang là “{' '.join(value.split())[:80]}”)" if isinstance(value, str) else ""
        raise PluginError(f"mkdocs.yml: extra.{key} phải là một nhóm khóa ({', '.join(keys)})"
                          f"{was}. Cách sửa: viết “{key}:” trên một dòng, rồi mỗi khóa trên "
                          f"một dòng bên dưới, lùi vào hai dấu cách, ví dụ “  name: …” "
                          f"(xem {_README}).")
    unknown = [k for k in value if k not in keys]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), keys, n=1, cutoff=0.6)
        guess = f" Có phải bạn muốn viết “{close[0]}”?" if close else ""
        raise PluginError(f"mkdocs.yml: extra.{key} có khóa lạ “{unknown[0]}”; chỉ dùng: "
                          f"{', '.join(keys)}.{guess} Cách sửa: sửa tên khóa (xem {_README}).")
    shown: dict[str, str] = {}
    for name in keys:
        item = value.get(name)
        if item is None:
            continue
        if not isinstance(item, str):
            raise PluginError(f"mkdocs.yml: extra.{key}.{name} phải là một dòng chữ. Cách sửa: "
                              f"đặt giá trị trong ngoặc kép, ví dụ {name}: \"0274 3822 111\" "
                              "(số không đặt trong ngoặc kép mất số 0 ở đầu).")
        if item.strip():
            shown[name] = " ".join(item.split())
    return shown


def _link(key: str, value: str, schemes: tuple[str, ...] = WEB_SCHEMES) -> str:
    href = safe_url(value, schemes)
    if href is None:
        problem = url_problem(value) or f"“{value}” không phải địa chỉ web"
        raise PluginError(f"mkdocs.yml: extra.{key}: {problem}. Cách sửa: {URL_HINT}.")
    return href


def _checked(key: str, value: str, check: Callable[[str], str]) -> str:
    """``value`` if the registry's rule ``check`` accepts it; else stop the build."""
    try:
        return check(value)
    except ValueError as err:
        raise PluginError(f"mkdocs.yml: extra.{key}: {err}") from None


def _accessibility(value: object, files: Files) -> tuple[str, bool]:
    if value is None or value == "":
        return "", False
    if not isinstance(value, str):
        raise PluginError("mkdocs.yml: extra.accessibility phải là tên một trang trong content/ "
                          "(ví dụ kha-nang-tiep-can.md) hoặc một địa chỉ https://.")
    if "://" in value:
        return _link("accessibility", value), True
    file = files.get_file_from_path(value.removeprefix("content/"))
    if file is None or not file.is_documentation_page():
        raise PluginError(f"mkdocs.yml: extra.accessibility chỉ tới “{value}”, không có trang này "
                          "trong content/. Cách sửa: ghi tên tệp của tuyên bố về khả năng tiếp "
                          "cận (ví dụ kha-nang-tiep-can.md) hoặc địa chỉ https:// của nó.")
    return file.url, False


def read_footer(config: MkDocsConfig, files: Files) -> Footer:
    """The footer's facts from ``config.extra``; logs (info) each line left out."""
    extra: Mapping[str, Any] = config.extra
    owner, licence = check_extra(extra)
    where = "Cách sửa: đặt {} trong mkdocs.yml (README.md, mục “Chân trang”)."
    if not owner.get("name"):
        log.info("Chân trang không ghi đơn vị quản lý trang và cách liên hệ vì chưa đặt "
                 "extra.owner.name. " + where.format("extra.owner"))
    if not licence.get("name"):
        log.info("Chân trang không ghi giấy phép của dữ liệu mở vì chưa đặt "
                 "extra.data_licence.name. " + where.format("extra.data_licence"))
    accessibility, external = _accessibility(extra.get("accessibility"), files)
    if not accessibility:
        log.info("Chân trang không có liên kết tới tuyên bố về khả năng tiếp cận vì chưa đặt "
                 "extra.accessibility. " + where.format("extra.accessibility"))
    email = _checked("owner.email", owner["email"], check_email) if owner.get("email") else ""
    phone = _checked("owner.phone", owner["phone"], check_phone) if owner.get("phone") else ""
    phones = tuple((n, safe_url(tel_target(n), ("tel",))) for n in phone_numbers(phone)) \
        if phone else ()
    return Footer(
        owner=owner.get("name", ""), address=owner.get("address", ""), phones=phones,
        email=email, email_href=_link("owner.email", f"mailto:{email}", ("mailto",))
        if email else "", url=_link("owner.url", owner["url"]) if owner.get("url") else "",
        licence=licence.get("name", ""),
        licence_url=_link("data_licence.url", licence["url"]) if licence.get("url") else "",
        accessibility=accessibility, accessibility_external=external)


def template_globals(footer: Footer, built: dt.date) -> dict[str, Any]:
    """What every template may print: ``planpub_footer`` (:func:`read_footer`);
    ``planpub_built``, the build's date (the print line's fallback when the browser runs
    no script)."""
    return {"planpub_footer": footer, "planpub_built": Updated(built)}


class PageDates:
    """Each page's "Cập nhật lần cuối", from one ``git log`` over the site's sources.

    A content page: its file in ``content/``. A plan page: the later of its plan file and
    its progress file. Any other generated page (agency, locality, calendar, lists,
    glossary, legal documents): the latest change under ``plans/``, ``registry/``,
    ``progress/``. A lookup page (``co-quan-giai-quyet/``, built from the pinned
    administrative-units dataset and the registry): the latest change under ``registry/``.
    ``history`` keeps the git history across ``mkdocs serve`` rebuilds.
    """

    def __init__(self, root: Path, config: MkDocsConfig, catalog: Catalog,
                 history: History | None = None) -> None:
        docs = Path(config.docs_dir).resolve()
        self.docs_dir = docs.relative_to(root).as_posix() if docs.is_relative_to(root) \
            else CONTENT_DIR
        history = history or History()
        self.dates, fresh = history.dates(root, (self.docs_dir, *WATCHED_DIRS))
        if fresh and history.shallow:
            log.info(SHALLOW_NOTE)
        progress = {lp.progress.plan: lp.doc.path for lp in catalog.progress}
        self.plans = {links.plan_src(lp.plan.id): (lp.doc.path, progress.get(
            lp.plan.id, f"{PROGRESS_DIR}/{lp.plan.id}.yaml")) for lp in catalog.loaded}
        self.data_files = [*(p for pair in self.plans.values() for p in pair),
                           *(registry_file(kind) for kind in REGISTRY_FILES),
                           ABBREVIATIONS_FILE]

    def updated(self, src: str, generated: bool) -> Updated | None:
        """The date the page built from ``src`` last changed (None: nothing to date it by)."""
        if not generated:
            return self.dates.newest([f"{self.docs_dir}/{src}"])
        pair = self.plans.get(src)
        if pair is not None:
            return self.dates.newest(pair)
        if src.startswith(f"{links.LOOKUP}/"):
            return self._registry
        return self._data

    @cached_property
    def _data(self) -> Updated | None:
        """The newest change to any data file: every generated page but plans and lookups."""
        return self.dates.newest(self.data_files, WATCHED_DIRS)

    @cached_property
    def _registry(self) -> Updated | None:
        """The newest change to the registry: the lookup pages."""
        return self.dates.newest([registry_file(kind) for kind in REGISTRY_FILES],
                                 (REGISTRY_DIR,))
