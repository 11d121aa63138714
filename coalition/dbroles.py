"""Two database roles: the owner, who migrates, and the application, which may only use the tables.

The web, the worker and beat connect as the application's role (DATABASE_URL). It owns nothing, so it cannot drop or
alter a table, disable or drop a trigger, or truncate; on the append-only tables the apps registered
(registry.add_append_only_model, e.g. the meldpunt's audit log) it may only SELECT and INSERT. `manage.py migrate`
connects as the owner (DATABASE_OWNER_URL) and grants these rights again after every migration, so new tables are
covered (coalition/management/commands/migrate.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import environ
from django.apps import apps
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg2 import sql

from . import registry


def append_only_tables() -> list[str]:
    return sorted(apps.get_model(label)._meta.db_table for label in registry.append_only_models())


def grant_app_role(connection: BaseDatabaseWrapper, role: str) -> None:
    """Give `role` exactly the rights the application needs on every table and sequence in the schema `public`."""
    name = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(connection.settings_dict["NAME"]), name),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(name),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
    ]
    statements += [
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), name)
        for table in append_only_tables()
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def as_owner(config: dict) -> dict:
    """A DATABASES entry with the owner's login (DATABASE_OWNER_URL) when one is set, for work that replaces
    tables (restore); otherwise the entry as it is."""
    if not settings.DATABASE_OWNER_URL:
        return config
    owner = environ.Env.db_url_config(settings.DATABASE_OWNER_URL)
    return {**config, **{key: owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT") if key in owner}}


@contextmanager
def connected_as(connection: BaseDatabaseWrapper, url: str) -> Iterator[None]:
    """Within the block, `connection` logs in with the user, password, host and port of `url` (the same database)."""
    owner = environ.Env.db_url_config(url)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({key: owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT") if key in owner})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
