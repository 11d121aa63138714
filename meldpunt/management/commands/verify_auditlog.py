"""`manage.py verify_auditlog`: check the audit log's hash chain; exit code 1 and the first broken line if it fails."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meldpunt.queries.auditchain import verify_chain


class Command(BaseCommand):
    help = _("Controleert de keten van vingerafdrukken in het auditlog en noemt de eerste regel die niet klopt.")

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            raise CommandError(_("Het auditlog is aangetast. %(where)s") % {"where": report.first_break})
        self.stdout.write(_("Het auditlog is in orde: %(count)d regels, de keten klopt.") % {"count": report.lines})
