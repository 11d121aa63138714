"""The partner pages' reads: an organisation's listings with their state, one listing's open change and history,
its weekly times and coming dates, and the organisation's places. Access is checked before (permissions.py)."""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from coalition.models import Organisatie, User

from ..models import Activiteit, Bijeenkomst, Historie, Locatie, Tijdslot, Uitzondering, Wijzigingsvoorstel
from ..permissions import manageable_organisaties


def organisaties_with_counts(user: User) -> QuerySet[Organisatie]:
    """The organisations the user keeps listings for (a coördinator: all), with how many listings each has
    (`active_count`, `concept_count`, `review_count`), counted in the database."""
    status = Activiteit.Status
    return manageable_organisaties(user).annotate(
        active_count=Count("activiteiten", filter=~Q(activiteiten__status=status.GEARCHIVEERD)),
        concept_count=Count("activiteiten", filter=Q(activiteiten__status=status.CONCEPT)),
        review_count=Count("activiteiten", filter=Q(activiteiten__status=status.TER_BEOORDELING)),
    )


def listings_of(organisatie: Organisatie) -> QuerySet[Activiteit]:
    """The organisation's activities for its list page: the last history event (to show a coördinator's
    comment), whether a change waits for review, and who last confirmed, all in one query."""
    latest = Historie.objects.filter(activiteit=OuterRef("pk")).order_by("-at", "-pk")
    return (
        Activiteit.objects.filter(organisatie=organisatie)
        .select_related("last_confirmed_by")
        .annotate(
            latest_action=Subquery(latest.values("action")[:1]),
            latest_comment=Subquery(latest.values("comment")[:1]),
            has_open_proposal=Exists(
                Wijzigingsvoorstel.objects.filter(activiteit=OuterRef("pk"), status=Wijzigingsvoorstel.Status.OPEN)
            ),
            archived_last=Case(
                When(status=Activiteit.Status.GEARCHIVEERD, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("archived_last", "title", "pk")
    )


def open_proposal(activiteit: Activiteit) -> Wijzigingsvoorstel | None:
    """The change to this listing that waits for review, if any."""
    return activiteit.wijzigingsvoorstellen.filter(status=Wijzigingsvoorstel.Status.OPEN).first()


def history_of(activiteit: Activiteit, limit: int) -> QuerySet[Historie]:
    """The listing's latest history events, with who did them."""
    return activiteit.historie.select_related("by")[:limit]


def weekly_times_of(activiteit: Activiteit) -> QuerySet[Tijdslot]:
    return activiteit.tijdsloten.select_related("locatie")


def coming_dates_of(activiteit: Activiteit) -> QuerySet[Bijeenkomst]:
    """The listing's dated events that have not ended yet."""
    return activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now()).select_related("locatie")


def locaties_of(organisatie: Organisatie) -> QuerySet[Locatie]:
    """The organisation's places by name, with their wijk."""
    return Locatie.objects.filter(organisatie=organisatie).select_related("wijk").order_by("name")


def coming_exceptions_of(activiteit: Activiteit) -> QuerySet[Uitzondering]:
    """The activity's dates without a session that have not passed."""
    return activiteit.uitzonderingen.filter(ends_on__gte=timezone.localdate()).order_by("starts_on", "pk")
