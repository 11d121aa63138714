"""Periodic tasks of subsidies (Celery beat). Each one calls a service and is idempotent."""

from celery import shared_task

from .services.reports import send_due_reminders


@shared_task
def remind_reports() -> dict[str, int]:
    """Every morning: reports due in four weeks or one week (the applicant), and deadlines missed (the coördinators).
    Each reminder goes once (services/reports.py)."""
    return send_due_reminders()
