"""Signals coming in: a new case, or a new signal on an existing case of the same person."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.models import Organisatie, User
from coalition.services.outbox import absolute_url, enqueue_email

from ..choices import AuditAction, Channel, EntryKind, Urgency
from ..models import Melding, Meldpunt, Signaal, Volgnummer, format_case_number
from . import audit, casefile
from .core import clean_person, fill_person_gaps, lock_case, save_case, timeline_entry, wijk_of

URGENCY_ORDER: list[str] = [Urgency.NORMAAL, Urgency.HOOG, Urgency.ACUUT]


@dataclass
class SignalData:
    """What one report says. `person` holds Melding.person_* fields and lives_alone (all optional)."""

    channel: str
    reporter_relation: str
    reporter_name: str = ""
    reporter_contact: str = ""
    reporter_organisation: Organisatie | None = None
    signals: list[str] = field(default_factory=list)
    life_events: list[str] = field(default_factory=list)
    description: str = ""
    urgency: str = Urgency.NORMAAL
    person: dict[str, Any] = field(default_factory=dict)
    check_first: str = ""  # why staff should look at it before anything else ("" for nothing special)
    notify_meldpunt: bool = True  # e-mail the meldpunt about a signal from outside (web form, partner)
    reporter_wants_news: bool = False  # tell the reporter when the case is picked up (services/reporter_news.py)
    person_knows: str = ""  # a partner's answer: does the person know and agree (choices.PersonKnows)


def next_number(year: int) -> str:
    """ME-2026-00123: numbers per year, without gaps, safe under concurrent intake (row lock)."""
    table = Volgnummer._meta.db_table
    with connection.cursor() as cursor:
        # One statement: two intakes at the same moment can never get the same number.
        # The table's name comes from the model; the year is a parameter.
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (last,) = cursor.fetchone()
    return format_case_number(year, last)


@transaction.atomic
def register_signal(
    meldpunt: Meldpunt, data: SignalData, by: User | None = None, attach_to: Melding | None = None
) -> Melding:
    """Record a signal. With `attach_to` it is added to that (open) case; otherwise a new case starts.

    `by` is the staff member or partner user who entered it, None for the public web form.
    """
    now = timezone.now()
    if attach_to is not None:
        melding = lock_case(attach_to)
        changed = fill_person_gaps(melding, data.person)
        if data.urgency and URGENCY_ORDER.index(data.urgency) > URGENCY_ORDER.index(melding.urgency):
            melding.urgency = data.urgency
            changed.append("urgency")
        save_case(melding, *changed, *(["wijk"] if "person_postcode" in changed else []))
        action = AuditAction.GEWIJZIGD
    else:
        person = clean_person(data.person)
        melding = Melding.objects.create(
            meldpunt=meldpunt,
            number=next_number(timezone.localdate().year),
            urgency=data.urgency or Urgency.NORMAAL,
            received_at=now,
            last_activity_at=now,
            wijk=wijk_of(person.get("person_postcode", "")),
            # A web-form report that may be spam waits in "Eerst nakijken" instead of the worklist.
            pending_check=bool(data.check_first),
            **person,
        )
        action = AuditAction.AANGEMAAKT
    signaal = Signaal.objects.create(
        melding=melding,
        received_at=now,
        channel=data.channel,
        reporter_name=data.reporter_name,
        reporter_contact=data.reporter_contact,
        reporter_relation=data.reporter_relation,
        reporter_organisation=data.reporter_organisation,
        reported_by=by if by is not None and by.is_authenticated else None,
        signals=list(data.signals),
        life_events=list(data.life_events),
        description=data.description,
        urgency=data.urgency or Urgency.NORMAAL,
        check_first=data.check_first,
        # Only with a way to reach them: without one, nobody could tell them.
        reporter_wants_news=data.reporter_wants_news and bool(data.reporter_contact.strip()),
        person_knows=data.person_knows,
    )
    timeline_entry(
        melding,
        EntryKind.SIGNAAL,
        signaal.reported_by,
        happened_at=now,
        data={"signaal": signaal.pk, "channel": data.channel},
    )
    audit.log(by, melding, action, _("signaal via %(channel)s") % {"channel": signaal.get_channel_display()})
    if data.notify_meldpunt and data.channel in (Channel.WEBFORMULIER, Channel.PARTNER):
        notify_meldpunt_of_signal(melding)
    return melding


@transaction.atomic
def register_intake(
    meldpunt: Meldpunt,
    data: SignalData,
    by: User,
    owner: User | None = None,
    follow_up_on: date | None = None,
    attach_to: Melding | None = None,
) -> Melding:
    """A staff intake: the signal, then its owner and its follow-up date, all or nothing.

    Attached to an existing case, that case keeps its owner; it only gets `owner` when it had none.
    """
    melding = register_signal(meldpunt, data, by=by, attach_to=attach_to)
    if owner is not None and melding.owner_id is None:
        melding = casefile.assign(melding, owner, by)
    if follow_up_on is not None:
        melding = casefile.plan_follow_up(melding, follow_up_on, by)
    return melding


def notify_meldpunt_of_signal(melding: Melding) -> None:
    """Tell the meldpunt's own address that a signal came in from outside. Only a link: no personal data.

    Through the outbox, in the signal's transaction: a mail server that is down never costs the citizen
    their report (they are thanked, the message waits)."""
    link = absolute_url(reverse("meldpunt:case", args=[melding.number]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Nieuwe melding %(number)s") % {"number": melding.number}
        body = _("Er is een nieuwe melding binnengekomen bij het meldpunt.\n\nBekijk hem na inloggen: %(link)s\n") % {
            "link": link
        }
    enqueue_email(to=melding.meldpunt.email, subject=subject, body=body, topic="meldpunt.nieuwe_melding")
