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
def test_a_partner_logs_in_with_the_keyboard_and_the_start_page_is_accessible(live_server):
    from tests.factories import UserFactory

    UserFactory(role="partner", email="toegankelijk@example.org", password="geheim-wachtwoord-123")
    with browser_page() as page:
        page.goto(live_server.url + "/")
        # The skip link is the first thing a keyboard user reaches.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.get_by_role("link", name="Inloggen").first.click()
        page.get_by_label("E-mailadres").fill("toegankelijk@example.org")
        page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
        page.get_by_label("Wachtwoord").press("Enter")
        page.wait_for_url(live_server.url + "/mijn/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
        assert serious_axe_violations(page) == []
