"""Cells for CSV and Excel downloads that a spreadsheet will never run as a formula."""

from typing import Any

# A spreadsheet runs a cell that starts like a formula; someone's free text must never do that.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Text that starts like a formula, with a leading apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
