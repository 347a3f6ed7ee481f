"""The registries as ``planpub validate`` keeps them: each entry as JSON text, validated on
use.

A national registry holds ten thousand agencies; reading its YAML costs more than checking
one changed plan. When a file changes but the registries did not, the plan's checks ask
for the few entries it names: :class:`KeptEntries` validates those (the same model, from
the entry's own JSON form, which gives back the same model) and knows every id without
validating the rest. The group → members closure the progress checks use is kept
worked out (:data:`MEMBERS`).
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from typing import Any, Generic, TypeVar

from planpub.catalog import build_catalog
from planpub.load import Registry
from planpub.model import LegalDoc
from planpub.registrymodel import Agency, Locality

E = TypeVar("E", Agency, Locality, LegalDoc)
MEMBERS = "_members"
"""The catalog's cached group → members closure (:attr:`planpub.catalog.Catalog._members`)."""


class KeptEntries(dict[str, E], Generic[E]):
    """Registry entries by id, each validated from its kept JSON form when first asked for."""

    def __init__(self, model: type[E], kept: dict[str, str]) -> None:
        super().__init__()
        self._model: type[E] = model
        self._kept = kept

    def __missing__(self, key: str) -> E:
        entry = self._model.model_validate_json(self._kept[key])
        dict.__setitem__(self, key, entry)
        return entry

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._kept else default

    def __contains__(self, key: object) -> bool:
        return key in self._kept

    def __iter__(self) -> Iterator[str]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        return self._kept.keys()

    def values(self) -> ValuesView[E]:  # type: ignore[override]
        return {key: self[key] for key in self._kept}.values()

    def items(self) -> ItemsView[str, E]:  # type: ignore[override]
        return {key: self[key] for key in self._kept}.items()


def registry_data(registry: Registry) -> dict[str, Any]:
    """The entries of ``registry`` as JSON data, and what is worked out from them."""
    members = build_catalog(registry, [])._members
    return {name: {key: entry.model_dump_json(by_alias=True, exclude_defaults=True)
                   for key, entry in getattr(registry, name).items()}
            for name in ("agencies", "localities", "documents")} | {
        "unread": sorted(registry.unread), "members": {k: list(v) for k, v in members.items()}}


def registry_of(data: dict[str, Any]) -> tuple[Registry, dict[str, tuple[str, ...]]]:
    """The registry :func:`registry_data` kept (without its files' parsed text), and its
    group → members closure."""
    registry = Registry(KeptEntries(Agency, data["agencies"]),
                        KeptEntries(Locality, data["localities"]),
                        KeptEntries(LegalDoc, data["documents"]), unread=set(data["unread"]))
    return registry, {k: tuple(v) for k, v in data["members"].items()}
