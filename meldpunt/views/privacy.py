"""Privacy pages: the audit log for the functionaris gegevensbescherming, and the rights of the person
(everything held about them, readable and as JSON; erasing on request) for staff of the case's meldpunt.

Reading and exporting is itself written to the audit log.
"""

import json

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Role
from coalition.permissions import role_required

from ..choices import AuditAction
from ..forms.privacy import AboutOthersForm, AuditFilterForm, EraseForm, IncludeOthersForm
from ..models import Melding
from ..permissions import case_for, staff_required
from ..presenters import privacy as privacy_words
from ..queries.privacy import audit_lines, case_export_data, other_cases_of_person, privacy_cases
from ..services import audit, privacy, rights

PER_PAGE = 50
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


# ---------------------------------------------------------------------------
# The audit log
# ---------------------------------------------------------------------------
def _filtered_lines(form: AuditFilterForm):
    """The audit lines matching the form's valid filters (an invalid filter is left out, and shown)."""
    data = form.cleaned_data if form.is_bound else {}
    return audit_lines(
        number=data.get("nummer") or "",
        user=data.get("gebruiker"),
        action=data.get("handeling") or "",
        start=data.get("van"),
        end=data.get("tot"),
    )


def _filter_form(request) -> AuditFilterForm:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid fields and the errors for the others
    return form


@role_required(Role.FUNCTIONARIS)
def auditlog(request):
    """Who read or changed which case, when. Only the functionaris gegevensbescherming reads it."""
    form = _filter_form(request)
    page = Paginator(_filtered_lines(form), PER_PAGE).get_page(request.GET.get("pagina"))
    response = render(request, "meldpunt/privacy/auditlog.html", {"form": form, "page": page})
    # Logged after the page is made, so the page's count and lines agree.
    audit.log(request.user, None, AuditAction.BEKEKEN, f"auditlog {form.summary()}".strip())
    return response


@role_required(Role.FUNCTIONARIS)
def auditlog_export(request):
    """The filtered lines as CSV (default) or Excel (?formaat=xlsx)."""
    form = _filter_form(request)
    if form.errors:
        page = Paginator(_filtered_lines(form), PER_PAGE).get_page(1)
        return render(request, "meldpunt/privacy/auditlog.html", {"form": form, "page": page})
    fmt = request.GET.get("formaat", "csv")
    content_type, extension = EXPORT_FORMATS.get(fmt, EXPORT_FORMATS["csv"])
    dataset = tablib.Dataset(headers=privacy_words.audit_headers())
    for row in privacy_words.audit_rows(_filtered_lines(form).iterator(chunk_size=2000)):
        dataset.append(row)
    audit.log(request.user, None, AuditAction.GEEXPORTEERD, f"auditlog ({extension}) {form.summary()}".strip())
    # In CSV the byte order mark makes Excel read UTF-8, and the semicolon makes Dutch Excel split the columns.
    if extension == "csv":
        body = "\ufeff" + dataset.export("csv", delimiter=privacy_words.CSV_DELIMITER)
    else:
        body = dataset.export("xlsx")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="auditlog-{timezone.localdate():%Y%m%d}.{extension}"'
    return response


# ---------------------------------------------------------------------------
# The rights of the person
# ---------------------------------------------------------------------------
def _case(request, number) -> Melding:
    return case_for(request, number, privacy_cases())


def _json_response(melding: Melding, data: dict) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{melding.number}-gegevens.json"'
    return response


@staff_required
def case_export(request, number):
    """Everything held about the person in this case: a readable, printable page, or ?formaat=json.

    Data about others is left out (AVG art. 15(4)); a POST includes chosen parts of it, with a reason (audited)."""
    melding = _case(request, number)
    data = case_export_data(melding)
    include_form = IncludeOthersForm(request.POST or None, left_out=data["weggelaten"])
    as_json = (request.POST if request.method == "POST" else request.GET).get("formaat") == "json"
    what = _("alle gegevens (JSON)") if as_json else _("alle gegevens (leesbaar)")
    if request.method == "POST" and include_form.is_valid():
        keys = include_form.cleaned_data["opnemen"]
        rights.log_export_with_others(melding, keys, include_form.cleaned_data["reden"], request.user, what=what)
        data = case_export_data(melding, include=frozenset(keys))
    elif request.method == "POST":
        as_json = False  # the form goes back with its errors
        audit.log(request.user, melding, AuditAction.BEKEKEN, _("alle gegevens (leesbaar)"))
    else:
        audit.log(request.user, melding, AuditAction.GEEXPORTEERD, what)
    if as_json:
        return _json_response(melding, _plain(data))
    return render(
        request,
        "meldpunt/privacy/export.html",
        {
            "melding": melding,
            "data": data,
            "include_form": include_form,
            "other_cases": list(other_cases_of_person(melding)[:20]),
        },
    )


def _plain(data: dict) -> dict:
    """The export as JSON: what was left out as plain values."""
    return data | {"weggelaten": [vars(item) for item in data["weggelaten"]]}


@staff_required
def case_about_others(request, number):
    """Mark or unmark a free text of the case as holding data about others (a POST); back to the export page."""
    melding = _case(request, number)
    if request.method != "POST":
        return redirect("meldpunt:case_export", number)
    form = AboutOthersForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dat ging niet: kies een tekst van deze melding."))
        return redirect("meldpunt:case_export", number)
    kind, pk = form.cleaned_data["soort"], form.cleaned_data["nummer"]
    try:
        if form.cleaned_data["markeren"]:
            rights.mark_about_others(melding, kind, pk, request.user)
            messages.success(request, _("Deze tekst staat niet meer in het overzicht voor de persoon."))
        else:
            rights.unmark_about_others(melding, kind, pk, request.user)
            messages.success(request, _("Deze tekst staat weer in het overzicht voor de persoon."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("meldpunt:case_export", args=[number]) + f"#{kind}-{pk}")


@staff_required
def case_erase(request, number):
    """Erase the person's data on their request: a confirmation with a reason, then anonymise."""
    melding = _case(request, number)
    if melding.anonymised_at is not None:
        if request.method == "POST":
            messages.info(request, _("De gegevens van melding %(number)s zijn al gewist.") % {"number": number})
            return redirect(melding.get_absolute_url())
        audit.log_view(request.user, melding, _("wissen"))
        return render(request, "meldpunt/privacy/erase.html", {"melding": melding, "form": None})
    form = EraseForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            erased = privacy.erase_on_request(melding, form.cleaned_data["reden"], request.user)
        except ValidationError as error:
            form.add_error("reden", error)
        else:
            message = _(
                "De gegevens van melding %(numbers)s zijn gewist. "
                "De melding telt nog mee in de cijfers, zonder gegevens over de persoon."
            )
            messages.success(request, message % {"numbers": ", ".join(m.number for m in erased)})
            return redirect("meldpunt:index")
    audit.log_view(request.user, melding, _("wissen"))
    return render(
        request,
        "meldpunt/privacy/erase.html",
        {"melding": melding, "form": form, "other_cases": list(other_cases_of_person(melding)[:20])},
    )


urlpatterns = [
    path("auditlog/", auditlog, name="auditlog"),
    path("auditlog/export/", auditlog_export, name="auditlog_export"),
    # The right of access ("inzage"); meldingen/<number>/gegevens/ is the case file's edit page.
    path("meldingen/<str:number>/inzage/", case_export, name="case_export"),
    path("meldingen/<str:number>/inzage/anderen/", case_about_others, name="case_about_others"),
    path("meldingen/<str:number>/wissen/", case_erase, name="case_erase"),
]
