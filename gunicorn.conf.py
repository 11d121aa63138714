"""gunicorn's settings for Omzien in production: `gunicorn` in this folder reads this file by itself (elsewhere:
`gunicorn -c /path/to/gunicorn.conf.py`). Every value here can be changed from the environment; see the README
("Productie"). Settings: https://docs.gunicorn.org/en/stable/settings.html
"""

import os
from pathlib import Path

wsgi_app = "coalition.wsgi:application"
# The project's folder, so the config works from any working directory.
chdir = str(Path(__file__).resolve().parent)
proc_name = "omzien"

# BIND wins (one or more addresses, comma-separated, or unix:/run/omzien/web.sock); else 127.0.0.1:$PORT. Only the
# local address by default: a reverse proxy (https) stands in front. In a container: BIND=0.0.0.0:8000.
bind = [address.strip() for address in os.environ.get("BIND", "").split(",") if address.strip()] or [
    f"127.0.0.1:{os.environ.get('PORT', '8000')}"
]

# Sync workers, (2 x cores) + 1 as gunicorn advises: five on two cores. The Celery worker and PostgreSQL share the
# machine, so set WEB_CONCURRENCY lower where memory is tight.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))

# The app waits for nothing long by itself: the cache gives up on Redis within half a second, the broker check and a
# task hand-off within a second, and a database that does not answer turns into the 503 outage page (give a hanging
# database a limit with ?connect_timeout=5 in DATABASE_URL). So a request that takes longer than this is stuck, and
# gunicorn replaces its worker. Keep it below the proxy's read timeout (nginx: 60 s), so the proxy reports no error
# of its own first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM or a reload (SIGHUP) running requests get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# A worker is replaced after about a thousand requests (any slow leak stays small); the jitter keeps the workers from
# restarting all at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# The proxy addresses whose X-Forwarded-* headers gunicorn believes (Django's own check is BEHIND_PROXY).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to the console, as Django's (the process manager collects them): the access log on stdout, errors on stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No client address and no query string: a search may hold a name, and the access log is kept longer than the app
# keeps its own data. Method, path, status, size and duration in milliseconds.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

# The workers' heartbeat files in memory, not on a disk that may stall (as in a container).
SHARED_MEMORY = Path("/dev/shm")  # noqa: S108 -- gunicorn's heartbeat files, no data
if SHARED_MEMORY.is_dir():
    worker_tmp_dir = str(SHARED_MEMORY)

# gunicorn's control socket (gunicornc) sits at one path per user, which a second gunicorn on the same machine would
# share: off, unless GUNICORN_CONTROL_SOCKET names a path of its own.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
