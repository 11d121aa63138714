"""Import and export of organisations, wijken and postcode areas through the real admin pages.

A coördinator uploads a file, sees a preview, confirms; a file with one wrong row shows the Dutch
error and saves nothing, not even after a forged confirmation.
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from import_export.tmp_storages import TempFolderStorage
from openpyxl import Workbook, load_workbook

from coalition.models import Gemeente, Organisatie, PostcodeGebied, User, Wijk
from coalition.queries import wijk_for_postcode
from coalition.resources import (
    ChoiceWidget,
    DutchCSV,
    DutchDateWidget,
    DutchDecimalWidget,
    GemeentenWidget,
    OrganisatieResource,
    parse_amount,
    parse_range_postcode,
)
from tests.factories import OrganisatieFactory

CSV_FORMAT, XLSX_FORMAT = "0", "1"

ORGANISATIES_CSV = (
    "naam;soort;e-mail;telefoon;website;gemeenten;lid sinds;convenant getekend op;jaarlijkse bijdrage\n"
    "Bibliotheek Proefdorp;Bibliotheek;Info@Bieb.example.org;0546 000 001;www.bieb.example.org;"
    "Twenterand;22-01-2020;2020-01-22;1.250,50\n"
    'Zorg op Maat Demo;huisarts/eerstelijn;;;;"Enschede; Hengelo";01-03-2021;;500\n'
    "Kerk De Proef;kerk;;;;GM1700;;;\n"
)


@pytest.fixture
def gemeenten(db):
    return {
        "Enschede": Gemeente.objects.create(name="Enschede", cbs_code="GM0153"),
        "Hengelo": Gemeente.objects.create(name="Hengelo", cbs_code="GM0164"),
        "Twenterand": Gemeente.objects.create(name="Twenterand", cbs_code="GM1700"),
    }


@pytest.fixture
def admin_client_coordinator(login, coordinator):
    """The coördinator, logged in and past the second factor (a confirmed TOTP device in the session)."""
    return login(coordinator)


def import_url(model):
    return reverse(f"admin:coalition_{model}_import")


def preview(client, model, content, *, name="import.csv", fmt=CSV_FORMAT):
    if isinstance(content, str):
        content = content.encode("utf-8")
    upload = SimpleUploadedFile(name, content)
    return client.post(import_url(model), {"resource": "0", "format": fmt, "import_file": upload})


def confirm(client, model, response):
    """Posts the hidden fields of the preview's confirm form, as the 'Confirm import' button does."""
    form = response.context["confirm_form"]
    data = {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")}
    return client.post(reverse(f"admin:coalition_{model}_process_import"), data)


def export(client, fmt):
    """Posts the export form with every column ticked, as the admin's export page does by default."""
    resource = OrganisatieResource
    columns = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    return client.post(reverse("admin:coalition_organisatie_export"), {"format": fmt, "resource": "0", **columns})


def import_file(client, model, content, **kwargs):
    response = preview(client, model, content, **kwargs)
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows or result.base_errors
    assert response.context["confirm_form"] is not None
    return confirm(client, model, response)


# ---------------------------------------------------------------------------
# Through the admin
# ---------------------------------------------------------------------------
def test_a_valid_csv_imports_after_preview_and_confirmation(admin_client_coordinator, gemeenten):
    response = preview(admin_client_coordinator, "organisatie", ORGANISATIES_CSV)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert Organisatie.objects.count() == 0, "the preview saves nothing"

    response = confirm(admin_client_coordinator, "organisatie", response)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:coalition_organisatie_changelist")
    bieb = Organisatie.objects.get(name="Bibliotheek Proefdorp")
    assert bieb.kind == Organisatie.Kind.BIBLIOTHEEK
    assert bieb.email == "info@bieb.example.org"
    assert bieb.website == "https://www.bieb.example.org"
    assert bieb.member_since == date(2020, 1, 22)
    assert bieb.convenant_signed_on == date(2020, 1, 22)
    assert bieb.yearly_contribution == Decimal("1250.50")
    assert list(bieb.gemeenten.all()) == [gemeenten["Twenterand"]]
    zorg = Organisatie.objects.get(name="Zorg op Maat Demo")
    assert zorg.kind == Organisatie.Kind.EERSTELIJN
    assert set(zorg.gemeenten.all()) == {gemeenten["Enschede"], gemeenten["Hengelo"]}
    assert Organisatie.objects.get(name="Kerk De Proef").kind == Organisatie.Kind.LEVENSBESCHOUWING


def test_an_xlsx_file_imports(admin_client_coordinator, gemeenten):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["gemeente", "naam", "soort", "cbs-code"])
    sheet.append(["Twenterand", "Vroomshoop", "kern", "WK170004"])
    sheet.append(["gm1700", "Den Ham", "Kern (dorp)", "wk170003"])
    sheet.append(["Enschede", "Binnensingelgebied", "wijk", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = import_file(admin_client_coordinator, "wijk", buffer.getvalue(), name="wijken.xlsx", fmt=XLSX_FORMAT)

    assert response.status_code == 302
    assert Wijk.objects.get(name="Den Ham").kind == Wijk.Kind.KERN
    assert Wijk.objects.get(name="Den Ham").cbs_code == "WK170003"
    assert Wijk.objects.get(name="Binnensingelgebied").gemeente == gemeenten["Enschede"]


def test_xlsx_dates_numbers_and_bare_postcodes_are_read(admin_client_coordinator, gemeenten):
    Wijk.objects.create(gemeente=gemeenten["Twenterand"], name="Vroomshoop", kind=Wijk.Kind.KERN)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["gemeente", "wijk", "postcode vanaf", "postcode tot en met"])
    sheet.append(["Twenterand", "Vroomshoop", 7681, 7681])  # Excel turns 7681 into a number
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_file(admin_client_coordinator, "postcodegebied", buffer.getvalue(), name="pc.xlsx", fmt=XLSX_FORMAT)

    gebied = PostcodeGebied.objects.get()
    assert (gebied.postcode_from, gebied.postcode_to) == ("7681AA", "7681ZZ")
    assert wijk_for_postcode("7681 ab").name == "Vroomshoop"


def test_a_file_with_one_bad_row_shows_the_dutch_error_saves_nothing_and_cannot_be_confirmed(
    admin_client_coordinator, gemeenten
):
    bad = ORGANISATIES_CSV + "Welzijn Foutief;xyz;;;;Enschedee;31-02-2024;;\n"

    response = preview(admin_client_coordinator, "organisatie", bad)

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    page = response.content.decode()
    assert "Onbekende soort organisatie: &#x27;xyz&#x27;. Kies uit: zorg, welzijn" in page
    assert "Onbekende gemeente: &#x27;Enschedee&#x27;" in page
    assert "Datum niet herkend: &#x27;31-02-2024&#x27;. Gebruik dd-mm-jjjj of jjjj-mm-dd." in page
    assert Organisatie.objects.count() == 0


def test_a_forged_confirmation_of_a_bad_file_saves_nothing(admin_client_coordinator, gemeenten):
    """The confirm step imports again; a wrong row must roll back the good rows as well."""
    bad = ORGANISATIES_CSV + "Welzijn Foutief;welzijn;;;;Enschedee;;;\n"
    storage = TempFolderStorage()
    storage.save(bad.encode("utf-8"))

    response = admin_client_coordinator.post(
        reverse("admin:coalition_organisatie_process_import"),
        {"import_file_name": storage.name.rsplit("/", 1)[-1], "original_file_name": "x.csv", "format": "0"},
        follow=True,
    )

    assert Organisatie.objects.count() == 0
    assert "Er is niets geïmporteerd: 1 regel bevat een fout." in response.content.decode()


def test_wijk_rows_with_an_unknown_gemeente_or_soort_get_dutch_errors(admin_client_coordinator, gemeenten):
    content = "gemeente;naam;soort;cbs-code\nEnschedee;Centrum;wijk;\nHengelo;Noord;stadsdeel;WK01640\n"

    response = preview(admin_client_coordinator, "wijk", content)

    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert invalid[1] == {"gemeente": ["Onbekende gemeente: 'Enschedee'"]}
    assert invalid[2]["soort"] == ["Onbekende soort: 'stadsdeel'. Kies uit: wijk, kern."]
    assert "cbs-code" in invalid[2]
    assert Wijk.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"import_file_name": "bestaat-niet", "original_file_name": "x.csv", "format": "0"},
        {"import_file_name": "bestaat-niet", "original_file_name": "x.csv", "format": "abc"},
        {"import_file_name": "bestaat-niet", "original_file_name": "x.csv", "format": "7"},
    ],
)
def test_a_confirmation_without_a_readable_file_is_a_message_not_an_error(admin_client_coordinator, data):
    response = admin_client_coordinator.post(reverse("admin:coalition_organisatie_process_import"), data, follow=True)

    assert response.status_code == 200
    assert "het bestand is niet meer beschikbaar" in response.content.decode()


def test_a_row_that_breaks_the_model_rules_blocks_the_whole_file(admin_client_coordinator, gemeenten):
    wijk = Wijk.objects.create(gemeente=gemeenten["Twenterand"], name="Vroomshoop", kind=Wijk.Kind.KERN)
    PostcodeGebied.objects.create(wijk=wijk, postcode_from="7681AA", postcode_to="7681ZZ")
    content = (
        "gemeente;wijk;postcode vanaf;postcode tot en met\n"
        "Twenterand;Vroomshoop;7683;7683\n"
        "Twenterand;Vroomshoop;7681 ab;7681 ac\n"  # inside the existing range
        "Twenterand;Vroomshoop;768;7684\n"
    )

    response = preview(admin_client_coordinator, "postcodegebied", content)

    assert response.context.get("confirm_form") is None
    page = response.content.decode()
    assert "overlappen met" in page
    assert "Postcode niet herkend: &#x27;768&#x27;. Vul een postcode in als 1234 AB." in page
    assert PostcodeGebied.objects.count() == 1


def test_reimporting_updates_without_duplicates(admin_client_coordinator, gemeenten):
    import_file(admin_client_coordinator, "organisatie", ORGANISATIES_CSV)
    changed = ORGANISATIES_CSV.replace("1.250,50", "2.000").replace("Bibliotheek Proefdorp", "bibliotheek proefdorp")

    response = preview(admin_client_coordinator, "organisatie", changed)
    totals = response.context["result"].totals
    confirm(admin_client_coordinator, "organisatie", response)

    assert Organisatie.objects.count() == 3
    # Matched without regard to capitals; the file's spelling wins.
    assert Organisatie.objects.get(name="bibliotheek proefdorp").yearly_contribution == Decimal("2000")
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 1, 2)


def test_reimporting_wijken_and_postcodes_matches_on_natural_keys(admin_client_coordinator, gemeenten):
    wijken = "gemeente;naam;soort;cbs-code\nTwenterand;Vroomshoop;kern;WK170004\n"
    postcodes = "gemeente;wijk;postcode vanaf;postcode tot en met\nTwenterand;vroomshoop;7681;7681\n"
    for _ in range(2):
        import_file(admin_client_coordinator, "wijk", wijken)
        import_file(admin_client_coordinator, "postcodegebied", postcodes)

    assert Wijk.objects.count() == 1
    assert PostcodeGebied.objects.count() == 1


def test_export_csv_has_the_dutch_headers(admin_client_coordinator, gemeenten):
    organisatie = OrganisatieFactory(name="Stichting Voorbeeld", yearly_contribution=Decimal("1250.50"))
    organisatie.gemeenten.set([gemeenten["Hengelo"], gemeenten["Enschede"]])

    response = export(admin_client_coordinator, CSV_FORMAT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    header, row = content.splitlines()[:2]
    assert header == (
        "naam;soort;e-mail;telefoon;straat en huisnummer;postcode;plaats;website;gemeenten;"
        "lid sinds;convenant getekend op;jaarlijkse bijdrage"
    )
    assert "Stichting Voorbeeld" in row and "Enschede; Hengelo" in row and "1250,50" in row


def test_an_export_imports_again_unchanged(admin_client_coordinator, gemeenten):
    import_file(admin_client_coordinator, "organisatie", ORGANISATIES_CSV)
    exported = export(admin_client_coordinator, CSV_FORMAT).content

    response = preview(admin_client_coordinator, "organisatie", exported)

    assert response.context["result"].totals["skip"] == 3


def test_export_xlsx_writes_real_dates_and_numbers(admin_client_coordinator, gemeenten):
    OrganisatieFactory(name="Stichting Voorbeeld", member_since=date(2020, 1, 22), yearly_contribution=Decimal("500"))

    response = export(admin_client_coordinator, XLSX_FORMAT)

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["lid sinds"].date() == date(2020, 1, 22)
    assert row["jaarlijkse bijdrage"] == 500


@pytest.mark.parametrize("model", ["organisatie", "wijk", "postcodegebied"])
def test_a_partner_cannot_open_the_import_page(login, partner, model):
    client = login(partner)

    response = client.get(import_url(model))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/import/" not in response["Location"].split("?")[0]


def test_a_partner_cannot_post_an_import(login, partner, gemeenten):
    client = login(partner)
    before = Organisatie.objects.count()
    storage = TempFolderStorage()
    storage.save(ORGANISATIES_CSV.encode("utf-8"))

    response = client.post(
        reverse("admin:coalition_organisatie_process_import"),
        {"import_file_name": storage.name.rsplit("/", 1)[-1], "original_file_name": "x.csv", "format": "0"},
    )

    assert response.status_code in (302, 403)
    assert Organisatie.objects.count() == before


def test_the_coordinator_sees_the_import_page(admin_client_coordinator):
    response = admin_client_coordinator.get(import_url("organisatie"))

    assert response.status_code == 200
    assert "naam" in response.content.decode()


def test_the_organisatie_changelist_has_a_fixed_query_budget(
    admin_client_coordinator, gemeenten, django_assert_max_num_queries
):
    for n in range(30):
        organisatie = OrganisatieFactory(name=f"Organisatie {n:02d}")
        organisatie.gemeenten.set(gemeenten.values())

    admin_client_coordinator.get(reverse("admin:coalition_organisatie_changelist"))  # warm the cache
    # Session, user, OTP device, count, rows, their gemeenten, the filter's gemeenten, ...: not one per row.
    with django_assert_max_num_queries(12):
        response = admin_client_coordinator.get(reverse("admin:coalition_organisatie_changelist"))

    assert response.status_code == 200
    assert "Organisatie 29" in response.content.decode()


def test_the_organisatie_changelist_costs_the_same_for_3_and_30_rows(admin_client_coordinator, gemeenten):
    url = reverse("admin:coalition_organisatie_changelist")

    def queries_for(count):
        Organisatie.objects.all().delete()
        for n in range(count):
            OrganisatieFactory(name=f"Organisatie {n:02d}").gemeenten.set(gemeenten.values())
        with CaptureQueriesContext(connection) as context:
            assert admin_client_coordinator.get(url).status_code == 200
        return len(context)

    queries_for(3)  # warm the cache (every test starts with an empty one)
    assert queries_for(3) == queries_for(30)


@pytest.mark.parametrize("model", ["gemeente", "wijk", "postcodegebied", "organisatie", "contactpersoon", "werkgroep"])
def test_the_coordinator_opens_every_reference_admin(admin_client_coordinator, gemeenten, model):
    assert admin_client_coordinator.get(reverse(f"admin:coalition_{model}_changelist")).status_code == 200
    assert admin_client_coordinator.get(reverse(f"admin:coalition_{model}_add")).status_code == 200


def test_the_coordinator_opens_the_meldpunt_admin_but_not_the_users(admin_client_coordinator):
    assert admin_client_coordinator.get(reverse("admin:meldpunt_meldpunt_changelist")).status_code == 200
    assert admin_client_coordinator.get(reverse("admin:coalition_user_changelist")).status_code == 403


def test_the_beheerder_adds_a_user_with_the_password_twice(login, beheerder):
    client = login(beheerder)

    response = client.post(
        reverse("admin:coalition_user_add"),
        {
            "email": "Nieuwe.Collega@Example.org",
            "full_name": "Nieuwe Collega",
            "role": "coordinator",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="nieuwe.collega@example.org")
    assert user.is_staff and user.check_password("een-lang-wachtwoord-42")
    assert client.get(reverse("admin:coalition_user_change", args=[user.pk])).status_code == 200


def test_a_wijk_with_postcode_inline_accepts_a_bare_pc4(login, beheerder, gemeenten):
    client = login(beheerder)

    response = client.post(
        reverse("admin:coalition_wijk_add"),
        {
            "gemeente": gemeenten["Twenterand"].pk,
            "name": "Den Ham",
            "kind": "kern",
            "cbs_code": "",
            "postcodegebieden-TOTAL_FORMS": "1",
            "postcodegebieden-INITIAL_FORMS": "0",
            "postcodegebieden-0-postcode_from": "7683",
            "postcodegebieden-0-postcode_to": "7683 zz",
        },
    )

    assert response.status_code == 302
    assert wijk_for_postcode("7683AB").name == "Den Ham"


# ---------------------------------------------------------------------------
# Resource-level parsing
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31-01-2024", date(2024, 1, 31)),
        ("1-2-2024", date(2024, 2, 1)),
        ("2024-01-31", date(2024, 1, 31)),
        ("31/01/2024", date(2024, 1, 31)),
        ("", None),
    ],
)
def test_dates_in_dutch_and_iso_form(text, expected):
    assert DutchDateWidget().clean(text) == expected


@pytest.mark.parametrize("text", ["31-02-2024", "januari 2024", "2024/31/01"])
def test_an_unreadable_date_says_how_to_write_it(text):
    with pytest.raises(ValueError, match=rf"^Datum niet herkend: '{text}'. Gebruik dd-mm-jjjj of jjjj-mm-dd.$"):
        DutchDateWidget().clean(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250,50", Decimal("1250.50")),
        ("1250,5", Decimal("1250.5")),
        ("1250.50", Decimal("1250.50")),
        ("1.250", Decimal("1250")),
        ("€ 1.250.000,00", Decimal("1250000.00")),
        ("1,250.50", Decimal("1250.50")),
        ("500", Decimal("500")),
        (500, Decimal("500")),
        (1250.5, Decimal("1250.5")),
        ("", None),
    ],
)
def test_amounts_with_a_dutch_decimal_comma(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["veel", "12,50,3x", "1.2.3,4,5"])
def test_an_unreadable_amount_is_an_error(text):
    with pytest.raises(ValueError, match="Bedrag niet herkend"):
        parse_amount(text)


def test_a_negative_contribution_is_an_error():
    with pytest.raises(ValueError, match="niet negatief"):
        DutchDecimalWidget().clean("-5")


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("7511", False, "7511AA"),
        ("7511", True, "7511ZZ"),
        ("7511 ab", False, "7511AB"),
        (" 7511AB ", True, "7511AB"),
        (7681, False, "7681AA"),
        (7681.0, True, "7681ZZ"),
    ],
)
def test_range_postcodes(text, end, expected):
    assert parse_range_postcode(text, end=end) == expected


@pytest.mark.parametrize("text", ["751", "0511 AB", "7511 A", "AB 7511", ""])
def test_a_malformed_postcode_says_how_to_write_it(text):
    with pytest.raises(ValueError, match=r"Vul een postcode in als 1234 AB\."):
        parse_range_postcode(text, end=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zorg", "zorg"),
        ("ZORG", "zorg"),
        ("huisarts/eerstelijn", "eerstelijn"),
        ("Huisarts", "eerstelijn"),
        ("kerk/levensbeschouwing", "levensbeschouwing"),
        ("vrijwilligersorganisatie", "vrijwilligers"),
        ("Sport", "vereniging"),
        ("", "overig"),
    ],
)
def test_organisation_kind_by_value_or_dutch_label(text, expected):
    widget = OrganisatieResource().fields["kind"].widget
    assert widget.clean(text) == expected


def test_an_unknown_kind_lists_the_choices():
    widget = OrganisatieResource().fields["kind"].widget
    with pytest.raises(ValueError) as error:
        widget.clean("xyz")
    assert str(error.value).startswith("Onbekende soort organisatie: 'xyz'. Kies uit: zorg, welzijn, wonen,")


def test_wijk_kind_accepts_the_label():
    widget = ChoiceWidget(Wijk.Kind, noun="soort")
    assert widget.clean("Kern (dorp)") == "kern"
    assert widget.clean("dorp") == "kern"


def test_gemeenten_by_name_or_cbs_code_and_unknown_ones_named(gemeenten):
    widget = GemeentenWidget()
    assert widget.clean("enschede; GM0164") == [gemeenten["Enschede"], gemeenten["Hengelo"]]
    assert widget.clean("") == []
    with pytest.raises(ValueError, match=r"^Onbekende gemeente: 'Enschedee'$"):
        widget.clean("Enschedee; Hengelo")


def test_dutch_csv_reads_semicolons_and_commas():
    semicolons = DutchCSV(encoding="utf-8-sig").create_dataset("naam;soort\nA;zorg\n".encode("utf-8-sig"))
    commas = DutchCSV(encoding="utf-8-sig").create_dataset(b"naam,soort\nA,zorg\n")
    assert semicolons.headers == commas.headers == ["naam", "soort"]
    assert semicolons[0] == commas[0] == ("A", "zorg")


def test_headers_are_matched_without_regard_to_capitals_or_spaces(gemeenten):
    dataset = DutchCSV(encoding="utf-8").create_dataset(" Naam ;SOORT;Gemeenten\nStichting X;welzijn;Hengelo\n")

    result = OrganisatieResource().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Organisatie.objects.get(name="Stichting X").gemeenten.get() == gemeenten["Hengelo"]


def test_a_file_without_the_name_column_is_refused_in_dutch(gemeenten):
    dataset = DutchCSV(encoding="utf-8").create_dataset("soort\nwelzijn\n")

    result = OrganisatieResource().import_data(dataset, dry_run=True)

    assert result.has_errors()
    assert str(result.base_errors[0].error).startswith("Deze kolommen ontbreken: naam.")
