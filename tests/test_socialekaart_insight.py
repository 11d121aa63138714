"""The coördinator's insight pages: stale listings, what citizens search for, and the witte vlekken."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialekaart import queries
from socialekaart.models import Activiteit, Synoniem, VerborgenZoekvraag, Zoekvraag
from socialekaart.search import Filters, search
from tests.factories import ActiviteitFactory, GemeenteFactory, LocatieFactory, OrganisatieFactory, WijkFactory

pytestmark = pytest.mark.django_db

PAGES = ["socialekaart:verouderd", "socialekaart:zoekvragen", "socialekaart:witte_vlekken"]


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def client_coordinator(login, coordinator):
    return login(coordinator)


# ---------------------------------------------------------------------------
# Who may look
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("coalition:login"))


@pytest.mark.parametrize("name", PAGES)
def test_a_partner_is_refused(login, partner, name):
    assert login(partner).get(reverse(name)).status_code == 403


def test_the_coordinator_finds_the_pages_in_the_menu(client_coordinator):
    page = client_coordinator.get(reverse("coalition:start")).content.decode()

    assert "Sociale kaart: inzicht" in page
    assert reverse("socialekaart:verouderd") in page


# ---------------------------------------------------------------------------
# Stale listings
# ---------------------------------------------------------------------------
def test_stale_listings_oldest_first_with_reminder_and_hidden_state(client_coordinator):
    organisatie = OrganisatieFactory(name="Stichting Voorbeeld")
    reminded = ActiviteitFactory(organisatie=organisatie, title="Samen eten", last_confirmed_on=days_ago(200))
    Activiteit.objects.filter(pk=reminded.pk).update(reminder_sent_for=days_ago(200))
    ActiviteitFactory(organisatie=organisatie, title="Wandelgroep", last_confirmed_on=days_ago(300))
    ActiviteitFactory(organisatie=organisatie, title="Recent bevestigd", last_confirmed_on=days_ago(20))
    ActiviteitFactory(organisatie=organisatie, title="Gearchiveerd oud", archived=True, last_confirmed_on=days_ago(400))

    response = client_coordinator.get(reverse("socialekaart:verouderd"))

    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [row.title for row in rows] == ["Wandelgroep", "Samen eten"]
    assert (rows[0].is_reminded, rows[0].is_hidden) == (False, True)
    assert (rows[1].is_reminded, rows[1].is_hidden) == (True, False)
    page = response.content.decode()
    assert "Stichting Voorbeeld" in page and "nee, verborgen" in page
    assert "Recent bevestigd" not in page and "Gearchiveerd oud" not in page
    assert response.context["counts"] == {"stale": 2, "hidden": 1}


def test_stale_listings_empty_state(client_coordinator):
    response = client_coordinator.get(reverse("socialekaart:verouderd"))

    assert "Er is nu niets te doen." in response.content.decode()


def test_stale_listings_are_paginated_at_a_fixed_query_cost(client_coordinator, django_assert_max_num_queries):
    for n in range(30):
        ActiviteitFactory(title=f"Oud {n:02d}", last_confirmed_on=days_ago(200 + n))

    # Session, user, OTP device, the session's activity stamp (savepoint, update, release); count, rows with
    # their organisation, totals; the review queue's count in the menu.
    # (+1: every test starts with an empty cache, so the footer reads the meldpunt phone numbers once.)
    with django_assert_max_num_queries(11):
        response = client_coordinator.get(reverse("socialekaart:verouderd"))

    assert len(response.context["page"]) == 25
    assert response.context["page"][0].title == "Oud 29"
    second = client_coordinator.get(reverse("socialekaart:verouderd"), {"pagina": "2"})
    assert len(second.context["page"]) == 5


# ---------------------------------------------------------------------------
# Search terms
# ---------------------------------------------------------------------------
@pytest.fixture
def searches(db):
    rows = [
        ("Wandelen", 0, 1),
        ("wandelen ", 0, 2),
        ("WANDELEN", 3, 3),
        ("rouw", 0, 4),
        ("koffie", 5, 5),
        ("koffie", 7, 5),
        ("", 0, 5),  # filters only
        ("schaken", 0, 100),  # too long ago
    ]
    Zoekvraag.objects.bulk_create(
        Zoekvraag(terms=terms, result_count=count, on=days_ago(age), filters={}) for terms, count, age in rows
    )


def test_terms_without_results_come_first_counted_without_regard_to_capitals(client_coordinator, searches):
    response = client_coordinator.get(reverse("socialekaart:zoekvragen"))

    assert response.status_code == 200
    rows = [(row["term"], row["count"]) for row in response.context["page"]]
    assert rows == [("wandelen", 2), ("rouw", 1)]
    assert response.context["totals"] == {"total": 7, "zero": 4}
    assert "schaken" not in response.content.decode()


def test_all_terms_with_counts_and_average_results(client_coordinator, searches):
    response = client_coordinator.get(reverse("socialekaart:zoekvragen"), {"weergave": "alle"})

    rows = {row["term"]: row for row in response.context["page"]}
    assert list(rows) == ["wandelen", "koffie", "rouw"]
    assert (rows["wandelen"]["count"], rows["wandelen"]["zero"]) == (3, 2)
    assert rows["koffie"]["avg_results"] == pytest.approx(6)
    assert "Gemiddeld aantal resultaten" in response.content.decode()


def test_search_terms_are_paginated_and_keep_the_view(client_coordinator, django_assert_max_num_queries):
    Zoekvraag.objects.bulk_create(Zoekvraag(terms=f"woord {n:02d}", result_count=0) for n in range(40))

    # Session, user, OTP device, the session's activity stamp (3); count, rows, totals; the review queue's count in
    # the menu.
    # (+1: every test starts with an empty cache, so the footer reads the meldpunt phone numbers once.)
    with django_assert_max_num_queries(11):
        response = client_coordinator.get(reverse("socialekaart:zoekvragen"), {"weergave": "alle"})

    assert len(response.context["page"]) == 25
    assert "?weergave=alle&amp;pagina=2" in response.content.decode()


def test_no_searches_yet_says_so(client_coordinator):
    response = client_coordinator.get(reverse("socialekaart:zoekvragen"))

    assert "Alle zoekopdrachten van de laatste tijd gaven resultaat." in response.content.decode()


def test_a_coordinator_says_in_one_step_what_a_search_without_results_means(client_coordinator, searches):
    ActiviteitFactory(title="Samen uit", summary="Samen naar een voorstelling.")
    Synoniem.objects.filter(word="rouw").delete()  # the starter list (migration 0008) may have it; here it is new
    page = client_coordinator.get(reverse("socialekaart:zoekvragen")).content.decode()
    assert 'action="/socialekaart/zoekvragen/synoniem/"' in page
    assert 'id="id_synoniem2_word"' in page and 'value="rouw"' in page  # one form per row, filled in

    response = client_coordinator.post(
        reverse("socialekaart:zoekvraag_synoniem"), {"word": "Rouw", "words": "Voorstelling, verlies , voorstelling"}
    )

    assert response.status_code == 302 and response["Location"] == reverse("socialekaart:zoekvragen")
    assert Synoniem.objects.get(word="rouw").words == ["voorstelling", "verlies"]
    assert [a.title for a in search("rouw", Filters()).activities] == ["Samen uit"]  # at once: no stale cache
    after = client_coordinator.get(reverse("socialekaart:zoekvragen"))
    assert "Zoekt nu ook op: voorstelling, verlies" in after.content.decode()


def test_a_synonym_for_a_word_that_has_one_adds_the_new_words(client_coordinator):
    Synoniem.objects.update_or_create(word="theater", defaults={"words": ["voorstelling"]})

    client_coordinator.post(reverse("socialekaart:zoekvraag_synoniem"), {"word": "théâter", "words": "concert"})

    assert Synoniem.objects.get(word="theater").words == ["voorstelling", "concert"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"word": "samen theater", "words": "voorstelling"}, "word", "Vul één woord in"),
        ({"word": "theater", "words": " , theater"}, "words", "Vul minstens één ander woord in."),
        ({"word": "", "words": "concert"}, "word", "Vul het zoekwoord in."),
    ],
)
def test_a_synonym_that_cannot_work_is_shown_again_with_the_reason(client_coordinator, data, field, message):
    before = list(Synoniem.objects.values_list("word", "words"))

    response = client_coordinator.post(reverse("socialekaart:zoekvraag_synoniem"), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert list(Synoniem.objects.values_list("word", "words")) == before


def test_the_synonym_page_opens_with_the_search_word_filled_in(client_coordinator):
    response = client_coordinator.get(reverse("socialekaart:zoekvraag_synoniem"), {"term": "Moestuin"})

    assert response.status_code == 200
    assert response.context["form"].initial == {"word": "moestuin"}


def test_a_hidden_search_no_longer_shows_among_those_without_results(client_coordinator, coordinator, searches):
    response = client_coordinator.post(reverse("socialekaart:zoekvraag_verbergen"), {"term": "rouw", "pagina": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("socialekaart:zoekvragen") + "?pagina=1"
    assert VerborgenZoekvraag.objects.get(term="rouw").hidden_by == coordinator
    rows = [row["term"] for row in client_coordinator.get(reverse("socialekaart:zoekvragen")).context["page"]]
    assert rows == ["wandelen"]
    assert [row.term for row in queries.zero_result_searches(days_ago(30), days_ago(-1))] == ["wandelen"]
    assert Zoekvraag.objects.filter(terms="rouw").exists()  # the log itself is kept
    # Twice is no error.
    assert client_coordinator.post(reverse("socialekaart:zoekvraag_verbergen"), {"term": "rouw"}).status_code == 302


def test_hiding_takes_a_post(client_coordinator):
    assert client_coordinator.get(reverse("socialekaart:zoekvraag_verbergen")).status_code == 405


def test_a_partner_may_neither_add_synonyms_nor_hide_searches(login, partner):
    client = login(partner)

    assert client.post(reverse("socialekaart:zoekvraag_synoniem"), {"word": "a", "words": "b"}).status_code == 403
    assert client.post(reverse("socialekaart:zoekvraag_verbergen"), {"term": "rouw"}).status_code == 403
    assert not VerborgenZoekvraag.objects.exists()


# ---------------------------------------------------------------------------
# Witte vlekken
# ---------------------------------------------------------------------------
@pytest.fixture
def map_data(db):
    enschede = GemeenteFactory(name="Enschede Test")
    hengelo = GemeenteFactory(name="Hengelo Test")
    centrum = WijkFactory(gemeente=enschede, name="Centrum")
    noord = WijkFactory(gemeente=enschede, name="Noord")
    leeg = WijkFactory(gemeente=enschede, name="Leeg")
    hengelo_wijk = WijkFactory(gemeente=hengelo, name="Berflo Es")
    organisatie = OrganisatieFactory()
    buurthuis = LocatieFactory(organisatie=organisatie, wijk=centrum)
    # At a place in Centrum and also serving Centrum: counted once.
    samen = ActiviteitFactory(organisatie=organisatie, target_groups=["ouderen", "mantelzorgers"], locaties=[buurthuis])
    samen.wijken.add(centrum)
    # For everyone, serving Centrum and Noord: counts for every group in both.
    iedereen = ActiviteitFactory(organisatie=organisatie, target_groups=["iedereen"])
    iedereen.wijken.add(centrum, noord)
    # Not public: a concept and a stale listing do not count.
    ActiviteitFactory(organisatie=organisatie, concept=True, target_groups=["ouderen"]).wijken.add(noord)
    ActiviteitFactory(organisatie=organisatie, stale=True, target_groups=["ouderen"]).wijken.add(noord)
    # Without target groups: only in the total.
    ActiviteitFactory(organisatie=organisatie, target_groups=[]).wijken.add(hengelo_wijk)
    return {"enschede": enschede, "centrum": centrum, "noord": noord, "leeg": leeg, "hengelo": hengelo_wijk}


def cells_of(rows):
    return {row.wijk.name: {cell.group: cell.count for cell in row.cells} | {"totaal": row.total} for row in rows}


def test_coverage_counts_per_wijk_and_target_group(map_data):
    cells = cells_of(queries.coverage())

    assert cells["Centrum"]["ouderen"] == 2
    assert cells["Centrum"]["mantelzorgers"] == 2
    assert cells["Centrum"]["jongeren"] == 1
    assert cells["Centrum"]["totaal"] == 2
    assert cells["Noord"]["ouderen"] == 1
    assert cells["Noord"]["totaal"] == 1
    assert set(cells["Leeg"].values()) == {0}
    assert cells["Berflo Es"]["totaal"] == 1 and cells["Berflo Es"]["ouderen"] == 0
    assert "iedereen" not in cells["Centrum"]


def test_coverage_of_one_gemeente(map_data):
    rows = queries.coverage(gemeente=map_data["enschede"])

    assert [row.wijk.name for row in rows] == ["Centrum", "Leeg", "Noord"]


def test_the_page_marks_empty_and_thin_cells_in_words_in_an_accessible_table(client_coordinator, map_data):
    response = client_coordinator.get(reverse("socialekaart:witte_vlekken"), {"gemeente": map_data["enschede"].pk})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption>" in page and "in Enschede Test" in page
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "geen</span>" in page and "weinig</span>" in page
    assert "Berflo Es" not in page
    assert [row.wijk.name for row in response.context["rows"]] == ["Centrum", "Leeg", "Noord"]


@pytest.mark.parametrize("value", ["", "abc", "999999", "-1"])
def test_an_unknown_gemeente_shows_all(client_coordinator, map_data, value):
    response = client_coordinator.get(reverse("socialekaart:witte_vlekken"), {"gemeente": value})

    assert response.status_code == 200
    assert response.context["chosen"] is None
    assert len(response.context["rows"]) == 4


def test_the_coverage_page_costs_the_same_for_few_and_many_wijken(
    client_coordinator, map_data, django_assert_max_num_queries
):
    for _ in range(40):
        wijk = WijkFactory(gemeente=map_data["enschede"])
        ActiviteitFactory(target_groups=["jongeren"]).wijken.add(wijk)

    # Session, user, OTP device, the session's activity stamp (3); gemeenten, wijken, the one aggregate; the review
    # queue's count in the menu; the meldpunt's unmet needs (a panel another app registered).
    # (+1: every test starts with an empty cache, so the footer reads the meldpunt phone numbers once.)
    with django_assert_max_num_queries(12):
        response = client_coordinator.get(reverse("socialekaart:witte_vlekken"))

    assert len(response.context["rows"]) == 44


def test_coverage_without_wijken_explains_what_to_do(client_coordinator):
    response = client_coordinator.get(reverse("socialekaart:witte_vlekken"))

    assert "Er zijn nog geen wijken of kernen ingevoerd." in response.content.decode()
