"""Limits on every import, and large imports in the background (issue 13).

Through the real admin pages, as a coördinator: a file that is too big or too long, an XLSX zip bomb, and a file that
is no spreadsheet at all each get a Dutch message at once and save nothing (never a 500). A file with more rows than
IMPORT_INLINE_MAX_ROWS is imported by a Celery task (here run eagerly after the commit; a real worker runs it in
tests/test_celery_worker.py), with a page that refreshes itself without JavaScript, a <progress> bar and the result.
"""

import io
import time
import zipfile
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from coalition import imports, queries
from coalition.models import Importtaak, Organisatie, Role
from coalition.resources import DutchXLSX, OrganisatieResource
from coalition.services import imports as import_service
from tests.factories import UserFactory

CSV_FORMAT, XLSX_FORMAT = "0", "1"
ORGANISATIES = [["naam", "soort"], ["Bibliotheek Proef", "bibliotheek"], ["Kerk De Proef", "kerk"], ["Buurthuis", ""]]
ORGANISATIES_CSV = "\n".join(";".join(row) for row in ORGANISATIES) + "\n"


@pytest.fixture
def admin_client(login, coordinator):
    return login(coordinator)


def upload(client, content, *, name="organisaties.csv", fmt=CSV_FORMAT):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("admin:coalition_organisatie_import"),
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(name, content)},
    )


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(xlsx: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML changed by `change`, packed as tightly as zip can."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return packed.getvalue()


def zip_bomb(megabytes: int = 20) -> bytes:
    """A real workbook whose sheet carries megabytes of zeros (in an XML comment): a few kB packed."""
    padding = b"<!--" + b"0" * (megabytes * 1024 * 1024) + b"-->"
    return with_sheet(workbook(ORGANISATIES), lambda xml: xml.replace(b"</worksheet>", padding + b"</worksheet>"))


def assert_refused(response, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert response.context.get("result") is None  # nothing was even read into rows
    assert not Organisatie.objects.exists()


# ---------------------------------------------------------------------------
# Limits, before anything is read into rows
# ---------------------------------------------------------------------------
def test_a_zip_bomb_xlsx_is_refused_quickly_in_dutch(admin_client):
    bomb = zip_bomb(20)
    assert len(bomb) < 100 * 1024  # 20 MB of zeros in under 100 kB
    admin_client.get(reverse("admin:coalition_organisatie_import"))  # the first page of a run loads the admin

    started = time.monotonic()
    response = upload(admin_client, bomb, name="organisaties.xlsx", fmt=XLSX_FORMAT)

    assert time.monotonic() - started < 2
    assert_refused(response, "Dit xlsx-bestand lezen we niet: uitgepakt wordt het veel groter dan het lijkt")


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_even_when_it_packs_modestly(admin_client, settings):
    settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 1024 * 1024
    settings.IMPORT_XLSX_MAX_RATIO = 1_000_000
    response = upload(admin_client, zip_bomb(2), name="organisaties.xlsx", fmt=XLSX_FORMAT)
    assert_refused(response, "meer dan 1 MB")


def test_an_xlsx_with_too_many_parts_is_refused(admin_client, settings):
    settings.IMPORT_XLSX_MAX_MEMBERS = 5  # a workbook from openpyxl has nine
    response = upload(admin_client, workbook(ORGANISATIES), name="organisaties.xlsx", fmt=XLSX_FORMAT)
    assert_refused(response, "Dit xlsx-bestand lezen we niet")


def test_a_normal_xlsx_passes_the_zip_check_and_is_previewed(admin_client):
    data = workbook(ORGANISATIES)
    imports.check_xlsx_zip(data)  # no exception

    response = upload(admin_client, data, name="organisaties.xlsx", fmt=XLSX_FORMAT)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert response.context["result"].totals["new"] == 3


def test_a_csv_with_an_absurd_number_of_rows_is_refused_quickly(admin_client):
    content = "naam;soort\n" + "x;zorg\n" * 600_000  # 4 MB, under the size limit
    admin_client.get(reverse("admin:coalition_organisatie_import"))  # the first page of a run loads the admin

    started = time.monotonic()
    response = upload(admin_client, content)

    assert time.monotonic() - started < 3
    assert_refused(response, "Het bestand heeft meer dan 5000 regels.")


def test_the_row_limit_is_a_setting(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 2
    assert_refused(upload(admin_client, ORGANISATIES_CSV), "Het bestand heeft meer dan 2 regels.")
    settings.IMPORT_MAX_ROWS = 3
    assert upload(admin_client, ORGANISATIES_CSV).context["confirm_form"] is not None


def test_the_size_limit_is_a_setting_for_every_import(admin_client, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = "naam;soort\n" + "x" * (1024 * 1024)
    assert_refused(upload(admin_client, content), "Het bestand is te groot (meer dan 1 MB).")
    # The monitoring imports share the limits.
    response = admin_client.post(
        reverse("admin:monitoring_inwonertal_import"),
        {"resource": "0", "format": CSV_FORMAT, "import_file": SimpleUploadedFile("inwoners.csv", content.encode())},
    )
    assert "Het bestand is te groot (meer dan 1 MB)." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        ("organisaties.xlsx", b"dit is geen werkmap", XLSX_FORMAT, "Het is geen Excel-werkmap (xlsx)"),
        ("organisaties.xlsx", b"PK\x03\x04 stuk", XLSX_FORMAT, "Het is geen Excel-werkmap (xlsx)"),
        ("organisaties.xlsx", None, XLSX_FORMAT, "Het bestand kon niet worden gelezen."),  # a zip, but no workbook
        ("organisaties.csv", bytes(range(256)) * 10, CSV_FORMAT, "Het bestand kon niet worden gelezen."),
        ("organisaties.csv", "x" * 200_000, CSV_FORMAT, "Het bestand kon niet worden gelezen."),  # one huge cell
        ("organisaties.pdf", b"%PDF-1.4", CSV_FORMAT, "Kies een csv- of xlsx-bestand."),
    ],
)
def test_a_file_that_is_no_spreadsheet_gets_a_dutch_message_never_a_500(admin_client, name, content, fmt, message):
    if content is None:
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as archive:
            archive.writestr("leesmij.txt", "Geen werkmap.")
        content = packed.getvalue()
    assert_refused(upload(admin_client, content, name=name, fmt=fmt), message)


def test_a_sheet_that_claims_to_be_huge_is_read_as_wide_as_its_header():
    # The sheet says it spans A1:XFD1048576; openpyxl would make every row 16,384 cells wide.
    claimed = with_sheet(
        workbook(ORGANISATIES),
        lambda xml: xml.replace(b'<dimension ref="A1:B4"', b'<dimension ref="A1:XFD1048576"'),
    )
    dataset = DutchXLSX().create_dataset(claimed)
    assert dataset.headers == ["naam", "soort"]
    assert dataset.height == 3
    assert imports.count_rows(claimed, xlsx=True, limit=10) == 3


# ---------------------------------------------------------------------------
# Large imports: a task, a progress page, a result page
# ---------------------------------------------------------------------------
@pytest.fixture
def small_inline_limit(settings):
    settings.IMPORT_INLINE_MAX_ROWS = 2


def result_url(taak) -> str:
    return reverse("admin:coalition_importtaak_change", args=[taak.pk])


def test_a_large_file_is_imported_by_a_task_and_the_page_shows_the_result(
    admin_client, coordinator, small_inline_limit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, ORGANISATIES_CSV)

    taak = Importtaak.objects.get()
    assert response.status_code == 302
    assert response["Location"] == result_url(taak)
    assert (taak.status, taak.created_by, taak.total_rows) == (Importtaak.Status.DONE, coordinator, 3)
    assert (taak.rows_new, taak.rows_updated, taak.rows_unchanged) == (3, 0, 0)
    assert bytes(taak.data) == b""  # the file is not kept once it is imported
    names = set(Organisatie.objects.values_list("name", flat=True))
    assert names == {"Bibliotheek Proef", "Kerk De Proef", "Buurthuis"}
    assert LogEntry.objects.filter(user=coordinator).count() == 3  # the admin's history, as for an inline import

    page = admin_client.get(result_url(taak))
    html = page.content.decode()
    assert "Import klaar" in html
    assert "3 nieuw" in html and "0 bijgewerkt" in html
    assert 'http-equiv="refresh"' not in html  # done: the page stops refreshing
    assert reverse("admin:coalition_organisatie_changelist") in html


def test_importing_the_same_large_file_again_updates_without_duplicates(
    admin_client, small_inline_limit, django_capture_on_commit_callbacks
):
    for _round in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(admin_client, ORGANISATIES_CSV.replace("Buurthuis;", "Buurthuis;zorg"))
    second = Importtaak.objects.order_by("pk").last()
    assert (second.rows_new, second.rows_unchanged) == (0, 3)
    assert Organisatie.objects.count() == 3


def test_a_large_file_with_one_wrong_row_saves_nothing_and_names_the_row_in_dutch(
    admin_client, small_inline_limit, django_capture_on_commit_callbacks
):
    content = ORGANISATIES_CSV.replace("Kerk De Proef;kerk", "Kerk De Proef;ruimteschip")
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, content)

    taak = Importtaak.objects.get()
    assert taak.status == Importtaak.Status.FAILED
    assert taak.message.startswith("Er is niets geïmporteerd: 1 regel bevat een fout.")
    assert taak.rows_wrong == 1
    assert taak.errors[0]["regel"] == 2
    assert "Onbekende soort organisatie: 'ruimteschip'" in taak.errors[0]["meldingen"][0]
    assert not Organisatie.objects.exists()
    html = admin_client.get(result_url(taak)).content.decode()
    assert "Niets geïmporteerd" in html and "ruimteschip" in html


def test_a_large_file_without_the_name_column_fails_with_the_reason(
    admin_client, small_inline_limit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, ORGANISATIES_CSV.replace("naam;soort", "titel;soort"))
    taak = Importtaak.objects.get()
    assert taak.status == Importtaak.Status.FAILED
    assert taak.errors[0]["regel"] is None
    assert "Deze kolommen ontbreken: naam." in taak.errors[0]["meldingen"][0]
    assert "hele bestand" in admin_client.get(result_url(taak)).content.decode()


def test_while_the_import_waits_or_runs_the_page_refreshes_itself_with_a_progress_bar(
    admin_client, coordinator, small_inline_limit
):
    upload(admin_client, ORGANISATIES_CSV)  # the task would start after the commit, which never comes here
    taak = Importtaak.objects.get()
    assert taak.status == Importtaak.Status.WAITING

    html = admin_client.get(result_url(taak)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Wacht op verwerking" in html
    assert 'max="3" value="0"' in html
    assert "<script" not in html.split('id="content-main"')[1]  # the page itself needs no JavaScript

    Importtaak.objects.filter(pk=taak.pk).update(status=Importtaak.Status.RUNNING, started_at=timezone.now())
    cache.set(queries.import_progress_key(taak.pk), 2)
    html = admin_client.get(result_url(taak)).content.decode()
    assert "Bezig met importeren" in html
    assert 'max="3" value="2"' in html and "2 van de 3 regels gelezen." in html


def test_the_task_imports_once_however_often_it_is_delivered(admin_client, coordinator):
    taak = import_service.importtaak_start(
        user=coordinator,
        model=Organisatie,
        resource_class=OrganisatieResource,
        file_format=Importtaak.Format.CSV,
        file_name="organisaties.csv",
        data=ORGANISATIES_CSV.encode(),
        total_rows=3,
    )
    assert import_service.importtaak_run(taak.pk) == Importtaak.Status.DONE
    assert import_service.importtaak_run(taak.pk) is None
    taak.refresh_from_db()
    assert taak.rows_new == 3 and Organisatie.objects.count() == 3


def test_the_sweep_starts_a_lost_import_and_closes_one_whose_worker_died(coordinator, settings):
    def stored(**fields):
        return Importtaak.objects.create(
            model_id=_content_type_id(),
            resource="coalition.resources.OrganisatieResource",
            file_name="organisaties.csv",
            file_format=Importtaak.Format.CSV,
            data=ORGANISATIES_CSV.encode(),
            total_rows=3,
            created_by=coordinator,
            **fields,
        )

    lost = stored(created_at=timezone.now() - timedelta(minutes=5))
    fresh = stored()
    dead = stored(status=Importtaak.Status.RUNNING, started_at=timezone.now() - timedelta(hours=2))

    import_service.sweep_imports()  # Celery runs eagerly in the tests: the lost import is done at once

    for taak in (lost, fresh, dead):
        taak.refresh_from_db()
    assert lost.status == Importtaak.Status.DONE
    assert fresh.status == Importtaak.Status.WAITING  # its own task may still come
    assert dead.status == Importtaak.Status.FAILED
    assert "afgebroken" in dead.message


def _content_type_id() -> int:
    return ContentType.objects.get_for_model(Organisatie).pk


# ---------------------------------------------------------------------------
# Who sees an import
# ---------------------------------------------------------------------------
def test_an_import_is_seen_by_whoever_started_it_and_by_coordinators_and_beheerders(coordinator, beheerder):
    partner = UserFactory(role=Role.PARTNER)
    other_partner = UserFactory(role=Role.PARTNER)
    taak = import_service.importtaak_start(
        user=partner,
        model=Organisatie,
        resource_class=OrganisatieResource,
        file_format=Importtaak.Format.CSV,
        file_name="organisaties.csv",
        data=ORGANISATIES_CSV.encode(),
        total_rows=3,
    )
    assert taak in queries.imports_visible_to(partner)
    assert taak not in queries.imports_visible_to(other_partner)
    assert taak in queries.imports_visible_to(coordinator)
    assert taak in queries.imports_visible_to(beheerder)


def test_someone_without_an_admin_role_cannot_open_an_import_page(login, medewerker, coordinator):
    taak = import_service.importtaak_start(
        user=coordinator,
        model=Organisatie,
        resource_class=OrganisatieResource,
        file_format=Importtaak.Format.CSV,
        file_name="organisaties.csv",
        data=ORGANISATIES_CSV.encode(),
        total_rows=3,
    )
    response = login(medewerker).get(result_url(taak))
    assert response.status_code == 403  # the admin is for admin roles only (coalition.middleware.AdminForAdminsOnly)


def test_a_coordinator_sees_the_list_of_imports_but_cannot_add_or_delete_one(admin_client, coordinator):
    taak = import_service.importtaak_start(
        user=coordinator,
        model=Organisatie,
        resource_class=OrganisatieResource,
        file_format=Importtaak.Format.CSV,
        file_name="organisaties.csv",
        data=ORGANISATIES_CSV.encode(),
        total_rows=3,
    )
    listing = admin_client.get(reverse("admin:coalition_importtaak_changelist"))
    assert listing.status_code == 200 and "organisaties.csv" in listing.content.decode()
    assert admin_client.get(reverse("admin:coalition_importtaak_add")).status_code == 403
    assert admin_client.get(reverse("admin:coalition_importtaak_delete", args=[taak.pk])).status_code == 403


def test_the_list_of_imports_costs_the_same_for_3_and_12_imports(admin_client, coordinator):
    def start(count):
        for number in range(count):
            import_service.importtaak_start(
                user=UserFactory(role=Role.COORDINATOR),
                model=Organisatie,
                resource_class=OrganisatieResource,
                file_format=Importtaak.Format.CSV,
                file_name=f"organisaties-{number}.csv",
                data=b"naam\n",
                total_rows=1,
            )

    url = reverse("admin:coalition_importtaak_changelist")
    start(3)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    start(9)
    with CaptureQueriesContext(connection) as many:
        assert "organisaties-8.csv" in admin_client.get(url).content.decode()
    assert len(many) == len(few)
