"""The public's reads: the calls that are open now, and one call in full."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Regeling


def open_calls(at: datetime | None = None) -> "QuerySet[Regeling, Any]":
    """The calls open at `at` (now), closing first on top, with what the public list shows (gemeente, wijken,
    criteria) joined or prefetched: four queries whatever the number of calls. Reads the index regeling_open."""
    now = at or timezone.now()
    return (
        Regeling.objects.filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("gemeente")
        .prefetch_related("wijken", "criteria")
        .order_by("closes_at", "title")
    )


def open_call_choices(at: datetime | None = None) -> list[Regeling]:
    """The open calls as the applicant's list offers them ("Nieuwe aanvraag"): one query, nothing prefetched."""
    now = at or timezone.now()
    return list(Regeling.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "title"))


def call(slug: str) -> Regeling | None:
    """One call with everything its public page shows (criteria and their scales, knock-out questions, documents,
    wijken), in five queries; None for an unknown slug. Closed calls too: their page says they closed."""
    return (
        Regeling.objects.filter(slug=slug)
        .select_related("gemeente")
        .prefetch_related("wijken", "criteria", "toetsvragen", "documenteisen")
        .first()
    )
