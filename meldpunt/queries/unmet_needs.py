"""Unmet needs counted per kind of help and wijk or kern (issue 15): aggregates only, never a case or a note.

Also read by monitoring (through this module only)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F

from ..models import OnvervuldeVraag


@dataclass(frozen=True)
class UnmetNeedCount:
    kind: str
    wijk: str
    count: int


def unmet_need_counts(*, gemeente_id: int | None = None, since: date | None = None) -> list[UnmetNeedCount]:
    """[(kind, wijk name, count)], the most frequent first; kind "" is "not said", wijk "" is "unknown". One query."""
    queryset = OnvervuldeVraag.objects.all()
    if gemeente_id is not None:
        queryset = queryset.filter(meldpunt__gemeente_id=gemeente_id)
    if since is not None:
        queryset = queryset.filter(created_at__date__gte=since)
    rows = (
        queryset.values("kind", wijk_name=F("wijk__name")).annotate(n=Count("pk")).order_by("-n", "kind", "wijk_name")
    )
    return [UnmetNeedCount(row["kind"], row["wijk_name"] or "", row["n"]) for row in rows]


def unmet_language_counts(*, gemeente_id: int | None = None) -> list[tuple[str, int]]:
    """[(language, count)] for the needs that named a language, the most frequent first. One query."""
    queryset = OnvervuldeVraag.objects.exclude(language="")
    if gemeente_id is not None:
        queryset = queryset.filter(meldpunt__gemeente_id=gemeente_id)
    rows = queryset.values_list("language").annotate(n=Count("pk")).order_by("-n", "language")
    return [(language, n) for language, n in rows]
