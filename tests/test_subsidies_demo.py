"""Subsidies' demo data (subsidies/demo.py): the calls of the seeds, the Hengelo pilots as granted projects, and in
demo mode the reports and the applications in other states; a second run adds nothing."""

from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from coalition.demo.loader import load_demo
from subsidies.models import (
    Aanvraag,
    Beoordeling,
    Criterium,
    Historie,
    Rapportage,
    RapportageBereik,
    RapportageMeting,
    Regeling,
    Score,
)
from subsidies.queries import pooled_measurements, reach_against_targets
from subsidies.services.reports import send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True  # the meldpunt's demo cases need it too


ENSCHEDE_CALLS = {
    "Versterken netwerkgerichte (wijk-)aanpak": Decimal("100000.00"),
    "Pilots interventies gericht op vraaggericht aanbod": Decimal("50000.00"),
    "Pilots innovatie en technologie": Decimal("50000.00"),
}
PILOTS = {"Wijkracht": Decimal("7100.00"), "Humanitas Twente": Decimal("11585.00"), "Oyfo": Decimal("15000.00")}


def test_the_demo_loads_the_calls_and_the_granted_pilots_with_their_reports(settings):
    settings.MIN_CELL = 10
    summary = load_demo(demo_mode=True)

    calls = {r.title: r for r in Regeling.objects.select_related("gemeente")}
    assert {title: calls[title].max_per_application for title in ENSCHEDE_CALLS} == ENSCHEDE_CALLS
    assert {calls[title].gemeente.name for title in ENSCHEDE_CALLS} == {"Enschede"}
    hengelo = calls["Pilots eenzaamheid Hengelo"]
    assert (hengelo.gemeente.name, hengelo.total_budget, hengelo.requires_measurement) == (
        "Hengelo",
        Decimal("50000.00"),
        True,
    )
    for regeling in calls.values():
        criteria = list(regeling.criteria.all())
        assert len(criteria) == 6 and all(len(c.scale) == 6 for c in criteria)
        assert regeling.toetsvragen.exists() and regeling.documenteisen.filter(required=True).exists()
    assert {c.title for c in Criterium.objects.all()} == {
        "Netwerkgerichte aanpak",
        "Eenzame mensen en ervaringsdeskundigen doen mee",
        "Mensen achter de voordeur bereiken",
        "Duurzaam na de subsidie",
        "Effect meten",
        "Past bij de wijk",
    }
    # Two Enschede calls are open now, on the public page.
    assert sum(r.is_open() for r in calls.values()) == 2

    # The three pilots, granted in full, within the year's budget.
    pilots = Aanvraag.objects.filter(regeling=hengelo).select_related("organisatie")
    assert {a.organisatie.name: a.allocated_amount for a in pilots} == PILOTS
    assert {a.status for a in pilots} == {"toegekend"}
    hengelo.refresh_from_db()
    assert hengelo.allocated_total == Decimal("33685.00")
    wijkracht = pilots.get(organisatie__name="Wijkracht")
    assert list(wijkracht.doelen.values_list("number", flat=True)) == [25]
    assert sum(line.amount for line in wijkracht.begroting.all()) == Decimal("7100.00")
    assert wijkracht.historie.filter(step="toegekend").exists()
    humanitas = pilots.get(organisatie__name="Humanitas Twente")
    assert humanitas.doelen.get().number == 5 and "eenzame jongeren" in humanitas.doelen.get().description

    # Every pilot owes an interim and a final report; none is overdue; one accepted, one submitted.
    reports = Rapportage.objects.filter(aanvraag__regeling=hengelo)
    assert reports.count() == 6
    assert not reports.filter(due_date__lt=timezone.localdate()).exists()
    accepted = reports.get(status="geaccepteerd")
    assert accepted.aanvraag == wijkracht and accepted.kind == "tussentijds"
    assert RapportageBereik.objects.get(rapportage=accepted).reached == 14
    assert RapportageMeting.objects.get(rapportage=accepted).measured == 12
    assert reports.get(status="ingediend").aanvraag == humanitas
    assert reports.filter(status="open").count() == 4

    # The dashboard's figures: Wijkracht's 14 reached and 12 measured; Humanitas' report is not accepted yet.
    reach = {row.organisatie: row for row in reach_against_targets(regeling=hengelo)}
    assert (reach["Wijkracht"].target, reach["Wijkracht"].reached) == (25, 14)
    assert not reach["Humanitas Twente"].reported and reach["Oyfo"].target == 70
    (pooled,) = pooled_measurements(regeling=hengelo)
    assert (pooled.form, pooled.measured, pooled.mean_before) == ("djg11", 12, Decimal("7.40"))

    # In demo mode: a draft and a submitted application of the demo aanvrager, two at the committee.
    posten = Aanvraag.objects.filter(
        organisatie__name="Onze buurt de Posten", created_by__email="aanvrager@omzien.demo"
    )
    assert sorted(posten.values_list("status", flat=True)) == ["concept", "ingediend"]
    at_committee = Aanvraag.objects.filter(status="in_beoordeling")
    assert at_committee.count() == 2
    review = Beoordeling.objects.get()
    assert review.member.email == "commissielid@omzien.demo" and review.submitted_at is not None
    assert review.aanvraag.verklaringen.get(member=review.member).has_conflict is False
    assert Score.objects.filter(beoordeling=review).count() == 6
    assert at_committee.exclude(pk=review.aanvraag_id).get().verklaringen.filter(has_conflict=False).count() == 1

    assert summary.tallies["subsidieregelingen"].created == 4
    assert summary.tallies["subsidieaanvragen"].created == 7


def test_a_second_run_adds_nothing(settings):
    load_demo(demo_mode=True)
    counts = {
        model: model.objects.count() for model in (Regeling, Criterium, Aanvraag, Rapportage, Historie, Beoordeling)
    }
    summary = load_demo(demo_mode=True)
    assert {model: model.objects.count() for model in counts} == counts
    for label in ("subsidieregelingen", "criteria", "toetsvragen", "gevraagde documenten", "subsidieaanvragen"):
        assert summary.tallies[label].created == 0, label
        assert summary.tallies[label].updated == 0, label


def test_outside_demo_mode_only_the_calls_and_the_pilots_with_their_deadlines(settings):
    load_demo(demo_mode=False)
    assert Regeling.objects.count() == 4
    assert set(Aanvraag.objects.values_list("organisatie__name", flat=True)) == set(PILOTS)
    assert set(Rapportage.objects.values_list("status", flat=True)) == {"open"}
    assert not RapportageMeting.objects.exists() and not Beoordeling.objects.exists()


def test_the_reminders_chase_nothing_that_has_passed_right_after_loading():
    load_demo(demo_mode=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = send_due_reminders()
    assert sent["gemist"] == 0
