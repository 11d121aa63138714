"""The worklist's "Eerst nakijken" list: web-form reports that may be spam wait there, never on the normal lists,
until staff accept one into the normal flow or discard it as spam (services/checkfirst.py)."""

import time
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from meldpunt import ratelimit, spam
from meldpunt.choices import AuditAction, CloseReason, EntryKind, Status
from meldpunt.models import AuditRegel, Melding
from meldpunt.queries.worklist import CHECK_FIRST, WORKLIST_VIEWS
from meldpunt.services import checkfirst, privacy
from meldpunt.views.public import RATE_SCOPE
from tests.factories import MeldingFactory, MeldpuntFactory, SignaalFactory
from tests.test_meldpunt_public_form import form_data

pytestmark = pytest.mark.django_db

URL = reverse("meldpunt:index")


@pytest.fixture(autouse=True)
def own_address(client):
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"
    client.defaults["REMOTE_ADDR"] = address
    yield address
    request = type("Request", (), {"META": {"REMOTE_ADDR": address}})()
    cache.delete(ratelimit._key(request, RATE_SCOPE))


@pytest.fixture
def meldpunt(medewerker):
    return MeldpuntFactory(staff=[medewerker])


def pending(meldpunt, reason="Verstuurd binnen 3 seconden na het openen van het formulier.") -> Melding:
    melding = MeldingFactory(meldpunt=meldpunt, pending_check=True, signaal=False)
    SignaalFactory(melding=melding, channel="webformulier", check_first=reason, description="Koop nu goedkope pillen")
    return melding


def numbers(response) -> set[str]:
    return {melding.number for melding in response.context["page"].object_list}


def lists_holding(client, number: str) -> set[str]:
    """Which lists of the worklist (and a search in all of them) show this case."""
    found = {view for view in WORKLIST_VIEWS if number in numbers(client.get(URL, {"lijst": view}))}
    if number in numbers(client.get(URL, {"q": number})):
        found.add("zoeken")
    return found


@pytest.mark.parametrize(
    "overrides",
    [
        {"geopend": lambda: spam.opened_token(time.time() - 1)},  # too fast
        {"website": "http://spam.example"},  # the honeypot
        {"geopend": "1700000000000:vervalst"},  # an invalid signature
    ],
)
def test_a_suspect_web_report_is_only_in_the_check_first_list(client, login, medewerker, meldpunt, overrides):
    client.post("/melden/", form_data(**overrides))
    melding = Melding.objects.get()
    assert melding.pending_check

    staff = login(medewerker)
    assert lists_holding(staff, melding.number) == {CHECK_FIRST}
    response = staff.get(URL, {"lijst": CHECK_FIRST})
    tabs = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
    assert tabs[CHECK_FIRST] == 1
    assert tabs["nieuw"] == tabs["open"] == 0
    html = response.content.decode()
    assert "Eerst nakijken" in html
    assert escape(melding.signalen.get().check_first) in html  # why, beside what was written
    assert "zwaait niet meer terug" in html


def test_a_report_over_the_rate_limit_is_only_in_the_check_first_list(client, login, medewerker, meldpunt, settings):
    settings.MELDPUNT_WEBFORM_PER_HOUR = 1
    client.post("/melden/", form_data())
    client.post("/melden/", form_data())
    first, second = Melding.objects.order_by("pk")

    staff = login(medewerker)
    assert lists_holding(staff, first.number) == {"nieuw", "te-laat", "open", "zoeken"} - {"te-laat"}
    assert lists_holding(staff, second.number) == {CHECK_FIRST}


def test_a_normal_report_goes_on_the_normal_worklist(client, login, medewerker, meldpunt):
    client.post("/melden/", form_data())
    melding = Melding.objects.get()

    assert not melding.pending_check
    assert lists_holding(login(medewerker), melding.number) == {"nieuw", "open", "zoeken"}


def test_staff_accept_a_report_into_the_normal_flow(login, medewerker, meldpunt):
    melding = pending(meldpunt)
    client = login(medewerker)

    response = client.post(reverse("meldpunt:case_accept", args=[melding.number]))

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?lijst={CHECK_FIRST}"
    melding.refresh_from_db()
    assert not melding.pending_check
    assert melding.status == Status.NIEUW
    assert lists_holding(client, melding.number) == {"nieuw", "open", "zoeken"}
    line = melding.tijdlijn.get(kind=EntryKind.NAGEKEKEN)
    assert line.author == medewerker
    assert AuditRegel.objects.filter(melding=melding, user=medewerker, detail="nagekeken: echte melding").exists()
    # Twice is refused with a message, not an error.
    response = client.post(reverse("meldpunt:case_accept", args=[melding.number]), follow=True)
    assert "al nagekeken" in response.content.decode()


def test_accepting_is_a_post(login, medewerker, meldpunt):
    melding = pending(meldpunt)
    response = login(medewerker).get(reverse("meldpunt:case_accept", args=[melding.number]))
    assert response.status_code == 302 and response["Location"] == melding.get_absolute_url()
    melding.refresh_from_db()
    assert melding.pending_check


def test_staff_discard_spam_after_confirming(login, medewerker, meldpunt):
    melding = pending(meldpunt)
    client = login(medewerker)
    url = reverse("meldpunt:case_spam", args=[melding.number])

    response = client.get(url)  # the confirmation step changes nothing
    assert response.status_code == 200
    assert "Koop nu goedkope pillen" in response.content.decode()
    assert "Ja, afsluiten als spam" in response.content.decode()
    melding.refresh_from_db()
    assert melding.pending_check and melding.is_open

    response = client.post(url, {"bevestig": "ja"})

    assert response.status_code == 302
    melding.refresh_from_db()
    assert (melding.status, melding.close_reason, melding.pending_check) == (Status.GESLOTEN, CloseReason.SPAM, False)
    assert melding.tijdlijn.get(kind=EntryKind.GESLOTEN).data == {"reason": "spam"}
    assert AuditRegel.objects.filter(melding=melding, user=medewerker, action=AuditAction.GEWIJZIGD).exists()
    assert lists_holding(client, melding.number) == {"gesloten", "zoeken"}
    assert not Melding.objects.counted().filter(pk=melding.pk).exists()  # spam counts in no statistics


def test_discarded_spam_is_anonymised_after_the_retention_period_like_any_closed_case(medewerker, meldpunt):
    melding = checkfirst.discard_as_spam(pending(meldpunt), by=medewerker)
    Melding.objects.filter(pk=melding.pk).update(closed_at=privacy.retention_cutoff().replace(year=2000))

    assert privacy.anonymise_expired() == 1

    melding.refresh_from_db()
    assert melding.anonymised_at is not None
    assert melding.person_name == ""
    assert melding.signalen.get().description == ""


def test_closing_a_pending_case_another_way_takes_it_off_the_check_first_list(medewerker, meldpunt):
    from meldpunt.services import casefile

    melding = casefile.close_case(pending(meldpunt), CloseReason.ANDERS, "Dubbel gemeld", by=medewerker)
    assert not melding.pending_check


def test_only_staff_of_the_cases_meldpunt_answer_it(login, medewerker):
    melding = pending(MeldpuntFactory())  # a meldpunt this medewerker does not work for
    client = login(medewerker)

    assert client.post(reverse("meldpunt:case_accept", args=[melding.number])).status_code == 403
    assert client.post(reverse("meldpunt:case_spam", args=[melding.number]), {"bevestig": "ja"}).status_code == 403
    melding.refresh_from_db()
    assert melding.pending_check and melding.is_open


def test_the_case_page_offers_both_answers(login, medewerker, meldpunt):
    melding = pending(meldpunt)

    html = login(medewerker).get(melding.get_absolute_url()).content.decode()

    assert "Eerst nakijken." in html
    assert reverse("meldpunt:case_accept", args=[melding.number]) in html
    assert reverse("meldpunt:case_spam", args=[melding.number]) in html


def test_no_reminder_names_a_report_that_waits_to_be_checked(meldpunt):
    from datetime import timedelta

    from django.utils import timezone

    from meldpunt.services.reminders import due_reminders

    old = timezone.now() - timedelta(days=40)
    waiting = pending(meldpunt)
    real = MeldingFactory(meldpunt=meldpunt)
    Melding.objects.filter(pk__in=[waiting.pk, real.pk]).update(received_at=old, last_activity_at=old)

    assert {due.melding.pk for due in due_reminders()} == {real.pk}
