"""Django's `migrate`, run as the database owner when DATABASE_OWNER_URL is set, then granting the application's
role (the user of DATABASE_URL) its rights on the tables (coalition/dbroles.py)."""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

from coalition.dbroles import connected_as, grant_app_role


class Command(DjangoMigrateCommand):
    def handle(self, *args, **options):
        owner_url = settings.DATABASE_OWNER_URL
        connection = connections[options["database"]]
        if not owner_url or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        app_role = connection.settings_dict["USER"]
        with connected_as(connection, owner_url):
            super().handle(*args, **options)
            if app_role and app_role != connection.settings_dict["USER"]:
                grant_app_role(connection, app_role)
                if options["verbosity"]:
                    self.stdout.write(f"Rights granted to the application's database role {app_role}.")
