"""Periodic tasks of the meldpunt (Celery beat). Each one calls a service and is idempotent."""

from celery import shared_task

from .services.privacy import anonymise_expired
from .services.reminders import send_reminders


@shared_task
def anonymise_expired_cases() -> int:
    """Nightly: closed cases past the retention period lose their personal data. Returns how many."""
    return anonymise_expired()


@shared_task
def send_case_reminders() -> dict:
    """Every working day: remind owners (or the meldpunt) of overdue, quiet and planned cases."""
    return send_reminders()
