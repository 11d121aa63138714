"""How quickly and how often partner organisations accept referrals (issue 15): shown beside the suggestions of
the referral page, so that staff can weigh a partner that rarely answers.

Per organisation, over the referrals sent in the last RESPONSIVENESS_DAYS days that *count*:

- counted: accepted, declined, or still "verstuurd" after the answer time (MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS
  working days, after which the partner is reminded: "verlopen"). A referral still within its answer time does
  not count yet, neither way;
- acceptance rate = accepted / counted (accepted: ever accepted, so also started or closed since);
- median days to accept: the median of the days (with fractions) from sending to accepting, of the accepted ones.

Small-count suppression: the figures are given only for an organisation with at least MIN_CELL counted referrals;
otherwise `enough` is False and the figures are None ("te weinig gegevens"). One query for all organisations.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from ..choices import ReferralStatus
from ..models import Verwijzing
from ..workdays import subtract_working_days
from .aggregates import EpochDays, Median

RESPONSIVENESS_DAYS = 365


@dataclass(frozen=True)
class Responsiveness:
    counted: int = 0
    accepted: int = 0
    acceptance_rate: float | None = None  # 0–1; None: too few to show
    median_days_to_accept: float | None = None  # None: too few, or none accepted

    @property
    def enough(self) -> bool:
        return self.counted >= int(settings.MIN_CELL)


NOT_ENOUGH = Responsiveness()


def responsiveness(organisatie_ids: Iterable[int], now: datetime | None = None) -> dict[int, Responsiveness]:
    """{organisation id: its figures} for the organisations given; one without enough referrals is NOT_ENOUGH-like
    (counted but no figures) or missing (none at all). ONE query."""
    ids = sorted(set(organisatie_ids))
    if not ids:
        return {}
    now = now or timezone.now()
    answer_due = timezone.make_aware(
        datetime.combine(
            subtract_working_days(timezone.localdate(now), settings.MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS), time.min
        )
    )
    waiting = Q(status=ReferralStatus.VERSTUURD, sent_at__gte=answer_due)
    rows = (
        Verwijzing.objects.filter(organisatie_id__in=ids, sent_at__gte=now - timedelta(days=RESPONSIVENESS_DAYS))
        .exclude(waiting)
        .order_by()
        .values("organisatie_id")
        .annotate(
            counted=Count("pk"),
            accepted=Count("accepted_at"),
            median=Median(EpochDays("accepted_at", "sent_at")),
        )
    )
    figures = {}
    for row in rows:
        counted, accepted = row["counted"], row["accepted"]
        if counted < settings.MIN_CELL:
            figures[row["organisatie_id"]] = Responsiveness(counted=counted)
            continue
        figures[row["organisatie_id"]] = Responsiveness(
            counted=counted,
            accepted=accepted,
            acceptance_rate=accepted / counted,
            median_days_to_accept=row["median"],
        )
    return figures
