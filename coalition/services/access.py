"""Changes of who may see personal data: recorded and reported to the privacy officer, in the same transaction.

A coördinator or beheerder can grant access in the admin (a role, a place on a meldpunt's staff); a beheerder can
reset someone's second factor. Each such change
- sends `coalition.signals.access_changed` (the meldpunt writes a line in its audit log), and
- queues an e-mail to the privacy officers (coalition.queries.privacy_officer_addresses) through the outbox.

Failed log-ins the privacy officer should see (an account locked by django-axes, a wrong code for the second factor)
send `coalition.signals.login_refused`; the meldpunt writes them in its audit log. No e-mail: they are for the
officer's regular look at the log, and a lockout should not flood their mailbox. A wrong password that does not lock
the account is not reported: django-axes counts it (and keeps the attempt until the lockout ends).
"""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..login_throttle import PASSWORD_CHECKED, THROTTLED
from ..models import Role, User
from ..queries import privacy_officer_addresses
from ..signals import access_changed, login_refused
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


def record_refused_login(*, user: User | None, detail: str) -> None:
    """Tell the apps (audit log) that a log-in of `user` (None: no such account) was refused."""
    login_refused.send(sender=User, user=user, detail=detail)


def record_lockout(
    sender: object, request: HttpRequest | None = None, username: str | None = None, **kwargs: object
) -> None:
    """Receiver of django-axes' user_locked_out: the account was locked after too many wrong passwords.

    django-axes sends the signal again at every attempt while the account is locked; only the attempt that locked it
    is reported: that attempt got past django-axes to our own backend (coalition.login_throttle), a refused one did not.
    The account is looked up by the typed address; an address of no account is not stored (it might be a password
    typed in the wrong field): the line says "onbekend account".
    """
    if request is None or not (getattr(request, PASSWORD_CHECKED, False) or getattr(request, THROTTLED, False)):
        return
    user = User.objects.filter(email__iexact=username.strip()).first() if username else None
    failures = getattr(request, "axes_failures_since_start", None) or settings.AXES_FAILURE_LIMIT
    if user is None:
        detail = _("onbekend account: geblokkeerd na %(count)d foute inlogpogingen") % {"count": failures}
    else:
        detail = _("%(email)s: account geblokkeerd na %(count)d foute inlogpogingen") % {
            "email": user.email,
            "count": failures,
        }
    record_refused_login(user=user, detail=detail)


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
