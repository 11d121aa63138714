"""The demo activities (socialekaart/demo/): loaded after load_demo, idempotent, findable, in the right wijken."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from coalition.demo.loader import load_demo
from socialekaart.demo.data import ACTIVITIES, PLACES, event_day, week_van_de_eenzaamheid
from socialekaart.demo.loader import load_demo_activiteiten
from socialekaart.models import Activiteit, Bijeenkomst, Historie, Locatie, Tijdslot, Uitzondering
from socialekaart.search import Filters, refresh_search_vector, refresh_search_vectors, search
from tests.factories import ActiviteitFactory, LocatieFactory, WijkFactory


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Activiteit, Locatie, Tijdslot, Uitzondering, Bijeenkomst, Historie)
    } | {"wijken": Activiteit.wijken.through.objects.count(), "locaties": Activiteit.locaties.through.objects.count()}


@pytest.fixture
def demo(db):
    load_demo(demo_mode=False)
    load_demo_activiteiten()


def test_it_loads_every_activity_published_and_confirmed_today(demo):
    activities = Activiteit.objects.all()

    assert activities.count() == len(ACTIVITIES)
    assert Activiteit.objects.public().count() == len(ACTIVITIES)
    assert set(activities.values_list("last_confirmed_on", flat=True)) == {timezone.localdate()}
    assert not activities.filter(search_vector__isnull=True).exists()
    assert Locatie.objects.count() == len(PLACES)
    # Both evidence levels of the handreiking, each with its source.
    onderbouwd = Activiteit.objects.filter(evidence="onderbouwd")
    assert onderbouwd.filter(title__icontains="Zin in vriendschap").exists()
    assert Activiteit.objects.filter(evidence="kansrijk", title__icontains="Zilverlijn").exists()
    assert not Activiteit.objects.exclude(evidence="onbekend").filter(evidence_source="").exists()


def test_a_second_run_creates_nothing_twice(demo):
    before = counts()

    call_command("load_demo_activiteiten", stdout=io.StringIO())

    assert counts() == before


# (words a citizen types, a title that must be among the first ten results)
NAMED = [
    ("samen eten", "Samen Eten"),
    ("huisbezoek 75", "Huisbezoek 75+"),
    ("zilverlijn", "Zilverlijn: elke week gebeld worden"),
    ("luisterlijn", "De Luisterlijn"),
    ("automaatje", "AutoMaatje"),
    ("humanitas maatje", "Humanitas Tandem: een maatje"),
    ("welzijn op recept", "Welzijn op recept"),
    ("koffieochtend", "Koffieochtend in de kerk"),
    ("dementie", "Ontmoetingscentrum voor mensen met dementie"),
    ("week van de eenzaamheid", "Week van de Eenzaamheid: Twenterand Ontmoet"),
]


def test_named_activities_are_found_by_the_search(demo):
    # One test for all words: loading the demo data is the slow part.
    missing = []
    for words, title in NAMED:
        found = list(search(words, Filters()).activities.values_list("title", flat=True)[:10])
        if title not in found:
            missing.append(f"{words!r} did not find {title!r} but {found}")
    assert not missing, "\n".join(missing)


def test_every_place_lies_in_a_wijk_and_every_gemeente_has_activities(demo):
    for locatie in Locatie.objects.select_related("wijk__gemeente"):
        assert locatie.wijk is not None, locatie
        assert locatie.wijk.gemeente.name in ("Enschede", "Hengelo", "Twenterand")
    # Activities with neither a place nor wijken would be found by no wijk filter.
    assert not Activiteit.objects.filter(locaties=None, wijken=None, is_online=False).exists()
    # Spread over the three gemeenten.
    for gemeente in ("Enschede", "Hengelo", "Twenterand"):
        in_gemeente = Activiteit.objects.filter(locaties__wijk__gemeente__name=gemeente) | Activiteit.objects.filter(
            wijken__gemeente__name=gemeente
        )
        assert in_gemeente.distinct().count() >= 10, gemeente


def test_there_are_weekly_times_and_coming_dated_events(demo):
    assert Tijdslot.objects.count() >= 40
    now = timezone.now()
    assert not Bijeenkomst.objects.filter(starts_at__lt=now - timezone.timedelta(days=1)).exists()
    week = Bijeenkomst.objects.filter(title__startswith="Week van de Eenzaamheid")
    assert week.count() >= 8
    start = week_van_de_eenzaamheid(timezone.localdate())
    assert {timezone.localtime(e.starts_at).date() for e in week} <= {
        start + timezone.timedelta(days=n) for n in range(10)
    }


def test_there_are_monthly_and_every_other_week_times_with_holidays(demo):
    today = timezone.localdate()
    monthly = Tijdslot.objects.get(activiteit__slug="verhalengroep-ouderen")
    assert (monthly.freq, monthly.bysetpos, monthly.how_often) == ("MONTHLY", 1, "elke eerste dinsdag van de maand")
    other_week = Tijdslot.objects.get(activiteit__slug="vriendschapskring")
    assert (other_week.freq, other_week.interval, other_week.how_often) == ("WEEKLY", 2, "om de week op zaterdag")
    assert other_week.valid_from is not None and other_week.valid_from.isoweekday() == 1
    # The holidays: the coming Christmas and summer break, and on those days no session.
    exceptions = Uitzondering.objects.filter(activiteit__slug="vriendschapskring")
    assert {exception.reason for exception in exceptions} == {"kerst", "zomervakantie"}
    assert all(exception.ends_on >= today for exception in exceptions)
    summer = exceptions.get(reason="zomervakantie")
    rule = other_week.rule(exceptions=[exception.period for exception in exceptions])
    assert not list(rule.dates(summer.starts_on, summer.ends_on))
    assert list(other_week.rule().dates(summer.starts_on, summer.ends_on)), "without the exception there are sessions"
    assert Uitzondering.objects.filter(activiteit__slug="verhalengroep-ouderen", reason="zomervakantie").exists()


@pytest.mark.parametrize(
    "today, start",
    [
        (date(2026, 11, 22), date(2027, 9, 30)),  # after this year's week: next year's
        (date(2025, 3, 1), date(2025, 9, 25)),
        (date(2024, 9, 30), date(2024, 9, 26)),  # during the week: this one
    ],
)
def test_the_week_van_de_eenzaamheid_is_the_next_one(today, start):
    assert week_van_de_eenzaamheid(today) == start
    assert start.isoweekday() == 4 and (start.month, start.day) >= (9, 24)


def test_monthly_events_fall_on_the_nth_weekday():
    assert event_day(("month", 1, 2, 3), date(2026, 11, 22)) == date(2026, 12, 9)  # 2nd Wednesday of December
    assert event_day(("month", 2, 1, 1), date(2026, 11, 22)) == date(2027, 1, 4)  # 1st Monday of January


@pytest.mark.django_db
def test_without_load_demo_it_says_what_to_do_and_changes_nothing():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_activiteiten")
    assert not Activiteit.objects.exists() and not Locatie.objects.exists()


@pytest.mark.django_db
def test_bulk_search_vectors_equal_the_one_by_one_vectors():
    """refresh_search_vectors (one UPDATE, used for bulk loads and the benchmark) weighs like refresh_search_vector."""
    wijk = WijkFactory(name="Café-wijk")
    first = ActiviteitFactory(title="Wandelen bij het café", themes=["bewegen"], locaties=[LocatieFactory(wijk=wijk)])
    second = ActiviteitFactory(title="Één koffieochtend", description="Naïef en gezellig")
    second.wijken.add(wijk)
    refresh_search_vector(second)
    one_by_one = dict(Activiteit.objects.values_list("pk", "search_vector"))
    Activiteit.objects.update(search_vector=None)

    assert refresh_search_vectors(Activiteit.objects.all()) == 2
    assert dict(Activiteit.objects.values_list("pk", "search_vector")) == one_by_one
    assert search("cafe", Filters()).activities.filter(pk=first.pk).exists()
