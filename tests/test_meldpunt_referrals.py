"""Referring from a case: the page with suggestions and the form, what happens on bad input (a Dutch message
beside the field, nothing lost, nothing half-saved), who may open it, and the referrals on the case page."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import AuditAction, EntryKind, ReferralStatus, Status
from meldpunt.models import AuditRegel, Gebeurtenis, Melding, Verwijzing
from meldpunt.services import referrals
from tests.factories import (
    ActiviteitFactory,
    GebeurtenisFactory,
    GemeenteFactory,
    LocatieFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    SignaalFactory,
    TijdslotFactory,
    UserFactory,
    VerwijzingFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    return GemeenteFactory()


@pytest.fixture
def wijk(gemeente):
    return WijkFactory(gemeente=gemeente, name="Centrum")


@pytest.fixture
def meldpunt(medewerker, gemeente):
    return MeldpuntFactory(staff=[medewerker], gemeente=gemeente)


@pytest.fixture
def melding(meldpunt, wijk):
    melding = MeldingFactory(
        meldpunt=meldpunt,
        wijk=wijk,
        status=Status.IN_BEHANDELING,
        person_name="Mevrouw Jansen",
        person_birth_year=timezone.localdate().year - 81,
        signaal=False,
    )
    SignaalFactory(melding=melding, life_events=["overlijden_naaste"])
    return melding


@pytest.fixture
def welzijn(gemeente):
    """A partner organisation working in the case's gemeente, with one person reading its inbox."""
    organisatie = OrganisatieFactory(name="Welzijn Centrum")
    organisatie.gemeenten.add(gemeente)
    UserFactory(role=Role.PARTNER, organisaties=[organisatie])
    return organisatie


@pytest.fixture
def activiteit(welzijn, wijk):
    return ActiviteitFactory(
        organisatie=welzijn,
        title="Rouwgroep Centrum",
        kind="cursus",
        target_groups=["75-plus"],
        themes=["rouw"],
        evidence="onderbouwd",
        locaties=[LocatieFactory(organisatie=welzijn, wijk=wijk, name="Buurthuis De Bron")],
    )


@pytest.fixture
def client_(login, medewerker):
    return login(medewerker)


def url(melding, **query):
    base = reverse("meldpunt:referral_create", args=[melding.number])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def html(response) -> str:
    return response.content.decode()


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def errors_beside(response, field: str) -> list[str]:
    """The error list of a field (id verwijzing-<field>_error), as text."""
    match = re.search(rf'id="verwijzing-{field}_error">(.*?)</ul>', html(response), re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1), re.S) if match else []


def post_data(**overrides):
    data = {
        "activiteit": "",
        "organisatie": "",
        "consent": "ja",
        "consent_how": "telefonisch",
        "share_contact": "on",
        "share_note": "on",
        "handover_note": "Mevrouw zingt graag; bel na tienen.",
        "planned_start": (timezone.localdate() + timedelta(days=7)).isoformat(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def nothing_written(melding, timeline_before: int):
    assert not Verwijzing.objects.exists()
    assert Gebeurtenis.objects.filter(melding=melding).count() == timeline_before
    assert not Gebeurtenis.objects.filter(kind=EntryKind.VERWIJZING).exists()
    assert Melding.objects.get(pk=melding.pk).status == Status.IN_BEHANDELING


# --- The page --------------------------------------------------------------------------------------------------


def test_the_page_shows_suggestions_with_why_they_fit(client_, melding, activiteit, medewerker):
    ActiviteitFactory(title="Jongerencafé", target_groups=["jongeren"])
    TijdslotFactory(activiteit=activiteit, weekday=2)
    response = client_.get(url(melding))
    assert response.status_code == 200
    page = html(response)
    assert page.index("Rouwgroep Centrum") < page.index("Jongerencafé")  # best fit first
    for text in ("in de wijk", "voor 75-plussers", "rouw en verlies", "onderbouwd", "gratis", "Buurthuis De Bron"):
        assert text in page
    assert "dinsdag" in page  # the next weekly time
    assert f'name="kies" value="{activiteit.pk}"' in page
    assert "Geen toestemming: anonieme verwijzing" in page
    assert "Naam, adres, telefoonnummer en uw notitie blijven bij het meldpunt." in page
    assert "overlijden van een naaste" in page  # what the suggestions are based on
    line = AuditRegel.objects.get(melding=melding)
    assert (line.action, line.user, line.detail) == (AuditAction.BEKEKEN, medewerker, "verwijzen")


def test_kies_takes_the_activity_into_the_form_without_losing_what_was_typed(client_, melding, activiteit):
    typed = post_data(handover_note="Heel belangrijk: bel na tienen.", consent="nee", share_contact=None)
    response = client_.post(url(melding, q="rouw"), {**typed, "kies": str(activiteit.pk)})
    assert response.status_code == 200
    page = html(response)
    assert "Heel belangrijk: bel na tienen." in page
    assert f'<input type="hidden" name="activiteit" value="{activiteit.pk}"' in page
    assert f'<option value="{activiteit.organisatie_id}" selected>' in page
    assert re.search(r'<input type="radio" name="consent" value="nee"[^>]* checked>', page)
    assert "errorlist" not in page  # choosing is not sending
    assert not Verwijzing.objects.exists()

    response = client_.post(url(melding), {**typed, "activiteit": str(activiteit.pk), "kies": ""})
    assert re.search(r'<input type="hidden" name="activiteit"(?! value)[^>]*>', html(response))
    assert "Nog geen activiteit gekozen" in html(response)


def test_a_link_can_preselect_an_activity(client_, melding, activiteit):
    page = html(client_.get(url(melding, activiteit=activiteit.pk)))
    assert "Gekozen" in page
    assert f'<option value="{activiteit.organisatie_id}" selected>' in page
    assert client_.get(url(melding, activiteit="onzin")).status_code == 200


def test_staff_search_and_ask_for_more(client_, melding, activiteit, wijk):
    for n in range(25):
        ActiviteitFactory(title=f"Koffie {n:02d}", locaties=[LocatieFactory(wijk=wijk)])
    page = html(client_.get(url(melding)))
    assert page.count('name="kies"') == 20
    assert "Meer suggesties" in page
    page = html(client_.get(url(melding, aantal=40)))
    assert page.count('name="kies"') == 26 and "Meer suggesties" not in page
    page = html(client_.get(url(melding, q="rouw")))
    assert page.count('name="kies"') == 1 and "Rouwgroep Centrum" in page
    page = html(client_.get(url(melding, soort="bellijn")))
    assert "Niets gevonden" in page
    assert client_.get(url(melding, soort="onzin", aantal="-3", q="x" * 500)).status_code == 200


# --- Sending ---------------------------------------------------------------------------------------------------


def test_sending_a_referral_with_consent(client_, melding, activiteit, medewerker):
    response = client_.post(url(melding), post_data(activiteit=activiteit.pk, organisatie=activiteit.organisatie_id))
    verwijzing = Verwijzing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{melding.get_absolute_url()}#verwijzingen"
    assert message_texts(response) == [f"Verwijzing {verwijzing.reference} is verstuurd naar Welzijn Centrum."]
    assert (verwijzing.organisatie, verwijzing.activiteit, verwijzing.sent_by) == (
        activiteit.organisatie,
        activiteit,
        medewerker,
    )
    assert verwijzing.consent and verwijzing.share_contact and verwijzing.share_note
    assert verwijzing.handover_note == "Mevrouw zingt graag; bel na tienen."
    assert verwijzing.planned_start == timezone.localdate() + timedelta(days=7)
    assert Melding.objects.get(pk=melding.pk).status == Status.WACHT_OP_PARTNER
    assert Gebeurtenis.objects.filter(melding=melding, kind=EntryKind.VERWIJZING).count() == 1


def test_an_anonymous_referral_to_an_organisation_only(client_, melding, welzijn):
    data = post_data(organisatie=welzijn.pk, consent="nee", share_contact=None, share_note=None, planned_start="")
    response = client_.post(url(melding), data)
    assert response.status_code == 302
    verwijzing = Verwijzing.objects.get()
    assert (verwijzing.organisatie, verwijzing.activiteit, verwijzing.consent) == (welzijn, None, False)
    assert not verwijzing.share_contact and not verwijzing.share_note and verwijzing.planned_start is None


def test_the_organisation_comes_from_the_activity(client_, melding, activiteit):
    assert client_.post(url(melding), post_data(activiteit=activiteit.pk)).status_code == 302
    assert Verwijzing.objects.get().organisatie == activiteit.organisatie


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("archived", "activiteit", "Deze activiteit staat niet (meer) op de sociale kaart. Kies een andere."),
        ("stale", "activiteit", "Deze activiteit staat niet (meer) op de sociale kaart. Kies een andere."),
        ("other_organisation", "activiteit", "Deze activiteit hoort niet bij de gekozen organisatie."),
        ("share_without_consent", "consent", "Zonder toestemming van de persoon kunt u niets delen."),
        ("past_start", "planned_start", "De geplande start kan niet in het verleden liggen."),
        ("nothing_chosen", "organisatie", "Kies een organisatie of een activiteit."),
        ("no_consent_choice", "consent", "Kies of de persoon toestemming geeft."),
        ("organisation_elsewhere", "organisatie", "Kies een van de mogelijkheden."),
        ("bad_date", "planned_start", "Vul een bestaande datum in"),
        ("unknown_activity", "activiteit", "Deze activiteit bestaat niet (meer). Kies een andere."),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_, melding, activiteit, welzijn, case, field, message
):
    other = OrganisatieFactory(name="Andere partner")
    other.gemeenten.add(melding.meldpunt.gemeente)
    data = post_data(activiteit=activiteit.pk, organisatie=welzijn.pk)
    if case == "archived":
        activiteit.status = "gearchiveerd"
        activiteit.save()
    elif case == "stale":
        activiteit.last_confirmed_on = timezone.localdate() - timedelta(days=400)
        activiteit.save()
    elif case == "other_organisation":
        data["organisatie"] = other.pk
    elif case == "share_without_consent":
        data["consent"] = "nee"
    elif case == "past_start":
        data["planned_start"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    elif case == "nothing_chosen":
        data.update(activiteit="", organisatie="")
    elif case == "no_consent_choice":
        del data["consent"]
    elif case == "organisation_elsewhere":
        data.update(activiteit="", organisatie=OrganisatieFactory().pk)
    elif case == "bad_date":
        data["planned_start"] = "31-02-2026"
    elif case == "unknown_activity":
        data["activiteit"] = "999999"
    before = Gebeurtenis.objects.filter(melding=melding).count()

    response = client_.post(url(melding), data)

    assert response.status_code == 200
    assert any(message in error for error in errors_beside(response, field)), html(response)
    assert "Mevrouw zingt graag; bel na tienen." in html(response)  # nothing lost
    nothing_written(melding, before)


def test_a_referral_already_running_is_refused(client_, melding, activiteit):
    client_.post(url(melding), post_data(activiteit=activiteit.pk))
    before = Gebeurtenis.objects.filter(melding=melding).count()
    response = client_.post(url(melding), post_data(activiteit=activiteit.pk))
    assert response.status_code == 200
    assert "Er loopt al een verwijzing naar deze organisatie en activiteit." in " ".join(
        errors_beside(response, "activiteit")
    )
    assert Verwijzing.objects.count() == 1
    assert Gebeurtenis.objects.filter(melding=melding).count() == before


def test_the_service_itself_refuses_sharing_without_consent_and_a_past_start(melding, welzijn, medewerker):
    before = Gebeurtenis.objects.filter(melding=melding).count()
    common = dict(organisatie=welzijn, activiteit=None, handover_note="", by=medewerker)
    with pytest.raises(ValidationError):
        referrals.create_referral(
            melding, consent=False, share_contact=True, share_note=False, planned_start=None, **common
        )
    with pytest.raises(ValidationError):
        referrals.create_referral(
            melding,
            consent=True,
            share_contact=False,
            share_note=False,
            planned_start=timezone.localdate() - timedelta(days=1),
            **common,
        )
    nothing_written(melding, before)


# --- Who may refer ---------------------------------------------------------------------------------------------


def test_only_staff_of_the_cases_meldpunt_open_it(login, client, melding, partner, coordinator):
    assert client.get(url(melding)).status_code == 302  # to log in
    other_staff = UserFactory(role=Role.MEDEWERKER)
    MeldpuntFactory(staff=[other_staff])
    assert login(other_staff).get(url(melding)).status_code == 403
    assert login(other_staff).post(url(melding), post_data()).status_code == 403
    assert login(partner).get(url(melding)).status_code == 403
    assert login(coordinator).get(url(melding)).status_code == 403
    # Refused, and that is all the audit log says: staff of another meldpunt three times; the partner was refused
    # by role before any case was looked up.
    lines = AuditRegel.objects.filter(melding=melding)
    assert sorted(lines.values_list("user", flat=True)) == sorted([other_staff.pk, other_staff.pk, coordinator.pk])
    assert {line.action for line in lines} == {AuditAction.GEWEIGERD}
    assert not Verwijzing.objects.exists()


def test_a_malformed_or_unknown_number_is_not_found(client_):
    assert client_.get(reverse("meldpunt:referral_create", args=["ME-2026-00999"])).status_code == 404
    assert client_.get(reverse("meldpunt:referral_create", args=["onzin"])).status_code == 404


def test_a_closed_case_goes_back_to_the_case_page(client_, meldpunt, welzijn):
    closed = MeldingFactory(meldpunt=meldpunt, closed=True)
    response = client_.post(url(closed), post_data(organisatie=welzijn.pk))
    assert response.status_code == 302 and response["Location"] == closed.get_absolute_url()
    assert "Deze melding is gesloten" in message_texts(response)[0]
    assert not Verwijzing.objects.exists()


def test_the_page_takes_a_bounded_number_of_queries(client_, melding, wijk, django_assert_max_num_queries):
    for n in range(30):
        activiteit = ActiviteitFactory(title=f"Activiteit {n}", locaties=[LocatieFactory(wijk=wijk)])
        TijdslotFactory(activiteit=activiteit)
    client_.get(url(melding))
    # Session, user and second factor (3), the case and its staff check (2), the chosen activity, the audit line,
    # the ranked suggestions and their dates (2), the organisations, their partners' responsiveness and the wijken of
    # "Niets passends?" (issue 15), and
    # saving the session (3): 15. One more when the cache of base.html's public contact details was emptied
    # meanwhile (Redis is shared).
    with django_assert_max_num_queries(16):
        response = client_.get(url(melding, activiteit=activiteit.pk))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        client_.post(url(melding), post_data(activiteit=activiteit.pk, kies=activiteit.pk))


# --- On the case page ------------------------------------------------------------------------------------------


def three_referrals(melding, activiteit, welzijn, medewerker):
    """Started (accepted, first contact), declined with a reason, and closed with an outcome."""
    partner = referrals.partner_users(welzijn)[0]
    started = referrals.create_referral(
        melding, organisatie=None, activiteit=activiteit, consent=True, consent_how="persoonlijk",
        share_contact=True, share_note=False, handover_note="Graag bellen.",
        planned_start=timezone.localdate() + timedelta(days=3), by=medewerker,
    )  # fmt: skip
    referrals.accept(started, by=partner)
    referrals.record_first_contact(started, timezone.now(), by=partner)
    referrals.record_start(started, timezone.localdate(), by=partner)
    declined = referrals.create_referral(
        melding, organisatie=welzijn, activiteit=None, consent=False, share_contact=False, share_note=False,
        handover_note="", planned_start=None, by=medewerker,
    )  # fmt: skip
    referrals.decline(declined, "Geen plek in de groep", by=partner)
    other = OrganisatieFactory(name="Zorg Oost")
    closed = VerwijzingFactory(melding=melding, organisatie=other, sent_by=medewerker)
    referrals.accept(closed, by=None)
    referrals.close_referral(closed, "niet_bereikt", "Drie keer gebeld", by=None)
    return started, declined, closed


def test_the_case_page_shows_the_referrals_and_their_steps(
    client_, melding, activiteit, welzijn, medewerker, django_assert_max_num_queries
):
    for n in range(30):
        GebeurtenisFactory(melding=melding, author=medewerker, text=f"Regel {n}")
    started, declined, closed = three_referrals(melding, activiteit, welzijn, medewerker)
    case_url = melding.get_absolute_url()
    client_.get(case_url)  # fills the cache of base.html's public contact details

    with django_assert_max_num_queries(17):  # two of them chain the read's audit line (meldpunt.services.audit)
        response = client_.get(case_url)

    page = html(response)
    section = page[page.index('id="verwijzingen"') :]
    section = section[: section.index("</section>")]
    assert url(melding) in section  # the "Verwijzen" button
    assert "Welzijn Centrum: " in section and "Rouwgroep Centrum" in section
    assert "Gestart" in section and started.reference in section
    assert "Naam en contactgegevens" in section
    assert f"Gestart op {timezone.localdate():%d-%m-%Y}" in section
    assert "Geaccepteerd op" in section and "Eerste contact op" in section
    assert "Afgewezen, terug bij het meldpunt" in section and "Reden: Geen plek in de groep" in section
    assert "Niets: anonieme verwijzing (geen toestemming)" in section
    assert "Zorg Oost" in section and "Uitkomst: Niet bereikt (Drie keer gebeld)" in section
    assert "Welzijn Centrum: verwijzing afgewezen" in page  # the timeline says what the partner did
    assert section.index(closed.reference) < section.index(declined.reference) < section.index(started.reference)


def test_the_case_page_without_referrals_invites_to_refer(client_, melding):
    page = html(client_.get(melding.get_absolute_url()))
    assert "Nog geen verwijzingen." in page and url(melding) in page


def test_a_closed_case_shows_its_referrals_without_the_button(client_, meldpunt, welzijn):
    closed = MeldingFactory(meldpunt=meldpunt, closed=True)
    VerwijzingFactory(melding=closed, organisatie=welzijn, status=ReferralStatus.VERSTUURD)
    page = html(client_.get(closed.get_absolute_url()))
    assert "Welzijn Centrum" in page and url(closed) not in page


# --- In a browser ----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_referring_in_a_browser_is_accessible_and_keeps_what_was_typed(live_server):
    from tests.browser import browser_page, serious_axe_violations
    from tests.test_meldpunt_case import other_browser

    user = UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")
    gemeente = GemeenteFactory()
    wijk = WijkFactory(gemeente=gemeente, name="Centrum")
    melding = MeldingFactory(
        meldpunt=MeldpuntFactory(staff=[user], gemeente=gemeente), wijk=wijk, status=Status.IN_BEHANDELING
    )
    welzijn = OrganisatieFactory(name="Welzijn Centrum")
    welzijn.gemeenten.add(gemeente)
    ActiviteitFactory(organisatie=welzijn, title="Rouwgroep Centrum", locaties=[LocatieFactory(wijk=wijk)])
    VerwijzingFactory(melding=melding, organisatie=welzijn)
    browser_login = other_browser(user)

    problems = {}
    with browser_page() as page:
        page.context.add_cookies(
            [{"name": "sessionid", "value": browser_login.cookies["sessionid"].value, "url": live_server.url}]
        )
        page.goto(live_server.url + melding.get_absolute_url())
        problems["dossier"] = serious_axe_violations(page)
        page.get_by_role("link", name="Verwijzen", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).count() == 1
        problems["verwijzen"] = serious_axe_violations(page)

        page.get_by_label("Warme overdracht").fill("Bel haar na tienen.")
        page.get_by_role("button", name="Kies Rouwgroep Centrum").click()
        page.wait_for_load_state()
        assert page.get_by_label("Warme overdracht").input_value() == "Bel haar na tienen."
        assert page.get_by_label("Partnerorganisatie").input_value() == str(welzijn.pk)

        page.get_by_label("Overdrachtsnotitie delen").check()
        page.get_by_label("Geen toestemming: anonieme verwijzing").check()
        page.get_by_role("button", name="Verwijzing versturen").click()
        page.wait_for_load_state()
        assert "Zonder toestemming van de persoon kunt u niets delen." in page.content()
        assert page.get_by_label("Warme overdracht").input_value() == "Bel haar na tienen."
        problems["met fouten"] = serious_axe_violations(page)

        page.get_by_label("De persoon geeft toestemming om gegevens te delen").check()
        page.get_by_label("Telefonisch", exact=True).check()  # how consent was obtained: required with consent
        page.get_by_label("Geplande start").press("Enter")  # sends; it does not press "Geen activiteit"
        page.wait_for_load_state()
        assert "is verstuurd naar Welzijn Centrum" in page.content()
    problems = {name: found for name, found in problems.items() if found}
    assert not problems, problems
    assert Verwijzing.objects.filter(melding=melding, activiteit__title="Rouwgroep Centrum", share_note=True).exists()


def test_the_case_section_reads_its_referrals_itself_without_the_annotation(
    melding, welzijn, django_assert_num_queries
):
    from meldpunt.views.referrals import referrals_section

    verwijzing = VerwijzingFactory(melding=melding, organisatie=welzijn, planned_start=timezone.localdate())
    plain = Melding.objects.get(pk=melding.pk)
    with django_assert_num_queries(1):
        section = referrals_section(plain)["referrals"]
    (row,) = section["rows"]
    assert (row["reference"], row["organisatie"], row["status_label"]) == (
        verwijzing.reference,
        "Welzijn Centrum",
        "Verstuurd, wacht op antwoord",
    )
    assert row["planned_start"] == timezone.localdate() and row["sent_at"] is not None and row["is_active"]
    assert section["running"] == 1 and section["can_refer"]
