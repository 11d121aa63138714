"""Details users noticed (issue 14, second round): each point with the test that would have caught it.

1. "Afdrukken" prints at once where JavaScript runs and stays a link (or a hint) where it does not.
2. The language menu says "Nederlands" and "English" in every language; an icon, also at /favicon.ico.
"""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
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


# ---------------------------------------------------------------------------
# 2. The language menu names each language in its own words; the site has an icon
# ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_language_menu_names_each_language_in_that_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("socialekaart:home")).content.decode()
    assert f'<html lang="{language}">' in html
    options = dict(re.findall(r'<option value="(nl|en)"[^>]*>([^<]*)</option>', html))
    assert options == {"nl": "Nederlands", "en": "English"}
    assert ">Engels<" not in html and ">Dutch<" not in html


@pytest.mark.django_db
def test_every_page_links_the_icon_and_favicon_ico_is_not_a_404(client):
    html = client.get(reverse("socialekaart:home")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon and finders.find(icon.group(1).removeprefix(settings.STATIC_URL))
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    assert finders.find("img/favicon.ico")
    assert client.head("/favicon.ico").status_code == 302
    for error_page in ["400.html", "500.html", "503.html"]:
        assert 'rel="icon"' in render_to_string(error_page), error_page


@pytest.mark.django_db(transaction=True)
def test_the_browser_gets_an_icon_for_favicon_ico(live_server):
    with browser_page() as page:
        response = page.goto(live_server.url + "/favicon.ico")
        assert response.status == 200
        assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
