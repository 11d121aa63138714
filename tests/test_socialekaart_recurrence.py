"""Recurring times (socialekaart/recurrence.py): the dates of a rule, checked against python-dateutil's rrule."""

from datetime import date, datetime, timedelta

from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from socialekaart.recurrence import MONTHLY, WEEKLY, Rule

DAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]
some_date = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def rules(draw) -> Rule:
    weekday = draw(st.integers(1, 7))
    kind = draw(st.sampled_from(["weekly", "biweekly", "monthly"]))
    valid_from = draw(st.none() | some_date) if kind != "biweekly" else draw(some_date)
    until = draw(st.none() | some_date)
    if valid_from and until and until < valid_from:
        valid_from, until = until, valid_from
    exceptions = []
    for first in draw(st.lists(some_date, max_size=4)):
        exceptions.append((first, first + timedelta(days=draw(st.integers(0, 60)))))
    return Rule(
        weekday=weekday,
        freq=MONTHLY if kind == "monthly" else WEEKLY,
        interval=2 if kind == "biweekly" else 1,
        bysetpos=draw(st.sampled_from([1, 2, 3, 4, -1])) if kind == "monthly" else None,
        valid_from=valid_from,
        until=until,
        exceptions=tuple(exceptions),
    )


@settings(max_examples=300, deadline=None)
@given(rule=rules(), start=some_date, length=st.integers(0, 120))
def test_every_date_lies_in_the_period_on_the_weekday_never_on_an_exception_or_after_the_end(rule, start, length):
    end = start + timedelta(days=length)
    dates = list(rule.dates(start, end))
    assert dates == sorted(set(dates))
    for day in dates:
        assert start <= day <= end
        assert day.isoweekday() == rule.weekday
        assert not any(first <= day <= last for first, last in rule.exceptions)
        assert rule.until is None or day <= rule.until
        assert rule.valid_from is None or day >= rule.valid_from


@settings(max_examples=300, deadline=None)
@given(rule=rules(), start=some_date, length=st.integers(0, 120))
def test_the_dates_are_those_of_dateutils_rrule_without_the_exceptions(rule, start, length):
    """The RRULE we export (FREQ, INTERVAL, BYDAY with its position, UNTIL) means the same dates to a calendar."""
    end = start + timedelta(days=length)
    anchor = rule.first_possible() or start - timedelta(days=400)  # any start before the period, for a rule without one
    weekday = DAYS[rule.weekday - 1]
    recurrence = rrule.rrule(
        rrule.MONTHLY if rule.freq == MONTHLY else rrule.WEEKLY,
        interval=rule.interval,
        byweekday=weekday(rule.bysetpos) if rule.freq == MONTHLY else weekday,
        wkst=rrule.MO,
        dtstart=datetime.combine(anchor, datetime.min.time()),
        until=datetime.combine(rule.until, datetime.min.time()) if rule.until else None,
    )
    expected = [
        moment.date()
        for moment in recurrence.between(
            datetime.combine(start, datetime.min.time()), datetime.combine(end, datetime.min.time()), inc=True
        )
        if not any(first <= moment.date() <= last for first, last in rule.exceptions)
    ]
    assert list(rule.dates(start, end)) == expected


def test_the_byday_of_monthly_rules_carries_the_position():
    assert Rule(weekday=2).byday == "TU"
    assert Rule(weekday=5, freq=MONTHLY, bysetpos=-1).byday == "-1FR"
    assert Rule(weekday=1, freq=MONTHLY, bysetpos=3).byday == "3MO"


def test_a_summer_break_and_the_next_session():
    rule = Rule(weekday=3, exceptions=((date(2026, 7, 13), date(2026, 8, 23)),))
    assert rule.next_date(date(2026, 7, 10)) == date(2026, 8, 26)
    assert list(rule.dates(date(2026, 7, 1), date(2026, 7, 31))) == [date(2026, 7, 1), date(2026, 7, 8)]
    assert Rule(weekday=3, until=date(2026, 7, 1)).next_date(date(2026, 7, 2)) is None
