"""Partner pages: an organisation's own listings, places and times. Coördinators may open them for every organisation.

Each view: `@role_required` first, then an access helper from socialekaart.permissions (403 for another
organisation's object), then one service call. Actions that change something are POST only; a GET on
them shows a confirmation page with the button, so everything works without JavaScript.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from coalition.models import Role
from coalition.permissions import role_required

from ..forms import ActiviteitForm, BijeenkomstForm, LocatieForm, TijdslotForm, UitzonderingForm
from ..models import Activiteit, Historie
from ..permissions import (
    get_activiteit_for_user,
    get_bijeenkomst_for_user,
    get_locatie_for_user,
    get_organisatie_for_user,
    get_tijdslot_for_user,
    get_uitzondering_for_user,
)
from ..queries import partner as reads
from ..queries.freshness import remind_cutoff
from ..services import listings
from ..services.listings import ListingError

PER_PAGE = 25


def _error(request, error: ListingError) -> None:
    messages.error(request, " ".join(error.messages))


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return fallback


def _public_url(activiteit: Activiteit) -> str | None:
    """The permanent public address of a published listing."""
    return activiteit.get_absolute_url() if activiteit.status == Activiteit.Status.GEPUBLICEERD else None


# ---------------------------------------------------------------------------
# Organisations and their listings
# ---------------------------------------------------------------------------
@role_required(Role.PARTNER, Role.COORDINATOR)
def partner_index(request):
    """A partner's organisations (a coördinator sees all), with how many listings each has, counted in the database."""
    page = Paginator(reads.organisaties_with_counts(request.user), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "socialekaart/partner_index.html", {"page": page})


@role_required(Role.PARTNER, Role.COORDINATOR)
def organisatie_activiteiten(request, pk):
    """The list a partner keeps current: status, last confirmed, the coördinator's comment, one-click confirm."""
    organisatie = get_organisatie_for_user(request.user, pk)
    page = Paginator(reads.listings_of(organisatie), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "socialekaart/partner/activiteiten.html",
        {
            "organisatie": organisatie,
            "page": page,
            "remind_before": remind_cutoff(),
            "Status": Activiteit.Status,
            "returned": Historie.Action.TERUGGESTUURD,
        },
    )


@role_required(Role.PARTNER, Role.COORDINATOR)
def activiteit_create(request, pk):
    organisatie = get_organisatie_for_user(request.user, pk)
    form = ActiviteitForm(request.POST or None, organisatie=organisatie)
    if request.method == "POST" and form.is_valid():
        activiteit = listings.activiteit_create(organisatie=organisatie, data=form.cleaned_data, by=request.user)
        messages.success(
            request,
            _("De activiteit is opgeslagen als concept. Voeg tijden toe en kies daarna 'Indienen'."),
        )
        return redirect("socialekaart:activiteit_edit", slug=activiteit.slug)
    return render(
        request, "socialekaart/partner/activiteit_form.html", {"organisatie": organisatie, "form": form, "new": True}
    )


@role_required(Role.PARTNER, Role.COORDINATOR)
def activiteit_edit(request, slug):
    """Edit a listing, see its history. For a published listing the edit may become a proposal."""
    activiteit = get_activiteit_for_user(request.user, slug)
    organisatie = activiteit.organisatie
    proposal = reads.open_proposal(activiteit)
    # While a change waits for review, the partner goes on editing that change, not the public version.
    initial = proposal.data if proposal else None
    form = ActiviteitForm(request.POST or None, instance=activiteit, initial=initial, organisatie=organisatie)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = listings.activiteit_update(activiteit=activiteit, data=form.cleaned_data, by=request.user)
        except ListingError as error:
            _error(request, error)
        else:
            if proposal:
                messages.success(
                    request,
                    _(
                        "Uw wijziging is opgeslagen en wacht op de coördinator. "
                        "Tot dan blijft de activiteit zichtbaar zoals ze was."
                    ),
                )
            else:
                messages.success(request, _("De activiteit is opgeslagen."))
            activiteit.refresh_from_db(fields=["slug"])
            return redirect("socialekaart:activiteit_edit", slug=activiteit.slug)
    if form.is_bound:
        # The form changed the activity in memory: show the saved state above the form.
        activiteit = get_activiteit_for_user(request.user, slug)
    return render(
        request,
        "socialekaart/partner/activiteit_form.html",
        {
            "organisatie": organisatie,
            "activiteit": activiteit,
            "form": form,
            "proposal": proposal,
            "history": reads.history_of(activiteit, 100),
            "public_url": activiteit.get_absolute_url()
            if activiteit.status == Activiteit.Status.GEPUBLICEERD
            else None,
            "Status": Activiteit.Status,
            "trusted": listings.is_trusted(organisatie.pk),
        },
    )


# ---------------------------------------------------------------------------
# One-button actions: GET shows a confirmation page, POST does it
# ---------------------------------------------------------------------------
ACTIONS: dict[str, dict[str, Any]] = {
    "submit": {
        "service": listings.activiteit_submit,
        "title": _("Activiteit indienen"),
        "question": _("Wilt u deze activiteit indienen? De coördinator bekijkt haar en zet haar dan op de kaart."),
        "button": _("Indienen"),
        "done": _("De activiteit is ingediend."),
    },
    "confirm": {
        "service": listings.activiteit_confirm_current,
        "title": _("Nog actueel"),
        "question": _("Klopt alles nog wat er over deze activiteit staat?"),
        "button": _("Ja, nog actueel"),
        "done": _("Bedankt. De activiteit is bevestigd als actueel."),
    },
    "duplicate": {
        "service": listings.activiteit_duplicate,
        "title": _("Activiteit kopiëren"),
        "question": _("Er komt een kopie als concept bij. Die kunt u daarna aanpassen en indienen."),
        "button": _("Kopie maken"),
        "done": _("De kopie is gemaakt. U kunt haar nu aanpassen."),
    },
    "archive": {
        "service": listings.activiteit_archive,
        "title": _("Activiteit archiveren"),
        "question": _(
            "Weet u het zeker? De activiteit verdwijnt van de sociale kaart. Dit kunt u niet ongedaan maken; "
            "u kunt wel een kopie maken."
        ),
        "button": _("Ja, archiveren"),
        "done": _("De activiteit is gearchiveerd."),
    },
}


def _activity_action(request, slug, action: str):
    activiteit = get_activiteit_for_user(request.user, slug)
    spec = ACTIONS[action]
    edit_url = reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug})
    if request.method != "POST":
        return render(
            request,
            "socialekaart/partner/confirm.html",
            {"activiteit": activiteit, "spec": spec, "cancel_url": edit_url, "danger": action == "archive"},
        )
    try:
        result = spec["service"](activiteit=activiteit, by=request.user)
    except ListingError as error:
        _error(request, error)
        return redirect(edit_url)
    if action == "submit" and result.status == Activiteit.Status.GEPUBLICEERD:
        messages.success(request, _("De activiteit staat nu op de sociale kaart."))
    else:
        messages.success(request, spec["done"])
    if action == "duplicate":
        return redirect("socialekaart:activiteit_edit", slug=result.slug)
    if action == "archive":
        return redirect("socialekaart:organisatie_activiteiten", pk=activiteit.organisatie_id)
    return redirect(_next_or(request, edit_url))


@role_required(Role.PARTNER, Role.COORDINATOR)
def activiteit_submit(request, slug):
    return _activity_action(request, slug, "submit")


@role_required(Role.PARTNER, Role.COORDINATOR)
def activiteit_confirm(request, slug):
    return _activity_action(request, slug, "confirm")


@role_required(Role.PARTNER, Role.COORDINATOR)
def activiteit_duplicate(request, slug):
    return _activity_action(request, slug, "duplicate")


@role_required(Role.PARTNER, Role.COORDINATOR)
def activiteit_archive(request, slug):
    return _activity_action(request, slug, "archive")


# ---------------------------------------------------------------------------
# Weekly times and dated events
# ---------------------------------------------------------------------------
@role_required(Role.PARTNER, Role.COORDINATOR)
def activiteit_schedule(request, slug):
    """Both the weekly schedule and the dated events of one activity; `soort` says which form was sent."""
    activiteit = get_activiteit_for_user(request.user, slug)
    organisatie = activiteit.organisatie
    kind = request.POST.get("soort") if request.method == "POST" else None
    tijdslot_form = TijdslotForm(
        request.POST if kind == "tijdslot" else None, organisatie=organisatie, prefix="tijdslot"
    )
    bijeenkomst_form = BijeenkomstForm(
        request.POST if kind == "bijeenkomst" else None, organisatie=organisatie, prefix="bijeenkomst"
    )
    uitzondering_form = UitzonderingForm(request.POST if kind == "uitzondering" else None, prefix="uitzondering")
    forms = {"tijdslot": tijdslot_form, "bijeenkomst": bijeenkomst_form, "uitzondering": uitzondering_form}
    form = forms.get(kind or "")
    if request.method == "POST" and form is None:
        messages.error(request, _("Kies een vaste tijd of een bijeenkomst om toe te voegen."))
    elif kind and form is not None and form.is_valid():
        service = {
            "tijdslot": listings.tijdslot_add,
            "bijeenkomst": listings.bijeenkomst_add,
            "uitzondering": listings.uitzondering_add,
        }[kind]
        try:
            service(activiteit=activiteit, data=form.cleaned_data, by=request.user)
        except ListingError as error:
            _error(request, error)
        else:
            messages.success(request, _("Toegevoegd."))
            return redirect("socialekaart:activiteit_schedule", slug=activiteit.slug)
    return render(
        request,
        "socialekaart/partner/schedule.html",
        {
            "activiteit": activiteit,
            "organisatie": organisatie,
            "tijdsloten": reads.weekly_times_of(activiteit),
            "page": Paginator(reads.coming_dates_of(activiteit), PER_PAGE).get_page(request.GET.get("pagina")),
            "tijdslot_form": tijdslot_form,
            "bijeenkomst_form": bijeenkomst_form,
            "uitzondering_form": uitzondering_form,
            "uitzonderingen": reads.coming_exceptions_of(activiteit),
            "archived": activiteit.status == Activiteit.Status.GEARCHIVEERD,
        },
    )


def _remove(request, obj, service, keyword: str, title: str):
    activiteit = obj.activiteit
    schedule_url = reverse("socialekaart:activiteit_schedule", kwargs={"slug": activiteit.slug})
    if request.method != "POST":
        spec = {"title": title, "question": str(obj), "button": _("Ja, verwijderen")}
        return render(
            request,
            "socialekaart/partner/confirm.html",
            {"activiteit": activiteit, "spec": spec, "cancel_url": schedule_url, "danger": True},
        )
    try:
        service(**{keyword: obj}, by=request.user)
    except ListingError as error:
        _error(request, error)
    else:
        messages.success(request, _("Verwijderd."))
    return redirect(schedule_url)


@role_required(Role.PARTNER, Role.COORDINATOR)
def tijdslot_remove(request, pk):
    tijdslot = get_tijdslot_for_user(request.user, pk)
    return _remove(request, tijdslot, listings.tijdslot_remove, "tijdslot", _("Vaste tijd verwijderen"))


@role_required(Role.PARTNER, Role.COORDINATOR)
def uitzondering_remove(request, pk):
    uitzondering = get_uitzondering_for_user(request.user, pk)
    return _remove(request, uitzondering, listings.uitzondering_remove, "uitzondering", _("Uitzondering verwijderen"))


@role_required(Role.PARTNER, Role.COORDINATOR)
def bijeenkomst_remove(request, pk):
    bijeenkomst = get_bijeenkomst_for_user(request.user, pk)
    return _remove(request, bijeenkomst, listings.bijeenkomst_remove, "bijeenkomst", _("Bijeenkomst verwijderen"))


# ---------------------------------------------------------------------------
# Locations
# ---------------------------------------------------------------------------
@role_required(Role.PARTNER, Role.COORDINATOR)
def locatie_list(request, pk):
    organisatie = get_organisatie_for_user(request.user, pk)
    page = Paginator(reads.locaties_of(organisatie), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "socialekaart/partner/locaties.html", {"organisatie": organisatie, "page": page})


def _locatie_form(request, organisatie, locatie=None):
    form = LocatieForm(request.POST or None, instance=locatie, organisatie=organisatie)
    if request.method == "POST" and form.is_valid():
        saved = listings.locatie_save(organisatie=organisatie, locatie=locatie, data=form.cleaned_data, by=request.user)
        if saved.wijk:
            messages.success(request, _("De locatie is opgeslagen, in %(wijk)s.") % {"wijk": saved.wijk.name})
        else:
            messages.warning(
                request,
                _("De locatie is opgeslagen. Bij deze postcode kennen wij geen wijk; de coördinator kijkt ernaar."),
            )
        return redirect("socialekaart:locatie_list", pk=organisatie.pk)
    return render(
        request,
        "socialekaart/partner/locatie_form.html",
        {"organisatie": organisatie, "form": form, "locatie": locatie},
    )


@role_required(Role.PARTNER, Role.COORDINATOR)
def locatie_create(request, pk):
    return _locatie_form(request, get_organisatie_for_user(request.user, pk))


@role_required(Role.PARTNER, Role.COORDINATOR)
def locatie_edit(request, pk):
    locatie = get_locatie_for_user(request.user, pk)
    return _locatie_form(request, locatie.organisatie, locatie)


urlpatterns = [
    path("mijn-organisaties/", partner_index, name="partner_index"),
    path("organisaties/<int:pk>/activiteiten/", organisatie_activiteiten, name="organisatie_activiteiten"),
    path("organisaties/<int:pk>/activiteiten/nieuw/", activiteit_create, name="activiteit_create"),
    path("organisaties/<int:pk>/locaties/", locatie_list, name="locatie_list"),
    path("organisaties/<int:pk>/locaties/nieuw/", locatie_create, name="locatie_create"),
    path("locaties/<int:pk>/", locatie_edit, name="locatie_edit"),
    path("activiteiten/<slug:slug>/bewerken/", activiteit_edit, name="activiteit_edit"),
    path("activiteiten/<slug:slug>/indienen/", activiteit_submit, name="activiteit_submit"),
    path("activiteiten/<slug:slug>/nog-actueel/", activiteit_confirm, name="activiteit_confirm"),
    path("activiteiten/<slug:slug>/kopieren/", activiteit_duplicate, name="activiteit_duplicate"),
    path("activiteiten/<slug:slug>/archiveren/", activiteit_archive, name="activiteit_archive"),
    path("activiteiten/<slug:slug>/tijden/", activiteit_schedule, name="activiteit_schedule"),
    path("tijden/<int:pk>/verwijderen/", tijdslot_remove, name="tijdslot_remove"),
    path("bijeenkomsten/<int:pk>/verwijderen/", bijeenkomst_remove, name="bijeenkomst_remove"),
    path("uitzonderingen/<int:pk>/verwijderen/", uitzondering_remove, name="uitzondering_remove"),
]
