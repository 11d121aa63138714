"""The follow-up of referrals on Celery beat: not accepted in time, the check-in after the start, the follow-up
De Jong Gierveld measurement. Each once per referral (Herinnering), never with personal data."""

from datetime import date, datetime, timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import EntryKind, Moment
from meldpunt.models import DJGMeting, Gebeurtenis, Herinnering, Notificatie
from meldpunt.services import privacy, reminders
from meldpunt.tasks import send_referral_follow_ups
from tests.factories import MeldingFactory, MeldpuntFactory, OrganisatieFactory, UserFactory, VerwijzingFactory

pytestmark = pytest.mark.django_db

# A Tuesday without holidays around it. Five working days back is Tuesday 3 March; six weeks back is
# Tuesday 27 January; three months back is Wednesday 10 December 2025.
TODAY = date(2026, 3, 10)

PERSONAL = ["Hendrika", "Smit", "Molenweg", "0546 999 888", "zingen", "7671AB"]


def at(day: date, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture(autouse=True)
def follow_up_settings(settings):
    settings.SITE_URL = "https://omzien.example"
    settings.MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS = 5
    settings.MELDPUNT_CHECK_IN_WEEKS = 6
    settings.MELDPUNT_FOLLOW_UP_MONTHS = 3


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.MEDEWERKER, email="mila@meldpunt.example", full_name="Mila Medewerker")


@pytest.fixture
def colleague(db):
    return UserFactory(role=Role.COORDINATOR, email="cor@meldpunt.example", full_name="Cor Coördinator")


@pytest.fixture
def meldpunt(owner, colleague):
    return MeldpuntFactory(staff=[owner, colleague], email="meldpunt@gemeente.example")


@pytest.fixture
def organisatie(db):
    return OrganisatieFactory(name="Welzijn Twenterand")


@pytest.fixture
def partners(organisatie):
    """Two partner users of the organisation who read its inbox, and one who left."""
    return [
        UserFactory(role=Role.PARTNER, email="pim@welzijn.example", organisaties=[organisatie]),
        UserFactory(role=Role.PARTNER, email="pia@welzijn.example", organisaties=[organisatie]),
        UserFactory(role=Role.PARTNER, email="oud@welzijn.example", organisaties=[organisatie], is_active=False),
    ]


def case(meldpunt, **kwargs):
    return MeldingFactory(
        meldpunt=meldpunt,
        received_at=at(date(2025, 11, 3)),
        person_name="Mevrouw Hendrika Smit",
        person_address="Molenweg 3",
        person_phone="0546 999 888",
        **kwargs,
    )


def referral(melding, organisatie, *, sent: date, **kwargs):
    return VerwijzingFactory(melding=melding, organisatie=organisatie, sent_at=at(sent), **kwargs)


def accepted(melding, organisatie, *, sent: date, **kwargs):
    kwargs.setdefault("status", "geaccepteerd")
    return referral(melding, organisatie, sent=sent, accepted_at=at(sent, 15), **kwargs)


def started(melding, organisatie, *, sent: date, on: date, **kwargs):
    return accepted(melding, organisatie, sent=sent, status="gestart", started_on=on, **kwargs)


def run(today=TODAY) -> dict:
    """Run the service as a worker does: the e-mails go when its transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return reminders.send_referral_follow_ups(today=today)


def inbox_link(verwijzing):
    return reverse("meldpunt:inbox_detail", args=[verwijzing.pk])


def case_link(melding):
    return reverse("meldpunt:case", args=[melding.number])


def assert_nothing_personal(mailoutbox):
    texts = [n.text + " " + n.url for n in Notificatie.objects.all()]
    texts += [m.subject + " " + m.body for m in mailoutbox]
    assert texts
    for text in texts:
        for word in PERSONAL:
            assert word not in text, f"{word!r} in {text!r}"


# ---------------------------------------------------------------------------
# (a) Not accepted in time
# ---------------------------------------------------------------------------
def test_a_referral_not_accepted_in_five_working_days_reminds_the_partner_and_tells_the_owner(
    mailoutbox, meldpunt, owner, organisatie, partners
):
    melding = case(meldpunt, owner=owner)
    late = referral(melding, organisatie, sent=date(2026, 3, 2))
    in_time = referral(case(meldpunt, owner=owner), organisatie, sent=date(2026, 3, 3))
    answered = accepted(case(meldpunt, owner=owner), organisatie, sent=date(2026, 2, 2))

    assert run() == {"reminders": 1, "notifications": 3}

    herinnering = Herinnering.objects.get()
    assert (herinnering.melding, herinnering.kind, herinnering.key) == (melding, "niet_geaccepteerd", str(late.pk))
    for partner in partners[:2]:
        (notificatie,) = Notificatie.objects.filter(user=partner)
        assert notificatie.url == inbox_link(late) == f"/meldpunt/inbox/{late.pk}/"
        assert notificatie.text == f"Verwijzing {late.reference} wacht al 5 werkdagen op uw antwoord."
    assert not Notificatie.objects.filter(user=partners[2]).exists()
    (notice,) = Notificatie.objects.filter(user=owner)
    assert notice.url == case_link(melding)
    assert late.reference in notice.text and melding.number in notice.text and "nog niet geaccepteerd" in notice.text
    entry = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.HERINNERING)
    assert entry.data == {"kind": "niet_geaccepteerd", "key": str(late.pk), "verwijzing": late.pk}

    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {"pim@welzijn.example", "pia@welzijn.example", "mila@meldpunt.example"}
    assert f"https://omzien.example/meldpunt/inbox/{late.pk}/" in by_address["pim@welzijn.example"].body
    assert "https://omzien.example" + case_link(melding) in by_address["mila@meldpunt.example"].body
    assert not Herinnering.objects.filter(melding__in=[in_time.melding, answered.melding]).exists()
    assert_nothing_personal(mailoutbox)


def test_a_second_run_sends_nothing_again(mailoutbox, meldpunt, owner, organisatie, partners):
    late = referral(case(meldpunt, owner=owner), organisatie, sent=date(2026, 3, 2))
    run()
    sent = (len(mailoutbox), Notificatie.objects.count(), Gebeurtenis.objects.filter(kind="herinnering").count())

    assert run() == {"reminders": 0, "notifications": 0}
    assert run(TODAY + timedelta(days=7)) == {"reminders": 0, "notifications": 0}

    entries = Gebeurtenis.objects.filter(kind="herinnering").count()
    assert (len(mailoutbox), Notificatie.objects.count(), entries) == sent
    assert Herinnering.objects.filter(key=str(late.pk)).count() == 1


def test_working_days_skip_weekends_and_holidays_and_the_number_is_a_setting(
    settings, meldpunt, owner, organisatie, partners
):
    # Thursday 2 April 2026, before Good Friday and Easter Monday: the five whole working days without an answer
    # are 7, 8, 9, 10 and 13 April, so the reminder goes on Tuesday 14 April (not on Thursday 9 April).
    sent = referral(case(meldpunt, owner=owner), organisatie, sent=date(2026, 4, 2))
    assert run(date(2026, 4, 9))["reminders"] == 0
    assert run(date(2026, 4, 13))["reminders"] == 0
    assert run(date(2026, 4, 14))["reminders"] == 1

    settings.MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS = 2
    quicker = referral(case(meldpunt, owner=owner), organisatie, sent=date(2026, 3, 5))
    assert run()["reminders"] == 1
    assert Herinnering.objects.filter(key=str(quicker.pk)).exists()
    assert Herinnering.objects.filter(key=str(sent.pk)).count() == 1


def test_a_case_without_owner_goes_to_the_meldpunts_staff(meldpunt, owner, colleague, organisatie, partners):
    left = UserFactory(role=Role.MEDEWERKER)  # owns the case, but no longer works for this meldpunt
    unowned = referral(case(meldpunt), organisatie, sent=date(2026, 3, 2))
    orphaned = referral(case(meldpunt, owner=left), organisatie, sent=date(2026, 3, 2))

    run()

    for verwijzing in (unowned, orphaned):
        told = Notificatie.objects.filter(url=case_link(verwijzing.melding)).values_list("user", flat=True)
        assert sorted(told) == sorted([owner.pk, colleague.pk])
    assert not Notificatie.objects.filter(user=left).exists()


# ---------------------------------------------------------------------------
# (b) The check-in
# ---------------------------------------------------------------------------
def test_six_weeks_after_the_start_the_meldpunt_checks_in(mailoutbox, meldpunt, owner, organisatie, partners):
    melding = case(meldpunt, owner=owner)
    six_weeks = started(melding, organisatie, sent=date(2026, 1, 20), on=date(2026, 1, 27))
    not_yet = started(case(meldpunt, owner=owner), organisatie, sent=date(2026, 1, 20), on=date(2026, 1, 28))
    closed = started(
        case(meldpunt, owner=owner), organisatie, sent=date(2026, 1, 5), on=date(2026, 1, 6)
    )  # closed since: no check-in
    closed.status, closed.outcome, closed.closed_at = "afgesloten", "gestopt", at(date(2026, 2, 1))
    closed.save()

    assert run() == {"reminders": 1, "notifications": 1}

    (notificatie,) = Notificatie.objects.all()
    assert notificatie.user == owner
    assert notificatie.text == f"Verwijzing {six_weeks.reference} loopt 6 weken: gaat het goed? ({melding.number})"
    assert notificatie.url == case_link(melding)
    entry = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.HERINNERING)
    assert entry.text == notificatie.text and entry.author is None
    assert Herinnering.objects.get().kind == "check_in"
    assert not Herinnering.objects.filter(melding__in=[not_yet.melding, closed.melding]).exists()
    assert mailoutbox[0].to == ["mila@meldpunt.example"]
    assert_nothing_personal(mailoutbox)

    assert run()["reminders"] == 0


def test_the_check_in_follows_its_setting(settings, meldpunt, owner, organisatie):
    settings.MELDPUNT_CHECK_IN_WEEKS = 2
    started(case(meldpunt, owner=owner), organisatie, sent=date(2026, 2, 20), on=date(2026, 2, 24))
    assert run()["reminders"] == 1
    assert "loopt 2 weken" in Notificatie.objects.get().text


# ---------------------------------------------------------------------------
# (c) The follow-up measurement
# ---------------------------------------------------------------------------
def djg(melding, moment, on: date):
    return DJGMeting.objects.create(
        melding=melding, form="djg11", moment=moment, measured_on=on, answers={}, total=3, category="matig"
    )


def test_three_months_after_the_referral_the_follow_up_measurement_is_due(mailoutbox, meldpunt, owner, organisatie):
    melding = case(meldpunt, owner=owner)
    djg(melding, Moment.FOLLOW_UP, date(2025, 11, 5))  # a follow-up measurement from before the referral
    due = accepted(melding, organisatie, sent=date(2025, 12, 10))
    not_yet = accepted(case(meldpunt, owner=owner), organisatie, sent=date(2025, 12, 11))

    assert run() == {"reminders": 1, "notifications": 1}

    (notificatie,) = Notificatie.objects.all()
    link = reverse("meldpunt:djg_add", args=[melding.number]) + "?moment=follow_up"
    assert notificatie.user == owner and notificatie.url == link
    assert melding.number in notificatie.text and due.reference in notificatie.text
    assert "Vervolgmeting De Jong Gierveld" in notificatie.text
    herinnering = Herinnering.objects.get()
    assert (herinnering.kind, herinnering.key) == ("vervolgmeting", str(due.pk))
    assert "https://omzien.example" + link in mailoutbox[0].body
    assert not Herinnering.objects.filter(melding=not_yet.melding).exists()
    assert_nothing_personal(mailoutbox)


def test_the_link_opens_the_form_with_follow_up_chosen(client, login, meldpunt, owner, organisatie):
    melding = case(meldpunt, owner=owner)
    accepted(melding, organisatie, sent=date(2025, 12, 10))
    run()
    login(owner)

    page = client.get(Notificatie.objects.get().url).content.decode()

    assert 'value="follow_up"' in page
    chosen = page.split('value="follow_up"', 1)[1].split(">", 1)[0]
    assert "checked" in chosen


def test_no_follow_up_reminder_after_a_decline_or_a_follow_up_measurement(meldpunt, owner, organisatie):
    declined = referral(
        case(meldpunt, owner=owner), organisatie, sent=date(2025, 12, 1), status="afgewezen",
        declined_at=at(date(2025, 12, 2)), decline_reason="Geen plek",
    )  # fmt: skip
    measured = accepted(case(meldpunt, owner=owner), organisatie, sent=date(2025, 12, 1))
    djg(measured.melding, Moment.FOLLOW_UP, date(2026, 3, 2))
    other_moment = accepted(case(meldpunt, owner=owner), organisatie, sent=date(2025, 12, 1))
    djg(other_moment.melding, Moment.TUSSENTIJDS, date(2026, 3, 2))

    run()

    assert list(Herinnering.objects.values_list("melding", "kind")) == [(other_moment.melding_id, "vervolgmeting")]
    assert not Herinnering.objects.filter(melding=declined.melding).exists()


def test_a_referral_waiting_for_three_months_gets_both_reminders(meldpunt, owner, organisatie, partners):
    waiting = referral(case(meldpunt, owner=owner), organisatie, sent=date(2025, 12, 1))

    assert run() == {"reminders": 2, "notifications": 4}  # two partners and the owner; the owner again

    assert sorted(Herinnering.objects.values_list("kind", flat=True)) == ["niet_geaccepteerd", "vervolgmeting"]
    assert set(Herinnering.objects.values_list("key", flat=True)) == {str(waiting.pk)}


def test_nothing_is_sent_about_an_anonymised_case(meldpunt, owner, organisatie, partners):
    melding = case(meldpunt, owner=owner)
    referral(melding, organisatie, sent=date(2025, 12, 1))
    privacy.anonymise(melding, "bewaartermijn")

    assert run() == {"reminders": 0, "notifications": 0}


def test_the_task_runs_every_kind_and_is_on_beat(settings, meldpunt, owner, organisatie, partners):
    today = timezone.localdate()
    referral(case(meldpunt, owner=owner), organisatie, sent=today - timedelta(days=30))
    started(case(meldpunt, owner=owner), organisatie, sent=today - timedelta(days=60), on=today - timedelta(days=50))
    accepted(case(meldpunt, owner=owner), organisatie, sent=today - timedelta(days=100))

    with TestCase.captureOnCommitCallbacks(execute=True):
        result = send_referral_follow_ups.apply().get()

    assert result["reminders"] == 3
    kinds = sorted(Herinnering.objects.values_list("kind", flat=True))
    assert kinds == ["check_in", "niet_geaccepteerd", "vervolgmeting"]
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "meldpunt.tasks.send_referral_follow_ups" in schedule
