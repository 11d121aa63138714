"""A loop that never silently stalls (issue 15): a referral still not accepted some working days after the partner's
reminder asks the meldpunt to act on the case page (queries/escalation.py); a stalled or declined referral offers a
re-route to the suggestions without that organisation; beside each suggestion, how its partner answers referrals
(queries/responsiveness.py)."""

from datetime import date, datetime, timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from meldpunt.models import Herinnering, Melding
from meldpunt.presenters.suggestions import cards, responsiveness_text
from meldpunt.queries.escalation import is_stalled, stalled, stalled_since
from meldpunt.queries.responsiveness import responsiveness
from meldpunt.queries.suggestions import suggest_activities
from meldpunt.services import referrals, reminders
from tests.factories import (
    ActiviteitFactory,
    LocatieFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    VerwijzingFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 3, 10)  # no holidays around it


def at(day: date, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture(autouse=True)
def escalation_settings(settings):
    settings.MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS = 5
    settings.MELDPUNT_ESCALATE_AFTER_WORKING_DAYS = 2
    settings.MIN_CELL = 10


@pytest.fixture
def meldpunt(medewerker):
    return MeldpuntFactory(staff=[medewerker])


@pytest.fixture
def welzijn(db):
    return OrganisatieFactory(name="Welzijn Twenterand", phone="0546 123 456")


@pytest.fixture
def melding(meldpunt):
    return MeldingFactory(meldpunt=meldpunt, status="in_behandeling")


@pytest.fixture
def client_(login, medewerker):
    return login(medewerker)


def case_page(client_, melding) -> str:
    response = client_.get(reverse("meldpunt:case", args=[melding.number]))
    assert response.status_code == 200
    return response.content.decode()


def remind(verwijzing):
    """The partner's reminder, as the beat task sends it (today), for a referral sent a month ago."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders.send_referral_follow_ups()
    return Herinnering.objects.get(kind=Herinnering.Kind.NIET_GEACCEPTEERD, key=str(verwijzing.pk))


def test_the_rule_counts_whole_working_days_after_the_reminder():
    # Tuesday 10 March, two working days: reminded before Friday 6 March counts (Monday and Tuesday passed).
    assert stalled_since(TUESDAY) == at(date(2026, 3, 6), 0)
    assert is_stalled("verstuurd", at(date(2026, 3, 5), 16), TUESDAY)
    assert not is_stalled("verstuurd", at(date(2026, 3, 6), 9), TUESDAY)
    assert is_stalled("verstuurd", at(date(2026, 3, 6), 9), date(2026, 3, 11))
    assert not is_stalled("geaccepteerd", at(date(2026, 3, 2)), TUESDAY)
    assert not is_stalled("verstuurd", None, TUESDAY)  # never reminded: the reminder comes first


def test_a_stalled_referral_asks_the_meldpunt_to_act_and_ends_when_accepted(client_, melding, welzijn):
    verwijzing = VerwijzingFactory(melding=melding, organisatie=welzijn, sent_at=timezone.now() - timedelta(days=30))
    herinnering = remind(verwijzing)
    page = case_page(client_, melding)
    assert 'id="escalatie"' not in page  # reminded just now: the partner still has time

    Herinnering.objects.filter(pk=herinnering.pk).update(sent_at=timezone.now() - timedelta(days=10))
    assert list(stalled()) == [verwijzing]
    page = case_page(client_, melding)
    assert 'id="escalatie"' in page
    assert f"{verwijzing.reference} is na de herinnering nog niet geaccepteerd" in page
    assert "0546 123 456" in page
    reroute = f"{reverse('meldpunt:referral_create', args=[melding.number])}?zonder={welzijn.pk}#suggesties"
    assert f'href="{reroute}"' in page

    # Nothing is stored: a second run of the beat task changes nothing and sends nothing more.
    assert reminders.send_referral_follow_ups() == {"reminders": 0, "notifications": 0}

    referrals.accept(verwijzing, by=None)
    assert not stalled().exists()
    assert 'id="escalatie"' not in case_page(client_, melding)


def test_a_fresh_referral_shows_no_escalation(client_, melding, welzijn):
    VerwijzingFactory(melding=melding, organisatie=welzijn)
    page = case_page(client_, melding)
    assert 'id="escalatie"' not in page and "zonder=" not in page


def test_a_declined_referral_offers_the_re_route_at_once(client_, melding, welzijn):
    verwijzing = VerwijzingFactory(melding=melding, organisatie=welzijn)
    referrals.decline(verwijzing, "Geen plek meer deze maand.", by=None)
    page = case_page(client_, melding)
    assert 'id="escalatie"' not in page
    assert f"?zonder={welzijn.pk}#suggesties" in page
    assert "Verwijs door naar een alternatief" in page


def test_the_re_route_leaves_the_organisation_out_of_the_suggestions(client_, melding, welzijn):
    wijk = WijkFactory(gemeente=melding.meldpunt.gemeente)
    Melding.objects.filter(pk=melding.pk).update(wijk=wijk)
    ActiviteitFactory(organisatie=welzijn, title="Koffie bij Welzijn", locaties=[LocatieFactory(wijk=wijk)])
    ActiviteitFactory(title="Zangkoor elders", locaties=[LocatieFactory(wijk=wijk)])
    melding.refresh_from_db()
    assert {s.activiteit.title for s in suggest_activities(melding)} == {"Koffie bij Welzijn", "Zangkoor elders"}
    assert [s.activiteit.title for s in suggest_activities(melding, without=welzijn.pk)] == ["Zangkoor elders"]

    base = reverse("meldpunt:referral_create", args=[melding.number])
    page = client_.get(f"{base}?zonder={welzijn.pk}").content.decode()
    assert "Zangkoor elders" in page and "Koffie bij Welzijn" not in page
    assert f'name="zonder" value="{welzijn.pk}"' in page  # a new search keeps it out
    assert "Toon alle organisaties" in page
    assert "Koffie bij Welzijn" in client_.get(f"{base}?zonder=onzin").content.decode()


# --- Responsiveness ---------------------------------------------------------------------------------------------


def referrals_of(organisatie, *, accepted_after_days: list[float], declined: int = 0, expired: int = 0, waiting=0):
    now = timezone.now()
    for days in accepted_after_days:
        sent = now - timedelta(days=40)
        VerwijzingFactory(
            organisatie=organisatie, status="geaccepteerd", sent_at=sent, accepted_at=sent + timedelta(days=days)
        )
    for _ in range(declined):
        VerwijzingFactory(
            organisatie=organisatie, status="afgewezen", decline_reason="Vol.", sent_at=now - timedelta(days=20)
        )
    for _ in range(expired):  # still not answered long after the answer time
        VerwijzingFactory(organisatie=organisatie, sent_at=now - timedelta(days=30))
    for _ in range(waiting):  # still within the answer time: does not count yet
        VerwijzingFactory(organisatie=organisatie, sent_at=now - timedelta(hours=1))
    # Older than a year: never counted.
    VerwijzingFactory(organisatie=organisatie, status="afgewezen", decline_reason="Oud.", sent_at=now - timedelta(400))


def test_responsiveness_with_known_figures(django_assert_num_queries):
    steady, small, silent = OrganisatieFactory(), OrganisatieFactory(), OrganisatieFactory()
    # 8 accepted (after 1, 1, 2, 2, 3, 3, 4 and 10 days: median 2.5), 1 declined, 1 expired, 3 still waiting.
    referrals_of(steady, accepted_after_days=[1, 1, 2, 2, 3, 3, 4, 10], declined=1, expired=1, waiting=3)
    referrals_of(small, accepted_after_days=[1, 2, 3], declined=2, waiting=5)  # 5 count: fewer than MIN_CELL
    with django_assert_num_queries(1):
        figures = responsiveness([steady.pk, small.pk, silent.pk])
    assert figures[steady.pk].counted == 10 and figures[steady.pk].accepted == 8
    assert figures[steady.pk].acceptance_rate == pytest.approx(0.8)
    assert figures[steady.pk].median_days_to_accept == pytest.approx(2.5)
    assert not figures[small.pk].enough and figures[small.pk].acceptance_rate is None
    assert silent.pk not in figures

    assert responsiveness_text(figures[steady.pk]) == (
        "80% geaccepteerd, meestal na 2,5 dagen (mediaan; 10 verwijzingen in het afgelopen jaar)"
    )
    assert responsiveness_text(figures[small.pk]) == "te weinig gegevens"
    assert responsiveness_text(figures.get(silent.pk)) == "te weinig gegevens"


def test_the_suggestions_page_shows_the_responsiveness(client_, melding, welzijn):
    wijk = WijkFactory(gemeente=melding.meldpunt.gemeente)
    Melding.objects.filter(pk=melding.pk).update(wijk=wijk)
    melding.refresh_from_db()
    ActiviteitFactory(organisatie=welzijn, title="Koffie bij Welzijn", locaties=[LocatieFactory(wijk=wijk)])
    quiet = ActiviteitFactory(title="Zangkoor", locaties=[LocatieFactory(wijk=wijk)])
    referrals_of(welzijn, accepted_after_days=[1] * 9, declined=1)
    shown = {c.activiteit.title: c for c in cards(suggest_activities(melding), responsiveness([welzijn.pk]))}
    assert shown["Koffie bij Welzijn"].responsiveness.startswith("90% geaccepteerd, meestal na 1,0 dagen")
    assert shown[quiet.title].responsiveness == "te weinig gegevens"

    page = client_.get(reverse("meldpunt:referral_create", args=[melding.number])).content.decode()
    assert "Partner reageert" in page and "90% geaccepteerd" in page and "te weinig gegevens" in page


def test_the_worklist_marks_a_case_with_a_stalled_referral(client_, melding, welzijn):
    other = MeldingFactory(meldpunt=melding.meldpunt, status="in_behandeling")
    stalled_one = VerwijzingFactory(melding=melding, organisatie=welzijn, sent_at=timezone.now() - timedelta(days=30))
    VerwijzingFactory(melding=other, organisatie=welzijn)
    Herinnering.objects.filter(pk=remind(stalled_one).pk).update(sent_at=timezone.now() - timedelta(days=10))
    page = client_.get(reverse("meldpunt:index") + "?lijst=open").content.decode()
    rows = {number: row for row in page.split("<tr>") for number in (melding.number, other.number) if number in row}
    assert "verwijzing blijft liggen" in rows[melding.number]
    assert "verwijzing blijft liggen" not in rows[other.number]
