"""Base pages: Dutch error pages, navigation per role, the language switch."""

import pytest
from django.test import Client
from django.urls import reverse

from coalition.models import Role
from meldpunt.models import Meldpunt
from tests.factories import GemeenteFactory, OrganisatieFactory, UserFactory


@pytest.mark.django_db
def test_an_unknown_address_shows_a_dutch_404(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_page_shows_a_dutch_403(client, login, partner):
    login(partner)
    response = client.get(reverse("meldpunt:index"))

    assert response.status_code == 403
    assert "Deze pagina is niet voor u" in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_shows_a_dutch_500_that_needs_no_database(settings):
    settings.ROOT_URLCONF = "tests.urls_that_fail"
    client = Client(raise_request_exception=False)

    response = client.get("/kapot/")

    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "menu"),
    [
        (Role.MEDEWERKER, ["Meldpunt", "Wat werkt", "Monitor"]),
        (Role.PARTNER, ["Mijn organisaties", "Verwijzingen", "Signaal doorgeven", "Mijn aanvragen", "Onze cijfers"]),
        (Role.AANVRAGER, ["Mijn aanvragen"]),
        (Role.COMMISSIELID, ["Subsidiecommissie"]),
        (Role.STUURGROEP, ["Monitor"]),
        (
            Role.COORDINATOR,
            [
                "Meldpunt",
                "Wat werkt",
                "Mijn organisaties",
                "Beoordelen",
                "Sociale kaart: inzicht",
                "Onvervulde vragen",  # what the meldpunt looked for and did not find: next to the search gaps
                "Subsidies beheren",
                "Monitor",
                "Beheer",
            ],
        ),
        (Role.FUNCTIONARIS, ["Auditlog"]),  # the meldpunt's audit log
        (Role.BEHEERDER, ["Beheer"]),
    ],
)
def test_each_role_sees_its_own_menu(client, login, role, menu):
    login(UserFactory(role=role))

    response = client.get(reverse("coalition:start"))

    assert [item["label"] for item in response.context["nav_items"]] == menu


@pytest.mark.django_db
def test_the_language_switch_turns_the_pages_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to content" in response.content.decode()

    response = client.post(reverse("set_language"), {"language": "nl", "next": "/"}, follow=True)
    assert '<html lang="nl">' in response.content.decode()
    assert "Direct naar de inhoud" in response.content.decode()


@pytest.mark.django_db
def test_a_medewerker_sees_the_meldpunten_they_work_for(client, login, medewerker, django_assert_max_num_queries):
    gemeente = GemeenteFactory(name="Twenterand")
    meldpunt = Meldpunt.objects.create(
        gemeente=gemeente, name="Meldpunt Eenzaamheid Twenterand", phone="0546 000 000", email="m@example.org"
    )
    meldpunt.staff.add(medewerker)
    login(medewerker)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("meldpunt:index"))

    assert "Meldpunt Eenzaamheid Twenterand" in response.content.decode()


@pytest.mark.django_db
def test_a_medewerker_without_a_meldpunt_is_told_what_to_do(client, login, medewerker):
    login(medewerker)

    response = client.get(reverse("meldpunt:index"))

    assert "nog aan geen meldpunt gekoppeld" in response.content.decode()


@pytest.mark.django_db
def test_a_partner_sees_only_their_own_organisations(client, login, django_assert_max_num_queries):
    own = OrganisatieFactory(name="Bibliotheek Twenterand")
    OrganisatieFactory(name="Andere organisatie")
    partner = UserFactory(role=Role.PARTNER, organisaties=[own])
    login(partner)

    with django_assert_max_num_queries(9):  # partners pass a second factor: its device is read too
        response = client.get(reverse("socialekaart:partner_index"))

    page = response.content.decode()
    assert "Bibliotheek Twenterand" in page
    assert "Andere organisatie" not in page


@pytest.mark.django_db
def test_a_coordinator_pages_through_all_organisations(client, login, coordinator, django_assert_max_num_queries):
    OrganisatieFactory.create_batch(30)
    login(coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("socialekaart:partner_index"), {"pagina": 2})

    assert len(response.context["page"].object_list) == 5
    assert "Pagina 2 van 2" in response.content.decode()
