"""The audit log as a spreadsheet: one row per line, its texts kept from running as formulas."""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Role

from ..choices import AuditAction
from ..models import AuditRegel
from .text import spreadsheet_cell


def audit_headers() -> list[str]:
    return [_("Tijdstip"), _("Gebruiker"), _("E-mailadres"), _("Rol"), _("Melding"), _("Handeling"), _("Wat")]


def audit_rows(lines: Iterable[AuditRegel]) -> Iterator[list[str]]:
    """The cells of each line (read with its user), in the order of audit_headers()."""
    actions = dict(AuditAction.choices)
    roles = dict(Role.choices)
    for line in lines:
        user = line.user
        yield [
            timezone.localtime(line.at).strftime("%Y-%m-%d %H:%M:%S"),
            spreadsheet_cell(user.get_full_name() if user else _("systeem")),
            spreadsheet_cell(user.email if user else ""),
            str(roles.get(user.role, "")) if user else "",
            line.case_number,
            str(actions.get(line.action, line.action)),
            spreadsheet_cell(line.detail),
        ]
