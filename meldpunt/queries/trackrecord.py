"""What works: the track record of referrals (issue 6).

Per activity, organisation or kind of activity: how referrals went, and how the loneliness of the people
referred changed. Everything is counted in the database, in two grouped queries; small groups are suppressed here,
before anything leaves this module, so no page, export or dashboard can show an unsuppressed figure. The figures
are numbers (None when they may not be shown); meldpunt/presenters/trackrecord.py writes them out.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from coalition.models import Gemeente
from socialekaart.models import Activiteit, ActivityType

from ..choices import DJGForm, Moment
from ..models import DJGMeting, Verwijzing
from ..scales import DJGCategory
from .aggregates import DateDiff, EpochDays, Median, paired_djg_sql

TRACK_RECORD_GROUPS = ("activiteit", "organisatie", "soort")
TRACK_RECORD_SORTS = ("aantal", "naam", "acceptatie", "start")
NO_ACTIVITY_KEY = ""


Figure = TypeVar("Figure", int, float)


@dataclass(frozen=True)
class TrackRecordRow:
    """The track record of one group, already suppressed: a figure that may not be shown is None.

    A group of fewer than MIN_CELL referrals shows no figures at all (`suppressed`). In a group that is shown, a
    median needs at least MIN_CELL values, and a De Jong Gierveld change at least MIN_CELL people measured at the
    intake and at the follow-up with the same form. Lower De Jong Gierveld scores are less lonely: a negative
    change is an improvement. The 11- and 6-item forms have different ranges and are reported apart.
    """

    by: str
    key: str  # the activity's or organisation's pk, the ActivityType value, or NO_ACTIVITY_KEY
    label: str
    min_cell: int
    suppressed: bool
    organisatie: str = ""  # for an activity: its organisation
    slug: str = ""  # for an activity: its address, for the staff activity page
    kind: str = ""  # for an activity: its ActivityType
    evidence: str = ""  # for an activity: socialekaart Evidence
    evidence_source: str = ""
    referrals: int | None = None
    accepted: int | None = None
    started: int | None = None
    acceptance_rate: float | None = None  # accepted / referrals, 0–1
    start_rate: float | None = None  # started / referrals, 0–1
    first_contacts: int | None = None
    median_days_to_first_contact: float | None = None
    median_days_to_start: float | None = None
    djg11_measured: int | None = None
    djg11_change: float | None = None
    djg6_measured: int | None = None
    djg6_change: float | None = None

    @property
    def is_activity(self) -> bool:
        return self.by == "activiteit" and bool(self.slug)


def _group_key(by: str) -> Combinable:
    """The expression a group is known by; NULL (no activity) becomes a value, so it compares equal to itself."""
    if by == "activiteit":
        return Coalesce(F("activiteit_id"), Value(0))
    if by == "organisatie":
        return F("organisatie_id")
    return Coalesce(F("activiteit__kind"), Value(NO_ACTIVITY_KEY))


_LABEL_FIELDS = {
    "activiteit": [
        "activiteit__title",
        "activiteit__slug",
        "activiteit__kind",
        "activiteit__evidence",
        "activiteit__evidence_source",
        "activiteit__organisatie__name",
    ],
    "organisatie": ["organisatie__name"],
    "soort": [],
}


def _sent_since(referrals: QuerySet[Verwijzing], since: date | datetime | None) -> QuerySet[Verwijzing]:
    """Sent on or after `since`: a date (from the start of that day, local time) or a datetime; None is all."""
    if since is None:
        return referrals
    if not isinstance(since, datetime):
        since = timezone.make_aware(datetime.combine(since, time.min))
    return referrals.filter(sent_at__gte=since)


# The change in De Jong Gierveld score per group and form, over the distinct people of the group (someone referred
# twice within a group counts once). Per case and form: the first intake and the latest follow-up
# (aggregates.paired_djg_sql). In set form (hash joins, one pass over the measurements) rather than subqueries per
# referral. `{referrals}` is the ORM's SQL for the referrals that count, with the columns group_key and case_id; it
# joins on the referral's own melding_id, so PostgreSQL estimates the rows well (an estimate far off made it compile
# the query with JIT, for seconds).
_DJG_CHANGE_SQL = """
SELECT d.group_key, d.form, COUNT(*), AVG(d.change)::double precision
FROM (
    SELECT DISTINCT r.group_key, r.case_id, s.form, s.follow_up - s.intake AS change
    FROM ({referrals}) r
    JOIN ({pairs}) s ON s.melding_id = r.case_id
) d
GROUP BY d.group_key, d.form
"""
_CASE_IDS_SQL = "SELECT c.case_id FROM ({referrals}) c"


def _djg_changes(keyed: QuerySet[Verwijzing]) -> dict[tuple[Any, str], tuple[int, float]]:
    """{(group_key, form): (people measured, mean change)} for the referrals in `keyed` (annotated group_key)."""
    pairs = keyed.annotate(case_id=F("melding_id")).values("group_key", "case_id").order_by()
    referrals_sql, referrals_params = pairs.query.sql_with_params()
    pairs_sql, pairs_params = paired_djg_sql(_CASE_IDS_SQL.format(referrals=referrals_sql), referrals_params)
    sql = _DJG_CHANGE_SQL.format(referrals=referrals_sql, pairs=pairs_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*referrals_params, *pairs_params])
        return {(group_key, form): (measured, mean) for group_key, form, measured, mean in cursor.fetchall()}


def _track_record_rows(
    by: str,
    *,
    gemeente: Gemeente | int | None = None,
    since: date | datetime | None = None,
    activiteit: Activiteit | None = None,
) -> list[TrackRecordRow]:
    if by not in TRACK_RECORD_GROUPS:
        raise ValueError(f"by must be one of {TRACK_RECORD_GROUPS}, not {by!r}")
    # The referrals that count: of cases that count (merged duplicates left out), of one gemeente's meldpunt,
    # sent since a date.
    referrals = _sent_since(Verwijzing.objects.filter(melding__merged_into__isnull=True), since)
    if gemeente is not None:
        referrals = referrals.filter(melding__meldpunt__gemeente=gemeente)
    if activiteit is not None:
        referrals = referrals.filter(activiteit=activiteit)
    keyed = referrals.annotate(group_key=_group_key(by))
    figures = list(
        keyed.values("group_key", *_LABEL_FIELDS[by])
        .annotate(
            n_referrals=Count("pk"),
            n_accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
            n_started=Count("pk", filter=Q(started_on__isnull=False)),
            n_first_contacts=Count("pk", filter=Q(first_contact_at__isnull=False)),
            median_first_contact=Median(EpochDays("first_contact_at", "sent_at")),
            median_start=Median(DateDiff("started_on", TruncDate("sent_at"))),
        )
        .order_by("group_key")
    )
    if not figures:
        return []
    changes = _djg_changes(keyed)
    min_cell = settings.MIN_CELL
    return [_row(by, figure, changes, min_cell) for figure in figures]


def _label(by: str, figure: dict[str, Any]) -> dict[str, Any]:
    if by == "organisatie":
        return {"label": figure["organisatie__name"]}
    if figure["group_key"] in (0, NO_ACTIVITY_KEY):
        return {"label": gettext("Zonder activiteit (verwezen naar de organisatie)")}
    if by == "soort":
        kind = figure["group_key"]
        return {"label": str(ActivityType(kind).label) if kind in ActivityType.values else kind, "kind": kind}
    return {
        "label": figure["activiteit__title"],
        "slug": figure["activiteit__slug"],
        "kind": figure["activiteit__kind"],
        "evidence": figure["activiteit__evidence"],
        "evidence_source": figure["activiteit__evidence_source"],
        "organisatie": figure["activiteit__organisatie__name"],
    }


def _row(
    by: str, figure: dict[str, Any], changes: dict[tuple[Any, str], tuple[int, float]], min_cell: int
) -> TrackRecordRow:
    """One group's row, with every figure that may not be shown left out."""
    described = {"by": by, "key": str(figure["group_key"]), "min_cell": min_cell, **_label(by, figure)}
    referrals = figure["n_referrals"]
    if referrals < min_cell:
        return TrackRecordRow(suppressed=True, **described)

    def enough(n: int, value: Figure | None) -> Figure | None:
        return value if n >= min_cell else None

    djg11_measured, djg11_mean = changes.get((figure["group_key"], DJGForm.DJG11), (0, None))
    djg6_measured, djg6_mean = changes.get((figure["group_key"], DJGForm.DJG6), (0, None))

    return TrackRecordRow(
        suppressed=False,
        referrals=referrals,
        accepted=figure["n_accepted"],
        started=figure["n_started"],
        acceptance_rate=figure["n_accepted"] / referrals,
        start_rate=figure["n_started"] / referrals,
        first_contacts=figure["n_first_contacts"],
        median_days_to_first_contact=enough(figure["n_first_contacts"], figure["median_first_contact"]),
        median_days_to_start=enough(figure["n_started"], figure["median_start"]),
        djg11_measured=enough(djg11_measured, djg11_measured),
        djg11_change=enough(djg11_measured, djg11_mean),
        djg6_measured=enough(djg6_measured, djg6_measured),
        djg6_change=enough(djg6_measured, djg6_mean),
        **described,
    )


def referral_track_record(
    by: str, *, gemeente: Gemeente | int | None = None, since: date | datetime | None = None
) -> list[TrackRecordRow]:
    """The track record per activity, organisation or kind of activity (`by`: one of TRACK_RECORD_GROUPS), of
    every referral or only those of one gemeente's meldpunt (a Gemeente or its pk) sent since a date.

    Referrals without an activity form one group "zonder activiteit" (per activity and per kind). Rows are in no
    particular order: see sort_track_record. Two queries (one when there are no referrals).
    """
    return _track_record_rows(by, gemeente=gemeente, since=since)


def activity_track_record(activiteit: Activiteit) -> TrackRecordRow | None:
    """The track record of one activity (suppressed like every row), or None when nobody was referred to it."""
    rows = _track_record_rows("activiteit", activiteit=activiteit)
    return rows[0] if rows else None


def sort_track_record(rows: list[TrackRecordRow], order: str = "aantal") -> list[TrackRecordRow]:
    """Rows in the order of TRACK_RECORD_SORTS: most referrals, name, highest acceptance or start rate first.

    Suppressed rows always come last, by name: their order would otherwise tell which small group is bigger.
    """
    by_name = sorted(rows, key=lambda row: (row.label.casefold(), row.key))
    if order == "naam":
        return by_name
    figure = {
        "acceptatie": lambda row: row.acceptance_rate,
        "start": lambda row: row.start_rate,
    }.get(order, lambda row: row.referrals)
    shown = [row for row in by_name if not row.suppressed]
    hidden = [row for row in by_name if row.suppressed]
    return sorted(shown, key=figure, reverse=True) + hidden


def activity_for_staff(slug: str) -> Activiteit | None:
    """Any activity (published or not) with its organisation, for the staff page of its track record."""
    return Activiteit.objects.select_related("organisatie").filter(slug=slug).first()


# ---------------------------------------------------------------------------------------------------------------
# Before and after, per form (for the report of a subsidised project: subsidies reads it through meldpunt.queries)
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BeforeAfterRow:
    """The De Jong Gierveld scores of the people referred to one activity, per form: before (their first intake)
    and after (their latest follow-up), over the people measured at both with that form. Someone referred twice
    counts once. `lonely_*`: how many scored "eenzaam" (the GGD indicator, DJGMeting.category other than "niet
    eenzaam"). Fewer than MIN_CELL people: `suppressed`, and every figure None."""

    form: str
    min_cell: int
    suppressed: bool
    measured: int | None = None
    mean_before: float | None = None
    mean_after: float | None = None
    lonely_before: int | None = None
    lonely_after: int | None = None


_BEFORE_AFTER_SQL = """
SELECT s.form, COUNT(*), AVG(s.intake)::double precision, AVG(s.follow_up)::double precision,
    COUNT(*) FILTER (WHERE s.intake_category <> %s), COUNT(*) FILTER (WHERE s.follow_up_category <> %s)
FROM (
    SELECT m.melding_id, m.form,
        (array_agg(m.total ORDER BY m.measured_on, m.id) FILTER (WHERE m.moment = %s))[1] AS intake,
        (array_agg(m.category ORDER BY m.measured_on, m.id) FILTER (WHERE m.moment = %s))[1] AS intake_category,
        (array_agg(m.total ORDER BY m.measured_on DESC, m.id DESC) FILTER (WHERE m.moment = %s))[1] AS follow_up,
        (array_agg(m.category ORDER BY m.measured_on DESC, m.id DESC) FILTER (WHERE m.moment = %s))[1]
            AS follow_up_category
    FROM {djgmeting} m
    WHERE m.moment IN (%s, %s) AND m.melding_id IN ({cases})
    GROUP BY m.melding_id, m.form
) s
WHERE s.intake IS NOT NULL AND s.follow_up IS NOT NULL
GROUP BY s.form
"""


def activity_before_after(activiteit: Activiteit | int) -> list[BeforeAfterRow]:
    """Per De Jong Gierveld form (11 items, then 6), the before/after scores of the people referred to this
    activity (an Activiteit or its pk), suppressed under MIN_CELL. A form nobody was measured with at both moments
    is left out. One query."""
    cases = (
        Verwijzing.objects.filter(activiteit=activiteit, melding__merged_into__isnull=True)
        .values("melding_id")
        .order_by()
    )
    cases_sql, cases_params = cases.query.sql_with_params()
    sql = _BEFORE_AFTER_SQL.format(djgmeting=DJGMeting._meta.db_table, cases=cases_sql)
    params = [
        DJGCategory.NIET, DJGCategory.NIET, Moment.INTAKE, Moment.INTAKE, Moment.FOLLOW_UP, Moment.FOLLOW_UP,
        Moment.INTAKE, Moment.FOLLOW_UP, *cases_params,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {form: figures for form, *figures in cursor.fetchall()}
    min_cell = settings.MIN_CELL
    rows = []
    for form in DJGForm.values:
        if form not in found:
            continue
        measured, mean_before, mean_after, lonely_before, lonely_after = found[form]
        if measured < min_cell:
            rows.append(BeforeAfterRow(form=form, min_cell=min_cell, suppressed=True))
            continue
        rows.append(
            BeforeAfterRow(
                form=form,
                min_cell=min_cell,
                suppressed=False,
                measured=measured,
                mean_before=mean_before,
                mean_after=mean_after,
                lonely_before=lonely_before,
                lonely_after=lonely_after,
            )
        )
    return rows
