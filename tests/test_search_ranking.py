"""Search as a reader meets it: what ranks first, the place filter, an empty result.

- An agency or plan in force ranks above one that no longer is (an agency that ceased or
  was renamed, a plan whose issuer ceased or that was replaced) when both match as well:
  here, when both titles hold every word of the query. Ceased ones are still found, and say
  so, naming what came after them (renamed, one successor, several).
- A record whose name (title or head) holds the query as a phrase ranks above records that
  only mention its words: "Sở Tư pháp" finds the agencies before the pages about them. A
  renamed agency is found by its former name, the current one first.
- The plans for a place rank above pages that only mention its name.
- "Trung ương" finds national records, not roles (no place filter does); when filters leave
  nothing, the message names them, says what the words alone find, and offers to clear them.
- A page whose front matter sets ``search: boost:`` below 1 ranks below an equal page.

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
from planpub.search.text import place_key
from planpub.site.succession import display_name, renamed_to
from planpub.slug import fold
from test_search import count, page_search

pytestmark = pytest.mark.browser

MAX_QUERIES = 12
"""Queries per rule (the first, by name): enough to catch a rule broken for some, fast."""
TOP = 60
"""Results read per query on the synthetic repository (its names are shared by hundreds)."""

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
      return [r.kind, r.t, r.u, r.h || ""];
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


def ceased(catalog: Catalog, agency_id: str, today: str) -> bool:
    """Has the agency ceased by ``today`` (its registry ``valid_until`` passed)?"""
    agency = catalog.agencies.get(agency_id)
    return bool(agency and agency.valid_until and agency.valid_until.isoformat() < today)


def ended_urls(catalog: Catalog, today: str) -> tuple[set[str], set[str]]:
    """URLs of (agencies, plans) no longer in force on ``today`` (ISO), from the registry:
    an agency that ceased, or that has a successor and no end day (renamed, taken over)."""
    def ended(agency_id: str) -> bool:
        agency = catalog.agencies[agency_id]
        succeeded = agency.valid_until is None and (agency.successor or agency.successors)
        return ceased(catalog, agency_id, today) or bool(succeeded)

    replaced = {d.plan for d in catalog.documents.values() if d.plan and (
        d.replaced_by or d.status in ("replaced", "expired"))}
    agencies = {f"co-quan/{a}/" for a in catalog.agencies if ended(a)}
    plans = {f"ke-hoach/{p.id}/" for p in catalog.plans.values()
             if ceased(catalog, p.issuer, today) or p.id in replaced}
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
        full = [(kind, title, url) for kind, title, url, _ in found[query]
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
        urls = [url for _, _, url, _ in found[query]]
        missing = plans[query] - set(urls)
        last = max((urls.index(u) for u in plans[query] if u in urls), default=-1)
        intruders = [u for u in urls[:last] if u not in allowed[query]]
        if missing or intruders:
            wrong.append(f"{query!r}: {intruders or urls} ranked above {sorted(missing)}")
    return wrong


def runs(text: str) -> list[list[str]]:
    """Folded words of ``text`` in the runs the index pairs them in: punctuation breaks a
    run, a dash between spaces does not ("Tư pháp - Hộ tịch")."""
    joined = re.sub(r"\s[-\u2013\u2014]\s", " ", fold(text))
    return [run.split() for run in re.split(r"[^\w\s]+|_", joined) if run.split()]


def holds(text: str, query: str) -> bool:
    """Does ``text`` hold each run of the query's words as a phrase (case and diacritics
    aside)?"""
    found = runs(text)

    def within(phrase: list[str]) -> bool:
        n = len(phrase)
        return any(run[i:i + n] == phrase for run in found for i in range(len(run) - n + 1))

    return all(within(phrase) for phrase in runs(query))


def name_queries(catalog: Catalog, ended: set[str]) -> dict[str, set[str]]:
    """Names of agencies in force without their place ("Sở Tư pháp" of "Sở Tư pháp tỉnh Quảng
    Ngãi"), those shared by most agencies first, as written and without diacritics; each
    with the URLs of the agencies in force so named. Names of places are left out (a place
    query ranks the place's plans first)."""
    reg = catalog.registry.localities
    places = {place_key(loc.name) for loc in reg.values()}
    named: dict[str, set[str]] = {}
    for agency in catalog.agencies.values():
        url = f"co-quan/{agency.id}/"
        place = reg.get(agency.locality or "")
        name = " ".join(agency.name.replace(place.name, " ").split()) if place else agency.name
        if url not in ended and name and not {place_key(name), " ".join(
                w for run in runs(name) for w in run)} & places:
            named.setdefault(name, set()).add(url)
    chosen = sorted(named, key=lambda n: (-len(named[n]), fold(n), n))[:MAX_QUERIES]
    return {q: named[n] for n in chosen for q in (n, fold(n))}


def names_first(tab: Any, catalog: Catalog, top: int | None) -> list[str]:
    """For each query: a result whose title and head do not hold the query as a phrase
    ranked above one that does; or (all results read) an agency so named not found."""
    ended = set().union(*ended_urls(catalog, reader_day(tab)))
    queries = name_queries(catalog, ended)
    assert queries, "no agency in force to look for"
    found = tab.evaluate(RESULTS_JS, [list(queries), [], {q: top for q in queries} if top
                                      else None])
    wrong = []
    for query, agencies in queries.items():
        rows = found[query]
        named = [holds(title, query) or holds(head, query) for _, title, _, head in rows]
        last = max((i for i, yes in enumerate(named) if yes), default=-1)
        intruders = [rows[i][1] for i in range(last) if not named[i]]
        if intruders:
            wrong.append(f"{query!r}: {intruders[0]} (words only) above {rows[last][1]}")
        missing = agencies - {url for _, _, url, _ in rows}
        if top is None and missing:
            wrong.append(f"{query!r}: {sorted(missing)} not found")
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


def test_names_rank_above_mentions(tab: Any, site_url: str, catalog: Catalog) -> None:
    """"Sở Tư pháp", "so tu phap": the agencies so named before pages that use the words."""
    open_search(tab, site_url)
    assert names_first(tab, catalog, None) == []


def agency_results(tab: Any, site_url: str, query: str, **filters: str) -> dict[str, str]:
    """The agencies a query finds, in order: their URL (site-relative) and what their result
    says under the title."""
    params = "".join(f"&{k.replace('_', '-')}={v}" for k, v in filters.items())
    found = page_search(tab, site_url, f"q={quote(query)}&loai=co-quan{params}")
    hrefs = [h.split("/", 3)[3] for h in found["hrefs"]]
    return dict(zip(hrefs, found["metas"], strict=True))


def test_ceased_agencies_are_found_and_labelled(tab: Any, site_url: str,
                                                catalog: Catalog) -> None:
    today = reader_day(tab)
    gone = {f"co-quan/{a.id}/" for a in catalog.agencies.values()
            if ceased(catalog, a.id, today) and renamed_to(catalog, a.id) is None}
    assert gone, "no ceased agency in the registry"
    name = catalog.agencies[sorted(gone)[0].split("/")[1]].name
    found = agency_results(tab, site_url, name)
    assert set(found) & gone, (name, found)
    for href, meta in found.items():
        assert ("chấm dứt hoạt động" in meta) == (href in gone), (href, meta)


def test_ceased_agencies_say_what_came_after(tab: Any, site_url: str,
                                             catalog: Catalog) -> None:
    """A ceased agency's result names its successor, or says there are several (naming
    those the registry lists); the registry's note about it is searchable."""
    today = reader_day(tab)
    gone = sorted((a for a in catalog.agencies.values()
                   if ceased(catalog, a.id, today) and renamed_to(catalog, a.id) is None),
                  key=lambda a: a.id)
    one = next(a for a in gone if a.successor)
    several = next(a for a in gone if a.successors)
    for agency in (one, several):
        meta = agency_results(tab, site_url, agency.name)[f"co-quan/{agency.id}/"]
        after = [display_name(catalog, a) for a in (agency.successor, *agency.successors) if a]
        assert all(name in meta for name in after), (meta, after)
        assert ("Cơ quan kế nhiệm: " in meta) == bool(agency.successor), meta
        assert ("Có nhiều cơ quan kế nhiệm" in meta) == bool(agency.successors), meta
        assert "Kế thừa" not in meta, meta
    noted = next(a for a in gone if a.successor_note and not (a.successor or a.successors))
    words = " ".join((noted.successor_note or "").split()[:8])
    assert f"co-quan/{noted.id}/" in agency_results(tab, site_url, words), words


def test_a_renamed_agency_is_found_by_its_former_name(tab: Any, site_url: str,
                                                      catalog: Catalog) -> None:
    """"Cục Bồi thường" finds the unit under its current name first (in force), then its
    former record, which says what it was renamed to."""
    today = reader_day(tab)
    renamed = [(old, new) for old in catalog.agencies.values()
               if (new := renamed_to(catalog, old.id)) is not None
               and not ceased(catalog, new.id, today)]
    assert renamed, "no renamed agency in the registry"
    for old, new in renamed:
        for query in dict.fromkeys((old.name, " ".join(old.name.split()[:3]))):
            found = agency_results(tab, site_url, query)
            assert list(found)[:1] == [f"co-quan/{new.id}/"], (query, list(found))
            meta = found.get(f"co-quan/{old.id}/", "")
            assert f"Đã đổi tên thành {new.name}" in meta, (query, meta)
            assert "Kế thừa" not in meta and "chấm dứt" not in meta, meta


def test_roles_belong_to_no_place(tab: Any, site_url: str, catalog: Catalog) -> None:
    """A role ("cơ quan giải quyết bồi thường") is found, but no place filter returns it:
    it is no central body."""
    roles = sorted((a for a in catalog.agencies.values()
                    if a.kind == "role" and a.locality is None), key=lambda a: a.id)
    assert roles, "no role in the registry"
    for role in roles:
        url = f"co-quan/{role.id}/"
        found = agency_results(tab, site_url, role.name)
        assert url in found and "Trung ương" not in found[url], found
        assert url not in agency_results(tab, site_url, role.name, dia_ban="trung-uong")


def test_central_filter_and_an_empty_result_that_names_its_filters(
        tab: Any, site_url: str, catalog: Catalog) -> None:
    national = {a.id for a in catalog.agencies.values()
                if catalog.top_place(a.locality) is None and a.kind != "role"}
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


BOOSTED = ("thu-nghiem-a", "thu-nghiem-b")
"""Two test pages of the synthetic repository: the first says the rare word twice, but its
front matter sets ``search: boost: 0.5``."""
RARE = "xylophonium"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A small synthetic repository (with the bundled plans and two test pages), built and
    served."""
    root = tmp_path_factory.mktemp("synthetic") / "repo"
    generate(root, 24, seed=11)
    for name, front, body in zip(BOOSTED, ("search:\n  boost: 0.5\n", ""),
                                 (f"{RARE} và {RARE}", RARE), strict=True):
        (root / "content" / f"{name}.md").write_text(
            f"---\ntitle: Trang {name}\n{front}---\n\nTrang thử nghiệm: {body}.\n",
            encoding="utf-8")
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
    assert names_first(tab, catalog, TOP) == []


@pytest.mark.slow
def test_a_page_boosted_below_one_ranks_below_an_equal_page(
        tab: Any, synthetic: tuple[Path, str]) -> None:
    """The page that says the word twice would rank first; its ``search: boost: 0.5`` (as
    an editors' page sets) puts it second."""
    _, url = synthetic
    found = page_search(tab, url, f"q={RARE}")
    assert [h.rstrip("/").rsplit("/", 1)[1] for h in found["hrefs"]] == [*reversed(BOOSTED)]
