"""The measurements section of the case page in words and charts: each De Jong Gierveld measurement with its
outcome, the trend per form with the change in plain words, the latest Positieve Gezondheid as a spider chart, and
whether the end measurement is still to do. The measurements come from queries.case.measurements_of."""

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..charts import spider_chart, trend_chart
from ..choices import NO_END_MEASUREMENT_REASONS, DJGForm, Moment, Status
from ..models import Melding
from ..scales import (
    DEFAULT_DJG11_SUBSCALE_THRESHOLD,
    DJG6_SUBSCALE_THRESHOLD,
    DJG_ITEMS,
    DJG_NOT_A_DIAGNOSIS,
    PG_DIMENSIONS,
    DJGCategory,
    Subscale,
    djg_category,
)

# A trend, or a change told in words, needs a first and a last measurement.
TREND_MIN_MEASUREMENTS = 2


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
        if len(metingen) < TREND_MIN_MEASUREMENTS:
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


def section(melding: Melding, djg: list, pg: list) -> dict:
    """Context for templates/meldpunt/case/_measurements.html, from the case's measurements (by date)."""
    threshold = getattr(settings, "MELDPUNT_DJG_SUBSCALE_THRESHOLD", DEFAULT_DJG11_SUBSCALE_THRESHOLD)

    mixed_change = ""
    if len(djg) >= TREND_MIN_MEASUREMENTS and djg[0].form != djg[-1].form:
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
        and melding.close_reason not in NO_END_MEASUREMENT_REASONS
        and not any(m.moment == Moment.EIND for m in djg)
    )
    return {
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
