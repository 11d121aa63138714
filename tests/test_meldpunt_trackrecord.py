"""What works: the track record of referrals per activity, organisation and kind, with small groups suppressed.

A constructed data set with known figures (tests/ below); every figure is counted by PostgreSQL itself.
"""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.paginator import Paginator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from meldpunt.choices import ReferralStatus
from meldpunt.models import DJGMeting
from meldpunt.presenters.trackrecord import text as shown_as
from meldpunt.queries.trackrecord import (
    TRACK_RECORD_SORTS,
    TrackRecordTable,
    activity_track_record,
    referral_track_record,
    sort_track_record,
)
from tests.conftest import confirmed_totp_device
from tests.factories import (
    ActiviteitFactory,
    GemeenteFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    UserFactory,
    VerwijzingFactory,
)

SENT = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.get_current_timezone())
SENT_DAY = SENT.date()

# Activity "Maatjesproject": 14 referrals of 13 people (one person twice), 12 accepted, 11 with a first contact
# after these many days, 10 started after these many days.
FIRST_CONTACT_DAYS = [1, 1, 2, 2, 3, 3.5, 4, 5, 6, 8, 10]  # median: the 6th of 11 → 3.5
START_DAYS = [7, 7, 8, 10, 12, 14, 14, 20, 21, 30]  # median: (12 + 14) / 2 → 13
# De Jong Gierveld (11 items) at the intake and the follow-up of 10 people: changes -2 -2 0 -2 -1 -2 -1 -2 -3 0,
# together -15, mean -1.5.
INTAKE = [8, 9, 7, 10, 6, 8, 9, 11, 7, 5]
FOLLOW_UP = [6, 7, 7, 8, 5, 6, 8, 9, 4, 5]


def make_referral(melding, activiteit=None, organisatie=None, *, accepted=False, contact_days=None, start_days=None):
    status = ReferralStatus.VERSTUURD
    if accepted:
        status = ReferralStatus.GESTART if start_days is not None else ReferralStatus.GEACCEPTEERD
    return VerwijzingFactory(
        melding=melding,
        activiteit=activiteit,
        organisatie=organisatie or activiteit.organisatie,
        status=status,
        sent_at=SENT,
        accepted_at=SENT + timedelta(hours=2) if accepted else None,
        first_contact_at=SENT + timedelta(days=contact_days) if contact_days is not None else None,
        started_on=SENT_DAY + timedelta(days=start_days) if start_days is not None else None,
    )


def measure(melding, moment, total, day, form="djg11"):
    return DJGMeting.objects.create(
        melding=melding,
        form=form,
        moment=moment,
        measured_on=SENT_DAY + timedelta(days=day),
        answers={},
        total=total,
        category="—",
    )


@pytest.fixture
def meldpunt(medewerker, coordinator):
    return MeldpuntFactory(staff=[medewerker, coordinator])


@pytest.fixture
def data(meldpunt):
    return make_data(meldpunt)


def make_data(meldpunt) -> dict:
    """X (well known figures), Z (12 referrals, only 9 measured), Y (9 referrals: suppressed), and 3 referrals
    to an organisation without an activity."""
    humanitas = OrganisatieFactory(name="Humanitas")
    x = ActiviteitFactory(
        title="Maatjesproject",
        slug="maatjesproject",
        organisatie=humanitas,
        kind="een-op-een",
        evidence="onderbouwd",
        evidence_source="Databank Effectieve sociale interventies",
    )
    people = [MeldingFactory(meldpunt=meldpunt, signaal=False) for _ in range(13)]
    for i, person in enumerate(people):
        accepted = i < 12
        make_referral(
            person,
            x,
            accepted=accepted,
            contact_days=FIRST_CONTACT_DAYS[i] if i < 11 else None,
            start_days=START_DAYS[i] if i < 10 else None,
        )
    # One person referred twice: 14 referrals, but they count once in the loneliness change.
    make_referral(people[0], x)
    for person, before, after in zip(people, INTAKE, FOLLOW_UP, strict=False):
        measure(person, "intake", before, 1)
        measure(person, "follow_up", after, 95)
    measure(people[1], "intake", 0, 30)  # a second intake: the first one counts
    measure(people[1], "follow_up", 11, 60)  # an earlier follow-up: the latest one counts
    measure(people[2], "tussentijds", 1, 40)  # neither intake nor follow-up
    measure(people[10], "intake", 9, 1)  # no follow-up yet: not measured
    measure(people[11], "intake", 5, 1, form="djg6")  # the short form: apart, and only two people
    measure(people[11], "follow_up", 3, 95, form="djg6")
    measure(people[12], "intake", 6, 1, form="djg6")
    measure(people[12], "follow_up", 5, 95, form="djg6")
    measure(people[12], "follow_up", 2, 95)  # a follow-up without an intake of the same form: not a pair
    # A signal merged into another case does not count.
    merged = MeldingFactory(meldpunt=meldpunt, closed=True, merged_into=people[0], signaal=False)
    make_referral(merged, x, accepted=True, contact_days=100, start_days=100)

    # Z: 12 referrals (9 accepted, 6 started); 9 people measured.
    buurthuis = OrganisatieFactory(name="Buurthuis De Bron")
    z = ActiviteitFactory(title="Zangkoor", slug="zangkoor", organisatie=buurthuis, kind="ontmoeting")
    for i in range(12):
        person = MeldingFactory(meldpunt=meldpunt, signaal=False)
        make_referral(person, z, accepted=i < 9, contact_days=2 if i < 9 else None, start_days=7 if i < 6 else None)
        if i < 9:
            measure(person, "intake", 6, 1)
            measure(person, "follow_up", 4, 95)

    # Y: 9 referrals, every one accepted, started and measured: still nothing shown.
    y = ActiviteitFactory(
        title="Yoga voor ouderen", slug="yoga", organisatie=buurthuis, kind="ontmoeting", evidence="kansrijk"
    )
    for _ in range(9):
        person = MeldingFactory(meldpunt=meldpunt, signaal=False)
        make_referral(person, y, accepted=True, contact_days=1, start_days=3)
        measure(person, "intake", 10, 1)
        measure(person, "follow_up", 2, 95)

    for _ in range(3):
        make_referral(MeldingFactory(meldpunt=meldpunt, signaal=False), organisatie=buurthuis)
    return {"x": x, "y": y, "z": z, "humanitas": humanitas, "buurthuis": buurthuis, "people": people}


def rows_by_label(by, **filters):
    return {row.label: row for row in referral_track_record(by, **filters)}


# ---------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_figures_of_an_activity_are_counted_exactly(data, django_assert_num_queries):
    with django_assert_num_queries(2):  # the referral figures, and the change in loneliness
        rows = rows_by_label("activiteit")

    x = rows["Maatjesproject"]
    assert not x.suppressed
    assert (x.referrals, x.accepted, x.started, x.first_contacts) == (14, 12, 10, 11)
    assert x.acceptance_rate == pytest.approx(12 / 14)
    assert x.start_rate == pytest.approx(10 / 14)
    assert x.median_days_to_first_contact == pytest.approx(3.5)
    assert x.median_days_to_start == 13.0
    assert (x.djg11_measured, x.djg11_change) == (10, pytest.approx(-1.5))
    assert (x.djg6_measured, x.djg6_change) == (None, None)  # two people: too few
    assert (x.organisatie, x.evidence, x.evidence_source) == (
        "Humanitas",
        "onderbouwd",
        "Databank Effectieve sociale interventies",
    )
    shown = shown_as(x)
    assert (shown.referrals_text, shown.acceptance_text, shown.start_text) == ("14", "86%", "71%")
    assert (shown.first_contact_text, shown.start_days_text, shown.djg11_text) == ("3,5", "13,0", "-1,5")
    assert shown.djg6_text == "te weinig metingen"


@pytest.mark.django_db
def test_rates_are_shown_but_medians_need_ten_values(data):
    z = rows_by_label("activiteit")["Zangkoor"]

    assert (z.referrals, z.accepted, z.started) == (12, 9, 6)
    assert (shown_as(z).acceptance_text, shown_as(z).start_text) == ("75%", "50%")
    # 9 first contacts and 6 starts: a median of so few says little and comes close to one person's figure.
    assert (z.median_days_to_first_contact, z.median_days_to_start) == (None, None)
    assert (shown_as(z).first_contact_text, shown_as(z).start_days_text) == ("–", "–")


@pytest.mark.django_db
def test_a_group_of_fewer_than_ten_referrals_shows_no_figures(data):
    y = rows_by_label("activiteit")["Yoga voor ouderen"]

    assert y.suppressed
    assert (y.referrals, y.accepted, y.started, y.acceptance_rate, y.start_rate) == (None,) * 5
    assert (y.median_days_to_first_contact, y.median_days_to_start, y.djg11_measured, y.djg11_change) == (None,) * 4
    shown = shown_as(y)
    assert (shown.referrals_text, shown.acceptance_text, shown.start_text) == ("<10", "–", "–")
    assert (shown.djg11_text, shown.djg11_measured_text) == ("te weinig metingen", "<10")
    assert shown.evidence_label == "kansrijk"  # what research says is not about our people: always shown


@pytest.mark.django_db
def test_nine_people_measured_show_no_change_in_loneliness(data):
    z = rows_by_label("activiteit")["Zangkoor"]

    assert not z.suppressed
    assert (z.djg11_measured, z.djg11_change) == (None, None)
    assert (shown_as(z).djg11_text, shown_as(z).djg11_measured_text) == ("te weinig metingen", "<10")


@pytest.mark.django_db
def test_per_organisation_and_per_kind(data):
    organisations = rows_by_label("organisatie")
    assert organisations["Humanitas"].referrals == 14
    # Zangkoor 12 + Yoga 9 + 3 without an activity; 9 + 9 people measured with the long form.
    buurthuis = organisations["Buurthuis De Bron"]
    assert (buurthuis.referrals, buurthuis.accepted, buurthuis.started) == (24, 18, 15)
    assert (buurthuis.djg11_measured, buurthuis.djg11_change) == (18, pytest.approx((9 * -2 + 9 * -8) / 18))

    kinds = rows_by_label("soort")
    assert set(kinds) == {
        "één-op-één, zoals een maatje of huisbezoek",
        "ontmoeting of groepsactiviteit",
        "Zonder activiteit (verwezen naar de organisatie)",
    }
    assert kinds["ontmoeting of groepsactiviteit"].referrals == 21
    assert kinds["één-op-één, zoals een maatje of huisbezoek"].djg11_change == pytest.approx(-1.5)
    assert kinds["Zonder activiteit (verwezen naar de organisatie)"].suppressed
    without = rows_by_label("activiteit")["Zonder activiteit (verwezen naar de organisatie)"]
    assert shown_as(without).referrals_text == "<10"


@pytest.mark.django_db
def test_one_gemeente_and_a_period(data, meldpunt):
    elsewhere = MeldpuntFactory(gemeente=GemeenteFactory())
    for _ in range(10):
        make_referral(MeldingFactory(meldpunt=elsewhere, signaal=False), data["y"])

    assert rows_by_label("activiteit")["Yoga voor ouderen"].referrals == 19
    assert rows_by_label("activiteit", gemeente=elsewhere.gemeente)["Yoga voor ouderen"].referrals == 10
    assert set(rows_by_label("activiteit", gemeente=meldpunt.gemeente.pk)) >= {"Maatjesproject", "Zangkoor"}
    assert rows_by_label("activiteit", since=SENT_DAY + timedelta(days=1)) == {}
    assert rows_by_label("activiteit", since=SENT_DAY)["Maatjesproject"].referrals == 14


@pytest.mark.django_db
def test_the_threshold_is_a_setting(data, settings):
    settings.MIN_CELL = 5

    y = rows_by_label("activiteit")["Yoga voor ouderen"]

    y = shown_as(y)
    assert (y.referrals_text, y.acceptance_text, y.djg11_text, y.djg11_measured_text) == ("9", "100%", "-8,0", "9")


@pytest.mark.django_db
def test_one_activity(data):
    assert activity_track_record(data["x"]).djg11_change == pytest.approx(-1.5)
    assert activity_track_record(data["y"]).suppressed
    assert activity_track_record(ActiviteitFactory()) is None


@pytest.mark.django_db
def test_sorting_never_ranks_the_suppressed_groups(data):
    rows = referral_track_record("activiteit")

    assert [row.label for row in sort_track_record(rows, "aantal")] == [
        "Maatjesproject",
        "Zangkoor",
        "Yoga voor ouderen",
        "Zonder activiteit (verwezen naar de organisatie)",
    ]
    assert [row.label for row in sort_track_record(rows, "start")][:2] == ["Maatjesproject", "Zangkoor"]
    assert [row.label for row in sort_track_record(rows, "naam")] == [
        "Maatjesproject",
        "Yoga voor ouderen",
        "Zangkoor",
        "Zonder activiteit (verwezen naar de organisatie)",
    ]


def test_an_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="by must be one of"):
        referral_track_record("wijk")


# ---------------------------------------------------------------------------
# The page and its CSV
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_page_shows_the_suppressed_table_with_the_evidence(client, login, medewerker, data):
    login(medewerker)

    response = client.get(reverse("meldpunt:trackrecord"))

    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [row.label for row in rows][:3] == ["Maatjesproject", "Zangkoor", "Yoga voor ouderen"]
    html = response.content.decode()
    assert reverse("meldpunt:activity_track_record", args=["maatjesproject"]) in html
    assert "Onderbouwd" in html and "Kansrijk" in html
    assert "86%" in html and "-1,5" in html and "&lt;10" in html and "te weinig metingen" in html
    assert "Waarom staat er soms" in html


@pytest.mark.django_db
def test_the_tabs_sorting_and_filters(client, login, coordinator, data, meldpunt):
    login(coordinator)

    per_organisation = client.get(reverse("meldpunt:trackrecord"), {"per": "organisatie", "sorteer": "naam"})
    assert [row.label for row in per_organisation.context["page"]] == ["Buurthuis De Bron", "Humanitas"]

    odd = client.get(reverse("meldpunt:trackrecord"), {"per": "wijk", "sorteer": "-1; DROP"})
    assert odd.status_code == 200 and odd.context["by"] == "activiteit" and odd.context["order"] == "aantal"

    later = client.get(reverse("meldpunt:trackrecord"), {"sinds": "2026-01-06"})
    assert list(later.context["page"]) == []
    assert "Er zijn nog geen verwijzingen" in later.content.decode()

    bad = client.get(reverse("meldpunt:trackrecord"), {"sinds": "31-02-2026", "gemeente": meldpunt.gemeente.pk})
    assert bad.status_code == 200
    assert "Vul een bestaande datum in" in bad.content.decode()
    assert bad.context["form"]["gemeente"].value() == str(meldpunt.gemeente.pk)  # nothing lost
    assert len(bad.context["page"].object_list) == 4  # the valid filter applies, the invalid one is left out


@pytest.mark.django_db
def test_the_table_is_paginated(client, login, medewerker, meldpunt):
    organisatie = OrganisatieFactory()
    for _ in range(26):
        make_referral(MeldingFactory(meldpunt=meldpunt, signaal=False), ActiviteitFactory(organisatie=organisatie))
    login(medewerker)

    first = client.get(reverse("meldpunt:trackrecord"))
    second = client.get(reverse("meldpunt:trackrecord"), {"pagina": 2})

    assert len(first.context["page"]) == 25 and len(second.context["page"]) == 1
    assert "Pagina 1 van 2" in first.content.decode()


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.django_db
def test_the_csv_holds_only_suppressed_figures(client, login, medewerker, data):
    login(medewerker)

    response = client.get(reverse("meldpunt:trackrecord"), {"formaat": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[:4] == ["Activiteit", "Organisatie", "Onderbouwing (onderzoek)", "Verwijzingen"]
    by_label = {row[0]: row for row in rows}
    assert by_label["Maatjesproject"] == [
        "Maatjesproject",
        "Humanitas",
        "onderbouwd",
        "14",
        "86%",
        "71%",
        "3,5",
        "13,0",
        "-1,5",
        "10",
        "te weinig metingen",
        "<10",
    ]
    assert by_label["Yoga voor ouderen"][3:] == [
        "<10",
        "–",
        "–",
        "–",
        "–",
        "te weinig metingen",
        "<10",
        "te weinig metingen",
        "<10",
    ]
    assert by_label["Zangkoor"][3:] == [
        "12",
        "75%",
        "50%",
        "–",
        "–",
        "te weinig metingen",
        "<10",
        "te weinig metingen",
        "<10",
    ]
    # Yoga's real figures (9 referrals, 100%, 1 and 3 days, -8) appear nowhere.
    cells = {cell for row in rows for cell in row[3:]}
    assert not cells & {"9", "3", "100%", "1,0", "3,0", "-8,0"}


@pytest.mark.django_db
def test_the_csv_per_kind_and_a_name_that_looks_like_a_formula(client, login, coordinator, meldpunt):
    organisatie = OrganisatieFactory(name="=HYPERLINK(1)")
    for _ in range(10):
        make_referral(MeldingFactory(meldpunt=meldpunt, signaal=False), organisatie=organisatie)
    login(coordinator)

    per_organisation = read_csv(client.get(reverse("meldpunt:trackrecord"), {"formaat": "csv", "per": "organisatie"}))
    per_kind = read_csv(client.get(reverse("meldpunt:trackrecord"), {"formaat": "csv", "per": "soort"}))

    assert per_organisation[1][:2] == ["'=HYPERLINK(1)", "10"]
    assert per_kind[0][:2] == ["Soort activiteit", "Verwijzingen"]
    assert per_kind[1][:2] == ["Zonder activiteit (verwezen naar de organisatie)", "10"]


@pytest.mark.django_db
def test_the_page_needs_a_bounded_number_of_queries(
    client, login, medewerker, data, meldpunt, django_assert_max_num_queries
):
    login(medewerker)
    client.get(reverse("meldpunt:trackrecord"))  # the session is warm

    for params in ({}, {"per": "organisatie"}, {"per": "soort", "gemeente": meldpunt.gemeente.pk}, {"formaat": "csv"}):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("meldpunt:trackrecord"), params).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meldpunt:activity_track_record", args=["maatjesproject"])).status_code == 200


# ---------------------------------------------------------------------------
# The staff page of one activity
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_activity_page_shows_the_track_record_next_to_the_evidence(client, login, medewerker, data):
    x = data["x"]
    x.cost_kind, x.cost_amount, x.cost_note = "bedrag", 2.5, "koffie inbegrepen"
    x.target_groups = ["ouderen", "mantelzorgers"]
    x.save()
    login(medewerker)

    response = client.get(reverse("meldpunt:activity_track_record", args=["maatjesproject"]))

    html = response.content.decode()
    assert response.context["record"].referrals == 14
    for text in [
        "Maatjesproject",
        "Humanitas",
        "Één-op-één, zoals een maatje of huisbezoek",
        "Ouderen, mantelzorgers",
        "€\N{NO-BREAK SPACE}2,50",
        "koffie inbegrepen",
        "Onderzoek laat zien dat deze aanpak werkt.",
        "Databank Effectieve sociale interventies",
        "86%",
        "-1,5",
        f'href="{reverse("socialekaart:activiteit", args=["maatjesproject"])}"',
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_the_activity_page_of_a_small_or_new_or_archived_activity(client, login, coordinator, data):
    login(coordinator)

    small = client.get(reverse("meldpunt:activity_track_record", args=["yoga"])).content.decode()
    assert "Daarom tonen we nog geen cijfers" in small and "100%" not in small

    archived = ActiviteitFactory(archived=True, slug="oud")
    page = client.get(reverse("meldpunt:activity_track_record", args=["oud"])).content.decode()
    assert "Nog niemand is via het meldpunt naar deze activiteit verwezen" in page
    assert "niet gepubliceerd" in page
    assert f'href="{reverse("socialekaart:activiteit", args=[archived.slug])}"' not in page  # citizens see nothing

    assert client.get(reverse("meldpunt:activity_track_record", args=["bestaat-niet"])).status_code == 404


# ---------------------------------------------------------------------------
# Who may see it
# ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("role", ["partner", "stuurgroep", "commissielid", "functionaris", "beheerder"])
def test_only_meldpunt_staff_and_coordinators_see_it(client, login, role, data):
    login(UserFactory(role=role))

    for url in [
        reverse("meldpunt:trackrecord"),
        reverse("meldpunt:trackrecord") + "?formaat=csv",
        reverse("meldpunt:activity_track_record", args=["maatjesproject"]),
    ]:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, data):
    response = client.get(reverse("meldpunt:trackrecord") + "?formaat=csv")

    assert response.status_code == 302 and response["Location"].startswith(reverse("coalition:login"))


@pytest.mark.django_db
def test_staff_of_no_meldpunt_see_it_too(client, login, data):
    """The figures are aggregates, suppressed: no case is opened, so the meldpunt one works for does not matter."""
    login(UserFactory(role="medewerker"))

    assert client.get(reverse("meldpunt:trackrecord")).status_code == 200


# ---------------------------------------------------------------------------
# Accessibility
# ---------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_pages_have_no_serious_accessibility_violations(live_server):
    from tests.browser import browser_page, serious_axe_violations

    user = UserFactory(role="medewerker", full_name="Mila Medewerker")
    make_data(MeldpuntFactory(staff=[user]))
    browser = Client()
    browser.force_login(user)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
    session.save()

    problems = {}
    with browser_page() as page:
        page.context.add_cookies(
            [{"name": "sessionid", "value": browser.cookies["sessionid"].value, "url": live_server.url}]
        )
        trackrecord = reverse("meldpunt:trackrecord")
        for path in [
            trackrecord,
            f"{trackrecord}?per=organisatie&sorteer=naam",
            f"{trackrecord}?per=soort&sinds=31-02-2026",  # a message beside the field
            reverse("meldpunt:activity_track_record", args=["maatjesproject"]),
            reverse("meldpunt:activity_track_record", args=["yoga"]),
        ]:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.get_by_role("heading", level=1).count() == 1, path
            problems[path] = serious_axe_violations(page)
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, problems


# ---------------------------------------------------------------------------
# Sorted and paged in the database (TrackRecordTable): the same rows as sort_track_record over every row
# ---------------------------------------------------------------------------
# The first people referred to "Maatjes" (the long form) and "Ébène" (the short one): before and after.
FIRST_MEASURED = {"djg11": [(8, 6), (9, 6), (10, 6)], "djg6": [(4, 3), (5, 3), (6, 3)]}


def make_sortable_data(meldpunt) -> dict:
    """With MIN_CELL 3: groups that tie on every figure (two activities both called "maatjes"), rates that tie,
    capitals and an accent in the names, two suppressed groups, referrals without an activity, people measured."""
    humanitas = OrganisatieFactory(name="Humanitas")
    bron = OrganisatieFactory(name="buurthuis De Bron")
    elan = OrganisatieFactory(name="Élan")
    # title, organisation, kind, referrals as (accepted, started), people measured (form), key. The two "maatjes"
    # tie on everything but their key, which the order compares as text: "1000000" before "999999".
    maatjes = [(True, True)] * 2 + [(True, False)] + [(False, False)] * 3
    groups = [
        ("Maatjes", humanitas, "een-op-een", maatjes, "djg11", 999_999),
        ("maatjes", bron, "een-op-een", maatjes, None, 1_000_000),
        ("Zangkoor", bron, "ontmoeting", [(True, True)] * 2 + [(False, False)] * 2, None, None),
        ("Ébène", elan, "cursus", [(True, True)] * 3, "djg6", None),
        ("eetclub", elan, "ontmoeting", [(True, True)] * 2, None, None),
        ("Yoga", humanitas, "ontmoeting", [(True, True)], None, None),
        ("ijsclub", bron, "vervoer", [(False, False)] * 5, None, None),
    ]
    activities = {}
    for title, organisatie, kind, referrals, form, pk in groups:
        activiteit = activities[title] = ActiviteitFactory(pk=pk, title=title, organisatie=organisatie, kind=kind)
        for i, (accepted, started) in enumerate(referrals):
            person = MeldingFactory(meldpunt=meldpunt, signaal=False)
            make_referral(
                person,
                activiteit,
                accepted=accepted,
                contact_days=1 if accepted else None,
                start_days=i if started else None,
            )
            if form and i < len(FIRST_MEASURED[form]):
                before, after = FIRST_MEASURED[form][i]
                measure(person, "intake", before, 1, form=form)
                measure(person, "follow_up", after, 95, form=form)
    for _ in range(3):
        make_referral(MeldingFactory(meldpunt=meldpunt, signaal=False), organisatie=elan)
    merged = MeldingFactory(
        meldpunt=meldpunt, closed=True, merged_into=MeldingFactory(meldpunt=meldpunt), signaal=False
    )
    make_referral(merged, activities["Zangkoor"], accepted=True)  # does not count
    return activities


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["activiteit", "organisatie", "soort"])
def test_the_table_sorts_and_pages_as_sort_track_record_does(meldpunt, settings, by):
    settings.MIN_CELL = 3
    make_sortable_data(meldpunt)
    every_row = referral_track_record(by)

    for order in TRACK_RECORD_SORTS:
        expected = sort_track_record(every_row, order)
        table = TrackRecordTable(by, order)
        assert table[:] == expected, order
        assert (len(table), table.suppressed_count) == (len(expected), sum(row.suppressed for row in expected))
        for per_page in (2, 3):
            for number in range(1, -(-len(expected) // per_page) + 1):  # every page
                page = TrackRecordTable(by, order).page(str(number), per_page)
                assert list(page) == expected[(number - 1) * per_page : number * per_page], (order, per_page, number)


@pytest.mark.django_db
def test_the_order_of_the_table_by_name_and_by_count(meldpunt, settings):
    settings.MIN_CELL = 3
    make_sortable_data(meldpunt)

    by_name = TrackRecordTable("activiteit", "naam")[:]
    by_count = TrackRecordTable("activiteit", "aantal")[:]
    by_acceptance = TrackRecordTable("activiteit", "acceptatie")[:]

    no_activity = "Zonder activiteit (verwezen naar de organisatie)"
    # Capitals do not count; then code point order, as casefold() compares: "é" after "z".
    assert [row.label for row in by_name] == [
        "eetclub", "ijsclub", "maatjes", "Maatjes", "Yoga", "Zangkoor", no_activity, "Ébène",
    ]  # fmt: skip
    # Shown first, most referrals first (equal counts by name), then the suppressed groups by name.
    assert [(row.label, row.referrals) for row in by_count] == [
        ("maatjes", 6), ("Maatjes", 6), ("ijsclub", 5), ("Zangkoor", 4), (no_activity, 3), ("Ébène", 3),
        ("eetclub", None), ("Yoga", None),
    ]  # fmt: skip
    assert [(row.label, row.acceptance_rate) for row in by_acceptance] == [
        ("Ébène", 1.0), ("maatjes", 0.5), ("Maatjes", 0.5), ("Zangkoor", 0.5), ("ijsclub", 0.0), (no_activity, 0.0),
        ("eetclub", None), ("Yoga", None),
    ]  # fmt: skip
    maatjes, ebene = by_count[1], by_count[5]
    assert (maatjes.djg11_measured, maatjes.djg11_change) == (3, pytest.approx(-3.0))  # -2, -3, -4
    assert (ebene.djg6_measured, ebene.djg6_change) == (3, pytest.approx(-2.0))  # -1, -2, -3


@pytest.mark.django_db
def test_a_page_is_two_queries_and_the_paginator_counts_nothing(meldpunt, settings, django_assert_num_queries):
    settings.MIN_CELL = 3
    make_sortable_data(meldpunt)
    table = TrackRecordTable("activiteit", "naam")

    with django_assert_num_queries(2):  # the figures of the page, with the counts; its change in loneliness
        page = table.page("2", 3)
        rows = list(page)
        assert (page.number, page.paginator.num_pages, len(table), table.suppressed_count) == (2, 3, 8, 2)

    assert [(row.label, row.suppressed) for row in rows] == [("Maatjes", False), ("Yoga", True), ("Zangkoor", False)]


@pytest.mark.django_db
@pytest.mark.parametrize("number", [None, "", "abc", "2.0", "0", "-1", "1", "3", "4", "99"])
def test_page_numbers_are_read_as_djangos_paginator_reads_them(meldpunt, settings, number):
    settings.MIN_CELL = 3
    make_sortable_data(meldpunt)
    expected = Paginator(sort_track_record(referral_track_record("activiteit"), "start"), 3).get_page(number)

    page = TrackRecordTable("activiteit", "start").page(number, 3)

    assert (page.number, list(page)) == (expected.number, list(expected))


@pytest.mark.django_db
def test_a_table_without_referrals_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        table = TrackRecordTable("soort", "naam")
        page = table.page("1", 25)
        assert (page.number, list(page), len(table), table.suppressed_count) == (1, [], 0, 0)
    with django_assert_num_queries(2):  # a page past the end: it reads nothing, so it counts
        page = TrackRecordTable("soort", "naam").page("5", 25)
        assert (page.number, list(page)) == (1, [])
    assert referral_track_record("organisatie") == []


def test_an_unknown_order_is_refused():
    with pytest.raises(ValueError, match="order must be one of"):
        TrackRecordTable("activiteit", "leeftijd")
