"""The sociale kaart's figures for the steering group's dashboard and the public progress page: how many listings
are public and how many of them were confirmed recently, and what citizens searched for in vain.

Raw numbers only (the dashboard applies its own suppression of small cells), never who searched or who confirmed.
What is public is freshness.py's rule (`hide_cutoff`); the coverage matrix per wijk × target group is
insight.coverage. Scope: `gemeente_ids` (None: every gemeente) and `wijk_id`. An activity lies in a wijk through the
wijk of one of its places or through the wijken it serves (as in the search's wijk filter and the coverage matrix),
and so in that wijk's gemeente; one without any wijk (online, a phone line) lies in its organisation's gemeenten.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from coalition.models import Gemeente, Organisatie, Wijk

from ..models import Activiteit, Locatie, VerborgenZoekvraag, Zoekvraag
from .freshness import hide_cutoff

CONFIRMED_MONTHS = 6  # "share confirmed in the last six months" (issue 12)


# ---------------------------------------------------------------------------
# Listings: public, and confirmed as current in the last six months
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GemeenteListings:
    """The public listings of one gemeente, and how many of them were confirmed since `confirmed_since`."""

    gemeente_id: int
    name: str
    active: int
    confirmed: int


@dataclass(frozen=True)
class ListingFigures:
    """`active`: public listings in the scope (each once); `confirmed`: those of them last confirmed as current by
    their partner on or after `confirmed_since` (six months before the day asked about). `per_gemeente`: the same
    per gemeente in the scope (every gemeente, those of `gemeente_ids`, or the gemeente of `wijk_id`), by name,
    zeros included; a listing that lies in two gemeenten counts in both."""

    active: int
    confirmed: int
    confirmed_since: date
    per_gemeente: tuple[GemeenteListings, ...]


_LISTINGS_SQL = """
WITH public AS (
    SELECT a.id, a.organisatie_id, a.last_confirmed_on >= %(since)s AS confirmed
    FROM {activiteit} a
    WHERE a.status = %(published)s AND a.last_confirmed_on >= %(cutoff)s
), places AS (
    SELECT aw.activiteit_id, aw.wijk_id FROM {activiteit_wijken} aw JOIN public p ON p.id = aw.activiteit_id
    UNION
    SELECT al.activiteit_id, l.wijk_id
    FROM {activiteit_locaties} al JOIN {locatie} l ON l.id = al.locatie_id JOIN public p ON p.id = al.activiteit_id
    WHERE l.wijk_id IS NOT NULL
), in_gemeente AS (
    SELECT pl.activiteit_id, w.gemeente_id FROM places pl JOIN {wijk} w ON w.id = pl.wijk_id
    UNION
    SELECT p.id, og.gemeente_id
    FROM public p JOIN {organisatie_gemeenten} og ON og.organisatie_id = p.organisatie_id
    WHERE NOT EXISTS (SELECT 1 FROM places pl WHERE pl.activiteit_id = p.id)
), scoped AS (
    SELECT p.id, p.confirmed FROM public p WHERE true {listing_scope}
)
SELECT NULL::integer AS gemeente_id, NULL::varchar AS name, count(*), count(*) FILTER (WHERE s.confirmed)
FROM scoped s
UNION ALL
SELECT g.id, g.name, count(s.id), count(s.id) FILTER (WHERE s.confirmed)
FROM {gemeente} g
LEFT JOIN (in_gemeente ig JOIN scoped s ON s.id = ig.activiteit_id) ON ig.gemeente_id = g.id
WHERE true {gemeente_scope}
GROUP BY g.id, g.name
ORDER BY name NULLS FIRST, gemeente_id
"""


def listing_figures(
    *, gemeente_ids: Sequence[int] | None = None, wijk_id: int | None = None, today: date | None = None
) -> ListingFigures:
    """Public listings in the scope and how many were confirmed in the last six months, in total and per gemeente:
    ONE query. Public is what citizens find on `today` (published and confirmed since `hide_cutoff(today)`)."""
    today = today or timezone.localdate()
    since = today - relativedelta(months=CONFIRMED_MONTHS)
    params: dict[str, Any] = {
        "published": Activiteit.Status.GEPUBLICEERD.value,
        "cutoff": hide_cutoff(today),
        "since": since,
    }
    wijk_gemeente = f"(SELECT gemeente_id FROM {Wijk._meta.db_table} WHERE id = %(wijk)s)"  # noqa: S608 -- our table
    if gemeente_ids is not None:
        params["gemeenten"] = list(gemeente_ids)
    if wijk_id is not None:
        # The listings in the wijk, if the wijk lies in one of the gemeenten asked for.
        params["wijk"] = wijk_id
        listing_scope = " AND EXISTS (SELECT 1 FROM places pl WHERE pl.activiteit_id = p.id AND pl.wijk_id = %(wijk)s)"
        gemeente_scope = f" AND g.id = {wijk_gemeente}"
        if gemeente_ids is not None:
            listing_scope += f" AND {wijk_gemeente} = ANY(%(gemeenten)s::integer[])"
            gemeente_scope += " AND g.id = ANY(%(gemeenten)s::integer[])"
    elif gemeente_ids is not None:
        listing_scope = (
            " AND EXISTS (SELECT 1 FROM in_gemeente ig WHERE ig.activiteit_id = p.id"
            " AND ig.gemeente_id = ANY(%(gemeenten)s::integer[]))"
        )
        gemeente_scope = " AND g.id = ANY(%(gemeenten)s::integer[])"
    else:
        listing_scope, gemeente_scope = "", ""
    sql = _LISTINGS_SQL.format(
        activiteit=Activiteit._meta.db_table,
        activiteit_wijken=Activiteit.wijken.through._meta.db_table,
        activiteit_locaties=Activiteit.locaties.through._meta.db_table,
        locatie=Locatie._meta.db_table,
        wijk=Wijk._meta.db_table,
        organisatie_gemeenten=Organisatie.gemeenten.through._meta.db_table,
        gemeente=Gemeente._meta.db_table,
        listing_scope=listing_scope,
        gemeente_scope=gemeente_scope,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (_total, _name, active, confirmed), *gemeenten = cursor.fetchall()
    per_gemeente = tuple(
        GemeenteListings(gemeente_id=pk, name=name, active=n, confirmed=c) for pk, name, n, c in gemeenten
    )
    return ListingFigures(active=active, confirmed=confirmed, confirmed_since=since, per_gemeente=per_gemeente)


# ---------------------------------------------------------------------------
# Searches: what citizens looked for in vain, and how often they searched
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchTermCount:
    """A search word (lower case, without surrounding spaces) and how often it was searched for."""

    term: str
    count: int


@dataclass(frozen=True)
class PeriodSearches:
    """Searches from `start` up to (not including) `end`: all of them (also by filters alone), and those that found
    nothing."""

    start: date
    end: date
    total: int
    zero: int


def zero_result_searches(start: date, end: date, *, limit: int = 10) -> list[SearchTermCount]:
    """The words searched for most often without any result, from `start` up to (not including) `end`, most
    frequent first (then alphabetically); searches by filters alone and words set aside by a coördinator are left
    out. ONE query."""
    rows = (
        Zoekvraag.objects.filter(on__gte=start, on__lt=end, result_count=0)
        .annotate(term=Lower(Trim("terms")))
        .exclude(term="")
        .exclude(term__in=VerborgenZoekvraag.objects.values("term"))  # set aside by a coördinator
        .values("term")
        .annotate(count=Count("pk"))
        .order_by("-count", "term")[:limit]
    )
    return [SearchTermCount(term=row["term"], count=row["count"]) for row in rows]


def search_counts(periods: Sequence[tuple[date, date]]) -> list[PeriodSearches]:
    """Per period (start, end exclusive), in the order given: the number of searches and of those without
    results. ONE query for all periods together (none for no periods)."""
    if not periods:
        return []
    in_period = [Q(on__gte=start, on__lt=end) for start, end in periods]
    counts = Zoekvraag.objects.filter(reduce(or_, in_period)).aggregate(
        **{f"total_{n}": Count("pk", filter=where) for n, where in enumerate(in_period)},
        **{f"zero_{n}": Count("pk", filter=where & Q(result_count=0)) for n, where in enumerate(in_period)},
    )
    return [
        PeriodSearches(start=start, end=end, total=counts[f"total_{n}"], zero=counts[f"zero_{n}"])
        for n, (start, end) in enumerate(periods)
    ]


@dataclass(frozen=True)
class SearchFigures:
    """What the dashboard shows of searching: the counts per period, and the words of the first period most often
    searched in vain (each at least `min_count` times)."""

    periods: tuple[PeriodSearches, ...]
    zero_terms: tuple[SearchTermCount, ...]


_SEARCH_FIGURES_SQL = """
SELECT 'periode', p.idx, NULL, COUNT(z.id), COUNT(z.id) FILTER (WHERE z.result_count = 0)
FROM (VALUES {periods}) AS p(idx, low, high)
LEFT JOIN {zoekvraag} z ON z."on" >= p.low AND z."on" < p.high
GROUP BY p.idx
UNION ALL
(
    SELECT 'woord', NULL, t.term, t.n, t.n
    FROM (
        SELECT LOWER(TRIM(z.terms)) AS term, COUNT(*) AS n
        FROM {zoekvraag} z
        WHERE z."on" >= %s AND z."on" < %s AND z.result_count = 0 AND TRIM(z.terms) <> ''
        GROUP BY 1
        HAVING COUNT(*) >= %s
    ) t
    ORDER BY t.n DESC, t.term
    LIMIT %s
)
"""


def search_figures(periods: Sequence[tuple[date, date]], *, limit: int = 10, min_count: int = 1) -> SearchFigures:
    """search_counts() of the periods and zero_result_searches() of the first one (only words searched at least
    `min_count` times: a rare search may hold a name), in ONE query: the dashboard's budget is tight."""
    if not periods:
        return SearchFigures(periods=(), zero_terms=())
    values = ", ".join(["(%s::int, %s::date, %s::date)"] * len(periods))
    params: list[Any] = [value for n, (start, end) in enumerate(periods) for value in (n, start, end)]
    params += [periods[0][0], periods[0][1], min_count, limit]
    sql = _SEARCH_FIGURES_SQL.format(periods=values, zoekvraag=Zoekvraag._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counted = {idx: (total, zero) for kind, idx, _, total, zero in rows if kind == "periode"}
    return SearchFigures(
        periods=tuple(
            PeriodSearches(start=start, end=end, total=counted[n][0], zero=counted[n][1])
            for n, (start, end) in enumerate(periods)
        ),
        zero_terms=tuple(
            SearchTermCount(term=term, count=total)
            for kind, _, term, total, _ in sorted(
                (row for row in rows if row[0] == "woord"), key=lambda row: (-row[3], row[2])
            )
        ),
    )
