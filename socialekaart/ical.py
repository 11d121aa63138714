"""iCalendar files (RFC 5545) for "Zet in mijn agenda" and the agenda feed.

Times are written in Europe/Amsterdam with a VTIMEZONE, so a weekly activity stays at 10.00 local time
across the switch to and from summer time. A recurring time is one VEVENT with an RRULE (every week, every
other week, the nth or last weekday of the month, UNTIL its end date) and EXDATEs for the activity's exceptions,
so a subscribed calendar shows every session without the feed listing them one by one. UIDs are stable per
Bijeenkomst and per Tijdslot, so a calendar that subscribes to the feed updates events instead of duplicating them.
`icalendar` writes CRLF line endings and folds long lines.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from .models import Bijeenkomst, Tijdslot
from .recurrence import Rule

UID_DOMAIN = "omzien.socialekaart"
# Longer than any exception may be (a year; forms.UitzonderingForm): a series with no date in it has ended.
PATTERN_HORIZON = timedelta(days=400)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Omzien naar elkaar//Sociale kaart//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _location(locatie) -> str:
    return f"{locatie.name}, {locatie.address}" if locatie else ""


def event_for_bijeenkomst(bijeenkomst: Bijeenkomst, *, url: str, stamp: datetime) -> Event:
    zone = local_zone()
    event = Event()
    event.add("uid", f"bijeenkomst-{bijeenkomst.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", bijeenkomst.display_title)
    event.add("dtstart", bijeenkomst.starts_at.astimezone(zone))
    event.add("dtend", bijeenkomst.ends_at.astimezone(zone))
    description = "\n".join(part for part in [bijeenkomst.activiteit.summary, bijeenkomst.note, url] if part)
    event.add("description", description)
    event.add("url", url)
    location = _location(bijeenkomst.locatie)
    if location:
        event.add("location", location)
    return event


def next_weekday_on_or_after(day: date, weekday: int) -> date:
    """The first date on or after `day` that falls on `weekday` (1 = Monday … 7 = Sunday)."""
    return day + timedelta(days=(weekday - day.isoweekday()) % 7)


def recurrence(rule: Rule, *, first: date, starts: time) -> dict[str, Any]:
    """The RRULE of a recurring time whose first session is `first`: FREQ, INTERVAL, BYDAY (with the position in
    the month, "1TU" or "-1FR"), WKST (it matters for INTERVAL=2) and UNTIL (the end of the last day, in UTC as
    RFC 5545 requires with a DTSTART in a time zone)."""
    parts: dict[str, Any] = {"freq": rule.freq, "byday": [rule.byday], "wkst": "MO"}
    if rule.interval > 1:
        parts["interval"] = rule.interval
    if rule.until:
        parts["until"] = datetime.combine(rule.until, starts, tzinfo=local_zone()).astimezone(UTC)
    return parts


def excluded(rule: Rule, first: date) -> list[date]:
    """The EXDATEs: the dates of the pattern from `first` on that fall in an exception."""
    return sorted(
        day
        for start, end in rule.exceptions
        if end >= first
        for day in rule.pattern_dates(max(start, first), end if rule.until is None else min(end, rule.until))
    )


def event_for_tijdslot(
    tijdslot: Tijdslot,
    *,
    title: str,
    summary: str,
    url: str,
    stamp: datetime,
    exceptions: Iterable[tuple[date, date]] = (),
) -> Event | None:
    """A recurring event (RRULE, with EXDATEs for the exceptions) from its first session on or after today;
    None when the series has ended."""
    zone = local_zone()
    rule = tijdslot.rule(exceptions)
    today = timezone.localdate()
    # The first session; in a long break (a summer longer than next_date looks ahead) the first date of the
    # pattern, which the EXDATEs then leave out.
    first = rule.next_date(today) or next(rule.pattern_dates(today, today + PATTERN_HORIZON), None)
    if first is None:
        return None  # the series has ended
    event = Event()
    event.add("uid", f"tijdslot-{tijdslot.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add("dtstart", datetime.combine(first, tijdslot.starts_at, tzinfo=zone))
    event.add("dtend", datetime.combine(first, tijdslot.ends_at, tzinfo=zone))
    event.add("rrule", vRecur(recurrence(rule, first=first, starts=tijdslot.starts_at)))
    skipped = excluded(rule, first)
    if skipped:
        event.add("exdate", [datetime.combine(day, tijdslot.starts_at, tzinfo=zone) for day in skipped])
    event.add("description", "\n".join(part for part in [summary, tijdslot.note, url] if part))
    event.add("url", url)
    location = _location(tijdslot.locatie)
    if location:
        event.add("location", location)
    return event


def to_bytes(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def activity_calendar(
    activiteit,
    *,
    url: str,
    bijeenkomsten: Iterable[Bijeenkomst],
    tijdsloten: Iterable[Tijdslot],
    exceptions: Iterable[tuple[date, date]] = (),
):
    """One activity: its recurring times (as RRULEs, without its exceptions) and its upcoming dated events."""
    stamp = timezone.now()
    calendar = new_calendar(activiteit.title)
    exceptions = tuple(exceptions)
    for tijdslot in tijdsloten:
        event = event_for_tijdslot(
            tijdslot, title=activiteit.title, summary=activiteit.summary, url=url, stamp=stamp, exceptions=exceptions
        )
        if event is not None:
            calendar.add_component(event)
    for bijeenkomst in bijeenkomsten:
        calendar.add_component(event_for_bijeenkomst(bijeenkomst, url=url, stamp=stamp))
    return to_bytes(calendar)


def agenda_calendar(
    bijeenkomsten: Iterable[Bijeenkomst],
    *,
    name: str,
    url_of,
    tijdsloten: Iterable[Tijdslot] = (),
    exceptions: dict[int, list[tuple[date, date]]] | None = None,
) -> bytes:
    """The agenda feed: recurring times (RRULE + EXDATE) and dated events; `url_of(activiteit)` gives the page
    of an activity."""
    stamp = timezone.now()
    calendar = new_calendar(name)
    exceptions = exceptions or {}
    for tijdslot in tijdsloten:
        activiteit = tijdslot.activiteit
        event = event_for_tijdslot(
            tijdslot,
            title=activiteit.title,
            summary=activiteit.summary,
            url=url_of(activiteit),
            stamp=stamp,
            exceptions=exceptions.get(tijdslot.activiteit_id, ()),
        )
        if event is not None:
            calendar.add_component(event)
    for bijeenkomst in bijeenkomsten:
        calendar.add_component(event_for_bijeenkomst(bijeenkomst, url=url_of(bijeenkomst.activiteit), stamp=stamp))
    return to_bytes(calendar)
