from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..context_processors import navigation
from ..models import Role
from ..queries import failed_message_count


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The landing page after log-in: the tiles of the user's role; for coördinators also e-mail that failed."""
    context = {"tiles": navigation(request)["nav_items"]}
    if request.user.is_authenticated and request.user.has_role(Role.COORDINATOR):
        context["failed_messages"] = failed_message_count()
    return render(request, "coalition/start.html", context)
