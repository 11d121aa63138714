"""The search engine of the sociale kaart (socialekaart/search.py), below the pages."""

import pytest

from socialekaart.search import Filters, normalise, search, terms_of
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
