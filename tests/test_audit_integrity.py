"""The audit log holds against its own application (issue 13).

- Connected as the application's database role, the log can be read and added to, nothing else: no UPDATE, DELETE,
  TRUNCATE, ALTER TABLE … DISABLE TRIGGER, DROP TRIGGER or `manage.py flush`. `manage.py migrate` runs as the owner
  (DATABASE_OWNER_URL) and grants those rights.
- A statement trigger refuses TRUNCATE to every role but a superuser.
- Every line is chained to the one before it; `manage.py verify_auditlog` names the first line that was changed or
  removed, and the daily task tells the privacy officer.
- Changes of who may see personal data are in the same log and reach the privacy officer.
"""

import os
import subprocess
import sys
import threading
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.models import OutboxMessage, Role
from meldpunt.auditchain import GENESIS, line_digest
from meldpunt.choices import AuditAction
from meldpunt.models import AuditRegel
from meldpunt.queries.auditchain import verify_chain
from meldpunt.services import audit
from meldpunt.tasks import verify_audit_log
from tests.factories import MeldingFactory, MeldpuntFactory, UserFactory

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP_ROLE = "omzien_app_tests"


# ---------------------------------------------------------------------------
# The hash chain
# ---------------------------------------------------------------------------
def _write_lines(user, n=5):
    melding = MeldingFactory()
    for i in range(n):
        audit.log(user, melding, AuditAction.BEKEKEN, f"regel {i}")
    return melding


def _as_superuser_bypassing_triggers(sql, params):
    """What only someone with more rights than the application can do (a superuser who switches triggers off)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_lines_are_numbered_and_each_digest_covers_the_line_before(medewerker):
    _write_lines(medewerker, 3)
    audit.log_list_view(medewerker, [(MeldingFactory().pk, "ME-2026-00001")] * 2, "werklijst")
    lines = list(AuditRegel.objects.order_by("seq"))
    assert [line.seq for line in lines] == [1, 2, 3, 4, 5]
    previous = GENESIS
    for line in lines:
        fields = {name: getattr(line, name) for name in ("seq", "at", "user_id", "melding_id", "case_number", "role")}
        previous = line_digest(previous, action=line.action, detail=line.detail, **fields)
        assert line.digest == previous
    report = verify_chain()
    assert report.intact and report.lines == 5


def test_verify_auditlog_says_the_log_is_intact(medewerker, capsys):
    _write_lines(medewerker)
    call_command("verify_auditlog")
    assert "in orde: 5 regels" in capsys.readouterr().out


def test_a_changed_line_is_named_by_verify_auditlog(medewerker):
    _write_lines(medewerker)
    third = AuditRegel.objects.get(seq=3)
    _as_superuser_bypassing_triggers("UPDATE meldpunt_auditregel SET detail = 'niets gezien' WHERE id = %s", [third.pk])
    with pytest.raises(CommandError) as error:
        call_command("verify_auditlog")
    assert f"Regel 3 (id {third.pk})" in str(error.value) and "vingerafdruk" in str(error.value)


def test_a_removed_line_is_found_as_a_gap(medewerker):
    _write_lines(medewerker)
    second = AuditRegel.objects.get(seq=2)
    _as_superuser_bypassing_triggers("DELETE FROM meldpunt_auditregel WHERE id = %s", [second.pk])
    report = verify_chain()
    assert report.first_break is not None and report.first_break.seq == 3
    assert "volgnummer 2 ontbreekt" in report.first_break.reason


def test_a_line_whose_digest_was_recomputed_still_breaks_the_next_one(medewerker):
    """Rewriting a line with a fresh digest of its own is not enough: the next line covers the old digest."""
    _write_lines(medewerker)
    second = AuditRegel.objects.get(seq=2)
    first = AuditRegel.objects.get(seq=1)
    forged = line_digest(
        first.digest,
        seq=2,
        at=second.at,
        user_id=second.user_id,
        melding_id=second.melding_id,
        case_number=second.case_number,
        action=second.action,
        detail="niets gezien",
        role=second.role,
    )
    _as_superuser_bypassing_triggers(
        "UPDATE meldpunt_auditregel SET detail = 'niets gezien', digest = %s WHERE id = %s", [forged, second.pk]
    )
    assert verify_chain().first_break.seq == 3


def test_the_daily_check_alerts_the_privacy_officer_only_when_the_chain_is_broken(medewerker, settings):
    settings.PRIVACY_OFFICER_EMAILS = ["fg@gemeente.example"]
    officer = UserFactory(role=Role.FUNCTIONARIS)
    _write_lines(medewerker)
    assert verify_audit_log.delay().get() is True
    assert not OutboxMessage.objects.filter(topic="meldpunt.auditlog").exists()

    line = AuditRegel.objects.get(seq=4)
    _as_superuser_bypassing_triggers("UPDATE meldpunt_auditregel SET user_id = NULL WHERE id = %s", [line.pk])
    assert verify_audit_log.delay().get() is False
    alerts = OutboxMessage.objects.filter(topic="meldpunt.auditlog")
    assert sorted(alerts.values_list("to", flat=True)) == sorted([officer.email, "fg@gemeente.example"])
    assert f"Regel 4 (id {line.pk})" in alerts.first().body


def test_the_daily_check_is_scheduled():
    schedule = settings.CELERY_BEAT_SCHEDULE["meldpunt-verify-audit-log"]
    assert schedule["task"] == "meldpunt.tasks.verify_audit_log"


@pytest.mark.django_db(transaction=True)
def test_writers_at_the_same_time_keep_one_unbroken_chain():
    """Eight threads, each its own connection and transaction, write at once: the advisory lock lines them up."""
    user = UserFactory(role=Role.MEDEWERKER)
    melding = MeldingFactory()
    errors = []

    def write():
        try:
            for i in range(10):
                audit.log(user, melding, AuditAction.BEKEKEN, f"tegelijk {i}")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain()
    assert report.intact and report.lines == 80


# ---------------------------------------------------------------------------
# The application's own database role
# ---------------------------------------------------------------------------
def _url(user):
    """A DATABASE_URL for the test database as `user` (the settings' host may be a socket directory)."""
    config = connection.settings_dict
    host, port, name = config["HOST"] or "", config["PORT"] or "", config["NAME"]
    if host.startswith("/"):
        return f"postgres://{user}@/{quote(host)}/{name}"
    return f"postgres://{user}@{host or '127.0.0.1'}{':' + str(port) if port else ''}/{name}"


def _manage(*args, database_url, owner_url=""):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coalition.test_settings", "DATABASE_URL": database_url}
    env["DATABASE_OWNER_URL"] = owner_url
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def app_role(transactional_db):
    """The application's role, set up as the README's commands do: `migrate` as the owner grants its rights."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
    owner = connection.settings_dict["USER"]
    result = _manage("migrate", "--noinput", database_url=_url(APP_ROLE), owner_url=_url(owner))
    assert result.returncode == 0, result.stderr
    assert f"Rights granted to the application's database role {APP_ROLE}" in result.stdout
    config = connection.settings_dict
    conn = psycopg2.connect(
        dbname=config["NAME"], user=APP_ROLE, host=config["HOST"] or None, port=config["PORT"] or None
    )
    conn.autocommit = True
    yield conn
    conn.close()


def _refused(conn, statement):
    with conn.cursor() as cursor, pytest.raises(psycopg2.Error) as error:
        cursor.execute(statement)
    return error.value.pgerror or str(error.value)


def test_the_app_role_reads_and_adds_audit_lines_and_nothing_more(app_role):
    medewerker = UserFactory(role=Role.MEDEWERKER)
    _write_lines(medewerker, 3)
    with app_role.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM meldpunt_auditregel")
        assert cursor.fetchone() == (3,)
        cursor.execute(
            "INSERT INTO meldpunt_auditregel (at, case_number, action, detail, seq, digest) "
            "VALUES (now(), '', 'bekeken', 'door de app', 4, %s)",
            ["a" * 64],
        )
        # The other tables are the application's to use as it needs.
        cursor.execute("UPDATE meldpunt_melding SET person_name = person_name")
    assert "permission denied" in _refused(app_role, "UPDATE meldpunt_auditregel SET detail = 'weg'")
    assert "permission denied" in _refused(app_role, "DELETE FROM meldpunt_auditregel")
    assert "permission denied" in _refused(app_role, "TRUNCATE meldpunt_auditregel")
    assert "must be owner" in _refused(app_role, "ALTER TABLE meldpunt_auditregel DISABLE TRIGGER ALL")
    assert "must be owner" in _refused(app_role, "DROP TRIGGER meldpunt_auditregel_append_only ON meldpunt_auditregel")
    assert "must be owner" in _refused(app_role, "DROP TABLE meldpunt_auditregel")
    assert AuditRegel.objects.count() == 4


def test_manage_py_flush_as_the_app_role_leaves_the_log(app_role):
    _write_lines(UserFactory(role=Role.MEDEWERKER), 3)
    result = _manage("flush", "--noinput", database_url=_url(APP_ROLE))
    assert result.returncode != 0
    assert "couldn't be flushed" in result.stderr
    assert AuditRegel.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_truncate_is_refused_by_the_trigger_even_with_the_right_to_truncate():
    """A role that is not a superuser but was given TRUNCATE (by mistake) still cannot empty the log."""
    _write_lines(UserFactory(role=Role.MEDEWERKER), 2)
    role = "omzien_truncater_tests"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {role}")
        cursor.execute(f"GRANT TRUNCATE ON meldpunt_auditregel TO {role}")
        try:
            cursor.execute(f"SET ROLE {role}")
            with pytest.raises(Exception, match="append-only: TRUNCATE is not allowed"):
                cursor.execute("TRUNCATE meldpunt_auditregel")
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute(f"REVOKE TRUNCATE ON meldpunt_auditregel FROM {role}")
    assert AuditRegel.objects.count() == 2


# ---------------------------------------------------------------------------
# Changes of access: in the audit log and to the privacy officer
# ---------------------------------------------------------------------------
def _access_lines():
    return list(AuditRegel.objects.filter(action=AuditAction.TOEGANG).order_by("seq"))


def test_a_coordinator_who_adds_themself_to_a_meldpunt_is_audited_and_reported(client, login, coordinator):
    officer = UserFactory(role=Role.FUNCTIONARIS)
    meldpunt = MeldpuntFactory()
    login(coordinator)
    url = reverse("admin:meldpunt_meldpunt_change", args=[meldpunt.pk])
    data = {
        "name": meldpunt.name,
        "gemeente": meldpunt.gemeente_id,
        "phone": meldpunt.phone,
        "email": meldpunt.email,
        "staff": [coordinator.pk],
    }
    form = client.get(url).context["adminform"].form
    data.update({name: form.initial.get(name, "") or "" for name in form.fields if name not in data})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(meldpunt.staff.all()) == [coordinator]
    [line] = _access_lines()
    assert line.user == coordinator and line.melding is None
    assert coordinator.email in line.detail and meldpunt.name in line.detail and "toegevoegd" in line.detail
    [mail] = OutboxMessage.objects.filter(topic="coalition.toegang")
    assert mail.to == officer.email and coordinator.email in mail.body
    assert verify_chain().intact


def test_a_role_change_in_the_admin_is_audited_and_reported(client, login, beheerder):
    officer = UserFactory(role=Role.FUNCTIONARIS)
    user = UserFactory(role=Role.PARTNER, email="piet@partner.example")
    login(beheerder)
    url = reverse("admin:coalition_user_change", args=[user.pk])
    response = client.post(
        url,
        {"email": user.email, "full_name": user.full_name, "role": Role.MEDEWERKER, "is_active": "on"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    [line] = _access_lines()
    assert line.user == beheerder
    assert "piet@partner.example: rol van partner naar meldpunt-medewerker" in line.detail.lower()
    assert OutboxMessage.objects.get(topic="coalition.toegang").to == officer.email

    # Saving without changing the role records nothing.
    client.post(url, {"email": user.email, "full_name": "Piet P.", "role": Role.MEDEWERKER, "is_active": "on"})
    assert len(_access_lines()) == 1


def test_resetting_a_second_factor_removes_it_ends_sessions_and_forces_a_new_one(client, login, beheerder):
    from django.test import Client

    from tests.conftest import confirmed_totp_device

    officer = UserFactory(role=Role.FUNCTIONARIS)
    medewerker = UserFactory(role=Role.MEDEWERKER)
    confirmed_totp_device(medewerker)
    their_browser = Client()
    their_browser.force_login(medewerker)
    login(beheerder)
    response = client.post(
        reverse("admin:coalition_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [medewerker.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=medewerker).exists()
    # Their open session is gone: the next page asks them to log in.
    assert their_browser.get(reverse("meldpunt:index")).status_code == 302
    assert "inloggen" in their_browser.get(reverse("meldpunt:index"), follow=True).content.decode().lower()
    # At the next log-in they link a new app (the QR code), they do not get in with the old one.
    their_browser.force_login(medewerker)
    page = their_browser.get(reverse("coalition:second_factor")).content.decode()
    assert "Koppel uw app" in page
    [line] = _access_lines()
    assert "tweede factor" in line.detail and line.user == beheerder
    assert OutboxMessage.objects.get(topic="coalition.toegang").to == officer.email


def test_no_one_reads_a_totp_secret_in_the_admin(client, login, beheerder):
    medewerker = UserFactory(role=Role.MEDEWERKER)
    from tests.conftest import confirmed_totp_device

    device = confirmed_totp_device(medewerker)
    assert TOTPDevice not in admin.site._registry
    login(beheerder)
    page = client.get(reverse("admin:coalition_user_change", args=[medewerker.pk])).content.decode()
    assert device.key not in page and device.bin_key.hex() not in page
    assert "Ingesteld (authenticator-app)" in page


def test_a_beheerder_cannot_set_someone_elses_password_but_can_send_a_link(client, login, beheerder):
    medewerker = UserFactory(role=Role.MEDEWERKER)
    old_password = medewerker.password
    login(beheerder)
    url = reverse("admin:auth_user_password_change", args=[medewerker.pk])
    response = client.post(url, {"password1": "Nieuw-en-lang-genoeg-1", "password2": "Nieuw-en-lang-genoeg-1"})
    assert response.status_code == 302
    medewerker.refresh_from_db()
    assert medewerker.password == old_password
    client.post(
        reverse("admin:coalition_user_changelist"),
        {"action": "send_password_link", "_selected_action": [medewerker.pk]},
    )
    mail = OutboxMessage.objects.get(topic="account.wachtwoord_herstellen")
    assert mail.to == medewerker.email and "/account/" in mail.body


# ---------------------------------------------------------------------------
# Lists that show names are logged
# ---------------------------------------------------------------------------
def test_the_worklist_logs_one_line_per_named_case_shown(client, login, medewerker):
    meldpunt = MeldpuntFactory()
    meldpunt.staff.add(medewerker)
    named = MeldingFactory.create_batch(3, meldpunt=meldpunt, owner=None, status="nieuw")
    MeldingFactory(meldpunt=meldpunt, owner=None, status="nieuw", person_name="")
    login(medewerker)
    assert client.get(reverse("meldpunt:index")).status_code == 200
    lines = AuditRegel.objects.filter(action=AuditAction.BEKEKEN, user=medewerker)
    assert sorted(lines.values_list("melding_id", flat=True)) == sorted(melding.pk for melding in named)
    assert all(line.detail.startswith("werklijst") for line in lines)
