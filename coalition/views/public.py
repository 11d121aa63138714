from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

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


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for without a link: to the icon among the static files (the pages link to the
    SVG in base.html). Not permanent: the static file's name changes with its content."""
    return HttpResponseRedirect(static("img/favicon.ico"))
