"""iCalendar feeds (RFC 5545) of task deadlines: all plans, one agency, one plan.

Each dated task is one all-day event whose UID is derived from the plan and
task ids, so calendars update events instead of duplicating them. Nothing here
reads the clock: DTSTAMP comes from ``SOURCE_DATE_EPOCH`` or from the data, so
the same commit always gives byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator

from icalendar import Calendar, Event, vDuration

from planpub.catalog import Catalog, TaskEntry
from planpub.model import Roles
from planpub.site import links
from planpub.site.links import Urls
from planpub.site.names import Names
from planpub.site.outputs import Output
from planpub.slug import slugify
from planpub.vocab import ROLE_LABELS

PRODID = "-//planpub//Ke hoach boi thuong nha nuoc//VI"
REFRESH = dt.timedelta(days=1)


def build_stamp(catalog: Catalog) -> dt.datetime:
    """The time stamped on generated files: ``SOURCE_DATE_EPOCH``, else from the data.

    Without the variable: the latest issued date of any plan, else 1 January of
    the latest plan year, else 1 January 2000 (midnight UTC).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    issued = [p.issued for p in catalog.plans.values() if p.issued]
    years = [p.year for p in catalog.plans.values()]
    day = max(issued) if issued else dt.date(max(years) if years else 2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def event_uid(entry: TaskEntry) -> str:
    """``<plan-id>-<task-number-slug>@planpub``: stable across builds and feeds."""
    return f"{entry.plan.id}-{slugify(entry.number)}@planpub"


def _names(catalog: Catalog, ids: Iterable[str]) -> str:
    return ", ".join(catalog.agencies[a].name if a in catalog.agencies else a for a in ids)


def _events(catalog: Catalog, entry: TaskEntry, urls: Urls, stamp: dt.datetime) -> list[Event]:
    """The task's due date as an event, plus one per other milestone date."""
    timeline = entry.timeline
    if timeline is None or timeline.due is None:
        return []
    dates = [timeline.due, *sorted(set(timeline.milestones) - {timeline.due})]
    uid = event_uid(entry)
    return [_event(catalog, entry, urls, stamp, day,
                   uid if i == 0 else uid.replace("@", f"-{day:%Y%m%d}@"))
            for i, day in enumerate(dates)]


def _event(catalog: Catalog, entry: TaskEntry, urls: Urls, stamp: dt.datetime, day: dt.date,
           uid: str) -> Event:
    timeline = entry.timeline
    assert timeline is not None
    plan = entry.plan
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", f"Hạn nhiệm vụ {entry.number}: {entry.title}")
    lines = [f"Kế hoạch: {plan.title}" + (f" (số {plan.number})" if plan.number else ""),
             f"Thời gian thực hiện: {timeline.text}"]
    if not timeline.due_printed:
        lines.append("Văn bản không in ngày hạn này: ngày được tính từ thời gian thực hiện.")
    lines += [f"{ROLE_LABELS[role]}: {_names(catalog, entry.agencies(role))}"
              for role in Roles if entry.agencies(role)]
    url = urls.absolute(links.plan_src(plan.id), entry.anchor)
    lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    if timeline.recurrence == "yearly":
        rule: dict[str, object] = {"freq": "yearly"}
        if timeline.until:
            rule["until"] = timeline.until
        event.add("rrule", rule)
    return event


class FeedWriter:
    """Writes feeds for one build; each task's events are serialised once, then reused.

    A task appears in the all-plans feed, its plan's feed and the feed of every
    agency concerned: caching its bytes keeps the cost of all feeds linear in the
    number of tasks plus the size of the feeds.
    """

    def __init__(self, catalog: Catalog, urls: Urls, stamp: dt.datetime,
                 events: dict[str, bytes] | None = None) -> None:
        self.catalog = catalog
        self.urls = urls
        self.stamp = stamp
        self._events: dict[str, bytes] = {} if events is None else events
        """Serialised events by task id; a preview keeps them for the tasks it did not change."""

    def _event_bytes(self, entry: TaskEntry) -> bytes:
        data = self._events.get(entry.id)
        if data is None:
            events = _events(self.catalog, entry, self.urls, self.stamp)
            data = self._events[entry.id] = b"".join(e.to_ical() for e in events)
        return data

    def feed(self, entries: Iterable[TaskEntry], *, name: str,
             description: str | None = None) -> bytes:
        """An RFC 5545 calendar of the dated tasks among ``entries`` (each task once)."""
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        if description:
            cal.add("description", description)
            cal.add("x-wr-caldesc", description)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
        head: bytes = cal.to_ical()
        end = b"END:VCALENDAR\r\n"
        assert head.endswith(end)
        seen: set[str] = set()
        parts = [head[: -len(end)]]
        for entry in sorted(entries, key=lambda e: (e.due or dt.date.max, e.plan.id, e.number)):
            if entry.id in seen or entry.due is None:
                continue
            seen.add(entry.id)
            parts.append(self._event_bytes(entry))
        parts.append(end)
        return b"".join(parts)


def feed(catalog: Catalog, entries: Iterable[TaskEntry], *, name: str, urls: Urls,
         stamp: dt.datetime, description: str | None = None) -> bytes:
    """One feed on its own (see :class:`FeedWriter` to write many)."""
    return FeedWriter(catalog, urls, stamp).feed(entries, name=name, description=description)


def feed_outputs(names: Names, events: dict[str, bytes] | None = None,
                 wanted: Callable[[str], bool] | None = None) -> Iterator[Output]:
    """The site's feeds: every deadline, each plan's, each agency's.

    ``events`` keeps serialised events between preview rebuilds; with ``wanted``,
    the feeds it declines are not made at all.
    """
    c = names.catalog
    feeds = FeedWriter(c, names.urls, build_stamp(c), events)

    def want(src: str) -> bool:
        return wanted is None or wanted(src)

    if want(links.ALL_FEED):
        yield Output(links.ALL_FEED, feeds.feed(
            c.dated, name="Hạn công việc bồi thường nhà nước",
            description="Hạn của mọi nhiệm vụ trong các kế hoạch đã công bố."))
    for plan in c.plans.values():
        if want(links.plan_feed(plan.id)):
            yield Output(links.plan_feed(plan.id), feeds.feed(
                c.tasks_by_plan.get(plan.id, []), name=f"Hạn — {names.plan_label(plan)}",
                description=plan.title))
    for agency in c.agencies.values():
        if want(links.agency_feed(agency.id)):
            yield Output(links.agency_feed(agency.id), feeds.feed(
                (a.entry for a in names.agency_assignments(agency.id)),
                name=f"Hạn — {agency.name}",
                description=f"Hạn các nhiệm vụ {agency.name} chủ trì, tham mưu, phối hợp "
                            "hoặc tổng hợp."))
