"""The monitor's own figures (issue 12, section 1 and the population table of section 2): GGD loneliness figures,
each gemeente's ambition and the inhabitants aged 65+ per wijk — the database's rules, the import through the admin,
the demo data from the seeds, and the dashboard's reads.
"""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import Workbook

from coalition.demo.loader import load_demo
from coalition.models import Gemeente, Wijk
from monitoring.models import AgeGroup, Ambitie, Gezondheidscijfer, Inwonertal
from monitoring.queries import (
    AmbitionPoint,
    GgdFigure,
    Inhabitants65Plus,
    MeasuredPoint,
    ambition_lines,
    ggd_figures,
    population_65plus,
)
from monitoring.resources import GezondheidscijferResource
from tests.factories import AmbitieFactory, GezondheidscijferFactory, InwonertalFactory

CSV_FORMAT, XLSX_FORMAT = "0", "1"
PERCENT_HINT = "Vul een getal van 0 tot en met 100 in, bijvoorbeeld 46 of 46,5."
D = Decimal


@pytest.fixture
def town(db):
    """Enschede, Hengelo and Twenterand with a few of their wijken."""
    enschede = Gemeente.objects.create(name="Enschede", cbs_code="GM0153")
    hengelo = Gemeente.objects.create(name="Hengelo", cbs_code="GM0164")
    twenterand = Gemeente.objects.create(name="Twenterand", cbs_code="GM1700")
    return {
        "Enschede": enschede,
        "Hengelo": hengelo,
        "Twenterand": twenterand,
        "Glanerbrug": Wijk.objects.create(gemeente=enschede, name="Glanerbrug en omgeving", cbs_code="WK015308"),
        "Slangenbeek": Wijk.objects.create(gemeente=hengelo, name="Slangenbeek", cbs_code="WK016408"),
        "Bruinehaar": Wijk.objects.create(gemeente=twenterand, name="Bruinehaar", kind=Wijk.Kind.KERN),
    }


def refused(**values):
    """Saving these values is refused by the database itself (no clean(), no form)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Gezondheidscijfer.objects.create(**values)
    return True


# ---------------------------------------------------------------------------
# The database's rules
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [
        {"lonely": D("120")},
        {"lonely": D("-1")},
        {"severely_lonely": D("100.1")},
        {"emotionally_lonely": D("-0.1")},
        {"socially_lonely": D("101")},
        {"lonely": None},  # a row without any percentage says nothing
        {"lonely": D("10"), "severely_lonely": D("12")},  # the severely lonely are part of the lonely
        {"year": 1989},
        {"group": "kinderen"},
        {"sample_size": 0},
    ],
    ids=str,
)
def test_the_database_refuses_a_wrong_ggd_figure(town, values):
    assert refused(**({"gemeente": town["Enschede"], "year": 2022, "group": "alle", "lonely": D("40")} | values))


def test_one_figure_per_gemeente_or_wijk_year_and_group(town):
    enschede, glanerbrug = town["Enschede"], town["Glanerbrug"]
    GezondheidscijferFactory(gemeente=enschede, year=2022, group=AgeGroup.ALLE)
    GezondheidscijferFactory(gemeente=enschede, wijk=glanerbrug, year=2022, group=AgeGroup.ALLE)
    # Another group, another year: other figures.
    GezondheidscijferFactory(gemeente=enschede, year=2022, group=AgeGroup.OUDEREN)
    GezondheidscijferFactory(gemeente=enschede, wijk=glanerbrug, year=2020, group=AgeGroup.ALLE)

    # NULL wijk is one gemeente-level figure, not a fresh NULL each time.
    assert refused(gemeente=enschede, year=2022, group=AgeGroup.ALLE, lonely=D("41"))
    assert refused(gemeente=enschede, wijk=glanerbrug, year=2022, group=AgeGroup.ALLE, lonely=D("41"))
    assert Gezondheidscijfer.objects.count() == 4


def test_a_wijk_of_another_gemeente_is_refused_by_clean_and_by_the_database(town):
    figure = Gezondheidscijfer(gemeente=town["Enschede"], wijk=town["Slangenbeek"], year=2022, lonely=D("40"))

    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert error.value.message_dict["wijk"] == ["De wijk Slangenbeek hoort bij Hengelo, niet bij Enschede."]
    assert refused(gemeente=town["Enschede"], wijk=town["Slangenbeek"], year=2022, lonely=D("40"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Inwonertal.objects.create(gemeente=town["Enschede"], wijk=town["Slangenbeek"], year=2024, inhabitants_65plus=5)


def test_clean_names_a_duplicate_and_a_severe_share_above_the_lonely_in_dutch(town):
    GezondheidscijferFactory(gemeente=town["Enschede"], year=2022)
    twin = Gezondheidscijfer(gemeente=town["Enschede"], year=2022, group=AgeGroup.ALLE, lonely=D("10"))
    twin.severely_lonely = D("12")

    with pytest.raises(ValidationError) as error:
        twin.full_clean()

    messages = error.value.messages
    assert "Er is al een cijfer voor deze gemeente, dit jaar en deze groep." in messages
    assert "Ernstig eenzaam kan niet meer zijn dan eenzaam." in messages


def test_an_ambition_ends_after_it_starts_and_a_gemeente_has_one(town):
    AmbitieFactory(gemeente=town["Enschede"])

    with pytest.raises(IntegrityError), transaction.atomic():
        AmbitieFactory(gemeente=town["Enschede"])
    with pytest.raises(IntegrityError), transaction.atomic():
        AmbitieFactory(gemeente=town["Hengelo"], baseline_year=2021, target_year=2021)
    with pytest.raises(IntegrityError), transaction.atomic():
        AmbitieFactory(gemeente=town["Hengelo"], target_pct=D("101"))
    assert Ambitie.objects.count() == 1


def test_inhabitants_are_positive_and_counted_once_per_year(town):
    InwonertalFactory(gemeente=town["Enschede"], year=2024)
    InwonertalFactory(gemeente=town["Enschede"], wijk=town["Glanerbrug"], year=2024)

    for values in (
        {"year": 2024},  # the gemeente's count again
        {"year": 2024, "wijk": town["Glanerbrug"]},
        {"year": 2023, "inhabitants_65plus": 0},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Inwonertal.objects.create(**({"gemeente": town["Enschede"], "inhabitants_65plus": 10} | values))
    assert Inwonertal.objects.count() == 2


# ---------------------------------------------------------------------------
# The ambition line
# ---------------------------------------------------------------------------
def test_the_ambition_line_runs_straight_from_baseline_to_target(town):
    ambitie = AmbitieFactory(gemeente=town["Enschede"])  # 51 % in 2021 to 25 % in 2026

    assert ambitie.expected_pct(2023) == D("40.60")  # 51 - 2 × 26/5
    assert ambitie.line() == [
        (2021, D("51")),
        (2022, D("45.8")),
        (2023, D("40.6")),
        (2024, D("35.4")),
        (2025, D("30.2")),
        (2026, D("25")),
    ]
    assert ambitie.expected_pct(2020) is None
    assert ambitie.expected_pct(2027) is None


def test_the_ambitie_admin_page_shows_the_line(login, coordinator, town):
    ambitie = AmbitieFactory(gemeente=town["Enschede"])

    page = login(coordinator).get(reverse("admin:monitoring_ambitie_change", args=[ambitie.pk])).content.decode()

    assert "2021: 51 % · 2022: 45,8 % · 2023: 40,6 % · 2024: 35,4 % · 2025: 30,2 % · 2026: 25 %" in page


# ---------------------------------------------------------------------------
# Import through the admin, as a coördinator
# ---------------------------------------------------------------------------
@pytest.fixture
def coordinator_client(login, coordinator):
    return login(coordinator)


def preview(client, model, content, *, name="import.csv", fmt=CSV_FORMAT):
    if isinstance(content, str):
        content = content.encode("utf-8")
    upload = SimpleUploadedFile(name, content)
    return client.post(
        reverse(f"admin:monitoring_{model}_import"), {"resource": "0", "format": fmt, "import_file": upload}
    )


def confirm(client, model, response):
    form = response.context["confirm_form"]
    data = {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")}
    return client.post(reverse(f"admin:monitoring_{model}_process_import"), data, follow=True)


def import_file(client, model, content, **kwargs):
    response = preview(client, model, content, **kwargs)
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows or result.base_errors
    return confirm(client, model, response)


FIGURES_CSV = (
    "Gemeente;Wijk;Jaar;Groep;Eenzaam (%);Ernstig eenzaam (%);Emotioneel eenzaam;Sociaal eenzaam;"
    "Aantal ondervraagden;Bron\n"
    "Enschede;;2022;volwassenen en ouderen;49,5;11;;;6.012;GGD Twente 2022\n"
    "GM0153;;2022;65+;52 %;13,0;30;41;1.250;GGD Twente 2022\n"
    "Enschede;glanerbrug en omgeving;2022;;47;;;;8;GGD Twente 2022\n"
    "Hengelo;WK016408;2022;19-64;35;;;;;\n"
)


def test_a_csv_of_ggd_figures_shows_a_preview_and_imports_on_confirmation(coordinator_client, town):
    response = preview(coordinator_client, "gezondheidscijfer", FIGURES_CSV)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert len(response.context["result"].valid_rows()) == 4
    assert "Glanerbrug en omgeving" in response.content.decode()
    assert Gezondheidscijfer.objects.count() == 0, "the preview saves nothing"

    page = confirm(coordinator_client, "gezondheidscijfer", response).content.decode()

    assert "Import klaar: 4 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page
    rows = {
        (f.gemeente.name, f.wijk.name if f.wijk else None, f.year, f.group): (
            f.lonely,
            f.severely_lonely,
            f.emotionally_lonely,
            f.socially_lonely,
            f.sample_size,
            f.source,
        )
        for f in Gezondheidscijfer.objects.select_related("gemeente", "wijk")
    }
    assert rows == {
        ("Enschede", None, 2022, "alle"): (D("49.5"), D("11"), None, None, 6012, "GGD Twente 2022"),
        ("Enschede", None, 2022, "ouderen"): (D("52"), D("13"), D("30"), D("41"), 1250, "GGD Twente 2022"),
        ("Enschede", "Glanerbrug en omgeving", 2022, "alle"): (D("47"), None, None, None, 8, "GGD Twente 2022"),
        ("Hengelo", "Slangenbeek", 2022, "volwassenen"): (D("35"), None, None, None, None, ""),
    }


def test_an_xlsx_of_ggd_figures_without_wijk_and_group_columns_imports(coordinator_client, town):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["gemeente", "jaar", "eenzaam", "ernstig eenzaam", "aantal ondervraagden"])
    sheet.append(["Twenterand", 2016, 36, 6, None])
    sheet.append(["Hengelo", 2016.0, 46.25, None, 4875.0])  # Excel numbers; 46.25 is kept to one decimal
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_file(coordinator_client, "gezondheidscijfer", buffer.getvalue(), name="ggd.xlsx", fmt=XLSX_FORMAT)

    twenterand = Gezondheidscijfer.objects.get(gemeente=town["Twenterand"])
    hengelo = Gezondheidscijfer.objects.get(gemeente=town["Hengelo"])
    assert (twenterand.wijk, twenterand.year, twenterand.group) == (None, 2016, AgeGroup.ALLE)
    assert (twenterand.lonely, twenterand.severely_lonely, twenterand.sample_size) == (D("36"), D("6"), None)
    assert (hengelo.lonely, hengelo.sample_size) == (D("46.3"), 4875)


def test_a_file_with_wrong_rows_names_each_row_in_dutch_and_saves_nothing(coordinator_client, town):
    content = (
        "gemeente;wijk;jaar;groep;eenzaam;ernstig eenzaam;aantal ondervraagden\n"
        "Enschede;;2022;alle;49;11;6000\n"  # a good row: not saved either
        "Enschedee;;2022;alle;49;;\n"  # unknown gemeente
        "Hengelo;;2022;alle;120;;\n"  # not a percentage
        "Enschede;Slangenbeek;2022;alle;40;;\n"  # a wijk of Hengelo, by name
        "Enschede;WK016408;2022;alle;40;;\n"  # a wijk of Hengelo, by its CBS code
        "Enschede;;twintig;alle;veel;;ongeveer 50\n"  # text where numbers belong
        "Enschede;;2021;kinderen;40;;\n"  # no such group
    )

    response = preview(coordinator_client, "gezondheidscijfer", content)

    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert sorted(invalid) == [2, 3, 4, 5, 6, 7]
    assert invalid[2] == {"gemeente": ["Onbekende gemeente: 'Enschedee'"]}
    assert invalid[3] == {"eenzaam": [f"Een percentage ligt tussen 0 en 100, niet '120'. {PERCENT_HINT}"]}
    assert invalid[4] == {"wijk": ["Onbekende wijk in Enschede: 'Slangenbeek'"]}
    assert invalid[5] == {"wijk": ["De wijk Slangenbeek hoort bij Hengelo, niet bij Enschede."]}
    assert invalid[6] == {
        "jaar": ["Geen jaartal: 'twintig'. Vul het jaar in met vier cijfers, bijvoorbeeld 2022."],
        "eenzaam": [f"Geen percentage: 'veel'. {PERCENT_HINT}"],
        "aantal ondervraagden": [
            "Geen heel getal: 'ongeveer 50'. Vul het aantal ondervraagden in als heel getal, bijvoorbeeld 1250."
        ],
    }
    assert invalid[7] == {"groep": ["Onbekende groep: 'kinderen'. Kies uit: alle, volwassenen, ouderen."]}
    page = response.content.decode()
    assert "Onbekende gemeente: &#x27;Enschedee&#x27;" in page
    assert Gezondheidscijfer.objects.count() == 0


def test_importing_the_same_figures_again_updates_them(coordinator_client, town):
    import_file(coordinator_client, "gezondheidscijfer", FIGURES_CSV)
    changed = FIGURES_CSV.replace("49,5;11", "48;10")

    response = preview(coordinator_client, "gezondheidscijfer", changed)
    totals = response.context["result"].totals
    confirm(coordinator_client, "gezondheidscijfer", response)

    assert (totals["new"], totals["update"], totals["skip"]) == (0, 1, 3)
    assert Gezondheidscijfer.objects.count() == 4
    figure = Gezondheidscijfer.objects.get(gemeente=town["Enschede"], wijk=None, group=AgeGroup.ALLE)
    assert (figure.lonely, figure.severely_lonely) == (D("48"), D("10"))


def test_an_export_of_ggd_figures_imports_again_unchanged(coordinator_client, town):
    import_file(coordinator_client, "gezondheidscijfer", FIGURES_CSV)
    resource = GezondheidscijferResource
    columns = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    exported = coordinator_client.post(
        reverse("admin:monitoring_gezondheidscijfer_export"), {"format": CSV_FORMAT, "resource": "0", **columns}
    ).content

    header = exported.decode("utf-8-sig").splitlines()[0]
    response = preview(coordinator_client, "gezondheidscijfer", exported)

    assert header == (
        "gemeente;wijk;jaar;groep;eenzaam;ernstig eenzaam;emotioneel eenzaam;sociaal eenzaam;aantal ondervraagden;bron"
    )
    assert "Enschede;;2022;alle;49,5;11;;;6012;GGD Twente 2022" in exported.decode("utf-8-sig")
    assert response.context["result"].totals["skip"] == 4


def test_ambitions_import_and_update_by_gemeente(coordinator_client, town):
    content = (
        "gemeente;startjaar;eenzaam in startjaar;doeljaar;eenzaam in doeljaar;bron\nEnschede;2021;51;2026;25;Plan\n"
    )
    import_file(coordinator_client, "ambitie", content)
    import_file(coordinator_client, "ambitie", content.replace(";25;", ";30;"))

    ambitie = Ambitie.objects.get()
    assert (ambitie.gemeente, ambitie.group, ambitie.baseline_pct, ambitie.target_pct) == (
        town["Enschede"],
        AgeGroup.ALLE,
        D("51"),
        D("30"),
    )


def test_an_ambition_that_ends_before_it_starts_is_a_dutch_row_error(coordinator_client, town):
    content = "gemeente;startjaar;eenzaam in startjaar;doeljaar;eenzaam in doeljaar\nEnschede;2026;51;2021;25\n"

    response = preview(coordinator_client, "ambitie", content)

    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert invalid == {1: {"__all__": ["Het doeljaar moet na het startjaar liggen."]}}
    assert not Ambitie.objects.exists()


def test_inhabitants_65plus_import_from_xlsx_and_update_on_reimport(coordinator_client, town):
    def xlsx(count):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["gemeente", "wijk", "jaar", "inwoners 65 jaar en ouder", "bron"])
        sheet.append(["Enschede", "", 2024, 30_250, "CBS"])
        sheet.append(["Enschede", "Glanerbrug en omgeving", 2024, count, "CBS"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    import_file(coordinator_client, "inwonertal", xlsx(3120), name="cbs.xlsx", fmt=XLSX_FORMAT)
    import_file(coordinator_client, "inwonertal", xlsx(3150), name="cbs.xlsx", fmt=XLSX_FORMAT)

    assert dict(Inwonertal.objects.values_list("wijk__name", "inhabitants_65plus")) == {
        None: 30_250,
        "Glanerbrug en omgeving": 3150,
    }


def test_inhabitants_must_be_a_whole_positive_number(coordinator_client, town):
    content = "gemeente;jaar;inwoners 65+\nEnschede;2024;0\nHengelo;2024;12,5\nTwenterand;2024;\n"

    response = preview(coordinator_client, "inwonertal", content)

    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert invalid == {
        1: {"inwoners 65+": ["Het aantal inwoners van 65 jaar en ouder moet 1 of meer zijn, niet '0'."]},
        2: {
            "inwoners 65+": [
                "Geen heel getal: '12,5'. Vul het aantal inwoners van 65 jaar en ouder in als heel getal, "
                "bijvoorbeeld 1250."
            ]
        },
        3: {"inwoners 65+": ["Vul het aantal inwoners van 65 jaar en ouder in."]},
    }


def test_a_partner_cannot_import_ggd_figures(login, partner, town):
    response = login(partner).get(reverse("admin:monitoring_gezondheidscijfer_import"))

    assert response.status_code in (302, 403)
    assert not Gezondheidscijfer.objects.exists()


# ---------------------------------------------------------------------------
# Demo data from the seeds
# ---------------------------------------------------------------------------
def test_the_demo_loader_loads_the_seed_figures_exactly(db, settings):
    settings.DEMO_MODE = False
    load_demo(demo_mode=False)

    figures = {
        (f.gemeente.name, f.wijk.name if f.wijk else None, f.year, f.group): (
            f.lonely,
            f.severely_lonely,
            f.socially_lonely,
            f.emotionally_lonely,
            f.sample_size,
        )
        for f in Gezondheidscijfer.objects.select_related("gemeente", "wijk")
    }
    assert figures == {
        ("Enschede", None, 2021, "alle"): (D("51"), D("12"), None, None, None),
        ("Enschede", None, 2021, "volwassenen"): (D("47"), None, None, None, None),
        ("Twenterand", None, 2016, "alle"): (D("36"), D("6"), D("36"), D("24"), None),
        ("Twenterand", None, 2016, "ouderen"): (D("41"), D("6"), None, None, None),  # 35 + 4 + 2; 4 + 2
        ("Twenterand", "Westerhaar-Vriezenveensewijk", 2016, "alle"): (D("38"), None, D("38"), D("26"), None),
        ("Twenterand", "Bruinehaar", 2016, "alle"): (D("37"), None, D("37"), D("25"), None),
        ("Hengelo", None, 2016, "alle"): (D("46"), None, None, None, None),
        ("Hengelo", None, 2016, "volwassenen"): (D("46"), D("9"), None, None, None),  # 37 + 6 + 3; 6 + 3
        ("Hengelo", None, 2012, "volwassenen"): (D("33"), None, None, None, None),
        ("Hengelo", None, 2012, "ouderen"): (D("42"), None, None, None, None),
        ("Hengelo", "Buitengebied", 2016, "alle"): (D("33"), None, None, None, None),
        ("Hengelo", "Slangenbeek", 2016, "alle"): (D("35"), None, None, None, None),
        ("Hengelo", "Hasseler Es", 2016, "alle"): (D("40"), None, None, None, None),
    }
    assert all(f.source for f in Gezondheidscijfer.objects.all())
    ambitie = Ambitie.objects.get()
    assert (ambitie.gemeente.name, ambitie.group, ambitie.baseline_year, ambitie.baseline_pct) == (
        "Enschede",
        "alle",
        2021,
        D("51"),
    )
    assert (ambitie.target_year, ambitie.target_pct) == (2026, D("25"))
    assert not Inwonertal.objects.exists(), "no seed gives the inhabitants aged 65+: none are made up"


def test_the_demo_loader_runs_twice_without_changes_and_invents_nothing_in_demo_mode(db, settings):
    settings.DEMO_MODE = True
    load_demo(demo_mode=True)

    summary = load_demo(demo_mode=True)

    for label in ("GGD-cijfers", "ambities"):
        tally = summary.tallies[label]
        assert (tally.created, tally.updated, tally.unchanged) == ((0, 0, 13) if label == "GGD-cijfers" else (0, 0, 1))
    assert Gezondheidscijfer.objects.count() == 13
    assert not Inwonertal.objects.exists()
    assert any("Inwonertallen 65+" in note for note in summary.notes)


# ---------------------------------------------------------------------------
# Reads for the dashboard
# ---------------------------------------------------------------------------
def test_ggd_figures_gives_every_year_per_gemeente_and_the_wijk_asked_for_in_one_query(town, django_assert_num_queries):
    enschede, hengelo, glanerbrug = town["Enschede"], town["Hengelo"], town["Glanerbrug"]
    GezondheidscijferFactory(gemeente=enschede, year=2022, group=AgeGroup.OUDEREN, lonely=D("52"), sample_size=9)
    GezondheidscijferFactory(gemeente=enschede, year=2022, group=AgeGroup.ALLE, lonely=D("49.5"), sample_size=10)
    GezondheidscijferFactory(gemeente=enschede, wijk=glanerbrug, year=2022, lonely=D("47"), sample_size=3)
    GezondheidscijferFactory(gemeente=enschede, year=2020, group=AgeGroup.VOLWASSENEN, lonely=D("45"))
    GezondheidscijferFactory(gemeente=hengelo, year=2016, lonely=D("46"))

    with django_assert_num_queries(1):
        figures = ggd_figures(gemeente_ids=[enschede.pk], wijk_id=glanerbrug.pk)

    assert [(f.year, f.group, f.wijk, f.lonely, f.sample_size, f.small_sample) for f in figures] == [
        (2020, "volwassenen", "", D("45"), None, False),  # sample size unknown: not flagged
        (2022, "alle", "", D("49.5"), 10, False),
        (2022, "alle", "Glanerbrug en omgeving", D("47"), 3, True),
        (2022, "ouderen", "", D("52"), 9, True),
    ]
    assert figures[0] == GgdFigure(
        gemeente_id=enschede.pk,
        gemeente="Enschede",
        wijk_id=None,
        wijk="",
        year=2020,
        group="volwassenen",
        lonely=D("45"),
        severely_lonely=None,
        emotionally_lonely=None,
        socially_lonely=None,
        sample_size=None,
        small_sample=False,
        source="GGD (test)",
    )
    # Without a wijk only gemeente level; without gemeenten every gemeente, by name.
    assert [(f.gemeente, f.year, f.wijk) for f in ggd_figures()] == [
        ("Enschede", 2020, ""),
        ("Enschede", 2022, ""),
        ("Enschede", 2022, ""),
        ("Hengelo", 2016, ""),
    ]


def test_ambition_lines_draw_the_line_and_the_measurements_in_two_queries(town, django_assert_num_queries):
    enschede = town["Enschede"]
    AmbitieFactory(gemeente=enschede, source="Actieplan")
    GezondheidscijferFactory(gemeente=enschede, year=2016, lonely=D("44"))  # before the baseline: shown, no line
    GezondheidscijferFactory(gemeente=enschede, year=2021, lonely=D("51"), sample_size=6012)
    GezondheidscijferFactory(gemeente=enschede, year=2023, lonely=D("40.6"))  # exactly on the line
    # Not the ambition's group, not gemeente level, no lonely share: not measured against it.
    GezondheidscijferFactory(gemeente=enschede, year=2023, group=AgeGroup.OUDEREN, lonely=D("20"))
    GezondheidscijferFactory(gemeente=enschede, wijk=town["Glanerbrug"], year=2024, lonely=D("10"))
    GezondheidscijferFactory(gemeente=enschede, year=2024, lonely=None, severely_lonely=D("5"))
    AmbitieFactory(gemeente=town["Hengelo"])  # no measurements at all

    with django_assert_num_queries(2):
        lines = ambition_lines([enschede.pk, town["Hengelo"].pk])

    enschede_line, hengelo_line = lines
    assert enschede_line.baseline == AmbitionPoint(2021, D("51"))
    assert enschede_line.target == AmbitionPoint(2026, D("25"))
    assert [(p.year, p.pct) for p in enschede_line.expected] == [
        (2021, D("51")),
        (2022, D("45.8")),
        (2023, D("40.6")),
        (2024, D("35.4")),
        (2025, D("30.2")),
        (2026, D("25")),
    ]
    assert enschede_line.measured == (
        MeasuredPoint(year=2016, pct=D("44"), sample_size=None, small_sample=False, expected=None),
        MeasuredPoint(year=2021, pct=D("51"), sample_size=6012, small_sample=False, expected=D("51")),
        MeasuredPoint(year=2023, pct=D("40.6"), sample_size=None, small_sample=False, expected=D("40.6")),
    )
    assert enschede_line.latest == enschede_line.measured[-1]
    assert enschede_line.on_track is True
    assert (enschede_line.gemeente, enschede_line.group, enschede_line.source) == ("Enschede", "alle", "Actieplan")
    assert (hengelo_line.gemeente, hengelo_line.measured, hengelo_line.latest, hengelo_line.on_track) == (
        "Hengelo",
        (),
        None,
        None,
    )


@pytest.mark.parametrize(
    ("measurements", "on_track"),
    [
        ({2021: "51"}, None),  # only the baseline itself: nothing to judge yet
        ({2021: "51", 2023: "40.6"}, True),  # on the line
        ({2021: "51", 2023: "40.7"}, False),  # just above it
        ({2021: "51", 2024: "30"}, True),
        ({2023: "38", 2025: "31"}, False),  # the latest counts, not the best
        ({2028: "25"}, True),  # after the target year: against the target
        ({2028: "26"}, False),
        ({2019: "40"}, None),  # before the baseline
    ],
)
def test_on_track_compares_the_latest_measurement_with_the_line(town, measurements, on_track):
    AmbitieFactory(gemeente=town["Enschede"])
    for year, pct in measurements.items():
        GezondheidscijferFactory(gemeente=town["Enschede"], year=year, lonely=D(pct))

    (line,) = ambition_lines()

    assert line.on_track is on_track


def test_an_ambition_of_older_people_is_measured_against_their_figures(town):
    AmbitieFactory(gemeente=town["Twenterand"], group=AgeGroup.OUDEREN, baseline_year=2016, baseline_pct=D("41"))
    GezondheidscijferFactory(gemeente=town["Twenterand"], year=2016, group=AgeGroup.ALLE, lonely=D("36"))
    GezondheidscijferFactory(gemeente=town["Twenterand"], year=2016, group=AgeGroup.OUDEREN, lonely=D("41"))

    (line,) = ambition_lines([town["Twenterand"].pk])

    assert [(p.year, p.pct) for p in line.measured] == [(2016, D("41"))]
    assert ambition_lines([town["Hengelo"].pk]) == []


def test_population_65plus_takes_the_latest_count_up_to_the_year_in_one_query(town, django_assert_num_queries):
    enschede, glanerbrug = town["Enschede"], town["Glanerbrug"]
    InwonertalFactory(gemeente=enschede, year=2020, inhabitants_65plus=29_000)
    InwonertalFactory(gemeente=enschede, year=2022, inhabitants_65plus=30_000)
    InwonertalFactory(gemeente=enschede, year=2025, inhabitants_65plus=31_000)  # after the year asked
    InwonertalFactory(gemeente=enschede, wijk=glanerbrug, year=2021, inhabitants_65plus=3_100)
    InwonertalFactory(gemeente=town["Hengelo"], year=2024, inhabitants_65plus=20_000)
    InwonertalFactory(gemeente=town["Hengelo"], wijk=town["Slangenbeek"], year=2024, inhabitants_65plus=1_500)

    with django_assert_num_queries(1):
        population = population_65plus(gemeente_ids=[enschede.pk], year=2024)

    assert population.gemeenten == {enschede.pk: Inhabitants65Plus(count=30_000, year=2022)}
    assert population.wijken == {glanerbrug.pk: Inhabitants65Plus(count=3_100, year=2021)}
    assert population.of_wijk(glanerbrug.pk) == Inhabitants65Plus(count=3_100, year=2021)
    assert population.of_wijk(town["Slangenbeek"].pk) is None  # not asked: unknown
    assert population.of_gemeente(town["Hengelo"].pk) is None
    everyone = population_65plus(year=2030)
    assert everyone.of_gemeente(enschede.pk) == Inhabitants65Plus(count=31_000, year=2025)
    assert everyone.of_wijk(town["Slangenbeek"].pk) == Inhabitants65Plus(count=1_500, year=2024)
    assert population_65plus(year=2019) == population_65plus(gemeente_ids=[], year=2030)
