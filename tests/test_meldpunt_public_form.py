"""The public web form /melden/: anonymous, spam-protected without locking people out, and a thank-you page that
gives the reference number once and echoes nothing that was typed.

Every test gets an internet address of its own, so the hourly counter in Redis starts at zero.
"""

import re
import time
import uuid
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.cache import cache

from meldpunt import ratelimit, spam
from meldpunt.choices import Channel, Relation
from meldpunt.models import Melding, Signaal
from meldpunt.views.public import RATE_SCOPE
from tests.factories import GemeenteFactory, MeldpuntFactory

pytestmark = pytest.mark.django_db

MELDEN = "/melden/"
BEDANKT = "/melden/bedankt/"


@pytest.fixture(autouse=True)
def own_address(client):
    """A fresh address for this test; its counter is removed afterwards."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"
    client.defaults["REMOTE_ADDR"] = address
    yield address
    request = type("Request", (), {"META": {"REMOTE_ADDR": address}})()
    cache.delete(ratelimit._key(request, RATE_SCOPE))


@pytest.fixture
def meldpunt(db):
    return MeldpuntFactory(
        gemeente=GemeenteFactory(name="Twenterand"),
        name="Meldpunt Twenterand",
        phone="0546 840 840",
        opening_hours="maandag tot en met vrijdag 9.00–12.00 uur",
    )


def form_data(**overrides) -> dict:
    """The form as a person fills it in; a value may be a function, called now (a time made when the test runs)."""
    data = {
        "about": "iemand_anders",
        "reporter_name": "Anneke Smit",
        "reporter_contact": "anneke@example.org",
        "person_name": "Meneer Bosman",
        "person_address": "Kerkstraat 3, Vriezenveen",
        "person_postcode": "7671 AB",
        "person_birth_year": "1938",
        "description": "Mijn buurman zit altijd alleen binnen en zwaait niet meer terug.",
        "website": "",
        "geopend": spam.opened_token(time.time() - 90),  # opened a minute and a half ago, as a person would
    }
    data.update({key: value() if callable(value) else value for key, value in overrides.items()})
    return data


PERSONAL = ["Anneke", "anneke@example.org", "Bosman", "Kerkstraat", "7671", "1938", "zwaait niet meer"]


# --- The page --------------------------------------------------------------------------------------------------


def test_the_form_is_open_to_everyone_and_has_a_hidden_honeypot(client, meldpunt, django_assert_max_num_queries):
    # (+3: the page view counter, SAVEPOINT, INSERT, RELEASE in the test's transaction; one statement in production.)
    with django_assert_max_num_queries(3 + 3):
        response = client.get(MELDEN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Maakt u zich zorgen om iemand? Of voelt u zich eenzaam?" in html
    assert 'href="tel:112"' in html
    assert "0546 840 840" in html
    form = response.context["form"]
    assert "meldpunt" not in form.fields  # one meldpunt: nothing to choose
    assert "Hoeveel is" not in html  # no arithmetic question, ever
    # The honeypot: out of sight, skipped by screen readers (its label says to leave it empty, should one reach it),
    # out of the tab order, never filled in by the browser.
    honeypot = re.search(
        r'<div class="visually-hidden" aria-hidden="true">\s*<label for="id_website">([^<]+)</label>\s*<input ([^>]+)>',
        html,
    )
    assert honeypot, html
    assert honeypot.group(1) == "Laat dit veld leeg"
    assert 'tabindex="-1"' in honeypot.group(2)
    assert 'autocomplete="off"' in honeypot.group(2)
    assert 'name="website"' in honeypot.group(2)
    # The signed moment it was opened: now, give or take.
    opened = re.search(r'<input type="hidden" name="geopend" value="([^"]+)"', html)
    assert opened, html
    assert 0 <= spam.opened_seconds_ago(opened.group(1)) < 60


def test_with_several_meldpunten_people_choose_their_gemeente(client, meldpunt):
    hengelo = MeldpuntFactory(gemeente=GemeenteFactory(name="Hengelo"), name="Meldpunt Hengelo")

    response = client.get(MELDEN)
    choices = dict(response.context["form"].fields["meldpunt"].choices)
    assert choices == {hengelo.pk: "Hengelo", meldpunt.pk: "Twenterand"}

    response = client.post(MELDEN, form_data())
    assert "Kies een meldpunt." in response.context["form"].errors["meldpunt"]

    client.post(MELDEN, form_data(meldpunt=hengelo.pk))
    assert Melding.objects.get().meldpunt == hengelo


def test_without_a_meldpunt_the_page_says_so(client):
    response = client.get(MELDEN)

    assert response.status_code == 200
    assert response.context["form"] is None
    assert "nog niet open" in response.content.decode()


# --- Sending ---------------------------------------------------------------------------------------------------


def test_a_signal_is_saved_and_the_thank_you_page_shows_the_number_once_and_nothing_typed(
    client, meldpunt, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MELDEN, form_data())

    assert response.status_code == 302
    assert response["Location"] == BEDANKT  # the number is not in the address
    melding = Melding.objects.get()
    assert melding.meldpunt == meldpunt
    assert (melding.person_name, melding.person_postcode) == ("Meneer Bosman", "7671AB")
    assert melding.person_birth_year == 1938
    assert melding.person_address == "Kerkstraat 3, Vriezenveen"
    assert melding.owner is None
    signaal = Signaal.objects.get()
    assert signaal.channel == Channel.WEBFORMULIER
    assert signaal.reporter_relation == Relation.ANDERS
    assert (signaal.reporter_name, signaal.reporter_contact) == ("Anneke Smit", "anneke@example.org")
    assert signaal.reported_by is None
    assert signaal.description == "Mijn buurman zit altijd alleen binnen en zwaait niet meer terug."

    # The meldpunt gets an e-mail with a link and the number, and nothing about the person or the reporter.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [meldpunt.email]
    assert f"/meldpunt/meldingen/{melding.number}/" in message.body
    for personal in PERSONAL:
        assert personal not in message.subject + message.body

    with django_assert_max_num_queries(6):  # session, meldpunt, contacts, session saved (3)
        response = client.get(BEDANKT)
    html = response.content.decode()
    assert response.status_code == 200
    assert melding.number in html
    assert "binnen 3 werkdagen" in html
    assert "0546 840 840" in html
    assert "maandag tot en met vrijdag 9.00–12.00 uur" in html
    assert 'href="tel:112"' in html
    for personal in PERSONAL:
        assert personal not in html

    # Shown once: a second visit gives the general page without the number.
    response = client.get(BEDANKT)
    assert response.status_code == 200
    assert melding.number not in response.content.decode()
    assert "Bedankt voor uw melding" in response.content.decode()


def test_a_signal_about_oneself_is_recorded_as_such(client, meldpunt):
    client.post(
        MELDEN,
        form_data(about="mezelf", person_name="", reporter_name="Jan Mulder", description="Ik voel me erg alleen."),
    )

    melding = Melding.objects.get()
    assert melding.person_name == "Jan Mulder"
    assert melding.signalen.get().reporter_relation == Relation.ZELF


def test_everything_about_the_person_may_stay_empty(client, meldpunt):
    data = form_data(reporter_name="", reporter_contact="", person_name="", person_address="")
    data.update(person_postcode="", person_birth_year="")

    response = client.post(MELDEN, data)

    assert response.status_code == 302
    melding = Melding.objects.get()
    assert (melding.person_name, melding.person_postcode, melding.person_birth_year) == ("", "", None)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "", "Schrijf kort wat u zorgen maakt."),
        ("description", "x" * 5001, "Dit is te lang: gebruik hoogstens 5000 tekens (nu 5001)."),
        ("about", "", "Kies of het over uzelf gaat of over iemand anders."),
        ("person_postcode", "7671", "Vul een postcode in als 1234 AB."),
        ("person_birth_year", "1899", "Vul een geboortejaar in tussen 1900 en"),
        ("person_birth_year", "19x8", "Vul een jaartal in van vier cijfers"),
        ("reporter_contact", "x" * 201, "Dit is te lang"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_nothing_is_lost(client, meldpunt, field, value, message):
    response = client.post(MELDEN, form_data(**{field: value}))

    assert response.status_code == 200
    assert not Melding.objects.exists()
    assert any(message in error for error in response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "Er ging iets mis" in html  # the summary at the top, with links to the fields
    assert 'value="Anneke Smit"' in html
    if field != "description":
        assert "zwaait niet meer terug" in html
    assert len(mail.outbox) == 0


# --- Spam ------------------------------------------------------------------------------------------------------


def test_a_signal_sent_as_a_person_would_is_not_marked(client, meldpunt):
    client.post(MELDEN, form_data())

    melding = Melding.objects.get()
    assert not melding.pending_check
    assert melding.signalen.get().check_first == ""


def test_a_signal_that_fails_the_form_keeps_its_opening_time_or_gets_a_valid_one(client, meldpunt):
    data = form_data(description="")
    response = client.post(MELDEN, data)
    assert response.context["form"].data["geopend"] == data["geopend"]  # the first opening counts

    response = client.post(MELDEN, form_data(description="", geopend="rommel"))
    fresh = response.context["form"].data["geopend"]
    assert 0 <= spam.opened_seconds_ago(fresh) < 60


def suspect(client, **overrides) -> Melding:
    """Send the form with `overrides`: the citizen sees the normal thank-you page with the number, and the report
    is stored, marked to be checked first."""
    response = client.post(MELDEN, form_data(**overrides))
    assert response.status_code == 302
    assert response["Location"] == BEDANKT
    melding = Melding.objects.latest("pk")
    page = client.get(BEDANKT).content.decode()
    assert "Bedankt voor uw melding" in page
    assert melding.number in page
    assert melding.pending_check
    return melding


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"geopend": lambda: spam.opened_token(time.time() - 1)}, "binnen 3 seconden na het openen"),  # too fast
        ({"website": "https://goedkope-pillen.example"}, "het verborgen veld"),  # the honeypot
        ({"geopend": ""}, "zonder het tijdstip"),  # posted without opening the page
        ({"geopend": "1700000000000:vervalst"}, "ongeldige handtekening"),  # a made-up time
        ({"geopend": lambda: spam.opened_token(time.time() + 600)}, "ongeldige handtekening"),  # opened in the future?
        ({"geopend": lambda: spam.opened_token(time.time() - 25 * 3600)}, "langer dan 24 uur open"),  # very old
    ],
)
def test_a_suspect_signal_is_stored_for_checking_first_and_whoever_sent_it_is_thanked(
    client, meldpunt, django_capture_on_commit_callbacks, overrides, reason
):
    with django_capture_on_commit_callbacks(execute=True):
        melding = suspect(client, **overrides)

    signaal = melding.signalen.get()
    assert reason in signaal.check_first.lower()
    assert (melding.person_name, signaal.description) == (
        "Meneer Bosman",
        "Mijn buurman zit altijd alleen binnen en zwaait niet meer terug.",
    )
    assert len(mail.outbox) == 0  # no e-mail for each one a program sends: the "Eerst nakijken" tab counts them


def test_all_reasons_are_named(client, meldpunt):
    melding = suspect(client, website="spam", geopend=spam.opened_token(time.time()))

    reason = melding.signalen.get().check_first
    assert reason.startswith("Verstuurd binnen 3 seconden")
    assert "het verborgen veld" in reason


def test_above_the_hourly_limit_a_signal_is_stored_for_checking_first(client, meldpunt, settings, own_address):
    settings.MELDPUNT_WEBFORM_PER_HOUR = 2
    for _ in range(2):
        assert client.post(MELDEN, form_data()).status_code == 302
    assert not Melding.objects.filter(pending_check=True).exists()

    melding = suspect(client, person_name="Mevrouw Tempelman")

    assert melding.person_name == "Mevrouw Tempelman"
    assert melding.signalen.get().check_first == "Al 2 meldingen in het afgelopen uur vanaf hetzelfde internetadres."
    assert "answer" not in client.get(MELDEN).context["form"].fields  # no question to answer


def test_the_limit_counts_per_address_and_stores_no_address(client, meldpunt, settings, own_address):
    settings.MELDPUNT_WEBFORM_PER_HOUR = 1
    client.post(MELDEN, form_data())
    assert suspect(client)

    # Someone else, on another address, is not marked.
    client.defaults["REMOTE_ADDR"] = "10.255.255.254"
    try:
        client.post(MELDEN, form_data())
        assert not Melding.objects.latest("pk").pending_check
    finally:
        client.defaults["REMOTE_ADDR"] = own_address

    # The address is in no cache key, in no session and in no stored report.
    keys = [key.decode() for key in cache._cache.get_client().keys("*ratelimit*")]
    assert keys
    assert not any(own_address in key for key in keys)
    assert own_address not in str(dict(client.session))
    assert not Signaal.objects.filter(check_first__contains=own_address).exists()


def test_a_honeypot_hit_counts_towards_the_limit(client, meldpunt, settings):
    settings.MELDPUNT_WEBFORM_PER_HOUR = 1
    suspect(client, website="spam")

    melding = suspect(client)
    assert melding.signalen.get().check_first == "Al 1 melding in het afgelopen uur vanaf hetzelfde internetadres."


# --- Speaking to the reader as "u" -------------------------------------------------------------------------------

# Whole words only: "jeugd", "Jeroen" or "bijhouden" are fine, "je", "Jouw" and "jezelf" are not.
INFORMAL = re.compile(r"\b(je|jij|jouw|jou|jezelf|jullie)\b", re.IGNORECASE)
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "value")


class ReaderText(HTMLParser):
    """What a reader meets on a page: its text (not scripts or styles) and the attributes that are read aloud."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        hidden_input = tag == "input" and dict(attrs).get("type") == "hidden"
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value and not hidden_input]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def informal_words(html: str) -> list[str]:
    reader = ReaderText()
    reader.feed(html)
    return [match.group(0) for part in reader.parts for match in INFORMAL.finditer(part)]


def test_the_check_for_informal_words_matches_whole_words_only():
    assert informal_words("<p>Jeugd, Jeroen, bijhouden, jouwer? Nee.</p><script>var je = 1;</script>") == []
    assert informal_words('<p>Wat maakt je zorgen?</p><a title="Over jou">x</a>') == ["je", "jou"]
    assert informal_words("<h1>Jij en Jouw buurt, voor jezelf</h1>") == ["Jij", "Jouw", "jezelf"]


def test_every_public_page_speaks_to_the_reader_as_u(client, meldpunt):
    from tests.factories import ActiviteitFactory, LocatieFactory, TijdslotFactory, WijkFactory

    wijk = WijkFactory(gemeente=meldpunt.gemeente, name="Vroomshoop")
    activiteit = ActiviteitFactory(
        title="Wandelgroep Vroomshoop", summary="Samen wandelen.", locaties=[LocatieFactory(wijk=wijk)]
    )
    TijdslotFactory(activiteit=activiteit, weekday=2)
    paths = ["/", "/activiteiten/", "/agenda/", MELDEN, activiteit.get_absolute_url(), "/privacy/"]
    pages = {path: client.get(path) for path in paths}
    pages["/melden/ (met fouten)"] = client.post(MELDEN, form_data(about="", description=""))
    client.post(MELDEN, form_data())
    pages[BEDANKT] = client.get(BEDANKT)

    found = {}
    for path, response in pages.items():
        assert response.status_code == 200, path
        words = informal_words(response.content.decode())
        if words:
            found[path] = words
    assert not found, found


# --- The error summary ---------------------------------------------------------------------------------------------


def test_after_a_failed_submit_the_error_summary_comes_first_has_the_focus_and_links_each_field_in_order(
    client, meldpunt
):
    response = client.post(MELDEN, form_data(about="", description="", person_postcode="7671", reporter_name="x" * 201))

    html = response.content.decode()
    main = html[html.index('<main id="inhoud"') :]
    # Right under the h1, above the lead, the "direct gevaar" note and the form; once only (not again in the form).
    after_h1 = main[main.index("</h1>") + len("</h1>") :].lstrip()
    summary = re.match(r"(<div [^>]*>)(.*?)</div>", after_h1, re.S)
    assert summary, after_h1[:300]
    opening, inner = summary.groups()
    for attribute in ['role="alert"', 'tabindex="-1"', "autofocus", "data-focus-on-load", 'id="id_fouten"']:
        assert attribute in opening, attribute
    assert 'aria-labelledby="id_fouten-titel"' in opening
    assert '<h2 class="h4" id="id_fouten-titel">Er ging iets mis</h2>' in inner
    assert html.count('role="alert"') == 1
    assert main.index("id_fouten") < main.index("<form")
    # In the order of the form, each a link to its field (a group of choices: its first choice).
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', inner)
    assert [anchor for anchor, _ in links] == [
        "id_about_0",
        "id_description",
        "id_person_postcode",
        "id_reporter_name",
    ]
    for anchor, _label in links:
        assert f'id="{anchor}"' in html
    # No inline script: the Content-Security-Policy forbids it; the focus works with autofocus (and omzien.js).
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<title>Let op:" in html


def test_without_errors_there_is_no_summary(client, meldpunt):
    html = client.get(MELDEN).content.decode()

    assert "id_fouten" not in html
    assert "autofocus" not in html


# --- The privacy statement -----------------------------------------------------------------------------------------


def test_the_privacy_statement_takes_its_periods_from_the_settings(client, meldpunt, settings):
    settings.MELDPUNT_RETENTION_MONTHS = 17
    settings.OUTBOX_KEEP_SENT_DAYS = 9
    settings.SOCIALEKAART_SEARCH_RETENTION_MONTHS = 5
    settings.PRIVACY_CONTACT_EMAIL = "privacy@twenterand.example"

    response = client.get("/privacy/")

    assert response.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert "17 maanden nadat de melding is afgesloten" in text
    assert "bewaren we 9 dagen nadat ze zijn verstuurd" in text
    assert "bewaren we 5 maanden" in text
    for right in ["Inzage.", "Correctie.", "Verwijdering.", "Bezwaar."]:
        assert right in text
    assert 'href="mailto:privacy@twenterand.example"' in response.content.decode()
    assert "0546 840 840" in text  # the meldpunt, to call

    settings.MELDPUNT_RETENTION_MONTHS = 1
    settings.PRIVACY_CONTACT_EMAIL = ""
    text = client.get("/privacy/").content.decode()
    assert "1 maand nadat de melding is afgesloten" in text
    assert "vraag naar de functionaris gegevensbescherming" in text
    assert "mailto:" not in text


def test_the_privacy_statement_is_linked_from_the_form_the_thank_you_page_and_every_footer(client, meldpunt):
    link = 'href="/privacy/"'
    form = client.get(MELDEN).content.decode()
    assert link in form[form.index("<form") : form.index("</form>")]
    client.post(MELDEN, form_data())
    thanks = client.get(BEDANKT).content.decode()
    assert link in thanks[thanks.index("<main") : thanks.index("</main>")]
    for path in ["/", "/agenda/"]:
        html = client.get(path).content.decode()
        assert link in html[html.index("<footer") :], path


# --- "Mag het meldpunt u laten weten dat uw melding is opgepakt?" ---------------------------------------------------


def test_the_reporter_is_asked_whether_they_want_to_hear_that_the_report_was_picked_up(client, meldpunt):
    html = client.get(MELDEN).content.decode()
    assert "Mag het meldpunt u laten weten dat uw melding is opgepakt?" in html
    # Right after the contact details it needs, in the "Over u" group.
    assert (
        html.index('name="reporter_contact"')
        < html.index('name="wants_news"')
        < html.index("</fieldset>", html.index('id="over-u"'))
    )

    client.post(MELDEN, form_data(wants_news="ja"))
    client.post(MELDEN, form_data(wants_news="nee"))
    client.post(MELDEN, form_data())  # not answered

    assert list(Signaal.objects.order_by("pk").values_list("reporter_wants_news", flat=True)) == [True, False, False]


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ("", "Vul uw e-mailadres of telefoonnummer in. Dan kan het meldpunt u laten weten"),
        ("bij de bakker", "Vul een e-mailadres in, zoals naam@voorbeeld.nl, of een telefoonnummer"),
        ("anneke@", "Vul een e-mailadres in, zoals naam@voorbeeld.nl, of een telefoonnummer"),
    ],
)
def test_news_needs_an_email_address_or_a_phone_number(client, meldpunt, contact, message):
    response = client.post(MELDEN, form_data(wants_news="ja", reporter_contact=contact))

    assert response.status_code == 200
    assert message in response.context["form"].errors["reporter_contact"][0]
    assert 'href="#id_reporter_contact"' in response.content.decode()
    assert not Melding.objects.exists()


def record_contact(client, melding, kind="telefoon", happened_at=""):
    """Staff record a contact (or a note) on the case page."""
    happened_at = happened_at or time.strftime("%Y-%m-%dT%H:%M")
    data = {"kind": kind, "happened_at": happened_at, "text": "Gebeld met de persoon."}
    response = client.post(f"/meldpunt/meldingen/{melding.number}/contact/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_at_the_first_contact_an_email_reporter_gets_one_message_that_says_only_that(
    client, meldpunt, login, medewerker, django_capture_on_commit_callbacks
):
    from coalition.models import OutboxMessage
    from meldpunt.choices import EntryKind
    from meldpunt.services import casefile

    meldpunt.staff.add(medewerker)
    client.post(MELDEN, form_data(wants_news="ja"))
    melding = Melding.objects.get()
    mail.outbox.clear()
    login(medewerker)

    # A note is no contact: nothing yet.
    record_contact(client, melding, kind="notitie")
    assert not OutboxMessage.objects.filter(topic="meldpunt.melding_opgepakt").exists()
    html = client.get(f"/meldpunt/meldingen/{melding.number}/").content.decode()
    assert "Wil per e-mail horen dat de melding is opgepakt." in html

    with django_capture_on_commit_callbacks(execute=True):
        record_contact(client, melding)
    # Recorded again, at an earlier moment (a correction of the first contact), and a correction line: no more mail.
    with django_capture_on_commit_callbacks(execute=True):
        record_contact(client, melding, happened_at=time.strftime("%Y-%m-%dT00:01"))
        casefile.correct_entry(melding.tijdlijn.filter(kind=EntryKind.TELEFOON).first(), "Was gisteren.", medewerker)

    messages = [message for message in mail.outbox if message.to == ["anneke@example.org"]]
    assert len(messages) == 1
    assert OutboxMessage.objects.filter(topic="meldpunt.melding_opgepakt").count() == 1
    message = messages[0]
    assert message.subject == "Uw melding is opgepakt"
    assert "een medewerker heeft uw melding opgepakt" in message.body
    assert "Meldpunt Twenterand" in message.body and "0546 840 840" in message.body
    for personal in [*PERSONAL[2:], melding.number, "Anneke"]:  # nothing about the person, not even the number
        assert personal not in message.subject + message.body, personal
    signaal = Signaal.objects.get()
    assert signaal.reporter_news_at is not None
    # The meldpunt sees that it went: on the timeline and with the signal.
    line = melding.tijdlijn.get(kind=EntryKind.MELDER)
    assert line.data == {"signaal": signaal.pk, "via": "email"}
    html = client.get(f"/meldpunt/meldingen/{melding.number}/").content.decode()
    assert "De melder heeft per e-mail gehoord dat de melding is opgepakt." in html
    assert "Per e-mail laten weten dat de melding is opgepakt, op" in html


def test_a_reporter_with_only_a_phone_number_is_put_on_the_timeline_to_be_called_back(
    client, meldpunt, login, medewerker
):
    from coalition.models import OutboxMessage
    from meldpunt.choices import EntryKind

    meldpunt.staff.add(medewerker)
    client.post(MELDEN, form_data(wants_news="ja", reporter_contact="06 - 12 34 56 78"))
    melding = Melding.objects.get()
    login(medewerker)
    html = client.get(f"/meldpunt/meldingen/{melding.number}/").content.decode()
    assert "Wil teruggebeld worden als de melding is opgepakt." in html

    record_contact(client, melding, kind="huisbezoek")
    record_contact(client, melding, kind="gesprek")

    assert not OutboxMessage.objects.filter(topic="meldpunt.melding_opgepakt").exists()  # no e-mail, no SMS
    line = melding.tijdlijn.get(kind=EntryKind.MELDER)  # once
    assert line.author is None
    assert line.text.startswith("Bel de melder terug")
    assert "06" not in line.text  # the number stays with the signal (and goes when the case is anonymised)
    html = client.get(f"/meldpunt/meldingen/{melding.number}/").content.decode()
    assert "Bel de melder terug" in html
    assert "Wil teruggebeld worden: staat sinds" in html


def test_reporters_who_did_not_ask_hear_nothing(client, meldpunt, login, medewerker):
    from coalition.models import OutboxMessage
    from meldpunt.choices import EntryKind

    meldpunt.staff.add(medewerker)
    client.post(MELDEN, form_data(wants_news="nee"))
    melding = Melding.objects.get()
    login(medewerker)

    record_contact(client, melding)

    assert not OutboxMessage.objects.filter(topic="meldpunt.melding_opgepakt").exists()
    assert not melding.tijdlijn.filter(kind=EntryKind.MELDER).exists()
    assert "Bericht aan de melder" not in client.get(f"/meldpunt/meldingen/{melding.number}/").content.decode()


def test_the_news_is_given_once_only_to_who_asked_the_database_says_so(meldpunt):
    from django.db import IntegrityError
    from django.utils import timezone

    from tests.factories import SignaalFactory

    with pytest.raises(IntegrityError):
        SignaalFactory(reporter_wants_news=False, reporter_news_at=timezone.now())
