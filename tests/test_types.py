"""mypy with django-stubs over the project (configuration in pyproject.toml): gradual for the project, strict for the
services, queries and workflows. A type error fails the suite like a failing test."""

import subprocess
import sys

from django.conf import settings


def test_mypy_finds_no_type_errors():
    # Its own process: the django-stubs plugin sets up Django itself.
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
