"""How long a generated list may grow on one page (a national site has 10,000 plans and as many
agencies: one list of them all is megabytes, which no phone shows).

Lists longer than their limit are summarised by place, each place linking to a page of its
own, or cut into parts; every rule keeps a page under about 1 MB.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

LIST_ITEMS = 1000
"""Plans or agencies one index or place page lists by name (a line is about 300 bytes); above
it, the page lists the upper levels and counts the rest by place."""
CITING_SHARE = 4
"""A document page lists at most ``LIST_ITEMS // CITING_SHARE`` citing plans (each with the
tasks that cite it: about 1 kB); above it, the plans are listed by place on pages of their
own."""


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut in consecutive pieces of at most ``size`` (at least one piece)."""
    size = max(1, size)
    return [items[i:i + size] for i in range(0, len(items), size)] or [items]

