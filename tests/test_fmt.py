"""`planpub fmt`: one canonical form for plan, registry and progress files, written the same
by Python and by the CMS's JavaScript (src/planpub/cms/static/planpub-yaml.js)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from conftest import ROOT
from planpub import canonical
from planpub.cli import main
from planpub.glossary import Term
from planpub.model import LegalDoc, Plan, Task
from planpub.progressmodel import Progress
from planpub.registrymodel import Agency, Locality
from planpub.yamlemit import split_header
from planrepo import PlanRepo

JS = ROOT / "src" / "planpub" / "cms" / "static" / "planpub-yaml.js"
PLAN = "pho-minh-2024-boi-thuong-nha-nuoc"
BUNDLED = sorted([*ROOT.glob("plans/*.yaml"), *ROOT.glob("registry/*.yaml"),
                  *ROOT.glob("progress/*.yaml")])
PROGRESS_DATA = sorted((ROOT / "tests" / "data" / "progress").glob("*.yaml"))


def fmt(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "fmt", *args])
    return code, out.getvalue(), err.getvalue()


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_bundled_files_are_canonical_and_formatting_is_idempotent() -> None:
    code, out, err = fmt(ROOT, "--check")
    assert code == 0, out + err
    assert "tất cả đã ở dạng chuẩn" in out
    for path in [*BUNDLED, *PROGRESS_DATA]:
        shown = rel(path) if path in BUNDLED else f"progress/{path.name}"
        once = canonical.format_text(path.read_text("utf-8"), shown)
        assert canonical.format_text(once, shown) == once
        assert canonical.dropped_comments(once) == 0


def _hand_written(clean: str, empty: str | None = "") -> str:
    """The clean plan as a person might type it: keys reversed, flow lists, explicit defaults
    and ``empty`` values, comments, other quoting."""
    header, _ = split_header(clean)
    data = canonical.parse(clean, "x")

    def messy(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: messy(v) for k, v in reversed(value.items())}
            if "number" in value and "title" in value:  # a task
                out.update({"numbered": out.get("numbered", True), "coordinate":
                            out.get("coordinate", []), "body": out.get("body", empty),
                            "timeline_label": "Thời gian thực hiện", "note": out.get("note")})
            return out
        if isinstance(value, list):
            return [messy(v) for v in value]
        return value

    data = messy(data)
    data.update({"type": "ke-hoach", "number": None, "place": empty, "bases_intro": "Thực hiện",
                 "headings": {"tasks": "NỘI DUNG"}})
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None,
                          width=60, default_style=None)
    lines = body.splitlines()
    year = lines.index("year: 2024")
    lines[year] += "   # ghi chú cuối dòng"
    lines.insert(year, "# một ghi chú giữa dữ liệu")
    return header + "\n".join(lines) + "\n"


def test_hand_written_variant_formats_to_the_clean_file(make_repo: Path) -> None:
    target = make_repo / "plans" / f"{PLAN}.yaml"
    clean = target.read_text("utf-8")
    variant = _hand_written(clean)
    assert variant != clean and "[" in variant and "'" in variant
    assert canonical.format_text(variant, f"plans/{PLAN}.yaml") == clean

    target.write_text(variant, encoding="utf-8")
    code, out, err = fmt(make_repo, "--check")
    assert code == 1
    assert f"plans/{PLAN}.yaml: chưa ở dạng chuẩn (định dạng sẽ bỏ 2 dòng chú thích" in out
    assert "planpub fmt" in err
    assert target.read_text("utf-8") == variant  # --check writes nothing

    code, out, err = fmt(make_repo, str(target))
    assert code == 0, err
    assert f"Đã định dạng plans/{PLAN}.yaml (bỏ 2 dòng chú thích" in out
    assert target.read_text("utf-8") == clean
    assert fmt(make_repo, "--check")[0] == 0


def test_syntax_error_and_links_leave_files_untouched(make_repo: Path, tmp_path: Path) -> None:
    broken = make_repo / "plans" / f"{PLAN}.yaml"
    text = broken.read_text("utf-8").replace("year: 2024", "year: [2024", 1)
    broken.write_text(text, encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text("plan: x\nreports: [ ]\n", encoding="utf-8")
    (make_repo / "progress").mkdir(exist_ok=True)
    link = make_repo / "progress" / "x.yaml"
    os.symlink(outside, link)

    code, _, err = fmt(make_repo)
    assert code != 0
    assert f"plans/{PLAN}.yaml:" in err and "lỗi" in err
    assert broken.read_text("utf-8") == text
    code, _, err = fmt(make_repo, str(link))
    assert code != 0 and "liên kết" in err
    assert outside.read_text("utf-8") == "plan: x\nreports: [ ]\n" and link.is_symlink()
    code, _, err = fmt(make_repo, str(outside))
    assert code != 0 and "ngoài kho" in err


MODELS: dict[str, type[BaseModel]] = {"agencies": Agency, "localities": Locality,
                                      "legal": LegalDoc, "abbreviations": Term,
                                      "progress": Progress}


@pytest.mark.parametrize("path", [p for p in [*BUNDLED, *PROGRESS_DATA]
                                  if p.parent.name in ("registry", "progress")
                                  and p.stem != "reviewers"], ids=lambda p: p.name)
def test_every_field_spelled_out_formats_to_the_same_file(path: Path) -> None:
    """A file that writes every field, null and default included (as a form may), is the same
    canonical file: what is dropped is exactly what the model reads as its default."""
    shown = f"{path.parent.name}/{path.name}"
    kind = canonical.kind_of(shown)
    assert kind is not None
    model = MODELS[kind]
    text = canonical.format_text(path.read_text("utf-8"), shown)
    data = canonical.parse(text, shown)
    entries = data if isinstance(data, list) else [data]
    full = [model.model_validate(e).model_dump(mode="json") for e in entries]
    verbose = yaml.safe_dump(full if isinstance(data, list) else full[0], allow_unicode=True,
                             sort_keys=True)
    assert kind == "abbreviations" or "null" in verbose
    header, _ = split_header(text)
    assert canonical.format_text(header + verbose, shown) == text


def test_spec_follows_the_models() -> None:
    spec = canonical.spec()
    task = [f["name"] for f in spec["plan"]["models"]["Task"]["fields"]]
    assert task == list(Task.model_fields)
    fields = {f["name"]: f for f in spec["plan"]["models"]["Plan"]["fields"]}
    assert list(fields) == list(Plan.model_fields)
    assert [f["name"] for f in spec["agencies"]["models"]["Agency"]["fields"]] == list(
        Agency.model_fields)
    assert fields["issued"]["node"] == {"type": "date"}
    assert fields["year"]["node"] == {"type": "int"} and fields["year"]["required"]
    assert fields["type"]["default"] == "ke-hoach"
    assert spec["plan"]["header"] == "# yaml-language-server: $schema=plan.schema.json\n"
    assert canonical.kind_of("registry/agencies.yaml") == "agencies"
    assert canonical.kind_of("progress/a.yaml") == "progress"
    assert canonical.kind_of("content/a.yaml") is None


# ----------------------------------------------------------------- the JavaScript twin

DRIVER = r"""
const Y = require(process.argv[1]);
const jsyaml = require(process.argv[2]);
function day(k, v) { return this[k] instanceof Date ? this[k].toISOString().slice(0, 10) : v; }
let input = "";
process.stdin.setEncoding("utf8");  // a character may straddle two chunks
process.stdin.on("data", d => { input += d; }).on("end", () => {
  const job = JSON.parse(input);
  const out = job.cases.map(c => {
    const spec = job.spec[c.kind];
    const text = Y.dump(c.data, spec, c.header);
    const loaded = Y.load(text, jsyaml);
    return {text: text, core: loaded.data, header: loaded.header,
            full: JSON.parse(JSON.stringify(jsyaml.load(text), day)),
            again: Y.dump(loaded.data, spec, loaded.header)};
  });
  process.stdout.write(JSON.stringify(out));
});
"""


@pytest.fixture(scope="module")
def js_yaml() -> Path:
    if shutil.which("node") is None:
        pytest.skip("node (Node.js) is not installed: the JavaScript emitter is not checked")
    from planpub.cms.bundle import JS_YAML, BundleError, ensure

    try:
        folder = ensure(ROOT, JS_YAML)  # fetched once, integrity checked, kept in .cache/cms
    except BundleError as err:
        pytest.skip(f"js-yaml 4.1.0 could not be fetched: {err}")
    return folder / "js-yaml.min.js"


def _json(value: Any) -> Any:
    """Data as the CMS holds it: dates as ``YYYY-MM-DD``."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def run_js(js_yaml: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    job = json.dumps({"spec": canonical.spec(), "cases": cases}, ensure_ascii=False)
    done = subprocess.run(["node", "-e", DRIVER, str(JS), str(js_yaml)], input=job,
                          capture_output=True, text=True, check=True, timeout=120)
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def test_javascript_writes_the_same_bytes_for_every_bundled_file(js_yaml: Path) -> None:
    cases, texts = [], []
    for path in [*BUNDLED, *PROGRESS_DATA]:
        shown = rel(path) if path in BUNDLED else f"progress/{path.name}"
        text = canonical.format_text(path.read_text("utf-8"), shown)
        header, _ = split_header(text)
        kind = canonical.kind_of(shown)
        cases.append({"kind": kind, "data": _json(canonical.parse(text, shown)),
                      "header": header})
        texts.append(text)
    for case, text, got in zip(cases, texts, run_js(js_yaml, cases), strict=True):
        assert got["text"] == text, case["kind"]
        assert got["again"] == text and got["header"] == case["header"]
        assert got["core"] == case["data"] == got["full"]


def test_javascript_writes_a_form_save_as_the_hand_edited_file(js_yaml: Path) -> None:
    """What a form holds (empty optional fields as "", null and [], defaults spelled out,
    keys in any order) saves as the canonical file."""
    clean = (ROOT / "plans" / f"{PLAN}.yaml").read_text("utf-8")
    for empty in ("", None):
        form = _json(canonical.parse(_hand_written(clean, empty), "form"))
        form["signature"]["title"] = empty
        [got] = run_js(js_yaml, [{"kind": "plan", "data": form, "header": None}])
        header, body = split_header(clean)
        new = "# yaml-language-server: $schema=plan.schema.json\n" + body  # a new file's header
        assert got["text"] == canonical.dump(form, "plan") == new
        assert canonical.dump(form, "plan", header) == clean


def _record(words: list[str]) -> dict[str, Any]:
    """A plan-shaped record with ``words`` in every kind of place."""
    first, *rest = words
    return {"id": first, "title": first, "issuer": rest[0] if rest else first, "year": 2025,
            "issued": "2025-07-01", "place": words[-1], "purposes": words,
            "tasks": [{"number": w, "title": w, "timeline": w, "lead": words[:3]}
                      for w in words[:4]],
            "closing": "\n".join(words), "headings": {"aims": first},
            **({} if words[-1] in PLAN_FIELDS else {words[-1]: {"x": first}})}


PLAN_FIELDS = {"id", "title", "issuer", "year", "issued", "place", "purposes", "tasks", "closing",
               "headings", "__proto__"}  # no form holds a key named like JavaScript's prototype
TEXT = st.characters(blacklist_categories=("Cs", "Cc"))
"""Text the reader accepts (it refuses control characters but TAB and line feed)."""
TRICKY = st.sampled_from([
    "yes", "No", "on", "1.10", "07", "2025-07-01", "1e3", "+1", "~", "null", "- a", "-a",
    "a: b", "a #b", "#a", "'q'", '"q"', "a:", " lead", "trail ", "x\ny", "x\n", "x\n\n",
    "\ttab", "Bồi thường nhà nước", "@user", "%p", "!tag", "*a", "&a", "|", ">", "[a]",
    "{a}", "a, b", "…", "\u00a0", "\u2028", "\ufeff", "=", "<<", "?", ":", "0x1F", "1_000",
    "12:30", ".inf", "10/2017/QH14", "Điều 12\n- khoản 1\n  - điểm a",
])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(TRICKY, st.text(TEXT, min_size=1, max_size=30)), min_size=2,
                max_size=12))
def test_javascript_and_python_agree_on_any_text(js_yaml: Path, words: list[str]) -> None:
    record = _record(words)
    text = canonical.dump(record, "plan")
    got = run_js(js_yaml, [{"kind": "plan", "data": record, "header": None}])[0]
    assert got["text"] == text
    back = canonical.parse(text, "x")
    assert _json(back) == got["core"] == got["full"]
    kept = {k: v for k, v in record.items() if v not in ("", [], {}, None)}
    assert back["tasks"] == kept["tasks"] and back["purposes"] == words
    assert back["closing"] == record["closing"] and back["id"] == words[0]


# ----------------------------------------------------------------- the review report

def test_review_names_a_formatting_only_change(make_repo: Path) -> None:
    repo = PlanRepo(make_repo)
    target = repo.plan_path(PLAN)
    clean = target.read_text("utf-8")
    target.write_text(_hand_written(clean, None), encoding="utf-8")
    base = repo.commit("Sửa tay, khác dạng")
    target.write_text(clean, encoding="utf-8")
    repo.commit("planpub fmt")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(["--root", str(make_repo), "review", base])
    report = out.getvalue()
    assert f"`plans/{PLAN}.yaml`: chỉ đổi cách trình bày (không đổi nội dung)." in report
    assert "0 được sửa đổi" in report
