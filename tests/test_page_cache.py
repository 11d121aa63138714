"""The page cache of the public pages (issue 14, "a rush of visitors"; coalition/pagecache.py): a second anonymous
visit is a hit (fewer queries), per language; any change of a listing, through the services or the admin, is on the
next page at once; logged-in users never get a cached page nor fill the cache; the search log, the page-view count,
the security headers and the language form's CSRF token still work on a hit; and a Redis that is down costs nothing.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition import pagecache
from coalition.models import Paginaweergave
from socialekaart.hsds import hsds_id
from socialekaart.models import Activiteit, Zoekvraag
from socialekaart.services.listing_data import current_json
from socialekaart.services.listings import (
    activiteit_archive,
    activiteit_confirm_current,
    activiteit_submit,
    activiteit_update,
)
from tests.factories import (
    ActiviteitFactory,
    BijeenkomstFactory,
    GemeenteFactory,
    LocatieFactory,
    TijdslotFactory,
    WijkFactory,
)
from tests.test_redis_down import redis_to_stop  # noqa: F401 -- a Redis of the test's own, to stop

pytestmark = pytest.mark.django_db

SEARCH = reverse("socialekaart:search")
AGENDA = reverse("socialekaart:agenda")
BOOKLET = reverse("socialekaart:booklet")
API_SERVICES = reverse("socialekaart:api_services")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def wijk(db):
    return WijkFactory(name="Centrum", gemeente=GemeenteFactory(name="Hengelo"))


@pytest.fixture
def listing(wijk):
    """A public activity with a place in a wijk, a weekly time and a dated session: on every public page."""
    activiteit = ActiviteitFactory(
        title="Wandelgroep Tuindorp", locaties=[LocatieFactory(wijk=wijk)], target_groups=["ouderen"]
    )
    TijdslotFactory(activiteit=activiteit)
    BijeenkomstFactory(activiteit=activiteit)
    return activiteit


def queries_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, len(queries)


def pages(activiteit, wijk):
    return [
        reverse("socialekaart:home"),
        f"{SEARCH}?q=wandelen",
        activiteit.get_absolute_url(),
        AGENDA,
        f"{BOOKLET}?wijk={wijk.pk}&voor=ouderen",
        API_SERVICES,
        reverse("socialekaart:api_service", args=[hsds_id("activiteit", activiteit.pk)]),
    ]


def without_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


# --- Hits -------------------------------------------------------------------------------------------------------


def test_a_second_anonymous_visit_is_a_hit_with_fewer_queries_and_the_same_page(anonymous, listing, wijk):
    for url in pages(listing, wijk):
        first, fresh = queries_of(anonymous, url)
        second, cached = queries_of(anonymous, url)
        assert getattr(second, "page_cache_hit", False), url
        assert cached < fresh, url
        assert without_token(second.content) == without_token(first.content), url
        assert second["Content-Type"] == first["Content-Type"], url


def test_hits_are_per_language(anonymous, listing):
    dutch = anonymous.get(SEARCH)
    english = anonymous.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en")
    assert not getattr(english, "page_cache_hit", False)
    assert dutch["Content-Language"] == "nl" and english["Content-Language"] == "en"
    assert b'<html lang="en">' in english.content
    assert b'<html lang="nl">' in anonymous.get(SEARCH).content
    Client(cookies={}).get(SEARCH)  # a fresh visitor without a language cookie
    by_cookie = Client()
    by_cookie.cookies["django_language"] = "en"
    again = by_cookie.get(SEARCH)
    assert getattr(again, "page_cache_hit", False) and b'<html lang="en">' in again.content


def test_the_query_order_does_not_matter_but_every_value_does(anonymous, listing):
    anonymous.get(SEARCH, {"q": "wandelen", "voor": "ouderen"})
    assert getattr(anonymous.get(f"{SEARCH}?voor=ouderen&q=wandelen"), "page_cache_hit", False)
    assert not getattr(anonymous.get(f"{SEARCH}?voor=ouderen&q=koffie"), "page_cache_hit", False)


def test_a_hit_keeps_the_security_headers_and_gets_its_own_csrf_token(anonymous, listing):
    first = anonymous.get(SEARCH)
    other = Client()
    hit = other.get(SEARCH)
    assert getattr(hit, "page_cache_hit", False)
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert hit.has_header(header) and hit[header] == first[header], header
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', hit.content).group(1)
    assert pagecache.TOKEN_PLACEHOLDER not in hit.content
    assert token != re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', first.content).group(1)
    assert "csrftoken" in hit.cookies
    # The language form of the cached page works for its visitor (the CSRF check is on).
    enforcing = Client(enforce_csrf_checks=True)
    page = enforcing.get(SEARCH)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    chosen = enforcing.post(reverse("set_language"), {"language": "en", "next": SEARCH, "csrfmiddlewaretoken": token})
    assert chosen.status_code == 302


def test_a_hit_is_counted_as_a_page_view(anonymous, listing):
    for _ in range(3):
        anonymous.get(SEARCH)
    assert Paginaweergave.objects.get(page_type="zoeken").count == 3


def test_the_search_log_is_kept_on_a_hit(listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().get(SEARCH, {"q": "wandelen"}, REMOTE_ADDR="203.0.113.7")
        hit = Client().get(SEARCH, {"q": "wandelen"}, REMOTE_ADDR="203.0.113.8")
        Client().get(SEARCH, {"q": "wandelen"}, REMOTE_ADDR="203.0.113.8")  # the same visitor again: once a day
    assert getattr(hit, "page_cache_hit", False)
    assert list(Zoekvraag.objects.values_list("terms", "result_count")) == [("wandelen", 1), ("wandelen", 1)]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_hit_logs_the_search_and_counts_the_view():
    """As under gunicorn: autocommit, the search log after the page in a transaction of its own."""
    ActiviteitFactory(title="Wandelgroep")
    Client().get(SEARCH, {"q": "wandelen"}, REMOTE_ADDR="203.0.113.7")
    hit = Client().get(SEARCH, {"q": "wandelen"}, REMOTE_ADDR="203.0.113.8")
    assert getattr(hit, "page_cache_hit", False)
    assert Zoekvraag.objects.filter(terms="wandelen").count() == 2
    assert Paginaweergave.objects.get(page_type="zoeken").count == 2


# --- Who gets no cached page ------------------------------------------------------------------------------------


def test_logged_in_users_never_get_a_cached_page_nor_fill_the_cache(login, partner, listing):
    user_client = login(partner)
    for _ in range(2):
        response = user_client.get(SEARCH)
        assert not getattr(response, "page_cache_hit", False)
        assert "no-store" in response["Cache-Control"]
    assert not getattr(Client().get(SEARCH), "page_cache_hit", False)  # the partner left nothing behind
    assert getattr(Client().get(SEARCH), "page_cache_hit", False)
    assert not getattr(user_client.get(SEARCH), "page_cache_hit", False)  # nor takes what an anonymous left
    assert b"Uitloggen" in user_client.get(SEARCH).content


def test_a_visitor_with_a_session_gets_a_fresh_page(listing):
    Client().get(SEARCH)
    visitor = Client()
    visitor.cookies["sessionid"] = "something"
    assert not getattr(visitor.get(SEARCH), "page_cache_hit", False)


def test_not_found_and_other_answers_are_not_cached(anonymous, listing):
    missing = reverse("socialekaart:activiteit", args=["bestaat-nog-niet"])
    assert anonymous.get(missing).status_code == 404
    ActiviteitFactory(slug="bestaat-nog-niet")
    assert anonymous.get(missing).status_code == 200
    assert anonymous.post(SEARCH).status_code in (200, 403, 405)


def test_the_report_form_is_never_cached(anonymous, listing):
    melden = reverse("meldpunt:melden")
    anonymous.get(melden)
    assert not getattr(anonymous.get(melden), "page_cache_hit", False)


def test_off_when_the_setting_is_zero(settings, anonymous, listing):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    anonymous.get(SEARCH)
    assert not getattr(anonymous.get(SEARCH), "page_cache_hit", False)


# --- Never stale ------------------------------------------------------------------------------------------------


def visit_all(client, activiteit, wijk) -> dict[str, bytes]:
    """Every public page that shows the listing, each visited twice (the second from the cache)."""
    urls = {
        "search": f"{SEARCH}?q=tuindorp",
        "activity": activiteit.get_absolute_url(),
        "agenda": AGENDA,
        "booklet": f"{BOOKLET}?wijk={wijk.pk}&voor=ouderen",
        "api": API_SERVICES,
    }
    seen = {}
    for name, url in urls.items():
        client.get(url)
        seen[name] = client.get(url).content
    return seen


def test_a_change_through_the_services_is_on_every_page_at_once(anonymous, coordinator, listing, wijk):
    assert all(b"Wandelgroep Tuindorp" in page for page in visit_all(anonymous, listing, wijk).values())

    data = current_json(listing) | {"title": "Wandelclub Tuindorp"}
    activiteit_update(activiteit=listing, data=data, by=coordinator)
    for name, page in visit_all(anonymous, listing, wijk).items():
        assert b"Wandelclub Tuindorp" in page and b"Wandelgroep Tuindorp" not in page, name

    activiteit_archive(activiteit=Activiteit.objects.get(pk=listing.pk), by=coordinator)
    assert anonymous.get(listing.get_absolute_url()).status_code == 404
    for name in ("search", "agenda", "booklet", "api"):
        seen = visit_all(anonymous, ActiviteitFactory.build(slug="x"), wijk)[name]
        assert b"Wandelclub" not in seen, name


def test_confirming_a_stale_listing_brings_it_back_at_once(anonymous, coordinator, wijk):
    stale = ActiviteitFactory(title="Wandelgroep Tuindorp Oud", stale=True, locaties=[LocatieFactory(wijk=wijk)])
    TijdslotFactory(activiteit=stale)
    assert b"Wandelgroep Tuindorp Oud" not in visit_all(anonymous, ActiviteitFactory.build(slug="x"), wijk)["search"]
    activiteit_confirm_current(activiteit=stale, by=coordinator)
    for name, page in visit_all(anonymous, stale, wijk).items():
        assert b"Wandelgroep Tuindorp Oud" in page, name


def test_publishing_a_concept_is_on_the_pages_at_once(anonymous, coordinator, wijk):
    concept = ActiviteitFactory(title="Wandelgroep Tuindorp Nieuw", concept=True, locaties=[LocatieFactory(wijk=wijk)])
    TijdslotFactory(activiteit=concept)
    assert anonymous.get(concept.get_absolute_url()).status_code == 404
    assert b"Wandelgroep Tuindorp Nieuw" not in visit_all(anonymous, ActiviteitFactory.build(slug="x"), wijk)["search"]
    activiteit_submit(activiteit=concept, by=coordinator)  # a coördinator's submit publishes at once
    for name, page in visit_all(anonymous, concept, wijk).items():
        assert b"Wandelgroep Tuindorp Nieuw" in page, name


def test_a_change_of_times_places_and_organisation_is_on_the_pages_at_once(anonymous, listing, wijk):
    visit_all(anonymous, listing, wijk)
    TijdslotFactory(activiteit=listing, weekday=5, starts_at="19:15", ends_at="20:45")
    assert b"19.15" in anonymous.get(listing.get_absolute_url()).content
    organisatie = listing.organisatie
    organisatie.name = "Stichting Nieuwe Naam"
    organisatie.save()
    assert b"Stichting Nieuwe Naam" in anonymous.get(listing.get_absolute_url()).content
    place = listing.locaties.get()
    place.name = "Buurthuis De Nieuwe Es"
    place.save()
    assert b"Buurthuis De Nieuwe Es" in anonymous.get(listing.get_absolute_url()).content
    listing.locaties.clear()
    assert b"Buurthuis De Nieuwe Es" not in anonymous.get(listing.get_absolute_url()).content


def test_a_change_in_the_admin_is_on_the_pages_at_once(anonymous, login, coordinator, listing, wijk):
    visit_all(anonymous, listing, wijk)
    admin = login(coordinator)
    deleted = admin.post(f"/admin/socialekaart/activiteit/{listing.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert anonymous.get(listing.get_absolute_url()).status_code == 404
    for name, page in visit_all(anonymous, ActiviteitFactory.build(slug="x"), wijk).items():
        assert b"Wandelgroep Tuindorp" not in page, name


def test_a_change_bumps_at_once_and_again_after_the_commit_once_per_transaction(listing):
    before = pagecache._generation()
    for n in range(5):
        TijdslotFactory(activiteit=listing, weekday=1 + n)
    assert pagecache._generation() == before + 5  # at once, on each save
    after_commit = [entry[1] for entry in connection.run_on_commit if entry[1] is pagecache._bump]
    assert after_commit == [pagecache._bump]  # and once more after the commit, however many rows changed


def test_an_evicted_generation_starts_above_every_earlier_one(anonymous, listing):
    anonymous.get(SEARCH)
    before = pagecache._generation()
    from django.core.cache import cache

    cache.delete(pagecache.GENERATION_KEY)
    assert pagecache._generation() > before
    assert not getattr(anonymous.get(SEARCH), "page_cache_hit", False)


def test_with_redis_down_every_page_is_rendered_afresh(redis_to_stop, anonymous, listing, wijk):  # noqa: F811
    anonymous.get(SEARCH)
    assert getattr(anonymous.get(SEARCH), "page_cache_hit", False)
    redis_to_stop.stop()
    for url in pages(listing, wijk):
        response = anonymous.get(url)
        assert response.status_code == 200 and not getattr(response, "page_cache_hit", False), url
    listing.title = "Wandelclub Tuindorp"
    listing.save()  # the generation cannot be raised: nothing was read from the cache either
    assert b"Wandelclub Tuindorp" in anonymous.get(listing.get_absolute_url()).content


# --- The search form as a shared fragment ----------------------------------------------------------------------


def form_of(content: bytes) -> bytes:
    return without_token(content).split(b'role="search"', 1)[1].split(b"</form>", 1)[0]


def test_the_search_form_from_the_fragment_cache_is_the_form_rendered_afresh(settings, listing, wijk):
    odd = {"q": '<b>"koffie" & thee', "voor": "ouderen", "gratis": "on", "wijk": str(wijk.pk), "n": "1"}
    fresh = Client().get(SEARCH, odd).content
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    Client().get(SEARCH, odd | {"q": "wandelen", "n": "2"})  # the same filters, other words: fills the fragment
    from_fragment = Client().get(SEARCH, odd | {"n": "3"}).content
    assert form_of(from_fragment) == form_of(fresh)
    assert b'value="&lt;b&gt;&quot;koffie&quot; &amp; thee"' in form_of(from_fragment)
    assert b"<b>" not in form_of(from_fragment)
    empty = Client().get(SEARCH, {"voor": "ouderen"}).content
    assert pagecache_stand_in() not in empty and b'name="q"' in form_of(empty)


def pagecache_stand_in() -> bytes:
    from socialekaart.views.public import WORDS_STAND_IN

    return WORDS_STAND_IN.encode()


def test_a_new_wijk_is_in_the_search_form_at_once(anonymous, listing, wijk):
    anonymous.get(SEARCH, {"q": "a"})
    WijkFactory(name="Nieuwbouwwijk De Veldkamp", gemeente=wijk.gemeente)
    assert b"Nieuwbouwwijk De Veldkamp" in anonymous.get(SEARCH, {"q": "b"}).content


# --- Result cards as shared fragments --------------------------------------------------------------------------


def cards_of(content: bytes) -> list[bytes]:
    return re.findall(rb'<article class="result">.*?</article>', content, flags=re.DOTALL)


def test_a_result_card_is_made_once_for_every_search_that_finds_it(settings, listing, wijk):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    fresh = cards_of(Client().get(SEARCH, {"q": "wandelen"}).content)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    Client().get(SEARCH, {"q": "wandelen"})  # makes and keeps the card
    with CaptureQueriesContext(connection) as queries:
        other_search = Client().get(SEARCH, {"q": "tuindorp"})
    assert cards_of(other_search.content) == fresh and len(fresh) == 1
    assert not any("socialekaart_locatie" in query["sql"] for query in queries.captured_queries)  # no row read


def test_a_card_this_process_used_is_not_read_from_redis_again(monkeypatch, listing):
    from django.core.cache import cache

    Client().get(SEARCH, {"q": "wandelen"})  # makes the card, keeps it in Redis and in this process
    asked: list[str] = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, **kw: asked.extend(keys) or get_many(keys, **kw))
    other_search = Client().get(SEARCH, {"q": "tuindorp"})
    assert b"Wandelgroep Tuindorp" in cards_of(other_search.content)[0]
    assert not any(key.startswith(pagecache.FRAGMENT_KEY.format("")) for key in asked)


def test_the_cards_kept_in_the_process_are_bounded_and_of_one_generation():
    local = pagecache._LocalFragments(size=2)
    assert local.get_many(1, {"a": "key-a"}) == {}  # the first generation: nothing yet
    local.keep(1, "key-a", "A")
    local.keep(1, "key-b", "B")
    assert local.get_many(1, {"a": "key-a"}) == {"a": "A"}  # a is now used last
    local.keep(1, "key-c", "C")  # one too many: b, used longest ago, goes
    assert local.get_many(1, {"a": "key-a", "b": "key-b", "c": "key-c"}) == {"a": "A", "c": "C"}
    local.keep(0, "key-d", "D")  # made for an older generation: not kept
    assert local.get_many(1, {"d": "key-d"}) == {}
    assert local.get_many(2, {"a": "key-a"}) == {}  # a new generation starts empty
    assert local.fragments == {}


def test_result_cards_are_per_language_and_new_after_a_change(anonymous, coordinator, listing):
    dutch = cards_of(anonymous.get(SEARCH, {"q": "wandelen"}).content)[0]
    english = cards_of(anonymous.get(SEARCH, {"q": "wandelen"}, HTTP_ACCEPT_LANGUAGE="en").content)[0]
    assert b"<dt>Wanneer</dt>" in dutch and b"<dt>When</dt>" in english

    data = current_json(listing) | {"summary": "Elke week een uur door het park."}
    activiteit_update(activiteit=listing, data=data, by=coordinator)
    changed = cards_of(anonymous.get(SEARCH, {"q": "tuindorp"}).content)[0]
    assert b"Elke week een uur door het park." in changed


def test_with_redis_down_the_search_makes_its_cards(redis_to_stop, anonymous, listing):  # noqa: F811
    anonymous.get(SEARCH, {"q": "wandelen"})
    redis_to_stop.stop()
    assert b"Wandelgroep Tuindorp" in cards_of(anonymous.get(SEARCH, {"q": "tuindorp"}).content)[0]


def test_the_cache_client_is_made_once_and_shared():
    from django.core.cache import cache

    assert cache._cache.get_client() is cache._cache.get_client()
    cache.set("pagecache-test:client", 1)
    assert cache.get("pagecache-test:client") == 1


# --- The site's header and footer, the same for every anonymous visitor ----------------------------------------


def chrome_of(content: bytes) -> bytes:
    """The page without its own part (main) and without what the language form has of the visit (its token and
    the address to return to); its choice of languages and the scripts stay."""
    page = without_token(content)
    page = re.sub(rb"<main.*</main>", b"", page, flags=re.DOTALL)
    page = re.sub(rb"<title>.*?</title>", b"", page, flags=re.DOTALL)
    return re.sub(rb'name="next" type="hidden" value="[^"]*"', b"", page)


def test_the_header_and_footer_kept_for_visitors_are_those_rendered_afresh(settings, login, partner, listing):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    fresh = {
        lang: chrome_of(Client().get(SEARCH, {"q": "a"}, HTTP_ACCEPT_LANGUAGE=lang).content) for lang in ["nl", "en"]
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    for n, lang in enumerate(["nl", "en", "nl", "en"]):  # each a new address: made afresh, with the kept pieces
        response = Client().get(SEARCH, {"q": "wandelen", "n": n}, HTTP_ACCEPT_LANGUAGE=lang)
        assert not getattr(response, "page_cache_hit", False)
        assert chrome_of(response.content) == fresh[lang], lang
    assert b"Inloggen" in fresh["nl"] and b"Log in" in fresh["en"]
    assert b'<option value="en" selected lang="en">English</option>' in fresh["en"]
    assert b'<option value="nl" selected lang="nl">Nederlands</option>' in fresh["nl"]
    assert b"js/omzien" in fresh["nl"]

    logged_in = login(partner).get(SEARCH, {"q": "wandelen"}).content
    assert b"Uitloggen" in logged_in and b"Inloggen" not in logged_in  # their own header, not the visitors'


def test_the_language_form_keeps_its_own_address_and_token(anonymous, listing):
    first = anonymous.get(SEARCH, {"q": "wandelen"}).content.decode()
    other = Client().get(SEARCH, {"q": "koffie"}).content.decode()
    assert 'name="next" type="hidden" value="/activiteiten/?q=koffie"' in other
    assert 'value="/activiteiten/?q=wandelen"' in first
