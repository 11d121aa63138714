"""The committee's ranking of a call, computed by the database in one query for the whole call.

Per application that reached the committee (in_beoordeling or later), from the *submitted* reviews only:

- the weighted score, 0–100: the sum over the criteria of (mean points × weight), divided by (5 × the sum of the
  call's weights), times 100 (NULL while nobody submitted);
- per criterion the mean points and the spread (highest minus lowest) between members; a spread of 3 points or
  more on any criterion flags the application for discussion at the meeting ("bespreken");
- how many members scored it, how many declared a conflict, and how many advised to grant, grant in part or
  refuse;
- whether the score is below the call's minimum.

Blind scoring holds here too: for a viewer who is a member, the query keeps only the applications of which they
may see the reviews of others (queries.committee.applications_with_visible_reviews, embedded as a subquery), so
the page and the export can show nothing more.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection

from coalition.models import Organisatie, Role, User

from ..choices import Advies
from ..models import MAX_POINTS, Aanvraag, Belangenverklaring, Beoordeling, Criterium, Regeling, Score
from .committee import COMMITTEE_STATUSES, applications_with_visible_reviews

# A spread this large between two members on one criterion is discussed at the meeting.
DISCUSS_SPREAD = 3


class CriterionResult(NamedTuple):  # a tuple: a ranking makes thousands
    mean: float | None  # rounded to one decimal; None: nobody scored it yet
    spread: int | None

    @property
    def discuss(self) -> bool:
        return self.spread is not None and self.spread >= DISCUSS_SPREAD


@dataclass(frozen=True)
class RankingRow:
    pk: int
    created_at: datetime
    title: str
    organisatie: str
    status: str
    amount_requested: Decimal | None
    score: Decimal | None  # 0–100, one decimal; None while nobody submitted a review
    members: int  # members who submitted a review
    conflicts: int  # members with a conflict of interest: declared, or working for the applicant or a partner
    criteria: list[CriterionResult]  # in the order of the call's criteria
    advice: dict[str, int]  # {Advies value: number of members}
    discuss: bool
    below_minimum: bool

    @property
    def number(self) -> str:
        """As Aanvraag.number."""
        return f"S-{self.created_at:%Y}-{self.pk:04d}"


def _table(model: type[Any]) -> str:
    return str(model._meta.db_table)


def _sql(visible: str) -> str:
    """The query; `visible` is empty or a condition on the applications, compiled by Django with its parameters
    (nothing in it, nor in the table names and constants put in here, comes from a user)."""
    return f"""
WITH criteria AS (
    SELECT id, position, weight FROM {_table(Criterium)} WHERE regeling_id = %s
), total AS (
    SELECT NULLIF(SUM(weight), 0) AS weight FROM criteria
), apps AS (
    SELECT a.id, a.created_at, a.title, a.status, a.amount_requested, o.name AS organisatie
    FROM {_table(Aanvraag)} a JOIN {_table(Organisatie)} o ON o.id = a.organisatie_id
    WHERE a.regeling_id = %s AND a.status = ANY(%s) {visible}
), reviews AS (
    SELECT b.id, b.aanvraag_id, b.advice FROM {_table(Beoordeling)} b
    WHERE b.submitted_at IS NOT NULL AND b.aanvraag_id IN (SELECT id FROM apps)
), per_criterion AS (
    SELECT r.aanvraag_id, s.criterium_id, AVG(s.points) AS mean, MAX(s.points) - MIN(s.points) AS spread
    FROM reviews r JOIN {_table(Score)} s ON s.beoordeling_id = r.id
    GROUP BY r.aanvraag_id, s.criterium_id
), per_application AS (
    SELECT apps.id,
        SUM(pc.mean * c.weight) / ({MAX_POINTS} * (SELECT weight FROM total)) * 100 AS score,
        COALESCE(MAX(pc.spread), 0) >= {DISCUSS_SPREAD} AS discuss,
        array_agg(ROUND(pc.mean, 1)::float8 ORDER BY c.position, c.id) AS means,
        array_agg(pc.spread ORDER BY c.position, c.id) AS spreads
    FROM apps CROSS JOIN criteria c
    LEFT JOIN per_criterion pc ON pc.aanvraag_id = apps.id AND pc.criterium_id = c.id
    GROUP BY apps.id
), advice AS (
    SELECT aanvraag_id, COUNT(*) AS members,
        COUNT(*) FILTER (WHERE advice = %s) AS grant_,
        COUNT(*) FILTER (WHERE advice = %s) AS partly,
        COUNT(*) FILTER (WHERE advice = %s) AS refuse
    FROM reviews GROUP BY aanvraag_id
), conflicts AS (
    -- Declared conflicts, and members excluded because they work for the applicant or a partner (computed, as
    -- queries.committee.linked does; stored only when such a member declares).
    SELECT aanvraag_id, COUNT(DISTINCT member_id) AS n FROM (
        SELECT aanvraag_id, member_id FROM {_table(Belangenverklaring)}
        WHERE has_conflict AND aanvraag_id IN (SELECT id FROM apps)
        UNION
        SELECT linked.aanvraag_id, works.user_id FROM (
            SELECT a.id AS aanvraag_id, a.organisatie_id FROM {_table(Aanvraag)} a WHERE a.id IN (SELECT id FROM apps)
            UNION
            SELECT p.aanvraag_id, p.organisatie_id FROM {_table(Aanvraag.partners.through)} p
            WHERE p.aanvraag_id IN (SELECT id FROM apps)
        ) linked
        JOIN {_table(User.organisaties.through)} works ON works.organisatie_id = linked.organisatie_id
        JOIN {_table(User)} u ON u.id = works.user_id AND u.role = %s AND u.is_active
    ) excluded GROUP BY aanvraag_id
)
SELECT apps.id, apps.created_at, apps.title, apps.organisatie, apps.status, apps.amount_requested,
    ROUND(pa.score, 1), COALESCE(ad.members, 0), COALESCE(cf.n, 0), pa.means, pa.spreads,
    COALESCE(ad.grant_, 0), COALESCE(ad.partly, 0), COALESCE(ad.refuse, 0),
    COALESCE(pa.discuss, FALSE), COALESCE(pa.score < %s, FALSE)
FROM apps
LEFT JOIN per_application pa ON pa.id = apps.id
LEFT JOIN advice ad ON ad.aanvraag_id = apps.id
LEFT JOIN conflicts cf ON cf.aanvraag_id = apps.id
ORDER BY pa.score DESC NULLS LAST, apps.title, apps.id
"""  # noqa: S608


def call_ranking(regeling: Regeling, *, viewer: User | None = None) -> list[RankingRow]:
    """The call's applications at the committee, best weighted score first (unscored last), in one query.

    `viewer` None: all of them (the system, a coördinator). A user: only the applications of which they may see
    the reviews (applications_with_visible_reviews): all for a coördinator, for a member those they submitted
    their own review of without a conflict of interest, for anyone else none."""
    visible, visible_params = "", []
    if viewer is not None:
        ids = applications_with_visible_reviews(viewer).filter(regeling_id=regeling.pk).values("pk")
        try:
            subquery, subquery_params = ids.query.sql_with_params()
        except EmptyResultSet:  # a user who may see no reviews at all
            return []
        visible, visible_params = f"AND a.id IN ({subquery})", list(subquery_params)
    params = [
        regeling.pk,
        regeling.pk,
        list(COMMITTEE_STATUSES),
        *visible_params,
        Advies.TOEKENNEN.value,
        Advies.DEELS.value,
        Advies.AFWIJZEN.value,
        Role.COMMISSIELID.value,
        regeling.min_score,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_sql(visible), params)
        rows = cursor.fetchall()
    return [_row(row) for row in rows]


def _row(row: tuple[Any, ...]) -> RankingRow:
    (pk, created_at, title, organisatie, status, amount, score, members, conflicts, means, spreads) = row[:11]
    grant, partly, refuse, discuss, below = row[11:]
    criteria = [
        CriterionResult(mean=mean, spread=spread) for mean, spread in zip(means or [], spreads or [], strict=True)
    ]
    return RankingRow(
        pk=pk,
        created_at=created_at,
        title=title,
        organisatie=organisatie,
        status=status,
        amount_requested=amount,
        score=score,
        members=members,
        conflicts=conflicts,
        criteria=criteria,
        advice={Advies.TOEKENNEN.value: grant, Advies.DEELS.value: partly, Advies.AFWIJZEN.value: refuse},
        discuss=discuss,
        below_minimum=below,
    )
