"""Web addresses that come from data (registry ``url`` fields, links in plan prose).

A URL an officer types into a registry or a Markdown field ends up in an ``href``.
Only ``https``, ``http``, ``mailto`` and ``tel`` are allowed; no whitespace,
control or invisible formatting character and no backslash anywhere; at most
:data:`URL_MAX` characters. A web address needs a host written in ASCII (letters,
digits, hyphens and dots, with at least one dot, or an IP address; a name with
diacritics or another script is written in punycode, ``xn--``), no user name or
password before ``@`` and, if any, a port from 1 to 65535. A mail address needs a
name and a domain. The model rejects anything else at load time and the page
builders check again before printing a link (:func:`safe_url`).
"""

from __future__ import annotations

import ipaddress
import re
import threading
import unicodedata
from html.parser import HTMLParser

import markdown

URL_MAX = 2000
"""Longest address accepted, in characters (browsers and servers cut longer ones)."""

SCHEMES = ("https", "http", "mailto", "tel")
"""Schemes a data URL may use, in the order messages list them."""

WEB_SCHEMES = ("https", "http")

MARKDOWN_EXTENSIONS = ("sane_lists", "tables")
"""Python-Markdown extensions for plan prose (the renderer and the link check share them)."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_TEL = re.compile(r"\+?[0-9][0-9().-]*")
_NETLOC = re.compile(r"(?P<host>\[[^\]]*\]|[^:]*)(?::(?P<port>.*))?")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_IPV4 = re.compile(r"[0-9]+(?:\.[0-9]+){3}")
_SHOWN_MAX = 80


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _shown(value: str) -> str:
    """``value`` for a message: printable, and cut when long."""
    printable = "".join(c if unicodedata.category(c)[0] not in "CZ" else "·" for c in value)
    return printable if len(printable) <= _SHOWN_MAX else printable[:_SHOWN_MAX] + "…"


def _punycode(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def host_problem(host: str) -> str | None:
    """What is wrong with ``host`` (a domain name or IP address), or None."""
    if not host.isascii():
        bad = next(c for c in host if not c.isascii())
        puny = _punycode(host)
        return (f"tên miền “{_shown(host)}” có ký tự không phải chữ Latin không dấu "
                f"(U+{ord(bad):04X}); tên miền có dấu hoặc viết bằng chữ khác phải ghi ở dạng "
                "punycode bắt đầu bằng xn--" + (f" (ở đây: {puny})" if puny else ""))
    lower = host.lower()
    if lower.startswith("[") and lower.endswith("]"):
        try:
            ipaddress.IPv6Address(lower[1:-1])
        except ValueError:
            return f"địa chỉ IP “{_shown(host)}” không hợp lệ"
        return None
    if _IPV4.fullmatch(lower):
        try:
            ipaddress.IPv4Address(lower)
        except ValueError:
            return f"địa chỉ IP “{host}” không hợp lệ"
        return None
    labels = lower.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return (f"tên miền “{_shown(host)}” không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, "
                "dấu gạch ngang, và có ít nhất một dấu chấm (ví dụ stp.binhduong.gov.vn)")
    return None


def _web_problem(value: str, scheme: str, rest: str) -> str | None:
    if not rest.startswith("//"):
        return f"đường dẫn “{_shown(value)}” thiếu tên miền sau {scheme}://"
    netloc = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    if "@" in netloc:
        return (f"đường dẫn “{_shown(value)}” có phần “…@” trước tên miền (tên người dùng, "
                "mật khẩu), thường dùng để giả một trang khác")
    parts = _NETLOC.fullmatch(netloc)
    host, port = (parts.group("host"), parts.group("port")) if parts else (netloc, None)
    if not host:
        return f"đường dẫn “{_shown(value)}” thiếu tên miền sau {scheme}://"
    problem = host_problem(host)
    if problem is not None:
        return problem
    if port is not None and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        return f"cổng “{_shown(port)}” của đường dẫn phải là một số từ 1 đến 65535"
    return None


def _mail_problem(value: str, rest: str) -> str | None:
    addresses = rest.split("?", 1)[0]
    for address in addresses.split(","):
        local, at, domain = address.rpartition("@")
        if not at or not local:
            return f"địa chỉ thư “{_shown(value)}” phải có dạng mailto:tên@tên-miền"
        problem = host_problem(domain)
        if problem is not None:
            return problem
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
    if "\\" in value:
        return f"đường dẫn “{_shown(value)}” chứa dấu gạch chéo ngược “\\”"
    match = _SCHEME.match(value)
    scheme = match.group(1).lower() if match else ""
    if scheme not in SCHEMES:
        if not scheme:
            return f"đường dẫn “{_shown(value)}” không bắt đầu bằng https://"
        return f"đường dẫn “{_shown(value)}” dùng kiểu “{scheme}:”, không được phép"
    rest = value[len(scheme) + 1:]
    if scheme in WEB_SCHEMES:
        return _web_problem(value, scheme, rest)
    if scheme == "mailto":
        return _mail_problem(value, rest)
    if not _TEL.fullmatch(rest):
        return f"số điện thoại “{_shown(value)}” chỉ được gồm chữ số, dấu +, -, ., ( )"
    return None


URL_HINT = ("dùng địa chỉ đầy đủ bắt đầu bằng https:// (ví dụ https://stp.binhduong.gov.vn), "
            "mailto: cho thư điện tử hoặc tel: cho số điện thoại, không có dấu cách, dấu “\\” "
            "hay phần “tên@” trước tên miền; tên miền có dấu phải ghi dạng punycode (xn--…); "
            "nếu chưa có đường dẫn chính thức thì ghi null")
"""How to fix a rejected URL (Vietnamese, for the "Cách sửa" part of a diagnostic)."""


def safe_url(value: object, schemes: tuple[str, ...] = SCHEMES) -> str | None:
    """``value`` if it may be printed as a link with one of ``schemes``, else None."""
    if not isinstance(value, str) or url_problem(value) is not None:
        return None
    match = _SCHEME.match(value)
    return value if match and match.group(1).lower() in schemes else None


# --------------------------------------------------------------------------- Markdown prose


def markdown_source(source: str) -> str:
    """Prose as Python-Markdown reads it: every ``<`` escaped (no raw HTML, no autolinks)."""
    return source.replace("<", "&lt;")


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v or "" for k, v in attrs if k == "href")


_local = threading.local()


def markdown_links(source: str) -> list[str]:
    """Every link target the renderer would make of Markdown ``source``.

    Inline links and reference definitions; autolinks cannot occur since ``<`` is
    escaped, and bare addresses are not turned into links.
    """
    if "[" not in source:
        return []
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS),
                                           output_format="html")
    md.reset()
    parser = _Hrefs()
    parser.feed(md.convert(markdown_source(source)))
    parser.close()
    return parser.hrefs
