"""The meldpunt's services on a real database: numbering, intake, the append-only timeline, first contact,
closing and reopening, merging, optimistic locking, and the overdue rule of the worklist."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import AuditAction, CloseReason, EntryKind, Profile, Status, Step, StepAnswer, Urgency
from meldpunt.models import AuditRegel, Gebeurtenis, Melding, Signaal, Volgnummer
from meldpunt.queries.worklist import first_contact_cutoff, overdue_first_contact
from meldpunt.services import casefile, intake
from meldpunt.services.casefile import StaleCase
from meldpunt.services.intake import SignalData
from tests.factories import (
    GebeurtenisFactory,
    MeldingFactory,
    MeldpuntFactory,
    SignaalFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meldpunt(medewerker):
    return MeldpuntFactory(staff=[medewerker])


def phone_call(**person) -> SignalData:
    return SignalData(
        channel="telefoon",
        reporter_relation="buur",
        reporter_name="Buurvrouw Pietersen",
        signals=["weinig_sociale_contacten", "vermoeidheid"],
        description="Zij komt de deur bijna niet meer uit.",
        person=person,
    )


def lines(melding, kind=None):
    queryset = Gebeurtenis.objects.filter(melding=melding)
    return list(queryset.filter(kind=kind) if kind else queryset)


# --- Numbering -------------------------------------------------------------------------------------------------


def test_numbers_run_per_year_without_gaps():
    assert intake.next_number(2026) == "ME-2026-00001"
    assert intake.next_number(2026) == "ME-2026-00002"
    assert intake.next_number(2027) == "ME-2027-00001"
    assert intake.next_number(2026) == "ME-2026-00003"
    assert Volgnummer.objects.get(year=2026).last == 3


def test_a_new_signal_gets_the_next_number_of_this_year(meldpunt, medewerker):
    year = timezone.localdate().year
    first = intake.register_signal(meldpunt, phone_call(person_name="Mevrouw Jansen"), by=medewerker)
    second = intake.register_signal(meldpunt, phone_call(), by=medewerker)

    assert first.number == f"ME-{year}-00001"
    assert second.number == f"ME-{year}-00002"


def test_the_database_refuses_a_malformed_number(meldpunt):
    with pytest.raises(IntegrityError), transaction.atomic():
        Melding.objects.create(meldpunt=meldpunt, number="ME-26-1")


# --- Intake ----------------------------------------------------------------------------------------------------


def test_a_signal_starts_a_case_with_its_person_wijk_timeline_and_audit(meldpunt, medewerker):
    wijk = WijkFactory(gemeente=meldpunt.gemeente)
    wijk.postcodegebieden.create(postcode_from="7671AA", postcode_to="7671ZZ")

    melding = intake.register_signal(
        meldpunt, phone_call(person_name="Mevrouw Jansen", person_postcode="7671 ab"), by=medewerker
    )

    assert melding.status == Status.NIEUW
    assert melding.person_postcode == "7671AB"
    assert melding.wijk == wijk
    signaal = melding.signalen.get()
    assert signaal.reported_by == medewerker
    assert signaal.signals == ["weinig_sociale_contacten", "vermoeidheid"]
    assert [line.kind for line in lines(melding)] == [EntryKind.SIGNAAL]
    assert AuditRegel.objects.get(melding=melding).action == AuditAction.AANGEMAAKT


def test_a_web_form_signal_mails_the_meldpunt_a_link_without_personal_data(
    meldpunt, django_capture_on_commit_callbacks
):
    data = phone_call(person_name="Mevrouw Jansen", person_phone="0546 111 222")
    data.channel = "webformulier"
    data.reporter_relation = "zelf"
    with django_capture_on_commit_callbacks(execute=True):
        melding = intake.register_signal(meldpunt, data)

    (message,) = mail.outbox
    assert message.to == [meldpunt.email]
    assert melding.number in message.body and melding.get_absolute_url() in message.body
    for personal in ("Jansen", "0546", "Pietersen", "deur"):
        assert personal not in message.body + message.subject


def test_a_signal_attached_to_a_case_fills_gaps_raises_urgency_and_overwrites_nothing(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt, person_phone="", person_birth_year=1942)
    data = phone_call(person_name="Iemand Anders", person_phone="0546 111 222", person_birth_year=1950)
    data.urgency = Urgency.HOOG

    intake.register_signal(meldpunt, data, by=medewerker, attach_to=melding)

    melding.refresh_from_db()
    assert melding.signalen.count() == 2
    assert melding.person_name.startswith("Mevrouw Jansen")
    assert melding.person_birth_year == 1942
    assert melding.person_phone == "0546 111 222"
    assert melding.urgency == Urgency.HOOG
    assert Melding.objects.count() == 1


# --- The timeline: append-only, corrections point back ---------------------------------------------------------


def test_a_correction_is_a_new_line_pointing_back_and_the_old_line_stays(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    note = casefile.add_entry(melding, EntryKind.NOTITIE, "Gebeld met de dochter.", by=medewerker)

    correction = casefile.correct_entry(note, "Het was de schoondochter.", by=medewerker)

    note.refresh_from_db()
    assert note.text == "Gebeld met de dochter."
    assert correction.kind == EntryKind.CORRECTIE
    assert correction.corrects == note
    assert list(note.corrections.all()) == [correction]
    assert Gebeurtenis.objects.filter(melding=melding).count() == 2


def test_an_empty_correction_is_refused(meldpunt, medewerker):
    note = GebeurtenisFactory(melding=MeldingFactory(meldpunt=meldpunt))
    with pytest.raises(ValidationError):
        casefile.correct_entry(note, "   ", by=medewerker)


def test_the_database_insists_that_corrections_and_only_corrections_point_back(meldpunt):
    melding = MeldingFactory(meldpunt=meldpunt)
    note = GebeurtenisFactory(melding=melding)
    with pytest.raises(IntegrityError), transaction.atomic():
        Gebeurtenis.objects.create(melding=melding, kind=EntryKind.CORRECTIE, text="zonder verwijzing")
    with pytest.raises(IntegrityError), transaction.atomic():
        Gebeurtenis.objects.create(melding=melding, kind=EntryKind.NOTITIE, text="verwijst", corrects=note)


def test_changes_only_ever_add_lines(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    before = {(line.pk, line.text, line.kind) for line in lines(melding)}
    casefile.add_entry(melding, EntryKind.TELEFOON, "Eerste gesprek.", by=medewerker)
    casefile.assign(melding, medewerker, by=medewerker)
    casefile.change_status(melding, Status.WACHT_OP_PARTNER, by=medewerker)
    casefile.close_case(melding, CloseReason.GEHOLPEN, "", by=medewerker)
    casefile.reopen_case(melding, "Buurvrouw belt opnieuw.", by=medewerker)

    after = {(line.pk, line.text, line.kind) for line in lines(melding)}
    assert before < after
    kinds = [line.kind for line in lines(melding)]
    assert kinds.count(EntryKind.STATUS) == 2  # nieuw → in behandeling → wacht op partner
    assert {EntryKind.TELEFOON, EntryKind.EIGENAAR, EntryKind.GESLOTEN, EntryKind.HEROPEND} <= set(kinds)


# --- First contact ---------------------------------------------------------------------------------------------


def test_the_first_contact_starts_the_handling(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    called_at = timezone.now() - timedelta(hours=2)

    casefile.add_entry(melding, EntryKind.TELEFOON, "Gebeld.", by=medewerker, happened_at=called_at)

    melding.refresh_from_db()
    assert melding.status == Status.IN_BEHANDELING
    assert melding.first_contact_at == called_at
    status_line = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.STATUS)
    assert status_line.data == {"from": Status.NIEUW, "to": Status.IN_BEHANDELING}


def test_a_note_is_not_a_contact(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    casefile.add_entry(melding, EntryKind.NOTITIE, "Adres opgezocht.", by=medewerker)
    melding.refresh_from_db()
    assert melding.status == Status.NIEUW
    assert melding.first_contact_at is None


def test_an_earlier_contact_entered_later_moves_the_first_contact_back(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    now = timezone.now()
    casefile.add_entry(melding, EntryKind.HUISBEZOEK, "", by=medewerker, happened_at=now - timedelta(hours=1))
    casefile.add_entry(melding, EntryKind.TELEFOON, "", by=medewerker, happened_at=now - timedelta(days=1))
    casefile.add_entry(melding, EntryKind.GESPREK, "", by=medewerker, happened_at=now)
    melding.refresh_from_db()
    assert melding.first_contact_at == now - timedelta(days=1)


def test_a_contact_in_the_future_or_of_another_kind_is_refused(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    with pytest.raises(ValidationError):
        casefile.add_entry(melding, EntryKind.TELEFOON, "", by=medewerker, happened_at=timezone.now() + timedelta(1))
    with pytest.raises(ValidationError):
        casefile.add_entry(melding, EntryKind.STATUS, "", by=medewerker)
    assert not lines(melding)


# --- Owner, status, steps, profile -----------------------------------------------------------------------------


def test_only_staff_of_the_meldpunt_can_own_a_case(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    outsider = UserFactory(role=Role.MEDEWERKER)
    with pytest.raises(ValidationError):
        casefile.assign(melding, outsider, by=medewerker)

    casefile.assign(melding, medewerker, by=medewerker)
    melding.refresh_from_db()
    assert melding.owner == medewerker
    assert melding.version == 2
    casefile.assign(melding, None, by=medewerker)
    melding.refresh_from_db()
    assert melding.owner is None


def test_a_status_change_stays_among_the_open_statuses(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    with pytest.raises(ValidationError):
        casefile.change_status(melding, Status.GESLOTEN, by=medewerker)
    casefile.change_status(melding, Status.WACHT_OP_PARTNER, by=medewerker)
    melding.refresh_from_db()
    assert melding.status == Status.WACHT_OP_PARTNER


def test_step_answers_are_dated_and_not_in_the_future(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    today = timezone.localdate()
    casefile.record_step(melding, Step.BESPREEKBAAR, StepAnswer.NEE, today - timedelta(days=7), "", by=medewerker)
    casefile.record_step(melding, Step.BESPREEKBAAR, StepAnswer.JA, today, "Na tweede bezoek.", by=medewerker)
    with pytest.raises(ValidationError):
        casefile.record_step(melding, Step.BESPROKEN, StepAnswer.JA, today + timedelta(days=1), "", by=medewerker)

    newest = melding.stappen.filter(step=Step.BESPREEKBAAR).first()  # ordered newest first
    assert newest.answer == StepAnswer.JA and newest.on == today
    assert len(lines(melding, EntryKind.STAP)) == 2


def test_the_profile_follows_from_the_two_dimensions(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    casefile.set_profile(melding, "structureel", "passief", "niet_gericht", by=medewerker)
    melding.refresh_from_db()
    assert melding.profile == Profile.OVERLEVERS
    assert lines(melding, EntryKind.PROFIEL)[0].data["profile"] == Profile.OVERLEVERS


# --- Closing and reopening -------------------------------------------------------------------------------------


def test_closing_needs_a_reason_people_choose(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    for reason in ("", "onzin", CloseReason.SAMENGEVOEGD):
        with pytest.raises(ValidationError):
            casefile.close_case(melding, reason, "", by=medewerker)
    melding.refresh_from_db()
    assert melding.status == Status.NIEUW


def test_a_closed_case_records_reason_and_moment_and_refuses_changes(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    casefile.close_case(melding, CloseReason.NIET_BEREIKBAAR, "Drie keer gebeld.", by=medewerker)
    melding.refresh_from_db()
    assert melding.status == Status.GESLOTEN
    assert melding.close_reason == CloseReason.NIET_BEREIKBAAR
    assert melding.closed_at is not None

    with pytest.raises(ValidationError):
        casefile.close_case(melding, CloseReason.GEHOLPEN, "", by=medewerker)
    with pytest.raises(ValidationError):
        casefile.change_status(melding, Status.IN_BEHANDELING, by=medewerker)
    with pytest.raises(ValidationError):
        casefile.plan_follow_up(melding, timezone.localdate(), by=medewerker)


def test_reopening_needs_a_reason_and_keeps_the_earlier_closing(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt, closed=True)
    with pytest.raises(ValidationError):
        casefile.reopen_case(melding, "  ", by=medewerker)

    casefile.reopen_case(melding, "De buurvrouw belde opnieuw.", by=medewerker)

    melding.refresh_from_db()
    assert melding.status == Status.IN_BEHANDELING
    assert melding.close_reason == "" and melding.closed_at is None
    reopened = lines(melding, EntryKind.HEROPEND)[0]
    assert reopened.data == {"was": CloseReason.GEHOLPEN}
    with pytest.raises(ValidationError):
        casefile.reopen_case(melding, "nog eens", by=medewerker)  # already open


def test_a_merged_or_anonymised_case_cannot_be_reopened(meldpunt, medewerker):
    target = MeldingFactory(meldpunt=meldpunt)
    source = MeldingFactory(meldpunt=meldpunt)
    casefile.merge_into(source, target, by=medewerker)
    anonymised = MeldingFactory(meldpunt=meldpunt, closed=True, anonymised_at=timezone.now())
    for melding in (source, anonymised):
        with pytest.raises(ValidationError):
            casefile.reopen_case(melding, "toch open", by=medewerker)


# --- Merging ---------------------------------------------------------------------------------------------------


def test_merging_moves_the_signals_fills_gaps_and_closes_the_duplicate(meldpunt, medewerker):
    target = MeldingFactory(meldpunt=meldpunt, person_phone="", person_address="Dorpsstraat 1")
    source = MeldingFactory(meldpunt=meldpunt, person_phone="0546 111 222", person_address="Kerkstraat 9")
    SignaalFactory(melding=source, channel="partner")

    casefile.merge_into(source, target, by=medewerker)

    source.refresh_from_db()
    target.refresh_from_db()
    assert source.signalen.count() == 0
    assert target.signalen.count() == 3
    assert target.person_phone == "0546 111 222"  # a gap filled
    assert target.person_address == "Dorpsstraat 1"  # never overwritten
    assert source.status == Status.GESLOTEN
    assert source.close_reason == CloseReason.SAMENGEVOEGD
    assert source.merged_into == target
    assert lines(target, EntryKind.SAMENGEVOEGD)[0].data["from"] == source.number
    assert lines(source, EntryKind.SAMENGEVOEGD)[0].data["into"] == target.number
    assert Melding.objects.counted().filter(pk=source.pk).count() == 0


def test_merging_only_between_open_cases_of_the_same_meldpunt(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    elsewhere = MeldingFactory()
    closed = MeldingFactory(meldpunt=meldpunt, closed=True)
    for target in (melding, elsewhere, closed):
        with pytest.raises(ValidationError):
            casefile.merge_into(melding, target, by=medewerker)
    assert Signaal.objects.filter(melding=melding).count() == 1


# --- Optimistic locking ----------------------------------------------------------------------------------------


def test_a_save_based_on_an_older_version_is_refused_and_changes_nothing(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt, person_phone="")
    opened_at_version = melding.version
    casefile.update_case(melding, {"person_phone": "0546 111 222"}, opened_at_version, by=medewerker)

    with pytest.raises(StaleCase) as conflict:
        casefile.update_case(melding, {"person_phone": "06 99999999"}, opened_at_version, by=medewerker)

    assert conflict.value.current.person_phone == "0546 111 222"
    assert conflict.value.current.version == opened_at_version + 1
    melding.refresh_from_db()
    assert melding.person_phone == "0546 111 222"
    assert len(lines(melding, EntryKind.WIJZIGING)) == 1


def test_other_changes_also_count_as_a_newer_version(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    opened_at_version = melding.version
    casefile.assign(melding, medewerker, by=medewerker)
    with pytest.raises(StaleCase):
        casefile.update_case(melding, {"person_phone": "06 1"}, opened_at_version, by=medewerker)


def test_an_update_sets_the_wijk_and_names_fields_not_values_on_the_timeline(meldpunt, medewerker):
    wijk = WijkFactory(gemeente=meldpunt.gemeente)
    wijk.postcodegebieden.create(postcode_from="7511AA", postcode_to="7511ZZ")
    melding = MeldingFactory(meldpunt=meldpunt)

    casefile.update_case(
        melding, {"person_postcode": "7511 cd", "person_name": "Mevrouw De Vries"}, melding.version, by=medewerker
    )

    melding.refresh_from_db()
    assert melding.person_postcode == "7511CD"
    assert melding.wijk == wijk
    line = lines(melding, EntryKind.WIJZIGING)[0]
    assert "De Vries" not in line.text and "7511" not in line.text
    assert set(line.data["fields"]) == {"person_postcode", "person_name"}


def test_an_update_without_changes_adds_nothing(meldpunt, medewerker):
    melding = MeldingFactory(meldpunt=meldpunt)
    casefile.update_case(melding, {"person_name": melding.person_name}, melding.version, by=medewerker)
    melding.refresh_from_db()
    assert melding.version == 1
    assert not lines(melding, EntryKind.WIJZIGING)


# --- Overdue first contact (working days) ----------------------------------------------------------------------


def received(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def test_overdue_counts_working_days_and_skips_holidays(meldpunt):
    # Wednesday 29 April 2026; Monday 27 April is King's Day: three working days back is Thursday 23 April.
    today = date(2026, 4, 29)
    assert first_contact_cutoff(today) == date(2026, 4, 23)
    late = MeldingFactory(meldpunt=meldpunt, received_at=received(date(2026, 4, 22), hour=23))
    in_time = MeldingFactory(meldpunt=meldpunt, received_at=received(date(2026, 4, 23), hour=0))
    contacted = MeldingFactory(
        meldpunt=meldpunt, received_at=received(date(2026, 4, 20)), first_contact_at=timezone.now()
    )
    closed = MeldingFactory(meldpunt=meldpunt, received_at=received(date(2026, 4, 20)), closed=True)

    overdue = set(overdue_first_contact(Melding.objects.all(), today))

    assert late in overdue
    assert not {in_time, contacted, closed} & overdue
