import logging
from http import HTTPStatus
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import registry
from .services.page_views import count_page_view

logger = logging.getLogger(__name__)

# Pages an unverified user of a second-factor role may still open: the second factor itself and the way out.
EXEMPT_URL_NAMES = frozenset(
    {
        "coalition:second_factor",
        "coalition:logout",
        "coalition:health",
        "set_language",
    }
)


class StaffSecondFactorMiddleware:
    """The roles with a second factor (SECOND_FACTOR_ROLES: staff and partners) see no page before they pass it, and
    their session ends when idle (SESSION_IDLE_SECONDS).

    Runs after django_otp's OTPMiddleware, which sets `request.user.is_verified()`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.needs_second_factor:
            # Renewing the expiry on every request makes it an idle timeout.
            request.session.set_expiry(settings.SESSION_IDLE_SECONDS)
            if not user.is_verified() and not self._is_exempt(request.path_info):
                target = reverse("coalition:second_factor")
                return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _is_exempt(path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        try:
            return resolve(path).view_name in EXEMPT_URL_NAMES
        except Resolver404:
            return False


class AdminOnly(PermissionDenied):
    """The admin is only for the admin roles: the 403 page says so (views.errors.permission_denied)."""


class AdminForAdminsOnlyMiddleware:
    """A logged-in user without an admin role (ADMIN_ROLES: is_staff) who opens the admin gets the Dutch 403 page with
    a link to their own start page. Without this the admin sends them to its log-in page, which is ours, which sends a
    logged-in user back: a loop. Visitors who are not logged in still go to the log-in page.

    Runs after StaffSecondFactorMiddleware: staff who have not passed their second factor are sent there first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_staff and request.path_info.startswith(reverse("admin:index")):
            raise AdminOnly
        return self.get_response(request)


# A User-Agent with one of these words is a program indexing the site, not a visitor.
BOT_WORDS = ("bot", "crawler", "spider")


class PageViewMiddleware:
    """Counts the views of the public pages the apps registered (registry.add_counted_page), per day and page type.

    A view counts when it is a GET answered with 200 by a registered page, from something that does not call itself
    a bot, crawler or spider. It reads no cookie and sets none, does not touch the session or the user, and keeps no
    internet address, so the count needs no consent. A failed write is logged and the page is served all the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "GET" or response.status_code != HTTPStatus.OK or request.resolver_match is None:
            return response
        page_type = registry.counted_page_type(request.resolver_match.view_name)
        if page_type is None or self._is_bot(request):
            return response
        try:
            count_page_view(page_type)
        except DatabaseError:
            logger.warning("A view of page type %s was not counted", page_type, exc_info=True)
        return response

    @staticmethod
    def _is_bot(request) -> bool:
        agent = request.META.get("HTTP_USER_AGENT", "").lower()
        return any(word in agent for word in BOT_WORDS)


class NoStoreForLoggedInMiddleware:
    """Nothing a logged-in user is shown is kept by a browser or a proxy: `Cache-Control: no-store, private` on every
    response to them (case files, print views, exports, the inbox, the audit log: personal data). A response that
    set its own Cache-Control keeps it. Public pages and static files are not touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` from settings.PERMISSIONS_POLICY ({feature: [allowed origins]}; an empty list switches the
    feature off, "self" allows our own origin). A response that set its own keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = self.header
        return response


class RefuseNulCharactersMiddleware:
    """400 for a NUL character (\\x00) in the path, a query string or a form field (not in an uploaded file).

    No person types one, and PostgreSQL refuses it in every text it stores or compares: a lookup with it would end in a
    500. Refusing it here spares every view and form its own check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" else [])]
        texts = [request.path, *(text for name, values in fields for text in [name, *values])]
        if any("\x00" in text for text in texts):
            raise BadRequest("A NUL character in the request")
        return self.get_response(request)
