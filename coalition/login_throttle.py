"""A slow throttle per account over all internet addresses, on top of django-axes' lockout per account and address.

django-axes locks an account only for the address the wrong passwords came from (AXES_LOCKOUT_PARAMETERS), so an
attacker elsewhere cannot lock a user out. To keep guessing from many addresses bounded too, wrong passwords for one
account are counted here over all addresses. After LOGIN_THROTTLE_FAILURES of them, with no quiet
LOGIN_THROTTLE_WINDOW_SECONDS in between, the account takes one attempt per LOGIN_THROTTLE_INTERVAL_SECONDS; other
attempts are refused before the password is checked. Guessing stays at about one password a minute.

A browser in which the account logged in before carries a signed cookie (KNOWN_DEVICE_COOKIE) and skips the throttle,
so an attacker who keeps taking the one attempt a minute does not keep the user out either. The per-address lockout
still applies to that browser.

The counts live in the cache (Redis) under a keyed hash of the e-mail address. When Redis cannot be reached nothing is
counted and attempts go through: the lockout per account and address (in the database) still holds.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse

from .cache import FAILURES, unreachable

KNOWN_DEVICE_COOKIE = "omzien_bekend_apparaat"
KNOWN_DEVICE_SALT = "coalition.login_throttle.known_device"
KNOWN_DEVICE_DAYS = 90

# Set on the request when the password of that request was actually checked (not refused by axes or the throttle).
PASSWORD_CHECKED = "login_password_checked"  # noqa: S105 -- an attribute's name
# Set on the request when the throttle refused it; the log-in form then says so.
THROTTLED = "login_throttled"


def _digest(username: str) -> str:
    name = username.strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), name, hashlib.sha256).hexdigest()[:40]


def _failures_key(username: str) -> str:
    return f"login-throttle:failures:{_digest(username)}"


def _slot_key(username: str) -> str:
    return f"login-throttle:slot:{_digest(username)}"


def failures(username: str) -> int:
    """Wrong passwords for this account since its last quiet window (0 when Redis cannot be reached)."""
    return cache.get(_failures_key(username), 0)


def record_failure(username: str) -> None:
    """One more wrong password; every failure starts the quiet window again."""
    key, window = _failures_key(username), settings.LOGIN_THROTTLE_WINDOW_SECONDS
    try:
        cache.add(key, 0, timeout=window)
        cache.incr(key)
        cache.touch(key, timeout=window)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
    except FAILURES:
        pass  # Redis is down: nothing counted, the lockout per address still holds


def take_attempt(username: str) -> bool:
    """May this account try a password now? Below the limit always; above it, the first attempt of each interval."""
    if failures(username) < settings.LOGIN_THROTTLE_FAILURES:
        return True
    taken = cache.add(_slot_key(username), 1, timeout=settings.LOGIN_THROTTLE_INTERVAL_SECONDS)
    return taken or unreachable()


def reset(username: str) -> None:
    """Forget the account's failures (after a new password was set through the link in the e-mail)."""
    cache.delete(_failures_key(username))
    cache.delete(_slot_key(username))


def is_known_device(request: HttpRequest, username: str) -> bool:
    try:
        value = request.get_signed_cookie(
            KNOWN_DEVICE_COOKIE, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_DAYS * 24 * 60 * 60
        )
    except (KeyError, BadSignature):
        return False
    return isinstance(value, str) and hmac.compare_digest(value, _digest(username))


def remember_device(response: HttpResponse, username: str) -> None:
    """Mark this browser as one the account logged in with (password right)."""
    response.set_signed_cookie(
        KNOWN_DEVICE_COOKIE,
        _digest(username),
        salt=KNOWN_DEVICE_SALT,
        max_age=KNOWN_DEVICE_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class LoginThrottleBackend:
    """Sits between django-axes' backend and ModelBackend: it refuses a throttled attempt (PermissionDenied stops
    Django's authenticate()) and authenticates nobody itself. An address that axes locked never gets here, so a
    locked-out attacker does not use up the account's attempt of the minute."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username:
            return None
        if not is_known_device(request, username) and not take_attempt(username):
            setattr(request, THROTTLED, True)
            raise PermissionDenied("login throttled")
        setattr(request, PASSWORD_CHECKED, True)
        return None


def count_failed_login(sender, credentials, request=None, **kwargs) -> None:
    """Receiver of user_login_failed: count a wrong password, not an attempt that was refused unchecked."""
    username = credentials.get("username")
    if request is not None and username and getattr(request, PASSWORD_CHECKED, False):
        record_failure(username)
