"""The sociale kaart's part of `manage.py bench` (registered in apps.py; coalition's bench command runs it).

`seed()` adds published activities to the benchmark database (after coalition's organisations and wijken):
10,000 or `--activities N`, with places, weekly times and a year of dated events, and fills their search vectors
in one UPDATE. It only adds what is missing, so a bigger size grows an earlier database (`make bench` keeps a
database per size). `PAGES` are the pages measured, with the targets of issues 4 and 16: search p95 ≤ 50 ms and
≤ 12 queries at 100,000 activities as at 10,000, an activity page p95 ≤ 30 ms.
"""

import random
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from coalition.management.commands.bench import Page
from coalition.models import Organisatie, Role, Wijk

from .models import Activiteit, ActivityType, Bijeenkomst, Language, Locatie, TargetGroup, Theme, Tijdslot, Zoekindex
from .search import Filters, ResultIds, refresh_search_vectors, search, search_ids

ACTIVITIES = 10_000  # the default size; --activities N
PLACES_PER_ACTIVITY = 0.3
SLUG_PREFIX = "bench-"
ACTIVITY_SLUG = f"{SLUG_PREFIX}{42:05d}"  # the activity page measured

# The words of realistic listings. "wandelen" is in most of them: the worst case for ranking and counting.
WHAT = [
    "Koffieochtend", "Wandelgroep", "Samen eten", "Taalcafé", "Breiclub", "Computerles", "Zangkoor",
    "Biljartclub", "Moestuin", "Rouwgroep", "Mantelzorgcafé", "Maatjesproject", "Huisbezoek", "Belcirkel",
    "Fietsgroep", "Schilderclub", "Spelletjesmiddag", "Bewegen voor ouderen", "Repair café", "Leesclub",
    "Wandelen en praten", "Dansmiddag", "Kookclub", "Digitaal spreekuur",
]  # fmt: skip
WHERE = ["in de buurt", "in het dorp", "bij de kerk", "in de bibliotheek", "in het buurthuis", "in het park"]
SENTENCES = [
    "Elke week samen koffie drinken en een praatje maken.",
    "U bent van harte welkom, ook als u voor het eerst komt.",
    "We wandelen een rustig rondje en drinken daarna thee.",
    "Vrijwilligers helpen u op weg met uw telefoon of tablet.",
    "Samen koken en eten met buurtgenoten.",
    "Een vaste vrijwilliger komt bij u op bezoek.",
    "Praten met anderen die hetzelfde meemaakten.",
    "Zingen is gezond en gezellig.",
    "Even de deur uit, samen met anderen.",
]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--activities",
        type=int,
        default=ACTIVITIES,
        metavar="N",
        help=f"published activities of the sociale kaart (default {ACTIVITIES:,})",
    )


def slug(index: int) -> str:
    return f"{SLUG_PREFIX}{index:05d}"


def seed(options: dict) -> None:
    """Idempotent: adds only the activities (with their places, times and events) that are not there yet."""
    wanted = options.get("activities", ACTIVITIES)
    present = set(Activiteit.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True))
    missing = [index for index in range(wanted) if slug(index) not in present]
    if len(present) > wanted:
        print(f"This database has {len(present):,} bench activities, more than {wanted:,}: all are measured.")
    if missing:
        print(f"Seeding {len(missing):,} activities of the sociale kaart (to {wanted:,}) …", flush=True)
        _seed(missing, places=max(1, int(wanted * PLACES_PER_ACTIVITY)))
        _vacuum_analyze()  # outside the seeding transaction: VACUUM cannot run inside one
    _add_filter_page()


def _ensure_places(count: int) -> list[Locatie]:
    organisaties = list(Organisatie.objects.filter(name__startswith="Bench ").order_by("pk")[:2000])
    wijken = list(Wijk.objects.filter(gemeente__name__startswith="Benchgemeente").prefetch_related("postcodegebieden"))
    existing = set(Locatie.objects.filter(name__startswith="Bench locatie").values_list("name", flat=True))
    new_places = []
    for i in range(count):
        if f"Bench locatie {i:05d}" in existing:
            continue
        wijk = wijken[i % len(wijken)]
        pc4 = wijk.postcodegebieden.all()[0].postcode_from[:4]
        new_places.append(
            Locatie(
                organisatie=organisaties[i % len(organisaties)],
                name=f"Bench locatie {i:05d}",
                street=f"Buurtstraat {i % 200 + 1}",
                postcode=f"{pc4}AB",
                city=wijk.gemeente.name,
                wijk=wijk,
                wheelchair_accessible=i % 3 != 0,
                hearing_loop=i % 5 == 0,
            )
        )
    Locatie.objects.bulk_create(new_places, batch_size=2000)
    return list(Locatie.objects.filter(name__startswith="Bench locatie").order_by("pk")[:count])


@transaction.atomic
def _seed(indexes: list[int], *, places: int) -> None:
    """The activities numbered `indexes`; each from its own random generator, so a size grown in steps has the
    same activities as one seeded at once."""
    organisaties = list(Organisatie.objects.filter(name__startswith="Bench ").order_by("pk")[:2000])
    wijken = list(Wijk.objects.filter(gemeente__name__startswith="Benchgemeente").order_by("pk"))
    locaties = _ensure_places(places)
    today = timezone.localdate()
    kinds, groups, themes = ActivityType.values, TargetGroup.values, Theme.values
    activities = []
    for i in indexes:
        rng = random.Random(i)
        what = WHAT[i % len(WHAT)]
        cost = i % 4
        activities.append(
            Activiteit(
                organisatie=organisaties[i % len(organisaties)],
                slug=slug(i),
                title=f"{what} {rng.choice(WHERE)} {i}",
                summary=" ".join(rng.sample(SENTENCES, 2)),
                description=" ".join(rng.sample(SENTENCES, 5)),
                kind=kinds[i % len(kinds)],
                target_groups=rng.sample(groups, 2),
                themes=rng.sample(themes, 1 + i % 2),
                cost_kind=("gratis", "bedrag", "op-aanvraag", "gratis")[cost],
                cost_amount=3 if cost == 1 else None,
                transport_available=i % 7 == 0,
                languages=["nl"] + ([Language.TR] if i % 9 == 0 else []),
                is_online=i % 25 == 0,
                join_method="inloop" if i % 2 else "aanmelden",
                contact_phone="0000 000 000",
                contact_email=f"bench{i}@example.org",
                status=Activiteit.Status.GEPUBLICEERD,
                last_confirmed_on=today - timedelta(days=i % 180),
            )
        )
    created = Activiteit.objects.bulk_create(activities, batch_size=2000)
    numbered = list(zip(indexes, created, strict=True))

    AtPlace, Serves = Activiteit.locaties.through, Activiteit.wijken.through
    AtPlace.objects.bulk_create(
        [AtPlace(activiteit=a, locatie=locaties[(i * 7) % len(locaties)]) for i, a in numbered], batch_size=5000
    )
    Serves.objects.bulk_create(
        [Serves(activiteit=a, wijk=wijken[i % len(wijken)]) for i, a in numbered if i % 4 == 0], batch_size=5000
    )
    slots = []
    for i, a in numbered:
        for n in range(1 + i % 2):
            start = time(9 + (i + n * 5) % 10)
            slots.append(
                Tijdslot(activiteit=a, weekday=1 + (i + n * 3) % 7, starts_at=start, ends_at=time(start.hour + 2))
            )
    Tijdslot.objects.bulk_create(slots, batch_size=5000)
    # A year of dated events: one activity in three has four, from three months ago to nine months ahead.
    events = []
    for i, a in numbered:
        if i % 3:
            continue
        for n in range(4):
            day = today + timedelta(days=(i * 7 + n * 91) % 365 - 90)
            starts = timezone.make_aware(datetime.combine(day, time(10 + n * 2)))
            events.append(Bijeenkomst(activiteit=a, starts_at=starts, ends_at=starts + timedelta(hours=2)))
    Bijeenkomst.objects.bulk_create(events, batch_size=5000)

    refresh_search_vectors(Activiteit.objects.filter(pk__in=[a.pk for a in created]))


def _vacuum_analyze() -> None:
    """What autovacuum does for a live site, at once: planner statistics, and a visibility map so that
    counts can read the (status, last_confirmed_on) index alone. Right after a bulk load neither is there."""
    with connection.cursor() as cursor:
        tables = (
            Activiteit,
            Zoekindex,
            Locatie,
            Tijdslot,
            Bijeenkomst,
            Activiteit.locaties.through,
            Activiteit.wijken.through,
        )
        for model in tables:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _add_filter_page() -> None:
    """The filtered search needs a real wijk id, known only after seeding."""
    wijk = Wijk.objects.filter(gemeente__name__startswith="Benchgemeente").order_by("pk").first()
    if wijk is None:
        raise RuntimeError("No wijk of a bench gemeente: seed() makes them.")
    url = f"/activiteiten/?q=koffie&voor=ouderen&dag=2&gratis=on&wijk={wijk.pk}"
    if not any(page.url == url for page in PAGES):
        PAGES.insert(3, Page("zoeken: koffie + wijk, voor wie, dag, gratis", url, None, 12, 50))


# Searches whose first ten results are compared with the full ranking (issue 16: at least nine the same).
RANKING_CHECKS = [
    "wandelen", "koffie", "samen eten", "taalcafe", "cafe", "breiclub", "computerles", "zangkoor", "moestuin",
    "rouw", "mantelzorg", "huisbezoek", "fietsen", "bewegen ouderen", "repair cafe", "digitaal spreekuur",
    "praten", "bibliotheek", "vrijwilligers", "thee",
]  # fmt: skip


def checks() -> list[tuple[str, bool]]:
    """The ranking at this size: for each of RANKING_CHECKS, how many of the results page's first ten are those of
    the full ranking (every match ranked, as search() does), which must be at least nine."""
    lines = []
    for words in RANKING_CHECKS:
        full = list(search(words, Filters()).activities.values_list("pk", flat=True)[:10])
        result = search_ids(words, Filters(), expected=(0, 10))
        assert result.ids is not None  # noqa: S101 -- search_ids() always sets it
        same = len(set(result.ids[0:10]) & set(full))
        way = f"more than {ResultIds.RANK_ALL:,} matches" if result.ids.more else "all matches ranked"
        lines.append(
            (
                f"ranking {words!r}: {same}/{len(full)} of the full ranking's first ten ({way})",
                same >= min(9, len(full)),
            )
        )
    return lines


# (page, who, query budget, p95 target in ms): the targets of issue 4 for search and the activity page.
PAGES = [
    Page("zoeken: wandelen", "/activiteiten/?q=wandelen", None, 12, 50),
    Page("zoeken: typfout wandlen", "/activiteiten/?q=wandlen", None, 12, 50),
    Page("zoeken: zonder woorden, alles", "/activiteiten/", None, 12, 50),
    Page("activiteit", f"/activiteiten/{ACTIVITY_SLUG}/", None, 12, 30),
    Page("agenda", "/agenda/", None, 12, 50),
    Page("api: services (25)", "/api/hsds/services/", None, 3, 50),
    Page("api: services, volledig (50)", "/api/hsds/services/?full=true&per_page=50", None, 8, 150),
    # A partner's three organisations, and all 5,000 of coalition's bench for a coördinator.
    Page("mijn organisaties (partner)", "/socialekaart/mijn-organisaties/", Role.PARTNER, 8, 50),
    Page("mijn organisaties (coördinator, 5,000)", "/socialekaart/mijn-organisaties/", Role.COORDINATOR, 10, 80),
]
