"""The meldpunt's reads that several panels share, once per page (Selection.once)."""

from typing import Any

from meldpunt import queries as meldpunt_queries

from .base import Selection


def headlines(selection: Selection) -> list[Any]:
    """The headline figures of the period, the period before and a year before: one query for the three."""
    ranges = [period.as_range() for period in selection.compared]
    return selection.once("meldpunt_headlines", lambda: meldpunt_queries.headlines(ranges, **selection.scope()))


def within_norm_base(headline: Any) -> int:
    """The cases a first contact within the norm is counted over: those whose norm has passed."""
    return int(headline.new_cases - headline.first_contact_not_yet_due)
