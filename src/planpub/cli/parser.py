"""An ``argparse`` parser whose help, usage and usage errors are Vietnamese.

argparse looks its English texts up through the module globals ``_`` and ``ngettext``
(``gettext``) each time it uses one. :class:`Parser` swaps them for a Vietnamese table
while it builds itself, formats help or parses, and puts them back afterwards, so
other users of argparse in the same process are not affected (the swap is not
thread-safe; the command parses in one thread). Sub-parsers are built with the
parent's class, so one class covers every ``planpub`` command.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

MESSAGES = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "subcommands": "lệnh",
    "%(heading)s:": "%(heading)s:",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "“%(value)s” không phải lựa chọn hợp lệ; chọn một trong: %(choices)s",
    "invalid choice: %(value)r, maybe you meant %(closest)r?":
        "“%(value)s” không phải lựa chọn hợp lệ; có phải là “%(closest)s”?",
    "invalid %(type)s value: %(value)r": "giá trị “%(value)s” không hợp lệ",
    "expected one argument": "cần một giá trị sau tùy chọn này",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s chưa rõ, có thể là: %(matches)s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị (“%s”)",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "can't open '%(filename)s': %(error)s": "không mở được “%(filename)s”: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh “%(parser_name)s”; chọn một trong: %(choices)s",
    "command '%(parser_name)s' is deprecated": "lệnh “%(parser_name)s” đã cũ",
    "option '%(option)s' is deprecated": "tùy chọn “%(option)s” đã cũ",
    "argument '%(argument_name)s' is deprecated": "tham số “%(argument_name)s” đã cũ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
}
"""argparse's message ids → Vietnamese (placeholders kept; ``%r`` shown as “%s”)."""

PLURALS = {
    "expected %s argument": "cần %s giá trị",
    "conflicting option string: %s": "tùy chọn bị trùng: %s",
}
"""argparse's ``ngettext`` ids (the singular form) → Vietnamese, which has no plural."""


def gettext(message: str) -> str:
    """The Vietnamese for one of argparse's messages (unknown ones are left as they are)."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``gettext`` for messages with a plural form."""
    if singular in PLURALS:
        return PLURALS[singular]
    return singular if count == 1 else plural


@contextlib.contextmanager
def vietnamese() -> Iterator[None]:
    """argparse speaks Vietnamese inside this block."""
    module = vars(argparse)
    saved = module.get("_"), module.get("ngettext")
    module["_"], module["ngettext"] = gettext, ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved


class Parser(argparse.ArgumentParser):
    """``ArgumentParser`` in Vietnamese; a usage error exits with code 2 and a hint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with vietnamese():
            super().__init__(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with vietnamese():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with vietnamese():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with vietnamese():
            return super().format_usage()

    def format_help(self) -> str:
        with vietnamese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """Print the usage and the problem (stderr), then exit 2 as argparse does."""
        self.print_usage(sys.stderr)
        end = "" if message.endswith((".", "?", "!")) else "."
        self.exit(2, f"Lỗi: {message}{end}\nCách sửa: xem “{self.prog} --help”.\n")
