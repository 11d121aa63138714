"""The audit log: every read, change, export and print of a case, by whom and when. Rows are never changed."""

from django.contrib.auth.models import AnonymousUser

from coalition.models import User

from ..choices import AuditAction
from ..models import AuditRegel, Melding


def log(user: User | AnonymousUser | None, melding: Melding | None, action: str, detail: str = "") -> AuditRegel:
    """Write one audit line. `user` None means the system (a Celery task)."""
    return AuditRegel.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        melding=melding,
        case_number=melding.number if melding else "",
        action=action,
        detail=detail[:300],
    )


def log_view(user: User | AnonymousUser | None, melding: Melding, what: str = "") -> None:
    log(user, melding, AuditAction.BEKEKEN, what)


def log_list_view(user: User, cases: list[tuple[int, str]], what: str) -> None:
    """A list showed personal data of these cases ((pk, number) pairs): one line each, in one INSERT."""
    AuditRegel.objects.bulk_create(
        [
            AuditRegel(user=user, melding_id=pk, case_number=number, action=AuditAction.BEKEKEN, detail=what[:300])
            for pk, number in cases
        ]
    )
