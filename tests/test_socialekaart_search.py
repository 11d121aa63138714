import pytest
from socialekaart.search import Filters, search
from tests.factories import ActiviteitFactory, LocatieFactory, TijdslotFactory


@pytest.mark.django_db
def test_search_smoke():
    a = ActiviteitFactory(title="Wandelgroep Vriezenveen", summary="Samen wandelen door het dorp.")
    b = ActiviteitFactory(title="Café de Ontmoeting", summary="Kopje koffie in het café")
    ActiviteitFactory(title="Oude wandeling", stale=True)
    TijdslotFactory(activiteit=a, weekday=3)
    r = search("wandelen", Filters())
    assert list(r.activities) == [a]
    r = search("cafe", Filters())
    assert list(r.activities) == [b]
    r = search("wandlen", Filters())
    print(r.suggestion, r.corrected, list(r.activities))
    assert r.suggestion and list(r.activities) == [a]
    r = search("", Filters(weekday=3))
    assert list(r.activities) == [a]
    r = search("'; drop table x; -- \" 🙂" * 100, Filters())
    list(r.activities)
