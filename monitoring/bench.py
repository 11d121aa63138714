"""The monitor's part of `manage.py bench` (registered in apps.py): the dashboard over coalition's bench data."""

from coalition.management.commands.bench import Page
from coalition.models import Role


def seed() -> None:
    """Nothing of its own yet: the dashboard counts coalition's 5,000 bench organisations."""


# (page, who, query budget, p95 target in ms)
PAGES = [
    Page("monitor (stuurgroep)", "/monitoring/", Role.STUURGROEP, 8, 80),
]
