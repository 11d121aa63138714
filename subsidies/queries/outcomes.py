"""What granted projects achieved, for the steering group's dashboard (monitoring reads it through
`subsidies.queries`): reach against the targets per project, and the before/after De Jong Gierveld measurement
pooled per call. Only accepted reports count, and of each project only its latest accepted report (a final report
after an interim one; counting both would count the same people twice).

Small groups are suppressed HERE, before anything leaves this module, so no dashboard, page or export can show an
unsuppressed figure: a number of people reached, or a pooled measurement, over fewer than MIN_CELL people is None
(and the row says `suppressed`). Targets are plans, not people: they are always shown. Everything is counted in the
database, one query per function.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from coalition.models import Gemeente

from ..choices import AanvraagStatus, RapportStatus
from ..models import Aanvraag, Doel, Rapportage, RapportageBereik, RapportageMeting, Regeling

ACCEPTED = RapportStatus.GEACCEPTEERD
# Projects that were granted (whole or partly), also once settled.
FUNDED = (AanvraagStatus.TOEGEKEND, AanvraagStatus.DEELS_TOEGEKEND, AanvraagStatus.VASTGESTELD)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class ProjectReach:
    """One granted project: how many people its targets aim at, and how many its latest accepted report says it
    reached (None: no accepted report yet, or `suppressed`: fewer than `min_cell`)."""

    aanvraag_id: int
    title: str
    organisatie: str
    regeling_id: int
    regeling: str
    target: int
    reached: int | None
    reported: bool
    suppressed: bool
    min_cell: int


@dataclass(frozen=True)
class PooledMeasurement:
    """The before/after measurement of one De Jong Gierveld form, pooled over the granted projects of one call:
    the people measured added up, the means weighted by them. Suppressed under `min_cell` people (every figure
    None but the number of projects)."""

    regeling_id: int
    regeling: str
    form: str
    projects: int
    suppressed: bool
    min_cell: int
    measured: int | None = None
    mean_before: Decimal | None = None
    mean_after: Decimal | None = None
    lonely_before: int | None = None
    lonely_after: int | None = None


def _funded(regeling: Regeling | int | None, gemeente: Gemeente | int | None) -> QuerySet[Aanvraag]:
    projects = Aanvraag.objects.filter(status__in=FUNDED)
    if regeling is not None:
        projects = projects.filter(regeling=regeling)
    if gemeente is not None:
        projects = projects.filter(regeling__gemeente=gemeente)
    return projects


def _latest_accepted_report() -> Subquery:
    """The pk of the project's (OuterRef pk) latest accepted report, by deadline."""
    return Subquery(
        Rapportage.objects.filter(aanvraag=OuterRef("pk"), status=ACCEPTED)
        .order_by("-due_date", "-pk")
        .values("pk")[:1]
    )


def reach_against_targets(
    *, regeling: Regeling | int | None = None, gemeente: Gemeente | int | None = None
) -> list[ProjectReach]:
    """Per granted project (of one call, or of one gemeente's calls, or all), its targets and its reach, by call
    and title. One query."""
    target_sum = (
        Doel.objects.filter(aanvraag=OuterRef("pk"))
        .order_by()
        .values("aanvraag")
        .annotate(total=Sum("number"))
        .values("total")
    )
    reached_sum = (
        RapportageBereik.objects.filter(rapportage=OuterRef("latest_report"))
        .order_by()
        .values("rapportage")
        .annotate(total=Sum("reached"))
        .values("total")
    )
    rows = (
        _funded(regeling, gemeente)
        .annotate(latest_report=_latest_accepted_report())
        .annotate(
            target_total=Coalesce(Subquery(target_sum, output_field=IntegerField()), 0),
            reached_total=Subquery(reached_sum, output_field=IntegerField()),
        )
        .order_by("regeling__title", "title", "pk")
        .values(
            "pk", "title", "organisatie__name", "regeling_id", "regeling__title", "latest_report", "target_total",
            "reached_total",
        )
    )  # fmt: skip
    min_cell = settings.MIN_CELL
    result = []
    for row in rows:
        reported = row["latest_report"] is not None
        reached = (row["reached_total"] or 0) if reported else None
        suppressed = reached is not None and reached < min_cell
        result.append(
            ProjectReach(
                aanvraag_id=row["pk"],
                title=row["title"],
                organisatie=row["organisatie__name"],
                regeling_id=row["regeling_id"],
                regeling=row["regeling__title"],
                target=row["target_total"],
                reached=None if suppressed else reached,
                reported=reported,
                suppressed=suppressed,
                min_cell=min_cell,
            )
        )
    return result


def _mean(total: Decimal | None, measured: int) -> Decimal | None:
    if total is None or not measured:
        return None
    return (Decimal(total) / measured).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def pooled_measurements(
    *, regeling: Regeling | int | None = None, gemeente: Gemeente | int | None = None
) -> list[PooledMeasurement]:
    """Per call and De Jong Gierveld form, the before/after measurement of its granted projects pooled, from each
    project's latest accepted report with that form. By call title, then the 11-item form before the 6-item one.
    One query."""
    later = RapportageMeting.objects.filter(
        form=OuterRef("form"),
        rapportage__aanvraag=OuterRef("rapportage__aanvraag"),
        rapportage__status=ACCEPTED,
    ).filter(
        Q(rapportage__due_date__gt=OuterRef("rapportage__due_date"))
        | Q(rapportage__due_date=OuterRef("rapportage__due_date"), rapportage__pk__gt=OuterRef("rapportage__pk"))
    )
    rows = (
        RapportageMeting.objects.filter(
            rapportage__status=ACCEPTED, rapportage__aanvraag__in=_funded(regeling, gemeente)
        )
        .exclude(Exists(later))
        .values("rapportage__aanvraag__regeling", "rapportage__aanvraag__regeling__title", "form")
        .annotate(
            projects=Count("rapportage__aanvraag", distinct=True),
            people=Sum("measured"),
            before_total=Sum(
                F("mean_before") * F("measured"), output_field=DecimalField(max_digits=18, decimal_places=2)
            ),
            after_total=Sum(
                F("mean_after") * F("measured"), output_field=DecimalField(max_digits=18, decimal_places=2)
            ),
            lonely_before_total=Sum("lonely_before"),
            lonely_after_total=Sum("lonely_after"),
        )
        .order_by("rapportage__aanvraag__regeling__title", "rapportage__aanvraag__regeling", "form")
    )
    min_cell = settings.MIN_CELL
    result = []
    for row in rows:
        described = {
            "regeling_id": row["rapportage__aanvraag__regeling"],
            "regeling": row["rapportage__aanvraag__regeling__title"],
            "form": row["form"],
            "projects": row["projects"],
            "min_cell": min_cell,
        }
        measured = row["people"] or 0
        if measured < min_cell:
            result.append(PooledMeasurement(suppressed=True, **described))
            continue
        result.append(
            PooledMeasurement(
                suppressed=False,
                measured=measured,
                mean_before=_mean(row["before_total"], measured),
                mean_after=_mean(row["after_total"], measured),
                lonely_before=row["lonely_before_total"],
                lonely_after=row["lonely_after_total"],
                **described,
            )
        )
    return result
