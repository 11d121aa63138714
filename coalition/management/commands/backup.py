"""`manage.py backup [file]`: the database in one file (pg_dump, custom format); see coalition/backup.py."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from coalition.backup import BackupError, dump


class Command(BaseCommand):
    help = (
        "Maakt een back-up van de database met pg_dump (custom format), standaard in "
        "var/backups/omzien-JJJJMMDD-UUMMSS.dump. Zet 'm terug met manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Het bestand om te schrijven.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Welke database uit DATABASES (standaard: default)."
        )

    def handle(self, *args, file=None, database=DEFAULT_DB_ALIAS, **options):
        if database not in settings.DATABASES:
            raise CommandError(f"Geen database '{database}' in DATABASES.")
        path = Path(file) if file else self.default_path()
        if path.exists():
            raise CommandError(f"{path} bestaat al; kies een andere naam.")
        try:
            dump(settings.DATABASES[database], path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Back-up geschreven: {path} ({path.stat().st_size:,} bytes)."))

    @staticmethod
    def default_path() -> Path:
        return settings.BASE_DIR / "var" / "backups" / f"omzien-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
