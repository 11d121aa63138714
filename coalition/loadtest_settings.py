"""Production settings plus the bare view of the benchmark (coalition/bench_urls.py), for `make loadtest` only
(scripts/loadtest.py): the ceiling the public pages are compared with, served by the same gunicorn."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "coalition.bench_urls"
