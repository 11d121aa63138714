"""The public web form at /melden/: anyone may report a worry about someone, or about themself, without logging in.

Spam is kept off the worklist without turning anyone away (meldpunt/spam.py): a report sent too fast after the form
was opened (a signed time in the form), without a valid signed time, with the field people never see filled in, or
above MELDPUNT_WEBFORM_PER_HOUR reports from one (hashed) address in an hour, is stored like any other but marked to
be checked first: it waits in the worklist's "Eerst nakijken" list. Whoever sent it sees the normal thank-you page.
The thank-you page shows the reference number once (passed in the session, never in the address) and echoes
nothing of what was typed.
"""

from dataclasses import replace

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.views.decorators.cache import never_cache

from .. import ratelimit, spam
from ..forms.intake import OPENED, WebformForm
from ..queries.meldpunten import meldpunt, meldpunten_by_gemeente
from ..services.intake import register_signal

RATE_SCOPE = "melden"
SESSION_CODE = "meldpunt:melden:nummer"
SESSION_MELDPUNT = "meldpunt:melden:meldpunt"


def _suspicions(request, form: WebformForm) -> tuple[str, bool]:
    """Why this report should be checked first ("" for nothing), in the meldpunt's language, not the visitor's; and
    whether it looks like spam (not only uncounted)."""
    with translation.override(settings.LANGUAGE_CODE):
        reasons = form.suspicions()
        # A limit that cannot count (the cache is down) lets the report through, marked, rather than refusing it.
        over = ratelimit.over_limit(request, RATE_SCOPE, settings.MELDPUNT_WEBFORM_PER_HOUR)
        if over:
            reasons.append(spam.over_limit_reason())
        spam_like = bool(reasons)
        if over is None:
            reasons.append(spam.uncounted_reason())
        return spam.describe(reasons), spam_like


@never_cache
def melden(request):
    meldpunten = list(meldpunten_by_gemeente())
    if not meldpunten:
        return render(request, "meldpunt/public/form.html", {"form": None})
    if request.method != "POST":
        form = WebformForm(meldpunten=meldpunten, initial={OPENED: spam.opened_token()})
        return render(request, "meldpunt/public/form.html", {"form": form})

    form = WebformForm(request.POST, meldpunten=meldpunten)
    if form.is_valid():
        check_first, spam_like = _suspicions(request, form)
        # Spam sends the meldpunt no e-mail (a program could send thousands); the "Eerst nakijken" tab counts it.
        data = replace(form.signal_data(), check_first=check_first, notify_meldpunt=not spam_like)
        melding = register_signal(form.cleaned_data["meldpunt"], data, by=None)
        ratelimit.hit(request, RATE_SCOPE)
        # The number is shown to whoever sent it, suspect or not: it may be a person in a hurry.
        request.session[SESSION_CODE] = melding.number
        request.session[SESSION_MELDPUNT] = melding.meldpunt_id
        return redirect("meldpunt:melden_bedankt")
    if spam.opened_seconds_ago(form.data.get(OPENED, "")) is None:
        # Shown again with a valid opening time, so a person's next try is not suspect for a lost one.
        form.data = form.data.copy()
        form.data[OPENED] = spam.opened_token()
    return render(request, "meldpunt/public/form.html", {"form": form})


@never_cache
def bedankt(request):
    """The thank-you page. The reference number is shown once; without one, the same page without a number."""
    number = request.session.pop(SESSION_CODE, None)
    meldpunt_pk = request.session.pop(SESSION_MELDPUNT, None)
    return render(
        request,
        "meldpunt/public/bedankt.html",
        {
            "number": number,
            "meldpunt": meldpunt(meldpunt_pk) if number and meldpunt_pk else None,
            "working_days": settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS,
        },
    )


def privacy(request):
    """The privacy statement: what the meldpunt records about the person and the reporter, why, who sees it, how long
    it is kept and the rights of both. The periods are the settings that the nightly tasks use, never retyped."""
    return render(
        request,
        "meldpunt/public/privacy.html",
        {
            "case_months": settings.MELDPUNT_RETENTION_MONTHS,
            "no_help_months": settings.MELDPUNT_NO_HELP_RETENTION_MONTHS,
            "search_months": settings.SOCIALEKAART_SEARCH_RETENTION_MONTHS,
            "mail_days": settings.OUTBOX_KEEP_SENT_DAYS,
            "min_cell": settings.MIN_CELL,
            "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        },
    )


urlpatterns = [
    path("", melden, name="melden"),
    path("bedankt/", bedankt, name="melden_bedankt"),
]
