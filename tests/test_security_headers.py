"""Security headers (issue 13): a Content-Security-Policy without inline scripts or styles, and a Permissions-Policy
that switches off the browser features no page uses. The other browser tests run under the same policy and fail on
any violation (tests/browser.py); the test here walks the main pages of each kind of user and the charts."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from coalition.models import Role
from meldpunt.services.measurements import record_djg, record_pg
from tests.browser import browser_page, csp_violation_events, watch_csp_violations
from tests.conftest import confirmed_totp_device
from tests.factories import (
    ActiviteitFactory,
    GemeenteFactory,
    MeldingFactory,
    MeldpuntFactory,
    UserFactory,
)

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    Path(settings.BASE_DIR) / app / "templates" for app in ("coalition", "meldpunt", "socialekaart", "subsidies")
]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.django_db
def test_every_page_has_a_content_security_policy_without_inline_script_or_style(client):
    for url in [reverse("socialekaart:home"), reverse("coalition:login"), "/bestaat-niet/"]:
        policy = directives(client.get(url))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert not any("unsafe" in value for values in policy.values() for value in values), policy


@pytest.mark.django_db
def test_every_page_switches_off_camera_microphone_and_location(client, login):
    for response in [client.get(reverse("socialekaart:home")), login(UserFactory(role=Role.PARTNER)).get("/mijn/")]:
        header = response["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
            assert feature in header.split(", "), header


def test_no_template_has_an_inline_script_an_event_handler_or_a_style():
    """What the policy refuses must not be in a template: it would silently stop working in the browser."""
    forbidden = {
        "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
        "event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
        "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
        "<style>": re.compile(r"<style\b", re.IGNORECASE),
        "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    }
    found = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            text = path.read_text()
            found += [
                f"{path.relative_to(settings.BASE_DIR)}: {what}" for what, rx in forbidden.items() if rx.search(text)
            ]
    assert not found, found


def browser_session(user) -> str:
    """The session cookie of `user`, logged in with the second factor."""
    browser = Client()
    browser.force_login(user)
    if user.needs_second_factor:
        session = browser.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
        session.save()
    return browser.cookies["sessionid"].value


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_of_every_kind_of_user_break_no_rule_of_the_policy(live_server):
    """Public pages, a case with its measurement charts and print button, the monitor with its charts, the admin:
    the browser reports no violation of the Content-Security-Policy, and the charts are drawn."""
    gemeente = GemeenteFactory(name="Twenterand")
    medewerker = UserFactory(role=Role.MEDEWERKER)
    meldpunt = MeldpuntFactory(gemeente=gemeente, staff=[medewerker])
    melding = MeldingFactory(meldpunt=meldpunt, received_at=timezone.now() - timedelta(days=60))
    today = timezone.localdate()
    record_djg(melding, "djg6", "intake", today - timedelta(days=30), dict.fromkeys(range(1, 7), "ja"), medewerker)
    record_djg(melding, "djg6", "tussentijds", today, dict.fromkeys(range(1, 7), "nee"), medewerker)
    marks = ["lichaamsfuncties", "mentaal_welbevinden", "zingeving", "kwaliteit_van_leven", "meedoen"]
    record_pg(melding, "intake", today, dict.fromkeys([*marks, "dagelijks_functioneren"], 6), medewerker)
    activiteit = ActiviteitFactory(title="Wandelgroep")
    sessions = {
        None: None,
        "medewerker": browser_session(medewerker),
        "stuurgroep": browser_session(UserFactory(role=Role.STUURGROEP)),
        "coordinator": browser_session(UserFactory(role=Role.COORDINATOR)),
        "partner": browser_session(UserFactory(role=Role.PARTNER)),
    }
    case = reverse("meldpunt:case", args=[melding.number])
    pages = {
        None: [
            "/",
            reverse("socialekaart:search") + "?q=wandelen",
            activiteit.get_absolute_url(),
            reverse("socialekaart:agenda"),
            reverse("meldpunt:melden"),
            reverse("subsidies:index"),
            reverse("coalition:login"),
            "/bestaat-niet/",
        ],
        "medewerker": [reverse("meldpunt:index"), case, reverse("meldpunt:case_export", args=[melding.number])],
        "stuurgroep": [reverse("monitoring:index"), reverse("monitoring:report")],
        "coordinator": [
            "/admin/",
            "/admin/socialekaart/activiteit/",
            f"/admin/socialekaart/activiteit/{activiteit.pk}/change/",
        ],
        "partner": [reverse("coalition:start"), reverse("socialekaart:partner_index")],
    }
    charts = {}
    with browser_page() as page:
        for role, paths in pages.items():
            page.context.clear_cookies()
            if sessions[role]:
                page.context.add_cookies([{"name": "sessionid", "value": sessions[role], "url": live_server.url}])
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == (404 if path == "/bestaat-niet/" else 200), (role, path, response.status)
                assert "content-security-policy" in response.headers, path
                if path == case:
                    charts = page.evaluate(
                        """() => [...document.querySelectorAll('svg.measurement-chart')].map(
                            svg => svg.getBoundingClientRect().width)"""
                    )
        # The watch itself works (on a page of its own, which browser_page does not check): a script added to the
        # page is refused, and both the console and the event report it.
        other = page.context.browser.new_page()
        reported = watch_csp_violations(other)
        other.goto(live_server.url + "/")
        other.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
        )
        other.wait_for_timeout(200)
        assert any("script-src" in event for event in csp_violation_events(other))
        assert reported
    # The spider chart and the trend line are drawn, each with a width.
    assert len(charts) == 2, charts
    assert all(width > 100 for width in charts), charts
