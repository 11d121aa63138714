"""The steering group's dashboard (issue 12): who sees which figures, the filters, the comparison with earlier
periods, exports, the printed report and its PDF, the partners' own figures and the public progress page; and a walk
over every page and export that finds no small count and nothing of a person."""

import base64
import csv
import io
import re
import zlib
from datetime import date, datetime, time

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.models import DJGMeting
from monitoring import periods
from monitoring.models import Ambitie, Gezondheidscijfer
from tests.factories import (
    GemeenteFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    VerwijzingFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db

# The quarter the dashboard opens on by default on 5 December 2026 is the third of 2026.
Q3_2026 = "?periode=kwartaal&jaar=2026&kwartaal=3"
IN_Q3 = date(2026, 8, 12)
PERSON = {"name": "Zwaantje Xylofoon", "postcode": "7541QX", "birth_year": 1931}


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def region(medewerker, partner):
    return _region_data(medewerker, partner)


def _region_data(medewerker, partner):
    """Enschede (its meldpunt with the medewerker) and Hengelo. In the third quarter of 2026 Enschede had 25
    signals by phone from neighbours and 3 self-reports by e-mail; Hengelo 12 by phone. Enschede referred 14 people
    to "Buurtkamer" (the partner's organisation, 11 accepted) and 4 to "Maatjes". Some of the people measured
    at the intake and the follow-up."""
    enschede = GemeenteFactory(name="Enschede", cbs_code="GM0153")
    hengelo = GemeenteFactory(name="Hengelo", cbs_code="GM0164")
    centrum = WijkFactory(gemeente=enschede, name="Binnensingelgebied")
    WijkFactory(gemeente=hengelo, name="Slangenbeek")
    meldpunt = MeldpuntFactory(gemeente=enschede, staff=[medewerker])
    other = MeldpuntFactory(gemeente=hengelo)
    buurtkamer = OrganisatieFactory(name="Buurtkamer")
    partner.organisaties.add(buurtkamer)
    maatjes = OrganisatieFactory(name="Maatjes")
    cases = []
    for n in range(25):
        melding = MeldingFactory(meldpunt=meldpunt, wijk=centrum, received_at=at(IN_Q3), signaal=False,
                                 person_name=f"{PERSON['name']} {n}", person_postcode=PERSON["postcode"],
                                 person_birth_year=PERSON["birth_year"])  # fmt: skip
        SignaalFactory(melding=melding, received_at=at(IN_Q3), channel="telefoon", reporter_relation="buur")
        cases.append(melding)
    for _ in range(3):
        melding = MeldingFactory(meldpunt=meldpunt, wijk=centrum, received_at=at(IN_Q3), signaal=False)
        SignaalFactory(melding=melding, received_at=at(IN_Q3), channel="email", reporter_relation="zelf")
    for _ in range(12):
        melding = MeldingFactory(meldpunt=other, received_at=at(IN_Q3), signaal=False)
        SignaalFactory(melding=melding, received_at=at(IN_Q3), channel="telefoon", reporter_relation="familie")
    for n, melding in enumerate(cases[:14]):
        VerwijzingFactory(melding=melding, organisatie=buurtkamer, sent_at=at(IN_Q3),
                          accepted_at=at(IN_Q3) if n < 11 else None)  # fmt: skip
        for moment, total in (("intake", 8), ("follow_up", 2 if n < 6 else 7)):
            DJGMeting.objects.create(melding=melding, form="djg11", moment=moment, measured_on=IN_Q3, answers={},
                                     total=total, category="")  # fmt: skip
    for melding in cases[14:18]:
        VerwijzingFactory(melding=melding, organisatie=maatjes, sent_at=at(IN_Q3))
    Gezondheidscijfer.objects.create(gemeente=enschede, year=2021, group="alle", lonely=51, severely_lonely=12)
    Gezondheidscijfer.objects.create(gemeente=enschede, year=2024, group="alle", lonely=44)
    Ambitie.objects.create(gemeente=enschede, baseline_year=2021, baseline_pct=51, target_year=2026, target_pct=25,
                           group="alle")  # fmt: skip
    return {"enschede": enschede, "hengelo": hengelo, "centrum": centrum, "meldpunt": meldpunt, "cases": cases}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_default_period_is_the_last_complete_quarter():
    assert periods.last_complete_quarter(date(2026, 12, 5)) == periods.quarter(2026, 3)
    assert periods.last_complete_quarter(date(2026, 2, 1)) == periods.quarter(2025, 4)
    q = periods.quarter(2026, 1)
    assert q.previous() == periods.quarter(2025, 4)
    assert q.year_before() == periods.quarter(2025, 1)
    assert periods.custom(date(2026, 3, 1), date(2026, 3, 10)).previous().start == date(2026, 2, 19)


def test_the_stuurgroep_sees_every_panel_within_the_query_budget(region, stuurgroep, login,
                                                               django_assert_max_num_queries):  # fmt: skip
    """Built live (no summary kept): every gemeente, one gemeente (with its wijken), one wijk."""
    client = login(stuurgroep)
    for place in ["", f"&gemeente={region['enschede'].pk}", f"&wijk={region['centrum'].pk}"]:
        cache.clear()
        page(client, reverse("coalition:start"))  # the page frame's own cache (the meldpunten's phone numbers)
        with django_assert_max_num_queries(20):
            html = page(client, reverse("monitoring:index") + Q3_2026 + place)
        for key in ["ambitie", "signalen", "opvolging", "verwijzingen", "sociale-kaart", "subsidies"]:
            assert f'id="{key}"' in html
        assert "3e kwartaal 2026" in html and "2e kwartaal 2026" in html and "3e kwartaal 2025" in html


def test_small_counts_are_hidden_and_cannot_be_recovered_from_the_total(region, stuurgroep, login):
    html = page(login(stuurgroep), reverse("monitoring:index") + Q3_2026)
    # 40 signals in all: 37 by phone and 3 by e-mail; the 3 shows as <10, and the total alone would give it away,
    # so one more cell is hidden ("x").
    assert "&lt;10" in html
    assert ">x<" in html or ">x</abbr>" in html


def test_meldpunt_staff_see_only_their_own_meldpunt(region, medewerker, login):
    client = login(medewerker)
    html = page(client, reverse("monitoring:index") + Q3_2026)
    assert 'id="signalen"' in html and 'id="subsidies"' not in html
    assert "Hengelo" not in html
    # Choosing another gemeente is not possible: it is not among the choices.
    response = client.get(reverse("monitoring:index") + Q3_2026 + f"&gemeente={region['hengelo'].pk}")
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode() or "geldige keuze" in response.content.decode()
    assert 'id="signalen"' not in response.content.decode()


def test_a_wijk_of_another_gemeente_gives_a_dutch_message(region, stuurgroep, login):
    slangenbeek = region["hengelo"].wijken.get()
    url = reverse("monitoring:index") + Q3_2026 + f"&gemeente={region['enschede'].pk}&wijk={slangenbeek.pk}"
    html = page(login(stuurgroep), url)
    assert "Deze wijk ligt niet in de gekozen gemeente" in html


def test_a_custom_period_needs_both_days_in_order(region, stuurgroep, login):
    html = page(login(stuurgroep), reverse("monitoring:index") + "?periode=anders&van=2026-05-01&tot=2026-04-01")
    assert "Deze datum ligt vóór de eerste dag" in html


def test_every_panel_exports_to_csv_and_xlsx(region, stuurgroep, login):
    client = login(stuurgroep)
    for key in ["ambitie", "signalen", "opvolging", "verwijzingen", "sociale-kaart", "subsidies"]:
        response = client.get(reverse("monitoring:export", args=[key, "csv"]) + Q3_2026)
        assert response.status_code == 200
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff") and ";" in text
        response = client.get(reverse("monitoring:export", args=[key, "xlsx"]) + Q3_2026)
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert book.sheetnames
    response = client.get(reverse("monitoring:export", args=["geheim", "csv"]))
    assert response.status_code == 404


def test_the_partner_sees_only_the_referrals_to_their_own_organisation(region, partner, login):
    html = page(login(partner), reverse("monitoring:our_figures") + Q3_2026)
    assert "Verwijzingen ontvangen" in html
    assert ">14<" in html  # Buurtkamer's 14, not the 18 of both organisations
    assert "79%" in html  # 11 of 14 accepted


def test_the_public_progress_page_needs_no_login_and_shows_the_ambition(region, client):
    html = page(client, reverse("monitoring:progress"))
    assert "Voortgang van de aanpak" in html
    assert "Enschede" in html and "25%" in html
    assert reverse("monitoring:progress") in page(client, "/")  # linked from the home page's footer


# ---------------------------------------------------------------------------------------------------------------
# The walk: nothing small, nothing of a person
# ---------------------------------------------------------------------------------------------------------------
PEOPLE_COLUMNS = {"Signalen", "Meldingen", "Verwijzingen", "Mensen gemeten", "Aantal", "Verwijzingen ontvangen"}


def _pdf_text(content: bytes) -> str:
    """The text of a PDF's page streams (reportlab writes them ASCII85 over Flate)."""
    parts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\n?endstream", content, re.S):
        try:
            parts.append(zlib.decompress(base64.a85decode(stream.strip(), adobe=True)))
        except (ValueError, zlib.error):
            continue
    return b"\n".join(parts).decode("latin-1")


def _person_fields(region):
    values = [PERSON["name"], PERSON["postcode"], "7541 QX", str(PERSON["birth_year"])]
    return values + [c.number for c in region["cases"]]


def _small_counts_in_csv(text: str) -> list[str]:
    """Cells under a people column that hold a whole number from 1 to MIN_CELL - 1."""
    found = []
    headers: list[str] = []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if len(row) > 1 and any(cell in PEOPLE_COLUMNS for cell in row):
            headers = row
            continue
        for header, cell in zip(headers, row, strict=False):
            if header in PEOPLE_COLUMNS and re.fullmatch(r"[1-9]", cell.strip()):
                found.append(f"{header}: {cell}")
    return found


def test_no_page_or_export_shows_a_small_count_or_anything_of_a_person(region, stuurgroep, login):
    client = login(stuurgroep)
    forbidden = _person_fields(region)
    urls = [
        reverse("monitoring:index") + Q3_2026,
        reverse("monitoring:index") + Q3_2026 + f"&gemeente={region['enschede'].pk}",
        reverse("monitoring:index") + Q3_2026 + f"&wijk={region['centrum'].pk}",
        reverse("monitoring:index") + "?periode=jaar&jaar=2026",
        reverse("monitoring:report") + Q3_2026,
        reverse("monitoring:progress"),
    ]
    for url in urls:
        html = page(client, url)
        for value in forbidden:
            assert value not in html, (url, value)
        # Every figure cell of a count says 0, 10 or more, or that it is hidden.
        for cell in re.findall(r'class="[^"]*monitor-count[^"]*"[^>]*>(.*?)</', html):
            text = re.sub(r"<[^>]+>", "", cell).strip()
            assert text in ("<10", "&lt;10", "x", "–", "0") or int(text.replace(".", "")) >= 10, (url, text)
    for key in ["signalen", "opvolging", "verwijzingen", "sociale-kaart", "ambitie", "subsidies"]:
        text = client.get(reverse("monitoring:export", args=[key, "csv"]) + Q3_2026).content.decode("utf-8")
        assert not _small_counts_in_csv(text), key
        assert not [value for value in forbidden if value in text], key
        book = openpyxl.load_workbook(
            io.BytesIO(client.get(reverse("monitoring:export", args=[key, "xlsx"]) + Q3_2026).content)
        )
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            headers = rows[0] if rows else ()
            for row in rows[1:]:
                for header, value in zip(headers, row, strict=False):
                    if header in PEOPLE_COLUMNS and isinstance(value, int):
                        assert value == 0 or value >= 10, (key, header, value)
                    assert str(value) not in forbidden
    pdf = client.get(reverse("monitoring:report_pdf") + Q3_2026)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content)
    assert "Kwartaalrapportage" in text and "3e kwartaal 2026" in text
    for value in forbidden:
        assert value not in text


def test_the_pdf_draws_the_ambition_line_beside_its_table(region, stuurgroep, login):
    url = reverse("monitoring:report_pdf") + Q3_2026 + f"&gemeente={region['enschede'].pk}"
    text = _pdf_text(login(stuurgroep).get(url).content)
    assert "doel 2026: 25%" in text  # the target's label in the drawing
    assert "Enschede: eenzaam tegenover de ambitie" in text
    pages = text.count("pagina ")  # every page carries its number in the footer …
    assert pages >= 2
    assert text.count("Kwartaalrapportage eenzaamheid") == pages  # … and the report, period and date in its header


@pytest.mark.parametrize("role", [Role.PARTNER, Role.COMMISSIELID, Role.AANVRAGER, Role.FUNCTIONARIS])
def test_other_roles_do_not_open_the_dashboard(role, login):
    response = login(UserFactory(role=role)).get(reverse("monitoring:index"))
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# In a real browser
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_dashboard_the_report_and_the_progress_page_pass_axe(live_server, medewerker, partner, stuurgroep):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.browser import browser_page, serious_axe_violations
    from tests.conftest import confirmed_totp_device

    _region_data(medewerker, partner)
    browser = Client()
    browser.force_login(stuurgroep)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(stuurgroep).persistent_id
    session.save()
    problems = {}
    with browser_page() as page:
        for path in [reverse("monitoring:progress")]:
            page.goto(live_server.url + path)
            problems[path] = serious_axe_violations(page)
        page.context.add_cookies(
            [{"name": "sessionid", "value": browser.cookies["sessionid"].value, "url": live_server.url}]
        )
        for path in [reverse("monitoring:index") + Q3_2026, reverse("monitoring:report") + Q3_2026]:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.get_by_role("heading", level=1).count() == 1
            problems[path] = serious_axe_violations(page)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + reverse("monitoring:index") + Q3_2026)
        problems["390 px"] = serious_axe_violations(page)
    assert not {path: found for path, found in problems.items() if found}
