"""The coördinator's insight into the sociale kaart: what citizens search for (demand), and the "witte vlekken"
(supply: public activities per wijk and target group). Only totals and words: never who searched.

Every function aggregates in the database and returns a queryset or plain rows with the joins already set.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from coalition.models import Gemeente, Wijk

from ..models import Activiteit, Locatie, Synoniem, TargetGroup, VerborgenZoekvraag, Zoekvraag, search_word
from .freshness import hide_cutoff

SEARCH_TERMS_DAYS = 90
THIN_MAX = 2  # a cell with 1 or 2 activities is "dun": little choice for the people it is meant for


# ---------------------------------------------------------------------------
# Demand: what citizens search for
# ---------------------------------------------------------------------------
def search_terms(
    *, days: int = SEARCH_TERMS_DAYS, without_results: bool = False, today: date | None = None
) -> QuerySet[Zoekvraag, dict[str, Any]]:
    """The search words of the last `days` days, most frequent first, as rows {term, count, avg_results, zero}.

    Words are compared without regard to capitals or surrounding spaces. `without_results=True` keeps
    only searches that found nothing (then `count` is how often someone searched for it in vain).
    Searches by filters alone (no words) are left out, and so are words a coördinator set aside (hidden_terms).
    """
    since = (today or timezone.localdate()) - timedelta(days=days)
    searches = (
        Zoekvraag.objects.filter(on__gt=since)
        .annotate(term=Lower(Trim("terms")))
        .exclude(term="")
        .exclude(term__in=hidden_terms())
    )
    if without_results:
        searches = searches.filter(result_count=0)
    return (
        searches.values("term")
        .annotate(
            count=Count("pk"),
            avg_results=Avg("result_count"),
            zero=Count("pk", filter=Q(result_count=0)),
        )
        .order_by("-count", "term")
    )


def hidden_terms() -> QuerySet[VerborgenZoekvraag, str]:
    """The search words set aside (services.search_words.hide_search_term), as a subquery."""
    return VerborgenZoekvraag.objects.values_list("term", flat=True)


def synonyms_of_terms(terms: Sequence[str]) -> dict[str, list[str]]:
    """{search words: the words they also mean} for those of `terms` that are one word with a synonym. ONE query
    (none without one-word terms)."""
    words = {term: search_word(term) for term in terms if len(search_word(term).split()) == 1}
    if not words:
        return {}
    meanings = dict(Synoniem.objects.filter(word__in=set(words.values())).values_list("word", "words"))
    return {term: meanings[word] for term, word in words.items() if word in meanings}


def search_totals(*, days: int = SEARCH_TERMS_DAYS, today: date | None = None) -> dict[str, int]:
    """{'total': …, 'zero': …}: searches of the last `days` days, and how many found nothing."""
    since = (today or timezone.localdate()) - timedelta(days=days)
    return Zoekvraag.objects.filter(on__gt=since).aggregate(
        total=Count("pk"), zero=Count("pk", filter=Q(result_count=0))
    )


# ---------------------------------------------------------------------------
# Supply: "witte vlekken", published activities per wijk and target group
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverageCell:
    group: str
    label: str
    count: int

    @property
    def level(self) -> str:
        """'leeg' (0), 'dun' (1–2) or 'ok'."""
        if self.count == 0:
            return "leeg"
        return "dun" if self.count <= THIN_MAX else "ok"


@dataclass(frozen=True)
class CoverageRow:
    wijk: Wijk
    total: int
    cells: list[CoverageCell] = field(default_factory=list)


def gemeenten() -> QuerySet[Gemeente]:
    """The gemeenten to choose from, by name."""
    return Gemeente.objects.order_by("name")


def coverage_groups() -> list[tuple[str, str]]:
    """The target groups of the overview: every group except 'iedereen', which counts for each of them."""
    return [(value, str(label)) for value, label in TargetGroup.choices if value != TargetGroup.IEDEREEN]


_COVERAGE_SQL = """
WITH pairs AS (
    SELECT activiteit_id, wijk_id FROM {activiteit_wijken}
    UNION
    SELECT al.activiteit_id, l.wijk_id
    FROM {activiteit_locaties} al JOIN {locatie} l ON l.id = al.locatie_id
    WHERE l.wijk_id IS NOT NULL
)
SELECT p.wijk_id, g.grp, GROUPING(g.grp) AS is_total, COUNT(DISTINCT a.id)
FROM pairs p
JOIN {activiteit} a ON a.id = p.activiteit_id
JOIN {wijk} w ON w.id = p.wijk_id
LEFT JOIN LATERAL unnest(
    CASE WHEN %(everyone)s = ANY(a.target_groups) THEN %(groups)s::varchar[] ELSE a.target_groups END
) AS g(grp) ON true
WHERE a.status = %(published)s AND a.last_confirmed_on >= %(cutoff)s {scope}
GROUP BY GROUPING SETS ((p.wijk_id, g.grp), (p.wijk_id))
"""


def coverage_counts(
    *, gemeente_ids: Sequence[int] | None = None, wijk_id: int | None = None, today: date | None = None
) -> dict[tuple[int, str | None], int]:
    """{(wijk pk, target group): public activities, (wijk pk, None): all of them} for the wijken of `gemeente_ids`
    or only `wijk_id` (None: no limit). Wijken without any activity have no key. ONE query."""
    params: dict[str, Any] = {
        "everyone": TargetGroup.IEDEREEN.value,
        "groups": [value for value, _label in coverage_groups()],
        "published": Activiteit.Status.GEPUBLICEERD.value,
        "cutoff": hide_cutoff(today),
    }
    scope = ""
    if gemeente_ids is not None:
        scope += " AND w.gemeente_id = ANY(%(gemeenten)s::integer[])"
        params["gemeenten"] = list(gemeente_ids)
    if wijk_id is not None:
        scope += " AND p.wijk_id = %(wijk)s"
        params["wijk"] = wijk_id
    sql = _COVERAGE_SQL.format(
        activiteit=Activiteit._meta.db_table,
        activiteit_wijken=Activiteit.wijken.through._meta.db_table,
        activiteit_locaties=Activiteit.locaties.through._meta.db_table,
        locatie=Locatie._meta.db_table,
        wijk=Wijk._meta.db_table,
        scope=scope,
    )
    counts: dict[tuple[int, str | None], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for wijk_pk, group, is_total, count in cursor.fetchall():
            if is_total:
                counts[(wijk_pk, None)] = count
            elif group is not None:
                counts[(wijk_pk, group)] = count
    return counts


def coverage(
    *,
    gemeente: Gemeente | None = None,
    gemeente_ids: Sequence[int] | None = None,
    wijk_id: int | None = None,
    today: date | None = None,
) -> list[CoverageRow]:
    """Public activities per wijk × target group, for every wijk (of `gemeente`, of the gemeenten `gemeente_ids`,
    or only `wijk_id`; None: no limit), by gemeente and wijk name, in two queries (the wijken, the counts).

    An activity belongs to a wijk through the wijk of one of its locaties or through its `wijken`
    (counted once if both); one for "iedereen" counts for every group. `total` is the number of
    distinct activities in the wijk, whatever their target groups. Public is what citizens find on `today`.
    `gemeente` (the coördinator's page) is short for `gemeente_ids=[gemeente.pk]` (the dashboard); give one of them.
    """
    if gemeente is not None and gemeente_ids is not None:
        raise TypeError("coverage() takes gemeente or gemeente_ids, not both")
    if gemeente is not None:
        gemeente_ids = [gemeente.pk]
    groups = coverage_groups()
    wijken = Wijk.objects.select_related("gemeente").order_by("gemeente__name", "name")
    if gemeente_ids is not None:
        wijken = wijken.filter(gemeente__in=gemeente_ids)
    if wijk_id is not None:
        wijken = wijken.filter(pk=wijk_id)
    counts = coverage_counts(gemeente_ids=gemeente_ids, wijk_id=wijk_id, today=today)
    return [
        CoverageRow(
            wijk=wijk,
            total=counts.get((wijk.pk, None), 0),
            cells=[CoverageCell(value, label, counts.get((wijk.pk, value), 0)) for value, label in groups],
        )
        for wijk in wijken
    ]
