"""Referring a case's person to a partner: the page with suggestions and the form, and the referrals on the
case page.

The referral page is opened like the case itself (permissions.case_for: staff of the case's meldpunt) and is
written to the audit log. It shows the activities that fit the person best (meldpunt/queries/suggestions.py); "Kies"
takes one into the form without losing what was typed. Sending calls services.referrals.create_referral; a rule
it enforces comes back as a Dutch message beside the field, with everything as it was filled in.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from coalition.views.actions import add_service_error

from ..forms.referrals import MAX_SUGGESTIONS, ReferralForm, SuggestionFilterForm, WithdrawConsentForm
from ..forms.unmet_needs import UnmetNeedForm
from ..models import Melding, Verwijzing
from ..permissions import case_for, staff_required
from ..presenters import referrals as referral_words
from ..presenters import suggestions as suggestion_words
from ..queries.referrals import consent_history, referral_page_cases, referral_rows
from ..queries.responsiveness import responsiveness
from ..queries.suggestions import person_of, suggest_activities
from ..services import audit
from ..services.referrals import create_referral, withdraw_consent

# --- On the case page ------------------------------------------------------------------------------------------


def referrals_section(melding) -> dict:
    """Context for templates/meldpunt/case/_referrals.html, under the key `referrals`. No query when the case was
    read with queries.referrals.referrals_annotation() (as `referrals_json`), else one."""
    can_refer = melding.is_open and melding.anonymised_at is None
    rows = referral_words.rows(referral_rows(melding), melding.number, can_refer)
    return {
        "referrals": {
            "rows": rows,
            "running": sum(row["is_active"] for row in rows),
            "stalled": [row for row in rows if row["stalled"]],
            "can_refer": can_refer,
            "url": reverse("meldpunt:referral_create", args=[melding.number]),
        }
    }


# --- The referral page -----------------------------------------------------------------------------------------


def _case(request, number: str) -> Melding:
    return case_for(request, number, referral_page_cases())


@staff_required
def referral_create(request, number):
    """Choose a partner (and an activity) from the suggestions, record consent, and send the referral."""
    melding = _case(request, number)
    if not melding.is_open or melding.anonymised_at:
        messages.warning(request, _("Deze melding is gesloten. Heropen hem eerst als u wilt verwijzen."))
        return redirect(melding)
    if request.method != "POST":
        form = _preselected(request, melding)
    elif "kies" in request.POST:  # "Kies" (or "Geen activiteit"): the same form again, with that choice
        form = ReferralForm.choosing(request.POST, melding=melding, activiteit_pk=request.POST["kies"])
    else:
        form = ReferralForm(request.POST, melding=melding)
        verwijzing = _send(request, melding, form)
        if verwijzing is not None:
            messages.success(
                request,
                _("Verwijzing %(ref)s is verstuurd naar %(organisatie)s.")
                % {"ref": verwijzing.reference, "organisatie": verwijzing.organisatie.name},
            )
            return redirect(f"{melding.get_absolute_url()}#verwijzingen")
    return _page(request, melding, form)


def _preselected(request, melding: Melding) -> ReferralForm:
    """A fresh form; a link with ?activiteit=<id> preselects that activity and its organisation."""
    form = ReferralForm(initial={"activiteit": request.GET.get("activiteit")}, melding=melding)
    if form.chosen is not None:
        form.initial.update(activiteit=form.chosen.pk, organisatie=form.chosen.organisatie_id)
    else:
        form.initial.pop("activiteit")
    return form


def _send(request, melding: Melding, form: ReferralForm) -> Verwijzing | None:
    """The referral, or None with the reasons beside the fields of `form` (nothing is saved then)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return create_referral(
            melding,
            organisatie=data["organisatie"],
            activiteit=data["activiteit"],
            consent=data["consent"],
            consent_how=data["consent_how"],
            share_contact=data["share_contact"],
            share_note=data["share_note"],
            handover_note=data["handover_note"].strip(),
            planned_start=data["planned_start"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None


def _page(request, melding: Melding, form: ReferralForm):
    """The page: the form as it is, and the suggestions (top 20, "meer" by 20 up to 100; words and a kind)."""
    audit.log_view(request.user, melding, _("verwijzen"))
    filters = SuggestionFilterForm(request.GET)
    q, kind, count = filters.values()
    without = filters.without()
    suggested = suggest_activities(melding, limit=count + 1, q=q, kind=kind, without=without)
    # How each partner answers referrals: one query for the organisations on the page (issue 15).
    figures = responsiveness({s.activiteit.organisatie_id for s in suggested[:count]})
    found = suggestion_words.cards(suggested, figures)
    more = ""
    if len(found) > count and count < MAX_SUGGESTIONS:
        query = request.GET.copy()
        query["aantal"] = min(count + 20, MAX_SUGGESTIONS)
        more = f"?{query.urlencode()}#suggesties"
    return render(
        request,
        "meldpunt/referrals/create.html",
        {
            "melding": melding,
            "form": form,
            "share_fields": [form["share_contact"], form["share_note"]],
            "filters": filters,
            "suggestions": found[:count],
            "more_url": more,
            "searching": bool(q or kind),
            "without": without,
            "without_url": _without_removed(request),
            "basis": suggestion_words.basis(melding, person_of(melding)),
            "action": request.get_full_path(),
            "unmet_form": UnmetNeedForm(melding),  # "Niets passends?" (views/unmet_needs.py)
        },
    )


def _without_removed(request) -> str:
    """The page as it is, but with every organisation among the suggestions again (no ?zonder=)."""
    query = request.GET.copy()
    query.pop("zonder", None)
    return f"?{query.urlencode()}#suggesties" if query else "?#suggesties"


# --- Withdrawing consent (issue 15) -----------------------------------------------------------------------------


@staff_required
def consent_withdraw(request, number, pk):
    """The person withdraws consent for one referral: staff record how, and the partner sees it anonymously from
    then on (services.referrals.withdraw_consent). The page shows the consent history and what changes."""
    melding = case_for(request, number, Melding.objects.select_related("meldpunt"))
    verwijzing = get_object_or_404(
        Verwijzing.objects.select_related("organisatie", "activiteit"), pk=pk, melding=melding
    )
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and verwijzing.consent and form.is_valid():
        try:
            withdraw_consent(verwijzing, form.cleaned_data["how"], request.user, form.cleaned_data["note"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "De toestemming voor verwijzing %(ref)s is ingetrokken. %(organisatie)s ziet de verwijzing "
                    "vanaf nu zonder naam, contactgegevens en overdrachtsnotitie, en heeft bericht gekregen."
                )
                % {"ref": verwijzing.reference, "organisatie": verwijzing.organisatie.name},
            )
            return redirect(f"{melding.get_absolute_url()}#verwijzingen")
    audit.log_view(request.user, melding, _("toestemming van verwijzing %(ref)s") % {"ref": verwijzing.reference})
    return render(
        request,
        "meldpunt/referrals/consent_withdraw.html",
        {"melding": melding, "verwijzing": verwijzing, "history": consent_history(verwijzing), "form": form},
    )


urlpatterns = [
    path("meldingen/<str:number>/verwijzen/", referral_create, name="referral_create"),
    path(
        "meldingen/<str:number>/verwijzingen/<int:pk>/toestemming-intrekken/",
        consent_withdraw,
        name="referral_consent_withdraw",
    ),
]
