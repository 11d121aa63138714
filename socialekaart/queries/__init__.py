"""Reads of the sociale kaart, one module per area: freshness of the listings, the coördinator's insight (demand
and "witte vlekken"), the citizens' pages (public.py, around the search engine of socialekaart/search.py), the
open-data API (api.py), and the partners' and coördinators' pages (partner.py, coordinator.py).

Inside the sociale kaart, import from the area modules. What other apps read is re-exported here, so they import
`socialekaart.queries` (the way in that pyproject.toml's import contracts allow): whether an activity is public
and the cutoff behind it, and the insight's totals and the monitor's figures for the dashboard (monitor.py).
"""

from .freshness import hide_cutoff, is_public, stale_listing_counts
from .insight import (
    CoverageCell,
    CoverageRow,
    coverage,
    coverage_counts,
    coverage_groups,
    search_terms,
    search_totals,
)
from .monitor import (
    GemeenteListings,
    ListingFigures,
    PeriodSearches,
    SearchFigures,
    SearchTermCount,
    listing_figures,
    search_counts,
    search_figures,
    zero_result_searches,
)

__all__ = [
    "CoverageCell",
    "CoverageRow",
    "GemeenteListings",
    "ListingFigures",
    "PeriodSearches",
    "SearchFigures",
    "SearchTermCount",
    "coverage",
    "coverage_counts",
    "coverage_groups",
    "hide_cutoff",
    "is_public",
    "listing_figures",
    "search_counts",
    "search_figures",
    "search_terms",
    "search_totals",
    "stale_listing_counts",
    "zero_result_searches",
]
