"""Reminders for open cases: once per case and occasion, one e-mail per address, never personal data."""

from datetime import date, datetime, timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import EntryKind
from meldpunt.models import Gebeurtenis, Herinnering, Melding
from meldpunt.services import casefile, reminders
from meldpunt.tasks import send_case_reminders
from tests.factories import MeldingFactory, MeldpuntFactory, UserFactory

pytestmark = pytest.mark.django_db

# A Tuesday without holidays around it: three working days back is the Thursday before.
TODAY = date(2026, 3, 10)


def at(day: date, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://omzien.example"
    settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS = 3
    settings.MELDPUNT_INACTIVE_DAYS = 30


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.MEDEWERKER, email="mila@meldpunt.example", full_name="Mila Medewerker")


@pytest.fixture
def meldpunt(owner):
    return MeldpuntFactory(staff=[owner], email="meldpunt@gemeente.example")


def case(meldpunt, *, received: date, **kwargs):
    """A case received on `received`, quiet since then unless last_activity_at is given."""
    kwargs.setdefault("last_activity_at", at(received))
    return MeldingFactory(
        meldpunt=meldpunt,
        received_at=at(received),
        person_name="Mevrouw Hendrika Smit",
        person_address="Molenweg 3",
        person_phone="0546 999 888",
        **kwargs,
    )


def send_reminders(today=None) -> dict:
    """Run the service as a worker does: the e-mails go when its transactions commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return reminders.send_reminders(today=today)


def link(melding):
    return "https://omzien.example" + reverse("meldpunt:case", args=[melding.number])


def test_no_first_contact_in_time_reminds_the_owner_once(mailoutbox, meldpunt, owner):
    overdue = case(meldpunt, received=date(2026, 3, 4), owner=owner, last_activity_at=at(TODAY))
    in_time = case(meldpunt, received=date(2026, 3, 5), owner=owner, last_activity_at=at(TODAY))
    contacted = case(
        meldpunt, received=date(2026, 3, 2), owner=owner, first_contact_at=at(date(2026, 3, 3)),
        last_activity_at=at(TODAY),
    )  # fmt: skip

    assert send_reminders(today=TODAY) == {"emails": 1, "reminders": 1}

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["mila@meldpunt.example"]
    assert overdue.number in mail.body and link(overdue) in mail.body
    assert in_time.number not in mail.body and contacted.number not in mail.body
    assert "eerste contact" in mail.body
    herinnering = Herinnering.objects.get()
    assert (herinnering.melding, herinnering.kind, herinnering.key) == (overdue, "eerste_contact", "first")
    line = Gebeurtenis.objects.get(melding=overdue, kind=EntryKind.HERINNERING)
    assert line.data["kind"] == "eerste_contact" and line.author is None
    # Recording the reminder is not activity on the case.
    assert Melding.objects.get(pk=overdue.pk).last_activity_at == at(TODAY)

    # A second run sends nothing.
    assert send_reminders(today=TODAY) == {"emails": 0, "reminders": 0}
    assert len(mailoutbox) == 1
    assert Herinnering.objects.count() == 1
    # The next day the case received a day later is overdue too; the first is not reminded again.
    assert send_reminders(today=TODAY + timedelta(days=1)) == {"emails": 1, "reminders": 1}
    assert in_time.number in mailoutbox[1].body and overdue.number not in mailoutbox[1].body


def test_a_case_without_owner_goes_to_the_meldpunt_address(mailoutbox, meldpunt):
    unowned = case(meldpunt, received=date(2026, 3, 2))
    send_reminders(today=TODAY)
    assert [m.to for m in mailoutbox] == [["meldpunt@gemeente.example"]]
    assert unowned.number in mailoutbox[0].body and "nog zonder eigenaar" in mailoutbox[0].body


def test_an_owner_who_left_the_meldpunt_is_not_reminded_the_meldpunt_is(mailoutbox, meldpunt, owner):
    melding = case(meldpunt, received=date(2026, 3, 2), owner=owner)
    meldpunt.staff.remove(owner)
    send_reminders(today=TODAY)
    assert [m.to for m in mailoutbox] == [["meldpunt@gemeente.example"]]
    assert melding.number in mailoutbox[0].body


def test_one_mail_per_address_lists_all_its_cases_without_personal_data(mailoutbox, meldpunt, owner):
    colleague = UserFactory(role=Role.MEDEWERKER, email="cor@meldpunt.example")
    meldpunt.staff.add(colleague)
    mine = [
        case(meldpunt, received=date(2026, 3, 2), owner=owner),
        case(meldpunt, received=date(2026, 1, 5), owner=owner, first_contact_at=at(date(2026, 1, 6))),  # quiet
        case(meldpunt, received=date(2026, 3, 9), owner=owner, follow_up_on=TODAY, last_activity_at=at(TODAY)),
    ]
    theirs = case(meldpunt, received=date(2026, 3, 2), owner=colleague)

    result = send_reminders(today=TODAY)

    assert result["emails"] == 2
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {"mila@meldpunt.example", "cor@meldpunt.example"}
    body = by_address["mila@meldpunt.example"].body
    for melding in mine:
        assert melding.number in body and link(melding) in body
    assert theirs.number not in body
    assert "Al 30 dagen" in body and "volgende actie" in body and "10-03-2026" in body
    for mail in mailoutbox:
        text = mail.subject + mail.body
        for personal in ["Hendrika", "Smit", "Molenweg", "0546 999 888", "7671", "1942", "Buurvrouw", "06 1234",
                         "deur bijna niet", "Mila Medewerker"]:  # fmt: skip
            assert personal not in text, personal
    assert "aandacht" in by_address["mila@meldpunt.example"].subject


def test_a_quiet_case_is_reminded_again_after_it_was_active_and_went_quiet_again(mailoutbox, meldpunt, owner):
    melding = case(meldpunt, received=date(2026, 1, 5), owner=owner, first_contact_at=at(date(2026, 1, 6)))
    quiet_day = date(2026, 1, 5) + timedelta(days=30)
    assert send_reminders(today=quiet_day - timedelta(days=1))["reminders"] == 0  # 29 days: not yet
    assert send_reminders(today=quiet_day)["reminders"] == 1
    assert send_reminders(today=quiet_day + timedelta(days=5))["reminders"] == 0

    # Someone phones the person; then nothing happens again for 30 days.
    Melding.objects.filter(pk=melding.pk).update(last_activity_at=at(date(2026, 2, 10)))
    assert send_reminders(today=date(2026, 3, 1))["reminders"] == 0
    assert send_reminders(today=date(2026, 3, 12))["reminders"] == 1
    assert list(Herinnering.objects.filter(kind="stil").order_by("key").values_list("key", flat=True)) == [
        "2026-01-05", "2026-02-10"
    ]  # fmt: skip
    assert len(mailoutbox) == 2


def test_the_follow_up_date_reminds_once_per_date(mailoutbox, meldpunt, owner):
    melding = case(
        meldpunt, received=date(2026, 3, 9), owner=owner, first_contact_at=at(date(2026, 3, 9)),
        follow_up_on=date(2026, 3, 12), last_activity_at=at(date(2026, 3, 9)),
    )  # fmt: skip
    assert send_reminders(today=TODAY)["reminders"] == 0  # not yet
    assert send_reminders(today=date(2026, 3, 12))["reminders"] == 1
    assert send_reminders(today=date(2026, 3, 13))["reminders"] == 0
    # A new date: a new reminder when it comes.
    Melding.objects.filter(pk=melding.pk).update(follow_up_on=date(2026, 3, 20))
    assert send_reminders(today=date(2026, 3, 20))["reminders"] == 1
    assert sorted(Herinnering.objects.values_list("key", flat=True)) == ["2026-03-12", "2026-03-20"]


def test_closed_cases_are_never_reminded(mailoutbox, meldpunt, owner):
    melding = case(meldpunt, received=date(2026, 1, 5), owner=owner, follow_up_on=date(2026, 2, 1))
    casefile.close_case(melding, "geholpen", "", owner)
    Melding.objects.filter(pk=melding.pk).update(last_activity_at=at(date(2026, 1, 5)))
    assert send_reminders(today=TODAY) == {"emails": 0, "reminders": 0}
    assert mailoutbox == []


def test_a_reminder_already_recorded_elsewhere_is_not_sent_again(mailoutbox, meldpunt, owner):
    """As if another worker claimed it a moment ago: the unique row decides."""
    melding = case(meldpunt, received=date(2026, 3, 2), owner=owner, last_activity_at=at(TODAY))
    Herinnering.objects.create(melding=melding, kind="eerste_contact", key="first")
    assert send_reminders(today=TODAY) == {"emails": 0, "reminders": 0}
    assert mailoutbox == []


def test_the_task_sends_todays_reminders(mailoutbox, meldpunt, owner):
    melding = MeldingFactory(meldpunt=meldpunt, owner=owner, received_at=timezone.now() - timedelta(days=20))
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert send_case_reminders.apply().get()["emails"] == 1
    assert melding.number in mailoutbox[0].body
    assert send_case_reminders.apply().get() == {"emails": 0, "reminders": 0}
