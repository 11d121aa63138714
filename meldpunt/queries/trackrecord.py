"""What works: the track record of referrals (issue 6).

Per activity, organisation or kind of activity: how referrals went, and how the loneliness of the people
referred changed. Everything is counted, sorted and paged in the database (TrackRecordTable: one query for the
figures and one for the change in loneliness, of one page of groups); small groups are suppressed here, before
anything leaves this module, so no page, export or dashboard can show an unsuppressed figure. The figures are numbers
(None when they may not be shown); meldpunt/presenters/trackrecord.py writes them out.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, overload

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from coalition.models import Gemeente
from socialekaart.models import Activiteit, ActivityType

from ..choices import DJGForm, Moment
from ..models import DJGMeting, Melding, Verwijzing
from ..scales import DJGCategory
from .aggregates import DateDiff, EpochDays, paired_djg_sql

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


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


def _sent_since(referrals: QuerySet[Verwijzing], since: date | datetime | None) -> QuerySet[Verwijzing]:
    """Sent on or after `since`: a date (from the start of that day, local time) or a datetime; None is all."""
    if since is None:
        return referrals
    if not isinstance(since, datetime):
        since = timezone.make_aware(datetime.combine(since, time.min))
    return referrals.filter(sent_at__gte=since)


class _Keyed(TypedDict):
    """What _keyed_referrals adds to a referral: the key of its group (an int, or a str per kind)."""

    group_key: Any


def _keyed_referrals(
    by: str,
    *,
    gemeente: Gemeente | int | None = None,
    since: date | datetime | None = None,
    activiteit: Activiteit | None = None,
) -> "QuerySet[WithAnnotations[Verwijzing, _Keyed]]":
    """The referrals that count, each with the key of its group (`group_key`): of cases that count (a signal merged
    into another case does not), of one gemeente's meldpunt, sent since a date, to one activity."""
    if by not in TRACK_RECORD_GROUPS:
        raise ValueError(f"by must be one of {TRACK_RECORD_GROUPS}, not {by!r}")
    # NOT EXISTS rather than a join with the case: merged cases are few and found through the index on
    # merged_into, where the join read every case (100,000 on the bench, 15 ms each time).
    merged = Melding.objects.filter(pk=OuterRef("melding_id"), merged_into__isnull=False)
    referrals = _sent_since(Verwijzing.objects.filter(~Exists(merged)), since)
    if gemeente is not None:
        referrals = referrals.filter(melding__meldpunt__gemeente=gemeente)
    if activiteit is not None:
        referrals = referrals.filter(activiteit=activiteit)
    return referrals.annotate(group_key=_group_key(by)).order_by()


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


def _djg_changes(keyed: "QuerySet[WithAnnotations[Verwijzing, _Keyed]]") -> dict[tuple[Any, str], tuple[int, float]]:
    """{(group_key, form): (people measured, mean change)} for the referrals in `keyed` (annotated group_key)."""
    pairs = keyed.annotate(case_id=F("melding_id")).values("group_key", "case_id").order_by()
    referrals_sql, referrals_params = pairs.query.sql_with_params()
    pairs_sql, pairs_params = paired_djg_sql(_CASE_IDS_SQL.format(referrals=referrals_sql), referrals_params)
    sql = _DJG_CHANGE_SQL.format(referrals=referrals_sql, pairs=pairs_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*referrals_params, *pairs_params])
        return {(group_key, form): (measured, mean) for group_key, form, measured, mean in cursor.fetchall()}


# One page of groups in the order of TRACK_RECORD_SORTS: counted, named, sorted and cut in the database, so only the
# rows of the page leave it (building and sorting all 7,400 activity rows of the bench in Python took 80 ms).
# `{referrals}`: the ORM's SQL for the referrals that count (_keyed_referrals), with group_key and each referral's
# days to its first contact and to its start. Labels are joined after grouping, so PostgreSQL groups by one key and
# not by every text that describes it. `{describe}` and `{join}` name a group (_DESCRIBE), `{order}` is the order
# (_order_sql). Every row also tells how many groups there are, and how many of them are suppressed (counted before
# the LIMIT). LIMIT NULL is every group.
_PAGE_SQL = """
WITH grouped AS (
    SELECT r.group_key, COUNT(*) AS referrals, COUNT(r.accepted_at) AS accepted, COUNT(r.started_on) AS started,
        COUNT(r.first_contact_at) AS first_contacts,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY r.first_contact_days) AS median_first_contact,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY r.start_days) AS median_start
    FROM ({referrals}) r
    GROUP BY r.group_key
),
described AS (
    SELECT g.*, {describe}
    FROM grouped g {join}
)
SELECT group_key, label, organisatie, slug, kind, evidence, evidence_source,
    referrals, accepted, started, first_contacts, median_first_contact, median_start,
    COUNT(*) OVER () AS groups, COUNT(*) FILTER (WHERE referrals < %s) OVER () AS suppressed
FROM described
ORDER BY {order}
LIMIT %s OFFSET %s
"""
# Per grouping: how a group is named (`label`, which the order by name uses) and described (for an activity: its
# organisation, address, kind and evidence; NULL elsewhere), and the tables that tell it. The referrals without an
# activity (group key 0 per activity, NO_ACTIVITY_KEY per kind) join no activity: their label is the parameter
# "zonder activiteit"; a kind is named by its label (_describe_sql).
_DESCRIBE = {
    "activiteit": (
        "COALESCE(a.title, %s) AS label, o.name AS organisatie, a.slug, a.kind, a.evidence, a.evidence_source",
        "LEFT JOIN socialekaart_activiteit a ON a.id = g.group_key "
        "LEFT JOIN coalition_organisatie o ON o.id = a.organisatie_id",
    ),
    "organisatie": (
        "o.name AS label, NULL AS organisatie, NULL AS slug, NULL AS kind, NULL AS evidence, NULL AS evidence_source",
        "JOIN coalition_organisatie o ON o.id = g.group_key",
    ),
    "soort": (
        "{kind_label} AS label, NULL AS organisatie, NULL AS slug, g.group_key AS kind, NULL AS evidence, "
        "NULL AS evidence_source",
        "",
    ),
}
# The figure each order ranks by, highest first (not "naam"). Rates as float8: the same division as Python's, so
# equal rates tie here too.
_ORDER_FIGURES = {
    "aantal": "referrals",
    "acceptatie": "accepted::double precision / referrals",
    "start": "started::double precision / referrals",
}
# The order of sort_track_record, in SQL: by name as Python compares casefolded texts (lower case, then code point
# order, which is the C collation's byte order in UTF-8), then by the key as text; or the groups that are shown
# first, highest figure first (equal figures by name), then the suppressed groups by name. lower() and casefold()
# differ only for a few letters (ß, ligatures such as ﬁ, final sigma): an order by name could differ only there.
_BY_NAME = 'lower(label) COLLATE "C", group_key::text COLLATE "C"'


def _order_sql(order: str) -> tuple[str, list[Any]]:
    if order == "naam":
        return _BY_NAME, []
    figure = _ORDER_FIGURES[order]
    return (
        f"referrals < %s, CASE WHEN referrals >= %s THEN {figure} END DESC, {_BY_NAME}",
        [settings.MIN_CELL, settings.MIN_CELL],
    )


def _describe_sql(by: str) -> tuple[str, str, list[Any]]:
    """The SELECT list and the joins that name and describe a group (_DESCRIBE), and the list's parameters."""
    describe, join = _DESCRIBE[by]
    no_activity = gettext("Zonder activiteit (verwezen naar de organisatie)")
    if by == "activiteit":
        return describe, join, [no_activity]
    if by == "soort":
        labels = [(NO_ACTIVITY_KEY, no_activity), *((kind, str(label)) for kind, label in ActivityType.choices)]
        kind_label = "CASE g.group_key " + "WHEN %s THEN %s " * len(labels) + "ELSE g.group_key END"
        return describe.format(kind_label=kind_label), join, [value for pair in labels for value in pair]
    return describe, join, []


def _page_rows(
    keyed: "QuerySet[WithAnnotations[Verwijzing, _Keyed]]", by: str, order: str, offset: int, limit: int | None
) -> list[tuple[Any, ...]]:
    """The figures of the groups at `offset` (`limit` of them, None for all) in `order`, each with the number of
    groups and of suppressed groups: one query."""
    referrals = keyed.values(
        "group_key",
        "accepted_at",
        "started_on",
        "first_contact_at",
        first_contact_days=EpochDays("first_contact_at", "sent_at"),
        start_days=DateDiff("started_on", TruncDate("sent_at")),
    )
    referrals_sql, referrals_params = referrals.query.sql_with_params()
    describe, join, describe_params = _describe_sql(by)
    order_sql, order_params = _order_sql(order)
    sql = _PAGE_SQL.format(referrals=referrals_sql, describe=describe, join=join, order=order_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*referrals_params, *describe_params, settings.MIN_CELL, *order_params, limit, offset])
        figures: list[tuple[Any, ...]] = cursor.fetchall()
        return figures


def _row(
    by: str, figure: tuple[Any, ...], changes: dict[tuple[Any, str], tuple[int, float]], min_cell: int
) -> TrackRecordRow:
    """One group's row (a row of _PAGE_SQL), with every figure that may not be shown left out."""
    (group_key, label, organisatie, slug, kind, evidence, evidence_source, referrals, accepted, started,
     first_contacts, median_first_contact, median_start, _groups, _suppressed) = figure  # fmt: skip
    described = {
        "by": by,
        "key": str(group_key),
        "min_cell": min_cell,
        "label": label,
        "organisatie": organisatie or "",
        "slug": slug or "",
        "kind": kind or "",
        "evidence": evidence or "",
        "evidence_source": evidence_source or "",
    }
    if referrals < min_cell:
        return TrackRecordRow(suppressed=True, **described)

    def enough(n: int, value: Figure | None) -> Figure | None:
        return value if n >= min_cell else None

    djg11_measured, djg11_mean = changes.get((group_key, DJGForm.DJG11), (0, None))
    djg6_measured, djg6_mean = changes.get((group_key, DJGForm.DJG6), (0, None))

    return TrackRecordRow(
        suppressed=False,
        referrals=referrals,
        accepted=accepted,
        started=started,
        acceptance_rate=accepted / referrals,
        start_rate=started / referrals,
        first_contacts=first_contacts,
        median_days_to_first_contact=enough(first_contacts, median_first_contact),
        median_days_to_start=enough(started, median_start),
        djg11_measured=enough(djg11_measured, djg11_measured),
        djg11_change=enough(djg11_measured, djg11_mean),
        djg6_measured=enough(djg6_measured, djg6_measured),
        djg6_change=enough(djg6_measured, djg6_mean),
        **described,
    )


class TrackRecordTable:
    """The track record per activity, organisation or kind of activity (`by`: one of TRACK_RECORD_GROUPS), in an
    order of TRACK_RECORD_SORTS (that of sort_track_record), sorted and paged in the database: only the rows asked
    for are built. Of every referral, or only those of one gemeente's meldpunt (a Gemeente or its pk), sent since a
    date, or to one activity.

    A slice (`table[25:50]`; `table[:]` is every row) is two queries: the figures of those groups, and their change
    in loneliness. `page()` is Django's Paginator.get_page over the table in those same two queries; `len()` and
    `suppressed_count` (how many groups are too small to show) come with any slice that is not past the end, and
    otherwise cost one query.
    """

    def __init__(
        self,
        by: str,
        order: str = "aantal",
        *,
        gemeente: Gemeente | int | None = None,
        since: date | datetime | None = None,
        activiteit: Activiteit | None = None,
    ) -> None:
        if order not in TRACK_RECORD_SORTS:
            raise ValueError(f"order must be one of {TRACK_RECORD_SORTS}, not {order!r}")
        self.by = by
        self.order = order
        self._keyed = _keyed_referrals(by, gemeente=gemeente, since=since, activiteit=activiteit)
        self._counts: tuple[int, int] | None = None  # groups, suppressed groups
        self._last_read: tuple[int, int | None, list[TrackRecordRow]] | None = None  # start, limit, rows

    def page(self, number: int | str | None, per_page: int) -> Page[TrackRecordRow]:
        """Paginator(table, per_page).get_page(number): the page of that number, the first when `number` is not a
        number, the last when it is out of range. The page is read first and the counts come with it, so the
        Paginator counts nothing and gets the page it asks for without a query (a number out of range costs a count
        and a second read)."""
        try:
            wanted = int(number) if number is not None else 1
        except ValueError:
            wanted = 1
        if wanted >= 1:
            self[(wanted - 1) * per_page : wanted * per_page]  # read ahead: kept in _last_read
        return Paginator(self, per_page).get_page(number)

    def __len__(self) -> int:
        return self._count()[0]

    @property
    def suppressed_count(self) -> int:
        return self._count()[1]

    def _count(self) -> tuple[int, int]:
        if self._counts is None:  # nothing read yet, or only past the end
            groups = self._keyed.values("group_key").annotate(referrals=Count("pk"))
            counted = groups.aggregate(
                groups=Count("group_key"), suppressed=Count("group_key", filter=Q(referrals__lt=settings.MIN_CELL))
            )
            self._counts = (counted["groups"], counted["suppressed"])
        return self._counts

    @overload
    def __getitem__(self, index: int) -> TrackRecordRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[TrackRecordRow]: ...
    def __getitem__(self, index: int | slice) -> TrackRecordRow | list[TrackRecordRow]:
        if isinstance(index, int):
            rows = self[index : index + 1] if index >= 0 else []
            if not rows:
                raise IndexError("track record index out of range")
            return rows[0]
        start, stop = index.start or 0, index.stop
        if index.step not in (None, 1) or start < 0 or (stop is not None and stop < start):
            raise ValueError("a slice of a track record runs forwards from a position that is not negative")
        limit = None if stop is None else stop - start
        if self._last_read is not None:  # the Paginator asks again for the page that page() read, or for less
            read_start, read_limit, rows = self._last_read
            to_the_end = read_limit is None or len(rows) < read_limit
            if read_start <= start and (to_the_end or (stop is not None and stop <= read_start + len(rows))):
                return rows[start - read_start : None if stop is None else stop - read_start]
        rows = self._read(start, limit)
        self._last_read = (start, limit, rows)
        return rows

    def _read(self, start: int, limit: int | None) -> list[TrackRecordRow]:
        if limit == 0:
            return []
        figures = _page_rows(self._keyed, self.by, self.order, start, limit)
        if not figures:
            if start == 0:
                self._counts = (0, 0)
            return []
        groups, suppressed = figures[0][-2:]
        self._counts = (groups, suppressed)
        keyed = self._keyed
        if len(figures) < groups:  # the change in loneliness of these groups only (of all: no filter, a better plan)
            keyed = keyed.filter(group_key__in=[figure[0] for figure in figures])
        changes = _djg_changes(keyed)
        min_cell = settings.MIN_CELL
        return [_row(self.by, figure, changes, min_cell) for figure in figures]

    def __iter__(self) -> Iterator[TrackRecordRow]:
        return iter(self[:])


def referral_track_record(
    by: str, *, gemeente: Gemeente | int | None = None, since: date | datetime | None = None
) -> list[TrackRecordRow]:
    """The track record per activity, organisation or kind of activity (`by`: one of TRACK_RECORD_GROUPS), of
    every referral or only those of one gemeente's meldpunt (a Gemeente or its pk) sent since a date.

    Referrals without an activity form one group "zonder activiteit" (per activity and per kind). Every row, most
    referrals first (see TrackRecordTable for another order or one page). Two queries (one when there are no
    referrals).
    """
    return TrackRecordTable(by, gemeente=gemeente, since=since)[:]


def activity_track_record(activiteit: Activiteit) -> TrackRecordRow | None:
    """The track record of one activity (suppressed like every row), or None when nobody was referred to it."""
    rows = TrackRecordTable("activiteit", activiteit=activiteit)[:]
    return rows[0] if rows else None


def sort_track_record(rows: list[TrackRecordRow], order: str = "aantal") -> list[TrackRecordRow]:
    """Rows in the order of TRACK_RECORD_SORTS: most referrals, name, highest acceptance or start rate first.

    Suppressed rows always come last, by name: their order would otherwise tell which small group is bigger.
    For rows in hand; TrackRecordTable sorts in the database in this same order (_order_sql).
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
