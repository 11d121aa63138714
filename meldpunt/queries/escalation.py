"""Stalled referrals (issue 15): the loop never silently stalls.

A referral is *stalled* when it is still "verstuurd" MELDPUNT_ESCALATE_AFTER_WORKING_DAYS whole working days after
the partner was reminded (the NIET_GEACCEPTEERD reminder of services/reminders.py, a `Herinnering` with the
referral's id as key). Nothing is stored for it and no message goes out: it is read from the reminder, so it ends
by itself when the partner answers, and there is nothing a second run could send twice. The case page shows a block
asking the meldpunt to call the partner or to refer to an alternative; the worklist marks the case.

The count of working days follows the reminders: the reminder was sent before the start of the day N working days
back, so N whole working days passed without an answer (a reminder on Monday, N = 2: stalled from Thursday).
"""

from datetime import date, datetime, time

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from ..choices import ReferralStatus
from ..models import Herinnering, Verwijzing
from ..workdays import subtract_working_days


def reminded_at() -> Subquery:
    """When the partner was reminded of the referral (None: not yet), for a Verwijzing query (OuterRef)."""
    reminder = Herinnering.objects.filter(
        melding_id=OuterRef("melding_id"),
        kind=Herinnering.Kind.NIET_GEACCEPTEERD,
        key=Cast(OuterRef("pk"), CharField()),
    )
    return Subquery(reminder.values("sent_at")[:1])


def stalled_since(today: date | None = None) -> datetime:
    """A referral reminded before this moment and still "verstuurd" is stalled today."""
    day = subtract_working_days(today or timezone.localdate(), settings.MELDPUNT_ESCALATE_AFTER_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(day, time.min))


def is_stalled(status: str, reminded: datetime | None, today: date | None = None) -> bool:
    """The rule for one referral already read (the case page's rows)."""
    return status == ReferralStatus.VERSTUURD and reminded is not None and reminded < stalled_since(today)


def stalled(queryset: QuerySet[Verwijzing] | None = None, today: date | None = None) -> QuerySet[Verwijzing]:
    """The stalled referrals of `queryset` (all referrals by default), with `reminded_at`."""
    queryset = Verwijzing.objects.all() if queryset is None else queryset
    return (
        queryset.filter(status=ReferralStatus.VERSTUURD)
        .annotate(reminded_at=reminded_at())
        .filter(reminded_at__lt=stalled_since(today))
    )


def has_stalled_referral(today: date | None = None) -> Exists:
    """For a Melding query: does the case have a stalled referral? (the worklist's mark)"""
    return Exists(stalled(Verwijzing.objects.filter(melding=OuterRef("pk")), today))
