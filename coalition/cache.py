"""The cache (Redis) as a convenience that may fail: a dead Redis costs a citizen milliseconds, never a page.

`ResilientRedisCache` is Django's Redis backend whose reads answer "not there" and whose writes give up when Redis
cannot be reached (with a short connect and read timeout, see CACHES in settings): every page that reads through
the cache then computes what it needs itself. Counting is different: `incr` still raises, because a caller that
counts (the web form's rate limit) must know it could not count. `unreachable()` says whether the last cache call of
this thread failed, for callers that need to tell "not there" from "could not look".
"""

import logging
import threading

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

FAILURES = (RedisError, OSError)


class ReusedClient(RedisCacheClient):
    """Django's Redis cache client, with one redis.Redis per connection pool instead of a new one for every call:
    making one costs more than a short GET (a search page makes five or six calls). The pool is shared anyway."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache whose get/set/add/delete (and their _many forms) survive a Redis that is down."""

    _state = threading.local()

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient

    def validate_key(self, key):
        """Redis takes any key: Django's check (for memcached's 250 characters and no spaces) is skipped, which a
        page with twenty result cards would run twenty times."""

    def _guard(self, operation: str, call, fallback):
        try:
            result = call()
        except FAILURES as error:
            self._state.failed = True
            logger.warning("cache %s failed, going on without it: %s", operation, error)
            return fallback
        self._state.failed = False
        return result

    @property
    def last_call_failed(self) -> bool:
        return getattr(self._state, "failed", False)

    def get(self, key, default=None, version=None):
        return self._guard("get", lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guard("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False)

    def delete(self, key, version=None):
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)


def unreachable() -> bool:
    """Did the last cache call of this thread fail to reach the cache?"""
    return bool(getattr(cache, "last_call_failed", False))
