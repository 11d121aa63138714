"""Notifications that respect attention (issue 15): one referral event is one notification and at most one e-mail
per person (never to the one who did it); opening the case or the referral marks its notifications read; a partner
may choose one e-mail a day instead of one per message."""

from datetime import date, datetime, timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from coalition.models import OutboxMessage, Role
from meldpunt.choices import Status
from meldpunt.models import Notificatie, NotificatieVoorkeur
from meldpunt.services import notifications, referrals, reminders
from meldpunt.tasks import send_notification_digests
from tests.factories import MeldingFactory, MeldpuntFactory, OrganisatieFactory, UserFactory, VerwijzingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://omzien.example"
    settings.MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS = 5


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.MEDEWERKER, email="mila@meldpunt.example")


@pytest.fixture
def colleague(db):
    return UserFactory(role=Role.COORDINATOR, email="cor@meldpunt.example")


@pytest.fixture
def meldpunt(owner, colleague):
    return MeldpuntFactory(staff=[owner, colleague])


@pytest.fixture
def organisatie(db):
    return OrganisatieFactory(name="Welzijn Twenterand")


@pytest.fixture
def pim(organisatie):
    return UserFactory(role=Role.PARTNER, email="pim@welzijn.example", organisaties=[organisatie])


@pytest.fixture
def pia(organisatie):
    return UserFactory(role=Role.PARTNER, email="pia@welzijn.example", organisaties=[organisatie])


@pytest.fixture
def melding(meldpunt, owner):
    return MeldingFactory(meldpunt=meldpunt, owner=owner, status=Status.IN_BEHANDELING)


class Event:
    """What one event left behind: the notifications and the outbox e-mails per address."""

    def __init__(self):
        self.before_n = set(Notificatie.objects.values_list("pk", flat=True))
        self.before_m = set(OutboxMessage.objects.values_list("pk", flat=True))

    def done(self):
        self.notes = list(Notificatie.objects.exclude(pk__in=self.before_n).select_related("user"))
        self.mails = list(OutboxMessage.objects.exclude(pk__in=self.before_m))
        return self

    def per_user(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for note in self.notes:
            counts[note.user.email] = counts.get(note.user.email, 0) + 1
        return counts

    def mails_per_address(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for mail in self.mails:
            counts[mail.to] = counts.get(mail.to, 0) + 1
        return counts


def event(action):
    recorder = Event()
    with TestCase.captureOnCommitCallbacks(execute=True):
        action()
    return recorder.done()


def _anonymous_referral(melding, organisatie, owner):
    return referrals.create_referral(
        melding,
        organisatie=organisatie,
        activiteit=None,
        consent=False,
        share_contact=False,
        share_note=False,
        handover_note="",
        planned_start=None,
        by=owner,
    )


def test_each_referral_event_tells_each_person_once_and_never_the_one_who_did_it(
    melding, owner, colleague, organisatie, pim, pia
):
    sent = event(lambda: _anonymous_referral(melding, organisatie, owner))
    assert sent.per_user() == {"pim@welzijn.example": 1, "pia@welzijn.example": 1}
    assert sent.mails_per_address() == {"pim@welzijn.example": 1, "pia@welzijn.example": 1}
    verwijzing = melding.verwijzingen.get()

    today = timezone.localdate()
    steps = [
        lambda: referrals.accept(verwijzing, by=pim),
        lambda: referrals.record_first_contact(verwijzing, timezone.now(), by=pim),
        lambda: referrals.record_start(verwijzing, today, by=pia),
        lambda: referrals.close_referral(verwijzing, "doet_mee", "", by=pim),
    ]
    for step in steps:
        told = event(step)
        assert told.per_user() == {"mila@meldpunt.example": 1}, told.notes
        assert told.mails_per_address() == {"mila@meldpunt.example": 1}
        with TestCase.captureOnCommitCallbacks(execute=True):
            notifications.mark_read(owner)  # she opened it

    other = VerwijzingFactory(melding=melding, organisatie=organisatie)
    declined = event(lambda: referrals.decline(other, "Geen plek", by=pim))
    assert declined.per_user() == {"mila@meldpunt.example": 1}
    assert declined.mails_per_address() == {"mila@meldpunt.example": 1}


def test_steps_in_quick_succession_are_one_notification_and_one_mail_until_the_case_is_opened(
    client, login, melding, owner, organisatie, pim
):
    verwijzing = VerwijzingFactory(melding=melding, organisatie=organisatie)
    told = event(lambda: None)
    event(lambda: referrals.accept(verwijzing, by=pim))
    event(lambda: referrals.record_first_contact(verwijzing, timezone.now(), by=pim))
    event(lambda: referrals.record_start(verwijzing, timezone.localdate(), by=pim))
    told.done()
    (note,) = told.notes
    assert note.user == owner and note.text == f"Verwijzing {verwijzing.reference}: de persoon is gestart"
    assert told.mails_per_address() == {"mila@meldpunt.example": 1}
    assert notifications.cached_unread_count(owner) == 1

    login(owner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.get(reverse("meldpunt:case", args=[melding.number]))
    closed = event(lambda: referrals.close_referral(verwijzing, "doet_mee", "", by=pim))
    assert closed.per_user() == {"mila@meldpunt.example": 1}
    assert closed.mails_per_address() == {"mila@meldpunt.example": 1}


def test_a_case_without_owner_tells_each_of_its_staff_once(meldpunt, colleague, owner, organisatie, pim):
    melding = MeldingFactory(meldpunt=meldpunt, owner=None, status=Status.WACHT_OP_PARTNER)
    verwijzing = VerwijzingFactory(melding=melding, organisatie=organisatie)
    told = event(lambda: referrals.accept(verwijzing, by=pim))
    assert told.per_user() == {"mila@meldpunt.example": 1, "cor@meldpunt.example": 1}
    assert told.mails_per_address() == {"mila@meldpunt.example": 1, "cor@meldpunt.example": 1}


def test_the_reminder_tells_each_person_once(melding, owner, organisatie, pim, pia):
    sent = datetime(2026, 3, 2, 10, tzinfo=timezone.get_current_timezone())
    VerwijzingFactory(melding=melding, organisatie=organisatie, sent_at=sent)
    told = event(lambda: reminders.send_referral_follow_ups(today=date(2026, 3, 10)))
    assert told.per_user() == {"pim@welzijn.example": 1, "pia@welzijn.example": 1, "mila@meldpunt.example": 1}
    assert told.mails_per_address() == {"pim@welzijn.example": 1, "pia@welzijn.example": 1, "mila@meldpunt.example": 1}


# ---------------------------------------------------------------------------
# Opening the case or the referral marks its notifications read
# ---------------------------------------------------------------------------
def test_opening_the_case_marks_its_notifications_read(client, login, melding, owner):
    case_url = reverse("meldpunt:case", args=[melding.number])
    with TestCase.captureOnCommitCallbacks(execute=True):
        notifications.notify([owner], "Verwijzing VW-000001 is geaccepteerd", case_url)
        notifications.notify([owner], "Iets anders", "/meldpunt/")
    login(owner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.get(case_url).status_code == 200
    assert list(Notificatie.objects.filter(user=owner, read_at__isnull=True).values_list("text", flat=True)) == [
        "Iets anders"
    ]
    assert notifications.cached_unread_count(owner) == 1


def test_opening_the_referral_marks_the_partners_notifications_read(client, login, melding, organisatie, pim):
    verwijzing = VerwijzingFactory(melding=melding, organisatie=organisatie)
    link = reverse("meldpunt:inbox_detail", args=[verwijzing.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        notifications.notify([pim], "Nieuwe verwijzing", link)
    login(pim)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.get(link).status_code == 200
    assert not Notificatie.objects.filter(user=pim, read_at__isnull=True).exists()
    assert notifications.cached_unread_count(pim) == 0


def test_marking_costs_one_query_and_nothing_without_unread(client, login, melding, owner, django_assert_num_queries):
    case_url = reverse("meldpunt:case", args=[melding.number])
    login(owner)
    client.get(case_url)
    with django_assert_num_queries(0):
        assert notifications.mark_read_for_url(owner, case_url) == 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        notifications.notify([owner], "Verwijzing VW-000001 is geaccepteerd", case_url)
    with django_assert_num_queries(1):
        assert notifications.mark_read_for_url(owner, case_url) == 1


# ---------------------------------------------------------------------------
# The daily overview
# ---------------------------------------------------------------------------
def test_a_partner_chooses_the_daily_overview_on_the_notifications_page(client, login, pim):
    login(pim)
    page = client.get(reverse("meldpunt:notifications")).content.decode()
    assert "E-mail over berichten" in page and 'value="dagelijks"' in page
    response = client.post(reverse("meldpunt:notifications_frequency"), {"frequency": "dagelijks"})
    assert response.status_code == 302
    assert NotificatieVoorkeur.objects.get(user=pim).frequency == "dagelijks"
    bad = client.post(reverse("meldpunt:notifications_frequency"), {"frequency": "elk uur"})
    assert bad.status_code == 200 and "Kies een van de mogelijkheden." in bad.content.decode()


def test_staff_see_no_choice(client, login, owner):
    login(owner)
    assert "E-mail over berichten" not in client.get(reverse("meldpunt:notifications")).content.decode()


def test_with_the_daily_overview_no_mail_per_event_and_one_digest_once(
    mailoutbox, melding, owner, organisatie, pim, pia
):
    notifications.set_frequency(pim, "dagelijks")
    sent = event(lambda: _anonymous_referral(melding, organisatie, owner))
    assert sent.per_user() == {"pim@welzijn.example": 1, "pia@welzijn.example": 1}
    assert sent.mails_per_address() == {"pia@welzijn.example": 1}
    verwijzing = melding.verwijzingen.get()

    tomorrow = timezone.localdate() + timedelta(days=1)
    digest = event(lambda: notifications.send_daily_digests(today=tomorrow))
    assert digest.mails_per_address() == {"pim@welzijn.example": 1}
    mail = mailoutbox[-1]
    assert mail.to == ["pim@welzijn.example"]
    assert f"https://omzien.example/meldpunt/inbox/{verwijzing.pk}/" in mail.body
    assert verwijzing.reference in mail.body

    again = event(lambda: notifications.send_daily_digests(today=tomorrow))
    assert again.mails == []
    voorkeur = NotificatieVoorkeur.objects.get(user=pim)
    assert voorkeur.digest_sent_on == tomorrow


def test_no_digest_without_unread_notifications_and_the_task_is_on_beat(settings, pim):
    notifications.set_frequency(pim, "dagelijks")
    make = Notificatie.objects.create(user=pim, text="Oud", url="/meldpunt/", read_at=timezone.now())
    assert make.read_at
    assert event(send_notification_digests).mails == []
    assert NotificatieVoorkeur.objects.get(user=pim).digest_sent_on == timezone.localdate()
    schedule = settings.CELERY_BEAT_SCHEDULE["meldpunt-notification-digests"]
    assert schedule["task"] == "meldpunt.tasks.send_notification_digests"
