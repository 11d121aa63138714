"""Password rules (coalition/passwords.py): 12 characters for the roles with a second factor, 10 for the others, and
no common Dutch passwords (welkom, wachtwoord, a season or month with a year, the name of a gemeente)."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition.demo import data
from coalition.models import SECOND_FACTOR_ROLES, Role
from coalition.passwords import MONTHS, SEASONS, DutchCommonPasswordValidator, word_of
from tests.factories import PASSWORD, GemeenteFactory, UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

WITH_SECOND_FACTOR = sorted(SECOND_FACTOR_ROLES)
WITHOUT_SECOND_FACTOR = sorted(set(Role) - SECOND_FACTOR_ROLES)


def refusals(password: str, user=None) -> set[str]:
    """The codes of the rules `password` breaks (empty: it is accepted)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {item.code for item in error.error_list}
    return set()


# ---------------------------------------------------------------------------
# Length by role
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("role", WITH_SECOND_FACTOR)
def test_a_role_with_a_second_factor_needs_twelve_characters(role):
    user = UserFactory.build(role=role)

    assert refusals("koffie-thee1", user) == set()  # 12
    assert refusals("koffie-thee", user) == {"password_too_short"}  # 11


@pytest.mark.parametrize("role", WITHOUT_SECOND_FACTOR)
def test_other_roles_need_ten_characters(role):
    user = UserFactory.build(role=role)

    assert refusals("koffie-the", user) == set()  # 10
    assert refusals("koffie-th", user) == {"password_too_short"}  # 9


def test_without_a_user_the_longer_minimum_holds():
    assert refusals("koffie-thee") == {"password_too_short"}


def test_the_too_short_message_is_dutch_and_names_the_minimum():
    with pytest.raises(ValidationError) as error:
        validate_password("kort-kort", UserFactory.build(role=Role.PARTNER))

    assert "Dit wachtwoord is te kort. Gebruik minstens 12 tekens." in error.value.messages


# ---------------------------------------------------------------------------
# Common Dutch passwords
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "password",
    [
        "Welkom01!!!!",
        "welkom123456",
        "Wachtwoord123",
        "WACHTWOORD!!",
        "W@chtw00rd2024",
        "W3lk0m-2025!",
        "zomer2024!!!",
        "Januari2025!",
        "  Herfst 2023  ",
        "2024december",
        "Feyenoord1908",
        "Geheim123456",
    ],
)
def test_common_dutch_passwords_are_refused_with_a_dutch_message(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password, UserFactory.build(role=Role.MEDEWERKER))

    assert "password_too_guessable" in {item.code for item in error.value.error_list}
    assert any(message.startswith("Dit wachtwoord is te makkelijk te raden") for message in error.value.messages)


def test_the_name_of_a_gemeente_or_wijk_with_digits_is_refused():
    GemeenteFactory(name="Hof van Twente")
    WijkFactory(name="Vroomshoop")

    assert "password_too_guessable" in refusals("HofVanTwente2024!")
    assert "password_too_guessable" in refusals("hof-van-twente-1")
    assert "password_too_guessable" in refusals("Vroomshoop12345")
    # Before the gemeente is in the table, its name is just a word.
    assert refusals("Tubbergen2024!") == set()
    GemeenteFactory(name="Tubbergen")
    assert "password_too_guessable" in refusals("Tubbergen2024!")


@pytest.mark.parametrize(
    "password",
    [
        "Zomer-in-Twente-2025",  # words around the season
        "fiets-naar-de-markt",
        "welkom thuis lieve oma",
        "Januari is koud 2025",
        PASSWORD,  # the factories' password
    ],
)
def test_passphrases_with_such_words_in_them_are_fine(password):
    assert refusals(password, UserFactory.build(role=Role.MEDEWERKER)) == set()


@pytest.mark.parametrize("role", list(Role))
def test_the_factory_and_demo_passwords_are_valid_for_every_role(role):
    user = UserFactory.build(role=role, email=f"{role}@omzien.demo", full_name="Demo Gebruiker")

    assert refusals(PASSWORD, user) == set()
    assert refusals(data.DEMO_PASSWORD, user) == set()


def test_every_demo_user_may_have_the_demo_password():
    for demo_user in data.USERS:
        user = UserFactory.build(role=demo_user.role, email=demo_user.email, full_name=demo_user.full_name)
        assert refusals(data.DEMO_PASSWORD, user) == set(), demo_user.email


@pytest.mark.parametrize(
    ("password", "word"),
    [(" Zomer-2024! ", "zomer"), ("W3lk0m01", "welkom"), ("Hof van Twente 1", "hofvantwente"), ("12345", "")],
)
def test_the_word_of_a_password(password, word):
    assert word_of(password) == word


TIME_WORDS = st.sampled_from(SEASONS + MONTHS)
CASES = st.sampled_from([str.lower, str.upper, str.capitalize, str.title, str.swapcase])
YEARS = st.integers(min_value=0, max_value=2100).map(str) | st.integers(min_value=0, max_value=99).map("{:02d}".format)
SIGNS = st.text(alphabet="!?.,#*@$&%-_+= ", max_size=3)
DIGITS = st.text(alphabet="0123456789", max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    word=TIME_WORDS,
    case=CASES,
    year=YEARS,
    separator=st.sampled_from(["", " ", "-", "_", "."]),
    before=SIGNS,
    after=SIGNS,
    year_first=st.booleans(),
)
def test_any_season_or_month_with_any_year_and_signs_is_refused(word, case, year, separator, before, after, year_first):
    parts = [year, separator, case(word)] if year_first else [case(word), separator, year]
    password = before + "".join(parts) + after

    with pytest.raises(ValidationError):
        DutchCommonPasswordValidator().validate(password)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(["welkom", "wachtwoord", "geheim", "hallo"]), case=CASES, before=DIGITS, after=SIGNS)
def test_a_common_word_with_any_digits_and_signs_around_it_is_refused(word, case, before, after):
    with pytest.raises(ValidationError):
        DutchCommonPasswordValidator().validate(before + case(word) + after)


def test_the_help_text_names_both_minimums_and_the_dutch_rule():
    texts = " ".join(password_validators_help_texts())

    assert "minstens 12 tekens" in texts
    assert "minstens 10 tekens" in texts
    assert "Zomer2024!" in texts
