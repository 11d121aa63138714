"""The open-data API's reads (views/api.py, in the shape of Open Referral HSDS 3.0 by socialekaart/hsds.py).

Only what the public search shows is published: `Activiteit.objects.public()`, its organisations and places. Every
list is read a page at a time (page_of), in a fixed number of queries whatever the page size.
"""

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from coalition.models import Organisatie, Wijk

from .. import hsds
from ..models import Activiteit, Bijeenkomst, Locatie, Tijdslot, Uitzondering
from ..search import Filters, search


# ---------------------------------------------------------------------------
# Pages of a list
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    total: int
    total_pages: int


def page_of(items: QuerySet[Any, Any] | list[Any], number: int, per_page: int) -> Page:
    """Page `number` (from 1) of `items` (a queryset or a list): its items and the list's total (a COUNT query for
    a queryset). A page past the end is empty."""
    total = items.count() if isinstance(items, QuerySet) else len(items)
    start = (number - 1) * per_page
    page_items = list(items[start : start + per_page]) if start < total else []
    return Page(items=page_items, number=number, total=total, total_pages=math.ceil(total / per_page))


# ---------------------------------------------------------------------------
# Services (public activities)
# ---------------------------------------------------------------------------
def services(text: str = "") -> QuerySet[Activiteit]:
    """Public activities with their organisation: found by `text` (most relevant first), or all in primary key
    order (stable pages, read from the primary key index: title order sorts every row)."""
    activities = search(text, Filters()).activities if text else Activiteit.objects.public().order_by("pk")
    return activities.select_related("organisatie")


def of_organisatie(activities: QuerySet[Activiteit], organisatie_pk: int | None) -> QuerySet[Activiteit]:
    """Only the activities of this organisation (none for an id that is no organisation's)."""
    return activities.filter(organisatie_id=organisatie_pk) if organisatie_pk else activities.none()


def with_term(activities: QuerySet[Activiteit], term: tuple[str, str] | None) -> QuerySet[Activiteit]:
    """Only the activities with this taxonomy term (taxonomy code, value); none for an unknown term."""
    if term is None:
        return activities.none()
    taxonomy_code, value = term
    if taxonomy_code == "soort-activiteit":
        return activities.filter(kind=value)
    if taxonomy_code == "voor-wie":
        return activities.filter(target_groups__contains=[value])
    return activities.filter(themes__contains=[value])


def _current_times() -> QuerySet[Tijdslot]:
    """Recurring times that have not ended."""
    return Tijdslot.objects.filter(Q(until__isnull=True) | Q(until__gte=timezone.localdate()))


def with_service_details(activities: QuerySet[Activiteit]) -> QuerySet[Activiteit]:
    """What a fully nested service needs, in a fixed number of queries whatever the page size."""
    upcoming = Bijeenkomst.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    located = Locatie.objects.select_related("wijk__gemeente")
    coming = Uitzondering.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on", "pk")
    return activities.select_related("organisatie").prefetch_related(
        Prefetch("tijdsloten", queryset=_current_times()),
        Prefetch("bijeenkomsten", queryset=upcoming),
        Prefetch("uitzonderingen", queryset=coming),
        Prefetch("wijken", queryset=Wijk.objects.select_related("gemeente")),
        Prefetch("locaties", queryset=located),
    )


def service(pk: int) -> Activiteit | None:
    """One public activity, fully nested (with_service_details), or None."""
    return with_service_details(Activiteit.objects.public().filter(pk=pk)).first()


def service_details(activities: list[Activiteit]) -> dict[int, hsds.ServiceDetails]:
    """The nested parts of a page of fully nested services: four queries, grouped by activity here.

    The same rows and order as `with_service_details`, without prefetch_related's manager and queryset per
    activity and relation, which took most of the time of a page of 50.
    """
    details = {activiteit.pk: hsds.ServiceDetails() for activiteit in activities}
    if not details:
        return details
    pks = list(details)
    for slot in _current_times().filter(activiteit_id__in=pks).order_by("weekday", "starts_at", "pk"):
        details[slot.activiteit_id].tijdsloten.append(slot)
    coming = Uitzondering.objects.filter(activiteit_id__in=pks, ends_on__gte=timezone.localdate())
    for activity_id, first, last in coming.order_by("starts_on", "pk").values_list(
        "activiteit_id", "starts_on", "ends_on"
    ):
        details[activity_id].exceptions.append((first, last))
    upcoming = Bijeenkomst.objects.filter(activiteit_id__in=pks, starts_at__gte=timezone.now())
    for event in upcoming.order_by("starts_at", "pk"):
        details[event.activiteit_id].bijeenkomsten.append(event)
    served = Activiteit.wijken.through.objects.filter(activiteit_id__in=pks).select_related("wijk__gemeente")
    for serves in served.order_by("wijk__gemeente__name", "wijk__name", "wijk_id"):
        details[serves.activiteit_id].wijken.append(serves.wijk)
    located = Activiteit.locaties.through.objects.filter(activiteit_id__in=pks)
    for place in located.select_related("locatie__wijk__gemeente").order_by("locatie__name", "locatie_id"):
        details[place.activiteit_id].locaties.append(place.locatie)
    return details


# ---------------------------------------------------------------------------
# Organisations and places with at least one public activity
# ---------------------------------------------------------------------------
def _public_locaties() -> QuerySet[Locatie]:
    public = Activiteit.objects.public().filter(locaties=OuterRef("pk"))
    return Locatie.objects.filter(Exists(public))


def _public_organisaties() -> QuerySet[Organisatie]:
    return Organisatie.objects.filter(Exists(Activiteit.objects.public().filter(organisatie=OuterRef("pk"))))


def organizations() -> QuerySet[Organisatie]:
    return _public_organisaties().order_by("pk")


def organization(pk: int) -> Organisatie | None:
    return _public_organisaties().filter(pk=pk).first()


def locations_of(organisatie: Organisatie) -> QuerySet[Locatie]:
    """The organisation's places where a public activity happens, by name."""
    return _public_locaties().filter(organisatie=organisatie).select_related("wijk__gemeente").order_by("name")


def locations() -> QuerySet[Locatie]:
    return _public_locaties().select_related("wijk__gemeente").order_by("pk")


def service_at_locations() -> QuerySet[Any]:
    """Every (public activity, place) pair, with the activity's organisation and the place's wijk."""
    return (
        Activiteit.locaties.through.objects.filter(activiteit__in=Activiteit.objects.public())
        .select_related("activiteit__organisatie", "locatie__wijk__gemeente")
        .order_by("activiteit_id", "locatie_id")
    )
