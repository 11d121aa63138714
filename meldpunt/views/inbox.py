"""The partner inbox: the referrals sent to the organisations a partner acts for, and the partner's answers.

Only partners open these pages, and only for the referrals of their own organisations (403 otherwise, also for
meldpunt staff: they see referrals on the case page). A partner sees what the person consented to share and
nothing else of the case (meldpunt/queries/inbox.py). Every look at a referral, and every refusal, is written to
the audit log.

Each answer posts to its own address and calls one service (meldpunt/services/referrals.py); on success it
redirects back with a message, on an error the page is shown again with the form as filled in and the message
beside the field.
"""

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.models import Role
from coalition.permissions import role_required
from coalition.views.actions import form_action

from ..forms.inbox import AcceptForm, CloseForm, DeclineForm, FirstContactForm, StartForm
from ..permissions import refuse
from ..presenters import inbox as inbox_words
from ..queries import inbox
from ..services import audit, notifications, referrals

if TYPE_CHECKING:
    from ..queries.inbox import SharedReferral

PER_PAGE = 25

partner_required = role_required(Role.PARTNER)

EMPTY = {
    "nieuw": gettext_lazy(
        "Er zijn geen nieuwe verwijzingen. Verwijst het meldpunt iemand naar u, dan staat die hier en krijgt u een "
        "e-mail."
    ),
    "lopend": gettext_lazy(
        "Er lopen geen verwijzingen. Accepteer een nieuwe verwijzing bij ‘Nieuw’: daarna staat hij hier tot u hem "
        "afsluit."
    ),
    "afgerond": gettext_lazy(
        "Nog niets afgerond. Sluit een lopende verwijzing af met een uitkomst als de deelname vaststaat of stopt."
    ),
}


# --- The list ---------------------------------------------------------------------------------------------------


def _chosen(request, organisaties):
    """The organisation picked with ?organisatie=<pk>, if it is one the user acts for."""
    value = request.GET.get("organisatie", "")
    return next((organisatie for organisatie in organisaties if str(organisatie.pk) == value), None)


@partner_required
def index(request):
    """The incoming referrals, newest first, in three tabs."""
    organisaties = inbox.organisaties_for(request.user)
    if not organisaties:
        return render(request, "meldpunt/inbox/index.html", {"organisaties": []})
    tab = request.GET.get("lijst", "")
    if tab not in inbox.TABS:
        tab = inbox.DEFAULT_TAB
    chosen = _chosen(request, organisaties)
    ids = [chosen.pk] if chosen else [organisatie.pk for organisatie in organisaties]
    counts = inbox.inbox_counts(ids)
    paginator = Paginator(inbox.inbox(ids, tab), PER_PAGE)
    paginator.count = counts[tab]  # known already: saves a COUNT query
    page = paginator.get_page(request.GET.get("pagina"))
    values = list(page.object_list)
    # A name shown (with consent) is a read of the case: it goes in the audit log like the detail page.
    shown = [(row["melding_id"], row["case_number"]) for row in values if row["person_name"]]
    audit.log_list_view(request.user, shown, _("inbox van verwijzingen"))
    page.object_list = inbox_words.rows(values)
    return render(
        request,
        "meldpunt/inbox/index.html",
        {
            "organisaties": organisaties,
            "several": len(organisaties) > 1,
            "chosen": chosen,
            "tabs": [
                {"key": key, "label": label, "count": counts[key], "active": key == tab}
                for key, (label, _statuses) in inbox.TABS.items()
            ],
            "tab": tab,
            "tab_label": inbox.TABS[tab][0],
            "page": page,
            "empty_text": EMPTY[tab],
        },
    )


# --- One referral ------------------------------------------------------------------------------------------------


def _referral(request, pk: int) -> "SharedReferral":
    """The referral, or 404; 403 (and an audit line on its case) when the user does not act for its organisation."""
    verwijzing = inbox.referral(pk)
    if verwijzing is None:
        raise Http404
    if not inbox.acts_for(request.user, verwijzing.organisatie_id):
        raise refuse(request, verwijzing.melding, _("verwijzing %(ref)s") % {"ref": verwijzing.reference})
    return verwijzing


def _render(request, verwijzing: "SharedReferral", **bound):
    """The referral's page; `bound` holds a form that failed, shown as it was filled in."""
    audit.log_view(request.user, verwijzing.melding, _("verwijzing %(ref)s") % {"ref": verwijzing.reference})
    today = timezone.localdate()
    context = {
        "referral": inbox.partner_view(verwijzing),
        "accept_form": AcceptForm(),
        "decline_form": DeclineForm(),
        "first_contact_form": FirstContactForm(initial={"at": today}),
        "start_form": StartForm(initial={"on": today}),
        "close_form": CloseForm(),
    }
    context.update(bound)
    # A message that belongs to no field (answered already, accept first, …) shows at the top of the page: the
    # form it came from may no longer be on the page.
    context["action_errors"] = [error for form in bound.values() for error in form.non_field_errors()]
    return render(request, "meldpunt/inbox/detail.html", context)


@partner_required
def detail(request, pk):
    verwijzing = _referral(request, pk)
    notifications.mark_read_for_url(request.user, request.path)  # opened: its notifications are read
    return _render(request, verwijzing)


def _act(request, pk, *, form_class, form_name, act, success):
    """An answer from the referral's page (coalition.views.actions.form_action): back to the page with a message, or the
    page again with the bound form. `act(verwijzing, form)` calls the service."""
    verwijzing = _referral(request, pk)
    detail_url = reverse("meldpunt:inbox_detail", args=[pk])
    return form_action(
        request,
        back=detail_url,
        make_form=form_class,
        act=lambda form: act(verwijzing, form),
        success=success,
        done=lambda result: detail_url,
        render_again=lambda form: _render(request, verwijzing, **{form_name: form}),
    )


@partner_required
def accept(request, pk):
    return _act(
        request,
        pk,
        form_class=AcceptForm,
        form_name="accept_form",
        act=lambda verwijzing, form: referrals.accept(verwijzing, by=request.user),
        success=_("U heeft de verwijzing geaccepteerd. Het meldpunt ziet dit meteen."),
    )


@partner_required
def decline(request, pk):
    return _act(
        request,
        pk,
        form_class=DeclineForm,
        form_name="decline_form",
        act=lambda verwijzing, form: referrals.decline(verwijzing, form.cleaned_data["reason"], by=request.user),
        success=_("U heeft de verwijzing afgewezen. Het meldpunt zoekt met de persoon verder."),
    )


@partner_required
def first_contact(request, pk):
    return _act(
        request,
        pk,
        form_class=FirstContactForm,
        form_name="first_contact_form",
        act=lambda verwijzing, form: referrals.record_first_contact(verwijzing, form.moment(), by=request.user),
        success=_("Het eerste contact is vastgelegd."),
    )


@partner_required
def start(request, pk):
    return _act(
        request,
        pk,
        form_class=StartForm,
        form_name="start_form",
        act=lambda verwijzing, form: referrals.record_start(verwijzing, form.cleaned_data["on"], by=request.user),
        success=_("De start is vastgelegd. Sluit de verwijzing af als de deelname vaststaat of stopt."),
    )


@partner_required
def close(request, pk):
    return _act(
        request,
        pk,
        form_class=CloseForm,
        form_name="close_form",
        act=lambda verwijzing, form: referrals.close_referral(
            verwijzing, form.cleaned_data["outcome"], form.cleaned_data["note"], by=request.user
        ),
        success=_("De verwijzing is afgesloten. Dank u wel: zo weet het meldpunt wat er van geworden is."),
    )


urlpatterns = [
    path("inbox/", index, name="inbox"),
    path("inbox/<int:pk>/", detail, name="inbox_detail"),
    path("inbox/<int:pk>/accepteren/", accept, name="inbox_accept"),
    path("inbox/<int:pk>/afwijzen/", decline, name="inbox_decline"),
    path("inbox/<int:pk>/eerste-contact/", first_contact, name="inbox_first_contact"),
    path("inbox/<int:pk>/gestart/", start, name="inbox_start"),
    path("inbox/<int:pk>/afsluiten/", close, name="inbox_close"),
]
