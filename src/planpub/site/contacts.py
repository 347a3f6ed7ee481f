"""An agency's contacts as its page shows them, and where to look when the registry has none.

The registry's contact fields (``address``, ``phone``, ``email``, ``hours``, ``url``) are shown
as written and never filled in; links go through :func:`planpub.weburl.safe_url`. An agency
without contacts (or that ceased) points to the nearest related agency that has some and is
still in force (no ``valid_until``, or one on or after ``today`` when given): successors first,
then the parent, then theirs, breadth first. Only when none is in force does it point to a
ceased one, and the relation says that agency ceased too.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from planpub.catalog import Catalog, successor_ids
from planpub.fieldtypes import phone_numbers, tel_target
from planpub.registrymodel import Agency
from planpub.weburl import safe_url


@dataclass(frozen=True)
class Contact:
    """The "Liên hệ" block of an agency page: links made of the registry's contact fields
    (None where :func:`planpub.weburl.safe_url` declines one: the text is shown unlinked), and
    the nearest related agency that has contacts, for a reader this one cannot help."""

    phones: tuple[tuple[str, str | None], ...]
    """(number as written, ``tel:`` link) of each number."""
    email: str | None
    official: str | None
    elsewhere: Agency | None
    relation: str
    """How ``elsewhere`` is related: "cơ quan kế nhiệm", "cơ quan cấp trên" …"""


CEASED_TOO = "cũng đã chấm dứt hoạt động"
"""Added to the relation when the agency pointed to ceased as well."""


def in_force(agency: Agency, today: dt.date | None = None) -> bool:
    """No ``valid_until``, or (given ``today``) one not yet past."""
    return agency.valid_until is None or (today is not None and agency.valid_until >= today)


def contact_of(catalog: Catalog, agency: Agency, today: dt.date | None = None) -> Contact:
    """``agency``'s contact links; for one without contacts or that ceased, the nearest
    agency with some: successors first, then the parent, then theirs (breadth first)."""
    numbers = phone_numbers(agency.phone) if agency.phone else []
    phones = tuple((number, safe_url(tel_target(number))) for number in numbers)
    email = safe_url(f"mailto:{agency.email}") if agency.email else None
    official = safe_url(agency.url) if agency.url else None
    elsewhere, relation = None, ""
    if not agency.has_contact() or agency.valid_until:
        elsewhere, relation = _nearest_contact(catalog, agency, today)
    return Contact(phones, email, official, elsewhere, relation)


def _nearest_contact(catalog: Catalog, agency: Agency,
                     today: dt.date | None) -> tuple[Agency | None, str]:
    """The nearest other agency in force with contacts and how it is related ("cơ quan cấp
    trên của cơ quan kế nhiệm"; a step repeated, a parent's parent, is named once); else the
    nearest ceased one with contacts ("…, cũng đã chấm dứt hoạt động"); else (None, "")."""
    ceased: tuple[Agency, str] | None = None
    agencies = catalog.agencies
    queue: deque[tuple[Agency, tuple[str, ...]]] = deque([(agency, ())])
    seen = {agency.id}
    while queue:
        current, route = queue.popleft()
        steps = [(s, "cơ quan kế nhiệm") for s in successor_ids(current)]
        steps += [(current.parent, "cơ quan cấp trên")] if current.parent else []
        for ident, word in steps:
            found = agencies.get(ident)
            if found is None or ident in seen:
                continue
            seen.add(ident)
            way = route if route[:1] == (word,) else (word, *route)
            if found.has_contact():
                if in_force(found, today):
                    return found, " của ".join(way)
                ceased = ceased or (found, f"{' của '.join(way)}, {CEASED_TOO}")
            queue.append((found, way))
    return ceased or (None, "")
