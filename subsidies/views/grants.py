"""The coördinator's grant pages (allocating an amount, the decision, following a granted subsidy: payments and
settlement) and the decision letter, which the applicant's organisation reads too.

Each page is thin: the access check, a query (queries/grants.py, queries/letters.py), a service call
(services/grants.py). A rule a service enforces comes back as a Dutch message beside the field, with everything as
it was typed. The decision and the settlement cannot be undone: both ask for confirmation first, on a page that
carries what was typed, so "Nee, terug" loses nothing.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Role
from coalition.permissions import role_required

from ..choices import AanvraagStatus, BetalingSoort, RapportSoort, RapportStatus
from ..forms.grants import AllocationForm, DecisionForm, PaymentForm, SettlementForm
from ..models import ZERO, Aanvraag
from ..money import euro
from ..pdf import letter_pdf
from ..queries import grants as reads
from ..queries.letters import advance, decided_application, decision_letter
from ..services import grants

coordinator_required = role_required(Role.COORDINATOR)
# The confirmation page posts this back with the values typed.
CONFIRMED = "bevestigd"
BACK = "terug"


# ---------------------------------------------------------------------------
# Allocation
# ---------------------------------------------------------------------------
def _budget(aanvraag: Aanvraag) -> dict:
    """What the budget summary (_budget.html) shows: the call's budget, allocated and left, this application's
    request and allocation and the call's maximum per application."""
    regeling = aanvraag.regeling
    return {
        "total": regeling.total_budget,
        "allocated": regeling.allocated_total,
        "left": regeling.budget_left,
        "max": regeling.max_per_application,
        "requested": aanvraag.amount_requested,
        "this": aanvraag.allocated_amount,
        "over_max": (aanvraag.amount_requested or ZERO) > regeling.max_per_application,
    }


@coordinator_required
def allocate(request, pk):
    """The amount allocated to an application at the committee, with the call's budget in view."""
    aanvraag = get_object_or_404(reads.for_allocation(), pk=pk)
    form = AllocationForm(request.POST or None, initial={"amount": aanvraag.allocated_amount})
    if request.method == "POST" and form.is_valid():
        try:
            grants.allocate(aanvraag=aanvraag, amount=form.cleaned_data["amount"], by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
            # Someone else may have allocated meanwhile: show the budget as it is now.
            aanvraag = get_object_or_404(reads.for_allocation(), pk=pk)
        else:
            amount = form.cleaned_data["amount"]
            messages.success(
                request,
                _("U heeft %(amount)s toegewezen aan ‘%(title)s’.") % {"amount": euro(amount), "title": aanvraag.title}
                if amount
                else _("De toewijzing aan ‘%(title)s’ is gewist.") % {"title": aanvraag.title},
            )
            return redirect("subsidies:grant_allocate", pk=pk)
    return render(
        request,
        "subsidies/grants/allocate.html",
        {
            "aanvraag": aanvraag,
            "budget": _budget(aanvraag),
            "form": form,
            "can_allocate": aanvraag.status == AanvraagStatus.IN_BEOORDELING,
            "others": reads.allocations_in_call(aanvraag)[:50],
        },
    )


# ---------------------------------------------------------------------------
# The decision
# ---------------------------------------------------------------------------
def _grant_label(aanvraag: Aanvraag) -> str:
    allocated = aanvraag.allocated_amount
    if not allocated:
        return _("Toekennen (wijs eerst een bedrag toe)")
    if allocated < (aanvraag.amount_requested or ZERO):
        return _("Deels toekennen: %(amount)s van de gevraagde %(asked)s") % {
            "amount": euro(allocated),
            "asked": euro(aanvraag.amount_requested),
        }
    return _("Toekennen: %(amount)s, het hele gevraagde bedrag") % {"amount": euro(allocated)}


@coordinator_required
def decide(request, pk):
    """Grant or refuse, with reasons; a confirmation page before the decision is taken."""
    aanvraag = get_object_or_404(reads.for_allocation(), pk=pk)
    if aanvraag.status != AanvraagStatus.IN_BEOORDELING:
        messages.info(request, _("Over deze aanvraag is al besloten, of hij ligt (nog) niet bij de commissie."))
        if aanvraag.status in reads.WITH_GRANT:
            return redirect("subsidies:grant_detail", pk=pk)
        return redirect("subsidies:grant_allocate", pk=pk)
    label = _grant_label(aanvraag)
    form = DecisionForm(request.POST or None, grant_label=label)
    context = {"aanvraag": aanvraag, "budget": _budget(aanvraag), "form": form}
    if request.method == "POST" and BACK not in request.POST and form.is_valid():
        granting = form.cleaned_data["outcome"] == DecisionForm.GRANT
        if CONFIRMED not in request.POST:
            return render(
                request,
                "subsidies/grants/confirm_decision.html",
                {**context, "granting": granting, "label": label if granting else _("Afwijzen")},
            )
        service = grants.grant if granting else grants.refuse
        try:
            service(aanvraag=aanvraag, reasons=form.cleaned_data["reasons"], by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Het besluit is genomen. De aanvrager krijgt een e-mail met de brief."))
            if granting:
                return redirect("subsidies:grant_detail", pk=pk)
            return redirect("subsidies:grant_letter", pk=pk)
    if BACK in request.POST:
        form.errors.clear()  # back from the confirmation: the form as it was typed, no messages
    return render(request, "subsidies/grants/decide.html", context)


# ---------------------------------------------------------------------------
# A granted subsidy: payments and settlement
# ---------------------------------------------------------------------------
def _grant(pk: int) -> Aanvraag:
    return get_object_or_404(reads.grant_page(), pk=pk)


def _grant_page(request, aanvraag: Aanvraag, **bound):
    """The grant page; `bound` holds a form that failed, shown as it was filled in."""
    payments = list(aanvraag.betalingen.all())
    reports = list(aanvraag.rapportages.all())
    final = next((r for r in reports if r.kind == RapportSoort.EIND), None)
    final_accepted = final is not None and final.status == RapportStatus.GEACCEPTEERD
    settled = aanvraag.status == AanvraagStatus.VASTGESTELD
    paid: Decimal = aanvraag.paid  # type: ignore[attr-defined]  # annotated by queries.grants.grant_page
    proposal = {"kind": BetalingSoort.VOORSCHOT, "amount": advance(aanvraag)} if not payments else {}
    if settled and aanvraag.settled_amount is not None:
        difference = aanvraag.settled_amount - paid
        proposal = {"kind": BetalingSoort.EINDBETALING, "amount": difference} if difference > 0 else {}
        if difference < 0:
            proposal = {"kind": BetalingSoort.TERUGVORDERING, "amount": -difference}
    else:
        difference = (aanvraag.allocated_amount or ZERO) - paid
    today = timezone.localdate()
    waiting = (RapportStatus.OPEN, RapportStatus.WIJZIGEN)
    context = {
        "aanvraag": aanvraag,
        "payments": payments,
        "reports": [{"rapportage": r, "overdue": r.status in waiting and r.due_date < today} for r in reports],
        "paid": paid,
        "settled": settled,
        "to_pay": max(difference, ZERO),
        "to_recover": max(-difference, ZERO),
        "can_settle": not settled and final_accepted,
        "final_report": final,
        "payment_form": PaymentForm(initial=proposal),
        "settlement_form": SettlementForm(initial={"amount": aanvraag.allocated_amount}),
        "advance": advance(aanvraag),
    }
    context.update(bound)
    context["action_errors"] = [error for form in bound.values() for error in form.non_field_errors()]
    return render(request, "subsidies/grants/detail.html", context)


@coordinator_required
def detail(request, pk):
    """One granted subsidy: the decision, the money (committed, paid, settled), the reports, and the actions."""
    return _grant_page(request, _grant(pk))


@coordinator_required
def payment(request, pk):
    aanvraag = _grant(pk)
    if request.method != "POST":
        return redirect(reverse("subsidies:grant_detail", args=[pk]) + "#betalingen")
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            betaling = grants.record_payment(
                aanvraag=aanvraag, kind=data["kind"], amount=data["amount"], paid_on=data["paid_on"], by=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(kind)s van %(amount)s is vastgelegd.")
                % {"kind": betaling.get_kind_display().capitalize(), "amount": euro(betaling.amount)},
            )
            return redirect(reverse("subsidies:grant_detail", args=[pk]) + "#betalingen")
    return _grant_page(request, aanvraag, payment_form=form)


@coordinator_required
def settle(request, pk):
    """Settle the subsidy at its final amount; a confirmation page first."""
    aanvraag = _grant(pk)
    if request.method != "POST":
        return redirect(reverse("subsidies:grant_detail", args=[pk]) + "#vaststellen")
    form = SettlementForm(request.POST)
    if BACK not in request.POST and form.is_valid():
        amount = form.cleaned_data["amount"]
        if CONFIRMED not in request.POST:
            return render(
                request,
                "subsidies/grants/confirm_settlement.html",
                {"aanvraag": aanvraag, "form": form, "amount": amount, "paid": aanvraag.paid,
                 "difference": amount - aanvraag.paid, "recover": aanvraag.paid - amount},
            )  # fmt: skip
        try:
            grants.settle(aanvraag=aanvraag, amount=amount, by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("De subsidie is vastgesteld. De aanvrager krijgt een e-mail."))
            return redirect(reverse("subsidies:grant_detail", args=[pk]) + "#geld")
    if BACK in request.POST:
        form.errors.clear()
    return _grant_page(request, aanvraag, settlement_form=form)


# ---------------------------------------------------------------------------
# The decision letter
# ---------------------------------------------------------------------------
def _letter_of(request, pk: int) -> Aanvraag:
    """The decided application, for the coördinator or someone acting for its organisation; 404 otherwise (also
    before a decision), so its existence is not given away."""
    aanvraag = decided_application(pk)
    if aanvraag is None:
        raise Http404
    user = request.user
    if user.role != Role.COORDINATOR and not user.organisaties.filter(pk=aanvraag.organisatie_id).exists():
        raise Http404
    return aanvraag


@role_required(Role.COORDINATOR, Role.PARTNER, Role.AANVRAGER)
def letter(request, pk):
    """The decision letter as a page to read and print (Ctrl+P)."""
    aanvraag = _letter_of(request, pk)
    return render(
        request,
        "subsidies/grants/letter.html",
        {
            "aanvraag": aanvraag,
            "letter": decision_letter(aanvraag),
            "coordinator": request.user.role == Role.COORDINATOR,
        },
    )


@role_required(Role.COORDINATOR, Role.PARTNER, Role.AANVRAGER)
def letter_pdf_view(request, pk):
    """The decision letter as a PDF, with the same words as the page."""
    aanvraag = _letter_of(request, pk)
    response = HttpResponse(letter_pdf(decision_letter(aanvraag)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beschikking-{aanvraag.number}.pdf"'
    return response
