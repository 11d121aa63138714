"""Reminders for the meldpunt's open cases (Celery beat, every working day). Follow-up never depends on memory.

Three kinds, each sent once per case and occasion (`Herinnering`, unique on melding, kind and key):

- no first contact within MELDPUNT_FIRST_CONTACT_WORKING_DAYS working days (key "first");
- no activity for MELDPUNT_INACTIVE_DAYS days (key: the date of the last activity, so a case that becomes
  active and then quiet again is reminded again);
- the planned follow-up date is reached (key: that date).

The owner is reminded; a case nobody owns (or whose owner left the meldpunt) goes to the meldpunt's own
address. One e-mail per address per run, listing the case numbers with a link: never a name, an address
or any text from the case. Each reminder is claimed with INSERT … ON CONFLICT DO NOTHING inside the
transaction and the e-mail goes on commit, so two workers, or a second run, never send the same reminder twice.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Cast, TruncDate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..choices import EntryKind
from ..models import Gebeurtenis, Herinnering, Melding, Meldpunt
from ..queries import overdue_first_contact

logger = logging.getLogger(__name__)

Kind = Herinnering.Kind
FIRST_CONTACT_KEY = "first"


@dataclass(frozen=True)
class Due:
    melding: Melding
    kind: str
    key: str


def case_url(number: str) -> str:
    """The case page's full address, for a link in an e-mail (workers have no request to take it from)."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", reverse("meldpunt:case", args=[number]).lstrip("/"))


def _not_yet_sent(queryset: QuerySet[Melding], kind: str, key) -> QuerySet[Melding]:
    return queryset.exclude(Exists(Herinnering.objects.filter(melding=OuterRef("pk"), kind=kind, key=key)))


def due_reminders(today: date | None = None) -> list[Due]:
    """Every reminder that should go out today and has not been sent."""
    today = today or timezone.localdate()
    cases = Melding.objects.select_related("meldpunt", "owner")
    due = []

    first = _not_yet_sent(overdue_first_contact(cases, today), Kind.EERSTE_CONTACT, FIRST_CONTACT_KEY)
    due += [Due(m, Kind.EERSTE_CONTACT, FIRST_CONTACT_KEY) for m in first.order_by("received_at")]

    # Quiet for N days: the last activity lies on or before today minus N days.
    quiet_before = timezone.make_aware(
        datetime.combine(today - timedelta(days=settings.MELDPUNT_INACTIVE_DAYS - 1), time.min)
    )
    quiet = cases.open().filter(last_activity_at__lt=quiet_before)
    quiet = quiet.annotate(reminder_key=Cast(TruncDate("last_activity_at"), models.CharField()))
    quiet = _not_yet_sent(quiet, Kind.STIL, OuterRef("reminder_key"))
    due += [Due(m, Kind.STIL, m.reminder_key) for m in quiet.order_by("last_activity_at")]

    follow_up = cases.open().filter(follow_up_on__lte=today)
    follow_up = follow_up.annotate(reminder_key=Cast("follow_up_on", models.CharField()))
    follow_up = _not_yet_sent(follow_up, Kind.OPVOLGEN, OuterRef("reminder_key"))
    due += [Due(m, Kind.OPVOLGEN, m.reminder_key) for m in follow_up.order_by("follow_up_on")]
    return due


def _recipients(due: list[Due]) -> dict[str, list[tuple[Due, bool]]]:
    """{e-mail address: [(reminder, for the owner?)]}. The owner, if still active staff of the meldpunt."""
    pairs = {(d.melding.meldpunt_id, d.melding.owner_id) for d in due if d.melding.owner_id}
    still_staff = set(
        Meldpunt.staff.through.objects.filter(
            meldpunt_id__in={m for m, _ in pairs}, user_id__in={u for _, u in pairs}
        ).values_list("meldpunt_id", "user_id")
    )
    by_address: dict[str, list[tuple[Due, bool]]] = defaultdict(list)
    for reminder in due:
        melding = reminder.melding
        owner = melding.owner
        if owner and owner.is_active and owner.email and (melding.meldpunt_id, owner.pk) in still_staff:
            by_address[owner.email.lower()].append((reminder, True))
        elif melding.meldpunt.email:
            by_address[melding.meldpunt.email.lower()].append((reminder, False))
        else:
            logger.warning("No address for a reminder about case %s", melding.number)
    return by_address


def _claim(items: list[Due]) -> set[tuple[int, str, str]]:
    """Record the reminders; returns those that were not recorded before (by this or another worker)."""
    table = Herinnering._meta.db_table
    now = timezone.now()
    rows = [(d.melding.pk, d.kind, d.key, now) for d in items]
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} (melding_id, kind, "key", sent_at) VALUES {values} '
            f'ON CONFLICT (melding_id, kind, "key") DO NOTHING RETURNING melding_id, kind, "key"',
            [value for row in rows for value in row],
        )
        return set(cursor.fetchall())


def _send(*, to: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("meldpunt/email/reminder_subject.txt", context).strip()
        body = render_to_string("meldpunt/email/reminder.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[to]).send()


@transaction.atomic
def _remind(address: str, items: list[tuple[Due, bool]]) -> int:
    claimed = _claim([d for d, _ in items])
    items = [(d, for_owner) for d, for_owner in items if (d.melding.pk, d.kind, d.key) in claimed]
    if not items:
        return 0
    labels = dict(Kind.choices)
    Gebeurtenis.objects.bulk_create(
        Gebeurtenis(
            melding=d.melding,
            kind=EntryKind.HERINNERING,
            text=str(labels[d.kind]),
            data={"kind": d.kind, "key": d.key, "to": "eigenaar" if for_owner else "meldpunt"},
        )
        for d, for_owner in items
    )
    sections = []
    for kind in Kind.values:
        cases = [
            {
                "number": d.melding.number,
                "url": case_url(d.melding.number),
                "unowned": not for_owner and not d.melding.owner_id,
                "follow_up_on": d.melding.follow_up_on if kind == Kind.OPVOLGEN else None,
            }
            for d, for_owner in sorted(items, key=lambda item: item[0].melding.number)
            if d.kind == kind
        ]
        if cases:
            sections.append({"kind": kind, "cases": cases})
    context = {
        "sections": sections,
        "count": len({d.melding.pk for d, _ in items}),
        "first_contact_days": settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS,
        "inactive_days": settings.MELDPUNT_INACTIVE_DAYS,
    }
    transaction.on_commit(lambda: _send(to=address, context=context), robust=True)
    return len(items)


def send_reminders(today: date | None = None) -> dict:
    """Send today's reminders: one e-mail per address. Returns {"emails": …, "reminders": …}."""
    due = due_reminders(today)
    emails = reminders = 0
    for address, items in _recipients(due).items():
        sent = _remind(address, items)
        if sent:
            emails += 1
            reminders += sent
    return {"emails": emails, "reminders": reminders}
