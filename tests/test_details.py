"""Details users noticed (issue 14, second round): each point with the test that would have caught it.

1. "Afdrukken" prints at once where JavaScript runs and stays a link (or a hint) where it does not.
"""

import re

import pytest
from django.urls import reverse

from tests.browser import CHROMIUM, CHROMIUM_ARGS, _async_unsafe_allowed, browser_page, require_chromium
from tests.factories import ActiviteitFactory, LocatieFactory, WijkFactory

BOOKLET = reverse("socialekaart:booklet")

# Runs before the page's own scripts: counts the calls of window.print instead of opening the dialog.
COUNT_PRINTS = "window.__prints = 0; window.print = function () { window.__prints += 1; };"


# ---------------------------------------------------------------------------
# 1. Afdrukken
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_activity_pages_print_link_is_a_link_that_the_script_turns_into_printing(client):
    activiteit = ActiviteitFactory()
    html = client.get(activiteit.get_absolute_url()).content.decode()
    link = re.search(r"<a [^>]*>Afdrukken</a>", html)
    assert link, "the print link is missing"
    assert 'href="?print=1"' in link.group() and "data-print" in link.group()
    assert "onclick" not in html and "<script>" not in html


@pytest.mark.django_db
def test_the_print_views_offer_a_print_button_only_for_the_script_and_ctrl_p_for_the_rest(client):
    wijk = WijkFactory()
    activiteit = ActiviteitFactory(locaties=[LocatieFactory(wijk=wijk)])
    for url in [activiteit.get_absolute_url() + "?print=1", f"{BOOKLET}?wijk={wijk.pk}&voor="]:
        html = client.get(url).content.decode()
        assert "Ctrl+P" in html, url
        button = re.search(r"<button [^>]*data-print[^>]*>Afdrukken</button>", html)
        assert button and " hidden" in button.group(), url


def watched_page(browser, **context):
    page = browser.new_page(locale="nl-NL", **context)
    page.add_init_script(COUNT_PRINTS)
    return page


@pytest.mark.django_db(transaction=True)
def test_afdrukken_opens_the_print_dialog_with_javascript_and_the_print_view_without(live_server):
    wijk = WijkFactory()
    activiteit = ActiviteitFactory(title="Wandelgroep", locaties=[LocatieFactory(wijk=wijk)])
    url = live_server.url + activiteit.get_absolute_url()
    booklet = f"{live_server.url}{BOOKLET}?wijk={wijk.pk}&voor="
    with browser_page() as page:  # the site's CSP is checked on these pages as well
        page.add_init_script(COUNT_PRINTS)
        page.goto(url)
        page.get_by_role("link", name="Afdrukken").click()
        assert page.evaluate("window.__prints") == 1
        assert page.url == url  # the dialog, not the print view
        for print_view in [url + "?print=1", booklet]:
            page.goto(print_view)
            page.get_by_role("button", name="Afdrukken").click()
            assert page.evaluate("window.__prints") == 1, print_view

    require_chromium()
    from playwright.sync_api import sync_playwright

    with _async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = watched_page(browser, java_script_enabled=False)
            page.goto(url)
            page.get_by_role("link", name="Afdrukken").click()
            page.wait_for_load_state()
            assert page.url == url + "?print=1"
            assert page.get_by_role("button", name="Afdrukken").count() == 0  # hidden: it would do nothing
            assert "Ctrl+P" in page.content()
            page.goto(booklet)
            assert page.get_by_role("button", name="Afdrukken").count() == 0
        finally:
            browser.close()
