"""Vietnamese-aware text folding and ASCII slugs (đ → d)."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form Vietnamese text is compared in."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, folding đ/Đ to d.

    >>> fold("Đồng Nai")
    'dong nai'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).casefold()


def slugify(text: str, sep: str = "-") -> str:
    """Return an ASCII slug: ``"Mục đích"`` → ``"muc-dich"``."""
    return _NON_ALNUM.sub(sep, fold(text)).strip(sep)


def toc_slugify(value: str, separator: str) -> str:
    """Heading-anchor slugifier for Python-Markdown's ``toc`` extension."""
    return slugify(value, separator)
