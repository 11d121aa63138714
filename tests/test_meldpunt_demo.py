"""The demo cases (meldpunt/demo.py): only in demo mode, through the real services, idempotent."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coalition.demo.loader import load_demo
from meldpunt.choices import Status, Urgency
from meldpunt.demo import CASES, load_demo_meldingen
from meldpunt.models import AuditRegel, Gebeurtenis, Melding


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = True
    load_demo(demo_mode=False)


def test_it_loads_every_case_once_with_timeline_and_audit(demo):
    assert load_demo_meldingen() == len(CASES)
    assert Melding.objects.count() == len(CASES)
    assert load_demo_meldingen() == 0
    assert Melding.objects.count() == len(CASES)

    statuses = set(Melding.objects.values_list("status", flat=True))
    assert {Status.NIEUW, Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER, Status.GESLOTEN} <= statuses
    assert Melding.objects.filter(urgency=Urgency.ACUUT).exists()
    # Every case arrived as a signal and was logged as created.
    assert Gebeurtenis.objects.filter(kind="signaal").count() == len(CASES)
    assert AuditRegel.objects.filter(action="aangemaakt").count() == len(CASES)
    # The demo medewerker owns the handled cases, and postcodes found their wijk.
    assert Melding.objects.filter(owner__email="medewerker@omzien.demo").exists()
    assert Melding.objects.filter(wijk__name="Vriezenveen").exists()


def test_it_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo_meldingen")
    assert not Melding.objects.exists()


def test_load_demo_in_demo_mode_loads_the_cases_too(db, settings):
    settings.DEMO_MODE = True

    first = load_demo(demo_mode=True)
    second = load_demo(demo_mode=True)

    assert Melding.objects.count() == len(CASES)
    assert first.tallies["demo-meldingen"].created == len(CASES)
    assert (second.tallies["demo-meldingen"].created, second.tallies["demo-meldingen"].unchanged) == (0, len(CASES))


def test_load_demo_outside_demo_mode_loads_no_cases(db, settings):
    settings.DEMO_MODE = False

    summary = load_demo(demo_mode=False)

    assert not Melding.objects.exists()
    assert "demo-meldingen" not in summary.tallies
