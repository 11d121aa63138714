"""The search engine of the sociale kaart (socialekaart/search.py), below the pages."""

import importlib

import pytest
from django.apps import apps as django_apps

from socialekaart.models import Activiteit, Synoniem
from socialekaart.search import Filters, forget_vocabulary, normalise, refresh_search_vectors, search, terms_of
from socialekaart.words import COMMON_PARTS, compound_parts, parts_text
from tests.factories import ActiviteitFactory, LocatieFactory, TijdslotFactory, WijkFactory


def test_normalising_strips_accents_and_case():
    assert normalise("Café ÉÉN Überfrau") == "cafe een uberfrau"


def test_only_letters_and_digits_become_terms_so_any_input_is_safe():
    assert terms_of('\'; DROP TABLE x; -- "samen" 🙂 eten') == ["drop", "table", "x", "samen", "eten"]
    assert len(terms_of("woord " * 1000)) == 8


@pytest.mark.django_db
def test_dutch_stemming_and_prefixes_find_related_words():
    wandelgroep = ActiviteitFactory(title="Wandelgroep Vriezenveen", summary="Elke week een uur buiten.")
    ActiviteitFactory(title="Breiclub", summary="Samen breien.")

    assert list(search("wandelen", Filters()).activities) == [wandelgroep]


@pytest.mark.django_db
def test_accents_do_not_matter():
    cafe = ActiviteitFactory(title="Café de Ontmoeting", summary="Koffie en een praatje.")

    assert list(search("cafe", Filters()).activities) == [cafe]
    assert list(search("CAFÉ", Filters()).activities) == [cafe]


@pytest.mark.django_db
def test_a_typo_gives_a_suggestion_and_its_results():
    wandelgroep = ActiviteitFactory(title="Wandelgroep", summary="Samen wandelen door het dorp.")

    result = search("wandlen", Filters())

    assert result.suggestion == "wandelen"
    assert result.corrected is True
    assert list(result.activities) == [wandelgroep]


@pytest.mark.django_db
def test_when_not_all_words_match_any_word_still_finds_something():
    eten = ActiviteitFactory(title="Samen eten", summary="Een warme maaltijd met anderen.")

    assert list(search("eten vriezenveen zondag", Filters()).activities) == [eten]


@pytest.mark.django_db
def test_stale_concept_and_archived_listings_are_never_found():
    ActiviteitFactory(title="Koor oud", stale=True)
    ActiviteitFactory(title="Koor concept", concept=True)
    ActiviteitFactory(title="Koor archief", archived=True)
    current = ActiviteitFactory(title="Koor actueel")

    assert list(search("koor", Filters()).activities) == [current]


@pytest.mark.django_db
def test_filters_narrow_the_results():
    wijk = WijkFactory(name="Den Ham")
    in_den_ham = ActiviteitFactory(title="Soos", locaties=[LocatieFactory(wijk=wijk)], cost_kind="gratis")
    TijdslotFactory(activiteit=in_den_ham, weekday=3)
    elsewhere = ActiviteitFactory(title="Soos elders", cost_kind="op-aanvraag", target_groups=["jongeren"])

    assert list(search("soos", Filters(wijk=wijk.pk)).activities) == [in_den_ham]
    assert list(search("", Filters(weekday=3)).activities) == [in_den_ham]
    assert list(search("soos", Filters(free=True)).activities) == [in_den_ham]
    assert list(search("soos", Filters(target_group="jongeren")).activities) == [elsewhere]
    assert list(search("soos", Filters(wheelchair=True)).activities) == [in_den_ham]


@pytest.mark.django_db
def test_a_search_costs_a_bounded_number_of_queries(django_assert_max_num_queries):
    ActiviteitFactory.create_batch(20, summary="Samen koffie drinken.")

    with django_assert_max_num_queries(4):
        result = search("koffie", Filters())
        assert len(list(result.activities[:20])) == 20


# ---------------------------------------------------------------------------
# Parts of compound words
# ---------------------------------------------------------------------------
def test_known_last_parts_of_compound_words_are_split_off():
    assert compound_parts("mantelzorgcafe", COMMON_PARTS) == ["cafe"]
    assert compound_parts("beweegtuin", COMMON_PARTS) == ["tuin"]
    assert compound_parts("belmaatjes", COMMON_PARTS) == ["maatjes"]  # the plural of a known part
    assert compound_parts("koffie", COMMON_PARTS) == []  # a word is no part of itself
    assert compound_parts("alles", COMMON_PARTS) == []  # "les" after only two letters: no compound
    # The listing's own words are known parts too.
    assert parts_text(["Buurthuiskamer"], own_words=["huiskamer"]).split() == ["huiskamer", "kamer"]


@pytest.mark.django_db
def test_a_word_finds_compounds_that_end_in_it_ranked_below_the_word_itself():
    mantelzorg = ActiviteitFactory(title="Mantelzorgcafé", summary="Praten met andere mantelzorgers.")
    taal = ActiviteitFactory(title="Taalcafé", summary="Nederlands oefenen.")
    cafe = ActiviteitFactory(title="Breiclub", summary="Elke week in het café op de hoek.")
    ActiviteitFactory(title="Koor", summary="Samen zingen.")

    for query in ("café", "cafe", "CAFE"):
        found = list(search(query, Filters()).activities)
        assert found[0] == cafe  # the whole word first, even in the summary against a title
        assert set(found[1:]) == {mantelzorg, taal}
    assert search("cafe", Filters()).suggestion is None  # a known part is no typo


@pytest.mark.django_db
def test_parts_and_whole_words_combine_when_all_words_must_match():
    beweegtuin = ActiviteitFactory(title="Beweegtuin Ribbelt", summary="Buiten bewegen op toestellen.")
    ActiviteitFactory(title="Voedseltuin", summary="Groente kweken.")

    assert list(search("tuin ribbelt", Filters()).activities) == [beweegtuin]


@pytest.mark.django_db
def test_the_first_part_of_a_compound_is_found_by_a_longer_word():
    handwerkcafe = ActiviteitFactory(title="Handwerkcafé", summary="Breien en haken met anderen.")

    assert list(search("handwerken", Filters()).activities) == [handwerkcafe]
    assert list(search("lijn", Filters()).activities) == []
    luisterlijn = ActiviteitFactory(title="De Luisterlijn", summary="Dag en nacht iemand om mee te praten.")
    assert list(search("lijn", Filters()).activities) == [luisterlijn]


@pytest.mark.django_db
def test_bulk_refresh_writes_the_same_parts_as_one_at_a_time():
    ActiviteitFactory(title="Mantelzorgcafé", summary="Voor mantelzorgers, met een belmaatje.")
    one = Activiteit.objects.values_list("search_vector", "search_parts").get()
    Activiteit.objects.update(search_vector=None, search_parts=None)

    assert refresh_search_vectors(Activiteit.objects.all()) == 1

    assert Activiteit.objects.values_list("search_vector", "search_parts").get() == one
    assert "caf" in one[1] and "maatj" in one[1]


# ---------------------------------------------------------------------------
# Synonyms
# ---------------------------------------------------------------------------
STARTER_MIGRATION = importlib.import_module("socialekaart.migrations.0009_starter_synonyms")


@pytest.fixture
def starter_synonyms(db):
    """The starter list of migration 0008. Tests that empty the tables (transactional ones) remove what migrations
    wrote, so tests that need the list put it back (the migration's own function: it leaves existing words)."""
    STARTER_MIGRATION.add(django_apps, None)
    forget_vocabulary()


@pytest.mark.django_db
def test_the_starter_synonyms_are_shipped_as_data_and_leave_a_coordinators_change():
    Synoniem.objects.all().delete()
    Synoniem.objects.create(word="theater", words=["toneel"])

    STARTER_MIGRATION.add(django_apps, None)
    STARTER_MIGRATION.add(django_apps, None)  # twice: nothing doubles

    starter = dict(Synoniem.objects.values_list("word", "words"))
    assert starter["theater"] == ["toneel"]  # a coördinator's own words stay
    assert "voedseltuin" in starter["moestuin"] and "overleden" in starter["rouw"]
    assert {"koffie", "theater", "moestuin", "rouw", "alleen", "vervoer"} <= set(starter)
    assert Synoniem.objects.count() == len(STARTER_MIGRATION.STARTER)


def test_a_synonym_finds_its_words_ranked_below_the_word_itself(starter_synonyms):
    uit = ActiviteitFactory(title="Samen uit", summary="Samen naar een voorstelling of concert.")
    theater = ActiviteitFactory(title="Buurtbus", summary="Met de bus naar het theater.")

    assert list(search("theater", Filters()).activities) == [theater, uit]
    assert list(search("theaters", Filters()).activities) == [theater, uit]  # a plural of the word


@pytest.mark.django_db
def test_a_synonym_of_several_words_needs_them_all():
    Synoniem.objects.create(word="verweduwd", words=["partner verloor"])
    bezoek = ActiviteitFactory(title="Bezoekdienst", summary="Bezoek van iemand die ook een partner verloor.")
    ActiviteitFactory(title="Partnerdag", summary="Voor partners van mantelzorgers.")
    forget_vocabulary()  # created outside the services: the cached synonyms are read again

    assert list(search("verweduwd", Filters()).activities) == [bezoek]


def test_a_typo_of_a_word_with_synonyms_is_corrected_to_it(starter_synonyms):
    uit = ActiviteitFactory(title="Samen uit", summary="Samen naar een voorstelling.")

    result = search("theatre", Filters())

    assert (result.suggestion, result.corrected) == ("theater", True)
    assert list(result.activities) == [uit]


def test_synonyms_cost_no_query_once_the_vocabulary_is_cached(starter_synonyms, django_assert_num_queries):
    ActiviteitFactory(title="Samen uit", summary="Samen naar een voorstelling.")
    search("theater", Filters())  # fills the cache

    with django_assert_num_queries(1):  # only the search itself
        assert len(list(search("theater", Filters()).activities)) == 1


@pytest.mark.django_db
def test_a_new_vocabulary_of_another_process_is_used_in_the_next_generation(settings):
    """A process keeps its copy of the vocabulary while the page cache generation stays the same; another process's
    change (the shared copy dropped, a new generation) is seen on the next search, not a minute later."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    from django.core.cache import cache

    from coalition import pagecache
    from socialekaart import search as engine

    ActiviteitFactory(title="Samen uit", summary="Samen naar een voorstelling.")
    forget_vocabulary()
    assert list(search("kijkspel", Filters()).activities) == []
    kept = engine._local.vocabulary
    assert search("kijkspel", Filters()) and engine._local.vocabulary is kept  # no new read in this generation

    Synoniem.objects.create(word="kijkspel", words=["voorstelling"])  # as another process would, after its change:
    cache.delete_many([engine.VOCABULARY_CACHE_KEY, engine.VOCABULARY_TOKEN_KEY])
    pagecache.invalidate()
    assert [a.title for a in search("kijkspel", Filters()).activities] == ["Samen uit"]
