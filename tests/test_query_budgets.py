"""Exact query counts of the key pages: a ratchet (as zulip and healthchecks keep them). Each count is a list of the
queries the page makes, so a change that adds one (a query per row, a forgotten select_related) fails here and says
which; a change that saves one lowers the number here. Every page is filled with several rows of everything it lists,
so a query per row would show as more than one extra query.

The pages are opened once before counting: the first visit fills the cache of the meldpunten's public phone numbers
(base.html) and, for the search, the vocabulary of public words; a cold cache costs one query more each.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.models import Toestemming
from meldpunt.services import casefile, referrals
from tests.factories import (
    ActiviteitFactory,
    BijeenkomstFactory,
    GebeurtenisFactory,
    LocatieFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    SignaalFactory,
    TijdslotFactory,
    UserFactory,
    VerwijzingFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(medewerker):
    """A meldpunt with three cases (signals, timeline lines, a correction, a step plan), a partner organisation with
    five public activities (places, weekly times, coming dates) and three referrals to it."""
    wijk = WijkFactory(name="Oost")
    organisatie = OrganisatieFactory(name="Welzijn Oost")
    partner = UserFactory(role=Role.PARTNER, organisaties=[organisatie])
    collega = UserFactory(role=Role.COORDINATOR)
    meldpunt = MeldpuntFactory(gemeente=wijk.gemeente, staff=[medewerker, collega])
    activities = []
    for n in range(5):
        activiteit = ActiviteitFactory(
            organisatie=organisatie, title=f"Koffie-uur {n}", summary="Koffie en een praatje"
        )
        activiteit.locaties.set([LocatieFactory(organisatie=organisatie, wijk=wijk)])
        activiteit.wijken.set([wijk])
        TijdslotFactory(activiteit=activiteit, weekday=n % 7 + 1)
        BijeenkomstFactory(activiteit=activiteit, starts_at=timezone.now() + timedelta(days=n + 1))
        activities.append(activiteit)
    cases = []
    for n in range(3):
        melding = MeldingFactory(
            meldpunt=meldpunt, owner=medewerker, wijk=wijk, person_name=f"Mevrouw {n}", person_birth_year=1940
        )
        SignaalFactory.create_batch(2, melding=melding)
        for line in range(6):
            GebeurtenisFactory(melding=melding, author=[medewerker, collega, None][line % 3], text=f"Regel {line}")
        casefile.record_step(melding, "bespreekbaar", "ja", timezone.localdate(), "", by=medewerker)
        cases.append(melding)
    casefile.correct_entry(cases[0].tijdlijn.first(), "Correctie", by=collega)
    verwijzingen = [
        VerwijzingFactory(melding=melding, organisatie=organisatie, activiteit=activities[n], consent=True,
                          share_contact=True)
        for n, melding in enumerate(cases)
    ]  # fmt: skip
    referrals.accept(verwijzingen[0], by=partner)
    return {"partner": partner, "cases": cases, "activities": activities, "verwijzingen": verwijzingen, "wijk": wijk}


def count(client, url, django_assert_num_queries, expected: int, **params):
    client.get(url, params)  # warm the caches (see the module's docstring)
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


# ---------------------------------------------------------------------------
# Citizens (anonymous: no session, no user). The public pages registered with registry.add_counted_page add one to
# the day's view counter (coalition.middleware.PageViewMiddleware): one INSERT … ON CONFLICT, which inside the
# test's transaction gets its own savepoint, so three statements here (SAVEPOINT, INSERT, RELEASE); one in production.
# ---------------------------------------------------------------------------
PAGE_VIEW = 3


def test_the_home_page_takes_one_query_beside_the_view_count(client, town, django_assert_num_queries):
    # 1. the wijken for the search form's filter (with their gemeente)
    count(client, "/", django_assert_num_queries, 1 + PAGE_VIEW)


def test_a_search_with_results_takes_three_queries_beside_the_view_count(client, town, django_assert_num_queries):
    # 1. the wijken for the filter
    # 2. the ids of the matching activities, ranked, with the total (count(*) OVER ())
    # 3. the rows of this page: one raw query with places, wijken, times and the next date as arrays
    response = count(client, "/activiteiten/", django_assert_num_queries, 3 + PAGE_VIEW, q="koffie")
    assert response.content.decode().count("Koffie-uur") >= 5


def test_an_activity_page_takes_six_queries_beside_the_view_count(client, town, django_assert_num_queries):
    # 1. the activity with its organisation  2. its places (with their wijk)  3. the wijken it serves
    # 4. its recurring times (with their place)  5. its coming dates  6. its coming exceptions
    count(client, town["activities"][0].get_absolute_url(), django_assert_num_queries, 6 + PAGE_VIEW)


def test_the_agenda_takes_five_queries_beside_the_view_count(client, town, django_assert_num_queries):
    # 1. the wijken for the filter  2. today's longest session (an index lookup: what has certainly ended)  3. the
    # keys of each day's dated events and recurring sessions in time order, up to the count's cap (one UNION ALL;
    # queries.public.agenda_week)  4. what the first events show: activity and place  5. what the first recurring
    # sessions show
    response = count(client, "/agenda/", django_assert_num_queries, 5 + PAGE_VIEW)
    assert response.content.decode().count("Koffie-uur") >= 5


def test_the_report_form_takes_one_query_beside_the_view_count(client, town, django_assert_num_queries):
    # 1. the meldpunten to choose from (with their gemeente)
    count(client, "/melden/", django_assert_num_queries, 1 + PAGE_VIEW)


def test_the_hsds_api_takes_two_queries_per_page(client, town, django_assert_num_queries):
    # 1. the number of public services  2. this page's services with their organisation
    count(client, reverse("socialekaart:api_services"), django_assert_num_queries, 2)


# From the page cache (coalition/pagecache.py; off in the other tests here): a second anonymous visit reads no
# data at all, only the view count remains (and, after the commit, the search log's one INSERT for a search).
@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("home", "/", PAGE_VIEW),
        ("search", "/activiteiten/?q=koffie", PAGE_VIEW),
        ("activity", None, PAGE_VIEW),
        ("agenda", "/agenda/", PAGE_VIEW),
        ("api", "/api/hsds/services/", 0),
    ],
)
def test_a_public_page_from_the_page_cache_takes_only_the_view_count(
    settings, client, town, django_assert_num_queries, name, url, expected
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    response = count(client, url or town["activities"][0].get_absolute_url(), django_assert_num_queries, expected)
    assert response.page_cache_hit


# ---------------------------------------------------------------------------
# Meldpunt staff: every page reads the session, the user and the second factor's device, and saves the session
# (its expiry moves on: the idle time-out), which is three statements (SAVEPOINT, UPDATE, RELEASE).
# ---------------------------------------------------------------------------
STAFF_SESSION = 3 + 3
# Writing audit lines (meldpunt.services.audit): the hash chain's lock, its last line, and one INSERT for the lines.
AUDIT_LINES = 3


def test_the_worklist_takes_seven_queries_beside_the_session(login, medewerker, town, django_assert_num_queries):
    # 1. the meldpunten of the user (with their gemeente and staff count)
    # 2. the counts of the open lists, in one aggregate  3. the count of closed cases (from its index)
    # 4. this page of cases with owner, wijk and gemeente
    # 5.-7. the audit lines of the names shown (AUDIT_LINES: the chain's lock, its last line, one INSERT)
    response = count(
        login(medewerker), "/meldpunt/", django_assert_num_queries, STAFF_SESSION + 4 + AUDIT_LINES, lijst="mijn"
    )
    assert response.content.decode().count("Mevrouw ") >= 3


def test_the_check_first_list_takes_seven_queries_beside_the_session(
    login, medewerker, town, django_assert_num_queries
):
    # As the worklist: 1. the meldpunten  2. the counts of the open lists (this one too)  3. the closed count
    # 4. this page of cases, with why each waits and what it says from its first signal (two subqueries)
    # 5.-7. the audit lines of the names shown (AUDIT_LINES)
    meldpunt = town["cases"][0].meldpunt
    for n in range(3):
        melding = MeldingFactory(meldpunt=meldpunt, pending_check=True, person_name=f"Spam {n}", signaal=False)
        SignaalFactory.create_batch(2, melding=melding, check_first="Verstuurd binnen 3 seconden.")
    response = count(
        login(medewerker),
        "/meldpunt/",
        django_assert_num_queries,
        STAFF_SESSION + 4 + AUDIT_LINES,
        lijst="eerst-nakijken",
    )
    assert response.content.decode().count("Verstuurd binnen 3 seconden.") == 3


def test_a_worklist_search_counts_its_matches_too(login, medewerker, town, django_assert_num_queries):
    # As the list, and the number of cases that match the words (the page's total)
    count(
        login(medewerker),
        "/meldpunt/",
        django_assert_num_queries,
        STAFF_SESSION + 5 + AUDIT_LINES,
        lijst="alle",
        q="Mevrouw",
    )


def test_the_case_page_takes_ten_queries_beside_the_session(login, medewerker, town, django_assert_num_queries):
    # 1. the case with meldpunt, owner, wijk and merged-into, and as JSON arrays its meldpunt's staff, its step
    #    plan and its referrals
    # 2. may this user open it (staff of its meldpunt)  3. the audit line of this read (and AUDIT_LINES - 1 more)
    # 4. the timeline with authors and corrected lines  5. the signals with organisation and who entered them
    # 6. possible duplicates (same name and year of birth)  7. De Jong Gierveld  8. Positieve Gezondheid
    melding = town["cases"][0]
    url = reverse("meldpunt:case", args=[melding.number])
    count(login(medewerker), url, django_assert_num_queries, STAFF_SESSION + 7 + AUDIT_LINES)


def test_withdrawing_consent_takes_four_queries_beside_the_session(login, medewerker, town, django_assert_num_queries):
    # 1. the case with its meldpunt  2. may this user open it  3. the referral with organisation and activity
    # 4. its consent history with who recorded each line  5.-7. the audit line of this read (AUDIT_LINES)
    verwijzing = town["verwijzingen"][1]
    for how in ("telefonisch", "persoonlijk", "schriftelijk"):
        Toestemming.objects.create(
            verwijzing=verwijzing, kind="gegeven", covers_contact=True, how=how, recorded_by=medewerker
        )
    url = reverse("meldpunt:referral_consent_withdraw", args=[verwijzing.melding.number, verwijzing.pk])
    count(login(medewerker), url, django_assert_num_queries, STAFF_SESSION + 4 + AUDIT_LINES)


def test_the_consent_history_costs_the_case_page_no_query(login, medewerker, town, django_assert_num_queries):
    # The history comes inside the case's JSON array of referrals (queries.referrals.referrals_annotation).
    melding = town["cases"][0]
    verwijzing = town["verwijzingen"][0]
    Toestemming.objects.create(verwijzing=verwijzing, kind="gegeven", covers_contact=True, how="telefonisch")
    referrals.withdraw_consent(verwijzing, "persoonlijk", medewerker, "Aan de balie.")
    url = reverse("meldpunt:case", args=[melding.number])
    response = count(login(medewerker), url, django_assert_num_queries, STAFF_SESSION + 7 + AUDIT_LINES)
    assert "Aan de balie." in response.content.decode()


def test_the_staff_start_page_takes_only_the_session(login, medewerker, town, django_assert_num_queries):
    count(login(medewerker), reverse("coalition:start"), django_assert_num_queries, STAFF_SESSION)


# ---------------------------------------------------------------------------
# Partners: as staff, the session, the user, the second factor's device and the idle time-out's save
# ---------------------------------------------------------------------------
PARTNER_SESSION = STAFF_SESSION


def test_the_partner_inbox_takes_six_queries_beside_the_session(login, town, django_assert_num_queries):
    # 1. the organisations the partner acts for  2. the counts of the three tabs, in one aggregate
    # 3. this page of referrals as plain values (the name only where contact is shared)
    # 4.-6. the audit lines of the names shown (AUDIT_LINES)
    response = count(
        login(town["partner"]),
        reverse("meldpunt:inbox"),
        django_assert_num_queries,
        PARTNER_SESSION + 3 + AUDIT_LINES,
        lijst="lopend",
    )
    assert "Mevrouw 0" in response.content.decode()


def test_a_referral_takes_five_queries_beside_the_session(login, town, django_assert_num_queries):
    # 1. the referral with organisation, activity, the case's wijk and meldpunt, and what consent shares
    # 2. does the partner act for its organisation  3.-5. the audit line of this read (AUDIT_LINES)
    verwijzing = town["verwijzingen"][0]
    url = reverse("meldpunt:inbox_detail", args=[verwijzing.pk])
    count(login(town["partner"]), url, django_assert_num_queries, PARTNER_SESSION + 2 + AUDIT_LINES)


def test_a_partners_organisations_take_two_queries_beside_the_session(login, town, django_assert_num_queries):
    # 1. the number of organisations (for the pages)  2. this page, each with its counts of listings by status
    url = reverse("socialekaart:partner_index")
    count(login(town["partner"]), url, django_assert_num_queries, PARTNER_SESSION + 2)
