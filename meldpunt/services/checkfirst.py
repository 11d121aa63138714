"""The worklist's "Eerst nakijken" list: web-form reports that may be spam (too fast, a hidden field filled in, too
many from one address, a form without a valid time stamp, or a rate limit that could not count). They are stored
like any report, so no citizen is turned away, but they wait here until staff either accept one into the normal
flow or discard it as spam. A discarded report is an ordinary closed case (reason "spam"): it can be reopened, and
it is anonymised after the retention period like every closed case (services/privacy.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.models import User

from ..choices import AuditAction, CloseReason, EntryKind
from ..models import Melding
from . import audit, casefile
from .core import lock_case, require_open, save_case, timeline_entry


def _require_pending(melding: Melding) -> None:
    require_open(melding)
    if not melding.pending_check:
        raise ValidationError(_("Deze melding is al nagekeken."), code="checked")


@transaction.atomic
def accept_report(melding: Melding, by: User) -> Melding:
    """A real report after all: it leaves "Eerst nakijken" and goes on the worklist as a new case."""
    melding = lock_case(melding)
    _require_pending(melding)
    melding.pending_check = False
    save_case(melding, "pending_check")
    timeline_entry(melding, EntryKind.NAGEKEKEN, by, data={"accepted": True})
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("nagekeken: echte melding"))
    return melding


@transaction.atomic
def discard_as_spam(melding: Melding, by: User) -> Melding:
    """Spam: the case is closed with reason "spam" and counts in no statistics (Melding.objects.counted())."""
    melding = lock_case(melding)
    _require_pending(melding)
    return casefile.close_case(melding, CloseReason.SPAM, _("Nagekeken: spam, geen echte melding."), by)
