from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..context_processors import navigation


@login_required
def start(request):
    """The landing page after log-in: the tiles of the user's role."""
    return render(request, "coalition/start.html", {"tiles": navigation(request)["nav_items"]})
