"""Web addresses that come from data (registry ``url`` fields): which ones may become links.

A URL an officer types into a registry ends up in an ``href``. Only ``https``,
``http``, ``mailto`` and ``tel`` are allowed; web addresses need a host; no
whitespace, control or invisible formatting character anywhere; at most
:data:`URL_MAX` characters. The model rejects anything else at load time and the
page builders check again before printing a link (:func:`safe_url`).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

URL_MAX = 2000
"""Longest address accepted, in characters (browsers and servers cut longer ones)."""

SCHEMES = ("https", "http", "mailto", "tel")
"""Schemes a data URL may use, in the order messages list them."""

WEB_SCHEMES = ("https", "http")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_TEL = re.compile(r"\+?[0-9][0-9().-]*")
_SHOWN_MAX = 80


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _shown(value: str) -> str:
    """``value`` for a message: printable, and cut when long."""
    printable = "".join(c if unicodedata.category(c)[0] not in "CZ" else "·" for c in value)
    return printable if len(printable) <= _SHOWN_MAX else printable[:_SHOWN_MAX] + "…"


def _host(value: str) -> str | None:
    try:
        return urlsplit(value).hostname
    except ValueError:  # a malformed [IPv6] host
        return None


def url_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a data URL, in Vietnamese (None if it may be a link)."""
    if len(value) > URL_MAX:
        return (f"đường dẫn dài {_number(len(value))} ký tự, vượt giới hạn "
                f"{_number(URL_MAX)} ký tự")
    if not value:
        return "đường dẫn trống"
    bad = next((c for c in value if unicodedata.category(c)[0] in "CZ"), None)
    if bad is not None:
        kind = "dấu cách" if bad == " " else f"ký tự ẩn U+{ord(bad):04X}"
        return f"đường dẫn “{_shown(value)}” chứa {kind}"
    match = _SCHEME.match(value)
    scheme = match.group(1).lower() if match else ""
    if scheme not in SCHEMES:
        if not scheme:
            return f"đường dẫn “{_shown(value)}” không bắt đầu bằng https://"
        return f"đường dẫn “{_shown(value)}” dùng kiểu “{scheme}:”, không được phép"
    rest = value[len(scheme) + 1:]
    if scheme in WEB_SCHEMES:
        if not rest.startswith("//") or not _host(value):
            return f"đường dẫn “{_shown(value)}” thiếu tên miền sau {scheme}://"
    elif scheme == "mailto" and "@" not in rest:
        return f"địa chỉ thư “{_shown(value)}” thiếu phần @tên-miền"
    elif scheme == "tel" and not _TEL.fullmatch(rest):
        return f"số điện thoại “{_shown(value)}” chỉ được gồm chữ số, dấu +, -, ., ( )"
    return None


URL_HINT = ("dùng địa chỉ bắt đầu bằng https:// (ví dụ https://stp.binhduong.gov.vn), "
            "mailto: cho thư điện tử hoặc tel: cho số điện thoại, không có dấu cách; "
            "nếu chưa có đường dẫn chính thức thì ghi null")
"""How to fix a rejected URL (Vietnamese, for the "Cách sửa" part of a diagnostic)."""


def safe_url(value: object, schemes: tuple[str, ...] = SCHEMES) -> str | None:
    """``value`` if it may be printed as a link with one of ``schemes``, else None."""
    if not isinstance(value, str) or url_problem(value) is not None:
        return None
    match = _SCHEME.match(value)
    return value if match and match.group(1).lower() in schemes else None
