"""`manage.py load_demo`: realistic demo data for Twenterand, Enschede and Hengelo (see coalition/demo/).

coalition's own data first, then that of the apps, in the order they registered (coalition/registry.py).
Safe to run again: rows are matched on their natural keys, so a second run creates nothing twice.
With DEMO_MODE=true the demo users get the password "omzien-demo-inlog" and the roles with a second factor a demo
authenticator; without it they get no usable password and no authenticator.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coalition.demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = "Laadt demodata (gemeenten, wijken, coalitiepartners, één gebruiker per rol, dan die van de apps)."

    def handle(self, *args, **options):
        try:
            summary = load_demo(demo_mode=settings.DEMO_MODE)
        except DemoDataError as error:
            raise CommandError(f"Demodata niet geladen, er is niets veranderd: {error}") from None

        width = max(len(label) for label in summary.tallies)
        self.stdout.write(f"{'':{width}}  {'nieuw':>6} {'bijgewerkt':>10} {'ongewijzigd':>11} {'totaal':>7}")
        for label, tally in summary.tallies.items():
            self.stdout.write(
                f"{label:{width}}  {tally.created:6d} {tally.updated:10d} {tally.unchanged:11d} {tally.total:7d}"
            )
        for note in summary.notes:
            self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))
