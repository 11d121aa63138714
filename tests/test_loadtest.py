"""`make loadtest` (scripts/loadtest.py, issue 14): gunicorn with the bare view and the public pages, a short run
of concurrent clients, and a table of requests per second and p95 per page as ratios to the bare view."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.factories import ActiviteitFactory, LocatieFactory, TijdslotFactory, WijkFactory
from tests.test_production_server import _manage, production_environment

pytestmark = pytest.mark.slow


def test_the_load_test_measures_every_public_page_against_the_bare_view(transactional_db, tmp_path):
    activiteit = ActiviteitFactory(title="Wandelgroep", locaties=[LocatieFactory(wijk=WijkFactory())])
    TijdslotFactory(activiteit=activiteit)
    environment = production_environment(tmp_path, PUBLIC_PAGE_CACHE_SECONDS="300")
    collected = _manage(environment, "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr

    short = ["--duration", "0.6", "--rounds", "2", "--warmup", "0.2", "--concurrency", "2", "--workers", "2"]
    run = subprocess.run(
        [sys.executable, "scripts/loadtest.py", *short, "--log", str(tmp_path / "gunicorn.log")],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr + (tmp_path / "gunicorn.log").read_text()
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.startswith("page"))
    assert header.split() == ["page", "req/s", "%", "bare", "p50", "ms", "p95", "ms", "p95", "×bare", "errors"]
    rows = {line[:40].strip(): line[40:].split() for line in lines[lines.index(header) + 2 :] if line[:1].isalpha()}
    for page in ("bare Django view", "home", "zoeken: wandelen", "activiteit", "agenda", "boekje: wijk en ouderen"):
        assert page in rows, run.stdout
        requests_per_second, share = float(rows[page][0]), float(rows[page][1].rstrip("%"))
        assert requests_per_second > 0 and share > 0, run.stdout
    assert rows["bare Django view"][1] == "100.0%"
    assert "zoeken: steeds een andere (geen hit)" in rows
    assert "cached public pages ≥ 40% of the bare view" in run.stdout
    assert "unique searches (no cache hit) ≥ 15% of the bare view" in run.stdout
