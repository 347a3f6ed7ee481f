"""The forms' configuration is the models': every field of every schema has its form field,
with its Vietnamese label and help, its kind of input, and a picker where it names an
agency, a place, a document or a plan; ``extra.cms`` mistakes stop with the fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html
from pydantic import BaseModel, Field

from conftest import ROOT, build_site
from planpub.cms.config import COLLECTION_PLANS, cms_config, form_fields
from planpub.cms.forge import ConfigError, Forge, read_forge
from planpub.fieldtypes import REFERENCE_KEY, DataModel, Id, refers_to
from planpub.model import LegalDoc, Plan
from planpub.progressmodel import Progress
from planpub.registrymodel import Agency, Locality

Schema = dict[str, Any]


def _resolve(defs: dict[str, Schema], prop: Schema) -> tuple[Schema, str | None]:
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    inner = options[0] if len(options) == 1 else prop
    if "$ref" in inner:
        name = inner["$ref"].rsplit("/", 1)[-1]
        return defs[name], name
    return inner, None


def walk(defs: dict[str, Schema], schema: Schema, widgets: list[dict[str, Any]], path: str,
         seen: dict[str, int], optional: bool = False) -> list[str]:
    """Every property of ``schema`` (recursively) matched to a form field; the paths checked."""
    by_name = {w["name"]: w for w in widgets}
    checked = []
    for name, prop in schema.get("properties", {}).items():
        where = f"{path}.{name}"
        assert name in by_name, f"{where} has no form field"
        widget = by_name[name]
        assert widget["label"] == prop.get("title", name), where
        required = name in schema.get("required", []) and not optional
        assert widget["required"] == required, where
        inner, ref = _resolve(defs, prop)
        checked.append(where)
        if prop.get(REFERENCE_KEY):
            assert widget["widget"] == "relation", where
            assert widget["multiple"] == (inner.get("type") == "array"), where
        elif ref == "Timeline":
            assert widget["widget"] == "string", where
        elif inner.get("type") == "array":
            assert widget["widget"] == "list", where
            item, item_ref = _resolve(defs, inner["items"])
            if item_ref is not None and seen.get(item_ref, 0) < 2:  # two levels of recursion
                deeper = {**seen, item_ref: seen.get(item_ref, 0) + 1}
                checked += walk(defs, item, widget["fields"], where, deeper)
        elif inner.get("type") == "object":
            assert widget["widget"] == "object", where
            checked += walk(defs, inner, widget["fields"], where, seen, not required)
        elif "enum" in inner or "const" in inner:
            assert widget["widget"] == "select", where
            values = inner.get("enum") or [inner["const"]]
            assert [o["value"] for o in widget["options"]] == values, where
        elif inner.get("format") == "date":
            assert widget["widget"] == "datetime" and widget["format"] == "YYYY-MM-DD", where
        elif inner.get("type") == "integer":
            assert widget["widget"] == "number" and widget["value_type"] == "int", where
        elif inner.get("type") == "boolean":
            assert widget["widget"] == "boolean", where
        else:
            assert widget["widget"] in ("string", "text"), where
    return checked


@pytest.mark.parametrize("model", [Plan, Progress, Agency, Locality, LegalDoc])
def test_every_field_of_the_schema_is_in_the_form(model: type[BaseModel]) -> None:
    schema = model.model_json_schema()
    checked = walk(schema.get("$defs", {}), schema, form_fields(model), model.__name__, {})
    assert len(checked) >= len(schema["properties"])


def test_every_label_is_vietnamese_and_every_reference_a_picker() -> None:
    config = cms_config(Forge())
    names = {c["name"]: c for c in config["collections"]}
    plan = {f["name"]: f for f in names[COLLECTION_PLANS]["fields"]}
    assert plan["title"]["label"] == "Trích yếu"
    assert plan["issuer"]["collection"] == "co-quan"
    assert plan["issuer"]["value_field"] == "items.*.id"
    task = {f["name"]: f for f in plan["tasks"]["fields"]}
    assert task["lead"]["widget"] == "relation" and task["lead"]["multiple"] is True
    assert {o["label"] for o in plan["type"]["options"]} >= {"Kế hoạch", "Quyết định"}
    assert names["tien-do"]["fields"][0]["collection"] == COLLECTION_PLANS

    def labels(fields: list[dict[str, Any]]) -> list[str]:
        out = []
        for field in fields:
            out.append(field["label"])
            out += labels(field.get("fields", []))
        return out

    every = labels(names[COLLECTION_PLANS]["fields"])
    assert all(label != label.lower().replace(" ", "_") or " " in label for label in every)


def test_a_field_added_to_a_model_appears_in_the_form() -> None:
    class Extended(DataModel):
        id: Id = Field(title="Mã")
        partner: Id | None = Field(None, title="Cơ quan đối tác",
                                   json_schema_extra=refers_to("agencies"))
        pages: int = Field(1, title="Số trang", ge=1)

    fields = {f["name"]: f for f in form_fields(Extended)}
    assert fields["partner"]["widget"] == "relation"
    assert fields["partner"]["label"] == "Cơ quan đối tác"
    assert fields["pages"] == {"name": "pages", "label": "Số trang", "required": False,
                               "default": 1, "widget": "number", "value_type": "int", "min": 1}


def test_editorial_workflow_where_the_forge_runs_it() -> None:
    github = cms_config(read_forge({"cms": {"backend": "github", "repo": "so-tu-phap/ke-hoach"}}))
    assert github["publish_mode"] == "editorial_workflow"
    assert github["backend"]["repo"] == "so-tu-phap/ke-hoach"
    assert github["locale"] == "vi"
    assert github["backend"]["commit_messages"]["create"].startswith("Thêm ")  # a PR's title
    gitea = cms_config(read_forge({"cms": {"backend": "gitea", "repo": "stp/kh",
                                           "branch": "bieu-mau",
                                           "api_root": "https://git.example.vn/api/v1"}}))
    assert gitea["publish_mode"] == "simple" and gitea["backend"]["branch"] == "bieu-mau"
    local = cms_config(Forge())
    assert local["backend"]["name"] == "proxy"


@pytest.mark.parametrize(("extra", "message"), [
    ({"cms": "github"}, "nhóm khóa"),
    ({"cms": {"backend": "sourcehut", "repo": "a/b"}}, "chưa được hỗ trợ"),
    ({"cms": {"backend": "github", "repo": "ke-hoach"}}, "chủ-sở-hữu/tên-kho"),
    ({"cms": {"backend": "github", "repo": "a/b", "brach": "main"}}, "khóa lạ"),
    ({"cms": {"backend": "gitlab", "repo": "a/b", "api_root": "http://x"}}, "https://"),
    ({"cms": {"backend": "forgejo", "repo": "a/b"}}, "api_root"),
])
def test_forge_mistakes_say_how_to_fix_them(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        read_forge(extra)


def test_cms_config_command_prints_what_the_site_serves(built_site: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "planpub.cli", "cms-config", "--root", str(ROOT)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    served = (built_site / "quan-tri" / "config.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(done.stdout) == yaml.safe_load(served)


def test_the_forms_page_is_served_from_the_site_itself(built_site: Path) -> None:
    admin = built_site / "quan-tri"
    page = html.fromstring((admin / "index.html").read_text(encoding="utf-8"))
    scripts = [s.get("src") for s in page.cssselect("script[src]")]
    if not scripts:
        pytest.fail("the bundle was not fetched before the build (planpub cms-bundle)")
    assert all(src and "://" not in src and (admin / src).is_file() for src in scripts)
    assert page.get("lang") == "vi"
    assert (page.cssselect('meta[name="robots"]')[0].get("content") or "").startswith("noindex")


def test_a_bad_forge_setting_stops_the_build(make_repo: Path, tmp_path: Path) -> None:
    config = make_repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  cms:\n    backend: github\n    repo: chi-mot-ten\n", 1),
        encoding="utf-8")
    done = build_site(make_repo, tmp_path / "site")
    assert done.returncode != 0
    assert "extra.cms.repo" in done.stdout + done.stderr
