"""Reads of subsidies, one module per area: `public` (the open calls), `applicant` (the applicant's applications,
their completeness and history), `access` (who may read an application), `finance` (the money per call), `reports`
(a report's page, the overview of reports, the listing proposed for the sociale kaart), `outcomes` (what granted
projects achieved), `letters` (the decision letter), `committee` (declarations and blind reviews), `ranking`
(the committee's ranking, in one query) and `call_overview` (a call's applications per tab).

Inside subsidies, import from the area modules. What other apps and the dashboard read is re-exported here, so
they import `subsidies.queries` (the way in that pyproject.toml's import contracts allow), with small groups
already suppressed under MIN_CELL: the money per call and year (`budget_by_call`), reach against targets per
project and the pooled before/after measurement per call.
"""

from .access import may_read_application
from .finance import CallBudget, budget_by_call
from .outcomes import PooledMeasurement, ProjectReach, pooled_measurements, reach_against_targets

__all__ = [
    "CallBudget",
    "PooledMeasurement",
    "ProjectReach",
    "budget_by_call",
    "may_read_application",
    "pooled_measurements",
    "reach_against_targets",
]
