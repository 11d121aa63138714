"""Details users noticed (issue 14, second round): each point with the test that would have caught it.

1. "Afdrukken" prints at once where JavaScript runs and stays a link (or a hint) where it does not.
2. The language menu says "Nederlands" and "English" in every language; an icon, also at /favicon.ico.
3. Money as "€ 1.250,00" (no-break space, points between thousands, comma before the cents) in both languages.
4. "Nog actueel" looks like a button and is only offered (and only done) for a listing on the sociale kaart.
5. The coördinator's menu counts what waits in the review queue ("3 te beoordelen"), in one query.
6. A logged-in user without an admin role gets a Dutch 403 in the admin, not a loop through the log-in page.
7. The staff page of an activity (track record) says what research says in the public page's sentence.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from coalition import formatting
from coalition.models import Role
from socialekaart.services import listings
from socialekaart.services.listings import ListingError
from subsidies import formatting as subsidies_formatting
from subsidies import money
from tests.browser import CHROMIUM, CHROMIUM_ARGS, _async_unsafe_allowed, browser_page, require_chromium
from tests.factories import (
    AanvraagFactory,
    ActiviteitFactory,
    BegrotingsregelFactory,
    GrantedAanvraagFactory,
    LocatieFactory,
    RegelingFactory,
    UserFactory,
    WijkFactory,
    declare_no_conflict,
)

BOOKLET = reverse("socialekaart:booklet")
D = Decimal

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


# ---------------------------------------------------------------------------
# 3. Money in Dutch notation on every page that shows it, in both languages
# ---------------------------------------------------------------------------
NBSP = "\N{NO-BREAK SPACE}"
DUTCH = f"€{NBSP}1.250,00"
WRONG = re.compile(r"1,250\.00|1250\.00|1250,00|€ 1\.250|€&nbsp;1\.250")


def test_euro_writes_dutch_notation_in_every_language():
    for language in ["nl", "en"]:
        with translation.override(language):
            assert formatting.euro(Decimal("1250")) == DUTCH
            assert formatting.euro(Decimal("1234567.891")) == f"€{NBSP}1.234.567,89"
            assert formatting.euro(2.5) == f"€{NBSP}2,50"
            assert formatting.euro(Decimal("1250.4"), places=0) == f"€{NBSP}1.250"
            assert money.euro(Decimal("1250")) == subsidies_formatting.euro(Decimal("1250")) == DUTCH


@pytest.fixture
def money_pages(db, login, coordinator):
    """The pages that show money, each with an amount of € 1.250,00 on it, and who opens them."""
    from subsidies.services import grants

    regeling = RegelingFactory(slug="geld", total_budget=D("1250.00"), max_per_application=D("1250.00"))
    at_committee = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=D("1250.00"), lines=False)
    BegrotingsregelFactory(aanvraag=at_committee, amount=D("1250.00"), co_financing=D("0.00"))
    granted = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=D("1250.00"), lines=False)
    grants.allocate(aanvraag=granted, amount=D("1250.00"), by=coordinator)
    grants.grant(aanvraag=granted, reasons="Een sterk plan voor de wijk.", by=coordinator)
    member = UserFactory(role=Role.COMMISSIELID)
    declare_no_conflict(at_committee, member)
    activiteit = ActiviteitFactory(slug="duur", cost_kind="bedrag", cost_amount=D("1250.00"), title="Zeilreis")
    return {
        None: [
            activiteit.get_absolute_url(),
            reverse("socialekaart:search") + "?q=zeilreis",
            reverse("subsidies:call", args=[regeling.slug]),
        ],
        coordinator: [
            reverse("subsidies:coordinator_calls"),
            reverse("subsidies:coordinator_call", args=[regeling.slug]),
            reverse("subsidies:coordinator_application", args=[at_committee.pk]),
            reverse("subsidies:ranking", args=[regeling.slug]),
            reverse("subsidies:grant_allocate", args=[at_committee.pk]),
            reverse("subsidies:grant_detail", args=[granted.pk]),
            reverse("subsidies:grant_letter", args=[granted.pk]),
            reverse("meldpunt:activity_track_record", args=[activiteit.slug]),
        ],
        member: [
            reverse("subsidies:committee_application", args=[at_committee.pk]),
        ],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_with_money_writes_it_in_dutch_notation(client, login, money_pages, language):
    problems = {}
    for user, urls in money_pages.items():
        client.logout()
        if user is not None:
            login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            if DUTCH not in html or WRONG.search(html):
                problems[url] = WRONG.findall(html) or "no € 1.250,00"
    assert not problems, problems


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_decision_e_mails_write_money_in_dutch_notation(language):
    aanvraag = GrantedAanvraagFactory(amount_requested=D("2500.00"), allocated_amount=D("1250.00"))
    aanvraag.settled_amount = D("1250.00")
    with translation.override(language):
        for name, context in [
            ("besluit.txt", {"aanvraag": aanvraag, "regeling": aanvraag.regeling}),
            ("vastgesteld.txt", {"aanvraag": aanvraag, "paid": D("0"), "difference": D("1250.00")}),
        ]:
            text = render_to_string(f"subsidies/email/{name}", context)
            assert DUTCH in text and not WRONG.search(text), (name, text)


# ---------------------------------------------------------------------------
# 4. "Nog actueel" is a button, and only for a listing on the sociale kaart
# ---------------------------------------------------------------------------
def confirm_buttons(html: str) -> list[str]:
    return re.findall(r'<form method="post" action="[^"]*/nog-actueel/"[^>]*>.*?</form>', html, re.S)


@pytest.mark.django_db
def test_nog_actueel_is_a_clear_button_on_published_listings_and_absent_on_drafts(client, login, partner):
    own = partner.organisaties.get()
    published = ActiviteitFactory(organisatie=own, title="Op de kaart", stale=True)
    concept = ActiviteitFactory(organisatie=own, concept=True, title="Nog een concept", slug="concept")
    waiting = ActiviteitFactory(organisatie=own, status="ter-beoordeling", title="Wacht", slug="wacht")
    login(partner)

    html = client.get(reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": own.pk})).content.decode()
    buttons = confirm_buttons(html)
    assert len(buttons) == 1 and f"/{published.slug}/nog-actueel/" in buttons[0]
    assert 'class="btn btn-sm btn-outline-primary' in buttons[0] and "btn-success" not in buttons[0]
    assert "Bevestig: nog actueel" in buttons[0] and 'type="submit"' in buttons[0]

    for activiteit, offered in [(published, True), (concept, False), (waiting, False)]:
        url = reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug})
        buttons = confirm_buttons(client.get(url).content.decode())
        assert len(buttons) == int(offered), activiteit.status
        if offered:
            assert 'class="btn btn-outline-primary"' in buttons[0] and "Bevestig: nog actueel" in buttons[0]


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["concept", "ter-beoordeling"])
def test_the_service_refuses_to_confirm_a_draft_in_dutch(client, login, partner, status):
    activiteit = ActiviteitFactory(organisatie=partner.organisaties.get(), status=status, last_confirmed_on=None)
    with pytest.raises(ListingError, match="staat nog niet op de sociale kaart"):
        listings.activiteit_confirm_current(activiteit=activiteit, by=partner)

    login(partner)
    response = client.post(reverse("socialekaart:activiteit_confirm", kwargs={"slug": activiteit.slug}), follow=True)
    assert "staat nog niet op de sociale kaart" in response.content.decode()
    activiteit.refresh_from_db()
    assert activiteit.last_confirmed_on is None
    assert not activiteit.historie.filter(action="bevestigd").exists()


# ---------------------------------------------------------------------------
# 5. The review queue's count in the coördinator's menu
# ---------------------------------------------------------------------------
def review_link(html: str) -> str:
    return re.search(r'<a class="nav-link[^"]*" href="/[^"]*"[^>]*>Beoordelen.*?</a>', html, re.S).group()


@pytest.mark.django_db
def test_the_coordinators_menu_counts_what_waits_for_review(client, login, coordinator, partner):
    from socialekaart.models import Wijzigingsvoorstel
    from socialekaart.queries.coordinator import review_count, review_items

    login(coordinator)
    assert "badge" not in review_link(client.get(reverse("coalition:start")).content.decode())  # nothing waits

    ActiviteitFactory.create_batch(2, status="ter-beoordeling")
    ActiviteitFactory(concept=True)
    published = ActiviteitFactory()
    Wijzigingsvoorstel.objects.create(activiteit=published, data={"title": "Nieuw"}, submitted_by=partner)
    Wijzigingsvoorstel.objects.create(
        activiteit=published, data={"title": "Oud"}, submitted_by=partner, status="goedgekeurd"
    )

    link = review_link(client.get(reverse("coalition:start")).content.decode())
    assert '<span class="badge rounded-pill bg-warning text-dark" aria-hidden="true">3</span>' in link
    assert '<span class="visually-hidden"> (3 te beoordelen)</span>' in link
    assert review_count() == len(review_items()) == 3


@pytest.mark.django_db
def test_the_review_count_is_one_query_and_only_for_coordinators(client, login, partner, django_assert_num_queries):
    from socialekaart.queries.coordinator import review_count

    ActiviteitFactory(status="ter-beoordeling")
    with django_assert_num_queries(1):
        assert review_count() == 1
    login(partner)
    html = client.get(reverse("coalition:start")).content.decode()
    assert "te beoordelen" not in html


# ---------------------------------------------------------------------------
# 6. The admin: a clear 403 for logged-in users without an admin role
# ---------------------------------------------------------------------------
NON_ADMIN_ROLES = [role for role in Role if role not in (Role.COORDINATOR, Role.BEHEERDER)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_a_logged_in_non_admin_gets_a_dutch_403_in_the_admin_with_a_link_to_the_start_page(client, login, role):
    login(UserFactory(role=role))
    for url in ["/admin/", "/admin/coalition/organisatie/", "/admin/login/?next=/admin/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert "Alleen coördinatoren en beheerders kunnen het openen" in html, url
        assert f'href="{reverse("coalition:start")}"' in html
    # Following the redirects never loops: it ends at the 403 page.
    assert client.get("/admin/", follow=True).redirect_chain == []


@pytest.mark.django_db
def test_the_admin_still_sends_visitors_to_log_in_and_opens_for_admins(client, login, coordinator):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(reverse("coalition:login"))
    login(coordinator)
    assert client.get("/admin/").status_code == 200


# ---------------------------------------------------------------------------
# 7. The staff page of an activity says what research says in the public page's words
# ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("evidence", ["onderbouwd", "kansrijk", "onbekend"])
def test_the_track_record_page_uses_the_public_evidence_sentence(client, login, medewerker, evidence):
    from socialekaart.presenters import EVIDENCE_LINES

    activiteit = ActiviteitFactory(evidence=evidence)
    login(medewerker)
    staff = client.get(reverse("meldpunt:activity_track_record", args=[activiteit.slug])).content.decode()
    public = client.get(activiteit.get_absolute_url()).content.decode()
    sentence = str(EVIDENCE_LINES[evidence])
    assert sentence in staff and sentence in public
    for old in ["(nog) niet onderzocht", "onderzocht en werkt (onderbouwd)", "nog niet volledig onderzocht"]:
        assert old not in staff
