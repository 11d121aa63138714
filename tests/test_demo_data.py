"""`manage.py load_demo` and `manage.py demo_logins`: realistic, repeatable, and safe outside demo mode."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.demo import data
from coalition.demo.loader import load_demo
from coalition.models import (
    SECOND_FACTOR_ROLES,
    Contactpersoon,
    Gemeente,
    Organisatie,
    PostcodeGebied,
    Role,
    User,
    Werkgroep,
    Wijk,
)
from coalition.queries import wijk_for_postcode
from meldpunt.models import Meldpunt
from tests.factories import totp_token

MODELS = [Gemeente, Wijk, PostcodeGebied, Organisatie, Contactpersoon, Werkgroep, Meldpunt, User, TOTPDevice]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "organisatie-gemeenten": Organisatie.gemeenten.through.objects.count(),
        "werkgroep-leden": Werkgroep.members.through.objects.count(),
        "meldpunt-medewerkers": Meldpunt.staff.through.objects.count(),
        "gebruiker-organisaties": User.organisaties.through.objects.count(),
    }


def run(command, **kwargs) -> str:
    out = StringIO()
    call_command(command, stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = False
    run("load_demo")


@pytest.fixture
def demo_mode(db, settings):
    settings.DEMO_MODE = True
    run("load_demo")


def test_running_load_demo_twice_gives_the_same_counts(db, settings):
    settings.DEMO_MODE = False
    first_output = run("load_demo")
    after_first = counts()

    second_output = run("load_demo")

    assert counts() == after_first
    assert after_first["Organisatie"] == len(data.ORGANISATIES)
    assert after_first["Wijk"] == len(data.WIJKEN)
    assert after_first["User"] == len(data.USERS)
    assert after_first["Contactpersoon"] == len(data.CONTACTPERSONEN)
    assert "Demodata geladen." in first_output and "Demodata geladen." in second_output


def test_a_second_run_reports_nothing_new(demo):
    summary = load_demo(demo_mode=False)

    assert all(tally.created == 0 and tally.updated == 0 for tally in summary.tallies.values()), summary


def test_a_second_run_restores_what_was_changed(demo):
    Organisatie.objects.filter(name="Evenmens").update(kind=Organisatie.Kind.OVERIG)
    Organisatie.objects.get(name="Evenmens").gemeenten.clear()

    summary = load_demo(demo_mode=False)

    evenmens = Organisatie.objects.get(name="Evenmens")
    assert evenmens.kind == Organisatie.Kind.VRIJWILLIGERS
    assert [g.name for g in evenmens.gemeenten.all()] == ["Twenterand"]
    assert summary.tallies["organisaties"].updated == 1


def test_a_postcode_area_that_clashes_with_existing_data_stops_the_load_and_changes_nothing(db, settings):
    settings.DEMO_MODE = False
    elders = Wijk.objects.create(gemeente=Gemeente.objects.create(name="Elders", cbs_code="GM9999"), name="Elders")
    PostcodeGebied.objects.create(wijk=elders, postcode_from="7681AB", postcode_to="7681AC")

    with pytest.raises(CommandError, match="overlappen"):
        run("load_demo")

    assert not Organisatie.objects.exists()
    assert Gemeente.objects.count() == 1


def test_the_three_gemeenten_have_their_cbs_codes(demo):
    assert dict(Gemeente.objects.values_list("name", "cbs_code")) == {
        "Enschede": "GM0153",
        "Hengelo": "GM0164",
        "Twenterand": "GM1700",
    }


@pytest.mark.parametrize(
    "name",
    [
        "Gemeente Twenterand",
        "ZorgSaam Twenterand",
        "Avedan",
        "MEE IJsseloevers",
        "Zorgboerderij de Koningshoeve",
        "Huisartsencoöperatie Vriezenveen-Westerhaar",
        "Interkerkelijk Plaatselijk Netwerk Westerhaar-Vriezenveensewijk",
        "Evenmens",
        "Bibliotheek Twenterand",
        "Buurtzorg Den Ham",
        "Impluz",
    ],
)
def test_the_twenterand_partners_of_appendix_1_exist(demo, name):
    organisatie = Organisatie.objects.get(name=name)
    assert organisatie.gemeenten.filter(name="Twenterand").exists()
    assert organisatie.contactpersonen.filter(is_primary=True).count() == 1


def test_every_organisation_of_appendix_1_is_there_with_a_kind(demo):
    appendix_1 = 23  # 22 signatories and Impluz, "later aangesloten"
    twenterand = Organisatie.objects.filter(gemeenten__name="Twenterand")
    assert twenterand.count() == appendix_1
    assert set(twenterand.values_list("kind", flat=True)) >= {"gemeente", "zorg", "welzijn", "bibliotheek"}
    assert Organisatie.objects.get(name="Bibliotheek Twenterand").kind == Organisatie.Kind.BIBLIOTHEEK
    assert Organisatie.objects.get(name="Huisartsencoöperatie Vriezenveen-Westerhaar").kind == "eerstelijn"


def test_contact_people_are_made_up_and_at_example_org(demo):
    emails = Contactpersoon.objects.values_list("email", flat=True)
    assert emails and all(email.endswith("@example.org") for email in emails)
    # The people named in the seeds (appendix 1, the steering group) are not copied.
    assert not Contactpersoon.objects.filter(name__in=["Renny van Faassen", "Wim den Braber", "Monique Beernink"])


def test_websites_only_where_the_seeds_name_them(demo):
    with_website = dict(Organisatie.objects.exclude(website="").values_list("name", "website"))
    assert with_website == {"De Haere": "https://www.de-haere.nl", "Gemeente Hengelo": "https://www.hengelo.nl"}


def test_a_postcode_in_vroomshoop_lies_in_the_kern_vroomshoop(demo):
    wijk = wijk_for_postcode("7681 AB")

    assert wijk is not None
    assert (wijk.name, wijk.kind, wijk.gemeente.name, wijk.cbs_code) == ("Vroomshoop", "kern", "Twenterand", "WK170004")


@pytest.mark.parametrize(
    ("postcode", "wijk"),
    [
        ("7671 AA", "Vriezenveen"),
        ("7672 ZZ", "Vriezenveen"),
        ("7675 AB", "Bruinehaar"),
        ("7676 CD", "Westerhaar-Vriezenveensewijk"),
        ("7683 AA", "Den Ham"),
        ("7511 JD", "Binnensingelgebied"),
        ("7551 EC", "Binnenstad"),
    ],
)
def test_postcodes_resolve_to_their_kern_or_wijk(demo, postcode, wijk):
    assert wijk_for_postcode(postcode).name == wijk


def test_the_postcode_areas_pass_the_models_own_checks(demo):
    for gebied in PostcodeGebied.objects.all():
        gebied.full_clean()  # format, order and no overlap with any other area


def test_every_gemeente_has_a_meldpunt_and_werkgroepen(demo):
    for gemeente in Gemeente.objects.all():
        assert Meldpunt.objects.filter(gemeente=gemeente).exists()
        werkgroepen = Werkgroep.objects.filter(gemeente=gemeente)
        assert werkgroepen.count() >= 2
        assert all(werkgroep.members.exists() for werkgroep in werkgroepen)
    assert Meldpunt.objects.get(gemeente__name="Twenterand").name == "Meldpunt Eenzaamheid Twenterand"


def test_one_demo_user_per_role_with_their_organisations_and_meldpunten(demo):
    users = {user.role: user for user in User.objects.filter(email__endswith="@omzien.demo")}

    assert set(users) == set(Role.values)
    assert set(users[Role.PARTNER].organisaties.values_list("name", flat=True)) == {
        "ZorgSaam Twenterand",
        "Bibliotheek Twenterand",
    }
    assert set(users[Role.MEDEWERKER].meldpunten.values_list("gemeente__name", flat=True)) == {
        "Twenterand",
        "Enschede",
    }
    assert users[Role.COORDINATOR].is_staff and users[Role.BEHEERDER].is_staff
    assert not users[Role.MEDEWERKER].is_staff


def test_without_demo_mode_no_usable_passwords_and_no_totp_devices(demo):
    users = User.objects.filter(email__endswith="@omzien.demo")

    assert users.count() == len(Role.values)
    assert not any(user.has_usable_password() for user in users)
    assert not TOTPDevice.objects.filter(user__in=users).exists()


def test_without_demo_mode_the_output_says_how_to_set_a_password(db, settings):
    settings.DEMO_MODE = False

    assert "manage.py changepassword" in run("load_demo")


def test_leaving_demo_mode_removes_the_public_demo_password_and_key(demo_mode, settings):
    settings.DEMO_MODE = False

    run("load_demo")

    users = User.objects.filter(email__endswith="@omzien.demo")
    assert not any(user.has_usable_password() for user in users)
    assert not TOTPDevice.objects.filter(user__in=users).exists()


def test_in_demo_mode_the_demo_users_log_in_with_the_demo_password(demo_mode, client):
    for user in User.objects.filter(email__endswith="@omzien.demo"):
        client.logout()
        response = client.post(reverse("coalition:login"), {"username": user.email, "password": data.DEMO_PASSWORD})

        assert response.status_code == 302, user.email
        assert client.session.get("_auth_user_id") == str(user.pk)


def test_in_demo_mode_staff_roles_have_a_confirmed_demo_device_and_others_none(demo_mode):
    for user in User.objects.filter(email__endswith="@omzien.demo"):
        devices = TOTPDevice.objects.filter(user=user)
        if user.role in SECOND_FACTOR_ROLES:
            assert [(d.confirmed, d.key) for d in devices] == [(True, data.DEMO_TOTP_KEY_HEX)]
        else:
            assert not devices.exists()


@pytest.mark.parametrize(
    ("email", "page"), [("medewerker@omzien.demo", "meldpunt:index"), ("partner@omzien.demo", "meldpunt:inbox")]
)
def test_in_demo_mode_a_user_gets_past_the_second_factor_with_the_printed_code(demo_mode, client, email, page):
    user = User.objects.get(email=email)
    client.post(reverse("coalition:login"), {"username": user.email, "password": data.DEMO_PASSWORD})
    assert client.get(reverse(page)).url.startswith(reverse("coalition:second_factor"))
    output = run("demo_logins")
    line = next(line for line in output.splitlines() if line.split()[1:2] == [user.email])
    code = line.split()[-1]

    assert code == totp_token(TOTPDevice.objects.get(user=user))
    response = client.post(reverse("coalition:second_factor"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse(page)).status_code == 200


def test_demo_logins_in_demo_mode_prints_password_key_and_current_code(demo_mode):
    output = run("demo_logins")

    assert data.DEMO_PASSWORD in output
    assert "N5WX U2LF NYWW IZLN N4WX I33U OAWW WZLZ" in output
    assert "elke 30 seconden" in output and "opnieuw" in output
    medewerker = next(line for line in output.splitlines() if "medewerker@omzien.demo" in line)
    assert medewerker.split()[-1].isdigit() and len(medewerker.split()[-1]) == 6
    # Partners have a second factor too (they see residents' names in their inbox).
    partner = next(line for line in output.splitlines() if "partner@omzien.demo" in line)
    assert partner.split()[-1].isdigit() and len(partner.split()[-1]) == 6
    aanvrager = next(line for line in output.splitlines() if "aanvrager@omzien.demo" in line)
    assert not aanvrager.split()[-1].isdigit()


def test_demo_logins_outside_demo_mode_prints_no_secrets(demo_mode, settings):
    settings.DEMO_MODE = False

    output = run("demo_logins")

    assert data.DEMO_PASSWORD not in output
    assert "N5WX" not in output
    assert "(niet ingesteld)" in output
    assert not any(word.isdigit() and len(word) == 6 for word in output.split())


@pytest.mark.parametrize(
    "model",
    [Gemeente, Wijk, PostcodeGebied, Organisatie, Contactpersoon, Werkgroep, Meldpunt, User],
    ids=lambda model: model.__name__,
)
def test_the_beheerder_opens_the_admin_pages_of_the_demo_data(demo, login, beheerder, model):
    client = login(beheerder)
    opts = model._meta
    obj = model.objects.order_by("pk").first()

    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    assert changelist.status_code == 200
    assert change.status_code == 200
