"""Checking the audit log's hash chain (meldpunt/auditchain.py): is every line still as it was written?"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..auditchain import GENESIS, line_digest
from ..models import AuditRegel

FIELDS = ("pk", "seq", "at", "user_id", "melding_id", "case_number", "action", "detail", "role", "digest")


@dataclass(frozen=True)
class ChainBreak:
    """The first line where the chain does not hold, and why."""

    seq: int
    pk: int
    reason: str

    def __str__(self) -> str:
        return _("Regel %(seq)d (id %(pk)d): %(reason)s") % {"seq": self.seq, "pk": self.pk, "reason": self.reason}


@dataclass(frozen=True)
class ChainReport:
    lines: int
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify_chain(chunk_size: int = 5000) -> ChainReport:
    """Walk the log in chain order and recompute every digest. Stops at the first line that does not fit: a changed
    line (its digest differs), a removed one (a gap in the numbers) or one put in between."""
    previous, expected_seq, count = GENESIS, 1, 0
    for line in AuditRegel.objects.order_by("seq").values_list(*FIELDS, named=True).iterator(chunk_size=chunk_size):
        count += 1
        if line.seq != expected_seq:
            reason = _("volgnummer %(expected)d ontbreekt: er is een regel weggehaald") % {"expected": expected_seq}
            return ChainReport(count, ChainBreak(line.seq, line.pk, reason))
        digest = line_digest(
            previous,
            seq=line.seq,
            at=line.at,
            user_id=line.user_id,
            melding_id=line.melding_id,
            case_number=line.case_number,
            action=line.action,
            detail=line.detail,
            role=line.role,
        )
        if digest != line.digest:
            reason = _("de vingerafdruk klopt niet: de regel of de regel ervoor is veranderd")
            return ChainReport(count, ChainBreak(line.seq, line.pk, reason))
        previous, expected_seq = digest, expected_seq + 1
    return ChainReport(count, None)
