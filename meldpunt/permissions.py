"""Who may open a case: staff (medewerker or coördinator) of the case's own meldpunt. Nobody else.

A refusal (403) is written to the audit log (action GEWEIGERD) with who tried, which case and which page: the
privacy officer sees attempts to open cases that are not the user's, not only the reads that were allowed.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.permissions import role_required

from .models import CASE_NUMBER_RE, STAFF_ROLES, Melding
from .services import audit

__all__ = ["STAFF_ROLES", "case_for", "refuse", "staff_required"]

staff_required = role_required(*STAFF_ROLES)


def refuse(request, melding: Melding, what: str = "") -> PermissionDenied:
    """Write the refusal to the audit log and return the PermissionDenied to raise (`raise refuse(...)`).

    Outside any transaction of the view (there is none: ATOMIC_REQUESTS is off), so the line stays when the 403
    is raised. `what` says what was tried; the page's method and path are always added (never its query string)."""
    tried = f"{request.method} {request.path}"
    audit.log_refused(request.user, melding, f"{what} ({tried})" if what else tried)
    return PermissionDenied()


def case_for(request, number: str, queryset=None) -> Melding:
    """The case with this number, or 404; 403 (and an audit line) when the user does not work for its meldpunt."""
    if not CASE_NUMBER_RE.fullmatch(number):  # odd input (a null byte, SQL, …) is simply not a case
        raise Http404
    queryset = queryset if queryset is not None else Melding.objects.all()
    melding = get_object_or_404(queryset, number=number)
    if not request.user.has_role(*STAFF_ROLES) or not melding.meldpunt.staff.filter(pk=request.user.pk).exists():
        raise refuse(request, melding)
    return melding
