"""The public web form at /melden/: anyone may report a worry about someone, or about themself, without logging in.

Spam is kept out without locking people out: a field people never see (a program fills it in: it gets the
normal thank-you page and nothing is saved), and above MELDPUNT_WEBFORM_PER_HOUR signals per internet address
per hour one extra question that a person can answer. The thank-you page shows the reference number once
(passed in the session, never in the address) and echoes nothing of what was typed.
"""

from dataclasses import replace

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .. import ratelimit
from ..forms.intake import WebformForm, new_question
from ..queries.meldpunten import meldpunt, meldpunten_by_gemeente
from ..services.intake import register_signal

RATE_SCOPE = "melden"
SESSION_CODE = "meldpunt:melden:nummer"
SESSION_MELDPUNT = "meldpunt:melden:meldpunt"
SESSION_QUESTION = "meldpunt:melden:vraag"
QUESTION_NUMBERS = 2  # the question is the sum of two numbers


def _question(request, *, fresh=False):
    """The extra question [a, b] of this visitor, kept in their session until it is answered right."""
    question = request.session.get(SESSION_QUESTION)
    if fresh or not (isinstance(question, list) and len(question) == QUESTION_NUMBERS):
        question = new_question()
        request.session[SESSION_QUESTION] = question
    return question


UNCOUNTED = _(
    "Het webformulier kon niet tellen hoe vaak er vanaf hetzelfde adres gemeld werd (de teller was onbereikbaar). "
    "Kijk eerst of dit een echte melding is."
)


@never_cache
def melden(request):
    meldpunten = list(meldpunten_by_gemeente())
    if not meldpunten:
        return render(request, "meldpunt/public/form.html", {"form": None})
    # A limit that cannot count (the cache is down) asks no extra question: the report goes through, marked to be
    # checked first, rather than turning a citizen away.
    limited = ratelimit.over_limit(request, RATE_SCOPE, settings.MELDPUNT_WEBFORM_PER_HOUR)
    question = _question(request) if limited else None
    if request.method != "POST":
        form = WebformForm(meldpunten=meldpunten, question=question)
        return render(request, "meldpunt/public/form.html", {"form": form})

    form = WebformForm(request.POST, meldpunten=meldpunten, question=question)
    if form.is_spam:
        # Looks like any other signal to the program that sent it; nothing is saved, nobody is told.
        ratelimit.hit(request, RATE_SCOPE)
        _forget_code(request)
        return redirect("meldpunt:melden_bedankt")
    if form.is_valid():
        data = form.signal_data()
        if limited is None:
            data = replace(data, check_first=str(UNCOUNTED))
        melding = register_signal(form.cleaned_data["meldpunt"], data, by=None)
        ratelimit.hit(request, RATE_SCOPE)
        request.session.pop(SESSION_QUESTION, None)
        request.session[SESSION_CODE] = melding.number
        request.session[SESSION_MELDPUNT] = melding.meldpunt_id
        return redirect("meldpunt:melden_bedankt")
    if form.has_error("answer", code="wrong"):
        # A wrong answer: a new question; everything else typed stays.
        form.ask_new_question(_question(request, fresh=True))
    return render(request, "meldpunt/public/form.html", {"form": form})


def _forget_code(request):
    request.session.pop(SESSION_CODE, None)
    request.session.pop(SESSION_MELDPUNT, None)


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


urlpatterns = [
    path("", melden, name="melden"),
    path("bedankt/", bedankt, name="melden_bedankt"),
]
