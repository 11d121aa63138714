"""Is a report from the public web form suspect? Suspect reports are stored all the same (no citizen is turned
away) but wait in the worklist's "Eerst nakijken" list (Melding.pending_check) with the reasons given here.

- The form carries the moment it was opened, signed with SECRET_KEY (django.core.signing), so a program cannot
  make one up. Sent sooner than MELDPUNT_WEBFORM_MIN_SECONDS after opening (no person types a report that fast),
  later than MELDPUNT_WEBFORM_MAX_AGE_HOURS, or without a valid signature (a script that posts without opening
  the page): suspect.
- A field people never see (the honeypot): filled in, suspect.
- The hourly limit per hashed address (ratelimit.py): over it, or unable to count, suspect.
"""

import time

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SALT = "meldpunt.melden.geopend"
REASON_MAX = 200  # Signaal.check_first


def opened_token(at: float | None = None) -> str:
    """The signed moment the form was opened (milliseconds since the epoch), for its hidden field."""
    at = time.time() if at is None else at
    return signing.Signer(salt=SALT).sign(str(int(at * 1000)))


def opened_seconds_ago(token: str, now: float | None = None) -> float | None:
    """How long ago the form with this token was opened; None when the token is missing, forged or garbled."""
    try:
        opened_ms = int(signing.Signer(salt=SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None
    now = time.time() if now is None else now
    return now - opened_ms / 1000


def timing_reason(token: str, now: float | None = None) -> str:
    """Why the opening time makes a report suspect, or "" when it looks like a person's."""
    if not token:
        return _("verstuurd zonder het tijdstip waarop het formulier geopend werd")
    age = opened_seconds_ago(token, now)
    if age is None or age < 0:
        return _("het tijdstip waarop het formulier geopend werd, klopt niet (ongeldige handtekening)")
    if age < settings.MELDPUNT_WEBFORM_MIN_SECONDS:
        return ngettext(
            "verstuurd binnen %(n)d seconde na het openen van het formulier",
            "verstuurd binnen %(n)d seconden na het openen van het formulier",
            settings.MELDPUNT_WEBFORM_MIN_SECONDS,
        ) % {"n": settings.MELDPUNT_WEBFORM_MIN_SECONDS}
    if age > settings.MELDPUNT_WEBFORM_MAX_AGE_HOURS * 3600:
        return ngettext(
            "het formulier stond langer dan %(n)d uur open",
            "het formulier stond langer dan %(n)d uur open",
            settings.MELDPUNT_WEBFORM_MAX_AGE_HOURS,
        ) % {"n": settings.MELDPUNT_WEBFORM_MAX_AGE_HOURS}
    return ""


def honeypot_reason() -> str:
    return _("het verborgen veld is ingevuld (mensen zien het niet, programma's vullen het in)")


def over_limit_reason() -> str:
    return ngettext(
        "al %(n)d melding in het afgelopen uur vanaf hetzelfde internetadres",
        "al %(n)d meldingen in het afgelopen uur vanaf hetzelfde internetadres",
        settings.MELDPUNT_WEBFORM_PER_HOUR,
    ) % {"n": settings.MELDPUNT_WEBFORM_PER_HOUR}


def uncounted_reason() -> str:
    return _("het webformulier kon niet tellen hoe vaak er vanaf hetzelfde adres gemeld werd (teller onbereikbaar)")


def describe(reasons: list[str]) -> str:
    """The reasons as one sentence for Signaal.check_first ("" when there are none)."""
    text = "; ".join(reason for reason in reasons if reason)
    if not text:
        return ""
    text = text[0].upper() + text[1:] + "."
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"
