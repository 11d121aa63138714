"""Periodic tasks of the meldpunt (Celery beat). Each one calls a service and is idempotent."""

from celery import shared_task

from .services.audit import check_chain
from .services.notifications import send_daily_digests
from .services.privacy import anonymise_expired
from .services.reminders import send_referral_follow_ups as referral_follow_ups
from .services.reminders import send_reminders


@shared_task
def anonymise_expired_cases() -> int:
    """Nightly: closed cases past the retention period lose their personal data. Returns how many."""
    return anonymise_expired()


@shared_task
def send_case_reminders() -> dict:
    """Every working day: remind owners (or the meldpunt) of overdue, quiet and planned cases."""
    return send_reminders()


@shared_task
def send_referral_follow_ups() -> dict:
    """Every working day: referrals not accepted in time, the check-in after the start, the follow-up measurement."""
    return referral_follow_ups()


@shared_task
def verify_audit_log() -> bool:
    """Daily: check the audit log's hash chain; a break is reported to the privacy officers. Returns whether intact."""
    return check_chain().intact


@shared_task
def send_notification_digests() -> int:
    """Every morning: one e-mail with the day's unread notifications to those who chose "dagelijks" (once a day)."""
    return send_daily_digests()
