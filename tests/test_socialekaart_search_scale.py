"""Search whose cost follows the page, not the number of listings (issue 16; socialekaart.search.ResultIds).

Up to RANK_ALL matches are all ranked and counted; above that the total says "meer dan" and pages are ranked among
the listings with the words in their title, which for one word is the beginning of the full ranking. These tests
lower RANK_ALL to a few listings so that the bounded way is taken; the benchmark shows the same at 100,000
(`make bench ARGS="--activities 100000"`), with its own check of the ranking.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialekaart.models import Activiteit
from socialekaart.search import Filters, ResultIds, search, search_ids
from tests.factories import ActiviteitFactory, LocatieFactory, WijkFactory

pytestmark = pytest.mark.django_db


def full_ranking(words: str, first: int) -> list[int]:
    """Today's full ranking: every match ranked (search(), which pages with OFFSET over the whole ordering)."""
    return list(search(words, Filters()).activities.values_list("pk", flat=True)[:first])


@pytest.fixture
def few(monkeypatch):
    """Above three matches the bounded way is taken."""
    monkeypatch.setattr(ResultIds, "RANK_ALL", 3)


def test_up_to_the_bound_every_match_is_ranked_and_counted_in_one_query(django_assert_num_queries):
    for n in range(3):
        ActiviteitFactory(title=f"Wandelgroep {n}", summary="Samen wandelen in het park.")

    search_ids("wandelen", Filters(), expected=(0, 20))  # the vocabulary is read once, then cached
    with django_assert_num_queries(1):
        result = search_ids("wandelen", Filters(), expected=(0, 20))
        assert result.ids is not None and result.ids.count() == 3
        ids = result.ids[0:3]
    assert ids == full_ranking("wandelen", 3)
    assert result.ids.more is False


def test_above_the_bound_the_count_says_more_and_the_title_matches_come_first(few, django_assert_num_queries):
    in_title = [ActiviteitFactory(title=f"Wandelgroep {n}", summary="Elke week.") for n in range(4)]
    elsewhere = [ActiviteitFactory(title=f"Koor {n}", summary="Na het zingen wandelen we.") for n in range(3)]

    search_ids("wandelen", Filters(), expected=(0, 2))  # the vocabulary is read once, then cached
    with django_assert_num_queries(2):  # the bounded count, then the page among the titles
        result = search_ids("wandelen", Filters(), expected=(0, 2))
        assert result.ids is not None and result.ids.count() == 3
        first = result.ids[0:2]
    assert result.ids.more is True
    assert first == full_ranking("wandelen", 2)
    assert set(first) <= {a.pk for a in in_title}
    # A page past the listings with the word in their title is ranked among all matches.
    assert result.ids[4:6] == full_ranking("wandelen", 6)[4:6]
    assert set(result.ids[4:6]) <= {a.pk for a in elsewhere}


def test_above_the_bound_a_word_in_no_title_is_ranked_among_all_matches(few):
    for n in range(5):
        ActiviteitFactory(title=f"Koor {n}", summary="Met vrijwilligers." * (n + 1))

    result = search_ids("vrijwilligers", Filters(), expected=(0, 3))
    assert result.ids is not None and result.ids.count() == 3 and result.ids.more
    assert result.ids[0:3] == full_ranking("vrijwilligers", 3)


def test_a_page_past_the_end_is_empty_and_counted(few):
    ActiviteitFactory.create_batch(2, title="Wandelgroep")

    result = search_ids("wandelen", Filters(), expected=(20, 40))
    assert result.ids is not None and result.ids.count() == 2
    assert result.ids[20:40] == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    titles=st.lists(
        st.sampled_from(["Wandelgroep", "Wandelen en praten", "Koor", "Breiclub", "Wandeltocht"]),
        min_size=4,
        max_size=12,
    ),
    summaries=st.lists(
        st.sampled_from(["Samen wandelen.", "Koffie drinken.", "We wandelen en wandelen.", ""]),
        min_size=12,
        max_size=12,
    ),
    cap=st.integers(1, 5),
)
def test_for_one_word_the_bounded_ranking_is_the_beginning_of_the_full_one(few, titles, summaries, cap):
    """The claim ResultIds rests on: every listing with the word in its title ranks above every listing with it
    elsewhere only, so ranking the title matches gives the full ranking's first pages."""
    Activiteit.objects.all().delete()
    for title, summary in zip(titles, summaries, strict=False):
        ActiviteitFactory(title=title, summary=summary, description="")
    ResultIds.RANK_ALL = cap

    result = search_ids("wandelen", Filters(), expected=(0, 10))
    assert result.ids is not None
    shown = result.ids.count()
    assert result.ids[0:shown] == full_ranking("wandelen", shown)


def test_the_results_page_says_more_than_and_keeps_its_query_budget(client, few, django_assert_max_num_queries):
    for n in range(5):
        ActiviteitFactory(title=f"Wandelgroep {n}", summary="Samen wandelen.")

    with django_assert_max_num_queries(12):
        response = client.get("/activiteiten/", {"q": "wandelen"})
    page = response.content.decode()
    assert "Meer dan 3 activiteiten gevonden" in page
    assert page.count('class="result"') == 3


def test_the_wijk_filter_finds_places_in_the_wijk_and_listings_that_serve_it():
    wijk, other = WijkFactory(), WijkFactory()
    at_place = ActiviteitFactory(title="Wandelgroep A")
    at_place.locaties.add(LocatieFactory(wijk=wijk))
    serving = ActiviteitFactory(title="Wandelgroep B")
    serving.wijken.add(wijk)
    both = ActiviteitFactory(title="Wandelgroep C")
    both.locaties.add(LocatieFactory(wijk=wijk))
    both.wijken.add(wijk)
    elsewhere = ActiviteitFactory(title="Wandelgroep D")
    elsewhere.locaties.add(LocatieFactory(wijk=other))

    found = list(search("wandelen", Filters(wijk=wijk.pk)).activities)
    assert sorted(a.pk for a in found) == sorted([at_place.pk, serving.pk, both.pk])  # each once


def test_above_the_bound_several_words_rank_the_listings_with_one_of_them_in_the_title(few):
    both = ActiviteitFactory(title="Koffie en wandelen", summary="Elke week.")
    one = [ActiviteitFactory(title=f"Wandelgroep {n}", summary="Daarna koffie drinken.") for n in range(3)]
    ActiviteitFactory(title="Wandelgroep in het bos", summary="Alleen lopen.")  # not all words: no match
    elsewhere = [ActiviteitFactory(title=f"Koor {n}", summary="Koffie, daarna wandelen we.") for n in range(3)]

    result = search_ids("koffie wandelen", Filters(), expected=(0, 4))
    assert result.ids is not None and result.ids.more
    first = result.ids[0:4]
    assert first == full_ranking("koffie wandelen", 4)
    assert first[0] == both.pk and set(first[1:]) == {a.pk for a in one}
    # Past the listings with a word in their title: all matches ranked.
    assert set(result.ids[4:7]) == {a.pk for a in elsewhere}


def test_a_search_without_words_counts_up_to_the_bound_too(few, client):
    ActiviteitFactory.create_batch(5)

    result = search_ids("", Filters(), expected=(0, 20))
    assert result.ids is not None and result.ids.count() == 3 and result.ids.more
    assert result.ids[0:3] == list(Activiteit.objects.public().order_by("title", "pk").values_list("pk", flat=True)[:3])
    assert "Meer dan 3 activiteiten gevonden" in client.get("/activiteiten/").content.decode()


def test_the_title_tier_of_several_words_checks_them_on_its_rows_not_with_the_big_index():
    """The tier starts from the index on the titles and tests the words on those rows (search.RowCheck): intersecting
    it with the big index's thousands of matches was twice as slow (the benchmark's data). PostgreSQL uses an index
    for a plain condition only, so in the tier's SQL every condition on the search vector but the title's is inside
    `(…) IS TRUE`; the matches themselves keep plain conditions."""
    from socialekaart.search import RankedSQL, _words, shape_of, texts_of

    words = _words(["koffie", "wandelen"])
    matches = RankedSQL(shape_of(words, "&"), texts_of(words, "&"), Filters())
    vector = '."search_vector" @@'

    plain, _params = matches.sql(None)
    assert plain.count(vector) == 2 and "IS TRUE" not in plain
    tier, _params = matches.title_tier().sql(None)
    checked_on_rows = re.search(r"\(\((.*)\) IS TRUE\)", tier)
    assert checked_on_rows is not None
    assert checked_on_rows.group(1).count(vector) == 2  # both words, on the rows
    assert "ts_filter" in tier.replace(checked_on_rows.group(0), "")  # the title's words: from their index
    assert vector not in tier.replace(checked_on_rows.group(0), "")
