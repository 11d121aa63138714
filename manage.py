#!/usr/bin/env python
import os
import sys
from pathlib import Path

from django.core.management import execute_from_command_line

# The key that `make run` keeps for this checkout, so that a bare `python manage.py …` works in development.
# Production sets SECRET_KEY itself (and the settings refuse to start without one).
LOCAL_SECRET_KEY = Path(__file__).resolve().parent / "var" / "secret_key"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings")
    if "SECRET_KEY" not in os.environ and LOCAL_SECRET_KEY.is_file():
        os.environ["SECRET_KEY"] = LOCAL_SECRET_KEY.read_text().strip()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
