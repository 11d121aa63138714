"""coalition/registry.py: what the apps register in their AppConfig.ready(), and what coalition does with it."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from coalition import registry
from coalition.backends import RolePermissionBackend
from coalition.management.commands import bench
from coalition.models import Gemeente, Role, User
from meldpunt.models import Meldpunt
from socialekaart.models import Activiteit
from tests.factories import UserFactory


@pytest.fixture
def registered(monkeypatch) -> registry.Registrations:
    """The registrations as the apps made them, for a test to add to; the apps' own come back afterwards."""
    current = registry.registered
    copy = registry.Registrations(
        nav_items=dict(current.nav_items),
        footer_links=dict(current.footer_links),
        coordinator_models=set(current.coordinator_models),
        demo_loaders=dict(current.demo_loaders),
        benches=dict(current.benches),
        counted_pages=dict(current.counted_pages),
        page_types=dict(current.page_types),
        append_only_models=set(current.append_only_models),
        gap_panels=dict(current.gap_panels),
    )
    monkeypatch.setattr(registry, "registered", copy)
    return copy


def menu(client, login, role) -> list[str]:
    login(UserFactory(role=role))
    return [item["label"] for item in client.get(reverse("coalition:start")).context["nav_items"]]


@pytest.mark.django_db
def test_an_apps_menu_item_appears_for_its_roles_only_in_its_place(registered, client, login):
    registry.add_nav_item("Nieuw onderdeel", "coalition:health", {Role.STUURGROEP, Role.COORDINATOR}, order=85)

    assert menu(client, login, Role.STUURGROEP) == ["Nieuw onderdeel", "Monitor"]
    assert menu(client, login, Role.COORDINATOR)[-4:] == ["Subsidies beheren", "Nieuw onderdeel", "Monitor", "Beheer"]
    for role in (Role.MEDEWERKER, Role.PARTNER, Role.COMMISSIELID, Role.FUNCTIONARIS, Role.BEHEERDER):
        assert "Nieuw onderdeel" not in menu(client, login, role), role


def test_the_menu_is_made_of_the_items_each_app_registered():
    by_app = {}
    for item in registry.nav_items():
        by_app.setdefault(item.url_name.partition(":")[0], []).append(str(item.label))

    assert by_app == {
        "meldpunt": ["Meldpunt", "Wat werkt", "Verwijzingen", "Signaal doorgeven", "Onvervulde vragen", "Auditlog"],
        "socialekaart": ["Mijn organisaties", "Beoordelen", "Sociale kaart: inzicht"],
        "subsidies": ["Subsidies beheren", "Subsidiecommissie", "Mijn aanvragen"],
        "monitoring": ["Monitor", "Onze cijfers"],
        "admin": ["Beheer"],
    }


@pytest.mark.django_db
def test_a_coordinator_manages_the_models_the_apps_registered(registered, coordinator):
    # subsidies registers its calls and applications itself; left out here, to show what registering changes.
    registered.coordinator_models -= {
        label for label in registered.coordinator_models if label.startswith("subsidies.")
    }
    backend = RolePermissionBackend()
    assert backend.has_perm(coordinator, "meldpunt.change_meldpunt")
    assert backend.has_perm(coordinator, "socialekaart.delete_activiteit")
    assert backend.has_perm(coordinator, "coalition.add_organisatie")
    assert not backend.has_perm(coordinator, "meldpunt.view_melding")  # cases are not reference data
    assert not backend.has_module_perms(coordinator, "subsidies")

    registry.add_coordinator_models("subsidies.Regeling")

    assert backend.has_perm(coordinator, "subsidies.change_regeling")
    assert backend.has_module_perms(coordinator, "subsidies")
    assert not backend.has_perm(coordinator, "subsidies.change_aanvraag")


@pytest.mark.django_db
def test_only_a_coordinator_gets_permissions_from_the_registrations(medewerker, partner, stuurgroep):
    backend = RolePermissionBackend()
    for user in (medewerker, partner, stuurgroep):
        assert not backend.has_perm(user, "meldpunt.change_meldpunt")
        assert not backend.has_module_perms(user, "socialekaart")


def test_the_demo_loaders_run_socialekaart_before_meldpunt_then_subsidies_and_monitoring():
    assert [loader.app_label for loader in registry.demo_loaders()] == [
        "socialekaart",
        "meldpunt",
        "subsidies",
        "monitoring",
    ]


@pytest.mark.django_db
def test_load_demo_runs_a_new_apps_loader_after_coalitions_data_in_its_order(registered, settings):
    settings.DEMO_MODE = False
    seen = {}

    def load(summary, *, demo_mode):
        seen["gemeenten"] = Gemeente.objects.count()
        seen["users"] = User.objects.filter(email__endswith="@omzien.demo").count()
        seen["activiteiten"] = Activiteit.objects.count()
        seen["meldpunten"] = Meldpunt.objects.count()
        seen["demo_mode"] = demo_mode
        summary.tally("nieuwe dingen").created += 2

    registry.add_demo_loader("nieuw", load, order=15)
    out = StringIO()
    call_command("load_demo", stdout=out)

    # After coalition's data and the sociale kaart (order 10), before the meldpunt (order 20).
    assert seen["gemeenten"] == 3 and seen["users"] == len(Role) and seen["activiteiten"] > 0
    assert seen["meldpunten"] == 0 and seen["demo_mode"] is False
    table = out.getvalue()
    assert table.index("\ngebruikers ") < table.index("\nactiviteiten ") < table.index("\nnieuwe dingen ")
    assert table.index("\nnieuwe dingen ") < table.index("\nmeldpunten ")


@pytest.mark.django_db
def test_load_demo_loads_the_meldpunten_and_their_staff(settings):
    settings.DEMO_MODE = False

    call_command("load_demo", stdout=StringIO())

    assert set(Meldpunt.objects.values_list("gemeente__name", flat=True)) == {"Twenterand", "Enschede", "Hengelo"}
    medewerker = User.objects.get(email="medewerker@omzien.demo")
    assert set(medewerker.meldpunten.values_list("gemeente__name", flat=True)) == {"Twenterand", "Enschede"}


def test_the_bench_measures_the_pages_the_apps_registered():
    modules = bench.app_benches()

    assert [module.__name__ for module in modules] == [
        "meldpunt.bench",
        "socialekaart.bench",
        "subsidies.bench",
        "monitoring.bench",
    ]
    for module in modules:
        assert callable(module.seed) and module.PAGES
        assert all(isinstance(page, bench.Page) for page in module.PAGES)
    urls = {page.url for module in modules for page in module.PAGES}
    assert {"/meldpunt/", "/socialekaart/mijn-organisaties/", "/monitoring/", "/subsidies/commissie/"} <= urls
    # coalition's own pages name no app.
    assert not [page.url for page in bench.PAGES if page.url.startswith(("/meldpunt", "/socialekaart", "/monitoring"))]


def test_a_second_ready_registers_nothing_twice(registered):
    def registrations():
        return (
            registry.nav_items(),
            registry.footer_links(),
            registry.coordinator_models(),
            registry.demo_loaders(),
            registry.benches(),
            dict(registered.counted_pages),
            registry.page_types(),
        )

    before = registrations()

    for label in ("coalition", "meldpunt", "socialekaart", "subsidies", "monitoring"):
        apps.get_app_config(label).ready()

    assert registrations() == before
