"""The meldpunt's reads for the steering group's dashboard (meldpunt/queries/monitor.py), on small constructed
scenarios with known figures: period boundaries (local midnight, end not included), the scope, merged cases left
out, working days over weekends and Dutch holidays, paired measurements only, and the query budgets.
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from meldpunt.choices import ReferralStatus
from meldpunt.models import DJGMeting, Melding
from meldpunt.queries import (
    Estimate,
    OpenAge,
    follow_up_figures,
    headlines,
    loneliness_change,
    partner_referral_figures,
    referral_breakdown,
    signal_breakdown,
)
from meldpunt.queries.monitor import _working_day_sql
from meldpunt.workdays import holidays_between, subtract_working_days
from tests.factories import (
    ActiviteitFactory,
    GemeenteFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    SignaalFactory,
    VerwijzingFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment of a local day (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def place():
    """Two gemeenten with a meldpunt each; the first has two wijken."""
    gemeente, other_gemeente = GemeenteFactory(), GemeenteFactory()
    return {
        "gemeente": gemeente,
        "meldpunt": MeldpuntFactory(gemeente=gemeente),
        "other": MeldpuntFactory(gemeente=other_gemeente),
        "noord": WijkFactory(gemeente=gemeente, name="Noord"),
        "zuid": WijkFactory(gemeente=gemeente, name="Zuid"),
    }


def case(meldpunt, received: datetime, **fields) -> Melding:
    return MeldingFactory(meldpunt=meldpunt, received_at=received, signaal=False, **fields)


def merged_case(meldpunt, received: datetime, into: Melding, **fields) -> Melding:
    return MeldingFactory(
        meldpunt=meldpunt,
        received_at=received,
        signaal=False,
        closed=True,
        close_reason="samengevoegd",
        merged_into=into,
        **fields,
    )


# ---------------------------------------------------------------------------------------------------------------
# 1. Signals
# ---------------------------------------------------------------------------------------------------------------
def signal(melding, received: datetime, channel: str = "telefoon", relation: str = "buur"):
    return SignaalFactory(melding=melding, received_at=received, channel=channel, reporter_relation=relation)


@pytest.fixture
def signals(place):
    """In January and February 2026 (local time), of the first gemeente: 5 signals of 4 cases, 3 of them new; around
    them signals and cases just outside the period, of a merged case and of the other gemeente."""
    meldpunt = place["meldpunt"]
    # Just after local midnight on 1 January: still 31 December in UTC, but January here.
    a = case(meldpunt, at(JAN, 0, 30), wijk=place["noord"])
    signal(a, at(JAN, 0, 30), "telefoon", "zelf")
    signal(a, at(date(2026, 1, 20)), "email", "familie")
    b = case(meldpunt, at(date(2026, 1, 10)), wijk=place["noord"])
    signal(b, at(date(2026, 1, 10)), "telefoon", "buur")
    c = case(meldpunt, at(date(2026, 2, 3)), wijk=place["zuid"])
    signal(c, at(date(2026, 2, 3)), "webformulier", "zelf")
    d = case(meldpunt, at(date(2025, 12, 20)))  # an older case, no wijk known, with a new signal in February
    signal(d, at(date(2025, 12, 20)), "telefoon", "buur")  # before the period
    signal(d, at(date(2026, 2, 28), 23, 59), "partner", "huisarts")  # the last minute of the period
    signal(d, at(MAR, 0, 0), "partner", "huisarts")  # 1 March 00:00: the end is not included
    e = case(meldpunt, at(date(2025, 12, 31), 23, 59))  # the last minute of 2025: outside
    signal(e, at(date(2025, 12, 31), 23, 59), "balie", "buur")
    merged = merged_case(meldpunt, at(date(2026, 1, 12)), into=b, wijk=place["noord"])
    signal(merged, at(date(2026, 1, 12)), "telefoon", "zelf")
    elsewhere = case(place["other"], at(date(2026, 1, 15)))
    signal(elsewhere, at(date(2026, 1, 15)), "telefoon", "zelf")
    return {**place, "january": [a, b]}


def test_signal_breakdown_counts_per_month_channel_relation_and_wijk(signals, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        figures = signal_breakdown(JAN, MAR, gemeente_ids=[signals["gemeente"].pk])
    assert figures.months == (JAN, FEB)
    assert figures.signals == 5
    assert figures.self_reports == 2
    assert figures.signals_per_month == {JAN: 3, FEB: 2}
    assert figures.signals_per_month_channel == {
        (JAN, "email"): 1,
        (JAN, "telefoon"): 2,
        (FEB, "partner"): 1,
        (FEB, "webformulier"): 1,
    }
    assert list(figures.signals_per_month_channel) == sorted(figures.signals_per_month_channel)
    assert figures.signals_per_relation == {"zelf": 2, "familie": 1, "buur": 1, "huisarts": 1}
    assert figures.signals_per_wijk == {signals["noord"].pk: 3, signals["zuid"].pk: 1, None: 1}
    assert figures.new_cases == 3
    assert figures.new_cases_per_month == {JAN: 2, FEB: 1}


def test_signal_breakdown_scope(signals):
    everywhere = signal_breakdown(JAN, MAR)
    assert (everywhere.signals, everywhere.self_reports, everywhere.new_cases) == (6, 3, 4)
    other = signal_breakdown(JAN, MAR, meldpunt_ids=[signals["other"].pk])
    assert (other.signals, other.self_reports, other.new_cases) == (1, 1, 1)
    noord = signal_breakdown(JAN, MAR, wijk_id=signals["noord"].pk)
    assert (noord.signals, noord.signals_per_wijk, noord.new_cases) == (3, {signals["noord"].pk: 3}, 2)
    nobody = signal_breakdown(JAN, MAR, gemeente_ids=[])
    assert (nobody.signals, nobody.new_cases, nobody.signals_per_month) == (0, 0, {})
    assert nobody.months == (JAN, FEB)


def test_signal_breakdown_of_one_day_and_of_december(signals):
    """The period's end is not included; a month is a local month."""
    first_day = signal_breakdown(JAN, date(2026, 1, 2), gemeente_ids=[signals["gemeente"].pk])
    assert (first_day.signals, first_day.new_cases, first_day.months) == (1, 1, (JAN,))
    december = signal_breakdown(date(2025, 12, 1), JAN, gemeente_ids=[signals["gemeente"].pk])
    assert december.signals_per_month == {date(2025, 12, 1): 2}
    assert december.new_cases_per_month == {date(2025, 12, 1): 2}
    assert signal_breakdown(JAN, JAN).signals == 0
    with pytest.raises(ValueError, match="ends"):
        signal_breakdown(FEB, JAN)


# ---------------------------------------------------------------------------------------------------------------
# 2. Follow-up
# ---------------------------------------------------------------------------------------------------------------
APRIL, MAY = date(2026, 4, 1), date(2026, 5, 1)


def test_working_days_in_sql_agree_with_the_worklists_overdue_rule():
    """Every pair of days around Christmas, Easter, King's Day, Ascension and Whit Monday: the SQL working day of a
    contact is the number of working days strictly between the two days plus one (0 on the same day), and it is
    within a norm of N days exactly when the case was never overdue before it (workdays.subtract_working_days, as
    worklist.first_contact_cutoff uses it)."""
    from meldpunt.queries.monitor import _holidays
    from meldpunt.workdays import is_working_day

    pairs = [
        (received, received + timedelta(days=offset))
        for first in (date(2025, 12, 15), date(2026, 3, 25), date(2026, 5, 6))
        for received in (first + timedelta(days=n) for n in range(30))
        for offset in range(-2, 16)
    ]
    sql = f"SELECT x.d, x.c, {_working_day_sql('x.d', 'x.c')} FROM unnest(%s::date[], %s::date[]) AS x(d, c)"
    holidays = _holidays(date(2025, 12, 1), date(2026, 7, 1))
    with connection.cursor() as cursor:
        cursor.execute(sql, [holidays, holidays, [d for d, _c in pairs], [c for _d, c in pairs]])
        computed = {(d, c): k for d, c, k in cursor.fetchall()}
    assert len(computed) == len(pairs)
    for received, contact in pairs:
        between = sum(is_working_day(received + timedelta(days=n)) for n in range(1, (contact - received).days))
        expected = between + 1 if contact > received else 0
        assert computed[(received, contact)] == expected, (received, contact)
        for norm in range(1, 6):
            never_overdue = contact <= received or received >= subtract_working_days(contact, norm)
            assert (expected <= norm) == never_overdue, (received, contact, norm)


def test_holidays_include_kings_day_and_easter_monday():
    assert {date(2026, 4, 27), date(2026, 4, 6), date(2025, 12, 25)} <= set(holidays_between(2025, 2026))


@pytest.fixture
def first_contacts(place, settings):
    """Cases received in April 2026 with their first contacts (working day in the comment), around Good Friday 3
    April, Easter Monday 6 April and King's Day (Monday 27 April); the norm is 3 working days."""
    settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS = 3
    meldpunt = place["meldpunt"]

    def contacted(received: datetime, contact: datetime | None, **fields) -> Melding:
        status = "in_behandeling" if contact else "nieuw"
        return case(meldpunt, received, first_contact_at=contact, **{"status": status, **fields})

    contacted(at(date(2026, 4, 24), 10), at(date(2026, 4, 30), 10))  # Fri → Thu over King's Day: 3
    contacted(at(date(2026, 4, 24), 11), at(date(2026, 5, 1), 9))  # Fri → Fri: 4, late
    contacted(at(date(2026, 4, 2)), at(date(2026, 4, 7)))  # Thu → Tue over Easter: 1
    contacted(at(date(2026, 4, 13), 9), at(date(2026, 4, 13), 15))  # the same day: 0
    contacted(at(date(2026, 4, 10)), at(date(2026, 4, 11)))  # Fri → Sat: 1 (as on Monday)
    contacted(at(date(2026, 4, 14)), at(date(2026, 4, 18)))  # Tue → Sat: 4, late (overdue that Saturday)
    contacted(at(date(2026, 4, 15)), at(date(2026, 4, 20)))  # Wed → Mon: 3
    contacted(at(APRIL, 0, 0), at(APRIL, 0, 5))  # the first minute of the period: 0
    contacted(  # never reached, closed
        at(date(2026, 4, 20)), None, status="gesloten", close_reason="niet_bereikbaar", closed_at=at(date(2026, 4, 30))
    )
    contacted(at(date(2026, 4, 29)), None)  # not contacted yet, not overdue on 1 May
    contacted(at(date(2026, 4, 21)), None)  # not contacted, overdue on 1 May
    # Outside the period, merged, or elsewhere: none of these count.
    contacted(at(date(2026, 3, 31), 23, 59), at(APRIL, 9))
    contacted(at(MAY, 0, 0), at(MAY, 9))
    into = contacted(at(date(2026, 3, 2)), at(date(2026, 3, 2)))
    merged_case(meldpunt, at(date(2026, 4, 14)), into=into, first_contact_at=at(date(2026, 4, 14)))
    case(place["other"], at(date(2026, 4, 14)), first_contact_at=at(date(2026, 4, 28)), status="in_behandeling")
    return place


def test_first_contact_in_working_days(first_contacts, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        figures = follow_up_figures(APRIL, MAY, gemeente_ids=[first_contacts["gemeente"].pk], today=MAY)
    assert figures.cases == 11
    assert figures.contacted == 8
    # Working days 0, 0, 1, 1, 3, 3, 4, 4: the median is the mean of the middle two.
    assert figures.working_days_to_first_contact == Estimate(value=2.0, n=8)
    assert figures.within_norm == 6
    assert figures.not_yet_due == 1
    assert figures.norm_working_days == 3


def test_first_contact_scope_and_norm(first_contacts, settings):
    elsewhere = follow_up_figures(APRIL, MAY, meldpunt_ids=[first_contacts["other"].pk], today=MAY)
    assert (elsewhere.cases, elsewhere.contacted, elsewhere.within_norm) == (1, 1, 0)  # Tue 14 → Tue 28: 9
    assert elsewhere.working_days_to_first_contact == Estimate(value=9.0, n=1)
    settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS = 4
    wider = follow_up_figures(APRIL, MAY, gemeente_ids=[first_contacts["gemeente"].pk], today=MAY)
    assert (wider.within_norm, wider.norm_working_days) == (8, 4)
    # With King's Day, 4 working days before 1 May is Friday 24 April: the case of 21 April is overdue either way.
    assert wider.not_yet_due == 1
    nothing = follow_up_figures(APRIL, MAY, wijk_id=first_contacts["noord"].pk, today=MAY)
    assert (nothing.cases, nothing.working_days_to_first_contact) == (0, Estimate(value=None, n=0))


def test_open_cases_by_age(place, django_assert_max_num_queries):
    """Ages in whole local days until 31 May 2026; three calendar months earlier is 28 February."""
    today = date(2026, 5, 31)
    meldpunt = place["meldpunt"]
    for received in [
        at(today, 8),  # 0
        at(date(2026, 5, 25), 0, 15),  # 6: still 24 May in UTC
        at(date(2026, 5, 24), 23, 30),  # 7
        at(date(2026, 5, 4)),  # 27
        at(date(2026, 5, 3)),  # 28
        at(date(2026, 3, 1)),  # 91: after 28 February
        at(date(2026, 2, 28)),  # 92: on it, so three months or longer
        at(date(2025, 5, 31)),  # 365
    ]:
        case(meldpunt, received, status="wacht_op_partner" if received.month == 3 else "nieuw")
    case(meldpunt, at(date(2026, 5, 1)), status="gesloten", close_reason="geholpen", closed_at=at(date(2026, 5, 2)))
    case(place["other"], at(date(2026, 5, 30)))
    with django_assert_max_num_queries(2):
        figures = follow_up_figures(APRIL, MAY, gemeente_ids=[place["gemeente"].pk], today=today)
    assert figures.open_cases == 8
    assert figures.open_per_age == {
        OpenAge.UNDER_A_WEEK: 2,
        OpenAge.WEEKS: 2,
        OpenAge.MONTHS: 2,
        OpenAge.LONGER: 2,
    }
    assert list(figures.open_per_age) == OpenAge.values
    assert figures.open_median_age_days == Estimate(value=27.5, n=8)
    everywhere = follow_up_figures(APRIL, MAY, today=today)
    assert (everywhere.open_cases, everywhere.open_per_age[OpenAge.UNDER_A_WEEK]) == (9, 3)


def test_close_reasons_of_the_cases_closed_in_the_period(place):
    meldpunt = place["meldpunt"]

    def closed(reason: str, moment: datetime, where=meldpunt) -> Melding:
        return case(where, at(date(2026, 3, 2)), status="gesloten", close_reason=reason, closed_at=moment)

    closed("geholpen", at(date(2026, 4, 30)))
    closed("geholpen", at(date(2026, 4, 30), 23, 59))
    closed("doorverwezen", at(APRIL, 0, 0))
    closed("niet_bereikbaar", at(date(2026, 4, 15)))
    closed("anders", at(MAY, 0, 0))  # the end is not included
    closed("geholpen", at(date(2026, 3, 31), 23, 59))
    into = closed("geholpen", at(date(2026, 3, 10)))
    merged_case(meldpunt, at(date(2026, 4, 3)), into=into)  # closed_at: now; in April only if run then
    Melding.objects.filter(merged_into=into).update(closed_at=at(date(2026, 4, 3)))
    closed("verhuisd", at(date(2026, 4, 15)), where=place["other"])
    figures = follow_up_figures(APRIL, MAY, gemeente_ids=[place["gemeente"].pk], today=MAY)
    assert figures.close_reasons == {"geholpen": 2, "doorverwezen": 1, "niet_bereikbaar": 1}
    assert figures.closed == 4
    assert follow_up_figures(APRIL, MAY, today=MAY).close_reasons["verhuisd"] == 1


# ---------------------------------------------------------------------------------------------------------------
# 3. Referrals and 6. a partner's own figures
# ---------------------------------------------------------------------------------------------------------------
def refer(melding, activiteit=None, organisatie=None, *, sent, accepted_after=None, declined=False, start=None,
          outcome=""):  # fmt: skip
    """A referral sent at `sent`; accepted after a timedelta, started after `start` days (from the local day of
    sending), closed with an outcome, or declined."""
    fields: dict = {}
    status = ReferralStatus.VERSTUURD
    if declined:
        status = ReferralStatus.AFGEWEZEN
        fields.update(declined_at=sent + timedelta(days=1), decline_reason="De groep is vol.")
    if accepted_after is not None:
        status = ReferralStatus.GEACCEPTEERD
        fields["accepted_at"] = sent + accepted_after
    if start is not None:
        status = ReferralStatus.GESTART
        fields["started_on"] = timezone.localdate(sent) + timedelta(days=start)
    if outcome:
        status = ReferralStatus.AFGESLOTEN
        fields.update(closed_at=sent + timedelta(days=40), outcome=outcome)
    return VerwijzingFactory(
        melding=melding,
        activiteit=activiteit,
        organisatie=organisatie or activiteit.organisatie,
        status=status,
        sent_at=sent,
        **fields,
    )


@pytest.fixture
def referrals(place):
    """Six referrals of the first gemeente's cases sent in January 2026, of five people (one referred twice), to
    two organisations: three activities and one referral without an activity. Around them: referrals just
    outside January, of a merged case and of the other gemeente."""
    humanitas, bibliotheek = OrganisatieFactory(name="Humanitas"), OrganisatieFactory(name="Bibliotheek")
    maatjes = ActiviteitFactory(organisatie=humanitas, title="Maatjesproject", kind="een-op-een")
    koffie = ActiviteitFactory(organisatie=humanitas, title="Koffieochtend", kind="ontmoeting")
    taal = ActiviteitFactory(organisatie=bibliotheek, title="Taalcafé", kind="ontmoeting")
    people = [case(place["meldpunt"], at(date(2025, 12, 1))) for _ in range(5)]
    hours = timedelta(hours=1)
    # Sent 5 January at 00:30 (4 January in UTC): started 12 January is 7 days later.
    refer(people[0], maatjes, sent=at(date(2026, 1, 5), 0, 30), accepted_after=2 * hours, start=7, outcome="loopt")
    refer(people[1], maatjes, sent=at(date(2026, 1, 6), 10), accepted_after=24 * hours, start=14, outcome="gestopt")
    refer(people[2], maatjes, sent=at(date(2026, 1, 7)), declined=True)
    refer(people[0], koffie, sent=at(date(2026, 1, 8)), accepted_after=72 * hours, start=3)
    refer(people[3], taal, sent=at(date(2026, 1, 9)))
    refer(people[4], organisatie=bibliotheek, sent=at(date(2026, 1, 31), 23, 59), accepted_after=6 * hours)
    refer(people[1], maatjes, sent=at(FEB, 0, 0))  # February
    refer(people[2], maatjes, sent=at(date(2025, 12, 31), 23, 59))  # December
    merged = merged_case(place["meldpunt"], at(date(2026, 1, 2)), into=people[0])
    refer(merged, maatjes, sent=at(date(2026, 1, 3)), accepted_after=hours, start=1, outcome="loopt")
    elsewhere = case(place["other"], at(date(2026, 1, 2)))
    refer(elsewhere, taal, sent=at(date(2026, 1, 15)), accepted_after=12 * hours)
    return {**place, "humanitas": humanitas, "bibliotheek": bibliotheek, "maatjes": maatjes, "koffie": koffie,
            "taal": taal}  # fmt: skip


def figures_of(row) -> tuple:
    return (row.referrals, row.accepted, row.declined, row.started, row.completed, row.days_to_start)


def test_referral_breakdown_per_organisation_kind_and_activity(referrals, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        breakdown = referral_breakdown(JAN, FEB, gemeente_ids=[referrals["gemeente"].pk])
    assert figures_of(breakdown.total) == (6, 4, 1, 3, 1, Estimate(7.0, 3))
    assert [(row.key, row.label) for row in breakdown.per_organisatie] == [
        (str(referrals["bibliotheek"].pk), "Bibliotheek"),
        (str(referrals["humanitas"].pk), "Humanitas"),
    ]
    assert [figures_of(row) for row in breakdown.per_organisatie] == [
        (2, 1, 0, 0, 0, Estimate(None, 0)),
        (4, 3, 1, 3, 1, Estimate(7.0, 3)),
    ]
    assert [(row.key, row.label) for row in breakdown.per_kind] == [
        ("ontmoeting", "ontmoeting of groepsactiviteit"),
        ("een-op-een", "één-op-één, zoals een maatje of huisbezoek"),
        ("", "Zonder activiteit"),
    ]
    assert [figures_of(row) for row in breakdown.per_kind] == [
        (2, 1, 0, 1, 0, Estimate(3.0, 1)),
        (3, 2, 1, 2, 1, Estimate(10.5, 2)),
        (1, 1, 0, 0, 0, Estimate(None, 0)),
    ]
    assert [(row.key, row.label, row.organisatie) for row in breakdown.per_activity] == [
        (str(referrals["koffie"].pk), "Koffieochtend", "Humanitas"),
        (str(referrals["maatjes"].pk), "Maatjesproject", "Humanitas"),
        (str(referrals["taal"].pk), "Taalcafé", "Bibliotheek"),
        ("", "Zonder activiteit", ""),
    ]
    assert [figures_of(row) for row in breakdown.per_activity] == [
        (1, 1, 0, 1, 0, Estimate(3.0, 1)),
        (3, 2, 1, 2, 1, Estimate(10.5, 2)),
        (1, 0, 0, 0, 0, Estimate(None, 0)),
        (1, 1, 0, 0, 0, Estimate(None, 0)),
    ]


def test_referral_breakdown_scope_and_boundaries(referrals):
    assert referral_breakdown(JAN, FEB).total.referrals == 7  # the other gemeente's too; never the merged case's
    assert referral_breakdown(FEB, MAR).total.referrals == 1
    assert referral_breakdown(date(2025, 12, 1), JAN).total.referrals == 1
    nobody = referral_breakdown(JAN, FEB, meldpunt_ids=[])
    assert (nobody.total.referrals, nobody.per_organisatie, nobody.per_kind, nobody.per_activity) == (0, (), (), ())
    assert nobody.total.days_to_start == Estimate(None, 0)


def test_partner_referral_figures(referrals, django_assert_max_num_queries):
    both = [referrals["humanitas"].pk, referrals["bibliotheek"].pk]
    with django_assert_max_num_queries(1):
        figures = partner_referral_figures(both, JAN, FEB)
    # Every gemeente's referrals to these organisations, but not the merged case's.
    assert (figures.received, figures.accepted, figures.declined, figures.started, figures.completed) == (
        7, 5, 1, 3, 1,
    )  # fmt: skip
    # Accepted after 2 hours, 6 hours, 12 hours, 1 day and 3 days.
    assert figures.days_to_accept == Estimate(value=0.5, n=5)
    assert figures.days_to_start == Estimate(value=7.0, n=3)
    humanitas = partner_referral_figures([referrals["humanitas"].pk], JAN, FEB)
    assert (humanitas.received, humanitas.accepted, humanitas.days_to_accept) == (4, 3, Estimate(1.0, 3))
    assert partner_referral_figures([referrals["humanitas"].pk], FEB, MAR).received == 1
    nothing = partner_referral_figures([], JAN, FEB)
    assert (nothing.received, nothing.days_to_accept, nothing.days_to_start) == (
        0,
        Estimate(None, 0),
        Estimate(None, 0),
    )


# ---------------------------------------------------------------------------------------------------------------
# 4. The change in loneliness
# ---------------------------------------------------------------------------------------------------------------
def measure(melding, moment: str, total: int, on: date, form: str = "djg11") -> DJGMeting:
    return DJGMeting.objects.create(
        melding=melding, form=form, moment=moment, measured_on=on, answers={}, total=total, category="—"
    )


ACTIEVEN = {"duration": "situationeel", "coping": "actief", "orientation": "gericht"}
ALSO_ACTIEVEN = {"duration": "dreigend", "coping": "actief", "orientation": "gericht"}
OVERLEVERS = {"duration": "structureel_complex", "coping": "passief", "orientation": "niet_gericht"}


@pytest.fixture
def changes(place):
    """People referred in January 2026 and measured before and after (totals; lonely from 3 of 11, 2 of 6)."""
    meldpunt = place["meldpunt"]
    organisatie = OrganisatieFactory()
    maatjes = ActiviteitFactory(organisatie=organisatie, kind="een-op-een")
    koffie = ActiviteitFactory(organisatie=organisatie, kind="ontmoeting")
    sent, intake, later = at(date(2026, 1, 10)), date(2026, 1, 5), date(2026, 4, 20)

    def person(*activities, profile=None, pairs=(), where=meldpunt, when=sent, **fields):
        melding = case(where, at(date(2026, 1, 2)), **(profile or {}), **fields)
        for activiteit in activities:
            refer(melding, activiteit, sent=when)
        for moment, total, on, form in pairs:
            measure(melding, moment, total, on, form)
        return melding

    p1 = person(maatjes, maatjes, profile=ACTIEVEN, pairs=[("intake", 8, intake, "djg11"),
                                                          ("follow_up", 2, later, "djg11")])  # fmt: skip
    measure(p1, "intake", 0, date(2026, 2, 1))  # a second intake: the first counts
    measure(p1, "follow_up", 11, date(2026, 3, 1))  # an earlier follow-up: the latest counts
    person(maatjes, profile=OVERLEVERS, pairs=[("intake", 3, intake, "djg11"), ("follow_up", 3, later, "djg11")])
    person(koffie, profile=ACTIEVEN, pairs=[("intake", 2, intake, "djg6"), ("follow_up", 1, later, "djg6")])
    person(koffie, pairs=[("intake", 2, intake, "djg11"), ("follow_up", 1, later, "djg11")])  # no profile
    person(maatjes, koffie, profile=ALSO_ACTIEVEN, pairs=[("intake", 9, intake, "djg11"),
                                                           ("follow_up", 9, later, "djg11")])  # fmt: skip
    # Not paired, so never counted: only an intake; two forms; an interim measurement only.
    person(maatjes, pairs=[("intake", 7, intake, "djg11")])
    person(maatjes, pairs=[("intake", 7, intake, "djg11"), ("follow_up", 1, later, "djg6")])
    person(maatjes, pairs=[("tussentijds", 7, intake, "djg11"), ("follow_up", 1, later, "djg11")])
    # Referred in February, merged, or in the other gemeente: not counted either.
    paired = [("intake", 10, intake, "djg11"), ("follow_up", 0, later, "djg11")]
    person(maatjes, pairs=paired, when=at(FEB, 0, 0))
    person(maatjes, pairs=paired, merged_into=p1, status="gesloten", close_reason="samengevoegd",
           closed_at=at(date(2026, 1, 3)))  # fmt: skip
    person(maatjes, pairs=paired, where=place["other"])
    return place


def change_figures(row) -> tuple:
    return (row.by, row.key, row.form, row.people, row.mean_change, row.lonely_at_intake, row.moved_out_of_lonely)


def test_loneliness_change_per_kind_profile_and_in_total(changes, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        rows = loneliness_change(JAN, FEB, gemeente_ids=[changes["gemeente"].pk])
    assert [change_figures(row) for row in rows] == [
        # een-op-een: -6 (8 → 2, out of lonely), 0 (3 → 3, still lonely), 0 (9 → 9); the first person's two
        # referrals count once.
        ("soort", "een-op-een", "djg11", 3, Estimate(-2.0, 3), 3, 1),
        ("soort", "ontmoeting", "djg11", 2, Estimate(-0.5, 2), 1, 0),  # -1 (2 → 1, never lonely), 0
        ("soort", "ontmoeting", "djg6", 1, Estimate(-1.0, 1), 1, 1),  # 2 → 1 of 6: out of lonely
        ("profiel", "", "djg11", 1, Estimate(-1.0, 1), 0, 0),
        ("profiel", "actieven", "djg11", 2, Estimate(-3.0, 2), 2, 1),  # situationeel and dreigend alike
        ("profiel", "actieven", "djg6", 1, Estimate(-1.0, 1), 1, 1),
        ("profiel", "overlevers", "djg11", 1, Estimate(0.0, 1), 1, 0),
        ("totaal", "", "djg11", 4, Estimate(-1.75, 4), 3, 1),
        ("totaal", "", "djg6", 1, Estimate(-1.0, 1), 1, 1),
    ]
    assert [row.label for row in rows[:4]] == [
        "één-op-één, zoals een maatje of huisbezoek",
        "ontmoeting of groepsactiviteit",
        "ontmoeting of groepsactiviteit",
        "Profiel onbekend",
    ]
    assert (rows[4].label, rows[6].label, rows[7].label) == ("Actieven", "Overlevers", "Alle verwezen mensen")


def test_loneliness_change_scope_and_period(changes):
    elsewhere = loneliness_change(JAN, FEB, meldpunt_ids=[changes["other"].pk])
    assert [change_figures(row) for row in elsewhere if row.by == "totaal"] == [
        ("totaal", "", "djg11", 1, Estimate(-10.0, 1), 1, 1)
    ]
    february = loneliness_change(FEB, MAR)
    assert [change_figures(row) for row in february if row.by == "totaal"] == [
        ("totaal", "", "djg11", 1, Estimate(-10.0, 1), 1, 1)
    ]
    assert loneliness_change(JAN, FEB, wijk_id=changes["noord"].pk) == []


# ---------------------------------------------------------------------------------------------------------------
# 5. Headlines, and nothing about a person
# ---------------------------------------------------------------------------------------------------------------
@pytest.fixture
def everything(signals, referrals):
    """The signals and the referrals above; the first two January cases were contacted (New Year's Day Thursday 1
    January → Monday 5 January: working day 2; Saturday 10 → Thursday 15 January: working day 4, late)."""
    first, second = signals["january"]
    Melding.objects.filter(pk=first.pk).update(first_contact_at=at(date(2026, 1, 5)), status="in_behandeling")
    Melding.objects.filter(pk=second.pk).update(first_contact_at=at(date(2026, 1, 15)), status="in_behandeling")
    return {**signals, **referrals}


PERIODS = [(JAN, FEB), (FEB, MAR), (JAN, MAR), (date(2025, 12, 1), JAN), (date(2024, 1, 1), date(2024, 2, 1))]


def headline_figures(headline) -> tuple:
    return (
        headline.signals, headline.self_reports, headline.new_cases, headline.people_referred, headline.referrals,
        headline.accepted_referrals, headline.first_contact_within_norm, headline.first_contact_not_yet_due,
    )  # fmt: skip


def test_headlines_of_several_periods_in_one_query(everything, settings, django_assert_max_num_queries):
    settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS = 3
    scope = {"gemeente_ids": [everything["gemeente"].pk]}
    with django_assert_max_num_queries(1):
        rows = headlines(PERIODS, today=date(2026, 2, 4), **scope)
    assert [(row.start, row.end) for row in rows] == PERIODS
    assert [headline_figures(row) for row in rows] == [
        (3, 1, 2, 5, 6, 4, 1, 0),
        # The case of Tuesday 3 February is not overdue on Wednesday 4 February.
        (2, 1, 1, 1, 1, 0, 0, 1),
        # Overlapping periods each count their own rows; the person referred in both months counts once.
        (5, 2, 3, 5, 7, 4, 1, 1),
        # Five referred people came in on 1 December; the December signals; one referral on 31 December.
        (2, 0, 7, 1, 1, 0, 0, 0),
        (0, 0, 0, 0, 0, 0, 0, 0),
    ]
    assert headlines([], **scope) == []


def test_headlines_agree_with_the_other_reads(everything):
    scope = {"gemeente_ids": [everything["gemeente"].pk]}
    for row, (start, end) in zip(headlines(PERIODS, today=date(2026, 2, 4), **scope), PERIODS, strict=True):
        signals = signal_breakdown(start, end, **scope)
        follow_up = follow_up_figures(start, end, today=date(2026, 2, 4), **scope)
        referred = referral_breakdown(start, end, **scope)
        assert (row.signals, row.self_reports, row.new_cases) == (
            signals.signals, signals.self_reports, signals.new_cases,
        )  # fmt: skip
        assert (row.new_cases, row.first_contact_within_norm, row.first_contact_not_yet_due) == (
            follow_up.cases, follow_up.within_norm, follow_up.not_yet_due,
        )  # fmt: skip
        assert (row.referrals, row.accepted_referrals) == (referred.total.referrals, referred.total.accepted)


def test_no_person_in_any_figure(everything, changes):
    """Names, postcodes, years of birth and case numbers never leave these reads."""
    persons = Melding.objects.values_list("number", "person_name", "person_postcode", "person_birth_year")
    shown = repr(
        [
            signal_breakdown(JAN, MAR),
            follow_up_figures(JAN, MAR),
            referral_breakdown(JAN, MAR),
            loneliness_change(JAN, MAR),
            headlines(PERIODS),
            partner_referral_figures([everything["humanitas"].pk], JAN, MAR),
        ]
    )
    for number, name, postcode, _birth_year in persons:
        assert number not in shown
        assert name not in shown
        assert postcode not in shown
    assert "Jansen" not in shown
    assert "ME-20" not in shown
