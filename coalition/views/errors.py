"""Dutch error pages. They render without a database query, so they work when the database is down."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

from .. import outage
from ..middleware import AdminOnly

RETRY_AFTER_SECONDS = 120


def bad_request(request, exception=None):
    """A request we cannot read: a body in a character set other than UTF-8, too many fields, a forged host. Like the
    500 page it renders without context processors: they would read the same odd request again."""
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def permission_denied(request, exception=None):
    return render(request, "403.html", {"admin_only": isinstance(exception, AdminOnly)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: whatever broke must not break the error page too.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def database_unavailable(request) -> HttpResponse:
    """503 while the database cannot be reached: come back in a few minutes, and here is whom to call meanwhile.
    The API answers in JSON. Nothing here touches the database."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"status": 503, "detail": "De dienst is tijdelijk niet beschikbaar."}, status=503)
    else:
        page = loader.get_template("503.html").render({"contacts": outage.contacts()})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
