"""Notifications: a line in the application (with an unread count) and an e-mail, both with only a link.

Nothing personal goes in either: a reference (VW-000123 or a case number) and what happened. The e-mail goes
through the outbox (coalition.services.outbox) in the same transaction, so a rolled-back change tells nobody
anything and a mail server that is down delays it but loses nothing; one e-mail per address per call, however
many notifications it made (the daily follow-up run may have several for one person).

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

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from redis.exceptions import RedisError

from coalition.models import User
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..models import Notificatie

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


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------
def notify(users: Iterable[User], text: str, url: str, *, email: bool = True) -> list[Notificatie]:
    """One notification per active user, and one e-mail each through the outbox (sent after the commit)."""
    return notify_each([(user, text, url) for user in users], email=email)


def notify_each(messages: Iterable[Message], *, email: bool = True) -> list[Notificatie]:
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
    _ensure_counters(users.values())
    made = Notificatie.objects.bulk_create(rows.values())
    added: dict[int, int] = {}
    for row in made:
        added[row.user_id] = added.get(row.user_id, 0) + 1
    _count_on_commit({users[pk]: count for pk, count in added.items()})
    if email:
        by_address: dict[str, list[dict[str, str]]] = {}
        for row in made:
            address = (users[row.user_id].email or "").lower()
            if address:
                by_address.setdefault(address, []).append({"text": row.text, "url": absolute_url(row.url)})
        for address, lines in sorted(by_address.items()):
            subject, body = render_email("meldpunt/notifications/email", {"lines": lines, "count": len(lines)})
            enqueue_email(to=address, subject=subject, body=body, topic="meldpunt.notificatie")
    return made
