"""Building blocks for the meldpunt's aggregate reads, shared by the track record ("wat werkt") and the monitor:
the median and day differences as ORM expressions, and the paired De Jong Gierveld measurements in SQL.
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import Aggregate, FloatField, Func, IntegerField

from ..choices import Moment
from ..models import DJGMeting


class Median(Aggregate):
    """PostgreSQL's median: the middle value (the mean of the two middle ones for an even count); NULLs are left
    out. Django has no built-in for percentile_cont."""

    function = "percentile_cont"
    name = "Median"
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class EpochDays(Func):
    """Days, with fractions, from the second timestamp to the first: `EpochDays("end", "start")`."""

    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)::double precision"
    arg_joiner = " - "
    output_field = FloatField()


class DateDiff(Func):
    """Whole days from the second date to the first (PostgreSQL: date - date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


# Per case and form, the total of the first intake and of the latest follow-up measurement; only cases measured at
# both moments with the same form (a pair). `{cases}` is SQL that selects one column of case ids. Lower totals are
# less lonely, so `follow_up - intake` below zero is an improvement.
_PAIRED_DJG_SQL = """
SELECT p.melding_id, p.form, p.intake, p.follow_up
FROM (
    SELECT m.melding_id, m.form,
        (array_agg(m.total ORDER BY m.measured_on, m.id) FILTER (WHERE m.moment = %s))[1] AS intake,
        (array_agg(m.total ORDER BY m.measured_on DESC, m.id DESC) FILTER (WHERE m.moment = %s))[1] AS follow_up
    FROM {djgmeting} m
    WHERE m.moment IN (%s, %s) AND m.melding_id IN ({cases})
    GROUP BY m.melding_id, m.form
) p
WHERE p.intake IS NOT NULL AND p.follow_up IS NOT NULL
"""


def paired_djg_sql(cases_sql: str, cases_params: Sequence[Any]) -> tuple[str, list[Any]]:
    """SQL and its parameters for the paired De Jong Gierveld measurements of the cases that `cases_sql` selects
    (one column of case ids, with `cases_params`): rows (melding_id, form, intake, follow_up), one per case and
    form measured at the intake and at the follow-up; the first intake and the latest follow-up count."""
    sql = _PAIRED_DJG_SQL.format(djgmeting=DJGMeting._meta.db_table, cases=cases_sql)
    return sql, [Moment.INTAKE, Moment.FOLLOW_UP, Moment.INTAKE, Moment.FOLLOW_UP, *cases_params]
