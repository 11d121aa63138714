"""The meldpunt's figures for the steering group's dashboard (issue 12): signals, follow-up, referrals, the change in
loneliness, a partner's own referral figures, and the headline figures of several periods in one query.

Every read takes a period, `start` and `end`: dates in local time, `end` not included (a quarter is
`date(2026, 1, 1), date(2026, 4, 1)`). They become aware datetimes at local midnight, so the indexes on the
datetime columns are used. The scope, keyword arguments: `gemeente_ids` (the gemeenten of the cases' meldpunten),
`wijk_id` (the case's wijk) and `meldpunt_ids`; None is all, an empty list none. Merged cases (merged_into set)
and cases discarded as spam never count.

The figures are RAW: counts are ints, and every median or mean comes with the n it is based on (Estimate). The
dashboard suppresses small cells itself (monitoring/suppression.py). Nothing here returns anything about a person:
no name, postcode, year of birth or case number; only counts, days and the names of organisations and activities.
Everything is counted in PostgreSQL, in raw SQL where GROUPING SETS or working days save queries.
"""

from calendar import SATURDAY
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisatie
from socialekaart.models import Activiteit, ActivityType

from ..choices import OPEN_STATUSES, Channel, CloseReason, DJGForm, Duration, Outcome, Profile, Relation, Status
from ..models import Melding, Meldpunt, Signaal, Verwijzing
from ..scales import PROFILE_GRID, lonely_from, persistence
from ..workdays import holidays_between
from .aggregates import DateDiff, EpochDays, Median, paired_djg_sql
from .trackrecord import NO_ACTIVITY_KEY
from .worklist import first_contact_cutoff

# A referral is "completed" when the partner closed it with the outcome "Doet mee" (before issue 15: "Deelname
# gestart en loopt"): the person takes part, which is what a referral is for. Closed as stopped, not reached, no
# match or otherwise is not.
COMPLETED_OUTCOMES = (Outcome.DOET_MEE, Outcome.LOOPT)

NO_WIJK_KEY = None  # per wijk: the cases whose wijk is unknown
NO_PROFILE_KEY = ""  # per profile: the cases whose three dimensions are not all chosen yet

# The groups of loneliness_change.
CHANGE_GROUPS = ("soort", "profiel", "totaal")
NO_ACTIVITY_LABEL = _("Zonder activiteit")
NO_PROFILE_LABEL = _("Profiel onbekend")
ALL_PEOPLE_LABEL = _("Alle verwezen mensen")
ALL_REFERRALS_LABEL = _("Alle verwijzingen")


class OpenAge(models.TextChoices):
    """The age buckets of open cases, in order: whole days from the local day a case came in until today."""

    UNDER_A_WEEK = "onder_week", _("korter dan een week")  # 0–6 days
    WEEKS = "weken", _("1 tot 4 weken")  # 7–27 days
    MONTHS = "maanden", _("4 weken tot 3 maanden")  # 28 days until the same day three calendar months ago
    LONGER = "langer", _("3 maanden of langer")  # received on or before that day


@dataclass(frozen=True)
class Estimate:
    """A median or a mean with the number of values it is based on; `value` is None when there are none."""

    value: float | None
    n: int


@dataclass(frozen=True)
class SignalBreakdown:
    """Signals received in the period (of cases in scope) and the cases that came in.

    Months are the first day of a month in local time. The mappings leave out what is zero; `months` lists every
    month the period touches, in order, for the rows of a table or the bars of a chart.
    """

    months: tuple[date, ...]
    signals: int
    self_reports: int  # reported by the person themself (Relation.ZELF)
    signals_per_month: Mapping[date, int]
    signals_per_month_channel: Mapping[tuple[date, str], int]  # (month, Channel value)
    signals_per_relation: Mapping[str, int]  # Relation value
    signals_per_wijk: Mapping[int | None, int]  # the case's wijk id; None: unknown
    new_cases: int  # cases received in the period (Melding.received_at)
    new_cases_per_month: Mapping[date, int]


@dataclass(frozen=True)
class FollowUpFigures:
    """Time to first contact of the cases received in the period, the open cases now, and why cases closed.

    Working days are Monday to Friday without Dutch public holidays (meldpunt/workdays.py). A first contact counts
    as on working day k after the day the case came in: the working days strictly between those two days, plus one
    when the contact was on a later day (a contact on a Saturday or a holiday counts as on the next working day;
    on the same day: 0). "Within the norm" is k ≤ `norm_working_days` (settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS):
    exactly the cases that never stood in the worklist's "te laat" list before their first contact (overdue_q,
    first_contact_cutoff). A case not contacted yet is not within the norm; `not_yet_due` counts those that are
    open and not overdue today (received on or after first_contact_cutoff(today)), so a fair share within the
    norm is within_norm / (cases - not_yet_due).
    """

    cases: int
    contacted: int
    working_days_to_first_contact: Estimate  # the median k; n = contacted
    within_norm: int
    not_yet_due: int
    norm_working_days: int
    open_cases: int  # now, in scope, not bound to the period
    open_per_age: Mapping[str, int]  # OpenAge bucket → open cases, every bucket present
    open_median_age_days: Estimate  # n = open_cases
    closed: int  # cases closed in the period
    close_reasons: Mapping[str, int]  # CloseReason value → cases closed in the period


@dataclass(frozen=True)
class ReferralFigures:
    """One group of referrals sent in the period. `key`: the organisation's or activity's pk as text, the
    ActivityType value, NO_ACTIVITY_KEY ("") for referrals to an organisation without an activity, or "" for the
    total. "Completed": closed with an outcome in COMPLETED_OUTCOMES. Days to start: from the day of sending to the
    day the person started (local dates)."""

    key: str
    label: str
    referrals: int
    accepted: int
    declined: int
    started: int
    completed: int
    days_to_start: Estimate  # median; n = the referrals started
    organisatie: str = ""  # per activity: the activity's organisation


@dataclass(frozen=True)
class ReferralBreakdown:
    total: ReferralFigures
    per_organisatie: tuple[ReferralFigures, ...]  # by name
    per_kind: tuple[ReferralFigures, ...]  # in the order of ActivityType, without an activity last
    per_activity: tuple[ReferralFigures, ...]  # by title, without an activity last


@dataclass(frozen=True)
class ChangeRow:
    """The De Jong Gierveld change of the people referred in the period, in one group, on one form.

    `by`: "soort" (the kind of activity they were referred to; NO_ACTIVITY_KEY without an activity), "profiel"
    (their case's Machielse profile; NO_PROFILE_KEY when not all three dimensions are chosen) or "totaal" (everyone,
    key ""). Paired measurements only: the same case measured at the intake and at the follow-up with this form
    (the first intake, the latest follow-up). Someone referred twice within a group counts once. The change is
    follow-up minus intake: negative is less lonely. Lonely is the GGD indicator (scales.is_lonely: 3 or more of 11,
    2 or more of 6).
    """

    by: str
    key: str
    label: str
    form: str  # DJGForm value
    people: int
    mean_change: Estimate  # n = people
    lonely_at_intake: int
    moved_out_of_lonely: int  # lonely at the intake, not lonely at the follow-up


@dataclass(frozen=True)
class Headline:
    """The headline figures of one period (see headlines())."""

    start: date
    end: date
    signals: int
    self_reports: int
    new_cases: int  # the cases received in the period: also the base of the first-contact figures
    people_referred: int  # distinct cases with a referral sent in the period
    referrals: int
    accepted_referrals: int
    first_contact_within_norm: int  # as FollowUpFigures.within_norm
    first_contact_not_yet_due: int  # as FollowUpFigures.not_yet_due


@dataclass(frozen=True)
class PartnerFigures:
    """Referrals to a partner's organisations sent in the period. Days to accept: from sending to accepting, with
    fractions of a day; days to start: from the day of sending to the day of the start."""

    received: int
    accepted: int
    declined: int
    started: int
    completed: int  # closed with an outcome in COMPLETED_OUTCOMES
    days_to_accept: Estimate  # median; n = accepted
    days_to_start: Estimate  # median; n = started


# ---------------------------------------------------------------------------------------------------------------
# Period and scope
# ---------------------------------------------------------------------------------------------------------------
# The meldpunten of the gemeenten as an array computed once (an InitPlan), not as a join: as a join PostgreSQL
# started from the meldpunt's 50,000 cases instead of the period's index on the date.
_IN_GEMEENTEN_SQL = (
    "{case}.meldpunt_id = ANY(ARRAY(SELECT mp.id FROM {meldpunt} mp WHERE mp.gemeente_id = ANY(%s::bigint[])))"
)


@dataclass(frozen=True)
class _Scope:
    gemeente_ids: Sequence[int] | None
    wijk_id: int | None
    meldpunt_ids: Sequence[int] | None

    def sql(self, case: str) -> tuple[str, list[Any]]:
        """A WHERE condition on the case table under alias `case`: counted (not merged, not spam) and in scope."""
        # The spam code is a constant of ours, not input: written into the SQL, so the parameters keep their order.
        conditions: list[str] = [f"{case}.merged_into_id IS NULL", f"{case}.close_reason <> '{CloseReason.SPAM.value}'"]
        params: list[Any] = []
        if self.gemeente_ids is not None:
            conditions.append(_IN_GEMEENTEN_SQL.format(case=case, meldpunt=Meldpunt._meta.db_table))
            params.append(list(self.gemeente_ids))
        if self.wijk_id is not None:
            conditions.append(f"{case}.wijk_id = %s")
            params.append(self.wijk_id)
        if self.meldpunt_ids is not None:
            conditions.append(f"{case}.meldpunt_id = ANY(%s::bigint[])")
            params.append(list(self.meldpunt_ids))
        return " AND ".join(conditions), params


def _scope(gemeente_ids: Sequence[int] | None, wijk_id: int | None, meldpunt_ids: Sequence[int] | None) -> _Scope:
    return _Scope(
        gemeente_ids=None if gemeente_ids is None else list(gemeente_ids),
        wijk_id=wijk_id,
        meldpunt_ids=None if meldpunt_ids is None else list(meldpunt_ids),
    )


def _midnight(day: date) -> datetime:
    """The start of a local day as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise ValueError(f"The period ends ({end}) before it starts ({start}).")
    return _midnight(start), _midnight(end)


def _tz() -> str:
    """The local time zone for SQL's AT TIME ZONE: the one _midnight() uses."""
    return timezone.get_current_timezone_name()


def _months(start: date, end: date) -> tuple[date, ...]:
    """The first day of every month that [start, end) touches."""
    months: list[date] = []
    month = start.replace(day=1)
    while month < end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(months)


def _months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of that month when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    first_of_next = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last = (first_of_next - date(year, month + 1, 1)).days
    return date(year, month + 1, min(day.day, last))


def _fetchall(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _estimate(value: float | None, n: int) -> Estimate:
    return Estimate(value=None if value is None or n == 0 else float(value), n=n)


# ---------------------------------------------------------------------------------------------------------------
# Working days in SQL
# ---------------------------------------------------------------------------------------------------------------
# The working day a first contact counts on (see FollowUpFigures): the working days strictly between the day the
# case came in and the day of the contact, plus one when the contact was on a later day. `{received}` and
# `{contact}` are SQL dates; the two parameters are the same sorted array of the holidays on a weekday (_holidays).
# In closed form rather than day by day (generate_series per case cost 300 ms a year of cases, most of it JIT):
# {weekdays_before}(x) is the number of weekdays from Monday 1 January 1900 until x, so [a, b) holds
# weekdays_before(b) - weekdays_before(a) of them; width_bucket(x, holidays) is the number of holidays up to and
# including x (a binary search). The subquery that computes the two local days ends in OFFSET 0, so PostgreSQL
# computes them once per case rather than pasting `AT TIME ZONE` into every use below (three times faster).
_WEEKDAYS_BEFORE_SQL = "(5 * (({day} - DATE '1900-01-01') / 7) + LEAST(mod({day} - DATE '1900-01-01', 7), 5))"
_WORKING_DAY_SQL = """
CASE WHEN {contact} IS NULL THEN NULL WHEN {contact} <= {received} THEN 0 ELSE (
    {weekdays_before_contact} - {weekdays_before_next}
    - (width_bucket({contact} - 1, %s::date[]) - width_bucket({received}, %s::date[]))
    + 1
) END"""


def _working_day_sql(received: str, contact: str) -> str:
    return _WORKING_DAY_SQL.format(
        received=received,
        contact=contact,
        weekdays_before_contact=_WEEKDAYS_BEFORE_SQL.format(day=contact),
        weekdays_before_next=_WEEKDAYS_BEFORE_SQL.format(day=f"({received} + 1)"),
    )


def _holidays(first: date, last: date) -> list[date]:
    """The Dutch holidays on a weekday of every year from `first` to `last` (and today's), for _WORKING_DAY_SQL."""
    years = holidays_between(first.year, max(last, timezone.localdate()).year)
    return [day for day in years if day.weekday() < SATURDAY]


# ---------------------------------------------------------------------------------------------------------------
# 1. Signals
# ---------------------------------------------------------------------------------------------------------------
# GROUPING(month, channel, relation, wijk_id): a bit per column, 1 when the row is not grouped by it.
_BY_MONTH_CHANNEL, _BY_MONTH, _BY_RELATION, _BY_WIJK, _ALL_SIGNALS = 0b0011, 0b0111, 0b1101, 0b1110, 0b1111

_SIGNALS_SQL = """
SELECT GROUPING(x.month, x.channel, x.relation, x.wijk_id), x.month, x.channel, x.relation, x.wijk_id, COUNT(*)
FROM (
    SELECT date_trunc('month', s.received_at AT TIME ZONE %s)::date AS month, s.channel,
        s.reporter_relation AS relation, c.wijk_id
    FROM {signaal} s JOIN {melding} c ON c.id = s.melding_id
    WHERE s.received_at >= %s AND s.received_at < %s AND {scope}
) x
GROUP BY GROUPING SETS ((x.month, x.channel), (x.month), (x.relation), (x.wijk_id), ())
"""

_NEW_CASES_SQL = """
SELECT date_trunc('month', c.received_at AT TIME ZONE %s)::date, COUNT(*)
FROM {melding} c
WHERE c.received_at >= %s AND c.received_at < %s AND {scope}
GROUP BY 1
"""


def signal_breakdown(
    start: date,
    end: date,
    *,
    gemeente_ids: Sequence[int] | None = None,
    wijk_id: int | None = None,
    meldpunt_ids: Sequence[int] | None = None,
) -> SignalBreakdown:
    """Signals received in the period per month and channel, per month, per reporter relation and per wijk, with
    the self-reports; and the new cases per month. Two queries."""
    low, high = _bounds(start, end)
    scope_sql, scope_params = _scope(gemeente_ids, wijk_id, meldpunt_ids).sql("c")
    tables = {"signaal": Signaal._meta.db_table, "melding": Melding._meta.db_table, "scope": scope_sql}
    per_month: dict[date, int] = {}
    per_month_channel: dict[tuple[date, str], int] = {}
    per_relation: dict[str, int] = {}
    per_wijk: dict[int | None, int] = {}
    signals = 0
    for grouping, month, channel, relation, wijk, count in _fetchall(
        _SIGNALS_SQL.format(**tables), [_tz(), low, high, *scope_params]
    ):
        if grouping == _BY_MONTH_CHANNEL:
            per_month_channel[(month, channel)] = count
        elif grouping == _BY_MONTH:
            per_month[month] = count
        elif grouping == _BY_RELATION:
            per_relation[relation] = count
        elif grouping == _BY_WIJK:
            per_wijk[wijk] = count
        else:
            signals = count
    new_cases = dict(_fetchall(_NEW_CASES_SQL.format(**tables), [_tz(), low, high, *scope_params]))
    return SignalBreakdown(
        months=_months(start, end),
        signals=signals,
        self_reports=per_relation.get(Relation.ZELF, 0),
        signals_per_month=dict(sorted(per_month.items())),
        signals_per_month_channel=dict(sorted(per_month_channel.items())),
        signals_per_relation=per_relation,
        signals_per_wijk=per_wijk,
        new_cases=sum(new_cases.values()),
        new_cases_per_month=dict(sorted(new_cases.items())),
    )


# ---------------------------------------------------------------------------------------------------------------
# 2. Follow-up
# ---------------------------------------------------------------------------------------------------------------
_FIRST_CONTACT_SQL = """
SELECT COUNT(*), COUNT(y.contact_day),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY y.working_day),
    COUNT(*) FILTER (WHERE y.working_day <= %s),
    COUNT(*) FILTER (WHERE y.contact_day IS NULL AND y.status = ANY(%s) AND y.received_at >= %s)
FROM (
    SELECT x.status, x.received_at, x.contact_day, {working_day} AS working_day
    FROM (
        SELECT c.status, c.received_at, (c.received_at AT TIME ZONE %s)::date AS received_day,
            (c.first_contact_at AT TIME ZONE %s)::date AS contact_day
        FROM {melding} c
        WHERE c.received_at >= %s AND c.received_at < %s AND {scope}
        OFFSET 0
    ) x
) y
"""

_OPEN_CASES_SQL = """
SELECT COUNT(*),
    COUNT(*) FILTER (WHERE x.age < 7),
    COUNT(*) FILTER (WHERE x.age >= 7 AND x.age < 28),
    COUNT(*) FILTER (WHERE x.age >= 28 AND x.day > %s),
    COUNT(*) FILTER (WHERE x.age >= 28 AND x.day <= %s),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY x.age)
FROM (
    SELECT (c.received_at AT TIME ZONE %s)::date AS day, %s::date - (c.received_at AT TIME ZONE %s)::date AS age
    FROM {melding} c
    WHERE c.status = ANY(%s) AND {scope}
) x
"""

# Closed cases carry status "gesloten" (a constraint), so the index on (status, closed_at) finds them. Asked in the
# same statement as the open cases (one round trip): their reasons as an array of [reason, count] pairs.
_CLOSE_REASONS_SQL = """
SELECT array_agg(ARRAY[r.close_reason, r.n::text])
FROM (
    SELECT c.close_reason, COUNT(*) AS n
    FROM {melding} c
    WHERE c.status = %s AND c.closed_at >= %s AND c.closed_at < %s AND {scope}
    GROUP BY c.close_reason
) r
"""
_OPEN_AND_CLOSED_SQL = "SELECT o.*, ({reasons}) FROM ({open}) o"


def follow_up_figures(
    start: date,
    end: date,
    *,
    gemeente_ids: Sequence[int] | None = None,
    wijk_id: int | None = None,
    meldpunt_ids: Sequence[int] | None = None,
    today: date | None = None,
) -> FollowUpFigures:
    """Of the cases received in the period: how many, how many had a first contact, the median working day of
    that contact and how many were within the norm (see FollowUpFigures for the exact rule). The cases open now
    by age (OpenAge, days from the local day they came in until `today`) with their median age; the reasons of
    the cases closed in the period. `today` (default: the local date) moves the reference day of the ages and of
    `not_yet_due`, for tests. Two queries."""
    low, high = _bounds(start, end)
    today = today or timezone.localdate()
    scope_sql, scope_params = _scope(gemeente_ids, wijk_id, meldpunt_ids).sql("c")
    melding, tz, norm = Melding._meta.db_table, _tz(), settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS
    open_statuses = [str(status) for status in OPEN_STATUSES]

    first_contact_sql = _FIRST_CONTACT_SQL.format(
        melding=melding, scope=scope_sql, working_day=_working_day_sql("x.received_day", "x.contact_day")
    )
    first_contact_params = [
        norm, open_statuses, _midnight(first_contact_cutoff(today)),
        *[_holidays(start, end)] * 2,
        tz, tz, low, high, *scope_params,
    ]  # fmt: skip
    ((cases, contacted, median_day, within_norm, not_yet_due),) = _fetchall(first_contact_sql, first_contact_params)

    three_months_ago = _months_before(today, 3)
    open_params = [three_months_ago, three_months_ago, tz, today, tz, open_statuses, *scope_params]
    reasons_params = [str(Status.GESLOTEN), low, high, *scope_params]
    sql = _OPEN_AND_CLOSED_SQL.format(
        reasons=_CLOSE_REASONS_SQL.format(melding=melding, scope=scope_sql),
        open=_OPEN_CASES_SQL.format(melding=melding, scope=scope_sql),
    )
    ((open_cases, *buckets, median_age, reason_pairs),) = _fetchall(sql, [*reasons_params, *open_params])
    reasons = {reason: int(n) for reason, n in reason_pairs or []}
    return FollowUpFigures(
        cases=cases,
        contacted=contacted,
        working_days_to_first_contact=_estimate(median_day, contacted),
        within_norm=within_norm,
        not_yet_due=not_yet_due,
        norm_working_days=norm,
        open_cases=open_cases,
        open_per_age=dict(zip(OpenAge.values, buckets, strict=True)),
        open_median_age_days=_estimate(median_age, open_cases),
        closed=sum(reasons.values()),
        close_reasons=reasons,
    )


# ---------------------------------------------------------------------------------------------------------------
# 3. Referrals
# ---------------------------------------------------------------------------------------------------------------
# GROUPING(organisatie_id, kind, activiteit_id): a bit per column, 1 when the row is not grouped by it.
_BY_ORGANISATIE, _BY_KIND, _BY_ACTIVITY = 0b011, 0b101, 0b110

_REFERRALS_SQL = """
SELECT GROUPING(x.organisatie_id, x.kind, x.activiteit_id), x.organisatie_id, x.organisatie, x.kind,
    x.activiteit_id, x.title, x.activity_organisatie,
    COUNT(*), COUNT(*) FILTER (WHERE x.accepted), COUNT(*) FILTER (WHERE x.declined),
    COUNT(x.days_to_start), COUNT(*) FILTER (WHERE x.completed),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY x.days_to_start)
FROM (
    SELECT v.organisatie_id, o.name AS organisatie, COALESCE(a.kind, %s) AS kind, v.activiteit_id, a.title,
        ao.name AS activity_organisatie,
        v.accepted_at IS NOT NULL AS accepted, v.declined_at IS NOT NULL AS declined,
        v.started_on - (v.sent_at AT TIME ZONE %s)::date AS days_to_start,
        v.outcome = ANY(%s) AS completed
    FROM {verwijzing} v
    JOIN {melding} c ON c.id = v.melding_id
    JOIN {organisatie} o ON o.id = v.organisatie_id
    LEFT JOIN {activiteit} a ON a.id = v.activiteit_id
    LEFT JOIN {organisatie} ao ON ao.id = a.organisatie_id
    WHERE v.sent_at >= %s AND v.sent_at < %s AND {scope}
) x
GROUP BY GROUPING SETS (
    (x.organisatie_id, x.organisatie), (x.kind), (x.activiteit_id, x.title, x.activity_organisatie), ()
)
"""


def _referral_figures(key: str, label: str, figures: Sequence[Any], organisatie: str = "") -> ReferralFigures:
    """A group's row from the query's figures: sent, accepted, declined, started, completed, median days."""
    referrals, accepted, declined, started, completed, median_start = figures
    return ReferralFigures(
        key=key,
        label=label,
        referrals=referrals,
        accepted=accepted,
        declined=declined,
        started=started,
        completed=completed,
        days_to_start=_estimate(median_start, started),
        organisatie=organisatie,
    )


def _kind_label(kind: str) -> str:
    if kind == NO_ACTIVITY_KEY:
        return str(NO_ACTIVITY_LABEL)
    return str(ActivityType(kind).label) if kind in ActivityType.values else kind


def _kind_order(kind: str) -> int:
    return ActivityType.values.index(kind) if kind in ActivityType.values else len(ActivityType.values)


def referral_breakdown(
    start: date,
    end: date,
    *,
    gemeente_ids: Sequence[int] | None = None,
    wijk_id: int | None = None,
    meldpunt_ids: Sequence[int] | None = None,
) -> ReferralBreakdown:
    """The referrals sent in the period (of cases in scope), in total and per partner organisation, per kind of
    activity and per activity: sent, accepted, declined, started, completed, and the median days to the start.
    Referrals to an organisation without an activity form one group "Zonder activiteit" per kind and per activity.
    One query."""
    low, high = _bounds(start, end)
    scope_sql, scope_params = _scope(gemeente_ids, wijk_id, meldpunt_ids).sql("c")
    sql = _REFERRALS_SQL.format(
        verwijzing=Verwijzing._meta.db_table,
        melding=Melding._meta.db_table,
        organisatie=Organisatie._meta.db_table,
        activiteit=Activiteit._meta.db_table,
        scope=scope_sql,
    )
    params = [NO_ACTIVITY_KEY, _tz(), [str(outcome) for outcome in COMPLETED_OUTCOMES], low, high, *scope_params]
    total = _referral_figures("", str(ALL_REFERRALS_LABEL), (0, 0, 0, 0, 0, None))
    per_organisatie: list[ReferralFigures] = []
    per_kind: list[ReferralFigures] = []
    per_activity: list[ReferralFigures] = []
    for row in _fetchall(sql, params):
        grouping, organisatie_id, organisatie, kind, activiteit_id, title, activity_organisatie, *figures = row
        if grouping == _BY_ORGANISATIE:
            per_organisatie.append(_referral_figures(str(organisatie_id), organisatie, figures))
        elif grouping == _BY_KIND:
            per_kind.append(_referral_figures(kind, _kind_label(kind), figures))
        elif grouping == _BY_ACTIVITY and activiteit_id is None:
            per_activity.append(_referral_figures(NO_ACTIVITY_KEY, str(NO_ACTIVITY_LABEL), figures))
        elif grouping == _BY_ACTIVITY:
            per_activity.append(_referral_figures(str(activiteit_id), title, figures, activity_organisatie or ""))
        else:
            total = _referral_figures("", str(ALL_REFERRALS_LABEL), figures)
    return ReferralBreakdown(
        total=total,
        per_organisatie=tuple(sorted(per_organisatie, key=lambda row: (row.label.casefold(), row.key))),
        per_kind=tuple(sorted(per_kind, key=lambda row: _kind_order(row.key))),
        per_activity=tuple(
            sorted(per_activity, key=lambda row: (row.key == NO_ACTIVITY_KEY, row.label.casefold(), row.key))
        ),
    )


# ---------------------------------------------------------------------------------------------------------------
# 4. The change in loneliness
# ---------------------------------------------------------------------------------------------------------------
def _profile_sql(case: str) -> tuple[str, list[Any]]:
    """Machielse's profile of the case under alias `case`, in SQL from PROFILE_GRID (as scales.machielse_profile);
    NO_PROFILE_KEY when a dimension is not chosen."""
    whens, params = [], []
    for (row, coping, orientation), profile in PROFILE_GRID.items():
        durations = [duration for duration in Duration if persistence(duration) == row]
        whens.append(f"WHEN {case}.duration = ANY(%s) AND {case}.coping = %s AND {case}.orientation = %s THEN %s::text")
        params += [[str(duration) for duration in durations], str(coping), str(orientation), str(profile)]
    return f"CASE {' '.join(whens)} ELSE %s::text END", [*params, NO_PROFILE_KEY]


_CHANGE_SQL = """
WITH referred AS (
    SELECT DISTINCT v.melding_id AS case_id, COALESCE(a.kind, %s) AS kind, {profile} AS profile
    FROM {verwijzing} v
    JOIN {melding} c ON c.id = v.melding_id
    LEFT JOIN {activiteit} a ON a.id = v.activiteit_id
    WHERE v.sent_at >= %s AND v.sent_at < %s AND {scope}
),
pairs AS (
    SELECT q.melding_id, q.form, q.follow_up - q.intake AS change,
        q.intake >= (CASE q.form {lonely_from} END) AS lonely_before,
        q.follow_up >= (CASE q.form {lonely_from} END) AS lonely_after
    FROM ({pairs}) q
)
SELECT g.grp, g.grp_key, p.form, COUNT(*), AVG(p.change)::double precision,
    COUNT(*) FILTER (WHERE p.lonely_before), COUNT(*) FILTER (WHERE p.lonely_before AND NOT p.lonely_after)
FROM (
    SELECT DISTINCT 'soort' AS grp, r.kind AS grp_key, r.case_id FROM referred r
    UNION ALL
    SELECT DISTINCT 'profiel', r.profile, r.case_id FROM referred r
    UNION ALL
    SELECT DISTINCT 'totaal', '', r.case_id FROM referred r
) g
JOIN pairs p ON p.melding_id = g.case_id
GROUP BY g.grp, g.grp_key, p.form
"""


def _change_label(by: str, key: str) -> str:
    if by == "soort":
        return _kind_label(key)
    if by == "profiel":
        return str(Profile(key).label) if key in Profile.values else str(NO_PROFILE_LABEL)
    return str(ALL_PEOPLE_LABEL)


def loneliness_change(
    start: date,
    end: date,
    *,
    gemeente_ids: Sequence[int] | None = None,
    wijk_id: int | None = None,
    meldpunt_ids: Sequence[int] | None = None,
) -> list[ChangeRow]:
    """The De Jong Gierveld change between intake and follow-up of the people referred in the period (a referral
    sent in it, of a case in scope), per kind of activity, per Machielse profile and in total, per form (see
    ChangeRow). Groups nobody in was measured twice are left out. In the order of CHANGE_GROUPS, then key, then
    form (11 items first). One query."""
    low, high = _bounds(start, end)
    scope_sql, scope_params = _scope(gemeente_ids, wijk_id, meldpunt_ids).sql("c")
    profile_sql, profile_params = _profile_sql("c")
    pairs_sql, pairs_params = paired_djg_sql("SELECT r.case_id FROM referred r", [])
    lonely_params: list[Any] = []
    for form in DJGForm:
        lonely_params += [str(form), lonely_from(form)]
    lonely_sql = " ".join("WHEN %s THEN %s" for _form in DJGForm)
    sql = _CHANGE_SQL.format(
        profile=profile_sql,
        verwijzing=Verwijzing._meta.db_table,
        melding=Melding._meta.db_table,
        activiteit=Activiteit._meta.db_table,
        scope=scope_sql,
        lonely_from=lonely_sql,
        pairs=pairs_sql,
    )
    params = [
        NO_ACTIVITY_KEY, *profile_params, low, high, *scope_params,
        *lonely_params, *lonely_params, *pairs_params,
    ]  # fmt: skip
    rows = [
        ChangeRow(
            by=by,
            key=key,
            label=_change_label(by, key),
            form=form,
            people=people,
            mean_change=_estimate(mean, people),
            lonely_at_intake=lonely_before,
            moved_out_of_lonely=moved_out,
        )
        for by, key, form, people, mean, lonely_before, moved_out in _fetchall(sql, params)
    ]
    return sorted(rows, key=lambda row: (CHANGE_GROUPS.index(row.by), row.key, DJGForm.values.index(row.form)))


# ---------------------------------------------------------------------------------------------------------------
# 5. Headlines of several periods
# ---------------------------------------------------------------------------------------------------------------
_HEADLINES_SQL = """
WITH periods(idx, low, high) AS (VALUES {periods}),
signals AS (
    SELECT p.idx, COUNT(*) AS signals, COUNT(*) FILTER (WHERE s.reporter_relation = %s) AS self_reports
    FROM periods p
    JOIN {signaal} s ON s.received_at >= p.low AND s.received_at < p.high
    JOIN {melding} c ON c.id = s.melding_id
    WHERE {scope}
    GROUP BY p.idx
),
cases AS (
    SELECT y.idx, COUNT(*) AS new_cases, COUNT(*) FILTER (WHERE y.working_day <= %s) AS within_norm,
        COUNT(*) FILTER (WHERE y.contact_day IS NULL AND y.status = ANY(%s) AND y.received_at >= %s) AS not_yet_due
    FROM (
        SELECT x.idx, x.status, x.received_at, x.contact_day, {working_day} AS working_day
        FROM (
            SELECT p.idx, c.status, c.received_at, (c.received_at AT TIME ZONE %s)::date AS received_day,
                (c.first_contact_at AT TIME ZONE %s)::date AS contact_day
            FROM periods p
            JOIN {melding} c ON c.received_at >= p.low AND c.received_at < p.high
            WHERE {scope}
            OFFSET 0
        ) x
    ) y
    GROUP BY y.idx
),
referrals AS (
    SELECT p.idx, COUNT(DISTINCT v.melding_id) AS people, COUNT(*) AS referrals,
        COUNT(*) FILTER (WHERE v.accepted_at IS NOT NULL) AS accepted
    FROM periods p
    JOIN {verwijzing} v ON v.sent_at >= p.low AND v.sent_at < p.high
    JOIN {melding} c ON c.id = v.melding_id
    WHERE {scope}
    GROUP BY p.idx
)
SELECT p.idx, COALESCE(s.signals, 0), COALESCE(s.self_reports, 0), COALESCE(k.new_cases, 0),
    COALESCE(r.people, 0), COALESCE(r.referrals, 0), COALESCE(r.accepted, 0),
    COALESCE(k.within_norm, 0), COALESCE(k.not_yet_due, 0)
FROM periods p
LEFT JOIN signals s ON s.idx = p.idx
LEFT JOIN cases k ON k.idx = p.idx
LEFT JOIN referrals r ON r.idx = p.idx
ORDER BY p.idx
"""


def headlines(
    periods: Sequence[tuple[date, date]],
    *,
    gemeente_ids: Sequence[int] | None = None,
    wijk_id: int | None = None,
    meldpunt_ids: Sequence[int] | None = None,
    today: date | None = None,
) -> list[Headline]:
    """The headline figures of each period (start, end), in the order given: signals, self-reports, new cases,
    people referred, referrals, accepted referrals, first contacts within the norm and not yet due (as
    follow_up_figures; `today` as there). One query for all periods together, so the previous period and the same
    period last year cost nothing extra. Periods may overlap (a year and a quarter in it): each counts its own
    rows. No periods: no query."""
    if not periods:
        return []
    today = today or timezone.localdate()
    scope_sql, scope_params = _scope(gemeente_ids, wijk_id, meldpunt_ids).sql("c")
    period_params: list[Any] = []
    for index, (start, end) in enumerate(periods):
        period_params += [index, *_bounds(start, end)]
    sql = _HEADLINES_SQL.format(
        periods=", ".join("(%s::int, %s::timestamptz, %s::timestamptz)" for _period in periods),
        signaal=Signaal._meta.db_table,
        melding=Melding._meta.db_table,
        verwijzing=Verwijzing._meta.db_table,
        scope=scope_sql,
        working_day=_working_day_sql("x.received_day", "x.contact_day"),
    )
    tz = _tz()
    params = [
        *period_params,
        str(Relation.ZELF), *scope_params,
        settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS, [str(status) for status in OPEN_STATUSES],
        _midnight(first_contact_cutoff(today)),
        *[_holidays(min(start for start, _end in periods), max(end for _start, end in periods))] * 2,
        tz, tz, *scope_params,
        *scope_params,
    ]  # fmt: skip
    return [
        Headline(
            start=periods[index][0],
            end=periods[index][1],
            signals=signals,
            self_reports=self_reports,
            new_cases=new_cases,
            people_referred=people,
            referrals=referrals,
            accepted_referrals=accepted,
            first_contact_within_norm=within_norm,
            first_contact_not_yet_due=not_yet_due,
        )
        for index, signals, self_reports, new_cases, people, referrals, accepted, within_norm, not_yet_due in (
            _fetchall(sql, params)
        )
    ]


# ---------------------------------------------------------------------------------------------------------------
# 6. A partner's own figures
# ---------------------------------------------------------------------------------------------------------------
def partner_referral_figures(organisatie_ids: Sequence[int], start: date, end: date) -> PartnerFigures:
    """The referrals to these organisations sent in the period (of cases that count), for the partner's "onze
    cijfers": received, accepted, declined, started, completed, and the median days to accept and to start. One
    query."""
    low, high = _bounds(start, end)
    figures = Verwijzing.objects.filter(
        organisatie_id__in=list(organisatie_ids),
        sent_at__gte=low,
        sent_at__lt=high,
        melding__merged_into__isnull=True,
    ).aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        declined=Count("pk", filter=Q(declined_at__isnull=False)),
        started=Count("pk", filter=Q(started_on__isnull=False)),
        completed=Count("pk", filter=Q(outcome__in=COMPLETED_OUTCOMES)),
        median_accept=Median(EpochDays("accepted_at", "sent_at")),
        median_start=Median(DateDiff("started_on", TruncDate("sent_at"))),
    )
    return PartnerFigures(
        received=figures["received"],
        accepted=figures["accepted"],
        declined=figures["declined"],
        started=figures["started"],
        completed=figures["completed"],
        days_to_accept=_estimate(figures["median_accept"], figures["accepted"]),
        days_to_start=_estimate(figures["median_start"], figures["started"]),
    )


def choice_labels() -> dict[str, dict[str, str]]:
    """The words for the codes these reads return, in the order the choices list them (the dashboard's rows):
    "channel", "relation", "close_reason", "profile", "djg_form" and "open_age"."""
    return {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (
            ("channel", Channel),
            ("relation", Relation),
            ("close_reason", CloseReason),
            ("profile", Profile),
            ("djg_form", DJGForm),
            ("open_age", OpenAge),
        )
    }
