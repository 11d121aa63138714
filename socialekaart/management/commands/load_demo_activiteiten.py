"""`manage.py load_demo_activiteiten`: the demo activities of the sociale kaart (see socialekaart/demo/).

Run `manage.py load_demo` first. Safe to run again: a second run creates nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError

from socialekaart.demo.loader import DemoActivitiesError, load_demo_activiteiten


class Command(BaseCommand):
    help = "Laadt demo-activiteiten voor de sociale kaart (na load_demo). Herhaalbaar."

    def handle(self, *args, **options):
        try:
            counts = load_demo_activiteiten()
        except DemoActivitiesError as error:
            raise CommandError(f"Demo-activiteiten niet geladen, er is niets veranderd: {error}") from None
        labels = sorted(set(counts.created) | set(counts.existing))
        width = max(map(len, labels), default=0)
        self.stdout.write(f"{'':{width}}  {'nieuw':>6} {'bestond al':>10}")
        for label in labels:
            self.stdout.write(f"{label:{width}}  {counts.created.get(label, 0):6d} {counts.existing.get(label, 0):10d}")
        self.stdout.write(self.style.SUCCESS("Demo-activiteiten geladen."))
