"""The citizens' reads: search results, an activity's page, the agenda and its feeds, the paper booklet.

Only what citizens may see (`Activiteit.objects.public()`). The search itself is the engine of
socialekaart/search.py (words, filters, ranking, spelling); this module reads what its results show. What the
pages say of a row (when, where, cost) is socialekaart/presenters.py's.
"""

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from coalition.models import Gemeente, Organisatie, Wijk

from ..models import Activiteit, Bijeenkomst, Locatie, Tijdslot
from ..search import Filters, SearchResult, search, search_ids

# What an agenda line shows: the page reads only these columns (not the activities' search vectors).
AGENDA_FIELDS = [
    "title", "starts_at", "ends_at", "note", "activiteit", "locatie",
    "activiteit__slug", "activiteit__title", "locatie__name", "locatie__city", "locatie__wijk__name",
]  # fmt: skip


# ---------------------------------------------------------------------------
# Search results
# ---------------------------------------------------------------------------
def find(query: str, filters: Filters, *, expected: tuple[int, int]) -> SearchResult:
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
        cursor.execute(_result_rows_sql(), {"ids": list(ids), "now": timezone.now()})
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
            (SELECT coalesce(json_agg(json_build_object('day', t.weekday, 'start', t.starts_at, 'end', t.ends_at)
                    ORDER BY t.weekday, t.starts_at, t.id), '[]')
                FROM {tijdslot} t WHERE t.activiteit_id = a.id) AS times
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
            Prefetch("tijdsloten", queryset=Tijdslot.objects.select_related("locatie")),
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
    return activiteit.tijdsloten.select_related("locatie__wijk")


def next_dates(activiteit: Activiteit, limit: int) -> QuerySet[Bijeenkomst]:
    """The activity's dated events that have not ended, soonest first."""
    return (
        activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now())
        .select_related("locatie__wijk")
        .order_by("starts_at")[:limit]
    )


def calendar_of(activiteit: Activiteit, limit: int) -> tuple[QuerySet[Tijdslot], QuerySet[Bijeenkomst]]:
    """The weekly times and the coming dated events (up to `limit`) of the activity's calendar file."""
    return (
        activiteit.tijdsloten.select_related("locatie"),
        activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now())
        .select_related("activiteit", "locatie")
        .order_by("starts_at")[:limit],
    )


# ---------------------------------------------------------------------------
# The agenda
# ---------------------------------------------------------------------------
def upcoming_bijeenkomsten(*, wijk: int | None = None) -> QuerySet[Bijeenkomst]:
    """Dated events of public activities that have not ended yet, soonest first."""
    events = Bijeenkomst.objects.filter(
        activiteit__in=Activiteit.objects.public(), ends_at__gte=timezone.now()
    ).select_related("activiteit", "locatie__wijk")
    if wijk:
        activity_at = Locatie.objects.filter(activiteiten=OuterRef("activiteit"), wijk_id=wijk)
        activity_serves = Activiteit.wijken.through.objects.filter(activiteit=OuterRef("activiteit"), wijk_id=wijk)
        events = events.filter(Q(locatie__wijk_id=wijk) | Exists(activity_at) | Exists(activity_serves))
    return events.order_by("starts_at", "pk")


def agenda(*, wijk: int | None = None) -> QuerySet[Bijeenkomst]:
    """The agenda's lines: upcoming events (of one wijk), with only the columns a line shows."""
    return upcoming_bijeenkomsten(wijk=wijk).only(*AGENDA_FIELDS)


def agenda_feed(until: datetime, limit: int) -> QuerySet[Bijeenkomst]:
    """The agenda's calendar feed: upcoming events that start before `until`, at most `limit`."""
    return upcoming_bijeenkomsten().filter(starts_at__lte=until)[:limit]
