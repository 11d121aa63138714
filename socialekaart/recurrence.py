"""Recurring times: which dates a schedule ("every other Tuesday", "the last Friday of the month") falls on.

A schedule is the subset of RFC 5545 RRULE that real activities need, stored on `Tijdslot` as
freq/interval/weekday/bysetpos/valid_from/until, plus the activity's exceptions (dates or date ranges without
a session). Plain functions on a `Rule`, no database: the agenda expands them for a bounded period in Python,
the .ics writes them as RRULE (+ EXDATE), the HSDS API as `schedule` fields. tests/test_socialekaart_recurrence.py
checks the expansion against python-dateutil's rrule.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

WEEKLY = "WEEKLY"
MONTHLY = "MONTHLY"
# RFC 5545 weekday codes; weekday 1 is Monday (ISO).
ICAL_DAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
# A MONTHLY rule's longest gap between two sessions is five weeks; ten cover any first session from a date.
LOOKAHEAD = timedelta(weeks=10)


@dataclass(frozen=True)
class Rule:
    """`weekday` 1–7; WEEKLY with `interval` 1 (every week) or more (2: every other week, counted from
    `valid_from`); MONTHLY with `bysetpos` 1–4 or -1 (the first … fourth or last such weekday of the month).
    `valid_from` and `until` bound the series (both inclusive, either may be None); `exceptions` are inclusive
    (first, last) date ranges without a session."""

    weekday: int
    freq: str = WEEKLY
    interval: int = 1
    bysetpos: int | None = None
    valid_from: date | None = None
    until: date | None = None
    exceptions: tuple[tuple[date, date], ...] = field(default=())

    def first_possible(self) -> date | None:
        """The first date on or after `valid_from` on the rule's weekday: the anchor of an every-other-week rule."""
        if self.valid_from is None:
            return None
        return self.valid_from + timedelta(days=(self.weekday - self.valid_from.isoweekday()) % 7)

    def matches_pattern(self, day: date) -> bool:
        """On the rule's pattern and within valid_from/until, exceptions not counted."""
        if day.isoweekday() != self.weekday:
            return False
        if (self.valid_from and day < self.valid_from) or (self.until and day > self.until):
            return False
        if self.freq == MONTHLY:
            if self.bysetpos == -1:
                return (day + timedelta(days=7)).month != day.month
            return (day.day - 1) // 7 + 1 == self.bysetpos
        if self.interval > 1:
            anchor = self.first_possible()
            # Without a start date there is nothing to count every other week from (the form requires one).
            return anchor is not None and ((day - anchor).days // 7) % self.interval == 0
        return True

    def is_exception(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.exceptions)

    def occurs_on(self, day: date) -> bool:
        return self.matches_pattern(day) and not self.is_exception(day)

    def dates(self, start: date, end: date) -> Iterator[date]:
        """Every session from `start` to `end` (both inclusive), in order. Walks week by week: keep the period
        bounded (the agenda asks for days or weeks, the .ics for its first session)."""
        day = start + timedelta(days=(self.weekday - start.isoweekday()) % 7)
        while day <= end:
            if self.occurs_on(day):
                yield day
            day += timedelta(days=7)

    def next_date(self, on_or_after: date) -> date | None:
        """The first session on or after the date (None when the series has ended or pauses for ten weeks)."""
        start = max(on_or_after, self.valid_from) if self.valid_from else on_or_after
        return next(self.dates(start, start + LOOKAHEAD), None)

    def pattern_dates(self, start: date, end: date) -> Iterator[date]:
        """Like `dates`, exceptions included: the EXDATEs of an .ics are the pattern's dates in an exception."""
        day = start + timedelta(days=(self.weekday - start.isoweekday()) % 7)
        while day <= end:
            if self.matches_pattern(day):
                yield day
            day += timedelta(days=7)

    @property
    def byday(self) -> str:
        """RFC 5545 / HSDS BYDAY: 'TU', or '1TU' … '4TU', '-1TU' for a MONTHLY rule."""
        code = ICAL_DAYS[self.weekday]
        return f"{self.bysetpos}{code}" if self.freq == MONTHLY and self.bysetpos else code
