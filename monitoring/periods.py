"""The periods the dashboard reports on: a month, a quarter, a year or any span of days, each compared with the
period just before it and with the same period a year earlier. A period runs from `start` up to (not including)
`end`, in local dates, as the queries of the other apps take it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MAAND = "maand", _("Maand")
    KWARTAAL = "kwartaal", _("Kwartaal")
    JAAR = "jaar", _("Jaar")
    ANDERS = "anders", _("Zelf kiezen")


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after the month of `day` (day is the first of a month)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # exclusive

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MAAND:
            return formats.date_format(self.start, "F Y")
        if self.kind == PeriodKind.KWARTAAL:
            return gettext("%(quarter)se kwartaal %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind == PeriodKind.JAAR:
            return str(self.start.year)
        return gettext("%(start)s tot en met %(end)s") % {
            "start": formats.date_format(self.start, "j F Y"),
            "end": formats.date_format(self.last_day, "j F Y"),
        }

    def previous(self) -> "Period":
        """The period just before: the month, quarter or year before, or as many days before."""
        months = {PeriodKind.MAAND: 1, PeriodKind.KWARTAAL: 3, PeriodKind.JAAR: 12}.get(PeriodKind(self.kind))
        if months:
            return Period(self.kind, _add_months(self.start, -months), self.start)
        return Period(self.kind, self.start - timedelta(days=self.days), self.start)

    def year_before(self) -> "Period":
        return Period(self.kind, _year_earlier(self.start), _year_earlier(self.end))

    def months(self) -> list[date]:
        """The first day of every month the period touches, for charts per month."""
        first = self.start.replace(day=1)
        result = []
        while first < self.end:
            result.append(first)
            first = _add_months(first, 1)
        return result

    def as_range(self) -> tuple[date, date]:
        return (self.start, self.end)


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    return Period(PeriodKind.MAAND, start, _add_months(start, 1))


def quarter(year: int, number: int) -> Period:
    start = date(year, 3 * (number - 1) + 1, 1)
    return Period(PeriodKind.KWARTAAL, start, _add_months(start, 3))


def year(number: int) -> Period:
    return Period(PeriodKind.JAAR, date(number, 1, 1), date(number + 1, 1, 1))


def custom(first_day: date, last_day: date) -> Period:
    return Period(PeriodKind.ANDERS, first_day, last_day + timedelta(days=1))


def last_complete_quarter(today: date) -> Period:
    """The default: the quarter the steering group meets about, the last one that has ended."""
    current = quarter(today.year, (today.month - 1) // 3 + 1)
    return current.previous()


def year_to_date(today: date) -> Period:
    """This year up to and including today (the public progress page)."""
    return Period(PeriodKind.ANDERS, date(today.year, 1, 1), today + timedelta(days=1))
