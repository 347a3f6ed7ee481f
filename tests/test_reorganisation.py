"""The 2025 reorganisation: what became of ceased agencies and localities, on the pages a
reader opens, in ``planpub validate``, and in the administrative-units lookup.

Expectations come from the registry (every ceased entry, every rename), never from a list
of the two bundled plans, so the same rules hold for any repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html

from conftest import ROOT, load_checked
from planpub import adminunits
from planpub.catalog import Catalog
from planpub.diagnostics import Diagnostic
from planpub.load import load_registry
from planpub.registrychecks import check_registry
from planpub.registrymodel import Agency, Locality
from planpub.render.site import SiteRenderer
from planpub.site import links
from planpub.site.links import Urls
from planpub.site.succession import display_name, former_names, successor_ids
from planpub.vocab import dmy

LOCALITIES = "registry/localities.yaml"
AGENCIES = "registry/agencies.yaml"


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog, diags = load_checked(ROOT)
    assert not [d for d in diags if d.level == "error"], diags
    return catalog


def page(site: Path, src: str) -> Any:
    """The parsed built page of a source path (``co-quan/x.md`` → ``co-quan/x/index.html``)."""
    path = site / links.directory_url(src) / "index.html"
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def words(element: Any) -> str:
    return " ".join(element.text_content().split())


def resolved(page_src: str, element: Any) -> set[str]:
    """Link targets of ``element`` on the page built from ``page_src``, site-root relative."""
    base = links.directory_url(page_src).rstrip("/").split("/")
    out = set()
    for a in element.iter("a"):
        href = (a.get("href") or "").split("#")[0]
        if "://" in href:
            out.add(href)
            continue
        parts = list(base)
        for part in href.split("/"):
            if part == "..":
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        out.add("/".join(parts) + "/")
    return out


def url(src: str) -> str:
    return links.directory_url(src)


def documents_seen(catalog: Catalog, ids: list[str]) -> list[str]:
    """What a reader must find for each document: its number (or title)."""
    return [catalog.documents[d].number or catalog.documents[d].title for d in ids]


def ceased_agencies(catalog: Catalog) -> list[Agency]:
    return [a for a in catalog.agencies.values() if a.valid_until is not None]


def ceased_localities(catalog: Catalog) -> list[Locality]:
    return [loc for loc in catalog.registry.localities.values() if loc.valid_until is not None]


def check_names_successors(catalog: Catalog, page_src: str, block: Any,
                           entry: Agency | Locality, kind: str) -> None:
    """The block names each successor (linked) or the registry's note, and each document."""
    text = words(block)
    after = successor_ids(entry)
    src = links.agency_src if kind == "agency" else links.locality_src
    for ident in after:
        assert url(src(ident)) in resolved(page_src, block), (entry.id, ident)
    if len(after) != 1:
        assert entry.successor_note and " ".join(entry.successor_note.split()) in text, entry.id
    for number in documents_seen(catalog, entry.changed_by):
        assert number in text, (entry.id, number)
    for doc_id in entry.changed_by:
        assert url(links.document_src(doc_id)) in resolved(page_src, block), (entry.id, doc_id)


# --------------------------------------------------------------------------- the built site


@pytest.mark.slow
def test_plans_whose_issuer_or_locality_ceased_say_what_replaced_them(
        built_site: Path, catalog: Catalog) -> None:
    noticed = 0
    for plan in catalog.plans.values():
        src = links.plan_src(plan.id)
        root = page(built_site, src)
        notice = root.cssselect(".pp-succession")
        issuer = catalog.agencies[plan.issuer]
        place = catalog.registry.localities.get(catalog.locality_of(plan) or "")
        gone: list[tuple[str, Agency | Locality, str]] = []
        if issuer.valid_until:
            gone.append(("issuer", issuer, "agency"))
        if place is not None and place.valid_until:
            gone.append(("locality", place, "locality"))
        if not gone:
            assert not notice, plan.id
            continue
        noticed += 1
        [box] = notice
        article = root.cssselect("article.pp-plan")[0]
        assert article.index(box) < article.index(article.cssselect(".pp-document")[0])
        for role, entry, kind in gone:
            [line] = box.cssselect(f"[data-succession={role}]")
            assert entry.name in words(line) and dmy(entry.valid_until) in words(line)
            check_names_successors(catalog, src, line, entry, kind)
    assert noticed, "no bundled plan comes from a place or issuer that ceased"


@pytest.mark.slow
def test_every_ceased_agency_names_its_successors_or_the_rule(
        built_site: Path, catalog: Catalog) -> None:
    assert ceased_agencies(catalog)
    for agency in ceased_agencies(catalog):
        src = links.agency_src(agency.id)
        [block] = page(built_site, src).cssselect(".pp-ceased")
        assert dmy(agency.valid_until) in words(block)
        check_names_successors(catalog, src, block, agency, "agency")
        if not successor_ids(agency):
            assert agency.successor_note, f"{agency.id}: ceased with neither successor nor note"


@pytest.mark.slow
def test_agency_with_a_note_but_no_end_date_shows_the_note(
        built_site: Path, catalog: Catalog) -> None:
    noted = [a for a in catalog.agencies.values()
             if a.successor_note and a.valid_until is None]
    for agency in noted:
        root = page(built_site, links.agency_src(agency.id))
        [line] = root.cssselect("[data-succession=agency]")
        assert " ".join((agency.successor_note or "").split()) in words(line)


@pytest.mark.slow
def test_every_ceased_locality_names_its_successors_or_the_rule(
        built_site: Path, catalog: Catalog) -> None:
    assert ceased_localities(catalog)
    for loc in ceased_localities(catalog):
        src = links.locality_src(loc.id)
        if not (built_site / src.removesuffix(".md")).exists():
            continue  # a place no plan or agency is in has no page
        root = page(built_site, src)
        [block] = root.cssselect(".pp-ceased")
        check_names_successors(catalog, src, block, loc, "locality")
        for after in successor_ids(loc):  # and the successor's page names where it came from
            later = links.locality_src(after)
            facts = page(built_site, later).cssselect("dl.pp-facts")[0]
            assert url(src) in resolved(later, facts), (loc.id, after)


@pytest.mark.slow
def test_renamed_unit_shows_current_name_with_the_former(
        built_site: Path, catalog: Catalog) -> None:
    renamed = [a for a in catalog.agencies.values() if a.former_names]
    assert renamed, "the registry records no renamed unit"
    for agency in renamed:
        [line] = page(built_site, links.agency_src(agency.id)).cssselect(".pp-former-names")
        assert words(line).startswith("Tên cũ:")
        for name in former_names(catalog, agency.id):
            assert name in words(line), (agency.id, name)
    for old in catalog.agencies.values():
        now = catalog.agencies.get(old.successor or "")
        if now is None or old.name not in now.former_names:
            continue
        src = links.agency_src(old.id)
        [line] = page(built_site, src).cssselect(".pp-renamed [data-succession=agency]")
        assert f"{now.name} (tên cũ: {old.name})" in words(line)
        assert url(links.agency_src(now.id)) in resolved(src, line)
        assert display_name(catalog, old.id) == f"{now.name} (tên cũ: {old.name})"


@pytest.mark.slow
def test_locality_pages_only_for_registry_places(built_site: Path, catalog: Catalog) -> None:
    folder = built_site / links.LOCALITIES
    built = {p.name for p in folder.iterdir() if p.is_dir()}
    used = {loc for plan in catalog.plans.values()
            for loc in catalog.locality_chain(catalog.locality_of(plan))}
    used |= {loc for a in catalog.agencies.values() for loc in catalog.locality_chain(a.locality)}
    became = {loc for old in used for after in successor_ids(catalog.registry.localities[old])
              for loc in catalog.locality_chain(after)}
    assert built == (used | became) & set(catalog.registry.localities)
    assert set(catalog.registry.localities) - built  # a place nothing is in gets no page
    assert len(built) < 100  # not one page per commune of the national list


# --------------------------------------------------------------------------- in-process pages


def render(root: Path, src: str) -> Any:
    """One generated page of the repository at ``root``, rendered without MkDocs."""
    catalog, diags = load_checked(root)
    assert not [d for d in diags if d.level == "error"], diags
    site = SiteRenderer(catalog, Urls(),
                        document_pages=[links.document_src(d) for d in catalog.documents])
    list(site.outputs())
    rendered = site.render(src)
    assert rendered is not None
    return lxml_html.fromstring(f"<div>{rendered.html}</div>")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def entry_block(root: Path, rel: str, ident: str) -> str:
    """The YAML text of one registry entry, as written."""
    text = (root / rel).read_text(encoding="utf-8")
    start = text.index(f"- id: {ident}\n")
    end = text.find("\n\n", start)
    return text[start:end if end > 0 else len(text)]


def without(block: str, *keys: str) -> str:
    """A registry entry's YAML without the fields ``keys`` (and their continuation lines)."""
    kept: list[str] = []
    dropping = False
    for line in block.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            dropping = line.strip().split(":")[0] in keys
        if not dropping:
            kept.append(line)
    return "\n".join(kept)


def test_plan_of_a_current_issuer_and_place_has_no_notice(
        make_repo: Path, catalog: Catalog) -> None:
    plan = next(iter(catalog.plans.values()))
    issuer = catalog.agencies[plan.issuer]
    place = catalog.locality_of(plan) or ""
    for rel, ident in ((AGENCIES, issuer.id), (LOCALITIES, place)):
        block = entry_block(make_repo, rel, ident)
        edit(make_repo, rel, block, without(block, "valid_until", "successor", "successors",
                                            "successor_note", "changed_by"))
    root = render(make_repo, links.plan_src(plan.id))
    assert not root.cssselect(".pp-succession")


def test_issuer_split_among_several_shows_the_rule_on_the_plan(
        make_repo: Path, catalog: Catalog) -> None:
    plan = next(iter(catalog.plans.values()))
    block = entry_block(make_repo, AGENCIES, plan.issuer)
    others = [a.id for a in catalog.agencies.values() if a.valid_until is None][:2]
    rule = "Nhiệm vụ nay thuộc cấp nào thì cơ quan của cấp đó đảm nhận (quy tắc thử)."
    edit(make_repo, AGENCIES, block, without(block, "successor", "successors", "successor_note")
         + f"\n  successors: [{', '.join(others)}]\n  successor_note: {rule}")
    root = render(make_repo, links.plan_src(plan.id))
    [line] = root.cssselect(".pp-succession [data-succession=issuer]")
    assert "Có nhiều cơ quan kế nhiệm" in words(line) and rule in words(line)
    hrefs = {a.get("href") for a in line.iter("a")}
    for other in others:
        assert f"../../co-quan/{other}/" in hrefs


# --------------------------------------------------------------------------- validate


def reorganisation(root: Path) -> list[Diagnostic]:
    registry, diags = load_registry(root)
    assert not [d for d in diags if d.level == "error"], diags
    return check_registry(registry)


def line_of(root: Path, rel: str, needle: str, after: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    start = next(i for i, text in enumerate(lines) if text == f"- id: {after}")
    return next(i for i, text in enumerate(lines, 1) if i > start and needle in text)


def index(root: Path, rel: str, ident: str) -> int:
    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
    return [entry["id"] for entry in data].index(ident) + 1


def test_bundled_registry_agrees_with_the_dataset_and_converter() -> None:
    assert reorganisation(ROOT) == []


def coded(catalog: Catalog) -> Locality:
    return next(loc for loc in catalog.registry.localities.values()
                if loc.code and loc.kind in adminunits.COMMUNE_KINDS)


def test_code_of_another_unit_is_an_error_naming_the_right_one(
        make_repo: Path, catalog: Catalog) -> None:
    loc = coded(catalog)
    other = next(u for u in adminunits.communes() if u.code != loc.code
                 and u.kind == loc.kind)
    edit(make_repo, LOCALITIES, f"  code: {loc.code}\n", f"  code: {other.code}\n")
    [diag] = [d for d in reorganisation(make_repo) if d.field.endswith(".code")]
    assert (diag.path, diag.level) == (LOCALITIES, "error")
    assert diag.line == line_of(make_repo, LOCALITIES, "code:", loc.id)
    assert diag.field == f"[{index(make_repo, LOCALITIES, loc.id)}].code"
    assert other.full_name in diag.message and loc.name in (diag.hint or "") + diag.message


def test_unknown_code_suggests_the_code_of_the_name(make_repo: Path, catalog: Catalog) -> None:
    loc = coded(catalog)
    edit(make_repo, LOCALITIES, f"  code: {loc.code}\n", "  code: 99999\n")
    [diag] = [d for d in reorganisation(make_repo) if d.field.endswith(".code")]
    assert diag.level == "error" and "99999" in diag.message
    assert f"({loc.code})" in (diag.hint or "")


def test_ceased_entry_without_successor_or_note_is_a_warning(make_repo: Path) -> None:
    (make_repo / AGENCIES).write_text(
        (make_repo / AGENCIES).read_text(encoding="utf-8")
        + "\n- id: so-x-cu\n  name: Sở X cũ\n  kind: department\n  valid_until: 2025-06-30\n",
        encoding="utf-8")
    [diag] = reorganisation(make_repo)
    assert (diag.path, diag.level) == (AGENCIES, "warning")
    assert diag.line == line_of(make_repo, AGENCIES, "valid_until:", "so-x-cu")
    assert "Sở X cũ" in diag.message and "successor_note" in (diag.hint or "")


def test_successor_the_converter_disagrees_with_is_a_warning(
        make_repo: Path, catalog: Catalog) -> None:
    ward = next(loc for loc in ceased_localities(catalog)
                if loc.kind in adminunits.COMMUNE_KINDS and loc.successor)
    wrong = next(loc.id for loc in catalog.registry.localities.values()
                 if loc.code and loc.kind in adminunits.PROVINCE_KINDS)
    edit(make_repo, LOCALITIES, f"  successor: {ward.successor}\n  changed_by",
         f"  successor: {wrong}\n  changed_by")
    found = [d for d in reorganisation(make_repo) if d.field.endswith(".successor")]
    assert [d.level for d in found] == ["warning"]
    assert "vietnamadminunits" in found[0].message and "21439" in found[0].message


def test_unknown_changing_document_is_an_error(make_repo: Path, catalog: Catalog) -> None:
    loc = next(loc for loc in ceased_localities(catalog) if loc.changed_by)
    block = entry_block(make_repo, LOCALITIES, loc.id)
    edit(make_repo, LOCALITIES, block,
         without(block, "changed_by") + "\n  changed_by: [nq-khong-co]")
    diags = [d for d in reorganisation(make_repo) if d.level == "error"]
    assert [d.field for d in diags] == [f"[{index(make_repo, LOCALITIES, loc.id)}].changed_by[1]"]
    assert "nq-khong-co" in diags[0].message and "legal.yaml" in (diags[0].hint or "")


# --------------------------------------------------------------------------- the dataset


def test_current_units_come_from_the_dataset() -> None:
    assert len(adminunits.provinces()) == 34
    assert len(adminunits.communes()) == 3321
    ward = adminunits.commune(21439)
    assert ward is not None and ward.full_name == "phường Đức Phổ" and ward.kind == "ward"
    assert adminunits.by_code("province", 51) == adminunits.province(51)
    assert adminunits.by_code("ward", 51) != adminunits.province(51)


def test_names_found_with_or_without_diacritics() -> None:
    assert [u.code for u in adminunits.find("duc pho")] == [21439]
    assert [u.code for u in adminunits.find("Phường Đức Phổ")] == [21439]
    assert adminunits.find("Đức Phố") == []  # typed diacritics must agree
    assert [u.code for u in adminunits.find("ho chi minh")] == [79]
    assert [u.code for u in adminunits.find("Đức Phổ", province_code=51)] == [21439]
    assert adminunits.find("Đức Phổ", province_code=79) == []


def test_old_ward_converts_to_its_current_ward() -> None:
    found = adminunits.convert("Phường Phổ Minh, Thị xã Đức Phổ, Tỉnh Quảng Ngãi")
    assert found.succession is not None and found.succession.default is not None
    assert found.succession.default.code == 21439
    same = adminunits.successors([("ward", "phường Phổ Minh"), ("town", "thị xã Đức Phổ"),
                                  ("province", "tỉnh Quảng Ngãi")])
    assert same is not None and [u.code for u in same.units] == [21439]


def test_old_district_has_several_successors() -> None:
    found = adminunits.successors([("town", "thị xã Đức Phổ"), ("province", "tỉnh Quảng Ngãi")])
    assert found is not None and found.several and found.default is None
    assert 21439 in {u.code for u in found.units}
    assert {u.province_code for u in found.units} == {51}


def test_merged_province_converts_to_the_new_one() -> None:
    found = adminunits.successors([("province", "tỉnh Bình Dương")])
    assert found is not None and [u.full_name for u in found.units] == ["Thành phố Hồ Chí Minh"]
