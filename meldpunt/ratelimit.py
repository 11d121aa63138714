"""How often one internet address used the public web form in the last hour, counted in the cache (Redis).

The address itself is never stored: the cache key holds a keyed hash of it (HMAC with SECRET_KEY, so the key
cannot be turned back into an address by trying them all), and the counter expires an hour after its first use.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from coalition.cache import unreachable
from coalition.visitors import client_address

WINDOW_SECONDS = 60 * 60


def _key(request, scope: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256).hexdigest()
    return f"ratelimit:{scope}:{digest[:40]}"


def count(request, scope: str) -> int | None:
    """How many times this address was counted for `scope` in the current hour; None when the cache cannot be
    reached (then nobody knows)."""
    counted = cache.get(_key(request, scope), 0)
    return None if unreachable() else counted


def hit(request, scope: str) -> int | None:
    """Count one use; the hour starts at the first use. Returns the new count, or None when it could not count."""
    key = _key(request, scope)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1
    except RedisError:  # the cache is down: the report goes through, marked to be checked (views/public.py)
        return None


def over_limit(request, scope: str, limit: int) -> bool | None:
    """Has this address used the form `limit` times this hour? None: it cannot be counted now."""
    counted = count(request, scope)
    return None if counted is None else counted >= limit
