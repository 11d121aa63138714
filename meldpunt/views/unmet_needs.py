"""Unmet needs (issue 15): "Niets passends? Leg vast wat u zocht" on the referral page posts here, and the
coördinator's overview counts them per kind of help and wijk or kern (exact counts: coördinators only; the
steering group sees nothing of it here). The overview is linked from the menu (coalition.registry), next to the
sociale kaart's witte vlekken, which cannot name the meldpunt itself."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalition.models import Role
from coalition.permissions import role_required

from ..forms.unmet_needs import UnmetNeedForm
from ..permissions import case_for, staff_required
from ..presenters import unmet_needs as unmet_words
from ..services.unmet_needs import record_unmet_need


@staff_required
def unmet_need_create(request, number):
    melding = case_for(request, number)  # first: another meldpunt's case is a 403 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = reverse("meldpunt:referral_create", args=[melding.number]) + "#niets-passends"
    form = UnmetNeedForm(melding, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_unmet_need(
                melding,
                kind=data["kind"],
                language=data["language"],
                wijk=data["wijk"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect(back)
        messages.success(request, _("Vastgelegd. Dank u: zo ziet de coördinator wat er ontbreekt."))
        return redirect(back)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect(back)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "HEAD"])
def unmet_needs_overview(request):
    rows = unmet_words.need_rows()
    by_language = unmet_words.language_rows()
    return render(request, "meldpunt/unmet_needs/overview.html", {"rows": rows, "by_language": by_language})


urlpatterns = [
    path("meldingen/<str:number>/verwijzen/niets-passends/", unmet_need_create, name="unmet_need_create"),
    path("onvervulde-vragen/", unmet_needs_overview, name="unmet_needs"),
]
