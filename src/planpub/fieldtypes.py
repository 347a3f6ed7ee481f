"""Field types of the plan and registry models: length limits and character rules.

The limits are documented in :mod:`planpub.model`, which uses these types.

A name or a title must show something: at least one character that is not a
control, format, private-use, unassigned, space or combining character, and not
one of the letters fonts draw blank (Hangul fillers, the Braille blank, Khmer
inherent vowels, invisible math operators). Bidirectional overrides and isolates
(U+202A..U+202E, U+2066..U+2069) can make text read backwards and are refused in
every short text field.

An agency's ``phone`` holds numbers as printed (digits, spaces, ``.``, ``-``, ``( )``, a
leading ``+84``; ``;`` between two) and ``email`` one plain address; a plan's ``source`` that
starts like a link must be a web address that passes :func:`planpub.weburl.url_problem`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from planpub.vocab import date_parts
from planpub.weburl import URL_HINT, host_problem, markdown_links, url_problem

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embeddings, overrides and isolates: they can reorder how text reads on screen."""

BLANK_LETTERS = frozenset("\u3164\u115f\u1160\uffa0\u2800\u17b4\u17b5\u2061\u2062\u2063\u2064")
"""Characters whose category says "visible" but which fonts draw as nothing."""

INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})
"""Unicode categories that show nothing on their own. Private-use (Co) and code points this
Python does not know yet (Cn: a newer Unicode may have assigned them) are drawn, at worst
as a box, so they count as visible."""

_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


class DataModel(BaseModel):
    """Base of every model read from a file: unknown fields refused, values frozen, text
    stripped. A subclass's ``model_config`` (a schema title) is merged into this one."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


REFERENCE_KEY = "x-refers-to"
"""The JSON Schema key that names what an id field refers to: ``agencies``, ``localities``,
``legal`` (registry files) or ``plans``; the CMS's pickers (:mod:`planpub.cms.config`) use it."""


def refers_to(target: str) -> dict[str, Any]:
    """A field's ``json_schema_extra``: its ids name entries of ``target``."""
    return {REFERENCE_KEY: target}


def number(value: int) -> str:
    """``1800000`` as Vietnamese write it: ``1.800.000``."""
    return f"{value:,}".replace(",", ".")


def too_long(length: int, limit: int, *, plan: bool = True) -> str:
    """The message (with its " Gợi ý: " hint) for a text of ``length`` over ``limit``;
    ``plan``: the text is in a plan, whose tasks have a ``body`` to move details to."""
    text = f"dài {number(length)} ký tự, vượt giới hạn {number(limit)} ký tự. Gợi ý: "
    if not plan:
        return text + ("rút gọn phần chữ này, chỉ ghi điều người đọc cần, như cơ quan công bố; "
                       "nếu đã dán nhầm cả đoạn văn bản vào đây, hãy xóa phần thừa.")
    return text + ("rút gọn phần chữ này; nếu đã dán nhầm cả đoạn văn bản vào đây, hãy chuyển "
                   "phần nội dung chi tiết sang trường body của nhiệm vụ hoặc tách thành nhiều "
                   "mục.")


def shows_something(value: str) -> bool:
    """Whether ``value`` has at least one character a reader can see."""
    return any(unicodedata.category(c) not in INVISIBLE_CATEGORIES and c not in BLANK_LETTERS
               for c in value)


def no_bidi(value: str) -> str:
    """A validator: ``value`` holds no bidirectional override or isolate."""
    found = _BIDI.search(value)
    if found:
        raise ValueError(
            f"chứa ký tự ẩn điều khiển hướng chữ U+{ord(found.group()):04X}, có thể làm chữ "
            "hiện ra bị đảo ngược để đánh lừa người đọc. Gợi ý: xóa phần chữ này rồi gõ lại "
            "bằng bàn phím, không dán từ trang web hay tệp khác.")
    return value


def visible(what: str) -> Callable[[str], str]:
    """A validator: ``value`` shows at least one visible character and no bidi control."""
    def check(value: str) -> str:
        if not shows_something(value):
            raise ValueError(
                f"{what} chỉ gồm ký tự vô hình (dấu cách, ký tự điều khiển, ký tự độ rộng bằng 0, "
                "dấu đứng riêng hoặc ký tự hiện ra trống). Gợi ý: xóa rồi gõ lại "
                f"{what} bằng chữ nhìn thấy được.")
        return no_bidi(value)
    return check


ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are ASCII slugs: they become URLs and file names, so they cannot escape a folder."""



DAYS_HINT = ("kiểm tra ngày có trong tháng đó (tháng 4, 6, 9, 11 có 30 ngày; tháng 2 có 28 "
             "hoặc 29 ngày), viết dạng YYYY-MM-DD hoặc DD/MM/YYYY.")
"""How to fix a date that does not exist."""


def _vn_date(value: Any) -> Any:
    """Accept ``15/11/2025`` (how officers write dates) besides ISO ``2025-11-15``."""
    if isinstance(value, str):
        parts = date_parts(value, iso=False)
        if parts:
            try:
                return dt.date(*parts)
            except ValueError:
                missing = f"ngày {value.strip()} không tồn tại"
                raise ValueError(f"{missing}. Gợi ý: {DAYS_HINT}") from None
    return value


ID_MAX, NAME_MAX, TITLE_MAX, PARAGRAPH_MAX, PROSE_MAX = 120, 200, 1000, 5000, 20_000
"""Maximum lengths of text fields, in characters (see the module docstring)."""
CONTACT_MAX = 300
"""Maximum length of an agency's address and of its opening hours, in characters."""
NAMES_MAX, ROLE_MAX, MEMBERS_MAX, AMENDED_MAX, ITEMS_MAX, LINES_MAX = 20, 60, 500, 50, 200, 20
"""Maximum lengths of lists, in items (see the module docstring)."""
TASKS_MAX, DEPTH_MAX, MENTIONS_MAX = 1000, 6, 2000
"""Tasks of a plan at every level, levels of sub-tasks, agencies named by one plan."""


def _distinct(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"mã “{item}” có hai lần trong danh sách. Gợi ý: xóa dòng lặp lại.")
        seen.add(item)
    return ids


def _prose_links(value: str) -> str:
    bad = [(url, problem) for url in markdown_links(value)
           if (problem := url_problem(url)) is not None]
    if bad:
        more = f" (và {len(bad) - 1} liên kết khác)" if len(bad) > 1 else ""
        raise ValueError(
            f"liên kết “{bad[0][0][:80]}” trong phần chữ không được phép: {bad[0][1]}{more}. "
            "Gợi ý: viết liên kết đầy đủ, ví dụ [Sở Tư pháp](https://stp.binhduong.gov.vn), "
            "không dùng “//…”, “/…”, dấu “\\” hay “tên@” trước tên miền; hoặc bỏ liên kết, "
            "chỉ giữ chữ.")
    return value


def _year(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("năm phải là một số nguyên, không phải true/false. Gợi ý: ghi năm của "
                         "kế hoạch bằng chữ số, ví dụ year: 2025.")
    return value


def _web_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        raise ValueError(f"{problem}. Gợi ý: {URL_HINT}.")
    return value


_URL_LIKE = re.compile(r"[a-z][a-z0-9+.-]*://|(?:https?|javascript|vbscript|data|file|ftp|"
                       r"mailto|tel|blob|about):|www\.", re.I)
SOURCE_HINT = ("ghi đường dẫn đầy đủ tới văn bản gốc, bắt đầu bằng https:// (ví dụ "
               "https://stp.binhduong.gov.vn/...), không có dấu cách; hoặc ghi trích dẫn bằng chữ: "
               "nơi đăng, số, ngày của văn bản (ví dụ “Bản giấy lưu tại Văn phòng UBND tỉnh”), "
               "không mở đầu bằng “…:” hay “www.”")
"""How to fix a plan ``source`` that starts like a link but is not one."""


_BARE_ADDRESS = re.compile(r"//\S*|(?:[a-z0-9-]+\.)+[a-z]{2,}(?::[0-9]+)?/\S*", re.I)
"""A web address written without its scheme: ``//host/…`` or ``tên-miền.vn/…`` (no spaces)."""


def _source(value: str) -> str:
    """A plan's ``source``: a citation text, or a link that passes :func:`url_problem`."""
    if _BARE_ADDRESS.fullmatch(value):
        full = "https:" + value if value.startswith("//") else "https://" + value
        raise ValueError(
            f"“{value[:80]}” là một đường dẫn viết thiếu phần đầu “https://”, nên trang không "
            f"biết nó dẫn tới đâu. Gợi ý: viết đầy đủ địa chỉ của văn bản gốc, ví dụ "
            f"“{full[:100]}”, sau khi mở thử trong trình duyệt; hoặc ghi trích dẫn bằng chữ.")
    if not _URL_LIKE.match(value):
        return value
    problem = url_problem(value)
    if problem is None and not value.lower().startswith(("https:", "http:")):
        problem = f"nguồn văn bản phải là một trang web (https://…), không phải “{value[:80]}”"
    if problem is not None:
        raise ValueError("giá trị này bắt đầu như một đường dẫn nhưng không phải đường dẫn dùng "
                         f"được: {problem}. Gợi ý: {SOURCE_HINT}.")
    return value


# --------------------------------------------------------------------------- agency contacts

_PHONE_CHARS = re.compile(r"(?:\+84)?[0-9 .()-]+")
PHONE_DIGITS = (8, 15)
"""Fewest and most digits of one telephone number (``1900 1234`` … an E.164 number)."""
PHONE_HINT = ("ghi số như cơ quan công bố, chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang, "
              "dấu ngoặc đơn và +84 ở đầu nếu có, ví dụ 0274 3822 123, (0274) 3.822.123 hoặc "
              "+84 274 3822 123; nhiều số thì cách nhau bằng dấu “;”; không ghi chữ (đường dây "
              "nóng, máy lẻ …) hay thẻ HTML vào trường này")
"""How to fix a rejected ``phone``."""


def phone_numbers(value: str) -> list[str]:
    """The numbers of a ``phone`` field as written, without the separators."""
    return [part.strip() for part in re.split(r"[;,]", value)]


def tel_target(number: str) -> str:
    """``tel:`` link target of one number: its digits, with ``+`` when written as ``+84``."""
    digits = "".join(c for c in number if c.isascii() and c.isdigit())
    return "tel:" + ("+" if number.lstrip().startswith("+") else "") + digits


def check_phone(value: str) -> str:
    """``value`` if it is one or more phone numbers (``;``-separated); else a Vietnamese
    ``ValueError`` with how to fix it."""
    for number_ in phone_numbers(value):
        shown = f"số điện thoại “{number_[:80]}”"
        if not number_:
            problem = "có một số trống giữa hai dấu “;” hoặc ở đầu, cuối"
        elif not _PHONE_CHARS.fullmatch(number_):
            rest = number_[3:] if number_.startswith("+84") else number_
            bad = next(c for c in rest if not (c.isascii() and (c.isdigit() or c in " .()-")))
            problem = (f"{shown} có dấu “+” không ở đầu hoặc không phải +84"
                       if bad == "+" else f"{shown} có ký tự “{bad}” không phải chữ số")
        elif not PHONE_DIGITS[0] <= sum(c.isdigit() for c in number_) <= PHONE_DIGITS[1]:
            problem = (f"{shown} có {sum(c.isdigit() for c in number_)} chữ số, một số điện "
                       f"thoại có từ {PHONE_DIGITS[0]} đến {PHONE_DIGITS[1]} chữ số")
        else:
            continue
        raise ValueError(f"{problem}. Gợi ý: {PHONE_HINT}.")
    return value


_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*")
EMAIL_HINT = ("ghi đúng một địa chỉ dạng ten@co-quan.gov.vn: trước @ chỉ có chữ Latin không dấu, "
              "chữ số, dấu chấm, gạch dưới, gạch ngang; không kèm “mailto:”, tên người, dấu "
              "ngoặc < >, dấu cách hay địa chỉ thứ hai")
"""How to fix a rejected ``email``."""


def check_email(value: str) -> str:
    """``value`` if it is one plain e-mail address; else a Vietnamese ``ValueError``."""
    local, at, domain = value.rpartition("@")
    shown = f"địa chỉ thư điện tử “{value[:80]}”"
    if value.lower().startswith("mailto:"):
        problem = f"{shown} không cần phần “mailto:” ở đầu (trang tự tạo liên kết)"
    elif any(c in value for c in ";, <>"):
        problem = (f"{shown} có dấu cách, dấu “;”, “,” hoặc “< >”: chỉ ghi một địa chỉ, "
                   "không kèm tên")
    elif not at or not _EMAIL_LOCAL.fullmatch(local):
        problem = f"{shown} không có dạng tên@tên-miền"
    else:
        domain_problem = host_problem(domain)
        problem = f"phần sau @ của {shown}: {domain_problem}" if domain_problem else ""
    if problem:
        raise ValueError(f"{problem}. Gợi ý: {EMAIL_HINT}.")
    return value


Date = Annotated[dt.date, BeforeValidator(_vn_date)]
RESERVED_IDS = frozenset({"index"})
"""Ids a page of the site already uses: ``ke-hoach/index``, ``co-quan/index`` … list them."""


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(f"mã “{value}” trùng tên trang danh sách của trang web. Gợi ý: đặt mã "
                         "khác, ví dụ thêm tên địa phương hay năm.")
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=ID_MAX),
               AfterValidator(_not_reserved)]
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), AfterValidator(visible("tên"))]
Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX),
                  AfterValidator(visible("tiêu đề"))]
Label = Annotated[str, Field(max_length=NAME_MAX), AfterValidator(no_bidi)]
Heading = Annotated[str, Field(max_length=TITLE_MAX), AfterValidator(no_bidi)]
Paragraph = Annotated[str, Field(max_length=PARAGRAPH_MAX)]
ProseLine = Annotated[str, Field(max_length=PARAGRAPH_MAX), AfterValidator(_prose_links)]
Text = Annotated[str, Field(min_length=1, max_length=PARAGRAPH_MAX)]
Prose = Annotated[str, Field(max_length=PROSE_MAX), AfterValidator(_prose_links)]
ProseText = Annotated[str, Field(min_length=1, max_length=PROSE_MAX), AfterValidator(_prose_links)]
Names = Annotated[list[Name], Field(max_length=NAMES_MAX)]
IdList = Annotated[list[Id], Field(json_schema_extra={"uniqueItems": True}),
                   AfterValidator(_distinct)]
"""Ids, each at most once (the field sets its own maximum length)."""
Ids = Annotated[IdList, Field(max_length=ROLE_MAX)]
"""Agencies of one role or one item: each at most once."""
Year = Annotated[int, BeforeValidator(_year)]
"""A year: a whole number, not ``true``/``false`` (which pydantic would read as 1 and 0)."""
Url = Annotated[str, AfterValidator(_web_url)]
"""A link from data: https, http, mailto or tel only (:func:`planpub.weburl.url_problem`)."""
AGENCY_URL_HINT = ("ghi địa chỉ trang web chính thức của cơ quan, đầy đủ, bắt đầu bằng https:// "
                   "(ví dụ https://stp.binhduong.gov.vn), không có dấu cách, dấu “\\” hay phần "
                   "“tên@” trước tên miền; tên miền có dấu ghi dạng punycode (xn--…). Thư điện "
                   "tử ghi ở trường email, số điện thoại ở trường phone; nếu cơ quan chưa có "
                   "trang web thì xóa dòng url")
"""How to fix an agency's ``url``: e-mail and phone have their own fields."""


def _agency_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        raise ValueError(f"{problem}. Gợi ý: {AGENCY_URL_HINT}.")
    return value


AgencyUrl = Annotated[str, AfterValidator(_agency_url)]
"""An agency's web page: a :data:`Url` whose fix names the ``email`` and ``phone`` fields."""
Source = Annotated[str, Field(max_length=PARAGRAPH_MAX), AfterValidator(_source)]
"""A plan's source: a citation text, or (when it starts like a link) a web address."""
Address = Annotated[str, Field(min_length=1, max_length=CONTACT_MAX),
                    AfterValidator(visible("địa chỉ"))]
Hours = Annotated[str, Field(min_length=1, max_length=CONTACT_MAX),
                  AfterValidator(visible("giờ làm việc"))]
Phone = Annotated[str, Field(min_length=1, max_length=NAME_MAX), AfterValidator(check_phone)]
"""Telephone numbers as printed, ``;`` between two (:data:`PHONE_HINT`)."""
Email = Annotated[str, Field(min_length=1, max_length=NAME_MAX), AfterValidator(check_email)]
"""One plain mail address (:data:`EMAIL_HINT`)."""
