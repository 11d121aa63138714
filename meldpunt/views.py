from django.shortcuts import render

from coalition.models import Role
from coalition.permissions import role_required

from .queries import meldpunten_for_user


@role_required(Role.MEDEWERKER, Role.COORDINATOR)
def index(request):
    """The meldpunt's start page. The worklist of cases comes here (issue: meldpunt)."""
    return render(request, "meldpunt/index.html", {"meldpunten": meldpunten_for_user(request.user)})
