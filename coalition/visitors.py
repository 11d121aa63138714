"""Who is visiting, without knowing who: the client's address as the proxies in front of us saw it, and a keyed,
daily-changing hash of a visitor for counting things once per visitor per day.

Nothing here is stored as it is: the address and the browser's user agent only go into an HMAC whose key is derived
from SECRET_KEY and the date, so a hash of today cannot be linked to one of yesterday, and never turned back into an
address by someone who only sees the stored hashes.
"""

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

VISITOR_HASH_LENGTH = 32  # hex characters: 128 bits, plenty to tell a day's visitors apart


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind AXES_IPWARE_PROXY_COUNT trusted proxies the address they saw (as django-axes reads it)."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _daily_key(purpose: str, day: date) -> bytes:
    """The salt of one day, for one purpose: derived from SECRET_KEY and the date, never stored."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{day.isoformat()}".encode(), hashlib.sha256).digest()


def daily_visitor_hash(request: HttpRequest, purpose: str, day: date | None = None) -> str:
    """The same text for the same address and browser on one day (local time), another the next day."""
    day = day or timezone.localdate()
    visitor = f"{client_address(request)}\n{request.META.get('HTTP_USER_AGENT', '')}"
    digest = hmac.new(_daily_key(purpose, day), visitor.encode(), hashlib.sha256).hexdigest()
    return digest[:VISITOR_HASH_LENGTH]
