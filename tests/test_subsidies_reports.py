"""After the grant: reports and their reminders, the report page, publishing on the sociale kaart with the report
pre-filled from what the platform knows, and the dashboard's aggregates (suppressed under MIN_CELL)."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from coalition.celery import app as celery_app
from coalition.models import OutboxMessage, Role
from coalition.services import outbox
from meldpunt.models import DJGMeting
from meldpunt.queries import activity_before_after
from socialekaart.models import Activiteit
from subsidies.models import Historie, Rapportage, RapportageBereik, RapportageMeting, RapportageUitgave
from subsidies.queries import pooled_measurements, reach_against_targets
from subsidies.queries.reports import listing_proposal, target_groups_for_listing
from subsidies.services import publication, reports
from subsidies.services.reports import Meting, ReportContent
from subsidies.tasks import remind_reports
from tests.conftest import fail_with_worker_output, wait_until
from tests.factories import (
    ActiviteitFactory,
    DoelFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    RapportageFactory,
    RegelingFactory,
    UserFactory,
    VerwijzingFactory,
    WijkFactory,
    granted_application,
)

pytestmark = pytest.mark.django_db

DEAD_SERVER = "tests.mail_backends.DeadServerBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://omzien.example"


@pytest.fixture
def project(db):
    """A granted project of an organisation with a partner and an aanvrager (and the aanvrager who applied)."""
    organisatie = OrganisatieFactory(name="Buurtkracht")
    aanvraag = granted_application(
        organisatie=organisatie,
        title="Samen koken in Oost",
        created_by=UserFactory(role=Role.AANVRAGER, email="fatma@buurtkracht.example", organisaties=[organisatie]),
    )
    UserFactory(role=Role.PARTNER, email="pim@buurtkracht.example", organisaties=[organisatie])
    UserFactory(role=Role.PARTNER, email="weg@buurtkracht.example", organisaties=[organisatie], is_active=False)
    UserFactory(role=Role.PARTNER, email="ander@elders.example", organisaties=[OrganisatieFactory()])
    return aanvraag


@pytest.fixture
def coordinators(db):
    return [
        UserFactory(role=Role.COORDINATOR, email="cor@omzien.example"),
        UserFactory(role=Role.COORDINATOR, email="karin@omzien.example"),
    ]


def remind(today=TODAY) -> dict:
    """Run the reminders as a worker does: the e-mails go when the transactions commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return reports.send_due_reminders(today=today)


def recipients(mails) -> set[str]:
    return {address for mail in mails for address in mail.to}


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------
def test_the_applicant_is_reminded_four_weeks_and_one_week_before_and_the_coordinators_once_when_missed(
    mailoutbox, project, coordinators
):
    rapportage = RapportageFactory(aanvraag=project, due_date=TODAY + timedelta(weeks=4))
    applicant = {"fatma@buurtkracht.example", "pim@buurtkracht.example"}

    assert remind(TODAY - timedelta(days=1)) == {"4w": 0, "1w": 0, "gemist": 0}  # 29 days: not yet
    assert remind() == {"4w": 1, "1w": 0, "gemist": 0}
    assert recipients(mailoutbox) == applicant  # not the inactive partner, not another organisation's
    mail = mailoutbox[0]
    assert "Samen koken in Oost" in mail.body and "7 april 2026" in mail.body and "over 4 weken" in mail.body
    assert f"https://omzien.example/subsidies/aanvraag/{project.pk}/rapportage/{rapportage.pk}/" in mail.body
    assert mail.subject == "Subsidie: lever uw tussenrapportage in vóór 7 april 2026"
    rapportage.refresh_from_db()
    assert rapportage.reminded_4w_at is not None and rapportage.reminded_1w_at is None
    line = Historie.objects.get(aanvraag=project, step="rapportage")
    assert line.data == {
        "what": "herinnering",
        "herinnering": "4w",
        "rapportage": rapportage.pk,
        "soort": "tussentijds",
    }
    assert line.by is None

    # A second run, also a week later, sends nothing again.
    assert remind() == {"4w": 0, "1w": 0, "gemist": 0}
    assert remind(TODAY + timedelta(days=20)) == {"4w": 0, "1w": 0, "gemist": 0}
    assert len(mailoutbox) == 2

    # One week before: again, once.
    assert remind(TODAY + timedelta(weeks=3)) == {"4w": 0, "1w": 1, "gemist": 0}
    assert remind(TODAY + timedelta(weeks=3, days=3)) == {"4w": 0, "1w": 0, "gemist": 0}
    assert recipients(mailoutbox[2:]) == applicant
    assert "over 7 dagen" in mailoutbox[2].body

    # On the deadline itself nothing is missed yet; the day after, the coördinators hear of it, once.
    assert remind(rapportage.due_date) == {"4w": 0, "1w": 0, "gemist": 0}
    assert remind(rapportage.due_date + timedelta(days=1)) == {"4w": 0, "1w": 0, "gemist": 1}
    assert remind(rapportage.due_date + timedelta(days=9)) == {"4w": 0, "1w": 0, "gemist": 0}
    assert recipients(mailoutbox[4:]) == {"cor@omzien.example", "karin@omzien.example"}
    assert "niet op tijd" in mailoutbox[4].subject and project.number in mailoutbox[4].subject
    assert Historie.objects.filter(aanvraag=project, step="rapportage", data__what="herinnering").count() == 3


def test_no_reminders_for_reports_that_are_in_or_of_projects_not_running(mailoutbox, project, coordinators):
    RapportageFactory(aanvraag=project, kind="tussentijds", due_date=TODAY + timedelta(days=5),
                      status="ingediend", submitted_at=timezone.now())  # fmt: skip
    RapportageFactory(aanvraag=project, kind="eind", due_date=TODAY - timedelta(days=5),
                      status="geaccepteerd", submitted_at=timezone.now(), accepted_at=timezone.now())  # fmt: skip
    settled = granted_application()
    settled.status, settled.settled_amount, settled.settled_at = "vastgesteld", Decimal("20000"), timezone.now()
    settled.save()
    RapportageFactory(aanvraag=settled, due_date=TODAY - timedelta(days=3))
    assert remind() == {"4w": 0, "1w": 0, "gemist": 0}
    assert mailoutbox == []


def test_a_report_sent_back_for_changes_is_reminded_but_never_missed(mailoutbox, project, coordinators):
    rapportage = RapportageFactory(
        aanvraag=project, due_date=TODAY + timedelta(days=3), status="wijzigen", submitted_at=timezone.now()
    )
    assert remind() == {"4w": 0, "1w": 1, "gemist": 0}
    assert remind(rapportage.due_date + timedelta(days=1)) == {"4w": 0, "1w": 0, "gemist": 0}


def test_a_reminder_recorded_already_is_not_sent_again(mailoutbox, project):
    """As if another worker recorded it a moment ago: the recorded moment decides."""
    RapportageFactory(aanvraag=project, due_date=TODAY + timedelta(weeks=2), reminded_4w_at=timezone.now())
    assert remind() == {"4w": 0, "1w": 0, "gemist": 0}
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_report_another_worker_holds_is_skipped_and_reminded_by_the_next_run(mailoutbox, settings):
    """SKIP LOCKED: while another transaction holds the report's row, this run passes it by (no wait, no double
    reminder); the next run sends it."""
    settings.SITE_URL = "https://omzien.example"
    rapportage = RapportageFactory(due_date=TODAY + timedelta(weeks=2))
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            Rapportage.objects.select_for_update().get(pk=rapportage.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        assert reports.send_due_reminders(today=TODAY)["4w"] == 0
    finally:
        release.set()
        thread.join()
    assert reports.send_due_reminders(today=TODAY)["4w"] == 1
    assert reports.send_due_reminders(today=TODAY)["4w"] == 0
    assert OutboxMessage.objects.filter(topic="subsidies.rapportage.herinnering").count() == 1


def test_with_the_mail_server_down_the_reminder_waits_in_the_outbox_and_goes_later(settings, mailoutbox, project):
    settings.EMAIL_BACKEND = DEAD_SERVER
    rapportage = RapportageFactory(aanvraag=project, due_date=TODAY + timedelta(weeks=4))

    assert remind() == {"4w": 1, "1w": 0, "gemist": 0}

    # Recorded as sent (so not queued again), and waiting in the outbox after a failed attempt.
    rapportage.refresh_from_db()
    assert rapportage.reminded_4w_at is not None
    waiting = OutboxMessage.objects.filter(topic="subsidies.rapportage.herinnering")
    assert waiting.count() == 2
    assert {m.status for m in waiting} == {OutboxMessage.Status.PENDING}
    assert all(m.attempts == 1 and "Connection refused" in m.last_error for m in waiting)
    assert remind() == {"4w": 0, "1w": 0, "gemist": 0}
    assert waiting.count() == 2

    # The server is back; the retry (here: the sweep, when the next attempt is due) delivers both.
    settings.EMAIL_BACKEND = LOCMEM
    waiting.update(next_attempt_at=timezone.now())
    assert outbox.deliver_due() == 2
    assert recipients(mailoutbox) == {"fatma@buurtkracht.example", "pim@buurtkracht.example"}
    assert outbox.deliver_due() == 0


def test_the_task_sends_todays_reminders_and_beat_runs_it_daily(mailoutbox, project):
    RapportageFactory(aanvraag=project, due_date=timezone.localdate() + timedelta(days=2))
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert remind_reports.apply().get() == {"4w": 0, "1w": 1, "gemist": 0}
    assert len(mailoutbox) == 2
    assert remind_reports.apply().get() == {"4w": 0, "1w": 0, "gemist": 0}
    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "subsidies.tasks.remind_reports" in scheduled


@pytest.fixture
def worker_mail_folder(monkeypatch, tmp_path):
    """The worker (started after this fixture) writes its e-mails as files here."""
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{tmp_path}")
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reminds_of_a_report_once(worker_mail_folder, worker):
    organisatie = OrganisatieFactory()
    aanvraag = granted_application(
        organisatie=organisatie,
        title="Wandelen in de wijk",
        created_by=UserFactory(role=Role.AANVRAGER, email="ali@wandel.example", organisaties=[organisatie]),
    )
    rapportage = RapportageFactory(aanvraag=aanvraag, due_date=timezone.localdate() + timedelta(days=6))

    def mails() -> str:
        return "".join(mail.read_text() for mail in sorted(worker_mail_folder.glob("*.log")))

    remind_reports.delay()
    if not wait_until(lambda: Rapportage.objects.filter(pk=rapportage.pk, reminded_1w_at__isnull=False).exists()
                      and "Wandelen in de wijk" in mails()):  # fmt: skip
        fail_with_worker_output(worker, "The worker did not send the reminder")
    assert "ali@wandel.example" in mails() and mails().count("Subject: ") == 1

    # A second run (seen to have run: it reminds of a report that became due since) sends nothing twice.
    later = RapportageFactory(aanvraag=aanvraag, kind="eind", due_date=timezone.localdate() + timedelta(days=20))
    remind_reports.delay()
    assert wait_until(lambda: Rapportage.objects.filter(pk=later.pk, reminded_4w_at__isnull=False).exists()
                      and mails().count("Subject: ") == 2)  # fmt: skip
    assert mails().count("over 6 dagen") == 1
    assert Historie.objects.filter(aanvraag=aanvraag, data__what="herinnering").count() == 2
    assert worker.poll() is None, "the worker process died"


# ---------------------------------------------------------------------------
# The report: services
# ---------------------------------------------------------------------------
def complete_content(aanvraag, **changes) -> ReportContent:
    values = {
        "activities_done": "Elke woensdag samen koken, 40 keer.",
        "lessons": "Persoonlijk uitnodigen werkt beter dan een folder.",
        "reach": {doel.pk: 31 for doel in aanvraag.doelen.all()},
        "spending": {line.pk: Decimal("5000.00") for line in aanvraag.begroting.all()},
        "measurements": {"djg11": Meting(20, Decimal("6.10"), Decimal("4.30"), 15, 9)},
    }
    return ReportContent(**(values | changes))


@pytest.fixture
def report(project):
    project.regeling.requires_measurement = True
    project.regeling.save()
    return RapportageFactory(aanvraag=project)


def test_a_report_is_saved_as_a_draft_again_and_again(report, project):
    doel = project.doelen.get()
    first, second = project.begroting.order_by("pk")
    content = ReportContent(activities_done="Begonnen.", reach={doel.pk: 12}, spending={first.pk: Decimal("100")})
    reports.save(rapportage=report, content=content, by=project.created_by)
    assert RapportageBereik.objects.get(rapportage=report).reached == 12
    assert RapportageUitgave.objects.get(rapportage=report).spent == Decimal("100")

    content = ReportContent(reach={doel.pk: None}, spending={first.pk: Decimal("150"), second.pk: Decimal("0")})
    reports.save(rapportage=report, content=content, by=project.created_by)
    report.refresh_from_db()
    assert report.status == "open" and report.activities_done == ""
    assert not RapportageBereik.objects.filter(rapportage=report).exists()
    assert sorted(RapportageUitgave.objects.filter(rapportage=report).values_list("spent", flat=True)) == [0, 150]
    lines = Historie.objects.filter(aanvraag=project, step="rapportage")
    assert [line.data["what"] for line in lines] == ["rapport_bewaard", "rapport_bewaard"]
    assert lines[0].by == project.created_by


def test_submitting_lists_everything_missing_and_saves_nothing(report, project):
    with pytest.raises(ValidationError) as caught:
        reports.submit(rapportage=report, content=ReportContent(activities_done="Wel iets."), by=project.created_by)
    errors = caught.value.message_dict
    doel = project.doelen.get()
    assert errors[f"bereik_{doel.pk}"] == [f"Vul in hoeveel mensen u bereikte bij het doel ‘{doel.description}’."]
    assert {f"uitgave_{line.pk}" for line in project.begroting.all()} <= set(errors)
    assert errors["lessons"] == ["Vul in wat u heeft geleerd."]
    assert "voor- en nameting" in errors["__all__"][0]
    assert "activities_done" not in errors
    report.refresh_from_db()
    assert report.status == "open" and report.activities_done == "" and not report.submitted_at


def test_a_complete_report_is_submitted_and_the_coordinators_hear_of_it(sent_mail, report, project, coordinators):
    reports.submit(rapportage=report, content=complete_content(project), by=project.created_by)
    report.refresh_from_db()
    assert report.status == "ingediend" and report.submitted_at is not None
    meting = RapportageMeting.objects.get(rapportage=report)
    assert (meting.form, meting.measured, meting.mean_before, meting.lonely_after) == ("djg11", 20, Decimal("6.10"), 9)
    assert Historie.objects.filter(aanvraag=project, data__what="rapport_ingediend").exists()
    mails = sent_mail()
    assert recipients(mails) == {"cor@omzien.example", "karin@omzien.example"}
    assert "is ingediend" in mails[0].subject

    # A second click: refused, in Dutch.
    with pytest.raises(ValidationError, match="al ingediend"):
        reports.submit(rapportage=report, content=complete_content(project), by=project.created_by)


def test_a_call_without_measurement_needs_none(project):
    rapportage = RapportageFactory(aanvraag=project)
    reports.submit(rapportage=rapportage, content=complete_content(project, measurements={}), by=project.created_by)
    assert Rapportage.objects.get(pk=rapportage.pk).status == "ingediend"


def test_impossible_figures_are_refused_by_the_service_and_the_database(report, project):
    bad = complete_content(project, measurements={"djg6": Meting(10, Decimal("6.5"), Decimal("2"), 11, 2)})
    with pytest.raises(ValidationError) as caught:
        reports.save(rapportage=report, content=bad, by=project.created_by)
    assert set(caught.value.message_dict) == {"djg6_mean_before", "djg6_lonely_before"}
    foreign = DoelFactory()
    with pytest.raises(ValidationError, match="hoort niet bij deze aanvraag"):
        reports.save(rapportage=report, content=ReportContent(reach={foreign.pk: 3}), by=project.created_by)
    # The database holds the 6-item scale too, and the lonely within the measured.
    with pytest.raises(IntegrityError), transaction.atomic():
        RapportageMeting.objects.create(rapportage=report, form="djg6", measured=10, mean_before=Decimal("6.5"),
                                        mean_after=Decimal("2"), lonely_before=1, lonely_after=1)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        RapportageMeting.objects.create(rapportage=report, form="djg11", measured=3, mean_before=Decimal("6.5"),
                                        mean_after=Decimal("2"), lonely_before=4, lonely_after=1)  # fmt: skip


def test_only_the_applicant_writes_and_only_the_coordinator_accepts(report, project, coordinator):
    with pytest.raises(PermissionDenied):
        reports.save(rapportage=report, content=ReportContent(), by=coordinator)
    reports.submit(rapportage=report, content=complete_content(project), by=project.created_by)
    with pytest.raises(PermissionDenied):
        reports.accept(rapportage=report, by=project.created_by)


def test_the_coordinator_sends_a_report_back_and_accepts_it_and_the_applicant_hears_of_both(
    sent_mail, report, project, coordinator
):
    reports.submit(rapportage=report, content=complete_content(project), by=project.created_by)
    sent_mail().clear()
    with pytest.raises(ValidationError) as caught:
        reports.request_changes(rapportage=report, feedback="  ", by=coordinator)
    assert caught.value.message_dict == {"feedback": ["Schrijf wat de aanvrager moet aanpassen."]}

    reports.request_changes(rapportage=report, feedback="Graag de uitgaven per maand.", by=coordinator)
    report.refresh_from_db()
    assert (report.status, report.feedback) == ("wijzigen", "Graag de uitgaven per maand.")
    line = Historie.objects.get(aanvraag=project, data__what="rapport_wijzigen")
    assert (line.by, line.comment) == (coordinator, "Graag de uitgaven per maand.")
    mails = sent_mail()
    assert recipients(mails) == {"fatma@buurtkracht.example", "pim@buurtkracht.example"}
    assert "pas uw tussenrapportage aan" in mails[0].subject
    assert "per maand" not in mails[0].body  # the feedback is behind the log-in
    mails.clear()

    with pytest.raises(ValidationError, match="Alleen een ingediende rapportage"):
        reports.accept(rapportage=report, by=coordinator)
    reports.submit(rapportage=report, content=complete_content(project), by=project.created_by)
    reports.accept(rapportage=report, by=coordinator)
    report.refresh_from_db()
    assert report.status == "geaccepteerd" and report.accepted_at is not None
    assert recipients(m for m in sent_mail() if "geaccepteerd" in m.subject) == {
        "fatma@buurtkracht.example", "pim@buurtkracht.example"
    }  # fmt: skip
    with pytest.raises(ValidationError, match="al geaccepteerd"):
        reports.accept(rapportage=report, by=coordinator)
    with pytest.raises(ValidationError, match="is ingediend"):
        reports.save(rapportage=report, content=ReportContent(), by=project.created_by)


# ---------------------------------------------------------------------------
# The report: the page
# ---------------------------------------------------------------------------
def report_url(rapportage) -> str:
    return reverse("subsidies:report", args=[rapportage.aanvraag_id, rapportage.pk])


def form_data(aanvraag, action="bewaren", **changes) -> dict:
    doel = aanvraag.doelen.get()
    first, second = aanvraag.begroting.order_by("pk")
    data = {
        "actie": action,
        f"bereik_{doel.pk}": "31",
        "activities_done": "Elke woensdag samen koken.",
        f"uitgave_{first.pk}": "12.500,50",
        f"uitgave_{second.pk}": "0",
        "lessons": "Persoonlijk uitnodigen werkt.",
        "djg11_measured": "20",
        "djg11_mean_before": "6,1",
        "djg11_mean_after": "4,3",
        "djg11_lonely_before": "15",
        "djg11_lonely_after": "9",
    }
    return data | changes


def test_the_page_shows_each_target_and_budget_line_with_its_number(client, login, report, project):
    login(project.created_by)
    response = client.get(report_url(report))
    assert response.status_code == 200
    page = response.content.decode()
    doel = project.doelen.get()
    assert doel.description in page and "Doel: 25 mensen" in page
    assert "Begroot: €\N{NO-BREAK SPACE}15.000,00" in page and "Begroot: €\N{NO-BREAK SPACE}7.000,00" in page
    assert "De Jong Gierveld, 11 vragen" in page and "Van 0 tot 6" in page  # the measurement, per form
    assert 'name="actie" value="indienen"' in page


def test_the_applicant_saves_and_submits_from_the_page(client, login, sent_mail, report, project, coordinators):
    login(project.created_by)
    response = client.post(report_url(report), form_data(project))
    assert response.status_code == 302
    assert Rapportage.objects.get(pk=report.pk).status == "open"
    first = project.begroting.order_by("pk").first()
    assert RapportageUitgave.objects.get(rapportage=report, begrotingsregel=first).spent == Decimal("12500.50")
    assert RapportageMeting.objects.get(rapportage=report).mean_before == Decimal("6.10")
    page = client.get(report_url(report)).content.decode()
    assert "bewaard" in page and 'value="12500,50"' in page and "Elke woensdag samen koken." in page

    response = client.post(report_url(report), form_data(project, "indienen"))
    assert response.status_code == 302
    assert Rapportage.objects.get(pk=report.pk).status == "ingediend"
    page = client.get(report_url(report)).content.decode()
    assert 'name="actie"' not in page  # read only now
    assert "€\N{NO-BREAK SPACE}12.500,50" in page and "ingediend" in page
    assert recipients(sent_mail()) == {"cor@omzien.example", "karin@omzien.example"}


def test_an_incomplete_submission_lists_what_is_missing_and_keeps_what_was_typed(client, login, report, project):
    login(project.created_by)
    doel = project.doelen.get()
    data = form_data(project, "indienen", lessons="", **{f"bereik_{doel.pk}": "", "djg11_measured": ""})
    data |= {f"djg11_{name}": "" for name in ("mean_before", "mean_after", "lonely_before", "lonely_after")}
    response = client.post(report_url(report), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "De rapportage is nog niet compleet" in page
    assert "Vul in hoeveel mensen u bereikte bij het doel" in page
    assert "Vul in wat u heeft geleerd." in page
    assert "vraagt een voor- en nameting" in page
    assert "Elke woensdag samen koken." in page and 'value="12.500,50"' in page  # nothing typed is lost
    assert Rapportage.objects.get(pk=report.pk).status == "open"


def test_figures_that_cannot_be_get_a_dutch_message_beside_the_field(client, login, report, project):
    login(project.created_by)
    data = form_data(project, djg11_lonely_after="25", djg11_mean_before="12", djg6_measured="4")
    response = client.post(report_url(report), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit kan niet meer zijn dan het aantal gemeten mensen." in page
    assert "Een gemiddelde score ligt tussen 0 en 11." in page
    assert "Vul ook dit in, of laat deze vragenlijst helemaal leeg." in page
    assert 'value="25"' in page
    assert not RapportageMeting.objects.exists()
    response = client.post(report_url(report), form_data(project, **{"activities_done": "x", "djg11_measured": "-2"}))
    assert "Vul een aantal in van 0 of meer." in response.content.decode()


def test_the_coordinator_reads_the_page_and_accepts_or_sends_back(client, login, sent_mail, report, project):
    reports.submit(rapportage=report, content=complete_content(project), by=project.created_by)
    coordinator = UserFactory(role=Role.COORDINATOR)
    login(coordinator)
    page = client.get(report_url(report)).content.decode()
    assert 'name="actie"' not in page and "Accepteren" in page and "Wat moet er anders?" in page
    assert client.post(report_url(report), form_data(project)).status_code == 403

    changes = reverse("subsidies:report_changes", args=[project.pk, report.pk])
    response = client.post(changes, {"feedback": ""})
    assert response.status_code == 200 and "Schrijf wat de aanvrager moet aanpassen." in response.content.decode()
    response = client.post(changes, {"feedback": "Graag de uitgaven per maand."})
    assert response.status_code == 302 and Rapportage.objects.get(pk=report.pk).status == "wijzigen"

    # The applicant reads the feedback and submits again.
    login(project.created_by)
    page = client.get(report_url(report)).content.decode()
    assert "Graag de uitgaven per maand." in page and 'value="indienen"' in page
    client.post(report_url(report), form_data(project, "indienen"))
    login(coordinator)
    response = client.post(reverse("subsidies:report_accept", args=[project.pk, report.pk]))
    assert response.status_code == 302 and Rapportage.objects.get(pk=report.pk).status == "geaccepteerd"
    # Twice: the message, not an error page.
    response = client.post(reverse("subsidies:report_accept", args=[project.pk, report.pk]))
    assert response.status_code == 200 and "al geaccepteerd" in response.content.decode()
    page = client.get(report_url(report)).content.decode()
    assert "Rapportage geaccepteerd" in page and "Wijzigingen in de rapportage gevraagd" in page


def test_only_the_own_organisation_opens_a_report(client, login, report, project):
    aanvrager = project.created_by
    outsider = UserFactory(role=Role.PARTNER, organisaties=[OrganisatieFactory()])
    login(outsider)
    assert client.get(report_url(report)).status_code == 404
    assert client.get(reverse("subsidies:publish", args=[project.pk])).status_code == 404
    login(aanvrager)
    other = RapportageFactory()  # another application's report under this application's address
    assert client.get(reverse("subsidies:report", args=[project.pk, other.pk])).status_code == 404
    assert client.get(report_url(report)).status_code == 200


def test_the_overview_shows_the_readers_reports_in_tabs(client, login, report, project):
    other = RapportageFactory(due_date=timezone.localdate() - timedelta(days=2))
    login(project.created_by)
    page = client.get(reverse("subsidies:reports")).content.decode()
    assert project.title in page and other.aanvraag.title not in page
    login(UserFactory(role=Role.COORDINATOR))
    page = client.get(reverse("subsidies:reports")).content.decode()
    assert "Er wachten geen ingediende rapportages" in page  # the coördinator starts at what waits for them
    page = client.get(reverse("subsidies:reports"), {"lijst": "open"}).content.decode()
    assert project.title in page and other.aanvraag.title in page and "te laat" in page


def test_the_report_page_makes_the_same_number_of_queries_for_more_targets_and_lines(
    client, login, django_assert_num_queries, project
):
    def queries_for(aanvraag, user) -> int:
        rapportage = RapportageFactory(aanvraag=aanvraag)
        reports.save(rapportage=rapportage, content=complete_content(aanvraag), by=aanvraag.created_by)
        login(user)
        client.get(report_url(rapportage))  # warm the cache of base.html
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(report_url(rapportage)).status_code == 200
        return len(captured)

    small = queries_for(project, project.created_by)
    big = granted_application(organisatie=project.organisatie, created_by=project.created_by)
    DoelFactory.create_batch(4, aanvraag=big)
    for _ in range(4):
        big.begroting.create(category="overig", description="Nog iets", amount=Decimal("100"))
    assert queries_for(big, project.created_by) == small
    # The number itself (a ratchet): the session and the user; the application (with its call and organisation);
    # the report and its three kinds of rows (reach, spending, measurements); the targets; the budget lines; the
    # report's history.
    assert small == 10
    rapportage = project.rapportages.first()
    with django_assert_num_queries(10):
        client.get(report_url(rapportage))


def test_the_coordinators_page_of_a_published_project_has_a_bounded_query_count(
    client, login, settings, project, coordinator
):
    from django.test.utils import CaptureQueriesContext

    settings.MIN_CELL = 2
    project.activiteit = ActiviteitFactory(organisatie=project.organisatie)
    project.save()
    refer_and_measure(project.activiteit, [(8, 5), (6, 6), (9, 3)])
    rapportage = RapportageFactory(aanvraag=project)
    login(coordinator)
    client.get(report_url(rapportage))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(report_url(rapportage)).status_code == 200
    # The report page's ten, the second factor's device and the staff session's idle clock (three: a savepoint,
    # the update and its release), the activity, the meldpunt's three (track record: two; before/after: one), and the
    # review queue's count in the coördinator's menu.
    assert len(captured) == 19, "\n".join(q["sql"][:150] for q in captured)


# ---------------------------------------------------------------------------
# On the sociale kaart
# ---------------------------------------------------------------------------
def test_subsidies_target_groups_become_the_sociale_kaarts_where_they_exist():
    assert target_groups_for_listing(["migrantenouderen", "jongeren"]) == ["ouderen", "jongeren", "migranten"]
    assert target_groups_for_listing(["nieuwkomers"]) == []  # no such group on the sociale kaart: left out
    assert target_groups_for_listing(["iedereen", "beperking", "mantelzorgers"]) == [
        "iedereen", "mantelzorgers", "beperking"
    ]  # fmt: skip


def test_the_listing_is_proposed_from_the_application(client, login, project):
    wijk = WijkFactory(gemeente=project.regeling.gemeente, name="Oost")
    project.wijken.set([wijk])
    project.target_groups = ["migrantenouderen", "nieuwkomers"]
    project.summary = "Wij koken samen. " * 30
    project.save()
    proposal = listing_proposal(project)
    assert proposal["title"] == "Samen koken in Oost"
    assert len(proposal["summary"]) <= 300 and proposal["summary"].endswith("Wij koken samen.")
    assert proposal["target_groups"] == ["ouderen", "migranten"]
    assert proposal["wijken"] == [wijk.pk]

    login(project.created_by)
    page = client.get(reverse("subsidies:publish", args=[project.pk])).content.decode()
    assert 'value="Samen koken in Oost"' in page
    assert 'value="migranten" checked' in page.replace('"\n', '" ') or "migranten" in page
    assert "Ja, zet deze activiteit op de sociale kaart" in page


def test_the_partner_confirms_and_the_activity_goes_to_the_coordinator(client, login, sent_mail, project, coordinators):
    wijk = WijkFactory(gemeente=project.regeling.gemeente)
    partner = UserFactory(role=Role.PARTNER, organisaties=[project.organisatie])
    login(partner)
    url = reverse("subsidies:publish", args=[project.pk])
    data = {
        "title": "Samen koken",
        "summary": "Elke woensdag samen koken en eten.",
        "description": "Voor iedereen die graag in gezelschap eet.",
        "kind": "ontmoeting",
        "target_groups": ["ouderen", "migranten"],
        "wijken": [wijk.pk],
        "join_method": "aanmelden",
        "contact_email": "info@buurtkracht.example",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    activiteit = Activiteit.objects.get(pk=project.activiteit_id)
    assert (activiteit.title, activiteit.status, activiteit.organisatie) == (
        "Samen koken", "ter-beoordeling", project.organisatie
    )  # fmt: skip
    assert activiteit.target_groups == ["ouderen", "migranten"] and list(activiteit.wijken.all()) == [wijk]
    line = Historie.objects.get(aanvraag=project, step="gepubliceerd")
    assert line.by == partner and line.data["activiteit"] == activiteit.pk
    assert any("beoordeling" in mail.subject for mail in sent_mail())  # the sociale kaart tells the coördinators
    page = client.get(url).content.decode()
    assert "staat op de sociale kaart" in page and "ter beoordeling" in page

    # A second confirmation (a double click) makes nothing twice.
    response = client.post(url, data, follow=True)
    assert "Dit project staat al op de sociale kaart." in response.content.decode()
    assert Activiteit.objects.filter(organisatie=project.organisatie).count() == 1
    with pytest.raises(ValidationError, match="al op de sociale kaart"):
        publication.publish(aanvraag=project, listing=data, by=partner)


def test_a_project_not_granted_cannot_go_on_the_sociale_kaart(client, login):
    from tests.factories import AanvraagFactory

    aanvraag = AanvraagFactory(at_committee=True)
    login(aanvraag.created_by)
    url = reverse("subsidies:publish", args=[aanvraag.pk])
    assert "Alleen een project dat subsidie heeft gekregen" in client.get(url).content.decode()
    client.post(url, {"title": "x", "summary": "y", "kind": "ontmoeting", "join_method": "inloop"})
    assert not Activiteit.objects.exists()
    with pytest.raises(ValidationError, match="Alleen een toegekend project"):
        publication.publish(aanvraag=aanvraag, listing={"title": "x"}, by=aanvraag.created_by)


def test_a_listing_with_bad_input_keeps_what_was_typed(client, login, project):
    login(project.created_by)
    response = client.post(reverse("subsidies:publish", args=[project.pk]), {"title": "Samen koken", "summary": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Kies de soort activiteit." in page and 'value="Samen koken"' in page
    assert not Activiteit.objects.exists()


# ---------------------------------------------------------------------------
# What the platform knows, pre-filled in the report
# ---------------------------------------------------------------------------
def refer_and_measure(activiteit, scores, *, form="djg11", started=True):
    """Refer one person per (before, after) pair to the activity, measured at the intake and the follow-up."""
    meldpunt = MeldpuntFactory()
    lonely_from = 3 if form == "djg11" else 2
    for before, after in scores:
        melding = MeldingFactory(meldpunt=meldpunt, signaal=False)
        VerwijzingFactory(
            melding=melding,
            activiteit=activiteit,
            organisatie=activiteit.organisatie,
            status="gestart" if started else "verstuurd",
            accepted_at=timezone.now() if started else None,
            started_on=timezone.localdate() if started else None,
        )
        for moment, total in (("intake", before), ("follow_up", after)):
            DJGMeting.objects.create(
                melding=melding, form=form, moment=moment, measured_on=timezone.localdate(), answers={},
                total=total, category="niet_eenzaam" if total < lonely_from else "matig_eenzaam",
            )  # fmt: skip


def test_the_meldpunt_gives_the_before_and_after_of_the_people_referred_suppressed_under_min_cell(settings):
    settings.MIN_CELL = 3
    activiteit = ActiviteitFactory()
    refer_and_measure(activiteit, [(8, 5), (6, 2), (9, 3), (2, 1)])
    refer_and_measure(activiteit, [(4, 1), (3, 2)], form="djg6")
    rows = {row.form: row for row in activity_before_after(activiteit)}
    djg11 = rows["djg11"]
    assert (djg11.suppressed, djg11.measured, djg11.lonely_before, djg11.lonely_after) == (False, 4, 3, 2)
    assert djg11.mean_before == pytest.approx(6.25) and djg11.mean_after == pytest.approx(2.75)
    assert rows["djg6"].suppressed and rows["djg6"].measured is None and rows["djg6"].mean_before is None
    assert activity_before_after(ActiviteitFactory()) == []


def test_the_report_shows_what_the_platform_already_knows(client, login, settings, report, project):
    settings.MIN_CELL = 3
    project.activiteit = ActiviteitFactory(organisatie=project.organisatie, title="Kookclub Oost")
    project.save()
    login(project.created_by)
    page = client.get(report_url(report)).content.decode()
    assert "Wat het platform al weet" in page and "nog niemand naar deze activiteit verwezen" in page

    refer_and_measure(project.activiteit, [(8, 5), (6, 6)])
    page = client.get(report_url(report)).content.decode()
    assert "te weinig gegevens" in page.lower() and "minder dan 3 mensen" in page

    refer_and_measure(project.activiteit, [(9, 3), (7, 4)], started=False)
    page = client.get(report_url(report)).content.decode()
    assert 'Verwezen door het meldpunt</dt><dd class="col-sm-6">4' in page
    assert 'Gestart</dt><dd class="col-sm-6">2' in page
    assert "<td>4</td><td>7,5</td><td>4,5</td>" in page
    # The measurement in the form is pre-filled with these figures, until the applicant saves their own.
    assert "vooraf ingevuld met de cijfers van het meldpunt" in page
    assert 'name="djg11_measured" value="4"' in page and 'name="djg11_mean_before" value="7,50"' in page
    assert 'name="djg6_measured"' in page and 'name="djg6_measured" value' not in page
    client.post(report_url(report), form_data(project))
    page = client.get(report_url(report)).content.decode()
    assert 'name="djg11_measured" value="20"' in page and "vooraf ingevuld" not in page


# ---------------------------------------------------------------------------
# The dashboard's aggregates
# ---------------------------------------------------------------------------
def accepted_report(aanvraag, kind="eind", *, due_date=None, reached=None, metingen=()):
    rapportage = RapportageFactory(
        aanvraag=aanvraag, kind=kind, due_date=due_date or timezone.localdate(), status="geaccepteerd",
        submitted_at=timezone.now(), accepted_at=timezone.now(),
    )  # fmt: skip
    if reached is not None:
        for doel in aanvraag.doelen.all():
            RapportageBereik.objects.create(rapportage=rapportage, doel=doel, reached=reached)
    for form, measured, before, after, lonely_before, lonely_after in metingen:
        RapportageMeting.objects.create(
            rapportage=rapportage, form=form, measured=measured, mean_before=Decimal(before),
            mean_after=Decimal(after), lonely_before=lonely_before, lonely_after=lonely_after,
        )  # fmt: skip
    return rapportage


def test_reach_against_targets_counts_the_latest_accepted_report_and_suppresses_small_numbers(settings):
    settings.MIN_CELL = 10
    regeling = RegelingFactory(title="Pilotfonds")
    big = granted_application(regeling=regeling, title="A: huisbezoek")
    DoelFactory(aanvraag=big, number=15)  # two targets: 25 + 15
    accepted_report(big, "tussentijds", due_date=timezone.localdate() - timedelta(days=100), reached=6)
    accepted_report(big, "eind", reached=14)  # 14 per target: 28 in all
    small = granted_application(regeling=regeling, title="B: matches")
    accepted_report(small, reached=4)
    waiting = granted_application(regeling=regeling, title="C: nog niets")
    RapportageFactory(aanvraag=waiting, status="ingediend", submitted_at=timezone.now())
    granted_application(title="D: andere regeling")

    rows = reach_against_targets(regeling=regeling)
    assert [(r.title, r.target, r.reached, r.reported, r.suppressed) for r in rows] == [
        ("A: huisbezoek", 40, 28, True, False),
        ("B: matches", 25, None, True, True),
        ("C: nog niets", 25, None, False, False),
    ]
    assert len(reach_against_targets()) == 4
    assert len(reach_against_targets(gemeente=regeling.gemeente)) == 3


def test_the_measurement_is_pooled_per_call_from_accepted_reports_and_suppressed_under_min_cell(settings):
    settings.MIN_CELL = 10
    hengelo = RegelingFactory(title="Hengelo")
    enschede = RegelingFactory(title="Enschede")
    first = granted_application(regeling=hengelo)
    accepted_report(
        first,
        "tussentijds",
        due_date=timezone.localdate() - timedelta(days=90),
        metingen=[("djg11", 5, "9", "9", 5, 5)],
    )  # an earlier report of the same people: not counted
    accepted_report(first, "eind", metingen=[("djg11", 8, "6.00", "4.00", 6, 3), ("djg6", 4, "3", "2", 3, 2)])
    second = granted_application(regeling=hengelo)
    accepted_report(second, metingen=[("djg11", 4, "5.00", "5.00", 3, 3)])
    submitted = granted_application(regeling=hengelo)
    RapportageMeting.objects.create(
        rapportage=RapportageFactory(aanvraag=submitted, status="ingediend", submitted_at=timezone.now()),
        form="djg11", measured=50, mean_before=1, mean_after=1, lonely_before=0, lonely_after=0,
    )  # fmt: skip
    accepted_report(granted_application(regeling=enschede), metingen=[("djg11", 9, "7", "5", 8, 6)])

    rows = pooled_measurements()
    assert [(r.regeling, r.form, r.projects, r.suppressed) for r in rows] == [
        ("Enschede", "djg11", 1, True),
        ("Hengelo", "djg11", 2, False),
        ("Hengelo", "djg6", 1, True),
    ]
    enschede_row, hengelo_row, djg6_row = rows
    assert enschede_row.measured is None and enschede_row.mean_before is None and enschede_row.lonely_after is None
    assert djg6_row.measured is None
    # (8 × 6.00 + 4 × 5.00) / 12 and (8 × 4.00 + 4 × 5.00) / 12
    assert (hengelo_row.measured, hengelo_row.mean_before, hengelo_row.mean_after) == (
        12, Decimal("5.67"), Decimal("4.33")
    )  # fmt: skip
    assert (hengelo_row.lonely_before, hengelo_row.lonely_after) == (9, 6)
    assert [r.form for r in pooled_measurements(regeling=enschede)] == ["djg11"]


# ---------------------------------------------------------------------------
# Accessibility of the applicant's pages
# ---------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_applicants_report_pages_are_accessible_and_work_without_javascript(live_server):
    from tests.browser import browser_page, serious_axe_violations
    from tests.factories import PASSWORD

    organisatie = OrganisatieFactory(name="Buurtkracht")
    aanvrager = UserFactory(role=Role.AANVRAGER, email="fatma@buurtkracht.example", organisaties=[organisatie])
    aanvraag = granted_application(organisatie=organisatie, created_by=aanvrager, title="Samen koken in Oost")
    aanvraag.regeling.requires_measurement = True
    aanvraag.regeling.save()
    WijkFactory(gemeente=aanvraag.regeling.gemeente, name="Oost")
    rapportage = RapportageFactory(aanvraag=aanvraag)
    problems = {}
    with browser_page() as page:
        page.goto(live_server.url + "/account/inloggen/")
        page.get_by_label("E-mailadres").fill("fatma@buurtkracht.example")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_label("Wachtwoord").press("Enter")
        page.wait_for_url(live_server.url + "/mijn/")
        for path in [
            reverse("subsidies:reports"),
            report_url(rapportage),
            reverse("subsidies:publish", args=[aanvraag.pk]),
        ]:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.get_by_role("heading", level=1).count() == 1, path
            problems[path] = serious_axe_violations(page)
        # Submitting an empty report: the error summary and the messages beside the fields.
        page.goto(live_server.url + report_url(rapportage))
        page.get_by_role("button", name="Indienen").click()
        assert "Vul in wat u heeft geleerd." in page.content()
        problems["indienen"] = serious_axe_violations(page)
        # Saving a draft works with the browser's own form post (no JavaScript on these pages).
        page.get_by_label("Wat is er gedaan?").fill("Elke woensdag samen koken.")
        page.get_by_role("button", name="Bewaren").click()
        assert "De rapportage is bewaard." in page.content()
    assert Rapportage.objects.get(pk=rapportage.pk).activities_done == "Elke woensdag samen koken."
    assert not any(problems.values()), problems


def test_the_application_page_can_list_its_reports_with_the_include(rf, project):
    from django.template.loader import render_to_string

    interim = RapportageFactory(aanvraag=project)
    final = RapportageFactory(aanvraag=project, kind="eind", due_date=interim.due_date + timedelta(days=300))
    html = render_to_string(
        "subsidies/reports/_application_reports.html", {"aanvraag": project, "user": project.created_by}
    )
    assert html.index(report_url(interim)) < html.index(report_url(final))
    assert reverse("subsidies:publish", args=[project.pk]) in html
    project.status = "in_beoordeling"
    assert render_to_string("subsidies/reports/_application_reports.html", {"aanvraag": project}).strip() == ""


def test_a_message_of_no_field_is_shown_once(client, login, report, project):
    login(project.created_by)
    data = form_data(project, "indienen")
    data |= {f"djg11_{name}": "" for name in ("measured", "mean_before", "mean_after", "lonely_before", "lonely_after")}
    page = client.post(report_url(report), data).content.decode()
    assert page.count("Deze regeling vraagt een voor- en nameting") == 1


def test_the_overview_makes_the_same_number_of_queries_for_more_reports(client, login, project):
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client.get(reverse("subsidies:reports"), {"lijst": "open"})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("subsidies:reports"), {"lijst": "open"}).status_code == 200
        return len(captured)

    login(project.created_by)
    RapportageFactory(aanvraag=project)
    few = queries()
    for _ in range(5):
        RapportageFactory(aanvraag=granted_application(organisatie=project.organisatie))
    assert queries() == few
    # The session and the user, the counts per tab and one page (the user's organisations: a subquery of both).
    assert few == 4
