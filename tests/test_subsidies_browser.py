"""The applicant's pages of subsidies in headless Chromium: axe-core finds no serious or critical violations (WCAG 2.1
AA) on the public call pages, the registration page and the applicant's pages, and an applicant goes from the public
list to a submitted application with JavaScript switched off (every page works without it).

As in tests/test_accessibility.py: data is made before the browser starts and read after it closed (inside the
browser block, Playwright's greenlet would get a database connection of its own that nobody closes)."""

from contextlib import contextmanager

import pytest
from django.urls import reverse

from coalition.models import Role
from subsidies.choices import AanvraagStatus
from subsidies.models import Aanvraag
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _async_unsafe_allowed,
    browser_page,
    require_chromium,
    serious_axe_violations,
)
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    AanvraagFactory,
    OrganisatieFactory,
    RegelingFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, base_url, email, next_path=""):
    page.goto(f"{base_url}{reverse('coalition:login')}{'?next=' + next_path if next_path else ''}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    page.wait_for_load_state()


def check(page, problems, name):
    assert page.locator("html").get_attribute("lang") == "nl", name
    assert page.get_by_role("heading", level=1).count() == 1, name
    violations = serious_axe_violations(page)
    if violations:
        problems[name] = violations


def test_the_public_call_pages_and_the_registration_are_accessible(live_server):
    regeling = RegelingFactory(title="Netwerkaanpak in de wijk", slug="netwerkaanpak", requires_measurement=True)
    WijkFactory(gemeente=regeling.gemeente)
    RegelingFactory(slug="gesloten", closed=True)
    problems = {}
    with browser_page() as page:
        for path in [
            reverse("subsidies:index"),
            reverse("subsidies:call", args=["netwerkaanpak"]),
            reverse("subsidies:call", args=["gesloten"]),
            reverse("subsidies:register"),
            reverse("subsidies:register_sent"),
            reverse("subsidies:register_confirm", args=["MQ", "verkeerd"]),
        ]:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            check(page, problems, path)
        # The registration with errors: the summary and the messages beside the fields.
        page.goto(live_server.url + reverse("subsidies:register"))
        page.get_by_label("E-mailadres").fill("geen-adres")
        page.get_by_role("button", name="Account maken").click()
        page.wait_for_load_state()
        assert "Niet alles is goed ingevuld" in page.content()
        check(page, problems, "registreren (met fouten)")
    assert not problems, problems


def test_the_applicants_pages_are_accessible(live_server):
    organisatie = OrganisatieFactory(name="Onze buurt de Posten")
    user = UserFactory(role=Role.AANVRAGER, email="aanvrager@example.org", organisaties=[organisatie])
    regeling = RegelingFactory(title="Pilots vraaggerichte interventies")
    WijkFactory.create_batch(3, gemeente=regeling.gemeente)
    complete = AanvraagFactory(regeling=regeling, organisatie=organisatie, created_by=user, title="Koffie aan huis")
    empty = AanvraagFactory(
        regeling=regeling, organisatie=organisatie, created_by=user, title="", summary="", lines=False
    )
    pages = {
        "mijn aanvragen": reverse("subsidies:my_applications"),
        "overzicht": reverse("subsidies:application", args=[complete.pk]),
        "onderdeel project": reverse("subsidies:section", args=[complete.pk, "project"]),
        "onderdeel bereik": reverse("subsidies:section", args=[complete.pk, "bereik"]),
        "onderdeel begroting": reverse("subsidies:section", args=[complete.pk, "begroting"]),
        "onderdeel vragen": reverse("subsidies:section", args=[complete.pk, "vragen"]),
        "bijlagen": reverse("subsidies:attachments", args=[complete.pk]),
        "wat ontbreekt bij indienen": reverse("subsidies:submit", args=[empty.pk]),
        "intrekken": reverse("subsidies:withdraw", args=[complete.pk]),
        "nieuwe aanvraag": reverse("subsidies:start", args=[regeling.slug]),
    }
    problems = {}
    with browser_page() as page:
        log_in(page, live_server.url, "aanvrager@example.org")
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, name
            check(page, problems, name)
        assert "Nog niet klaar" in page.goto(live_server.url + pages["wat ontbreekt bij indienen"]).text()
        # A section form with an error beside a field.
        page.goto(live_server.url + pages["onderdeel project"])
        page.fill("#id_start_date", "2027-03-01")
        page.fill("#id_end_date", "2027-02-01")
        page.get_by_role("button", name="Bewaren", exact=True).click()
        page.wait_for_load_state()
        assert "De einddatum moet na de startdatum liggen." in page.content()
        check(page, problems, "onderdeel project (met fouten)")
    assert not problems, problems


@contextmanager
def page_without_javascript():
    """A page in headless Chromium (tests/browser.py's settings) with JavaScript switched off."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with _async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_context(locale="nl-NL", java_script_enabled=False).new_page()
        finally:
            browser.close()


def save_and_go_on(page):
    page.get_by_role("button", name="Bewaren en naar het volgende onderdeel").click()
    page.wait_for_load_state()


def fill_the_sections(page, gemeente):
    """From the project section to the budget, each saved with 'Bewaren en naar het volgende onderdeel'."""
    page.get_by_label("Naam van het project").fill("Koffie aan huis")
    page.get_by_label("Samenvatting", exact=True).fill("Vrijwilligers bezoeken oudere bewoners thuis.")
    page.fill("#id_start_date", "2027-03-01")
    page.fill("#id_end_date", "2028-02-29")
    save_and_go_on(page)
    page.get_by_label("Contactpersoon", exact=True).fill("Aziz")
    save_and_go_on(page)
    page.get_by_label(f"De hele gemeente {gemeente}").check()
    page.get_by_label("ouderen", exact=True).check()
    save_and_go_on(page)
    page.get_by_label("Rol van ervaringsdeskundigen").fill("Twee ervaringsdeskundigen bezoeken mee.")
    save_and_go_on(page)
    page.get_by_label("Activiteiten en planning").fill("Maand 1: werven. Maand 2 tot 12: bezoeken.")
    save_and_go_on(page)
    # Targets: the empty row
    page.select_option("#id_doelen-0-target_group", "ouderen")
    page.fill("#id_doelen-0-description", "Oudere bewoners thuis bezocht")
    page.fill("#id_doelen-0-number", "25")
    save_and_go_on(page)
    page.get_by_label("Meetplan", exact=True).fill("Voor- en nameting met de De Jong Gierveld-schaal.")
    save_and_go_on(page)
    # Budget: one line, as people here write amounts, and the amount asked
    page.select_option("#id_regels-0-category", "personeel")
    page.fill("#id_regels-0-description", "Coördinatie van de vrijwilligers")
    page.fill("#id_regels-0-amount", "12.500,00")
    page.fill("#id_regels-0-co_financing", "500")
    page.fill("#id_amount_requested", "12000")
    save_and_go_on(page)


def test_an_applicant_drafts_attaches_and_submits_without_javascript(live_server):
    organisatie = OrganisatieFactory(name="Onze buurt de Posten")
    UserFactory(role=Role.AANVRAGER, email="aziz@example.org", full_name="Aziz", organisaties=[organisatie])
    regeling = RegelingFactory(title="Pilots vraaggerichte interventies", slug="pilots")
    document = regeling.documenteisen.get().name
    base = live_server.url

    with page_without_javascript() as page:
        # From the public list to the call; "Aanvragen" leads to logging in, and back to starting.
        page.goto(base + reverse("subsidies:index"))
        page.get_by_role("link", name="Pilots vraaggerichte interventies", exact=True).click()
        page.get_by_role("link", name="Aanvragen", exact=True).click()
        page.get_by_label("E-mailadres").fill("aziz@example.org")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(base + reverse("subsidies:start", args=["pilots"]))
        page.get_by_role("button", name="Aanvraag beginnen").click()
        fill_the_sections(page, regeling.gemeente.name)
        # Attachments: a PDF for the call's document
        page.select_option("#id_documenteis", label=document)
        page.set_input_files(
            "#id_file", files=[{"name": "begroting.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
        )
        page.get_by_role("button", name="Toevoegen").click()
        page.wait_for_load_state()
        assert "Toegevoegd: begroting.pdf" in page.content()
        # The knock-out question
        page.get_by_role("link", name="Voorwaarden (ja/nee-vragen)").first.click()
        page.get_by_label("Ja").check()
        page.get_by_role("button", name="Bewaren", exact=True).click()
        page.wait_for_load_state()
        # Submit from the overview: nothing is missing any more
        page.get_by_role("link", name="Overzicht van de aanvraag").first.click()
        assert page.get_by_text("nog niet compleet").count() == 0
        page.get_by_role("link", name="Indienen").click()
        page.get_by_role("button", name="Ja, indienen").click()
        page.wait_for_load_state()
        content = page.locator("main").inner_text()

    assert "Uw aanvraag is ingediend." in content
    assert "Status: Ingediend" in content
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.status == AanvraagStatus.INGEDIEND
    assert aanvraag.amount_requested == 12000 and aanvraag.bijlagen.get().kind == "pdf"
    assert aanvraag.doelen.get().number == 25
