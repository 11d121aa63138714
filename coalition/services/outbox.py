"""The outbox: the one way the platform sends e-mail.

A service that wants to tell someone something calls `enqueue_email` inside the transaction of the change
that causes it. The message is a row (`OutboxMessage`), so:

- a change that is rolled back sends nothing, and a change that commits always has its message;
- a mail server that is down loses nothing and refuses nothing: the request that made the change has
  already answered, and the message waits;
- Celery sends it after the commit (`deliver_message_task`), and tries again later and later (1, 2, 4, …
  minutes; `OUTBOX_MAX_ATTEMPTS` times), after which it is marked failed and the coördinator sees it in the
  admin with the reason and can try again;
- Celery beat sweeps the outbox every minute (`deliver_due_task`), so a message whose task was lost (Redis
  down at the commit, a worker killed) still goes.

Never twice: a message is sent while its row is locked (`SELECT … FOR UPDATE SKIP LOCKED`) inside one
transaction that marks it sent. A second task for the same message skips it (locked, or no longer pending);
a worker that dies mid-send leaves the row pending (its transaction is rolled back), so it goes again once,
by the next task. What remains is the moment between the mail server's "accepted" and the commit; a message
sent again from there carries the same Message-ID, so mail programs show it once.

The Celery tasks live here, beside what they call, so that this module needs no import of `tasks.py`
(which imports them, so that workers register them).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from ..models import OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status

# A mail server that refuses the address itself: trying again will not help.
PERMANENT_ERROR_CODES = range(500, 600)
# At most this many messages per sweep, so one run never holds a worker for long.
SWEEP_BATCH = 200


# ---------------------------------------------------------------------------
# Writing a message
# ---------------------------------------------------------------------------
def absolute_url(path: str) -> str:
    """A link for an e-mail: SITE_URL plus the path (workers have no request to take the host from)."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def render_email(template: str, context: dict) -> tuple[str, str]:
    """(subject, body) from `<template>_subject.txt` and `<template>.txt`, in the site's language (Dutch),
    whoever's request or task caused the message."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def enqueue_email(*, to: Iterable[str] | str, subject: str, body: str, topic: str) -> list[OutboxMessage]:
    """Queue one e-mail per address (the addresses of others are personal data too); sent after the commit.

    Call it inside the transaction of the change that causes the message. `topic` says where it comes
    from (for example "meldpunt.herinnering"), for the coördinator's list. Empty addresses are skipped.
    """
    addresses = [to] if isinstance(to, str) else list(to)
    unique = sorted({address.strip().lower() for address in addresses if address and address.strip()})
    if not unique:
        return []
    subject = " ".join(str(subject).split())[: OutboxMessage._meta.get_field("subject").max_length]
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(to=address, subject=subject, body=str(body), topic=topic) for address in unique
    )
    pks = [message.pk for message in messages]
    transaction.on_commit(lambda: _dispatch(pks), robust=True)
    return messages


def _dispatch(pks: list[int]) -> None:
    """Hand the messages to Celery. Without a broker they wait for the sweep: nothing is lost."""
    for pk in pks:
        try:
            deliver_message_task.delay(pk)
        except (BrokerError, RedisError, OSError):
            logger.warning("Outbox message %s waits for the sweep: the task queue is unreachable", pk)
            return


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Delivery:
    """What one attempt did: `sent`, or the wait before the next attempt (None: nothing more to do)."""

    sent: bool
    retry_in: timedelta | None = None


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, 8, … minutes (OUTBOX_FIRST_RETRY_SECONDS)."""
    return timedelta(seconds=settings.OUTBOX_FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def message_id(message: OutboxMessage) -> str:
    """The same Message-ID at every attempt, so a message that went twice is shown once."""
    host = urlsplit(settings.SITE_URL).hostname or "omzien.local"
    return f"<outbox.{message.pk}.{int(message.created_at.timestamp())}@{host}>"


def _is_permanent(error: Exception) -> bool:
    """The server refused the message or the address for good (an SMTP 5xx answer)."""
    recipients = getattr(error, "recipients", None)  # SMTPRecipientsRefused: {address: (code, text)}
    if isinstance(recipients, dict) and recipients:
        return all(code in PERMANENT_ERROR_CODES for code, _text in recipients.values())
    return getattr(error, "smtp_code", None) in PERMANENT_ERROR_CODES


def _send(message: OutboxMessage) -> None:
    EmailMessage(
        subject=message.subject, body=message.body, to=[message.to], headers={"Message-ID": message_id(message)}
    ).send()


def deliver(pk: int) -> Delivery:
    """Send one message if it is pending and due; see the module's docstring for why never twice."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Status.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if message is None:  # sent, failed for good, not yet due, or being sent by another worker right now
            return Delivery(sent=False)
        message.attempts += 1
        try:
            _send(message)
        except OSError as error:  # smtplib's errors, refused connections and timeouts are all OSErrors
            return _failed(message, error)
        message.status = Status.SENT
        message.sent_at = timezone.now()
        message.body = ""  # nothing of the text stays once it went (a password-reset link, for instance)
        message.save(update_fields=["status", "sent_at", "body", "attempts"])
    return Delivery(sent=True)


def _failed(message: OutboxMessage, error: Exception) -> Delivery:
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if _is_permanent(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.status = Status.FAILED
        message.save(update_fields=["status", "attempts", "last_error"])
        logger.error("Outbox message %s failed for good after %d attempts: %s", message.pk, message.attempts, error)
        return Delivery(sent=False)
    wait = backoff(message.attempts)
    message.next_attempt_at = timezone.now() + wait
    message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    logger.warning(
        "Outbox message %s not sent (attempt %d), again in %s: %s", message.pk, message.attempts, wait, error
    )
    return Delivery(sent=False, retry_in=wait)


def deliver_due(*, limit: int = SWEEP_BATCH) -> int:
    """Send the pending messages whose time has come, oldest first; returns how many went."""
    pks = list(
        OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk).sent for pk in pks)


# ---------------------------------------------------------------------------
# The coördinator
# ---------------------------------------------------------------------------
@transaction.atomic
def retry(pks: Iterable[int]) -> int:
    """Try messages that failed (or wait) again now, with a fresh count of attempts. Returns how many."""
    messages = list(
        OutboxMessage.objects.select_for_update().filter(pk__in=list(pks), status__in=[Status.FAILED, Status.PENDING])
    )
    for message in messages:
        message.status = Status.PENDING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
    OutboxMessage.objects.bulk_update(messages, ["status", "attempts", "next_attempt_at"])
    retried = [message.pk for message in messages]
    transaction.on_commit(lambda: _dispatch(retried), robust=True)
    return len(messages)


def purge_sent() -> int:
    """Forget sent messages after OUTBOX_KEEP_SENT_DAYS (their addresses are personal data). Returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    deleted, _ = OutboxMessage.objects.filter(status=Status.SENT, sent_at__lt=cutoff).delete()
    return deleted


# ---------------------------------------------------------------------------
# Celery: thin wrappers, registered by coalition/tasks.py
# ---------------------------------------------------------------------------
@shared_task(bind=True, name="coalition.tasks.deliver_message", max_retries=None)
def deliver_message_task(self, pk: int) -> bool:
    """Send one message; on a passing failure Celery runs this again when the next attempt is due."""
    delivery = deliver(pk)
    if delivery.retry_in is not None:
        # A second late, so the message is due when the task comes back (else only the sweep would send it).
        raise self.retry(countdown=delivery.retry_in.total_seconds() + 1)
    return delivery.sent


@shared_task(name="coalition.tasks.deliver_due")
def deliver_due_task() -> int:
    """Every minute (beat): whatever is due and was not sent by its own task."""
    return deliver_due()


@shared_task(name="coalition.tasks.purge_sent_messages")
def purge_sent_task() -> int:
    return purge_sent()
