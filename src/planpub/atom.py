"""Changes to the plans over time, as the Atom feed ``thay-doi.xml``.

From the git history (first-parent line, so a merged pull request is one
change dated when it landed): plans added, and tasks whose deadline moved.
Outside a git checkout the feed lists the plans alone, dated by their issue
date (or 1 January of their year): never by the clock, so builds reproduce.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from planpub.catalog import Catalog
from planpub.gitrev import BlobReader, history, is_repository, prefix
from planpub.layout import PLANS_DIR
from planpub.load import load_plan
from planpub.model import Plan
from planpub.plandiff import moved_deadlines, timeline_move
from planpub.site import links
from planpub.tasks import task_anchor

FEED_PATH = links.CHANGES_FEED
FEED_TITLE = "Thay đổi kế hoạch bồi thường nhà nước"
MAX_ENTRIES = 50
MAX_COMMITS = 200
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ET.register_namespace("", ATOM_NS)


@dataclass(frozen=True)
class Event:
    """One feed entry: a new plan, or a task whose deadline moved."""

    updated: dt.datetime
    key: str
    plan_id: str
    title: str
    summary: str
    anchor: str | None = None


def _new_plan(plan: Plan, when: dt.datetime, key: str) -> Event:
    number = f" (số {plan.number})" if plan.number else ""
    return Event(when, key, plan.id, f"Kế hoạch mới: {plan.title}",
                 f"Đã đăng kế hoạch “{plan.title}”{number}, năm {plan.year}, "
                 f"gồm {len(plan.tasks)} mục nhiệm vụ.")


def history_events(root: Path, catalog: Catalog, limit: int = MAX_ENTRIES,
                   max_commits: int = MAX_COMMITS) -> list[Event] | None:
    """Newest changes first, for plans still in ``catalog``; None outside a git checkout."""
    if not is_repository(root):
        return None
    commits = history(root, PLANS_DIR, max_commits)
    if not commits:
        return None
    base = prefix(root)
    events: list[Event] = []
    with BlobReader(root) as reader, tempfile.TemporaryDirectory(prefix="planpub-") as tmp:

        def load(rev: str, path: str) -> Plan | None:
            data = reader.read(f"{rev}:{base}{path}")
            if data is None:
                return None
            file = Path(tmp) / PurePosixPath(path).name
            file.write_bytes(data)
            loaded, _ = load_plan(file, path)
            return loaded.plan if loaded else None

        for info, files in commits:
            for change in files:
                path = change.new_path
                if path is None or not path.endswith((".yaml", ".yml")):
                    continue
                new = load(info.sha, path)
                if new is None or new.id not in catalog.plans:
                    continue
                if change.status == "A":
                    events.append(_new_plan(new, info.date, f"{info.sha}/{new.id}"))
                    continue
                old = load(f"{info.sha}^1", change.old_path or path)
                if old is None:
                    continue
                for before, after in moved_deadlines(old, new):
                    events.append(Event(
                        info.date, f"{info.sha}/{new.id}/{after.number}", new.id,
                        f"Đổi thời hạn: nhiệm vụ {after.number}, {new.title}",
                        f"Nhiệm vụ {after.number} “{after.title}”: thời gian thực hiện "
                        f"{timeline_move(before.timeline, after.timeline)}.",
                        task_anchor(after.number)))
                if len(events) >= limit:
                    return events[:limit]
    return events


def catalog_events(catalog: Catalog, limit: int = MAX_ENTRIES) -> list[Event]:
    """Without history: each plan, dated by its issue date or 1 January of its year."""
    def when(plan: Plan) -> dt.datetime:
        day = plan.issued or dt.date(plan.year, 1, 1)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)

    plans = sorted(catalog.plans.values(), key=lambda p: (when(p), p.id), reverse=True)
    return [_new_plan(p, when(p), p.id) for p in plans[:limit]]


def feed_events(root: Path, catalog: Catalog, limit: int = MAX_ENTRIES) -> list[Event]:
    """The feed's entries: from git history when there is one, else from the plans."""
    found = history_events(root, catalog, limit)
    return found if found is not None else catalog_events(catalog, limit)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Append the Atom element ``tag``; characters XML cannot carry are dropped."""
    child = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}",
                          {k: _CONTROL.sub("", v) for k, v in attrs.items()})
    if text is not None:
        child.text = _CONTROL.sub("", text)
    return child


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'planpub:' + key)}"


def atom_feed(events: list[Event], site_url: str | None, site_name: str) -> str:
    """The Atom 1.0 document (RFC 4287)."""
    urls = links.Urls(site_url=site_url or "")
    updated = max((e.updated for e in events), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: "vi"})
    _add(feed, "title", FEED_TITLE)
    _add(feed, "subtitle", "Kế hoạch mới và thời hạn nhiệm vụ được điều chỉnh")
    _add(feed, "id", _urn((site_url or "").rstrip("/") or site_name))
    _add(feed, "link", rel="self", href=urls.absolute(FEED_PATH))
    _add(feed, "link", rel="alternate", type="text/html", href=urls.absolute("index.md"))
    _add(feed, "updated", _stamp(updated))
    _add(_add(feed, "author"), "name", site_name)
    for event in events:
        entry = _add(feed, "entry")
        _add(entry, "title", event.title)
        _add(entry, "id", _urn(event.key))
        _add(entry, "link", rel="alternate", type="text/html",
             href=urls.absolute(links.plan_src(event.plan_id), event.anchor or ""))
        _add(entry, "updated", _stamp(event.updated))
        _add(entry, "summary", event.summary)
    ET.indent(feed, space="  ")
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data.decode("utf-8") + "\n"
