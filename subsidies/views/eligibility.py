"""The coördinator's page of one application: everything the applicant filled in (read-only), the knock-out answers
against the required ones, and the steps before the committee: eligible (to the committee), not eligible (with a
reason, after a confirmation) or a request for more information. Once at the committee the page also shows the
declarations and every review (the coördinator is the committee's secretary).

Each step posts to its own address and calls one service (services/committee.py); on success it redirects back with
a message, on an error the page is shown again with the form as filled in and the message beside the field.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from coalition.models import Role
from coalition.permissions import role_required
from coalition.views.actions import form_action

from ..forms.eligibility import EligibleForm, IneligibleForm, InformationRequestForm
from ..models import Aanvraag
from ..queries import call_overview as reads
from ..queries.committee import COMMITTEE_STATUSES, linked_members, reviews_visible_to
from ..services import committee
from ..workflows import APPLICATION

coordinator_required = role_required(Role.COORDINATOR)


def _application(pk: int) -> Aanvraag:
    aanvraag = reads.application_detail(pk)
    if aanvraag is None:
        raise Http404
    return aanvraag


def _render(request, aanvraag: Aanvraag, **bound):
    at_committee = aanvraag.status in COMMITTEE_STATUSES
    declarations = reads.declarations_of(aanvraag) if at_committee else []
    declared = {declaration.member_id for declaration in declarations}
    context = {
        "aanvraag": aanvraag,
        "knockouts": reads.knockout_answers(aanvraag),
        "can_accept": APPLICATION.can("ontvankelijk", aanvraag.status),
        "can_reject": APPLICATION.can("niet_ontvankelijk", aanvraag.status),
        "can_ask": APPLICATION.can("aanvulling_gevraagd", aanvraag.status),
        "at_committee": at_committee,
        "declarations": declarations,
        # Excluded without declaring (computed, see queries.committee).
        "linked": [member for member in linked_members(aanvraag) if member.pk not in declared] if at_committee else [],
        "reviews": list(reviews_visible_to(request.user, aanvraag)) if at_committee else [],
        "ineligible_form": IneligibleForm(),
        "information_form": InformationRequestForm(),
        "state": APPLICATION.state(aanvraag.status),
    }
    context.update(bound)
    context["action_errors"] = [error for form in bound.values() for error in form.non_field_errors()]
    context["history"] = [(line, APPLICATION.step_label(line.step)) for line in reads.history(aanvraag)]
    return render(request, "subsidies/coordinator/application.html", context)


@coordinator_required
def application(request, pk):
    return _render(request, _application(pk))


def _page(pk: int) -> str:
    return reverse("subsidies:coordinator_application", args=[pk])


@coordinator_required
def eligible(request, pk):
    aanvraag = _application(pk)
    return form_action(
        request,
        back=_page(pk),
        make_form=EligibleForm,
        act=lambda form: committee.declare_eligible(aanvraag=aanvraag, by=request.user),
        success=_("Ontvankelijk. De aanvraag ligt nu bij de commissie."),
        done=lambda result: reverse("subsidies:coordinator_call", args=[aanvraag.regeling.slug]),
        render_again=lambda form: _render(request, aanvraag, eligible_form=form),
    )


@coordinator_required
def ineligible(request, pk):
    """Two steps: the reason, then a confirmation page (nothing changes until the second post)."""
    aanvraag = _application(pk)
    if request.method == "POST":
        form = IneligibleForm(request.POST)
        if form.is_valid() and not form.cleaned_data["bevestigd"]:
            confirm = IneligibleForm(initial={"reason": form.cleaned_data["reason"], "bevestigd": True})
            return render(
                request,
                "subsidies/coordinator/confirm_ineligible.html",
                {"aanvraag": aanvraag, "form": confirm, "reason": form.cleaned_data["reason"]},
            )
    return form_action(
        request,
        back=_page(pk),
        make_form=IneligibleForm,
        act=lambda form: committee.declare_ineligible(
            aanvraag=aanvraag, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("Niet ontvankelijk. De aanvrager krijgt de reden per e-mail."),
        done=lambda result: reverse("subsidies:coordinator_call", args=[aanvraag.regeling.slug]),
        render_again=lambda form: _render(request, aanvraag, ineligible_form=form),
    )


@coordinator_required
def request_information(request, pk):
    aanvraag = _application(pk)
    return form_action(
        request,
        back=_page(pk),
        make_form=InformationRequestForm,
        act=lambda form: committee.request_information(
            aanvraag=aanvraag,
            by=request.user,
            parts=form.cleaned_data["parts"],
            message=form.cleaned_data["message"],
            deadline=form.cleaned_data["deadline"],
        ),
        success=_("Aanvulling gevraagd. De aanvrager krijgt een e-mail met uw vraag en de datum."),
        done=lambda result: _page(pk),
        render_again=lambda form: _render(request, aanvraag, information_form=form),
    )
