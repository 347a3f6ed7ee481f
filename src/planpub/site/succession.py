"""What became of agencies and localities that ceased or were renamed (the 2025 reorganisation).

Read from the registry alone: building a page never loads the administrative-units dataset
(:mod:`planpub.adminunits` serves ``planpub validate`` and the importer). The template
partial ``_succession.html`` shows the same facts on plan, agency and locality pages.

A *rename* is a successor that lists the old name among its ``former_names``: the site then
shows the current name with the former one (``Cục Đăng ký … (tên cũ: Cục Bồi thường nhà
nước)``) wherever the old id is named.
"""

from __future__ import annotations

from planpub.catalog import Catalog
from planpub.catalog import successor_ids as successor_ids
from planpub.registrymodel import Agency, Locality


def renamed_to(catalog: Catalog, agency_id: str) -> Agency | None:
    """The agency this one became by a change of name (None if it was not renamed)."""
    agency = catalog.agencies.get(agency_id)
    after = catalog.agencies.get(agency.successor or "") if agency else None
    if agency is None or after is None or agency.name not in after.former_names:
        return None
    return after


def display_name(catalog: Catalog, agency_id: str) -> str:
    """The name a reader should see: a renamed unit under its current name, the former one
    beside it; any other agency under its own name."""
    agency = catalog.agencies.get(agency_id)
    if agency is None:
        return agency_id
    after = renamed_to(catalog, agency_id)
    return f"{after.name} (tên cũ: {agency.name})" if after else agency.name


def former_names(catalog: Catalog, agency_id: str) -> list[str]:
    """An agency's former names: its own ``former_names`` and those of units renamed into it."""
    agency = catalog.agencies.get(agency_id)
    if agency is None:
        return []
    names = list(agency.former_names)
    names += [other.name for other in catalog.agencies.values()
              if other.successor == agency_id and other.name in agency.former_names]
    return list(dict.fromkeys(names))


def predecessors(catalog: Catalog) -> dict[str, list[Locality]]:
    """Locality id → the localities whose area went (wholly or in part) to it."""
    out: dict[str, list[Locality]] = {}
    for loc in catalog.registry.localities.values():
        for after in successor_ids(loc):
            out.setdefault(after, []).append(loc)
    return out
