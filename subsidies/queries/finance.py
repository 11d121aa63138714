"""The money of subsidies: per call and year what was budgeted, committed, paid and settled (for the steering
group's dashboard and the coördinator), and what one grant has received.

A recovery (terugvordering) counts negative: "paid" is what the grantees have now. Every sum is computed in the
database; `budget_by_call` is one query whatever the number of calls.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from coalition.models import Gemeente

from ..choices import AanvraagStatus, BetalingSoort
from ..models import ZERO, Aanvraag, Betaling, Regeling

MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)

# Applications whose allocated amount is committed: granted (wholly or partly) and settled.
COMMITTED = (AanvraagStatus.TOEGEKEND, AanvraagStatus.DEELS_TOEGEKEND, AanvraagStatus.VASTGESTELD)


@dataclass(frozen=True)
class CallBudget:
    """One call in one year (the year it opened, in Dutch time)."""

    regeling_id: int
    title: str
    gemeente: str
    year: int
    budget: Decimal
    committed: Decimal
    paid: Decimal
    settled: Decimal

    @property
    def uncommitted(self) -> Decimal:
        return self.budget - self.committed


def signed_amount() -> Case:
    """A payment's amount, negative for a recovery."""
    return Case(
        When(kind=BetalingSoort.TERUGVORDERING, then=-F("amount")),
        default=F("amount"),
        output_field=MONEY,
    )


def _sum(queryset: QuerySet[Aanvraag] | QuerySet[Betaling], group: str, amount: Sum) -> Coalesce:
    """A correlated sum per call, 0 when there is nothing to add up."""
    total = queryset.order_by().values(group).annotate(total=amount).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def budget_by_call(year: int | None = None, *, gemeente: Gemeente | int | None = None) -> list[CallBudget]:
    """Per call (of `year`, or of every year; of one gemeente or all): budget, committed, paid and settled, newest
    year first."""
    calls = Regeling.objects.annotate(
        year=ExtractYear("opens_at"),
        committed=_sum(
            Aanvraag.objects.filter(regeling=OuterRef("pk"), status__in=COMMITTED), "regeling", Sum("allocated_amount")
        ),
        paid=_sum(
            Betaling.objects.filter(aanvraag__regeling=OuterRef("pk")), "aanvraag__regeling", Sum(signed_amount())
        ),
        settled=_sum(
            Aanvraag.objects.filter(regeling=OuterRef("pk"), status=AanvraagStatus.VASTGESTELD),
            "regeling",
            Sum("settled_amount"),
        ),
    )
    if year is not None:
        calls = calls.filter(year=year)
    if gemeente is not None:
        calls = calls.filter(gemeente=gemeente)
    rows = calls.order_by("-year", "title").values_list(
        "pk", "title", "gemeente__name", "year", "total_budget", "committed", "paid", "settled"
    )
    return [CallBudget(*row) for row in rows]


def paid_total(aanvraag: Aanvraag) -> Decimal:
    """What one grant has received: paid, less what was recovered (one aggregate)."""
    total: Decimal = Betaling.objects.filter(aanvraag=aanvraag).aggregate(total=Coalesce(Sum(signed_amount()), ZERO))[
        "total"
    ]
    return total


def paid_annotation() -> Coalesce:
    """For annotating applications with what they received (the grant page: `.annotate(paid=paid_annotation())`)."""
    return _sum(Betaling.objects.filter(aanvraag=OuterRef("pk")), "aanvraag", Sum(signed_amount()))
