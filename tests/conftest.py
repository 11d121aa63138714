"""Fixtures for the whole test suite: one user per role, `login` to open pages as them, the outbox, and a real
Celery worker.

Two markers are set here from the fixtures a test uses, so `make test-fast` can leave the slow ones out:
`browser` (a test with `live_server`, driving headless Chromium) and `worker` (a real Celery worker process).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.celery import app as celery_app
from coalition.models import Role
from coalition.services import outbox
from tests.factories import OrganisatieFactory, TOTPDeviceFactory, UserFactory


def pytest_collection_modifyitems(items):
    for item in items:
        if "live_server" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if "worker" in item.fixturenames:
            item.add_marker(pytest.mark.worker)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Redis outlives a test (and a test run): rate-limit counters, cached phone numbers, unread counts. Every
    test starts with none of the test suite's keys (only those: a developer's own cache is left alone)."""
    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def medewerker(db):
    return UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")


@pytest.fixture
def coordinator(db):
    return UserFactory(role=Role.COORDINATOR, full_name="Cor Coördinator")


@pytest.fixture
def partner(db):
    return UserFactory(role=Role.PARTNER, full_name="Pim Partner", organisaties=[OrganisatieFactory()])


@pytest.fixture
def commissielid(db):
    return UserFactory(role=Role.COMMISSIELID, full_name="Kim Commissielid")


@pytest.fixture
def aanvrager(db):
    """An initiative that registered itself to apply for a subsidy, acting for its own (new) organisation."""
    return UserFactory(role=Role.AANVRAGER, full_name="Aziz Aanvrager", organisaties=[OrganisatieFactory()])


@pytest.fixture
def stuurgroep(db):
    return UserFactory(role=Role.STUURGROEP, full_name="Sam Stuurgroep")


@pytest.fixture
def functionaris(db):
    return UserFactory(role=Role.FUNCTIONARIS, full_name="Fleur Functionaris")


@pytest.fixture
def beheerder(db):
    return UserFactory(role=Role.BEHEERDER, full_name="Bert Beheerder")


def confirmed_totp_device(user) -> TOTPDevice:
    """The user's authenticator app; made if the user has none yet."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    return device or TOTPDeviceFactory(user=user)


@pytest.fixture
def login(client):
    """`login(user)` logs `user` in on `client` and returns the client.

    For staff roles the session also counts as having passed the second factor (as
    django_otp.login() leaves it), so staff pages open at once. Pass `verified=False`
    for a staff user who has typed the password but not yet the code.
    """

    def _login(user, *, verified=True):
        client.force_login(user)
        if verified and user.needs_second_factor:
            device = confirmed_totp_device(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login


# ---------------------------------------------------------------------------
# The outbox
# ---------------------------------------------------------------------------
@pytest.fixture
def sent_mail(mailoutbox):
    """`sent_mail()` sends what the outbox holds, as the worker does after the commit, and returns every e-mail
    sent so far (Django's test outbox). For tests whose transaction never commits."""

    def deliver():
        outbox.deliver_due()
        return mailoutbox

    return deliver


# ---------------------------------------------------------------------------
# A real Celery worker
# ---------------------------------------------------------------------------
def wait_until(condition, timeout: float = 30.0) -> bool:
    """Polls `condition` until it is true (True) or the time is up (False). Tests wait for a positive sign."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _database_url_of_test_database() -> str:
    """The project's DATABASE_URL with the test database's name in place of its own."""
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/omzien"))
    # Only the last path segment is the name: the embedded server's URL puts its socket folder before it.
    folder = url.path.rsplit("/", 1)[0]
    return urlunsplit(url._replace(path=f"{folder}/{connection.settings_dict['NAME']}"))


def start_worker(log_path) -> subprocess.Popen:
    """`celery worker` as a separate process on the test database and the tests' queue (not eager). Its output
    goes to the file `log_path` (a pipe nobody reads could fill up and stop the worker); see `worker_output`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.test_settings",
        "DATABASE_URL": _database_url_of_test_database(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "coalition", "worker", "--pool=solo", "--loglevel=INFO"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    process.log_path = log_path
    return process


def worker_output(process: subprocess.Popen) -> str:
    return Path(process.log_path).read_text(errors="replace")


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def worker(tmp_path):
    """A real worker taking tasks from the real Redis broker. While it runs, tasks this test starts go to the
    broker instead of running in the test's process."""
    celery_app.control.purge()
    celery_app.conf.task_always_eager = False
    process = start_worker(tmp_path / "worker-output.txt")
    yield process
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    stop_worker(process)


def fail_with_worker_output(process: subprocess.Popen, what: str) -> None:
    stop_worker(process)
    pytest.fail(f"{what}. Worker output:\n" + worker_output(process))
