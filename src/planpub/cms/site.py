"""The files of ``/quan-tri/``: the forms page, its configuration, and what the preview needs.

``config.yml`` (:mod:`planpub.cms.config`), ``canonical.json`` (the file formats,
:func:`planpub.canonical.spec`), ``ten.json`` (agency names and header lines for the
preview), the page, planpub's scripts, and the pinned Decap CMS and js-yaml files when
:mod:`planpub.cms.bundle` has fetched them. Without the bundle the page says how to get it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from planpub.canonical import spec
from planpub.cms.bundle import DECAP, JS_YAML, cached
from planpub.cms.config import COLLECTION_PLANS, FORMATS, cms_config
from planpub.cms.forge import Forge
from planpub.site.names import Names
from planpub.site.outputs import Output, later
from planpub.vocab import DOC_TYPE_LABELS

ADMIN = "quan-tri"
"""The forms' folder in the site: ``/quan-tri/``."""

OWN_FILES = ("planpub-yaml.js", "planpub-cms.js", "locale-vi.json")

PREVIEW_LABELS = {
    "number": "Số", "task": "Nhiệm vụ", "lead": "Chủ trì, thực hiện",
    "answer": "Tham mưu, tổng hợp", "coordinate": "Phối hợp", "timeline": "Thời gian",
    "table": "Bảng nhiệm vụ", "issuer": "Cơ quan ban hành", "year": "Năm",
    "numberFact": "Số, ký hiệu", "issued": "Ngày ban hành", "missing": "Văn bản nguồn không ghi",
    "note": "Xem trước: trang kế hoạch sẽ trông như thế này khi được đăng. Hạn và tình trạng "
            "của từng nhiệm vụ được tính khi dựng trang.",
}
"""The plan page's own labels (render/templates/plan.html), as the preview shows them."""


def _static(name: str) -> bytes:
    return resources.files("planpub.cms").joinpath("static", name).read_bytes()


def preview_names(names: Names) -> dict[str, object]:
    """What the preview shows for ids: agencies' names and header lines, document types."""
    agencies = {}
    for agency_id in names.catalog.agencies:
        parent, lines = names.issuer_header(agency_id)
        agencies[agency_id] = {"name": names.agency_name(agency_id),
                               "header": {"parent": parent, "lines": lines}}
    return {"agencies": agencies, "types": DOC_TYPE_LABELS, "labels": PREVIEW_LABELS}


def _script_json(value: object) -> str:
    """JSON safe inside ``<script>``: no ``</`` can end the element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _bundle_files(root: Path) -> list[tuple[str, Path]] | None:
    """(site name, file) of the verified bundle; None when it was not fetched."""
    decap, js_yaml = cached(root, DECAP), cached(root, JS_YAML)
    if decap is None or js_yaml is None:
        return None
    files = [(p.name, p) for p in sorted(decap.iterdir())
             if p.suffix in (".js", ".wasm")]
    files.append(("js-yaml.min.js", js_yaml / "js-yaml.min.js"))
    return files


def cms_outputs(root: Path, names: Names, forge: Forge, *, site_url: str, site_name: str,
                styles: Sequence[str], local_backend: str | None = None,
                local_branch: str | None = None) -> Iterator[Output]:
    """Every file of ``/quan-tri/``. ``styles``: the site's stylesheets, site-relative."""
    options = {"local_backend": local_backend} if local_backend else {}
    yield later(f"{ADMIN}/config.yml", lambda: yaml.safe_dump(cms_config(
        forge, site_url=site_url, local_branch=local_branch, **options), allow_unicode=True,
        sort_keys=False, width=100))
    yield later(f"{ADMIN}/canonical.json", lambda: json.dumps(spec(), ensure_ascii=False))
    yield later(f"{ADMIN}/ten.json", lambda: json.dumps(preview_names(names), ensure_ascii=False))
    for name in OWN_FILES:
        yield Output(f"{ADMIN}/{name}", _static(name))
    bundle = _bundle_files(root)
    for name, path in bundle or ():
        yield later(f"{ADMIN}/{name}", path.read_bytes)
    settings = {"spec": "canonical.json", "names": "ten.json", "locale": "locale-vi.json",
                "plans": COLLECTION_PLANS,
                "formats": {fmt: kind for kind, fmt in FORMATS.items()},
                "styles": [f"../{s}" for s in styles]}
    if bundle is None:
        scripts, status = "", (
            "Trang biểu mẫu chưa có gói Decap CMS: người dựng trang cần chạy “nox -s build” (lệnh "
            "này tải và kiểm tra gói) rồi đăng lại.")
    else:
        scripts = "\n".join(f'<script src="{name}"></script>' for name in
                            ("js-yaml.min.js", "planpub-yaml.js", "decap-cms.js", "planpub-cms.js"))
        status = "Đang tải biểu mẫu…"
    page = Template(_static("index.html").decode("utf-8")).substitute(
        site_name=html.escape(site_name), settings=_script_json(settings), status=status,
        scripts=scripts)
    yield Output(f"{ADMIN}/index.html", page)

