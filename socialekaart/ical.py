"""iCalendar files (RFC 5545) for "Zet in mijn agenda" and the agenda feed.

Times are written in Europe/Amsterdam with a VTIMEZONE, so a weekly activity stays at 10.00 local time
across the switch to and from summer time. UIDs are stable per Bijeenkomst and per Tijdslot, so a calendar
that subscribes to the feed updates events instead of duplicating them. `icalendar` writes CRLF line
endings and folds long lines.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from .models import Bijeenkomst, Tijdslot

UID_DOMAIN = "omzien.socialekaart"
# RFC 5545 weekday codes; Weekday 1 is Monday.
BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


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


def event_for_tijdslot(tijdslot: Tijdslot, *, title: str, summary: str, url: str, stamp: datetime) -> Event:
    """A weekly recurring event, starting on the first matching day from today."""
    zone = local_zone()
    first = next_weekday_on_or_after(timezone.localdate(), tijdslot.weekday)
    event = Event()
    event.add("uid", f"tijdslot-{tijdslot.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add("dtstart", datetime.combine(first, tijdslot.starts_at, tzinfo=zone))
    event.add("dtend", datetime.combine(first, tijdslot.ends_at, tzinfo=zone))
    event.add("rrule", vRecur(freq="WEEKLY", byday=[BYDAY[tijdslot.weekday]]))
    event.add("description", "\n".join(part for part in [summary, tijdslot.note, url] if part))
    event.add("url", url)
    location = _location(tijdslot.locatie)
    if location:
        event.add("location", location)
    return event


def to_bytes(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def activity_calendar(activiteit, *, url: str, bijeenkomsten: Iterable[Bijeenkomst], tijdsloten: Iterable[Tijdslot]):
    """One activity: its weekly times (as recurring events) and its upcoming dated events."""
    stamp = timezone.now()
    calendar = new_calendar(activiteit.title)
    for tijdslot in tijdsloten:
        calendar.add_component(
            event_for_tijdslot(tijdslot, title=activiteit.title, summary=activiteit.summary, url=url, stamp=stamp)
        )
    for bijeenkomst in bijeenkomsten:
        calendar.add_component(event_for_bijeenkomst(bijeenkomst, url=url, stamp=stamp))
    return to_bytes(calendar)


def agenda_calendar(bijeenkomsten: Iterable[Bijeenkomst], *, name: str, url_of) -> bytes:
    """The agenda feed: dated events; `url_of(bijeenkomst)` gives the page of its activity."""
    stamp = timezone.now()
    calendar = new_calendar(name)
    for bijeenkomst in bijeenkomsten:
        calendar.add_component(event_for_bijeenkomst(bijeenkomst, url=url_of(bijeenkomst), stamp=stamp))
    return to_bytes(calendar)
