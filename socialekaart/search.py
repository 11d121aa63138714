"""Public search of the sociale kaart: Dutch full text, accent-insensitive, typo-tolerant.

Works without the pg_trgm and unaccent extensions (the embedded PostgreSQL has neither):
- accents are stripped in Python, both when the search vector is written and from the query;
- Dutch stemming and prefixes come from PostgreSQL's `dutch` configuration ('wandel:*' finds wandelgroep);
- typos are corrected against a vocabulary of the words in public listings ("Bedoelde u …?").
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from .models import Activiteit, ActivityType, Bijeenkomst, Locatie, TargetGroup, Theme, Tijdslot

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
VOCABULARY_CACHE_KEY = "socialekaart:vocabulary"
WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case without accents: 'Café Één' -> 'cafe een'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def terms_of(text: str) -> list[str]:
    """The searchable words of a text: only letters and digits, so any input is safe in a tsquery."""
    return WORD.findall(normalise(text[:MAX_QUERY_LENGTH]))[:MAX_TERMS]


# ---------------------------------------------------------------------------
# Writing the search vector
# ---------------------------------------------------------------------------
def _labels(values, choices) -> str:
    labels = dict(choices.choices)
    return " ".join(str(labels.get(value, value)) for value in values)


def document_parts(activiteit: Activiteit) -> dict[str, str]:
    """The text of an activity by weight: A title, B summary and vocabulary labels, C description, D places."""
    # Prefetched places (refresh_search_vectors) are used as they are; otherwise one query.
    prefetched = "locaties" in getattr(activiteit, "_prefetched_objects_cache", {})
    locaties = activiteit.locaties.all() if prefetched else activiteit.locaties.select_related("wijk")
    places = " ".join(
        f"{locatie.name} {locatie.city} {locatie.wijk.name if locatie.wijk else ''}" for locatie in locaties
    )
    places += " " + " ".join(wijk.name for wijk in activiteit.wijken.all())
    labels = " ".join(
        [
            str(ActivityType(activiteit.kind).label),
            _labels(activiteit.target_groups, TargetGroup),
            _labels(activiteit.themes, Theme),
        ]
    )
    return {
        "A": activiteit.title,
        "B": f"{activiteit.summary} {labels}",
        "C": f"{activiteit.description} {activiteit.organisatie.name}",
        "D": places,
    }


def refresh_search_vector(activiteit: Activiteit) -> None:
    """Recompute the activity's search vector (call after every change of its text, places or labels)."""
    parts = document_parts(activiteit)
    vector = None
    for weight, text in parts.items():
        part = SearchVector(Value(normalise(text)), weight=weight, config="dutch")
        vector = part if vector is None else vector + part
    Activiteit.objects.filter(pk=activiteit.pk).update(search_vector=vector)
    forget_vocabulary()


def refresh_search_vectors(activities: QuerySet) -> int:
    """Recompute the search vectors of many activities in ONE UPDATE (bulk loads, the benchmark's 10,000).

    Same text and weights as refresh_search_vector: document_parts() of each activity, accents stripped
    here, each part weighted by its letter with the `dutch` configuration. Returns the number of rows.
    """
    activities = activities.select_related("organisatie").prefetch_related(
        Prefetch("locaties", queryset=Locatie.objects.select_related("wijk")), "wijken"
    )
    ids, texts = [], {}
    for activiteit in activities.iterator(chunk_size=2000):
        ids.append(activiteit.pk)
        for weight, text in document_parts(activiteit).items():
            texts.setdefault(weight, []).append(normalise(text))
    if not ids:
        return 0
    weights = list(texts)  # "A", "B", "C", "D": letters only, so safe to put in the SQL
    vector = " || ".join(f"setweight(to_tsvector('dutch'::regconfig, v.{w}), '{w}')" for w in weights)
    columns = ", ".join("%s::text[]" for _w in weights)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Activiteit._meta.db_table} AS a SET search_vector = {vector} "
            f"FROM unnest(%s::int[], {columns}) AS v(id, {', '.join(weights)}) WHERE a.id = v.id",
            [ids, *texts.values()],
        )
        count = cursor.rowcount
    forget_vocabulary()
    return count


# ---------------------------------------------------------------------------
# Typo tolerance
# ---------------------------------------------------------------------------
def forget_vocabulary() -> None:
    cache.delete(VOCABULARY_CACHE_KEY)


def vocabulary() -> frozenset[str]:
    """Every word (accent-free, 3+ letters) in the text of public activities; cached until a listing changes."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        collected = set()
        rows = Activiteit.objects.public().values_list("title", "summary", "description", "organisatie__name")
        for row in rows.iterator(chunk_size=2000):
            for text in row:
                collected.update(word for word in WORD.findall(normalise(text)) if len(word) >= 3)
        words = frozenset(collected)
        cache.set(VOCABULARY_CACHE_KEY, words, timeout=60 * 60)
    return words


def correct(terms: list[str]) -> list[str] | None:
    """The terms with typos replaced by the closest known word, or None if nothing needed correcting."""
    words = vocabulary()
    corrected, changed = [], False
    for term in terms:
        if len(term) < 4 or term in words or any(word.startswith(term) for word in words):
            corrected.append(term)
            continue
        # Only compare words of a similar length: fast, and a different length is rarely a typo.
        candidates = [word for word in words if abs(len(word) - len(term)) <= 2]
        match = difflib.get_close_matches(term, candidates, n=1, cutoff=0.75)
        if match:
            corrected.append(match[0])
            changed = True
        else:
            corrected.append(term)
    return corrected if changed else None


# ---------------------------------------------------------------------------
# Searching
# ---------------------------------------------------------------------------
@dataclass
class Filters:
    """The cleaned filters of a search; None or False means: not filtered."""

    wijk: int | None = None
    target_group: str | None = None
    kind: str | None = None
    theme: str | None = None
    weekday: int | None = None
    free: bool = False
    wheelchair: bool = False
    hearing_loop: bool = False
    transport: bool = False
    online: bool = False

    def as_dict(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value not in (None, False)}


@dataclass
class SearchResult:
    activities: QuerySet
    query: str  # the words searched for, after correction
    suggestion: str | None = None  # "Bedoelde u …?"
    corrected: bool = False  # True when the results are for the suggestion, because the query found nothing
    terms: list[str] = field(default_factory=list)


def _tsquery(terms: list[str], operator: str) -> SearchQuery:
    # Every term is [a-z0-9]+ (terms_of), so this raw tsquery cannot be malformed.
    return SearchQuery(f" {operator} ".join(f"{term}:*" for term in terms), search_type="raw", config="dutch")


def _apply_filters(activities: QuerySet, filters: Filters) -> QuerySet:
    if filters.wijk:
        at_location = Locatie.objects.filter(activiteiten=OuterRef("pk"), wijk_id=filters.wijk)
        activities = activities.filter(Q(Exists(at_location)) | Q(wijken__id=filters.wijk)).distinct()
    if filters.target_group:
        activities = activities.filter(
            Q(target_groups__contains=[filters.target_group]) | Q(target_groups__contains=[TargetGroup.IEDEREEN])
        )
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.theme:
        activities = activities.filter(themes__contains=[filters.theme])
    if filters.weekday:
        weekly = Tijdslot.objects.filter(activiteit=OuterRef("pk"), weekday=filters.weekday)
        dated = Bijeenkomst.objects.filter(
            activiteit=OuterRef("pk"), starts_at__gte=timezone.now(), starts_at__iso_week_day=filters.weekday
        )
        activities = activities.filter(Q(Exists(weekly)) | Q(Exists(dated)))
    if filters.free:
        activities = activities.filter(cost_kind="gratis")
    if filters.wheelchair:
        activities = activities.filter(
            Exists(Locatie.objects.filter(activiteiten=OuterRef("pk"), wheelchair_accessible=True))
        )
    if filters.hearing_loop:
        activities = activities.filter(Exists(Locatie.objects.filter(activiteiten=OuterRef("pk"), hearing_loop=True)))
    if filters.transport:
        activities = activities.filter(transport_available=True)
    if filters.online:
        activities = activities.filter(Q(is_online=True) | Q(kind=ActivityType.ONLINE))
    return activities


def _matching(base: QuerySet, terms: list[str]) -> QuerySet:
    """All terms if that finds anything, else any of them; ordered by relevance."""
    for operator in ("&", "|"):
        query = _tsquery(terms, operator)
        matches = base.filter(search_vector=query)
        if operator == "|" or matches.exists():
            return matches.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "title", "pk")
    raise AssertionError("unreachable")


def search(text: str, filters: Filters) -> SearchResult:
    """Public activities matching the words and filters, most relevant first."""
    base = _apply_filters(Activiteit.objects.public(), filters)
    terms = terms_of(text)
    if not terms:
        return SearchResult(activities=base.order_by("title", "pk"), query="")
    activities = _matching(base, terms)
    suggestion_terms = correct(terms)
    if suggestion_terms is None:
        return SearchResult(activities=activities, query=" ".join(terms), terms=terms)
    suggestion = " ".join(suggestion_terms)
    if activities.exists():
        return SearchResult(activities=activities, query=" ".join(terms), suggestion=suggestion, terms=terms)
    return SearchResult(
        activities=_matching(base, suggestion_terms),
        query=suggestion,
        suggestion=suggestion,
        corrected=True,
        terms=suggestion_terms,
    )
