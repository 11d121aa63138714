"""The anonymous search log (issue 13): a search counts once per visitor per day, is kept twelve months, and a
search that looks like a name, a phone number, an e-mail address or an address is not stored at all."""

from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coalition.visitors import daily_visitor_hash
from socialekaart import tasks
from socialekaart.models import Zoekvraag
from socialekaart.services.search_log import log_search, personal_data_in, purge_old_searches
from socialekaart.views.public import SEARCH_VISITOR

pytestmark = pytest.mark.django_db

SEARCH = reverse("socialekaart:search")


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A private cache: the shared Redis may hold another test database's vocabulary."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "socialekaart-search-log"}
    }
    from django.core.cache import cache

    cache.clear()


def search(client, q: str, **extra):
    return client.get(SEARCH, {"q": q}, **extra)


# --- Once per visitor per day ----------------------------------------------------------------------------------


def test_a_reload_of_the_same_search_counts_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            search(client, "Wandelen", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
        search(client, "wandelen", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")  # the same, normalised
        search(client, "koffie", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")  # another search
        search(client, "wandelen", REMOTE_ADDR="203.0.113.8", HTTP_USER_AGENT="Firefox")  # another visitor
        search(client, "wandelen", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Safari")  # another browser

    assert sorted(Zoekvraag.objects.values_list("terms", flat=True)) == ["koffie", "wandelen", "wandelen", "wandelen"]
    stored = str(list(Zoekvraag.objects.values()))
    assert "203.0.113" not in stored and "Firefox" not in stored


def test_the_same_visitor_counts_again_the_next_day_and_cannot_be_followed_across_days():
    request = RequestFactory().get(SEARCH, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    hash_today = daily_visitor_hash(request, SEARCH_VISITOR, today)
    hash_tomorrow = daily_visitor_hash(request, SEARCH_VISITOR, tomorrow)

    assert hash_today == daily_visitor_hash(request, SEARCH_VISITOR, today)
    assert hash_today != hash_tomorrow  # the daily salt: yesterday's rows do not point to today's visitor
    assert "203.0.113.7" not in hash_today
    for on, visitor in [(today, hash_today), (today, hash_today), (tomorrow, hash_tomorrow)]:
        log_search(query="wandelen", filters={}, result_count=1, visitor=visitor, on=on)
    assert Zoekvraag.objects.count() == 2


def test_other_filters_are_another_search(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(SEARCH, {"q": "wandelen"})
        client.get(SEARCH, {"q": "wandelen", "gratis": "1"})
        client.get(SEARCH, {"q": "wandelen", "gratis": "1"})

    assert Zoekvraag.objects.count() == 2


# --- Nothing personal ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("mevrouw Jansen", "naam"),
        ("dhr. Smit", "naam"),
        ("Mw Bosman wandelen", "naam"),
        ("J. Jansen", "naam"),
        ("J.P. de Vries", "naam"),
        ("06-12345678", "telefoonnummer"),
        ("06 1234 5678", "telefoonnummer"),
        ("+31 6 12345678", "telefoonnummer"),
        ("0546 840 840", "telefoonnummer"),
        ("0546840840", "telefoonnummer"),
        ("jan.jansen@example.org", "e-mailadres"),
        ("mail jan@", "e-mailadres"),
        ("7671 AB 12", "adres"),
        ("3 7671ab", "adres"),
        ("Kerkstraat 3", "adres"),
    ],
)
def test_a_search_that_looks_personal_is_not_stored(client, django_capture_on_commit_callbacks, query, kind):
    assert personal_data_in(query) == kind
    with django_capture_on_commit_callbacks(execute=True):
        response = search(client, query)

    assert response.status_code == 200  # the citizen still gets their results
    assert not Zoekvraag.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["wandelen", "Samen eten", "koffie 7671", "7671 AB", "jeu de boules", "bingo 2026", "taalcafé", "Vroomshoop"],
)
def test_an_ordinary_search_is_stored(client, django_capture_on_commit_callbacks, query):
    assert personal_data_in(query) == ""
    with django_capture_on_commit_callbacks(execute=True):
        search(client, query)

    assert Zoekvraag.objects.count() == 1


_separator = st.sampled_from(["", " ", "-", ".", "  "])
_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=15)


@st.composite
def phone_numbers(draw) -> str:
    """Dutch phone numbers as people type them: mobile, landline or international, with any separators."""
    prefix = draw(st.sampled_from(["06", "+316", "00316", "+31 6", "0"]))
    digits = draw(st.text(alphabet="0123456789", min_size=8, max_size=9))
    typed = prefix
    for digit in digits:
        typed += draw(_separator) + digit
    return typed


def _embedded(strategy):
    return st.tuples(_words, strategy, _words).map(lambda parts: f"{parts[0]} {parts[1]} {parts[2]}")


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(_embedded(phone_numbers()), _embedded(st.emails()), phone_numbers(), st.emails()))
def test_no_phone_number_or_e_mail_address_is_ever_stored(query):
    log_search(query=query, filters={}, result_count=0, visitor="v" * 32)

    assert not Zoekvraag.objects.exists(), query


# --- Twelve months ---------------------------------------------------------------------------------------------


def test_searches_are_kept_twelve_months_then_deleted_every_night():
    today = date(2026, 6, 15)
    for on in [date(2025, 6, 14), date(2025, 6, 15), date(2026, 1, 1), today]:
        Zoekvraag.objects.create(on=on, terms="wandelen", result_count=1)

    assert django_settings.SOCIALEKAART_SEARCH_RETENTION_MONTHS == 12
    assert purge_old_searches(today) == 1
    assert sorted(Zoekvraag.objects.values_list("on", flat=True)) == [date(2025, 6, 15), date(2026, 1, 1), today]
    assert purge_old_searches(today) == 0  # again: nothing more

    schedule = [entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()]
    assert "socialekaart.tasks.purge_old_searches" in schedule
    Zoekvraag.objects.all().delete()
    Zoekvraag.objects.create(on=timezone.localdate() - timedelta(days=800), terms="oud", result_count=0)
    Zoekvraag.objects.create(on=timezone.localdate(), terms="nieuw", result_count=0)
    assert tasks.purge_old_searches.apply().get() == 1
