"""Who may open a meldpunt's cases: its staff. Every change of the staff is access to personal data changing, so it
goes through coalition.services.access (audit line here, e-mail to the privacy officer) like a change of role."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coalition.models import User
from coalition.services.access import record_access_change

from ..choices import AuditAction
from ..models import Meldpunt
from . import audit


@transaction.atomic
def record_staff_change(*, meldpunt: Meldpunt, added: Iterable[User], removed: Iterable[User], by: User | None) -> None:
    """After the staff of `meldpunt` changed: one record per person added or removed."""
    for user in added:
        detail = _("%(email)s toegevoegd aan de medewerkers van %(meldpunt)s")
        record_access_change(user=user, by=by, detail=detail % {"email": user.email, "meldpunt": meldpunt.name})
    for user in removed:
        detail = _("%(email)s verwijderd uit de medewerkers van %(meldpunt)s")
        record_access_change(user=user, by=by, detail=detail % {"email": user.email, "meldpunt": meldpunt.name})


def log_access_change(sender: Any, *, user: User, by: User | None, detail: str, **kwargs: Any) -> None:
    """Receiver of coalition.signals.access_changed: the change in the audit log, next to the reads of cases."""
    audit.log(by, None, AuditAction.TOEGANG, detail)


def log_refused_login(sender: Any, *, user: User | None, detail: str, **kwargs: Any) -> None:
    """Receiver of coalition.signals.login_refused: a lockout or a wrong second factor in the audit log (no case)."""
    audit.log_failed_login(user, detail)
