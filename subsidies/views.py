from django.shortcuts import render

from coalition.models import Role
from coalition.permissions import role_required


@role_required(Role.COMMISSIELID, Role.COORDINATOR)
def index(request):
    """Start page of the subsidy calls. Calls and applications come here (issue: subsidies)."""
    return render(request, "subsidies/index.html")
