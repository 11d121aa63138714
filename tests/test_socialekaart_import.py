"""Import and export of activities through the real admin pages, as a coördinator; and the admin itself.

A file of an earlier inventory is previewed, confirmed and imported; any wrong row (an unknown
organisation, an unknown label) shows a Dutch error and saves nothing; a file that is too big or not a
spreadsheet is refused in Dutch.
"""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from socialekaart import schedule_text
from socialekaart.models import Activiteit, Historie, Locatie, Tijdslot, Uitzondering, Zoekvraag
from socialekaart.resources import ActiviteitResource
from socialekaart.search import Filters, search
from tests.factories import (
    ActiviteitFactory,
    BijeenkomstFactory,
    GemeenteFactory,
    LocatieFactory,
    OrganisatieFactory,
    TijdslotFactory,
    UitzonderingFactory,
    WijkFactory,
)

CSV_FORMAT, XLSX_FORMAT = "0", "1"

HEADER = (
    "titel;organisatie;samenvatting;beschrijving;soort;voor wie;thema's;kosten;bedrag;meedoen;"
    "contactpersoon;telefoon;e-mail;website;status\n"
)
ACTIVITEITEN_CSV = HEADER + (
    "Samen Eten;stichting welzijn proef;Elke week samen eten in het buurthuis.;Voor wie niet alleen wil eten.;"
    'ontmoeting;"ouderen; mantelzorgers";;bedrag;5,50;aanmelden vooraf;Team Samen Eten;0546 000 001;'
    "Eten@Welzijn.test;www.welzijn.test;gepubliceerd\n"
    "Maatje aan huis;Stichting Welzijn Proef;Een vrijwilliger komt op bezoek.;;maatje;75+;rouw en verlies;"
    "gratis;;inloop;;;;;\n"
    "Luisterlijn;Stichting Welzijn Proef;Dag en nacht een luisterend oor.;;Bel- of luisterlijn;iedereen;"
    ";;;;;;;;concept\n"
)


@pytest.fixture
def organisatie(db):
    return OrganisatieFactory(name="Stichting Welzijn Proef")


@pytest.fixture
def client_coordinator(login, coordinator):
    return login(coordinator)


def preview(client, content, *, name="activiteiten.csv", fmt=CSV_FORMAT):
    if isinstance(content, str):
        content = content.encode("utf-8")
    upload = SimpleUploadedFile(name, content)
    return client.post(
        reverse("admin:socialekaart_activiteit_import"), {"resource": "0", "format": fmt, "import_file": upload}
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")}
    return client.post(reverse("admin:socialekaart_activiteit_process_import"), data)


def import_file(client, content, **kwargs):
    response = preview(client, content, **kwargs)
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), [
        row.error_dict for row in result.invalid_rows
    ] or result.base_errors
    return confirm(client, response)


def export(client, fmt, query=""):
    columns = {f"activiteitresource_{name}": "on" for name in ActiviteitResource().get_export_order()}
    url = reverse("admin:socialekaart_activiteit_export") + query
    return client.post(url, {"format": fmt, "resource": "0", **columns})


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------
def test_a_valid_csv_imports_after_preview_and_confirmation(client_coordinator, coordinator, organisatie):
    response = preview(client_coordinator, ACTIVITEITEN_CSV)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert Activiteit.objects.count() == 0, "the preview saves nothing"
    assert not Historie.objects.exists()

    response = confirm(client_coordinator, response)

    assert response.status_code == 302
    assert Activiteit.objects.count() == 3
    eten = Activiteit.objects.get(title="Samen Eten")
    assert eten.organisatie == organisatie
    assert eten.slug == "samen-eten"
    assert eten.kind == "ontmoeting"
    assert eten.target_groups == ["ouderen", "mantelzorgers"]
    assert (eten.cost_kind, eten.cost_amount) == ("bedrag", Decimal("5.50"))
    assert eten.join_method == "aanmelden"
    assert eten.contact_email == "eten@welzijn.test"
    assert eten.website == "https://www.welzijn.test"
    assert eten.status == "gepubliceerd"
    assert (eten.last_confirmed_on, eten.last_confirmed_by) == (timezone.localdate(), coordinator)
    maatje = Activiteit.objects.get(title="Maatje aan huis")
    assert (maatje.kind, maatje.target_groups, maatje.themes) == ("een-op-een", ["75-plus"], ["rouw"])
    assert (maatje.status, maatje.join_method, maatje.cost_kind) == ("concept", "inloop", "gratis")
    assert Activiteit.objects.get(title="Luisterlijn").kind == "bellijn"
    historie = Historie.objects.filter(action=Historie.Action.GEIMPORTEERD)
    assert historie.count() == 3
    assert {row.by for row in historie} == {coordinator}


def test_imported_listings_are_found_by_the_search(client_coordinator, organisatie):
    import_file(client_coordinator, ACTIVITEITEN_CSV)

    result = search("samen eten", Filters())

    assert [activiteit.title for activiteit in result.activities] == ["Samen Eten"]


def test_an_xlsx_file_imports(client_coordinator, organisatie):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["titel", "organisatie", "samenvatting", "soort", "voor wie", "bedrag"])
    sheet.append(["Digicafé", "Stichting Welzijn Proef", "Hulp bij uw telefoon of tablet.", "cursus", "ouderen", 2])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = import_file(client_coordinator, buffer.getvalue(), name="inventaris.xlsx", fmt=XLSX_FORMAT)

    assert response.status_code == 302
    digicafe = Activiteit.objects.get()
    assert (digicafe.slug, digicafe.cost_kind, digicafe.cost_amount) == ("digicafe", "bedrag", Decimal("2"))


def test_an_unknown_organisation_is_a_dutch_row_error_and_nothing_is_saved(client_coordinator, organisatie):
    bad = ACTIVITEITEN_CSV + "Zangkoor;Stichting Onbekend;Samen zingen.;;ontmoeting;;;;;;;;;;\n"

    response = preview(client_coordinator, bad)

    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert invalid[4]["organisatie"][0].startswith("Onbekende organisatie: 'Stichting Onbekend'.")
    assert Activiteit.objects.count() == 0
    assert not Historie.objects.exists()


def test_wrong_labels_and_a_missing_amount_are_named_in_dutch(client_coordinator, organisatie):
    content = HEADER + (
        'Schaakclub;Stichting Welzijn Proef;Samen schaken.;;denksport;"ouderen; kinderen";;;;;;;;;\n'
        "Etentje;Stichting Welzijn Proef;Samen eten.;;ontmoeting;;;bedrag;;;;;;;\n"
        ";Stichting Welzijn Proef;;;ontmoeting;;;;;;;;;;\n"
    )

    response = preview(client_coordinator, content)

    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert invalid[1]["soort"][0].startswith("Onbekende soort activiteit: 'denksport'. Kies uit: ontmoeting,")
    assert invalid[1]["voor wie"][0].startswith("Onbekende doelgroep: 'kinderen'.")
    assert invalid[2]["bedrag"] == ["Vul het bedrag in, of kies bij kosten 'gratis' of 'op aanvraag'."]
    assert "titel" in invalid[3] and "samenvatting" in invalid[3]
    assert Activiteit.objects.count() == 0


def test_a_forged_confirmation_of_a_bad_file_saves_nothing(client_coordinator, organisatie):
    from import_export.tmp_storages import TempFolderStorage

    storage = TempFolderStorage()
    storage.save((ACTIVITEITEN_CSV + "Zangkoor;Onbekend;Samen zingen.;;ontmoeting;;;;;;;;;;\n").encode("utf-8"))

    response = client_coordinator.post(
        reverse("admin:socialekaart_activiteit_process_import"),
        {"import_file_name": storage.name.rsplit("/", 1)[-1], "original_file_name": "x.csv", "format": "0"},
        follow=True,
    )

    assert Activiteit.objects.count() == 0
    assert "Er is niets geïmporteerd: 1 regel bevat een fout." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("groot.csv", HEADER.encode() + b"x" * (5 * 1024 * 1024 + 1), "Het bestand is te groot (meer dan 5 MB)."),
        ("inventaris.pdf", b"%PDF-1.4 ...", "Kies een csv- of xlsx-bestand."),
        ("inventaris.xlsx", b"dit is geen werkmap", "Het bestand kon niet worden gelezen."),
    ],
)
def test_a_huge_or_malformed_upload_gets_a_dutch_error_and_saves_nothing(
    client_coordinator, organisatie, name, content, message
):
    fmt = XLSX_FORMAT if name.endswith(".xlsx") else CSV_FORMAT

    response = preview(client_coordinator, content, name=name, fmt=fmt)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert Activiteit.objects.count() == 0


def test_reimporting_updates_without_duplicates(client_coordinator, organisatie):
    import_file(client_coordinator, ACTIVITEITEN_CSV)
    changed = ACTIVITEITEN_CSV.replace("5,50", "6,00").replace("Samen Eten;stichting", "samen eten;stichting")

    response = preview(client_coordinator, changed)
    totals = response.context["result"].totals
    confirm(client_coordinator, response)

    assert Activiteit.objects.count() == 3
    assert Activiteit.objects.get(title__iexact="samen eten").cost_amount == Decimal("6.00")
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 1, 2)


def test_a_title_that_is_taken_gets_its_own_address(client_coordinator, organisatie):
    ActiviteitFactory(title="Samen Eten", slug="samen-eten")

    import_file(client_coordinator, ACTIVITEITEN_CSV)

    assert Activiteit.objects.get(organisatie=organisatie, title="Samen Eten").slug == "samen-eten-2"


# ---------------------------------------------------------------------------
# Where and when: places, wijken, times and exceptions in words
# ---------------------------------------------------------------------------
WHERE_HEADER = "titel;organisatie;samenvatting;soort;locaties;wijken;tijden;geen bijeenkomst\n"


@pytest.fixture
def wijken(db):
    twenterand, hengelo = GemeenteFactory(name="Twenterand"), GemeenteFactory(name="Hengelo")
    return {
        "centrum-t": WijkFactory(gemeente=twenterand, name="Centrum", cbs_code="WK900001"),
        "centrum-h": WijkFactory(gemeente=hengelo, name="Centrum", cbs_code="WK900002"),
        "vroomshoop": WijkFactory(gemeente=twenterand, name="Vroomshoop"),
        "berflo": WijkFactory(gemeente=hengelo, name="Berflo Es"),
    }


WHERE_CSV = WHERE_HEADER + (
    "Koffie-uur;Stichting Welzijn Proef;Koffie en een praatje.;ontmoeting;"
    'Buurthuis De Bron, Hoofdstraat 1, 7671 ab Vriezenveen;"Vroomshoop; Centrum (Twenterand)";'
    '"elke dinsdag 10:00-12:00; om de week op donderdag 14.00-16.00 vanaf 08-01-2026";'
    '"25-12-2026; 01-07-2026 t/m 31-08-2026 (zomervakantie)"\n'
    "Breicafé;Stichting Welzijn Proef;Samen breien.;ontmoeting;Buurthuis De Bron;WK900002;"
    "elke eerste woensdag van de maand 19:30-21:30 tot en met 31-12-2026 in Buurthuis De Bron;\n"
)


def test_places_wijken_times_and_exceptions_import_into_complete_listings(client_coordinator, organisatie, wijken):
    response = preview(client_coordinator, WHERE_CSV)
    assert response.context["confirm_form"] is not None
    assert not Locatie.objects.exists() and not Tijdslot.objects.exists(), "the preview saves nothing"

    confirm(client_coordinator, response)

    bron = Locatie.objects.get()
    assert (bron.organisatie, bron.name, bron.street, bron.postcode, bron.city) == (
        organisatie,
        "Buurthuis De Bron",
        "Hoofdstraat 1",
        "7671AB",
        "Vriezenveen",
    )
    koffie = Activiteit.objects.get(title="Koffie-uur")
    assert list(koffie.locaties.all()) == [bron]
    assert set(koffie.wijken.all()) == {wijken["vroomshoop"], wijken["centrum-t"]}
    times = [
        (slot.weekday, f"{slot.starts_at:%H:%M}", slot.freq, slot.interval, slot.valid_from)
        for slot in koffie.tijdsloten.all()
    ]
    assert times == [(2, "10:00", "WEEKLY", 1, None), (4, "14:00", "WEEKLY", 2, date(2026, 1, 8))]
    assert [(e.starts_on, e.ends_on, e.reason) for e in koffie.uitzonderingen.all()] == [
        (date(2026, 7, 1), date(2026, 8, 31), "zomervakantie"),
        (date(2026, 12, 25), date(2026, 12, 25), ""),
    ]
    brei = Activiteit.objects.get(title="Breicafé")
    assert list(brei.locaties.all()) == [bron], "the place is found by its name, not made twice"
    assert list(brei.wijken.all()) == [wijken["centrum-h"]]
    slot = brei.tijdsloten.get()
    assert (slot.weekday, slot.freq, slot.bysetpos, slot.until, slot.locatie) == (
        3,
        "MONTHLY",
        1,
        date(2026, 12, 31),
        bron,
    )


def test_an_export_with_places_and_times_imports_again_unchanged(client_coordinator, organisatie, wijken):
    import_file(client_coordinator, WHERE_CSV)
    before = sorted(Tijdslot.objects.values_list("pk", flat=True)), sorted(Uitzondering.objects.values_list("pk"))

    response = export(client_coordinator, CSV_FORMAT)

    content = response.content.decode("utf-8-sig")
    assert "Buurthuis De Bron, Hoofdstraat 1, 7671 AB Vriezenveen" in content
    assert "Centrum (Twenterand); Vroomshoop" in content, "a wijk name that exists twice gets its gemeente"
    assert "elke dinsdag 10:00-12:00; om de week op donderdag 14:00-16:00 vanaf 08-01-2026" in content
    assert "elke eerste woensdag van de maand 19:30-21:30 tot en met 31-12-2026 in Buurthuis De Bron" in content
    assert "01-07-2026 t/m 31-08-2026 (zomervakantie); 25-12-2026" in content
    again = preview(client_coordinator, response.content)
    assert again.context["result"].totals["skip"] == 2
    confirm(client_coordinator, again)
    after = sorted(Tijdslot.objects.values_list("pk", flat=True)), sorted(Uitzondering.objects.values_list("pk"))
    assert after == before
    assert Locatie.objects.count() == 1


def test_a_changed_time_or_exception_is_an_update_and_a_time_that_stays_keeps_its_note(
    client_coordinator, organisatie, wijken
):
    import_file(client_coordinator, WHERE_CSV)
    Tijdslot.objects.filter(weekday=2).update(note="Neem uw breiwerk mee")
    changed = WHERE_CSV.replace("om de week op donderdag 14.00-16.00", "om de week op vrijdag 14.00-16.00").replace(
        "25-12-2026; ", ""
    )

    response = preview(client_coordinator, changed)
    assert response.context["result"].totals["update"] == 1
    confirm(client_coordinator, response)

    koffie = Activiteit.objects.get(title="Koffie-uur")
    assert [(slot.weekday, slot.note) for slot in koffie.tijdsloten.all()] == [(2, "Neem uw breiwerk mee"), (5, "")]
    assert koffie.uitzonderingen.count() == 1


def test_a_file_without_the_new_columns_leaves_places_and_times_alone(client_coordinator, organisatie):
    activiteit = ActiviteitFactory(organisatie=organisatie, title="Samen Eten")
    place = LocatieFactory(organisatie=organisatie)
    activiteit.locaties.add(place)
    TijdslotFactory(activiteit=activiteit)
    UitzonderingFactory(activiteit=activiteit)

    import_file(client_coordinator, ACTIVITEITEN_CSV)

    assert list(activiteit.locaties.all()) == [place]
    assert activiteit.tijdsloten.count() == 1 and activiteit.uitzonderingen.count() == 1


def test_wrong_places_wijken_times_and_exceptions_are_dutch_row_errors_and_nothing_is_saved(
    client_coordinator, organisatie, wijken
):
    bad = WHERE_HEADER + (
        "Goed;Stichting Welzijn Proef;Een goede regel.;ontmoeting;"
        "Buurthuis De Bron, Hoofdstraat 1, 7671 AB Vriezenveen;Vroomshoop;elke dinsdag 10:00-12:00;25-12-2026\n"
        "Onbekende plek;Stichting Welzijn Proef;Fout.;ontmoeting;Het Dorpshuis;;;\n"
        "Onbekende wijk;Stichting Welzijn Proef;Fout.;ontmoeting;;Atlantis;;\n"
        "Dubbele wijk;Stichting Welzijn Proef;Fout.;ontmoeting;;Centrum;;\n"
        "Vage tijd;Stichting Welzijn Proef;Fout.;ontmoeting;;;elke dinsdag;\n"
        "Om de week;Stichting Welzijn Proef;Fout.;ontmoeting;;;om de week op dinsdag 10:00-12:00;\n"
        "Kerst;Stichting Welzijn Proef;Fout.;ontmoeting;;;;kerst\n"
        "Plek bij tijd;Stichting Welzijn Proef;Fout.;ontmoeting;;;elke dinsdag 10:00-12:00 in Nergens;\n"
    )

    response = preview(client_coordinator, bad)

    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert 1 not in invalid
    assert invalid[2]["locaties"][0].startswith("Onbekende locatie: 'Het Dorpshuis'. Schrijf een nieuwe locatie")
    assert invalid[3]["wijken"][0].startswith("Onbekende wijk: 'Atlantis'.")
    assert invalid[4]["wijken"][0].startswith("De wijk 'Centrum' bestaat in meer gemeenten")
    assert invalid[5]["tijden"][0].startswith("Tijd niet herkend: 'elke dinsdag'. Schrijf bijvoorbeeld")
    assert "schrijf erachter vanaf welke datum" in invalid[6]["tijden"][0]
    assert invalid[7]["geen bijeenkomst"][0].startswith("Datum of periode niet herkend: 'kerst'.")
    assert invalid[8]["tijden"][0].startswith("Onbekende locatie bij de tijden: 'Nergens'.")
    page = response.content.decode()
    assert "Onbekende wijk: &#x27;Atlantis&#x27;" in page
    assert not Activiteit.objects.exists() and not Locatie.objects.exists() and not Tijdslot.objects.exists()

    # The forged confirmation of the same file saves nothing either (all or nothing, not just the good row).
    from import_export.tmp_storages import TempFolderStorage

    storage = TempFolderStorage()
    storage.save(bad.encode("utf-8"))
    client_coordinator.post(
        reverse("admin:socialekaart_activiteit_process_import"),
        {"import_file_name": storage.name.rsplit("/", 1)[-1], "original_file_name": "x.csv", "format": "0"},
    )
    assert not Activiteit.objects.exists() and not Locatie.objects.exists() and not Uitzondering.objects.exists()


def test_the_preview_shows_the_times_that_will_be_saved(client_coordinator, organisatie, wijken):
    response = preview(client_coordinator, WHERE_CSV)

    page = response.content.decode()
    assert "om de week op donderdag 14:00-16:00 vanaf 08-01-2026" in page
    assert "Buurthuis De Bron, Hoofdstraat 1, 7671 AB Vriezenveen" in page


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------
def test_export_csv_has_the_same_dutch_headers_and_imports_again_unchanged(client_coordinator, organisatie):
    import_file(client_coordinator, ACTIVITEITEN_CSV)

    response = export(client_coordinator, CSV_FORMAT)

    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0] + "\n" == HEADER.rstrip("\n") + ";locaties;wijken;tijden;geen bijeenkomst;data\n"
    assert "Stichting Welzijn Proef" in content and "ouderen; mantelzorgers" in content and "5,50" in content
    again = preview(client_coordinator, response.content)
    assert again.context["result"].totals["skip"] == 3


def test_export_of_the_filtered_list(client_coordinator, organisatie):
    ActiviteitFactory(organisatie=organisatie, title="Gepubliceerd")
    ActiviteitFactory(organisatie=organisatie, title="Nog een concept", concept=True)

    response = export(client_coordinator, XLSX_FORMAT, query="?status__exact=concept")

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [cell.value for cell in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert header[:3] == ["titel", "organisatie", "samenvatting"]
    assert [row["titel"] for row in rows] == ["Nog een concept"]


# ---------------------------------------------------------------------------
# The admin pages
# ---------------------------------------------------------------------------
def test_a_partner_cannot_import(login, partner):
    response = login(partner).get(reverse("admin:socialekaart_activiteit_import"))

    assert response.status_code in (302, 403)
    assert Activiteit.objects.count() == 0


@pytest.mark.parametrize("model", ["activiteit", "locatie", "partnerinstelling", "uitzondering"])
def test_the_coordinator_opens_the_lists_and_add_pages(client_coordinator, model):
    assert client_coordinator.get(reverse(f"admin:socialekaart_{model}_changelist")).status_code == 200
    assert client_coordinator.get(reverse(f"admin:socialekaart_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", ["historie", "zoekvraag", "wijzigingsvoorstel"])
def test_records_are_read_only_even_for_the_beheerder(login, beheerder, model):
    activiteit = ActiviteitFactory()
    objects = {
        "historie": lambda: Historie.objects.create(activiteit=activiteit, action=Historie.Action.AANGEMAAKT),
        "zoekvraag": lambda: Zoekvraag.objects.create(terms="wandelen", result_count=0),
        "wijzigingsvoorstel": lambda: activiteit.wijzigingsvoorstellen.create(data={}, submitted_by=beheerder),
    }
    obj = objects[model]()
    client = login(beheerder)

    assert client.get(reverse(f"admin:socialekaart_{model}_changelist")).status_code == 200
    change = client.get(reverse(f"admin:socialekaart_{model}_change", args=[obj.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get(reverse(f"admin:socialekaart_{model}_add")).status_code == 403
    assert client.post(reverse(f"admin:socialekaart_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse(f"admin:socialekaart_{model}_change", args=[obj.pk]), {}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_activity_page_shows_times_events_and_the_history(client_coordinator):
    activiteit = ActiviteitFactory(title="Koffie-uur")
    activiteit.tijdsloten.create(weekday=2, starts_at="10:00", ends_at="12:00")
    Historie.objects.create(activiteit=activiteit, action=Historie.Action.HERINNERD)

    response = client_coordinator.get(reverse("admin:socialekaart_activiteit_change", args=[activiteit.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "tijdsloten-TOTAL_FORMS" in page and "bijeenkomsten-TOTAL_FORMS" in page
    assert "herinnering verstuurd" in page
    assert 'name="historie-TOTAL_FORMS"' in page and 'name="historie-0-comment"' not in page


def test_the_admin_edits_recurring_times_and_exceptions(client_coordinator):
    activiteit = ActiviteitFactory(title="Koffie-uur")
    UitzonderingFactory(activiteit=activiteit, reason="Koningsdag")
    url = reverse("admin:socialekaart_activiteit_change", args=[activiteit.pk])
    page = client_coordinator.get(url).content.decode()
    assert all(f'name="tijdsloten-__prefix__-{name}"' in page for name in ("freq", "interval", "bysetpos", "until"))
    assert 'name="uitzonderingen-0-reason"' in page and "Koningsdag" in page

    form = client_coordinator.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"last_confirmed_by", "locaties", "wijken"}
    }
    data |= {"organisatie": activiteit.organisatie_id, "slug": activiteit.slug}
    inlines = {
        "tijdsloten": [
            {"weekday": "2", "starts_at": "14:00", "ends_at": "16:00", "freq": "MONTHLY", "interval": "1",
             "bysetpos": "-1", "valid_from": "", "until": "2026-12-31", "locatie": "", "note": ""},
            {"weekday": "4", "starts_at": "10:00", "ends_at": "11:00", "freq": "WEEKLY", "interval": "2",
             "bysetpos": "", "valid_from": "", "until": "", "locatie": "", "note": ""},
        ],
    }  # fmt: skip
    for prefix, rows in inlines.items():
        data |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
        for n, row in enumerate(rows):
            data |= {f"{prefix}-{n}-{key}": value for key, value in row.items()}
    exception = activiteit.uitzonderingen.get()
    data |= {
        "uitzonderingen-TOTAL_FORMS": "1",
        "uitzonderingen-INITIAL_FORMS": "1",
        "uitzonderingen-0-id": str(exception.pk),
        "uitzonderingen-0-activiteit": str(activiteit.pk),
        "uitzonderingen-0-starts_on": exception.starts_on.isoformat(),
        "uitzonderingen-0-ends_on": exception.ends_on.isoformat(),
        "uitzonderingen-0-reason": "Koningsdag",
    }
    for prefix in ("bijeenkomsten", "historie"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = client_coordinator.post(url, data)

    # Every other week without a first date is refused (the database's rule, shown as a form error).
    assert response.status_code == 200
    errors = [form.errors for form in response.context["inline_admin_formsets"][0].formset]
    assert errors[1]["valid_from"] == ["Kies de datum van de eerste keer: vanaf daar tellen we de weken."]
    assert not activiteit.tijdsloten.exists()
    data["tijdsloten-1-valid_from"] = "2026-01-08"
    response = client_coordinator.post(url, data)
    assert response.status_code == 302, [f.errors for f in response.context["inline_admin_formsets"][0].formset]
    assert sorted(activiteit.tijdsloten.values_list("freq", "interval", "bysetpos")) == [
        ("MONTHLY", 1, -1),
        ("WEEKLY", 2, None),
    ]


def test_the_exceptions_have_their_own_list_with_filters_and_search(client_coordinator):
    koffie = ActiviteitFactory(title="Koffie-uur")
    UitzonderingFactory(activiteit=koffie, reason="Kerst")
    UitzonderingFactory(activiteit=ActiviteitFactory(title="Breicafé"), reason="Zomervakantie")
    url = reverse("admin:socialekaart_uitzondering_changelist")

    page = client_coordinator.get(url, {"q": "koffie"}).content.decode()

    assert "Koffie-uur" in page and "Breicafé" not in page
    filtered = client_coordinator.get(url, {"activiteit__organisatie__id__exact": koffie.organisatie_id})
    assert "Breicafé" not in filtered.content.decode()


def test_an_activity_added_in_the_admin_gets_an_address_history_and_search_vector(client_coordinator, coordinator):
    organisatie = OrganisatieFactory()
    empty_inline = {
        f"{prefix}-{key}": value
        for prefix in ("tijdsloten", "uitzonderingen", "bijeenkomsten", "historie")
        for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
    }

    response = client_coordinator.post(
        reverse("admin:socialekaart_activiteit_add"),
        {
            "organisatie": organisatie.pk,
            "title": "Samen Wandelen",
            "slug": "",
            "summary": "Elke week een uur wandelen.",
            "kind": "ontmoeting",
            "status": "concept",
            "target_groups": ["ouderen"],
            "evidence": "onbekend",
            "cost_kind": "gratis",
            "join_method": "inloop",
            **empty_inline,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    activiteit = Activiteit.objects.get(title="Samen Wandelen")
    assert activiteit.slug == "samen-wandelen"
    assert activiteit.search_vector is not None
    assert activiteit.historie.get().by == coordinator


def test_the_activity_changelist_has_a_fixed_query_budget(client_coordinator, django_assert_max_num_queries):
    for n in range(30):
        ActiviteitFactory(title=f"Activiteit {n:02d}")

    with django_assert_max_num_queries(14):
        response = client_coordinator.get(reverse("admin:socialekaart_activiteit_changelist"))

    assert response.status_code == 200
    assert "Activiteit 29" in response.content.decode()


def test_the_export_with_places_and_times_has_a_fixed_query_budget(
    client_coordinator, organisatie, wijken, django_assert_max_num_queries
):
    place = LocatieFactory(organisatie=organisatie)
    for n in range(30):
        activiteit = ActiviteitFactory(organisatie=organisatie, title=f"Activiteit {n:02d}")
        activiteit.locaties.add(place)
        activiteit.wijken.add(wijken["berflo"])
        TijdslotFactory(activiteit=activiteit, locatie=place)
        UitzonderingFactory(activiteit=activiteit)

    with django_assert_max_num_queries(20):
        response = export(client_coordinator, CSV_FORMAT)

    assert response.content.decode("utf-8-sig").count("elke dinsdag 10:00-12:00") == 30


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("dinsdag 10-12", "elke dinsdag 10:00-12:00"),
        ("Elke week op di 10.00 - 12.00", "elke dinsdag 10:00-12:00"),
        ("elke twee weken op vr 9:30-11:00 vanaf 2026-01-09", "om de week op vrijdag 09:30-11:00 vanaf 09-01-2026"),
        ("elke 3 weken op zaterdag 13:00–16:00 vanaf 03-01-2026 t/m 19-12-2026",
         "elke 3 weken op zaterdag 13:00-16:00 vanaf 03-01-2026 tot en met 19-12-2026"),
        ("iedere laatste vrijdag van de maand 14:00-16:00 in De Bron",
         "elke laatste vrijdag van de maand 14:00-16:00 in De Bron"),
    ],
)  # fmt: skip
def test_times_are_read_leniently_and_written_one_way(typed, written):
    from socialekaart.schedule_text import parse_time, write_time

    assert write_time(parse_time(typed)) == written
    assert parse_time(written) == parse_time(typed)


def test_a_new_address_for_a_known_place_updates_it(client_coordinator, organisatie, wijken):
    import_file(client_coordinator, WHERE_CSV)

    moved = WHERE_CSV.replace("Hoofdstraat 1, 7671 ab", "Kerkstraat 8, 7671 CD")
    response = preview(client_coordinator, moved)
    assert response.context["result"].totals["update"] == 1
    confirm(client_coordinator, response)

    assert Locatie.objects.values_list("street", "postcode").get() == ("Kerkstraat 8", "7671CD")


# ---------------------------------------------------------------------------
# Dated events: the column "data"
# ---------------------------------------------------------------------------
DATES_HEADER = "titel;organisatie;samenvatting;soort;locaties;data\n"


def test_dated_events_import_export_again_unchanged_and_past_ones_stay(client_coordinator, organisatie):
    year = timezone.localdate().year + 1
    dates = f"12-01-{year} 14:00-16:00; 26-01-{year} 19.30-21.00 in Buurthuis De Bron (Nieuwjaarsborrel)"
    csv = DATES_HEADER + (
        "Nieuwjaarsborrel;Stichting Welzijn Proef;Proosten op het nieuwe jaar.;ontmoeting;"
        f'Buurthuis De Bron, Hoofdstraat 1, 7671 AB Vriezenveen;"{dates}"\n'
    )
    import_file(client_coordinator, csv)

    borrel = Activiteit.objects.get(title="Nieuwjaarsborrel")
    events = [
        (f"{timezone.localtime(e.starts_at):%d-%m %H:%M}", e.locatie.name if e.locatie else "", e.title)
        for e in borrel.bijeenkomsten.select_related("locatie").order_by("starts_at")
    ]
    assert events == [("12-01 14:00", "", ""), ("26-01 19:30", "Buurthuis De Bron", "Nieuwjaarsborrel")]
    past = BijeenkomstFactory(activiteit=borrel, starts_at=timezone.now() - timedelta(days=30))
    borrel.bijeenkomsten.filter(title="Nieuwjaarsborrel").update(note="Met hapjes")

    response = export(client_coordinator, CSV_FORMAT)
    content = response.content.decode("utf-8-sig")
    assert dates.replace("19.30-21.00", "19:30-21:00") in content, "the coming events, written one way"
    again = preview(client_coordinator, response.content)
    assert again.context["result"].totals["skip"] == 1

    import_file(client_coordinator, csv.replace(f"12-01-{year} 14:00-16:00; ", ""))
    kept = borrel.bijeenkomsten.order_by("starts_at")
    assert [(e.pk == past.pk, e.note) for e in kept] == [(True, ""), (False, "Met hapjes")]


def test_wrong_or_past_dates_are_dutch_row_errors(client_coordinator, organisatie):
    bad = DATES_HEADER + (
        "Vorig jaar;Stichting Welzijn Proef;Fout.;ontmoeting;;01-01-2020 10:00-12:00\n"
        "Zonder tijd;Stichting Welzijn Proef;Fout.;ontmoeting;;12-01-2030\n"
        "Onbekende plek;Stichting Welzijn Proef;Fout.;ontmoeting;;12-01-2030 10:00-11:00 in Nergens\n"
    )

    response = preview(client_coordinator, bad)

    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert invalid[1]["data"][0].startswith("Deze bijeenkomsten zijn al voorbij: 01-01-2020 10:00-12:00.")
    assert invalid[2]["data"][0].startswith("Bijeenkomst niet herkend: '12-01-2030'. Schrijf bijvoorbeeld")
    assert invalid[3]["data"][0].startswith("Onbekende locatie bij de data: 'Nergens'.")
    assert not Activiteit.objects.exists()


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("12-1-2030 9.30 - 11 uur", "12-01-2030 09:30-11:00"),
        ("2030-01-12 14:00-16:00 in De Bron", "12-01-2030 14:00-16:00 in De Bron"),
        ("12-01-2030 14:00 tot 16:00 (Kerstviering)", "12-01-2030 14:00-16:00 (Kerstviering)"),
    ],
)
def test_dated_events_are_read_leniently_and_written_one_way(typed, written):
    assert schedule_text.write_event(schedule_text.parse_event(typed)) == written
    assert schedule_text.parse_event(written) == schedule_text.parse_event(typed)
