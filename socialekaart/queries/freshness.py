"""Freshness of the listings: when a listing is due for a reminder, when it leaves the public search, and which
published listings are stale (the coördinator's list, the reminders of services/freshness.py)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.utils import timezone

from ..models import Activiteit


def remind_cutoff(today: date | None = None) -> date:
    """Listings last confirmed on or before this date are due for a reminder."""
    return (today or timezone.localdate()) - timedelta(days=settings.SOCIALEKAART_REMIND_AFTER_DAYS)


def hide_cutoff(today: date | None = None) -> date:
    """Listings last confirmed before this date are out of the public search (see ActiviteitQuerySet.public)."""
    return (today or timezone.localdate()) - timedelta(days=settings.SOCIALEKAART_HIDE_AFTER_DAYS)


def is_public(activiteit: Activiteit, today: date | None = None) -> bool:
    """Whether citizens see this activity now: published and confirmed recently (as ActiviteitQuerySet.public)."""
    return (
        activiteit.status == Activiteit.Status.GEPUBLICEERD
        and activiteit.last_confirmed_on is not None
        and activiteit.last_confirmed_on >= hide_cutoff(today)
    )


def stale_listings(today: date | None = None) -> QuerySet[Activiteit]:
    """Published listings not confirmed for SOCIALEKAART_REMIND_AFTER_DAYS, oldest confirmation first.

    Each row has its organisation joined and two flags: `is_reminded` (a reminder went for the current
    confirmation) and `is_hidden` (out of the public search).
    """
    return (
        Activiteit.objects.published()
        .filter(last_confirmed_on__lte=remind_cutoff(today))
        .select_related("organisatie")
        .annotate(
            is_reminded=ExpressionWrapper(
                Q(reminder_sent_for__isnull=False) & Q(reminder_sent_for=F("last_confirmed_on")),
                output_field=BooleanField(),
            ),
            is_hidden=Case(
                When(last_confirmed_on__lt=hide_cutoff(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("last_confirmed_on", "title", "pk")
    )


def stale_listing_counts(today: date | None = None) -> dict[str, int]:
    """{'stale': …, 'hidden': …}: published listings due for a reminder, and those of them out of the search."""
    return Activiteit.objects.published().aggregate(
        stale=Count("pk", filter=Q(last_confirmed_on__lte=remind_cutoff(today))),
        hidden=Count("pk", filter=Q(last_confirmed_on__lt=hide_cutoff(today))),
    )
