import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coalition.backends import RolePermissionBackend
from coalition.models import Gemeente, PostcodeGebied, Role, User, normalise_postcode
from coalition.queries import coalition_members_per_gemeente, wijk_for_postcode
from tests.factories import GemeenteFactory, OrganisatieFactory, UserFactory, WijkFactory


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("7511 ab", "7511AB"), (" 7681AB ", "7681AB"), ("7681  ab", None), ("0123 AB", None), ("", None)],
)
def test_postcodes_are_normalised_or_refused_in_dutch(typed, stored):
    if stored:
        assert normalise_postcode(typed) == stored
    else:
        with pytest.raises(ValidationError, match="1234 AB"):
            normalise_postcode(typed)


@pytest.mark.django_db
def test_a_postcode_finds_its_wijk():
    centrum = WijkFactory(name="Centrum")
    noord = WijkFactory(name="Noord", gemeente=centrum.gemeente)
    PostcodeGebied.objects.create(wijk=centrum, postcode_from="7511AA", postcode_to="7511ZZ")
    PostcodeGebied.objects.create(wijk=noord, postcode_from="7512AA", postcode_to="7513ZZ")

    assert wijk_for_postcode("7511 cd") == centrum
    assert wijk_for_postcode("7513AB") == noord
    assert wijk_for_postcode("7514AA") is None
    assert wijk_for_postcode("geen postcode") is None


@pytest.mark.django_db
def test_overlapping_postcode_ranges_are_refused():
    wijk = WijkFactory()
    PostcodeGebied.objects.create(wijk=wijk, postcode_from="7511AA", postcode_to="7511ZZ")
    overlapping = PostcodeGebied(wijk=wijk, postcode_from="7511 KA", postcode_to="7512 AA")

    with pytest.raises(ValidationError, match="overlappen"):
        overlapping.full_clean()


@pytest.mark.django_db
def test_the_database_refuses_a_range_that_runs_backwards():
    with pytest.raises(IntegrityError), transaction.atomic():
        PostcodeGebied.objects.create(wijk=WijkFactory(), postcode_from="7512AA", postcode_to="7511AA")


@pytest.mark.django_db
def test_the_database_refuses_a_malformed_cbs_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        Gemeente.objects.create(name="Nergenshuizen", cbs_code="0153")


@pytest.mark.django_db
def test_the_database_refuses_a_negative_contribution():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisatieFactory(yearly_contribution=-1)


@pytest.mark.django_db
def test_e_mail_addresses_are_unique_whatever_their_case():
    UserFactory(email="anna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("Anna@Example.org", "x", full_name="Anna")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "is_staff", "second_factor"),
    [
        (Role.MEDEWERKER, False, True),
        (Role.COORDINATOR, True, True),
        (Role.PARTNER, False, True),
        (Role.COMMISSIELID, False, False),
        (Role.STUURGROEP, False, False),
        (Role.FUNCTIONARIS, False, True),
        (Role.BEHEERDER, True, True),
    ],
)
def test_admin_access_and_second_factor_follow_from_the_role(role, is_staff, second_factor):
    user = UserFactory(role=role)

    assert user.is_staff is is_staff
    assert user.needs_second_factor is second_factor


@pytest.mark.django_db
def test_a_coordinator_may_manage_reference_data_but_not_users():
    backend = RolePermissionBackend()
    coordinator = UserFactory(role=Role.COORDINATOR)

    assert backend.has_perm(coordinator, "coalition.change_organisatie")
    assert backend.has_perm(coordinator, "meldpunt.view_meldpunt")
    assert not backend.has_perm(coordinator, "coalition.change_user")
    assert not backend.has_perm(UserFactory(role=Role.PARTNER), "coalition.change_organisatie")
    assert backend.has_perm(UserFactory(role=Role.BEHEERDER), "coalition.change_user")


@pytest.mark.django_db
def test_coalition_counts_are_made_in_the_database(django_assert_max_num_queries):
    enschede = GemeenteFactory(name="Enschede")
    WijkFactory(gemeente=enschede)
    WijkFactory(gemeente=enschede)
    member = OrganisatieFactory(member_since="2021-01-01")
    not_yet = OrganisatieFactory(member_since=None, kind="zorg")
    member.gemeenten.add(enschede)
    not_yet.gemeenten.add(enschede)

    with django_assert_max_num_queries(1):
        rows = {g.name: (g.members, g.wijk_count) for g in coalition_members_per_gemeente()}
    assert rows["Enschede"] == (1, 2)
