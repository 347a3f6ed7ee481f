"""Open data: plans.json, tasks.csv, the JSON Schemas of plan and progress files, each plan's
source file.

The shapes are a public interface (see DESIGN.md, "Open data"): keep names stable. Each task
carries its derived status (:mod:`planpub.status`), whether it is overdue on the reference date
the file names (``reference_date``, with the site's ``grace_days``), and every report on it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from planpub.catalog import Catalog, TaskEntry
from planpub.diagnostics import BuildError
from planpub.model import PARAGRAPH_MAX, LegalDoc, Plan, Roles
from planpub.oserrors import reason
from planpub.progressmodel import TASK_NUMBER_PATTERN, Progress, ProgressReport
from planpub.registrymodel import CONTACT_FIELDS, Agency
from planpub.safefile import UnsafeFile, read_capped
from planpub.site import links
from planpub.site.outputs import Output
from planpub.status import Reference
from planpub.timeline import Timeline
from planpub.vocab import vn_today
from planpub.yamlsrc import MAX_BYTES

SCHEMA_ID = "https://planpub.example/du-lieu/plan.schema.json"
PROGRESS_SCHEMA_ID = "https://planpub.example/du-lieu/progress.schema.json"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def plan_url(plan_id: str) -> str:
    """The site path of a plan page (the published layout, :func:`links.directory_url`)."""
    return "/" + links.directory_url(links.plan_src(plan_id))


def timeline_data(timeline: Timeline | None) -> dict[str, Any] | None:
    """``{text, kind, due, also}`` plus the other normalised fields.

    ``due_printed`` says whether the plan prints the due date itself (else it was worked out,
    e.g. 31/12 from "Năm 2025").
    """
    if timeline is None:
        return None
    return {
        "text": timeline.text,
        "kind": str(timeline.kind),
        "due": _iso(timeline.due),
        "due_printed": timeline.due_printed,
        "also": [str(k) for k in timeline.also],
        "start": _iso(timeline.start),
        "until": _iso(timeline.until),
        "recurrence": timeline.recurrence,
    }


def report_data(report: ProgressReport, reports_for: str | None = None) -> dict[str, Any]:
    """One report on a task: ``{agency, for, status, as_of, report, note}`` (``for``: the
    agency with a part in the task the report speaks for, itself or the ceased agency it
    succeeded; ``report``: the written report ``{number, date, url}``, or None)."""
    ref = report.report
    return {
        "agency": report.agency,
        "for": reports_for or report.agency,
        "status": report.status,
        "as_of": _iso(report.as_of),
        "report": None if ref is None else {
            "number": ref.number, "date": _iso(ref.date), "url": ref.url},
        "note": report.note,
    }


def task_data(catalog: Catalog, entry: TaskEntry, reference: Reference) -> dict[str, Any]:
    """One task in the open-data shape: what the plan says, then what was reported."""
    out: dict[str, Any] = {"id": entry.id, "number": entry.number, "title": entry.title}
    if entry.parent:
        out["parent"] = entry.parent
    for role in Roles:
        out[role] = list(entry.agencies(role))
    out["timeline"] = timeline_data(entry.timeline)
    progress = catalog.progress_of(entry)
    out["status"] = progress.status
    out["overdue"] = progress.overdue(entry.due, reference)
    speaks = catalog.reporters(entry) if progress.reports else {}
    out["progress"] = [report_data(r, speaks.get(r.agency)) for r in progress.reports]
    return out


def default_reference(reference: Reference | None) -> Reference:
    """``reference``, else today in Vietnam with no grace period (as the site's pages)."""
    return reference or Reference(vn_today())


def plan_data(catalog: Catalog, plan: Plan, reference: Reference | None = None) -> dict[str, Any]:
    """One plan with its tasks (``overdue`` counted on ``reference``, default today)."""
    ref = default_reference(reference)
    return {
        "id": plan.id,
        "type": plan.type,
        "number": plan.number,
        "title": plan.title,
        "issuer": plan.issuer,
        "issued": _iso(plan.issued),
        "year": plan.year,
        "locality": catalog.locality_of(plan),
        "url": plan_url(plan.id),
        "parents": catalog.parent_plans(plan),
        "signer": plan.signature.name if plan.signature else None,
        "source": plan.source,
        "tasks": [task_data(catalog, e, ref) for e in catalog.tasks_by_plan.get(plan.id, [])],
    }


def agency_data(agency: Agency) -> dict[str, Any]:
    """One agency entry; its contact fields (``url``, ``address``, ``phone``, ``email``,
    ``hours``) as the registry writes them, ``None`` when not given."""
    return {
        "id": agency.id,
        "name": agency.name,
        "short_names": list(agency.short_names),
        "locality": agency.locality,
        "kind": agency.kind,
        "members": list(agency.members),
        "valid_from": _iso(agency.valid_from),
        "valid_until": _iso(agency.valid_until),
        "successor": agency.successor,
        **{name: getattr(agency, name) for name in CONTACT_FIELDS},
    }


def document_data(doc: LegalDoc) -> dict[str, Any]:
    """One legal document entry."""
    return {
        "id": doc.id,
        "type": doc.type,
        "number": doc.number,
        "title": doc.title,
        "issuer": doc.issuer,
        "issued": _iso(doc.issued),
        "status": doc.status,
        "url": doc.url,
    }


def _agency_closure(catalog: Catalog, ids: Iterable[str]) -> list[str]:
    """``ids`` plus the members, parents and successors they lead to."""
    seen: list[str] = []
    queue = list(ids)
    while queue:
        ident = queue.pop(0)
        if ident in seen or ident not in catalog.agencies:
            continue
        seen.append(ident)
        agency = catalog.agencies[ident]
        queue.extend(agency.members)
        queue.extend(x for x in (agency.successor, agency.parent) if x)
    return seen


def open_data(catalog: Catalog, plan_ids: Iterable[str] | None = None,
              extra_agencies: Iterable[dict[str, Any]] = (),
              reference: Reference | None = None) -> dict[str, Any]:
    """The ``plans.json`` object; with ``plan_ids`` only those plans and what they use.

    ``reference`` is the date and grace period each task's ``overdue`` is counted on (default:
    today in Vietnam, no grace period); the object names them (``reference_date``,
    ``grace_days``) so that a reader knows which day ``overdue`` speaks of.
    """
    ref = default_reference(reference)
    plans = [catalog.plans[p] for p in plan_ids] if plan_ids is not None else list(
        catalog.plans.values())
    data_plans = [plan_data(catalog, plan, ref) for plan in plans]
    if plan_ids is None:
        agencies = list(catalog.agencies)
        documents = list(catalog.documents)
    else:
        used = [p["issuer"] for p in data_plans]
        used += [a for p in data_plans for t in p["tasks"] for r in Roles for a in t[r]]
        used += [r["agency"] for p in data_plans for t in p["tasks"] for r in t["progress"]]
        agencies = _agency_closure(catalog, used)
        documents = sorted({b.ref for plan in plans for b in plan.bases
                            if b.ref and b.ref in catalog.documents})
    return {
        "reference_date": ref.today.isoformat(),
        "grace_days": ref.grace,
        "plans": data_plans,
        "agencies": [agency_data(catalog.agencies[a]) for a in agencies] + list(extra_agencies),
        "documents": [document_data(catalog.documents[d]) for d in documents],
    }


def to_json(data: Any) -> str:
    """Stable, readable JSON (UTF-8 text, sorted nowhere: order is meaningful)."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def open_data_text(catalog: Catalog, reference: Reference | None = None) -> Iterator[str]:
    """``to_json(open_data(catalog, reference=reference))``, made one plan, agency and
    document at a time: a national ``plans.json`` is over 100 MB of text and ten times that
    as Python objects, never held whole."""
    ref = default_reference(reference)
    yield (f'{{\n "reference_date": {json.dumps(ref.today.isoformat())},\n'
           f' "grace_days": {json.dumps(ref.grace)},\n "plans": ')
    yield from _json_items(plan_data(catalog, plan, ref) for plan in catalog.plans.values())
    yield ',\n "agencies": '
    yield from _json_items(agency_data(agency) for agency in catalog.agencies.values())
    yield ',\n "documents": '
    yield from _json_items(document_data(doc) for doc in catalog.documents.values())
    yield "\n}\n"


def _json_items(items: Iterable[Any]) -> Iterator[str]:
    """A list that is a value of the top-level object, as :func:`to_json` indents it, an item
    at a time (JSON text holds no raw line break, so shifting each line is exact)."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]" if first else "\n ]"


TASK_COLUMNS = [
    "plan_id", "plan_number", "plan_title", "year", "locality", "id", "number", "title",
    "lead", "advise", "coordinate", "consolidate", "timeline_text", "timeline_kind",
    "timeline_due", "timeline_also", "url",
    "status", "overdue", "timeline_due_printed", "progress_as_of", "progress_agency",
    "progress_report", "progress_report_url", "progress_note", "progress_for",
]
"""Columns of ``tasks.csv``, new ones last. ``progress_*`` describe the task's newest report
(latest ``as_of``; on the same day, the later line of the progress file), empty with none."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these runs as a formula in a spreadsheet (OWASP)."""


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a formula-like text cell gets a leading ``'``.

    Numbers stay numbers; only the CSV files change, never the JSON.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _progress_cells(catalog: Catalog, entry: TaskEntry, reference: Reference) -> list[str]:
    """The ``status`` ... ``progress_for`` cells of a task (``timeline_due_printed``: whether
    the plan prints ``timeline_due`` itself, else it was worked out; empty without a due date;
    ``progress_for``: the agency with a part the newest report speaks for)."""
    progress = catalog.progress_of(entry)
    overdue = "true" if progress.overdue(entry.due, reference) else "false"
    timeline = entry.timeline
    printed = "" if timeline is None or timeline.due is None else str(timeline.due_printed).lower()
    if not progress.reports:
        return [progress.status, overdue, printed, "", "", "", "", "", ""]
    newest = progress.reports[-1]
    ref = newest.report
    return [progress.status, overdue, printed, newest.as_of.isoformat(), newest.agency,
            (ref.number if ref else None) or "", (ref.url if ref else None) or "",
            newest.note or "", catalog.reporters(entry).get(newest.agency, newest.agency)]


def tasks_csv(catalog: Catalog, reference: Reference | None = None) -> str:
    """``tasks.csv``: one row per task; lists joined by ``;``; text cells neutralised;
    ``overdue`` counted on ``reference`` (default today)."""
    return "".join(tasks_csv_text(catalog, reference))


def tasks_csv_text(catalog: Catalog, reference: Reference | None = None,
                   rows: int = 2000) -> Iterator[str]:
    """:func:`tasks_csv`, ``rows`` rows at a time."""
    ref = default_reference(reference)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TASK_COLUMNS)
    for i, entry in enumerate(catalog.tasks, 1):
        if i % rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        plan, timeline = entry.plan, entry.timeline
        writer.writerow(csv_cell(cell) for cell in [
            plan.id, plan.number or "", plan.title, plan.year, catalog.locality_of(plan) or "",
            entry.id, entry.number, entry.title,
            *(";".join(entry.agencies(role)) for role in Roles),
            timeline.text if timeline else "", str(timeline.kind) if timeline else "",
            _iso(timeline.due) or "" if timeline else "",
            ";".join(str(k) for k in timeline.also) if timeline else "",
            f"{plan_url(plan.id)}#{entry.anchor}",
            *_progress_cells(catalog, entry, ref),
        ])
    yield buffer.getvalue()


# --------------------------------------------------------------------------- JSON Schema

_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": r"^\d{1,2}/\d{1,2}/\d{4}$"},
    ],
    "description": "YYYY-MM-DD hoặc DD/MM/YYYY",
}


def _loosen(node: Any) -> Any:
    """Let authors write dates as DD/MM/YYYY, as the loader accepts."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "date":
            extra = {k: v for k, v in node.items() if k not in ("type", "format")}
            return {**_DATE_SCHEMA, **extra}
        return {k: _loosen(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_loosen(v) for v in node]
    return node


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file, for editors (VS Code YAML) and open data."""
    schema = _loosen(Plan.model_json_schema())
    defs = schema.get("$defs", {})
    timeline = defs.get("Timeline")
    if timeline is not None:
        obj = dict(timeline)
        obj["required"] = ["text"]
        defs["Timeline"] = {
            "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": PARAGRAPH_MAX,
                 "description": "Nguyên văn, ví dụ: Trước ngày 15/11/2025 hoặc khi có yêu cầu"},
                obj,
            ],
            "title": "Thời gian thực hiện",
        }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def progress_schema() -> dict[str, Any]:
    """The JSON Schema of a progress file (``progress/<plan-id>.yaml``), for editors and open
    data."""
    schema = _loosen(Progress.model_json_schema())
    task = schema["$defs"]["ProgressReport"]["properties"]["task"]
    keep = {k: v for k, v in task.items() if k in ("description", "title")}
    schema["$defs"]["ProgressReport"]["properties"]["task"] = {**keep, "anyOf": [
        {"type": "string", "pattern": TASK_NUMBER_PATTERN, "maxLength": 20},
        {"type": "integer", "minimum": 0},  # task: 9 (the loader reads it as "9")
    ]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": PROGRESS_SCHEMA_ID,
            **schema}


def _committed(root: Path, path: str) -> bytes:
    """A plan file's bytes, read under the loader's rules (a regular file inside the
    repository, capped): the file may have changed since it was loaded."""
    try:
        return read_capped(root / path, MAX_BYTES, root)
    except (UnsafeFile, OSError) as err:
        why = err.message if isinstance(err, UnsafeFile) else reason(err)
        raise BuildError(f"{path}: không sao chép được tệp kế hoạch vào trang ({why}). Cách "
                         "sửa: kiểm tra tệp (planpub validate) rồi dựng lại.") from None


def data_outputs(catalog: Catalog, root: Path, wanted: Callable[[str], bool] | None = None,
                 reference: Reference | None = None) -> Iterator[Output]:
    """The site's data files: each plan's YAML as committed, then ``du-lieu/``.

    With ``wanted``, the files it declines are not made at all; ``reference`` is the date and
    grace period ``overdue`` is counted against (default: today, no grace period).
    """
    def want(src: str) -> bool:
        return wanted is None or wanted(src)

    sources = {lp.plan.id: lp.doc.path for lp in catalog.loaded}
    for plan in catalog.plans.values():
        if want(links.plan_yaml(plan.id)):
            yield Output(links.plan_yaml(plan.id), _committed(root, sources[plan.id]))
    data: dict[str, Callable[[], Iterator[str]]] = {
        "plans.json": lambda: open_data_text(catalog, reference),
        "tasks.csv": lambda: tasks_csv_text(catalog, reference),
        "plan.schema.json": lambda: iter([to_json(plan_schema())]),
        "progress.schema.json": lambda: iter([to_json(progress_schema())]),
    }
    for name, make in data.items():
        if want(f"{links.DATA}/{name}"):
            yield Output(f"{links.DATA}/{name}", stream=make)
