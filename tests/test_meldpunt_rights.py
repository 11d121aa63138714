"""The rights of the person and of the people around them (issue 15).

The right of access (AVG art. 15) must not hand the person other people's data (art. 15(4)): reporters and texts that
staff mark as being about others are left out unless a staff member deliberately includes them, with a reason. The
export also says who read or changed the file (role and organisation, NEN 7513). A case records whether the person
was told, and "Geen hulp gewenst" starts a short retention period.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import AuditAction, CloseReason, EntryKind, InformedHow, Status
from meldpunt.models import AuditRegel, Gebeurtenis, GegevensVanAnderen, Melding, Stap
from meldpunt.queries.privacy import case_export_data
from meldpunt.services import casefile, privacy, rights
from tests.factories import (
    GebeurtenisFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(medewerker):
    meldpunt = MeldpuntFactory(staff=[medewerker], name="Meldpunt Vriezenveen")
    melding = MeldingFactory(meldpunt=meldpunt, owner=medewerker, signaal=False, person_name="Greetje Jansen")
    SignaalFactory(
        melding=melding,
        reporter_name="Buurvrouw Pietersen",
        reporter_contact="06 12345678",
        reporter_organisation=OrganisatieFactory(name="Huisartsenpraktijk De Linde"),
        description="Zij komt de deur bijna niet meer uit.",
    )
    return melding


def export_url(melding: Melding) -> str:
    return reverse("meldpunt:case_export", args=[melding.number])


def others_url(melding: Melding) -> str:
    return reverse("meldpunt:case_about_others", args=[melding.number])


# --- Reporters are left out -----------------------------------------------------------------------------------------
def test_the_export_leaves_out_who_reported_by_default(client, login, medewerker, case):
    login(medewerker)
    page = client.get(export_url(case)).content.decode()
    assert "Greetje Jansen" in page
    for secret in ["Buurvrouw Pietersen", "06 12345678", "Huisartsenpraktijk De Linde"]:
        assert secret not in page, secret
    assert "naam en contactgegevens weggelaten" in page
    data = json.loads(client.get(export_url(case), {"formaat": "json"}).content)
    signal = data["signalen"][0]
    assert signal["naam_melder"] == signal["melder_bereikbaar_via"] == signal["organisatie_van_de_melder"] == ""
    assert signal["relatie_tot_de_persoon"] == "Buur"  # the kind of reporter is the person's own story
    assert [item["key"] for item in data["weggelaten"]] == [f"melder-{signal['id']}"]
    assert "Pietersen" not in json.dumps(data)


def test_a_person_who_reported_themself_is_not_left_out(client, login, medewerker):
    meldpunt = MeldpuntFactory(staff=[medewerker])
    melding = MeldingFactory(meldpunt=meldpunt, signaal=False)
    SignaalFactory(melding=melding, reporter_name="Greetje Jansen", reporter_relation="zelf")
    data = case_export_data(melding)
    assert data["signalen"][0]["naam_melder"] == "Greetje Jansen"
    assert data["weggelaten"] == []


def test_what_the_reporter_heard_back_goes_with_the_reporter(case):
    signal = case.signalen.get()
    GebeurtenisFactory(melding=case, kind=EntryKind.MELDER, text="De melder heeft per e-mail gehoord …",
                       data={"signaal": signal.pk, "via": "email"})  # fmt: skip
    line = case_export_data(case)["tijdlijn"][-1]
    assert line["weggelaten"] is True and line["tekst"] == "" and line["gegevens"] == {}
    included = case_export_data(case, include=frozenset({f"melder-{signal.pk}"}))
    assert included["tijdlijn"][-1]["tekst"].startswith("De melder heeft")


# --- Texts that staff mark as data about others ---------------------------------------------------------------------
def test_staff_mark_a_text_as_about_others_and_the_export_leaves_it_out(client, login, medewerker, case):
    note = GebeurtenisFactory(
        melding=case, kind=EntryKind.GESPREK, text="Dochter Anja (06 99887766) maakt zich zorgen."
    )
    login(medewerker)
    assert "Dochter Anja" in client.get(export_url(case)).content.decode()

    response = client.post(others_url(case), {"soort": "gebeurtenis", "nummer": note.pk, "markeren": "on"})
    assert response.status_code == 302 and response["Location"].endswith(f"#gebeurtenis-{note.pk}")
    assert GegevensVanAnderen.objects.filter(melding=case, kind="gebeurtenis", object_id=note.pk).exists()
    page = client.get(export_url(case)).content.decode()
    assert "Dochter Anja" not in page.split('id="weggelaten-kop"')[1].split("</section>")[1]
    assert "weggelaten: bevat gegevens over anderen" in page
    assert AuditRegel.objects.filter(melding=case, action=AuditAction.GEWIJZIGD, detail__contains="anderen").exists()

    client.post(others_url(case), {"soort": "gebeurtenis", "nummer": note.pk})  # undo
    assert not GegevensVanAnderen.objects.filter(melding=case).exists()
    assert "Dochter Anja (06 99887766)" in client.get(export_url(case)).content.decode()


def test_every_kind_of_free_text_can_be_left_out(case, medewerker):
    step = Stap.objects.create(melding=case, step="besproken", answer="ja", on=timezone.localdate(), note="Zoon Piet")
    signal = case.signalen.get()
    rights.mark_about_others(case, "stap", step.pk, medewerker)
    rights.mark_about_others(case, "signaal", signal.pk, medewerker)
    data = case_export_data(case)
    assert data["stappenplan"][0]["toelichting"] == "" and data["stappenplan"][0]["weggelaten"]
    assert data["signalen"][0]["toelichting"] == "" and data["signalen"][0]["toelichting_weggelaten"]
    assert {item.key for item in data["weggelaten"]} == {
        f"melder-{signal.pk}",
        f"signaal-{signal.pk}",
        f"stap-{step.pk}",
    }


def test_a_text_of_another_case_cannot_be_marked(client, login, medewerker, case):
    other = GebeurtenisFactory(text="Van een andere melding")
    login(medewerker)
    client.post(others_url(case), {"soort": "gebeurtenis", "nummer": other.pk, "markeren": "on"})
    assert not GegevensVanAnderen.objects.exists()
    response = client.post(others_url(case), {"soort": "onzin", "nummer": "x"}, follow=True)
    assert "kies een tekst van deze melding" in response.content.decode()


def test_marking_needs_a_post_and_staff_of_the_meldpunt(client, login, case):
    note = GebeurtenisFactory(melding=case, text="Dochter Anja")
    login(UserFactory(role=Role.MEDEWERKER))  # staff of another meldpunt
    assert (
        client.post(others_url(case), {"soort": "gebeurtenis", "nummer": note.pk, "markeren": "on"}).status_code == 403
    )
    assert not GegevensVanAnderen.objects.exists()


# --- Including left-out data deliberately ----------------------------------------------------------------------------
def test_staff_include_the_reporter_deliberately_with_a_reason_that_is_logged(client, login, medewerker, case):
    key = f"melder-{case.signalen.get().pk}"
    login(medewerker)
    response = client.post(export_url(case), {"opnemen": [key], "reden": "Melder is de dochter, vindt het goed"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Buurvrouw Pietersen" in page and "toch opgenomen" in page
    line = AuditRegel.objects.filter(melding=case, action=AuditAction.GEEXPORTEERD).latest("seq")
    assert key in line.detail and "Melder is de dochter" in line.detail and line.user == medewerker


def test_including_without_a_reason_includes_nothing(client, login, medewerker, case):
    key = f"melder-{case.signalen.get().pk}"
    login(medewerker)
    response = client.post(export_url(case), {"opnemen": [key], "reden": " ", "formaat": "json"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Schrijf waarom u gegevens van anderen toch opneemt." in page
    assert "Buurvrouw Pietersen" not in page
    assert not AuditRegel.objects.filter(melding=case, action=AuditAction.GEEXPORTEERD).exists()


def test_a_forged_key_is_refused(client, login, medewerker, case):
    login(medewerker)
    response = client.post(export_url(case), {"opnemen": ["melder-999999"], "reden": "probeer"})
    assert "Kies uit de lijst." in response.content.decode()


def test_the_json_file_with_included_data(client, login, medewerker, case):
    key = f"melder-{case.signalen.get().pk}"
    login(medewerker)
    response = client.post(export_url(case), {"opnemen": [key], "reden": "Op verzoek", "formaat": "json"})
    data = json.loads(response.content)
    assert data["signalen"][0]["naam_melder"] == "Buurvrouw Pietersen"
    assert data["weggelaten"] == [{"key": key, "description": data["weggelaten"][0]["description"], "included": True}]


# --- Who looked at the file --------------------------------------------------------------------------------------
def test_the_export_lists_who_read_or_changed_the_case_by_role_and_organisation(client, login, medewerker, case):
    partner = UserFactory(role=Role.PARTNER, full_name="Paula Partner")
    partner.organisaties.add(OrganisatieFactory(name="Welzijn Twenterand"))
    from meldpunt.services import audit

    audit.log(partner, case, AuditAction.BEKEKEN, "verwijzing")
    audit.log(None, case, AuditAction.GEWIJZIGD, "herinnering")
    login(medewerker)
    client.get(reverse("meldpunt:case", args=[case.number]))
    data = case_export_data(case)
    rows = [(row["handeling"], row["rol"], row["organisatie"]) for row in data["wie_keek_mee"]]
    assert ("Bekeken", "partner", "Welzijn Twenterand") in [(h, r.lower(), o) for h, r, o in rows]
    assert ("Gewijzigd", "het systeem", "Meldpunt Vriezenveen") in rows
    assert any(org == "Meldpunt Vriezenveen" and action == "Bekeken" for action, _role, org in rows)
    page = client.get(export_url(case)).content.decode()
    assert "Wie heeft de gegevens bekeken of gewijzigd" in page and "Welzijn Twenterand" in page
    assert "Paula Partner" not in page and medewerker.full_name not in page.split("Wie heeft de gegevens")[1]


def test_the_export_page_stays_within_its_budget_with_many_audit_lines(
    client, login, medewerker, case, django_assert_max_num_queries
):
    from meldpunt.services import audit

    for n in range(30):
        audit.log(UserFactory(role=Role.PARTNER), case, AuditAction.BEKEKEN, f"regel {n}")
    login(medewerker)
    client.get(export_url(case))
    with django_assert_max_num_queries(24):
        assert client.get(export_url(case)).status_code == 200


# --- Was the person told? ----------------------------------------------------------------------------------------
def test_staff_record_that_the_person_was_told(client, login, medewerker, case):
    login(medewerker)
    url = reverse("meldpunt:case_informed", args=[case.number])
    today = timezone.localdate()
    response = client.post(url, {"on": today.isoformat(), "how": InformedHow.TELEFOON})
    assert response.status_code == 302 and response["Location"].endswith("#privacy")
    case.refresh_from_db()
    assert (case.person_informed_on, case.person_informed_how, case.person_informed_by) == (
        today, InformedHow.TELEFOON, medewerker
    )  # fmt: skip
    assert Gebeurtenis.objects.filter(melding=case, kind=EntryKind.INGELICHT, author=medewerker).exists()
    assert AuditRegel.objects.filter(melding=case, detail="persoon ingelicht").exists()
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"ingelicht op {today:%d-%m-%Y}, aan de telefoon, door {medewerker.full_name}" in page
    assert case_export_data(case)["melding"]["persoon_ingelicht_op"] == today


def test_a_day_in_the_future_is_refused_and_the_form_comes_back(client, login, medewerker, case):
    login(medewerker)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("meldpunt:case_informed", args=[case.number]), {"on": tomorrow.isoformat(), "how": "brief"}
    )
    assert response.status_code == 200
    assert "Die dag ligt in de toekomst" in response.content.decode()
    case.refresh_from_db()
    assert case.person_informed_on is None


def test_the_database_keeps_day_and_way_together(case):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Melding.objects.filter(pk=case.pk).update(person_informed_on=timezone.localdate())


# --- A short retention when the person wanted no help --------------------------------------------------------------
def _closed(reason: str, months_ago: int, medewerker) -> Melding:
    melding = casefile.close_case(MeldingFactory(person_name="Nee Zegger"), reason, "", medewerker)
    Melding.objects.filter(pk=melding.pk).update(closed_at=timezone.now() - timedelta(days=31 * months_ago))
    return melding


def test_no_help_wanted_is_forgotten_after_the_short_period(settings, medewerker):
    settings.MELDPUNT_NO_HELP_RETENTION_MONTHS = 3
    settings.MELDPUNT_RETENTION_MONTHS = 24
    said_no = _closed(CloseReason.GEEN_HULP_GEWENST, 4, medewerker)
    said_no_recently = _closed(CloseReason.GEEN_HULP_GEWENST, 2, medewerker)
    helped = _closed(CloseReason.GEHOLPEN, 4, medewerker)
    assert privacy.anonymise_expired() == 1
    said_no.refresh_from_db()
    assert said_no.anonymised_at is not None and said_no.person_name == ""
    assert Melding.objects.get(pk=said_no_recently.pk).person_name == "Nee Zegger"
    assert Melding.objects.get(pk=helped.pk).person_name == "Nee Zegger"
    line = AuditRegel.objects.get(melding=said_no, action=AuditAction.GEANONIMISEERD)
    assert "3 maanden" in line.detail


def test_no_help_wanted_is_a_reason_staff_can_choose(client, login, medewerker, case):
    login(medewerker)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'value="geen_hulp_gewenst"' in page
    client.post(reverse("meldpunt:case_close", args=[case.number]), {"reason": "geen_hulp_gewenst", "text": "Wil niet"})
    case.refresh_from_db()
    assert case.status == Status.GESLOTEN and case.close_reason == CloseReason.GEEN_HULP_GEWENST


def test_the_privacy_statement_names_the_short_period_from_the_settings(client, settings):
    settings.MELDPUNT_NO_HELP_RETENTION_MONTHS = 5
    page = client.get(reverse("meldpunt:privacy")).content.decode()
    assert "Wilde de persoon geen hulp? Dan wissen we die gegevens al 5 maanden na het afsluiten." in page


def test_who_looked_shows_the_role_at_the_time_and_the_chain_keeps_it(case):
    from meldpunt.queries.auditchain import verify_chain
    from meldpunt.services import audit

    helper = UserFactory(role=Role.MEDEWERKER)
    audit.log(helper, case, AuditAction.BEKEKEN, "dossier")
    line = AuditRegel.objects.filter(melding=case).latest("seq")
    assert line.role == Role.MEDEWERKER
    helper.role = Role.COORDINATOR  # promoted later: the line still says what they were when they looked
    helper.save()

    rows = case_export_data(case)["wie_keek_mee"]
    assert rows[-1]["rol"] == str(Role.MEDEWERKER.label)
    assert verify_chain().intact
    # The role is part of the line's fingerprint: changing it breaks the chain (as only a superuser could).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE meldpunt_auditregel SET role = 'coordinator' WHERE id = %s", [line.pk])
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert not verify_chain().intact
