"""The audit log as a spreadsheet: one row per line, its texts kept from running as formulas.

In the form Dutch spreadsheets expect: CSV with semicolons (Excel with Dutch settings splits on ';', as the comma is
the decimal sign) and a byte order mark, times as dd-mm-jjjj uu:mm; or XLSX with the same cells."""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Role

from ..choices import AuditAction
from ..models import AuditRegel
from .text import spreadsheet_cell

# Excel with Dutch regional settings reads ';' as the column separator.
CSV_DELIMITER = ";"
# dd-mm-jjjj uu:mm, as a Dutch spreadsheet shows a date and time.
TIME_FORMAT = "%d-%m-%Y %H:%M"


def who(line: AuditRegel) -> str:
    """Who did it: the user's name; a failed log-in of an address that is no account: "onbekend account"."""
    if line.user is not None:
        return line.user.get_full_name()
    return _("onbekend account") if line.action == AuditAction.INLOG_MISLUKT else _("systeem")


def audit_headers() -> list[str]:
    return [_("Tijdstip"), _("Gebruiker"), _("E-mailadres"), _("Rol"), _("Melding"), _("Handeling"), _("Wat")]


def audit_rows(lines: Iterable[AuditRegel]) -> Iterator[list[str]]:
    """The cells of each line (read with its user), in the order of audit_headers()."""
    actions = dict(AuditAction.choices)
    roles = dict(Role.choices)
    for line in lines:
        user = line.user
        yield [
            timezone.localtime(line.at).strftime(TIME_FORMAT),
            spreadsheet_cell(who(line)),
            spreadsheet_cell(user.email if user else ""),
            str(roles.get(user.role, "")) if user else "",
            line.case_number,
            str(actions.get(line.action, line.action)),
            spreadsheet_cell(line.detail),
        ]
