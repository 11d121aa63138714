"""Page views of the public pages, counted per day and page type without cookies or internet addresses
(coalition.middleware.PageViewMiddleware, coalition.services.page_views, coalition.queries.page_views_per_month)."""

import logging
from datetime import date

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coalition import registry
from coalition.models import Paginaweergave
from coalition.queries import MonthlyPageViews, page_views_per_month
from tests.factories import ActiviteitFactory, MeldpuntFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def views() -> dict[tuple[date, str], int]:
    return {(row.day, row.page_type): row.count for row in Paginaweergave.objects.all()}


def today(page_type: str, count: int) -> dict[tuple[date, str], int]:
    return {(timezone.localdate(), page_type): count}


# ---------------------------------------------------------------------------
# What counts
# ---------------------------------------------------------------------------
def test_each_get_of_a_counted_page_adds_one_to_the_days_counter_of_its_type(client):
    activiteit = ActiviteitFactory()

    for _ in range(3):
        assert client.get("/", HTTP_USER_AGENT=FIREFOX).status_code == 200
    client.get(reverse("socialekaart:search"), {"q": "koffie"})
    client.get(activiteit.get_absolute_url())
    client.get(reverse("socialekaart:agenda"))
    client.get(reverse("socialekaart:booklet"))

    assert views() == (
        today("home", 3) | today("zoeken", 1) | today("activiteit", 1) | today("agenda", 1) | today("boekje", 1)
    )
    assert Paginaweergave.objects.count() == 5


def test_the_report_form_counts_when_opened_not_when_sent(client):
    MeldpuntFactory()
    url = reverse("meldpunt:melden")

    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 200  # the form again, with its errors: not a view of the page

    assert views() == today("melden", 1)


def test_a_page_not_found_does_not_count(client):
    stale = ActiviteitFactory(stale=True)

    assert client.get(stale.get_absolute_url()).status_code == 404
    assert client.get("/activiteiten/bestaat-niet/").status_code == 404
    assert client.get("/bestaat-niet/").status_code == 404

    assert views() == {}


def test_pages_that_are_not_registered_do_not_count(client, login, coordinator):
    assert client.get(reverse("socialekaart:agenda_ics")).status_code == 200
    assert client.get(reverse("coalition:health")).status_code == 200
    assert client.get(reverse("socialekaart:api_services")).status_code == 200
    assert login(coordinator).get(reverse("socialekaart:verouderd")).status_code == 200

    assert views() == {}


def test_a_head_request_does_not_count(client):
    assert client.head("/").status_code == 200

    assert views() == {}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "SomeCrawler/1.0",
        "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
    ],
)
def test_a_bot_does_not_count(client, agent):
    assert client.get("/", HTTP_USER_AGENT=agent).status_code == 200

    assert views() == {}


def test_a_visitor_without_a_user_agent_counts(client):
    assert client.get("/", HTTP_USER_AGENT="").status_code == 200

    assert views() == today("home", 1)


# ---------------------------------------------------------------------------
# Nothing about the visitor
# ---------------------------------------------------------------------------
def test_a_counted_visit_sets_no_cookie_of_its_own_and_starts_no_session(client):
    response = client.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="192.0.2.44")

    assert views() == today("home", 1)
    # The only cookie of a public page is the CSRF token of the language form in the footer (strictly necessary:
    # it needs no consent); no session cookie, no session, nothing from the counter.
    assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0


def test_a_counter_holds_the_day_the_page_type_and_the_number_only(client):
    client.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="192.0.2.44")

    assert [field.name for field in Paginaweergave._meta.get_fields()] == ["id", "day", "page_type", "count"]
    row = Paginaweergave.objects.values().get()
    assert "192.0.2.44" not in str(row) and "Firefox" not in str(row)


# ---------------------------------------------------------------------------
# A failing counter never breaks the page
# ---------------------------------------------------------------------------
def test_a_database_error_in_the_counter_is_logged_and_the_page_is_served(client, monkeypatch, caplog):
    # A page type too long for its column: PostgreSQL refuses the INSERT (a real DataError).
    monkeypatch.setitem(registry.registered.counted_pages, "socialekaart:home", "x" * 41)

    with caplog.at_level(logging.WARNING, logger="coalition.middleware"):
        response = client.get("/")

    assert response.status_code == 200
    assert "<h1>Omzien naar elkaar</h1>" in response.content.decode()
    assert "was not counted" in caplog.text
    # The savepoint kept the transaction usable: the next page counts as usual.
    assert client.get(reverse("socialekaart:agenda")).status_code == 200
    assert views() == today("agenda", 1)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_count_is_one_statement(client, django_assert_num_queries):
    client.get("/")  # warm the cache of the footer's phone numbers

    # 1. the wijken for the search form's filter  2. the counter (autocommit: no savepoint)
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200

    assert views() == today("home", 2)


# ---------------------------------------------------------------------------
# The registrations and the monthly read
# ---------------------------------------------------------------------------
def test_the_apps_register_their_public_pages_with_labels():
    assert {
        "socialekaart:home": "home",
        "socialekaart:search": "zoeken",
        "socialekaart:activiteit": "activiteit",
        "socialekaart:agenda": "agenda",
        "socialekaart:booklet": "boekje",
        "meldpunt:melden": "melden",
    }.items() <= registry.registered.counted_pages.items()
    labels = {page_type: str(label) for page_type, label in registry.page_types().items()}
    assert {
        "home": "Startpagina",
        "zoeken": "Zoeken in de sociale kaart",
        "activiteit": "Pagina van een activiteit",
        "agenda": "Agenda",
        "boekje": "Boekje om te printen",
        "melden": "Meldformulier",
    }.items() <= labels.items()
    assert registry.counted_page_type("socialekaart:home") == "home"
    assert registry.counted_page_type("socialekaart:agenda_ics") is None


@pytest.fixture
def counters(db):
    rows = [
        (date(2025, 12, 31), "zoeken", 9),  # before the period
        (date(2026, 1, 5), "zoeken", 3),
        (date(2026, 1, 10), "home", 4),
        (date(2026, 1, 31), "zoeken", 2),
        (date(2026, 2, 1), "zoeken", 1),
        (date(2026, 2, 28), "melden", 6),
        (date(2026, 3, 1), "home", 5),  # the end: not included
    ]
    Paginaweergave.objects.bulk_create(Paginaweergave(day=day, page_type=kind, count=n) for day, kind, n in rows)


def test_page_views_per_month_and_page_type_in_one_query(counters, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = page_views_per_month(date(2026, 1, 1), date(2026, 3, 1))

    assert rows == [
        MonthlyPageViews(date(2026, 1, 1), "home", 4),
        MonthlyPageViews(date(2026, 1, 1), "zoeken", 5),
        MonthlyPageViews(date(2026, 2, 1), "melden", 6),
        MonthlyPageViews(date(2026, 2, 1), "zoeken", 1),
    ]


def test_page_views_per_month_count_only_the_days_in_the_period(counters):
    rows = page_views_per_month(date(2026, 1, 10), date(2026, 2, 28))

    assert [(row.month, row.page_type, row.views) for row in rows] == [
        (date(2026, 1, 1), "home", 4),
        (date(2026, 1, 1), "zoeken", 2),
        (date(2026, 2, 1), "zoeken", 1),
    ]


def test_the_counter_of_a_day_and_page_type_is_unique(counters):
    with pytest.raises(IntegrityError), transaction.atomic():
        Paginaweergave.objects.create(day=date(2026, 1, 5), page_type="zoeken", count=1)


# ---------------------------------------------------------------------------
# The beheerder's read-only list
# ---------------------------------------------------------------------------
def test_the_beheerder_reads_the_counters_with_their_labels(login, beheerder, counters):
    response = login(beheerder).get(reverse("admin:coalition_paginaweergave_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Zoeken in de sociale kaart" in page and "Meldformulier" in page
    assert reverse("admin:coalition_paginaweergave_add") not in page
