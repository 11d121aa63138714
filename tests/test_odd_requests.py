"""Odd requests get 400 or a form error, never 500 (issue 13). Each test here is a fault the fuzz test
(tests/test_fuzz.py) or the probe of issue 13 found."""

import io
import sys

import pytest
from django.test import Client
from django.urls import reverse

from coalition.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

AUDITLOG = reverse("meldpunt:auditlog")


@pytest.fixture
def functionaris_client(login):
    return login(factories.UserFactory(role=Role.FUNCTIONARIS))


@pytest.mark.parametrize("url", ["/account/inloggen/", "/melden/", "/i18n/setlang/"])
def test_a_form_posted_in_utf_7_gets_the_dutch_400_page(url):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(
        url, b"username=%2BAGE-&q=+AGEAYgBj-", content_type="application/x-www-form-urlencoded; charset=utf-7"
    )
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet lezen" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"van": "9999-12-31"}, "van"),
        ({"tot": "9999-12-31"}, "tot"),
        ({"van": "0001-01-01"}, "van"),
        ({"van": "9999-12-30", "tot": "9999-12-31"}, "tot"),
    ],
)
def test_the_audit_log_filter_at_the_edge_of_the_calendar_is_a_form_error(functionaris_client, query, field):
    for url in [AUDITLOG, reverse("meldpunt:auditlog_export")]:
        response = functionaris_client.get(url, query)
        assert response.status_code == 200
        assert field in response.context["form"].errors


def test_a_plausible_audit_log_filter_still_works(functionaris_client):
    response = functionaris_client.get(AUDITLOG, {"van": "1900-01-01", "tot": "2199-12-31"})
    assert response.status_code == 200
    assert not response.context["form"].errors


def test_too_many_query_fields_with_a_charset_get_400_from_the_wsgi_application():
    """Django parses the query string while it makes the request when the Content-Type names a charset; with more
    fields than DATA_UPLOAD_MAX_NUMBER_FIELDS that raised before any middleware, and the server answered 500."""
    from coalition.wsgi import application

    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/activiteiten/",
        "QUERY_STRING": "&".join(f"v{n}=1" for n in range(2_000)),
        "CONTENT_TYPE": "text/plain; charset=utf-8",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    b"".join(application(environ, lambda status, headers: statuses.append(status)))
    assert statuses[0].startswith("400")


@pytest.mark.parametrize("url", ["/activiteiten/?q=a%00b", "/melden/%00/", "/agenda/?wijk=%00"])
def test_a_nul_character_gets_400(client, url):
    client.raise_request_exception = False
    assert client.get(url).status_code == 400


def test_a_nul_character_in_a_form_gets_400(client):
    client.raise_request_exception = False
    assert client.post(reverse("meldpunt:melden"), {"concern": "a\x00b"}).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/admin/coalition/contactpersoon/add/?organisatie=10000-01-01",
        "/admin/monitoring/gezondheidscijfer/add/?gemeente=2026-02-31",
        "/admin/coalition/user/add/?organisaties=%25",
    ],
)
def test_an_admin_add_form_prefilled_with_no_key_opens(login, url):
    client = login(factories.UserFactory(role=Role.BEHEERDER))
    assert client.get(url).status_code == 200


def test_an_admin_form_with_no_key_for_a_choice_shows_the_form_again(login):
    client = login(factories.UserFactory(role=Role.BEHEERDER))
    response = client.post("/admin/socialekaart/activiteit/add/", {"organisatie": "[]"})
    assert response.status_code == 200
    assert "organisatie" in response.context["adminform"].form.errors


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_the_admin_has_no_pages_with_a_second_factor_secret(login, view):
    """django-otp's device pages are gone from the admin (coalition/admin.py); asking for them is a plain 404."""
    client = login(factories.UserFactory(role=Role.BEHEERDER))
    device = factories.TOTPDeviceFactory(user=factories.UserFactory(role=Role.MEDEWERKER))
    for pk in (device.pk, 2147483648):
        response = client.get(f"/admin/otp_totp/totpdevice/{pk}/{view}/")
        assert response.status_code == 404
        assert device.key not in response.content.decode()


def test_an_empty_synonym_in_the_admin_is_a_form_error(login):
    """Found by the fuzz test: an add form posted without its fields gave a 500 in Synoniem.clean."""
    client = login(factories.UserFactory(role=Role.BEHEERDER))
    response = client.post("/admin/socialekaart/synoniem/add/", {})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
