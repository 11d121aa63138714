"""Freshness of the sociale kaart: reminders for listings nobody confirmed as current (Celery beat, daily).

Two steps, both idempotent and safe when two workers run them at the same time:

- `freshness_send_reminders`: a published listing not confirmed for SOCIALEKAART_REMIND_AFTER_DAYS gets
  its organisation a reminder. One e-mail per organisation per run, listing all its stale listings, and
  each listing only once per confirmation period (`reminder_sent_for` records for which confirmation).
- `freshness_notify_coordinators`: a published listing past SOCIALEKAART_HIDE_AFTER_DAYS has left the
  public search (`Activiteit.objects.public()`); the coördinators hear it once per period, in one e-mail.

A listing is "claimed" with a conditional UPDATE whose count is checked, so a listing that another
worker already handled is skipped. The e-mails are queued in the outbox (coalition.services.outbox) in the
claim's transaction, so a claimed listing always has its e-mail, retried until the mail server takes it. They
name organisations and activity titles only: never a person (no names of residents, no names of contacts).
"""

import logging
from collections import defaultdict
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse

from coalition.models import Contactpersoon, Organisatie, Role, User
from coalition.queries import coordinator_addresses
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..models import Activiteit, Historie
from ..queries.freshness import hide_cutoff, remind_cutoff

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# Which listings
# ---------------------------------------------------------------------------
def _due_for_reminder(today: date | None) -> QuerySet[Activiteit]:
    # `reminder_sent_for` NULL or another confirmation date: not yet reminded for this period.
    return (
        Activiteit.objects.published()
        .filter(last_confirmed_on__lte=remind_cutoff(today))
        .exclude(reminder_sent_for=F("last_confirmed_on"))
    )


def _due_for_stale_notice(today: date | None) -> QuerySet[Activiteit]:
    return (
        Activiteit.objects.published()
        .filter(last_confirmed_on__lt=hide_cutoff(today))
        .exclude(stale_notice_sent_for=F("last_confirmed_on"))
    )


# ---------------------------------------------------------------------------
# Links and recipients
# ---------------------------------------------------------------------------
def _partner_listing_url(activiteit: Activiteit) -> str:
    """Where the partner confirms the listing as current (the public page may already hide it)."""
    return absolute_url(reverse("socialekaart:activiteit_confirm", kwargs={"slug": activiteit.slug}))


def _coordinator_listing_url(activiteit: Activiteit) -> str:
    return absolute_url(reverse("admin:socialekaart_activiteit_change", kwargs={"object_id": activiteit.pk}))


def _organisation_recipients(organisatie_ids: list[int]) -> dict[int, list[str]]:
    """{organisation id: e-mail addresses}: primary contact people and the partner users acting for it.

    An organisation with neither gets its general address, if it has one.
    """
    recipients: dict[int, set[str]] = defaultdict(set)
    for organisatie_id, email in (
        Contactpersoon.objects.filter(organisatie_id__in=organisatie_ids, is_primary=True)
        .exclude(email="")
        .values_list("organisatie_id", "email")
    ):
        recipients[organisatie_id].add(email.lower())
    for organisatie_id, email in (
        User.organisaties.through.objects.filter(
            organisatie_id__in=organisatie_ids, user__role=Role.PARTNER, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("organisatie_id", "user__email")
    ):
        recipients[organisatie_id].add(email.lower())
    for organisatie_id, email in (
        Organisatie.objects.filter(pk__in=organisatie_ids).exclude(email="").values_list("pk", "email")
    ):
        if not recipients[organisatie_id]:
            recipients[organisatie_id].add(email.lower())
    return {key: sorted(value) for key, value in recipients.items() if value}


def _queue(*, to: list[str], template: str, context: dict[str, Any]) -> None:
    """One e-mail per address, rendered in Dutch (the mails go out from a worker, not from a request)."""
    subject, body = render_email(f"socialekaart/email/{template}", context)
    enqueue_email(to=to, subject=subject, body=body, topic=f"socialekaart.{template}")


# ---------------------------------------------------------------------------
# The two steps
# ---------------------------------------------------------------------------
def freshness_send_reminders(*, today: date | None = None) -> int:
    """E-mail each organisation with listings due for a reminder, once per listing and period.

    Returns the number of e-mails sent (one per organisation at most). An organisation without any
    address is skipped and tried again on the next run.
    """
    due = list(_due_for_reminder(today).select_related("organisatie").order_by("organisatie_id", "last_confirmed_on"))
    by_organisatie: dict[int, list[Activiteit]] = defaultdict(list)
    for activiteit in due:
        by_organisatie[activiteit.organisatie_id].append(activiteit)
    if not by_organisatie:
        return 0
    recipients = _organisation_recipients(list(by_organisatie))
    sent = 0
    for organisatie_id, listings in by_organisatie.items():
        to = recipients.get(organisatie_id)
        if not to:
            logger.warning("No address to remind organisation %s of %d stale listings", organisatie_id, len(listings))
            continue
        if _remind_organisation(
            organisatie_id=organisatie_id, listings=listings, to=to, hidden_before=hide_cutoff(today)
        ):
            sent += 1
    return sent


@transaction.atomic
def _remind_organisation(
    *, organisatie_id: int, listings: list[Activiteit], to: list[str], hidden_before: date | None = None
) -> bool:
    # One organisation at a time: a second worker waits here and then finds nothing left to claim,
    # so the organisation never gets two mails in one run.
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie_id)
    claimed = []
    for activiteit in listings:
        updated = (
            Activiteit.objects.filter(
                pk=activiteit.pk,
                status=Activiteit.Status.GEPUBLICEERD,
                last_confirmed_on=activiteit.last_confirmed_on,
            )
            .exclude(reminder_sent_for=activiteit.last_confirmed_on)
            .update(reminder_sent_for=activiteit.last_confirmed_on)
        )
        if updated == 1:
            claimed.append(activiteit)
    if not claimed:
        return False
    Historie.objects.bulk_create(
        Historie(
            activiteit=activiteit,
            action=Historie.Action.HERINNERD,
            comment=f"Laatst bevestigd op {activiteit.last_confirmed_on:%d-%m-%Y}.",
        )
        for activiteit in claimed
    )
    context = {
        "organisatie": organisatie.name,
        "listings": [
            {
                "title": a.title,
                "last_confirmed_on": a.last_confirmed_on,
                "hidden": a.last_confirmed_on is not None and a.last_confirmed_on < (hidden_before or hide_cutoff()),
                "url": _partner_listing_url(a),
            }
            for a in claimed
        ],
        "manage_url": absolute_url(reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": organisatie.pk})),
        "hide_after_days": settings.SOCIALEKAART_HIDE_AFTER_DAYS,
        "remind_after_days": settings.SOCIALEKAART_REMIND_AFTER_DAYS,
    }
    _queue(to=to, template="reminder", context=context)
    return True


@transaction.atomic
def freshness_notify_coordinators(*, today: date | None = None) -> int:
    """Tell the coördinators, in one e-mail, which listings left the public search since the last run.

    Returns the number of listings reported. Without any active coördinator nothing is claimed, so the
    listings are reported once a coördinator exists.
    """
    to = coordinator_addresses()
    if not to:
        return 0
    due = list(_due_for_stale_notice(today).select_related("organisatie").order_by("last_confirmed_on", "title"))
    claimed = []
    for activiteit in due:
        updated = (
            Activiteit.objects.filter(
                pk=activiteit.pk,
                status=Activiteit.Status.GEPUBLICEERD,
                last_confirmed_on=activiteit.last_confirmed_on,
            )
            .exclude(stale_notice_sent_for=activiteit.last_confirmed_on)
            .update(stale_notice_sent_for=activiteit.last_confirmed_on)
        )
        if updated == 1:
            claimed.append(activiteit)
    if not claimed:
        return 0
    Historie.objects.bulk_create(
        Historie(
            activiteit=activiteit,
            action=Historie.Action.VEROUDERD,
            comment=f"Laatst bevestigd op {activiteit.last_confirmed_on:%d-%m-%Y}.",
        )
        for activiteit in claimed
    )
    context = {
        "listings": [
            {
                "title": a.title,
                "organisatie": a.organisatie.name,
                "last_confirmed_on": a.last_confirmed_on,
                "url": _coordinator_listing_url(a),
            }
            for a in claimed
        ],
        "overview_url": absolute_url(reverse("socialekaart:verouderd")),
        "hide_after_days": settings.SOCIALEKAART_HIDE_AFTER_DAYS,
    }
    _queue(to=to, template="stale_notice", context=context)
    return len(claimed)
