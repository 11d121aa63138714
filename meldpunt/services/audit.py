"""The audit log: every read, change, export and print of a case, and every change of who may see personal data,
by whom and when. Rows are never changed, and each one is chained to the one before it (meldpunt/auditchain.py)."""

import logging

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.utils import timezone

from coalition.models import User
from coalition.queries import privacy_officer_addresses
from coalition.services.outbox import enqueue_email, render_email

from ..auditchain import CHAIN_LOCK, GENESIS, line_digest
from ..choices import AuditAction
from ..models import AuditRegel, Melding
from ..queries.auditchain import ChainReport, verify_chain

logger = logging.getLogger(__name__)


def _append(lines: list[AuditRegel]) -> list[AuditRegel]:
    """Give the lines their place in the chain and their digests, and insert them in one statement.

    One writer at a time: the advisory lock is held until the surrounding transaction ends, so the next writer reads
    this one's last line (READ COMMITTED takes a fresh snapshot per statement, after the lock was granted).
    """
    # No savepoint of its own: a line that cannot be written fails the change or read it belongs to.
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = AuditRegel.objects.order_by("-seq").values_list("seq", "digest").first()
        seq, previous = last if last else (0, GENESIS)
        now = timezone.now()
        for line in lines:
            seq += 1
            line.seq, line.at = seq, now
            # The role at this moment (NEN 7513): who the user was then, not what they are when someone looks.
            line.role = line.user.role if line.user is not None else ""
            line.digest = previous = line_digest(
                previous,
                seq=seq,
                at=now,
                user_id=line.user_id,
                melding_id=line.melding_id,
                case_number=line.case_number,
                action=line.action,
                detail=line.detail,
                role=line.role,
            )
        return AuditRegel.objects.bulk_create(lines)


def log(user: User | AnonymousUser | None, melding: Melding | None, action: str, detail: str = "") -> AuditRegel:
    """Write one audit line. `user` None means the system (a Celery task)."""
    line = AuditRegel(
        user=user if user is not None and user.is_authenticated else None,
        melding=melding,
        case_number=melding.number if melding else "",
        action=action,
        detail=detail[:300],
    )
    return _append([line])[0]


def log_view(user: User | AnonymousUser | None, melding: Melding, what: str = "") -> None:
    log(user, melding, AuditAction.BEKEKEN, what)


def log_refused(user: User | AnonymousUser | None, melding: Melding, what: str) -> None:
    """`user` was refused this case (a 403): who, which case and what they tried. One line."""
    log(user, melding, AuditAction.GEWEIGERD, what)


def log_failed_login(user: User | None, what: str) -> None:
    """A log-in failed in a way the privacy officer should see (a lockout, a wrong second factor); no case.

    `user` is the account that was tried, None when there is no such account; `what` never holds a password."""
    log(user, None, AuditAction.INLOG_MISLUKT, what)


def log_reads(user: User, reads: list[tuple[int, str, str]]) -> None:
    """A page showed personal data of these cases ((pk, number, what) triples): one line each, in one INSERT."""
    if not reads:
        return
    _append(
        [
            AuditRegel(user=user, melding_id=pk, case_number=number, action=AuditAction.BEKEKEN, detail=what[:300])
            for pk, number, what in reads
        ]
    )


def log_list_view(user: User, cases: list[tuple[int, str]], what: str) -> None:
    """A list showed personal data of these cases ((pk, number) pairs)."""
    log_reads(user, [(pk, number, what) for pk, number in cases])


@transaction.atomic
def check_chain() -> ChainReport:
    """Verify the hash chain; when it is broken, tell the privacy officers (every day until it is dealt with)."""
    report = verify_chain()
    if not report.intact:
        logger.error("The audit log's hash chain is broken: %s", report.first_break)
        subject, body = render_email(
            "meldpunt/email/audit_chain_broken", {"report": report, "first_break": report.first_break}
        )
        enqueue_email(to=privacy_officer_addresses(), subject=subject, body=body, topic="meldpunt.auditlog")
    return report
