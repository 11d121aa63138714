"""Set-up (issue 14): `make run` creates a missing database and says in one line what to do when it cannot; SITE_URL
follows PORT; `make demo-code` prints a demo user's code; development mail goes to files; the start is calm.

The scripts (scripts/dev.py, scripts/services.py) are tried against the real local PostgreSQL with throw-away
database names, dropped again afterwards."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.demo import data
from coalition.models import Role
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import dev  # noqa: E402  (scripts/dev.py)
import services  # noqa: E402  (scripts/services.py)

# ---------------------------------------------------------------------------
# The database: created when missing, one line when it cannot be used
# ---------------------------------------------------------------------------
# The tests' own PostgreSQL server (the URL pytest was given), as its owner; read before any test changes it.
SERVER_URL = os.environ.get("DATABASE_URL") or "postgres://127.0.0.1:5432/postgres"


def server_url() -> str:
    return SERVER_URL


def database_exists(name: str) -> bool:
    conn = services._connect(server_url(), dbname="postgres")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cur.fetchone() is not None
    finally:
        conn.close()


def drop_database(name: str) -> None:
    conn = services._connect(server_url(), dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


@pytest.fixture
def throwaway_db():
    name = f"omzien_setup_{uuid.uuid4().hex[:10]}"
    yield name
    drop_database(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ensure_database_creates_a_missing_database_once(throwaway_db, capsys):
    url = services.with_database(server_url(), throwaway_db)
    assert not database_exists(throwaway_db)

    services.ensure_database(url)
    assert database_exists(throwaway_db)
    assert f"created database {throwaway_db}" in capsys.readouterr().out

    services.ensure_database(url)  # there already: nothing to do, nothing said
    assert capsys.readouterr().out == ""


def test_a_given_database_url_gets_its_database_created_by_the_owner(throwaway_db, monkeypatch, capsys):
    """DATABASE_URL names the application's role, which may not create databases: the owner's URL creates it."""
    owner_url = services.with_database(server_url(), throwaway_db)
    monkeypatch.setenv("DATABASE_URL", services.with_user(owner_url, "omzien_app_that_does_not_exist"))
    monkeypatch.setenv("DATABASE_OWNER_URL", owner_url)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")

    found = services.Services().start()

    assert database_exists(throwaway_db)
    assert found.database_url == owner_url
    assert found.app_database_url.startswith("postgres://omzien_app_that_does_not_exist@")
    assert f"created database {throwaway_db}" in capsys.readouterr().out


def test_an_unreachable_server_is_one_line_without_traceback(monkeypatch):
    port = free_port()
    monkeypatch.setenv("DATABASE_URL", f"postgres://root@127.0.0.1:{port}/omzien")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")

    with pytest.raises(SystemExit) as stopped:
        services.Services().start()

    message = str(stopped.value.code)
    assert message == (
        f"PostgreSQL is not reachable at 127.0.0.1:{port}: start it, or check DATABASE_URL / DATABASE_OWNER_URL, "
        "or unset them to use a local or embedded server (see README)."
    )


def test_make_run_with_an_unreachable_server_prints_one_line_and_fails():
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"postgres://root@127.0.0.1:{port}/omzien"}
    done = subprocess.run(
        [sys.executable, "scripts/dev.py", "run"], check=False, cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert f"PostgreSQL is not reachable at 127.0.0.1:{port}" in done.stderr


def test_a_user_who_may_not_create_databases_is_told_to_create_it(throwaway_db):
    role = f"omzien_setup_{uuid.uuid4().hex[:8]}"
    conn = services._connect(server_url(), dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
        url = services.with_user(services.with_database(server_url(), throwaway_db), role)
        with pytest.raises(Exception) as failed:
            services.ensure_database(url)
        message = services.database_problem(url, failed.value, given=True)
    finally:
        with conn.cursor() as cur:
            cur.execute(f'DROP ROLE IF EXISTS "{role}"')
        conn.close()

    assert not database_exists(throwaway_db)
    assert message.startswith(f"User {role} may not create database {throwaway_db} on ")
    assert f"createdb -O {role} {throwaway_db}" in message
    assert "\n" not in message


# ---------------------------------------------------------------------------
# The development environment: SITE_URL follows PORT
# ---------------------------------------------------------------------------
def test_site_url_follows_the_port():
    assert dev.development_env({"PORT": "8001"})["SITE_URL"] == "http://127.0.0.1:8001"
    assert dev.development_env({})["SITE_URL"] == "http://127.0.0.1:8000"


def test_a_site_url_that_is_set_is_kept():
    added = dev.development_env({"PORT": "8001", "SITE_URL": "https://omzien.example.nl"})
    assert "SITE_URL" not in added


def test_development_defaults_leave_what_is_set_alone():
    added = dev.development_env({"DEBUG": "false", "DEMO_MODE": "false"})
    assert "DEBUG" not in added and "DEMO_MODE" not in added
    # Without DEBUG still plain http on 127.0.0.1.
    assert added["SECURE_SSL_REDIRECT"] == added["SESSION_COOKIE_SECURE"] == added["CSRF_COOKIE_SECURE"] == "false"

    added = dev.development_env({})
    assert added["DEBUG"] == added["DEMO_MODE"] == "true"
    assert "SECURE_SSL_REDIRECT" not in added


# ---------------------------------------------------------------------------
# make demo-code: manage.py demo_code
# ---------------------------------------------------------------------------
@pytest.fixture
def demo_device(db):
    user = UserFactory(email="medewerker@omzien.demo", role=Role.MEDEWERKER)
    return TOTPDevice.objects.create(
        user=user, name=data.DEMO_TOTP_DEVICE_NAME, key=data.DEMO_TOTP_KEY_HEX, confirmed=True
    )


def run_demo_code(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("demo_code", *args, stdout=out)
    return out.getvalue()


def test_demo_code_prints_the_code_the_login_accepts(demo_device, settings):
    settings.DEMO_MODE = True
    output = run_demo_code()
    code = output.splitlines()[0]
    assert re.fullmatch(r"\d{6}", code)
    assert "medewerker@omzien.demo" in output and "seconden geldig" in output
    assert demo_device.verify_token(code)


def test_demo_code_takes_an_e_mail_address(demo_device, settings):
    settings.DEMO_MODE = True
    beheerder = UserFactory(email="beheerder@omzien.demo", role=Role.BEHEERDER)
    device = TOTPDevice.objects.create(
        user=beheerder, name=data.DEMO_TOTP_DEVICE_NAME, key=data.DEMO_TOTP_KEY_HEX, confirmed=True
    )
    assert device.verify_token(run_demo_code("Beheerder@omzien.demo").splitlines()[0])


def test_demo_code_is_refused_outside_demo_mode(demo_device, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="Alleen in demomodus"):
        run_demo_code()


def test_demo_code_names_the_demo_users_with_a_second_step(demo_device, settings):
    settings.DEMO_MODE = True
    with pytest.raises(CommandError, match=r"geen demogebruiker met een tweede stap.*beheerder@omzien\.demo"):
        run_demo_code("aanvrager@omzien.demo")  # a demo user, but without a second step


def test_demo_code_without_demo_data_says_to_load_it(db, settings):
    settings.DEMO_MODE = True
    with pytest.raises(CommandError, match="load_demo"):
        run_demo_code()


# ---------------------------------------------------------------------------
# Development mail: a file per message and one line
# ---------------------------------------------------------------------------
def test_development_mail_becomes_a_file_and_one_log_line(settings, tmp_path, caplog):
    settings.EMAIL_BACKEND = "coalition.mail_backends.DevelopmentFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    caplog.set_level("INFO", logger="coalition.mail_backends")

    sent = mail.get_connection().send_messages(
        [mail.EmailMessage("Nieuwe melding ME-2026-00003", "Bekijk hem.", to=["meldpunt@example.org"])]
    )

    assert sent == 1
    (path,) = (tmp_path / "mail").iterdir()
    assert path.name.endswith("-nieuwe-melding-me-2026-00003.eml")
    assert "Bekijk hem." in path.read_text()
    assert [r.getMessage() for r in caplog.records] == [
        f"mail to meldpunt@example.org: Nieuwe melding ME-2026-00003 ({path})"
    ]


def settings_value(name: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    environment = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "DJANGO_SETTINGS_MODULE")}
    environment.update({"DJANGO_SETTINGS_MODULE": "coalition.settings", "SECRET_KEY": "x", **env})
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_debug_without_email_url_writes_mail_to_files():
    assert settings_value("EMAIL_BACKEND", DEBUG="true") == "coalition.mail_backends.DevelopmentFileBackend"
    assert settings_value("EMAIL_BACKEND", DEBUG="true", EMAIL_URL="consolemail://") == (
        "django.core.mail.backends.console.EmailBackend"
    )
    assert settings_value("EMAIL_BACKEND", DEBUG="false") == "django.core.mail.backends.smtp.EmailBackend"


# ---------------------------------------------------------------------------
# make run itself: a new database, a calm start, links to its own port
# ---------------------------------------------------------------------------
@pytest.mark.slow
def test_make_run_creates_its_database_and_starts_calmly(throwaway_db):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SITE_URL", "EMAIL_URL")}
    env.update(
        DATABASE_URL=services.with_database(server_url(), throwaway_db),
        PORT=str(port),
        EMAIL_FILE_PATH=str(ROOT / "var" / f"mail-{throwaway_db}"),
    )
    proc = subprocess.Popen(
        [sys.executable, "scripts/dev.py", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 240
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if lines.count("=" * 70 + "\n") == 2:  # the end of the welcome block
                break
        time.sleep(3)  # the worker's first mails, if any
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        rest, _ = proc.communicate(timeout=60)
    output = "".join(lines) + rest

    assert f"created database {throwaway_db}" in output
    assert "Traceback" not in output
    assert "Warning" not in output and "WARNING" not in output, output
    assert "Content-Type:" not in output, "a whole e-mail was printed"
    assert output.count("Watching for file changes") == 1
    banner = output.index(f"Starting development server at http://127.0.0.1:{port}/")
    welcome = output.index(f"Omzien runs at http://127.0.0.1:{port}/")
    assert banner < welcome < output.index("medewerker@omzien.demo", welcome)
    assert proc.returncode == 0
    # The demo data's mails link to this server's port.
    mails = list((ROOT / "var" / f"mail-{throwaway_db}").glob("*.eml"))
    for path in mails:
        assert f"http://127.0.0.1:{port}/" in path.read_text()
        path.unlink()
    if mails:
        mails[0].parent.rmdir()
