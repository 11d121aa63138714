"""The two answers to a report in the worklist's "Eerst nakijken" list (services/checkfirst.py): accept it into the
normal flow (one button), or discard it as spam (after a confirmation page). Both go back to that list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..permissions import case_for, staff_required
from ..queries.case import signals_of
from ..queries.worklist import CHECK_FIRST
from ..services import audit, checkfirst


def _back_to_list():
    return redirect(f"{reverse('meldpunt:index')}?lijst={CHECK_FIRST}")


@staff_required
def case_accept(request, number):
    """POST: accept. A GET changes nothing and goes back to the case."""
    melding = case_for(request, number)
    if request.method != "POST":
        return redirect(melding)
    try:
        checkfirst.accept_report(melding, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(number)s staat nu op de werklijst bij ‘Nieuw en zonder eigenaar’.") % {"number": number}
        )
    return _back_to_list()


@staff_required
def case_spam(request, number):
    """GET: what the report says, and the question whether it is spam. POST (bevestig=ja): close it as spam."""
    melding = case_for(request, number)
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        try:
            checkfirst.discard_as_spam(melding, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(number)s is afgesloten als spam.") % {"number": number})
        return _back_to_list()
    if not (melding.pending_check and melding.is_open):
        messages.error(request, _("Deze melding is al nagekeken."))
        return _back_to_list()
    audit.log_view(request.user, melding, _("spam bevestigen"))
    return render(request, "meldpunt/case/spam.html", {"melding": melding, "signalen": signals_of(melding)})


urlpatterns = [
    path("meldingen/<str:number>/nagekeken/", case_accept, name="case_accept"),
    path("meldingen/<str:number>/spam/", case_spam, name="case_spam"),
]
