"""The sociale kaart's part of `manage.py bench` (registered in apps.py; coalition's bench command runs it).

`seed()` adds 10,000 published activities to the benchmark database (after coalition's organisations and
wijken), with places, weekly times and coming dated events, and fills their search vectors in one UPDATE.
`PAGES` are the pages measured, with the targets of issue 4: search p95 ≤ 50 ms and ≤ 12 queries, an
activity page p95 ≤ 30 ms.
"""

import random
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from coalition.management.commands.bench import Page
from coalition.models import Organisatie, Role, Wijk

from .models import Activiteit, ActivityType, Bijeenkomst, Language, Locatie, TargetGroup, Theme, Tijdslot
from .search import refresh_search_vectors

ACTIVITIES = 10_000
PLACES = 3_000
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


def seed() -> None:
    """Idempotent: does nothing when the benchmark database has its 10,000 activities already."""
    if Activiteit.objects.filter(slug__startswith=SLUG_PREFIX).count() >= ACTIVITIES:
        _add_filter_page()
        return
    print("Seeding 10,000 activities of the sociale kaart …", flush=True)
    _seed()
    _vacuum_analyze()  # outside the seeding transaction: VACUUM cannot run inside one
    _add_filter_page()


@transaction.atomic
def _seed() -> None:
    rng = random.Random(4)
    Activiteit.objects.filter(slug__startswith=SLUG_PREFIX).delete()  # a half-finished earlier run
    organisaties = list(Organisatie.objects.filter(name__startswith="Bench ").order_by("pk")[:2000])
    wijken = list(Wijk.objects.filter(gemeente__name__startswith="Benchgemeente").prefetch_related("postcodegebieden"))
    today = timezone.localdate()

    existing = set(Locatie.objects.filter(name__startswith="Bench locatie").values_list("name", flat=True))
    new_places = []
    for i in range(PLACES):
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
    places = list(Locatie.objects.filter(name__startswith="Bench locatie").order_by("pk"))

    kinds, groups, themes = ActivityType.values, TargetGroup.values, Theme.values
    activities = []
    for i in range(ACTIVITIES):
        what = WHAT[i % len(WHAT)]
        cost = i % 4
        activities.append(
            Activiteit(
                organisatie=organisaties[i % len(organisaties)],
                slug=f"{SLUG_PREFIX}{i:05d}",
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
    Activiteit.objects.bulk_create(activities, batch_size=2000)
    activities = list(Activiteit.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))

    AtPlace, Serves = Activiteit.locaties.through, Activiteit.wijken.through
    AtPlace.objects.bulk_create(
        [AtPlace(activiteit=a, locatie=places[(i * 7) % len(places)]) for i, a in enumerate(activities)],
        batch_size=5000,
    )
    Serves.objects.bulk_create(
        [Serves(activiteit=a, wijk=wijken[i % len(wijken)]) for i, a in enumerate(activities) if i % 4 == 0],
        batch_size=5000,
    )
    slots = []
    for i, a in enumerate(activities):
        for n in range(1 + i % 2):
            start = time(9 + (i + n * 5) % 10)
            slots.append(
                Tijdslot(activiteit=a, weekday=1 + (i + n * 3) % 7, starts_at=start, ends_at=time(start.hour + 2))
            )
    Tijdslot.objects.bulk_create(slots, batch_size=5000)
    now = timezone.localtime()
    events = []
    for i, a in enumerate(activities):
        if i % 3:
            continue
        for n in range(2):
            day = now.date() + timedelta(days=1 + (i + n * 30) % 90)
            starts = timezone.make_aware(datetime.combine(day, time(10 + n * 4)))
            events.append(Bijeenkomst(activiteit=a, starts_at=starts, ends_at=starts + timedelta(hours=2)))
    Bijeenkomst.objects.bulk_create(events, batch_size=5000)

    refresh_search_vectors(Activiteit.objects.filter(slug__startswith=SLUG_PREFIX))


def _vacuum_analyze() -> None:
    """What autovacuum does for a live site, at once: planner statistics, and a visibility map so that
    counts can read the (status, last_confirmed_on) index alone. Right after a bulk load neither is there."""
    with connection.cursor() as cursor:
        tables = (Activiteit, Locatie, Tijdslot, Bijeenkomst, Activiteit.locaties.through, Activiteit.wijken.through)
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


# (page, who, query budget, p95 target in ms): the targets of issue 4 for search and the activity page.
PAGES = [
    Page("zoeken: wandelen (10,000 activiteiten)", "/activiteiten/?q=wandelen", None, 12, 50),
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
