"""Reads of coalition reference data that other apps (and the monitor) use."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Gemeente, Organisatie, PostcodeGebied, Wijk, normalise_postcode


def wijk_for_postcode(postcode: str) -> Wijk | None:
    """The wijk a postcode lies in, or None when it is unknown (or not a valid postcode)."""
    try:
        postcode = normalise_postcode(postcode)
    except Exception:
        return None
    gebied = (
        PostcodeGebied.objects.filter(postcode_from__lte=postcode, postcode_to__gte=postcode)
        .select_related("wijk__gemeente")
        .order_by("-postcode_from")
        .first()
    )
    return gebied.wijk if gebied else None


def organisaties_for_user(user) -> QuerySet[Organisatie]:
    """The organisations a partner user acts for."""
    return user.organisaties.order_by("name")


def coalition_members_per_gemeente() -> QuerySet[Gemeente]:
    """Each gemeente with its number of member organisations, counted in the database."""
    today = timezone.localdate()
    return Gemeente.objects.annotate(
        members=Count("organisaties", filter=Q(organisaties__member_since__lte=today), distinct=True),
        wijk_count=Count("wijken", distinct=True),
    ).order_by("name")


def organisations_per_kind() -> list[dict]:
    """[{'kind': 'zorg', 'label': 'zorg', 'count': 4}, …] for every kind that has organisations."""
    labels = dict(Organisatie.Kind.choices)
    rows = Organisatie.objects.values("kind").annotate(count=Count("id")).order_by("-count", "kind")
    return [{"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "count": row["count"]} for row in rows]
