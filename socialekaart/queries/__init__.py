"""Reads of the sociale kaart, one module per area: freshness of the listings, the coördinator's insight (demand
and "witte vlekken"), the citizens' pages (public.py, around the search engine of socialekaart/search.py), the
open-data API (api.py), and the partners' and coördinators' pages (partner.py, coordinator.py).

Inside the sociale kaart, import from the area modules. What other apps read is re-exported here, so they import
`socialekaart.queries` (the way in that pyproject.toml's import contracts allow): whether an activity is public
and the cutoff behind it, and the insight's totals for a dashboard.
"""

from .freshness import hide_cutoff, is_public, stale_listing_counts
from .insight import coverage, coverage_groups, search_terms, search_totals

__all__ = [
    "coverage",
    "coverage_groups",
    "hide_cutoff",
    "is_public",
    "search_terms",
    "search_totals",
    "stale_listing_counts",
]
