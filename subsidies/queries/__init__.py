"""Reads of subsidies, one module per area. Inside subsidies, import from the area modules. What other apps and the
dashboard read is re-exported here, so they import `subsidies.queries` (the way in that pyproject.toml's import
contracts allow): the money per call and year (`budget_by_call`)."""

from .finance import CallBudget, budget_by_call

__all__ = [
    "CallBudget",
    "budget_by_call",
]
