"""Reads of subsidies, one module per area (`reports`: a report's page, the overview of reports, the listing
proposed for the sociale kaart; `outcomes`: what granted projects achieved).

Inside subsidies, import from the area modules. What other apps and the dashboard read is re-exported here, so
they import `subsidies.queries` (the way in that pyproject.toml's import contracts allow), with small groups
already suppressed under MIN_CELL.
"""

from .outcomes import PooledMeasurement, ProjectReach, pooled_measurements, reach_against_targets

__all__ = [
    "PooledMeasurement",
    "ProjectReach",
    "pooled_measurements",
    "reach_against_targets",
]
