"""Who may keep which listings: partners their own organisations' objects, coördinators everything.

One access helper per object type. Each returns the object (with the joins its pages need) or raises
Http404 when it does not exist and PermissionDenied (403) when it belongs to another organisation.
Views call them right after `@role_required`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from coalition.models import Organisatie, Role, User

from .models import Activiteit, Bijeenkomst, Locatie, Tijdslot, Uitzondering, Wijzigingsvoorstel


def is_coordinator(user: User) -> bool:
    return user.has_role(Role.COORDINATOR)


def manageable_organisaties(user: User) -> QuerySet[Organisatie]:
    """The organisations whose listings `user` keeps: all for a coördinator, their own for a partner."""
    if is_coordinator(user):
        return Organisatie.objects.order_by("name")
    if user.has_role(Role.PARTNER):
        return user.organisaties.order_by("name")
    return Organisatie.objects.none()


def may_manage(user: User, organisatie_id: int) -> bool:
    """True when `user` may change the listings of the organisation with this id."""
    if is_coordinator(user):
        return True
    if not user.has_role(Role.PARTNER):
        return False
    return user.organisaties.filter(pk=organisatie_id).exists()


def _check(user: User, organisatie_id: int) -> None:
    if not may_manage(user, organisatie_id):
        raise PermissionDenied


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_organisatie_for_user(user: User, pk) -> Organisatie:
    organisatie = _get(Organisatie.objects.all(), pk=pk)
    _check(user, organisatie.pk)
    return organisatie


def get_activiteit_for_user(user: User, slug: str) -> Activiteit:
    activiteit = _get(Activiteit.objects.select_related("organisatie"), slug=slug)
    _check(user, activiteit.organisatie_id)
    return activiteit


def get_locatie_for_user(user: User, pk) -> Locatie:
    locatie = _get(Locatie.objects.select_related("organisatie", "wijk"), pk=pk)
    _check(user, locatie.organisatie_id)
    return locatie


def get_tijdslot_for_user(user: User, pk) -> Tijdslot:
    tijdslot = _get(Tijdslot.objects.select_related("activiteit__organisatie", "locatie"), pk=pk)
    _check(user, tijdslot.activiteit.organisatie_id)
    return tijdslot


def get_uitzondering_for_user(user: User, pk) -> Uitzondering:
    uitzondering = _get(Uitzondering.objects.select_related("activiteit__organisatie"), pk=pk)
    _check(user, uitzondering.activiteit.organisatie_id)
    return uitzondering


def get_bijeenkomst_for_user(user: User, pk) -> Bijeenkomst:
    bijeenkomst = _get(Bijeenkomst.objects.select_related("activiteit__organisatie", "locatie"), pk=pk)
    _check(user, bijeenkomst.activiteit.organisatie_id)
    return bijeenkomst


def get_proposal_for_coordinator(user: User, pk) -> Wijzigingsvoorstel:
    """Only coördinators review proposals (the view's role check already says so; this keeps it explicit)."""
    if not is_coordinator(user):
        raise PermissionDenied
    return _get(
        Wijzigingsvoorstel.objects.select_related("activiteit__organisatie", "submitted_by", "decided_by"), pk=pk
    )
