"""Reads of subsidies, one module per area: `public` (the open calls), `applicant` (the applicant's applications,
their completeness and history) and `access` (who may read an application).

Inside subsidies, import from the area modules. What other apps may read is re-exported here."""

from .access import may_read_application

__all__ = ["may_read_application"]
