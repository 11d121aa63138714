"""Measurements on a case: De Jong Gierveld and Positieve Gezondheid, stored exactly, entered item by item,
shown on the case page as tables with (decorative) charts. Real PostgreSQL, no mocks of our own code."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from meldpunt.choices import AuditAction, EntryKind
from meldpunt.models import AuditRegel, DJGMeting, Gebeurtenis, PGMeting
from meldpunt.services.measurements import record_djg, record_pg
from meldpunt.views.measurements import measurements_section
from tests.factories import MeldingFactory, MeldpuntFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - timedelta(days=n)


@pytest.fixture
def melding(medewerker):
    meldpunt = MeldpuntFactory(staff=[medewerker])
    return MeldingFactory(meldpunt=meldpunt, received_at=timezone.now() - timedelta(days=90))


def djg11(negative, positive, changes=None):
    """All six negatively worded items (2, 3, 5, 6, 9, 10) get `negative`, the five positive ones `positive`;
    `changes` maps item numbers to other answers."""
    answers = {n: negative for n in (2, 3, 5, 6, 9, 10)} | {n: positive for n in (1, 4, 7, 8, 11)}
    return answers | (changes or {})


PG_MARKS = {
    "lichaamsfuncties": 6,
    "mentaal_welbevinden": 4,
    "zingeving": 7,
    "kwaliteit_van_leven": 5,
    "meedoen": 3,
    "dagelijks_functioneren": 8,
}


# ---------------------------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total", "emotional", "social", "category"),
    [
        (djg11("nee", "ja"), 0, 0, 0, "niet_eenzaam"),
        (djg11("nee", "nee"), 5, 0, 5, "matig_eenzaam"),  # positive items answered "nee" count as lonely
        (djg11("ja", "ja"), 6, 6, 0, "matig_eenzaam"),
        (djg11("ja", "ja", {1: "nee", 4: "min of meer", 7: "nee"}), 9, 6, 3, "ernstig_eenzaam"),
        (djg11("min of meer", "min of meer"), 11, 6, 5, "zeer_ernstig_eenzaam"),  # "min of meer" always counts
        (djg11("ja!", "nee!"), 11, 6, 5, "zeer_ernstig_eenzaam"),  # the five-point answers
        (djg11("nee!", "ja!"), 0, 0, 0, "niet_eenzaam"),
        (djg11("nee", "ja", {2: "ja", 3: "min of meer"}), 2, 2, 0, "niet_eenzaam"),
        (djg11("nee", "ja", {2: "ja", 3: "min of meer", 11: "nee"}), 3, 2, 1, "matig_eenzaam"),
    ],
)
def test_an_11_item_measurement_is_stored_exactly(melding, medewerker, answers, total, emotional, social, category):
    meting = record_djg(melding, "djg11", "intake", days_ago(3), answers, medewerker)

    meting.refresh_from_db()
    assert (meting.form, meting.moment, meting.measured_on) == ("djg11", "intake", days_ago(3))
    assert (meting.total, meting.emotional, meting.social, meting.category) == (total, emotional, social, category)
    assert meting.answers == {str(n): answers[n] for n in range(1, 12)}
    assert meting.author == medewerker


# The 6-item form in the CBS order: 1 leegte (emotional), 2 narigheid (social), 3 vertrouwen (social),
# 4 mis mensen (emotional), 5 nauw verbonden (social), 6 in de steek gelaten (emotional).
@pytest.mark.parametrize(
    ("answers", "total", "emotional", "social", "category"),
    [
        ({1: "nee", 2: "ja", 3: "ja", 4: "nee", 5: "ja", 6: "nee"}, 0, 0, 0, "niet_eenzaam"),
        ({1: "ja", 2: "ja", 3: "ja", 4: "nee", 5: "ja", 6: "nee"}, 1, 1, 0, "niet_eenzaam"),
        ({1: "ja", 2: "nee", 3: "ja", 4: "nee", 5: "ja", 6: "nee"}, 2, 1, 1, "enigszins_eenzaam"),
        ({n: "min of meer" for n in range(1, 7)}, 6, 3, 3, "sterk_eenzaam"),
        ({1: "ja!", 2: "nee!", 3: "nee", 4: "ja", 5: "min of meer", 6: "nee!"}, 5, 2, 3, "sterk_eenzaam"),
        # One left open: the total counts the five answers, the open item's subscale cannot be computed.
        ({1: "ja", 2: None, 3: "nee", 4: "nee", 5: "ja", 6: "ja"}, 3, 2, None, "enigszins_eenzaam"),
        ({1: "ja", 2: "nee", 3: "nee", 4: "", 5: "ja", 6: "ja"}, 4, None, 2, "enigszins_eenzaam"),
        ({2: "nee", 3: "nee", 4: "ja", 5: "nee", 6: "ja"}, 5, None, 3, "sterk_eenzaam"),  # item 1 absent
    ],
)
def test_a_6_item_measurement_is_stored_exactly(melding, medewerker, answers, total, emotional, social, category):
    meting = record_djg(melding, "djg6", "tussentijds", days_ago(1), answers, medewerker)

    meting.refresh_from_db()
    assert (meting.total, meting.emotional, meting.social, meting.category) == (total, emotional, social, category)
    assert meting.answers == {str(n): answers.get(n) or "" for n in range(1, 7)}


def test_recording_writes_the_timeline_the_activity_and_the_audit_log(melding, medewerker):
    before = melding.last_activity_at
    meting = record_djg(melding, "djg11", "intake", TODAY(), djg11("nee", "nee"), medewerker)

    entry = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.METING)
    assert entry.text == "De Jong Gierveld (11 items): 5 — matig eenzaam"
    assert entry.author == medewerker
    assert entry.data["djg"] == meting.pk and entry.data["total"] == 5
    melding.refresh_from_db()
    assert melding.last_activity_at > before
    assert AuditRegel.objects.filter(melding=melding, action=AuditAction.GEWIJZIGD, user=medewerker).exists()


def test_the_timeline_names_an_open_statement_of_the_short_form(melding, medewerker):
    record_djg(melding, "djg6", "intake", TODAY(), {1: "ja", 3: "nee", 4: "nee", 5: "ja", 6: "ja"}, medewerker)
    entry = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.METING)
    assert entry.text == "De Jong Gierveld (6 items): 3 — enigszins eenzaam (1 uitspraak niet beantwoord)"


def test_an_earlier_measurement_sits_on_its_own_date_in_the_timeline(melding, medewerker):
    record_djg(melding, "djg11", "intake", days_ago(10), djg11("nee", "ja"), medewerker)
    entry = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.METING)
    assert timezone.localdate(entry.happened_at) == days_ago(10)


@pytest.mark.parametrize(
    ("form", "answers", "message"),
    [
        ("djg11", djg11("nee", "ja", {4: None}), "Nog niet beantwoord: 4."),
        ("djg11", {n: "ja" for n in range(1, 11)}, "Beantwoord alle 11 uitspraken. Nog niet beantwoord: 11."),
        ("djg6", {1: "ja", 2: "nee", 3: "", 4: "nee", 5: None}, "Nog niet beantwoord: 3, 5, 6."),
    ],
)
def test_an_incomplete_measurement_stores_nothing(melding, medewerker, form, answers, message):
    with pytest.raises(ValidationError) as error:
        record_djg(melding, form, "intake", TODAY(), answers, medewerker)

    assert error.value.code == "incomplete"
    assert message in error.value.messages[0]
    assert not DJGMeting.objects.exists()
    assert not Gebeurtenis.objects.filter(kind=EntryKind.METING).exists()
    assert not AuditRegel.objects.filter(action=AuditAction.GEWIJZIGD).exists()


def test_an_unknown_answer_is_refused(melding, medewerker):
    with pytest.raises(ValidationError):
        record_djg(melding, "djg11", "intake", TODAY(), djg11("nee", "ja", {3: "misschien"}), medewerker)
    assert not DJGMeting.objects.exists()


@pytest.mark.parametrize(
    ("measured_on", "message"),
    [
        (lambda: TODAY() + timedelta(days=1), "De datum van een meting kan niet in de toekomst liggen."),
        (lambda: days_ago(91), "De meting kan niet eerder zijn dan de melding binnenkwam"),
        (lambda: days_ago(3000), "De meting kan niet eerder zijn dan de melding binnenkwam"),
    ],
)
def test_impossible_dates_are_refused_beside_the_date(melding, medewerker, measured_on, message):
    for record in (
        lambda: record_djg(melding, "djg11", "intake", measured_on(), djg11("nee", "ja"), medewerker),
        lambda: record_pg(melding, "intake", measured_on(), PG_MARKS, medewerker),
    ):
        with pytest.raises(ValidationError) as error:
            record()
        assert message in error.value.message_dict["measured_on"][0]
    assert not DJGMeting.objects.exists() and not PGMeting.objects.exists()


def test_the_day_the_case_came_in_and_today_are_fine(melding, medewerker):
    record_djg(melding, "djg11", "intake", timezone.localdate(melding.received_at), djg11("nee", "ja"), medewerker)
    record_pg(melding, "intake", TODAY(), PG_MARKS, medewerker)
    assert DJGMeting.objects.count() == PGMeting.objects.count() == 1


def test_a_positieve_gezondheid_measurement_is_stored(melding, medewerker):
    meting = record_pg(melding, "intake", days_ago(2), PG_MARKS, medewerker)

    meting.refresh_from_db()
    assert {key: getattr(meting, key) for key in PG_MARKS} == PG_MARKS
    entry = Gebeurtenis.objects.get(melding=melding, kind=EntryKind.METING)
    assert entry.text.startswith("Positieve Gezondheid: lichaamsfuncties 6, mentaal welbevinden 4")
    assert AuditRegel.objects.filter(melding=melding, action=AuditAction.GEWIJZIGD).exists()


@pytest.mark.parametrize("bad", [11, -1, None, "7", 6.5, True])
def test_a_mark_outside_0_to_10_is_refused(melding, medewerker, bad):
    with pytest.raises(ValidationError) as error:
        record_pg(melding, "intake", TODAY(), PG_MARKS | {"meedoen": bad}, medewerker)
    assert set(error.value.message_dict) == {"meedoen"}
    assert not PGMeting.objects.exists()


def test_no_measurement_on_an_anonymised_case(melding, medewerker):
    melding.anonymised_at = timezone.now()
    melding.save()
    with pytest.raises(ValidationError, match="geanonimiseerd"):
        record_pg(melding, "intake", TODAY(), PG_MARKS, medewerker)


def test_an_unknown_moment_is_refused(melding, medewerker):
    with pytest.raises(ValidationError) as error:
        record_djg(melding, "djg11", "ooit", TODAY(), djg11("nee", "ja"), medewerker)
    assert "moment" in error.value.message_dict


# ---------------------------------------------------------------------------------------------------------------
# The pages for entering a measurement
# ---------------------------------------------------------------------------------------------------------------


def djg_url(melding, query=""):
    return reverse("meldpunt:djg_add", args=[melding.number]) + query


def pg_url(melding):
    return reverse("meldpunt:pg_add", args=[melding.number])


def djg_post(answers, moment="intake", measured_on=None):
    data = {"moment": moment, "measured_on": (measured_on or TODAY()).isoformat()}
    data.update({f"item_{n}": answer for n, answer in answers.items() if answer is not None})
    return data


def test_the_djg_page_shows_the_stem_every_statement_and_the_three_answers(client, login, medewerker, melding):
    login(medewerker)
    response = client.get(djg_url(melding))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Wilt u van elk van de volgende uitspraken aangeven" in html
    assert "U kunt antwoorden met nee, min of meer, ja" in html
    assert "Het is geen diagnose." in html
    assert html.count("<fieldset") == 12  # the moment and the 11 statements
    assert '<legend class="form-label fw-semibold fs-6 mb-1">11. Wanneer ik daar behoefte aan heb' in html
    assert 'value="min of meer"' in html and 'value="ja!"' not in html
    assert "weet niet / geen antwoord" not in html
    assert re.search(r'<input type="radio" name="moment" value="intake"[^>]*checked', html)
    assert AuditRegel.objects.filter(melding=melding, action=AuditAction.BEKEKEN, user=medewerker).exists()


def test_the_five_point_scale_and_the_short_form_are_a_choice(client, login, medewerker, melding):
    login(medewerker)

    five = client.get(djg_url(melding, "?schaal=5")).content.decode()
    assert all(f'value="{answer}"' in five for answer in ("ja!", "ja", "min of meer", "nee", "nee!"))

    short = client.get(djg_url(melding, "?vorm=djg6")).content.decode()
    assert short.count("<fieldset") == 7
    assert "1. Ik ervaar een leegte om me heen" in short
    assert short.count("weet niet / geen antwoord") >= 6


def test_the_end_measurement_is_preselected_from_the_close_flow(client, login, medewerker, melding):
    login(medewerker)
    form = client.get(djg_url(melding, "?moment=eind")).context["form"]
    assert form["moment"].value() == "eind"


def test_the_moment_defaults_to_intake_then_tussentijds(client, login, medewerker, melding):
    login(medewerker)
    assert client.get(djg_url(melding)).context["form"]["moment"].value() == "intake"
    record_djg(melding, "djg11", "intake", TODAY(), djg11("nee", "ja"), medewerker)
    assert client.get(djg_url(melding)).context["form"]["moment"].value() == "tussentijds"


def test_saving_a_measurement_goes_back_to_the_case_with_the_outcome(client, login, medewerker, melding):
    login(medewerker)
    response = client.post(djg_url(melding), djg_post(djg11("nee", "nee"), measured_on=days_ago(2)))

    assert response.status_code == 302
    assert response["Location"] == reverse("meldpunt:case", args=[melding.number]) + "#metingen"
    meting = DJGMeting.objects.get(melding=melding)
    assert (meting.form, meting.total, meting.emotional, meting.social, meting.measured_on) == (
        "djg11",
        5,
        0,
        5,
        days_ago(2),
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Meting opgeslagen. De Jong Gierveld (11 items): 5 — matig eenzaam"
    ]


def test_the_short_form_with_one_statement_open_is_saved(client, login, medewerker, melding):
    login(medewerker)
    answers = {1: "ja", 2: "geen", 3: "nee", 4: "nee", 5: "ja", 6: "ja"}
    response = client.post(djg_url(melding, "?vorm=djg6"), djg_post(answers))

    assert response.status_code == 302
    meting = DJGMeting.objects.get()
    assert (meting.form, meting.total, meting.emotional, meting.social) == ("djg6", 3, 2, None)
    assert meting.answers["2"] == ""


def test_a_missing_11_item_answer_is_shown_beside_it_and_nothing_is_lost(client, login, medewerker, melding):
    login(medewerker)
    answers = djg11("nee", "ja", {4: None})
    response = client.post(djg_url(melding), djg_post(answers, moment="tussentijds", measured_on=days_ago(1)))

    assert response.status_code == 200
    assert not DJGMeting.objects.exists()
    assert not Gebeurtenis.objects.filter(kind=EntryKind.METING).exists()
    html = response.content.decode()
    assert "Beantwoord alle 11 uitspraken. Nog niet beantwoord: 4." in html
    assert 'aria-describedby="id_item_4_error"' in html
    assert 'id="id_item_4_error"><li>Kies een antwoord bij deze uitspraak.' in html
    assert "id_item_3_error" not in html
    form = response.context["form"]
    assert [form[f"item_{n}"].value() for n in (1, 2, 3)] == ["ja", "nee", "nee"]
    assert form["moment"].value() == "tussentijds"
    assert html.count("checked") == 11  # ten answers and the moment are still chosen


def test_two_open_statements_of_the_short_form_are_shown_beside_both(client, login, medewerker, melding):
    login(medewerker)
    answers = {1: "ja", 2: "geen", 3: "nee", 5: "ja", 6: "ja"}  # 2 "weet niet", 4 not chosen
    response = client.post(djg_url(melding, "?vorm=djg6"), djg_post(answers))

    assert response.status_code == 200
    assert not DJGMeting.objects.exists()
    html = response.content.decode()
    assert "Beantwoord minstens 5 van de 6 uitspraken. Nog niet beantwoord: 2, 4." in html
    assert "id_item_2_error" in html and "id_item_4_error" in html and "id_item_1_error" not in html


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (lambda: days_ago(-1).isoformat(), "De datum van een meting kan niet in de toekomst liggen."),  # tomorrow
        (lambda: days_ago(400).isoformat(), "De meting kan niet eerder zijn dan de melding binnenkwam"),
        (lambda: "31-02-2026", "Vul een bestaande datum in"),
        (lambda: "", "Vul de datum van de meting in."),
    ],
)
def test_a_bad_date_is_shown_beside_the_date_field(client, login, medewerker, melding, date, message):
    login(medewerker)
    data = djg_post(djg11("nee", "ja")) | {"measured_on": date()}
    response = client.post(djg_url(melding), data)

    assert response.status_code == 200
    assert message in "".join(response.context["form"].errors["measured_on"])
    assert 'id="id_measured_on_error"' in response.content.decode()
    assert response.context["form"]["item_1"].value() == "ja"
    assert not DJGMeting.objects.exists()


def test_the_pg_page_shows_six_marks_with_their_statements(client, login, medewerker, melding):
    login(medewerker)
    response = client.get(pg_url(melding))

    assert response.status_code == 200
    html = response.content.decode()
    for name, example in [("Lichaamsfuncties", "Ik voel me gezond en fit"), ("Meedoen", "Ik heb goed contact")]:
        assert name in html and example in html
    assert html.count('type="number"') == 6
    assert AuditRegel.objects.filter(melding=melding, action=AuditAction.BEKEKEN).exists()


def test_saving_a_pg_measurement(client, login, medewerker, melding):
    login(medewerker)
    response = client.post(pg_url(melding), {"moment": "intake", "measured_on": TODAY().isoformat(), **PG_MARKS})

    assert response.status_code == 302
    meting = PGMeting.objects.get(melding=melding)
    assert meting.meedoen == 3 and meting.dagelijks_functioneren == 8


def test_a_bad_pg_mark_is_shown_beside_it(client, login, medewerker, melding):
    login(medewerker)
    data = {"moment": "intake", "measured_on": TODAY().isoformat(), **PG_MARKS, "zingeving": "11", "meedoen": "x"}
    response = client.post(pg_url(melding), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"zingeving", "meedoen"}
    assert form.errors["zingeving"] == ["Vul een heel cijfer van 0 tot 10 in."]
    assert form["lichaamsfuncties"].value() == "6"
    assert not PGMeting.objects.exists()


def test_staff_of_another_meldpunt_get_403_and_change_nothing(client, login, medewerker, coordinator, melding):
    MeldpuntFactory(staff=[coordinator])  # works for another meldpunt only
    login(coordinator)
    for url in (djg_url(melding), pg_url(melding)):
        assert client.get(url).status_code == 403
    assert client.post(djg_url(melding), djg_post(djg11("nee", "ja"))).status_code == 403
    assert (
        client.post(pg_url(melding), {"moment": "intake", "measured_on": TODAY().isoformat(), **PG_MARKS}).status_code
        == 403
    )
    assert not DJGMeting.objects.exists() and not PGMeting.objects.exists()
    # Only the four refusals are in the audit log (no read, no change).
    assert set(AuditRegel.objects.values_list("action", "user", "melding")) == {
        (AuditAction.GEWEIGERD, coordinator.pk, melding.pk)
    }
    assert AuditRegel.objects.count() == 4


def test_partners_get_403_and_an_unknown_case_404(client, login, partner, medewerker, melding):
    login(partner)
    assert client.get(djg_url(melding)).status_code == 403
    login(medewerker)
    assert client.get(reverse("meldpunt:djg_add", args=["ME-2026-99999"])).status_code == 404


def test_a_merged_case_takes_no_measurement(client, login, medewerker, melding):
    other = MeldingFactory(meldpunt=melding.meldpunt)
    melding.status, melding.close_reason, melding.closed_at, melding.merged_into = (
        "gesloten",
        "samengevoegd",
        timezone.now(),
        other,
    )
    melding.save()
    login(medewerker)
    response = client.get(djg_url(melding))
    assert "samengevoegd" in response.content.decode()
    assert '<form method="post" novalidate>' not in response.content.decode()
    response = client.post(djg_url(melding), djg_post(djg11("nee", "ja")))
    assert response.status_code == 200 and not DJGMeting.objects.exists()


def test_the_measurement_pages_use_a_bounded_number_of_queries(
    client, login, medewerker, melding, django_assert_max_num_queries
):
    for n in range(5):
        record_djg(melding, "djg11", "tussentijds", days_ago(n), djg11("nee", "ja"), medewerker)
        record_pg(melding, "tussentijds", days_ago(n), PG_MARKS, medewerker)
    login(medewerker)
    # Session, user and second factor, the public contacts (cached), the session save: the rest is ours (the
    # case with its meldpunt, the staff check, whether an earlier measurement exists, the audit line and the two
    # queries that chain it).
    with django_assert_max_num_queries(14):
        assert client.get(djg_url(melding, "?vorm=djg6&schaal=5")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(pg_url(melding)).status_code == 200


# ---------------------------------------------------------------------------------------------------------------
# The section on the case page
# ---------------------------------------------------------------------------------------------------------------


def section_html(melding, django_assert_num_queries=None):
    return render_to_string("meldpunt/case/_measurements.html", {"melding": melding, **measurements_section(melding)})


def test_the_section_needs_two_queries(melding, medewerker, django_assert_num_queries):
    record_djg(melding, "djg11", "intake", days_ago(30), djg11("nee", "nee"), medewerker)
    record_djg(melding, "djg11", "eind", days_ago(1), djg11("nee", "ja"), medewerker)
    record_djg(melding, "djg6", "eind", days_ago(1), {n: "ja" for n in range(1, 7)}, medewerker)
    record_pg(melding, "intake", days_ago(30), PG_MARKS, medewerker)
    record_pg(melding, "eind", days_ago(1), PG_MARKS, medewerker)
    melding.refresh_from_db()
    with django_assert_num_queries(2):
        context = measurements_section(melding)
        render_to_string("meldpunt/case/_measurements.html", {"melding": melding, **context})


def test_an_empty_section_explains_what_the_scales_are_for(melding):
    html = section_html(melding)
    assert "Er zijn nog geen metingen" in html
    assert "voor- en nameting" in html and "geen diagnose" in html
    assert "<svg" not in html
    assert reverse("meldpunt:djg_add", args=[melding.number]) in html
    assert reverse("meldpunt:pg_add", args=[melding.number]) in html
    assert "?vorm=djg6" in html


def test_one_measurement_is_a_table_without_a_trend(melding, medewerker):
    record_djg(melding, "djg11", "intake", days_ago(5), djg11("nee", "nee"), medewerker)
    html = section_html(melding)
    assert 'class="table table-sm align-middle djg-table"' in html
    assert "5 van 11" in html and "0 van 6" in html and "5 van 5" in html and "Matig eenzaam" in html
    assert "sociaal eenzaam" in html  # social 5 ≥ the threshold of 3
    assert "trend-chart" not in html and "Verandering" not in html


def test_two_measurements_show_a_trend_with_the_cut_off_and_the_change_in_words(melding, medewerker):
    first = days_ago(60)
    record_djg(melding, "djg11", "intake", first, djg11("ja", "nee"), medewerker)  # 11
    record_djg(melding, "djg11", "eind", days_ago(2), djg11("nee", "ja", {2: "ja", 3: "ja"}), medewerker)  # 2
    html = section_html(melding)

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="measurement-chart trend-chart"' in html
    assert 'aria-hidden="true"' in html
    assert html.count('class="reference-line"') == 1
    assert "eenzaam (3 of meer)" in html
    assert "<polyline" in html
    assert "9 punten lager, dus minder eenzaam dan bij de eerste meting" in html
    assert "Van 11 (zeer ernstig eenzaam)" in html and "naar 2 (niet eenzaam)" in html
    # The table is the accessible version of the chart: both rows are there.
    assert html.count('<th scope="row">') == 2
    assert "11 van 11" in html and "2 van 11" in html


def test_each_form_has_its_own_trend(melding, medewerker):
    record_djg(melding, "djg11", "intake", days_ago(60), djg11("nee", "ja"), medewerker)
    record_djg(melding, "djg11", "tussentijds", days_ago(30), djg11("nee", "ja", {1: "nee"}), medewerker)
    record_djg(melding, "djg6", "tussentijds", days_ago(20), {n: "min of meer" for n in range(1, 7)}, medewerker)
    record_djg(melding, "djg6", "eind", days_ago(2), {1: "ja", 2: "ja", 3: "ja", 4: "nee", 5: "ja"}, medewerker)
    context = measurements_section(melding)["measurements"]
    assert [trend["form"] for trend in context["djg_trends"]] == ["djg11", "djg6"]
    assert [trend["lonely_from"] for trend in context["djg_trends"]] == [3, 2]
    html = section_html(melding)
    assert html.count("trend-chart") == 2
    assert "eenzaam (2 of meer)" in html
    assert "1 punt hoger, dus eenzamer" in html  # 11 items: 0 → 1
    assert "5 punten lager" in html  # 6 items: 6 → 1
    assert "verschillende vragenlijsten" in html  # first (11) and last (6) are compared by outcome only
    assert "niet te berekenen" in html  # the 6-item measurement with the open social statement


def test_the_latest_pg_is_a_spider_chart_beside_a_table_with_all_marks(melding, medewerker):
    record_pg(melding, "intake", days_ago(40), PG_MARKS, medewerker)
    record_pg(melding, "eind", days_ago(1), PG_MARKS | {"meedoen": 9}, medewerker)
    context = measurements_section(melding)["measurements"]
    assert context["pg"]["latest"].meedoen == 9
    html = section_html(melding)

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="measurement-chart spider-chart"' in html
    assert 'aria-hidden="true"' in html
    assert 'class="table table-sm align-middle pg-table"' in html
    assert "<td>9</td><td>3</td>" in html.replace("\n", "").replace(" ", "")  # newest first, then the earlier
    for name in ("Lichaamsfuncties", "Mentaal welbevinden", "Zingeving", "Kwaliteit van leven", "Meedoen"):
        assert f'<th scope="row">{name}</th>' in html
    assert "Dagelijks functioneren" in html


def test_a_closed_case_without_end_measurement_asks_for_it(medewerker):
    melding = MeldingFactory(
        meldpunt=MeldpuntFactory(staff=[medewerker]), closed=True, received_at=timezone.now() - timedelta(days=50)
    )
    html = section_html(melding)
    assert "gesloten zonder eindmeting" in html
    assert reverse("meldpunt:djg_add", args=[melding.number]) + "?moment=eind" in html

    record_djg(melding, "djg11", "eind", TODAY(), djg11("nee", "ja"), medewerker)
    assert "gesloten zonder eindmeting" not in section_html(melding)


def test_no_end_measurement_is_asked_after_a_death(medewerker):
    melding = MeldingFactory(meldpunt=MeldpuntFactory(staff=[medewerker]), closed=True, close_reason="overleden")
    assert "gesloten zonder eindmeting" not in section_html(melding)


def test_an_open_case_is_not_asked_for_an_end_measurement(melding):
    assert measurements_section(melding)["measurements"]["needs_end_measurement"] is False


def test_a_bad_date_and_a_missing_answer_are_shown_together(client, login, medewerker, melding):
    login(medewerker)
    data = djg_post(djg11("nee", "ja", {5: None})) | {"measured_on": (TODAY() + timedelta(days=3)).isoformat()}
    response = client.post(djg_url(melding), data)

    errors = response.context["form"].errors
    assert errors["measured_on"] == ["De datum van een meting kan niet in de toekomst liggen."]
    assert errors["item_5"] == ["Kies een antwoord bij deze uitspraak."]
    assert not DJGMeting.objects.exists()


# (A NUL character never reaches a form: it is a 400 for every page, tests/test_odd_requests.py.)
@pytest.mark.parametrize("value", ["", "x" * 10_000, "31-02-2026", "-1", "0001-01-01", "🙂' OR 1=1 --"])
def test_odd_input_from_staff_gives_a_form_error_not_a_server_error(client, login, medewerker, melding, value):
    login(medewerker)
    odd = {"moment": value, "measured_on": value} | {f"item_{n}": value for n in range(1, 12)}
    for url in (djg_url(melding, f"?vorm={value}&schaal={value}&moment={value}"), djg_url(melding, "?vorm=djg6")):
        response = client.post(url, odd)
        assert response.status_code == 200
        assert response.context["form"].errors
    response = client.post(pg_url(melding), {"moment": value, "measured_on": value} | dict.fromkeys(PG_MARKS, value))
    assert response.status_code == 200 and response.context["form"].errors
    assert not DJGMeting.objects.exists() and not PGMeting.objects.exists()


def test_the_case_page_shows_the_measurements(client, login, medewerker, melding):
    record_djg(melding, "djg11", "intake", days_ago(30), djg11("ja", "nee"), medewerker)
    record_djg(melding, "djg11", "tussentijds", days_ago(1), djg11("nee", "ja"), medewerker)
    record_pg(melding, "intake", days_ago(1), PG_MARKS, medewerker)
    login(medewerker)
    html = client.get(reverse("meldpunt:case", args=[melding.number])).content.decode()

    assert 'id="metingen"' in html
    assert "trend-chart" in html and "spider-chart" in html
    assert "djg-table" in html and "pg-table" in html
    assert "11 punten lager" in html
