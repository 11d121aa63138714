"""Periodic housekeeping. Every task is idempotent: running it twice changes nothing more."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

# The outbox's and the imports' tasks live beside the code they call; importing them here registers them.
from .services import page_views
from .services.imports import run_import_task, sweep_imports_task  # noqa: F401
from .services.outbox import deliver_due_task, deliver_message_task, purge_sent_task  # noqa: F401


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry; returns how many went."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def forget_old_login_attempts(days: int = 30) -> int:
    """Failed log-ins name an e-mail address and an IP address: keep them no longer than needed."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    logs, _ = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted + logs


@shared_task
def write_buffered_page_views() -> int:
    """Every minute: add the views of public pages kept in Redis to the day's counters (services.page_views)."""
    return page_views.write_buffered_page_views()
