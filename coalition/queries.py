"""Reads of coalition reference data that other apps (and the monitor) use."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from .models import (
    ADMIN_ROLES,
    Gemeente,
    Importtaak,
    Organisatie,
    OutboxMessage,
    Paginaweergave,
    PostcodeGebied,
    Role,
    User,
    Wijk,
    normalise_postcode,
)


def wijk_for_postcode(postcode: str) -> Wijk | None:
    """The wijk a postcode lies in, or None when it is unknown (or not a valid postcode)."""
    try:
        postcode = normalise_postcode(postcode)
    except ValidationError:  # not a postcode: then it lies in no wijk
        return None
    gebied = (
        PostcodeGebied.objects.filter(postcode_from__lte=postcode, postcode_to__gte=postcode)
        .select_related("wijk__gemeente")
        .order_by("-postcode_from")
        .first()
    )
    return gebied.wijk if gebied else None


def organisaties_for_user(user: User) -> QuerySet[Organisatie]:
    """The organisations a partner user acts for."""
    return user.organisaties.order_by("name")


def coalition_members_per_gemeente() -> QuerySet[Gemeente]:
    """Each gemeente with its number of member organisations, counted in the database."""
    today = timezone.localdate()
    # Two subqueries rather than two joins: joining both would multiply organisations by wijken.
    members = (
        Organisatie.gemeenten.through.objects.filter(gemeente=OuterRef("pk"), organisatie__member_since__lte=today)
        .values("gemeente")
        .annotate(n=Count("organisatie", distinct=True))
        .values("n")  # type: ignore[misc]  # django-stubs does not see an annotation on a through model
    )
    wijken = Wijk.objects.filter(gemeente=OuterRef("pk")).values("gemeente").annotate(n=Count("pk")).values("n")
    return Gemeente.objects.annotate(
        members=Coalesce(Subquery(members), 0),
        wijk_count=Coalesce(Subquery(wijken), 0),
    ).order_by("name")


def failed_message_count() -> int:
    """How many e-mails failed for good and wait for a coördinator's "try again" (outbox_status index)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()


def coordinator_addresses() -> list[str]:
    """The e-mail addresses of the active coördinators, who hear what waits for them (reviews, stale listings,
    reports that are late)."""
    return sorted(
        User.objects.filter(role=Role.COORDINATOR, is_active=True).exclude(email="").values_list("email", flat=True)
    )


@dataclass(frozen=True)
class MonthlyPageViews:
    """How often the public pages of `page_type` were viewed in the month that begins on `month` (its first day;
    only the days from the start of the period asked for). The label of a page type: registry.page_types()."""

    month: date
    page_type: str
    views: int


def page_views_per_month(start: date, end: date) -> list[MonthlyPageViews]:
    """Views of the public pages from `start` up to (not including) `end`, per calendar month and page type, by
    month and page type: ONE query. A month in which a page type was never viewed has no row for it."""
    rows = (
        Paginaweergave.objects.filter(day__gte=start, day__lt=end)
        .annotate(month=TruncMonth("day"))
        .values("month", "page_type")
        .annotate(views=Sum("count"))
        .order_by("month", "page_type")
    )
    return [MonthlyPageViews(month=row["month"], page_type=row["page_type"], views=row["views"]) for row in rows]


def privacy_officer_addresses() -> list[str]:
    """Where reports for the privacy officer go: every active functionaris gegevensbescherming, and the addresses
    in PRIVACY_OFFICER_EMAILS (for an officer without an account)."""
    officers = User.objects.filter(role=Role.FUNCTIONARIS, is_active=True).values_list("email", flat=True)
    return sorted({*officers, *settings.PRIVACY_OFFICER_EMAILS})


# ---------------------------------------------------------------------------
# Imports in the background (coalition.services.imports)
# ---------------------------------------------------------------------------
def imports_visible_to(user: User) -> QuerySet[Importtaak]:
    """An import's progress and result are seen by whoever started it, and by coördinatoren and beheerders."""
    taken = Importtaak.objects.select_related("model", "created_by").defer("data")
    if user.is_active and user.role in ADMIN_ROLES:
        return taken
    return taken.filter(created_by=user.pk)


def import_progress_key(pk: int) -> str:
    return f"importtaak:{pk}:voortgang"


def import_rows_done(taak: Importtaak) -> int | None:
    """How many rows the import has done; None while that is unknown (the cache cannot be reached)."""
    if taak.status == Importtaak.Status.WAITING:
        return 0
    if taak.finished:
        return taak.total_rows
    done = cache.get(import_progress_key(taak.pk))
    return min(done, taak.total_rows) if isinstance(done, int) else None
