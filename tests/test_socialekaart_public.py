"""The citizens' pages of the sociale kaart: home, search, activity page, .ics, agenda and booklet."""

from datetime import datetime, time, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from meldpunt.models import Meldpunt
from socialekaart.models import Zoekvraag
from tests.factories import (
    ActiviteitFactory,
    BijeenkomstFactory,
    GemeenteFactory,
    LocatieFactory,
    TijdslotFactory,
    WijkFactory,
)
from tests.results import result_titles

SEARCH = reverse("socialekaart:search")


@pytest.fixture(autouse=True)
def own_cache(settings):
    """The shared Redis cache may hold another test database's vocabulary or meldpunten: use a private one."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "socialekaart-public"}
    }
    from django.core.cache import cache

    cache.clear()


def titles(response) -> list[str]:
    return result_titles(response)


def local(days: int, hour: int = 10) -> datetime:
    """A local date-time `days` from today at `hour` o'clock."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


# ---------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_home_has_a_search_box_entry_points_and_the_meldpunt_phone(client):
    Meldpunt.objects.create(
        gemeente=GemeenteFactory(), name="Meldpunt Twenterand", phone="0546 123 456", email="m@example.org"
    )
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/activiteiten/"' in html and 'name="q"' in html
    assert "Wat zoekt u?" in html
    assert "?q=eten" in html and "?voor=mantelzorgers" in html and 'href="/agenda/"' in html
    assert "0546 123 456" in html and 'href="tel:0546123456"' in html


@pytest.mark.django_db
def test_the_old_coalition_home_is_gone():
    assert reverse("socialekaart:home") == "/"


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_search_uses_dutch_stemming(client):
    ActiviteitFactory(title="Wandelgroep Vriezenveen", summary="Samen een rondje door het dorp.")
    ActiviteitFactory(title="Koffieochtend")
    response = client.get(SEARCH, {"q": "wandelen"})
    assert titles(response) == ["Wandelgroep Vriezenveen"]
    assert "1 activiteit gevonden" in response.content.decode()


@pytest.mark.django_db
def test_search_ignores_accents(client):
    ActiviteitFactory(title="Café de Ontmoeting", summary="Een kopje koffie in het café.")
    assert titles(client.get(SEARCH, {"q": "cafe"})) == ["Café de Ontmoeting"]


@pytest.mark.django_db
def test_a_typo_gives_a_suggestion_and_results(client):
    ActiviteitFactory(title="Wandelgroep", summary="Samen wandelen door het dorp.")
    response = client.get(SEARCH, {"q": "wandlen"})
    html = response.content.decode()
    assert titles(response) == ["Wandelgroep"]
    assert response.context["result"].corrected
    assert "Niets gevonden voor ‘wandlen’. Dit zijn de resultaten voor ‘wandelen’." in html


@pytest.mark.django_db
def test_a_suggestion_is_offered_as_bedoelde_u_when_the_words_found_something(client, monkeypatch):
    from socialekaart import search as search_module

    ActiviteitFactory(title="Breiclub", summary="Samen breien.")
    monkeypatch.setattr(search_module, "correct", lambda terms: ["breien"])
    html = client.get(SEARCH, {"q": "breiclub"}).content.decode()
    assert "Bedoelde u:" in html and "?q=breien" in html


@pytest.mark.django_db
def test_words_rank_by_relevance_and_no_words_sort_by_title(client):
    ActiviteitFactory(title="Bingo", summary="Ook wandelen na afloop.")
    ActiviteitFactory(title="Wandelclub", summary="Wandelen, wandelen en nog eens wandelen.")
    ActiviteitFactory(title="Aquarelleren")
    assert titles(client.get(SEARCH, {"q": "wandelen"}))[0] == "Wandelclub"
    assert titles(client.get(SEARCH)) == ["Aquarelleren", "Bingo", "Wandelclub"]


@pytest.mark.django_db
def test_the_wijk_filter_matches_locations_and_wijken_served(client):
    wijk, other = WijkFactory(), WijkFactory()
    ActiviteitFactory(title="In het buurthuis", locaties=[LocatieFactory(wijk=wijk)])
    served = ActiviteitFactory(title="Huisbezoek")
    served.wijken.add(wijk)
    ActiviteitFactory(title="Elders", locaties=[LocatieFactory(wijk=other)])
    assert titles(client.get(SEARCH, {"wijk": wijk.pk})) == ["Huisbezoek", "In het buurthuis"]


@pytest.mark.django_db
def test_the_wijk_choices_are_grouped_by_gemeente(client):
    WijkFactory(name="Vroomshoop", gemeente=GemeenteFactory(name="Twenterand"))
    html = client.get(SEARCH).content.decode()
    assert '<optgroup label="Twenterand">' in html and "Vroomshoop" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "kwargs"),
    [
        ({"voor": "mantelzorgers"}, {"target_groups": ["mantelzorgers"]}),
        ({"soort": "bellijn"}, {"kind": "bellijn"}),
        ({"thema": "rouw"}, {"themes": ["rouw"]}),
        ({"gratis": "1"}, {"cost_kind": "gratis"}),
        ({"vervoer": "1"}, {"transport_available": True}),
        ({"online": "1"}, {"is_online": True}),
    ],
)
def test_each_activity_filter(client, params, kwargs):
    ActiviteitFactory(title="Past", **kwargs)
    other = {"target_groups": ["jongeren"], "kind": "cursus", "cost_kind": "bedrag", "cost_amount": 5}
    ActiviteitFactory(title="Past niet", **other)
    assert titles(client.get(SEARCH, params)) == ["Past"]


@pytest.mark.django_db
def test_the_day_filter(client):
    TijdslotFactory(activiteit=ActiviteitFactory(title="Op dinsdag"), weekday=2)
    TijdslotFactory(activiteit=ActiviteitFactory(title="Op vrijdag"), weekday=5)
    assert titles(client.get(SEARCH, {"dag": "5"})) == ["Op vrijdag"]


@pytest.mark.django_db
@pytest.mark.parametrize(("param", "field"), [("rolstoel", "wheelchair_accessible"), ("ringleiding", "hearing_loop")])
def test_the_accessibility_filters(client, param, field):
    ActiviteitFactory(title="Ja", locaties=[LocatieFactory(**{field: True})])
    ActiviteitFactory(title="Nee", locaties=[LocatieFactory(wheelchair_accessible=False, hearing_loop=False)])
    response = client.get(SEARCH, {param: "1"})
    assert titles(response) == ["Ja"]
    assert response.context["form"].filters.as_dict()


@pytest.mark.django_db
def test_results_show_what_when_where_cost_and_accessibility_in_text(client):
    wijk = WijkFactory(name="Het Midden")
    activiteit = ActiviteitFactory(
        title="Samen eten",
        cost_kind="bedrag",
        cost_amount="4.50",
        locaties=[LocatieFactory(name="De Bron", wijk=wijk, wheelchair_accessible=True, hearing_loop=True)],
    )
    TijdslotFactory(activiteit=activiteit, weekday=4, starts_at="17:30", ends_at="19:30")
    BijeenkomstFactory(activiteit=activiteit, starts_at=local(3, 17))
    html = client.get(SEARCH).content.decode()
    assert activiteit.get_absolute_url() in html
    assert activiteit.organisatie.name in html
    assert "elke donderdag 17.30–19.30" in html
    assert "De Bron" in html and "Het Midden" in html
    assert "€\N{NO-BREAK SPACE}4,50" in html
    assert "toegankelijk met rolstoel" in html and "ringleiding" in html
    assert 'role="status"' in html


@pytest.mark.django_db
def test_results_are_paginated_by_20_and_keep_the_search(client):
    for n in range(23):
        ActiviteitFactory(title=f"Wandelgroep {n:02d}", summary="Wandelen.")
    first = client.get(SEARCH, {"q": "wandelen", "gratis": "1"})
    assert len(titles(first)) == 20
    html = first.content.decode()
    assert "23 activiteiten gevonden" in html
    assert "?q=wandelen&amp;gratis=1&amp;pagina=2" in html or "?q=wandelen&amp;gratis=on&amp;pagina=2" in html
    second = client.get(SEARCH, {"q": "wandelen", "gratis": "1", "pagina": "2"})
    assert len(titles(second)) == 3


@pytest.mark.django_db
def test_the_empty_state_offers_wider_searches_and_the_meldpunt(client):
    Meldpunt.objects.create(gemeente=GemeenteFactory(), name="Meldpunt", phone="0800-1234", email="m@example.org")
    ActiviteitFactory(title="Wandelgroep", kind="ontmoeting")
    response = client.get(SEARCH, {"q": "wandelen", "soort": "bellijn", "gratis": "1"})
    html = response.content.decode()
    assert titles(response) == []
    assert "0 activiteiten gevonden" in html
    assert "Zoek opnieuw zonder" in html
    assert "?q=wandelen&amp;gratis=1" in html  # without the type
    assert "?q=wandelen&amp;soort=bellijn" in html  # without "gratis"
    assert "Bekijk alle activiteiten" in html
    assert "0800-1234" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"wijk": "999999"},
        {"wijk": "abc"},
        {"voor": "marsmannetjes"},
        {"soort": "x"},
        {"thema": "🙂"},
        {"dag": "8"},
        {"dag": "0"},
        {"gratis": "misschien"},
        {"pagina": "-1"},
        {"pagina": "999"},
    ],
)
def test_unknown_filter_values_are_ignored(client, params):
    ActiviteitFactory(title="Koffie")
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert titles(response) == ["Koffie"]


@pytest.mark.django_db
def test_an_unknown_value_drops_only_that_filter(client):
    ActiviteitFactory(title="Bellijn", kind="bellijn")
    ActiviteitFactory(title="Koffie", kind="ontmoeting")
    assert titles(client.get(SEARCH, {"soort": "bellijn", "wijk": "nope"})) == ["Bellijn"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    ['"koffie"', "koffie' OR 1=1 --", "'; DROP TABLE socialekaart_activiteit; --", "☕🙂", "k" * 2000, "a & b | !c"],
)
def test_odd_search_text_gives_a_normal_page(client, q):
    ActiviteitFactory(title="Koffie")
    assert client.get(SEARCH, {"q": q}).status_code == 200


@pytest.mark.django_db
def test_concept_archived_and_stale_activities_never_appear(client):
    ActiviteitFactory(title="Wandelen openbaar")
    ActiviteitFactory(title="Wandelen concept", concept=True)
    ActiviteitFactory(title="Wandelen archief", archived=True)
    ActiviteitFactory(title="Wandelen oud", stale=True)
    assert titles(client.get(SEARCH, {"q": "wandelen"})) == ["Wandelen openbaar"]
    assert titles(client.get(SEARCH)) == ["Wandelen openbaar"]


@pytest.mark.django_db
def test_the_search_page_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    wijk = WijkFactory()
    for n in range(30):
        activiteit = ActiviteitFactory(
            title=f"Wandelgroep {n}", summary="Wandelen.", locaties=[LocatieFactory(wijk=wijk), LocatieFactory()]
        )
        activiteit.wijken.add(wijk)
        TijdslotFactory(activiteit=activiteit, weekday=1 + n % 7)
        TijdslotFactory(activiteit=activiteit, weekday=1 + (n + 3) % 7)
        BijeenkomstFactory(activiteit=activiteit)
    client.get(SEARCH, {"q": "wandelen"})  # fill the vocabulary cache, as in production
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"q": "wandelen", "wijk": wijk.pk, "gratis": "1"})
    assert len(titles(response)) == 20
    with django_assert_max_num_queries(12):
        client.get(SEARCH, {"q": "wandelen", "pagina": "2"})


# ---------------------------------------------------------------------------
# The anonymous search log
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_search_on_page_1_is_logged_without_anything_personal(client, django_capture_on_commit_callbacks):
    ActiviteitFactory(title="Wandelgroep", summary="Wandelen.")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(SEARCH, {"q": "Wandelen", "gratis": "1"}, REMOTE_ADDR="203.0.113.7")
    zoekvraag = Zoekvraag.objects.get()
    assert zoekvraag.terms == "wandelen"
    assert zoekvraag.filters == {"free": True}
    assert zoekvraag.result_count == 1
    assert zoekvraag.on == timezone.localdate()
    stored = str([getattr(zoekvraag, field.attname) for field in Zoekvraag._meta.fields])
    assert "203.0.113.7" not in stored


@pytest.mark.django_db
def test_page_2_and_plain_browsing_are_not_logged(client, django_capture_on_commit_callbacks):
    for n in range(21):
        ActiviteitFactory(title=f"Wandelgroep {n}", summary="Wandelen.")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(SEARCH, {"q": "wandelen", "pagina": "2"})
        client.get(SEARCH)
    assert not Zoekvraag.objects.exists()


@pytest.mark.django_db
def test_a_search_without_results_is_logged_with_zero(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(SEARCH, {"q": "schaken"})
    assert Zoekvraag.objects.get().result_count == 0


# ---------------------------------------------------------------------------
# The activity page
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_activity_page_tells_what_when_where_cost_and_how_to_join(client):
    activiteit = ActiviteitFactory(
        title="Samen eten in De Bron",
        description="Elke week een warme maaltijd.",
        target_groups=["ouderen", "mantelzorgers"],
        languages=["nl", "twents"],
        evidence="kansrijk",
        cost_kind="bedrag",
        cost_amount="5.00",
        join_method="aanmelden",
        contact_name="Anja",
        contact_phone="0546 111 222",
        transport_available=True,
        locaties=[LocatieFactory(name="De Bron", wijk=WijkFactory(name="Vroomshoop"), hearing_loop=True)],
    )
    TijdslotFactory(activiteit=activiteit, weekday=3, starts_at="17:00", ends_at="19:00")
    for days in range(1, 8):
        BijeenkomstFactory(activiteit=activiteit, starts_at=local(days), title=f"Extra {days}")
    BijeenkomstFactory(activiteit=activiteit, starts_at=local(-3), title="Voorbij")
    response = client.get(activiteit.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Elke woensdag van 17.00 tot 19.00 uur" in html
    assert [event.title for event in response.context["next_dates"]] == [f"Extra {d}" for d in range(1, 6)]
    assert "Voorbij" not in html
    assert "De Bron" in html and "Vroomshoop" in html and "Dorpsstraat 1, 7671 AB Vriezenveen" in html
    assert "Toegankelijk met rolstoel." in html and "Er is een ringleiding." in html and "Vervoer is mogelijk" in html
    assert "€\N{NO-BREAK SPACE}5,00" in html and "Aanmelden vooraf" in html and "0546 111 222" in html
    assert "Twents" in html and "mantelzorgers" in html and "nog niet goed genoeg onderzocht" in html
    assert "Gecontroleerd op" in html
    assert "http://testserver" + activiteit.get_absolute_url() in html
    assert reverse("socialekaart:activiteit_ics", kwargs={"slug": activiteit.slug}) in html
    assert "?print=1" in html


@pytest.mark.django_db
def test_the_print_version_is_the_same_page_without_navigation(client):
    activiteit = ActiviteitFactory()
    html = client.get(activiteit.get_absolute_url(), {"print": "1"}).content.decode()
    assert 'class="print-view"' in html and "Ctrl+P" in html


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["concept", "archived", "stale"])
def test_the_activity_page_is_404_for_non_public_activities(client, state):
    activiteit = ActiviteitFactory(**{state: True})
    assert client.get(activiteit.get_absolute_url()).status_code == 404
    ics = reverse("socialekaart:activiteit_ics", kwargs={"slug": activiteit.slug})
    assert client.get(ics).status_code == 404


@pytest.mark.django_db
def test_the_activity_page_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    activiteit = ActiviteitFactory(locaties=[LocatieFactory(wijk=WijkFactory()), LocatieFactory()])
    activiteit.wijken.add(WijkFactory(), WijkFactory())
    for weekday in range(1, 6):
        TijdslotFactory(activiteit=activiteit, weekday=weekday, locatie=activiteit.locaties.first())
    for days in range(1, 10):
        BijeenkomstFactory(activiteit=activiteit, starts_at=local(days), locatie=activiteit.locaties.first())
    # (+3: the page view counter, SAVEPOINT, INSERT, RELEASE in the test's transaction; one statement in production.)
    with django_assert_max_num_queries(8 + 3):
        assert client.get(activiteit.get_absolute_url()).status_code == 200


# ---------------------------------------------------------------------------
# iCalendar
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_activity_ics_has_weekly_rules_and_dated_events(client):
    activiteit = ActiviteitFactory(title="Wandelgroep", locaties=[LocatieFactory(name="De Bron")])
    slot = TijdslotFactory(activiteit=activiteit, weekday=2, starts_at="10:00", ends_at="12:00")
    event = BijeenkomstFactory(activiteit=activiteit, starts_at=local(10, 14), locatie=activiteit.locaties.first())
    BijeenkomstFactory(activiteit=activiteit, starts_at=local(-10, 14))  # past: not in the file
    response = client.get(reverse("socialekaart:activiteit_ics", kwargs={"slug": activiteit.slug}))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content and b"\n" not in response.content.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]

    weekly = next(e for e in events if "RRULE" in e)
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["TU"]
    start = weekly.decoded("DTSTART")
    assert start.isoweekday() == 2 and start.hour == 10 and str(start.tzinfo) == "Europe/Amsterdam"
    assert start.date() >= timezone.localdate()
    assert str(weekly["UID"]) == f"tijdslot-{slot.pk}@omzien.socialekaart"
    assert "DTSTAMP" in weekly and str(weekly["SUMMARY"]) == "Wandelgroep"

    dated = next(e for e in events if "RRULE" not in e)
    assert dated.decoded("DTSTART") == event.starts_at
    assert dated.decoded("DTEND") == event.ends_at
    assert str(dated["UID"]) == f"bijeenkomst-{event.pk}@omzien.socialekaart"
    assert "De Bron" in str(dated["LOCATION"])

    again = icalendar.Calendar.from_ical(
        client.get(reverse("socialekaart:activiteit_ics", kwargs={"slug": activiteit.slug})).content
    )
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events)


@pytest.mark.django_db
def test_the_agenda_feed_has_the_events_of_the_next_90_days(client):
    soon = BijeenkomstFactory(starts_at=local(5), activiteit=ActiviteitFactory(title="Lezing"))
    BijeenkomstFactory(starts_at=local(120))
    BijeenkomstFactory(starts_at=local(-2))
    BijeenkomstFactory(starts_at=local(3), activiteit=ActiviteitFactory(concept=True))
    response = client.get(reverse("socialekaart:agenda_ics"))
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"bijeenkomst-{soon.pk}@omzien.socialekaart"]
    assert str(events[0]["SUMMARY"]) == "Lezing"
    assert str(events[0]["URL"]).endswith(soon.activiteit.get_absolute_url())


@pytest.mark.django_db
def test_the_agenda_feed_has_recurring_times_as_rrules_with_their_end_and_exceptions(client):
    from socialekaart.models import Uitzondering

    today = timezone.localdate()
    wijk = WijkFactory()
    monthly = ActiviteitFactory(title="Soos", locaties=[LocatieFactory(wijk=wijk)])
    slot = TijdslotFactory(activiteit=monthly, weekday=5, freq="MONTHLY", bysetpos=-1, starts_at="14:00",
                           ends_at="16:00", until=today + timedelta(days=200))  # fmt: skip
    biweekly = ActiviteitFactory(title="Om de week", locaties=[LocatieFactory(wijk=wijk)])
    TijdslotFactory(activiteit=biweekly, weekday=2, interval=2, valid_from=today)
    summer = Uitzondering.objects.create(
        activiteit=biweekly, starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=50)
    )
    TijdslotFactory(activiteit=ActiviteitFactory(title="Voorbij"), weekday=2, until=today - timedelta(days=1))
    TijdslotFactory(activiteit=ActiviteitFactory(title="Elders"), weekday=3)
    events = icalendar.Calendar.from_ical(
        client.get(reverse("socialekaart:agenda_ics"), {"wijk": wijk.pk}).content
    ).walk("VEVENT")
    by_title = {str(event["SUMMARY"]): event for event in events}
    assert set(by_title) == {"Soos", "Om de week"}

    soos = by_title["Soos"]
    assert str(soos["UID"]) == f"tijdslot-{slot.pk}@omzien.socialekaart"
    assert soos["RRULE"]["FREQ"] == ["MONTHLY"] and soos["RRULE"]["BYDAY"] == ["-1FR"]
    first = soos.decoded("DTSTART")
    assert first.isoweekday() == 5 and (first + timedelta(days=7)).month != first.month and first.hour == 14
    until = soos["RRULE"]["UNTIL"][0]
    assert timezone.localtime(until).date() == today + timedelta(days=200)

    fortnightly = by_title["Om de week"]
    assert fortnightly["RRULE"]["INTERVAL"] == [2] and fortnightly["RRULE"]["BYDAY"] == ["TU"]
    exdates = [value.dt.date() for exdate in [fortnightly["EXDATE"]] for value in exdate.dts]
    assert exdates and all(summer.starts_on <= day <= summer.ends_on and day.isoweekday() == 2 for day in exdates)
    anchor = fortnightly.decoded("DTSTART").date()
    assert all((day - anchor).days % 14 == 0 for day in exdates)


# ---------------------------------------------------------------------------
# Agenda
# ---------------------------------------------------------------------------
def agenda_titles(response) -> list[list[str]]:
    return [[event.title for event in day["events"]] for day in response.context["days"]]


def all_titles(response) -> list[str]:
    return [title for day in agenda_titles(response) for title in day]


@pytest.mark.django_db
def test_the_agenda_shows_every_day_of_the_week_with_dated_events_in_order(client):
    public = ActiviteitFactory()
    BijeenkomstFactory(activiteit=public, starts_at=local(4, 14), title="Later")
    first = BijeenkomstFactory(activiteit=public, starts_at=local(1, 10), title="Eerst")
    same_day = BijeenkomstFactory(activiteit=public, starts_at=local(1, 15), title="Dezelfde dag")
    BijeenkomstFactory(activiteit=public, starts_at=local(-1), title="Gisteren")
    BijeenkomstFactory(activiteit=public, starts_at=local(8), title="Over acht dagen")
    BijeenkomstFactory(activiteit=ActiviteitFactory(stale=True), starts_at=local(2), title="Verouderd")
    response = client.get(reverse("socialekaart:agenda"))
    days = response.context["days"]
    assert [day["day"] for day in days] == [timezone.localdate() + timedelta(days=n) for n in range(7)]
    assert agenda_titles(response)[1] == ["Eerst", "Dezelfde dag"] and agenda_titles(response)[4] == ["Later"]
    assert sum(map(len, agenda_titles(response))) == 3
    assert days[1]["day"] == first.starts_at.date()
    html = response.content.decode()
    assert "Gisteren" not in html and "Verouderd" not in html and "Over acht dagen" not in html
    assert same_day.activiteit.get_absolute_url() in html
    response = client.get(reverse("socialekaart:agenda"), {"van": (timezone.localdate() + timedelta(days=7))})
    assert all_titles(response) == ["Over acht dagen"]


@pytest.mark.django_db
def test_the_agenda_has_every_session_of_recurring_times_that_week(client):
    """The bug of issue 14: weekly activities were missing, a citizen saw an empty Friday."""
    today = timezone.localdate()
    friday = today + timedelta(days=(5 - today.isoweekday()) % 7 or 7)  # a Friday in the coming week, not today
    for n in range(10):
        TijdslotFactory(activiteit=ActiviteitFactory(title=f"Vrijdag {n}"), weekday=5, starts_at=f"{9 + n}:00",
                        ends_at=f"{10 + n}:00")  # fmt: skip
    TijdslotFactory(activiteit=ActiviteitFactory(title="Concept", concept=True), weekday=5)
    TijdslotFactory(activiteit=ActiviteitFactory(title="Afgelopen"), weekday=5, until=today - timedelta(days=1))
    response = client.get(reverse("socialekaart:agenda"), {"van": friday})
    by_day = {day["day"]: [event.title for event in day["events"]] for day in response.context["days"]}
    assert by_day[friday] == [f"Vrijdag {n}" for n in range(10)]
    assert [title for titles in by_day.values() for title in titles] == by_day[friday]
    line = response.context["days"][0]["events"][0]
    assert line.starts_at.hour == 9 and line.how_often == "elke vrijdag"
    assert "Vrijdag 9" in response.content.decode() and "(elke vrijdag)" in response.content.decode()


@pytest.mark.django_db
def test_the_agenda_skips_exceptions_respects_end_dates_and_monthly_rules(client):
    from socialekaart.models import Uitzondering

    today = timezone.localdate()
    monday = today + timedelta(days=(1 - today.isoweekday()) % 7 or 7)
    weekly = ActiviteitFactory(title="Elke maandag")
    TijdslotFactory(activiteit=weekly, weekday=1)
    Uitzondering.objects.create(activiteit=weekly, starts_on=monday + timedelta(days=7), ends_on=monday + timedelta(14))
    TijdslotFactory(activiteit=ActiviteitFactory(title="Stopt"), weekday=1, until=monday + timedelta(days=7))
    TijdslotFactory(
        activiteit=ActiviteitFactory(title="Om de week"), weekday=1, interval=2, valid_from=monday + timedelta(7)
    )
    TijdslotFactory(activiteit=ActiviteitFactory(title="Laatste maandag"), weekday=1, freq="MONTHLY", bysetpos=-1)
    seen = {}
    for week in range(4):
        start = monday + timedelta(weeks=week)
        response = client.get(reverse("socialekaart:agenda"), {"dag": start.isoformat()})
        seen[start] = {event.title for day in response.context["days"] for event in day["events"]}
    assert [("Elke maandag" in titles) for titles in seen.values()] == [True, False, False, True]
    assert [("Stopt" in titles) for titles in seen.values()] == [True, True, False, False]
    assert [("Om de week" in titles) for titles in seen.values()] == [False, True, False, True]
    for day, titles in seen.items():
        assert ("Laatste maandag" in titles) == ((day + timedelta(days=7)).month != day.month)


@pytest.mark.django_db
def test_the_agenda_filters_by_wijk_and_ignores_an_unknown_wijk(client):
    wijk = WijkFactory()
    here = BijeenkomstFactory(locatie=LocatieFactory(wijk=wijk), title="Hier", starts_at=local(1))
    served = ActiviteitFactory(title="Huisbezoek")
    served.wijken.add(wijk)
    BijeenkomstFactory(activiteit=served, title="Huisbezoekdag", starts_at=local(2))
    TijdslotFactory(activiteit=served, weekday=(timezone.localdate() + timedelta(days=3)).isoweekday())
    BijeenkomstFactory(locatie=LocatieFactory(wijk=WijkFactory()), title="Elders", starts_at=local(2))
    TijdslotFactory(activiteit=ActiviteitFactory(title="Elders elke week"), weekday=timezone.localdate().isoweekday())
    response = client.get(reverse("socialekaart:agenda"), {"wijk": wijk.pk})
    assert set(all_titles(response)) == {here.title, "Huisbezoekdag", "Huisbezoek"}
    assert f"/agenda.ics?wijk={wijk.pk}" in response.content.decode()
    response = client.get(reverse("socialekaart:agenda"), {"wijk": "onzin", "van": "1999-01-01"})
    assert response.status_code == 200
    assert response.context["count"] >= 4 and response.context["start"] == timezone.localdate()


@pytest.mark.django_db
def test_the_agenda_limits_a_day_and_pages_through_a_whole_day(client, django_assert_max_num_queries):
    day = timezone.localdate() + timedelta(days=2)
    for n in range(60):
        TijdslotFactory(
            activiteit=ActiviteitFactory(title=f"Activiteit {n:02d}"),
            weekday=day.isoweekday(),
            locatie=LocatieFactory(wijk=WijkFactory()),
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("socialekaart:agenda"))
    busy = response.context["days"][2]
    assert busy["count"] == 60 and len(busy["events"]) == 15 and busy["more"] == 45
    assert f"?dag={day.isoformat()}" in response.content.decode()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("socialekaart:agenda"), {"dag": day.isoformat()})
    assert len(response.context["days"][0]["events"]) == 50
    assert "pagina=2" in response.content.decode()
    response = client.get(reverse("socialekaart:agenda"), {"dag": day.isoformat(), "pagina": 2})
    assert [event.title for event in response.context["days"][0]["events"]][-1] == "Activiteit 59"


# ---------------------------------------------------------------------------
# The booklet
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_booklet_starts_with_a_choice(client):
    response = client.get(reverse("socialekaart:booklet"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="wijk"' in html and 'name="voor"' in html
    assert "activities" not in response.context


@pytest.mark.django_db
def test_the_booklet_lists_the_activities_of_a_wijk_and_target_group(client, django_assert_max_num_queries):
    Meldpunt.objects.create(gemeente=GemeenteFactory(), name="Meldpunt", phone="0546 000 111", email="m@example.org")
    wijk = WijkFactory(name="Den Ham")
    for n in range(12):
        activiteit = ActiviteitFactory(
            title=f"Voor ouderen {n:02d}", target_groups=["ouderen"], locaties=[LocatieFactory(wijk=wijk)]
        )
        TijdslotFactory(activiteit=activiteit)
    ActiviteitFactory(title="Voor iedereen", target_groups=["iedereen"], locaties=[LocatieFactory(wijk=wijk)])
    ActiviteitFactory(title="Voor jongeren", target_groups=["jongeren"], locaties=[LocatieFactory(wijk=wijk)])
    ActiviteitFactory(title="Elders", target_groups=["ouderen"], locaties=[LocatieFactory(wijk=WijkFactory())])
    ActiviteitFactory(title="Concept", concept=True, target_groups=["ouderen"], locaties=[LocatieFactory(wijk=wijk)])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("socialekaart:booklet"), {"wijk": wijk.pk, "voor": "ouderen"})
    listed = [activiteit.title for activiteit in response.context["activities"]]
    assert listed == ["Voor iedereen", *[f"Voor ouderen {n:02d}" for n in range(12)]]
    html = response.content.decode()
    assert "Activiteiten in Den Ham voor ouderen" in html
    assert "0546 000 111" in html
    assert timezone.localdate().strftime("%Y") in html and "Afgedrukt op" in html


@pytest.mark.django_db
def test_the_booklet_ignores_unknown_choices(client):
    ActiviteitFactory(title="Koffie")
    response = client.get(reverse("socialekaart:booklet"), {"wijk": "x", "voor": "y"})
    assert response.status_code == 200
    assert [a.title for a in response.context["activities"]] == ["Koffie"]
    assert "Activiteiten in alle wijken en kernen voor alle doelgroepen" in response.content.decode()
