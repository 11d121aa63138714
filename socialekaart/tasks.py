"""Periodic tasks of the sociale kaart. Each one calls services and is idempotent: a second run sends nothing."""

from celery import shared_task

from .services import search_log
from .services.freshness import freshness_notify_coordinators, freshness_send_reminders
from .services.search_log import purge_old_searches as purge_searches


@shared_task
def send_freshness_reminders() -> dict:
    """Daily: remind organisations of listings they have not confirmed, and tell coördinators which went stale."""
    return {
        "reminders": freshness_send_reminders(),
        "stale_reported": freshness_notify_coordinators(),
    }


@shared_task
def purge_old_searches() -> int:
    """Nightly: forget the public searches older than SOCIALEKAART_SEARCH_RETENTION_MONTHS."""
    return purge_searches()


@shared_task
def write_buffered_searches() -> int:
    """Every minute: write the searches kept in Redis to the search log (services.search_log)."""
    return search_log.write_buffered_searches()
