"""The production start of the README: gunicorn with gunicorn.conf.py and production settings (DEBUG off, a secret
key, WhiteNoise's manifest of collected static files) serves /health/ and a public page, logs its requests on
stdout, and stops cleanly on SIGTERM. And Django's deployment checklist is clean under those settings."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import _database_url_of_test_database, wait_until

pytestmark = pytest.mark.slow

# What the test settings put into this process's environment, and a developer's own choices: not for production.
_NOT_PASSED_ON = {"DEBUG", "DEMO_MODE", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "SESSION_COOKIE_SECURE"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(folder: Path, **extra: str) -> dict[str, str]:
    """Production settings (coalition.settings, DEBUG off) on the test database and the tests' Redis keys, with
    everything the app writes in `folder`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in _NOT_PASSED_ON and not key.startswith(("SECURE_", "CSRF_", "GUNICORN_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="coalition.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=_database_url_of_test_database(),
        REDIS_URL=settings.REDIS_URL,
        CACHE_KEY_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        SUBSIDIES_PRIVATE_ROOT=str(folder / "private"),
        OUTAGE_CONTACTS_FILE=str(folder / "outage-contacts.json"),
        **extra,
    )
    return environment


def _manage(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 -- http://127.0.0.1 of this test
        return response.status, response.read()


def _answers(url: str) -> bool:
    try:
        _get(url)
    except OSError:
        return False
    return True


def test_gunicorn_serves_health_and_a_page_with_production_settings_and_stops_cleanly(transactional_db, tmp_path):
    # Plain http on 127.0.0.1, so no redirect to https; the rest as in production.
    environment = production_environment(tmp_path, SECURE_SSL_REDIRECT="false")
    collected = _manage(environment, "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr
    port = _free_port()
    log_path = tmp_path / "gunicorn-output.txt"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(settings.BASE_DIR / "gunicorn.conf.py")],
            cwd=tmp_path,  # the config file sets the project's folder itself
            env={**environment, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: _answers(f"{base}/health/"), timeout=60), log_path.read_text()

        status, body = _get(f"{base}/health/")
        assert status == 200
        assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}

        # A page with static files: their hashed names come from the manifest collectstatic wrote, and WhiteNoise
        # serves them.
        status, page = _get(f"{base}/")
        assert status == 200
        stylesheet = next(part.split('"')[0] for part in page.decode().split('href="')[1:] if ".css" in part)
        assert re.fullmatch(r"/static/.+\.[0-9a-f]{12}\.css", stylesheet), stylesheet
        assert _get(base + stylesheet)[0] == 200
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    output = log_path.read_text()
    assert server.returncode == 0, output
    assert "Shutting down: Master" in output
    # The access log, on stdout: method, path and status, no client address and no query string.
    assert '"GET /health/ HTTP/1.1" 200' in output
    assert "127.0.0.1 -" not in output


def test_check_deploy_is_clean_with_the_production_settings_of_the_server_test(tmp_path):
    result = _manage(production_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_http_for_the_server_test_is_the_only_thing_check_deploy_minds(tmp_path):
    environment = production_environment(tmp_path, SECURE_SSL_REDIRECT="false")
    result = _manage(environment, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout
    assert "1 issue" in result.stderr + result.stdout
