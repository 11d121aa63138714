"""Reminders for the meldpunt's open cases (Celery beat, every working day). Follow-up never depends on memory.

Three kinds, each sent once per case and occasion (`Herinnering`, unique on melding, kind and key):

- no first contact within MELDPUNT_FIRST_CONTACT_WORKING_DAYS working days (key "first");
- no activity for MELDPUNT_INACTIVE_DAYS days (key: the date of the last activity, so a case that becomes
  active and then quiet again is reminded again);
- the planned follow-up date is reached (key: that date).

The owner is reminded; a case nobody owns (or whose owner left the meldpunt) goes to the meldpunt's own
address. One e-mail per address per run, listing the case numbers with a link: never a name, an address
or any text from the case. Each reminder is claimed with INSERT … ON CONFLICT DO NOTHING inside the
transaction that also queues its e-mail in the outbox, so two workers, or a second run, never send the same
reminder twice, and a mail server that is down delays the e-mail without losing it.

The follow-up of referrals (`send_referral_follow_ups`, its own beat task right after this one) works the
same way, with the referral's id as the key, and tells people through notifications (in the application and
by e-mail, services/notifications.py):

- still "verstuurd" MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS working days after sending: the partner's users are
  reminded (a link to their inbox), the case owner is told;
- MELDPUNT_CHECK_IN_WEEKS weeks after the start of a referral that still runs ("gestart"): a check-in for the
  meldpunt ("gaat het goed?"), also as a line on the case's timeline;
- MELDPUNT_FOLLOW_UP_MONTHS months after sending a referral that was not declined: the follow-up De Jong
  Gierveld measurement is due (unless one was taken since the referral); a link to the form.

"The owner" is the case owner while still active staff of its meldpunt, otherwise the meldpunt's staff.
Nothing is sent about an anonymised case. Every reminder also writes a HERINNERING line on the timeline.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.models import Organisatie, User
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..choices import EntryKind, Moment, ReferralStatus
from ..models import DJGMeting, Gebeurtenis, Herinnering, Melding, Meldpunt, Verwijzing
from ..queries.worklist import overdue_first_contact
from ..workdays import subtract_working_days
from .notifications import Message, notify_each
from .referrals import inbox_url, partner_users

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
    return absolute_url(reverse("meldpunt:case", args=[number]))


def _not_yet_sent(queryset: QuerySet[Melding], kind: str, key: str | OuterRef) -> QuerySet[Melding]:
    return queryset.exclude(Exists(Herinnering.objects.filter(melding=OuterRef("pk"), kind=kind, key=key)))


def due_reminders(today: date | None = None) -> list[Due]:
    """Every reminder that should go out today and has not been sent."""
    today = today or timezone.localdate()
    # Reports still in "Eerst nakijken" may be spam: the worklist's tab shows them, no reminder names them.
    cases = Melding.objects.filter(pending_check=False).select_related("meldpunt", "owner")
    due = []

    first = _not_yet_sent(overdue_first_contact(cases, today), Kind.EERSTE_CONTACT, FIRST_CONTACT_KEY)
    due += [Due(m, Kind.EERSTE_CONTACT, FIRST_CONTACT_KEY) for m in first.order_by("received_at")]

    # Quiet for N days: the last activity lies on or before today minus N days.
    quiet_before = timezone.make_aware(
        datetime.combine(today - timedelta(days=settings.MELDPUNT_INACTIVE_DAYS - 1), time.min)
    )
    quiet: QuerySet[Melding] = cases.open().filter(last_activity_at__lt=quiet_before)
    quiet = quiet.annotate(reminder_key=Cast(TruncDate("last_activity_at"), models.CharField()))
    quiet = _not_yet_sent(quiet, Kind.STIL, OuterRef("reminder_key"))
    due += [Due(m, Kind.STIL, m.reminder_key) for m in quiet.order_by("last_activity_at")]  # type: ignore[attr-defined]

    follow_up: QuerySet[Melding] = cases.open().filter(follow_up_on__lte=today)
    follow_up = follow_up.annotate(reminder_key=Cast("follow_up_on", models.CharField()))
    follow_up = _not_yet_sent(follow_up, Kind.OPVOLGEN, OuterRef("reminder_key"))
    due += [Due(m, Kind.OPVOLGEN, m.reminder_key) for m in follow_up.order_by("follow_up_on")]  # type: ignore[attr-defined]
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


def _claim(items: Sequence["Due | ReferralDue"]) -> set[tuple[int, str, str]]:
    """Record the reminders; returns those that were not recorded before (by this or another worker)."""
    table = Herinnering._meta.db_table
    now = timezone.now()
    rows = [(d.melding.pk, d.kind, d.key, now) for d in items]
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        # The table's name comes from the model and `values` holds only placeholders; the values are parameters.
        cursor.execute(
            f'INSERT INTO {table} (melding_id, kind, "key", sent_at) VALUES {values} '  # noqa: S608
            f'ON CONFLICT (melding_id, kind, "key") DO NOTHING RETURNING melding_id, kind, "key"',
            [value for row in rows for value in row],
        )
        return set(cursor.fetchall())


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
    # In the claim's transaction: a reminder is recorded exactly when its e-mail is queued.
    subject, body = render_email("meldpunt/email/reminder", context)
    enqueue_email(to=address, subject=subject, body=body, topic="meldpunt.herinnering")
    return len(items)


def send_reminders(today: date | None = None) -> dict[str, int]:
    """Send today's reminders: one e-mail per address. Returns {"emails": …, "reminders": …}."""
    due = due_reminders(today)
    emails = reminders = 0
    for address, items in _recipients(due).items():
        sent = _remind(address, items)
        if sent:
            emails += 1
            reminders += sent
    return {"emails": emails, "reminders": reminders}


# ---------------------------------------------------------------------------
# The follow-up of referrals (issue 6)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReferralDue:
    verwijzing: Verwijzing
    kind: str

    @property
    def melding(self) -> Melding:
        return self.verwijzing.melding

    @property
    def key(self) -> str:
        return str(self.verwijzing.pk)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _referral_not_yet_reminded(queryset: QuerySet[Verwijzing], kind: str) -> QuerySet[Verwijzing]:
    sent = Herinnering.objects.filter(
        melding=OuterRef("melding_id"), kind=kind, key=Cast(OuterRef("pk"), models.CharField())
    )
    return queryset.exclude(Exists(sent))


def due_referral_follow_ups(today: date | None = None) -> list[ReferralDue]:
    """Every follow-up of a referral that should go out today and has not been sent."""
    today = today or timezone.localdate()
    referrals = Verwijzing.objects.select_related("melding__meldpunt", "melding__owner", "organisatie").filter(
        melding__anonymised_at__isnull=True
    )
    due = []

    # Sent before the start of the day N working days back: N whole working days without an answer.
    accept_by = subtract_working_days(today, settings.MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS)
    waiting = referrals.filter(status=ReferralStatus.VERSTUURD, sent_at__lt=_start_of(accept_by))
    waiting = _referral_not_yet_reminded(waiting, Kind.NIET_GEACCEPTEERD)
    due += [ReferralDue(v, Kind.NIET_GEACCEPTEERD) for v in waiting.order_by("sent_at", "pk")]

    running = referrals.filter(
        status=ReferralStatus.GESTART, started_on__lte=today - timedelta(weeks=settings.MELDPUNT_CHECK_IN_WEEKS)
    )
    running = _referral_not_yet_reminded(running, Kind.CHECK_IN)
    due += [ReferralDue(v, Kind.CHECK_IN) for v in running.order_by("started_on", "pk")]

    # Sent on or before the day M months back; not declined; the case can still take a measurement.
    sent_before = _start_of(today - relativedelta(months=settings.MELDPUNT_FOLLOW_UP_MONTHS) + timedelta(days=1))
    measured_since = DJGMeting.objects.filter(
        melding=OuterRef("melding_id"), moment=Moment.FOLLOW_UP, measured_on__gte=OuterRef("sent_on")
    )
    follow_up_of_referrals: QuerySet[Verwijzing] = (
        referrals.annotate(sent_on=TruncDate("sent_at"))
        .exclude(status=ReferralStatus.AFGEWEZEN)
        .filter(sent_at__lt=sent_before, melding__merged_into__isnull=True)
        .exclude(Exists(measured_since))
    )
    follow_up_of_referrals = _referral_not_yet_reminded(follow_up_of_referrals, Kind.VERVOLGMETING)
    due += [ReferralDue(v, Kind.VERVOLGMETING) for v in follow_up_of_referrals.order_by("sent_at", "pk")]
    return due


def _case_people(due: list[ReferralDue]) -> dict[int, list[User]]:
    """{case pk: the people to tell}: the owner while still active staff of the meldpunt, otherwise its staff."""
    meldingen = {d.melding.pk: d.melding for d in due}
    staff: dict[int, list[User]] = defaultdict(list)
    memberships = Meldpunt.staff.through.objects.filter(
        meldpunt_id__in={m.meldpunt_id for m in meldingen.values()}, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user__pk"):
        staff[membership.meldpunt_id].append(membership.user)
    people = {}
    for pk, melding in meldingen.items():
        team = staff[melding.meldpunt_id]
        owner = next((user for user in team if user.pk == melding.owner_id), None)
        people[pk] = [owner] if owner is not None else team
        if not people[pk]:
            logger.warning("Nobody to tell about a referral of case %s", melding.number)
    return people


def _messages(
    item: ReferralDue, people: dict[int, list[User]], partners: Callable[[Organisatie], list[User]]
) -> tuple[str, list[Message]]:
    """(the timeline's text, [(user, text, url)]) for one follow-up. References and links only."""
    verwijzing, melding = item.verwijzing, item.melding
    values = {
        "ref": verwijzing.reference,
        "number": melding.number,
        "days": settings.MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS,
        "weeks": settings.MELDPUNT_CHECK_IN_WEEKS,
        "months": settings.MELDPUNT_FOLLOW_UP_MONTHS,
    }
    case_link = reverse("meldpunt:case", args=[melding.number])
    team = people.get(melding.pk, [])
    if item.kind == Kind.NIET_GEACCEPTEERD:
        text = _("Verwijzing %(ref)s (%(number)s) is na %(days)d werkdagen nog niet geaccepteerd.") % values
        to_partner = _("Verwijzing %(ref)s wacht al %(days)d werkdagen op uw antwoord.") % values
        link = inbox_url(verwijzing)
        to_partners: list[Message] = [(user, to_partner, link) for user in partners(verwijzing.organisatie)]
        return text, to_partners + [(user, text, case_link) for user in team]
    if item.kind == Kind.CHECK_IN:
        text = _("Verwijzing %(ref)s loopt %(weeks)d weken: gaat het goed? (%(number)s)") % values
        check_in: list[Message] = [(user, text, case_link) for user in team]
        return text, check_in
    text = _("Vervolgmeting De Jong Gierveld voor %(number)s: %(months)d maanden na verwijzing %(ref)s.") % values
    form_link = reverse("meldpunt:djg_add", args=[melding.number]) + f"?moment={Moment.FOLLOW_UP.value}"
    measurement: list[Message] = [(user, text, form_link) for user in team]
    return text, measurement


def _one_per_person(lines: list[Message]) -> list[Message]:
    """One follow-up is one event: someone who is both a partner and on the case's team hears of it once."""
    seen: set[int] = set()
    kept = []
    for line in lines:
        user = line[0]
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        kept.append(line)
    return kept


@transaction.atomic
def send_referral_follow_ups(today: date | None = None) -> dict[str, int]:
    """Send today's follow-up of referrals, each once. Returns {"reminders": …, "notifications": …}.

    One transaction: the reminders are claimed, the timeline lines and notifications written, and the
    e-mails (one per address) go when it commits.
    """
    due = due_referral_follow_ups(today)
    if not due:
        return {"reminders": 0, "notifications": 0}
    claimed = _claim(due)
    due = [d for d in due if (d.melding.pk, d.kind, d.key) in claimed]
    if not due:
        return {"reminders": 0, "notifications": 0}
    people = _case_people(due)
    partners_of: dict[int, list[User]] = {}

    def partners(organisatie: Organisatie) -> list[User]:
        if organisatie.pk not in partners_of:
            partners_of[organisatie.pk] = partner_users(organisatie)
        return partners_of[organisatie.pk]

    messages, entries = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for item in due:
            text, lines = _messages(item, people, partners)
            messages += _one_per_person(lines)
            entries.append(
                Gebeurtenis(
                    melding=item.melding,
                    kind=EntryKind.HERINNERING,
                    text=text,
                    data={"kind": item.kind, "key": item.key, "verwijzing": item.verwijzing.pk},
                )
            )
    Gebeurtenis.objects.bulk_create(entries)
    made = notify_each(messages)
    return {"reminders": len(due), "notifications": len(made)}
