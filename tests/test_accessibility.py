"""Base pages pass axe-core (WCAG 2.1 AA) in headless Chromium with no serious or critical violations."""

import pytest

from tests.browser import browser_page, serious_axe_violations

PUBLIC_PAGES = [
    "/",
    "/account/inloggen/",
    "/account/wachtwoord-vergeten/",
    "/bestaat-niet/",
]


@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violations(live_server):
    problems = {}
    with browser_page() as page:
        for path in PUBLIC_PAGES:
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == "nl"
            violations = serious_axe_violations(page)
            if violations:
                problems[path] = violations
    assert not problems, problems


@pytest.mark.django_db(transaction=True)
def test_the_citizens_pages_of_the_sociale_kaart_have_no_serious_accessibility_violations(live_server):
    from meldpunt.models import Meldpunt
    from tests.factories import (
        ActiviteitFactory,
        BijeenkomstFactory,
        GemeenteFactory,
        LocatieFactory,
        TijdslotFactory,
        WijkFactory,
    )

    gemeente = GemeenteFactory(name="Twenterand")
    Meldpunt.objects.create(gemeente=gemeente, name="Meldpunt Twenterand", phone="0546 123 456", email="m@example.org")
    wijk = WijkFactory(gemeente=gemeente, name="Vroomshoop")
    activiteit = ActiviteitFactory(
        title="Wandelgroep Vroomshoop",
        summary="Samen wandelen door het dorp.",
        cost_kind="bedrag",
        cost_amount="2.50",
        transport_available=True,
        contact_phone="0546 111 222",
        locaties=[LocatieFactory(name="De Bron", wijk=wijk, hearing_loop=True)],
    )
    TijdslotFactory(activiteit=activiteit, weekday=2)
    BijeenkomstFactory(activiteit=activiteit, locatie=activiteit.locaties.first())
    ActiviteitFactory(title="Café de Ontmoeting", locaties=[LocatieFactory(wijk=wijk)])
    pages = [
        "/",
        "/activiteiten/?q=wandelen",
        "/activiteiten/?q=wandlen&gratis=1",  # a typo: "Bedoelde u" / corrected results
        "/activiteiten/?q=schaken",  # nothing found: the empty state
        activiteit.get_absolute_url(),
        activiteit.get_absolute_url() + "?print=1",
        "/agenda/",
        "/activiteiten/boekje/",
        f"/activiteiten/boekje/?wijk={wijk.pk}&voor=ouderen",
    ]
    problems = {}
    with browser_page() as page:
        for path in pages:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == "nl"
            assert page.get_by_role("heading", level=1).count() == 1, path
            violations = serious_axe_violations(page)
            if violations:
                problems[path] = violations
        # The result count is announced to screen readers.
        page.goto(live_server.url + "/activiteiten/?q=wandelen")
        assert "1 activiteit gevonden" in page.get_by_role("status").first.inner_text()
    assert not problems, problems


@pytest.mark.django_db(transaction=True)
def test_a_partner_logs_in_with_the_keyboard_and_the_start_page_is_accessible(live_server):
    from tests.factories import TOTPDeviceFactory, UserFactory, totp_token

    partner = UserFactory(role="partner", email="toegankelijk@example.org", password="geheim-wachtwoord-123")
    device = TOTPDeviceFactory(user=partner)
    with browser_page() as page:
        page.goto(live_server.url + "/")
        # The skip link is the first thing a keyboard user reaches.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.get_by_role("link", name="Inloggen").first.click()
        page.get_by_label("E-mailadres").fill("toegankelijk@example.org")
        page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
        page.get_by_label("Wachtwoord").press("Enter")
        # Partners see residents' names: the code from their app comes next.
        page.wait_for_url(live_server.url + "/account/tweede-stap/**")
        assert serious_axe_violations(page) == []
        page.get_by_label("Code uit de app").fill(totp_token(device))
        page.get_by_label("Code uit de app").press("Enter")
        page.wait_for_url(live_server.url + "/mijn/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
        assert serious_axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_public_web_form_and_its_thank_you_page_are_accessible(live_server):
    """/melden/ empty, with errors (the summary has the focus), the thank-you page with the reference number, and the
    privacy statement it links to."""
    from meldpunt.models import Melding, Meldpunt
    from tests.factories import GemeenteFactory

    for name in ["Twenterand", "Hengelo"]:  # two: the gemeente choice is on the page too
        Meldpunt.objects.create(
            gemeente=GemeenteFactory(name=name), name=f"Meldpunt {name}", phone="0546 123 456", email="m@example.org"
        )
    problems = {}
    with browser_page() as page:
        page.goto(live_server.url + "/melden/")
        assert page.get_by_role("heading", level=1).count() == 1
        problems["/melden/"] = serious_axe_violations(page)
        # The honeypot is not in the tab order and hidden from screen readers.
        assert page.locator("#id_website").get_attribute("tabindex") == "-1"
        assert page.get_by_role("textbox", name="Laat dit veld leeg").count() == 0
        assert page.get_by_label("Laat dit veld leeg").count() == 1  # the label is there, should a reader get there

        page.get_by_role("button", name="Verstuur").click()
        page.wait_for_load_state()
        assert "Er ging iets mis" in page.content()
        # The summary of what to fix has the focus, so a screen reader reads it first; its links lead to the fields.
        assert page.evaluate("document.activeElement.id") == "id_fouten"
        problems["/melden/ (met fouten)"] = serious_axe_violations(page)
        page.locator("#id_fouten").get_by_role("link", name="Wat maakt u zorgen?").click()
        assert page.evaluate("document.activeElement.id") == "id_description"

        page.get_by_label("Over iemand anders").check()
        page.get_by_label("Twenterand").check()
        page.get_by_label("Wat maakt u zorgen?").fill("Mijn buurvrouw komt de deur niet meer uit.")
        page.get_by_role("button", name="Verstuur").press("Enter")
        page.wait_for_url(live_server.url + "/melden/bedankt/")
        thanks = page.content()
        problems["/melden/bedankt/"] = serious_axe_violations(page)

        page.get_by_role("link", name="Lees wat we met uw gegevens doen").click()
        page.wait_for_url(live_server.url + "/privacy/")
        assert page.get_by_role("heading", level=1).count() == 1
        problems["/privacy/"] = serious_axe_violations(page)

        # On a phone (390 px wide): the privacy statement, and the form with its error summary first.
        page.set_viewport_size({"width": 390, "height": 844})
        problems["/privacy/ (telefoon)"] = serious_axe_violations(page)
        page.goto(live_server.url + "/melden/")
        page.get_by_role("button", name="Verstuur").click()
        page.wait_for_load_state()
        assert page.evaluate("document.activeElement.id") == "id_fouten"
        problems["/melden/ (met fouten, telefoon)"] = serious_axe_violations(page)
    # Read the database outside the browser block: inside it, Playwright's greenlet would get a connection of its
    # own that nobody closes (and the test database could not be dropped at the end).
    assert Melding.objects.get().number in thanks
    assert "buurvrouw" not in thanks
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, problems
