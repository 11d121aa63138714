"""A real Celery worker, in its own process, takes tasks from the real Redis broker."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from coalition.celery import app as celery_app
from coalition.tasks import clear_expired_sessions
from tests.conftest import fail_with_worker_output, wait_until


def _expired_session() -> str:
    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    return expired.session_key


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_session_cleanup_task_from_redis(worker):
    expired = _expired_session()
    current = SessionStore()
    current["y"] = 2
    current.create()

    clear_expired_sessions.delay()

    if not wait_until(lambda: not Session.objects.filter(session_key=expired).exists()):
        fail_with_worker_output(worker, "The worker did not run the task")
    assert Session.objects.filter(session_key=current.session_key).exists()

    # Idempotent: a second delivery (seen to have run: it removes a session that expired since) leaves the live
    # session alone.
    expired_since = _expired_session()
    clear_expired_sessions.delay()
    assert wait_until(lambda: not Session.objects.filter(session_key=expired_since).exists())
    assert Session.objects.filter(session_key=current.session_key).exists()
    assert worker.poll() is None, "the worker process died"


@pytest.fixture
def worker_mail_folder(monkeypatch, tmp_path):
    """The worker (started after this fixture) writes its e-mails as files here, out of reach of the test's outbox."""
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{tmp_path}")
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_meldpunt_reminder_once_without_personal_data(worker_mail_folder, worker):
    from meldpunt.models import Gebeurtenis, Herinnering
    from meldpunt.tasks import send_case_reminders
    from tests.factories import MeldingFactory, MeldpuntFactory

    meldpunt = MeldpuntFactory(email="meldpunt@gemeente.example")
    overdue = MeldingFactory(
        meldpunt=meldpunt, person_name="Mevrouw Hendrika Smit", received_at=timezone.now() - timedelta(days=20)
    )

    send_case_reminders.delay()

    def mails():
        return sorted(worker_mail_folder.glob("*.log"))

    if not wait_until(lambda: Herinnering.objects.filter(melding=overdue).exists() and mails()):
        fail_with_worker_output(worker, "The worker did not send the reminder")
    herinnering = Herinnering.objects.get(melding=overdue)
    assert (herinnering.kind, herinnering.key) == ("eerste_contact", "first")
    assert Gebeurtenis.objects.filter(melding=overdue, kind="herinnering").count() == 1
    mail = mails()[0].read_text()
    assert "meldpunt@gemeente.example" in mail and overdue.number in mail
    assert "Hendrika" not in mail and "Smit" not in mail

    # A second run (seen to have run: it reminds of a case that became overdue since) sends nothing twice.
    later = MeldingFactory(meldpunt=meldpunt, received_at=timezone.now() - timedelta(days=20))
    send_case_reminders.delay()
    assert wait_until(lambda: Herinnering.objects.filter(melding=later).exists() and len(mails()) == 2)
    assert Herinnering.objects.filter(melding=overdue).count() == 1
    second = mails()[1].read_text() if overdue.number in mails()[0].read_text() else mails()[0].read_text()
    assert later.number in second and overdue.number not in second
    assert worker.poll() is None, "the worker process died"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_follows_up_a_referral_once_without_personal_data(worker_mail_folder, worker):
    from coalition.models import Role
    from meldpunt.models import Gebeurtenis, Herinnering, Notificatie
    from meldpunt.tasks import send_referral_follow_ups
    from tests.factories import MeldingFactory, MeldpuntFactory, OrganisatieFactory, UserFactory, VerwijzingFactory

    owner = UserFactory(role=Role.MEDEWERKER, email="mila@meldpunt.example")
    meldpunt = MeldpuntFactory(staff=[owner])
    organisatie = OrganisatieFactory()
    partner = UserFactory(role=Role.PARTNER, email="pim@welzijn.example", organisaties=[organisatie])
    # Sent a month ago and still not accepted: far more than five working days, far less than three months.
    waiting = VerwijzingFactory(
        melding=MeldingFactory(meldpunt=meldpunt, owner=owner, person_name="Mevrouw Hendrika Smit"),
        organisatie=organisatie,
        sent_at=timezone.now() - timedelta(days=30),
    )

    send_referral_follow_ups.delay()

    def mails() -> str:  # one file per e-mail (the outbox sends each on its own)
        return "".join(mail.read_text() for mail in sorted(worker_mail_folder.glob("*.log")))

    def followed_up(verwijzing, mails_in_all: int) -> bool:
        """Reminded, and every e-mail so far sent (each goes by a task of its own: wait for all of them)."""
        sent = mails()
        return (
            Herinnering.objects.filter(melding=verwijzing.melding).exists()
            and verwijzing.reference in sent
            and sent.count("Subject: ") >= mails_in_all
        )

    if not wait_until(lambda: followed_up(waiting, 2)):
        fail_with_worker_output(worker, "The worker did not follow up")
    herinnering = Herinnering.objects.get(melding=waiting.melding)
    assert (herinnering.kind, herinnering.key) == ("niet_geaccepteerd", str(waiting.pk))
    assert Gebeurtenis.objects.filter(melding=waiting.melding, kind="herinnering").count() == 1
    (to_partner,) = Notificatie.objects.filter(user=partner)
    assert to_partner.url == f"/meldpunt/inbox/{waiting.pk}/" and waiting.reference in to_partner.text
    (to_owner,) = Notificatie.objects.filter(user=owner)
    assert waiting.melding.number in to_owner.text
    text = mails()
    assert text.count("Subject: ") == 2
    assert "pim@welzijn.example" in text and "mila@meldpunt.example" in text and waiting.reference in text
    assert "Hendrika" not in text and "Smit" not in text and "zingen" not in text

    # A second run (seen to have run: it follows up a referral that became overdue since) sends nothing twice.
    later = VerwijzingFactory(
        melding=MeldingFactory(meldpunt=meldpunt, owner=owner),
        organisatie=organisatie,
        sent_at=timezone.now() - timedelta(days=30),
    )
    send_referral_follow_ups.delay()
    assert wait_until(lambda: followed_up(later, 4))
    assert mails().count("Subject: ") == 4 and mails().count(waiting.reference) == text.count(waiting.reference)
    assert Herinnering.objects.filter(melding=waiting.melding).count() == 1
    assert Notificatie.objects.filter(text__contains=waiting.reference).count() == 2
    assert Notificatie.objects.filter(text__contains=later.reference).count() == 2
    assert worker.poll() is None, "the worker process died"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_a_large_file_in_the_background(worker):
    from coalition.models import Importtaak, Organisatie, Role
    from coalition.resources import OrganisatieResource
    from coalition.services.imports import importtaak_start
    from tests.factories import UserFactory

    rows = 120
    content = "naam;soort\n" + "".join(f"Organisatie {number};zorg\n" for number in range(rows))
    # Outside a transaction the commit is now, so the task goes to the broker at once.
    taak = importtaak_start(
        user=UserFactory(role=Role.COORDINATOR),
        model=Organisatie,
        resource_class=OrganisatieResource,
        file_format=Importtaak.Format.CSV,
        file_name="organisaties.csv",
        data=content.encode(),
        total_rows=rows,
    )

    finished = (Importtaak.Status.DONE, Importtaak.Status.FAILED)
    if not wait_until(lambda: Importtaak.objects.filter(pk=taak.pk, status__in=finished).exists(), timeout=60):
        fail_with_worker_output(worker, "The worker did not run the import")
    taak.refresh_from_db()
    assert taak.status == Importtaak.Status.DONE, taak.message
    assert (taak.rows_new, taak.rows_updated) == (rows, 0)
    assert Organisatie.objects.filter(name__startswith="Organisatie ").count() == rows
    assert bytes(taak.data) == b""
    assert worker.poll() is None, "the worker process died"


def test_tasks_are_acknowledged_late_and_scheduled_by_beat():
    celery_app.loader.import_default_modules()  # as a worker does at start: every app's tasks.py
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "coalition.tasks.clear_expired_sessions" in scheduled
    assert "coalition.tasks.sweep_imports" in scheduled
    assert {
        "meldpunt.tasks.anonymise_expired_cases",
        "meldpunt.tasks.send_case_reminders",
        "meldpunt.tasks.send_referral_follow_ups",
    } <= scheduled
    assert set(scheduled) <= set(celery_app.tasks.keys())
