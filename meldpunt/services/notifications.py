"""Notifications: a line in the application (with an unread count) and an e-mail, both with only a link.

Nothing personal goes in either: a reference (VW-000123 or a case number) and what happened. The e-mail goes
through the outbox (coalition.services.outbox) in the same transaction, so a rolled-back change tells nobody
anything and a mail server that is down delays it but loses nothing; one e-mail per address per call, however
many notifications it made (the daily follow-up run may have several for one person).

Attention (issue 15): one event tells each person once, and never the person who did it (`actor`). Events about
the same page in quick succession (a partner accepts, records the first contact and the start within a minute)
bring the user's recent unread notification with that link up to date instead of adding another one and another
e-mail (MERGE_WINDOW); opening the case or the referral marks its notifications read (`mark_read_for_url`, free
when the cached count is 0). Users who chose "dagelijks" (NotificatieVoorkeur) get no e-mail per event but one a
day with the links of their unread notifications (`send_daily_digests`, claimed per user and day).

The unread count is shown in the navigation of every page, so it must not cost a page a database query: it is
kept in the cache (Redis) per user, as a counter that the changes keep up to date. Before a change, `notify` and
`mark_read` make sure the user has a counter (on a miss: counted once in the database, in one query for all
the users concerned); when the change commits they add the new notifications or take the read ones off (Redis
INCRBY: atomic, so two changes at once lose nothing; a rolled-back change changes no count). The navigation
only reads the counter (`cached_unread_count`: no query; no counter means none unread, which is true for
everyone who never had a notification). The list page counts in the database anyway and stores what it finds
(`unread_count`), so a counter that was ever lost (Redis emptied) is right again as soon as the user opens the
list or gets a new notification.
"""

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from redis.exceptions import RedisError

from coalition.models import User
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..models import Notificatie, NotificatieVoorkeur

# One notification: (to whom, what happened in words, a link into the site).
Message = tuple[User | None, str | Promise, str]

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# The unread count, kept in the cache per user
# ---------------------------------------------------------------------------
def cache_key(user: User) -> str:
    """Per user. With the moment the account was made, so a test database (or a restored one) that gives the
    same id to someone else never finds an old count in a Redis that outlived it."""
    joined = int(user.date_joined.timestamp() * 1_000_000) if getattr(user, "date_joined", None) else 0
    return f"meldpunt:notificaties:ongelezen:{user.pk}:{joined}"


def unread_count(user: User | AnonymousUser | None) -> int:
    """How many of the user's notifications are unread, counted in the database; the cache is set to it."""
    if user is None or not user.is_authenticated:
        return 0
    count = Notificatie.objects.filter(user=user, read_at__isnull=True).count()
    cache.set(cache_key(user), count, timeout=None)
    return count


def cached_unread_count(user: User | AnonymousUser | None) -> int:
    """The unread count for the navigation: from the cache only, never a query (no counter: none unread)."""
    if user is None or not user.is_authenticated:
        return 0
    count: int = cache.get(cache_key(user)) or 0
    return max(count, 0)


def _ensure_counters(users: Iterable[User]) -> None:
    """Give every user who has no counter yet one, counted in the database (one query), before a change."""
    keys = {cache_key(user): user for user in users}
    missing = [user for key, user in keys.items() if key not in cache.get_many(list(keys))]
    if not missing:
        return
    counts = dict(
        Notificatie.objects.filter(user__in=missing, read_at__isnull=True)
        .values_list("user")
        .annotate(n=Count("pk"))
        .values_list("user", "n")
    )
    cache.set_many({cache_key(user): counts.get(user.pk, 0) for user in missing}, timeout=None)


def _count_on_commit(deltas: dict[User, int]) -> None:
    """{user: delta}, added to the counters when the transaction commits."""

    def apply() -> None:
        for user, delta in deltas.items():
            try:
                value = cache.incr(cache_key(user), delta)
            except ValueError:  # the counter was lost meanwhile
                value = -1
            if value < 0:
                unread_count(user)

    def robust() -> None:
        try:
            apply()
        except RedisError:  # the count is a convenience: the change itself has been made
            logger.exception("Could not update the unread count of users %s", [user.pk for user in deltas])

    transaction.on_commit(robust)


def mark_read(user: User, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or those in `pks`); returns how many changed."""
    queryset = Notificatie.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    _ensure_counters([user])
    changed = queryset.update(read_at=timezone.now())
    if changed:
        _count_on_commit({user: -changed})
    return changed


def mark_read_for_url(user: User | AnonymousUser | None, url: str) -> int:
    """The user opened the page `url` (a case, a referral): their unread notifications linking there are read.
    Free when the cached count says nothing is unread (no query); otherwise one UPDATE (the counter exists)."""
    if not isinstance(user, User) or cached_unread_count(user) <= 0:
        return 0
    changed = Notificatie.objects.filter(user=user, read_at__isnull=True, url=url).update(read_at=timezone.now())
    if changed:
        _count_on_commit({user: -changed})
    return changed


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------
def notify(
    users: Iterable[User | None],
    text: str,
    url: str,
    *,
    email: bool = True,
    actor: User | None = None,
    merge: bool = True,
) -> list[Notificatie]:
    """One event: one notification per active user (never to `actor`, who did it and knows), and at most one
    e-mail each through the outbox (sent after the commit; none for those who chose the daily overview).
    `merge=False` for what must be told on its own whatever came before (consent withdrawn)."""
    return notify_each([(user, text, url) for user in users if not _same(user, actor)], email=email, merge=merge)


def _same(user: User | None, actor: User | None) -> bool:
    return user is not None and actor is not None and getattr(actor, "pk", None) == user.pk


# Events about one page (a case, a referral) in quick succession (accept, first contact, start within a minute):
# while the user has not opened the page, a recent unread notification with that link is brought up to date
# instead of adding one and another e-mail.
MERGE_WINDOW = timedelta(hours=1)


def _merge_into_unread(rows: dict[tuple[int, str, str], Notificatie]) -> dict[tuple[int, str, str], Notificatie]:
    """Bring recent unread notifications with the same user and link up to date (one query, one update); return
    the rows still to be made."""
    now = timezone.now()
    pairs = {(user_pk, url) for user_pk, _text, url in rows}
    recent = (
        Notificatie.objects.filter(
            user_id__in={user_pk for user_pk, _url in pairs},
            url__in={url for _user_pk, url in pairs},
            read_at__isnull=True,
            created_at__gte=now - MERGE_WINDOW,
        )
        .order_by("user_id", "url", "-created_at", "-pk")
        .distinct("user_id", "url")
        .only("pk", "user_id", "url", "text")
    )
    unread = {(row.user_id, row.url): row for row in recent}
    if not unread:
        return rows
    updated: dict[int, Notificatie] = {}
    kept = {}
    for key, row in rows.items():
        existing = unread.get((row.user_id, row.url))
        if existing is None:
            kept[key] = row
            continue
        existing.text, existing.created_at = row.text, now
        updated[existing.pk] = existing
    if updated:
        Notificatie.objects.bulk_update(list(updated.values()), ["text", "created_at"])
    return kept


def notify_each(messages: Iterable[Message], *, email: bool = True, merge: bool = True) -> list[Notificatie]:
    """Several notifications at once: `messages` are (user, text, url). Inactive users and the same message
    twice to one user are skipped. On commit every address gets one e-mail with all its lines."""
    rows: dict[tuple[int, str, str], Notificatie] = {}
    users: dict[int, User] = {}
    for user, message, url in messages:
        if user is None or not user.is_active:
            continue
        text = " ".join(str(message).split())[:300]
        users[user.pk] = user
        rows.setdefault((user.pk, text, url), Notificatie(user=user, text=text, url=url))
    if not rows:
        return []
    if merge:
        rows = _merge_into_unread(rows)
    if not rows:
        return []
    _ensure_counters(users.values())
    made = Notificatie.objects.bulk_create(rows.values())
    added: dict[int, int] = {}
    for row in made:
        added[row.user_id] = added.get(row.user_id, 0) + 1
    _count_on_commit({users[pk]: count for pk, count in added.items()})
    if email:
        daily = set(
            NotificatieVoorkeur.objects.filter(
                user__in=list(users), frequency=NotificatieVoorkeur.Frequentie.DAGELIJKS
            ).values_list("user_id", flat=True)
        )
        by_address: dict[str, list[dict[str, str]]] = {}
        for row in made:
            if row.user_id in daily:  # told once a day instead (send_daily_digests)
                continue
            address = (users[row.user_id].email or "").lower()
            if address:
                by_address.setdefault(address, []).append({"text": row.text, "url": absolute_url(row.url)})
        for address, lines in sorted(by_address.items()):
            subject, body = render_email("meldpunt/notifications/email", {"lines": lines, "count": len(lines)})
            enqueue_email(to=address, subject=subject, body=body, topic="meldpunt.notificatie")
    return made


# ---------------------------------------------------------------------------
# The daily overview, for those who chose it (Celery beat, every morning)
# ---------------------------------------------------------------------------
def set_frequency(user: User, frequency: str) -> NotificatieVoorkeur:
    """The user's choice: an e-mail per event ("direct") or one a day ("dagelijks")."""
    if frequency not in NotificatieVoorkeur.Frequentie.values:
        raise ValueError(frequency)
    voorkeur, _created = NotificatieVoorkeur.objects.update_or_create(user=user, defaults={"frequency": frequency})
    return voorkeur


def frequency_of(user: User) -> str:
    voorkeur = NotificatieVoorkeur.objects.filter(user=user).values_list("frequency", flat=True).first()
    return voorkeur or NotificatieVoorkeur.Frequentie.DIRECT


def send_daily_digests(today: date | None = None) -> int:
    """One e-mail per user who chose "dagelijks", with the links of their unread notifications of the past day
    (since the previous overview, at most a day back). Each user's day is claimed with a conditional UPDATE in
    the transaction that queues the e-mail, so a second run (or a second worker) sends nothing twice. Returns
    how many e-mails were queued."""
    today = today or timezone.localdate()
    day_start = timezone.make_aware(datetime.combine(today, time.min))
    sent = 0
    pks = NotificatieVoorkeur.objects.filter(frequency=NotificatieVoorkeur.Frequentie.DAGELIJKS).exclude(
        digest_sent_on__gte=today
    )
    for pk in pks.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            voorkeur = (
                NotificatieVoorkeur.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=pk, frequency=NotificatieVoorkeur.Frequentie.DAGELIJKS)
                .exclude(digest_sent_on__gte=today)
                .first()
            )
            if voorkeur is None:  # another run has it, or has done it
                continue
            since = max(voorkeur.digest_sent_at or day_start - timedelta(days=1), day_start - timedelta(days=1))
            now = timezone.now()
            rows = list(
                Notificatie.objects.filter(user=voorkeur.user, read_at__isnull=True, created_at__gte=since)
                .order_by("created_at", "pk")
                .values_list("text", "url")
            )
            voorkeur.digest_sent_on, voorkeur.digest_sent_at = today, now
            voorkeur.save(update_fields=["digest_sent_on", "digest_sent_at"])
            address = (voorkeur.user.email or "").strip()
            if rows and address and voorkeur.user.is_active:
                lines = [{"text": text, "url": absolute_url(url)} for text, url in rows]
                subject, body = render_email("meldpunt/notifications/email", {"lines": lines, "count": len(lines)})
                enqueue_email(to=address, subject=subject, body=body, topic="meldpunt.notificatie_dagoverzicht")
                sent += 1
    return sent
