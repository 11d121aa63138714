"""Accounts and roles: log-in, second factor, lockout, password reset, idle timeout, log-out."""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.models import SECOND_FACTOR_ROLES, Role
from tests.factories import (
    PASSWORD,
    OrganisatieFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_token,
    wrong_totp_token,
)

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("coalition:login")
SECOND_FACTOR_URL = reverse("coalition:second_factor")
START_URL = reverse("coalition:start")
MELDPUNT_URL = reverse("meldpunt:index")

STAFF_ROLES = sorted(SECOND_FACTOR_ROLES)
NON_STAFF_ROLES = sorted(set(Role) - SECOND_FACTOR_ROLES)


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def is_verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


# ---------------------------------------------------------------------------
# Log-in page
# ---------------------------------------------------------------------------
def test_login_page_has_dutch_labels_autocomplete_and_a_forgotten_password_link(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="form-label fw-semibold" for="id_username">E-mailadres</label>' in html
    assert '<label class="form-label fw-semibold" for="id_password">Wachtwoord</label>' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "Wachtwoord vergeten?" in html
    assert reverse("coalition:password_reset") in html


def test_a_user_without_a_second_factor_who_logs_in_goes_to_the_start_page(client, stuurgroep):
    response = log_in(client, stuurgroep.email)

    assert response.status_code == 302
    assert response.url == START_URL
    assert client.get(START_URL).status_code == 200


def test_login_ignores_capitals_in_the_email_address(client, stuurgroep):
    response = log_in(client, f"  {stuurgroep.email.upper()} ")

    assert response.status_code == 302
    assert response.url == START_URL


def test_login_goes_to_the_next_page_when_it_is_on_this_site(client, stuurgroep):
    response = log_in(client, stuurgroep.email, next="/socialekaart/")

    assert response.url == "/socialekaart/"


def test_login_does_not_follow_a_next_page_on_another_site(client, stuurgroep):
    response = log_in(client, stuurgroep.email, next="https://evil.example/")

    assert response.url == START_URL


@pytest.mark.parametrize(
    "next_url", ["javascript:alert(1)", "///evil.example/", "/\\evil.example/", "http://testserver:99/", " "]
)
def test_an_odd_next_page_never_leaves_the_site_or_breaks_the_login(client, stuurgroep, next_url):
    response = log_in(client, stuurgroep.email, next=next_url)

    assert response.status_code == 302
    # Either the start page or a path on this site (a strange path simply gives a 404 there).
    assert response.url.startswith("/")
    assert not response.url.startswith(("//", "/\\"))


def test_wrong_password_shows_a_dutch_error_and_keeps_the_typed_email(client, partner):
    response = log_in(client, "Iemand@Voorbeeld.nl", "fout-wachtwoord")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Het e-mailadres of het wachtwoord klopt niet." in html
    assert 'value="Iemand@Voorbeeld.nl"' in html
    assert "fout-wachtwoord" not in html
    assert "_auth_user_id" not in client.session


def test_empty_login_shows_a_dutch_error_beside_each_field(client):
    response = client.post(LOGIN_URL, {})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="errorlist" id="id_username_error"><li>Vul uw e-mailadres in.</li></ul>' in html
    assert '<ul class="errorlist" id="id_password_error"><li>Vul uw wachtwoord in.</li></ul>' in html
    assert 'aria-describedby="id_username_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    "email",
    [
        "a" * 300 + "@voorbeeld.nl",
        "x" * 5000,
        "😀@😀",
        "' OR 1=1 --",
    ],
)
def test_odd_input_on_the_login_page_gives_a_dutch_page_never_a_server_error(client, email):
    response = log_in(client, email, "iets")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_very_long_email_address_is_refused_before_it_is_counted(client):
    response = log_in(client, "a" * 300 + "@voorbeeld.nl", "iets")

    assert "Een e-mailadres is niet langer dan 254 tekens." in response.content.decode()
    assert not AccessAttempt.objects.exists()


# ---------------------------------------------------------------------------
# Second factor
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_login_is_redirected_to_the_second_factor(client, role):
    user = UserFactory(role=role)

    response = log_in(client, user.email, next=MELDPUNT_URL)

    assert response.status_code == 302
    assert response.url == f"{SECOND_FACTOR_URL}?next=%2Fmeldpunt%2F"
    assert not is_verified(client)


@pytest.mark.parametrize("url", [START_URL, MELDPUNT_URL, "/admin/", "/monitoring/"])
def test_staff_member_opens_no_page_before_the_second_factor(login, medewerker, url):
    client = login(medewerker, verified=False)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(SECOND_FACTOR_URL)


@pytest.mark.parametrize("role", NON_STAFF_ROLES)
def test_non_staff_roles_are_never_asked_for_a_second_factor(client, role):
    user = UserFactory(role=role)

    response = log_in(client, user.email)

    assert response.url == START_URL
    assert client.get(START_URL).status_code == 200
    second_factor = client.get(SECOND_FACTOR_URL)
    assert second_factor.status_code == 302
    assert second_factor.url == START_URL
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_second_factor_page_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(SECOND_FACTOR_URL, {"next": MELDPUNT_URL})

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next=%2Fmeldpunt%2F"


def test_enrolment_shows_a_qr_code_and_a_valid_code_confirms_the_app_and_opens_the_meldpunt(client, medewerker):
    # Log in with the password: on to the second factor.
    response = log_in(client, medewerker.email, next=MELDPUNT_URL)
    response = client.get(response.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Koppel uw app voor de tweede stap" in html
    assert re.search(r"<svg[^>]*class=\"qr-code\"", html)
    assert "<title>QR-code om Omzien toe te voegen aan uw authenticator-app</title>" in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert 'name="next" value="/meldpunt/"' in html
    device = TOTPDevice.objects.get(user=medewerker)
    assert not device.confirmed
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", response.context["secret"])

    # Type the code of the app: the app is linked and the meldpunt opens.
    response = client.post(SECOND_FACTOR_URL, {"token": totp_token(device), "next": MELDPUNT_URL})

    assert response.status_code == 302
    assert response.url == MELDPUNT_URL
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified(client)
    assert client.get(MELDPUNT_URL).status_code == 200


def test_enrolment_shows_the_same_key_when_the_page_is_opened_again(login, medewerker):
    client = login(medewerker, verified=False)

    first = client.get(SECOND_FACTOR_URL).context["secret"]
    second = client.get(SECOND_FACTOR_URL).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=medewerker).count() == 1


def test_wrong_code_shows_a_dutch_error_and_keeps_the_user_unverified(login, medewerker):
    client = login(medewerker, verified=False)
    client.get(SECOND_FACTOR_URL)
    device = TOTPDevice.objects.get(user=medewerker)

    response = client.post(SECOND_FACTOR_URL, {"token": wrong_totp_token(device)})

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_token_error"><li>Deze code klopt niet. '
        "Kijk in de app en typ de cijfers die u nu ziet.</li></ul>"
    ) in html
    assert 'aria-describedby="id_token_helptext id_token_error"' in html
    assert "<svg" in html  # the QR code is still there to scan
    assert not is_verified(client)
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(MELDPUNT_URL).url.startswith(SECOND_FACTOR_URL)


@pytest.mark.parametrize(
    ("token", "error"),
    [
        ("", "Vul de code van 6 cijfers uit de app in."),
        ("abcdef", "De code is 6 cijfers lang."),
        ("12345", "De code is 6 cijfers lang."),
        ("١٢٣٤٥٦", "De code is 6 cijfers lang."),  # Arabic-Indic digits
        ("1" * 500, "De code is 6 cijfers lang."),
    ],
)
def test_a_code_that_is_not_6_digits_gets_a_dutch_error_and_does_not_count_as_an_attempt(
    login, medewerker, token, error
):
    device = TOTPDeviceFactory(user=medewerker)
    client = login(medewerker, verified=False)

    response = client.post(SECOND_FACTOR_URL, {"token": token})

    assert response.status_code == 200
    assert error in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_user_with_a_linked_app_is_only_asked_for_the_code(login, medewerker):
    device = TOTPDeviceFactory(user=medewerker)
    client = login(medewerker, verified=False)

    response = client.get(SECOND_FACTOR_URL)
    html = response.content.decode()
    assert "Tweede stap: code uit uw app" in html
    assert "<svg" not in html
    assert "secret" not in response.context

    response = client.post(SECOND_FACTOR_URL, {"token": totp_token(device)})

    assert response.url == START_URL
    assert is_verified(client)
    assert TOTPDevice.objects.filter(user=medewerker).count() == 1


def test_a_code_typed_with_a_space_is_accepted(login, coordinator):
    device = TOTPDeviceFactory(user=coordinator)
    client = login(coordinator, verified=False)
    token = totp_token(device)

    response = client.post(SECOND_FACTOR_URL, {"token": f"{token[:3]} {token[3:]}"})

    assert response.url == START_URL


def test_wrong_codes_in_a_row_are_throttled_with_a_dutch_message_even_for_the_right_code(login, medewerker):
    device = TOTPDeviceFactory(user=medewerker)
    client = login(medewerker, verified=False)

    client.post(SECOND_FACTOR_URL, {"token": wrong_totp_token(device)})
    response = client.post(SECOND_FACTOR_URL, {"token": totp_token(device)})

    html = response.content.decode()
    assert "U heeft te vaak een verkeerde code ingevuld. Wacht 1 seconde en probeer het dan opnieuw." in html
    assert not is_verified(client)


def test_the_throttle_message_counts_in_minutes_after_many_wrong_codes(login, medewerker):
    device = TOTPDeviceFactory(
        user=medewerker, throttling_failure_count=10, throttling_failure_timestamp=timezone.now()
    )
    client = login(medewerker, verified=False)

    response = client.post(SECOND_FACTOR_URL, {"token": totp_token(device)})

    # 2**9 seconds = 512 seconds: 9 minutes, rounded up.
    assert "Wacht 9 minuten en probeer het dan opnieuw." in response.content.decode()


def test_second_factor_does_not_follow_a_next_page_on_another_site(login, medewerker):
    device = TOTPDeviceFactory(user=medewerker)
    client = login(medewerker, verified=False)

    response = client.post(SECOND_FACTOR_URL, {"token": totp_token(device), "next": "//evil.example/"})

    assert response.url == START_URL


@pytest.mark.parametrize("next_url", ["javascript:alert(1)", "///evil.example/", "x" * 5000])
def test_an_odd_next_page_on_the_second_factor_page_never_breaks_it(login, medewerker, next_url):
    client = login(medewerker, verified=False)

    assert client.get(SECOND_FACTOR_URL, {"next": next_url}).status_code == 200
    assert client.post(SECOND_FACTOR_URL, {"next": next_url, "token": "x"}).status_code == 200


@pytest.mark.parametrize("next_url", ["-1", "home", "🙂", "' OR 1=1 --"])
def test_an_odd_next_page_for_a_verified_staff_member_never_breaks_the_second_factor_page(login, medewerker, next_url):
    client = login(medewerker)

    assert client.get(SECOND_FACTOR_URL, {"next": next_url}).status_code == 302
    assert client.post(SECOND_FACTOR_URL, {"next": next_url}).status_code == 302


def test_a_verified_staff_member_who_opens_the_second_factor_page_goes_on(login, medewerker):
    client = login(medewerker)

    response = client.get(SECOND_FACTOR_URL, {"next": MELDPUNT_URL})

    assert response.url == MELDPUNT_URL


def test_the_login_fixture_opens_staff_pages_at_once(login, medewerker, coordinator):
    assert login(medewerker).get(MELDPUNT_URL).status_code == 200
    assert login(coordinator).get(MELDPUNT_URL).status_code == 200


# Partners see residents' names, addresses and phone numbers in their inbox: they need the second factor too.
INBOX_URL = reverse("meldpunt:inbox")


def test_a_partner_who_types_the_password_is_asked_for_the_second_factor(client, partner):
    response = log_in(client, partner.email, next=INBOX_URL)

    assert response.status_code == 302
    assert response.url == f"{SECOND_FACTOR_URL}?next=%2Fmeldpunt%2Finbox%2F"
    assert not is_verified(client)


@pytest.mark.parametrize("url", [START_URL, INBOX_URL])
def test_a_partner_opens_no_page_before_the_second_factor(login, partner, url):
    client = login(partner, verified=False)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(SECOND_FACTOR_URL)


def test_a_partner_links_an_app_and_then_opens_the_inbox(client, partner):
    log_in(client, partner.email, next=INBOX_URL)
    page = client.get(SECOND_FACTOR_URL, {"next": INBOX_URL})
    assert "Koppel uw app voor de tweede stap" in page.content.decode()
    device = TOTPDevice.objects.get(user=partner)

    response = client.post(SECOND_FACTOR_URL, {"token": totp_token(device), "next": INBOX_URL})

    assert response.url == INBOX_URL
    assert client.get(INBOX_URL).status_code == 200


# ---------------------------------------------------------------------------
# Lockout (django-axes)
# ---------------------------------------------------------------------------
def test_five_wrong_passwords_lock_the_account_with_a_dutch_message(client, partner):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, partner.email, "fout-wachtwoord")
        assert response.status_code == 200
        assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()

    response = log_in(client, partner.email, "fout-wachtwoord")

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Inloggen is even geblokkeerd" in html
    assert "Er is 5 keer een verkeerd wachtwoord ingevuld voor dit account, vanaf dit internetadres." in html
    assert "Wacht 15 minuten en probeer het dan opnieuw." in html
    assert reverse("coalition:password_reset") in html
    assert "beheerder" in html


def test_a_locked_account_is_refused_even_with_the_right_password(client, partner):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, partner.email, "fout-wachtwoord")

    response = log_in(client, partner.email, PASSWORD)

    assert response.status_code == 429
    assert "Inloggen is even geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_one_account_whatever_capitals_are_typed(client, partner):
    spellings = [partner.email, partner.email.upper(), partner.email.title(), partner.email, partner.email.upper()]
    for email in spellings:
        log_in(client, email, "fout-wachtwoord")

    assert log_in(client, partner.email, PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off_time(client, partner):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, partner.email, "fout-wachtwoord")

    # As if the last wrong password was typed just over the cool-off time ago.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))

    response = log_in(client, partner.email, PASSWORD)

    assert response.status_code == 302


# An attacker somewhere else: the lockout is per account and address, the throttle per account is slow.
ATTACKER = "203.0.113.66"
USER_ADDRESS = "198.51.100.7"
THROTTLED_MESSAGE = "Daarom kan er nu maar één keer per minuut worden ingelogd. Wacht een minuut"


def log_in_from(client, address, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_an_attacker_at_another_address_cannot_lock_the_user_out(client, medewerker):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_from(client, ATTACKER, medewerker.email, "fout-wachtwoord")

    # The attacker's address is locked, even with the right password ...
    locked = log_in_from(client, ATTACKER, medewerker.email)
    assert locked.status_code == 429
    assert "Inloggen is even geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # ... but the user at their own address logs in as always.
    response = log_in_from(client, USER_ADDRESS, medewerker.email)
    assert response.status_code == 302
    assert response.url.startswith(SECOND_FACTOR_URL)
    assert client.session["_auth_user_id"] == str(medewerker.pk)


def test_the_throttle_per_account_bounds_guesses_from_many_addresses(client, medewerker):
    limit = settings.LOGIN_THROTTLE_FAILURES
    # A hundred wrong passwords, each from a new address, so the lockout per address never comes into play.
    answers = [log_in_from(client, f"192.0.2.{n}", medewerker.email, f"gok-{n}") for n in range(100)]

    checked = [r for r in answers if "Het e-mailadres of het wachtwoord klopt niet." in r.content.decode()]
    throttled = [r for r in answers if r.status_code == 429]
    # The first `limit` wrong passwords, then one attempt in the minute; the rest were never checked.
    assert len(checked) == limit + 1
    assert len(throttled) == 100 - limit - 1
    assert THROTTLED_MESSAGE in throttled[0].content.decode()
    assert not AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists()
    # Even the right password waits for the next minute: the password is not checked at all.
    assert log_in_from(client, "192.0.2.200", medewerker.email).status_code == 429
    assert "_auth_user_id" not in client.session


def test_after_the_interval_the_throttled_account_gets_one_attempt_again(client, medewerker, settings):
    settings.LOGIN_THROTTLE_INTERVAL_SECONDS = 1
    for n in range(settings.LOGIN_THROTTLE_FAILURES + 1):
        log_in_from(client, f"192.0.2.{n}", medewerker.email, "fout-wachtwoord")
    assert log_in_from(client, USER_ADDRESS, medewerker.email).status_code == 429

    time.sleep(1.1)
    response = log_in_from(client, USER_ADDRESS, medewerker.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(medewerker.pk)


def test_a_locked_out_address_does_not_use_up_the_attempt_of_the_minute(client, medewerker, settings):
    settings.LOGIN_THROTTLE_INTERVAL_SECONDS = 1
    settings.LOGIN_THROTTLE_FAILURES = settings.AXES_FAILURE_LIMIT
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_from(client, ATTACKER, medewerker.email, "fout-wachtwoord")
    time.sleep(1.1)  # the next minute (here: second) begins

    # The attacker's address is locked: its tries are refused by django-axes and leave the attempt to the user.
    assert log_in_from(client, ATTACKER, medewerker.email).status_code == 429
    assert log_in_from(client, ATTACKER, medewerker.email).status_code == 429
    assert log_in_from(client, USER_ADDRESS, medewerker.email).status_code == 302


def test_a_browser_that_logged_in_before_skips_the_throttle(client, medewerker):
    log_in_from(client, USER_ADDRESS, medewerker.email)
    client.post(reverse("coalition:logout"))
    attacker = Client()
    for n in range(settings.LOGIN_THROTTLE_FAILURES + 5):
        log_in_from(attacker, f"192.0.2.{n}", medewerker.email, "fout-wachtwoord")
    assert log_in_from(attacker, "192.0.2.99", medewerker.email).status_code == 429

    response = log_in_from(client, USER_ADDRESS, medewerker.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(medewerker.pk)


def test_the_known_browser_cookie_is_signed_and_for_one_account(client, medewerker, coordinator):
    log_in_from(client, USER_ADDRESS, medewerker.email)
    cookie = client.cookies["omzien_bekend_apparaat"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert medewerker.email not in cookie.value
    client.post(reverse("coalition:logout"))
    for n in range(settings.LOGIN_THROTTLE_FAILURES + 1):
        log_in_from(Client(), f"192.0.2.{n}", coordinator.email, "fout-wachtwoord")

    # The cookie of another account does not help, nor does a forged one.
    assert log_in_from(client, USER_ADDRESS, coordinator.email).status_code == 429
    client.cookies["omzien_bekend_apparaat"] = "vervalst"
    assert log_in_from(client, USER_ADDRESS, coordinator.email).status_code == 429


# ---------------------------------------------------------------------------
# Password reset
# ---------------------------------------------------------------------------
PASSWORD_RESET_URL = reverse("coalition:password_reset")
RESET_LINK_RE = re.compile(r"http://testserver(/account/wachtwoord-herstellen/[^/\s]+/[^/\s]+/)")


def test_password_reset_sends_one_mail_with_a_link_and_no_name(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Anneke Testpersoon-Brinkhuis", email="anneke@voorbeeld.nl")

    with django_capture_on_commit_callbacks(execute=True):  # through the outbox, sent when the change commits
        response = client.post(PASSWORD_RESET_URL, {"email": "Anneke@Voorbeeld.nl"})

    assert response.status_code == 302
    assert response.url == reverse("coalition:password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert mail.subject == "Nieuw wachtwoord voor Omzien"
    assert RESET_LINK_RE.search(mail.body)
    assert "Anneke" not in mail.body
    assert "Testpersoon" not in mail.body
    assert "De link werkt 1 uur en maar één keer." in mail.body  # PASSWORD_RESET_TIMEOUT: one hour


def test_an_unknown_address_gets_the_same_sent_page_and_no_mail(client, sent_mail):
    response = client.post(PASSWORD_RESET_URL, {"email": "niemand@voorbeeld.nl"}, follow=True)

    assert response.redirect_chain == [(reverse("coalition:password_reset_done"), 302)]
    assert "Kijk in uw e-mail" in response.content.decode()
    assert sent_mail() == []


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Vul uw e-mailadres in."),
        ("geen-adres", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        ("a" * 300 + "@voorbeeld.nl", "Een e-mailadres is niet langer dan 254 tekens."),
    ],
)
def test_the_password_reset_form_shows_a_dutch_error_beside_the_field(client, email, error):
    response = client.post(PASSWORD_RESET_URL, {"email": email})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<ul class="errorlist" id="id_email_error"><li>{error}' in html
    assert f'value="{email}"' in html or not email


def test_the_reset_link_lets_the_user_choose_a_new_password_with_dutch_errors(client, partner, sent_mail):
    client.post(PASSWORD_RESET_URL, {"email": partner.email})
    link = RESET_LINK_RE.search(sent_mail()[0].body).group(1)
    form_url = client.get(link).url  # Django moves the token into the session

    mismatch = client.post(form_url, {"new_password1": "Zomer-in-Twente-2025", "new_password2": "Winter-in-Twente"})
    assert '<ul class="errorlist" id="id_new_password2_error"><li>De twee wachtwoorden zijn niet hetzelfde.' in (
        mismatch.content.decode()
    )
    too_short = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "Dit wachtwoord is te kort. Gebruik minstens 12 tekens." in too_short.content.decode()  # a partner
    dutch = client.post(form_url, {"new_password1": "Zomer2025!!!", "new_password2": "Zomer2025!!!"})
    assert "Dit wachtwoord is te makkelijk te raden" in dutch.content.decode()
    common = client.post(form_url, {"new_password1": "password123", "new_password2": "password123"})
    assert "Dit wachtwoord gebruiken veel mensen." in common.content.decode()
    numeric = client.post(form_url, {"new_password1": "8472910563", "new_password2": "8472910563"})
    assert "Dit wachtwoord bestaat alleen uit cijfers." in numeric.content.decode()
    similar = client.post(form_url, {"new_password1": partner.email, "new_password2": partner.email})
    assert "Dit wachtwoord lijkt te veel op uw e-mailadres." in similar.content.decode()
    empty = client.post(form_url, {})
    assert "Vul een nieuw wachtwoord in." in empty.content.decode()

    response = client.post(form_url, {"new_password1": "Zomer-in-Twente-2025", "new_password2": "Zomer-in-Twente-2025"})

    assert response.url == reverse("coalition:password_reset_complete")
    assert log_in(client, partner.email, "Zomer-in-Twente-2025").url.startswith(SECOND_FACTOR_URL)
    assert client.session["_auth_user_id"] == str(partner.pk)


def test_an_old_or_wrong_reset_link_says_it_no_longer_works(client, partner):
    response = client.get(reverse("coalition:password_reset_confirm", args=["MQ", "fout-token"]))

    assert response.status_code == 200
    assert "Deze link werkt niet meer" in response.content.decode()


def test_a_new_password_lifts_a_lockout_and_the_throttle(client, partner, sent_mail):
    for n in range(settings.LOGIN_THROTTLE_FAILURES):
        log_in_from(client, f"192.0.2.{n}", partner.email, "fout-wachtwoord")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, partner.email, "fout-wachtwoord")
    client.post(PASSWORD_RESET_URL, {"email": partner.email})
    form_url = client.get(RESET_LINK_RE.search(sent_mail()[0].body).group(1)).url
    client.post(form_url, {"new_password1": "Zomer-in-Twente-2025", "new_password2": "Zomer-in-Twente-2025"})

    response = log_in(client, partner.email, "Zomer-in-Twente-2025")

    assert response.status_code == 302
    assert response.url.startswith(SECOND_FACTOR_URL)
    assert client.session["_auth_user_id"] == str(partner.pk)


# ---------------------------------------------------------------------------
# Sessions and log-out
# ---------------------------------------------------------------------------
def session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_a_session_with_a_second_factor_lasts_the_idle_time(login, client, role):
    login(UserFactory(role=role)).get(START_URL)

    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_SECONDS
    expected = timezone.now() + timedelta(seconds=settings.SESSION_IDLE_SECONDS)
    assert abs(session_expiry(client) - expected) < timedelta(seconds=10)


def test_a_session_without_a_second_factor_lasts_the_default(login, stuurgroep, client):
    login(stuurgroep).get(START_URL)

    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert "_session_expiry" not in client.session


@pytest.mark.parametrize(("role", "url"), [(Role.MEDEWERKER, MELDPUNT_URL), (Role.PARTNER, INBOX_URL)])
def test_a_request_after_the_idle_time_lands_on_the_login_page(login, role, url):
    client = login(UserFactory(role=role, organisaties=[OrganisatieFactory()]))
    now = timezone.now()
    idle = timedelta(seconds=settings.SESSION_IDLE_SECONDS)

    # Every request renews the session ...
    with mock.patch("django.utils.timezone.now", return_value=now + idle - timedelta(minutes=1)):
        assert client.get(url).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=now + 2 * idle - timedelta(minutes=2)):
        assert client.get(url).status_code == 200
    # ... but after the idle time without a request it is gone.
    with mock.patch("django.utils.timezone.now", return_value=now + 3 * idle):
        response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


def _idle_seconds_with(**env) -> int:
    """SESSION_IDLE_SECONDS as a fresh process reads it from these environment variables."""
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SESSION_IDLE_SECONDS", "STAFF_SESSION_IDLE_SECONDS"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="coalition.test_settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_IDLE_SECONDS)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip())


def test_the_idle_time_comes_from_session_idle_seconds_or_else_the_old_staff_name():
    assert _idle_seconds_with() == 1800
    assert _idle_seconds_with(SESSION_IDLE_SECONDS="900") == 900
    assert _idle_seconds_with(STAFF_SESSION_IDLE_SECONDS="600") == 600
    assert _idle_seconds_with(SESSION_IDLE_SECONDS="900", STAFF_SESSION_IDLE_SECONDS="600") == 900


def test_logout_by_post_goes_home_with_a_dutch_message(login, partner):
    client = login(partner)

    response = client.post(reverse("coalition:logout"), follow=True)

    assert response.redirect_chain == [(reverse("socialekaart:home"), 302)]
    assert "U bent uitgelogd." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_not_allowed(login, partner):
    client = login(partner)

    response = client.get(reverse("coalition:logout"))

    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_an_unverified_staff_member_can_log_out(login, medewerker):
    client = login(medewerker, verified=False)

    response = client.post(reverse("coalition:logout"))

    assert response.url == reverse("socialekaart:home")
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------------------
# The shared fixtures and factories
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("role", list(Role))
def test_each_role_fixture_is_a_user_with_that_role_and_the_factory_password(request, client, role):
    user = request.getfixturevalue(role.value)

    assert user.role == role
    assert user.check_password(PASSWORD)
    assert UserFactory(**{role.value: True}).role == role


def test_the_partner_fixture_acts_for_an_organisation(partner):
    assert partner.organisaties.count() == 1
