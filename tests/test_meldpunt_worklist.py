"""The worklist at /meldpunt/: lists with counts, search, only the user's own meldpunten, paging, few queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.queries.worklist import worklist, worklist_counts
from tests.factories import MeldingFactory, MeldpuntFactory, UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

URL = reverse("meldpunt:index")


@pytest.fixture
def meldpunt(medewerker):
    return MeldpuntFactory(staff=[medewerker])


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def numbers(response) -> list[str]:
    return [melding.number for melding in response.context["page"].object_list]


def test_staff_of_no_meldpunt_are_told_what_to_do(login, medewerker):
    response = login(medewerker).get(URL)
    assert response.status_code == 200
    assert "U bent nog aan geen meldpunt gekoppeld" in response.content.decode()
    assert "Vraag de beheerder" in response.content.decode()


def test_only_cases_of_the_users_own_meldpunten(login, medewerker, meldpunt):
    own = MeldingFactory(meldpunt=meldpunt)
    other = MeldingFactory()  # another meldpunt

    response = login(medewerker).get(URL, {"lijst": "open"})

    assert numbers(response) == [own.number]
    assert other.number not in response.content.decode()
    assert login(medewerker).get(URL, {"q": other.number}).context["page"].paginator.count == 0


def test_the_lists_and_their_counts(login, medewerker, meldpunt):
    collega = UserFactory(role=Role.MEDEWERKER)
    meldpunt.staff.add(collega)
    new = MeldingFactory(meldpunt=meldpunt, received_at=days_ago(1))
    overdue = MeldingFactory(meldpunt=meldpunt, received_at=days_ago(20))
    mine = MeldingFactory(meldpunt=meldpunt, status="in_behandeling", owner=medewerker, first_contact_at=days_ago(2))
    theirs = MeldingFactory(meldpunt=meldpunt, status="in_behandeling", owner=collega, first_contact_at=days_ago(2))
    waiting = MeldingFactory(
        meldpunt=meldpunt, status="wacht_op_partner", owner=medewerker, first_contact_at=days_ago(3)
    )
    closed = MeldingFactory(meldpunt=meldpunt, closed=True, first_contact_at=days_ago(30))
    suspect = MeldingFactory(meldpunt=meldpunt, received_at=days_ago(20), pending_check=True)  # on no other list
    client = login(medewerker)

    expected = {
        "nieuw": {new, overdue},
        "mijn": {mine, waiting},
        "te-laat": {overdue},
        "wacht": {waiting},
        "open": {new, overdue, mine, theirs, waiting},
        "gesloten": {closed},
        "eerst-nakijken": {suspect},
    }
    for view, cases in expected.items():
        response = client.get(URL, {"lijst": view})
        assert set(numbers(response)) == {m.number for m in cases}, view
        tabs = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
        assert tabs == {key: len(value) for key, value in expected.items()}
    assert worklist_counts(medewerker) == {key: len(value) for key, value in expected.items()}


def test_new_cases_show_acute_and_high_first_then_the_longest_waiting(login, medewerker, meldpunt):
    old = MeldingFactory(meldpunt=meldpunt, received_at=days_ago(3))
    recent_acute = MeldingFactory(meldpunt=meldpunt, urgency="acuut", received_at=days_ago(0))
    recent_high = MeldingFactory(meldpunt=meldpunt, urgency="hoog", received_at=days_ago(0))
    older_high = MeldingFactory(meldpunt=meldpunt, urgency="hoog", received_at=days_ago(1))
    newest = MeldingFactory(meldpunt=meldpunt, received_at=days_ago(0))

    response = login(medewerker).get(URL)  # "Nieuw en zonder eigenaar" is the default list

    assert response.context["view"] == "nieuw"
    assert numbers(response) == [m.number for m in (recent_acute, older_high, recent_high, old, newest)]


def test_overdue_shows_the_oldest_first_with_a_marker(login, medewerker, meldpunt):
    older = MeldingFactory(meldpunt=meldpunt, received_at=days_ago(30))
    old = MeldingFactory(meldpunt=meldpunt, received_at=days_ago(10))
    MeldingFactory(meldpunt=meldpunt, received_at=days_ago(0))

    response = login(medewerker).get(URL, {"lijst": "te-laat"})

    assert numbers(response) == [older.number, old.number]
    assert all(melding.overdue for melding in response.context["page"].object_list)
    assert response.content.decode().count("te laat</span>") == 2


@pytest.mark.parametrize(
    "q", ["ME-2026-00123", "me-2026-00123", "2026-123", "123", "00123", "ME 2026 00123", " ME-2026-00123 "]
)
def test_search_by_number(login, medewerker, meldpunt, q):
    wanted = MeldingFactory(meldpunt=meldpunt, number="ME-2026-00123")
    MeldingFactory(meldpunt=meldpunt, number="ME-2026-01234")
    MeldingFactory(meldpunt=meldpunt, number="ME-2026-00012")

    response = login(medewerker).get(URL, {"q": q})

    assert numbers(response) == [wanted.number]


@pytest.mark.parametrize("q", ["jansen", "JANSEN", "Mevrouw Jans", "jans", "Jänsen", "mev jan"])
def test_search_by_the_start_of_words_of_the_name_ignores_capitals(login, medewerker, meldpunt, q):
    wanted = MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen")
    MeldingFactory(meldpunt=meldpunt, person_name="Meneer De Vries")
    assert numbers(login(medewerker).get(URL, {"q": q})) == [wanted.number]


@pytest.mark.parametrize("q", ["7511AB", "7511 ab", "7511  AB", "7511"])
def test_search_by_postcode_with_any_spacing(login, medewerker, meldpunt, q):
    wanted = MeldingFactory(meldpunt=meldpunt, person_postcode="7511AB")
    MeldingFactory(meldpunt=meldpunt, person_postcode="7512AB")
    assert numbers(login(medewerker).get(URL, {"q": q})) == [wanted.number]


def test_search_looks_through_closed_cases_too_and_a_list_narrows_it(login, medewerker, meldpunt):
    open_case = MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen")
    closed = MeldingFactory(meldpunt=meldpunt, person_name="Meneer Jansen", closed=True)
    client = login(medewerker)

    assert set(numbers(client.get(URL, {"q": "jansen"}))) == {open_case.number, closed.number}
    assert numbers(client.get(URL, {"q": "jansen", "lijst": "gesloten"})) == [closed.number]


def test_a_search_without_results_says_how_to_search(login, medewerker, meldpunt):
    MeldingFactory(meldpunt=meldpunt)
    response = login(medewerker).get(URL, {"q": "niemand"})
    assert "Geen meldingen gevonden" in response.content.decode()
    assert "alleen het volgnummer" in response.content.decode()


def test_empty_lists_say_what_to_do_next(login, medewerker, meldpunt):
    response = login(medewerker).get(URL, {"lijst": "mijn"})
    assert "Ik pak hem op" in response.content.decode()


@pytest.mark.parametrize("q", ["x" * 10_000, "🙂' OR 1=1 --", "%", "_"])
def test_odd_searches_find_nothing_and_break_nothing(login, medewerker, meldpunt, q):
    MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen")
    response = login(medewerker).get(URL, {"q": q, "pagina": "x", "lijst": "onzin"})
    assert response.status_code == 200
    assert numbers(response) == []


def test_a_nul_byte_in_the_search_is_a_bad_request(login, medewerker, meldpunt):
    MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen")
    assert login(medewerker).get(URL, {"q": "Jan\x00sen"}).status_code == 400


def test_a_row_shows_what_staff_need(login, medewerker, meldpunt):
    wijk = WijkFactory(gemeente=meldpunt.gemeente, name="Het Centrum")
    follow_up = timezone.localdate() + timedelta(days=3)
    MeldingFactory(
        meldpunt=meldpunt,
        person_name="",
        wijk=wijk,
        urgency="hoog",
        status="in_behandeling",
        owner=medewerker,
        follow_up_on=follow_up,
        first_contact_at=days_ago(1),
    )
    html = login(medewerker).get(URL, {"lijst": "mijn"}).content.decode()
    for text in (
        "onbekend",
        "Het Centrum",
        "Hoog",
        "In behandeling",
        "Mila Medewerker",
        follow_up.strftime("%d-%m-%Y"),
    ):
        assert text in html


def test_the_list_is_paged_and_keeps_the_list_and_search(login, medewerker, meldpunt):
    for _ in range(30):
        MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen")
    client = login(medewerker)

    first = client.get(URL, {"lijst": "open", "q": "jansen"})
    second = client.get(URL, {"lijst": "open", "q": "jansen", "pagina": 2})

    assert len(numbers(first)) == 25 and len(numbers(second)) == 5
    assert not set(numbers(first)) & set(numbers(second))
    assert "pagina=2" in first.content.decode() and "lijst=open" in first.content.decode()
    assert "q=jansen" in first.content.decode().split("pagina=2")[0].rsplit("href", 1)[1]


def test_the_worklist_takes_few_queries_however_many_cases(login, medewerker, meldpunt, django_assert_max_num_queries):
    wijk = WijkFactory(gemeente=meldpunt.gemeente)
    owners = [medewerker, UserFactory(role=Role.MEDEWERKER), UserFactory(role=Role.COORDINATOR)]
    meldpunt.staff.add(*owners[1:])
    for n in range(36):
        MeldingFactory(
            meldpunt=meldpunt,
            wijk=wijk,
            owner=owners[n % 3] if n % 2 else None,
            received_at=days_ago(n),
            status=["nieuw", "in_behandeling", "wacht_op_partner"][n % 3],
        )
    client = login(medewerker)
    for params in ({}, {"lijst": "open"}, {"lijst": "te-laat"}, {"q": "jansen"}, {"lijst": "open", "pagina": 2}):
        with django_assert_max_num_queries(15):
            response = client.get(URL, params)
        assert response.status_code == 200


def test_worklist_query_function_sorts_the_list(medewerker, meldpunt):
    later = MeldingFactory(
        meldpunt=meldpunt, status="wacht_op_partner", follow_up_on=timezone.localdate() + timedelta(5)
    )
    sooner = MeldingFactory(meldpunt=meldpunt, status="wacht_op_partner", follow_up_on=timezone.localdate())
    none = MeldingFactory(meldpunt=meldpunt, status="wacht_op_partner")
    assert list(worklist(medewerker, "wacht")) == [sooner, later, none]


def test_only_meldpunt_staff_roles_open_the_worklist(login, partner):
    assert login(partner).get(URL).status_code == 403
