"""`make loadtest`: a rush of visitors on the public pages (issue 14), measured against a bare Django view.

Starts gunicorn with gunicorn.conf.py (4 workers; production settings with the bench's bare view,
coalition/loadtest_settings.py) on the database and Redis of the environment, then sends each page in turn
concurrent anonymous requests for a few seconds from a small asyncio client, and prints requests per second and p95
per page, each as a ratio to the bare view. The public pages come from the page cache after their first visit;
"zoeken: steeds een andere" asks a different search every time (no cache hit), as a stream of new visitors would.

    python scripts/loadtest.py [--duration 6] [--rounds 3] [--concurrency 8] [--workers 4] [--url http://host:port]

With --url it measures a server that runs already (it must serve /__bench__/bare/). Every request opens its own
connection, as gunicorn's sync workers close it after each answer. A worker is not replaced after
GUNICORN_MAX_REQUESTS here: at these rates that would measure Python's start-up, not the pages.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BARE = "/__bench__/bare/"
UNIQUE = "unique"
TARGET_CACHED = 40  # % of the bare view's requests per second, for the cached public pages
TARGET_UNIQUE = 15  # % for a stream of searches that are never in the cache

# (name, path): {activity} and {wijk} are found on the site itself (see discover()).
PAGES = [
    ("bare Django view", BARE),
    ("home", "/"),
    ("zoeken: wandelen", "/activiteiten/?q=wandelen"),
    ("zoeken: koffie, ouderen, gratis", "/activiteiten/?q=koffie&voor=ouderen&gratis=on"),
    ("activiteit", "{activity}"),
    ("agenda", "/agenda/"),
    ("boekje: wijk en ouderen", "/activiteiten/boekje/?wijk={wijk}&voor=ouderen"),
    ("api: services", "/api/hsds/services/"),
    ("zoeken: steeds een andere (geen hit)", UNIQUE),
]
WORDS = [
    "koffie", "wandelen", "eten", "taalcafe", "breien", "computer", "zingen", "biljart", "moestuin", "rouw",
    "mantelzorg", "maatje", "bezoek", "bellen", "fietsen", "schilderen", "spelletjes", "bewegen", "repair",
    "lezen", "dansen", "koken", "digitaal", "ontmoeting",
]  # fmt: skip


@dataclass
class Result:
    name: str
    path: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


# ---------------------------------------------------------------------------
# The client
# ---------------------------------------------------------------------------
VISITORS = itertools.count()


async def fetch(host: str, port: int, path: str) -> tuple[int, bytes]:
    """One GET as a new visitor: another User-Agent each time, so the search log (once per visitor per day, by
    address and browser) writes a row for every search, as a rush of different people would."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: omzien-loadtest/{next(VISITORS)}\r\n"
            "Accept-Language: nl\r\nConnection: close\r\n\r\n".encode()
        )
        data = await reader.read(-1)
    finally:
        writer.close()
    status_line = data.split(b"\r\n", 1)[0].split()
    status = int(status_line[1]) if len(status_line) > 1 else 0
    return status, data.partition(b"\r\n\r\n")[2]


def unique_searches():
    """A different search every time, also across runs: two words of WORDS and a number the search ignores but the
    page cache does not."""
    run = time.time_ns()
    for n in itertools.count():
        first, second = WORDS[n % len(WORDS)], WORDS[(n // len(WORDS)) % len(WORDS)]
        yield f"/activiteiten/?q={quote_plus(f'{first} {second}')}&n={run}-{n}"


async def measure(host: str, port: int, name: str, path: str, *, duration: float, warmup: float, clients: int):
    result = Result(name, path)
    paths = unique_searches() if path == UNIQUE else itertools.repeat(path)
    if path != UNIQUE:
        await fetch(host, port, path)  # the first visitor: the rush comes after the page is known
    start = time.perf_counter()
    measuring_from, until = start + warmup, start + warmup + duration

    async def client() -> None:
        while (began := time.perf_counter()) < until:
            try:
                status, _body = await fetch(host, port, next(paths))
            except OSError:
                status = 0
            ended = time.perf_counter()
            if began >= measuring_from:
                if status == 200:  # noqa: PLR2004
                    result.latencies.append((ended - began) * 1000)
                else:
                    result.errors += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds = max(time.perf_counter(), until) - measuring_from
    return result


async def discover(host: str, port: int) -> dict[str, str]:
    """An activity and a wijk of this site: the first result of a search and the booklet's first wijk."""
    _status, search = await fetch(host, port, "/activiteiten/")
    activity = re.search(rb'href="(/activiteiten/(?!boekje/)[\w-]+/)"', search)
    _status, booklet = await fetch(host, port, "/activiteiten/boekje/")
    wijk = re.search(rb'<option value="(\d+)"', booklet)
    if activity is None or wijk is None:
        raise SystemExit("No public activity or wijk on this site: seed it first (make loadtest does).")
    return {"activity": activity.group(1).decode(), "wijk": wijk.group(1).decode()}


async def run(
    base_url: str, *, duration: float, warmup: float, clients: int, only: list[str], rounds: int = 1
) -> list[Result]:
    """Every page in turn, `rounds` times over (duration/rounds seconds each time), so that a machine that gets
    busier or quieter meanwhile (other processes) weighs on every page alike; the rounds of a page add up."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    found = await discover(host, port)
    pages = [(name, path.format(**found)) for name, path in PAGES]
    if only:
        pages = pages[:1] + [page for page in pages[1:] if any(text.lower() in page[0].lower() for text in only)]
    results = {name: Result(name, path) for name, path in pages}
    for round_number in range(1, rounds + 1):
        print(f"  round {round_number} of {rounds}", flush=True)
        for name, path in pages:
            part = await measure(host, port, name, path, duration=duration / rounds, warmup=warmup, clients=clients)
            total = results[name]
            total.latencies += part.latencies
            total.errors += part.errors
            total.seconds += part.seconds
    return list(results.values())


def report(results: list[Result], *, workers: int, clients: int) -> bool:
    """Prints the table and the verdict on the targets; True when there were no errors."""
    bare = results[0]
    print(f"\ngunicorn: {workers} workers; {clients} concurrent clients; {os.cpu_count()} cores")
    header = f"{'page':40} {'req/s':>8} {'% bare':>7} {'p50 ms':>7} {'p95 ms':>7} {'p95 ×bare':>9} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for result in results:
        share = 100 * result.rps / bare.rps if bare.rps else 0.0
        p95_ratio = result.percentile(0.95) / bare.percentile(0.95) if bare.percentile(0.95) else 0.0
        print(
            f"{result.name:40} {result.rps:8.0f} {share:6.1f}% {result.percentile(0.5):7.1f} "
            f"{result.percentile(0.95):7.1f} {p95_ratio:9.1f} {result.errors:6d}"
        )
    cached = [r for r in results[1:] if r.path != UNIQUE]
    unique = [r for r in results[1:] if r.path == UNIQUE]
    print()
    if bare.rps and cached:
        worst = min(cached, key=lambda r: r.rps)
        share = 100 * worst.rps / bare.rps
        verdict = "ok" if share >= TARGET_CACHED else "NOT MET"
        print(f"cached public pages ≥ {TARGET_CACHED}% of the bare view: slowest {worst.name} {share:.1f}% {verdict}")
    if bare.rps and unique:
        share = 100 * unique[0].rps / bare.rps
        verdict = "ok" if share >= TARGET_UNIQUE else "NOT MET"
        print(f"unique searches (no cache hit) ≥ {TARGET_UNIQUE}% of the bare view: {share:.1f}% {verdict}")
    errors = sum(result.errors for result in results)
    if errors:
        print(f"{errors} requests did not answer 200")
    return not errors


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, log_path: Path) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.loadtest_settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on 127.0.0.1; everything else as in production.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_for(base_url: str, server: subprocess.Popen, timeout: float = 90) -> None:
    parts = urlsplit(base_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit code {server.returncode})")
        try:
            status, _body = asyncio.run(fetch(parts.hostname or "127.0.0.1", parts.port or 80, BARE))
            if status == 200:  # noqa: PLR2004
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {BARE} within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=6.0, help="seconds measured per page (default 6)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all pages (default 3)")
    parser.add_argument(
        "--warmup", type=float, default=0.5, help="seconds per page and round before measuring (default 0.5)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--url", help="measure this running server instead of starting gunicorn")
    parser.add_argument("--log", type=Path, default=ROOT / "var" / "loadtest-gunicorn.log", help="gunicorn's log")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT", help="only pages named with TEXT")
    args = parser.parse_args(argv)

    server = None
    base_url = args.url
    if base_url is None:
        base_url = f"http://127.0.0.1:{_free_port()}"
        server = start_gunicorn(urlsplit(base_url).port or 0, args.workers, args.log)
    try:
        if server is not None:
            wait_for(base_url, server)
        print(
            f"Load test of {base_url}: {args.duration:g} s per page in {args.rounds} rounds, each after "
            f"{args.warmup:g} s warm-up",
            flush=True,
        )
        results = asyncio.run(
            run(
                base_url,
                duration=args.duration,
                warmup=args.warmup,
                clients=args.concurrency,
                only=args.only,
                rounds=args.rounds,
            )
        )
    finally:
        if server is not None:
            stop(server)
    return 0 if report(results, workers=args.workers, clients=args.concurrency) else 1


if __name__ == "__main__":
    sys.exit(main())
