"""Suggested activities for a case's person (meldpunt/queries/suggestions.py): ranked in the database by wijk, target
group, life events and intervention profile, evidence as a tie-breaker; only what citizens see; in two queries.
What the page says of each (why it fits, where, cost, next date) is meldpunt/presenters/suggestions.py's."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from meldpunt.models import Melding
from meldpunt.presenters.suggestions import cards
from meldpunt.queries.suggestions import (
    life_events_annotation,
    next_weekly,
    person_of,
    suggest_activities,
)
from tests.factories import (
    ActiviteitFactory,
    BijeenkomstFactory,
    GemeenteFactory,
    LocatieFactory,
    MeldingFactory,
    MeldpuntFactory,
    SignaalFactory,
    TijdslotFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    gemeente = GemeenteFactory()
    return {
        "gemeente": gemeente,
        "wijk": WijkFactory(gemeente=gemeente, name="Centrum"),
        "buurwijk": WijkFactory(gemeente=gemeente, name="Noord"),
        "elders": WijkFactory(gemeente=GemeenteFactory(), name="Elders"),
    }


@pytest.fixture
def melding(area):
    """An 80-year-old in the Centrum whose partner died; profile Achterblijvers (situational, passive, aimed at
    taking part)."""
    melding = MeldingFactory(
        meldpunt=MeldpuntFactory(gemeente=area["gemeente"]),
        wijk=area["wijk"],
        person_birth_year=timezone.localdate().year - 80,
        duration="situationeel",
        coping="passief",
        orientation="gericht",
        signaal=False,
    )
    SignaalFactory(melding=melding, life_events=["overlijden_naaste"])
    SignaalFactory(melding=melding, life_events=[])
    return melding


def at(wijk, **kwargs):
    """A published activity with a place in `wijk`."""
    return ActiviteitFactory(locaties=[LocatieFactory(wijk=wijk)], **kwargs)


def titles(suggestions) -> list[str]:
    return [s.activiteit.title for s in suggestions]


def by_title(suggestions) -> dict:
    """The suggestions as the page shows them, by title."""
    return {s.activiteit.title: s for s in cards(suggestions)}


def test_the_best_fit_comes_first_and_says_why(melding, area):
    served = ActiviteitFactory(
        title="Maatje bij verlies", kind="een-op-een", target_groups=["75-plus"], themes=["rouw"]
    )
    served.wijken.add(area["wijk"])  # no fixed place: it comes to the person's wijk
    at(area["wijk"], title="Koffie in de wijk", kind="ontmoeting", target_groups=["iedereen"])
    at(area["buurwijk"], title="Soos in Noord", kind="ontmoeting", target_groups=["ouderen"])
    ActiviteitFactory(title="Online koffie", is_online=True, target_groups=["iedereen"])
    at(area["elders"], title="Soos elders", kind="ontmoeting", target_groups=["ouderen"])
    ActiviteitFactory(title="Thuis of nergens", kind="ontmoeting", target_groups=["mantelzorgers"])

    suggestions = suggest_activities(melding)

    assert titles(suggestions) == [
        "Maatje bij verlies",  # wijk 40 + 75-plus 20 + rouw 15 + profiel 15
        "Koffie in de wijk",  # wijk 40 + iedereen 5
        "Soos in Noord",  # gemeente 20 + ouderen 15
        "Online koffie",  # online 10 + iedereen 5
        "Soos elders",  # elsewhere 0 + ouderen 15
        "Thuis of nergens",  # nothing fits
    ]
    assert [s.score for s in suggestions] == [90, 45, 35, 15, 15, 0]
    found = by_title(suggestions)
    assert found["Maatje bij verlies"].reasons == [
        "in de wijk",
        "voor 75-plussers",
        "rouw en verlies",
        "past bij profiel Achterblijvers",
    ]
    assert found["Soos in Noord"].reasons == ["in de gemeente", "voor ouderen"]
    assert found["Online koffie"].reasons == ["voor iedereen"]
    assert [found[t].distance for t in ("Maatje bij verlies", "Soos in Noord", "Online koffie", "Soos elders")] == [
        "in de wijk",
        "elders in de gemeente",
        "online",
        "buiten de gemeente",
    ]


def test_only_what_citizens_see_is_suggested(melding, area):
    at(area["wijk"], title="Gepubliceerd")
    at(area["wijk"], title="Gearchiveerd", archived=True)
    at(area["wijk"], title="Verouderd", stale=True)
    at(area["wijk"], title="Concept", concept=True)
    assert titles(suggest_activities(melding)) == ["Gepubliceerd"]


def test_evidence_breaks_a_tie(melding, area):
    at(area["wijk"], title="A onbekend", evidence="onbekend")
    at(area["wijk"], title="B onderbouwd", evidence="onderbouwd")
    at(area["wijk"], title="C kansrijk", evidence="kansrijk")
    suggestions = suggest_activities(melding)
    assert titles(suggestions) == ["B onderbouwd", "C kansrijk", "A onbekend"]
    assert [s.evidence for s in cards(suggestions)] == ["onderbouwd", "kansrijk", "onbekend"]


def test_target_group_follows_the_age(melding, area):
    at(area["buurwijk"], title="Alleen 75-plus", target_groups=["75-plus"])
    at(area["buurwijk"], title="Ouderen", target_groups=["ouderen"])
    at(area["buurwijk"], title="Jongeren", target_groups=["jongeren"])
    at(area["buurwijk"], title="Iedereen", target_groups=["iedereen"])
    assert titles(suggest_activities(melding)) == ["Alleen 75-plus", "Ouderen", "Iedereen", "Jongeren"]

    melding.person_birth_year = timezone.localdate().year - 68
    found = by_title(suggest_activities(melding))
    assert found["Ouderen"].score > found["Iedereen"].score > found["Alleen 75-plus"].score
    assert "voor 75-plussers" not in found["Alleen 75-plus"].reasons
    assert found["Jongeren"].score < found["Alleen 75-plus"].score  # only for young people: a penalty


def test_life_events_map_to_themes(melding, area):
    SignaalFactory(melding=melding, life_events=["mantelzorger_worden", "verhuizing"])
    at(area["buurwijk"], title="Mantelzorgcafé", themes=["mantelzorg"], target_groups=["mantelzorgers"])
    at(area["buurwijk"], title="Nieuw in de buurt", themes=["verhuizing"])
    at(area["buurwijk"], title="Digitaal", themes=["digitaal"])
    found = by_title(suggest_activities(melding))
    assert "mantelzorg" in found["Mantelzorgcafé"].reasons
    assert "verhuizing" in found["Nieuw in de buurt"].reasons
    assert found["Nieuw in de buurt"].score == found["Digitaal"].score + 15
    assert found["Digitaal"].reasons == ["in de gemeente", "voor ouderen"]


@pytest.mark.parametrize(
    ("duration", "coping", "orientation", "profile", "fits", "fits_not"),
    [
        ("situationeel", "actief", "gericht", "Actieven", "vrijwilligerswerk", "bellijn"),
        ("situationeel", "passief", "niet_gericht", "Afhankelijken", "bellijn", "vrijwilligerswerk"),
        ("structureel", "actief", "gericht", "Compenseerders", "cursus", "een-op-een"),
        ("structureel", "actief", "niet_gericht", "Buitenstaanders", "informatie", "ontmoeting"),
    ],
)
def test_the_profile_picks_kinds_of_activity(melding, area, duration, coping, orientation, profile, fits, fits_not):
    Melding.objects.filter(pk=melding.pk).update(duration=duration, coping=coping, orientation=orientation)
    melding.refresh_from_db()
    at(area["buurwijk"], title="Past", kind=fits)
    at(area["buurwijk"], title="Past niet", kind=fits_not)
    found = by_title(suggest_activities(melding))
    assert f"past bij profiel {profile}" in found["Past"].reasons
    assert found["Past"].score == found["Past niet"].score + 15


def test_without_a_wijk_the_gemeente_of_the_meldpunt_counts(melding, area):
    Melding.objects.filter(pk=melding.pk).update(wijk=None, person_birth_year=None, duration="")
    melding = Melding.objects.get(pk=melding.pk)
    at(area["wijk"], title="In de gemeente", target_groups=["ouderen"])
    at(area["elders"], title="Elders", target_groups=["ouderen"])
    found = by_title(suggest_activities(melding))
    assert found["In de gemeente"].distance == "elders in de gemeente"
    assert found["In de gemeente"].reasons == ["in de gemeente"]  # age unknown: "ouderen" earns nothing
    assert found["Elders"].score == 0


def test_cost_next_date_and_places(melding, area):
    place = LocatieFactory(wijk=area["wijk"], name="Buurthuis De Bron")
    paid = ActiviteitFactory(title="Betaald", cost_kind="bedrag", cost_amount="3.50", locaties=[place])
    on_request = ActiviteitFactory(title="Op aanvraag", cost_kind="op-aanvraag", locaties=[place])
    free = ActiviteitFactory(title="Gratis", locaties=[place])
    none = ActiviteitFactory(title="Zonder datum", locaties=[place])
    soon = timezone.now() + timedelta(days=2)
    BijeenkomstFactory(activiteit=paid, starts_at=soon)
    BijeenkomstFactory(activiteit=paid, starts_at=timezone.now() - timedelta(days=2))  # past: not the next
    BijeenkomstFactory(activiteit=on_request, starts_at=timezone.now() + timedelta(days=20))
    tomorrow = timezone.localdate() + timedelta(days=1)
    TijdslotFactory(activiteit=on_request, weekday=tomorrow.isoweekday(), starts_at=time(10), ends_at=time(12))
    TijdslotFactory(activiteit=free, weekday=tomorrow.isoweekday(), starts_at=time(14), ends_at=time(16))

    found = by_title(suggest_activities(melding))

    assert found["Betaald"].cost == "€\N{NO-BREAK SPACE}3,50"
    assert found["Op aanvraag"].cost == "op aanvraag"
    assert found["Gratis"].cost == "gratis"
    assert found["Betaald"].next_date == soon and not found["Betaald"].next_is_weekly
    weekly = timezone.make_aware(datetime.combine(tomorrow, time(10)))
    assert found["Op aanvraag"].next_date == weekly and found["Op aanvraag"].next_is_weekly  # before the event
    assert "(elke week)" in found["Op aanvraag"].next_date_text
    assert found["Zonder datum"].next_date is None and found["Zonder datum"].next_date_text == ""
    assert found["Gratis"].places == ["Buurthuis De Bron"]
    assert none.pk == found["Zonder datum"].activiteit.pk


def test_staff_search_by_words_and_kind(melding, area):
    at(area["elders"], title="Rouwgroep Elders", kind="cursus")
    at(area["wijk"], title="Koffieochtend", kind="ontmoeting")
    at(area["wijk"], title="Rouwcafé", kind="ontmoeting")
    assert titles(suggest_activities(melding, q="rouw")) == ["Rouwcafé", "Rouwgroep Elders"]  # still ranked
    assert titles(suggest_activities(melding, kind="cursus")) == ["Rouwgroep Elders"]
    assert titles(suggest_activities(melding, q="rouw", kind="ontmoeting")) == ["Rouwcafé"]
    assert titles(suggest_activities(melding, q="!!!")) == titles(suggest_activities(melding))  # no words: all
    assert suggest_activities(melding, q="xyzzy") == []


def test_the_limit(melding, area):
    for n in range(5):
        at(area["wijk"], title=f"Activiteit {n}")
    assert titles(suggest_activities(melding, limit=3)) == ["Activiteit 0", "Activiteit 1", "Activiteit 2"]


def test_one_query_for_a_page(melding, area, django_assert_num_queries):
    for n in range(25):
        activiteit = at(area["wijk"] if n % 2 else area["buurwijk"], title=f"Activiteit {n}")
        TijdslotFactory(activiteit=activiteit)
        BijeenkomstFactory(activiteit=activiteit)
    annotated = (
        Melding.objects.select_related("meldpunt", "wijk")
        .annotate(life_events_all=life_events_annotation())
        .get(pk=melding.pk)
    )
    assert person_of(annotated).life_events == {"overlijden_naaste"}
    with django_assert_num_queries(1):
        suggestions = suggest_activities(annotated)
        assert len(suggestions) == 20
        assert all(s.next_date and s.places and s.organisation for s in suggestions)
        assert all(s.activiteit.get_absolute_url() and s.activiteit.get_kind_display() for s in suggestions)


def test_next_weekly_time():
    local = timezone.get_current_timezone()
    now = datetime(2026, 3, 24, 11, 0, tzinfo=local)  # a Tuesday
    assert next_weekly([(2, time(10)), (4, time(9, 30))], now) == datetime(2026, 3, 26, 9, 30, tzinfo=local)
    assert next_weekly([(2, time(10))], now) == datetime(2026, 3, 31, 10, tzinfo=local)  # passed: next week
    assert next_weekly([(2, time(14))], now) == datetime(2026, 3, 24, 14, tzinfo=local)
    assert next_weekly([], now) is None
