"""Development driver behind the Makefile: `dev.py run | test [ARGS] | bench [ARGS] | loadtest [ARGS] | manage ARGS`.

It provides PostgreSQL and Redis (scripts/services.py), sets the environment, and runs
Django, Celery or pytest as child processes. It stays alive as their parent: the
embedded servers stop when it exits, and it stops every child on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Mapping

from services import ROOT, VAR, Services, ensure_database, with_database

PY = sys.executable  # the .venv interpreter; the Makefile runs us with it
DEFAULT_PORT = "8000"
# The start of the SecurityWarning Celery gives when it runs as root (matched as a prefix by PYTHONWARNINGS).
CELERY_ROOT_WARNING = "You're running the worker with superuser privileges"
STOP_TIMEOUT = 15  # seconds a child gets after SIGTERM before SIGKILL


class Stop(Exception):
    """Raised by the signal handler to leave whatever the driver is doing."""


def _raise_stop(signum, frame):
    raise Stop(signal.Signals(signum).name)


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into var/secret_key."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR / "secret_key"
    if not path.exists():
        VAR.mkdir(exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    path.chmod(0o600)
    return path.read_text().strip()


def development_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables `make run` (and `make manage`) add to `environ`: development defaults for what is not set.

    SITE_URL follows PORT, so links in e-mails lead to this server; mail goes to files in var/mail/ (the settings'
    choice with DEBUG and no EMAIL_URL, coalition/mail_backends.py)."""
    defaults = {
        "DEBUG": "true",
        "DEMO_MODE": "true",
        "SITE_URL": f"http://127.0.0.1:{environ.get('PORT') or DEFAULT_PORT}",
        # runserver's warning that it is a development server: `make run` is one, by design.
        "DJANGO_RUNSERVER_HIDE_WARNING": "true",
    }
    added = {name: value for name, value in defaults.items() if not environ.get(name)}
    if not _truthy({**environ, **added}["DEBUG"]):
        # A production-like local run is still plain http on 127.0.0.1.
        for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
            if not environ.get(name):
                added[name] = "false"
    if _running_as_root():
        # Celery warns at every start that it runs as root (in a container, say); nothing to act on in development.
        warnings = environ.get("PYTHONWARNINGS", "")
        added["PYTHONWARNINGS"] = ",".join(filter(None, [warnings, f"ignore:{CELERY_ROOT_WARNING}"]))
    return added


def _truthy(value: str) -> bool:
    return value.lower() in ("1", "true", "yes", "on")


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def manage(*args: str, check: bool = True) -> int:
    print(f"$ manage.py {' '.join(args)}", flush=True)
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=check).returncode


def django_commands() -> set[str]:
    out = subprocess.run([PY, "manage.py", "help", "--commands"], cwd=ROOT, check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def _no_orphans() -> None:
    # Linux only: a child gets SIGTERM if the driver itself dies (kill -9), so nothing
    # is left running even then. Runs in the child between fork and exec, so it must not raise:
    # without prctl (not Linux) the child runs without this safeguard.
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1


def start(name: str, args: list[str]) -> subprocess.Popen:
    # Own session (process group): the terminal's Ctrl-C reaches only the driver, which
    # then stops each group as a whole, including grandchildren (runserver's autoreloader
    # child, Celery's pool processes).
    print(f"starting {name}: {' '.join(args)}", flush=True)
    return subprocess.Popen(args, cwd=ROOT, start_new_session=True, preexec_fn=_no_orphans)


def stop_all(children: dict[str, subprocess.Popen]) -> None:
    # SIGTERM to each leader first: Celery then shuts down its own pool processes cleanly.
    for proc in children.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for name, proc in children.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop in {STOP_TIMEOUT} s, killing it", flush=True)
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        # Whatever is left in the group (runserver's autoreloader child) goes too.
        if _signal_group(proc, signal.SIGTERM):
            time.sleep(1)
            _signal_group(proc, signal.SIGKILL)


def _signal_group(proc: subprocess.Popen, sig: int) -> bool:
    """Signal the child's process group; False if the group is gone."""
    try:
        os.killpg(proc.pid, sig)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def wait_for_port(port: int, children: dict[str, subprocess.Popen], timeout: float = 60) -> bool:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in children.values()):
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.5)
    return False


def _prepare(debug: bool) -> set[str]:
    """Migrations, static files (without DEBUG) and the demo data; returns the Django commands there are."""
    manage("migrate", "--noinput")
    if not debug:
        manage("collectstatic", "--noinput")
    commands = django_commands()
    if "load_demo" in commands:
        manage("load_demo")  # the apps' demo data too (activities, meldpunten, demo cases): coalition/registry.py
    else:
        print("(no load_demo command yet: skipping demo data)")
    return commands


def cmd_run() -> int:
    os.environ.update(development_env(os.environ))
    debug = _truthy(os.environ["DEBUG"])
    port = int(os.environ.get("PORT") or DEFAULT_PORT)
    commands = _prepare(debug)

    children: dict[str, subprocess.Popen] = {}
    try:
        children["web"] = start("web", [PY, "manage.py", "runserver", f"127.0.0.1:{port}"])
        # --quiet: without Celery's banners (the log lines stay).
        celery = [PY, "-m", "celery", "-A", "coalition", "--quiet"]
        children["worker"] = start("worker", [*celery, "worker", "-l", "info", "--concurrency", "2"])
        children["beat"] = start("beat", [*celery, "beat", "-l", "info", "--schedule", "var/celerybeat-schedule"])

        if wait_for_port(port, children):
            print(welcome(port, commands), flush=True)

        # Run until a signal arrives (Stop) or a child exits on its own.
        while True:
            for name, proc in children.items():
                if proc.poll() is not None:
                    print(f"{name} exited with code {proc.returncode}; stopping the others", flush=True)
                    return 1
            time.sleep(0.5)
    except Stop as why:
        print(f"\n{why}: stopping web, worker and beat ...", flush=True)
        return 0
    finally:
        # No more Stop while cleaning up: a second Ctrl-C must not leave orphans.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        stop_all(children)


def welcome(port: int, commands: set[str]) -> str:
    """The block printed once the server answers: its address and the demo log-ins, in one piece (collected before
    printing, so the other processes' start-up lines do not end up in the middle of it)."""
    lines = ["", "=" * 70, f"Omzien runs at http://127.0.0.1:{port}/  (Ctrl-C stops everything)"]
    if "demo_logins" in commands:
        out = subprocess.run([PY, "manage.py", "demo_logins"], check=False, cwd=ROOT, capture_output=True, text=True)
        lines += ["", *(text.rstrip() for text in (out.stdout, out.stderr) if text.strip())]
        if "demo_code" in commands:
            lines.append("A fresh code for the second step: make demo-code (in another terminal).")
    else:
        lines.append("Demo log-ins: see README.md")
    lines.append("=" * 70)
    return "\n".join(lines)


def cmd_foreground(args: list[str]) -> int:
    """Run one command (pytest, manage.py ...) in the foreground and return its exit code.

    It shares the terminal, so Ctrl-C reaches it directly; the driver waits for it.
    A SIGTERM or SIGHUP to the driver is passed on.
    """
    proc = subprocess.Popen(args, cwd=ROOT, preexec_fn=_no_orphans)
    while True:
        try:
            return proc.wait()
        except Stop as why:
            # Ctrl-C reached the child from the terminal already; pass on the others.
            if why.args[0] != "SIGINT" and proc.poll() is None:
                proc.terminate()


# The bench's default sizes (socialekaart.bench.ACTIVITIES, meldpunt.bench.CASES; a test keeps them equal) and
# the sizes of `make bench ARGS=--growth`.
BENCH_SIZES = {"activities": 10_000, "cases": 100_000}
GROWTH_SIZES = (1_000, 10_000, 100_000)
GROWTH_PAGES = ("zoeken:", "agenda", "api:")  # --only: the search pages, the agenda and the HSDS API


def bench_sizes(args: list[str]) -> dict[str, int]:
    """The sizes in the bench's arguments (`--activities 100000`, `--cases=0`), the defaults for the others."""
    sizes = dict(BENCH_SIZES)
    for index, arg in enumerate(args):
        name, _, value = arg.removeprefix("--").partition("=")
        if arg.startswith("--") and name in sizes:
            sizes[name] = int(value or args[index + 1])
    return sizes


def bench_database(sizes: dict[str, int]) -> str:
    """omzien_bench at the default sizes, else a database per size (omzien_bench_a100000_c0). Seeding only adds, so
    a database that held another size would measure that one."""
    return "omzien_bench" + "".join(f"_{name[0]}{value}" for name, value in sizes.items() if value != BENCH_SIZES[name])


def cmd_bench(database_url: str, args: list[str]) -> int:
    """The bench on a database of its own (see bench_database), migrated and with the static files collected."""
    if "--growth" in args:
        return cmd_bench_growth(database_url, [arg for arg in args if arg != "--growth"])
    name = bench_database(bench_sizes(args))
    bench_url = with_database(database_url, name)
    ensure_database(bench_url)
    os.environ["DATABASE_URL"] = bench_url
    print(f"Benchmark database: {name}")
    if cmd_foreground([PY, "manage.py", "migrate", "--noinput"]) != 0:
        return 1
    # The bench runs without DEBUG, so templates need the static files' manifest.
    if cmd_foreground([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"]) != 0:
        return 1
    return cmd_foreground([PY, "manage.py", "bench", *args])


def cmd_bench_growth(database_url: str, args: list[str]) -> int:
    """The search pages, the agenda and the API at each of GROWTH_SIZES activities (no cases), then one table with
    p95 per size and the growth from one size to the next: a page whose cost follows the data stands out."""
    results: dict[int, list[dict]] = {}
    for size in GROWTH_SIZES:
        out = VAR / f"bench-growth-{size}.json"
        only = [arg for page in GROWTH_PAGES for arg in ("--only", page)]
        sized = ["--activities", str(size), "--cases", "0", *only, "--json", str(out), *args]
        print(f"\n== {size:,} activities ==", flush=True)
        if cmd_bench(database_url, sized) not in (0, None):
            return 1
        results[size] = json.loads(out.read_text())
    print(growth_table(results))
    return 0


def growth_table(results: dict[int, list[dict]]) -> str:
    """p95 in ms per page and size, with the growth factor from each size to the next."""
    sizes = sorted(results)
    names = [row["page"] for row in results[sizes[0]]]
    p95 = {size: {row["page"]: row["p95"] for row in rows} for size, rows in results.items()}
    header = f"{'page (p95 ms)':44}" + "".join(f"{size:>10,}" for size in sizes)
    header += "".join(f"  ×{a // 1000}k→{b // 1000}k" for a, b in itertools.pairwise(sizes))
    lines = ["", header, "-" * len(header)]
    for name in names:
        line = f"{name[:44]:44}" + "".join(f"{p95[size].get(name, float('nan')):10.1f}" for size in sizes)
        for a, b in itertools.pairwise(sizes):
            line += f"  {p95[b][name] / p95[a][name]:>8.2f}".ljust(len(f"  ×{a // 1000}k→{b // 1000}k"))
        lines.append(line)
    return "\n".join(lines)


def cmd_loadtest(database_url: str, args: list[str]) -> int:
    """The load test (scripts/loadtest.py) under gunicorn, on the bench's database and data (seeded when missing):
    the one of the sizes given (`--activities N`, `--cases N`, as for the bench) or LOADTEST_DATABASE."""
    sizes = bench_sizes(args)
    name = os.environ.get("LOADTEST_DATABASE") or bench_database(sizes)
    bench_url = with_database(database_url, name)
    ensure_database(bench_url)
    os.environ["DATABASE_URL"] = bench_url
    print(f"Load test database: {name}")
    sized = [f"--{size}={value}" for size, value in sizes.items()]
    for step in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput", "-v", "0"],  # gunicorn runs without DEBUG: WhiteNoise's manifest
        ["bench", "--seed-only", *sized],
    ):
        if cmd_foreground([PY, "manage.py", *step]) != 0:
            return 1
    return cmd_foreground([PY, "scripts/loadtest.py", *without_sizes(args)])


def without_sizes(args: list[str]) -> list[str]:
    """The arguments without the bench's sizes (`--activities 100000`, `--cases=0`)."""
    kept, skip = [], False
    for arg in args:
        name, has_value, _ = arg.removeprefix("--").partition("=")
        if skip:
            skip = False
        elif arg.startswith("--") and name in BENCH_SIZES:
            skip = not has_value
        else:
            kept.append(arg)
    return kept


def _dispatch(command: str, args: list[str], services: Services) -> int:
    if command == "run":
        return cmd_run()
    if command == "test":
        # pyproject.toml names coalition.test_settings; an inherited DJANGO_SETTINGS_MODULE
        # would win over it in pytest-django.
        os.environ.pop("DJANGO_SETTINGS_MODULE", None)
        return cmd_foreground([PY, "-m", "pytest", *args])
    if command == "bench":
        return cmd_bench(services.database_url, args)
    if command == "loadtest":
        return cmd_loadtest(services.database_url, args)
    # The same development settings as `make run` (it is the same database): e.g. demo_code needs DEMO_MODE.
    os.environ.update(development_env(os.environ))
    return cmd_foreground([PY, "manage.py", *args])


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "bench", "loadtest", "manage"):
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    VAR.mkdir(exist_ok=True)
    # WhiteNoise warns about a missing STATIC_ROOT (var/staticfiles) on every start.
    if not os.environ.get("STATIC_ROOT"):
        (VAR / "staticfiles").mkdir(exist_ok=True)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_stop)

    services = Services()
    try:
        services.start()
        # Tests (which create their database) and the bench (VACUUM) run as the owner; the app itself does not.
        if command in ("test", "bench", "loadtest") or services.app_database_url == services.database_url:
            os.environ["DATABASE_URL"] = services.database_url
        else:
            os.environ["DATABASE_URL"] = services.app_database_url
            os.environ["DATABASE_OWNER_URL"] = services.database_url
        os.environ["REDIS_URL"] = services.redis_url
        os.environ["SECRET_KEY"] = secret_key()
        return _dispatch(command, args, services)
    except subprocess.CalledProcessError as err:
        print(f"failed ({err.returncode}): {' '.join(map(str, err.cmd))}", file=sys.stderr)
        return err.returncode or 1
    except Stop:
        return 130
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        services.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
