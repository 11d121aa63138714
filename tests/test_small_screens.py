"""The citizens' pages on a phone (390 px wide) and on a desktop, in headless Chromium: a header with side padding
and a "Menu" that opens without JavaScript, the search filters behind "Filters" so the first result is on the first
screen, and no serious axe violations in either state."""

import pytest

from tests.browser import browser_page, serious_axe_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listings():
    from meldpunt.models import Meldpunt
    from tests.factories import ActiviteitFactory, GemeenteFactory, LocatieFactory, TijdslotFactory, WijkFactory

    gemeente = GemeenteFactory(name="Twenterand")
    Meldpunt.objects.create(gemeente=gemeente, name="Meldpunt Twenterand", phone="0546 123 456", email="m@example.org")
    wijk = WijkFactory(gemeente=gemeente, name="Vroomshoop", kind="kern")
    for n in range(3):
        activiteit = ActiviteitFactory(title=f"Wandelgroep {n}", locaties=[LocatieFactory(name="De Bron", wijk=wijk)])
        TijdslotFactory(activiteit=activiteit, weekday=2)
    return activiteit, wijk


def test_on_a_phone_the_first_result_comes_first_and_the_menu_and_filters_open(live_server, listings):
    activiteit, wijk = listings
    problems = {}
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/activiteiten/?wijk=" + str(wijk.pk))

        # The header has room at the sides, and the name is not against the edge of the screen.
        padding = page.eval_on_selector(".site-header-bar", "e => parseFloat(getComputedStyle(e).paddingLeft)")
        assert padding > 0
        assert page.locator(".site-brand").bounding_box()["x"] >= 8

        # The first result is on the first screen; the filters wait behind "Filters (1 gekozen)".
        first = page.locator("ol.results > li").first.bounding_box()
        assert first["y"] + 40 < PHONE["height"], first
        assert not page.get_by_label("Wijk of kern").is_visible()
        problems["zoeken, dicht"] = serious_axe_violations(page)
        page.get_by_text("Filters (1 gekozen)").click()
        assert page.get_by_label("Wijk of kern").is_visible()
        assert page.get_by_label("Wijk of kern").input_value() == str(wijk.pk)

        # The menu: closed, and one tap shows the links.
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        assert not menu.get_by_role("link", name="Agenda").is_visible()
        header_height = page.locator(".site-header").bounding_box()["height"]
        assert header_height < 100
        menu.get_by_text("Menu").click()
        assert menu.get_by_role("link", name="Agenda").is_visible()
        assert menu.get_by_role("link", name="Inloggen").is_visible()
        problems["zoeken, open"] = serious_axe_violations(page)

        for path in ["/", activiteit.get_absolute_url(), f"/activiteiten/boekje/?wijk={wijk.pk}"]:
            page.goto(live_server.url + path)
            assert page.locator(".site-brand").bounding_box()["x"] >= 8
            problems[path] = serious_axe_violations(page)
        # Nothing is wider than the phone's screen.
        page.goto(live_server.url + "/activiteiten/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems = {page: found for page, found in problems.items() if found}
    assert not problems, problems


def test_on_a_desktop_the_menu_and_the_filters_are_always_open(live_server, listings):
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        page.goto(live_server.url + "/activiteiten/")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        assert menu.get_by_role("link", name="Agenda").is_visible()
        assert not menu.get_by_text("Menu").is_visible()
        assert page.get_by_label("Wijk of kern").is_visible()
        assert not page.get_by_text("Filters", exact=True).is_visible()
        # The CSS opens them, not the script: Chromium knows ::details-content.
        assert page.evaluate("CSS.supports('selector(::details-content)')")
        assert page.evaluate("[...document.querySelectorAll('details[data-open-wide]')].every(d => !d.open)")
        assert serious_axe_violations(page) == []
