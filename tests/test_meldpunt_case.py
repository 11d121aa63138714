"""The case file: what it shows, who may open it, every form on it (and what happens with bad input), the print
view, merging, two staff editing at once, and the number of queries."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from coalition.models import Role
from meldpunt.choices import AuditAction, CloseReason, EntryKind, Status
from meldpunt.models import AuditRegel, Gebeurtenis, Melding, Stap
from meldpunt.services import casefile
from tests.conftest import confirmed_totp_device
from tests.factories import GebeurtenisFactory, MeldingFactory, MeldpuntFactory, SignaalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meldpunt(medewerker):
    return MeldpuntFactory(staff=[medewerker])


@pytest.fixture
def melding(meldpunt):
    return MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen", person_phone="0546 111 222")


@pytest.fixture
def client_(login, medewerker):
    return login(medewerker)


def url(melding, name="case"):
    return reverse(f"meldpunt:{name}", args=[melding.number])


def html(response) -> str:
    return response.content.decode()


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Who may open it -------------------------------------------------------------------------------------------


def test_only_staff_of_the_cases_meldpunt_open_it(login, melding, coordinator, client):
    assert client.get(url(melding)).status_code == 302  # to log in
    other_staff = UserFactory(role=Role.MEDEWERKER)
    MeldpuntFactory(staff=[other_staff, coordinator])
    assert login(other_staff).get(url(melding)).status_code == 403
    assert login(coordinator).get(url(melding)).status_code == 403
    melding.meldpunt.staff.add(coordinator)
    assert login(coordinator).get(url(melding)).status_code == 200


def test_an_unknown_or_malformed_number_is_not_found(client_):
    assert client_.get(reverse("meldpunt:case", args=["ME-2026-00999"])).status_code == 404
    assert client_.get(reverse("meldpunt:case", args=["onzin"])).status_code == 404


def test_every_view_is_written_to_the_audit_log(client_, medewerker, melding):
    client_.get(url(melding))
    client_.get(url(melding))
    views = AuditRegel.objects.filter(melding=melding, action=AuditAction.BEKEKEN)
    assert views.count() == 2
    assert {line.user for line in views} == {medewerker}


def test_others_do_not_leave_a_view_in_the_audit_log_but_a_refusal(login, melding):
    other = UserFactory(role=Role.MEDEWERKER)
    login(other).get(url(melding))
    refused = AuditRegel.objects.get(melding=melding)
    assert (refused.user, refused.action, refused.detail) == (other, AuditAction.GEWEIGERD, f"GET {url(melding)}")


# --- What it shows ---------------------------------------------------------------------------------------------


def test_the_page_shows_header_person_and_signals(client_, meldpunt, medewerker):
    melding = MeldingFactory(
        meldpunt=meldpunt,
        person_name="Mevrouw Jansen",
        person_postcode="7511AB",
        person_birth_year=1942,
        owner=medewerker,
        status="in_behandeling",
        urgency="hoog",
        signaal=False,
    )
    SignaalFactory(
        melding=melding,
        channel="partner",
        reporter_name="Wijkverpleegkundige Anna",
        reporter_relation="wijkverpleging",
        signals=["vermoeidheid", "weinig_sociale_contacten", "verdriet"],
        life_events=["overlijden_naaste"],
        description="Haar man is overleden; ze eet slecht.",
    )

    page = html(client_.get(url(melding)))

    for text in (
        melding.number, "In behandeling", "Hoog", "Mila Medewerker", "Mevrouw Jansen", "7511 AB", "1942",
        "via Partner", "Wijkverpleegkundige Anna", "wijkverpleging",
        "Lichamelijke signalen:</strong> vermoeidheid", "Sociale signalen:</strong> weinig sociale contacten",
        "Psychische signalen:</strong> verdriet", "overlijden van een naaste", "Haar man is overleden",
    ):  # fmt: skip
        assert text in page, text
    assert "Gedragsmatige signalen" not in page


def test_an_acute_case_shows_what_to_do_at_once(client_, meldpunt):
    melding = MeldingFactory(meldpunt=meldpunt, urgency="acuut")
    page = html(client_.get(url(melding)))
    assert 'href="tel:112"' in page


def test_the_timeline_is_newest_first_with_who_and_when(client_, melding, medewerker):
    now = timezone.now()
    GebeurtenisFactory(melding=melding, text="Oudste regel", happened_at=now - timedelta(days=2), author=medewerker)
    GebeurtenisFactory(melding=melding, text="Nieuwste regel", happened_at=now - timedelta(hours=1))

    page = html(client_.get(url(melding)))

    assert page.index("Nieuwste regel") < page.index("Oudste regel")
    assert (now - timedelta(days=2)).astimezone(timezone.get_current_timezone()).strftime("%d-%m-%Y %H:%M") in page


def test_a_correction_is_shown_with_the_line_it_corrects(client_, melding, medewerker):
    note = casefile.add_entry(melding, EntryKind.NOTITIE, "Gebeld met de dochter.", by=medewerker)
    casefile.correct_entry(note, "Het was de schoondochter.", by=medewerker)

    page = html(client_.get(url(melding)))

    assert "Corrigeert de regel ‘Notitie’" in page
    assert f'href="#regel-{note.pk}"' in page
    assert "Gecorrigeerd op" in page and "door Mila Medewerker" in page
    assert page.count("Gebeld met de dochter.") == 2  # the line itself, and quoted by its correction


def test_the_measurements_and_privacy_sections_are_on_the_page(client_, melding):
    page = html(client_.get(url(melding)))
    assert 'id="metingen"' in page
    assert reverse("meldpunt:case_export", args=[melding.number]) in page


# --- Contacts and notes ----------------------------------------------------------------------------------------


def test_adding_a_phone_call_starts_the_handling(client_, melding):
    when = timezone.localtime() - timedelta(hours=1)
    response = client_.post(
        url(melding, "case_entry"),
        {"kind": "telefoon", "happened_at": when.strftime("%Y-%m-%dT%H:%M"), "text": "Gesproken met mevrouw."},
    )

    assert response.status_code == 302 and response["Location"].endswith(f"{url(melding)}#tijdlijn")
    melding.refresh_from_db()
    assert melding.status == Status.IN_BEHANDELING
    assert melding.first_contact_at == when.replace(second=0, microsecond=0)
    assert Gebeurtenis.objects.filter(melding=melding, kind="telefoon", text="Gesproken met mevrouw.").exists()
    assert "Telefonisch contact toegevoegd aan de tijdlijn." in message_texts(response)


@pytest.mark.parametrize(
    "happened_at, message",
    [
        ("31-02-2026 10:00", "Vul een bestaande datum en tijd in"),
        ("", "Dit veld is verplicht"),
        ((timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"), "niet in de toekomst"),
    ],
)
def test_a_bad_date_shows_a_message_and_keeps_the_text(client_, melding, happened_at, message):
    response = client_.post(
        url(melding, "case_entry"), {"kind": "huisbezoek", "happened_at": happened_at, "text": "Lang gesprek gehad."}
    )
    assert response.status_code == 200
    page = html(response)
    assert message in page
    assert "Lang gesprek gehad." in page
    assert re.search(r'value="huisbezoek"[^>]*checked', page)
    assert not Gebeurtenis.objects.filter(melding=melding, kind="huisbezoek").exists()


def test_a_note_needs_text_and_a_long_text_is_refused(client_, melding):
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    empty = client_.post(url(melding, "case_entry"), {"kind": "notitie", "happened_at": now, "text": ""})
    assert "Schrijf de notitie." in html(empty)
    long = client_.post(url(melding, "case_entry"), {"kind": "notitie", "happened_at": now, "text": "x" * 5001})
    assert "Dit is te lang" in html(long)
    assert not Gebeurtenis.objects.filter(melding=melding, kind="notitie").exists()


# --- Corrections -----------------------------------------------------------------------------------------------


def test_correcting_a_line(client_, melding):
    line = GebeurtenisFactory(melding=melding, text="Verkeerd adres genoteerd.")
    GebeurtenisFactory(melding=melding, text="Een andere regel.")
    page = html(client_.get(url(melding)))
    assert f'href="?corrigeer={line.pk}#regel-{line.pk}"' in page
    assert 'name="entry"' not in page  # the form opens for one line at a time
    form = html(client_.get(url(melding), {"corrigeer": line.pk}))
    assert form.count('name="entry"') == 1 and f'value="{line.pk}"' in form

    response = client_.post(url(melding, "case_correct"), {"entry": line.pk, "text": "Het is Kerkstraat 9."})
    assert response.status_code == 302
    correction = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.CORRECTIE)
    assert correction.corrects == line and correction.text == "Het is Kerkstraat 9."


def test_an_empty_correction_or_a_line_of_another_case_is_refused(client_, melding):
    line = GebeurtenisFactory(melding=melding)
    foreign = GebeurtenisFactory()
    empty = client_.post(url(melding, "case_correct"), {"entry": line.pk, "text": "  "})
    assert "Dit veld is verplicht" in html(empty) or "Schrijf wat de correctie is" in html(empty)
    other = client_.post(url(melding, "case_correct"), {"entry": foreign.pk, "text": "Iets"})
    assert "Deze regel hoort niet bij deze melding." in html(other)
    assert not Gebeurtenis.objects.filter(kind=EntryKind.CORRECTIE).exists()


# --- Owner, status, follow-up ----------------------------------------------------------------------------------


def test_i_pick_it_up(client_, melding, medewerker):
    page = html(client_.get(url(melding)))
    assert "Ik pak hem op" in page
    response = client_.post(url(melding, "case_assign"), {"owner": medewerker.pk})
    melding.refresh_from_db()
    assert melding.owner == medewerker
    assert "U bent nu de eigenaar van deze melding." in message_texts(response)


def test_assigning_to_a_colleague_or_back_to_the_queue(client_, melding, meldpunt):
    collega = UserFactory(role=Role.MEDEWERKER, full_name="Kees Collega")
    meldpunt.staff.add(collega)
    client_.post(url(melding, "case_assign"), {"owner": collega.pk})
    melding.refresh_from_db()
    assert melding.owner == collega
    client_.post(url(melding, "case_assign"), {"owner": ""})
    melding.refresh_from_db()
    assert melding.owner is None


def test_only_staff_of_this_meldpunt_can_be_owner(client_, melding):
    outsider = UserFactory(role=Role.MEDEWERKER)
    response = client_.post(url(melding, "case_assign"), {"owner": outsider.pk})
    assert "Kies een medewerker van dit meldpunt." in html(response)
    melding.refresh_from_db()
    assert melding.owner is None


def test_changing_the_status_among_the_open_ones(client_, melding):
    client_.post(url(melding, "case_status"), {"status": "wacht_op_partner"})
    melding.refresh_from_db()
    assert melding.status == Status.WACHT_OP_PARTNER
    response = client_.post(url(melding, "case_status"), {"status": "gesloten"})
    assert "Kies een van de mogelijkheden." in html(response)
    melding.refresh_from_db()
    assert melding.status == Status.WACHT_OP_PARTNER


def test_planning_the_next_action(client_, melding):
    day = timezone.localdate() + timedelta(days=7)
    client_.post(url(melding, "case_follow_up"), {"follow_up_on": day.isoformat()})
    melding.refresh_from_db()
    assert melding.follow_up_on == day
    past = client_.post(url(melding, "case_follow_up"), {"follow_up_on": "2020-01-01"})
    assert "Kies vandaag of een dag in de toekomst." in html(past)
    impossible = client_.post(url(melding, "case_follow_up"), {"follow_up_on": "31-02-2026"})
    assert "Vul een bestaande datum in" in html(impossible)
    client_.post(url(melding, "case_follow_up"), {"follow_up_on": ""})
    melding.refresh_from_db()
    assert melding.follow_up_on is None


# --- Step plan and profile -------------------------------------------------------------------------------------


def test_the_step_plan_shows_the_newest_answer_per_step_with_date_and_who(client_, melding, medewerker):
    today = timezone.localdate()
    client_.post(
        url(melding, "case_step"),
        {"step": "bespreekbaar", "answer": "nee", "on": (today - timedelta(days=10)).isoformat(), "note": ""},
    )
    response = client_.post(
        url(melding, "case_step"),
        {"step": "bespreekbaar", "answer": "ja", "on": today.isoformat(), "note": "Na het tweede bezoek"},
    )
    assert response.status_code == 302
    assert Stap.objects.filter(melding=melding).count() == 2

    page = html(client_.get(url(melding)))
    row = page.split("1. Is eenzaamheid bespreekbaar?")[1].split("</tr>")[0]
    assert "<strong>Ja</strong>" in row and "Na het tweede bezoek" in row
    assert today.strftime("%d-%m-%Y") in row and "Mila Medewerker" in row
    assert "1 eerder antwoord" in row
    assert "Nog niet beantwoord" in page  # the other three steps


def test_a_step_in_the_future_is_refused(client_, melding):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_.post(
        url(melding, "case_step"), {"step": "besproken", "answer": "ja", "on": tomorrow, "note": "Mijn notitie"}
    )
    assert "De datum kan niet in de toekomst liggen." in html(response)
    assert "Mijn notitie" in html(response)
    assert not Stap.objects.exists()


def test_choosing_the_profile_shows_which_one_applies_and_why(client_, melding):
    response = client_.post(
        url(melding, "case_profile"), {"duration": "situationeel", "coping": "actief", "orientation": "gericht"}
    )
    assert "Het interventieprofiel is nu: Actieven." in message_texts(response)
    page = html(client_.get(url(melding)))
    assert "<strong>Actieven</strong>" in page
    assert "Actieven voelen zich prettig als ze een actief sociaal leven hebben." in page


def test_a_profile_needs_both_dimensions(client_, melding):
    response = client_.post(url(melding, "case_profile"), {"duration": "structureel"})
    assert html(response).count("<li>Dit veld is verplicht.</li>") == 2  # beside each of the two (and in the summary)
    melding.refresh_from_db()
    assert melding.duration == ""


# --- The person's details, and two staff editing at once -------------------------------------------------------


def person_data(melding, **changes) -> dict:
    data = {
        "version": melding.version,
        "person_name": melding.person_name,
        "person_address": melding.person_address,
        "person_postcode": melding.person_postcode,
        "person_birth_year": melding.person_birth_year or "",
        "person_phone": melding.person_phone,
        "person_language": melding.person_language,
        "lives_alone": "unknown",
        "urgency": melding.urgency,
    }
    return data | changes


def test_editing_the_persons_details(client_, melding):
    response = client_.post(
        url(melding, "case_edit"), person_data(melding, person_postcode="7511 ab", lives_alone="true")
    )
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.person_postcode == "7511AB"
    assert melding.lives_alone is True
    assert melding.version == 2


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("person_postcode", "75111AB", "Vul een postcode in als 1234 AB."),
        ("person_postcode", "ABCD 12", "Vul een postcode in als 1234 AB."),
        ("person_birth_year", "1850", "Vul een geboortejaar in tussen 1900 en"),
        ("person_birth_year", "3000", "Vul een geboortejaar in tussen 1900 en"),
        ("person_birth_year", "negentien", "Vul een jaartal in"),
        ("person_name", "x" * 201, "Dit is te lang"),
    ],
)
def test_bad_details_show_a_message_and_lose_nothing(client_, melding, field, value, message):
    data = person_data(melding, person_address="Kerkstraat 9", **{field: value})
    response = client_.post(url(melding, "case_edit"), data)
    page = html(response)
    assert response.status_code == 200
    assert message in page
    assert "Kerkstraat 9" in page and value in page
    melding.refresh_from_db()
    assert melding.person_address == "" and melding.version == 1


def other_browser(user) -> Client:
    """A second browser, logged in (with the second factor) as `user`."""
    browser = Client()
    browser.force_login(user)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
    session.save()
    return browser


def test_two_staff_editing_the_same_case_lose_nothing(login, meldpunt, melding, medewerker):
    collega = UserFactory(role=Role.MEDEWERKER, full_name="Kees Collega")
    meldpunt.staff.add(collega)
    first = login(medewerker)
    form_of_first = person_data(melding, person_phone="0546 999 000")
    form_of_second = person_data(melding, person_address="Kerkstraat 9", person_phone="06 12345678")  # same version

    assert first.post(url(melding, "case_edit"), form_of_first).status_code == 302
    second = other_browser(collega)
    response = second.post(url(melding, "case_edit"), form_of_second)

    page = html(response)
    assert response.status_code == 200
    assert "Iemand anders heeft deze melding net gewijzigd" in page
    # The first save survives …
    melding.refresh_from_db()
    assert melding.person_phone == "0546 999 000"
    assert melding.person_address == ""
    # … and so does the second user's input, with what is saved now beside it.
    assert 'value="Kerkstraat 9"' in page and 'value="06 12345678"' in page
    assert "Nu opgeslagen: 0546 999 000" in page
    assert "Nu opgeslagen: Mevrouw Jansen" not in page  # only where it differs from the input
    assert response.context["person_form"]["version"].value() == str(melding.version)

    # Saving again, on purpose, goes through.
    again = second.post(url(melding, "case_edit"), form_of_second | {"version": melding.version})
    assert again.status_code == 302
    melding.refresh_from_db()
    assert melding.person_address == "Kerkstraat 9" and melding.person_phone == "06 12345678"


# --- Closing, reopening ----------------------------------------------------------------------------------------


def test_closing_with_a_reason_prompts_for_the_end_measurement(client_, melding):
    response = client_.post(url(melding, "case_close"), {"reason": "geholpen", "text": "Gaat naar de koffieochtend."})
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.status == Status.GESLOTEN and melding.close_reason == CloseReason.GEHOLPEN

    page = html(client_.get(url(melding)))
    assert "Gesloten op" in page and "Reden: Geholpen" in page
    assert reverse("meldpunt:djg_add", args=[melding.number]) + "?moment=eind" in page
    assert "Melding heropenen" in page and "Ik pak hem op" not in page


def test_closing_needs_a_reason_and_merged_is_not_one(client_, melding):
    for reason in ("", "samengevoegd"):
        response = client_.post(url(melding, "case_close"), {"reason": reason, "text": "Mijn toelichting"})
        assert response.status_code == 200
        assert "Mijn toelichting" in html(response)
    melding.refresh_from_db()
    assert melding.is_open


def test_reopening_with_a_reason(client_, meldpunt):
    melding = MeldingFactory(meldpunt=meldpunt, closed=True)
    empty = client_.post(url(melding, "case_reopen"), {"text": ""})
    assert "Dit veld is verplicht." in html(empty)
    client_.post(url(melding, "case_reopen"), {"text": "De buurvrouw belt opnieuw."})
    melding.refresh_from_db()
    assert melding.status == Status.IN_BEHANDELING
    assert Gebeurtenis.objects.get(melding=melding, kind=EntryKind.HEROPEND).text == "De buurvrouw belt opnieuw."


# --- Merging ---------------------------------------------------------------------------------------------------


def test_merging_into_a_possible_duplicate_after_confirmation(client_, meldpunt, medewerker):
    existing = MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen", person_birth_year=1942)
    new = MeldingFactory(meldpunt=meldpunt, person_name="mevrouw jansen", person_birth_year=1942)

    page = html(client_.get(url(new)))
    merge_url = f"{url(new, 'case_merge')}?met={existing.number}"
    assert merge_url in page
    # The other case's name was shown beside this one: a read of that case, in the audit log.
    assert AuditRegel.objects.filter(melding=existing, detail__contains=f"bij {new.number}").count() == 1

    confirm = client_.get(merge_url)
    assert confirm.status_code == 200
    assert "Dit kunt u niet ongedaan maken." in html(confirm)
    assert Melding.objects.get(pk=new.pk).is_open  # nothing happened yet

    response = client_.post(url(new, "case_merge"), {"met": existing.number, "bevestig": "ja"})
    assert response.status_code == 302 and response["Location"] == url(existing)
    new.refresh_from_db()
    assert new.merged_into == existing and new.close_reason == CloseReason.SAMENGEVOEGD
    assert existing.signalen.count() == 2

    merged_page = html(client_.get(url(new)))
    assert "Deze melding is samengevoegd met" in merged_page
    assert "Melding heropenen" not in merged_page


def test_merging_into_a_case_of_another_meldpunt_or_a_closed_case_is_refused(client_, melding):
    elsewhere = MeldingFactory()
    closed = MeldingFactory(meldpunt=melding.meldpunt, closed=True)
    for other in (elsewhere, closed, melding):
        response = client_.post(url(melding, "case_merge"), {"met": other.number, "bevestig": "ja"})
        assert "Er is geen open melding met dit nummer bij dit meldpunt." in html(response)
    melding.refresh_from_db()
    assert melding.is_open


# --- Print view, form addresses --------------------------------------------------------------------------------


def test_the_print_view_shows_everything_without_forms_and_is_logged(client_, melding, medewerker):
    casefile.add_entry(melding, EntryKind.NOTITIE, "Een notitie voor op papier.", by=medewerker)
    response = client_.get(url(melding, "case_print"))
    page = html(response)
    assert response.status_code == 200
    assert "Mevrouw Jansen" in page and "Een notitie voor op papier." in page
    assert "<form" not in page.split('id="inhoud"')[1].split("</main>")[0]
    assert AuditRegel.objects.filter(melding=melding, action=AuditAction.AFGEDRUKT, user=medewerker).count() == 1


def test_the_form_addresses_send_a_get_back_to_the_case(client_, melding):
    for name in ("case_entry", "case_edit", "case_close", "case_merge"):
        response = client_.get(url(melding, name))
        assert response.status_code == 302 and response["Location"] == url(melding)


# --- Queries ---------------------------------------------------------------------------------------------------


def test_the_case_page_takes_at_most_17_queries(client_, meldpunt, medewerker, django_assert_max_num_queries):
    collega = UserFactory(role=Role.COORDINATOR)
    meldpunt.staff.add(collega)
    melding = MeldingFactory(meldpunt=meldpunt, owner=medewerker, status="in_behandeling", person_birth_year=1942)
    SignaalFactory.create_batch(2, melding=melding)
    MeldingFactory(meldpunt=meldpunt, person_name=melding.person_name, person_birth_year=1942)  # a duplicate
    for n in range(36):
        GebeurtenisFactory(melding=melding, author=[medewerker, collega, None][n % 3], text=f"Regel {n}")
    note = GebeurtenisFactory(melding=melding, author=medewerker)
    casefile.correct_entry(note, "Correctie", by=collega)
    casefile.assign(melding, collega, by=medewerker)
    casefile.change_status(melding, Status.WACHT_OP_PARTNER, by=medewerker)
    today = timezone.localdate()
    for step in ("bespreekbaar", "besproken", "gemotiveerd"):
        casefile.record_step(melding, step, "ja", today, "", by=medewerker)
    casefile.set_profile(melding, "structureel", "actief", "gericht", by=medewerker)
    assert melding.tijdlijn.count() >= 40

    client_.get(url(melding))  # a first visit fills the cache of the public contact details in base.html
    # Two of them chain the audit line of this read to the log (meldpunt.services.audit).
    with django_assert_max_num_queries(17):
        response = client_.get(url(melding))

    assert response.status_code == 200
    assert "Compenseerders" in html(response)


# --- Accessibility ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worklist_and_case_page_have_no_serious_accessibility_violations(live_server):
    from tests.browser import browser_page, serious_axe_violations

    user = UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")
    meldpunt = MeldpuntFactory(staff=[user])
    melding = MeldingFactory(meldpunt=meldpunt, urgency="acuut", person_name="Mevrouw Jansen", person_birth_year=1942)
    duplicate = MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen", person_birth_year=1942)
    note = GebeurtenisFactory(melding=melding, author=user, text="Gebeld met de dochter")
    casefile.correct_entry(note, "Het was de schoondochter", by=user)
    casefile.record_step(melding, "bespreekbaar", "ja", timezone.localdate(), "", by=user)
    closed = MeldingFactory(meldpunt=meldpunt, closed=True)
    browser_login = other_browser(user)

    problems = {}
    with browser_page() as page:
        page.context.add_cookies(
            [{"name": "sessionid", "value": browser_login.cookies["sessionid"].value, "url": live_server.url}]
        )
        merge = f"{url(melding, 'case_merge')}?met={duplicate.number}"
        for path in [reverse("meldpunt:index"), url(melding), url(closed), url(melding, "case_print"), merge]:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.get_by_role("heading", level=1).count() == 1, path
            problems[path] = serious_axe_violations(page)
        # A form with errors: the messages are beside the fields.
        page.goto(live_server.url + url(melding))
        page.get_by_text("Gegevens wijzigen").click()
        page.get_by_label("Postcode").fill("75111")
        page.get_by_role("button", name="Gegevens opslaan").click()
        page.wait_for_load_state()
        assert "Vul een postcode in als 1234 AB." in page.content()
        problems["met fouten"] = serious_axe_violations(page)
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, problems
