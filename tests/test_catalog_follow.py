"""A preview's reload (:meth:`planpub.catalog.Catalog.follow`) derives what a fresh catalog
derives: it only skips the work for plans whose model it already had."""

from __future__ import annotations

from pathlib import Path

import yaml

from planpub.catalog import Catalog
from planpub.project import ProjectCache, open_project
from planpub.render.documents import ReferencePages
from planpub.render.pages import Templates, Theme
from planpub.site.links import Urls
from planpub.site.names import Names

PM = "pho-minh-2024-boi-thuong-nha-nuoc"
BD = "binh-duong-2025-boi-thuong-nha-nuoc"


def _derived(catalog: Catalog, root: Path) -> dict[str, object]:
    """What views read of a catalog: tasks, each task's parts, each document's citing plans."""
    names = Names(catalog, Urls(lambda src: src.removesuffix(".md") + "/", ""))
    glossary = open_project(root).glossary
    citing = ReferencePages(Templates(names, Theme()), glossary).citing
    return {
        "tasks": [e.id for e in catalog.tasks],
        "by_plan": {k: [e.id for e in v] for k, v in catalog.tasks_by_plan.items()},
        "parts": {e.id: [(a.agency, a.role, a.via, a.also) for a in catalog.parts(e)]
                  for e in catalog.tasks},
        "citing": {doc: [(c.plan.id, c.basis, {k: (p.label, p.articles)
                                               for k, p in c.places.items()}) for c in plans]
                   for doc, plans in citing.items()},
    }


def test_each_reload_derives_what_a_fresh_catalog_derives(make_repo: Path) -> None:
    cache = ProjectCache()
    _derived(open_project(make_repo, cache=cache).catalog, make_repo)  # the first, all made
    plans = make_repo / "plans"
    pm = plans / f"{PM}.yaml"
    data = yaml.safe_load(pm.read_text("utf-8"))
    data["tasks"][0]["title"] += " theo Thông tư 08/2019/TT-BTP"
    data["tasks"][0]["lead"] = data["tasks"][-1].get("lead") or data["tasks"][0].get("lead")

    def edited() -> None:
        pm.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def added() -> None:
        (plans / f"{PM}-ban-sao.yaml").write_text(
            pm.read_text("utf-8").replace(f"id: {PM}", f"id: {PM}-ban-sao"), "utf-8")

    def deleted() -> None:
        (plans / f"{BD}.yaml").unlink()

    for edit in (edited, added, deleted):
        edit()
        reloaded = open_project(make_repo, cache=cache).catalog
        assert cache.renewed is False  # a reload, not a fresh start
        assert _derived(reloaded, make_repo) == _derived(open_project(make_repo).catalog,
                                                          make_repo)
