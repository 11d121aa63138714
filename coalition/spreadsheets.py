"""Cells for spreadsheets that people open: text a spreadsheet would run as a formula (=cmd|…, +, -, @, a tab or
a carriage return first) is written as plain text. Names, titles and notes come from people and partners; every
export of the project writes its text through `formula_safe`, and django-import-export's admin exports escape
formulae as well (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT)."""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """Text that would start a formula, with a quote before it; other values (numbers, dates) as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
