"""The database falters (issue 13, outage pages): pages answer 503 with Retry-After and a Dutch page that still
gives the meldpunten's phone numbers (from a file, not the database), the API answers JSON, and /health/ names what
is down within a second. The fault is real: the connection is pointed at a port where no PostgreSQL listens."""

import json
import socket
import time

import pytest
from django.db import connection
from django.test import Client

from coalition import outage
from tests.factories import GemeenteFactory, MeldpuntFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once the probe is closed: nothing listens there


@pytest.fixture
def database_down():
    """The app's connection to a PostgreSQL that is not there; the real one comes back afterwards."""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(_closed_port())})
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(original)


def test_a_meldpunt_that_changes_rewrites_the_phone_numbers_of_the_outage_page():
    MeldpuntFactory(gemeente=GemeenteFactory(name="Twenterand"), name="Meldpunt Twenterand", phone="0546 840 840")
    assert {"name": "Meldpunt Twenterand", "phone": "0546 840 840", "opening_hours": ""} in outage.contacts()


def test_with_the_database_down_a_page_says_so_in_dutch_and_gives_the_phone_numbers(database_down):
    outage.save_contacts([{"name": "Meldpunt Hengelo", "phone": "074 245 97 97", "opening_hours": "ma-vr 9-17"}])
    client = Client(raise_request_exception=False)

    for path in ["/", "/activiteiten/?q=wandelen", "/melden/"]:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "120"
        html = response.content.decode()
        assert "De website is even niet bereikbaar" in html and "074 245 97 97" in html and "112" in html


def test_with_the_database_down_the_api_answers_json(database_down):
    response = Client(raise_request_exception=False).get("/api/hsds/services/")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert json.loads(response.content)["status"] == 503


def test_with_the_database_down_health_names_it_within_a_second(database_down):
    started = time.monotonic()
    response = Client().get("/health/")
    assert time.monotonic() - started < 1
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok", "broker": "ok"}
