"""Changes of who may see personal data: recorded and reported to the privacy officer, in the same transaction.

A coördinator or beheerder can grant access in the admin (a role, a place on a meldpunt's staff); a beheerder can
reset someone's second factor. Each such change
- sends `coalition.signals.access_changed` (the meldpunt writes a line in its audit log), and
- queues an e-mail to the privacy officers (coalition.queries.privacy_officer_addresses) through the outbox.
"""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import Role, User
from ..queries import privacy_officer_addresses
from ..signals import access_changed
from .outbox import enqueue_email, render_email


def _by_name(by: User | None) -> str:
    return (by.full_name or by.email) if by is not None else _("het systeem")


def record_access_change(*, user: User, by: User | None, detail: str) -> None:
    """Tell the apps (audit log) and the privacy officers that `user`'s access to personal data changed."""
    access_changed.send(sender=User, user=user, by=by, detail=detail)
    subject, body = render_email(
        "coalition/email/access_changed",
        {"user": user, "by_name": _by_name(by), "detail": detail, "at": timezone.localtime()},
    )
    enqueue_email(to=privacy_officer_addresses(), subject=subject, body=body, topic="coalition.toegang")


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role or "—"


@transaction.atomic
def record_role_change(*, user: User, by: User | None, old_role: str, was_superuser: bool) -> None:
    """After `user` was saved with a new role or superuser flag: record what changed (nothing when nothing did)."""
    changes = []
    if old_role != user.role:
        changes.append(_("rol van %(old)s naar %(new)s") % {"old": role_label(old_role), "new": role_label(user.role)})
    if was_superuser != user.is_superuser:
        changes.append(_("alle rechten (superuser) gegeven") if user.is_superuser else _("alle rechten afgenomen"))
    if changes:
        record_access_change(user=user, by=by, detail=f"{user.email}: " + ", ".join(changes))


@transaction.atomic
def reset_second_factor(*, user: User, by: User | None) -> int:
    """Remove every authenticator of `user` and end their sessions: at the next log-in they must set up a new one
    (coalition.views.accounts). Returns how many devices were removed."""
    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    _end_sessions(user)
    record_access_change(user=user, by=by, detail=f"{user.email}: " + _("tweede factor gewist"))
    return removed


def _end_sessions(user: User) -> None:
    """Delete the sessions of `user` (the session table has no user column: decode the live ones)."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    stale = [session.pk for session in live.iterator() if session.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(pk__in=stale).delete()
