"""The audit log's hash chain: each line's digest covers its own content and the digest of the line before it.

A line that is changed, removed or inserted afterwards (by someone with more rights than the application, who can get
past the database's refusals) breaks the chain from that line on; `manage.py verify_auditlog` finds the first break.
Pure functions without models, so the migration that chained the existing lines uses exactly these.
"""

import hashlib
from datetime import UTC, datetime

# The digest "before" the first line.
GENESIS = "0" * 64
# pg_advisory_xact_lock key: one writer at a time appends to the chain (the number only has to be unique here).
CHAIN_LOCK = 7_513_000_001  # NEN 7513, the Dutch standard for logging access to personal health data


def line_digest(
    previous: str,
    *,
    seq: int,
    at: datetime,
    user_id: int | None,
    melding_id: int | None,
    case_number: str,
    action: str,
    detail: str,
    role: str = "",
) -> str:
    """SHA-256 (hex) over the previous digest and the line's fields, in a fixed, unambiguous form. The user's role
    counts only when there is one: lines written before roles were kept have the digests they had."""
    fields = [
        previous,
        str(seq),
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        "" if user_id is None else str(user_id),
        "" if melding_id is None else str(melding_id),
        case_number,
        action,
        detail,
    ]
    if role:
        fields.append(role)
    # Lengths first, so no field's content can pass for a field boundary.
    payload = "\x1f".join(f"{len(value)}:{value}" for value in fields)
    return hashlib.sha256(payload.encode()).hexdigest()
