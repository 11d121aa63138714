"""Privacy by design at the meldpunt: the retention period, and the person's rights to see and to erase."""

import json
from datetime import date, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import AuditAction, CloseReason, EntryKind, Status
from meldpunt.models import (
    AuditRegel,
    DJGMeting,
    Gebeurtenis,
    Herinnering,
    Melding,
    PGMeting,
    Signaal,
    Stap,
    blank_person,
)
from meldpunt.queries.privacy import case_export_data
from meldpunt.services import casefile, privacy
from meldpunt.tasks import anonymise_expired_cases
from tests.factories import (
    GebeurtenisFactory,
    MeldingFactory,
    MeldpuntFactory,
    SignaalFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db

PERSON = {
    "person_name": "Mevrouw Geertruida Visser",
    "person_address": "Kerkstraat 12",
    "person_postcode": "7671AB",
    "person_phone": "0546 111 222",
    "person_birth_year": 1938,
    "person_language": "nl",
    "lives_alone": True,
}


def _aware(day: date, hour=12) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture
def full_case(medewerker):
    """A case with everything personal filled in, and everything that statistics need."""
    meldpunt = MeldpuntFactory(staff=[medewerker])
    wijk = WijkFactory(gemeente=meldpunt.gemeente)
    melding = MeldingFactory(meldpunt=meldpunt, wijk=wijk, owner=medewerker, signaal=False, **PERSON)
    SignaalFactory(
        melding=melding,
        reporter_name="Buurman Henk de Vries",
        reporter_contact="henk@example.org",
        description="Mevrouw Visser woont sinds de dood van haar man alleen aan de Kerkstraat.",
        signals=["weinig_sociale_contacten", "verdriet"],
        life_events=["overlijden_naaste"],
    )
    GebeurtenisFactory(melding=melding, kind=EntryKind.TELEFOON, text="Gesproken met Geertruida, zij wil een bezoek.")
    GebeurtenisFactory(
        melding=melding,
        kind=EntryKind.WIJZIGING,
        text="naam",
        data={"fields": ["person_name"], "old": {"person_name": "G. Visser"}, "on": "2026-03-03", "n": 2},
    )
    Stap.objects.create(
        melding=melding, step="besproken", answer="ja", on=timezone.localdate(), note="Dochter Anja was erbij"
    )
    DJGMeting.objects.create(
        melding=melding, form="djg6", moment="intake", measured_on=timezone.localdate(),
        answers={"1": "nee", "2": "ja"}, total=4, emotional=2, social=2, category="matig_eenzaam",
    )  # fmt: skip
    PGMeting.objects.create(
        melding=melding, moment="intake", measured_on=timezone.localdate(), lichaamsfuncties=6, mentaal_welbevinden=4,
        zingeving=5, kwaliteit_van_leven=5, meedoen=3, dagelijks_functioneren=7,
    )  # fmt: skip
    return melding


def _personal_strings():
    return [
        "Geertruida", "Visser", "Kerkstraat", "7671AB", "0546 111 222", "1938", "Henk", "henk@example.org", "Anja",
    ]  # fmt: skip


# ---------------------------------------------------------------------------
# anonymise
# ---------------------------------------------------------------------------
def test_anonymise_blanks_everything_personal_and_keeps_the_statistics(full_case):
    closed = casefile.close_case(full_case, CloseReason.GEHOLPEN, "Mevrouw Visser gaat naar de koffieochtend.", None)
    number, received, wijk = closed.number, closed.received_at, closed.wijk_id

    privacy.anonymise(closed, "bewaartermijn verstreken")

    melding = Melding.objects.get(pk=closed.pk)
    assert melding.anonymised_at is not None
    for name, empty in blank_person().items():
        assert getattr(melding, name) == empty, name
    # What statistics need stays.
    assert (melding.number, melding.received_at, melding.wijk_id) == (number, received, wijk)
    assert (melding.status, melding.close_reason) == (Status.GESLOTEN, CloseReason.GEHOLPEN)
    assert melding.owner is not None
    signaal = Signaal.objects.get(melding=melding)
    assert (signaal.reporter_name, signaal.reporter_contact, signaal.description) == ("", "", "")
    assert signaal.signals == ["weinig_sociale_contacten", "verdriet"]
    assert signaal.life_events == ["overlijden_naaste"]
    assert (signaal.channel, signaal.reporter_relation) == ("telefoon", "buur")
    assert Stap.objects.get(melding=melding).note == ""
    assert Stap.objects.get(melding=melding).answer == "ja"
    assert DJGMeting.objects.get(melding=melding).total == 4
    assert PGMeting.objects.get(melding=melding).meedoen == 3

    entries = Gebeurtenis.objects.filter(melding=melding)
    last = entries.order_by("-pk").first()
    assert last.kind == EntryKind.WIJZIGING and last.data["anonymised"] is True
    assert "bewaartermijn verstreken" in last.text
    assert all(entry.text == "" for entry in entries.exclude(pk=last.pk))
    wijziging = entries.get(data__fields=["person_name"])
    assert wijziging.data == {"fields": ["person_name"], "old": {"person_name": None}, "on": "2026-03-03", "n": 2}
    assert entries.filter(kind=EntryKind.GESLOTEN, data__reason="geholpen").exists()

    everything = json.dumps(case_export_data(Melding.objects.get(pk=melding.pk)), default=str)
    for text in _personal_strings():
        assert text not in everything, text

    line = AuditRegel.objects.filter(melding=melding).order_by("-pk").first()
    assert (line.user, line.action, line.detail) == (None, AuditAction.GEANONIMISEERD, "bewaartermijn verstreken")


def test_anonymise_twice_changes_nothing_more(full_case):
    privacy.anonymise(full_case, "eerste keer")
    first = Melding.objects.get(pk=full_case.pk)
    lines = AuditRegel.objects.count()
    privacy.anonymise(full_case, "tweede keer")
    assert Melding.objects.get(pk=full_case.pk).anonymised_at == first.anonymised_at
    assert AuditRegel.objects.count() == lines


def test_scrub_keeps_codes_numbers_dates_and_case_numbers_only():
    data = {
        "from": "nieuw", "to": "in_behandeling", "owner": 7, "into": "ME-2026-00012", "on": "2026-03-03",
        "fields": ["person_name", "person_phone"], "old": "Jansen", "nested": [{"x": "Dorpsstraat 1", "ok": True}],
        "signals": ["verdriet"],
    }  # fmt: skip
    assert privacy.scrub(data) == {
        "from": "nieuw", "to": "in_behandeling", "owner": 7, "into": "ME-2026-00012", "on": "2026-03-03",
        "fields": ["person_name", "person_phone"], "old": None, "nested": [{"x": None, "ok": True}],
        "signals": ["verdriet"],
    }  # fmt: skip


# ---------------------------------------------------------------------------
# The retention period
# ---------------------------------------------------------------------------
def test_anonymise_expired_takes_closed_cases_past_the_retention_period(settings):
    settings.MELDPUNT_RETENTION_MONTHS = 24
    today = date(2026, 3, 10)
    expired = MeldingFactory(closed=True, closed_at=_aware(date(2024, 3, 9)))
    just_in_time = MeldingFactory(closed=True, closed_at=_aware(date(2024, 3, 10), hour=0))
    recent = MeldingFactory(closed=True, closed_at=_aware(date(2025, 6, 1)))
    still_open = MeldingFactory(received_at=_aware(date(2023, 1, 1)))
    already = MeldingFactory(closed=True, closed_at=_aware(date(2023, 1, 1)), anonymised_at=_aware(date(2025, 1, 2)))
    counted_before = Melding.objects.counted().count()

    assert privacy.anonymise_expired(today=today) == 1
    assert Melding.objects.get(pk=expired.pk).anonymised_at is not None
    assert Melding.objects.get(pk=expired.pk).person_name == ""
    for kept in (just_in_time, recent, still_open):
        assert Melding.objects.get(pk=kept.pk).anonymised_at is None
        assert Melding.objects.get(pk=kept.pk).person_name != ""
    assert Melding.objects.get(pk=already.pk).anonymised_at == already.anonymised_at

    # Idempotent; the next day the next one is due.
    assert privacy.anonymise_expired(today=today) == 0
    assert privacy.anonymise_expired(today=today + timedelta(days=1)) == 1
    # The numbers still count in statistics.
    assert Melding.objects.counted().count() == counted_before
    assert AuditRegel.objects.filter(action=AuditAction.GEANONIMISEERD, user=None).count() == 2


def test_the_retention_period_is_a_setting(settings):
    settings.MELDPUNT_RETENTION_MONTHS = 6
    melding = MeldingFactory(closed=True, closed_at=timezone.now() - timedelta(days=200))
    assert privacy.anonymise_expired() == 1
    assert Melding.objects.get(pk=melding.pk).anonymised_at is not None


def test_the_celery_task_anonymises_and_is_on_beat(settings):
    from coalition.celery import app

    melding = MeldingFactory(closed=True, closed_at=timezone.now() - timedelta(days=800))
    assert anonymise_expired_cases.apply().get() == 1
    assert Melding.objects.get(pk=melding.pk).anonymised_at is not None
    assert anonymise_expired_cases.apply().get() == 0
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["meldpunt.tasks.anonymise_expired_cases"].hour == {2}  # at night
    assert "meldpunt.tasks.send_case_reminders" in schedule


# ---------------------------------------------------------------------------
# Erasing on request
# ---------------------------------------------------------------------------
def test_erase_closes_an_open_case_first_and_logs_gewist(full_case, medewerker):
    erased = privacy.erase_on_request(full_case, "verzoek van mevrouw per telefoon op 3 maart", medewerker)
    melding = Melding.objects.get(pk=full_case.pk)
    assert erased == [melding]
    assert (melding.status, melding.close_reason) == (Status.GESLOTEN, CloseReason.ANDERS)
    assert melding.anonymised_at is not None and melding.person_name == ""
    line = AuditRegel.objects.filter(melding=melding, action=AuditAction.GEWIST).get()
    assert line.user == medewerker and line.detail == "verzoek van mevrouw per telefoon op 3 maart"
    # A closed, anonymised case is never reopened.
    with pytest.raises(casefile.ValidationError):
        casefile.reopen_case(melding, "toch weer", medewerker)


def test_erase_keeps_the_close_reason_of_a_closed_case_and_takes_merged_cases_along(medewerker):
    meldpunt = MeldpuntFactory(staff=[medewerker])
    target = MeldingFactory(meldpunt=meldpunt)
    source = MeldingFactory(meldpunt=meldpunt)
    casefile.merge_into(source, target, medewerker)
    casefile.close_case(target, CloseReason.VERHUISD, "", medewerker)
    erased = privacy.erase_on_request(target, "verzoek per brief", medewerker)
    assert {m.pk for m in erased} == {target.pk, source.pk}
    target.refresh_from_db()
    source.refresh_from_db()
    assert target.close_reason == CloseReason.VERHUISD
    assert source.anonymised_at is not None and source.person_name == ""


def test_erase_needs_a_reason(full_case, medewerker):
    with pytest.raises(casefile.ValidationError):
        privacy.erase_on_request(full_case, "   ", medewerker)
    assert Melding.objects.get(pk=full_case.pk).anonymised_at is None


# ---------------------------------------------------------------------------
# The pages: export (readable and JSON) and erase
# ---------------------------------------------------------------------------
def export_url(melding):
    return reverse("meldpunt:case_export", args=[melding.number])


def erase_url(melding):
    return reverse("meldpunt:case_erase", args=[melding.number])


def test_staff_read_everything_about_the_person_on_a_printable_page(client, login, medewerker, full_case):
    login(medewerker)
    response = client.get(export_url(full_case))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Mevrouw Geertruida Visser", "Kerkstraat 12",
                 "woont sinds de dood", "Gesproken met Geertruida", "Dochter Anja", "weinig sociale contacten",
                 "overlijden van een naaste", "matig_eenzaam", "data-print"]:  # fmt: skip
        assert text in page, text
    # The reporter is someone else: left out (tests/test_meldpunt_rights.py).
    assert "Buurman Henk de Vries" not in page and "henk@example.org" not in page
    assert AuditRegel.objects.filter(melding=full_case, action=AuditAction.GEEXPORTEERD, user=medewerker).exists()


def test_staff_download_everything_as_json(client, login, medewerker, full_case):
    Herinnering.objects.create(melding=full_case, kind="eerste_contact", key="first")
    login(medewerker)
    response = client.get(export_url(full_case), {"formaat": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="{full_case.number}-gegevens.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["persoon"]["naam"] == "Mevrouw Geertruida Visser"
    assert data["persoon"]["geboortejaar"] == 1938 and data["persoon"]["woont_alleen"] is True
    assert data["melding"]["nummer"] == full_case.number
    assert data["signalen"][0]["melder_bereikbaar_via"] == "" and data["signalen"][0]["melder_weggelaten"] is True
    assert {"code": "verdriet", "omschrijving": "verdriet"} in data["signalen"][0]["signalen"]
    assert data["tijdlijn"][0]["tekst"] == "Gesproken met Geertruida, zij wil een bezoek."
    assert data["stappenplan"][0]["toelichting"] == "Dochter Anja was erbij"
    assert data["metingen"]["de_jong_gierveld"][0]["totaalscore"] == 4
    assert data["metingen"]["positieve_gezondheid"][0]["meedoen"] == 3
    assert data["herinneringen"][0]["sleutel"] == "first"
    line = AuditRegel.objects.get(melding=full_case, action=AuditAction.GEEXPORTEERD)
    assert line.detail == "alle gegevens (JSON)"


def test_the_export_lists_other_cases_of_the_same_person_at_this_meldpunt(client, login, medewerker, full_case):
    same = MeldingFactory(meldpunt=full_case.meldpunt, person_name="MEVROUW GEERTRUIDA VISSER", person_birth_year=1938)
    other_year = MeldingFactory(meldpunt=full_case.meldpunt, person_name=PERSON["person_name"], person_birth_year=1940)
    elsewhere = MeldingFactory(person_name=PERSON["person_name"], person_birth_year=1938)
    login(medewerker)
    response = client.get(export_url(full_case))
    assert [m.number for m in response.context["other_cases"]] == [same.number]
    page = response.content.decode()
    assert export_url(same) in page and erase_url(same) in page
    assert other_year.number not in page and elsewhere.number not in page


def test_the_export_page_takes_a_bounded_number_of_queries(
    client, login, medewerker, full_case, django_assert_max_num_queries
):
    for _ in range(5):
        SignaalFactory(melding=full_case)
        GebeurtenisFactory(melding=full_case, author=medewerker)
    login(medewerker)
    client.get(export_url(full_case))
    # +4 since issue 15: texts marked as about others, the meldpunt's staff, the audit lines and their organisations.
    with django_assert_max_num_queries(24):
        assert client.get(export_url(full_case)).status_code == 200


def test_only_staff_of_the_cases_meldpunt_export_or_erase(client, login, full_case):
    other_staff = UserFactory(role=Role.MEDEWERKER)
    MeldpuntFactory(staff=[other_staff])
    login(other_staff)
    for url in (export_url(full_case), erase_url(full_case)):
        assert client.get(url).status_code == 403
    assert client.post(erase_url(full_case), {"reden": "zomaar"}).status_code == 403
    assert Melding.objects.get(pk=full_case.pk).anonymised_at is None
    assert client.get(reverse("meldpunt:case_export", args=["ME-2026-99998"])).status_code == 404


def test_the_erase_page_asks_for_a_reason_and_keeps_what_was_typed(client, login, medewerker, full_case):
    login(medewerker)
    response = client.get(erase_url(full_case))
    assert response.status_code == 200
    assert "verzoek van mevrouw per telefoon op 3 maart" in response.content.decode()  # the example in the help text

    response = client.post(erase_url(full_case), {"reden": ""})
    assert response.status_code == 200
    assert "Schrijf waarom de gegevens gewist worden." in response.content.decode()
    response = client.post(erase_url(full_case), {"reden": "x" * 400})
    assert response.status_code == 200 and "reden" in response.context["form"].errors
    assert ("x" * 400) in response.content.decode()
    assert Melding.objects.get(pk=full_case.pk).anonymised_at is None


def test_erasing_through_the_page(client, login, medewerker, full_case):
    login(medewerker)
    response = client.post(erase_url(full_case), {"reden": "verzoek van mevrouw per telefoon op 3 maart"})
    assert response.status_code == 302 and response["Location"] == reverse("meldpunt:index")
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert full_case.number in message and "gewist" in message
    melding = Melding.objects.get(pk=full_case.pk)
    assert melding.anonymised_at is not None and melding.status == Status.GESLOTEN
    assert melding.close_reason == CloseReason.ANDERS
    # The case stays: its page still opens, without the person.
    assert "Geertruida" not in client.get(export_url(melding)).content.decode()
    # Asking again says it was done already.
    again = client.post(erase_url(melding), {"reden": "nog eens"})
    assert again.status_code == 302 and again["Location"] == melding.get_absolute_url()
    assert "al gewist" in client.get(erase_url(melding)).content.decode()
    assert AuditRegel.objects.filter(melding=melding, action=AuditAction.GEWIST).count() == 1


def test_the_case_page_include_links_to_export_and_erase(full_case):
    html = render_to_string("meldpunt/case/_privacy.html", {"melding": full_case})
    assert export_url(full_case) in html and f"{export_url(full_case)}?formaat=json" in html
    assert erase_url(full_case) in html
    privacy.anonymise(full_case, "test")
    html = render_to_string("meldpunt/case/_privacy.html", {"melding": Melding.objects.get(pk=full_case.pk)})
    assert erase_url(full_case) not in html and "gewist op" in html


# ---------------------------------------------------------------------------
# Referrals (issue 6)
# ---------------------------------------------------------------------------
def _referred(full_case, medewerker):
    """Three referrals of the case: declined, closed with an outcome, and an anonymous one still open."""
    from meldpunt.services import referrals
    from tests.factories import OrganisatieFactory

    by = medewerker
    declined = referrals.create_referral(
        full_case, organisatie=OrganisatieFactory(name="Zonnebloem"), activiteit=None, consent=True,
        consent_how="persoonlijk", share_contact=True, share_note=True,
        handover_note="Geertruida zingt graag, bel na tienen.", planned_start=None, by=by,
    )  # fmt: skip
    declined = referrals.decline(declined, "Mevrouw Visser woont buiten ons gebied.", by=None)
    closed = referrals.create_referral(
        full_case, organisatie=OrganisatieFactory(name="Welzijn"), activiteit=None, consent=True,
        consent_how="persoonlijk", share_contact=False, share_note=True, handover_note="Dochter Anja brengt haar.",
        planned_start=None, by=by,
    )  # fmt: skip
    referrals.accept(closed, by=None)
    closed = referrals.close_referral(closed, "doet_mee", "Geertruida komt elke dinsdag.", by=None)
    anonymous = referrals.create_referral(
        full_case, organisatie=OrganisatieFactory(name="Bibliotheek"), activiteit=None, consent=False,
        share_contact=False, share_note=False, handover_note="Visser, Kerkstraat 12", planned_start=None, by=by,
    )  # fmt: skip
    return declined, closed, anonymous


def test_anonymise_blanks_the_referrals_free_text_and_keeps_their_statistics(full_case, medewerker):
    from meldpunt.models import Verwijzing

    declined, closed, anonymous = _referred(full_case, medewerker)

    privacy.anonymise(full_case, "bewaartermijn verstreken")

    after = {v.pk: v for v in Verwijzing.objects.filter(melding=full_case)}
    for verwijzing in after.values():
        assert (verwijzing.handover_note, verwijzing.outcome_note) == ("", "")
    assert after[declined.pk].decline_reason == privacy.ERASED  # a declined referral keeps a reason (a DB check)
    assert after[closed.pk].decline_reason == "" and after[anonymous.pk].decline_reason == ""
    # What statistics need stays: status, dates, outcome, consent, organisation.
    assert (after[declined.pk].status, after[declined.pk].declined_at) == ("afgewezen", declined.declined_at)
    assert (after[closed.pk].status, after[closed.pk].outcome) == ("afgesloten", "doet_mee")
    assert after[closed.pk].accepted_at == closed.accepted_at and after[closed.pk].closed_at == closed.closed_at
    assert (after[closed.pk].consent, after[closed.pk].share_note, after[anonymous.pk].consent) == (True, True, False)
    assert after[anonymous.pk].organisatie.name == "Bibliotheek"

    everything = json.dumps(case_export_data(Melding.objects.get(pk=full_case.pk)), default=str)
    for text in [*_personal_strings(), "zingt", "dinsdag", "buiten ons gebied"]:
        assert text not in everything, text


def test_the_export_holds_the_referrals_and_what_each_partner_was_allowed_to_see(client, login, medewerker, full_case):
    declined, closed, anonymous = _referred(full_case, medewerker)
    login(medewerker)

    data = json.loads(client.get(export_url(full_case), {"formaat": "json"}).content)

    referrals = {r["kenmerk"]: r for r in data["verwijzingen"]}
    assert list(referrals) == [declined.reference, closed.reference, anonymous.reference]
    first = referrals[declined.reference]
    assert first["organisatie"] == "Zonnebloem" and first["status"] == "Afgewezen, terug bij het meldpunt"
    assert first["toestemming"] is True
    assert first["gedeeld_met_de_partner"] == {"naam_en_contactgegevens": True, "overdrachtsnotitie": True}
    assert first["overdrachtsnotitie"] == "Geertruida zingt graag, bel na tienen."
    assert first["reden_van_afwijzen"] == "Mevrouw Visser woont buiten ons gebied."
    assert first["verstuurd_door"] == medewerker.get_full_name()
    second = referrals[closed.reference]
    assert second["gedeeld_met_de_partner"] == {"naam_en_contactgegevens": False, "overdrachtsnotitie": True}
    assert second["uitkomst"] == "Doet mee: de deelname staat vast"
    assert second["toelichting_op_de_uitkomst"] == "Geertruida komt elke dinsdag."
    assert second["geaccepteerd_op"] and second["afgesloten_op"]
    third = referrals[anonymous.reference]
    assert third["toestemming"] is False
    assert third["gedeeld_met_de_partner"] == {"naam_en_contactgegevens": False, "overdrachtsnotitie": False}
    assert "notificaties" not in data  # they hold no personal data: a reference and a link


def test_the_readable_export_shows_the_referrals_too(client, login, medewerker, full_case):
    declined, closed, anonymous = _referred(full_case, medewerker)
    login(medewerker)

    html = client.get(export_url(full_case)).content.decode()

    for referral in (declined, closed, anonymous):
        assert referral.reference in html
    assert "Mevrouw Visser woont buiten ons gebied." in html  # the reason the partner gave
    assert "Geertruida komt elke dinsdag." in html
    assert "nee: anonieme verwijzing" in html


def test_the_export_page_with_referrals_takes_a_bounded_number_of_queries(
    client, login, medewerker, full_case, django_assert_max_num_queries
):
    _referred(full_case, medewerker)
    login(medewerker)
    client.get(export_url(full_case))
    # +4 since issue 15: texts marked as about others, the meldpunt's staff, the audit lines and their organisations.
    with django_assert_max_num_queries(24):
        assert client.get(export_url(full_case), {"formaat": "json"}).status_code == 200
