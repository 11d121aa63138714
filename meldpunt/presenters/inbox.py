"""The partner inbox's list in words: one row per referral of queries.inbox.inbox (plain values), with its
reference, status (and outcome) and what the partner does next."""

from dataclasses import dataclass
from datetime import date, datetime

from ..choices import Outcome, ReferralStatus
from ..models import Verwijzing
from ..workflows import next_step


@dataclass(frozen=True)
class InboxRow:
    pk: int
    reference: str
    sent_at: datetime
    status: str
    status_label: str
    what: str  # the activity, or the organisation when the referral is to no single activity
    wijk_name: str
    person_name: str  # empty: anonymous for the partner
    share_contact: bool
    organisatie_name: str
    planned_start: date | None
    next_step: str


def rows(values) -> list[InboxRow]:
    statuses = dict(ReferralStatus.choices)
    outcomes = dict(Outcome.choices)
    made = []
    for row in values:
        status_label = str(statuses.get(row["status"], row["status"]))
        if row["status"] == ReferralStatus.AFGESLOTEN and row["outcome"]:
            status_label = f"{status_label}: {outcomes.get(row['outcome'], row['outcome'])}"
        made.append(
            InboxRow(
                pk=row["pk"],
                reference=Verwijzing(pk=row["pk"]).reference,
                sent_at=row["sent_at"],
                status=row["status"],
                status_label=status_label,
                what=row["activiteit_title"] or row["organisatie_name"],
                wijk_name=row["wijk_name"] or "",
                person_name=row["person_name"] if row["share_contact"] else "",
                share_contact=row["share_contact"],
                organisatie_name=row["organisatie_name"],
                planned_start=row["planned_start"],
                next_step=next_step(row["status"], row["first_contact_at"]),
            )
        )
    return made
