"""Seed data at scale, then measure server-side latency and queries per request of the listed pages.

Run it with `make bench` (a database of its own). Speed targets live here, not in timed tests.
coalition's own pages are in PAGES. An app adds a bench module of its own with coalition.registry.add_bench
(in its AppConfig.ready()): its `seed(options)` is called after ours and its `PAGES` are measured after ours, in
the order the apps registered, so coalition needs to know nothing of the other apps. A module may define
`add_arguments(parser)` for options of its own, such as its size (`--activities`, `--cases`); `seed()` gets
all options as a dict. And `checks()`, other targets at this size than speed ([(line, ok)], printed after the
pages: the sociale kaart compares its bounded ranking with the full one).
"""

import importlib
import json
import statistics
import time
from dataclasses import dataclass
from http import HTTPStatus
from types import ModuleType

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition import registry
from coalition.models import Contactpersoon, Gemeente, Organisatie, PostcodeGebied, Role, User, Wijk


@dataclass
class Page:
    name: str
    url: str
    role: str | None  # None: anonymous
    max_queries: int
    p95_ms: float


# (page, who, query budget, p95 target in ms). The bare view is the ceiling the others are compared with.
PAGES = [
    Page("bare Django view", "/__bench__/bare/", None, 0, 5),
    Page("home", "/", None, 2, 30),
    Page("health", "/health/", None, 2, 50),
    Page("start (partner)", "/mijn/", Role.PARTNER, 6, 40),
    Page("admin: organisaties", "/admin/coalition/organisatie/", Role.COORDINATOR, 15, 150),
]

SCALE = {"gemeenten": 12, "wijken_per_gemeente": 25, "organisaties": 5000, "contacts_per_org": 3}


def app_benches() -> list[ModuleType]:
    """The bench modules the apps registered (coalition.registry.add_bench), in the order they registered."""
    return [importlib.import_module(path) for path in registry.benches()]


def bench_user(role: str) -> User:
    """The one bench user of `role` (the apps' bench modules use the same users)."""
    role = Role(role)
    user, _ = User.objects.get_or_create(
        email=f"bench-{role.value}@omzien.bench", defaults={"full_name": f"Bench {role.label}", "role": role}
    )
    return user


class Command(BaseCommand):
    help = "Seeds data at scale and prints p50/p95 latency and queries per page, against a bare view."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
        parser.add_argument("--warmup", type=int, default=20)
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="TEXT",
            help="measure only pages whose name or URL contains TEXT (repeatable; the bare view is always measured)",
        )
        parser.add_argument("--seed-only", action="store_true", help="only seed the data (for `make loadtest`)")
        parser.add_argument(
            "--json", dest="json_path", metavar="PATH", help="also write the results to PATH (for the growth table)"
        )
        for module in app_benches():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, requests, warmup, only, seed_only=False, json_path=None, **options):
        self.seed()
        pages = list(PAGES)
        for module in app_benches():
            module.seed(options)
            pages.extend(module.PAGES)
        if seed_only:
            return
        if only:
            wanted = [text.lower() for text in only]
            pages = pages[:1] + [
                page for page in pages[1:] if any(text in f"{page.name} {page.url}".lower() for text in wanted)
            ]
        self.vacuum_analyze()
        users = self.users()
        rows = []
        # Every page is rendered, never served from the page cache: the targets are for the work a page does when
        # the cache has nothing (after a change, a new search). `make loadtest` measures the cache.
        with override_settings(ROOT_URLCONF="coalition.bench_urls", ALLOWED_HOSTS=["*"], PUBLIC_PAGE_CACHE_SECONDS=0):
            for page in pages:
                client = self.client_for(users.get(page.role))
                rows.append(self.measure(client, page, requests, warmup))
        failures = self.report(rows)
        failures += self.run_checks()
        if failures:
            self.stdout.write(self.style.WARNING(f"{failures} page(s) or check(s) over target"))
        else:
            self.stdout.write(self.style.SUCCESS("All pages and checks within target"))
        if json_path:
            self.write_json(json_path, rows)

    # -- seeding ---------------------------------------------------------------
    @transaction.atomic
    def seed(self):
        if Organisatie.objects.filter(name__startswith="Bench ").count() >= SCALE["organisaties"]:
            return
        self.stdout.write("Seeding benchmark data …")
        gemeenten = [
            Gemeente.objects.get_or_create(name=f"Benchgemeente {i}", defaults={"cbs_code": f"GM9{i:03d}"})[0]
            for i in range(SCALE["gemeenten"])
        ]
        wijken = []
        for g_index, gemeente in enumerate(gemeenten):
            for w in range(SCALE["wijken_per_gemeente"]):
                wijk, _ = Wijk.objects.get_or_create(gemeente=gemeente, name=f"Wijk {w}")
                wijken.append(wijk)
                pc4 = 1000 + g_index * 100 + w
                PostcodeGebied.objects.get_or_create(
                    wijk=wijk, postcode_from=f"{pc4}AA", defaults={"postcode_to": f"{pc4}ZZ"}
                )
        kinds = list(Organisatie.Kind.values)
        existing = set(Organisatie.objects.filter(name__startswith="Bench ").values_list("name", flat=True))
        new = [
            Organisatie(name=f"Bench organisatie {i:05d}", kind=kinds[i % len(kinds)], member_since="2022-01-01")
            for i in range(SCALE["organisaties"])
            if f"Bench organisatie {i:05d}" not in existing
        ]
        Organisatie.objects.bulk_create(new, batch_size=1000)
        organisaties = list(Organisatie.objects.filter(name__startswith="Bench "))
        Through = Organisatie.gemeenten.through
        Through.objects.bulk_create(
            [Through(organisatie=o, gemeente=gemeenten[i % len(gemeenten)]) for i, o in enumerate(organisaties)],
            ignore_conflicts=True,
        )
        Contactpersoon.objects.bulk_create(
            [
                Contactpersoon(organisatie=o, name=f"Contact {n}", email=f"c{n}@example.org")
                for o in organisaties
                for n in range(SCALE["contacts_per_org"])
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )

    def vacuum_analyze(self) -> None:
        """What autovacuum does for a live site, before measuring: planner statistics and visibility maps. A
        migration that rewrote many rows (a data migration on 100,000 cases) otherwise leaves counts reading the
        heap instead of an index alone, and the bench would measure that, not the page."""
        self.stdout.write("VACUUM ANALYZE …")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def users(self) -> dict:
        users = {role: bench_user(role) for role in Role}
        partner_orgs = Organisatie.objects.filter(name__startswith="Bench ").order_by("name")[:3]
        users[Role.PARTNER].organisaties.set(partner_orgs)
        return users

    def client_for(self, user) -> Client:
        client = Client(SERVER_NAME="localhost")
        if user is None:
            return client
        client.force_login(user)
        if user.needs_second_factor:
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    # -- measuring -------------------------------------------------------------
    def measure(self, client: Client, page: Page, requests: int, warmup: int) -> dict:
        for _ in range(warmup):
            response = client.get(page.url, secure=True)
        if response.status_code != HTTPStatus.OK:
            raise SystemExit(f"{page.name}: {page.url} answered {response.status_code}, not 200")
        queries: list[str] = []

        def count(execute, sql, *args):  # Django clears connection.queries at every request: count with a wrapper
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(page.url, secure=True)
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(page.url, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        return {
            "page": page,
            "p50": statistics.median(timings),
            "p95": timings[int(len(timings) * 0.95) - 1],
            "queries": len(queries),
        }

    @staticmethod
    def write_json(path: str, rows: list[dict]) -> None:
        results = [
            {"page": row["page"].name, "url": row["page"].url, "p50": row["p50"], "p95": row["p95"]}
            | {"queries": row["queries"], "target_ms": row["page"].p95_ms, "max_queries": row["page"].max_queries}
            for row in rows
        ]
        with open(path, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=1)

    def run_checks(self) -> int:
        """The apps' other checks at this size (a bench module's optional `checks()`: [(line, ok)])."""
        failures = 0
        for module in app_benches():
            for line, ok in module.checks() if hasattr(module, "checks") else []:
                failures += not ok
                self.stdout.write(f"{line}  {'ok' if ok else 'FAILED'}")
        return failures

    def report(self, rows: list[dict]) -> int:
        bare = rows[0]
        header = f"{'page':42} {'p50 ms':>8} {'p95 ms':>8} {'×bare':>7} {'queries':>8}  verdict"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        failures = 0
        for row in rows:
            page = row["page"]
            ok = row["p95"] <= page.p95_ms and row["queries"] <= page.max_queries
            failures += not ok
            ratio = row["p95"] / bare["p95"] if bare["p95"] else 0
            verdict = "ok" if ok else f"OVER (targets: p95 ≤ {page.p95_ms} ms, ≤ {page.max_queries} queries)"
            self.stdout.write(
                f"{page.name:42} {row['p50']:8.1f} {row['p95']:8.1f} {ratio:7.1f} {row['queries']:8d}  {verdict}"
            )
        return failures
