"""`manage.py backup` and `manage.py restore`: a back-up restored into a scratch database holds the same cases and the
same audit lines, a database with tables is only overwritten on --yes, and a missing pg_dump is named."""

import os
import stat
import subprocess
import sys
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from coalition.backup import BackupError, find_tool, tool_environment
from coalition.models import Role
from meldpunt.choices import AuditAction
from meldpunt.services import audit
from tests.factories import MeldingFactory, UserFactory

pytestmark = pytest.mark.slow

# Every column, so what is added to an audit line later (its hash) is compared too.
CASES = "SELECT * FROM meldpunt_melding ORDER BY id"
AUDIT_LINES = "SELECT * FROM meldpunt_auditregel ORDER BY id"


def _url_of(name):
    """A DATABASE_URL for database `name` on the test server, as the test's own user."""
    config = connection.settings_dict
    host, port, user = config["HOST"] or "", config["PORT"] or "", config["USER"]
    if host.startswith("/"):
        return f"postgres://{user}@/{quote(host)}/{name}"
    return f"postgres://{user}@{host or '127.0.0.1'}{':' + str(port) if port else ''}/{name}"


def _rows(dbname: str, query: str) -> list[tuple]:
    parameters = {**connection.get_connection_params(), "dbname": dbname}
    with psycopg2.connect(**parameters) as database, database.cursor() as cursor:
        cursor.execute(query)
        rows = cursor.fetchall()
    database.close()
    return rows


@pytest.fixture
def scratch_database(transactional_db):
    """An empty database beside the test database, dropped again afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quoted}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


@pytest.fixture
def cases_with_audit_lines(transactional_db):
    medewerker = UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")
    cases = MeldingFactory.create_batch(3)
    for melding in cases:
        audit.log_view(medewerker, melding, "dossier")
    audit.log(medewerker, cases[0], AuditAction.GEWIJZIGD, "status: in behandeling")
    audit.log(None, cases[1], AuditAction.GEANONIMISEERD, "bewaartermijn")
    return cases


def test_a_backup_restored_into_a_scratch_database_holds_the_same_cases_and_audit_lines(
    cases_with_audit_lines, scratch_database, tmp_path
):
    backup = tmp_path / "omzien.dump"

    call_command("backup", str(backup))
    call_command("restore", str(backup), target_database=scratch_database)

    test_database = connection.settings_dict["NAME"]
    cases = _rows(test_database, CASES)
    assert [row[0] for row in cases] == [melding.pk for melding in cases_with_audit_lines]
    assert _rows(scratch_database, CASES) == cases
    audit_lines = _rows(test_database, AUDIT_LINES)
    assert len(audit_lines) == 5
    assert _rows(scratch_database, AUDIT_LINES) == audit_lines
    # The restored log's hash chain holds: checked on the scratch database by the command itself.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coalition.test_settings"}
    env["DATABASE_URL"] = _url_of(scratch_database)
    check = subprocess.run(
        [sys.executable, "manage.py", "verify_auditlog"], check=False, capture_output=True, text=True, env=env
    )
    assert check.returncode == 0, check.stderr
    assert "in orde: 5 regels" in check.stdout
    # The back-up holds personal data: for its owner only.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_the_audit_log_stays_append_only_after_a_restore(cases_with_audit_lines, scratch_database, tmp_path):
    backup = tmp_path / "omzien.dump"
    call_command("backup", str(backup))
    call_command("restore", str(backup), target_database=scratch_database)

    parameters = {**connection.get_connection_params(), "dbname": scratch_database}
    database = psycopg2.connect(**parameters)
    try:
        with pytest.raises(psycopg2.Error), database.cursor() as cursor:
            cursor.execute("DELETE FROM meldpunt_auditregel")
    finally:
        database.close()


def test_restore_refuses_a_database_with_tables_without_yes(cases_with_audit_lines, tmp_path):
    backup = tmp_path / "omzien.dump"
    call_command("backup", str(backup))

    with pytest.raises(CommandError, match=r"niet leeg .*--yes"):
        call_command("restore", str(backup))


def test_restore_with_yes_puts_back_what_was_there(cases_with_audit_lines, tmp_path):
    backup = tmp_path / "omzien.dump"
    call_command("backup", str(backup))
    before = _rows(connection.settings_dict["NAME"], AUDIT_LINES)
    MeldingFactory()  # made after the back-up: gone after the restore

    call_command("restore", str(backup), yes=True)

    test_database = connection.settings_dict["NAME"]
    assert [row[0] for row in _rows(test_database, CASES)] == [melding.pk for melding in cases_with_audit_lines]
    assert _rows(test_database, AUDIT_LINES) == before


def test_restore_refuses_a_file_that_is_no_backup_and_changes_nothing(scratch_database, tmp_path):
    not_a_backup = tmp_path / "notes.dump"
    not_a_backup.write_text("geen back-up")

    with pytest.raises(CommandError, match="niets veranderd"):
        call_command("restore", str(not_a_backup), target_database=scratch_database)


def test_backup_does_not_overwrite_a_file(transactional_db, tmp_path):
    existing = tmp_path / "omzien.dump"
    existing.write_text("eerdere back-up")

    with pytest.raises(CommandError, match="bestaat al"):
        call_command("backup", str(existing))
    assert existing.read_text() == "eerdere back-up"


def test_a_missing_pg_dump_of_the_servers_version_is_named_with_where_it_was_looked_for(db):
    environment = tool_environment(settings.DATABASES["default"])

    with pytest.raises(BackupError, match=r"pg_dump voor PostgreSQL 99 .*niet gevonden.*PG_BIN_DIR"):
        find_tool("pg_dump", 99, environment)


def test_the_tools_found_match_the_servers_major_version(db):
    environment = tool_environment(settings.DATABASES["default"])
    server_major = connection.pg_version // 10_000

    for name in ("pg_dump", "pg_restore"):
        tool = find_tool(name, server_major, environment)
        version = subprocess.run([tool, "--version"], env=environment, capture_output=True, text=True, check=True)
        assert f"(PostgreSQL) {server_major}." in version.stdout
