"""Coördinator pages: the review queue ('Ter beoordeling'), reviewing a listing or change, trust per organisation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from coalition.models import Organisatie, Role
from coalition.permissions import role_required

from ..forms import ReturnForm, TrustForm
from ..models import Activiteit, Historie, PartnerInstelling, Wijzigingsvoorstel
from ..permissions import get_proposal_for_coordinator, manageable_organisaties
from ..services import listing_data, listings, proposals
from ..services.listings import ListingError

PER_PAGE = 25


def review_items() -> list[dict]:
    """Submitted listings and open proposals together, oldest first (two queries)."""
    submitted_at = (
        Historie.objects.filter(activiteit=OuterRef("pk"), action=Historie.Action.INGEDIEND)
        .order_by("-at")
        .values("at")[:1]
    )
    activiteiten = (
        Activiteit.objects.filter(status=Activiteit.Status.TER_BEOORDELING)
        .select_related("organisatie")
        .annotate(submitted_at=Subquery(submitted_at))
        .only("slug", "title", "status", "updated_at", "organisatie__name")
    )
    proposals = Wijzigingsvoorstel.objects.filter(status=Wijzigingsvoorstel.Status.OPEN).select_related(
        "activiteit__organisatie", "submitted_by"
    )
    items = [
        {
            "kind": "activiteit",
            "at": activiteit.submitted_at or activiteit.updated_at,
            "activiteit": activiteit,
            "url": reverse("socialekaart:review_activiteit", kwargs={"slug": activiteit.slug}),
        }
        for activiteit in activiteiten
    ] + [
        {
            "kind": "voorstel",
            "at": proposal.submitted_at,
            "activiteit": proposal.activiteit,
            "proposal": proposal,
            "url": reverse("socialekaart:review_proposal", kwargs={"pk": proposal.pk}),
        }
        for proposal in proposals
    ]
    return sorted(items, key=lambda item: (item["at"], item["activiteit"].pk))


@role_required(Role.COORDINATOR)
def review_queue(request):
    page = Paginator(review_items(), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "socialekaart/coordinator/queue.html", {"page": page})


def _decide(request, *, approve, give_back, done_url):
    """Run the approve or return service for the posted `actie`; returns a redirect, or the bound return form."""
    action = request.POST.get("actie")
    form = ReturnForm(request.POST if action == "terugsturen" else None)
    try:
        if action == "goedkeuren":
            approve()
            messages.success(request, _("Goedgekeurd. De activiteit staat zoals ingediend op de sociale kaart."))
            return redirect(done_url), form
        if action == "terugsturen" and form.is_valid():
            give_back(form.cleaned_data["comment"])
            messages.success(request, _("Teruggestuurd. De partner ziet uw toelichting."))
            return redirect(done_url), form
        if action not in ("goedkeuren", "terugsturen"):
            messages.error(request, _("Kies 'Goedkeuren' of 'Terugsturen'."))
    except ListingError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(done_url), form
    return None, form


@role_required(Role.COORDINATOR)
def review_activiteit(request, slug):
    """A submitted listing: everything the partner filled in, approve or return with a comment."""
    activiteit = get_object_or_404(Activiteit.objects.select_related("organisatie"), slug=slug)
    queue_url = reverse("socialekaart:review_queue")
    form = ReturnForm()
    if request.method == "POST":
        response, form = _decide(
            request,
            approve=lambda: listings.activiteit_approve(activiteit=activiteit, by=request.user),
            give_back=lambda comment: listings.activiteit_return(
                activiteit=activiteit, by=request.user, comment=comment
            ),
            done_url=queue_url,
        )
        if response:
            return response
    return render(
        request,
        "socialekaart/coordinator/review.html",
        {
            "activiteit": activiteit,
            "rows": listing_data.compare(activiteit, {}),
            "open": activiteit.status == Activiteit.Status.TER_BEOORDELING,
            "form": form,
            "tijdsloten": activiteit.tijdsloten.select_related("locatie"),
            "history": activiteit.historie.select_related("by")[:50],
        },
    )


@role_required(Role.COORDINATOR)
def review_proposal(request, pk):
    """A change to a published listing, as a before/after comparison."""
    proposal = get_proposal_for_coordinator(request.user, pk)
    activiteit = proposal.activiteit
    form = ReturnForm()
    if request.method == "POST":
        response, form = _decide(
            request,
            approve=lambda: proposals.proposal_approve(proposal=proposal, by=request.user),
            give_back=lambda comment: proposals.proposal_return(proposal=proposal, by=request.user, comment=comment),
            done_url=reverse("socialekaart:review_queue"),
        )
        if response:
            return response
    return render(
        request,
        "socialekaart/coordinator/review.html",
        {
            "activiteit": activiteit,
            "proposal": proposal,
            "rows": listing_data.compare(activiteit, proposal.data),
            "open": proposal.status == Wijzigingsvoorstel.Status.OPEN,
            "form": form,
            "history": activiteit.historie.select_related("by")[:50],
        },
    )


@role_required(Role.COORDINATOR)
def partner_trust(request):
    """Per organisation: may it publish without review? One button per organisation."""
    if request.method == "POST":
        form = TrustForm(request.POST)
        organisatie = None
        if form.is_valid():
            organisatie = Organisatie.objects.filter(pk=form.cleaned_data["organisatie"]).first()
        if organisatie is None:
            messages.error(request, _("Deze organisatie bestaat niet (meer)."))
        else:
            listings.partner_trust_set(
                organisatie=organisatie,
                may_publish_directly=form.cleaned_data["may_publish_directly"],
                by=request.user,
            )
            if form.cleaned_data["may_publish_directly"]:
                text = _("%(name)s mag nu direct publiceren.")
            else:
                text = _("Activiteiten van %(name)s gaan weer eerst langs u.")
            messages.success(request, text % {"name": organisatie.name})
        return redirect(request.get_full_path())
    organisaties = manageable_organisaties(request.user).annotate(
        trusted=Exists(PartnerInstelling.objects.filter(organisatie=OuterRef("pk"), may_publish_directly=True))
    )
    page = Paginator(organisaties, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "socialekaart/coordinator/trust.html", {"page": page})


urlpatterns = [
    path("beoordelen/", review_queue, name="review_queue"),
    path("beoordelen/activiteiten/<slug:slug>/", review_activiteit, name="review_activiteit"),
    path("beoordelen/wijzigingen/<int:pk>/", review_proposal, name="review_proposal"),
    path("beoordelen/direct-publiceren/", partner_trust, name="partner_trust"),
]
