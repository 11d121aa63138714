"""The meldpunten themselves, for the forms that pass on a signal (the public web form, the partners' form) and
their thank-you pages."""

from django.db.models import QuerySet

from ..models import Meldpunt


def meldpunten_by_name() -> QuerySet[Meldpunt]:
    return Meldpunt.objects.order_by("name")


def meldpunten_by_gemeente() -> QuerySet[Meldpunt]:
    """With their gemeente, in the order of its name (the public form names the gemeente)."""
    return Meldpunt.objects.select_related("gemeente").order_by("gemeente__name")


def meldpunt(pk: int | str | None) -> Meldpunt | None:
    """The meldpunt with this pk (from the session), or None."""
    if pk is None:
        return None
    return Meldpunt.objects.filter(pk=pk).first()
