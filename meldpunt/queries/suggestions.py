"""Which activities of the sociale kaart fit the person of a case: a ranked list for the referral page.

A read module: why each activity fits comes as values (`Fit`), and meldpunt/presenters/suggestions.py says it in
words. The score is computed in the database over every public activity (what citizens see on the sociale kaart):
a sum of points per activity, highest first, with the evidence level as a tie-breaker (then the title). ONE query
gives the page: the ranking, and for the page's activities their organisation, next dates and places (PAGE_SQL).
With 10,000 activities the ranking reads the covering index `activiteit_ranking` (socialekaart migration 0004)
instead of the wide activity table. The points:

| what fits                                                        | points | reason shown            |
|------------------------------------------------------------------|--------|-------------------------|
| a place in the person's wijk, or the activity serves that wijk   |   40   | "in de wijk"            |
| else a place (or a served wijk) elsewhere in the same gemeente   |   20   | "in de gemeente"        |
| else online (or by phone: a bel- of luisterlijn)                 |   10   |                         |
| target group, the best fit only (see target_groups_for())        | 5–20   | "voor 75-plussers", …   |
| an activity only for young people, for someone of 30 or older    |  -20   |                         |
| a theme that matches a life event of the case (LIFE_EVENT_THEMES)|   15   | "rouw en verlies", …    |
| a kind of activity that suits the intervention profile           |   15   | "past bij profiel …"    |
| evidence: onderbouwd > kansrijk > onbekend                       | tie-breaker only                 |

The wijk counts most, so a good fit nearby comes first; a strong fit elsewhere in the gemeente (a grief group
for a widow) can still pass an activity in the wijk that fits nothing else.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db.models import Case, CharField, F, Func, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from coalition.models import Organisatie
from socialekaart.models import (
    Activiteit,
    ActivityType,
    Bijeenkomst,
    Evidence,
    Locatie,
    TargetGroup,
    Theme,
    Tijdslot,
)
from socialekaart.search import terms_of

from ..choices import LifeEvent, Profile
from ..models import Melding, Signaal

# --- The tables ------------------------------------------------------------------------------------------------

# Life events on the signaleringskaart and the themes of the sociale kaart that speak to them.
LIFE_EVENT_THEMES: dict[str, str] = {
    LifeEvent.OVERLIJDEN: Theme.ROUW,
    LifeEvent.SCHEIDING: Theme.SCHEIDING,
    LifeEvent.ZIEKTE: Theme.ZIEKTE,
    LifeEvent.VERHUIZING: Theme.VERHUIZING,
    LifeEvent.PENSIOEN: Theme.PENSIOEN,
    LifeEvent.MANTELZORG: Theme.MANTELZORG,
}

# Machielse's intervention profiles and the kinds of activity that suit them (after the appendix of seed 003):
# - actieven want an active social life: meeting others in a group, volunteering;
# - geborgenen look for a safe, protective network: a steady group, a conversation group;
# - achterblijvers long for a close bond: a maatje (one-to-one), a conversation group;
# - afhankelijken seek security with one person: one-to-one (maatje, home visit), a listening line;
# - compenseerders fill the gap with useful work: volunteering, a course;
# - buitenstaanders prefer to stay outside: information and advice, one-to-one;
# - hoopvollen need contact and hope for better: a maatje, a conversation group;
# - overlevers have given up: one-to-one (a home visit), a listening line.
PROFILE_KINDS: dict[str, tuple[str, ...]] = {
    Profile.ACTIEVEN: (ActivityType.ONTMOETING, ActivityType.VRIJWILLIGERSWERK),
    Profile.GEBORGENEN: (ActivityType.ONTMOETING, ActivityType.CURSUS),
    Profile.ACHTERBLIJVERS: (ActivityType.EEN_OP_EEN, ActivityType.CURSUS),
    Profile.AFHANKELIJKEN: (ActivityType.EEN_OP_EEN, ActivityType.BELLIJN),
    Profile.COMPENSEERDERS: (ActivityType.VRIJWILLIGERSWERK, ActivityType.CURSUS),
    Profile.BUITENSTAANDERS: (ActivityType.INFORMATIE, ActivityType.EEN_OP_EEN),
    Profile.HOOPVOLLEN: (ActivityType.EEN_OP_EEN, ActivityType.CURSUS),
    Profile.OVERLEVERS: (ActivityType.EEN_OP_EEN, ActivityType.BELLIJN),
}

POINTS_WIJK, POINTS_GEMEENTE, POINTS_REMOTE = 40, 20, 10
POINTS_THEME, POINTS_PROFILE, POINTS_YOUTH_ONLY = 15, 15, -20
YOUTH_AGE_LIMIT = 30  # from this age an activity only for young people does not fit
PLUS75_FROM_AGE, OUDEREN_FROM_AGE = 75, 65  # the ages of the target groups "75-plussers" and "ouderen"

# Where the activity is, seen from the person's wijk.
IN_WIJK, IN_GEMEENTE, REMOTE, ELSEWHERE = 3, 2, 1, 0
EVIDENCE_ORDER = {Evidence.ONDERBOUWD: 2, Evidence.KANSRIJK: 1, Evidence.ONBEKEND: 0}
REMOTE_KINDS = (ActivityType.ONLINE, ActivityType.BELLIJN)


def target_groups_for(age: int | None, life_events: set[str]) -> list[tuple[str, int]]:
    """The target groups that fit the person, best first, with their points. "iedereen" always fits a little."""
    groups: list[tuple[str, int]] = []
    if age is not None and age >= PLUS75_FROM_AGE:
        groups.append((TargetGroup.PLUS75, 20))
    if age is not None and age >= OUDEREN_FROM_AGE:
        groups.append((TargetGroup.OUDEREN, 15))
    if LifeEvent.MANTELZORG in life_events:
        groups.append((TargetGroup.MANTELZORGERS, 15))
    groups.append((TargetGroup.IEDEREEN, 5))
    return groups


# --- What is known of the person -------------------------------------------------------------------------------


@dataclass
class Person:
    """What the ranking uses of a case: where, how old, what happened, which profile."""

    wijk_id: int | None
    gemeente_id: int | None
    age: int | None
    life_events: set[str]
    profile: str

    @property
    def themes(self) -> list[str]:
        return sorted({LIFE_EVENT_THEMES[event] for event in self.life_events if event in LIFE_EVENT_THEMES})

    @property
    def kinds(self) -> tuple[str, ...]:
        return PROFILE_KINDS.get(self.profile, ())


def life_events_annotation() -> ArraySubquery:
    """Every life event on the case's signals, as one array: annotate the case with it as `life_events_all`
    (the referral page does) and suggest_activities() needs no query of its own for them."""
    events = (
        Signaal.objects.filter(melding=OuterRef("pk"))
        .annotate(event=Func(F("life_events"), function="unnest", output_field=CharField()))
        .values("event")
        .distinct()
    )
    return ArraySubquery(events)


def person_of(melding: Melding) -> Person:
    events = getattr(melding, "life_events_all", None)
    if events is None:
        events = [event for row in melding.signalen.values_list("life_events", flat=True) for event in row]
    wijk = melding.wijk if melding.wijk_id else None
    age = timezone.localdate().year - melding.person_birth_year if melding.person_birth_year else None
    return Person(
        wijk_id=melding.wijk_id,
        gemeente_id=wijk.gemeente_id if wijk else melding.meldpunt.gemeente_id,
        age=age,
        life_events=set(events),
        profile=melding.profile,
    )


# --- The ranking -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """Why an activity fits the person, by the rules of scored(): where it is (IN_WIJK … ELSEWHERE), the best
    target group that fits (or ""), the themes that match a life event, and the profile its kind suits (or "")."""

    place: int
    group: str = ""
    themes: tuple[str, ...] = ()
    profile: str = ""


@dataclass
class Suggestion:
    activiteit: Activiteit  # title, slug, kind, target_groups, themes, evidence, cost, is_online are read
    organisation: str
    score: int
    fit: Fit
    next_date: datetime | None = None
    next_is_weekly: bool = False
    places: list[str] = field(default_factory=list)


def _serving(*, wijk_id: int | None = None, gemeente_id: int | None = None) -> Q:
    """Activities with a place (Locatie) in, or that serve, the wijk (or any wijk of the gemeente): one IN list,
    which PostgreSQL hashes once for all activities."""
    places = Activiteit.locaties.through.objects
    served = Activiteit.wijken.through.objects
    if wijk_id is not None:
        at_place, serves = places.filter(locatie__wijk_id=wijk_id), served.filter(wijk_id=wijk_id)
    else:
        if gemeente_id is None:
            raise ValueError("_serving needs a wijk or a gemeente")
        at_place = places.filter(locatie__wijk__gemeente_id=gemeente_id)
        serves = served.filter(wijk__gemeente_id=gemeente_id)
    return Q(pk__in=at_place.values("activiteit_id").union(serves.values("activiteit_id"), all=True))


def _place(person: Person) -> Case:
    """The place level of an activity seen from the person: IN_WIJK, IN_GEMEENTE, REMOTE or ELSEWHERE."""
    whens = []
    if person.wijk_id:
        whens.append(When(_serving(wijk_id=person.wijk_id), then=Value(IN_WIJK)))
    if person.gemeente_id:
        whens.append(When(_serving(gemeente_id=person.gemeente_id), then=Value(IN_GEMEENTE)))
    whens.append(When(Q(is_online=True) | Q(kind__in=REMOTE_KINDS), then=Value(REMOTE)))
    return Case(*whens, default=Value(ELSEWHERE), output_field=IntegerField())


PLACE_POINTS = {IN_WIJK: POINTS_WIJK, IN_GEMEENTE: POINTS_GEMEENTE, REMOTE: POINTS_REMOTE, ELSEWHERE: 0}


def _group_points(person: Person) -> Case:
    whens = [
        When(target_groups__contains=[group], then=Value(points))
        for group, points in target_groups_for(person.age, person.life_events)
    ]
    if person.age is not None and person.age >= YOUTH_AGE_LIMIT:
        whens.append(When(target_groups__contains=[TargetGroup.JONGEREN], then=Value(POINTS_YOUTH_ONLY)))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _if(condition: dict[str, Any], points: int) -> Value | Case:
    if not next(iter(condition.values())):  # nothing to match: no points for anyone
        return Value(0, output_field=IntegerField())
    return Case(When(**condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def scored(
    person: Person, *, q: str | None = None, kind: str | None = None, without: int | None = None
) -> QuerySet[Activiteit]:
    """Every public activity (after the staff's words and kind, and not of the organisation `without`: the one
    that did not answer or declined, issue 15) with `place` (its level), `points` (all points but those for the
    place) and `evidence_order`: a queryset, not yet read."""
    activities = Activiteit.objects.public()
    if without is not None:
        activities = activities.exclude(organisatie_id=without)
    if kind:
        activities = activities.filter(kind=kind)
    terms = terms_of(q or "")
    if terms:  # the words of the sociale kaart's own search: title, summary, description, organisation, places
        query = SearchQuery(" & ".join(f"{term}:*" for term in terms), search_type="raw", config="dutch")
        activities = activities.filter(search_vector=query)
    evidence_order = Case(
        *[When(evidence=value, then=Value(order)) for value, order in EVIDENCE_ORDER.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    return activities.annotate(
        place=_place(person),
        points=_group_points(person)
        + _if({"themes__overlap": person.themes}, POINTS_THEME)
        + _if({"kind__in": person.kinds}, POINTS_PROFILE),
        evidence_order=evidence_order,
    )


# The page of the ranking with everything it shows, around the scoring subquery {scored}: the best {limit} by
# score, evidence and title, each with its activity's fields, organisation, next dated meeting (from %s), weekly
# times and up to three places. One statement: the activities of the page are read by key, their dates and places
# by key too (small correlated subqueries for twenty rows).
PAGE_SQL = """
SELECT a.id, a.slug, a.title, a.kind, a.target_groups, a.themes, a.evidence, a.cost_kind, a.cost_amount,
       a.is_online, a.organisatie_id, r.rank_place, r.score, o.name AS organisation_name,
       (SELECT min(b.starts_at) FROM {bijeenkomst} b WHERE b.activiteit_id = a.id AND b.starts_at >= %s)
           AS next_event,
       ARRAY(SELECT t.weekday FROM {tijdslot} t WHERE t.activiteit_id = a.id ORDER BY t.weekday, t.starts_at)
           AS slot_days,
       ARRAY(SELECT t.starts_at FROM {tijdslot} t WHERE t.activiteit_id = a.id ORDER BY t.weekday, t.starts_at)
           AS slot_times,
       ARRAY(SELECT l.name FROM {locatie} l JOIN {at_place} al ON al.locatie_id = l.id
             WHERE al.activiteit_id = a.id ORDER BY l.name LIMIT 3) AS place_names
FROM (
    SELECT rank_id, rank_place, rank_evidence, rank_title,
           CASE rank_place {place_points} ELSE 0 END + rank_points AS score
    FROM ({scored} OFFSET 0) AS scored
    ORDER BY score DESC, rank_evidence DESC, rank_title, rank_id
    LIMIT %s
) AS r
JOIN {activiteit} a ON a.id = r.rank_id
JOIN {organisatie} o ON o.id = a.organisatie_id
ORDER BY r.score DESC, r.rank_evidence DESC, r.rank_title, r.rank_id
"""


def ranked(
    person: Person,
    *,
    q: str | None = None,
    kind: str | None = None,
    without: int | None = None,
    limit: int = 20,
    now: datetime | None = None,
) -> list[Activiteit]:
    """The `limit` best activities, best first, as Activiteit objects with `rank_place`, `score`,
    `organisation_name`, `next_event`, `slot_days`, `slot_times` and `place_names`. ONE query.

    The points are computed in a subquery over narrow rows (key, title, place, points, evidence), so that the
    place (two hashed lists) is worked out once per activity and PostgreSQL sorts small rows (a top-N sort);
    only the page's activities are then read in full.
    """
    narrow = (
        scored(person, q=q, kind=kind, without=without)
        .order_by()
        .values(
            rank_id=F("pk"),
            rank_title=F("title"),
            rank_place=F("place"),
            rank_points=F("points"),
            rank_evidence=F("evidence_order"),
        )
    )
    inner, params = narrow.query.sql_with_params()
    sql = PAGE_SQL.format(
        scored=inner,
        place_points=" ".join(f"WHEN {level:d} THEN {points:d}" for level, points in PLACE_POINTS.items()),
        activiteit=Activiteit._meta.db_table,
        organisatie=Organisatie._meta.db_table,
        bijeenkomst=Bijeenkomst._meta.db_table,
        tijdslot=Tijdslot._meta.db_table,
        locatie=Locatie._meta.db_table,
        at_place=Activiteit.locaties.through._meta.db_table,
    )
    # The first %s is the moment for "next meeting", then the subquery's own parameters, then the limit.
    return list(Activiteit.objects.raw(sql, [now or timezone.now(), *params, limit]))


def suggest_activities(
    melding: Melding, limit: int = 20, q: str | None = None, kind: str | None = None, without: int | None = None
) -> list[Suggestion]:
    """The `limit` best-fitting public activities for the case's person (none of the organisation `without`),
    each with why it fits, its next date and its places. One query."""
    person = person_of(melding)
    now = timezone.now()
    suggestions = []
    for activiteit in ranked(person, q=q, kind=kind, without=without, limit=limit, now=now):
        extra = vars(activiteit)  # the columns of ranked()'s query beside the activity's own
        weekly = next_weekly(list(zip(extra["slot_days"], extra["slot_times"], strict=True)), now)
        is_weekly = weekly is not None and (extra["next_event"] is None or weekly < extra["next_event"])
        suggestions.append(
            Suggestion(
                activiteit=activiteit,
                organisation=extra["organisation_name"],
                score=extra["score"],
                fit=fit(activiteit, person, extra["rank_place"]),
                next_date=weekly if is_weekly else extra["next_event"],
                next_is_weekly=is_weekly,
                places=extra["place_names"],
            )
        )
    return suggestions


def fit(activiteit: Activiteit, person: Person, place: int) -> Fit:
    """Why it fits: the same rules as the points of scored(), for one activity of ranked() at `place`."""
    groups = set(activiteit.target_groups)
    group = next((group for group, _points in target_groups_for(person.age, person.life_events) if group in groups), "")
    return Fit(
        place=place,
        group=group,
        themes=tuple(theme for theme in person.themes if theme in activiteit.themes),
        profile=person.profile if activiteit.kind in person.kinds else "",
    )


def next_weekly(slots: list[tuple[int, time]], now: datetime) -> datetime | None:
    """The first moment after `now` of any weekly time, given as (ISO weekday 1–7, start time)."""
    local = timezone.localtime(now)
    today: date = local.date()
    best = None
    for weekday, starts in slots:
        days = (weekday - today.isoweekday()) % 7
        if days == 0 and starts <= local.time():
            days = 7
        moment = timezone.make_aware(datetime.combine(today + timedelta(days=days), starts))
        if best is None or moment < best:
            best = moment
    return best
