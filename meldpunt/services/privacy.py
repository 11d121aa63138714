"""Privacy by design: the retention period, and the rights of the person (see everything, have it erased).

- `anonymise`: blanks everything that tells who the person or the reporter is, and every free text (also the
  referrals' handover note, decline reason and outcome note); keeps what statistics need (number, dates,
  status, channel, relation, wijk, signals, life events, scores; the referrals' organisation, activity, status,
  dates and outcome).
  The case itself stays, so its number still counts (`Melding.objects.counted()`).
- `anonymise_expired`: the retention period (MELDPUNT_RETENTION_MONTHS after closing, or
  MELDPUNT_NO_HELP_RETENTION_MONTHS when the person wanted no help; Celery beat, nightly).
- `erase_on_request`: the person asked to be forgotten; staff give the reason.

What is held about the person (the right of access) is read by meldpunt/queries/privacy.py.
"""

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User

from .. import choices
from ..choices import AuditAction, CloseReason, EntryKind, Status
from ..models import (
    CASE_NUMBER_RE,
    Gebeurtenis,
    Herinnering,
    Melding,
    Signaal,
    Stap,
    Toestemming,
    Verwijzing,
    blank_person,
)
from . import audit, casefile
from .core import lock_case, save_case, timeline_entry

SIGNAL_BLANKS = {"reporter_name": "", "reporter_contact": "", "description": ""}
# A declined referral must keep a reason (a database check): it becomes this word.
ERASED = "(gewist)"
REFERRAL_BLANKS = {"handover_note": "", "outcome_note": ""}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+([+-]\d{2}:?\d{2}|Z)?)?$")


# ---------------------------------------------------------------------------
# Anonymising
# ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    """Strings that cannot name anyone: the values of our fixed lists and the names of our fields."""
    codes: set[str] = set()
    for value in vars(choices).values():
        if isinstance(value, type) and issubclass(value, models.Choices):
            codes.update(str(v) for v in value.values)
    codes.update(Herinnering.Kind.values)
    for model in (Melding, Signaal, Gebeurtenis, Stap):
        codes.update(field.name for field in model._meta.get_fields())
    return frozenset(codes)


def scrub(value: Any) -> Any:
    """A timeline line's data without personal values: numbers, dates, case numbers and codes stay.

    Any other text (an old name or address, a remark) becomes None, wherever it sits in the structure.
    """
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and (
        value == "" or value in _known_codes() or CASE_NUMBER_RE.fullmatch(value) or ISO_DATE.match(value)
    ):
        return value
    return None


@transaction.atomic
def anonymise(melding: Melding, reason: str, by: User | None = None, *, action: str | None = None) -> Melding:
    """Blank everything personal about this case; keep what statistics need. Does nothing a second time.

    `by` None means the system (the retention period); the audit line then says GEANONIMISEERD, and
    GEWIST when a staff member erased it on request (or pass `action`).
    """
    action = action or (AuditAction.GEWIST if by is not None else AuditAction.GEANONIMISEERD)
    melding = lock_case(melding)
    if melding.anonymised_at is not None:
        return melding
    now = timezone.now()
    # The person's fields go; the wijk stays: statistics per wijk need it, and a wijk is too large to recognise
    # anyone by.
    blanks = blank_person()
    for name, empty in blanks.items():
        setattr(melding, name, empty)
    melding.anonymised_at = now
    save_case(melding, *blanks, "anonymised_at")

    Signaal.objects.filter(melding=melding).update(**SIGNAL_BLANKS)
    Stap.objects.filter(melding=melding).update(note="")
    referrals = Verwijzing.objects.filter(melding=melding)
    referrals.update(**REFERRAL_BLANKS)
    referrals.exclude(decline_reason="").update(decline_reason=ERASED)
    Toestemming.objects.filter(verwijzing__melding=melding).exclude(note="").update(note="")
    entries = list(Gebeurtenis.objects.filter(melding=melding).exclude(data={}).only("pk", "data"))
    for entry in entries:
        entry.data = scrub(entry.data)
    Gebeurtenis.objects.bulk_update(entries, ["data"], batch_size=500)
    Gebeurtenis.objects.filter(melding=melding).exclude(text="").update(text="")

    label = _("Persoonsgegevens gewist op verzoek") if action == AuditAction.GEWIST else _("Geanonimiseerd")
    timeline_entry(
        melding,
        EntryKind.WIJZIGING,
        by,
        f"{label}. {_('Reden')}: {reason}",
        data={"anonymised": True, "action": str(action)},
        happened_at=now,
    )
    audit.log(by, melding, action, reason)
    return melding


@transaction.atomic
def erase_on_request(melding: Melding, reason: str, by: User) -> list[Melding]:
    """The person asked to be forgotten. An open case is closed first (reason: anders); the case stays,
    without personal data. Signals that were merged into this case were about the same person: their
    former cases are erased too. Returns the erased cases."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Schrijf waarom de gegevens gewist worden."), code="reason")
    melding = lock_case(melding)
    if melding.is_open:
        melding = casefile.close_case(
            melding, CloseReason.ANDERS, _("Gesloten omdat de gegevens op verzoek gewist worden."), by
        )
    erased = [anonymise(melding, reason, by, action=AuditAction.GEWIST)]
    seen = {melding.pk}
    queue = [melding.pk]
    while queue:  # cases merged into this one, and cases merged into those
        sources = list(Melding.objects.filter(merged_into_id__in=queue).exclude(pk__in=seen))
        queue = [source.pk for source in sources]
        seen.update(queue)
        for source in sources:
            if source.anonymised_at is None:
                erased.append(anonymise(source, reason, by, action=AuditAction.GEWIST))
    return erased


def retention_cutoff(today: date | None = None, months: int | None = None) -> datetime:
    """A case closed before this moment has passed the retention period (MELDPUNT_RETENTION_MONTHS, or `months`)."""
    today = today or timezone.localdate()
    day = today - relativedelta(months=settings.MELDPUNT_RETENTION_MONTHS if months is None else months)
    return timezone.make_aware(datetime.combine(day, time.min))


def _past_retention(today: date | None = None) -> models.Q:
    """Closed cases past their period: the short one when the person wanted no help (the signal should not follow
    someone who said no), the normal one otherwise."""
    no_help = models.Q(
        close_reason=CloseReason.GEEN_HULP_GEWENST,
        closed_at__lt=retention_cutoff(today, settings.MELDPUNT_NO_HELP_RETENTION_MONTHS),
    )
    return no_help | models.Q(closed_at__lt=retention_cutoff(today))


def expired_cases(today: date | None = None) -> QuerySet[Melding]:
    return Melding.objects.filter(_past_retention(today), status=Status.GESLOTEN, anonymised_at__isnull=True)


def anonymise_expired(today: date | None = None) -> int:
    """Anonymise every closed case past the retention period. Idempotent; returns how many it did.

    One transaction per case: a long run holds no locks, and a case reopened meanwhile is skipped.
    """
    count = 0
    for pk in list(expired_cases(today).order_by("closed_at").values_list("pk", flat=True)):
        with transaction.atomic():
            melding = expired_cases(today).select_for_update().filter(pk=pk).first()
            if melding is None:
                continue
            months = (
                settings.MELDPUNT_NO_HELP_RETENTION_MONTHS
                if melding.close_reason == CloseReason.GEEN_HULP_GEWENST
                else settings.MELDPUNT_RETENTION_MONTHS
            )
            reason = _("bewaartermijn van %(months)d maanden na het sluiten verstreken") % {"months": months}
            anonymise(melding, reason, by=None, action=AuditAction.GEANONIMISEERD)
            count += 1
    return count
