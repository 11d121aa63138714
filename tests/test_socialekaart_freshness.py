"""Freshness reminders: one e-mail per organisation for listings not confirmed in time, once per period;
the coördinators hear once which listings left the public search. Also through a real Celery worker."""

import os
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from coalition.models import Contactpersoon, OutboxMessage, Role
from socialekaart.models import Activiteit, Historie
from socialekaart.services.freshness import (
    _remind_organisation,
    freshness_notify_coordinators,
    freshness_send_reminders,
)
from socialekaart.tasks import send_freshness_reminders
from tests.conftest import fail_with_worker_output, stop_worker, wait_until, worker_output
from tests.factories import ActiviteitFactory, OrganisatieFactory, UserFactory

pytestmark = pytest.mark.django_db


def django_capture_on_commit():
    """Runs the on-commit callbacks (the mails) of the test's transaction at the end of the block."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def organisatie(db):
    organisatie = OrganisatieFactory(name="Stichting Welzijn Voorbeeld", email="algemeen@welzijn.test")
    Contactpersoon.objects.create(
        organisatie=organisatie, name="Petra Primair", email="petra@welzijn.test", is_primary=True
    )
    Contactpersoon.objects.create(organisatie=organisatie, name="Niet Primair", email="niet@welzijn.test")
    UserFactory(role=Role.PARTNER, full_name="Paul Partner", email="paul@welzijn.test", organisaties=[organisatie])
    return organisatie


@pytest.fixture
def coordinators(db):
    return [
        UserFactory(role=Role.COORDINATOR, email="cor@omzien.test"),
        UserFactory(role=Role.COORDINATOR, email="coby@omzien.test"),
        UserFactory(role=Role.COORDINATOR, email="weg@omzien.test", is_active=False),
    ]


def test_an_organisation_gets_one_email_listing_all_its_stale_listings(organisatie, settings):
    settings.SITE_URL = "https://omzien.example.nl"
    old = ActiviteitFactory(organisatie=organisatie, title="Samen eten", last_confirmed_on=days_ago(200))
    older = ActiviteitFactory(organisatie=organisatie, title="Wandelgroep", last_confirmed_on=days_ago(250))
    fresh = ActiviteitFactory(organisatie=organisatie, title="Koffie-uur", last_confirmed_on=days_ago(10))
    ActiviteitFactory(organisatie=organisatie, title="Concept", concept=True)

    with django_capture_on_commit():
        sent = freshness_send_reminders()

    assert sent == 1
    # One e-mail per address (the addresses of others are personal data too), with the same text.
    assert sorted(message.to[0] for message in mail.outbox) == ["paul@welzijn.test", "petra@welzijn.test"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert mail.outbox[0].body == mail.outbox[1].body
    message = mail.outbox[0]
    assert "Stichting Welzijn Voorbeeld" in message.subject
    assert "Samen eten" in message.body and "Wandelgroep" in message.body
    assert "Koffie-uur" not in message.body and "Concept" not in message.body
    # Links to where the partner confirms it, on the site's own address.
    assert f"https://omzien.example.nl/socialekaart/activiteiten/{old.slug}/nog-actueel/" in message.body
    # No person is named: not the contact, not the partner user.
    for name in ("Petra", "Paul", "Niet Primair"):
        assert name not in message.body
    for activiteit in (old, older):
        activiteit.refresh_from_db()
        assert activiteit.reminder_sent_for == activiteit.last_confirmed_on
        assert activiteit.historie.get().action == Historie.Action.HERINNERD
    fresh.refresh_from_db()
    assert fresh.reminder_sent_for is None


def test_a_second_run_sends_nothing(organisatie):
    ActiviteitFactory(organisatie=organisatie, last_confirmed_on=days_ago(200))

    with django_capture_on_commit():
        assert freshness_send_reminders() == 1
        assert freshness_send_reminders() == 0

    assert len(mail.outbox) == 2  # the primary contact and the partner user, once each
    assert Historie.objects.filter(action=Historie.Action.HERINNERD).count() == 1


def test_a_new_period_after_a_confirmation_gets_a_new_reminder(organisatie):
    activiteit = ActiviteitFactory(organisatie=organisatie, last_confirmed_on=days_ago(200))
    with django_capture_on_commit():
        freshness_send_reminders()
    # Confirmed later, and that confirmation is now old too.
    Activiteit.objects.filter(pk=activiteit.pk).update(last_confirmed_on=days_ago(190))

    with django_capture_on_commit():
        assert freshness_send_reminders() == 1

    assert len(mail.outbox) == 2 * 2  # two periods, two addresses
    activiteit.refresh_from_db()
    assert activiteit.reminder_sent_for == days_ago(190)


def test_each_organisation_gets_its_own_email(organisatie):
    other = OrganisatieFactory(name="Bibliotheek Voorbeeld", email="bieb@bieb.test")
    ActiviteitFactory(organisatie=organisatie, title="Samen eten", last_confirmed_on=days_ago(200))
    ActiviteitFactory(organisatie=other, title="Digicafé", last_confirmed_on=days_ago(200))

    with django_capture_on_commit():
        assert freshness_send_reminders() == 2

    by_recipient = {tuple(message.to): message.body for message in mail.outbox}
    # Without contacts or partner users, the organisation's own address is used.
    assert "Digicafé" in by_recipient[("bieb@bieb.test",)]
    assert "Samen eten" not in by_recipient[("bieb@bieb.test",)]


def test_an_organisation_without_any_address_is_tried_again_later(db):
    activiteit = ActiviteitFactory(organisatie=OrganisatieFactory(email=""), last_confirmed_on=days_ago(200))

    with django_capture_on_commit():
        assert freshness_send_reminders() == 0

    assert mail.outbox == []
    activiteit.refresh_from_db()
    assert activiteit.reminder_sent_for is None


def test_a_listing_claimed_by_another_worker_is_not_sent_again(organisatie):
    activiteit = ActiviteitFactory(organisatie=organisatie, last_confirmed_on=days_ago(200))
    seen_by_this_worker = Activiteit.objects.get(pk=activiteit.pk)
    # The other worker got there first.
    Activiteit.objects.filter(pk=activiteit.pk).update(reminder_sent_for=activiteit.last_confirmed_on)

    with django_capture_on_commit():
        claimed = _remind_organisation(
            organisatie_id=organisatie.pk, listings=[seen_by_this_worker], to=["petra@welzijn.test"]
        )

    assert claimed is False
    assert mail.outbox == []
    assert not Historie.objects.exists()


def test_coordinators_hear_once_which_listings_left_the_search(organisatie, coordinators):
    hidden = ActiviteitFactory(organisatie=organisatie, title="Wandelgroep", last_confirmed_on=days_ago(300))
    ActiviteitFactory(organisatie=organisatie, title="Samen eten", last_confirmed_on=days_ago(200))
    assert not Activiteit.objects.public().filter(pk=hidden.pk).exists()

    with django_capture_on_commit():
        assert freshness_notify_coordinators() == 1
        assert freshness_notify_coordinators() == 0

    assert sorted(message.to[0] for message in mail.outbox) == ["coby@omzien.test", "cor@omzien.test"]
    message = mail.outbox[0]
    assert "Wandelgroep" in message.body and "Stichting Welzijn Voorbeeld" in message.body
    assert "Samen eten" not in message.body
    assert "/socialekaart/verouderd/" in message.body
    assert f"/admin/socialekaart/activiteit/{hidden.pk}/change/" in message.body
    hidden.refresh_from_db()
    assert hidden.stale_notice_sent_for == hidden.last_confirmed_on
    assert hidden.historie.get().action == Historie.Action.VEROUDERD


def test_the_daily_task_reminds_and_reports_and_then_has_nothing_left(organisatie, coordinators):
    ActiviteitFactory(organisatie=organisatie, last_confirmed_on=days_ago(300))

    with django_capture_on_commit():
        first = send_freshness_reminders()
        second = send_freshness_reminders()

    assert first == {"reminders": 1, "stale_reported": 1}
    assert second == {"reminders": 0, "stale_reported": 0}
    # The organisation's reminder to its two addresses, and the notice to the two active coördinators.
    assert len(mail.outbox) == 4
    assert set(Historie.objects.values_list("action", flat=True)) == {"herinnerd", "verouderd"}


def test_the_task_is_scheduled_daily_by_beat(settings):
    entries = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert entries["socialekaart.tasks.send_freshness_reminders"]["schedule"] == timedelta(days=1)


def test_the_query_count_does_not_grow_per_organisation(django_assert_max_num_queries):
    for n in range(10):
        organisatie = OrganisatieFactory(email=f"info{n}@voorbeeld.test")
        ActiviteitFactory(organisatie=organisatie, last_confirmed_on=days_ago(200))

    # Listing + 3 recipient reads, then per organisation: lock, claim, history, savepoints.
    with django_assert_max_num_queries(4 + 10 * 6):
        assert freshness_send_reminders() == 10


# ---------------------------------------------------------------------------
# Through a real worker, taking the task from Redis
# ---------------------------------------------------------------------------
@pytest.fixture
def console_mail(monkeypatch):
    """The worker prints its mails instead of talking to an SMTP server (set before the worker starts)."""
    monkeypatch.setenv("EMAIL_URL", "consolemail://")
    monkeypatch.setenv("SITE_URL", "https://omzien.example.nl")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_reminders(console_mail, worker):
    organisatie = OrganisatieFactory(name="Stichting Echte Worker", email="info@echt.test")
    activiteit = ActiviteitFactory(organisatie=organisatie, title="Zangkoor", last_confirmed_on=days_ago(200))

    send_freshness_reminders.delay()

    def reminded(listing):
        return Activiteit.objects.filter(pk=listing.pk, reminder_sent_for=listing.last_confirmed_on).exists()

    def mails_sent() -> int:
        return OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()

    if not wait_until(lambda: reminded(activiteit) and mails_sent() == 1):
        fail_with_worker_output(worker, "The worker did not run the task")
    assert Historie.objects.filter(activiteit=activiteit, action=Historie.Action.HERINNERD).count() == 1

    # A second delivery (seen to have run: it reminds another organisation of a listing that became due since)
    # sends nothing twice.
    other = ActiviteitFactory(
        organisatie=OrganisatieFactory(name="Stichting Later", email="info@later.test"),
        title="Koor",
        last_confirmed_on=days_ago(200),
    )
    send_freshness_reminders.delay()
    assert wait_until(lambda: reminded(other) and mails_sent() == 2)
    assert Historie.objects.filter(activiteit=activiteit).count() == 1
    assert worker.poll() is None, "the worker process died"

    stop_worker(worker)
    output = worker_output(worker)
    assert output.count("Subject: Is uw aanbod op de sociale kaart nog actueel?") == 2, output
    assert output.count("To: info@echt.test") == 1 and "Zangkoor" in output
    assert os.environ["EMAIL_URL"] == "consolemail://"
