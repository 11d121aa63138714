"""Reads of the coördinator's grant pages: allocating an amount and following a granted subsidy."""

from django.db.models import Prefetch, QuerySet

from ..choices import AanvraagStatus
from ..models import Aanvraag, Betaling
from .finance import paid_annotation

# The states in which an application has a grant page (granted, and after settlement).
WITH_GRANT = (AanvraagStatus.TOEGEKEND, AanvraagStatus.DEELS_TOEGEKEND, AanvraagStatus.VASTGESTELD)


def for_allocation() -> QuerySet[Aanvraag]:
    """Applications with their call (its budget and what is allocated) and organisation: one query."""
    return Aanvraag.objects.select_related("regeling", "organisatie")


def allocations_in_call(aanvraag: Aanvraag) -> QuerySet[Aanvraag]:
    """The other applications of the same call that hold part of its budget, largest first."""
    return (
        Aanvraag.objects.filter(regeling_id=aanvraag.regeling_id, allocated_amount__gt=0)
        .exclude(pk=aanvraag.pk)
        .only("pk", "title", "status", "allocated_amount", "amount_requested", "created_at")
        .order_by("-allocated_amount", "pk")
    )


def grant_page() -> QuerySet[Aanvraag]:
    """Granted applications with all the grant page shows, in three queries: the application (with its call,
    organisation, who decided and what was paid), its payments (with who recorded them) and its reports."""
    return (
        Aanvraag.objects.filter(status__in=WITH_GRANT)
        .select_related("regeling", "organisatie", "decided_by")
        .annotate(paid=paid_annotation())
        .prefetch_related(
            Prefetch("betalingen", queryset=Betaling.objects.select_related("recorded_by").order_by("paid_on", "pk")),
            "rapportages",
        )
    )
