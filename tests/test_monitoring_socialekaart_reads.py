"""The sociale kaart's reads for the dashboard (socialekaart/queries/monitor.py and insight.coverage): public listings
and those confirmed in the last six months, the coverage matrix for several gemeenten or one wijk, and the searches
without results per period. Exact numbers, scope filters, period boundaries and query counts."""

from datetime import date, timedelta

import pytest

from socialekaart import queries
from socialekaart.models import Zoekvraag
from tests.factories import ActiviteitFactory, GemeenteFactory, LocatieFactory, OrganisatieFactory, WijkFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 8, 31)
SIX_MONTHS_AGO = date(2025, 2, 28)  # 31 February does not exist: the last day of the month
HIDE_AFTER_DAYS = 274


@pytest.fixture
def kaart(settings):
    """Three gemeenten; listings public or not, confirmed within six months or not, in wijken through a place or
    the wijken they serve, or in no wijk at all (then in their organisation's gemeenten)."""
    settings.SOCIALEKAART_HIDE_AFTER_DAYS = HIDE_AFTER_DAYS
    hide_cutoff = TODAY - timedelta(days=HIDE_AFTER_DAYS)
    enschede = GemeenteFactory(name="Enschede Test")
    hengelo = GemeenteFactory(name="Hengelo Test")
    twenterand = GemeenteFactory(name="Twenterand Test")
    centrum = WijkFactory(gemeente=enschede, name="Centrum")
    noord = WijkFactory(gemeente=enschede, name="Noord")
    berflo = WijkFactory(gemeente=hengelo, name="Berflo Es")
    WijkFactory(gemeente=twenterand, name="Vriezenveen")
    in_enschede = OrganisatieFactory()
    in_enschede.gemeenten.add(enschede)
    in_both = OrganisatieFactory()
    in_both.gemeenten.add(enschede, hengelo)
    nowhere = OrganisatieFactory()

    def listing(*, confirmed, serves=(), at=None, organisatie=in_enschede, **kwargs):
        locaties = [LocatieFactory(organisatie=organisatie, wijk=at)] if at else []
        activiteit = ActiviteitFactory(
            organisatie=organisatie, last_confirmed_on=confirmed, locaties=locaties, **kwargs
        )
        activiteit.wijken.add(*serves)
        return activiteit

    # Public and confirmed within six months:
    listing(confirmed=TODAY - timedelta(days=10), serves=[centrum], target_groups=["iedereen"])
    # on the first day of the six months; at a place in Noord (so not in Hengelo, although its organisation is)
    listing(confirmed=SIX_MONTHS_AGO, at=noord, organisatie=in_both)
    # at a place in Centrum and serving Centrum: one listing
    listing(confirmed=TODAY, at=centrum, serves=[centrum])
    # online, in no wijk: in its organisation's gemeenten (both)
    listing(confirmed=TODAY - timedelta(days=1), organisatie=in_both, is_online=True)
    # in no wijk, of an organisation without a gemeente: only in the total
    listing(confirmed=TODAY, organisatie=nowhere)
    # Public, not confirmed within six months:
    listing(confirmed=SIX_MONTHS_AGO - timedelta(days=1), serves=[centrum, berflo], target_groups=["jongeren"])
    listing(confirmed=hide_cutoff, serves=[berflo])  # the last day it is public
    # Not public: hidden (a day too old), a concept, archived.
    listing(confirmed=hide_cutoff - timedelta(days=1), serves=[centrum])
    listing(confirmed=None, serves=[centrum], concept=True)
    listing(confirmed=TODAY, serves=[centrum], archived=True)
    return {
        "enschede": enschede,
        "hengelo": hengelo,
        "twenterand": twenterand,
        "centrum": centrum,
        "noord": noord,
        "berflo": berflo,
    }


def counts(figures):
    return (figures.active, figures.confirmed), [(g.name, g.active, g.confirmed) for g in figures.per_gemeente]


# ---------------------------------------------------------------------------
# listing_figures
# ---------------------------------------------------------------------------
def test_listing_figures_of_every_gemeente_in_one_query(kaart, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = queries.listing_figures(today=TODAY)

    assert figures.confirmed_since == SIX_MONTHS_AGO
    assert counts(figures) == (
        (7, 5),
        [("Enschede Test", 5, 4), ("Hengelo Test", 3, 1), ("Twenterand Test", 0, 0)],
    )
    assert figures.per_gemeente[0].gemeente_id == kaart["enschede"].pk


def test_listing_figures_of_one_gemeente(kaart):
    figures = queries.listing_figures(gemeente_ids=[kaart["hengelo"].pk], today=TODAY)

    assert counts(figures) == ((3, 1), [("Hengelo Test", 3, 1)])


def test_listing_figures_of_two_gemeenten_count_a_listing_in_both_once_in_the_total(kaart):
    figures = queries.listing_figures(gemeente_ids=[kaart["enschede"].pk, kaart["hengelo"].pk], today=TODAY)

    assert counts(figures) == ((6, 4), [("Enschede Test", 5, 4), ("Hengelo Test", 3, 1)])


def test_listing_figures_of_one_wijk(kaart, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = queries.listing_figures(wijk_id=kaart["centrum"].pk, today=TODAY)

    assert counts(figures) == ((3, 2), [("Enschede Test", 3, 2)])


def test_listing_figures_of_a_wijk_outside_the_gemeenten_are_empty(kaart):
    figures = queries.listing_figures(gemeente_ids=[kaart["enschede"].pk], wijk_id=kaart["berflo"].pk, today=TODAY)

    assert counts(figures) == ((0, 0), [])


def test_listing_figures_on_a_later_day_follow_the_cutoffs(kaart):
    # A day later: the listing on the hide cutoff is hidden, the one of the first day of the six months is not
    # confirmed within them any more.
    figures = queries.listing_figures(today=TODAY + timedelta(days=1))

    assert figures.confirmed_since == date(2025, 3, 1)
    assert counts(figures) == (
        (6, 4),
        [("Enschede Test", 5, 3), ("Hengelo Test", 2, 1), ("Twenterand Test", 0, 0)],
    )


def test_listing_figures_without_listings(db):
    GemeenteFactory(name="Leeg Test")

    figures = queries.listing_figures(today=TODAY)

    assert counts(figures) == ((0, 0), [("Leeg Test", 0, 0)])


# ---------------------------------------------------------------------------
# coverage for the dashboard: several gemeenten, one wijk, a given day
# ---------------------------------------------------------------------------
def cells_of(rows):
    return {
        row.wijk.name: {cell.group: cell.count for cell in row.cells if cell.count} | {"totaal": row.total}
        for row in rows
    }


def test_coverage_of_two_gemeenten_in_two_queries(kaart, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = queries.coverage(gemeente_ids=[kaart["enschede"].pk, kaart["hengelo"].pk], today=TODAY)

    assert [(row.wijk.gemeente.name, row.wijk.name) for row in rows] == [
        ("Enschede Test", "Centrum"),
        ("Enschede Test", "Noord"),
        ("Hengelo Test", "Berflo Es"),
    ]
    everyone = {group: 1 for group, _label in queries.coverage_groups()}
    assert cells_of(rows) == {
        # for everyone (1 in every group), for young people (jongeren), and one for older people (ouderen)
        "Centrum": everyone | {"ouderen": 2, "jongeren": 2, "totaal": 3},
        "Noord": {"ouderen": 1, "totaal": 1},
        "Berflo Es": {"ouderen": 1, "jongeren": 1, "totaal": 2},
    }


def test_coverage_of_one_wijk(kaart, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = queries.coverage(wijk_id=kaart["berflo"].pk, today=TODAY)

    assert cells_of(rows) == {"Berflo Es": {"ouderen": 1, "jongeren": 1, "totaal": 2}}


def test_coverage_of_a_gemeente_without_activities_has_its_wijken_with_zeros(kaart):
    rows = queries.coverage(gemeente_ids=[kaart["twenterand"].pk], today=TODAY)

    assert cells_of(rows) == {"Vriezenveen": {"totaal": 0}}
    assert [cell.level for cell in rows[0].cells] == ["leeg"] * len(queries.coverage_groups())


def test_coverage_takes_a_gemeente_or_gemeente_ids_not_both(kaart):
    with pytest.raises(TypeError):
        queries.coverage(gemeente=kaart["enschede"], gemeente_ids=[kaart["hengelo"].pk])


# ---------------------------------------------------------------------------
# Searches without results, and searches per period
# ---------------------------------------------------------------------------
@pytest.fixture
def searches(db):
    rows = [
        ("Wandelen", 0, date(2025, 7, 1)),  # the first day of July
        (" wandelen ", 0, date(2025, 7, 31)),  # the last day of July
        ("WANDELEN", 3, date(2025, 7, 15)),  # found something
        ("breien", 0, date(2025, 7, 20)),
        ("Breien", 0, date(2025, 7, 21)),
        ("rouw", 0, date(2025, 7, 10)),
        ("", 0, date(2025, 7, 5)),  # by filters only
        ("rouw", 0, date(2025, 8, 1)),  # August
        ("koffie", 4, date(2025, 8, 15)),
        ("schaken", 0, date(2025, 6, 30)),  # June
        ("koffie", 0, date(2024, 7, 31)),  # a year earlier
    ]
    Zoekvraag.objects.bulk_create(
        Zoekvraag(terms=terms, result_count=found, on=on, filters={}) for terms, found, on in rows
    )


def test_zero_result_searches_of_a_period_most_frequent_first(searches, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = queries.zero_result_searches(date(2025, 7, 1), date(2025, 8, 1))

    assert [(row.term, row.count) for row in rows] == [("breien", 2), ("wandelen", 2), ("rouw", 1)]


def test_zero_result_searches_up_to_a_limit(searches):
    rows = queries.zero_result_searches(date(2025, 6, 1), date(2025, 9, 1), limit=2)

    assert rows == [queries.SearchTermCount("breien", 2), queries.SearchTermCount("rouw", 2)]


def test_zero_result_searches_of_a_period_without_any(searches):
    assert queries.zero_result_searches(date(2025, 9, 1), date(2025, 10, 1)) == []


def test_search_counts_of_several_periods_in_one_query(searches, django_assert_num_queries):
    periods = [
        (date(2025, 7, 1), date(2025, 8, 1)),
        (date(2025, 8, 1), date(2025, 9, 1)),
        (date(2024, 7, 1), date(2024, 8, 1)),  # the same month a year earlier
        (date(2025, 6, 1), date(2025, 8, 1)),  # overlapping the first
        (date(2025, 9, 1), date(2025, 10, 1)),  # nothing yet
    ]

    with django_assert_num_queries(1):
        rows = queries.search_counts(periods)

    assert [(row.start, row.end, row.total, row.zero) for row in rows] == [
        (date(2025, 7, 1), date(2025, 8, 1), 7, 6),
        (date(2025, 8, 1), date(2025, 9, 1), 2, 1),
        (date(2024, 7, 1), date(2024, 8, 1), 1, 1),
        (date(2025, 6, 1), date(2025, 8, 1), 8, 7),
        (date(2025, 9, 1), date(2025, 10, 1), 0, 0),
    ]


def test_search_counts_of_no_periods_ask_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert queries.search_counts([]) == []


def test_search_figures_give_both_reads_in_one_query(searches, django_assert_num_queries):
    """The dashboard's read: search_counts of every period and zero_result_searches of the first, the same figures
    in one query; words searched fewer than `min_count` times are left out."""
    periods = [(date(2025, 7, 1), date(2025, 8, 1)), (date(2025, 8, 1), date(2025, 9, 1))]
    with django_assert_num_queries(1):
        figures = queries.search_figures(periods, limit=10, min_count=2)

    assert list(figures.periods) == queries.search_counts(periods)
    assert list(figures.zero_terms) == queries.zero_result_searches(*periods[0])[:2]  # the two searched twice
    assert [t.term for t in queries.search_figures(periods, limit=1).zero_terms] == ["breien"]
    assert queries.search_figures([]) == queries.SearchFigures(periods=(), zero_terms=())
