"""The open-data API (/api/hsds/): public activities only, paged HSDS-style, valid against the HSDS 3.0 schemas."""

import json
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from socialekaart.hsds import hsds_id
from tests.factories import (
    ActiviteitFactory,
    BijeenkomstFactory,
    LocatieFactory,
    OrganisatieFactory,
    TijdslotFactory,
    WijkFactory,
)

SCHEMAS = Path(__file__).resolve().parent.parent / "socialekaart" / "schemas"

# `uuid` and `email` are checked by jsonschema itself; `uri` and `date-time` need extra packages, so
# they are checked here with the standard library.
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme and (parsed.netloc or parsed.path))


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return True


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


# Per-object schemas refer to each other by bare file name ("organization.json").
REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
    for path in SCHEMAS.glob("*.json")
)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(name), registry=REGISTRY, format_checker=FORMATS)


def errors_of(name: str, instance: dict) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator(name).iter_errors(instance)]


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def get(client, name: str, params=None, **kwargs) -> dict:
    response = client.get(reverse(f"socialekaart:{name}", kwargs=kwargs or None), params or {})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def rich(db):
    """One public activity with everything filled in, and one concept and one stale activity beside it."""
    wijk = WijkFactory(name="Binnensingelgebied", cbs_code="WK999900")
    organisatie = OrganisatieFactory(name="Stichting Samen", city="Enschede", website="https://samen.example.org")
    locatie = LocatieFactory(
        organisatie=organisatie,
        name="Buurthuis De Bron",
        street="Bronstraat 4",
        postcode="7511AB",
        city="Enschede",
        wijk=wijk,
        latitude=Decimal("52.219000"),
        longitude=Decimal("6.893000"),
        hearing_loop=True,
    )
    activiteit = ActiviteitFactory(
        organisatie=organisatie,
        title="Samen eten in De Bron",
        slug="samen-eten-de-bron",
        kind="ontmoeting",
        target_groups=["ouderen", "75-plus"],
        themes=["rouw"],
        languages=["nl", "twents", "ngt"],
        cost_kind="bedrag",
        cost_amount=Decimal("4.50"),
        cost_note="Inclusief drinken.",
        evidence="kansrijk",
        evidence_source="Databank Effectieve sociale interventies",
        transport_available=True,
        is_online=True,
        website="https://samen.example.org/eten",
        contact_name="Anne Voorbeeldink",
        contact_phone="053 000 0001",
        contact_email="eten@samen.example.org",
        join_method="aanmelden",
        locaties=[locatie],
    )
    activiteit.wijken.add(wijk)
    TijdslotFactory(activiteit=activiteit, weekday=2, starts_at="12:00", ends_at="14:00", locatie=locatie)
    BijeenkomstFactory(activiteit=activiteit, locatie=locatie, title="Week van de Eenzaamheid: feestmaaltijd")
    BijeenkomstFactory(activiteit=activiteit, starts_at=timezone.now() - timedelta(days=3))  # past: not listed
    concept = ActiviteitFactory(organisatie=OrganisatieFactory(name="Alleen concept"), concept=True)
    stale = ActiviteitFactory(stale=True, locaties=[LocatieFactory(name="Oud buurthuis")])
    return {"activiteit": activiteit, "locatie": locatie, "organisatie": organisatie, "hidden": [concept, stale]}


# ---------------------------------------------------------------------------
# The root
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_root_says_what_the_api_is(client):
    data = get(client, "api_root")

    assert data["version"] == "3.0"
    assert data["profile"].startswith("https://")
    assert data["openapi_url"].endswith("openapi.json")
    assert data["endpoints"]["services"].endswith("/api/hsds/services/")


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------
def test_services_lists_only_public_activities_as_valid_list_items(client, rich):
    data = get(client, "api_services")

    assert set(data) == PAGE_KEYS
    assert data["total_items"] == 1
    assert [item["name"] for item in data["contents"]] == ["Samen eten in De Bron"]
    item = data["contents"][0]
    assert item["id"] == str(
        uuid.uuid5(uuid.UUID("0d7c3a52-6f0e-5d1b-9a43-3f1b2c4e7a10"), f"activiteit:{rich['activiteit'].pk}")
    )
    assert item["status"] == "active"
    assert item["organization"]["name"] == "Stichting Samen"
    assert item["url"].endswith("/activiteiten/samen-eten-de-bron/")
    assert errors_of("compiled/service_list.json", item) == []


def test_a_service_is_fully_nested_and_valid(client, rich):
    activiteit = rich["activiteit"]
    data = get(client, "api_service", id=hsds_id("activiteit", activiteit.pk))

    assert errors_of("compiled/service_with_definitions.json", data) == []
    assert data["description"].startswith(activiteit.summary)
    weekly = [s for s in data["schedules"] if s.get("byday") == "TU" and "count" not in s]
    assert weekly and weekly[0]["freq"] == "WEEKLY" and weekly[0]["opens_at"].startswith("12:00+0")
    dated = [s for s in data["schedules"] if s.get("count") == 1]
    assert len(dated) == 1, "only the coming dated event"
    assert dated[0]["dtstart"] >= timezone.localdate().isoformat()
    assert [area["name"] for area in data["service_areas"]] == [f"Binnensingelgebied ({rich['locatie'].wijk.gemeente})"]
    physical = [
        sal["location"] for sal in data["service_at_locations"] if sal["location"]["location_type"] == "physical"
    ]
    address = physical[0]["addresses"][0]
    assert address | {"id": None, "location_id": None} == address | {
        "id": None,
        "location_id": None,
        "address_1": "Bronstraat 4",
        "city": "Enschede",
        "postal_code": "7511 AB",
        "country": "NL",
        "address_type": "physical",
    }
    assert {a["description"] for a in physical[0]["accessibility"]} == {
        "Toegankelijk met een rolstoel.",
        "Er is een ringleiding.",
    }
    assert any(sal["location"]["location_type"] == "virtual" for sal in data["service_at_locations"])
    assert {language["code"] for language in data["languages"]} == {"nl", "twd", "dse"}
    assert data["cost_options"][0]["amount"] == 4.5 and data["cost_options"][0]["currency"] == "EUR"
    assert {a["taxonomy_term"]["code"] for a in data["attributes"]} == {"ontmoeting", "ouderen", "75-plus", "rouw"}
    assert "Vervoer is mogelijk" in data["application_process"]
    assert data["phones"][0]["number"] == "053 000 0001"
    assert "kansrijk" in data["accreditations"]


@pytest.mark.parametrize("which", ["concept", "stale", "unknown", "not-a-uuid"])
def test_a_hidden_or_unknown_service_is_not_found(client, rich, which):
    ids = {
        "concept": hsds_id("activiteit", rich["hidden"][0].pk),
        "stale": hsds_id("activiteit", rich["hidden"][1].pk),
        "unknown": str(uuid.uuid4()),
        "not-a-uuid": "12",
    }
    response = client.get(reverse("socialekaart:api_service", kwargs={"id": ids[which]}))
    assert response.status_code == 404


def test_full_services_are_valid_too(client, rich):
    data = get(client, "api_services", {"full": "true"})

    assert data["size"] == 1
    assert errors_of("compiled/service_with_definitions.json", data["contents"][0]) == []
    assert data["contents"][0]["schedules"]


def test_services_filter_by_search_organization_and_taxonomy_term(client, rich):
    other = ActiviteitFactory(title="Wandelgroep Het Pad", kind="cursus", target_groups=["jongeren"])
    organisatie_id = hsds_id("organisatie", rich["organisatie"].pk)

    def names(params):
        return [item["name"] for item in get(client, "api_services", params)["contents"]]

    assert names({"search": "wandelen"}) == ["Wandelgroep Het Pad"]
    assert names({"organization_id": organisatie_id}) == ["Samen eten in De Bron"]
    assert names({"organization_id": "nonsense"}) == []
    assert names({"taxonomy_term_id": hsds_id("taxonomy_term", "voor-wie", "jongeren")}) == [other.title]
    assert names({"taxonomy_term_id": hsds_id("taxonomy_term", "soort-activiteit", "ontmoeting")}) == [
        "Samen eten in De Bron"
    ]
    assert names({"taxonomy_term_id": str(uuid.uuid4())}) == []


@pytest.mark.django_db
def test_paging_follows_hsds_and_odd_values_fall_back_to_defaults(client):
    ActiviteitFactory.create_batch(7)

    page = get(client, "api_services", {"per_page": "3", "page": "3"})
    assert {k: page[k] for k in PAGE_KEYS - {"contents"}} == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": 3,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    assert get(client, "api_services", {"per_page": "1000"})["size"] == 7  # capped at 100, and 7 exist
    for odd in ["0", "-1", "abc", "", "1e9", "9" * 40]:  # a NUL character is a 400 (tests/test_odd_requests.py)
        data = get(client, "api_services", {"page": odd, "per_page": odd})
        assert data["page_number"] == 1 and data["size"] == 7
    beyond = get(client, "api_services", {"page": "99"})
    assert beyond["empty"] is True and beyond["contents"] == [] and beyond["total_items"] == 7


@pytest.mark.django_db
def test_a_page_of_50_services_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    wijk = WijkFactory()
    for activiteit in ActiviteitFactory.create_batch(50, locaties=[LocatieFactory(wijk=wijk)]):
        activiteit.wijken.add(wijk)
        TijdslotFactory(activiteit=activiteit)
        BijeenkomstFactory(activiteit=activiteit)

    with django_assert_max_num_queries(3):
        assert get(client, "api_services", {"per_page": "50"})["size"] == 50
    with django_assert_max_num_queries(7):
        data = get(client, "api_services", {"per_page": "50", "full": "true"})
    assert data["size"] == 50 and all(item["schedules"] for item in data["contents"])
    with django_assert_max_num_queries(3):
        assert get(client, "api_service_at_locations", {"per_page": "50"})["size"] == 50


def test_the_api_is_read_only(client, rich):
    response = client.post(reverse("socialekaart:api_services"), {"name": "x"})
    assert response.status_code == 405


# ---------------------------------------------------------------------------
# Organizations, locations, service_at_locations
# ---------------------------------------------------------------------------
def test_organizations_are_those_with_a_public_activity(client, rich):
    data = get(client, "api_organizations")

    assert [item["name"] for item in data["contents"]] == ["Stichting Samen"]
    assert errors_of("compiled/organization_list.json", data["contents"][0]) == []


def test_an_organization_is_valid_and_lists_its_public_locations(client, rich):
    data = get(client, "api_organization", id=hsds_id("organisatie", rich["organisatie"].pk))

    assert errors_of("organization.json", data) == []
    assert [location["name"] for location in data["locations"]] == ["Buurthuis De Bron"]


def test_an_organization_without_public_activities_is_not_found(client, rich):
    hidden = rich["hidden"][0].organisatie
    response = client.get(reverse("socialekaart:api_organization", kwargs={"id": hsds_id("organisatie", hidden.pk)}))
    assert response.status_code == 404


def test_locations_are_the_places_of_public_activities(client, rich):
    data = get(client, "api_locations")

    assert [item["name"] for item in data["contents"]] == ["Buurthuis De Bron"]
    assert errors_of("location.json", data["contents"][0]) == []
    assert data["contents"][0]["latitude"] == pytest.approx(52.219)


def test_service_at_locations_link_service_and_place(client, rich):
    data = get(client, "api_service_at_locations")

    assert data["total_items"] == 1
    item = data["contents"][0]
    assert item["service_id"] == hsds_id("activiteit", rich["activiteit"].pk)
    assert item["location_id"] == hsds_id("locatie", rich["locatie"].pk)
    assert item["service"]["name"] == "Samen eten in De Bron"
    assert errors_of("compiled/service_at_location_list.json", item) == []
    assert errors_of("service_at_location.json", item) == []


# ---------------------------------------------------------------------------
# Taxonomy
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_taxonomies_and_terms_are_our_vocabularies(client):
    taxonomies = get(client, "api_taxonomies")["contents"]
    assert {t["name"] for t in taxonomies} == {"Soort activiteit", "Voor wie", "Thema's en levensgebeurtenissen"}
    for item in taxonomies:
        assert errors_of("taxonomy.json", item) == []

    terms = get(client, "api_taxonomy_terms", {"per_page": "100"})
    assert terms["total_items"] == 8 + 9 + 10
    for item in terms["contents"]:
        assert errors_of("taxonomy_term.json", item) == []
    voor_wie = next(t for t in taxonomies if t["name"] == "Voor wie")
    filtered = get(client, "api_taxonomy_terms", {"taxonomy_id": voor_wie["id"]})
    assert filtered["total_items"] == 9 and {t["taxonomy"] for t in filtered["contents"]} == {"voor-wie"}


def test_the_validator_catches_a_broken_service():
    """The schemas really bite: a service without status, with a null and a bad UUID fails."""
    errors = errors_of("compiled/service_with_definitions.json", {"id": "12", "name": "x", "description": None})
    assert len(errors) == 3
