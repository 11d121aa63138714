"""Recording measurements on a case: the De Jong Gierveld loneliness scale and Positieve Gezondheid.

Scoring is done by meldpunt.scales (pure code); this module only stores what it computed, so nothing that
cannot be scored is ever stored. Each recording is one transaction that also writes a line on the case's
timeline and in the audit log.

Rule violations raise django ValidationError with a Dutch message. Date errors are keyed by the form field
`measured_on` and mark errors by the dimension's key, so a form can show them beside the field
(`form.add_error(None, error)`).
"""

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition.models import User

from ..choices import AuditAction, DJGForm, EntryKind, Moment
from ..models import DJGMeting, Melding, PGMeting
from ..scales import DJG_ITEMS, PG_DIMENSIONS, PG_MAX, PG_MIN, DJGCategory, IncompleteMeasurement, score_djg
from . import audit
from .core import lock_case, timeline_entry, touch


def check_case(melding: Melding) -> None:
    """ValidationError when no measurement may be added: the case was anonymised or merged into another."""
    if melding.anonymised_at is not None:
        raise ValidationError(_("Deze melding is geanonimiseerd. Er kan geen meting meer bij."), code="anonymised")
    if melding.merged_into_id is not None:
        raise ValidationError(
            _("Deze melding is samengevoegd met een andere melding. Leg de meting daar vast."), code="merged"
        )


def _check_moment(moment: str) -> None:
    if moment not in Moment.values:
        raise ValidationError({"moment": ValidationError(_("Kies het moment van de meting."), code="moment")})


def check_date(melding: Melding, measured_on: date) -> None:
    """Not in the future and not before the case was received (both in Dutch local time)."""
    if not isinstance(measured_on, date) or isinstance(measured_on, datetime):
        raise ValidationError({"measured_on": ValidationError(_("Vul de datum van de meting in."), code="date")})
    if measured_on > timezone.localdate():
        raise ValidationError(
            {"measured_on": ValidationError(_("De datum van een meting kan niet in de toekomst liggen."), "future")}
        )
    received = timezone.localdate(melding.received_at)
    if measured_on < received:
        raise ValidationError(
            {
                "measured_on": ValidationError(
                    _("De meting kan niet eerder zijn dan de melding binnenkwam (%(date)s).")
                    % {"date": date_format(received, "SHORT_DATE_FORMAT")},
                    code="before_case",
                )
            }
        )


def _happened_at(measured_on: date) -> datetime:
    """Today's measurement is on the timeline at this moment; an earlier one at midday of its own date."""
    if measured_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(measured_on, time(12, 0)))


def _record(melding: Melding, by: User | None, text: str, data: dict[str, Any], measured_on: date, detail: str) -> None:
    timeline_entry(melding, EntryKind.METING, by, text, data=data, happened_at=_happened_at(measured_on))
    touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, detail)


def djg_summary(form: str, total: int, category: str, missing: int = 0) -> str:
    """'De Jong Gierveld (11 items): 5 — matig eenzaam', for the timeline and the message after saving."""
    text = _("De Jong Gierveld (%(items)d items): %(total)d — %(category)s") % {
        "items": len(DJG_ITEMS[DJGForm(form)]),
        "total": total,
        "category": str(DJGCategory(category).label).lower(),
    }
    if missing:
        text += " " + _("(1 uitspraak niet beantwoord)")
    return text


@transaction.atomic
def record_djg(
    melding: Melding, form: str, moment: str, measured_on: date, answers: Mapping[int, str | None], by: User | None
) -> DJGMeting:
    """Store a De Jong Gierveld measurement scored by the published rules.

    `answers` maps the item number in the form's own order to a DJGAnswer value; None or "" is unanswered.
    The 11-item form needs every answer, the 6-item form all but at most one: otherwise ValidationError
    (code "incomplete") and nothing is stored.
    """
    if form not in DJGForm.values:
        raise ValidationError(_("Kies de vragenlijst: 11 of 6 uitspraken."), code="form")
    _check_moment(moment)
    melding = lock_case(melding)
    check_case(melding)
    check_date(melding, measured_on)
    try:
        score = score_djg(form, answers)
    except IncompleteMeasurement as error:
        raise ValidationError(error.message, code="incomplete") from None
    except ValueError:
        raise ValidationError(_("Kies bij elke uitspraak een van de getoonde antwoorden."), code="answer") from None

    stored_answers = {str(item.number): answers.get(item.number) or "" for item in DJG_ITEMS[score.form]}
    meting = DJGMeting.objects.create(
        melding=melding,
        form=score.form,
        moment=moment,
        measured_on=measured_on,
        answers=stored_answers,
        total=score.total,
        emotional=score.emotional,
        social=score.social,
        category=score.category,
        author=by,
    )
    _record(
        melding,
        by,
        djg_summary(score.form, score.total, score.category, score.missing),
        {
            "djg": meting.pk,
            "form": score.form.value,
            "moment": moment,
            "measured_on": measured_on.isoformat(),
            "total": score.total,
            "emotional": score.emotional,
            "social": score.social,
            "category": score.category.value,
        },
        measured_on,
        _("meting De Jong Gierveld"),
    )
    return meting


def pg_summary(scores: Mapping[str, int]) -> str:
    """'Positieve Gezondheid: lichaamsfuncties 6, mentaal welbevinden 7, …'"""
    marks = ", ".join(f"{str(d.name).lower()} {scores[d.key]}" for d in PG_DIMENSIONS)
    return _("Positieve Gezondheid: %(marks)s") % {"marks": marks}


@transaction.atomic
def record_pg(melding: Melding, moment: str, measured_on: date, scores: Mapping[str, int], by: User | None) -> PGMeting:
    """Store the person's own marks, 0–10, on the six dimensions of Positieve Gezondheid. All six are needed."""
    errors = {}
    for dimension in PG_DIMENSIONS:
        value = scores.get(dimension.key)
        if isinstance(value, bool) or not isinstance(value, int) or not PG_MIN <= value <= PG_MAX:
            errors[dimension.key] = ValidationError(_("Geef een heel cijfer van 0 tot 10."), code="mark")
    if errors:
        raise ValidationError(errors)
    _check_moment(moment)
    melding = lock_case(melding)
    check_case(melding)
    check_date(melding, measured_on)

    marks = {dimension.key: scores[dimension.key] for dimension in PG_DIMENSIONS}
    meting = PGMeting.objects.create(melding=melding, moment=moment, measured_on=measured_on, author=by, **marks)
    _record(
        melding,
        by,
        pg_summary(marks),
        {"pg": meting.pk, "moment": moment, "measured_on": measured_on.isoformat(), **marks},
        measured_on,
        _("meting Positieve Gezondheid"),
    )
    return meting
