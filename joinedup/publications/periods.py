"""The period a document covers, always explicit so a document can be made again for a past period.

Months are written "2025-01:2025-12" (first and last month, inclusive) on the command line and in
addresses; a reporting year is its first calendar year ("2025" is April 2025 to March 2026 where the
partnership's year starts in April).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from joinedup.core.errors import ApplicationError
from joinedup.intelligence.selectors import month_parse
from joinedup.intelligence.trend_selectors import month_add, month_range

LONGEST_MONTHS = 36  # the hotspot map's limit, so a briefing's map always covers its whole period


@dataclass(frozen=True)
class Months:
    first: dt.date
    last: dt.date

    @property
    def code(self) -> str:
        return f"{self.first:%Y-%m}:{self.last:%Y-%m}"

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%B %Y}"
        return f"{self.first:%B %Y} to {self.last:%B %Y}"

    @property
    def months(self) -> list[dt.date]:
        return month_range(self.first, self.last)

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the period (local midnight), for point-in-time figures."""
        return timezone.make_aware(dt.datetime.combine(month_add(self.last, 1), dt.time()))

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first, dt.time()))


def months_parse(value: str, *, field: str = "period") -> Months:
    """ "2025-01:2025-12" (or one month, "2025-06") as a period, or an error saying what is wrong."""
    first, _, last = (value or "").strip().partition(":")
    if not first:
        raise ApplicationError("Give the period as first and last month, e.g. 2025-01:2025-12.", field=field)
    period = Months(month_parse(first, field=field), month_parse(last or first, field=field))
    if period.first > period.last:
        raise ApplicationError("The first month of the period is after the last.", field=field)
    if len(period.months) > LONGEST_MONTHS:
        raise ApplicationError(f"Choose a period of at most {LONGEST_MONTHS} months.", field=field)
    return period


def point_in_time(period: Months, as_of: dt.datetime) -> dt.datetime:
    """When "open" is measured: the end of the period, or the as-of moment if the period is not over."""
    return min(period.ends_at, as_of)


def year_parse(value: str, *, field: str = "year") -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ApplicationError(
            f"{value!r} is not a year: write it as four digits, e.g. 2025.", field=field
        ) from None
    if not 2000 <= year <= 2100:
        raise ApplicationError("Choose a year between 2000 and 2100.", field=field)
    return year


def moment_label(moment: dt.datetime) -> str:
    """ "the end of 31 December 2025" for a midnight, else the local date and time."""
    local = timezone.localtime(moment)
    if local.time() == dt.time():
        return f"the end of {local.date() - dt.timedelta(days=1):%-d %B %Y}"
    return f"{local:%-d %B %Y %H:%M}"
