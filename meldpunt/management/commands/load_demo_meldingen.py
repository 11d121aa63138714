"""`manage.py load_demo_meldingen`: made-up cases for the demo meldpunten (DEMO_MODE only; see meldpunt/demo.py)."""

from django.core.management.base import BaseCommand, CommandError

from meldpunt.demo import DemoCasesError, load_demo_meldingen


class Command(BaseCommand):
    help = "Laadt verzonnen demo-meldingen (alleen met DEMO_MODE=true, na load_demo). Herhaalbaar."

    def handle(self, *args, **options):
        try:
            made = load_demo_meldingen()
        except DemoCasesError as error:
            raise CommandError(f"Demo-meldingen niet geladen: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Demo-meldingen geladen: {made} nieuw."))
