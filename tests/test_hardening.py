"""Issue 13's smaller side doors: personal data never kept in a browser's cache, spreadsheet cells that never run
as formulas, password-reset links that last an hour, and DEMO_MODE refused on a real server."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse

from coalition.models import Role
from coalition.spreadsheets import formula_safe
from monitoring.panels.base import DataTable
from monitoring.suppression import count
from socialekaart.models import Activiteit
from socialekaart.resources import ActiviteitResource
from tests.factories import ActiviteitFactory, MeldingFactory, MeldpuntFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_pages_for_logged_in_users_are_never_stored(login, medewerker, client):
    meldpunt = MeldpuntFactory(staff=[medewerker])
    melding = MeldingFactory(meldpunt=meldpunt)
    login(medewerker)
    for url in [reverse("meldpunt:case", args=[melding.number]), reverse("meldpunt:index")]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url


def test_a_public_page_keeps_its_own_caching(client):
    assert "no-store" not in client.get("/agenda/").get("Cache-Control", "")


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+31 6 1234", "'+31 6 1234"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Wandelgroep", "Wandelgroep"),
        (12, 12),
    ],
)
def test_text_that_would_be_a_formula_is_written_as_text(text, safe):
    assert formula_safe(text) == safe


def test_the_monitor_exports_a_partners_title_as_text_not_a_formula():
    table = DataTable(title="t", headers=["Activiteit", "Verwijzingen"], rows=[['=HYPERLINK("x")', count(12)]])
    assert table.text_rows() == [['\'=HYPERLINK("x")', "12"]]
    assert table.sheet_rows() == [['\'=HYPERLINK("x")', 12]]


def test_the_admins_exports_write_a_partners_formula_as_text_and_numbers_as_numbers():
    activiteit = ActiviteitFactory(title="=cmd|' /C calc'!A0")
    dataset = ActiviteitResource().export(queryset=Activiteit.objects.filter(pk=activiteit.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert "'=cmd|' /C calc'!A0" in row.values()


def test_a_password_reset_link_lasts_one_hour():
    user = UserFactory(role=Role.PARTNER)
    now = default_token_generator._num_seconds(default_token_generator._now())
    secret = default_token_generator.secret
    fresh = default_token_generator._make_token_with_timestamp(user, now - 50 * 60, secret)
    stale = default_token_generator._make_token_with_timestamp(user, now - 61 * 60, secret)
    assert default_token_generator.check_token(user, fresh)
    assert not default_token_generator.check_token(user, stale)


def test_demo_mode_fails_the_deploy_check_on_a_real_server():
    with override_settings(DEMO_MODE=True, DEBUG=False):
        assert "omzien.E001" in [m.id for m in run_checks(include_deployment_checks=True)]
    with override_settings(DEMO_MODE=False, DEBUG=False):
        assert "omzien.E001" not in [m.id for m in run_checks(include_deployment_checks=True)]
    with override_settings(DEMO_MODE=True, DEBUG=True):
        assert "omzien.E001" not in [m.id for m in run_checks(include_deployment_checks=True)]
