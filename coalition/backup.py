"""Back-up and restore of the database with PostgreSQL's own tools, for `manage.py backup` and `manage.py restore`.

pg_dump writes one file in its custom format (compressed, and pg_restore can pick from it); pg_restore puts it back
in one transaction, so a restore that fails leaves the database as it was. Both tools must be of the server's major
version (or newer): pg_dump refuses a newer server, and an archive needs a pg_restore at least as new as the pg_dump
that wrote it. The connection comes from settings.DATABASES; the password goes to the tools in their environment
(PGPASSWORD), never on a command line that `ps` shows.
"""

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from psycopg2.extensions import make_dsn

# The libpq connection options a DATABASES entry may carry in OPTIONS, with the environment variable each tool reads.
# (Django's own OPTIONS, such as isolation_level, are no libpq options and stay out.)
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
# Tables (plain and partitioned) in the schemas of the database's own data.
_TABLE_COUNT = """
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%%'
"""


class BackupError(Exception):
    """Why a back-up or restore could not run or failed, in words for the person at the command line."""


def _connection_parameters(database: dict[str, Any], dbname: str) -> dict[str, str]:
    parameters = {
        "host": database.get("HOST") or "",
        "port": str(database.get("PORT") or ""),
        "user": database.get("USER") or "",
        "password": database.get("PASSWORD") or "",
        "dbname": dbname,
    }
    options = database.get("OPTIONS") or {}
    parameters.update({key: str(value) for key, value in options.items() if key in _LIBPQ_OPTIONS})
    return {key: value for key, value in parameters.items() if value}


def tool_environment(database: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump and pg_restore: this process's, with the connection in libpq's variables (and
    none left over from the caller's own PG* variables, which could point at another server)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", **_LIBPQ_OPTIONS}
    for key, value in _connection_parameters(database, dbname="").items():
        environment[names[key]] = value
    return environment


def _connect(database: dict[str, Any], dbname: str) -> Any:
    try:
        return psycopg2.connect(**_connection_parameters(database, dbname), connect_timeout=10)
    except psycopg2.OperationalError as error:
        raise BackupError(f"Kan database {dbname} niet openen: {str(error).strip()}") from None


def server_major_version(database: dict[str, Any], dbname: str) -> int:
    """The PostgreSQL server's major version (15 for 15.4)."""
    connection = _connect(database, dbname)
    try:
        return int(connection.server_version) // 10_000
    finally:
        connection.close()


def table_count(database: dict[str, Any], dbname: str) -> int:
    """How many tables database `dbname` holds: 0 for an empty database."""
    connection = _connect(database, dbname)
    try:
        with connection.cursor() as cursor:
            cursor.execute(_TABLE_COUNT)
            return int(cursor.fetchone()[0])
    finally:
        connection.close()


def _candidate_folders() -> list[Path]:
    """Where PostgreSQL's client tools may be: PG_BIN_DIR, PATH, Debian's and the PGDG packages' folders, and the
    embedded server's own (pgserver, scripts/services.py)."""
    folders = [Path(settings.PG_BIN_DIR)] if settings.PG_BIN_DIR else []
    folders += [Path(folder) for folder in os.environ.get("PATH", "").split(os.pathsep) if folder]
    folders += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    folders += sorted(Path("/usr").glob("pgsql-*/bin"))
    spec = importlib.util.find_spec("pgserver")
    if spec and spec.submodule_search_locations:
        folders += [Path(location) / "pginstall" / "bin" for location in spec.submodule_search_locations]
    return folders


def _major_version_of(tool: Path, environment: dict[str, str]) -> int | None:
    try:
        result = subprocess.run(  # noqa: S603 -- a found PostgreSQL tool, no shell
            [str(tool), "--version"], env=environment, capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s+(\d+)", result.stdout)  # "pg_dump (PostgreSQL) 15.4 (Debian 15.4-1)"
    return int(found.group(1)) if found else None


def find_tool(name: str, server_major: int, environment: dict[str, str]) -> Path:
    """The `name` tool (pg_dump, pg_restore) of the server's major version, else the oldest newer one."""
    found: dict[Path, int | None] = {}
    for folder in _candidate_folders():
        tool = shutil.which(name, path=str(folder))
        if tool and Path(tool).resolve() not in {path.resolve() for path in found}:
            found[Path(tool)] = _major_version_of(Path(tool), environment)
    usable = sorted((major, path) for path, major in found.items() if major is not None and major >= server_major)
    exact = [path for major, path in usable if major == server_major]
    if exact or usable:
        return (exact or [usable[0][1]])[0]
    seen = ", ".join(f"{path} ({major or '?'})" for path, major in found.items()) or "geen"
    raise BackupError(
        f"{name} voor PostgreSQL {server_major} (of nieuwer) niet gevonden. Gevonden: {seen}. Gezocht in PG_BIN_DIR, "
        f"PATH, /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin en de meegeleverde server (pgserver). Installeer de "
        f"clientprogramma's van de server (Debian: apt-get install postgresql-client-{server_major}) of zet "
        f"PG_BIN_DIR op de map met {name}."
    )


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} mislukt ({Path(command[0]).name}, code {result.returncode}):\n{result.stderr}")


def dump(database: dict[str, Any], path: Path) -> None:
    """Write the database to `path` (pg_dump's custom format). The file is readable by its owner only (it holds
    personal data) and gets its name only when complete: a half-written back-up never looks like a whole one."""
    environment = tool_environment(database)
    pg_dump = find_tool("pg_dump", server_major_version(database, database["NAME"]), environment)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    command = [
        str(pg_dump),
        "--format=custom",
        "--no-password",  # never wait for a password prompt (cron, systemd)
        "--lock-wait-timeout=60s",  # a table locked by a migration: give up instead of waiting forever
        f"--file={partial}",
        f"--dbname={make_dsn(dbname=database['NAME'])}",
    ]
    try:
        _run(command, environment, "Back-up")
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)


def restore(database: dict[str, Any], path: Path, *, dbname: str, privileges: bool = True) -> None:
    """Put the back-up at `path` into database `dbname` on the configured server, in one transaction: on the first
    error nothing has changed. What the back-up holds is dropped first and made anew (tables the back-up lacks stay).
    The restoring role owns what it makes (--no-owner: connect as the owner role, the one migrations use); the grants
    in the back-up (the application role's rights) are made again, unless `privileges` is False."""
    environment = tool_environment(database)
    pg_restore = find_tool("pg_restore", server_major_version(database, dbname), environment)
    # A file that is no pg_dump archive stops here, before the database is touched.
    _run([str(pg_restore), "--list", str(path)], environment, f"Lezen van {path} als back-up van pg_dump")
    command = [
        str(pg_restore),
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-password",
        f"--dbname={make_dsn(dbname=dbname)}",
    ]
    if not privileges:
        command.append("--no-privileges")
    _run([*command, str(path)], environment, "Herstellen")
