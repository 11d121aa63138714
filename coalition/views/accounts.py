"""Log-in, the second factor for staff and partners, log-out and password reset.

Flow for a role with a second factor (SECOND_FACTOR_ROLES: staff and partners): log-in page -> second factor page ->
`next`.
StaffSecondFactorMiddleware makes sure no other page opens before the second factor is passed.
Failed log-ins are counted by django-axes per account and address (see AXES_* in settings); its lockout page is
templates/registration/locked_out.html. On top of that coalition/login_throttle.py slows down guessing for one account
from many addresses (LOGIN_THROTTLE_*). A lockout and a wrong code for the second factor go to the privacy officer's
audit log (coalition.services.access.record_refused_login).
"""

from base64 import b32encode
from http import HTTPStatus
from urllib.parse import urlencode

import django_otp
import segno
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import login_throttle
from ..forms import (
    RESET_EMAIL_TEMPLATE,
    RESET_SUBJECT_TEMPLATE,
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    TokenForm,
    reset_email_context,
)
from ..services.access import record_refused_login

TOTP_DEVICE_NAME = "Authenticator-app"


def _is_verified(user) -> bool:
    # Right after log-in request.user is the bare User, without django-otp's is_verified().
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _safe_next(request) -> str:
    """The `next` parameter, only if it points into this site.

    Give it to HttpResponseRedirect, not to redirect(): that would take 'home' for a view name.
    """
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The password was right: this browser may skip the slow throttle per account from now on.
        login_throttle.remember_device(response, form.get_user().get_username())
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response

    def get_success_url(self):
        url = super().get_success_url()
        user = self.request.user
        if user.is_authenticated and user.needs_second_factor and not _is_verified(user):
            return _with_next(reverse("coalition:second_factor"), url)
        return url


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView); back to the home page with a message."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("U bent uitgelogd."))
        return response


def _secret_groups(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(device: TOTPDevice) -> str:
    qr = segno.make_qr(device.config_url, error="m")
    return qr.svg_inline(
        scale=5,
        border=4,
        title=_("QR-code om Omzien toe te voegen aan uw authenticator-app"),
        svgclass="qr-code",
        dark="#000",
        light="#fff",
    )


@never_cache
@sensitive_post_parameters("token")
def second_factor(request):
    """Staff and partners type a code from their authenticator app; the first time they link the app by QR code."""
    next_url = _safe_next(request)
    user = request.user
    if not user.is_authenticated:
        return redirect(_with_next(reverse("coalition:login"), next_url))
    if not user.needs_second_factor:
        return redirect("coalition:start")
    if _is_verified(user):
        return HttpResponseRedirect(next_url or reverse("coalition:start"))

    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    enrolling = device is None
    if enrolling:
        # Reuse the key shown before, so a QR code that was already scanned keeps working.
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)

    form = TokenForm(request.POST if request.method == "POST" else None, user=user, device=device)
    if form.is_valid():
        verified = form.device
        if not verified.confirmed:
            verified.confirmed = True
            verified.save(update_fields=["confirmed"])
            TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
            messages.success(
                request,
                _("Gelukt: uw app is gekoppeld. Bij het inloggen vraagt Omzien voortaan om een code uit de app."),
            )
        # A new session key now that the session has more rights.
        request.session.cycle_key()
        django_otp.login(request, verified)
        return HttpResponseRedirect(next_url or reverse("coalition:start"))
    if form.has_error("token", "wrong_token"):
        # A wrong code goes to the privacy officer's audit log (django-otp's own signal for this is sent by its
        # forms only, which we do not use). Not the code itself; django-otp's throttle keeps this to a few a minute.
        if enrolling:
            what = _("verkeerde code bij het koppelen van de app")
        else:
            what = _("verkeerde code voor de tweede factor")
        record_refused_login(user=user, detail=f"{user.email}: {what}")

    context = {"form": form, "enrolling": enrolling, "next": next_url, "digits": device.digits}
    if enrolling:
        context.update(qr_svg=_qr_svg(device), secret=_secret_groups(device), step=device.step)
    return render(request, "registration/second_factor.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = RESET_EMAIL_TEMPLATE
    subject_template_name = RESET_SUBJECT_TEMPLATE
    success_url = reverse_lazy("coalition:password_reset_done")

    @property
    def extra_email_context(self):
        return reset_email_context()


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("coalition:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever can read the mailbox may try again at once: lift a lockout and the throttle of this account.
        axes_reset(username=self.user.email)
        login_throttle.reset(self.user.email)
        return response
