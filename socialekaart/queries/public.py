"""The citizens' reads: search results, an activity's page, the agenda and its feeds, the paper booklet.

Only what citizens may see (`Activiteit.objects.public()`). The search itself is the engine of
socialekaart/search.py (words, filters, ranking, spelling); this module reads what its results show. What the
pages say of a row (when, where, cost) is socialekaart/presenters.py's.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf, TruncTime
from django.utils import timezone

from coalition.models import Gemeente, Organisatie, Wijk

from ..models import (
    SESSION_DURATION,
    Activiteit,
    Bijeenkomst,
    Locatie,
    Tijdslot,
    Uitzondering,
    how_often,
    public_condition,
)
from ..recurrence import MONTHLY, WEEKLY, Rule
from ..search import Filters, FoundIds, activity_ids_in_wijk, search, search_ids

# What an agenda line shows: the page reads only these columns (not the activities' search vectors).
AGENDA_FIELDS = [
    "title", "starts_at", "ends_at", "note", "activiteit", "locatie",
    "activiteit__slug", "activiteit__title", "locatie__name", "locatie__city", "locatie__wijk__name",
]  # fmt: skip


# ---------------------------------------------------------------------------
# Search results
# ---------------------------------------------------------------------------
def find(query: str, filters: Filters, *, expected: tuple[int, int]) -> FoundIds:
    """The ids of the activities found, best first (see search.search_ids; `expected` is the slice the page
    will most likely show)."""
    return search_ids(query, filters, expected=expected)


def result_rows(ids: list[int]) -> list[dict[str, Any]]:
    """What the result rows of these activities show, in this order, as plain values (the places, wijken and
    times as lists): ONE query, and no model instances per row (the search page shows 20 of them on every
    request)."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_result_rows_sql(), {"ids": list(ids), "now": timezone.now(), "today": timezone.localdate()})
        columns = [column.name for column in cursor.description]
        by_pk = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@cache
def _result_rows_sql() -> str:
    """Plain SQL: the ORM spent more time building this query (three nested lists as JSON) than PostgreSQL
    spent answering it. Each activity with its organisation, next date, places, wijken served and times."""
    table = {
        "activiteit": Activiteit._meta.db_table,
        "organisatie": Organisatie._meta.db_table,
        "bijeenkomst": Bijeenkomst._meta.db_table,
        "at_place": Activiteit.locaties.through._meta.db_table,
        "locatie": Locatie._meta.db_table,
        "serves": Activiteit.wijken.through._meta.db_table,
        "wijk": Wijk._meta.db_table,
        "gemeente": Gemeente._meta.db_table,
        "tijdslot": Tijdslot._meta.db_table,
    }
    return """
        SELECT a.id, a.slug, a.title, a.summary, a.kind, a.cost_kind, a.cost_amount, a.cost_note,
            a.transport_available, a.is_online, o.name AS organisation,
            (SELECT min(b.starts_at) FROM {bijeenkomst} b
                WHERE b.activiteit_id = a.id AND b.starts_at >= %(now)s) AS next_date,
            (SELECT coalesce(json_agg(json_build_object(
                    'name', l.name, 'city', l.city, 'wijk', w.name,
                    'wheelchair', l.wheelchair_accessible, 'hearing_loop', l.hearing_loop
                ) ORDER BY l.name, l.id), '[]')
                FROM {at_place} al JOIN {locatie} l ON l.id = al.locatie_id LEFT JOIN {wijk} w ON w.id = l.wijk_id
                WHERE al.activiteit_id = a.id) AS places,
            (SELECT coalesce(json_agg(w.name ORDER BY g.name, w.name, w.id), '[]')
                FROM {serves} aw JOIN {wijk} w ON w.id = aw.wijk_id JOIN {gemeente} g ON g.id = w.gemeente_id
                WHERE aw.activiteit_id = a.id) AS wijken,
            (SELECT coalesce(json_agg(json_build_object('day', t.weekday, 'start', t.starts_at, 'end', t.ends_at,
                    'freq', t.freq, 'interval', t."interval", 'bysetpos', t.bysetpos)
                    ORDER BY t.weekday, t.starts_at, t.id), '[]')
                FROM {tijdslot} t WHERE t.activiteit_id = a.id AND (t.until IS NULL OR t.until >= %(today)s)) AS times
        FROM {activiteit} a JOIN {organisatie} o ON o.id = a.organisatie_id
        WHERE a.id = ANY(%(ids)s)
    """.format(**table)  # noqa: S608 -- only table names from the models; the values are parameters


# ---------------------------------------------------------------------------
# Lists of activities with their details (the booklet)
# ---------------------------------------------------------------------------
def with_listing_details(activities: QuerySet[Activiteit]) -> QuerySet[Activiteit]:
    """What a result row or booklet entry shows, in a fixed number of queries whatever the page size."""
    next_date = Bijeenkomst.objects.filter(activiteit=OuterRef("pk"), starts_at__gte=timezone.now()).order_by(
        "starts_at"
    )
    listed: QuerySet[Activiteit] = (
        activities.select_related("organisatie")
        # Lists show neither; leaving them out keeps the rows that PostgreSQL sorts by relevance narrow.
        .defer("search_vector", "search_parts", "description")
        .prefetch_related(
            Prefetch("locaties", queryset=Locatie.objects.select_related("wijk")),
            "wijken",
            Prefetch(
                "tijdsloten",
                queryset=Tijdslot.objects.filter(
                    Q(until__isnull=True) | Q(until__gte=timezone.localdate())
                ).select_related("locatie"),
            ),
        )
        .annotate(next_date=Subquery(next_date.values("starts_at")[:1]))
    )
    return listed


def with_access(activities: Iterable[Activiteit]) -> list[Activiteit]:
    """Set `wheelchair` and `hearing_loop` on each activity from its (prefetched) locations; returns a list."""
    listed = list(activities)
    for activiteit in listed:
        locaties = activiteit.locaties.all()
        activiteit.wheelchair = any(locatie.wheelchair_accessible for locatie in locaties)  # type: ignore[attr-defined]
        activiteit.hearing_loop = any(locatie.hearing_loop for locatie in locaties)  # type: ignore[attr-defined]
    return listed


def booklet_activities(filters: Filters, limit: int) -> list[Activiteit]:
    """Up to `limit` activities for the booklet of a wijk and target group, with their details and access."""
    return with_access(with_listing_details(search("", filters).activities)[:limit])


def booklet_wijk(pk: int | None) -> Wijk | None:
    return Wijk.objects.select_related("gemeente").filter(pk=pk).first() if pk else None


# ---------------------------------------------------------------------------
# One activity
# ---------------------------------------------------------------------------
def public_activities() -> QuerySet[Activiteit]:
    """Published, current activities, with their organisation, places and wijken (an activity's page)."""
    return (
        Activiteit.objects.public()
        .select_related("organisatie")
        .prefetch_related(Prefetch("locaties", queryset=Locatie.objects.select_related("wijk")), "wijken")
    )


def public_activity(slug: str) -> Activiteit | None:
    """A published, current activity with its access (see with_access); None for anything else (concept,
    archived, stale)."""
    found = with_access(public_activities().filter(slug=slug)[:1])
    return found[0] if found else None


def weekly_times(activiteit: Activiteit) -> QuerySet[Tijdslot]:
    """The activity's recurring times that have not ended."""
    today = timezone.localdate()
    return activiteit.tijdsloten.filter(Q(until__isnull=True) | Q(until__gte=today)).select_related("locatie__wijk")


def coming_exceptions(activiteit: Activiteit) -> QuerySet[Uitzondering]:
    """The activity's dates without a session that have not passed, soonest first."""
    return activiteit.uitzonderingen.filter(ends_on__gte=timezone.localdate()).order_by("starts_on", "pk")


def next_dates(activiteit: Activiteit, limit: int) -> QuerySet[Bijeenkomst]:
    """The activity's dated events that have not ended, soonest first."""
    return (
        activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now())
        .select_related("locatie__wijk")
        .order_by("starts_at")[:limit]
    )


def calendar_of(
    activiteit: Activiteit, limit: int
) -> tuple[QuerySet[Tijdslot], QuerySet[Bijeenkomst], list[tuple[date, date]]]:
    """The recurring times, the coming dated events (up to `limit`) and the coming exceptions of the activity's
    calendar file."""
    return (
        weekly_times(activiteit).select_related("locatie"),
        activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now())
        .select_related("activiteit", "locatie")
        .order_by("starts_at")[:limit],
        [exception.period for exception in coming_exceptions(activiteit)],
    )


# ---------------------------------------------------------------------------
# The agenda
# ---------------------------------------------------------------------------
@dataclass
class Occurrence:
    """One session on the agenda: a dated event, or one date of a recurring time."""

    starts_at: datetime  # aware, local
    ends_at: datetime
    title: str
    slug: str
    note: str
    place: str  # "name, city (wijk)", or ""
    how_often: str = ""  # "elke dinsdag" for a recurring time; "" for a dated event
    key: str = ""  # stable per event or per recurring time and date

    @property
    def day(self) -> date:
        return self.starts_at.date()


def _place(name: str | None, city: str | None, wijk: str | None) -> str:
    if not name:
        return ""
    return f"{name}, {city}" + (f" ({wijk})" if wijk else "")


def _in_wijk(wijk: int, activity_field: str) -> Q:
    """The session is in the wijk, or its activity has a place there or serves it (the search's wijk filter)."""
    return Q(locatie__wijk_id=wijk) | Q(**{f"{activity_field}__in": activity_ids_in_wijk(wijk)})


def upcoming_bijeenkomsten(*, wijk: int | None = None, now: datetime | None = None) -> QuerySet[Bijeenkomst]:
    """Dated events of public activities that have not ended yet (at `now`), soonest first."""
    events = Bijeenkomst.objects.filter(
        public_condition("activiteit__"), ends_at__gte=now or timezone.now()
    ).select_related("activiteit", "locatie__wijk")
    if wijk:
        events = events.filter(_in_wijk(wijk, "activiteit"))
    return events.order_by("starts_at", "pk")


def recurring_times(*, wijk: int | None = None, today: date | None = None) -> QuerySet[Tijdslot]:
    """The recurring times of public activities that have not ended (of one wijk)."""
    today = today or timezone.localdate()
    slots = Tijdslot.objects.filter(public_condition("activiteit__")).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    if wijk:
        slots = slots.filter(_in_wijk(wijk, "activiteit"))
    return slots


def exceptions_of(activity_ids: Iterable[int], start: date, end: date) -> dict[int, list[tuple[date, date]]]:
    """The exceptions (dates without a session) of these activities that overlap start–end: one query."""
    found: dict[int, list[tuple[date, date]]] = {}
    ids = list(set(activity_ids))
    if not ids:
        return found
    rows = Uitzondering.objects.filter(activiteit_id__in=ids, starts_on__lte=end, ends_on__gte=start)
    for activity_id, first, last in rows.values_list("activiteit_id", "starts_on", "ends_on"):
        found.setdefault(activity_id, []).append((first, last))
    return found


def agenda_occurrences(start: date, end: date, *, wijk: int | None = None) -> list[Occurrence]:
    """Every session from `start` to `end` (inclusive; keep it a few weeks at most): the dated events and the
    dates of the recurring times, skipping exceptions and ended series, in order of time. Three queries.

    Recurring times are expanded here, in Python (socialekaart/recurrence.py), from narrow rows: the weekdays
    of the period and the valid_from/until bounds narrow them in the database first.
    """
    zone = timezone.get_current_timezone()
    now = timezone.now()
    first_moment = datetime.combine(start, time.min, tzinfo=zone)
    after_last = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    occurrences: list[Occurrence] = []

    events = upcoming_bijeenkomsten(wijk=wijk).filter(starts_at__gte=first_moment, starts_at__lt=after_last)
    occurrences.extend(_event_occurrence(event) for event in events.only(*AGENDA_FIELDS))

    weekdays = {(start + timedelta(days=n)).isoweekday() for n in range(min((end - start).days + 1, 7))}
    slots = (
        recurring_times(wijk=wijk)
        .filter(weekday__in=weekdays)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(until__isnull=True) | Q(until__gte=start))
        .values_list(*RECURRING_FIELDS)
    )
    rows = list(slots)
    exceptions = exceptions_of((row[1] for row in rows), start, end)
    for pk, activity_id, weekday, freq, interval, bysetpos, valid_from, until, starts, ends, note, *rest in rows:
        title, slug, place_name, city, wijk_name = rest
        rule = Rule(weekday, freq, interval, bysetpos, valid_from, until, tuple(exceptions.get(activity_id, ())))
        dates = list(rule.dates(start, end))
        if not dates:
            continue
        how = how_often(freq, interval, bysetpos, weekday)
        place = _place(place_name, city, wijk_name)
        for day in dates:
            ends_at = datetime.combine(day, ends, tzinfo=zone)
            if ends_at < now:
                continue  # today's session that is over
            occurrences.append(
                Occurrence(
                    starts_at=datetime.combine(day, starts, tzinfo=zone),
                    ends_at=ends_at,
                    title=title,
                    slug=slug,
                    note=note,
                    place=place,
                    how_often=how,
                    key=f"tijdslot-{pk}-{day:%Y%m%d}",
                )
            )
    occurrences.sort(key=lambda occurrence: (occurrence.starts_at, occurrence.title, occurrence.key))
    return occurrences


AGENDA_DAY_CAP = 100  # a day with more sessions shows "meer dan 100": counting them all would follow the data


def _on_day(day: date, today: date, now_time: time, earliest_start: time = time.min) -> Q:
    """The recurring times (of the day's weekday) that have a session on `day`, in SQL: within valid_from/until,
    on the pattern (every week; every `interval` weeks counted from valid_from; the nth or last weekday of the
    month) and not in an exception of their activity. Today only sessions that have not ended, started no earlier
    than `earliest_start` (_earliest_running_start: now minus the weekday's longest session), so that reading them in
    time order from the index (tijdslot_day_order) skips the day's finished sessions instead of reading them all."""
    week_of_month = (day.day - 1) // 7 + 1
    is_last_of_month = (day + timedelta(days=7)).month != day.month
    # Whole weeks since valid_from, modulo the interval: 0 on the weeks of an every-other-week rule.
    on_its_week = RawSQL(
        '((%s::date - "socialekaart_tijdslot"."valid_from") / 7) %% "socialekaart_tijdslot"."interval" = 0',
        (day,),
        output_field=BooleanField(),
    )
    weekly = Q(freq=WEEKLY, interval=1) | (Q(freq=WEEKLY, interval__gt=1) & Q(on_its_week))
    monthly = Q(freq=MONTHLY, bysetpos=week_of_month)
    if is_last_of_month:
        monthly |= Q(freq=MONTHLY, bysetpos=-1)
    exception = Uitzondering.objects.filter(activiteit=OuterRef("activiteit_id"), starts_on__lte=day, ends_on__gte=day)
    on_day = (
        Q(weekday=day.isoweekday())
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(until__isnull=True) | Q(until__gte=day))
        & (weekly | monthly)
        & Q(~Exists(exception))
    )
    if day != today:
        return on_day
    return on_day & Q(ends_at__gt=now_time, starts_at__gte=earliest_start)


def _earliest_running_start(weekday: int, now_time: time) -> time:
    """The earliest start of a session of `weekday` that may still be running at `now_time`: now minus the longest
    session of that weekday (one lookup in the index tijdslot_duration)."""
    longest = Tijdslot.objects.filter(weekday=weekday).aggregate(longest=Max(SESSION_DURATION))["longest"]
    if longest is None:
        return time.min
    now = datetime.combine(date.min, now_time)
    return (now - longest).time() if now - datetime.combine(date.min, time.min) > longest else time.min


def _recurring_occurrence(row: tuple[Any, ...], day: date) -> Occurrence:
    """One session of a recurring time (a RECURRING_FIELDS row) on `day`."""
    pk, _activity, weekday, freq, interval, bysetpos, _from, _until, starts, ends, note, *rest = row
    title, slug, place_name, city, wijk_name = rest[:5]
    zone = timezone.get_current_timezone()
    return Occurrence(
        starts_at=datetime.combine(day, starts, tzinfo=zone),
        ends_at=datetime.combine(day, ends, tzinfo=zone),
        title=title,
        slug=slug,
        note=note,
        place=_place(place_name, city, wijk_name),
        how_often=how_often(freq, interval, bysetpos, weekday),
        key=f"tijdslot-{pk}-{day:%Y%m%d}",
    )


def agenda_week(
    days: list[date], per_day: int, *, wijk: int | None = None
) -> tuple[list[Occurrence], dict[date, int], set[date]]:
    """The agenda of up to seven days (a week): per day the first `per_day` sessions by time, how many there are,
    and the days with more than AGENDA_DAY_CAP (their count is the cap).

    Three queries (four with today), and their cost grows with the page, not with the number of activities: the
    keys of each day's dated events and recurring sessions in time order, read from an index and no further than
    the cap (one UNION ALL for the week), then the lines of the first `per_day` of each day only. Which recurring
    times have a session on a day is worked out in SQL (`_on_day`). Among sessions at the same time the first made
    come first; the page lists them by title."""
    if len({day.isoweekday() for day in days}) != len(days):
        raise ValueError("agenda_week takes at most seven days: one per weekday")
    # To the minute: a session that ended seconds ago may still show, as it may on a page from the page cache.
    now = timezone.localtime().replace(second=0, microsecond=0)
    earliest = _earliest_running_start(now.isoweekday(), now.time()) if now.date() in days else time.min
    sql, params, keys = _week_sql(tuple(days), wijk, AGENDA_DAY_CAP, now, earliest)
    first_keys, counts_of = _first_and_counted(sql, params, keys, per_day)
    # Of each day's first events and first recurring sessions, the first `per_day` together; only their lines are read.
    chosen: list[tuple[str, date, int]] = []
    for day in days:
        of_day = sorted((clock, kind, pk) for kind, on, clock, pk in first_keys if on == day)
        chosen.extend((kind, day, pk) for _clock, kind, pk in of_day[:per_day])

    occurrences: list[Occurrence] = []
    first_events = [pk for kind, _day, pk in chosen if kind == "event"]
    for event in upcoming_bijeenkomsten().filter(pk__in=first_events).only(*AGENDA_FIELDS):
        occurrences.append(_event_occurrence(event))
    first_times = {pk: day for kind, day, pk in chosen if kind == "time"}
    for row in Tijdslot.objects.filter(pk__in=first_times).values_list(*RECURRING_FIELDS):
        occurrences.append(_recurring_occurrence(row, first_times[row[0]]))
    occurrences.sort(key=lambda occurrence: (occurrence.starts_at, occurrence.title, occurrence.key))

    counts: dict[date, int] = dict.fromkeys(days, 0)
    for (_kind, day), count in counts_of.items():
        counts[day] += count
    capped = {day for day, count in counts.items() if count > AGENDA_DAY_CAP}
    for day in capped:
        counts[day] = AGENDA_DAY_CAP
    return occurrences, counts, capped


class AgendaDay:
    """The sessions of one day (dated events and recurring ones) in time order, then by title, for a Paginator: the
    count and each page come from the database, so a busy day (thousands of recurring sessions) costs two queries
    and the lines of one page, not the expansion of every recurring time in Python."""

    def __init__(self, day: date, *, wijk: int | None = None):
        now = timezone.localtime().replace(second=0, microsecond=0)  # to the minute, as agenda_week
        earliest = _earliest_running_start(day.isoweekday(), now.time()) if day == now.date() else time.min
        starts = datetime.combine(day, time.min, tzinfo=now.tzinfo)
        events = (
            upcoming_bijeenkomsten(wijk=wijk, now=now)
            .select_related(None)
            .filter(starts_at__gte=starts, starts_at__lt=starts + timedelta(days=1))
            .annotate(
                clock=TruncTime("starts_at", tzinfo=now.tzinfo),
                shown_title=Coalesce(NullIf("title", Value("")), "activiteit__title"),
                kind=Value("event"),
            )
            .values_list("clock", "shown_title", "kind", "pk")
        )
        times = (
            recurring_times(wijk=wijk, today=now.date())
            .filter(_on_day(day, now.date(), now.time(), earliest))
            .annotate(clock=F("starts_at"), shown_title=F("activiteit__title"), kind=Value("time"))
            .values_list("clock", "shown_title", "kind", "pk")
        )
        self.day = day
        self.sessions = events.union(times, all=True).order_by("clock", "shown_title", "kind", "pk")

    def count(self) -> int:
        return self.sessions.count()

    def __getitem__(self, key: slice) -> list[Occurrence]:
        rows = list(self.sessions[key])
        events = {pk for _clock, _title, kind, pk in rows if kind == "event"}
        times = {pk for _clock, _title, kind, pk in rows if kind == "time"}
        by_key: dict[tuple[str, int], Occurrence] = {}
        for event in upcoming_bijeenkomsten().filter(pk__in=events).only(*AGENDA_FIELDS) if events else []:
            by_key["event", event.pk] = _event_occurrence(event)
        for row in Tijdslot.objects.filter(pk__in=times).values_list(*RECURRING_FIELDS) if times else []:
            by_key["time", row[0]] = _recurring_occurrence(row, self.day)
        return [by_key[kind, pk] for _clock, _title, kind, pk in rows if (kind, pk) in by_key]


@lru_cache(maxsize=64)
def _week_sql(
    days: tuple[date, ...], wijk: int | None, cap: int, now: datetime, earliest: time
) -> tuple[str, tuple[Any, ...], tuple[tuple[str, date], ...]]:
    """The SQL of agenda_week's keys and its parts' keys (kind, day): per day its dated events and its recurring
    sessions (each with `clock`, the local time of day), each in time order and no further than cap + 1, numbered by
    their place in the UNION ALL. Made once per process for the same days, wijk and minute: building and compiling
    its fourteen parts cost more than running them; the data are read afresh each time."""
    zone = now.tzinfo
    events = upcoming_bijeenkomsten(wijk=wijk, now=now).select_related(None)
    times = recurring_times(wijk=wijk, today=now.date())
    each_day: dict[tuple[str, date], QuerySet[Any]] = {}
    for day in days:
        starts = datetime.combine(day, time.min, tzinfo=zone)
        each_day["event", day] = events.filter(
            starts_at__gte=starts, starts_at__lt=starts + timedelta(days=1)
        ).annotate(clock=TruncTime("starts_at", tzinfo=zone))
        each_day["time", day] = times.filter(_on_day(day, now.date(), now.time(), earliest)).annotate(
            clock=F("starts_at")
        )
    parts = [
        queryset.annotate(agenda_part=Value(n))
        .order_by("starts_at", "pk")
        .values_list("agenda_part", "clock", "pk")[: cap + 1]
        for n, queryset in enumerate(each_day.values())
    ]
    sql, params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    return sql, tuple(params), tuple(each_day)


def _first_and_counted(
    sql: str, params: tuple[Any, ...], keys: tuple[tuple[str, date], ...], first: int
) -> tuple[list[tuple[str, date, time, int]], dict[tuple[str, date], int]]:
    """Runs _week_sql's query: the first `first` rows of each part as [(kind, day, clock, pk)], and how many rows
    each part has (up to its cap + 1)."""
    with connection.cursor() as cursor:
        # Over a thousand small rows: a plain cursor, not the ORM's per-row conversions (a third of the page).
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    first_rows: list[tuple[str, date, time, int]] = []
    counts: dict[tuple[str, date], int] = dict.fromkeys(keys, 0)
    # Each part's rows come in its own order: an Append runs a part to its end (also in parallel one worker runs a
    # whole part, as each has its own LIMIT).
    for n, clock, pk in rows:
        counts[keys[n]] += 1
        if counts[keys[n]] <= first:
            first_rows.append((*keys[n], clock, pk))
    return first_rows, counts


def _event_occurrence(event: Bijeenkomst) -> Occurrence:
    locatie = event.locatie
    return Occurrence(
        starts_at=timezone.localtime(event.starts_at),
        ends_at=timezone.localtime(event.ends_at),
        title=event.display_title,
        slug=event.activiteit.slug,
        note=event.note,
        place=_place(locatie.name, locatie.city, locatie.wijk.name if locatie.wijk else None) if locatie else "",
        key=f"bijeenkomst-{event.pk}",
    )


# What the expansion of a recurring time reads: the rule, the times and what its agenda line shows.
RECURRING_FIELDS = [
    "pk", "activiteit_id", "weekday", "freq", "interval", "bysetpos", "valid_from", "until", "starts_at",
    "ends_at", "note", "activiteit__title", "activiteit__slug", "locatie__name", "locatie__city",
    "locatie__wijk__name",
]  # fmt: skip


def agenda_feed(until: datetime, limit: int, *, wijk: int | None = None) -> QuerySet[Bijeenkomst]:
    """The agenda's calendar feed: upcoming events that start before `until`, at most `limit`."""
    return upcoming_bijeenkomsten(wijk=wijk).filter(starts_at__lte=until)[:limit]


# What the feed's recurring events read: the rule, the times, the activity's title, summary and page, the place.
FEED_TIME_FIELDS = [
    "weekday", "freq", "interval", "bysetpos", "valid_from", "until", "starts_at", "ends_at", "note",
    "activiteit__title", "activiteit__summary", "activiteit__slug", "locatie__name", "locatie__street",
    "locatie__postcode", "locatie__city",
]  # fmt: skip


def agenda_feed_times(
    limit: int, *, wijk: int | None = None
) -> tuple[list[Tijdslot], dict[int, list[tuple[date, date]]]]:
    """The agenda feed's recurring times (at most `limit`, as RRULEs) with all their activities' exceptions
    from today on (EXDATEs): two queries."""
    today = timezone.localdate()
    slots = list(
        recurring_times(wijk=wijk)
        .select_related("activiteit", "locatie")
        .only(*FEED_TIME_FIELDS)
        .order_by("activiteit__title", "pk")[:limit]
    )
    return slots, exceptions_of((slot.activiteit_id for slot in slots), today, date.max)
