"""The dashboard's figures, kept ready (issue 12, "Speed"): built panels are kept in the cache for
MONITOR_SUMMARY_SECONDS, and Celery beat rebuilds the views people open most (the last quarter, for every gemeente
together and for each gemeente) before they expire. A page shows when its figures were computed ("bijgewerkt op").

Live, the eighteen reads behind a full dashboard take about 250 ms over 100,000 cases; from the summary the page
answers in a few milliseconds. The summary is the live computation stored, not a second way of counting:
tests/test_monitoring_summary.py checks that what comes out equals a fresh build. When the cache cannot be reached,
the panels are built live: slower, never wrong and never an error.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from . import panels
from .panels import progress
from .panels.base import Panel, Selection

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    panels: list[Panel]
    computed_at: datetime


def _key(keys: list[str], selection: Selection) -> str:
    """What the figures depend on: the panels, the period, the place, the meldpunten, the day (for "now" figures)
    and the language their words are in."""
    period = selection.period
    parts = [
        ",".join(keys),
        period.kind,
        period.start.isoformat(),
        period.end.isoformat(),
        repr(selection.gemeente_ids),
        repr(selection.wijk_id),
        repr(selection.meldpunt_ids),
        (selection.today or timezone.localdate()).isoformat(),
        translation.get_language() or "",
    ]
    return "monitor:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _kept(key: str) -> object:
    try:
        return cache.get(key)
    except Exception:
        logger.warning("monitor summary not read: the cache is unreachable", exc_info=True)
        return None


def _keep(key: str, value: object) -> None:
    try:
        cache.set(key, value, settings.MONITOR_SUMMARY_SECONDS)
    except Exception:  # a cache that is down only makes the next view slower
        logger.warning("monitor summary not kept: the cache is unreachable", exc_info=True)


def public_progress() -> progress.Progress:
    """/voortgang/ for everyone: kept like the dashboard (a public page must not cost a tenth of a second each)."""
    key = f"monitor:voortgang:{timezone.localdate().isoformat()}:{translation.get_language()}"
    kept = _kept(key)
    if isinstance(kept, progress.Progress):
        return kept
    fresh = progress.public_progress()
    _keep(key, fresh)
    return fresh


def build(keys: list[str], selection: Selection) -> Summary:
    """Build the panels live and keep them (the beat task and a first visit both come here)."""
    summary = Summary(panels=[panels.build(key, selection) for key in keys], computed_at=timezone.now())
    _keep(_key(keys, selection), summary)
    return summary


def panels_for(keys: list[str], selection: Selection) -> Summary:
    """The kept panels when they are there, else built live (and kept)."""
    kept = _kept(_key(keys, selection))
    if isinstance(kept, Summary):
        return kept
    return build(keys, selection)
