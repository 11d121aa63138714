"""`manage.py restore file [--target-database name] [--yes]`: a back-up of `manage.py backup` back into a database
(pg_restore, in one transaction); see coalition/backup.py."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from coalition.backup import BackupError, restore, table_count
from coalition.dbroles import as_owner


class Command(BaseCommand):
    help = (
        "Zet een back-up van manage.py backup terug met pg_restore, in één transactie: bij een fout verandert er "
        "niets. Standaard in de database van DATABASE_URL; een database met tabellen alleen met --yes. Stop eerst "
        "de web- en Celery-processen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="De back-up (een .dump van manage.py backup).")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Welke server en gebruiker uit DATABASES (standaard: default)."
        )
        parser.add_argument(
            "--target-database",
            help="Naam van de database om in te herstellen, op dezelfde server (standaard: die uit DATABASES). "
            "Die moet al bestaan.",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Ook als de database al tabellen heeft: die uit de back-up vervangen."
        )
        parser.add_argument(
            "--no-privileges",
            action="store_true",
            help="De rechten (GRANT) uit de back-up niet terugzetten, bijvoorbeeld op een server zonder de "
            "applicatierol.",
        )

    def handle(self, *args, file, database, target_database=None, yes=False, no_privileges=False, **options):
        if database not in settings.DATABASES:
            raise CommandError(f"Geen database '{database}' in DATABASES.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Back-up {path} niet gevonden.")
        # Restoring drops and creates tables: the owner's work, like migrate (coalition/dbroles.py).
        config = (
            as_owner(settings.DATABASES[database]) if database == DEFAULT_DB_ALIAS else settings.DATABASES[database]
        )
        target = target_database or config["NAME"]
        try:
            tables = table_count(config, target)
            if tables and not yes:
                raise CommandError(
                    f"Database {target} is niet leeg ({tables} tabellen). Herstellen vervangt alles wat in de "
                    f"back-up staat. Stop eerst de web- en Celery-processen en herhaal met --yes."
                )
            # This command's own connection must not sit on the database that is being replaced.
            connections.close_all()
            restore(config, path, dbname=target, privileges=not no_privileges)
        except BackupError as error:
            raise CommandError(f"{error}\nEr is niets veranderd.") from None
        self.stdout.write(self.style.SUCCESS(f"Hersteld: {path} in database {target}."))
        self.stdout.write("Is de back-up van een oudere versie van Omzien? Draai dan nog manage.py migrate.")
