"""Production settings pass Django's deployment checklist, and nothing runs without a secret key."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _manage(*args, **env):
    """Django's own command line on coalition.settings (not manage.py, which may read var/secret_key)."""
    # Start from the machine's environment without what the test settings put there.
    leave_out = {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}
    environment = {k: v for k, v in os.environ.items() if k not in leave_out and not k.startswith("SECURE_")}
    environment.update(env, DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/omzien"))
    return subprocess.run(
        [sys.executable, "-m", "django", *args, "--settings", "coalition.settings"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="omzien.nl"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
