"""The dated statutory limits the registers check against, read from settings (REFERENCE.md §3, §4, §11).

Each limit is a list of rows "from-date:value(s):source" separated by ";", so a change in the law is a new
row with its commencement date, and an order or review is always checked against the rule of its own date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class FpnMaximum:
    since: dt.date
    pounds: int
    source: str


@dataclass(frozen=True)
class DhrTimescales:
    since: dt.date
    decision_months: int
    completion_months: int
    source: str


def _rows(setting: str, values: int) -> list[tuple[dt.date, list[int], str]]:
    rows = []
    for raw in str(getattr(settings, setting)).split(";"):
        if not raw.strip():
            continue
        parts = raw.strip().split(":", values + 1)
        try:
            since = dt.date.fromisoformat(parts[0])
            numbers = [int(p) for p in parts[1 : values + 1]]
        except (ValueError, IndexError):
            raise ImproperlyConfigured(f"{setting}: cannot read {raw!r}") from None
        rows.append((since, numbers, parts[values + 1] if len(parts) > values + 1 else ""))
    if not rows:
        raise ImproperlyConfigured(f"{setting} has no rows")
    return sorted(rows)


def _in_force(rows: list, on: dt.date) -> tuple:
    applying = [row for row in rows if row[0] <= on]
    # Before the first row's date the earliest rule is the nearest we know.
    return applying[-1] if applying else rows[0]


def fpn_maximum(*, on: dt.date) -> FpnMaximum:
    """The highest fixed penalty for a PSPO breach on `on` (2014 Act s.68; raised by the 2026 Act)."""
    since, (pounds,), source = _in_force(_rows("PSPO_FPN_MAXIMUMS", 1), on)
    return FpnMaximum(since=since, pounds=pounds, source=source)


def dhr_timescales(*, on: dt.date) -> DhrTimescales:
    """The decision and completion timescales for a review notified on `on` (2016 guidance, unconfirmed)."""
    since, (decide, complete), source = _in_force(_rows("DHR_TIMESCALES", 2), on)
    return DhrTimescales(since=since, decision_months=decide, completion_months=complete, source=source)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when `end` is less than a month away or past)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)
