import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

from coalition.cache import unreachable
from coalition.celery import app as celery_app

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _cache_ok() -> bool:
    cache.get("health")  # the cache goes on without Redis (coalition/cache.py); it says whether it could
    return not unreachable()


def _broker_ok() -> bool:
    try:
        with Connection(celery_app.conf.broker_url, connect_timeout=0.5) as broker:
            broker.ensure_connection(max_retries=1)
        return True
    except Exception:
        logger.exception("Health check: broker unreachable")
        return False


@never_cache
def health(request):
    """Status of the database, the cache and the Celery broker, for monitoring: each says "ok" or "error", and the
    answer comes within a second even when one is down (short timeouts). Names no hosts or secrets."""
    checks = {"database": _database_ok(), "cache": _cache_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error", **{name: "ok" if ok else "error" for name, ok in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)
