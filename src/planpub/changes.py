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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape, quoteattr

from planpub.catalog import Catalog, task_anchor
from planpub.export import plan_url
from planpub.gitrev import BlobReader, history, is_repository, prefix
from planpub.layout import PLANS_DIR
from planpub.load import load_plan
from planpub.model import Plan
from planpub.review import moved_deadlines, timeline_move

FEED_PATH = "thay-doi.xml"
FEED_TITLE = "Thay đổi kế hoạch bồi thường nhà nước"
MAX_ENTRIES = 50
MAX_COMMITS = 200


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


def _text(value: str) -> str:
    return escape(_CONTROL.sub("", value))


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'planpub:' + key)}"


def atom_feed(events: list[Event], site_url: str | None, site_name: str) -> str:
    """The Atom 1.0 document (RFC 4287)."""
    root_url = (site_url or "").rstrip("/")
    updated = max((e.updated for e in events), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
        f"  <title>{_text(FEED_TITLE)}</title>",
        f"  <subtitle>{_text('Kế hoạch mới và thời hạn nhiệm vụ được điều chỉnh')}</subtitle>",
        f"  <id>{_urn(root_url or site_name)}</id>",
        f"  <link rel=\"self\" href={quoteattr(f'{root_url}/{FEED_PATH}')}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(root_url + '/')}/>",
        f"  <updated>{_stamp(updated)}</updated>",
        f"  <author><name>{_text(site_name)}</name></author>",
    ]
    for event in events:
        link = root_url + plan_url(event.plan_id) + (f"#{event.anchor}" if event.anchor else "")
        out += [
            "  <entry>",
            f"    <title>{_text(event.title)}</title>",
            f"    <id>{_urn(event.key)}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>",
            f"    <updated>{_stamp(event.updated)}</updated>",
            f"    <summary>{_text(event.summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
