"""Search as a reader meets it: what ranks first, the place filter, an empty result.

- An agency or plan in force ranks above one that no longer is (an agency that ceased, a
  plan whose issuer ceased or that was replaced) when both match as well: here, when both
  titles hold every word of the query. Ceased ones are still found, and say so.
- The plans for a place rank above pages that only mention its name.
- "Trung ương" finds national records; when filters leave nothing, the message names
  them, says what the words alone find, and offers to clear them.

Which records no longer are in force comes from the registry, on the reader's day (the
browser's date), never from a list of names; the same rules are checked on the bundled
site and on a small synthetic repository.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from benchmarks.generate import generate
from conftest import ROOT, load_checked
from planpub.catalog import Catalog
from planpub.mkdocs.build import build_site
from planpub.slug import fold
from test_search import count, page_search

pytestmark = pytest.mark.browser

MAX_QUERIES = 12
"""Queries per rule (the first, by name): enough to catch a rule broken for some, fast."""

RESULTS_JS = """async ([queries, kinds, top]) => {
  const index = window.ppSearch.index;
  const out = {};
  for (const q of queries) {
    const res = await index.search(q);
    let ids = [...res.ids];
    if (kinds.length) ids = ids.filter((id) => kinds.includes(index.kindOf(id)));
    if (top) ids = ids.slice(0, top[q]);
    out[q] = await Promise.all(ids.map(async (id) => {
      const r = await index.record(id);
      return [r.kind, r.t, r.u];
    }));
  }
  return out;
}"""


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def reader_day(tab: Any) -> str:
    return str(tab.evaluate(
        "() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, "
        "d.getDate()].map((n) => String(n).padStart(2, '0')).join('-'); }"))


def ended_urls(catalog: Catalog, today: str) -> tuple[set[str], set[str]]:
    """URLs of (agencies, plans) no longer in force on ``today`` (ISO), from the registry."""
    def ceased(agency_id: str) -> bool:
        agency = catalog.agencies.get(agency_id)
        return bool(agency and agency.valid_until and agency.valid_until.isoformat() < today)

    replaced = {d.plan for d in catalog.documents.values() if d.plan and (
        d.replaced_by or d.status in ("replaced", "expired"))}
    agencies = {f"co-quan/{a}/" for a in catalog.agencies if ceased(a)}
    plans = {f"ke-hoach/{p.id}/" for p in catalog.plans.values()
             if ceased(p.issuer) or p.id in replaced}
    return agencies, plans


def queries_beside(catalog: Catalog, ended: set[str]) -> list[str]:
    """Names of ceased agencies and titles of plans no longer in force, without their place
    ("Sở Tư pháp" of "Sở Tư pháp tỉnh Bình Dương"): what a reader types for the one in
    force."""
    reg = catalog.registry.localities
    named = [(f"co-quan/{a.id}/", a.name, a.locality) for a in catalog.agencies.values()]
    named += [(f"ke-hoach/{p.id}/", p.title, catalog.locality_of(p))
              for p in catalog.plans.values()]
    out: set[str] = set()
    for url, name, locality in named:
        place = reg.get(locality or "")
        if url in ended and place and place.name in name:
            out.add(" ".join(name.replace(place.name, " ").split()))
    return sorted(out)[:MAX_QUERIES]


def in_force_first(tab: Any, catalog: Catalog) -> list[str]:
    """For each query: a ceased agency or plan ranked above one in force whose title holds
    the query's words as fully as its own."""
    today = reader_day(tab)
    ended = set().union(*ended_urls(catalog, today))
    queries = queries_beside(catalog, ended)
    assert queries, "no ceased agency or plan to check"
    found = tab.evaluate(RESULTS_JS, [queries, ["co-quan", "ke-hoach"], None])
    wrong = []
    for query in queries:
        wanted = words(query)
        full = [(kind, title, url) for kind, title, url in found[query]
                if wanted <= words(title)]
        for i, (kind, title, url) in enumerate(full):
            if url not in ended:
                continue
            below = [t for k, t, u in full[i + 1:] if k == kind and u not in ended]
            if below:
                wrong.append(f"{query!r}: {title} (no longer in force) above {below[0]}")
    return wrong


def place_plans_first(tab: Any, catalog: Catalog) -> list[str]:
    """For each place with plans, typed as named and without its kind word: a result other
    than its plans and its own page ranked above one of its plans."""
    reg = catalog.registry.localities
    plans_of: dict[str, set[str]] = {}
    for plan in catalog.plans.values():
        place = reg.get(catalog.locality_of(plan) or "")
        if place:
            plans_of.setdefault(place.name, set()).add(f"ke-hoach/{plan.id}/")
    pages_of = {loc.name: {f"dia-ban/{i}/" for i, x in reg.items() if x.name == loc.name}
                for loc in reg.values()}

    def short(name: str) -> str:  # "phường Phổ Minh" is also typed "Phổ Minh"
        parts = name.split()
        while len(parts) > 1 and parts[0][0].islower():
            parts = parts[1:]
        return " ".join(parts)

    chosen = sorted(plans_of)[:MAX_QUERIES]
    # a query names every place so called ("Cát Bắc": "xã Cát Bắc", "phường Cát Bắc")
    queries = {q: {n for n in plans_of if q in (n, short(n))}
               for q in dict.fromkeys(q for n in chosen for q in (n, short(n)))}
    plans = {q: set().union(*(plans_of[n] for n in named)) for q, named in queries.items()}
    allowed = {q: plans[q].union(*(pages_of[n] for n in named)) for q, named in queries.items()}
    found = tab.evaluate(RESULTS_JS, [list(queries), [], {q: len(a) for q, a in allowed.items()}])
    wrong = []
    for query in queries:
        urls = [url for _, _, url in found[query]]
        missing = plans[query] - set(urls)
        last = max((urls.index(u) for u in plans[query] if u in urls), default=-1)
        intruders = [u for u in urls[:last] if u not in allowed[query]]
        if missing or intruders:
            wrong.append(f"{query!r}: {intruders or urls} ranked above {sorted(missing)}")
    return wrong


def open_search(tab: Any, site_url: str) -> None:
    tab.goto(f"{site_url}tim-kiem/")
    tab.wait_for_function(
        "() => document.querySelector('[data-pp-search-page]').dataset.query !== undefined")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_checked(ROOT)[0]


def test_in_force_first_and_a_place_plans_first(tab: Any, site_url: str,
                                                 catalog: Catalog) -> None:
    open_search(tab, site_url)
    assert in_force_first(tab, catalog) == []
    assert place_plans_first(tab, catalog) == []


def test_ceased_agencies_are_found_and_labelled(tab: Any, site_url: str,
                                                catalog: Catalog) -> None:
    today = reader_day(tab)
    ceased, _ = ended_urls(catalog, today)
    assert ceased, "no ceased agency in the registry"
    name = catalog.agencies[sorted(ceased)[0].split("/")[1]].name
    found = page_search(tab, site_url, f"q={quote(name)}&loai=co-quan")
    hrefs = [h.split("/", 3)[3] for h in found["hrefs"]]
    assert set(hrefs) & ceased, (name, hrefs)
    for href, meta in zip(hrefs, found["metas"], strict=True):
        assert ("chấm dứt hoạt động" in meta) == (href in ceased), (href, meta)


def test_central_filter_and_an_empty_result_that_names_its_filters(
        tab: Any, site_url: str, catalog: Catalog) -> None:
    national = {a.id for a in catalog.agencies.values()
                if catalog.top_place(a.locality) is None}
    found = page_search(tab, site_url, "q=bồi+thường&dia-ban=trung-uong&loai=co-quan")
    agencies = {h.rstrip("/").rsplit("/", 1)[1] for h in found["hrefs"]}
    assert agencies and agencies <= national, agencies

    # no plan of a year for the whole country: the filters, not the words, are the cause
    central_years = {p.year for p in catalog.plans.values()
                     if catalog.top_place(catalog.locality_of(p)) is None}
    year = max({p.year for p in catalog.plans.values()} - central_years)
    plain = count(page_search(tab, site_url, "q=bồi+thường")["status"])
    empty = page_search(tab, site_url, f"q=bồi+thường&loai=ke-hoach&nam={year}&dia-ban=trung-uong")
    status = empty["status"]
    assert not empty["titles"]
    assert "Không tìm thấy" not in status
    for named in ("Loại: Kế hoạch", f"Năm: {year}", "Địa bàn: Trung ương", "“bồi thường”"):
        assert named in status, status
    assert f"{plain:,}".replace(",", ".") + " kết quả" in status, (plain, status)
    clear = tab.get_by_role("button", name="Bỏ bộ lọc")
    clear.click()
    tab.wait_for_function(
        "() => document.querySelectorAll('.pp-search-page__results .pp-result').length > 0")
    for name in ("loai", "nam", "dia-ban", "co-quan"):
        assert tab.locator(f"select[name={name}]").input_value() == ""
    assert count(tab.locator(".pp-search-page__status").inner_text()) == plain
    assert "dia-ban" not in tab.url and clear.is_hidden()

    # without filters, the words are the cause, and the message says so as before
    nothing = page_search(tab, site_url, "q=xyzzyqua")
    assert "Không tìm thấy kết quả cho “xyzzyqua”" in nothing["status"]
    assert tab.get_by_role("button", name="Bỏ bộ lọc").is_hidden()


# --------------------------------------------------------------------------- synthetic


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A small synthetic repository (with the bundled plans), built and served."""
    root = tmp_path_factory.mktemp("synthetic") / "repo"
    generate(root, 24, seed=11)
    site = root.parent / "site"
    build_site(root, site)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.slow
def test_the_same_rules_on_a_synthetic_repository(tab: Any,
                                                  synthetic: tuple[Path, str]) -> None:
    root, url = synthetic
    catalog = load_checked(root)[0]
    open_search(tab, url)
    assert in_force_first(tab, catalog) == []
    assert place_plans_first(tab, catalog) == []
