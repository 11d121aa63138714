"""Small ways of writing values out, shared by the presenters."""

from coalition.models import written_postcode
from coalition.spreadsheets import formula_safe

# What a figure that may not be shown (or is not known) looks like.
NOT_SHOWN = "–"


def postcode(value: str) -> str:
    """A postcode as it is written: 7511AB → 7511 AB (anything else as it is)."""
    return written_postcode(value)


def spreadsheet_cell(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula (names and texts come from people)."""
    return formula_safe("" if value is None else str(value))
