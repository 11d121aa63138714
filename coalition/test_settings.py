"""Settings for the test suite: only what tests need to differ."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# Tests talk plain HTTP to the test client.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from .settings import *  # noqa: F403

# Fast hashing: tests log in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in the test's own process, so a test sees the e-mail its change sends (after the commit, through
# the outbox, as in production). The worker tests (tests/test_celery_worker.py) switch this off and use a real
# worker on the real broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405
# A queue of its own, so a developer's running `make run` worker never takes a test's task.
CELERY_TASK_DEFAULT_QUEUE = "omzien-tests"
CACHES["default"]["KEY_PREFIX"] = "omzien-tests"  # noqa: F405
# The page cache is off in tests, unless a test (tests/test_page_cache.py) or PUBLIC_PAGE_CACHE_SECONDS switches it
# on: a test that changes rows by QuerySet.update() between two requests would otherwise see the first page again.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=0)  # noqa: F405
# Searches and page views are written at once in tests, unless a test (tests/test_write_buffer.py) switches it on.
SOCIALEKAART_SEARCH_LOG_BUFFERED = False
COALITION_PAGE_VIEWS_BUFFERED = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# A test may give a worker process a mail backend that provokes a fault (tests/mail_backends.py).
if os.environ.get("OMZIEN_TEST_EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["OMZIEN_TEST_EMAIL_BACKEND"]
# A crispy-forms layout that names a field its form lacks (or a field twice) fails the test instead of only logging.
CRISPY_FAIL_SILENTLY = False
# Attachments that tests upload go to a throw-away directory, never to var/private.
SUBSIDIES_PRIVATE_ROOT = Path(tempfile.gettempdir()) / "omzien-tests-private"

# The outage page's phone numbers (coalition/outage.py): a file of the tests' own, not the app's var/.
OUTAGE_CONTACTS_FILE = Path(tempfile.gettempdir()) / f"omzien-tests-outage-contacts-{os.getpid()}.json"
