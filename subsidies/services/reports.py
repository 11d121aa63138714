"""After the grant: the reports a granted project owes, and the reminders that chase them.

A report (`Rapportage`) follows its own workflow (workflows.REPORT): the applicant saves it as often as they like
(`save`) and submits it (`submit`, which checks that everything is there and lists what is missing); the
coördinator accepts it (`accept`) or asks for changes (`request_changes`), and the applicant hears of it by e-mail.
Every step writes the application's history (the step "rapportage", with `data["what"]` naming what happened,
since the history belongs to the application).

Reminders (`send_due_reminders`, Celery beat every morning, subsidies/tasks.py), each sent once per report:

- four weeks before the deadline and one week before it, the applicant (who made the application, and the partners
  and aanvragers of its organisation) while the report is open or sent back for changes;
- the day after a missed deadline (never submitted), the coördinators.

Each reminder's moment (`reminded_4w_at`, `reminded_1w_at`, `missed_notified_at`) is written in the same
transaction as its e-mail in the outbox, on the report's row locked with SKIP LOCKED: two workers, or a second run,
never send one twice, and a mail server that is down delays the e-mail without losing it (coalition.services.outbox
tries again). The e-mails hold a sentence, the project's name and a link: the rest is behind the log-in.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User
from coalition.queries import coordinator_addresses
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..choices import MeetVorm, RapportStatus
from ..models import Aanvraag, Rapportage, RapportageBereik, RapportageMeting, RapportageUitgave
from ..workflows import GRANTED, REPORT
from . import core

logger = logging.getLogger(__name__)

# The history's step for everything about reports (workflows.APPLICATION); data["what"] says what happened.
HISTORY_STEP = "rapportage"
STILL_OPEN = (RapportStatus.OPEN, RapportStatus.WIJZIGEN)
# The highest mean score of each De Jong Gierveld form (the database holds the same rule, migration 0003).
MEAN_MAX = {MeetVorm.DJG11: Decimal(11), MeetVorm.DJG6: Decimal(6)}


# ---------------------------------------------------------------------------
# Who hears of a report
# ---------------------------------------------------------------------------
def report_url(rapportage: Rapportage) -> str:
    """The report's page, as a full address for an e-mail."""
    return absolute_url(reverse("subsidies:report", args=[rapportage.aanvraag_id, rapportage.pk]))


def _email(template: str, to: list[str], rapportage: Rapportage, topic: str, **extra: Any) -> None:
    aanvraag = rapportage.aanvraag
    context = {
        "project": aanvraag.title,
        "number": aanvraag.number,
        "kind": rapportage.get_kind_display(),
        "due_date": rapportage.due_date,
        "url": report_url(rapportage),
        **extra,
    }
    subject, body = render_email(f"subsidies/email/{template}", context)
    if not enqueue_email(to=to, subject=subject, body=body, topic=topic):
        logger.warning("Nobody to e-mail about report %s (%s)", rapportage.pk, template)


def _history(aanvraag: Aanvraag, rapportage: Rapportage, what: str, *, by: User | None, comment: str = "") -> None:
    """The step "rapportage" on the (locked) application, guarded by the application's workflow."""
    core.step(
        aanvraag,
        HISTORY_STEP,
        by=by,
        comment=comment,
        data={"what": what, "rapportage": rapportage.pk, "soort": rapportage.kind},
    )


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Reminder:
    """One kind of reminder: the moment it was sent (a field of Rapportage), and its e-mail."""

    moment_field: str
    template: str
    to_coordinators: bool = False


REMINDERS = {
    "4w": Reminder("reminded_4w_at", "report_reminder"),
    "1w": Reminder("reminded_1w_at", "report_reminder"),
    "gemist": Reminder("missed_notified_at", "report_missed", to_coordinators=True),
}


def _due(kind: str, today: date) -> Q:
    """The reports that should have reminder `kind` today and have not had it (of a project still running)."""
    running = Q(aanvraag__status__in=GRANTED)
    if kind == "4w":  # four weeks to one week before the deadline
        window = Q(due_date__lte=today + timedelta(weeks=4), due_date__gt=today + timedelta(weeks=1))
        return running & window & Q(status__in=STILL_OPEN, reminded_4w_at__isnull=True)
    if kind == "1w":  # the last week, up to and including the deadline
        window = Q(due_date__lte=today + timedelta(weeks=1), due_date__gte=today)
        return running & window & Q(status__in=STILL_OPEN, reminded_1w_at__isnull=True)
    # Missed: the deadline has passed and the report was never submitted (one sent back for changes was on time).
    return running & Q(due_date__lt=today, status=RapportStatus.OPEN, missed_notified_at__isnull=True)


@transaction.atomic
def _remind(pk: int, kind: str, today: date) -> bool:
    """Send reminder `kind` of report `pk` if it is still due and no other worker holds the report right now."""
    rapportage = (
        Rapportage.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("aanvraag")
        .filter(_due(kind, today), pk=pk)
        .first()
    )
    if rapportage is None:  # sent meanwhile, submitted, or being sent by another worker
        return False
    reminder = REMINDERS[kind]
    setattr(rapportage, reminder.moment_field, timezone.now())
    rapportage.save(update_fields=[reminder.moment_field])
    aanvraag = rapportage.aanvraag
    to = coordinator_addresses() if reminder.to_coordinators else core.applicant_addresses(aanvraag)
    days_left = (rapportage.due_date - today).days
    _email(reminder.template, to, rapportage, "subsidies.rapportage.herinnering", weeks=days_left // 7, days=days_left)
    # A system step (no user): the history says a reminder went, the application itself did not change.
    core.record(
        aanvraag,
        HISTORY_STEP,
        by=None,
        data={"what": "herinnering", "herinnering": kind, "rapportage": rapportage.pk, "soort": rapportage.kind},
    )
    return True


def send_due_reminders(today: date | None = None) -> dict[str, int]:
    """Send today's reminders, each once, one transaction per report. Returns {kind: how many were sent}."""
    today = today or timezone.localdate()
    sent = {}
    for kind in REMINDERS:
        pks = list(Rapportage.objects.filter(_due(kind, today)).order_by("due_date", "pk").values_list("pk", flat=True))
        sent[kind] = sum(_remind(pk, kind, today) for pk in pks)
    return sent


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Meting:
    """The before/after De Jong Gierveld measurement of one form, as aggregates (no person)."""

    measured: int
    mean_before: Decimal
    mean_after: Decimal
    lonely_before: int
    lonely_after: int


@dataclass(frozen=True)
class ReportContent:
    """What the applicant typed. `reach`: {Doel pk: number reached}, `spending`: {Begrotingsregel pk: € spent},
    `measurements`: {MeetVorm value: Meting}; None (or leaving a key out) is "not filled in yet"."""

    activities_done: str = ""
    lessons: str = ""
    reach: Mapping[int, int | None] = field(default_factory=dict)
    spending: Mapping[int, Decimal | None] = field(default_factory=dict)
    measurements: Mapping[str, Meting | None] = field(default_factory=dict)


def lock_report(rapportage: Rapportage | int) -> tuple[Aanvraag, Rapportage]:
    """The application (locked first, as every service of subsidies locks it) and its report, both locked."""
    pk = rapportage if isinstance(rapportage, int) else rapportage.pk
    aanvraag_pk = Rapportage.objects.values_list("aanvraag_id", flat=True).get(pk=pk)
    aanvraag = core.lock_application(aanvraag_pk)
    locked = Rapportage.objects.select_for_update().get(pk=pk)
    locked.aanvraag = aanvraag
    return aanvraag, locked


def measurement_errors(form: str, meting: Meting) -> dict[str, str]:
    """What is wrong with one form's figures, {figure: Dutch message} (the report's form checks the same)."""
    errors = {}
    if meting.measured < 1:
        errors["measured"] = _("Vul in hoeveel mensen voor én na zijn gemeten (ten minste 1).")
    top = MEAN_MAX[MeetVorm(form)]
    for name in ("mean_before", "mean_after"):
        value = getattr(meting, name)
        if not Decimal(0) <= value <= top:
            errors[name] = _("Een gemiddelde score ligt tussen 0 en %(max)s.") % {"max": top}
    for name in ("lonely_before", "lonely_after"):
        if getattr(meting, name) > meting.measured:
            errors[name] = _("Dit kan niet meer zijn dan het aantal gemeten mensen.")
    return errors


def _check(aanvraag: Aanvraag, content: ReportContent) -> None:
    """Refuse figures that do not belong to this application or are impossible (ValidationError, by field)."""
    if set(content.reach) - set(aanvraag.doelen.values_list("pk", flat=True)):
        raise ValidationError(_("Een van de doelen hoort niet bij deze aanvraag."))
    if set(content.spending) - set(aanvraag.begroting.values_list("pk", flat=True)):
        raise ValidationError(_("Een van de begrotingsregels hoort niet bij deze aanvraag."))
    errors: dict[str, list[str]] = {}
    for pk, reached in content.reach.items():
        if reached is not None and reached < 0:
            errors[f"bereik_{pk}"] = [_("Vul een aantal in van 0 of meer.")]
    for pk, spent in content.spending.items():
        if spent is not None and spent < 0:
            errors[f"uitgave_{pk}"] = [_("Vul een bedrag in van 0 of meer.")]
    for form, meting in content.measurements.items():
        if form not in MeetVorm.values:
            raise ValidationError(_("Onbekende vragenlijst."))
        if meting is not None:
            for name, message in measurement_errors(form, meting).items():
                errors[f"{form}_{name}"] = [message]
    if errors:
        raise ValidationError(errors)


def _write(aanvraag: Aanvraag, rapportage: Rapportage, content: ReportContent) -> None:
    """Put the content on the (locked) report: the texts, and per target, budget line and form a row (or none)."""
    _check(aanvraag, content)
    rapportage.activities_done = content.activities_done.strip()
    rapportage.lessons = content.lessons.strip()
    rapportage.save(update_fields=["activities_done", "lessons"])

    cleared = [pk for pk, reached in content.reach.items() if reached is None]
    rapportage.bereik.filter(doel_id__in=cleared).delete()
    RapportageBereik.objects.bulk_create(
        [
            RapportageBereik(rapportage=rapportage, doel_id=pk, reached=n)
            for pk, n in content.reach.items()
            if n is not None
        ],
        update_conflicts=True,
        unique_fields=["rapportage", "doel"],
        update_fields=["reached"],
    )
    cleared = [pk for pk, spent in content.spending.items() if spent is None]
    rapportage.uitgaven.filter(begrotingsregel_id__in=cleared).delete()
    RapportageUitgave.objects.bulk_create(
        [
            RapportageUitgave(rapportage=rapportage, begrotingsregel_id=pk, spent=spent)
            for pk, spent in content.spending.items()
            if spent is not None
        ],
        update_conflicts=True,
        unique_fields=["rapportage", "begrotingsregel"],
        update_fields=["spent"],
    )
    cleared_forms = [form for form, meting in content.measurements.items() if meting is None]
    rapportage.metingen.filter(form__in=cleared_forms).delete()
    RapportageMeting.objects.bulk_create(
        [
            RapportageMeting(rapportage=rapportage, form=form, **vars(meting))
            for form, meting in content.measurements.items()
            if meting is not None
        ],
        update_conflicts=True,
        unique_fields=["rapportage", "form"],
        update_fields=["measured", "mean_before", "mean_after", "lonely_before", "lonely_after"],
    )


def missing(aanvraag: Aanvraag, rapportage: Rapportage) -> dict[str, list[str]]:
    """Everything a report still lacks before it can be submitted, {field: [Dutch message]} in the page's order."""
    gaps: dict[str, list[str]] = {}
    reached = set(rapportage.bereik.values_list("doel_id", flat=True))
    for doel in aanvraag.doelen.all():
        if doel.pk not in reached:
            gaps[f"bereik_{doel.pk}"] = [
                _("Vul in hoeveel mensen u bereikte bij het doel ‘%(doel)s’.") % {"doel": doel.description}
            ]
    if not rapportage.activities_done:
        gaps["activities_done"] = [_("Vul in welke activiteiten er zijn gedaan.")]
    spent = set(rapportage.uitgaven.values_list("begrotingsregel_id", flat=True))
    for line in aanvraag.begroting.all():
        if line.pk not in spent:
            gaps[f"uitgave_{line.pk}"] = [
                _("Vul in wat er is uitgegeven aan ‘%(regel)s’ (0 als er niets is uitgegeven).")
                % {"regel": line.description}
            ]
    if not rapportage.lessons:
        gaps["lessons"] = [_("Vul in wat u heeft geleerd.")]
    if aanvraag.regeling.requires_measurement and not rapportage.metingen.exists():
        gaps[NON_FIELD_ERRORS] = [
            _(
                "Deze regeling vraagt een voor- en nameting: vul de uitkomsten van de De Jong Gierveld-schaal in "
                "voor ten minste één vragenlijst."
            )
        ]
    return gaps


@transaction.atomic
def save(*, rapportage: Rapportage | int, content: ReportContent, by: User) -> Rapportage:
    """'Bewaren': the report as typed so far, complete or not."""
    aanvraag, rapportage = lock_report(rapportage)
    REPORT.guard("rapport_bewaard", rapportage.status, user=by)
    _write(aanvraag, rapportage, content)
    _history(aanvraag, rapportage, "rapport_bewaard", by=by)
    return rapportage


@transaction.atomic
def submit(*, rapportage: Rapportage | int, content: ReportContent, by: User) -> Rapportage:
    """'Indienen': save and submit, when complete; otherwise a ValidationError listing everything missing (and
    nothing saved: the page shows what was typed). The coördinators are told."""
    aanvraag, rapportage = lock_report(rapportage)
    transition = REPORT.guard("rapport_ingediend", rapportage.status, user=by)
    _write(aanvraag, rapportage, content)
    gaps = missing(aanvraag, rapportage)
    if gaps:
        raise ValidationError(gaps)
    rapportage.status = transition.target or rapportage.status
    rapportage.submitted_at = timezone.now()
    rapportage.save(update_fields=["status", "submitted_at"])
    _history(aanvraag, rapportage, "rapport_ingediend", by=by)
    _email("report_submitted", coordinator_addresses(), rapportage, "subsidies.rapportage.ingediend")
    return rapportage


@transaction.atomic
def accept(*, rapportage: Rapportage | int, by: User) -> Rapportage:
    """The coördinator accepts a submitted report; the applicant is told."""
    aanvraag, rapportage = lock_report(rapportage)
    transition = REPORT.guard("rapport_geaccepteerd", rapportage.status, user=by)
    rapportage.status = transition.target or rapportage.status
    rapportage.accepted_at = timezone.now()
    rapportage.save(update_fields=["status", "accepted_at"])
    _history(aanvraag, rapportage, "rapport_geaccepteerd", by=by)
    _email("report_accepted", core.applicant_addresses(aanvraag), rapportage, "subsidies.rapportage.geaccepteerd")
    return rapportage


@transaction.atomic
def request_changes(*, rapportage: Rapportage | int, feedback: str, by: User) -> Rapportage:
    """The coördinator sends a submitted report back with what should change; the applicant is told (the e-mail
    says only that changes are asked: the feedback itself is on the page, behind the log-in)."""
    feedback = feedback.strip()
    if not feedback:
        raise ValidationError({"feedback": [_("Schrijf wat de aanvrager moet aanpassen.")]})
    aanvraag, rapportage = lock_report(rapportage)
    transition = REPORT.guard("rapport_wijzigen", rapportage.status, user=by)
    rapportage.status = transition.target or rapportage.status
    rapportage.feedback = feedback
    rapportage.save(update_fields=["status", "feedback"])
    _history(aanvraag, rapportage, "rapport_wijzigen", by=by, comment=feedback)
    _email("report_changes", core.applicant_addresses(aanvraag), rapportage, "subsidies.rapportage.wijzigen")
    return rapportage
