"""Working days for deadlines: Monday to Friday, without Dutch public holidays (the `holidays` package)."""

from calendar import SATURDAY
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.NL(years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in _holidays(day.year)


def subtract_working_days(day: date, count: int) -> date:
    """The date `count` working days before `day`: a case received on or before it is overdue on `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def holidays_between(first_year: int, last_year: int) -> list[date]:
    """Every Dutch public holiday of the years `first_year` to `last_year`, in order (for working days in SQL)."""
    return sorted(day for year in range(first_year, last_year + 1) for day in _holidays(year))
