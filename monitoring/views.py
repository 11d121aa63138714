from django.shortcuts import render

from coalition import queries as coalition_queries
from coalition.models import Role
from coalition.permissions import role_required


@role_required(Role.STUURGROEP, Role.COORDINATOR)
def index(request):
    """The steering group's dashboard: aggregates only, never a person."""
    context = {
        "gemeenten": coalition_queries.coalition_members_per_gemeente(),
        "kinds": coalition_queries.organisations_per_kind(),
    }
    return render(request, "monitoring/index.html", context)
