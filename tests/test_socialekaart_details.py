"""Details of the citizens' pages that users noticed (issue 14): one wording for "Voor wie", a route link and a
plain evidence line on the activity page, and the gemeente's own meldpunt first in a booklet."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from meldpunt.models import Meldpunt
from socialekaart.models import Evidence, TargetGroup
from socialekaart.presenters import EVIDENCE_LINES
from tests.factories import ActiviteitFactory, GemeenteFactory, LocatieFactory, WijkFactory
from tests.results import result_titles

SEARCH = reverse("socialekaart:search")
BOOKLET = reverse("socialekaart:booklet")


@pytest.fixture(autouse=True)
def own_cache(settings):
    """The shared Redis cache may hold another test database's meldpunten: use a private one."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "socialekaart-details"}
    }
    from django.core.cache import cache

    cache.clear()


def options(form, name: str) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in form.fields[name].choices]


# ---------------------------------------------------------------------------
# "Voor wie": no filter, or the listings for everyone
# ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("url", [SEARCH, BOOKLET])
def test_voor_wie_offers_everyone_once_and_all_groups_as_the_empty_choice(client, url):
    form = client.get(url).context["form"]
    choices = options(form, "voor")
    assert choices[0] == ("", "alle doelgroepen")
    assert ("iedereen", "iedereen (geen speciale doelgroep)") in choices
    assert [label for _value, label in choices].count("iedereen") == 0
    assert len({label for _value, label in choices}) == len(choices) == len(TargetGroup.choices) + 1


@pytest.mark.django_db
def test_voor_wie_empty_is_every_listing_and_iedereen_only_those_for_everyone(client):
    ActiviteitFactory(title="Voor iedereen", target_groups=["iedereen"])
    ActiviteitFactory(title="Voor mantelzorgers", target_groups=["mantelzorgers"])
    every = client.get(SEARCH, {"voor": ""})
    everyone = client.get(SEARCH, {"voor": "iedereen"})
    assert every.context["page"].paginator.count == 2
    assert result_titles(everyone) == ["Voor iedereen"]
    html = everyone.content.decode()
    assert "Voor wie: iedereen (geen speciale doelgroep)" in str(everyone.context["form"].active_filters())
    assert '<option value="iedereen" selected>iedereen (geen speciale doelgroep)</option>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("voor", "title"),
    [
        ("", "Activiteiten in alle wijken en kernen voor alle doelgroepen"),
        ("iedereen", "Activiteiten in alle wijken en kernen voor iedereen (geen speciale doelgroep)"),
        ("ouderen", "Activiteiten in alle wijken en kernen voor ouderen"),
    ],
)
def test_the_booklet_title_uses_the_same_words(client, voor, title):
    html = client.get(BOOKLET, {"voor": voor}).content.decode()
    assert title in html


# ---------------------------------------------------------------------------
# The activity page: a route link and a plain evidence line
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_activity_page_links_each_address_to_openstreetmap(client):
    activiteit = ActiviteitFactory(
        locaties=[LocatieFactory(name="De Bron", street="Dorpsstraat 1", postcode="7671AB", city="Vriezenveen")]
    )
    html = client.get(activiteit.get_absolute_url()).content.decode()
    link = next(part for part in html.split('href="')[1:] if part.startswith("https://www.openstreetmap.org/"))
    url = urlsplit(link.split('"', 1)[0].replace("&amp;", "&"))
    assert (url.netloc, url.path) == ("www.openstreetmap.org", "/search")
    assert parse_qs(url.query) == {"query": ["Dorpsstraat 1, 7671 AB Vriezenveen"]}
    assert "Route naar De Bron (kaart van OpenStreetMap)" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # no map widget, only a link


@pytest.mark.django_db
def test_an_activity_without_a_place_has_no_route_link(client):
    activiteit = ActiviteitFactory(locaties=[])
    assert "openstreetmap" not in client.get(activiteit.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("evidence", Evidence.values)
def test_the_activity_page_says_in_one_plain_sentence_what_research_says(client, evidence):
    activiteit = ActiviteitFactory(evidence=evidence, evidence_source="")
    html = client.get(activiteit.get_absolute_url()).content.decode()
    line = str(EVIDENCE_LINES[evidence])
    assert f"<dt>Onderzoek</dt><dd>{line}</dd>" in html
    assert line.count(".") == 1 and line.endswith(".")
    assert "Onderbouwing" not in html and "(nog)" not in html


def test_every_evidence_level_has_its_own_sentence():
    assert set(EVIDENCE_LINES) == set(Evidence) and len(set(map(str, EVIDENCE_LINES.values()))) == len(Evidence)


# ---------------------------------------------------------------------------
# The booklet of a kern: its own gemeente's meldpunt first
# ---------------------------------------------------------------------------
def meldpunt(name: str, phone: str) -> Meldpunt:
    gemeente = GemeenteFactory(name=name)
    return Meldpunt.objects.create(gemeente=gemeente, name=f"Meldpunt {name}", phone=phone, email="m@example.org")


@pytest.mark.django_db
def test_the_booklet_of_a_kern_lists_its_own_gemeentes_meldpunt_first(client):
    meldpunt("Almelo", "0546 100 100")
    twenterand = meldpunt("Twenterand", "0546 200 200")
    meldpunt("Wierden", "0546 300 300")
    kern = WijkFactory(gemeente=twenterand.gemeente, name="Vroomshoop", kind="kern")
    html = client.get(BOOKLET, {"wijk": kern.pk}).content.decode()
    assert html.index("Meldpunt Twenterand") < html.index("Meldpunt Almelo") < html.index("Meldpunt Wierden")
    # Without a wijk, and on other pages: in the order of their names.
    html = client.get(BOOKLET, {"voor": ""}).content.decode()
    assert html.index("Meldpunt Almelo") < html.index("Meldpunt Twenterand") < html.index("Meldpunt Wierden")
    html = client.get(reverse("socialekaart:home")).content.decode()
    assert html.index("Meldpunt Almelo") < html.index("Meldpunt Twenterand")


# ---------------------------------------------------------------------------
# The search filters behind "Filters" (the phone layout itself: tests/test_small_screens.py)
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_search_filters_sit_in_a_details_that_says_how_many_are_chosen(client):
    html = client.get(SEARCH).content.decode()
    details = html.split('<details class="filters-disclosure" data-open-wide>', 1)[1].split("</details>", 1)[0]
    assert '<summary class="filters-toggle">Filters</summary>' in details
    assert 'name="wijk"' in details and 'name="gratis"' in details and 'name="q"' not in details
    html = client.get(SEARCH, {"q": "koffie", "voor": "ouderen", "gratis": "1"}).content.decode()
    assert '<summary class="filters-toggle">Filters (2 gekozen)</summary>' in html
    # The home page's search has only the words.
    assert "filters-disclosure" not in client.get(reverse("socialekaart:home")).content.decode()


@pytest.mark.django_db
def test_the_header_menu_is_a_details_inside_the_navigation(client):
    html = client.get(reverse("socialekaart:home")).content.decode()
    nav = html.split('<nav class="site-nav" aria-label="Hoofdmenu">', 1)[1].split("</nav>", 1)[0]
    assert '<details class="site-menu" data-open-wide>' in nav
    assert "Menu</summary>" in nav and reverse("socialekaart:agenda") in nav
