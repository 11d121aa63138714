"""The monitor's part of `manage.py bench` (registered in apps.py; coalition/management/commands/bench.py runs it).

`seed()` adds the monitor's own figures for coalition's bench gemeenten and their wijken (made up: the bench measures
speed, not loneliness): five years of GGD figures (the five years before this one) for each of the three groups, at
gemeente level and per wijk, with the number of people asked (now and then fewer than ten, as a small wijk can
have); an ambition per gemeente from the first of those years; and the number of inhabitants aged 65+ per gemeente
and wijk in each of those years. Idempotent: rows are matched on their natural keys, so a second run adds nothing.
"""

import random

from django.db import connection, transaction
from django.utils import timezone

from coalition.management.commands.bench import Page
from coalition.models import Gemeente, Role, Wijk

from .models import AgeGroup, Ambitie, Gezondheidscijfer, Inwonertal

YEARS = 5
BATCH = 5000


def seed(options: dict) -> None:
    """The GGD figures, ambitions and inhabitants 65+ of the bench gemeenten (coalition's seed made them)."""
    gemeenten = list(Gemeente.objects.filter(name__startswith="Benchgemeente ").order_by("pk"))
    if not gemeenten:
        return
    wijken = list(Wijk.objects.filter(gemeente__in=gemeenten).order_by("pk"))
    this_year = timezone.localdate().year
    years = list(range(this_year - YEARS, this_year))
    areas = len(gemeenten) + len(wijken)
    expected = areas * len(years) * len(AgeGroup)
    if Gezondheidscijfer.objects.filter(gemeente__in=gemeenten, year__in=years).count() >= expected:
        return
    print(f"Seeding {expected} GGD figures, {len(gemeenten)} ambitions and {areas * len(years)} population counts …")
    _seed(gemeenten, wijken, years)
    with connection.cursor() as cursor:
        for model in (Gezondheidscijfer, Ambitie, Inwonertal):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


@transaction.atomic
def _seed(gemeenten: list[Gemeente], wijken: list[Wijk], years: list[int]) -> None:
    rng = random.Random(12)  # the same figures every time
    wijken_of: dict[int, list[Wijk]] = {}
    for wijk in wijken:
        wijken_of.setdefault(wijk.gemeente_id, []).append(wijk)
    figures, counts = [], []
    for gemeente in gemeenten:
        level = rng.uniform(30, 55)  # this gemeente's share of lonely people in the first year
        people = {wijk.pk: rng.randint(300, 3000) for wijk in wijken_of.get(gemeente.pk, [])}
        for index, year in enumerate(years):
            for area in [None, *wijken_of.get(gemeente.pk, [])]:
                for group in AgeGroup:
                    lonely = max(5.0, min(95.0, level - index * rng.uniform(0, 2) + rng.uniform(-8, 8)))
                    figures.append(
                        Gezondheidscijfer(
                            gemeente=gemeente,
                            wijk=area,
                            year=year,
                            group=group,
                            lonely=round(lonely, 1),
                            severely_lonely=round(lonely * rng.uniform(0.15, 0.3), 1),
                            emotionally_lonely=round(lonely * rng.uniform(0.5, 0.8), 1),
                            socially_lonely=round(lonely * rng.uniform(0.6, 0.95), 1),
                            # A wijk's sample is sometimes tiny: the dashboard flags those.
                            sample_size=rng.randint(4, 400) if area else rng.randint(2000, 9000),
                            source="Bench (verzonnen)",
                        )
                    )
            growth = 1 + index * 0.02
            total = round(sum(people.values()) * growth)  # the gemeente: its wijken together
            counts.append(Inwonertal(gemeente=gemeente, year=year, inhabitants_65plus=total, source="Bench"))
            counts.extend(
                Inwonertal(gemeente=gemeente, wijk_id=wijk_id, year=year, inhabitants_65plus=round(n * growth))
                for wijk_id, n in people.items()
            )
    # ON CONFLICT DO NOTHING: what an earlier (interrupted) run wrote stays as it is.
    Gezondheidscijfer.objects.bulk_create(figures, batch_size=BATCH, ignore_conflicts=True)
    Inwonertal.objects.bulk_create(counts, batch_size=BATCH, ignore_conflicts=True)
    Ambitie.objects.bulk_create(
        [
            Ambitie(
                gemeente=gemeente,
                baseline_year=years[0],
                baseline_pct=round(rng.uniform(40, 55), 1),
                target_year=years[0] + 6,
                target_pct=round(rng.uniform(20, 30), 1),
                source="Bench",
            )
            for gemeente in gemeenten
        ],
        ignore_conflicts=True,
    )


# (page, who, query budget, p95 target in ms)
# (page, who, query budget, p95 target in ms). Issue 12: the dashboard with every panel p95 <= 150 ms and <= 20
# queries over 100,000 cases, 20,000 referrals with measurements, 10,000 activities and five years of GGD figures
# (the meldpunt's and the sociale kaart's seeds make those); an export <= 1 s.
PAGES = [
    Page("monitor, last quarter (stuurgroep)", "/monitoring/", Role.STUURGROEP, 20, 150),
    Page("monitor, a whole year (stuurgroep)", "/monitoring/?periode=jaar&jaar=2025", Role.STUURGROEP, 20, 150),
    Page("monitor export referrals (xlsx)", "/monitoring/export/verwijzingen.xlsx", Role.STUURGROEP, 12, 1000),
    Page(
        "monitor export signals, a year (csv)",
        "/monitoring/export/signalen.csv?periode=jaar&jaar=2025",
        Role.STUURGROEP,
        12,
        1000,
    ),
    Page("quarterly report (pdf)", "/monitoring/kwartaalrapportage.pdf", Role.STUURGROEP, 20, 1000),
    Page("progress (public)", "/voortgang/", None, 8, 100),
    Page("our figures (partner)", "/monitoring/onze-cijfers/", Role.PARTNER, 10, 80),
]
