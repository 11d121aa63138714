"""Measurements on a case: entering a De Jong Gierveld or Positieve Gezondheid measurement, and the
measurements section of the case page (`measurements_section`, merged into the case page's context).

Only staff of the case's own meldpunt open these pages (permissions.case_for); every page view is written to
the audit log, every saved measurement too (by the service).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..choices import DJGForm, Moment, Status
from ..forms.measurements import DJGMeasurementForm, PGMeasurementForm
from ..models import Melding
from ..permissions import case_for, staff_required
from ..presenters import measurements as measurement_words
from ..queries.case import has_djg, has_pg, measurement_cases, measurements_of
from ..scales import DJG_NOT_A_DIAGNOSIS, DJG_STEM, DJG_STEM_HINT
from ..services import measurements
from ..services.audit import log_view

# ---------------------------------------------------------------------------------------------------------------
# The case page's section
# ---------------------------------------------------------------------------------------------------------------


def measurements_section(melding: Melding) -> dict:
    """Context for templates/meldpunt/case/_measurements.html, under the key `measurements`. Two queries."""
    djg, pg = measurements_of(melding)
    return {"measurements": measurement_words.section(melding, djg, pg)}


# ---------------------------------------------------------------------------------------------------------------
# Entering a measurement
# ---------------------------------------------------------------------------------------------------------------


def _case(request, number: str) -> Melding:
    return case_for(request, number, measurement_cases())


def _blocked(melding: Melding) -> str:
    """Why no measurement can be added to this case, or ''."""
    try:
        measurements.check_case(melding)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _initial_moment(request, melding: Melding, has_earlier) -> str:
    """?moment=eind (from closing the case) wins; otherwise intake for the first, then tussentijds."""
    asked = request.GET.get("moment", "")
    if asked in Moment.values:
        return asked
    if melding.status == Status.GESLOTEN:
        return Moment.EIND
    return Moment.TUSSENTIJDS if has_earlier() else Moment.INTAKE


@staff_required
def djg_add(request, number):
    """Enter a De Jong Gierveld measurement item by item: ?vorm=djg6 for the short form, ?schaal=5 for five answers."""
    melding = _case(request, number)
    djg_form = DJGForm.DJG6 if request.GET.get("vorm") == DJGForm.DJG6 else DJGForm.DJG11
    five_point = request.GET.get("schaal") == "5"
    form = DJGMeasurementForm(
        request.POST if request.method == "POST" else None,
        melding=melding,
        djg_form=djg_form,
        five_point=five_point,
        initial={"moment": _initial_moment(request, melding, lambda: has_djg(melding))},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meting = measurements.record_djg(
                melding, djg_form, data["moment"], data["measured_on"], form.answers(), request.user
            )
        except ValidationError as error:
            form.add_error(None, error)  # beside the field it is about, or above the form
        else:
            missing = sum(1 for answer in meting.answers.values() if not answer)
            messages.success(
                request,
                _("Meting opgeslagen. %(summary)s")
                % {"summary": measurements.djg_summary(meting.form, meting.total, meting.category, missing)},
            )
            return redirect(melding.get_absolute_url() + "#metingen")
    log_view(request.user, melding, _("meting De Jong Gierveld invoeren"))

    base = reverse("meldpunt:djg_add", args=[melding.number])

    def variant(vorm, schaal):
        params = [f"vorm={vorm.value}"] if vorm == DJGForm.DJG6 else []
        if schaal:
            params.append("schaal=5")
        if request.GET.get("moment", "") in Moment.values:
            params.append(f"moment={request.GET['moment']}")
        return base + ("?" + "&".join(params) if params else "")

    return render(
        request,
        "meldpunt/measurements/djg_form.html",
        {
            "melding": melding,
            "form": form,
            "djg_form": djg_form,
            "five_point": five_point,
            "blocked": _blocked(melding),
            "stem": DJG_STEM,
            "stem_hint": DJG_STEM_HINT,
            "not_a_diagnosis": DJG_NOT_A_DIAGNOSIS,
            "other_form_url": variant(DJGForm.DJG11 if djg_form == DJGForm.DJG6 else DJGForm.DJG6, five_point),
            "other_scale_url": variant(djg_form, not five_point),
        },
    )


@staff_required
def pg_add(request, number):
    """Enter a Positieve Gezondheid measurement: six marks from 0 to 10."""
    melding = _case(request, number)
    form = PGMeasurementForm(
        request.POST if request.method == "POST" else None,
        melding=melding,
        initial={"moment": _initial_moment(request, melding, lambda: has_pg(melding))},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurements.record_pg(melding, data["moment"], data["measured_on"], form.scores(), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Meting opgeslagen. %(summary)s") % {"summary": measurements.pg_summary(form.scores())}
            )
            return redirect(melding.get_absolute_url() + "#metingen")
    log_view(request.user, melding, _("meting Positieve Gezondheid invoeren"))
    return render(
        request,
        "meldpunt/measurements/pg_form.html",
        {"melding": melding, "form": form, "blocked": _blocked(melding)},
    )


urlpatterns = [
    path("meldingen/<str:number>/metingen/djg/nieuw/", djg_add, name="djg_add"),
    path("meldingen/<str:number>/metingen/pg/nieuw/", pg_add, name="pg_add"),
]
