"""The one place that writes an application's status and its history: every service in this package changes an
application through `lock_application` and `step`, so each state change is guarded by the workflow table
(workflows.APPLICATION) and leaves its line in the append-only history.

Every function here expects to run inside the caller's transaction (the services are atomic).
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from coalition.models import Role, User

from ..models import Aanvraag, Historie, Regeling
from ..workflows import APPLICATION


def lock_application(aanvraag: Aanvraag | int) -> Aanvraag:
    """The application's row, locked until the end of the transaction, as it is now in the database. Only its own
    row: the call is read with it but not locked (`lock_call` locks a call; a service that needs both locks the call
    first, as allocation does)."""
    pk = aanvraag if isinstance(aanvraag, int) else aanvraag.pk
    return Aanvraag.objects.select_for_update(of=("self",)).select_related("regeling").get(pk=pk)


def lock_call(regeling: Regeling | int) -> Regeling:
    """The call's row, locked: allocations in one call take turns (the database's trigger locks it too)."""
    pk = regeling if isinstance(regeling, int) else regeling.pk
    return Regeling.objects.select_for_update().get(pk=pk)


def record(
    aanvraag: Aanvraag, name: str, *, by: User | None, comment: str = "", data: dict[str, Any] | None = None
) -> Historie:
    """Append a line to the application's history (the step's name from workflows.APPLICATION)."""
    return Historie.objects.create(aanvraag=aanvraag, step=name, by=by, comment=comment, data=data or {})


def step(
    aanvraag: Aanvraag,
    name: str,
    *,
    by: User | AnonymousUser | None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> Historie:
    """Take step `name` on a locked application: guard it with the workflow (PermissionDenied for the wrong role,
    a Dutch ValidationError from the wrong state), set the new status, save `fields` with it, and write the
    history line."""
    transition = APPLICATION.guard(name, aanvraag.status, user=by)
    update = [*fields, "updated_at"]
    if transition.target is not None:
        aanvraag.status = transition.target
        update.append("status")
    aanvraag.updated_at = timezone.now()
    aanvraag.save(update_fields=update)
    actor = by if isinstance(by, User) else None
    return record(aanvraag, name, by=actor, comment=comment, data=data)


def applicant_addresses(aanvraag: Aanvraag) -> list[str]:
    """Who hears about an application: the person who made it, and the partners and aanvragers acting for its
    organisation (active accounts only)."""
    people = User.objects.filter(is_active=True).filter(
        Q(pk=aanvraag.created_by_id) | Q(organisaties=aanvraag.organisatie_id, role__in=[Role.PARTNER, Role.AANVRAGER])
    )
    return sorted(set(people.values_list("email", flat=True)))
