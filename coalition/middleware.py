from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

# Pages an unverified staff member may still open: the second factor itself and the way out.
EXEMPT_URL_NAMES = frozenset(
    {
        "coalition:second_factor",
        "coalition:logout",
        "coalition:health",
        "set_language",
    }
)


class StaffSecondFactorMiddleware:
    """Staff roles see no page before they pass their second factor, and their session ends when idle.

    Runs after django_otp's OTPMiddleware, which sets `request.user.is_verified()`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.needs_second_factor:
            # Renewing the expiry on every request makes it an idle timeout.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
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
