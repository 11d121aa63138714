"""Measurements on a case: entering a De Jong Gierveld or Positieve Gezondheid measurement, and the
measurements section of the case page (`measurements_section`, merged into the case page's context).

Only staff of the case's own meldpunt open these pages (permissions.case_for); every page view is written to
the audit log, every saved measurement too (by the service).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..charts import spider_chart, trend_chart
from ..choices import CloseReason, DJGForm, Moment, Status
from ..forms.measurements import DJGMeasurementForm, PGMeasurementForm
from ..models import Melding
from ..permissions import case_for, staff_required
from ..scales import (
    DJG6_SUBSCALE_THRESHOLD,
    DJG_ITEMS,
    DJG_NOT_A_DIAGNOSIS,
    DJG_STEM,
    DJG_STEM_HINT,
    PG_DIMENSIONS,
    DJGCategory,
    Subscale,
    djg_category,
)
from ..services import measurements
from ..services.audit import log_view

# No end measurement is asked for when the person died or the case was folded into another one.
NO_END_PROMPT_REASONS = (CloseReason.OVERLEDEN, CloseReason.SAMENGEVOEGD)


# ---------------------------------------------------------------------------------------------------------------
# The case page's section
# ---------------------------------------------------------------------------------------------------------------


def _lonely_from(form: DJGForm) -> int:
    """The lowest total that counts as "eenzaam": 3 of 11 (GGD), 2 of 6 (CBS)."""
    return next(t for t in range(len(DJG_ITEMS[form]) + 1) if djg_category(form, t) != DJGCategory.NIET)


def _subscale_max(form: DJGForm, subscale: Subscale) -> int:
    return sum(1 for item in DJG_ITEMS[form] if item.subscale == subscale)


def _category_label(value: str) -> str:
    try:
        return str(DJGCategory(value).label)
    except ValueError:
        return value


def _form_label(form: str) -> str:
    return _("%(items)d items") % {"items": len(DJG_ITEMS[DJGForm(form)])}


def _long_date(day) -> str:
    return date_format(day, "DATE_FORMAT")


def _djg_row(meting, threshold: int) -> dict:
    form = DJGForm(meting.form)
    applied = threshold if form == DJGForm.DJG11 else DJG6_SUBSCALE_THRESHOLD
    notes = []
    if meting.emotional is not None and meting.emotional >= applied:
        notes.append(_("emotioneel eenzaam"))
    if meting.social is not None and meting.social >= applied:
        notes.append(_("sociaal eenzaam"))
    if any(not answer for answer in (meting.answers or {}).values()):
        notes.append(_("1 uitspraak open"))
    return {
        "meting": meting,
        "form_label": _form_label(form),
        "max_total": len(DJG_ITEMS[form]),
        "max_emotional": _subscale_max(form, Subscale.EMOTIONAL),
        "max_social": _subscale_max(form, Subscale.SOCIAL),
        "category": _category_label(meting.category),
        "notes": notes,  # the subscales that count as lonely (threshold from the settings), an open statement
    }


def _change_in_words(first, last) -> str:
    """The change between two measurements of the same form, in plain words."""
    values = {
        "first": first.total,
        "first_category": _category_label(first.category).lower(),
        "first_date": _long_date(first.measured_on),
        "last": last.total,
        "last_category": _category_label(last.category).lower(),
        "last_date": _long_date(last.measured_on),
    }
    difference = last.total - first.total
    if difference == 0:
        return (
            _(
                "Gelijk gebleven: %(first)d (%(first_category)s) bij de eerste meting op %(first_date)s "
                "en %(last)d (%(last_category)s) bij de laatste op %(last_date)s."
            )
            % values
        )
    values["points"] = abs(difference)
    if difference < 0:
        text = ngettext(
            "Van %(first)d (%(first_category)s) op %(first_date)s naar %(last)d (%(last_category)s) "
            "op %(last_date)s: %(points)d punt lager, dus minder eenzaam dan bij de eerste meting.",
            "Van %(first)d (%(first_category)s) op %(first_date)s naar %(last)d (%(last_category)s) "
            "op %(last_date)s: %(points)d punten lager, dus minder eenzaam dan bij de eerste meting.",
            values["points"],
        )
    else:
        text = ngettext(
            "Van %(first)d (%(first_category)s) op %(first_date)s naar %(last)d (%(last_category)s) "
            "op %(last_date)s: %(points)d punt hoger, dus eenzamer dan bij de eerste meting.",
            "Van %(first)d (%(first_category)s) op %(first_date)s naar %(last)d (%(last_category)s) "
            "op %(last_date)s: %(points)d punten hoger, dus eenzamer dan bij de eerste meting.",
            values["points"],
        )
    return text % values


def _djg_trends(djg: list) -> list[dict]:
    """One trend per form with two or more measurements: 11 and 6 items have their own scales."""
    trends = []
    for form in DJGForm:
        metingen = [m for m in djg if m.form == form]
        if len(metingen) < 2:
            continue
        lonely_from = _lonely_from(form)
        trends.append(
            {
                "form": form,
                "label": form.label,
                "form_label": _form_label(form),
                "max_total": len(DJG_ITEMS[form]),
                "lonely_from": lonely_from,
                "chart": trend_chart(
                    [(m.measured_on, m.total) for m in metingen],
                    len(DJG_ITEMS[form]),
                    reference_lines=[(lonely_from, _("eenzaam (%(n)d of meer)") % {"n": lonely_from})],
                ),
                "change": _change_in_words(metingen[0], metingen[-1]),
            }
        )
    return trends


def _mixed_forms_change(first, last) -> str:
    return _(
        "De eerste meting (%(first_form)s, %(first_date)s) gaf: %(first_category)s. De laatste meting "
        "(%(last_form)s, %(last_date)s) gaf: %(last_category)s. Dit zijn verschillende vragenlijsten: "
        "vergelijk alleen de uitkomst, niet de scores."
    ) % {
        "first_form": _form_label(first.form),
        "first_date": _long_date(first.measured_on),
        "first_category": _category_label(first.category).lower(),
        "last_form": _form_label(last.form),
        "last_date": _long_date(last.measured_on),
        "last_category": _category_label(last.category).lower(),
    }


def _add_links(melding: Melding) -> dict:
    djg_url = reverse("meldpunt:djg_add", args=[melding.number])
    return {
        "djg11": djg_url,
        "djg6": f"{djg_url}?vorm={DJGForm.DJG6.value}",
        "djg_end": f"{djg_url}?moment={Moment.EIND.value}",
        "pg": reverse("meldpunt:pg_add", args=[melding.number]),
    }


def measurements_section(melding: Melding) -> dict:
    """Context for templates/meldpunt/case/_measurements.html, under the key `measurements`. Two queries."""
    djg = list(melding.djg_metingen.all())  # by date, then as entered
    pg = list(melding.pg_metingen.all())
    threshold = getattr(settings, "MELDPUNT_DJG_SUBSCALE_THRESHOLD", 3)

    mixed_change = ""
    if len(djg) >= 2 and djg[0].form != djg[-1].form:
        mixed_change = _mixed_forms_change(djg[0], djg[-1])

    pg_section = None
    if pg:
        latest = pg[-1]
        columns = list(reversed(pg))  # newest first: the latest is the spider chart
        pg_section = {
            "latest": latest,
            "chart": spider_chart({d.key: getattr(latest, d.key) for d in PG_DIMENSIONS}),
            "columns": columns,
            "rows": [{"dimension": d, "marks": [getattr(m, d.key) for m in columns]} for d in PG_DIMENSIONS],
        }

    can_add = melding.anonymised_at is None and melding.merged_into_id is None
    needs_end = (
        can_add
        and melding.status == Status.GESLOTEN
        and melding.close_reason not in NO_END_PROMPT_REASONS
        and not any(m.moment == Moment.EIND for m in djg)
    )
    return {
        "measurements": {
            "empty": not djg and not pg,
            "djg_rows": [_djg_row(m, threshold) for m in djg],
            "djg_trends": _djg_trends(djg),
            "djg_forms_used": len({m.form for m in djg}),
            "mixed_change": mixed_change,
            "subscale_threshold": threshold,
            "pg": pg_section,
            "can_add": can_add,
            "needs_end_measurement": needs_end,
            "links": _add_links(melding) if can_add else {},
            "not_a_diagnosis": DJG_NOT_A_DIAGNOSIS,
        }
    }


# ---------------------------------------------------------------------------------------------------------------
# Entering a measurement
# ---------------------------------------------------------------------------------------------------------------


def _case(request, number: str) -> Melding:
    return case_for(request, number, Melding.objects.select_related("meldpunt"))


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
        initial={"moment": _initial_moment(request, melding, melding.djg_metingen.exists)},
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
        initial={"moment": _initial_moment(request, melding, melding.pg_metingen.exists)},
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
