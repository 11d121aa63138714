"""Reads of the meldpunt that other apps and pages use."""

from django.db.models import Count, QuerySet

from .models import Meldpunt


def meldpunten_for_user(user) -> QuerySet[Meldpunt]:
    """The meldpunten a staff member works for, with their gemeente and staff count."""
    return (
        Meldpunt.objects.filter(staff=user)
        .select_related("gemeente")
        .annotate(staff_count=Count("staff", distinct=True))
        .order_by("name")
    )
