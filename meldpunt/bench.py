"""The meldpunt's part of `manage.py bench` (registered in apps.py; coalition/management/commands/bench.py runs it).

`seed()` adds 100,000 cases to the benchmark database (after coalition's gemeenten and wijken): spread over three
meldpunten, six years, all statuses and a few staff members each, with one or two signals and about five
timeline lines per case, step-plan answers and profiles for some. Closed cases older than the retention period
are anonymised, as the retention task would have done. `PAGES` are the pages measured, with the targets of
issue 5: worklist and case file p95 ≤ 80 ms and ≤ 15 queries each, as a medewerker of the biggest meldpunt.
Issue 6 adds 2,000 referrals over the bench organisations (60 to the bench partner's first one) and the partner
inbox: p95 ≤ 50 ms and ≤ 10 queries, as that partner. Issue 12 (the monitor) brings them to 20,000, over six years,
with De Jong Gierveld intake and follow-up measurements for about half of the cases referred and Machielse
profiles for most of them.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from coalition.management.commands.bench import Page, bench_user
from coalition.models import Gemeente, Organisatie, Role, User, Wijk
from socialekaart import bench as socialekaart_bench
from socialekaart.models import Activiteit

from .choices import (
    SYSTEM_CLOSE_REASONS,
    Channel,
    CloseReason,
    Coping,
    DJGAnswer,
    DJGForm,
    Duration,
    EntryKind,
    LifeEvent,
    Moment,
    Orientation,
    Outcome,
    ReferralStatus,
    Relation,
    Signal,
    Status,
    Step,
    StepAnswer,
)
from .models import (
    DJGMeting,
    Gebeurtenis,
    Melding,
    Meldpunt,
    Signaal,
    Stap,
    Verwijzing,
    Volgnummer,
    format_case_number,
)
from .scales import DJG_ITEMS, Polarity, score_djg

CASES = 100_000
SHARES = (0.5, 0.3, 0.2)  # of the cases per meldpunt: a big, a middle and a small gemeente
STAFF_PER_MELDPUNT = 8
FIRST_DAY = date(2021, 1, 1)
BATCH = 10_000
RETENTION_DAYS = 2 * 365

# The heavy case measured on the case page: three signals, 40 timeline lines, steps and a profile.
HEAVY_CASE_LINES = 40

SURNAMES = [
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan", "Vermeulen", "van Dijk", "Schouten", "Willems",
    "Hoekstra", "Koster", "Prins", "Huisman", "Kuipers", "Nijhuis", "Oude Luttikhuis", "Wolters", "Brinkman",
    "Pool", "Hulshof", "Kamphuis", "Ter Horst", "Lammers", "Scholten", "Veldhuis", "Kleinsmit", "Yilmaz",
    "Kaya", "Demir", "Nowak", "Kowalski", "El Amrani", "Bennani", "Reuvers", "Geerdink", "Hofman",
]  # fmt: skip
TITLES = ["Mevrouw", "Meneer", "Mevrouw", "Mevrouw", "Meneer"]
INITIALS = "ABCDEFGHIJKLMNOPRSTW"
NOTES = [
    "Gebeld, geen gehoor. Morgen opnieuw proberen.",
    "Gesproken met de buurvrouw: zij ziet mevrouw weinig buiten.",
    "Huisbezoek afgesproken voor volgende week.",
    "Mevrouw vertelt dat ze sinds het overlijden van haar man weinig mensen ziet.",
    "Doorverwezen naar de koffieochtend in het buurthuis; maatje aangevraagd.",
    "Dochter gebeld; zij woont ver weg en maakt zich zorgen.",
    "Wil graag eens mee naar de wandelgroep.",
]
DESCRIPTIONS = [
    "Zij komt de deur bijna niet meer uit.",
    "De post stapelt zich op achter de deur.",
    "Meneer zegt dat hij niemand meer heeft om mee te praten.",
    "Sinds de verhuizing kent zij niemand in de buurt.",
    "Hij zit de hele dag alleen thuis en eet slecht.",
]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--cases",
        type=int,
        default=CASES,
        metavar="N",
        help=f"cases of the meldpunt (default {CASES:,}; 0 seeds none, nor referrals: for measuring other pages)",
    )


def seed(options: dict) -> None:
    """Idempotent: adds only the cases that are not there yet (nothing when all of them are)."""
    # Referrals point to activities: the sociale kaart's come first (idempotent, so its own turn is a no-op).
    socialekaart_bench.seed(options)
    cases = options.get("cases", CASES)
    if not cases:
        return
    meldpunten = _meldpunten()
    if Melding.objects.filter(meldpunt__in=meldpunten).count() < cases:
        print(f"Seeding {cases:,} cases of the meldpunt …", flush=True)
        _seed(meldpunten, cases)
        _vacuum_analyze()  # outside the seeding transaction: VACUUM cannot run inside one
    _add_case_page(meldpunten[0])
    if Verwijzing.objects.filter(handover_note__startswith=REFERRAL_NOTE).count() < REFERRALS:
        print(f"Seeding {REFERRALS:,} referrals …", flush=True)
        _seed_referrals(meldpunten)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Verwijzing._meta.db_table}")
    missing = MONITOR_REFERRALS - REFERRALS - Verwijzing.objects.filter(handover_note__startswith=MONITOR_NOTE).count()
    if missing > 0:
        print(f"Seeding {missing:,} more referrals, with measurements and profiles, for the monitor …", flush=True)
        _seed_monitor(meldpunten, missing)
        with connection.cursor() as cursor:
            for model in (Verwijzing, DJGMeting, Melding):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    _add_inbox_page()
    # The bench coördinator works for the biggest meldpunt too; only now, so that it owns no seeded case.
    meldpunten[0].staff.add(bench_user(Role.COORDINATOR))


def _meldpunten() -> list[Meldpunt]:
    """Three meldpunten of the bench gemeenten, with staff. The bench medewerker works for the biggest one."""
    gemeenten = list(Gemeente.objects.filter(name__startswith="Benchgemeente").order_by("name")[:3])
    medewerker = bench_user(Role.MEDEWERKER)
    meldpunten = []
    for index, gemeente in enumerate(gemeenten):
        meldpunt, _ = Meldpunt.objects.get_or_create(
            gemeente=gemeente,
            defaults={
                "name": "Bench meldpunt" if index == 0 else f"Bench meldpunt {index}",
                "phone": "0000",
                "email": f"meldpunt{index}@example.org",
            },
        )
        staff = [
            User.objects.get_or_create(
                email=f"bench-staff-{index}-{n}@omzien.bench",
                defaults={"full_name": f"Bench medewerker {index}.{n}", "role": Role.MEDEWERKER},
            )[0]
            for n in range(STAFF_PER_MELDPUNT - (index == 0))
        ]
        meldpunt.staff.add(*staff, *([medewerker] if index == 0 else []))
        meldpunten.append(meldpunt)
    return meldpunten


def _received_times(now: datetime, cases: int) -> list[datetime]:
    """`cases` moments from FIRST_DAY until now, in order."""
    rng = random.Random(5)
    start = timezone.make_aware(datetime.combine(FIRST_DAY, time(8)))
    span = (now - start).total_seconds()
    return sorted(start + timedelta(seconds=span * (i + rng.random()) / cases) for i in range(cases))


def _numbers(times: list[datetime]) -> list[str]:
    """ME-YYYY-NNNNN in order of arrival, numbered per year as next_number() does."""
    counters: dict[int, int] = {}
    numbers = []
    for moment in times:
        year = timezone.localtime(moment).year
        counters[year] = counters.get(year, 0) + 1
        numbers.append(format_case_number(year, counters[year]))
    return numbers


@transaction.atomic
def _seed(meldpunten: list[Meldpunt], total: int) -> None:
    rng = random.Random(42)
    now = timezone.now()
    today = timezone.localdate()
    times = _received_times(now - timedelta(hours=1), total)
    numbers = _numbers(times)
    existing = set(Melding.objects.filter(number__startswith="ME-").values_list("number", flat=True))
    staff = {m.pk: list(m.staff.order_by("pk")) for m in meldpunten}
    wijken = {
        m.pk: [
            (wijk, wijk.postcodegebieden.all()[0].postcode_from[:4])
            for wijk in Wijk.objects.filter(gemeente=m.gemeente_id).prefetch_related("postcodegebieden")
        ]
        for m in meldpunten
    }
    signals, life_events, channels = Signal.values, LifeEvent.values, Channel.values
    relations = Relation.values
    reasons = [reason for reason in CloseReason.values if reason not in SYSTEM_CLOSE_REASONS]

    todo = [i for i in range(total) if numbers[i] not in existing]
    for start in range(0, len(todo), BATCH):
        cases, plans = [], []
        for i in todo[start : start + BATCH]:
            received = times[i]
            age = (now - received).days
            pick = rng.random()
            meldpunt = meldpunten[0 if pick < SHARES[0] else 1 if pick < SHARES[0] + SHARES[1] else 2]
            status = _status(rng, age)
            owner = None if status == Status.NIEUW and rng.random() < 0.8 else rng.choice(staff[meldpunt.pk])
            first_contact = None if status == Status.NIEUW else received + timedelta(hours=rng.randint(2, 96))
            closed_at = None
            if status == Status.GESLOTEN:
                closed_at = min(received + timedelta(days=rng.randint(10, 120)), now - timedelta(minutes=5))
            anonymised = closed_at is not None and (now - closed_at).days > RETENTION_DAYS
            wijk, pc4 = rng.choice(wijken[meldpunt.pk]) if wijken[meldpunt.pk] else (None, "")
            known = not anonymised and rng.random() < 0.95
            profile = status != Status.NIEUW and rng.random() < 0.2
            melding = Melding(
                meldpunt=meldpunt,
                number=numbers[i],
                status=status,
                urgency=rng.choices(["normaal", "hoog", "acuut"], weights=[85, 12, 3])[0],
                owner=owner,
                follow_up_on=(
                    today + timedelta(days=rng.randint(-5, 30))
                    if status in (Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER) and rng.random() < 0.7
                    else None
                ),
                received_at=received,
                first_contact_at=first_contact,
                last_activity_at=closed_at or first_contact or received,
                person_name=f"{rng.choice(TITLES)} {rng.choice(INITIALS)}. {rng.choice(SURNAMES)}" if known else "",
                person_address=f"Buurtstraat {rng.randint(1, 200)}" if known else "",
                person_postcode=f"{pc4}{rng.choice(INITIALS)}{rng.choice(INITIALS)}" if known and pc4 else "",
                wijk=wijk,
                person_birth_year=rng.randint(1925, 1975) if known else None,
                person_phone=f"0546 {rng.randint(100, 999)} {rng.randint(100, 999)}" if known else "",
                lives_alone=rng.choice([True, True, False, None]) if known else None,
                duration=rng.choice(Duration.values) if profile else "",
                coping=rng.choice(Coping.values) if profile else "",
                orientation=rng.choice(Orientation.values) if profile else "",
                close_reason=rng.choice(reasons) if closed_at else "",
                closed_at=closed_at,
                anonymised_at=closed_at + timedelta(days=RETENTION_DAYS) if closed_at and anonymised else None,
            )
            melding.set_search_keys()  # bulk_create does not call save()
            cases.append(melding)
            plans.append(1 + (i % 5 == 0))  # signals per case
        Melding.objects.bulk_create(cases, batch_size=2000)
        _children(rng, cases, plans, signals=signals, life_events=life_events, channels=channels, relations=relations)
    _number_counters(numbers)
    _heavy_case(meldpunten[0])


def _status(rng: random.Random, age_days: int) -> str:
    if age_days < 120:
        return rng.choices(
            [Status.NIEUW, Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER, Status.GESLOTEN], weights=[12, 45, 15, 28]
        )[0]
    return rng.choices([Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER, Status.GESLOTEN], weights=[2, 1, 97])[0]


def _children(rng, cases, plans, *, signals, life_events, channels, relations) -> None:
    """Signals, timeline lines and step-plan answers of a batch of cases."""
    signaal_rows, lines, steps = [], [], []
    for melding, count in zip(cases, plans, strict=True):
        blank = melding.anonymised_at is not None
        for n in range(count):
            at = melding.received_at + timedelta(days=n * 3)
            signaal_rows.append(
                Signaal(
                    melding=melding,
                    received_at=at,
                    channel=rng.choice(channels),
                    reporter_name="" if blank else f"Melder {rng.choice(SURNAMES)}",
                    reporter_contact="" if blank else "06 12345678",
                    reporter_relation=rng.choice(relations),
                    signals=rng.sample(signals, rng.randint(1, 4)),
                    life_events=rng.sample(life_events, rng.randint(0, 2)),
                    description="" if blank else rng.choice(DESCRIPTIONS),
                    urgency=melding.urgency,
                )
            )
            lines.append(Gebeurtenis(melding=melding, kind=EntryKind.SIGNAAL, happened_at=at, data={}))
        if melding.owner_id:
            lines.append(
                Gebeurtenis(
                    melding=melding,
                    kind=EntryKind.EIGENAAR,
                    happened_at=melding.received_at + timedelta(hours=1),
                    author_id=melding.owner_id,
                    data={"owner": melding.owner_id},
                )
            )
        if melding.first_contact_at:
            lines.append(
                Gebeurtenis(
                    melding=melding,
                    kind=EntryKind.TELEFOON,
                    happened_at=melding.first_contact_at,
                    author_id=melding.owner_id,
                    text="" if blank else rng.choice(NOTES),
                )
            )
            lines.append(
                Gebeurtenis(
                    melding=melding,
                    kind=EntryKind.STATUS,
                    happened_at=melding.first_contact_at,
                    author_id=melding.owner_id,
                    data={"from": Status.NIEUW, "to": Status.IN_BEHANDELING},
                )
            )
            lines.append(
                Gebeurtenis(
                    melding=melding,
                    kind=EntryKind.NOTITIE,
                    happened_at=melding.first_contact_at + timedelta(days=2),
                    author_id=melding.owner_id,
                    text="" if blank else rng.choice(NOTES),
                )
            )
            if rng.random() < 0.3:
                for step in rng.sample(Step.values, rng.randint(1, 4)):
                    steps.append(
                        Stap(
                            melding=melding,
                            step=step,
                            answer=rng.choice(StepAnswer.values),
                            on=timezone.localtime(melding.first_contact_at).date(),
                            author_id=melding.owner_id,
                        )
                    )
        if melding.closed_at:
            lines.append(
                Gebeurtenis(
                    melding=melding,
                    kind=EntryKind.GESLOTEN,
                    happened_at=melding.closed_at,
                    author_id=melding.owner_id,
                    data={"reason": melding.close_reason},
                )
            )
    Signaal.objects.bulk_create(signaal_rows, batch_size=5000)
    Gebeurtenis.objects.bulk_create(lines, batch_size=5000)
    Stap.objects.bulk_create(steps, batch_size=5000)


def _number_counters(numbers: list[str]) -> None:
    """Intake on the bench database goes on after the seeded numbers."""
    last: dict[int, int] = {}
    for number in numbers:
        year, n = int(number[3:7]), int(number[8:])
        last[year] = max(last.get(year, 0), n)
    for year, n in last.items():
        Volgnummer.objects.update_or_create(year=year, defaults={"last": n})


def _heavy_case(meldpunt: Meldpunt) -> None:
    """The case measured on the case page: the newest open case of the bench medewerker, made heavy."""
    melding = _measured_case(meldpunt)
    if melding is None or melding.tijdlijn.count() >= HEAVY_CASE_LINES:
        return
    rng = random.Random(7)
    while melding.signalen.count() < 3:
        Signaal.objects.create(
            melding=melding,
            received_at=melding.received_at,
            channel=Channel.PARTNER,
            reporter_name="Wijkverpleegkundige",
            reporter_relation=Relation.WIJKVERPLEGING,
            signals=rng.sample(Signal.values, 3),
            description=rng.choice(DESCRIPTIONS),
        )
    for n in range(HEAVY_CASE_LINES - melding.tijdlijn.count()):
        Gebeurtenis.objects.create(
            melding=melding,
            kind=EntryKind.NOTITIE,
            happened_at=melding.received_at + timedelta(hours=n + 1),
            author_id=melding.owner_id,
            text=rng.choice(NOTES),
        )
    for step in Step.values:
        Stap.objects.get_or_create(
            melding=melding,
            step=step,
            defaults={"answer": StepAnswer.JA, "on": timezone.localdate(), "author_id": melding.owner_id},
        )
    Melding.objects.filter(pk=melding.pk).update(
        duration=Duration.STRUCTUREEL, coping=Coping.ACTIEF, orientation=Orientation.GERICHT
    )


def _measured_case(meldpunt: Meldpunt) -> Melding | None:
    return (
        Melding.objects.filter(
            meldpunt=meldpunt, status=Status.IN_BEHANDELING, owner__email=f"bench-{Role.MEDEWERKER.value}@omzien.bench"
        )
        .order_by("-received_at")
        .first()
    )


def _vacuum_analyze() -> None:
    """Planner statistics and a visibility map at once, as autovacuum would give a live site."""
    with connection.cursor() as cursor:
        for model in (Melding, Signaal, Gebeurtenis, Stap, Meldpunt.staff.through):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


# --- Referrals (issue 6) -----------------------------------------------------------------------------------------
REFERRALS = 2_000
PARTNER_REFERRALS = 60  # to the bench partner's first organisation: its inbox is measured
REFERRAL_NOTE = "Bench: "  # marks the seeded referrals (the seeding is idempotent)
PARTNER_ORGANISATIONS = 3  # coalition's bench partner acts for the first three bench organisations by name


@transaction.atomic
def _seed_referrals(meldpunten: list[Meldpunt]) -> None:
    """2,000 referrals of open and closed cases, spread over the bench organisations, in every status.

    The bench partner's first organisation gets 60 of them. coalition's bench links its partner user to the first
    three bench organisations by name (coalition/management/commands/bench.py, users()), after the seeding.
    """
    Verwijzing.objects.filter(handover_note__startswith=REFERRAL_NOTE).delete()  # a half-finished earlier run
    rng = random.Random(6)
    now = timezone.now()
    organisaties = list(
        Organisatie.objects.filter(name__startswith="Bench ").order_by("name").values_list("pk", flat=True)
    )
    if len(organisaties) <= PARTNER_ORGANISATIONS:
        return
    partner_org, others = organisaties[0], organisaties[PARTNER_ORGANISATIONS:]
    activities: dict[int, list[int]] = {}
    for organisatie_id, pk in Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD).values_list(
        "organisatie_id", "pk"
    ):
        activities.setdefault(organisatie_id, []).append(pk)
    cases = list(
        Melding.objects.filter(
            meldpunt__in=meldpunten, anonymised_at__isnull=True, received_at__lt=now - timedelta(days=1)
        )
        .exclude(status=Status.NIEUW)
        .order_by("-received_at")
        .values_list("pk", "received_at")[: REFERRALS * 5]
    )
    staff = list(User.objects.filter(meldpunten__in=meldpunten).values_list("pk", flat=True).distinct())
    rows = []
    for n in range(REFERRALS):
        organisatie_id = partner_org if n < PARTNER_REFERRALS else rng.choice(others)
        melding_id, received_at = rng.choice(cases)
        sent_at = received_at + (now - received_at) * rng.uniform(0.05, 0.6)
        rows.append(
            _bench_referral(
                rng,
                now,
                melding_id=melding_id,
                organisatie_id=organisatie_id,
                sent_at=sent_at,
                activities=activities,
                staff=staff,
            )
        )
    Verwijzing.objects.bulk_create(rows, batch_size=1000)


def _bench_referral(
    rng,
    now,
    *,
    melding_id,
    organisatie_id,
    sent_at,
    activities,
    staff,
    note=REFERRAL_NOTE,
    weights=(10, 20, 15, 25, 30),
) -> Verwijzing:
    """One referral in a status that fits its age: recent ones wait for an answer, old ones are done. `weights`:
    of the statuses in ReferralStatus order, for referrals older than a week."""
    age = (now - sent_at).days
    consent = rng.random() < 0.7
    shared = consent and rng.random() < 0.8
    status = (
        ReferralStatus.VERSTUURD
        if age < 7 and rng.random() < 0.7
        else rng.choices(list(ReferralStatus), weights=weights)[0]
    )
    verwijzing = Verwijzing(
        melding_id=melding_id,
        organisatie_id=organisatie_id,
        activiteit_id=rng.choice(activities[organisatie_id]) if activities.get(organisatie_id) else None,
        status=status,
        consent=consent,
        share_contact=shared,
        share_note=shared and rng.random() < 0.7,
        handover_note=note + rng.choice(NOTES),
        planned_start=(sent_at + timedelta(days=rng.randint(3, 21))).date() if rng.random() < 0.5 else None,
        sent_at=sent_at,
        sent_by_id=rng.choice(staff) if staff else None,
    )
    answered = min(sent_at + timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 8)), now)
    # Every status past "verstuurd" but "afgewezen" was accepted and had its first contact.
    contact = min(answered + timedelta(days=rng.randint(0, 5)), now)
    if status == ReferralStatus.AFGEWEZEN:
        verwijzing.declined_at, verwijzing.decline_reason = answered, "De groep is vol."
    elif status != ReferralStatus.VERSTUURD:
        verwijzing.accepted_at = answered
        verwijzing.first_contact_at = contact
    if status == ReferralStatus.GESTART or (status == ReferralStatus.AFGESLOTEN and rng.random() < 0.8):
        verwijzing.started_on = timezone.localtime(contact).date()
    if status == ReferralStatus.AFGESLOTEN:
        verwijzing.closed_at = min(contact + timedelta(days=rng.randint(14, 90)), now)
        verwijzing.outcome = rng.choice(Outcome.values)
    return verwijzing


# --- The monitor (issue 12) ----------------------------------------------------------------------------------------
MONITOR_REFERRALS = 20_000  # every bench referral, issue 6's 2,000 included
MONITOR_NOTE = "Bench monitor: "  # marks the referrals added for the monitor (not REFERRAL_NOTE: those are issue 6's)
# Referrals older than this are answered and mostly done (the statuses in ReferralStatus order).
SETTLED_DAYS = 120
SETTLED_WEIGHTS = (1, 3, 15, 11, 70)
TO_ACTIVITY_SHARE = 0.9  # the others are referrals to an organisation, without an activity
MEASURED_SHARE = 0.5  # of the cases referred: a De Jong Gierveld intake and, three months on, a follow-up
DJG6_SHARE = 0.3  # of those: the short form
PROFILED_SHARE = 0.7  # of the cases referred without a profile: one is chosen
FOLLOW_UP_DAYS = 91


@transaction.atomic
def _seed_monitor(meldpunten: list[Meldpunt], count: int) -> None:
    """`count` more referrals of cases from all six years, to the bench organisations but the bench partner's three
    (their inbox pages stay as measured), most of them to a few organisations; then measurements and profiles for
    the cases of every bench referral that have none. One transaction: a second run finds everything there."""
    rng = random.Random(12)
    now = timezone.now()
    organisaties = list(
        Organisatie.objects.filter(name__startswith="Bench ").order_by("name").values_list("pk", flat=True)
    )[PARTNER_ORGANISATIONS:]
    cases = list(
        Melding.objects.filter(meldpunt__in=meldpunten, received_at__lt=now - timedelta(days=1))
        .exclude(status=Status.NIEUW)
        .order_by("pk")
        .values_list("pk", "received_at", "closed_at")
    )
    if not organisaties or not cases:
        return
    activities: dict[int, list[int]] = {}
    for organisatie_id, pk in Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD).values_list(
        "organisatie_id", "pk"
    ):
        activities.setdefault(organisatie_id, []).append(pk)
    staff = list(User.objects.filter(meldpunten__in=meldpunten).values_list("pk", flat=True).distinct())
    # Most referrals are to an activity; a few organisations get most of them (as in a real coalition), so their
    # figures are not all suppressed.
    with_activities = [pk for pk in organisaties if pk in activities]
    rows = []
    for _ in range(count):
        melding_id, received_at, closed_at = rng.choice(cases)
        to_activity = bool(with_activities) and rng.random() < TO_ACTIVITY_SHARE
        choices = with_activities if to_activity else organisaties
        organisatie_id = choices[int(len(choices) * rng.random() ** 2)]
        sent_at = received_at + ((closed_at or now) - received_at) * rng.uniform(0.05, 0.6)
        referral = _bench_referral(
            rng,
            now,
            melding_id=melding_id,
            organisatie_id=organisatie_id,
            sent_at=sent_at,
            activities=activities if to_activity else {},
            staff=staff,
            note=MONITOR_NOTE,
            weights=SETTLED_WEIGHTS if (now - sent_at).days > SETTLED_DAYS else (10, 20, 15, 25, 30),
        )
        rows.append(referral)
    Verwijzing.objects.bulk_create(rows, batch_size=2000)
    _seed_measurements(rng)
    _seed_profiles()


def _seed_measurements(rng: random.Random) -> None:
    """An intake at the first bench referral and a follow-up three months later (when that has come), for about
    half of the cases with a bench referral and no measurement yet."""
    first_sent: dict[int, datetime] = {}
    for melding_id, sent_at in (
        Verwijzing.objects.filter(handover_note__startswith="Bench")
        .exclude(melding__djg_metingen__isnull=False)
        .order_by("melding_id", "sent_at")
        .values_list("melding_id", "sent_at")
    ):
        first_sent.setdefault(melding_id, sent_at)
    today = timezone.localdate()
    rows = []
    for melding_id, sent_at in first_sent.items():
        if rng.random() >= MEASURED_SHARE:
            continue
        form = DJGForm.DJG6 if rng.random() < DJG6_SHARE else DJGForm.DJG11
        before = rng.uniform(0.35, 0.9)  # the chance of a lonely answer per statement
        after = max(before - rng.uniform(-0.1, 0.4), 0.0)
        sent_on = timezone.localtime(sent_at).date()
        rows.append(_bench_measurement(rng, melding_id, form, Moment.INTAKE, sent_on, before))
        if sent_on + timedelta(days=FOLLOW_UP_DAYS) <= today:
            measured_on = sent_on + timedelta(days=FOLLOW_UP_DAYS + rng.randint(0, 30))
            rows.append(_bench_measurement(rng, melding_id, form, Moment.FOLLOW_UP, min(measured_on, today), after))
    DJGMeting.objects.bulk_create(rows, batch_size=2000)


def _bench_measurement(rng, melding_id, form, moment, measured_on, lonely) -> DJGMeting:
    """A De Jong Gierveld measurement on the three-point scale: each statement answered lonely with chance
    `lonely`, scored by meldpunt.scales as the service does."""
    answers = {}
    for item in DJG_ITEMS[form]:
        negative = item.polarity == Polarity.NEGATIVE
        if rng.random() >= lonely:
            answer = DJGAnswer.NEE if negative else DJGAnswer.JA
        elif rng.random() < 0.3:
            answer = DJGAnswer.MIN_OF_MEER  # always a lonely answer
        else:
            answer = DJGAnswer.JA if negative else DJGAnswer.NEE
        answers[str(item.number)] = answer.value
    score = score_djg(form, {int(number): answer for number, answer in answers.items()})
    return DJGMeting(
        melding_id=melding_id,
        form=form,
        moment=moment,
        measured_on=measured_on,
        answers=answers,
        total=score.total,
        emotional=score.emotional,
        social=score.social,
        category=score.category,
    )


def _seed_profiles() -> None:
    """Machielse's three dimensions for about 70% of the cases with a bench referral that have none, picked from the
    case's id (the same cases every time)."""
    durations, copings, orientations = Duration.values, Coping.values, Orientation.values
    sql = f"""
        UPDATE {Melding._meta.db_table} SET
            duration = (%s::text[])[1 + mod(id, {len(durations)})],
            coping = (%s::text[])[1 + mod(id / {len(durations)}, {len(copings)})],
            orientation = (%s::text[])[1 + mod(id / {len(durations) * len(copings)}, {len(orientations)})]
        WHERE duration = '' AND mod(id * 7919, 100) < %s
            AND id IN (SELECT melding_id FROM {Verwijzing._meta.db_table} WHERE handover_note LIKE 'Bench%%')
    """  # noqa: S608 -- table names and lengths, not input
    with connection.cursor() as cursor:
        cursor.execute(sql, [durations, copings, orientations, round(PROFILED_SHARE * 100)])


def _add_inbox_page() -> None:
    """The inbox filtered to one organisation and the page of one referral: their ids are known only now."""
    first = Organisatie.objects.filter(name__startswith="Bench ").order_by("name").first()
    verwijzing = (
        Verwijzing.objects.filter(organisatie=first, share_contact=True).order_by("-sent_at").first() if first else None
    )
    if first is None or verwijzing is None:
        return
    for name, url in [
        ("meldpunt: partner-inbox afgerond, 1 organisatie", f"/meldpunt/inbox/?lijst=afgerond&organisatie={first.pk}"),
        ("meldpunt: partner-inbox, één verwijzing", f"/meldpunt/inbox/{verwijzing.pk}/"),
    ]:
        if not any(page.url == url for page in PAGES):
            PAGES.append(Page(name, url, Role.PARTNER, 10, 50))


def _add_case_page(meldpunt: Meldpunt) -> None:
    """The case page needs a real case number, known only after seeding."""
    melding = _measured_case(meldpunt)
    url = melding.get_absolute_url() if melding else None
    if url and not any(page.url == url for page in PAGES):
        PAGES.append(Page("meldpunt: dossier (3 signalen, 40 regels)", url, Role.MEDEWERKER, 15, 80))
        # Issue 6: the referral page, its suggestions ranked over the 10,000 activities of socialekaart's bench.
        PAGES.append(Page("meldpunt: verwijzen (suggesties)", f"{url}verwijzen/", Role.MEDEWERKER, 14, 50))


# (page, who, query budget, p95 target in ms): the targets of issue 5. The bench medewerker works for the biggest
# meldpunt (50,000 cases).
PAGES = [
    Page("meldpunt index (the worklist, issue 5)", "/meldpunt/", Role.MEDEWERKER, 15, 80),
    Page("meldpunt: werklijst nieuw", "/meldpunt/?lijst=nieuw", Role.MEDEWERKER, 15, 80),
    Page("meldpunt: werklijst mijn meldingen", "/meldpunt/?lijst=mijn", Role.MEDEWERKER, 15, 80),
    Page("meldpunt: werklijst te laat", "/meldpunt/?lijst=te-laat", Role.MEDEWERKER, 15, 80),
    Page("meldpunt: werklijst alle open", "/meldpunt/?lijst=open", Role.MEDEWERKER, 15, 80),
    Page("meldpunt: werklijst gesloten, pagina 40", "/meldpunt/?lijst=gesloten&pagina=40", Role.MEDEWERKER, 15, 80),
    Page("meldpunt: zoeken op naam", "/meldpunt/?q=jansen", Role.MEDEWERKER, 15, 80),
    Page("meldpunt: zoeken op postcode", "/meldpunt/?q=1005", Role.MEDEWERKER, 15, 80),
    # Issue 6: the partner inbox p95 ≤ 50 ms, as the bench partner (three organisations; 60 referrals for the first).
    Page("meldpunt: partner-inbox nieuw", "/meldpunt/inbox/", Role.PARTNER, 10, 50),
    Page("meldpunt: partner-inbox lopend", "/meldpunt/inbox/?lijst=lopend", Role.PARTNER, 10, 50),
    Page("meldpunt: partner-inbox afgerond", "/meldpunt/inbox/?lijst=afgerond", Role.PARTNER, 10, 50),
    # "Wat werkt" has no target in the issues; 150 ms marks when it would need caching (see queries/trackrecord.py).
    Page("meldpunt: wat werkt, per activiteit", "/meldpunt/wat-werkt/", Role.MEDEWERKER, 15, 150),
    Page("meldpunt: wat werkt, per soort", "/meldpunt/wat-werkt/?per=soort", Role.MEDEWERKER, 15, 150),
]
