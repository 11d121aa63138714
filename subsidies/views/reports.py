"""After the grant: the reports of a project, and putting the project's activity on the sociale kaart.

- `reports`: the reports a reader has to look at, in the tabs of the report's workflow (an applicant: those of
  the organisations they act for; a coördinator: all).
- `report`: one report. The applicant (a partner or aanvrager of the application's organisation) fills it in, saves
  it and submits it; the coördinator reads it and accepts it (`report_accept`) or asks for changes
  (`report_changes`). It shows what the platform already knows when the project is on the sociale kaart.
- `publish`: the listing for the sociale kaart, filled in from the application; the applicant confirms it.

An application the reader may not see is a 404 (subsidies/permissions.py). Each change is one service call
(services/reports.py, services/publication.py); on success a message and a redirect, on an error the page again
with the form as filled in and the message beside the field.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.models import Role, User
from coalition.permissions import role_required

from ..choices import MeetVorm, RapportStatus
from ..forms.reports import FeedbackForm, ListingForm, ReportForm
from ..models import Aanvraag, Begrotingsregel, Doel, Rapportage
from ..money import euro
from ..permissions import APPLICANT_ROLES, application_for_coordinator, own_application
from ..queries import reports as queries
from ..services import publication
from ..services import reports as services
from ..workflows import APPLICATION, GRANTED, REPORT

PER_PAGE = 25
readers = role_required(Role.PARTNER, Role.AANVRAGER, Role.COORDINATOR)
applicants = role_required(Role.PARTNER, Role.AANVRAGER)
coordinators = role_required(Role.COORDINATOR)

TAB_LABELS = {
    "open": gettext_lazy("Nog in te dienen"),
    "ingediend": gettext_lazy("Ingediend"),
    "klaar": gettext_lazy("Geaccepteerd"),
}
EMPTY = {
    "open": gettext_lazy(
        "Er staan geen rapportages open. Krijgt een project subsidie, dan staan de rapportages met hun datum hier."
    ),
    "ingediend": gettext_lazy(
        "Er wachten geen ingediende rapportages op de coördinator. Dien een rapportage in bij ‘Nog in te dienen’."
    ),
    "klaar": gettext_lazy("Nog geen rapportage geaccepteerd. Een ingediende rapportage staat bij ‘Ingediend’."),
}


def _is_applicant(user: User) -> bool:
    return user.has_role(*APPLICANT_ROLES)


def _service_error(form: Form, error: ValidationError) -> None:
    """A service's messages beside the fields they name; the others above the form."""
    if hasattr(error, "error_dict"):
        for name, found in error.message_dict.items():
            form.add_error(name if name in form.fields else None, found)
    else:
        form.add_error(None, error.messages)


# ---------------------------------------------------------------------------
# The overview
# ---------------------------------------------------------------------------
@readers
def reports(request) -> HttpResponse:
    user = request.user
    default = queries.FIRST_TAB.get(user.role, queries.DEFAULT_TAB)
    tab = request.GET.get("lijst", default)
    if tab not in queries.REPORT_TABS:
        tab = default
    counts = queries.report_counts(user)
    paginator = Paginator(queries.report_list(user, tab), PER_PAGE)
    paginator.count = counts[tab]  # known already: saves a COUNT query
    page = paginator.get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    rows = [{"report": r, "overdue": queries.is_overdue(r, today)} for r in page.object_list]
    return render(
        request,
        "subsidies/reports/index.html",
        {
            "tabs": [
                {"key": key, "label": TAB_LABELS[key], "count": counts[key], "active": key == tab}
                for key in queries.REPORT_TABS
            ],
            "tab": tab,
            "tab_label": TAB_LABELS[tab],
            "page": page,
            "rows": rows,
            "empty_text": EMPTY[tab],
            "coordinator": user.has_role(Role.COORDINATOR),
        },
    )


# ---------------------------------------------------------------------------
# One report
# ---------------------------------------------------------------------------
def _report(request, pk: int, rapport_pk: int) -> tuple[Aanvraag, Rapportage]:
    """The application and its report, or 404: a coördinator reads every one, an applicant their own."""
    user = request.user
    aanvraag = application_for_coordinator(pk) if user.has_role(Role.COORDINATOR) else own_application(user, pk)
    rapportage = queries.report_of(aanvraag, rapport_pk)
    if rapportage is None:
        raise Http404
    rapportage.aanvraag = aanvraag
    return aanvraag, rapportage


def _figures(rapportage: Rapportage, doelen: list[Doel], lines: list[Begrotingsregel]) -> dict[str, Any]:
    """The saved report as rows for reading: reach beside each target, spending beside each budget line."""
    reached = {row.doel_id: row.reached for row in rapportage.bereik.all()}
    spent = {row.begrotingsregel_id: row.spent for row in rapportage.uitgaven.all()}
    labels = dict(MeetVorm.choices)
    budget_total = sum((line.amount for line in lines), start=Decimal(0))
    spent_total = sum(spent.values(), start=Decimal(0))
    return {
        "reach_rows": [{"doel": doel, "reached": reached.get(doel.pk)} for doel in doelen],
        "spending_rows": [
            {"line": line, "amount": euro(line.amount), "spent": euro(spent[line.pk]) if line.pk in spent else None}
            for line in lines
        ],
        "budget_total": euro(budget_total),
        "spent_total": euro(spent_total) if spent else None,
        "measurement_rows": [{"label": labels[m.form], "meting": m} for m in rapportage.metingen.all()],
    }


def _render(request, aanvraag: Aanvraag, rapportage: Rapportage, **forms: Form) -> HttpResponse:
    user = request.user
    doelen, lines = queries.targets(aanvraag), queries.budget_lines(aanvraag)
    applicant = _is_applicant(user)
    editable = applicant and REPORT.can("rapport_bewaard", rapportage.status)
    measurement = aanvraag.regeling.requires_measurement
    context: dict[str, Any] = {
        "aanvraag": aanvraag,
        "rapportage": rapportage,
        "state": REPORT.state(rapportage.status),
        "editable": editable,
        "applicant": applicant,
        "can_review": user.has_role(Role.COORDINATOR) and REPORT.can("rapport_geaccepteerd", rapportage.status),
        "overdue": queries.is_overdue(rapportage, timezone.localdate()),
        "measurement": measurement,
        "platform": queries.platform_figures(aanvraag),
        "history": [
            {"line": line, "label": REPORT.step_label(line.data.get("what", ""))}
            for line in queries.report_history(rapportage)
        ],
        "Status": RapportStatus,
        **_figures(rapportage, doelen, lines),
    }
    if editable and "form" in forms:
        context["form"] = forms["form"]
    elif editable:
        initial = ReportForm.initial_for(rapportage)
        if measurement and not rapportage.metingen.all():
            # Pre-filled with what the meldpunt measured among the people referred to the project's activity.
            prefill = queries.measurement_prefill(context["platform"])
            context["prefilled"] = bool(prefill)
            initial |= prefill
        context["form"] = ReportForm(initial=initial, doelen=doelen, begroting=lines, measurement=measurement)
    if context["can_review"]:
        context["feedback_form"] = forms.get("feedback_form") or FeedbackForm()
    # A message of no field shows at the top, unless its form is on the page (its summary lists it there).
    shown = {"form": editable, "feedback_form": context["can_review"]}
    context["action_errors"] = [
        error for name, form in forms.items() if not shown.get(name) for error in form.non_field_errors()
    ]
    return render(request, "subsidies/reports/report.html", context)


@readers
def report(request, pk: int, rapport_pk: int) -> HttpResponse:
    aanvraag, rapportage = _report(request, pk, rapport_pk)
    if request.method != "POST":
        return _render(request, aanvraag, rapportage)
    user = request.user
    if not _is_applicant(user):
        raise PermissionDenied  # the coördinator reads the report; only the applicant fills it in
    form = ReportForm(
        request.POST,
        doelen=queries.targets(aanvraag),
        begroting=queries.budget_lines(aanvraag),
        measurement=aanvraag.regeling.requires_measurement,
    )
    submitting = request.POST.get("actie") == "indienen"
    if form.is_valid():
        act = services.submit if submitting else services.save
        try:
            act(rapportage=rapportage, content=form.content(), by=user)
        except ValidationError as error:
            _service_error(form, error)
        else:
            if submitting:
                messages.success(
                    request, _("De rapportage is ingediend. De coördinator leest hem en laat het u weten.")
                )
            else:
                messages.success(request, _("De rapportage is bewaard. U kunt later verder gaan."))
            return redirect("subsidies:report", pk=aanvraag.pk, rapport_pk=rapportage.pk)
    if submitting and form.errors:
        form.error_title = gettext_lazy("De rapportage is nog niet compleet")
    rapportage = queries.report_of(aanvraag, rapportage.pk) or rapportage  # as saved (a failed submit saved nothing)
    rapportage.aanvraag = aanvraag
    return _render(request, aanvraag, rapportage, form=form)


def _review(request, pk: int, rapport_pk: int, *, with_feedback: bool) -> HttpResponse:
    aanvraag, rapportage = _report(request, pk, rapport_pk)
    if request.method != "POST":
        return redirect("subsidies:report", pk=aanvraag.pk, rapport_pk=rapportage.pk)
    user = request.user
    form: Form = FeedbackForm(request.POST) if with_feedback else Form(request.POST)
    if form.is_valid():
        try:
            if with_feedback:
                services.request_changes(rapportage=rapportage, feedback=form.cleaned_data["feedback"], by=user)
            else:
                services.accept(rapportage=rapportage, by=user)
        except ValidationError as error:
            _service_error(form, error)
        else:
            if with_feedback:
                messages.success(request, _("De rapportage is teruggestuurd. De aanvrager krijgt een e-mail."))
            else:
                messages.success(request, _("De rapportage is geaccepteerd. De aanvrager krijgt een e-mail."))
            return redirect("subsidies:report", pk=aanvraag.pk, rapport_pk=rapportage.pk)
    rapportage = queries.report_of(aanvraag, rapportage.pk) or rapportage
    rapportage.aanvraag = aanvraag
    return _render(request, aanvraag, rapportage, **({"feedback_form": form} if with_feedback else {"accept": form}))


@coordinators
def report_accept(request, pk: int, rapport_pk: int) -> HttpResponse:
    return _review(request, pk, rapport_pk, with_feedback=False)


@coordinators
def report_changes(request, pk: int, rapport_pk: int) -> HttpResponse:
    return _review(request, pk, rapport_pk, with_feedback=True)


# ---------------------------------------------------------------------------
# On the sociale kaart
# ---------------------------------------------------------------------------
@applicants
def publish(request, pk: int) -> HttpResponse:
    """The listing proposed for the sociale kaart, filled in from the application; the applicant confirms it."""
    user = request.user
    aanvraag = own_application(user, pk)
    granted = aanvraag.status in GRANTED
    form = None
    if granted and aanvraag.activiteit_id is None:
        if request.method == "POST":
            form = ListingForm(request.POST, aanvraag=aanvraag)
            if form.is_valid():
                try:
                    publication.publish(aanvraag=aanvraag, listing=form.listing(), by=user)
                except ValidationError as error:
                    _service_error(form, error)
                else:
                    messages.success(
                        request,
                        _("Uw activiteit is aangemeld voor de sociale kaart. De coördinator kijkt er nog naar."),
                    )
                    return redirect("subsidies:publish", pk=aanvraag.pk)
        else:
            form = ListingForm(initial=queries.listing_proposal(aanvraag), aanvraag=aanvraag)
    elif request.method == "POST":
        messages.error(
            request,
            _("Dit project staat al op de sociale kaart.")
            if aanvraag.activiteit_id
            else str(APPLICATION.transition(publication.STEP).refused),
        )
        return redirect("subsidies:publish", pk=aanvraag.pk)
    return render(
        request,
        "subsidies/reports/publish.html",
        {
            "aanvraag": aanvraag,
            "granted": granted,
            "form": form,
            "activiteit": aanvraag.activiteit,
            "reports_url": reverse("subsidies:reports"),
        },
    )
