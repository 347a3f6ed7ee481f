"""The Decap CMS configuration (``/quan-tri/config.yml``), derived from the models.

Every collection's form is read off the JSON Schema of its pydantic model (the one
``planpub schema`` writes): a field's label is its ``title``, its help text its
``description``, its widget follows its type, and a field whose schema says
``x-refers-to`` (:func:`planpub.fieldtypes.refers_to`) becomes a picker over the registry
or the plans. A field added to a model appears in the form with no edit here.

The forge comes from ``mkdocs.yml``'s ``extra.cms`` (:mod:`planpub.cms.forge`); without one
the forms work only through the local backend (``nox -s cms``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from planpub.cms.forge import Forge
from planpub.fieldtypes import DEPTH_MAX, ID_PATTERN, REFERENCE_KEY
from planpub.layout import CONTENT_DIR, PLANS_DIR, PROGRESS_DIR, REGISTRY_DIR, REGISTRY_FILES
from planpub.model import LegalDoc, Plan
from planpub.progressmodel import TASK_NUMBER_PATTERN, Progress
from planpub.registrymodel import Agency, Locality
from planpub.vocab import (
    AGENCY_KIND_LABELS,
    DOC_TYPE_LABELS,
    LOCALITY_KIND_LABELS,
    PROGRESS_LABELS,
    STATUS_LABELS,
)

Schema = dict[str, Any]
Widget = dict[str, Any]

LOCAL_BACKEND = "http://localhost:8081/api/v1"
"""Where ``decap-server`` (``nox -s cms``) listens."""

OPTION_LABELS = {**DOC_TYPE_LABELS, **STATUS_LABELS, **LOCALITY_KIND_LABELS, **PROGRESS_LABELS,
                 **AGENCY_KIND_LABELS}
"""The Vietnamese names of enumerated values the pages already use; others show as written."""

PATTERN_MESSAGES = {
    ID_PATTERN: "Chỉ chữ thường không dấu, chữ số, nối bằng dấu gạch ngang (ví dụ: "
                "so-tu-phap-quang-ngai).",
    TASK_NUMBER_PATTERN: "Số như văn bản in: chữ số hoặc chữ cái không dấu, các cấp cách nhau "
                         "bằng dấu chấm, không có dấu chấm ở cuối (ví dụ: 2, 2.1, 3.a).",
}
"""What a form says when a value does not match the pattern of its field."""

LONG_TEXT = 1000
"""A text field longer than this may hold paragraphs: a text area, not a line."""

TIMELINE_HINT = ("Ghi như văn bản in, ví dụ: Thường xuyên; Năm 2025; Quý I/2025; "
                 "Trước ngày 30/6/2025; Tháng 10/2025; 6 tháng đầu năm 2025.")

COLLECTION_PLANS, COLLECTION_PROGRESS = "ke-hoach", "tien-do"
SEARCH_FIELD = "__planpub_search"
"""Each registry entry's names without diacritics, added by planpub-cms.js for the pickers
(never written to the file)."""

REGISTRY_ITEMS = "items"
"""A registry file is a YAML list; the form holds it under this key (planpub-cms.js)."""

REGISTRY_FORMS = (  # (layout kind, file kind, form slug, label, singular, model, summary)
    ("agencies", "agencies", "co-quan", "Cơ quan", "cơ quan", Agency,
     "{{fields.name}} ({{fields.id}})"),
    ("documents", "legal", "van-ban", "Văn bản pháp luật", "văn bản", LegalDoc,
     "{{fields.number}} {{fields.title}}"),
    ("localities", "localities", "dia-ban", "Địa bàn", "địa bàn", Locality,
     "{{fields.name}} ({{fields.id}})"),
)

PICKERS = {
    "agencies": {"file": "co-quan", "search": ("name", "id"), "display": "name"},
    "localities": {"file": "dia-ban", "search": ("name", "id"), "display": "name"},
    "legal": {"file": "van-ban", "search": ("title", "number", "id"), "display": "title"},
}
"""What a reference field picks from (its ``x-refers-to``): the registry file's collection."""

FORMATS = {"plan": "planpub-plan", "progress": "planpub-progress",
           "agencies": "planpub-agencies", "legal": "planpub-legal",
           "localities": "planpub-localities"}
"""Custom formats planpub-cms.js registers, by file kind of :func:`planpub.canonical.spec`:
each writes canonical files (``planpub fmt``)."""

# --------------------------------------------------------------------------- fields


class _Fields:
    """Widgets of one model's schema, references into its ``$defs`` resolved."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.schema: Schema = model.model_json_schema()
        self.defs: dict[str, Schema] = self.schema.get("$defs", {})

    def of(self, schema: Schema, depth: dict[str, int]) -> list[Widget]:
        """The widgets of an object schema's properties, in model order."""
        required = set(schema.get("required", ()))
        out = []
        for name, prop in schema.get("properties", {}).items():
            widget = self.widget(name, prop, name in required, depth)
            if widget is not None:
                out.append(widget)
        return out

    def _resolve(self, prop: Schema) -> tuple[Schema, str | None]:
        """The schema without its ``null`` alternative and ``$ref``, and the def's name."""
        options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
        inner = options[0] if len(options) == 1 else prop
        ref = inner.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            return {**self.defs[name], **{k: v for k, v in inner.items() if k != "$ref"}}, name
        return inner, None

    def widget(self, name: str, prop: Schema, required: bool,
               depth: dict[str, int]) -> Widget | None:
        """The widget of one property; None when nesting would go deeper than a plan may."""
        inner, ref = self._resolve(prop)
        out: Widget = {"name": name, "label": prop.get("title") or inner.get("title") or name,
                       "required": required}
        hint = prop.get("description") or (None if ref else inner.get("description"))
        if hint and hint != out["label"]:
            out["hint"] = hint
        target = prop.get(REFERENCE_KEY) or inner.get(REFERENCE_KEY)
        if "default" in prop and prop["default"] not in (None, [], {}):
            out["default"] = prop["default"]
        if target:  # the list of names says it all: no "Mã … (registry/…)" hint
            out.pop("hint", None)
            out.update(picker(target, multiple=inner.get("type") == "array"))
        elif ref == "Timeline":
            out.update(widget="string", hint=TIMELINE_HINT)
        elif inner.get("type") == "array":
            items, item_ref = self._resolve(inner.get("items", {}))
            if item_ref is not None:
                if depth.get(item_ref, 0) >= DEPTH_MAX:
                    return None
                deeper = {**depth, item_ref: depth.get(item_ref, 0) + 1}
                out.update(widget="list", collapsed=True, fields=self.of(items, deeper),
                           summary=_summary(items))
                if items.get("title") not in (None, item_ref):  # "Thêm báo cáo"
                    out["label_singular"] = items["title"][:1].lower() + items["title"][1:]
            else:
                out.update(widget="list", field={"name": "item", "label": out["label"],
                                                 **scalar(items)})
            out.setdefault("default", [])
            for key, dest in (("minItems", "min"), ("maxItems", "max")):
                if key in inner:
                    out[dest] = inner[key]
        elif ref is not None and inner.get("type") == "object":
            fields = self.of(inner, depth)
            if not required:  # Decap checks an empty optional group's fields too
                fields = [{**f, "required": False} for f in fields]
            out.update(widget="object", collapsed=True, fields=fields)
        else:
            out.update(scalar(inner))
        return out


def _summary(schema: Schema) -> str:
    """How a list item is named when collapsed: its number and title, name or label."""
    props = schema.get("properties", {})
    parts = [f"{{{{fields.{key}}}}}" for key in ("number", "label", "title", "name", "heading",
                                                  "task", "ref")
             if key in props][:2]
    return " ".join(parts) or f"{{{{fields.{next(iter(props), 'id')}}}}}"


def scalar(schema: Schema) -> Widget:
    """The widget of a string, number, date, yes/no or choice."""
    if "enum" in schema or "const" in schema:  # shown by their Vietnamese names
        values = schema.get("enum") or [schema["const"]]
        return {"widget": "select", "options": [
            {"label": OPTION_LABELS.get(v, v), "value": v} for v in values]}
    kind = schema.get("type")
    if kind == "integer":
        out: Widget = {"widget": "number", "value_type": "int"}
        for key, dest in (("minimum", "min"), ("maximum", "max")):
            if key in schema:
                out[dest] = schema[key]
        return out
    if kind == "boolean":
        return {"widget": "boolean"}
    if schema.get("format") == "date":
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
                "time_format": False, "default": ""}
    out = {"widget": "text" if schema.get("maxLength", 0) > LONG_TEXT else "string"}
    if "pattern" in schema:
        out["pattern"] = [schema["pattern"], PATTERN_MESSAGES.get(
            schema["pattern"], "Chưa đúng dạng, xem gợi ý bên dưới ô.")]
    return out


def picker(target: str, *, multiple: bool) -> Widget:
    """A relation widget over the registry file ``target`` or over the plans."""
    if target == "plans":
        return {"widget": "relation", "collection": COLLECTION_PLANS, "value_field": "id",
                "search_fields": ["title", "id"], "display_fields": ["title"],
                "multiple": multiple, "options_length": 50}
    spec = PICKERS[target]
    field = f"{REGISTRY_ITEMS}.*"
    return {"widget": "relation", "collection": spec["file"], "file": spec["file"],
            "value_field": f"{field}.id",
            "search_fields": [*(f"{field}.{key}" for key in spec["search"]),
                              f"{field}.{SEARCH_FIELD}"],
            "display_fields": [f"{field}.{spec['display']}"], "multiple": multiple,
            "options_length": 50}


def form_fields(model: type[BaseModel]) -> list[Widget]:
    """The form of one model's file (its top-level fields)."""
    fields = _Fields(model)
    return fields.of(fields.schema, {})


# --------------------------------------------------------------------------- collections


def collections() -> list[Widget]:
    """Plans, progress reports and the registry, each a form over its model."""
    plans = {
        "name": COLLECTION_PLANS, "label": "Kế hoạch", "label_singular": "kế hoạch",
        "description": "Mỗi kế hoạch là một tệp trong plans/. Trên kho của cơ quan, mỗi lần lưu "
                       "là một đề nghị thay đổi (pull request) chờ người duyệt trước khi đăng.",
        "folder": PLANS_DIR, "extension": "yaml", "format": FORMATS["plan"],
        "create": True, "delete": False, "identifier_field": "id", "slug": "{{id}}",
        "summary": "{{fields.title}} ({{fields.year}})",
        "sortable_fields": ["year", "title", "id"],
        "fields": form_fields(Plan),
    }
    progress = {
        "name": COLLECTION_PROGRESS, "label": "Báo cáo tiến độ", "label_singular": "tệp báo cáo",
        "description": "Mỗi tệp trong progress/ ghi các báo cáo của cơ quan về nhiệm vụ của một "
                       "kế hoạch (tệp mang mã kế hoạch).",
        "folder": PROGRESS_DIR, "extension": "yaml", "format": FORMATS["progress"],
        "create": True, "delete": False, "identifier_field": "plan", "slug": "{{plan}}",
        "summary": "{{fields.plan}}", "fields": form_fields(Progress),
    }
    registry = []
    for where, kind, slug, label, singular, model, summary in REGISTRY_FORMS:
        # Decap reads a collection's files in one format: one collection per registry file
        registry.append({
            "name": slug, "label": label, "format": FORMATS[kind], "editor": {"preview": False},
            "description": f"{label} mà các kế hoạch dẫn chiếu (tệp {REGISTRY_DIR}/"
                           f"{REGISTRY_FILES[where]}).",
            "files": [{
                "name": slug, "label": label, "file": f"{REGISTRY_DIR}/{REGISTRY_FILES[where]}",
                "fields": [{"name": REGISTRY_ITEMS, "label": label, "label_singular": singular,
                            "widget": "list", "collapsed": True, "summary": summary,
                            "fields": form_fields(model)}],
            }],
        })
    return [plans, progress, *registry]


def cms_config(forge: Forge, *, site_url: str = "", local_backend: str = LOCAL_BACKEND,
               local_branch: str | None = None) -> dict[str, Any]:
    """The whole configuration: forge, Vietnamese UI, editorial workflow, collections.

    ``local_branch``: the working copy's branch the local backend edits (``nox -s cms``).
    """
    backend: Widget
    if forge.configured:
        backend = {"name": forge.backend, "repo": forge.repo,
                   "branch": local_branch or forge.branch}
        backend.update({k: getattr(forge, k) for k in ("base_url", "api_root")
                        if getattr(forge, k)})
    else:  # no forge: only `nox -s cms` (decap-server) can serve the forms
        backend = {"name": "proxy", "proxy_url": local_backend,
                   "branch": local_branch or forge.branch}
    backend["commit_messages"] = {  # a pull request's title: officers read it on the forge
        "create": "Thêm {{collection}} {{slug}}", "update": "Sửa {{collection}} {{slug}}",
        "delete": "Xóa {{collection}} {{slug}}", "uploadMedia": "Tải lên {{path}}",
        "deleteMedia": "Xóa tệp {{path}}"}
    out: dict[str, Any] = {
        "backend": backend,
        "local_backend": {"url": local_backend},
        "locale": "vi",
        "publish_mode": "editorial_workflow" if forge.workflow else "simple",
        "media_folder": f"{CONTENT_DIR}/tep-dinh-kem", "public_folder": "/tep-dinh-kem",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "search": True,
        "collections": collections(),
    }
    if site_url:
        out["site_url"] = out["display_url"] = site_url
    return out
