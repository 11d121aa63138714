"""Settings for the test suite: only what tests need to differ."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# Tests talk plain HTTP to the test client.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from .settings import *  # noqa: E402,F403

# Fast hashing: tests log in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A queue of its own, so a developer's running `make run` worker never takes a test's task.
CELERY_TASK_DEFAULT_QUEUE = "omzien-tests"
CACHES["default"]["KEY_PREFIX"] = "omzien-tests"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# A crispy-forms layout that names a field its form lacks (or a field twice) fails the test instead of only logging.
CRISPY_FAIL_SILENTLY = False
