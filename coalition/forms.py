"""Forms of the coalition app.

Each block below belongs to one part of the app; add new forms in a block of their own.
"""

import math
import re

import django_otp
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm, UsernameField
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_variables

from . import login_throttle
from .crispy import CrispyMixin
from .services.outbox import enqueue_email

# ===========================================================================
# Accounts: log-in, second factor (TOTP) and password reset.
# Used by coalition/views/accounts.py and templates/registration/.
# ===========================================================================

EMAIL_MAX_LENGTH = 254

EMAIL_ERRORS = {
    "required": _("Vul uw e-mailadres in."),
    "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
    "max_length": _("Een e-mailadres is niet langer dan %(limit_value)d tekens. U heeft er %(show_value)d getypt."),
}


class AccountFormMixin(CrispyMixin):
    """The account forms: every field is needed, so no label says "(verplicht)"; a password is never shown again."""

    mark = None
    error_intro = _("Kijk bij:")


class LoginForm(AccountFormMixin, AuthenticationForm):
    """E-mail and password. The e-mail address is compared without regard to capitals.

    The address is checked for its length here, before authenticate(): django-axes stores
    what was typed, and a very long address must not reach the database.
    """

    username = UsernameField(
        label=_("E-mailadres"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )

    error_messages = {
        "invalid_login": _(
            "Het e-mailadres of het wachtwoord klopt niet. Let bij het wachtwoord op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is niet meer actief. Neem contact op met de beheerder van Omzien."),
    }

    def clean_username(self):
        # One spelling for django-axes too, so ANNA@… and anna@… count as the same account.
        return self.cleaned_data["username"].strip().lower()

    def get_invalid_login_error(self):
        if self.request is not None and getattr(self.request, login_throttle.THROTTLED, False):
            minutes = max(1, math.ceil(settings.LOGIN_THROTTLE_INTERVAL_SECONDS / 60))
            message = ngettext(
                "Voor dit account is vaak een verkeerd wachtwoord ingevuld. Daarom kan er nu maar één keer per minuut "
                "worden ingelogd. Wacht een minuut en probeer het dan opnieuw.",
                "Voor dit account is vaak een verkeerd wachtwoord ingevuld. Daarom kan er nu maar één keer per "
                "%(minutes)d minuten worden ingelogd. Wacht %(minutes)d minuten en probeer het dan opnieuw.",
                minutes,
            )
            return forms.ValidationError(message, code="throttled", params={"minutes": minutes})
        return super().get_invalid_login_error()


class TokenForm(AccountFormMixin, forms.Form):
    """The 6-digit code from the authenticator app, checked against one TOTP device.

    Respects django-otp's throttling: after a wrong code the device refuses codes for a
    while (1, 2, 4, 8 … seconds); the form then says how long to wait. On success
    `self.device` is the device that accepted the code.
    """

    token = forms.CharField(
        label=_("Code uit de app"),
        max_length=20,
        help_text=_("6 cijfers. Spaties mag u weglaten."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
        error_messages={
            "required": _("Vul de code van 6 cijfers uit de app in."),
            "max_length": _("De code is 6 cijfers lang. Kijk in de app en typ de cijfers die u nu ziet."),
        },
    )

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_token(self):
        token = re.sub(r"\s+", "", self.cleaned_data["token"])
        if not re.fullmatch(r"[0-9]+", token, flags=re.ASCII) or len(token) != self.device.digits:
            raise forms.ValidationError(
                _("De code is %(digits)d cijfers lang. Kijk in de app en typ de cijfers die u nu ziet."),
                code="invalid",
                params={"digits": self.device.digits},
            )
        return token

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("token")
        if not token:
            return cleaned
        allowed, info = self.device.verify_is_allowed()
        if not allowed:
            self.add_error("token", throttled_message(info))
            return cleaned
        # verify_token locks the device row, so two requests cannot use one code.
        verified = django_otp.verify_token(self.user, self.device.persistent_id, token)
        if verified is None:
            self.add_error(
                "token",
                forms.ValidationError(
                    _("Deze code klopt niet. Kijk in de app en typ de cijfers die u nu ziet."),
                    code="wrong_token",
                ),
            )
        else:
            self.device = verified
        return cleaned


# Up to two minutes the wait is told in seconds, from then on in minutes.
SECONDS_SHOWN_UNTIL = 120


def throttled_message(info: dict | None) -> forms.ValidationError:
    """django-otp's 'wait before you try again', in Dutch."""
    locked_until = (info or {}).get("locked_until")
    seconds = math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 1
    seconds = max(seconds, 1)
    if seconds < SECONDS_SHOWN_UNTIL:
        wait = ngettext("%(count)d seconde", "%(count)d seconden", seconds) % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        wait = ngettext("%(count)d minuut", "%(count)d minuten", minutes) % {"count": minutes}
    return forms.ValidationError(
        _("U heeft te vaak een verkeerde code ingevuld. Wacht %(wait)s en probeer het dan opnieuw."),
        code="throttled",
        params={"wait": wait},
    )


RESET_SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
RESET_EMAIL_TEMPLATE = "registration/password_reset_email.txt"


def reset_email_context() -> dict:
    """How long the link works, for the e-mail's text (PASSWORD_RESET_TIMEOUT, in hours or whole days)."""
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return {"valid_hours": hours, "valid_days": hours // 24 if hours % 24 == 0 else None}


class PasswordResetRequestForm(AccountFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )

    def send_link(self, request) -> None:
        """Queue the e-mail with the link (the page "wachtwoord vergeten", and the beheerder's action in the admin)."""
        self.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name=RESET_SUBJECT_TEMPLATE,
            email_template_name=RESET_EMAIL_TEMPLATE,
            extra_email_context=reset_email_context(),
        )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Through the outbox, like every e-mail: a mail server that is down delays the link, it never loses it."""
        subject = render_to_string(subject_template_name, context)
        body = render_to_string(email_template_name, context)
        enqueue_email(to=to_email, subject=subject, body=body, topic="account.wachtwoord_herstellen")


class NewPasswordForm(AccountFormMixin, SetPasswordForm):
    """Choose a new password after following the link in the e-mail."""

    error_messages = {
        "password_mismatch": _("De twee wachtwoorden zijn niet hetzelfde. Typ twee keer hetzelfde nieuwe wachtwoord."),
    }

    new_password1 = forms.CharField(
        label=_("Nieuw wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        # The rules follow AUTH_PASSWORD_VALIDATORS, so they stay true when the settings change.
        help_text=lazy(password_validation.password_validators_help_text_html, str)(),
        error_messages={"required": _("Vul een nieuw wachtwoord in.")},
    )
    new_password2 = forms.CharField(
        label=_("Nieuw wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Typ hetzelfde wachtwoord nog een keer. Zo weten we zeker dat er geen tikfout in zit."),
        error_messages={"required": _("Typ het nieuwe wachtwoord nog een keer.")},
    )

    # Django's Dutch translation misses some of these messages; these are plainer anyway.
    validator_messages = {
        "password_too_short": _("Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens."),
        "password_too_similar": _("Dit wachtwoord lijkt te veel op uw %(verbose_name)s. Kies een ander wachtwoord."),
        "password_too_common": _(
            "Dit wachtwoord gebruiken veel mensen. Kies een wachtwoord dat moeilijker te raden is."
        ),
        "password_entirely_numeric": _("Dit wachtwoord bestaat alleen uit cijfers. Gebruik ook letters of tekens."),
    }

    @sensitive_variables("password")
    def validate_password_for_user(self, user, password_field_name="new_password2"):  # noqa: S107 -- a field's name
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except forms.ValidationError as error:
            errors = []
            for item in error.error_list:
                if item.code in self.validator_messages:
                    errors.append(
                        forms.ValidationError(self.validator_messages[item.code], code=item.code, params=item.params)
                    )
                else:
                    errors.append(item)
            self.add_error(password_field_name, errors)


# ===========================================================================
# End of the accounts block.
# ===========================================================================
