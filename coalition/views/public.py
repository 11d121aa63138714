from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..context_processors import navigation


def home(request):
    """The public front door. The sociale kaart will take over the search here."""
    return render(request, "coalition/home.html")


@login_required
def start(request):
    """The landing page after log-in: the tiles of the user's role."""
    return render(request, "coalition/start.html", {"tiles": navigation(request)["nav_items"]})
