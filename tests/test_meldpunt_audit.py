"""The meldpunt's audit log: append-only in the database, read and exported only by the functionaris."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt import models
from meldpunt.choices import AuditAction
from meldpunt.models import AuditRegel
from meldpunt.services import audit
from tests.factories import MeldingFactory, MeldpuntFactory, UserFactory

pytestmark = pytest.mark.django_db

AUDITLOG = reverse("meldpunt:auditlog")
EXPORT = reverse("meldpunt:auditlog_export")


@pytest.fixture
def line(medewerker):
    return audit.log(medewerker, MeldingFactory(), AuditAction.BEKEKEN, "casuspagina")


# ---------------------------------------------------------------------------
# Nobody changes or deletes a line: not the ORM, not raw SQL, not the admin
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE meldpunt_auditregel SET detail = 'weggepoetst' WHERE id = %s",
        "DELETE FROM meldpunt_auditregel WHERE id = %s",
    ],
)
def test_the_database_refuses_to_update_or_delete_an_audit_line(line, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [line.pk])
    line.refresh_from_db()
    assert line.detail == "casuspagina"


def test_the_database_refuses_queryset_update_and_delete(line):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRegel.objects.filter(pk=line.pk).update(detail="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRegel.objects.filter(pk=line.pk).delete()
    assert AuditRegel.objects.get(pk=line.pk).detail == "casuspagina"


def test_the_model_refuses_to_save_an_existing_line_or_delete_one(line):
    line.detail = "anders"
    with pytest.raises(PermissionError):
        line.save()
    with pytest.raises(PermissionError):
        line.delete()
    assert AuditRegel.objects.filter(pk=line.pk, detail="casuspagina").exists()


def test_a_case_with_audit_lines_cannot_be_deleted(line):
    """Deleting a case would take its trail with it: the foreign key protects it."""
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        line.melding.delete()


def test_no_case_model_is_in_the_admin():
    """Coördinatoren and beheerders work in the admin: they must not read cases or edit the trail there."""
    case_models = [
        models.Melding, models.Signaal, models.Gebeurtenis, models.Stap, models.DJGMeting, models.PGMeting,
        models.Herinnering, models.AuditRegel, models.Volgnummer,
    ]  # fmt: skip
    registered = [model for model in case_models if model in admin.site._registry]
    assert registered == []


# ---------------------------------------------------------------------------
# Writing lines
# ---------------------------------------------------------------------------
def test_log_view_writes_who_which_case_and_what(medewerker):
    melding = MeldingFactory()
    audit.log_view(medewerker, melding, "casuspagina")
    line = AuditRegel.objects.get()
    assert (line.user, line.melding, line.case_number, line.action, line.detail) == (
        medewerker, melding, melding.number, AuditAction.BEKEKEN, "casuspagina"
    )  # fmt: skip
    assert timezone.now() - line.at < timedelta(seconds=5)


def test_a_system_line_has_no_user_and_a_long_detail_is_cut():
    audit.log(None, None, AuditAction.GEANONIMISEERD, "x" * 400)
    line = AuditRegel.objects.get()
    assert line.user is None and line.case_number == "" and len(line.detail) == 300


# ---------------------------------------------------------------------------
# The page: only the functionaris, filters, pages, and reading is logged
# ---------------------------------------------------------------------------
def _seed():
    mila = UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")
    cor = UserFactory(role=Role.COORDINATOR, full_name="Cor Coördinator")
    first, second = MeldingFactory(), MeldingFactory()
    audit.log(mila, first, AuditAction.BEKEKEN, "casuspagina")
    audit.log(mila, first, AuditAction.GEWIJZIGD, "status")
    audit.log(cor, second, AuditAction.GEEXPORTEERD, "alle gegevens (JSON)")
    audit.log(None, second, AuditAction.GEANONIMISEERD, "bewaartermijn")
    return mila, cor, first, second


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNCTIONARIS])
def test_only_the_functionaris_reads_the_audit_log(client, login, role):
    login(UserFactory(role=role))
    assert client.get(AUDITLOG).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_the_functionaris_sees_the_lines_and_reading_is_logged(client, login, functionaris):
    _mila, _cor, first, second = _seed()
    login(functionaris)
    response = client.get(AUDITLOG)
    assert response.status_code == 200
    page = response.content.decode()
    assert first.number in page and second.number in page and "Mila Medewerker" in page and "systeem" in page
    read = AuditRegel.objects.order_by("-pk").first()
    assert (read.user, read.melding, read.action, read.detail) == (functionaris, None, AuditAction.BEKEKEN, "auditlog")
    # And the menu offers the audit log to the functionaris.
    assert f'href="{AUDITLOG}" aria-current="page">Auditlog</a>' in page


def test_reading_is_logged_after_the_page_is_made_so_count_and_lines_agree(client, login, functionaris):
    login(functionaris)
    first = client.get(AUDITLOG).context["page"]
    assert first.paginator.count == 0 and list(first.object_list) == []
    second = client.get(AUDITLOG).context["page"]
    assert second.paginator.count == 1 and [line.detail for line in second.object_list] == ["auditlog"]


def test_the_filters_narrow_the_lines(client, login, functionaris):
    _mila, cor, first, second = _seed()
    login(functionaris)

    def numbers_and_actions(**params):
        response = client.get(AUDITLOG, params)
        return {(line.case_number, line.action) for line in response.context["page"].object_list}

    assert numbers_and_actions(nummer=first.number.lower()) == {
        (first.number, AuditAction.BEKEKEN), (first.number, AuditAction.GEWIJZIGD)
    }  # fmt: skip
    assert numbers_and_actions(nummer=second.number[-5:]) == {
        (second.number, AuditAction.GEEXPORTEERD), (second.number, AuditAction.GEANONIMISEERD)
    }  # fmt: skip
    assert numbers_and_actions(gebruiker=cor.pk) == {(second.number, AuditAction.GEEXPORTEERD)}
    assert numbers_and_actions(handeling=AuditAction.GEWIJZIGD) == {(first.number, AuditAction.GEWIJZIGD)}
    today = timezone.localdate()
    assert len(numbers_and_actions(van=today.isoformat(), tot=today.isoformat(), nummer=first.number)) == 2
    assert numbers_and_actions(van=(today + timedelta(days=1)).isoformat()) == set()
    assert numbers_and_actions(tot=(today - timedelta(days=1)).isoformat()) == set()
    # The page's own reading lines say which filter was used.
    assert AuditRegel.objects.filter(action=AuditAction.BEKEKEN, detail__contains=f"gebruiker={cor.pk}").exists()


def test_a_bad_filter_gets_a_dutch_message_beside_it_and_keeps_the_input(client, login, functionaris):
    _seed()
    login(functionaris)
    response = client.get(AUDITLOG, {"van": "2026-03-10", "tot": "2026-03-01", "nummer": "ME-2026"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "vóór de begindatum" in form.errors["tot"][0]
    page = response.content.decode()
    assert 'value="2026-03-10"' in page and 'value="2026-03-01"' in page and 'value="ME-2026"' in page
    response = client.get(AUDITLOG, {"van": "31-02-2026"})
    assert "van" in response.context["form"].errors


def test_the_audit_log_is_paginated_and_pages_keep_the_filters(client, login, functionaris):
    melding = MeldingFactory()
    user = UserFactory(role=Role.MEDEWERKER)
    audit.log_list_view(user, [(melding.pk, melding.number)] * 120, "lijst")
    login(functionaris)
    response = client.get(AUDITLOG, {"handeling": "bekeken", "nummer": melding.number})
    page = response.context["page"]
    assert page.paginator.count == 120 and len(page.object_list) == 50
    assert f"nummer={melding.number}" in response.content.decode()
    assert "pagina=2" in response.content.decode()
    last = client.get(AUDITLOG, {"handeling": "bekeken", "nummer": melding.number, "pagina": 3})
    assert len(last.context["page"].object_list) == 20
    assert client.get(AUDITLOG, {"pagina": "zeven"}).status_code == 200


def test_the_audit_log_page_takes_a_bounded_number_of_queries(
    client, login, functionaris, django_assert_max_num_queries
):
    melding = MeldingFactory()
    users = [UserFactory(role=Role.MEDEWERKER) for _ in range(5)]
    for user in users:
        audit.log_list_view(user, [(melding.pk, melding.number)] * 12, "lijst")
    login(functionaris)
    client.get(AUDITLOG)  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get(AUDITLOG).status_code == 200


# ---------------------------------------------------------------------------
# Export: CSV and Excel of the filtered lines, and exporting is logged
# ---------------------------------------------------------------------------
def test_the_csv_export_holds_the_filtered_lines_and_is_logged(client, login, functionaris):
    _mila, _cor, first, _second = _seed()
    audit.log(UserFactory(full_name="=HYPERLINK(1)"), None, AuditAction.BEKEKEN, "x")
    login(functionaris)
    response = client.get(EXPORT, {"nummer": first.number})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Tijdstip", "Gebruiker"]
    assert sorted(row[5] for row in rows[1:]) == ["Bekeken", "Gewijzigd"]
    assert {row[4] for row in rows[1:]} == {first.number}
    assert {row[1] for row in rows[1:]} == {"Mila Medewerker"}
    exported = AuditRegel.objects.order_by("-pk").first()
    assert exported.action == AuditAction.GEEXPORTEERD and exported.melding is None and exported.user == functionaris
    assert exported.detail.startswith("auditlog (csv)") and first.number in exported.detail

    everything = client.get(EXPORT).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in everything  # a spreadsheet shows it as text and never runs it


def test_the_excel_export(client, login, functionaris):
    _mila, cor, _first, second = _seed()
    login(functionaris)
    response = client.get(EXPORT, {"formaat": "xlsx", "gebruiker": cor.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tijdstip"
    assert [row[4] for row in rows[1:]] == [second.number]
    assert AuditRegel.objects.filter(action=AuditAction.GEEXPORTEERD, detail__startswith="auditlog (xlsx)").exists()


def test_an_export_with_a_bad_filter_shows_the_page_with_the_message(client, login, functionaris):
    login(functionaris)
    response = client.get(EXPORT, {"van": "2026-03-10", "tot": "2026-03-01"})
    assert response.status_code == 200 and "tot" in response.context["form"].errors
    assert not AuditRegel.objects.filter(action=AuditAction.GEEXPORTEERD).exists()


# ---------------------------------------------------------------------------
# Every view of a case writes a line (the privacy pages; the case page is tested with the case file)
# ---------------------------------------------------------------------------
def test_the_privacy_pages_write_lines_for_the_case(client, login, medewerker):
    melding = MeldingFactory(meldpunt=MeldpuntFactory(staff=[medewerker]))
    login(medewerker)
    client.get(reverse("meldpunt:case_export", args=[melding.number]))
    client.get(reverse("meldpunt:case_export", args=[melding.number]), {"formaat": "json"})
    client.get(reverse("meldpunt:case_erase", args=[melding.number]))
    lines = list(AuditRegel.objects.filter(melding=melding, user=medewerker).order_by("pk"))
    assert [(line.action, line.detail) for line in lines] == [
        (AuditAction.GEEXPORTEERD, "alle gegevens (leesbaar)"),
        (AuditAction.GEEXPORTEERD, "alle gegevens (JSON)"),
        (AuditAction.BEKEKEN, "wissen"),
    ]
