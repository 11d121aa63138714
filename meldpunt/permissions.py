"""Who may open a case: staff (medewerker or coördinator) of the case's own meldpunt. Nobody else."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.models import Role
from coalition.permissions import role_required

from .models import CASE_NUMBER_RE, Melding

STAFF_ROLES = (Role.MEDEWERKER, Role.COORDINATOR)

staff_required = role_required(*STAFF_ROLES)


def case_for(request, number: str, queryset=None) -> Melding:
    """The case with this number, or 404; 403 when the user does not work for its meldpunt."""
    if not CASE_NUMBER_RE.fullmatch(number):  # odd input (a null byte, SQL, …) is simply not a case
        raise Http404
    queryset = queryset if queryset is not None else Melding.objects.all()
    melding = get_object_or_404(queryset, number=number)
    if not request.user.has_role(*STAFF_ROLES) or not melding.meldpunt.staff.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    return melding
