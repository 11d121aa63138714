"""`make bench` at other sizes (issue 16): `--activities N` and `--cases N`, a database per size, seeding that only
adds what is missing (so an earlier, smaller database grows instead of failing), and `--growth`'s table."""

import sys
from pathlib import Path

import pytest

from coalition.management.commands import bench as coalition_bench
from meldpunt import bench as meldpunt_bench
from socialekaart import bench as socialekaart_bench
from socialekaart.models import Activiteit, Bijeenkomst, Tijdslot
from tests.factories import VerwijzingFactory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import dev  # scripts/dev.py


def test_the_driver_knows_the_bench_modules_default_sizes():
    assert dev.BENCH_SIZES == {"activities": socialekaart_bench.ACTIVITIES, "cases": meldpunt_bench.CASES}


def test_sizes_are_read_from_the_arguments_in_either_form():
    assert dev.bench_sizes(["--only", "zoeken"]) == {"activities": 10_000, "cases": 100_000}
    assert dev.bench_sizes(["--activities", "100000", "--cases=0"]) == {"activities": 100_000, "cases": 0}


def test_each_size_has_a_database_of_its_own():
    assert dev.bench_database({"activities": 10_000, "cases": 100_000}) == "omzien_bench"
    assert dev.bench_database({"activities": 100_000, "cases": 100_000}) == "omzien_bench_a100000"
    assert dev.bench_database({"activities": 1_000, "cases": 0}) == "omzien_bench_a1000_c0"


def test_the_growth_table_shows_p95_per_size_and_the_growth_factor():
    results = {
        size: [
            {"page": "bare Django view", "p95": 0.4},
            {"page": "zoeken: wandelen", "p95": p95},
        ]
        for size, p95 in ((1_000, 20.0), (10_000, 24.0), (100_000, 30.0))
    }
    table = dev.growth_table(results).splitlines()
    line = next(line for line in table if line.startswith("zoeken: wandelen"))
    assert line.split() == ["zoeken:", "wandelen", "20.0", "24.0", "30.0", "1.20", "1.25"]
    assert "1,000" in table[1] and "×10k→100k" in table[1]


@pytest.mark.django_db
def test_seeding_a_bigger_size_adds_to_an_earlier_database(monkeypatch):
    """Before, a second run with another size deleted the earlier activities, which referrals protect."""
    monkeypatch.setitem(coalition_bench.SCALE, "organisaties", 12)
    monkeypatch.setitem(coalition_bench.SCALE, "wijken_per_gemeente", 2)
    monkeypatch.setitem(coalition_bench.SCALE, "gemeenten", 2)
    monkeypatch.setattr(
        socialekaart_bench, "_vacuum_analyze", lambda: None
    )  # VACUUM cannot run in a test's transaction
    coalition_bench.Command().seed()
    socialekaart_bench.seed({"activities": 6})
    first = set(Activiteit.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
    referred = Activiteit.objects.get(slug=socialekaart_bench.slug(2))
    VerwijzingFactory(activiteit=referred, organisatie=referred.organisatie)

    socialekaart_bench.seed({"activities": 10})

    bench_activities = Activiteit.objects.filter(slug__startswith="bench-")
    assert bench_activities.count() == 10
    assert first <= set(bench_activities.values_list("pk", flat=True))  # the earlier ones are kept
    assert Tijdslot.objects.filter(activiteit__in=bench_activities).exists()
    assert Bijeenkomst.objects.filter(activiteit__in=bench_activities).exists()
    assert bench_activities.filter(search_vector__isnull=True).count() == 0
    socialekaart_bench.seed({"activities": 10})  # complete: nothing more
    assert bench_activities.count() == 10


def test_the_load_test_passes_the_sizes_to_the_seeding_and_the_rest_to_itself():
    args = ["--activities", "1000", "--only", "zoeken", "--cases=0", "--duration", "3"]
    assert dev.bench_sizes(args) == {"activities": 1_000, "cases": 0}
    assert dev.without_sizes(args) == ["--only", "zoeken", "--duration", "3"]
