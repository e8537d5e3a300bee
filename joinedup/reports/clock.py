"""Service-target clocks: when a report is due, in working hours or days (England and Wales).

Working time runs from WORKING_DAY_START to WORKING_DAY_END (local time, Europe/London) on Monday to
Friday, except England and Wales bank holidays (from the maintained `holidays` package). Plain
hours and days run round the clock.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

from .models import TimeUnit

LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # England and Wales share their bank holidays; Scotland and Northern Ireland differ.
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.isoweekday() <= 5 and day not in _bank_holidays(day.year)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(settings.WORKING_DAY_START), tzinfo=LONDON)
    end = dt.datetime.combine(day, dt.time(settings.WORKING_DAY_END), tzinfo=LONDON)
    return start, end


def _next_working_start(moment: dt.datetime) -> dt.datetime:
    """The moment itself if it is within working time, else the start of the next working period."""
    local = moment.astimezone(LONDON)
    day = local.date()
    while True:
        if is_working_day(day):
            start, end = _day_bounds(day)
            if local < start:
                return start
            if local < end:
                return local
        day += dt.timedelta(days=1)
        local = dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)


def add_working_hours(start: dt.datetime, hours: float) -> dt.datetime:
    remaining = dt.timedelta(hours=hours)
    moment = _next_working_start(start)
    while True:
        _, end = _day_bounds(moment.date())
        available = end - moment
        if remaining <= available:
            return moment + remaining
        remaining -= available
        moment = _next_working_start(end)


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The same working time of day, `days` working days later (counting from the next working moment)."""
    moment = _next_working_start(start)
    day = moment.date()
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return dt.datetime.combine(day, moment.timetz().replace(tzinfo=None), tzinfo=LONDON)


def due_at(start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    """When something started at `start` is due, as an aware datetime in UTC."""
    if unit == TimeUnit.WORKING_HOURS:
        due = add_working_hours(start, amount)
    elif unit == TimeUnit.WORKING_DAYS:
        due = add_working_days(start, amount)
    elif unit == TimeUnit.HOURS:
        due = start + dt.timedelta(hours=amount)
    elif unit == TimeUnit.DAYS:
        due = start + dt.timedelta(days=amount)
    else:
        raise ValueError(f"Unknown time unit {unit!r}")
    return due.astimezone(dt.UTC)


class TargetState:
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"
    MISSED = "missed"

    LABELS = {ON_TIME: "On time", AT_RISK: "At risk", BREACHED: "Overdue", MET: "Met", MISSED: "Missed"}


def target_state(
    *,
    started: dt.datetime,
    due: dt.datetime | None,
    done: dt.datetime | None,
    now: dt.datetime | None = None,
    at_risk_after: float = 0.75,
) -> str | None:
    """Where a target stands: met/missed once done, else on time, at risk or breached."""
    if due is None:
        return None
    if done is not None:
        return TargetState.MET if done <= due else TargetState.MISSED
    now = now or timezone.now()
    if now > due:
        return TargetState.BREACHED
    if now >= started + (due - started) * at_risk_after:
        return TargetState.AT_RISK
    return TargetState.ON_TIME
