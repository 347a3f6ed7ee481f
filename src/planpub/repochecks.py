"""Checks over the whole set of plans, from a few facts kept of each.

:func:`planpub.checks.check_plan` checks each plan against the registries; what is left
needs every plan: ids used twice, plans that implement each other in a loop, references
that only a plan's id answers (:class:`~planpub.checks.Pending`) and citations of another
plan's number. These need only :class:`PlanFacts`, small enough that ``planpub validate``
keeps them per file (:mod:`planpub.checkrun`) and does not read an unchanged plan again.
:func:`check_catalog` runs the whole lot over a loaded catalog. It reads no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from planpub.catalog import Catalog
from planpub.checks import PlanFindings, check_plan, check_refs, registry_refs
from planpub.citations import number_key
from planpub.diagnostics import Diagnostic
from planpub.layout import registry_file
from planpub.load import LoadedPlan, Registry
from planpub.model import plan_order
from planpub.modelerrors import field_path
from planpub.registrychecks import check_registry, find_cycles

_DOCUMENTS = registry_file("documents")


@dataclass
class PlanFacts:
    """What the checks over the set need of one plan."""

    path: str
    id: str
    line: int | None
    """The line of ``id``."""
    year: int
    number: str | None
    bases: list[tuple[int, str, int | None]] = field(default_factory=list)
    """Each basis with a ref: its index, the ref and the ref's line."""


def plan_facts(loaded: LoadedPlan) -> PlanFacts:
    """:class:`PlanFacts` of a loaded plan."""
    plan, doc = loaded.plan, loaded.doc
    bases = [(i, b.ref, doc.line_of(("bases", i, "ref"))) for i, b in enumerate(plan.bases)
             if b.ref]
    return PlanFacts(doc.path, plan.id, doc.line_of(("id",)), plan.year, plan.number, bases)


@dataclass
class RegistryFacts:
    """What the checks over the set need of the registries, and what they found alone."""

    documents: list[str] = field(default_factory=list)
    plans: dict[str, str] = field(default_factory=dict)
    """Document id → the plan it is (its ``plan`` field)."""
    findings: PlanFindings = field(default_factory=PlanFindings)


def registry_facts(registry: Registry) -> RegistryFacts:
    """The registries' own problems, and their references to plans, pending."""
    sure, pending = check_refs(registry_refs(registry), registry)
    sure += check_registry(registry)
    return RegistryFacts(list(registry.documents),
                         {d.id: d.plan for d in registry.documents.values() if d.plan},
                         PlanFindings(sure, pending))


@dataclass
class PlanSet:
    """The set of plans as the checks see it: each id once (the catalog's choice)."""

    loaded: Sequence[PlanFacts]
    by_id: dict[str, PlanFacts] = field(init=False)
    numbers: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        ordered = sorted(self.loaded, key=plan_order)
        self.by_id = {f.id: f for f in ordered}
        self.numbers = frozenset(number_key(f.number) for f in self.by_id.values() if f.number)


def check_plan_set(plans: PlanSet, registry: RegistryFacts) -> list[Diagnostic]:
    """Plan ids used twice, loops of plans, and the registries' references to plans."""
    return (_duplicates(plans.loaded) + _cycles(plans, registry.plans)
            + registry.findings.given(plans.by_id, registry.documents, plans.numbers))


def _duplicates(plans: Iterable[PlanFacts]) -> list[Diagnostic]:
    out = []
    first: dict[str, str] = {}
    for facts in plans:
        if facts.id in first:
            out.append(Diagnostic(facts.path, facts.line, "error", "id",
                                  f"mã kế hoạch “{facts.id}” trùng với {first[facts.id]}.",
                                  "mỗi kế hoạch cần một mã riêng; đổi mã và tên tệp."))
        else:
            first[facts.id] = facts.path
    return out


def _cycles(plans: PlanSet, doc_plans: dict[str, str]) -> list[Diagnostic]:
    """Plans that implement themselves, directly or through other plans (one error a loop)."""
    by_id = plans.by_id
    edges: dict[str, dict[str, tuple[int, str, int | None]]] = {}  # plan → parent → basis
    for pid, facts in by_id.items():
        mine = edges[pid] = {}
        for basis in facts.bases:  # a basis names a plan, or a document that is a plan
            up = basis[1] if basis[1] in by_id else doc_plans.get(basis[1])
            if up is not None and up in by_id:
                mine.setdefault(up, basis)
    out: list[Diagnostic] = []
    for cycle in find_cycles({pid: list(parents) for pid, parents in edges.items()}):
        first, after = cycle[0], cycle[1 % len(cycle)]
        index, ref, line = edges[first][after]
        hint = ("một kế hoạch không thể là căn cứ của chính nó hay của kế hoạch cấp trên nó; "
                "bỏ căn cứ sai hoặc sửa mã thành văn bản cấp trên.")
        if len(cycle) == 1:
            message = f"kế hoạch “{first}” lấy chính nó làm căn cứ."
            if ref != first:
                message = message[:-1] + f" qua văn bản “{ref}” ({_DOCUMENTS})."
                hint = (f"nếu văn bản “{ref}” không phải kế hoạch này, sửa trường plan của nó "
                        f"trong {_DOCUMENTS}; nếu phải, bỏ căn cứ này.")
        else:
            message = ("các kế hoạch thực hiện lẫn nhau thành vòng: "
                       + " → ".join([*cycle, first]) + ".")
        out.append(Diagnostic(by_id[first].path, line, "error", field_path(("bases", index, "ref")),
                              message, hint))
    return out


def check_catalog(catalog: Catalog,
                  per_plan: Callable[[LoadedPlan], PlanFindings] | None = None,
                  facts_of: Callable[[LoadedPlan], PlanFacts] | None = None,
                  registry_found: RegistryFacts | None = None) -> list[Diagnostic]:
    """Every check of the registries and the plans, over a loaded catalog.

    A plan's findings depend on it and the registries only: ``per_plan``, if given, answers
    them (a preview's cache, or checks run as each plan was loaded: see
    :mod:`planpub.project`), and ``facts_of`` its facts; ``registry_found`` is
    :func:`registry_facts` of the catalog's registry, when kept.
    """
    registry = catalog.registry
    found = per_plan or (lambda loaded: check_plan(registry, catalog.citations, loaded))
    plans = PlanSet([(facts_of or plan_facts)(lp) for lp in catalog.loaded])
    facts = registry_found or registry_facts(registry)
    out = check_plan_set(plans, facts)
    for loaded in catalog.loaded:
        out += found(loaded).given(plans.by_id, facts.documents, plans.numbers)
    return out
