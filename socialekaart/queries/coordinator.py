"""The coördinator's reads: the review queue (submitted listings and open changes), a listing to review, and the
organisations with whether each may publish without review."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from coalition.models import Organisatie, User

from ..models import Activiteit, Historie, PartnerInstelling, Wijzigingsvoorstel
from ..permissions import manageable_organisaties


def review_count() -> int:
    """How many items wait in the review queue (review_items: submitted listings and open proposals), in one query:
    the badge of "Beoordelen" in the coördinator's menu."""
    activiteiten = Activiteit.objects.filter(status=Activiteit.Status.TER_BEOORDELING).values("pk")
    proposals = Wijzigingsvoorstel.objects.filter(status=Wijzigingsvoorstel.Status.OPEN).values("pk")
    return activiteiten.union(proposals, all=True).count()


def review_count_for_menu(user: object) -> int:
    """review_count for the menu of `user` (a coördinator: the menu item is theirs only)."""
    return review_count()


def review_items() -> list[dict[str, Any]]:
    """Submitted listings and open proposals together, oldest first (two queries): each {kind ("activiteit" or
    "voorstel"), at, activiteit, and for a change its proposal}."""
    submitted_at = (
        Historie.objects.filter(activiteit=OuterRef("pk"), action=Historie.Action.INGEDIEND)
        .order_by("-at")
        .values("at")[:1]
    )
    activiteiten = (
        Activiteit.objects.filter(status=Activiteit.Status.TER_BEOORDELING)
        .select_related("organisatie")
        .annotate(submitted_at=Subquery(submitted_at))
        .only("slug", "title", "status", "updated_at", "organisatie__name")
    )
    proposals = Wijzigingsvoorstel.objects.filter(status=Wijzigingsvoorstel.Status.OPEN).select_related(
        "activiteit__organisatie", "submitted_by"
    )
    items = [
        {
            "kind": "activiteit",
            "at": vars(activiteit)["submitted_at"] or activiteit.updated_at,  # submitted_at: the annotation above
            "activiteit": activiteit,
        }
        for activiteit in activiteiten
    ] + [
        {"kind": "voorstel", "at": proposal.submitted_at, "activiteit": proposal.activiteit, "proposal": proposal}
        for proposal in proposals
    ]
    return sorted(items, key=lambda item: (item["at"], item["activiteit"].pk))


def activity_for_review(slug: str) -> Activiteit | None:
    """Any listing (whatever its status) with its organisation."""
    return Activiteit.objects.select_related("organisatie").filter(slug=slug).first()


def organisaties_with_trust(user: User) -> QuerySet[Organisatie]:
    """The organisations, each with `trusted`: may it publish without review?"""
    return manageable_organisaties(user).annotate(
        trusted=Exists(PartnerInstelling.objects.filter(organisatie=OuterRef("pk"), may_publish_directly=True))
    )


def organisatie(pk: int | str) -> Organisatie | None:
    return Organisatie.objects.filter(pk=pk).first()
