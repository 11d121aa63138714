"""Partner professionals (housing corporation, home care, library, …) pass on a signal from their portal.

They see the number and what happens next, but never the case itself: that stays with the meldpunt's staff.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache

from coalition.models import Role
from coalition.permissions import role_required
from coalition.queries import organisaties_for_user

from ..forms.intake import PartnerSignalForm
from ..queries.meldpunten import meldpunt, meldpunten_by_name
from ..services.intake import register_signal

SESSION_CODE = "meldpunt:partner:nummer"
SESSION_MELDPUNT = "meldpunt:partner:meldpunt"

partner_required = role_required(Role.PARTNER, Role.COORDINATOR)


@partner_required
def signaal(request):
    meldpunten = list(meldpunten_by_name())
    if not meldpunten:
        return render(request, "meldpunt/partner/form.html", {"form": None})
    form = PartnerSignalForm(
        request.POST if request.method == "POST" else None,
        meldpunten=meldpunten,
        organisaties=organisaties_for_user(request.user),
    )
    if request.method == "POST" and form.is_valid():
        melding = register_signal(form.cleaned_data["meldpunt"], form.signal_data(request.user), by=request.user)
        request.session[SESSION_CODE] = melding.number
        request.session[SESSION_MELDPUNT] = melding.meldpunt_id
        return redirect("meldpunt:partner_signaal_bedankt")
    return render(request, "meldpunt/partner/form.html", {"form": form})


@partner_required
@never_cache
def bedankt(request):
    """The number, once, and what happens next. Without a number in the session: back to the form."""
    number = request.session.pop(SESSION_CODE, None)
    meldpunt_pk = request.session.pop(SESSION_MELDPUNT, None)
    if not number:
        return redirect("meldpunt:partner_signaal")
    return render(
        request,
        "meldpunt/partner/bedankt.html",
        {
            "number": number,
            "meldpunt": meldpunt(meldpunt_pk),
            "working_days": settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS,
        },
    )


urlpatterns = [
    path("signaal-doorgeven/", signaal, name="partner_signaal"),
    path("signaal-doorgeven/bedankt/", bedankt, name="partner_signaal_bedankt"),
]
