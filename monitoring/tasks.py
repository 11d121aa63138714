"""Periodic work of the monitor: keeping the dashboard's most opened views ready (monitoring/summary.py)."""

from celery import shared_task
from django.utils import translation

from coalition.models import Gemeente, Role

from . import access, panels, summary


@shared_task
def refresh_dashboard() -> int:
    """Rebuild the last quarter's dashboard for every gemeente together and for each gemeente, in Dutch (the
    steering group's and the coördinators' view: the same panels). Returns how many views were rebuilt."""
    keys = panels.keys_for(Role.STUURGROEP)
    # Exactly what the dashboard selects for /monitoring/ and /monitoring/?gemeente=<pk>, so the keys match.
    views = [{}, *[{"gemeente": str(pk)} for pk in Gemeente.objects.values_list("pk", flat=True)]]
    rebuilt = 0
    with translation.override("nl"):
        for params in views:
            selection = access.steering_selection(params)
            if selection is not None:
                summary.build(keys, selection)
                rebuilt += 1
    return rebuilt
