"""Refused access and failed log-ins in the audit log (issue 15), and the audit export as Dutch spreadsheets expect.

- A 403 on a case (staff of another meldpunt) or on a referral (a partner of another organisation): one line
  GEWEIGERD with who, which case and which page.
- An account locked by django-axes and a wrong code for the second factor: one line INLOG_MISLUKT without a case,
  with the account when there is one and "onbekend account" when there is none (never what was typed).
- The chain still verifies; the CSV export splits on ';', starts with a byte order mark, has Dutch headers and
  times as dd-mm-jjjj uu:mm.
"""

import csv
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import Role
from meldpunt.choices import AuditAction
from meldpunt.models import AuditRegel
from meldpunt.queries.auditchain import verify_chain
from meldpunt.services import audit
from tests.factories import (
    PASSWORD,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    TOTPDeviceFactory,
    UserFactory,
    VerwijzingFactory,
    totp_token,
    wrong_totp_token,
)

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("coalition:login")
SECOND_FACTOR_URL = reverse("coalition:second_factor")
AUDITLOG = reverse("meldpunt:auditlog")
EXPORT = reverse("meldpunt:auditlog_export")


def case_url(melding) -> str:
    return reverse("meldpunt:case", args=[melding.number])


def log_in(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"username": email, "password": password})


# ---------------------------------------------------------------------------
# A 403 on a case or a referral
# ---------------------------------------------------------------------------
def test_staff_of_another_meldpunt_get_403_and_one_line_with_who_and_which_case(client, login, medewerker):
    melding = MeldingFactory(meldpunt=MeldpuntFactory(staff=[medewerker]))
    other = UserFactory(role=Role.MEDEWERKER, full_name="Otto Ander")
    MeldpuntFactory(staff=[other])
    login(other)

    assert client.get(case_url(melding)).status_code == 403

    line = AuditRegel.objects.get()
    assert (line.user, line.melding, line.case_number, line.action) == (
        other,
        melding,
        melding.number,
        AuditAction.GEWEIGERD,
    )
    assert line.detail == f"GET {case_url(melding)}"
    assert line.get_action_display() == "Toegang geweigerd"
    assert verify_chain().intact


def test_the_query_string_of_a_refused_page_is_not_stored(client, login, medewerker):
    melding = MeldingFactory(meldpunt=MeldpuntFactory(staff=[medewerker]))
    login(UserFactory(role=Role.COORDINATOR))
    assert client.get(case_url(melding), {"zoek": "Jansen"}).status_code == 403
    assert "Jansen" not in AuditRegel.objects.get().detail


def test_the_case_of_the_own_meldpunt_writes_no_refusal(client, login, medewerker):
    melding = MeldingFactory(meldpunt=MeldpuntFactory(staff=[medewerker]))
    login(medewerker)
    assert client.get(case_url(melding)).status_code == 200
    assert not AuditRegel.objects.filter(action=AuditAction.GEWEIGERD).exists()


def test_a_partner_of_another_organisation_is_refused_the_referral_and_it_is_logged(client, login):
    verwijzing = VerwijzingFactory()
    stranger = UserFactory(role=Role.PARTNER, organisaties=[OrganisatieFactory()])
    login(stranger)

    assert client.get(reverse("meldpunt:inbox_detail", args=[verwijzing.pk])).status_code == 403

    line = AuditRegel.objects.get()
    assert (line.user, line.melding_id, line.action) == (stranger, verwijzing.melding_id, AuditAction.GEWEIGERD)
    assert line.detail.startswith(f"verwijzing {verwijzing.reference} (GET ")


def test_a_refusal_costs_one_insert_and_the_chains_two_queries(client, login):
    melding = MeldingFactory()
    login(UserFactory(role=Role.MEDEWERKER))
    client.get(case_url(melding))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(case_url(melding)).status_code == 403
    audit_sql = [q["sql"] for q in captured.captured_queries if "auditregel" in q["sql"] or "advisory" in q["sql"]]
    assert len(audit_sql) == 3  # the lock, the last line, the insert


# ---------------------------------------------------------------------------
# A locked account
# ---------------------------------------------------------------------------
def test_a_locked_account_writes_one_line_with_the_account(client, partner):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, partner.email.upper(), "fout-wachtwoord")
    # Trying on while locked (even with the right password) adds no more lines.
    assert log_in(client, partner.email, PASSWORD).status_code == 429
    assert log_in(client, partner.email, "fout-wachtwoord").status_code == 429

    line = AuditRegel.objects.get()
    assert (line.user, line.melding, line.case_number, line.action) == (partner, None, "", AuditAction.INLOG_MISLUKT)
    assert line.detail == f"{partner.email}: account geblokkeerd na 5 foute inlogpogingen"
    assert "fout-wachtwoord" not in line.detail and PASSWORD not in line.detail
    assert verify_chain().intact


def test_wrong_passwords_that_do_not_lock_write_no_line(client, partner):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, partner.email, "fout-wachtwoord")
    assert not AuditRegel.objects.exists()


def test_a_lockout_of_an_unknown_address_does_not_store_what_was_typed(client):
    typed = "geheim-wachtwoord-in-verkeerd-veld@x.nl"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, typed, "fout-wachtwoord")

    line = AuditRegel.objects.get()
    assert (line.user, line.melding, line.action) == (None, None, AuditAction.INLOG_MISLUKT)
    assert line.detail == "onbekend account: geblokkeerd na 5 foute inlogpogingen"
    assert "geheim" not in line.detail


# ---------------------------------------------------------------------------
# A wrong second factor
# ---------------------------------------------------------------------------
def test_a_wrong_totp_code_writes_a_line_and_the_right_one_none(login, medewerker):
    device = TOTPDeviceFactory(user=medewerker)
    client = login(medewerker, verified=False)
    wrong = wrong_totp_token(device)

    response = client.post(SECOND_FACTOR_URL, {"token": wrong})
    assert response.status_code == 200

    line = AuditRegel.objects.get()
    assert (line.user, line.melding, line.action) == (medewerker, None, AuditAction.INLOG_MISLUKT)
    assert line.detail == f"{medewerker.email}: verkeerde code voor de tweede factor"
    assert wrong not in line.detail

    device.throttling_failure_count = 0  # django-otp's wait after a wrong code
    device.throttling_failure_timestamp = None
    device.save()
    assert client.post(SECOND_FACTOR_URL, {"token": totp_token(device)}).status_code == 302
    assert AuditRegel.objects.count() == 1
    assert verify_chain().intact


def test_a_wrong_code_while_linking_the_app_is_logged_as_such(login, medewerker):
    client = login(medewerker, verified=False)
    client.get(SECOND_FACTOR_URL)  # makes the unconfirmed device
    device = medewerker.totpdevice_set.get()
    client.post(SECOND_FACTOR_URL, {"token": wrong_totp_token(device)})
    assert AuditRegel.objects.get().detail == f"{medewerker.email}: verkeerde code bij het koppelen van de app"


def test_a_malformed_code_is_a_typing_error_not_a_failed_log_in(login, medewerker):
    TOTPDeviceFactory(user=medewerker)
    client = login(medewerker, verified=False)
    assert client.post(SECOND_FACTOR_URL, {"token": "12ab"}).status_code == 200
    assert not AuditRegel.objects.exists()


# ---------------------------------------------------------------------------
# The audit log page and its export
# ---------------------------------------------------------------------------
def test_the_filter_offers_the_new_actions_and_finds_them(client, login, functionaris, medewerker):
    melding = MeldingFactory()
    audit.log_refused(medewerker, melding, "GET /meldpunt/x/")
    audit.log_failed_login(None, "onbekend account: geblokkeerd na 5 foute inlogpogingen")
    login(functionaris)

    page = client.get(AUDITLOG).content.decode()
    assert '<option value="geweigerd">Toegang geweigerd</option>' in page
    assert '<option value="inlog_mislukt">Inloggen mislukt</option>' in page
    assert "onbekend account" in page

    page = client.get(AUDITLOG, {"handeling": "geweigerd"}).content.decode()
    assert melding.number in page and "onbekend account" not in page
    assert client.get(AUDITLOG, {"handeling": "inlog_mislukt"}).context["page"].paginator.count == 1


def test_the_csv_export_is_semicolon_separated_with_a_bom_dutch_headers_and_dutch_times(client, login, functionaris):
    melding = MeldingFactory()
    user = UserFactory(role=Role.MEDEWERKER, full_name="Mila; van Dijk")  # a ';' in a cell stays in its cell
    audit.log_refused(user, melding, "GET /meldpunt/x/")
    audit.log_failed_login(None, "onbekend account: geblokkeerd na 5 foute inlogpogingen")
    login(functionaris)

    response = client.get(EXPORT, {"formaat": "csv"})

    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Tijdstip;Gebruiker;E-mailadres;Rol;Melding;Handeling;Wat"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Tijdstip", "Gebruiker", "E-mailadres", "Rol", "Melding", "Handeling", "Wat"]
    assert all(len(row) == 7 for row in rows)
    by_action = {row[5]: row for row in rows[1:]}
    role = str(Role.MEDEWERKER.label)
    assert by_action["Toegang geweigerd"][1:5] == ["Mila; van Dijk", user.email, role, melding.number]
    assert by_action["Inloggen mislukt"][1] == "onbekend account"
    assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", row[0]) for row in rows[1:])


def test_the_excel_export_has_the_same_cells(client, login, functionaris, medewerker):
    audit.log_refused(medewerker, MeldingFactory(), "GET /meldpunt/x/")
    login(functionaris)
    response = client.get(EXPORT, {"formaat": "xlsx", "handeling": "geweigerd"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Tijdstip" and rows[1][5] == "Toegang geweigerd"
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", rows[1][0])
