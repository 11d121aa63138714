"""Coördinator pages: the review queue ('Ter beoordeling'), reviewing a listing or change, trust per organisation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from coalition.models import Role
from coalition.permissions import role_required

from ..forms import ReturnForm, TrustForm
from ..models import Activiteit, Wijzigingsvoorstel
from ..permissions import get_proposal_for_coordinator
from ..queries import coordinator as reads
from ..queries.partner import history_of, weekly_times_of
from ..services import listing_data, listings, proposals
from ..services.listings import ListingError

PER_PAGE = 25


def _with_urls(items: list[dict]) -> list[dict]:
    """Each item of the review queue with the address of its review page."""
    for item in items:
        if item["kind"] == "voorstel":
            item["url"] = reverse("socialekaart:review_proposal", kwargs={"pk": item["proposal"].pk})
        else:
            item["url"] = reverse("socialekaart:review_activiteit", kwargs={"slug": item["activiteit"].slug})
    return items


@role_required(Role.COORDINATOR)
def review_queue(request):
    page = Paginator(_with_urls(reads.review_items()), PER_PAGE).get_page(request.GET.get("pagina"))
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
    activiteit = reads.activity_for_review(slug)
    if activiteit is None:
        raise Http404
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
            "tijdsloten": weekly_times_of(activiteit),
            "history": history_of(activiteit, 50),
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
            "history": history_of(activiteit, 50),
        },
    )


@role_required(Role.COORDINATOR)
def partner_trust(request):
    """Per organisation: may it publish without review? One button per organisation."""
    if request.method == "POST":
        form = TrustForm(request.POST)
        organisatie = None
        if form.is_valid():
            organisatie = reads.organisatie(form.cleaned_data["organisatie"])
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
    page = Paginator(reads.organisaties_with_trust(request.user), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "socialekaart/coordinator/trust.html", {"page": page})


urlpatterns = [
    path("beoordelen/", review_queue, name="review_queue"),
    path("beoordelen/activiteiten/<slug:slug>/", review_activiteit, name="review_activiteit"),
    path("beoordelen/wijzigingen/<int:pk>/", review_proposal, name="review_proposal"),
    path("beoordelen/direct-publiceren/", partner_trust, name="partner_trust"),
]
