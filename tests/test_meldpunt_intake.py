"""Signals coming in from staff and partners: the staff intake (with the duplicate check) and a partner's signal.

Cast: `medewerker` works for `meldpunt` (Twenterand); `other_meldpunt` is a meldpunt they do not work for.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import Channel, EntryKind, Relation, Status, Urgency
from meldpunt.models import AuditRegel, Gebeurtenis, Melding, Signaal
from tests.factories import (
    GemeenteFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db

INTAKE = "/meldpunt/nieuw/"
PARTNER = "/meldpunt/signaal-doorgeven/"
PARTNER_BEDANKT = "/meldpunt/signaal-doorgeven/bedankt/"


def case_url(number: str) -> str:
    return f"/meldpunt/meldingen/{number}/"


@pytest.fixture
def meldpunt(medewerker):
    gemeente = GemeenteFactory(name="Twenterand")
    return MeldpuntFactory(gemeente=gemeente, name="Meldpunt Twenterand", staff=[medewerker])


@pytest.fixture
def other_meldpunt(db):
    return MeldpuntFactory(gemeente=GemeenteFactory(name="Hengelo"), name="Meldpunt Hengelo")


@pytest.fixture
def vroomshoop(meldpunt):
    wijk = WijkFactory(gemeente=meldpunt.gemeente, name="Vroomshoop")
    wijk.postcodegebieden.create(postcode_from="7681AA", postcode_to="7681ZZ")
    return wijk


@pytest.fixture
def as_medewerker(login, medewerker, meldpunt):
    return login(medewerker)


def intake_data(**overrides) -> dict:
    data = {
        "channel": "telefoon",
        "reporter_name": "Buurvrouw Pietersen",
        "reporter_contact": "06 12345678",
        "reporter_relation": "buur",
        "person_name": "Gerrit Haverkamp",
        "person_address": "Dorpsstraat 12, Vroomshoop",
        "person_postcode": "7681 ab",
        "person_birth_year": "1941",
        "person_phone": "0546 111 222",
        "person_language": "twents",
        "lives_alone": "ja",
        "signals": ["weinig_sociale_contacten", "verslechterde_zelfzorg"],
        "life_events": ["overlijden_naaste"],
        "description": "Sinds zijn vrouw is overleden komt hij de deur niet meer uit.",
        "urgency": "normaal",
        "owner": "mij",
        "follow_up_on": "",
    }
    data.update(overrides)
    return data


# --- The page --------------------------------------------------------------------------------------------------


def test_the_intake_page_shows_the_signaleringskaart_grouped_and_the_acute_guidance(
    as_medewerker, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = as_medewerker.get(INTAKE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Waargenomen signalen (geen diagnose)" in html
    for category in ["Lichamelijke signalen", "Psychische signalen", "Sociale signalen", "Gedragsmatige signalen"]:
        assert f'<legend class="fs-6 fw-semibold mb-1">{category}</legend>' in html
    assert 'value="weinig_sociale_contacten"' in html
    # Defaults for a phone call: channel telefoon, urgency normaal, the owner is me.
    form = response.context["form"]
    assert form["channel"].value() == Channel.TELEFOON
    assert form["urgency"].value() == Urgency.NORMAAL
    assert form["owner"].value() == "mij"
    # One meldpunt: no choice to make.
    assert "meldpunt" not in form.fields
    # What to do at once with an acute signal is on the page (shown as soon as "acuut" is chosen).
    assert 'href="tel:112"' in html
    assert "0800-0113" in html
    assert "huisartsenpost" in html


def test_staff_of_no_meldpunt_read_a_clear_message_and_no_form(client, login, medewerker):
    login(medewerker)

    response = client.get(INTAKE)
    assert response.status_code == 200
    assert "U werkt nog niet voor een meldpunt." in response.content.decode()
    assert response.context["form"] is None

    response = client.post(INTAKE, intake_data())
    assert response.status_code == 200
    assert not Melding.objects.exists()


def test_staff_of_two_meldpunten_choose_one_of_their_own(as_medewerker, medewerker, meldpunt, other_meldpunt):
    second = MeldpuntFactory(gemeente=GemeenteFactory(name="Almelo"), name="Meldpunt Almelo", staff=[medewerker])

    response = as_medewerker.get(INTAKE)
    choices = dict(response.context["form"].fields["meldpunt"].choices)
    assert choices == {second.pk: "Meldpunt Almelo", meldpunt.pk: "Meldpunt Twenterand"}

    response = as_medewerker.post(INTAKE, intake_data(meldpunt=other_meldpunt.pk))
    assert response.status_code == 200
    assert "Kies een van de meldpunten." in response.content.decode()
    assert not Melding.objects.exists()

    response = as_medewerker.post(INTAKE, intake_data(meldpunt=second.pk))
    assert Melding.objects.get().meldpunt == second


def test_partners_and_others_cannot_open_the_intake(client, login, partner):
    login(partner)
    assert client.get(INTAKE).status_code == 403


# --- Saving ----------------------------------------------------------------------------------------------------


def test_an_intake_makes_a_case_with_owner_and_follow_up_in_one_go(as_medewerker, medewerker, meldpunt, vroomshoop):
    follow_up = timezone.localdate() + timedelta(days=2)

    response = as_medewerker.post(INTAKE, intake_data(follow_up_on=follow_up.isoformat()))

    melding = Melding.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case_url(melding.number)
    assert melding.number.startswith(f"ME-{timezone.localdate().year}-")
    assert melding.meldpunt == meldpunt
    assert melding.status == Status.NIEUW
    assert (melding.person_name, melding.person_postcode, melding.person_birth_year) == (
        "Gerrit Haverkamp",
        "7681AB",
        1941,
    )
    assert melding.person_address == "Dorpsstraat 12, Vroomshoop"
    assert melding.person_phone == "0546 111 222"
    assert melding.person_language == "twents"
    assert melding.lives_alone is True
    assert melding.wijk == vroomshoop  # from the postcode
    assert melding.owner == medewerker
    assert melding.follow_up_on == follow_up
    signaal = Signaal.objects.get(melding=melding)
    assert signaal.channel == Channel.TELEFOON
    assert signaal.reporter_relation == Relation.BUUR
    assert (signaal.reporter_name, signaal.reporter_contact) == ("Buurvrouw Pietersen", "06 12345678")
    assert signaal.reported_by == medewerker
    assert signaal.signals == ["weinig_sociale_contacten", "verslechterde_zelfzorg"]
    assert signaal.life_events == ["overlijden_naaste"]
    assert signaal.description.startswith("Sinds zijn vrouw")
    kinds = set(Gebeurtenis.objects.filter(melding=melding).values_list("kind", flat=True))
    assert {EntryKind.SIGNAAL, EntryKind.EIGENAAR, EntryKind.NOTITIE} <= kinds
    assert AuditRegel.objects.filter(melding=melding, user=medewerker).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Melding {melding.number} is opgeslagen."]


def test_an_intake_left_for_the_queue_has_no_owner_and_the_person_may_be_unknown(as_medewerker):
    data = intake_data(owner="wachtrij", lives_alone="onbekend", follow_up_on="")
    for key in ["person_name", "person_address", "person_postcode", "person_birth_year", "person_phone"]:
        data[key] = ""
    data["person_language"] = ""

    response = as_medewerker.post(INTAKE, data)

    melding = Melding.objects.get()
    assert response["Location"] == case_url(melding.number)
    assert melding.owner is None
    assert melding.follow_up_on is None
    assert melding.person_name == ""
    assert melding.lives_alone is None
    assert melding.wijk is None


def test_an_acute_intake_leads_to_a_case_page_that_says_at_once_what_to_do(as_medewerker):
    response = as_medewerker.post(INTAKE, intake_data(urgency="acuut"), follow=True)

    assert Melding.objects.get().urgency == Urgency.ACUUT
    html = response.content.decode()
    assert "Acuut? Doe dit meteen:" in html  # templates/meldpunt/_acuut.html, included by the case page
    assert 'href="tel:112"' in html
    assert "0800-0113" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("follow_up_on", "31-02-2026", "Deze datum bestaat niet."),
        ("follow_up_on", "2026-13-40", "Deze datum bestaat niet."),
        ("person_birth_year", "1850", "Vul een geboortejaar in tussen 1900 en"),
        ("person_birth_year", str(timezone.localdate().year + 1), "Vul een geboortejaar in tussen 1900 en"),
        ("person_birth_year", "negentig", "Vul een jaartal in van vier cijfers"),
        ("person_postcode", "75111AB", "Vul een postcode in als 1234 AB."),
        ("person_postcode", "AB 1234", "Vul een postcode in als 1234 AB."),
        ("description", "x" * 5001, "Dit is te lang: gebruik hoogstens 5000 tekens (nu 5001)."),
        ("person_name", "x" * 201, "Dit is te lang: gebruik hoogstens 200 tekens"),
        ("reporter_relation", "", "Kies wie de melder is voor de persoon"),
        ("urgency", "heel erg", "Kies normaal, hoog of acuut."),
        ("signals", ["geen_signaal"], "Kies alleen uit de signalen van de signaleringskaart."),
    ],
)
def test_bad_input_gets_a_dutch_message_beside_the_field_and_nothing_is_lost(as_medewerker, field, value, message):
    data = intake_data(**{field: value})

    response = as_medewerker.post(INTAKE, data)

    assert response.status_code == 200
    assert not Melding.objects.exists()
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    # The message sits in the field's own error list, linked to the field.
    assert f'id="id_{field}_error"' in html
    # Everything typed comes back.
    assert 'value="Gerrit Haverkamp"' in html or field == "person_name"
    assert "Sinds zijn vrouw is overleden" in html or field == "description"
    assert 'value="Buurvrouw Pietersen"' in html
    if field != "signals":
        assert 'value="weinig_sociale_contacten" id="id_signals_weinig_sociale_contacten" checked' in html


def test_a_follow_up_date_in_the_past_is_refused(as_medewerker):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = as_medewerker.post(INTAKE, intake_data(follow_up_on=yesterday.isoformat()))

    assert "De volgende actie kan niet in het verleden liggen." in response.context["form"].errors["follow_up_on"]
    assert not Melding.objects.exists()


def test_an_intake_needs_a_description_or_a_signal(as_medewerker):
    response = as_medewerker.post(INTAKE, intake_data(description="", signals=[], life_events=[]))

    assert response.status_code == 200
    assert "Schrijf kort wat er aan de hand is" in response.context["form"].errors["description"][0]
    assert not Melding.objects.exists()

    response = as_medewerker.post(INTAKE, intake_data(description=""))
    assert response.status_code == 302


# --- Possible duplicates ---------------------------------------------------------------------------------------


@pytest.fixture
def existing(meldpunt, coordinator):
    meldpunt.staff.add(coordinator)
    return MeldingFactory(
        meldpunt=meldpunt,
        number="ME-2026-00077",
        person_name="Gerrit Haverkamp",
        person_birth_year=1941,
        person_postcode="7681AB",
        status=Status.IN_BEHANDELING,
        owner=coordinator,
    )


def test_an_open_case_of_the_same_person_is_shown_and_nothing_typed_is_lost(as_medewerker, existing):
    # Same name in other capitals and the same year of birth, another postcode.
    response = as_medewerker.post(INTAKE, intake_data(person_name="gerrit HAVERKAMP", person_postcode="7600 AA"))

    assert response.status_code == 200
    assert Melding.objects.count() == 1
    assert Signaal.objects.count() == 1
    assert response.context["form"].duplicates == [existing]
    html = response.content.decode()
    assert "Mogelijk dezelfde persoon" in html
    for shown in ["ME-2026-00077", "Gerrit Haverkamp", "1941", "7681AB", "In behandeling", "Cor Coördinator"]:
        assert shown in html
    assert "Voeg dit signaal toe aan ME-2026-00077" in html
    assert "Toch een nieuwe melding" in html
    # The matches come before the form.
    assert html.index("Mogelijk dezelfde persoon") < html.index('name="reporter_name"')
    # Showing the other case's name is a read of that case: in the audit log.
    assert AuditRegel.objects.filter(melding=existing, detail="mogelijk dubbel bij invoer").count() == 1
    assert 'value="gerrit HAVERKAMP"' in html
    assert "Sinds zijn vrouw is overleden" in html


def test_staff_attach_the_signal_to_the_existing_case(as_medewerker, medewerker, existing, coordinator):
    response = as_medewerker.post(INTAKE, intake_data(koppeling="ME-2026-00077", urgency="hoog"))

    assert response.status_code == 302
    assert response["Location"] == case_url("ME-2026-00077")
    assert Melding.objects.count() == 1
    existing.refresh_from_db()
    assert existing.signalen.count() == 2
    new = existing.signalen.order_by("-pk").first()
    assert new.reported_by == medewerker
    assert new.description.startswith("Sinds zijn vrouw")
    assert existing.urgency == Urgency.HOOG
    assert existing.owner == coordinator  # the case keeps its owner
    assert existing.person_phone == "0546 111 222"  # what the case did not know yet is filled in
    assert "Het signaal is toegevoegd aan melding ME-2026-00077." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_staff_make_a_new_case_anyway(as_medewerker, existing):
    response = as_medewerker.post(INTAKE, intake_data(koppeling="nieuw"))

    assert response.status_code == 302
    new = Melding.objects.exclude(pk=existing.pk).get()
    assert response["Location"] == case_url(new.number)
    assert existing.signalen.count() == 1


def test_a_case_number_that_is_no_match_is_refused(as_medewerker, existing, meldpunt):
    unrelated = MeldingFactory(meldpunt=meldpunt, person_name="Iemand Anders")

    response = as_medewerker.post(INTAKE, intake_data(koppeling=unrelated.number))

    assert response.status_code == 200
    assert "past niet (meer) bij deze persoon" in response.context["form"].errors["koppeling"][0]
    assert unrelated.signalen.count() == 1
    assert existing.signalen.count() == 1


def test_closed_cases_and_cases_of_another_meldpunt_are_no_duplicates(as_medewerker, meldpunt, other_meldpunt):
    MeldingFactory(meldpunt=meldpunt, person_name="Gerrit Haverkamp", person_birth_year=1941, closed=True)
    MeldingFactory(meldpunt=other_meldpunt, person_name="Gerrit Haverkamp", person_birth_year=1941)

    response = as_medewerker.post(INTAKE, intake_data())

    assert response.status_code == 302
    assert Melding.objects.count() == 3


def test_a_name_alone_is_not_enough_for_a_duplicate(as_medewerker, existing):
    response = as_medewerker.post(INTAKE, intake_data(person_birth_year="", person_postcode=""))

    assert response.status_code == 302
    assert Melding.objects.count() == 2


# --- Partners --------------------------------------------------------------------------------------------------


@pytest.fixture
def woonkracht(partner):
    organisatie = partner.organisaties.get()
    organisatie.name, organisatie.kind = "Woonkracht", "wonen"
    organisatie.save()
    return organisatie


@pytest.fixture
def as_partner(login, partner, woonkracht, meldpunt):
    return login(partner)


def partner_data(**overrides) -> dict:
    data = {
        "reporter_relation": "woningcorporatie",
        "person_name": "Gerrit Haverkamp",
        "person_address": "Dorpsstraat 12",
        "person_postcode": "7681AB",
        "person_birth_year": "1941",
        "person_phone": "",
        "lives_alone": "ja",
        "signals": ["verslechterde_zelfzorg"],
        "description": "De post stapelt zich op en de gordijnen blijven dicht.",
        "urgency": "hoog",
        "person_knows": "eens",
    }
    data.update(overrides)
    return data


def test_a_partner_sees_a_short_form_with_their_own_organisation(as_partner, django_assert_max_num_queries):
    # Partners pass a second factor: its device is read and the session's idle expiry saved (three statements).
    with django_assert_max_num_queries(9):
        response = as_partner.get(PARTNER)

    assert response.status_code == 200
    form = response.context["form"]
    assert "organisatie" not in form.fields  # one organisation: no choice
    assert "meldpunt" not in form.fields  # one meldpunt
    assert form["reporter_relation"].value() == Relation.WONINGCORPORATIE  # guessed from the kind of organisation
    html = response.content.decode()
    assert "Waargenomen signalen (geen diagnose)" in html
    assert 'name="reporter_name"' not in html  # the reporter is the partner


def test_a_partner_passes_on_a_signal_and_gets_the_number_once(
    as_partner, partner, woonkracht, meldpunt, vroomshoop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_partner.post(PARTNER, partner_data())

    assert response.status_code == 302
    assert response["Location"] == PARTNER_BEDANKT
    melding = Melding.objects.get()
    assert melding.number not in response["Location"]
    assert (melding.meldpunt, melding.urgency, melding.wijk) == (meldpunt, Urgency.HOOG, vroomshoop)
    assert melding.owner is None
    signaal = melding.signalen.get()
    assert signaal.channel == Channel.PARTNER
    assert signaal.reporter_organisation == woonkracht
    assert (signaal.reporter_name, signaal.reporter_contact) == (partner.full_name, partner.email)
    assert signaal.reported_by == partner
    assert signaal.signals == ["verslechterde_zelfzorg"]

    # The meldpunt hears of it by e-mail: a link, no personal data.
    assert len(mail.outbox) == 1
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert mail.outbox[0].to == [meldpunt.email]
    assert case_url(melding.number) in body
    for personal in ["Haverkamp", "Dorpsstraat", "7681", "post stapelt", partner.full_name, "Woonkracht"]:
        assert personal not in body

    response = as_partner.get(PARTNER_BEDANKT)
    html = response.content.decode()
    assert melding.number in html
    assert "binnen 3 werkdagen" in html
    assert "U ziet de melding zelf niet in Omzien." in html
    assert case_url(melding.number) not in html
    # Shown once.
    assert as_partner.get(PARTNER_BEDANKT)["Location"] == PARTNER


def test_a_partner_cannot_open_the_case_afterwards(as_partner):
    as_partner.post(PARTNER, partner_data())
    melding = Melding.objects.get()

    assert as_partner.get(case_url(melding.number)).status_code == 403


def test_a_partner_of_several_organisations_chooses_one_of_their_own(client, login, meldpunt):
    eigen = [OrganisatieFactory(name="Thuiszorg Oost"), OrganisatieFactory(name="Bibliotheek Twenterand")]
    vreemd = OrganisatieFactory(name="Andere organisatie")
    user = UserFactory(role=Role.PARTNER, organisaties=eigen)
    login(user)

    response = client.get(PARTNER)
    assert {label for _pk, label in response.context["form"].fields["organisatie"].choices} == {
        "Thuiszorg Oost",
        "Bibliotheek Twenterand",
    }

    response = client.post(PARTNER, partner_data(organisatie=vreemd.pk))
    assert response.status_code == 200
    assert "Kies een van uw eigen organisaties." in response.context["form"].errors["organisatie"]
    assert not Melding.objects.exists()

    response = client.post(PARTNER, partner_data(organisatie=eigen[1].pk))
    assert response.status_code == 302
    assert Signaal.objects.get().reporter_organisation == eigen[1]


def test_a_coordinator_without_organisation_can_pass_on_a_signal(client, login, coordinator, meldpunt):
    login(coordinator)

    response = client.post(PARTNER, partner_data(reporter_relation="gemeente"))

    assert response.status_code == 302
    signaal = Signaal.objects.get()
    assert signaal.reporter_organisation is None
    assert signaal.reported_by == coordinator


def test_bad_input_from_a_partner_keeps_what_was_typed(as_partner):
    response = as_partner.post(
        PARTNER, partner_data(person_postcode="12345", person_birth_year="1800", description="x" * 5001)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["person_postcode"] == ["Vul een postcode in als 1234 AB."]
    assert "Vul een geboortejaar in tussen 1900 en" in errors["person_birth_year"][0]
    assert "Dit is te lang" in errors["description"][0]
    assert 'value="Gerrit Haverkamp"' in response.content.decode()
    assert not Melding.objects.exists()


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("eens", "Ja, weet ervan en is het ermee eens"),
        ("liever_niet", "Weet ervan, maar wil het liever niet"),
        ("weet_niet", "Weet het nog niet"),
    ],
)
def test_a_partner_says_whether_the_person_knows_and_the_meldpunt_sees_it_on_the_case(
    as_partner, login, medewerker, answer, shown
):
    response = as_partner.get(PARTNER)
    assert "Weet de persoon dat u dit signaal doorgeeft?" in response.content.decode()

    as_partner.post(PARTNER, partner_data(person_knows=answer))

    melding = Melding.objects.get()
    assert melding.signalen.get().person_knows == answer
    login(medewerker)
    html = as_partner.get(case_url(melding.number)).content.decode()
    signals = html[html.index('id="signalen"') : html.index("</section>", html.index('id="signalen"'))]
    assert "Weet de persoon ervan?" in signals
    assert shown in signals


def test_a_partner_must_say_whether_the_person_knows(as_partner):
    response = as_partner.post(PARTNER, partner_data(person_knows=""))

    assert response.status_code == 200
    assert response.context["form"].errors["person_knows"] == ["Kies of de persoon ervan weet en het ermee eens is."]
    assert 'href="#id_person_knows_0"' in response.content.decode()  # in the error summary, linked
    assert not Melding.objects.exists()


def test_a_signal_from_staff_or_the_web_form_has_no_answer_about_the_person(as_medewerker):
    as_medewerker.post(INTAKE, intake_data())

    assert Signaal.objects.get().person_knows == ""
    html = as_medewerker.get(case_url(Melding.objects.get().number)).content.decode()
    assert "Weet de persoon ervan?" not in html


def test_staff_cannot_use_the_partner_form(client, login, medewerker):
    login(medewerker)
    assert client.get(PARTNER).status_code == 403


# --- In a real browser -----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_intake_works_with_the_keyboard_and_passes_axe(live_server, client, login):
    """Tab through the form, save an acute phone call, and check the page (empty, with a duplicate) with axe-core."""
    from django.conf import settings

    from tests.browser import browser_page, serious_axe_violations

    medewerker = UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")
    meldpunt = MeldpuntFactory(gemeente=GemeenteFactory(name="Twenterand"), staff=[medewerker])
    MeldingFactory(meldpunt=meldpunt, number="ME-2026-00077", person_name="Gerrit Haverkamp", person_birth_year=1941)
    login(medewerker)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    problems = {}
    with browser_page() as page:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page.goto(live_server.url + INTAKE)
        problems["leeg"] = serious_axe_violations(page)
        # The acute guidance shows as soon as "acuut" is chosen.
        assert not page.get_by_text("Acuut? Doe dit meteen:").is_visible()
        page.get_by_role("radio", name="Acuut").check()
        assert page.get_by_text("Acuut? Doe dit meteen:").is_visible()

        page.get_by_label("Naam van de melder").fill("Buurvrouw Pietersen")
        page.keyboard.press("Tab")
        page.keyboard.type("06 12345678")
        page.keyboard.press("Tab")
        page.keyboard.type("Buur")  # a select follows the letters typed
        page.get_by_label("Naam van de persoon").fill("Gerrit Haverkamp")
        page.get_by_label("Geboortejaar").fill("1941")
        page.get_by_label("weinig sociale contacten").check()
        page.get_by_label("Toelichting").fill("Komt de deur niet meer uit.")
        page.get_by_role("button", name="Opslaan").last.press("Enter")
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Mogelijk dezelfde persoon").is_visible()
        problems["dubbel"] = serious_axe_violations(page)

        page.get_by_label("Voeg dit signaal toe aan ME-2026-00077").check()
        page.get_by_role("button", name="Opslaan").first.press("Enter")
        page.wait_for_url(live_server.url + case_url("ME-2026-00077"))
    assert Signaal.objects.filter(melding__number="ME-2026-00077").count() == 2
    assert Melding.objects.get(number="ME-2026-00077").urgency == Urgency.ACUUT
    problems = {name: found for name, found in problems.items() if found}
    assert not problems, problems


@pytest.mark.django_db(transaction=True)
def test_the_partner_form_passes_axe(live_server, client, login):
    from django.conf import settings

    from tests.browser import browser_page, serious_axe_violations

    user = UserFactory(role=Role.PARTNER, organisaties=[OrganisatieFactory(), OrganisatieFactory()])
    MeldpuntFactory()
    MeldpuntFactory()
    login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    with browser_page() as page:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page.goto(live_server.url + PARTNER)
        empty = serious_axe_violations(page)
        page.get_by_role("button", name="Signaal doorgeven").click()
        page.wait_for_load_state()
        with_errors = serious_axe_violations(page)
    assert (empty, with_errors) == ([], [])
