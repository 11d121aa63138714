"""Finding the right case (issue 15): the surname and phone keys, the duplicate check at intake and on the case
page, the worklist's search by the start of a word, phone number and year of birth, the step plan's next step,
the intake's required fields, the phone-only activity and the partner's close outcomes.

Cast: `medewerker` works for `meldpunt` (Twenterand).
"""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition.models import Role
from meldpunt.choices import CloseReason, Outcome, ReferralStatus, Status
from meldpunt.models import AuditRegel, Melding
from meldpunt.names import PREFIXES, TITLES, fold, phone_key, surname_key
from meldpunt.queries.worklist import NAME_SEARCH, possible_duplicates, search_filter
from meldpunt.services.casefile import update_case
from meldpunt.services.intake import SignalData, register_signal
from meldpunt.services.privacy import anonymise
from tests.factories import (
    ActiviteitFactory,
    GemeenteFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    UserFactory,
    VerwijzingFactory,
)

INTAKE = "/meldpunt/nieuw/"
WORKLIST = "/meldpunt/"


def case_url(number: str) -> str:
    return f"/meldpunt/meldingen/{number}/"


def referral_url(melding) -> str:
    return reverse("meldpunt:referral_create", args=[melding.number])


# --- The keys (no database) ------------------------------------------------------------------------------------

SURNAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëöüij", min_size=2, max_size=12).filter(
    lambda word: fold(word) not in TITLES | PREFIXES
)
GIVEN = st.sampled_from(["", "Greetje ", "Gerrit Jan ", "Anne-Marie "])
WRITTEN_TITLES = st.sampled_from(
    ["", "mevrouw ", "Mevrouw ", "mw. ", "Mevr. ", "dhr. ", "de heer ", "De Heer ", "meneer ", "dr. ", "Dhr "]
)
INITIALS = st.sampled_from(["", "G. ", "G.J. ", "G.J.M. ", "Th. ", "A "])
PREFIX = st.sampled_from(["", "van ", "de ", "van der ", "ter ", "van den "])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(title=WRITTEN_TITLES, initials=INITIALS, given_name=GIVEN, prefix=PREFIX, surname=SURNAMES)
def test_titles_initials_and_prefixes_never_change_the_surname_key(title, initials, given_name, prefix, surname):
    plain = surname_key(surname)
    assert plain
    assert surname_key(f"{title}{initials}{prefix}{surname}") == plain
    assert surname_key(f"{given_name}{prefix}{surname}") == plain
    assert surname_key(f"  {title.upper()}{initials}{given_name}  {prefix}{surname.upper()} ") == plain
    assert surname_key(f"{surname}, {initials}{prefix}".strip()) == plain  # "Vries, G. de"


@pytest.mark.parametrize(
    "name",
    ["Greetje Jansen", "mevrouw G. Jansen", "JANSEN", "mw. G.J. Jansen", "Jansen, G.", "de heer Jansen", "Jänsen"],
)
def test_the_ways_of_writing_jansen_share_one_key(name):
    assert surname_key(name) == surname_key("Greetje Jansen") == "jansen"


def test_prefixes_and_their_order_do_not_matter():
    assert surname_key("Greetje de Vries") == surname_key("Vries, de") == surname_key("G. Vries") == "vries"
    assert surname_key("Hendrik van der Berg") == surname_key("Berg, H. van der") == "berg"
    assert surname_key("") == surname_key("mevrouw") == surname_key("van der") == ""


@pytest.mark.parametrize(
    "phone", ["0546 111 222", "0546-111222", "+31 546 111 222", "0031546111222", "+31 (0)546 111222"]
)
def test_the_phone_key_is_the_digits_with_0_for_plus_31(phone):
    assert phone_key(phone) == "0546111222"


def test_a_phone_key_needs_enough_digits():
    assert phone_key("") == phone_key("onbekend") == phone_key("112") == ""


# --- The duplicate check -----------------------------------------------------------------------------------------


@pytest.fixture
def meldpunt(medewerker):
    return MeldpuntFactory(gemeente=GemeenteFactory(name="Twenterand"), name="Meldpunt Twenterand", staff=[medewerker])


@pytest.fixture
def as_medewerker(login, medewerker, meldpunt):
    return login(medewerker)


@pytest.fixture
def greetje(meldpunt):
    return MeldingFactory(
        meldpunt=meldpunt,
        number="ME-2026-00077",
        person_name="Greetje Jansen",
        person_postcode="7681AB",
        person_birth_year=1938,
        person_phone="0546 111 222",
        status=Status.IN_BEHANDELING,
    )


def intake_data(**overrides) -> dict:
    data = {
        "channel": "telefoon",
        "reporter_name": "Buurvrouw Pietersen",
        "reporter_contact": "06 12345678",
        "reporter_relation": "buur",
        "person_name": "mevrouw Jansen",
        "person_address": "",
        "person_postcode": "7681 AB",
        "person_birth_year": "",
        "person_phone": "",
        "person_language": "",
        "lives_alone": "",
        "signals": ["weinig_sociale_contacten"],
        "life_events": [],
        "description": "Ze komt de deur niet meer uit.",
        "urgency": "normaal",
        "owner": "mij",
        "follow_up_on": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_keys_are_stored_and_follow_the_name_and_phone(greetje):
    greetje.refresh_from_db()
    assert (greetje.person_surname_key, greetje.person_phone_key) == ("jansen", "0546111222")
    assert greetje.person_name_words == "greetje jansen"
    greetje.person_name, greetje.person_phone = "Greetje de Vries", "+31 6 1234 5678"
    greetje.save(update_fields=["person_name", "person_phone"])
    greetje.refresh_from_db()
    assert (greetje.person_surname_key, greetje.person_phone_key) == ("vries", "0612345678")
    assert greetje.person_name_words == "greetje de vries"


@pytest.mark.django_db
def test_intake_and_the_person_form_write_the_keys(meldpunt, medewerker):
    data = SignalData(
        channel="telefoon", reporter_relation="buur", description="Zorgen.",
        person={"person_name": "Mw. G. de Vries", "person_phone": "+31 6 1234 5678"},
    )  # fmt: skip
    melding = register_signal(meldpunt, data, by=medewerker)
    melding.refresh_from_db()
    assert (melding.person_surname_key, melding.person_phone_key) == ("vries", "0612345678")
    melding = update_case(melding, {"person_name": "Anna Smit", "person_phone": ""}, melding.version, by=medewerker)
    melding.refresh_from_db()
    assert (melding.person_surname_key, melding.person_phone_key, melding.person_name_words) == (
        "smit",
        "",
        "anna smit",
    )


@pytest.mark.django_db
def test_mevrouw_jansen_at_the_same_postcode_is_found(meldpunt, greetje):
    found = possible_duplicates(meldpunt, "mevrouw Jansen", postcode="7681 ab")
    assert found == [greetje]
    assert found[0].match_reasons == ["achternaam_postcode"]
    # The same surname and year of birth, elsewhere; another surname at the same postcode is no match.
    assert possible_duplicates(meldpunt, "G. JANSEN", birth_year=1938, postcode="7600AA") == [greetje]
    assert possible_duplicates(meldpunt, "Greetje Pietersen", birth_year=1938, postcode="7681AB") == []
    # Closed cases and other meldpunten are never matched.
    other = MeldpuntFactory(gemeente=GemeenteFactory(name="Hengelo"))
    assert possible_duplicates(other, "mevrouw Jansen", postcode="7681AB") == []


@pytest.mark.django_db
def test_the_same_phone_number_is_found_whatever_the_name(meldpunt, greetje):
    found = possible_duplicates(meldpunt, "", phone="+31 546-111222")
    assert found == [greetje]
    assert found[0].match_reasons == ["telefoon"]
    found = possible_duplicates(meldpunt, "G. Jansen", postcode="7681AB", phone="0546111222")
    assert found[0].match_reasons == ["achternaam_postcode", "telefoon"]


@pytest.mark.django_db
def test_intake_warns_about_mevrouw_jansen_and_says_why(as_medewerker, greetje):
    response = as_medewerker.post(INTAKE, intake_data())
    assert response.status_code == 200
    assert response.context["form"].duplicates == [greetje]
    html = response.content.decode()
    assert "Mogelijk dezelfde persoon" in html
    assert "zelfde achternaam en postcode" in html
    assert Melding.objects.count() == 1

    response = as_medewerker.post(INTAKE, intake_data(person_name="", person_postcode="", person_phone="0546111222"))
    assert response.context["form"].duplicates == [greetje]
    assert "zelfde telefoonnummer" in response.content.decode()


@pytest.mark.django_db
def test_the_case_page_shows_why_another_case_may_be_the_same_person(as_medewerker, meldpunt, greetje):
    other = MeldingFactory(meldpunt=meldpunt, person_name="Mw. G. Jansen", person_postcode="7681AB")
    response = as_medewerker.get(case_url(other.number))
    assert response.context["duplicates"] == [greetje]
    assert "zelfde achternaam en postcode" in response.content.decode()


@pytest.mark.django_db
def test_anonymising_blanks_the_keys(greetje):
    greetje.status, greetje.close_reason, greetje.closed_at = Status.GESLOTEN, CloseReason.GEHOLPEN, timezone.now()
    greetje.save()
    anonymise(greetje, "test")
    greetje.refresh_from_db()
    assert (greetje.person_surname_key, greetje.person_phone_key, greetje.person_name_words) == ("", "", "")


# --- The worklist's search ---------------------------------------------------------------------------------------


def found(response) -> list[str]:
    return [melding.number for melding in response.context["page"].object_list]


@pytest.fixture
def cases(meldpunt, greetje):
    others = [
        MeldingFactory(meldpunt=meldpunt, person_name="Hendrik van der Berg", person_birth_year=1941,
                       person_phone="06-1234 5678"),
        MeldingFactory(meldpunt=meldpunt, person_name="Anna Smit", person_birth_year=1950, closed=True),
    ]  # fmt: skip
    return [greetje, *others]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "wanted"),
    [
        ("Jans", [0]),
        ("gre jans", [0]),
        ("JÄNSEN", [0]),
        ("berg", [1]),
        ("van", [1]),
        ("hen berg", [1]),
        ("ansen", []),  # the start of a word, not its middle
        ("greetje smit", []),  # all words
        ("0546 111 222", [0]),
        ("+31 546-111222", [0]),
        ("06 12345678", [1]),
        ("1938", [0]),
        ("1950", [2]),
        ("'; drop table --", []),
        (":* & !", []),
    ],
)
def test_the_worklist_searches_word_starts_phone_numbers_and_years_of_birth(as_medewerker, cases, q, wanted):
    assert found(as_medewerker.get(WORKLIST, {"q": q})) == [cases[i].number for i in wanted]


@pytest.mark.django_db
def test_a_search_keeps_the_audit_lines_and_its_query_budget(
    as_medewerker, medewerker, cases, django_assert_max_num_queries
):
    for q in ("jans", "0546111222", "1938"):
        before = AuditRegel.objects.count()
        with django_assert_max_num_queries(15):
            response = as_medewerker.get(WORKLIST, {"q": q})
        assert len(found(response)) == 1
        assert AuditRegel.objects.count() == before + 1  # the name shown is a read


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "index"), [("jans", "melding_name_words"), ("0546111222", "melding_phone_key")])
def test_the_searches_can_use_their_index(cases, q, index):
    # Three rows: PostgreSQL would read the table. Without that choice it must take the index, if it can.
    queryset = Melding.objects.alias(name_search=NAME_SEARCH).filter(search_filter(q))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert index in queryset.explain()


# --- The step plan -------------------------------------------------------------------------------------------------


def step(client, melding, name, answer="ja", **extra):
    data = {"step": name, "answer": answer, "on": timezone.localdate().isoformat(), "note": "", **extra}
    return client.post(reverse("meldpunt:case_step", args=[melding.number]), data)


def preselected_step(html: str) -> str:
    select = html.split('id="stap-step"', 1)[1].split("</select>", 1)[0]
    return select.split(" selected", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
def test_after_an_answer_the_page_moves_to_the_next_open_step(as_medewerker, greetje):
    page = as_medewerker.get(case_url(greetje.number)).content.decode()
    assert preselected_step(page) == "bespreekbaar"

    response = step(as_medewerker, greetje, "bespreekbaar")
    assert response.status_code == 302
    assert response["Location"].endswith("#stap-besproken")
    page = as_medewerker.get(response["Location"]).content.decode()
    assert 'id="stap-besproken"' in page
    assert preselected_step(page) == "besproken"

    # "nee" leaves the question open: the page stays there.
    assert step(as_medewerker, greetje, "besproken", "nee")["Location"].endswith("#stap-besproken")
    # All four with "ja": back to the step plan itself.
    for name in ("besproken", "gemotiveerd"):
        step(as_medewerker, greetje, name)
    assert step(as_medewerker, greetje, "hulpvraag_verhelderd")["Location"].endswith("#stappenplan")


@pytest.mark.django_db
def test_a_later_step_while_an_earlier_one_is_open_asks_for_confirmation(as_medewerker, greetje):
    response = step(as_medewerker, greetje, "gemotiveerd")
    assert response.status_code == 200
    assert not greetje.stappen.exists()
    page = response.content.decode()
    warning = page.split('id="stap-bevestigen"', 1)[1].split("</div>", 1)[0]
    assert "Let op: stap 1 (Is eenzaamheid bespreekbaar?) is nog open." in warning
    assert "Niet alles is goed ingevuld" not in page  # a warning, not an error
    assert "Ja, toch opslaan" in page
    assert '<input type="hidden" name="bevestigd" value="1"' in page
    assert '<details class="no-print" open>' in page

    response = step(as_medewerker, greetje, "gemotiveerd", bevestigd="1")
    assert response.status_code == 302
    assert list(greetje.stappen.values_list("step", flat=True)) == ["gemotiveerd"]
    assert response["Location"].endswith("#stap-bespreekbaar")  # the first open question
    # The first question itself needs no confirmation.
    assert step(as_medewerker, greetje, "bespreekbaar").status_code == 302


# --- The intake page -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_intake_page_says_which_fields_are_required(as_medewerker):
    page = as_medewerker.get(INTAKE).content.decode()
    intro = page.split('id="verplicht"', 1)[1].split("</ul>", 1)[0]
    for label in ("Hoe kwam het signaal binnen?", "Relatie van de melder tot de persoon", "wat er aan de hand is",
                  "Urgentie", "Wie pakt het op?"):  # fmt: skip
        assert label in intro
    assert "Alleen de relatie van de melder" not in page
    # The fields themselves are marked; and each marked field is in the list.
    assert page.count("(verplicht)") >= 4
    assert "Verplicht als u hierboven geen signaal aanvinkt." in page


@pytest.mark.django_db
def test_the_intake_message_points_up_to_the_signals(as_medewerker, meldpunt):
    response = as_medewerker.post(INTAKE, intake_data(signals=[], description="", person_name="Anna Smit"))
    html = response.content.decode()
    assert "vink hierboven een signaal aan" in html and "hieronder een signaal" not in html
    assert html.index('name="signals"') < html.index('name="description"')  # the signals are indeed above


# --- A phone-only activity, and closing a referral ---------------------------------------------------------------


@pytest.fixture
def bellen(meldpunt):
    organisatie = OrganisatieFactory(name="Telefooncirkel")
    organisatie.gemeenten.add(meldpunt.gemeente)
    return ActiviteitFactory(
        organisatie=organisatie, title="Belcirkel", join_method="aanmelden", contact_phone="0546 222 333"
    )


@pytest.mark.django_db
def test_a_phone_only_activity_warns_when_the_phone_number_is_unknown(as_medewerker, meldpunt, bellen):
    melding = MeldingFactory(meldpunt=meldpunt, person_name="Anna Smit", person_phone="")
    page = as_medewerker.get(referral_url(melding), {"activiteit": bellen.pk}).content.decode()
    assert 'id="alleen-bellen"' in page
    assert "Het telefoonnummer van de persoon staat niet in de melding" in page

    known = MeldingFactory(meldpunt=meldpunt, person_name="Anna Smit", person_phone="0546 111 000")
    assert (
        'id="alleen-bellen"' not in as_medewerker.get(referral_url(known), {"activiteit": bellen.pk}).content.decode()
    )
    # An activity with an e-mail address, or free walk-in, is no phone-only activity.
    bellen.contact_email = "belcirkel@example.org"
    bellen.save()
    assert (
        'id="alleen-bellen"' not in as_medewerker.get(referral_url(melding), {"activiteit": bellen.pk}).content.decode()
    )


@pytest.mark.django_db
def test_the_partner_closes_only_with_an_outcome_that_ends_the_referral(client, login, meldpunt):
    organisatie = OrganisatieFactory(name="Buurtkamer")
    partner = UserFactory(role=Role.PARTNER, organisaties=[organisatie])
    melding = MeldingFactory(meldpunt=meldpunt, status=Status.WACHT_OP_PARTNER)
    verwijzing = VerwijzingFactory(
        melding=melding, organisatie=organisatie, status=ReferralStatus.GESTART, started_on=timezone.localdate()
    )
    login(partner)
    page = client.get(reverse("meldpunt:inbox_detail", args=[verwijzing.pk])).content.decode()
    assert 'value="doet_mee"' in page and "Doet mee: de deelname staat vast" in page
    assert 'value="loopt"' not in page

    close = reverse("meldpunt:inbox_close", args=[verwijzing.pk])
    client.post(close, {"outcome": Outcome.LOOPT, "note": ""})
    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.GESTART  # "loopt" is no end
    client.post(close, {"outcome": Outcome.DOET_MEE, "note": ""})
    verwijzing.refresh_from_db()
    assert (verwijzing.status, verwijzing.outcome) == (ReferralStatus.AFGESLOTEN, Outcome.DOET_MEE)
