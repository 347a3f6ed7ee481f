"""iCalendar feeds (RFC 5545) of task deadlines: all plans, one agency, one plan.

Each dated task is one all-day event whose UID is derived from the plan and
task ids, so calendars update events instead of duplicating them. Nothing here
reads the clock: DTSTAMP comes from ``SOURCE_DATE_EPOCH`` or from the data, so
the same commit always gives byte-identical feeds.

What agencies reported (:mod:`planpub.status`) goes where RFC 5545 lets it:

* ``STATUS``: a VEVENT may only be ``TENTATIVE``, ``CONFIRMED`` or ``CANCELLED``
  (RFC 5545 §3.8.1.11); ``COMPLETED`` and ``PERCENT-COMPLETE`` belong to VTODO. A deadline
  the plan sets is ``CONFIRMED``; it is ``CANCELLED`` only when every agency the task answers
  to (its leads) reported ``khong-thuc-hien``: the work will not be done, so the deadline no
  longer applies (some calendar apps then hide the event; the plan page still lists the
  task). One lead's "không thực hiện" while another has not reported, or reported otherwise,
  keeps it ``CONFIRMED``.
* Done tasks stay VEVENTs: Google Calendar, Outlook and Apple Calendar ignore VTODOs in a
  subscribed feed, and one UID must not change its component type, so a VTODO with
  ``COMPLETED`` would make a finished deadline vanish from readers' calendars.
* ``DESCRIPTION`` says the task's status in words ("Tình trạng: Hoàn thành"), the date of the
  newest report, each lead's status with its report number, and "quá hạn" only when the task
  is overdue on the reference date (never from a date alone), with that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from icalendar import Calendar, Event, vDuration

from planpub.catalog import Catalog, TaskEntry
from planpub.model import Roles
from planpub.site import links
from planpub.site.calendars import Calendars
from planpub.site.links import Urls
from planpub.site.outputs import Output, later
from planpub.slug import slugify
from planpub.status import Reference, TaskProgress
from planpub.vocab import PROGRESS_LABELS, ROLE_LABELS, VN_TIME, dmy, source_date_epoch

PRODID = "-//planpub//Ke hoach boi thuong nha nuoc//VI"
REFRESH = dt.timedelta(days=1)
FEED_BYTES = 1_500_000
"""A feed larger than this keeps only the deadlines nearest the reference date: calendar apps
refuse or stall on subscriptions of a few megabytes (the site's target is 2 MB at most)."""
RECENT = dt.timedelta(days=31)
"""How far back a trimmed feed keeps recent deadlines first."""


def build_stamp(catalog: Catalog) -> dt.datetime:
    """The time stamped on generated files: ``SOURCE_DATE_EPOCH``, else from the data.

    Without the variable: the latest issued date of any plan, else 1 January of
    the latest plan year, else 1 January 2000 (midnight UTC).
    """
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    issued = [p.issued for p in catalog.plans.values() if p.issued]
    years = [p.year for p in catalog.plans.values()]
    day = max(issued) if issued else dt.date(max(years) if years else 2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def event_uid(entry: TaskEntry) -> str:
    """``<plan-id>-<task-number-slug>@planpub``: stable across builds and feeds."""
    return f"{entry.plan.id}-{slugify(entry.number)}@planpub"


def _names(catalog: Catalog, ids: Iterable[str]) -> str:
    return ", ".join(catalog.agencies[a].name if a in catalog.agencies else a for a in ids)


def event_status(progress: TaskProgress) -> str:
    """The RFC 5545 ``STATUS`` of a task's events (see the module's docstring)."""
    leads = progress.answering
    if leads and all(p.status == "khong-thuc-hien" for p in leads):
        return "CANCELLED"
    return "CONFIRMED"


def status_lines(catalog: Catalog, entry: TaskEntry, reference: Reference) -> list[str]:
    """The task's reported status in words, for an event's description."""
    progress = catalog.progress_of(entry)
    head = f"Tình trạng: {PROGRESS_LABELS[progress.status]}"
    if progress.reports:
        head += f" (báo cáo đến ngày {dmy(max(r.as_of for r in progress.reports))})"
    if progress.overdue(entry.due, reference):
        head += f"; quá hạn (tính đến ngày {dmy(reference.today)})"
    if not progress.reports:
        return [head]
    lines = [head]
    for part in progress.answering:
        line = f"- {_names(catalog, [part.agency])}: {PROGRESS_LABELS[part.status]}"
        latest = part.latest
        if latest is not None:
            line += f", ngày {dmy(latest.as_of)}"
            number = latest.report.number if latest.report else None
            by = _names(catalog, [latest.agency]) if latest.agency != part.agency else ""
            if number:
                line += f", báo cáo số {number}" + (f" của {by}" if by else "")
            elif by:
                line += f", do {by} báo cáo"
        lines.append(line)
    return lines


def _events(catalog: Catalog, entry: TaskEntry, urls: Urls, stamp: dt.datetime,
            status: tuple[str, list[str]]) -> list[Event]:
    """The task's due date as an event, plus one per other milestone date (``status``: the
    ``STATUS`` value and the status lines of the description)."""
    timeline = entry.timeline
    if timeline is None or timeline.due is None:
        return []
    dates = [timeline.due, *sorted(set(timeline.milestones) - {timeline.due})]
    uid = event_uid(entry)
    return [_event(catalog, entry, urls, stamp, day,
                   uid if i == 0 else uid.replace("@", f"-{day:%Y%m%d}@"), status)
            for i, day in enumerate(dates)]


def _event(catalog: Catalog, entry: TaskEntry, urls: Urls, stamp: dt.datetime, day: dt.date,
           uid: str, status: tuple[str, list[str]]) -> Event:
    timeline = entry.timeline
    assert timeline is not None
    plan = entry.plan
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", f"Hạn nhiệm vụ {entry.number}: {entry.title}")
    event.add("status", status[0])
    lines = [f"Kế hoạch: {plan.title}" + (f" (số {plan.number})" if plan.number else ""),
             f"Thời gian thực hiện: {timeline.text}"]
    if not timeline.due_printed:
        lines.append("Văn bản không in ngày hạn này: ngày được tính từ thời gian thực hiện.")
    lines += status[1]
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
                 events: dict[str, bytes] | None = None,
                 reference: Reference | None = None) -> None:
        self.catalog = catalog
        self.urls = urls
        self.stamp = stamp
        self.reference = reference or Reference(stamp.astimezone(VN_TIME).date())
        """What "overdue" is counted on (default: the stamp's day, not the clock)."""
        self._events: dict[str, bytes] = {} if events is None else events
        """Serialised events by task id (and, under ``<task id>#status``, the status they were
        made with); a preview keeps them for the tasks it did not change."""
        self._fresh: set[str] = set()
        """Tasks whose cached events this writer made or checked."""

    def _event_bytes(self, entry: TaskEntry) -> bytes:
        if entry.id in self._fresh:
            return self._events[entry.id]
        self._fresh.add(entry.id)
        # a progress file may change without its plan: the status keys the cache too
        status = (event_status(self.catalog.progress_of(entry)),
                  status_lines(self.catalog, entry, self.reference))
        made_with = "\n".join((status[0], *status[1])).encode()
        data = self._events.get(entry.id)
        if data is None or self._events.get(f"{entry.id}#status") != made_with:
            events = _events(self.catalog, entry, self.urls, self.stamp, status)
            data = self._events[entry.id] = b"".join(e.to_ical() for e in events)
            self._events[f"{entry.id}#status"] = made_with
        return data

    def feed(self, entries: Iterable[TaskEntry], *, name: str,
             description: str | None = None, rest: str | None = None) -> bytes:
        """An RFC 5545 calendar of the dated tasks among ``entries`` (each task once).

        A feed over :data:`FEED_BYTES` keeps the deadlines nearest the reference date
        (:func:`window`) and its description says which, with a link to ``rest`` (the page
        that lists them all).
        """
        seen: set[str] = set()
        events: list[tuple[TaskEntry, bytes]] = []
        for entry in sorted(entries, key=lambda e: (e.due or dt.date.max, e.plan.id, e.number)):
            if entry.id in seen or entry.due is None:
                continue
            seen.add(entry.id)
            events.append((entry, self._event_bytes(entry)))
        if sum(len(data) for _, data in events) > FEED_BYTES:
            total = len(events)
            events = window(events, self.reference.today, FEED_BYTES)
            days = [_next(e, self.reference.today) for e, _ in events]
            note = (f"Lịch này chỉ gồm {len(events)} trong {total} hạn: các hạn gần ngày cập "
                    f"nhật ({dmy(self.reference.today)}) nhất"
                    + (f", từ ngày {dmy(min(days))} đến ngày {dmy(max(days))}" if days else "")
                    + "; lịch đầy đủ quá lớn cho ứng dụng lịch.")
            if rest:
                note += f" Mọi hạn: {self.urls.absolute(rest)}"
            description = f"{description} {note}" if description else note
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
        return b"".join([head[: -len(end)], *(data for _, data in events), end])


def window(events: list[tuple[TaskEntry, bytes]], today: dt.date,
           budget: int) -> list[tuple[TaskEntry, bytes]]:
    """The events (soonest first) a trimmed feed keeps, within ``budget`` bytes: first the
    recent ones (the last :data:`RECENT` days, newest first, up to a quarter of the budget),
    then the upcoming ones (soonest next occurrence first: a yearly task counts by its next
    date), then older ones (newest first) while room is left."""
    kept: set[int] = set()
    size = 0

    def take(items: Iterable[tuple[int, tuple[TaskEntry, bytes]]], limit: int) -> None:
        nonlocal size
        for i, (_, data) in items:
            if size + len(data) > limit:
                return
            kept.add(i)
            size += len(data)

    dates = [(_next(entry, today), i) for i, (entry, _) in enumerate(events)]
    ahead = sorted((day, i) for day, i in dates if day >= today)
    behind = sorted(((day, i) for day, i in dates if day < today), reverse=True)
    take(((i, events[i]) for day, i in behind if day >= today - RECENT), budget // 4)
    take(((i, events[i]) for _, i in ahead), budget)
    take(((i, events[i]) for _, i in behind if i not in kept), budget)
    return [event for i, event in enumerate(events) if i in kept]


def _next(entry: TaskEntry, today: dt.date) -> dt.date:
    """The task's due date, or for a yearly task its first date from ``today`` on (its due
    date, if the series ended before that)."""
    due, timeline = entry.due, entry.timeline
    assert due is not None
    if due >= today or timeline is None or timeline.recurrence != "yearly":
        return due
    day = due
    for year in range(today.year, today.year + 2):
        day = _in_year(due, year)
        if day >= today:
            break
    if timeline.until is not None and day > timeline.until:
        return due
    return day


def _in_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def feed(catalog: Catalog, entries: Iterable[TaskEntry], *, name: str, urls: Urls,
         stamp: dt.datetime, description: str | None = None,
         reference: Reference | None = None) -> bytes:
    """One feed on its own (see :class:`FeedWriter` to write many)."""
    return FeedWriter(catalog, urls, stamp, reference=reference).feed(
        entries, name=name, description=description)


def feed_outputs(calendars: Calendars, events: dict[str, bytes] | None = None,
                 wanted: Callable[[str], bool] | None = None) -> Iterator[Output]:
    """The site's feeds: every deadline (trimmed when large), each place's and each large
    place's years (:mod:`planpub.site.calendars`), each plan's, each agency's.

    ``events`` keeps serialised events between preview rebuilds; with ``wanted``,
    the feeds it declines are not made at all.
    """
    names = calendars.names
    c = names.catalog
    feeds = FeedWriter(c, names.urls, build_stamp(c), events, names.reference)

    def want(src: str) -> bool:
        return wanted is None or wanted(src)

    if want(links.ALL_FEED):
        yield later(links.ALL_FEED, partial(
            feeds.feed, c.dated, name="Hạn công việc bồi thường nhà nước",
            description="Hạn của mọi nhiệm vụ trong các kế hoạch đã công bố.",
            rest=links.index_src(links.CALENDAR)))
    for place in calendars.places.values():
        if place.dated and want(place.feed):
            yield later(place.feed, partial(
                feeds.feed, place.dated, name=f"Hạn — {place.name}",
                description=f"Hạn của các nhiệm vụ trong các kế hoạch của {place.name}.",
                rest=place.src))
        for year in place.years:
            feed_src = links.calendar_year_feed(place.id, year.year)
            if year.dated and want(feed_src):
                yield later(feed_src, partial(
                    feeds.feed, year.dated, name=f"Hạn năm {year.year} — {place.name}",
                    description=f"Các hạn trong năm {year.year} của các nhiệm vụ trong các kế "
                                f"hoạch của {place.name}.",
                    rest=year.parts[0].src))
    for plan in c.plans.values():
        if want(links.plan_feed(plan.id)):
            yield later(links.plan_feed(plan.id), partial(
                feeds.feed, c.tasks_by_plan.get(plan.id, []),
                name=f"Hạn — {names.plan_label(plan)}", description=plan.title,
                rest=links.plan_src(plan.id)))
    for agency in c.agencies.values():
        if want(links.agency_feed(agency.id)):
            taken = c.predecessors.get(agency.id) and c.inherited(agency.id)
            yield later(links.agency_feed(agency.id), partial(
                feeds.feed, [a.entry for a in names.agency_assignments(agency.id)],
                name=f"Hạn — {agency.name}",
                description=f"Hạn các nhiệm vụ {agency.name} chủ trì, tham mưu, phối hợp "
                            "hoặc tổng hợp" + ("; kèm nhiệm vụ của cơ quan tiền nhiệm, để tham "
                                               "khảo (kế hoạch không tự chuyển nhiệm vụ)."
                                               if taken else "."),
                rest=links.agency_src(agency.id)))
