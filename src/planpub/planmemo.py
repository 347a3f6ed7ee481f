"""Values a view derives from one plan alone, kept while the plan's model is the same object.

A preview keeps the models of unchanged plan files between reloads
(:class:`planpub.project.ProjectCache`), so after one saved plan only that plan's values
are made again (:meth:`planpub.catalog.Catalog.follow`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from planpub.model import Plan

T = TypeVar("T")


class PlanMemo:
    """``make()`` once per (key, plan model); a memo made ``after`` another reuses its values
    for the same models (it keeps the other's values, not the other memo)."""

    def __init__(self, after: PlanMemo | None = None) -> None:
        self._values: dict[str, dict[str, tuple[Plan, Any]]] = {}
        self._before = after._values if after is not None else {}

    def get(self, key: str, plan: Plan, make: Callable[[], T]) -> T:
        values = self._values.setdefault(key, {})
        hit = values.get(plan.id)
        if hit is None or hit[0] is not plan:
            old = self._before.get(key, {}).get(plan.id)
            hit = values[plan.id] = old if old is not None and old[0] is plan else (plan, make())
        value: T = hit[1]
        return value
