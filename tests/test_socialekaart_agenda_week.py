"""The agenda's week (queries.public.agenda_week) works out in SQL which recurring times have a session on each day,
and takes only the first of each day by time. It must agree with the Python expansion (socialekaart/recurrence.py,
itself checked against dateutil's rrule) for every kind of schedule, end date and exception: the same count per day,
and the first sessions by time (among sessions at the same time the SQL may choose others than the alphabetical
first)."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from socialekaart.queries import public
from socialekaart.queries.public import agenda_occurrences, agenda_week
from tests.factories import ActiviteitFactory, BijeenkomstFactory, TijdslotFactory, UitzonderingFactory


@st.composite
def schedules(draw):
    """A recurring time as Tijdslot fields, relative to today: every week, every other week or monthly."""
    today = timezone.localdate()
    offset = st.integers(-70, 70).map(lambda days: today + timedelta(days=days))
    kind = draw(st.sampled_from(["weekly", "biweekly", "monthly"]))
    valid_from = draw(offset) if kind == "biweekly" else draw(st.none() | offset)
    until = draw(st.none() | offset)
    if valid_from and until and until < valid_from:
        valid_from, until = until, valid_from
    hour = draw(st.integers(7, 20))
    return {
        "weekday": draw(st.integers(1, 7)),
        "freq": "MONTHLY" if kind == "monthly" else "WEEKLY",
        "interval": 2 if kind == "biweekly" else 1,
        "bysetpos": draw(st.sampled_from([1, 2, 3, 4, -1])) if kind == "monthly" else None,
        "valid_from": valid_from,
        "until": until,
        "starts_at": time(hour, draw(st.sampled_from([0, 30]))),
        "ends_at": time(hour + 1, 45),
        "exceptions": draw(st.lists(st.tuples(offset, st.integers(0, 20)), max_size=2)),
    }


class AgendaWeekAgreesWithTheExpansion(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        times=st.lists(schedules(), min_size=1, max_size=8),
        start_offset=st.integers(-3, 30),
        per_day=st.integers(1, 4),
    )
    def test_first_sessions_and_counts_per_day(self, times, start_offset, per_day):
        for fields in times:
            activity = ActiviteitFactory()
            for first, length in fields.pop("exceptions"):
                UitzonderingFactory(activiteit=activity, starts_on=first, ends_on=first + timedelta(days=length))
            TijdslotFactory(activiteit=activity, **fields)
        start = timezone.localdate() + timedelta(days=max(start_offset, 0))
        days = [start + timedelta(days=n) for n in range(7)]

        everything = agenda_occurrences(days[0], days[-1])
        first, counts, more_than = agenda_week(days, per_day)
        assert not more_than

        for day in days:
            of_day = [o for o in everything if o.day == day]
            shown = [o for o in first if o.day == day]
            assert counts[day] == len(of_day), day
            assert len(shown) == min(per_day, len(of_day)), day
            assert {o.key for o in shown} <= {o.key for o in of_day}, day
            # The first by time: nothing left out starts before something shown.
            left_out = [o for o in of_day if o.key not in {s.key for s in shown}]
            if shown and left_out:
                assert max(o.starts_at for o in shown) <= min(o.starts_at for o in left_out), day
            assert shown == sorted(shown, key=lambda o: (o.starts_at, o.title, o.key)), day


@pytest.mark.django_db
def test_dated_events_and_recurring_times_share_a_day_in_time_order():
    tomorrow = timezone.localdate() + timedelta(days=1)
    zone = timezone.get_current_timezone()
    early = BijeenkomstFactory(
        starts_at=timezone.datetime.combine(tomorrow, time(8, 0), tzinfo=zone),
        ends_at=timezone.datetime.combine(tomorrow, time(9, 0), tzinfo=zone),
    )
    for hour in (10, 11, 12):
        TijdslotFactory(weekday=tomorrow.isoweekday(), starts_at=time(hour), ends_at=time(hour, 45))
    first, counts, _ = agenda_week([tomorrow], 3)
    assert counts[tomorrow] == 4
    assert [o.starts_at.hour for o in first] == [8, 10, 11]
    assert first[0].key == f"bijeenkomst-{early.pk}"


@pytest.mark.django_db
def test_the_week_takes_three_queries_however_many_activities(django_assert_num_queries):
    for weekday in range(1, 8):
        for hour in range(8, 20):
            TijdslotFactory(weekday=weekday, starts_at=time(hour), ends_at=time(hour, 45))
    days = [timezone.localdate() + timedelta(days=n + 1) for n in range(7)]
    BijeenkomstFactory(starts_at=timezone.make_aware(timezone.datetime.combine(days[0], time(7))))
    # Every day's first keys of events and recurring times (one UNION ALL), then the events' and times' lines;
    # not today, so no lookup of its longest session.
    with django_assert_num_queries(3):
        first, counts, more_than = agenda_week(days, 5)
    assert counts[days[0]] == 13 and all(counts[day] == 12 for day in days[1:])
    assert len(first) == 35 and not more_than


@pytest.mark.django_db
def test_a_day_with_more_sessions_than_the_cap_says_more_than(monkeypatch):
    monkeypatch.setattr(public, "AGENDA_DAY_CAP", 3)
    tomorrow, after = (timezone.localdate() + timedelta(days=n) for n in (1, 2))
    zone = timezone.get_current_timezone()
    for hour in (9, 10, 11):
        TijdslotFactory(weekday=tomorrow.isoweekday(), starts_at=time(hour), ends_at=time(hour, 45))
    BijeenkomstFactory(
        starts_at=timezone.datetime.combine(tomorrow, time(8), tzinfo=zone),
        ends_at=timezone.datetime.combine(tomorrow, time(9), tzinfo=zone),
    )
    for hour in (9, 10, 11):
        TijdslotFactory(weekday=after.isoweekday(), starts_at=time(hour), ends_at=time(hour, 45))

    first, counts, more_than = agenda_week([tomorrow, after], 2)
    assert more_than == {tomorrow}  # 1 event and 3 times: more than 3
    assert counts == {tomorrow: 3, after: 3}  # the cap, and an exact count
    assert [o.starts_at.hour for o in first if o.day == tomorrow] == [8, 9]


@pytest.mark.django_db
def test_a_busy_day_of_dated_events_is_counted_whole_and_cut_to_the_first():
    tomorrow = timezone.localdate() + timedelta(days=1)
    zone = timezone.get_current_timezone()
    for hour in (9, 13, 15, 23):  # 23:00 local is the next day in UTC: still tomorrow's event
        BijeenkomstFactory(
            starts_at=timezone.datetime.combine(tomorrow, time(hour, 0), tzinfo=zone),
            ends_at=timezone.datetime.combine(tomorrow, time(hour, 30), tzinfo=zone),
        )
    TijdslotFactory(weekday=tomorrow.isoweekday(), starts_at=time(10), ends_at=time(11))
    first, counts, _ = agenda_week([tomorrow], 2)
    assert counts[tomorrow] == 5
    assert [o.starts_at.hour for o in first] == [9, 10]


@pytest.mark.django_db
def test_the_agenda_page_says_more_than_for_such_a_day(client, monkeypatch):
    monkeypatch.setattr(public, "AGENDA_DAY_CAP", 3)
    tomorrow = timezone.localdate() + timedelta(days=1)
    for hour in (9, 10, 11, 12):
        TijdslotFactory(weekday=tomorrow.isoweekday(), starts_at=time(hour), ends_at=time(hour, 45))

    page = client.get("/agenda/", {"van": tomorrow.isoformat()}).content.decode()
    assert "Meer dan 3 activiteiten in de agenda" in page
    assert "(meer dan 3)" in page


@pytest.mark.django_db
def test_today_a_long_session_still_running_is_found_and_finished_ones_are_skipped():
    today = timezone.localdate()
    weekday = today.isoweekday()
    long = TijdslotFactory(weekday=weekday, starts_at=time(7), ends_at=time(22))  # all day
    TijdslotFactory(weekday=weekday, starts_at=time(9), ends_at=time(10))  # over at noon
    later = TijdslotFactory(weekday=weekday, starts_at=time(18), ends_at=time(19))

    # The longest session of the weekday lasts 15 hours, so at noon anything that started from 00:00 may run.
    assert public._earliest_running_start(weekday, time(12)) == time(0)
    assert public._earliest_running_start(weekday, time(23)) == time(8)
    earliest = public._earliest_running_start(weekday, time(12))
    running = public.recurring_times().filter(public._on_day(today, today, time(12), earliest))
    assert set(running) == {long, later}
    assert public._earliest_running_start(8, time(12)) == time(0)  # no sessions on that weekday: from midnight


@pytest.mark.django_db
def test_one_day_from_the_database_equals_the_expansion_page_by_page(django_assert_max_num_queries):
    day = timezone.localdate() + timedelta(days=3)
    zone = timezone.get_current_timezone()
    for n, hour in enumerate((9, 9, 10, 14, 9)):
        activity = ActiviteitFactory(title=f"Activiteit {'EDCBA'[n]}")
        TijdslotFactory(activiteit=activity, weekday=day.isoweekday(), starts_at=time(hour), ends_at=time(hour, 45))
    other = ActiviteitFactory(title="Om de week")
    TijdslotFactory(
        activiteit=other, weekday=day.isoweekday(), freq="WEEKLY", interval=2, valid_from=day - timedelta(days=7)
    )  # not this week
    closed = ActiviteitFactory(title="Gesloten")
    TijdslotFactory(activiteit=closed, weekday=day.isoweekday(), starts_at=time(11), ends_at=time(12))
    UitzonderingFactory(activiteit=closed, starts_on=day, ends_on=day)
    BijeenkomstFactory(
        title="Kerstviering",
        starts_at=timezone.datetime.combine(day, time(9), tzinfo=zone),
        ends_at=timezone.datetime.combine(day, time(11), tzinfo=zone),
    )

    expected = [o.key for o in agenda_occurrences(day, day)]
    sessions = public.AgendaDay(day)
    assert sessions.count() == len(expected) == 6
    with django_assert_max_num_queries(3):  # the page's keys, then the events' and the times' lines
        first = sessions[0:4]
    assert [o.key for o in first + sessions[4:8]] == expected
    assert [o.title for o in first] == [
        "Activiteit A",
        "Activiteit D",
        "Activiteit E",
        "Kerstviering",
    ]  # 9:00, by title
