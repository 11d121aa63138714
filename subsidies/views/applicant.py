"""The applicant's pages: their organisations' applications, starting one, the sections of a draft (saved at any time,
over several visits), attachments, submitting, completing after an information request, and withdrawing.

Partners and aanvragers only (role_required, the first line), and only for their own organisations' applications
(permissions.own_application: 404 for anyone else's). Each change calls one service (services/applications.py) and
redirects; a form with errors is shown again as it was typed, with the messages beside the fields. A section that may
not be edited (submitted, or not reopened) is shown read-only with the workflow's own Dutch words.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Role
from coalition.permissions import role_required

from ..choices import AanvraagStatus, Onderdeel
from ..forms.applicant import (
    FORM_SECTIONS,
    BijlageForm,
    StartForm,
    WithdrawForm,
    budget_totals,
    section_data,
    section_forms,
)
from ..models import Aanvraag, Bijlage, Historie, Regeling
from ..permissions import own_application
from ..queries import applicant as reads
from ..queries.public import open_call_choices
from ..services import applications
from ..workflows import APPLICATION
from ._forms import add_service_error

PER_PAGE = 20

applicant_required = role_required(Role.PARTNER, Role.AANVRAGER)

# The statuses in which the applicant still has something to fill in.
DRAFTING = (AanvraagStatus.CONCEPT, AanvraagStatus.AANVULLEN)


def section_url(aanvraag_pk: int, section: str) -> str:
    if section == Onderdeel.BIJLAGEN:
        return reverse("subsidies:attachments", args=[aanvraag_pk])
    return reverse("subsidies:section", args=[aanvraag_pk, section])


def _history_rows(lines: list[Historie]) -> list[dict]:
    """The history's lines in words: the workflow's label, and what the line is about (a section, a file)."""
    rows = []
    for line in lines:
        about = line.comment
        section = (line.data or {}).get("onderdeel")
        if section in Onderdeel.values:
            about = str(Onderdeel(section).label)
        parts = (line.data or {}).get("onderdelen")
        if parts:
            about = ", ".join(str(Onderdeel(part).label) for part in parts if part in Onderdeel.values)
        rows.append({"label": APPLICATION.step_label(line.step), "at": line.at, "by": line.by, "about": about})
    return rows


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------
@applicant_required
def my_applications(request):
    """The applications of the user's organisations with their status and next step, and the open calls."""
    organisaties = reads.organisaties_of(request.user)
    page = Paginator(reads.applications_of(request.user), PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = [
        {
            "aanvraag": aanvraag,
            "status": aanvraag.get_status_display(),
            "next_step": APPLICATION.state(aanvraag.status).next_step,
            "url": reverse("subsidies:application", args=[aanvraag.pk]),
        }
        for aanvraag in page.object_list
    ]
    return render(
        request,
        "subsidies/applicant/list.html",
        {
            "page": page,
            "organisaties": organisaties,
            "calls": open_call_choices() if organisaties else [],
            "several": len(organisaties) > 1,
        },
    )


@applicant_required
def start(request, slug):
    """Start an application for a call: a page with the button (and the organisation, if the user has several)."""
    regeling = get_object_or_404(Regeling, slug=slug)
    organisaties = reads.organisaties_of(request.user)
    form = StartForm(request.POST or None, organisaties=organisaties)
    now = timezone.now()
    refusal = None if regeling.is_open(now) else applications.call_closed_message(regeling, now)
    if request.method == "POST" and organisaties and form.is_valid():
        try:
            aanvraag = applications.start(
                regeling=regeling, organisatie=form.cleaned_data["organisatie"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Uw aanvraag is begonnen. Vul de onderdelen in; met ‘Bewaren’ kunt u altijd later verder."),
            )
            return redirect(section_url(aanvraag.pk, Onderdeel.PROJECT))
    return render(
        request,
        "subsidies/applicant/start.html",
        {"regeling": regeling, "form": form, "organisaties": organisaties, "refusal": refusal},
    )


# ---------------------------------------------------------------------------
# One application
# ---------------------------------------------------------------------------
def _checklist(aanvraag: Aanvraag) -> list[dict]:
    """Per section: its name, its link, what it still misses, and whether it can be edited now."""
    drafting = aanvraag.status in DRAFTING
    problems = reads.problems_per_section(reads.missing_pieces(aanvraag)) if drafting else {}
    rows = []
    for section in Onderdeel:
        rows.append(
            {
                "section": section.value,
                "label": section.label,
                "url": section_url(aanvraag.pk, section.value),
                "problems": problems.get(section.value, []),
                "editable": applications.edit_refusal(aanvraag, section.value) is None,
                "reopened": section.value in aanvraag.reopened_parts,
            }
        )
    return rows


@applicant_required
def application(request, pk):
    """The overview: status and next step, the checklist of sections, the attachments and the history."""
    aanvraag = own_application(request.user, pk)
    checklist = _checklist(aanvraag)
    return render(
        request,
        "subsidies/applicant/application.html",
        {
            "aanvraag": aanvraag,
            "regeling": aanvraag.regeling,
            "state": APPLICATION.state(aanvraag.status),
            "checklist": checklist,
            "complete": aanvraag.status in DRAFTING and not any(row["problems"] for row in checklist),
            "drafting": aanvraag.status in DRAFTING,
            "asked_for_information": aanvraag.status == AanvraagStatus.AANVULLEN,
            "can_withdraw": APPLICATION.can("ingetrokken", aanvraag.status),
            "bijlagen": list(reads.attachments_of(aanvraag)),
            "history": _history_rows(reads.history_of(aanvraag)),
            "history_shown": reads.HISTORY_SHOWN,
            "call_open": aanvraag.regeling.is_open(),
        },
    )


def _section_nav(aanvraag: Aanvraag, current: str) -> list[dict]:
    return [
        {"label": section.label, "url": section_url(aanvraag.pk, section.value), "current": section.value == current}
        for section in Onderdeel
    ]


def _next_section(section: str) -> str | None:
    order = list(Onderdeel.values)
    index = order.index(section)
    return order[index + 1] if index + 1 < len(order) else None


@applicant_required
def section(request, pk, section):
    """One section of the application as a form; 'Bewaren' saves it as it is (a draft may be incomplete)."""
    aanvraag = own_application(request.user, pk)
    if section == Onderdeel.BIJLAGEN:
        return redirect(section_url(aanvraag.pk, section))
    if section not in FORM_SECTIONS:
        raise Http404
    refusal = applications.edit_refusal(aanvraag, section)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(section_url(aanvraag.pk, section))
        form, formset = section_forms(section, aanvraag, request.POST)
        if (form is None or form.is_valid()) and (formset is None or formset.is_valid()):
            try:
                applications.save_section(
                    aanvraag=aanvraag, section=section, data=section_data(section, form, formset), by=request.user
                )
            except ValidationError as error:
                add_service_error(form or formset.forms[0], error)
            else:
                messages.success(request, _("Bewaard: %(section)s.") % {"section": Onderdeel(section).label})
                following = _next_section(section) if "verder" in request.POST else None
                return redirect(section_url(aanvraag.pk, following or section))
        aanvraag = own_application(request.user, pk)  # the form changed it in memory: show the saved state
        problems = []
    else:
        form, formset = section_forms(section, aanvraag, read_only=bool(refusal))
        problems = reads.problems_per_section(reads.missing_pieces(aanvraag))[section] if not refusal else []
    context = {
        "aanvraag": aanvraag,
        "regeling": aanvraag.regeling,
        "section": section,
        "section_label": Onderdeel(section).label,
        "form": form,
        "formset": formset,
        "refusal": refusal,
        "problems": problems,
        "nav": _section_nav(aanvraag, section),
        "has_next": _next_section(section) is not None,
    }
    if section == Onderdeel.BEGROTING:
        context["totals"] = budget_totals(formset)
    return render(request, "subsidies/applicant/section.html", context)


@applicant_required
def attachments(request, pk):
    """The attachments: the call's documents and which are there, the files, and a form to add one."""
    aanvraag = own_application(request.user, pk)
    refusal = applications.edit_refusal(aanvraag, Onderdeel.BIJLAGEN)
    form = BijlageForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        aanvraag=aanvraag,
    )
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(section_url(aanvraag.pk, Onderdeel.BIJLAGEN))
        if form.is_valid():
            try:
                bijlage = applications.add_attachment(
                    aanvraag=aanvraag,
                    upload=form.cleaned_data["file"],
                    documenteis=form.cleaned_data.get("documenteis"),
                    by=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Toegevoegd: %(name)s.") % {"name": bijlage.name})
                return redirect(section_url(aanvraag.pk, Onderdeel.BIJLAGEN))
    bijlagen = list(reads.attachments_of(aanvraag))
    present = {bijlage.documenteis_id for bijlage in bijlagen}
    documenten = [
        {"eis": eis, "present": eis.pk in present}
        for eis in aanvraag.regeling.documenteisen.order_by("-required", "name")
    ]
    return render(
        request,
        "subsidies/applicant/attachments.html",
        {
            "aanvraag": aanvraag,
            "regeling": aanvraag.regeling,
            "form": form,
            "refusal": refusal,
            "bijlagen": bijlagen,
            "documenten": documenten,
            "nav": _section_nav(aanvraag, Onderdeel.BIJLAGEN),
            "section_label": Onderdeel.BIJLAGEN.label,
        },
    )


@applicant_required
def attachment_remove(request, pk):
    """Removing an attachment: GET asks first, POST removes."""
    bijlage = get_object_or_404(Bijlage.objects.select_related("aanvraag"), pk=pk)
    aanvraag = own_application(request.user, bijlage.aanvraag_id)
    back = section_url(aanvraag.pk, Onderdeel.BIJLAGEN)
    refusal = applications.edit_refusal(aanvraag, Onderdeel.BIJLAGEN)
    if refusal:
        messages.error(request, refusal)
        return redirect(back)
    if request.method == "POST":
        try:
            applications.remove_attachment(bijlage=bijlage, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Verwijderd: %(name)s.") % {"name": bijlage.name})
        return redirect(back)
    return render(
        request, "subsidies/applicant/attachment_remove.html", {"aanvraag": aanvraag, "bijlage": bijlage, "back": back}
    )


# ---------------------------------------------------------------------------
# Submitting, completing, withdrawing
# ---------------------------------------------------------------------------
def _errors_with_links(aanvraag: Aanvraag, error: ValidationError) -> list[dict]:
    """A service's refusal as a list: each missing piece with a link to its section (its code)."""
    return [
        {
            "message": " ".join(str(message) for message in item.messages),
            "url": section_url(aanvraag.pk, item.code) if item.code in Onderdeel.values else None,
            "section": Onderdeel(item.code).label if item.code in Onderdeel.values else None,
        }
        for item in error.error_list
    ]


@applicant_required
def submit(request, pk):
    """GET: what is still missing (with links), or the button. POST: submit (or, after an information request,
    send the completed application back). A second click hears that it was submitted already."""
    aanvraag = own_application(request.user, pk)
    overview = reverse("subsidies:application", args=[aanvraag.pk])
    if aanvraag.status not in DRAFTING and request.method != "POST":
        return redirect(overview)  # nothing to submit: the overview shows the status
    completing = aanvraag.status == AanvraagStatus.AANVULLEN
    errors: list[dict] = []
    if request.method == "POST":
        service = applications.complete_information if completing else applications.submit
        try:
            service(aanvraag=aanvraag, by=request.user)
        except ValidationError as error:
            if error.error_list and error.error_list[0].code == "state":
                messages.info(request, " ".join(error.messages))
                return redirect(overview)
            errors = _errors_with_links(aanvraag, error)
        else:
            messages.success(
                request,
                _("Uw aanvulling is verstuurd. U krijgt een bevestiging per e-mail.")
                if completing
                else _("Uw aanvraag is ingediend. U krijgt een bevestiging per e-mail."),
            )
            return redirect(overview)
    else:
        now = timezone.now()
        if completing:
            too_late = applications.deadline_passed(aanvraag, at=now)
            if too_late:
                errors.append({"message": too_late, "url": None})
        elif not aanvraag.regeling.is_open(now):
            errors.append({"message": applications.call_closed_message(aanvraag.regeling, now), "url": None})
        errors += [
            {"message": piece.message, "url": section_url(aanvraag.pk, piece.section),
             "section": Onderdeel(piece.section).label}
            for piece in reads.missing_pieces(aanvraag)
        ]  # fmt: skip
    return render(
        request,
        "subsidies/applicant/submit.html",
        {"aanvraag": aanvraag, "regeling": aanvraag.regeling, "errors": errors, "completing": completing},
        status=200,
    )


@applicant_required
def withdraw(request, pk):
    """Withdrawing: GET asks first (with an optional reason), POST withdraws."""
    aanvraag = own_application(request.user, pk)
    overview = reverse("subsidies:application", args=[aanvraag.pk])
    transition = APPLICATION.transition("ingetrokken")
    if not APPLICATION.can(transition.name, aanvraag.status):
        done = transition.done and aanvraag.status == transition.target
        messages.info(request, str(transition.done if done else transition.refused))
        return redirect(overview)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            applications.withdraw(aanvraag=aanvraag, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("Uw aanvraag is ingetrokken."))
        return redirect(overview)
    return render(request, "subsidies/applicant/withdraw.html", {"aanvraag": aanvraag, "form": form, "back": overview})
