"""Rows that a busy public page would write one at a time, kept in Redis and written in batches by a periodic task.

A search from the page cache costs Redis only if its search-log row need not be written to PostgreSQL at once
(issue 14: a rush of visitors). The rows are statistics, so the trade is sound:
- `push(name, row)` appends a row (a dict of JSON values) to the list `name` in Redis, in one round trip. When
  Redis cannot be reached it returns False and the caller writes the row itself: nothing is refused or lost then.
- `drain(name, write)` hands the rows to `write` in batches, oldest first, and removes a batch only after `write`
  returned: a worker that dies halfway leaves the batch for the next run, which writes it again. So `write` must
  be idempotent (the search log's rows are unique per visitor, day, words and filters: INSERT … ON CONFLICT DO
  NOTHING).
- A Redis that loses its data loses the rows not yet drained: at most one period of the task (a minute).
"""

import json
import logging
from collections.abc import Callable
from functools import cache
from typing import Any

import redis
from django.conf import settings

from .cache import FAILURES

logger = logging.getLogger(__name__)

BATCH = 1000
DRAIN_SECONDS = 600  # the lock of a drain whose worker died is free again after this


@cache
def _client() -> redis.Redis:
    # The cache's Redis with its short timeouts (CACHES in settings): a slow Redis costs a page milliseconds.
    options = settings.CACHES["default"].get("OPTIONS", {})
    return redis.Redis.from_url(
        settings.CACHES["default"]["LOCATION"],
        socket_connect_timeout=options.get("socket_connect_timeout"),
        socket_timeout=options.get("socket_timeout"),
    )


def _key(name: str) -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:buffer:{name}"


def push(name: str, row: dict[str, Any]) -> bool:
    """Keep `row` for the next drain; False when Redis could not take it (then write it yourself)."""
    try:
        _client().rpush(_key(name), json.dumps(row))
    except FAILURES as error:
        logger.warning("write buffer %s: Redis could not take a row, written directly: %s", name, error)
        return False
    return True


def drain(name: str, write: Callable[[list[dict[str, Any]]], None]) -> int:
    """Write every buffered row of `name` with `write` (idempotent), a batch at a time; returns how many. One drain
    at a time (a lock in Redis): two would each remove a batch after writing one, and so remove one unwritten."""
    key, written = _key(name), 0
    lock = _client().lock(f"{key}:drain", timeout=DRAIN_SECONDS, blocking_timeout=0)
    if not lock.acquire():
        return 0
    try:
        while True:
            batch = [json.loads(raw) for raw in _client().lrange(key, 0, BATCH - 1)]
            if not batch:
                return written
            write(batch)
            _client().ltrim(key, len(batch), -1)
            written += len(batch)
    finally:
        lock.release()


def waiting(name: str) -> int:
    """How many rows of `name` wait for the next drain."""
    return int(_client().llen(_key(name)))
