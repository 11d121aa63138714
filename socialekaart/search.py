"""Public search of the sociale kaart: Dutch full text, accent-insensitive, typo-tolerant, with compound words and
the coalition's synonyms.

Works without the pg_trgm and unaccent extensions (the embedded PostgreSQL has neither):
- accents are stripped in Python, both when the search vector is written and from the query;
- Dutch stemming and prefixes come from PostgreSQL's `dutch` configuration ('wandel:*' finds wandelgroep);
- the last parts of compound words are stored in a column of their own, `search_parts` ("café" finds
  Mantelzorgcafé; socialekaart/words.py);
- a word with synonyms (the coördinators' Synoniem list) also finds those ("theater" finds "voorstelling");
- typos are corrected against a vocabulary of the words in public listings ("Bedoelde u …?").

Ranking: the words themselves first, then their synonyms, then compound parts (SYNONYM_WEIGHT, PART_WEIGHT).
"""

from __future__ import annotations

import bisect
import difflib
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils import timezone

from coalition import pagecache

from .models import (
    Activiteit,
    ActivityType,
    Bijeenkomst,
    InTitle,
    Locatie,
    Synoniem,
    TargetGroup,
    Theme,
    Tijdslot,
    Zoekindex,
    public_condition,
    public_cutoff,
)
from .words import COMMON_PARTS, MIN_PART, PLURAL_ENDINGS, WORD, compound_parts, normalise, parts_text, words_of

__all__ = ["normalise"]  # re-exported: the search's own normalising (socialekaart/words.py)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_SYNONYMS = 6  # per search word: a long list would make every search slow and vague
VOCABULARY_CACHE_KEY = "socialekaart:vocabulary:v4"  # (token, words, synonyms, parts); v2: (token, words)
VOCABULARY_TOKEN_KEY = "socialekaart:vocabulary-token"  # noqa: S105 -- a cache key, no secret
VOCABULARY_SECONDS = 60 * 60
VOCABULARY_RECHECK_SECONDS = 60  # a process's copy, found current in this page cache generation, is used this long
VOCABULARY_MIN_LENGTH = 3  # shorter words are not kept
CORRECT_FROM_LENGTH = 4  # shorter terms are taken as they are
# A listing found through a synonym ranks below every one found through the words themselves, and one found only
# through a part of a compound below both. ts_rank gives a whole-word match at least ~0.006 (weight D, eight words)
# and at most ~1, so these factors keep the three groups apart.
SYNONYM_WEIGHT = 0.001
PART_WEIGHT = 0.00001


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


def compound_text(activiteit: Activiteit) -> str:
    """The known parts of the compound words of the title and summary (Activiteit.search_parts), accent-free."""
    return parts_text(
        [activiteit.title, activiteit.summary],
        own_words=words_of(f"{activiteit.title} {activiteit.summary} {activiteit.description}"),
    )


def refresh_search_vector(activiteit: Activiteit) -> None:
    """Recompute the activity's search vector and compound parts (call after every change of its text, places or
    labels)."""
    parts = document_parts(activiteit)
    vector: Combinable | None = None
    for weight, text in parts.items():
        part = SearchVector(Value(normalise(text)), weight=weight, config="dutch")
        vector = part if vector is None else vector + part
    Activiteit.objects.filter(pk=activiteit.pk).update(
        search_vector=vector, search_parts=SearchVector(Value(compound_text(activiteit)), config="dutch")
    )
    forget_vocabulary()
    pagecache.invalidate()  # an UPDATE without signals: the search finds other things now


def refresh_search_vectors(activities: QuerySet) -> int:
    """Recompute the search vectors of many activities in ONE UPDATE (bulk loads, the benchmark's 10,000).

    Same text and weights as refresh_search_vector: document_parts() of each activity, accents stripped
    here, each part weighted by its letter with the `dutch` configuration. Returns the number of rows.
    """
    activities = activities.select_related("organisatie").prefetch_related(
        Prefetch("locaties", queryset=Locatie.objects.select_related("wijk")), "wijken"
    )
    ids: list[int] = []
    texts: dict[str, list[str]] = {}
    compounds: list[str] = []
    for activiteit in activities.iterator(chunk_size=2000):
        ids.append(activiteit.pk)
        for weight, text in document_parts(activiteit).items():
            texts.setdefault(weight, []).append(normalise(text))
        compounds.append(compound_text(activiteit))
    if not ids:
        return 0
    weights = list(texts)  # "A", "B", "C", "D": letters only, so safe to put in the SQL
    vector = " || ".join(f"setweight(to_tsvector('dutch'::regconfig, v.{w}), '{w}')" for w in weights)
    columns = ", ".join("%s::text[]" for _w in weights)
    with connection.cursor() as cursor:
        # Only the table's name and the weight letters are put in the SQL; the texts are parameters.
        cursor.execute(
            f"UPDATE {Activiteit._meta.db_table} AS a SET search_vector = {vector}, "  # noqa: S608
            "search_parts = to_tsvector('dutch'::regconfig, v.parts) "
            f"FROM unnest(%s::int[], {columns}, %s::text[]) AS v(id, {', '.join(weights)}, parts) WHERE a.id = v.id",
            [ids, *texts.values(), compounds],
        )
        count = cursor.rowcount
    forget_vocabulary()
    pagecache.invalidate()
    return count


# ---------------------------------------------------------------------------
# Typo tolerance
# ---------------------------------------------------------------------------
Phrase = tuple[str, ...]  # the words of one synonym: ("voorstelling",) or ("samen", "eten")


class _Vocabulary:
    """The words of public listings, prepared for correct(): a set, a sorted list for prefix checks, words by
    length, and the corrections found so far; and the coalition's synonyms. One per cache token (see
    vocabulary())."""

    MAX_CORRECTIONS = 10_000

    def __init__(
        self, token: str, words: frozenset[str], synonyms: dict[str, tuple[Phrase, ...]], parts: frozenset[str]
    ):
        self.token, self.words, self.synonyms = token, words, synonyms
        self.sorted = sorted(words)
        self.parts = sorted(parts)
        self.by_length: dict[int, list[str]] = {}
        for word in self.sorted:
            self.by_length.setdefault(len(word), []).append(word)
        self.corrections: dict[str, str | None] = {}

    def has_prefix(self, term: str) -> bool:
        index = bisect.bisect_left(self.sorted, term)
        return index < len(self.sorted) and self.sorted[index].startswith(term)

    def closest(self, term: str) -> str | None:
        """The closest known word (difflib, cutoff 0.75) among words of a similar length, memoised."""
        if term not in self.corrections:
            # Only compare words of a similar length: fast, and a different length is rarely a typo.
            candidates = [word for size in range(len(term) - 2, len(term) + 3) for word in self.by_length.get(size, ())]
            match = difflib.get_close_matches(term, candidates, n=1, cutoff=0.75)
            if len(self.corrections) >= self.MAX_CORRECTIONS:
                self.corrections.clear()
            self.corrections[term] = match[0] if match else None
        return self.corrections[term]

    def may_be_part(self, term: str) -> bool:
        """Whether `term` may match a compound part of some listing (search_parts); if not, the search leaves that
        column out, which keeps common words fast."""
        return _starts_like(self.parts, term)

    def may_match(self, term: str) -> bool:
        """Whether `term` may match a word of some public listing; a synonym that cannot is left out of the query."""
        return _starts_like(self.sorted, term)

    def knows(self, term: str) -> bool:
        """A known word, the start of one, or the plural of one ("tuinen" where "tuin" is known)."""
        return term in self.words or self.has_prefix(term) or self.singular(term) is not None

    def singular(self, term: str) -> str | None:
        """The known singular of an unknown word that looks like its plural: "cafes" -> "cafe"."""
        if term in self.words or self.has_prefix(term):
            return None
        for ending in PLURAL_ENDINGS:
            if term.endswith(ending) and term[: -len(ending)] in self.words:
                return term[: -len(ending)]
        return None

    def synonyms_of(self, term: str) -> tuple[Phrase, ...]:
        """The synonyms of a search word, also of its plural ("theaters" as "theater")."""
        if term in self.synonyms:
            return self.synonyms[term]
        for ending in PLURAL_ENDINGS:
            if term.endswith(ending) and term[: -len(ending)] in self.synonyms:
                return self.synonyms[term[: -len(ending)]]
        return ()


def _starts_like(ordered: list[str], term: str) -> bool:
    """Whether a word of the sorted list starts like `term`. Generous on purpose: the stemmer shortens a word (up to
    three letters off, 'tuinen' -> 'tuin', 'rijden' -> 'rijd'), so the start without the last three letters counts."""
    start = term[: max(MIN_PART, len(term) - 3)]
    index = bisect.bisect_left(ordered, start)
    return index < len(ordered) and ordered[index].startswith(start)


@dataclass
class _LocalCopy:
    vocabulary: _Vocabulary | None = None
    generation: int | None = None  # the page cache generation in which the copy was last found current
    checked_at: float = 0.0


# This process's copy of the shared vocabulary: unpickling ~10,000 words from the cache on every search
# costs more than the rest of the query parsing. The small token in the cache says whether it is current; that is
# asked again only in a new page cache generation (every forget_vocabulary() makes one) or after
# VOCABULARY_RECHECK_SECONDS (listings also go out of date by the calendar), not on every search.
_local = _LocalCopy()


def forget_vocabulary() -> None:
    """After a change of a public listing or of a synonym: every process reads the vocabulary afresh (the new page
    cache generation tells them)."""
    cache.delete_many([VOCABULARY_CACHE_KEY, VOCABULARY_TOKEN_KEY])
    _local.vocabulary = None
    pagecache.invalidate()


def _collect_words() -> tuple[set[str], frozenset[str]]:
    """The words of public listings (3+ letters) with the common compound parts in them (they are searchable), and
    every part that search_parts may hold (a generous superset: any word counts as a known part here)."""
    collected: set[str] = set()
    rows = Activiteit.objects.public().values_list("title", "summary", "description", "organisatie__name")
    for row in rows.iterator(chunk_size=2000):
        for text in row:
            collected.update(word for word in WORD.findall(normalise(text)) if len(word) >= VOCABULARY_MIN_LENGTH)
    known = COMMON_PARTS | collected
    parts = frozenset(part for word in collected for part in compound_parts(word, known))
    collected.update(part for word in list(collected) for part in compound_parts(word, COMMON_PARTS))
    return collected, parts


def _collect_synonyms() -> dict[str, tuple[Phrase, ...]]:
    synonyms: dict[str, tuple[Phrase, ...]] = {}
    for word, words in Synoniem.objects.values_list("word", "words"):
        phrases = [tuple(WORD.findall(normalise(text))) for text in words[:MAX_SYNONYMS]]
        for term in WORD.findall(normalise(word))[:1]:
            synonyms[term] = tuple(phrase for phrase in phrases if phrase)
    return synonyms


def _prepared_vocabulary() -> _Vocabulary:
    local = _local.vocabulary
    generation = pagecache.current_generation()
    if (
        local is not None
        and generation is not None
        and generation == _local.generation
        and time.monotonic() - _local.checked_at < VOCABULARY_RECHECK_SECONDS
    ):
        return local
    token = cache.get(VOCABULARY_TOKEN_KEY)
    if token is not None and local is not None and local.token == token:
        _local.generation, _local.checked_at = generation, time.monotonic()
        return local
    stored = cache.get(VOCABULARY_CACHE_KEY)
    if stored is None:
        synonyms = _collect_synonyms()
        collected, parts = _collect_words()
        # A word with synonyms is a known word: not "corrected", and a typo of it is corrected to it.
        stored = (uuid.uuid4().hex, frozenset(collected | set(synonyms)), synonyms, parts)
        cache.set_many({VOCABULARY_CACHE_KEY: stored, VOCABULARY_TOKEN_KEY: stored[0]}, timeout=VOCABULARY_SECONDS)
    elif stored[0] != token:
        cache.set(VOCABULARY_TOKEN_KEY, stored[0], timeout=VOCABULARY_SECONDS)
    prepared = _Vocabulary(*stored)
    _local.vocabulary, _local.generation, _local.checked_at = prepared, generation, time.monotonic()
    return prepared


def vocabulary() -> frozenset[str]:
    """Every word (accent-free, 3+ letters) in the text of public activities, the compound parts in them and the
    words with synonyms; cached until a listing or a synonym changes."""
    return _prepared_vocabulary().words


def synonyms() -> dict[str, tuple[Phrase, ...]]:
    """The coalition's synonyms: search word -> the phrases it also means (cached with the vocabulary)."""
    return _prepared_vocabulary().synonyms


def correct(terms: list[str]) -> list[str] | None:
    """The terms with typos replaced by the closest known word, or None if nothing needed correcting."""
    words = _prepared_vocabulary()
    corrected, changed = [], False
    for term in terms:
        if len(term) < CORRECT_FROM_LENGTH or words.knows(term):
            corrected.append(term)
            continue
        match = words.closest(term)
        if match:
            corrected.append(match)
            changed = True
        else:
            corrected.append(term)
    return corrected if changed else None


# ---------------------------------------------------------------------------
# Searching
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
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


class ResultIds:
    """The primary keys of a search's results in order, for a Paginator, a page at a time.

    The cost of a ranked search follows the page, not the number of listings (issue 16):
    - Without words (a listing by title) the total is counted up to RANK_ALL as well, and pages go that far.
    - Up to RANK_ALL matches are all ranked and counted, exactly, in ONE query: the page's keys with
      `count(*) OVER ()` over at most RANK_ALL + 1 matches (the window is computed before LIMIT). The rank is
      computed in a subquery, so PostgreSQL sorts and counts narrow rows (key, title, rank).
    - Above that the total is not counted ("meer dan 1.000", `more`), and pages are ranked among the matches with
      the words in their title (`tier`, from the index on InTitle): for one word each of those ranks above every
      listing with the word elsewhere only (ts_rank's weight A is 1.0, B at most 0.4 even when repeated), so this is
      the full ranking's beginning. For several words, the matches with any of them in the title: not a proof but a
      fact of realistic listings, checked by the tests' table and by the benchmark at 100,000 (at least 9 of the
      first 10 as in the full ranking). A page past the end of that tier is ranked among all matches, as before.
    `expected` is the page the caller will ask for; another slice costs one more query.
    """

    RANK_ALL = 1000

    def __init__(
        self,
        queryset: QuerySet | None = None,
        *,
        ranked: RankedSQL | None = None,
        expected: tuple[int, int] = (0, 20),
    ):
        self.queryset = queryset  # a listing by title (no words), or:
        self.matches = ranked  # the matches of words, ranked
        self.expected = expected
        self.more = False  # more than RANK_ALL matches: count() is RANK_ALL, the rest is not paged
        self._total: int | None = None
        self._page: tuple[int, int, list[int]] | None = None

    def count(self) -> int:
        if self._total is None:
            self._total = self._count_listed() if self.matches is None else self._count_ranked()
        return self._total

    def __getitem__(self, key: slice) -> list[int]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("ResultIds takes a slice of a page")
        start, stop = key.start or 0, key.stop
        if self._page is not None:
            read_start, read_stop, ids = self._page
            # The page read with the count, or a shorter slice of it: Paginator ends the last page at the
            # total (a page of 7 results is [0:7], not [0:20]), and fewer keys than asked means the end.
            if start == read_start and (stop <= read_stop or len(ids) < read_stop - read_start):
                return ids[: stop - start]
        if self.matches is None:
            return list(self._listing().values_list("pk", flat=True)[start:stop])
        self.count()
        if self.more:
            return self._page_beyond(start, stop)
        return self._page_of(self.matches, start, stop, cap=self.RANK_ALL + 1)[0]

    def _listing(self) -> QuerySet:
        if self.queryset is None:
            raise TypeError("ResultIds needs a queryset or ranked matches")
        return self.queryset

    def _count_listed(self) -> int:
        """The total of a listing by title (no words), counted no further than RANK_ALL + 1, as a ranked one."""
        total = self._listing()[: self.RANK_ALL + 1].count()
        self.more = total > self.RANK_ALL
        return min(total, self.RANK_ALL)

    def _count_ranked(self) -> int:
        """The total (at most RANK_ALL), with the expected page: one query when there are up to RANK_ALL matches."""
        assert self.matches is not None  # noqa: S101 -- count() calls this for ranked matches only
        start, stop = self.expected
        ids, total = self._page_of(self.matches, start, stop, cap=self.RANK_ALL + 1, counted=True)
        if not ids and start > 0:  # past the end, where the window counted nothing
            total = self._count_only(self.matches, cap=self.RANK_ALL + 1)
        self.more = total > self.RANK_ALL
        if self.more:
            # The page above was ranked among an arbitrary RANK_ALL + 1 of the matches.
            ids = self._page_beyond(start, stop) if start < self.RANK_ALL else []
        self._page = (start, stop, ids)
        return min(total, self.RANK_ALL)

    def _page_beyond(self, start: int, stop: int) -> list[int]:
        """A page when there are more than RANK_ALL matches: from the title tier as far as it reaches."""
        assert self.matches is not None  # noqa: S101 -- only for ranked matches
        ids = self._page_of(self.matches.title_tier(), start, stop)[0]
        if len(ids) == stop - start:
            return ids
        return self._page_of(self.matches, start, stop)[0]

    @staticmethod
    def _page_of(
        matches: RankedSQL, start: int, stop: int, *, cap: int | None = None, counted: bool = False
    ) -> tuple[list[int], int]:
        """The keys of [start:stop) of the ranked `matches` (of its first `cap` matches, in no order, when given),
        and with `counted` the number of matches (up to `cap`) with them."""
        inner, params = matches.sql(cap)
        total = ", count(*) OVER ()" if counted else ""
        # The inner SQL is the ORM's own, its parameters are passed on. OFFSET 0 keeps it a subquery of its own.
        offset = "" if cap is not None else " OFFSET 0"
        sql = (
            f'SELECT "match_id"{total} FROM ({inner}{offset}) AS "matches" '  # noqa: S608
            'ORDER BY "match_rank" DESC, "match_title", "match_id" LIMIT %s OFFSET %s'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            rows = cursor.fetchall()
        return [row[0] for row in rows], (rows[0][1] if rows and counted else 0)

    @staticmethod
    def _count_only(matches: RankedSQL, *, cap: int) -> int:
        inner, params = matches.sql(cap)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM ({inner}) AS "matches"', params)  # noqa: S608 -- the ORM's SQL
            return cursor.fetchone()[0]


@dataclass(kw_only=True)
class Understood:
    """What a search made of the words typed."""

    query: str  # the words searched for, after correction
    suggestion: str | None = None  # "Bedoelde u …?"
    corrected: bool = False  # True when the results are for the suggestion, because the query found nothing
    terms: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class SearchResult(Understood):
    """search(): the activities found, best first."""

    activities: QuerySet


def _raw(tsquery: str) -> SearchQuery:
    # Every word is [a-z0-9]+ (terms_of, WORD), so this raw tsquery cannot be malformed.
    return SearchQuery(tsquery, search_type="raw", config="dutch")


def _prefixes(words: Phrase) -> str:
    """'(samen:* & eten:*)': every word of a phrase, each as a prefix."""
    joined = " & ".join(f"{word}:*" for word in words)
    return f"({joined})" if len(words) > 1 else joined


@dataclass(frozen=True)
class Words:
    """The search words, each with its synonyms and, for a plural that the `dutch` stemmer leaves as it is
    ("cafes"), the known singular ("cafe")."""

    terms: list[str]
    synonyms: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    singulars: dict[str, str] = field(default_factory=dict)
    in_parts: frozenset[str] = frozenset()  # the terms that may match a compound part (the others skip that column)

    def itself(self, term: str) -> str:
        """A tsquery for the word itself."""
        singular = self.singulars.get(term)
        return f"({term}:* | {singular}:*)" if singular else f"{term}:*"

    def either(self, term: str) -> str:
        """A tsquery for the word itself or any of its synonyms."""
        return " | ".join([self.itself(term), *(_prefixes(phrase) for phrase in self.synonyms.get(term, ()))])


def _words(terms: list[str]) -> Words:
    known = _prepared_vocabulary()
    synonyms = {}
    for term in terms:
        # A synonym that starts with the word ("koffie" -> "koffieochtend") is found by the word's prefix already; one
        # that is in no listing finds nothing. Leaving both out keeps the query as cheap as it can be.
        phrases = tuple(
            phrase
            for phrase in known.synonyms_of(term)
            if not phrase[0].startswith(term) and all(known.may_match(word) for word in phrase)
        )
        if phrases:
            synonyms[term] = phrases
    singulars = {term: singular for term in terms if (singular := known.singular(term))}
    in_parts = frozenset(
        term
        for term in terms
        if any(
            known.may_be_part(word)
            for word in [term, *singulars.get(term, "").split(), *(w for p in synonyms.get(term, ()) for w in p)]
        )
    )
    return Words(terms, synonyms=synonyms, singulars=singulars, in_parts=in_parts)


def activity_ids_in_wijk(wijk: int) -> QuerySet:
    """The keys of the activities with a place in the wijk or that serve it (the wijk filter of the search and the
    agenda): one list (a UNION), so that PostgreSQL can start from the wijk's few listings rather than test every
    other match against it."""
    at_places = Activiteit.locaties.through.objects.filter(locatie__wijk_id=wijk).values("activiteit_id")
    serving = Activiteit.wijken.through.objects.filter(wijk_id=wijk).values("activiteit_id")
    return at_places.union(serving)


def _apply_filters(activities: QuerySet, filters: Filters, *, now: datetime | None = None) -> QuerySet:
    if filters.wijk:
        activities = activities.filter(pk__in=activity_ids_in_wijk(filters.wijk))
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
            activiteit=OuterRef("pk"), starts_at__gte=now or timezone.now(), starts_at__iso_week_day=filters.weekday
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


@dataclass(frozen=True)
class Shape:
    """What the SQL of a search of some words looks like, apart from the words themselves: all ("&") or any ("|") of
    them, which of them may be part of a compound (they are matched against search_parts too), and whether the rank
    counts synonyms and compound parts. The words go into that SQL as tsquery texts (texts_of())."""

    operator: str
    in_parts: tuple[bool, ...]  # per word
    synonyms: bool

    @property
    def parts(self) -> bool:
        return any(self.in_parts)

    def roles(self) -> list[str]:
        """The names of the tsquery texts this SQL takes (texts_of())."""
        roles = [f"match{i}" for i in range(len(self.in_parts))] + ["rank", "title"]
        return roles + ["synonyms"] * self.synonyms + ["parts"] * self.parts


def shape_of(words: Words, operator: str) -> Shape:
    synonyms = any(words.synonyms.get(term) for term in words.terms)
    return Shape(operator, tuple(term in words.in_parts for term in words.terms), synonyms)


def texts_of(words: Words, operator: str) -> dict[str, str]:
    """The tsquery texts of a search of these words by their role in its SQL (Shape.roles()): what each word matches
    (itself or a synonym: `match0`, `match1`, …), the rank of the words themselves (`rank`), the title tier's words
    (`title`), the synonyms' rank (`synonyms`) and the compound parts' rank (`parts`)."""
    texts = {f"match{i}": words.either(term) for i, term in enumerate(words.terms)}
    texts["rank"] = f" {operator} ".join(words.itself(term) for term in words.terms)
    texts["title"] = " | ".join(words.itself(term) for term in words.terms)
    alternatives = [_prefixes(phrase) for term in words.terms for phrase in words.synonyms.get(term, ())]
    if alternatives:
        texts["synonyms"] = " | ".join(alternatives)
    if words.in_parts:
        texts["parts"] = " | ".join(words.either(term) for term in words.terms if term in words.in_parts)
    return texts


def _ranked(base: QuerySet, shape: Shape, texts: dict[str, str]) -> QuerySet:
    """The activities with all (operator "&") or any ("|") of the words: each word itself, a synonym of it, or a
    part of a compound; with a rank that puts the words themselves first, then synonyms, then compound parts."""
    return _with_rank(base.filter(_matching_words(shape, texts)), shape, texts)


def _matching_words(shape: Shape, texts: dict[str, str]) -> Q:
    combine = and_ if shape.operator == "&" else or_
    conditions = []
    for index, in_parts in enumerate(shape.in_parts):
        query = _raw(texts[f"match{index}"])
        conditions.append(Q(search_vector=query) | Q(search_parts=query) if in_parts else Q(search_vector=query))
    return reduce(combine, conditions)


def _in_title(base: QuerySet, shape: Shape, texts: dict[str, str]) -> QuerySet:
    """Those of _ranked()'s matches with (one of) the words themselves in their title, ranked the same way
    (RankedSQL.title_tier()). For one word each of them is a match, so only the index on the titles is read; for more
    words the matches of all (operator "&") with any of them in the title: a listing with none of the words in its
    title rarely ranks above all of those (the benchmark's and the tests' ranking checks)."""
    in_title = base.alias(title_words=InTitle()).filter(title_words=_raw(texts["title"]))
    if len(shape.in_parts) > 1:
        in_title = in_title.filter(RowCheck(_matching_words(shape, texts)))
    return _with_rank(in_title, shape, texts)


class RowCheck(Func):
    """`(condition) IS TRUE`: the same test, but one PostgreSQL checks on the rows it has rather than with an index.
    The title tier is only used for more than RANK_ALL matches: intersecting the few listings with a word in their
    title with the big index's thousands of matches cost more than twice as much as testing those few rows."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()

    def __init__(self, condition: Q):
        super().__init__(ExpressionWrapper(condition, output_field=BooleanField()))


def _with_rank(matches: QuerySet, shape: Shape, texts: dict[str, str]) -> QuerySet:
    rank: Combinable = SearchRank(F("search_vector"), _raw(texts["rank"]))
    if shape.synonyms:
        rank = rank + SearchRank(F("search_vector"), _raw(texts["synonyms"])) * Value(SYNONYM_WEIGHT)
    if shape.parts:
        parts_rank = Coalesce(
            SearchRank(F("search_parts"), _raw(texts["parts"])), Value(0.0), output_field=FloatField()
        )
        rank = rank + parts_rank * Value(PART_WEIGHT)
    return matches.annotate(rank=rank).order_by("-rank", "title", "pk")


def _queryset(base: QuerySet, words: Words, operator: str) -> QuerySet:
    return _ranked(base, shape_of(words, operator), texts_of(words, operator))


# ---------------------------------------------------------------------------
# The search page's SQL, compiled once per shape
# ---------------------------------------------------------------------------
STAND_IN = "\x00"  # starts the stand-in of a tsquery text; never in a real one (letters, digits and operators only)


@lru_cache(maxsize=512)
def _compiled(tier: bool, shape: Shape, filters: Filters, cutoff: date, now: datetime | None, cap: int | None):
    """The inner SQL of a ranked search (key, title and rank of its matches, or of the title tier's), compiled by the
    ORM once per shape, filters and public_cutoff() (a parameter of the SQL, as the filters' values are), and per
    minute with the weekday filter (its dated sessions from `now` on). Stand-ins take the place of the tsquery texts:
    RankedSQL puts each search's own in their place. Building and compiling this query was more than half of
    find()'s own work."""
    base = _searched(filters, cutoff, now)
    stand_ins = {role: STAND_IN + role for role in shape.roles()}
    matches = (_in_title if tier else _ranked)(base, shape, stand_ins)
    narrow = matches.order_by().values(match_id=F("pk"), match_title=F("title"), match_rank=F("rank"))
    if cap is not None:
        narrow = narrow[:cap]
    sql, params = narrow.query.sql_with_params()
    return sql, tuple(params)


def _searched(filters: Filters, cutoff: date, now: datetime | None) -> QuerySet:
    """The public rows a search page looks in: without filters the narrow Zoekindex, which has every column such a
    search reads; with a filter the activities themselves (a filter reads their other columns and relations)."""
    if filters == Filters():
        return Zoekindex.objects.filter(public_condition(cutoff=cutoff))
    return _apply_filters(Activiteit.objects.filter(public_condition(cutoff=cutoff)), filters, now=now)


@dataclass(frozen=True)
class RankedSQL:
    """The matches of a search with words, ranked (or those of its title tier): `sql(cap)` is the SQL of their key,
    title and rank (at most `cap` of them, in no order) with its parameters, for ResultIds."""

    shape: Shape
    texts: dict[str, str]
    filters: Filters
    tier: bool = False

    def sql(self, cap: int | None) -> tuple[str, list]:
        now = timezone.now().replace(second=0, microsecond=0) if self.filters.weekday else None
        template, params = _compiled(self.tier, self.shape, self.filters, public_cutoff(), now, cap)
        texts = self.texts
        own = [texts[p[1:]] if isinstance(p, str) and p.startswith(STAND_IN) else p for p in params]
        return template, own

    def title_tier(self) -> RankedSQL:
        return RankedSQL(self.shape, self.texts, self.filters, tier=True)


def _operators(terms: list[str]) -> tuple[str, ...]:
    """All terms, else any of them; for one term both are the same query."""
    return ("&", "|") if len(terms) > 1 else ("|",)


def _matching(base: QuerySet, words: Words) -> QuerySet:
    """All terms if that finds anything, else any of them; ordered by relevance."""
    *first, last = _operators(words.terms)
    for operator in first:
        matches = _queryset(base, words, operator)
        if matches.exists():
            return matches
    return _queryset(base, words, last)


def search(text: str, filters: Filters) -> SearchResult:
    """Public activities matching the words and filters, most relevant first."""
    base = _apply_filters(Activiteit.objects.public(), filters)
    terms = terms_of(text)
    if not terms:
        return SearchResult(activities=base.order_by("title", "pk"), query="")
    activities = _matching(base, _words(terms))
    suggestion_terms = correct(terms)
    if suggestion_terms is None:
        return SearchResult(activities=activities, query=" ".join(terms), terms=terms)
    suggestion = " ".join(suggestion_terms)
    if activities.exists():
        return SearchResult(activities=activities, query=" ".join(terms), suggestion=suggestion, terms=terms)
    return SearchResult(
        activities=_matching(base, _words(suggestion_terms)),
        query=suggestion,
        suggestion=suggestion,
        corrected=True,
        terms=suggestion_terms,
    )


@dataclass(kw_only=True)
class FoundIds(Understood):
    """search_ids(): what a results page shows, a page of keys at a time."""

    ids: ResultIds


def search_ids(text: str, filters: Filters, *, expected: tuple[int, int]) -> FoundIds:
    """search() for a results page: the same results and suggestion, with `ids` to page through them.

    Where search() asks "does anything match?" first, this reads the expected page with its total at
    once and tries the next way only when that total is 0: a search with words is then one query. Its SQL is
    compiled once per shape (RankedSQL), not built anew for every search.
    """
    terms = terms_of(text)
    if not terms:
        listing = _apply_filters(Activiteit.objects.public(), filters).order_by("title", "pk")
        return FoundIds(ids=ResultIds(listing, expected=expected), query="")

    def matching(terms: list[str]) -> ResultIds:
        words = _words(terms)
        for operator in _operators(terms):
            matches = RankedSQL(shape_of(words, operator), texts_of(words, operator), filters)
            ids = ResultIds(ranked=matches, expected=expected)
            if ids.count():
                break
        return ids

    ids = matching(terms)
    suggestion_terms = correct(terms)
    if suggestion_terms is None:
        return FoundIds(ids=ids, query=" ".join(terms), terms=terms)
    suggestion = " ".join(suggestion_terms)
    if ids.count():
        return FoundIds(ids=ids, query=" ".join(terms), suggestion=suggestion, terms=terms)
    return FoundIds(
        ids=matching(suggestion_terms), query=suggestion, suggestion=suggestion, corrected=True, terms=suggestion_terms
    )
