"""Unmet needs (issue 15): "Niets passends? Leg vast wat u zocht" on the referral page, and the coördinator's
overview of counts per kind of help and wijk or kern."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from coalition.models import Role
from meldpunt.choices import Status
from meldpunt.models import OnvervuldeVraag
from tests.factories import GemeenteFactory, MeldingFactory, MeldpuntFactory, UserFactory, WijkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    return GemeenteFactory(name="Twenterand")


@pytest.fixture
def vriezenveen(gemeente):
    return WijkFactory(gemeente=gemeente, name="Vriezenveen", kind="kern")


@pytest.fixture
def meldpunt(medewerker, gemeente):
    return MeldpuntFactory(staff=[medewerker], gemeente=gemeente)


@pytest.fixture
def melding(meldpunt, vriezenveen):
    return MeldingFactory(meldpunt=meldpunt, wijk=vriezenveen, status=Status.IN_BEHANDELING, person_name="Mevr. Smit")


def post(client, melding, **data):
    return client.post(reverse("meldpunt:unmet_need_create", args=[melding.number]), data)


def test_the_referral_page_offers_the_form_with_the_cases_kern(client, login, medewerker, melding, vriezenveen):
    login(medewerker)
    page = client.get(reverse("meldpunt:referral_create", args=[melding.number])).content.decode()
    assert "Niets passends? Leg vast wat u zocht" in page
    assert reverse("meldpunt:unmet_need_create", args=[melding.number]) in page
    assert f'<option value="{vriezenveen.pk}" selected>Vriezenveen</option>' in page
    assert "Geen namen" in page


def test_staff_record_what_they_looked_for(client, login, medewerker, melding, vriezenveen):
    login(medewerker)
    response = post(
        client, melding, kind="een-op-een", language="tr", wijk=vriezenveen.pk, note="maatje  om te wandelen"
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/verwijzen/#niets-passends")
    vraag = OnvervuldeVraag.objects.get()
    assert (vraag.meldpunt, vraag.melding, vraag.wijk, vraag.kind, vraag.language, vraag.note, vraag.created_by) == (
        melding.meldpunt,
        melding,
        vriezenveen,
        "een-op-een",
        "tr",
        "maatje om te wandelen",
        medewerker,
    )


def test_an_empty_or_too_long_need_is_refused_with_a_message(client, login, medewerker, melding):
    login(medewerker)
    response = post(client, melding, kind="", language="", note="")
    assert "Vul in wat u zocht" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    response = post(client, melding, note="x" * 201)
    assert "te lang" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not OnvervuldeVraag.objects.exists()


def test_a_wijk_of_another_gemeente_is_not_accepted(client, login, medewerker, melding):
    login(medewerker)
    elsewhere = WijkFactory(gemeente=GemeenteFactory(name="Almelo"), name="Centrum")
    post(client, melding, kind="een-op-een", wijk=elsewhere.pk)
    assert not OnvervuldeVraag.objects.exists()


def test_staff_of_another_meldpunt_are_refused(client, login, melding):
    other = UserFactory(role=Role.MEDEWERKER)
    MeldpuntFactory(staff=[other])
    login(other)
    assert post(client, melding, kind="een-op-een").status_code == 403
    assert not OnvervuldeVraag.objects.exists()


def test_the_coordinator_sees_counts_per_kind_and_kern_and_no_notes_or_cases(
    client, login, coordinator, medewerker, melding, vriezenveen, django_assert_max_num_queries
):
    for _ in range(3):
        OnvervuldeVraag.objects.create(
            meldpunt=melding.meldpunt,
            melding=melding,
            wijk=vriezenveen,
            kind="een-op-een",
            language="tr",
            note="geheim",
        )
    OnvervuldeVraag.objects.create(meldpunt=melding.meldpunt, melding=melding, kind="vervoer", note="rolstoelbus")
    login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meldpunt:unmet_needs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<td>Één-op-één, zoals een maatje of huisbezoek</td><td>Vriezenveen</td><td class="text-end">3</td>' in page
    assert '<td>Vervoer</td><td>onbekend</td><td class="text-end">1</td>' in page
    assert "Turks: 3" in page
    assert "geheim" not in page and "rolstoelbus" not in page and melding.number not in page and "Smit" not in page
    assert reverse("socialekaart:witte_vlekken") in page


def test_the_menu_links_the_overview_for_coordinators_only(client, login, coordinator, medewerker):
    login(coordinator)
    assert reverse("meldpunt:unmet_needs") in client.get(reverse("socialekaart:witte_vlekken")).content.decode()
    login(medewerker)
    assert reverse("meldpunt:unmet_needs") not in client.get(reverse("meldpunt:index")).content.decode()


def test_the_witte_vlekken_page_shows_the_unmet_needs_of_the_chosen_gemeente(client, login, coordinator, melding):
    OnvervuldeVraag.objects.create(meldpunt=melding.meldpunt, melding=melding, kind="vervoer", note="rolstoelbus")
    elsewhere = MeldingFactory()
    WijkFactory(gemeente=elsewhere.meldpunt.gemeente)  # the page offers gemeenten with wijken
    OnvervuldeVraag.objects.create(meldpunt=elsewhere.meldpunt, melding=elsewhere, kind="een-op-een")
    login(coordinator)
    url = reverse("socialekaart:witte_vlekken")

    page = client.get(url).content.decode()
    assert "Wat het meldpunt zocht en niet vond" in page
    assert '<td>Vervoer</td><td>onbekend</td><td class="text-end">1</td>' in page
    assert "rolstoelbus" not in page and melding.number not in page

    page = client.get(url, {"gemeente": elsewhere.meldpunt.gemeente_id}).content.decode()
    assert "<td>Vervoer</td>" not in page
    assert "Één-op-één" in page
