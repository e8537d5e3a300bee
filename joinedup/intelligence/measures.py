"""Scorecards: measures as data, their values per period, and red/amber/green against the target.

A count measure is counted from the incident store (open police.uk data and the partnership's own
partner data, never restricted rows) in its area; an entered measure is a figure a partner types in
each period. Periods are months, financial quarters (Q1 is April to June) or financial years.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners.models import Partnership
from joinedup.places.models import Area

from . import policy
from .models import (
    GoodDirection,
    Incident,
    IncidentCategory,
    Measure,
    MeasureKind,
    MeasurePeriod,
    MeasureValue,
)
from .trend_selectors import AREA_FIELDS, month_add

PERIOD_MONTHS = {MeasurePeriod.MONTH: 1, MeasurePeriod.QUARTER: 3, MeasurePeriod.YEAR: 12}
PERIODS_SHOWN = {MeasurePeriod.MONTH: 12, MeasurePeriod.QUARTER: 8, MeasurePeriod.YEAR: 5}
GREEN, AMBER, RED = "green", "amber", "red"


# --- periods -----------------------------------------------------------------------------------------------


def period_start(period: str, month: dt.date) -> dt.date:
    """The first month of the period `month` falls in (financial quarters and years start in April)."""
    length = PERIOD_MONTHS[MeasurePeriod(period)]
    offset = (month.month - 4) % length  # months since the period began, counting from April
    return month_add(month.replace(day=1), -offset)


def period_label(period: str, start: dt.date) -> str:
    if period == MeasurePeriod.MONTH:
        return f"{start:%B %Y}"
    first_year = start.year if start.month >= 4 else start.year - 1
    year = f"{first_year}/{(first_year + 1) % 100:02d}"
    if period == MeasurePeriod.YEAR:
        return year
    return f"Q{(start.month - 4) % 12 // 3 + 1} {year}"


def periods_ending(period: str, last_month: dt.date) -> list[dt.date]:
    """Starts of the periods shown, oldest first, ending with the last one complete by `last_month`."""
    length = PERIOD_MONTHS[MeasurePeriod(period)]
    last_start = period_start(period, last_month)
    if month_add(last_start, length - 1) > last_month.replace(day=1):
        last_start = month_add(last_start, -length)
    return [month_add(last_start, -length * i) for i in reversed(range(PERIODS_SHOWN[MeasurePeriod(period)]))]


# --- status ---------------------------------------------------------------------------------------------


def rag_status(*, value: float | None, target: float | None, direction: str, tolerance: float) -> str | None:
    """Green when the target is met; amber within `tolerance` percent of it on the wrong side; else red.

    None when there is no value or no target to judge by.
    """
    if value is None or target is None:
        return None
    margin = abs(target) * tolerance / 100
    if direction == GoodDirection.DOWN:
        return GREEN if value <= target else AMBER if value <= target + margin else RED
    return GREEN if value >= target else AMBER if value >= target - margin else RED


@dataclass(frozen=True)
class PeriodValue:
    start: dt.date
    label: str
    value: float | None


@dataclass(frozen=True)
class MeasureStatus:
    measure: Measure
    values: list[PeriodValue]
    rag: str | None

    @property
    def latest(self) -> PeriodValue | None:
        return self.values[-1] if self.values else None

    @property
    def text_alternative(self) -> str:
        return "; ".join(
            f"{v.label}: {'no figure' if v.value is None else f'{v.value:g}'}" for v in self.values
        )

    @property
    def sparkline(self) -> str:
        """Points of an SVG polyline 100 wide and 24 high (the template draws it), oldest first."""
        known = [(i, v.value) for i, v in enumerate(self.values) if v.value is not None]
        if not known:
            return ""
        low, high = min(v for _, v in known), max(v for _, v in known)
        span = (high - low) or 1.0
        step = 100 / max(len(self.values) - 1, 1)
        return " ".join(f"{i * step:.1f},{22 - (v - low) / span * 20:.1f}" for i, v in known)


# --- reads -----------------------------------------------------------------------------------------------


def measures_visible(*, user: Any) -> QuerySet[Measure]:
    return (
        Measure.objects.visible_to(user).select_related("partnership", "area").prefetch_related("categories")
    )


def measure_get(*, user: Any, measure_id: int) -> Measure:
    found = measures_visible(user=user).filter(id=measure_id).first()
    if found is None:
        raise NotFound("There is no measure at this address.")
    return found


def last_police_month() -> dt.date | None:
    return Incident.objects.filter(partnership__isnull=True).aggregate(last=Max("month"))["last"]


def scorecard(
    *, user: Any, partnership: Partnership, today: dt.date | None = None
) -> dict[str, list[MeasureStatus]]:
    """The partnership's measures with their recent values and status, by scorecard name."""
    measures = list(measures_visible(user=user).filter(partnership=partnership))
    today = today or timezone.localdate()
    last_complete = month_add(today.replace(day=1), -1)
    data_month = last_police_month() or last_complete
    starts = {
        m.id: periods_ending(m.period, data_month if m.kind == MeasureKind.COUNT else last_complete)
        for m in measures
    }
    values = _count_values(partnership, [m for m in measures if m.kind == MeasureKind.COUNT], starts)
    values.update(_entered_values([m for m in measures if m.kind == MeasureKind.ENTERED]))
    cards: dict[str, list[MeasureStatus]] = defaultdict(list)
    for m in measures:
        shown = [
            PeriodValue(start=s, label=period_label(m.period, s), value=values.get((m.id, s)))
            for s in starts[m.id]
        ]
        latest = shown[-1].value if shown else None
        cards[m.scorecard].append(
            MeasureStatus(
                measure=m,
                values=shown,
                rag=rag_status(value=latest, target=m.target, direction=m.direction, tolerance=m.tolerance),
            )
        )
    return dict(cards)


def _count_values(
    partnership: Partnership, measures: list[Measure], starts: dict[int, list[dt.date]]
) -> dict[tuple[int, dt.date], float]:
    """Count measures' values: one query per kind of area in use, not one per measure."""
    if not measures:
        return {}
    first = min(starts[m.id][0] for m in measures)
    incidents = Incident.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=partnership, restricted=False), month__gte=first
    )
    counted: dict[tuple[int, dt.date, int], int] = defaultdict(int)  # (area, month, category) → n
    for kind in {m.area.kind for m in measures if m.area is not None}:
        column = AREA_FIELDS[kind]
        area_ids = [m.area_id for m in measures if m.area is not None and m.area.kind == kind]
        rows = (
            incidents.filter(**{f"{column}__in": area_ids})
            .order_by()
            .values_list(column, "month", "category_id")
            .annotate(n=Count("*"))
        )
        for area_id, month, category_id, n in rows:
            counted[(area_id, month, category_id)] += n
    values: dict[tuple[int, dt.date], float] = {}
    for m in measures:
        category_ids = {c.id for c in m.categories.all()}
        length = PERIOD_MONTHS[MeasurePeriod(m.period)]
        for start in starts[m.id]:
            area_id = m.area_id or 0
            values[(m.id, start)] = float(
                sum(
                    counted.get((area_id, month_add(start, i), c), 0)
                    for i in range(length)
                    for c in category_ids
                )
            )
    return values


def _entered_values(measures: list[Measure]) -> dict[tuple[int, dt.date], float]:
    rows = MeasureValue.objects.filter(measure__in=measures).values_list(
        "measure_id", "period_start", "value"
    )
    return {(measure_id, start): value for measure_id, start, value in rows}


def measure_periods_open(*, measure: Measure, today: dt.date | None = None) -> list[tuple[dt.date, str]]:
    """The periods a partner may enter a figure for: those shown, newest first."""
    today = today or timezone.localdate()
    starts = periods_ending(measure.period, month_add(today.replace(day=1), -1))
    return [(s, period_label(measure.period, s)) for s in reversed(starts)]


def measure_areas(*, partnership: Partnership) -> QuerySet[Area]:
    """Areas a count measure may be counted in: the partnership's districts and what lies in them."""
    districts = partnership.areas.values("id")
    return (
        Area.objects.filter(Q(id__in=districts) | Q(parent_id__in=districts), kind__in=list(AREA_FIELDS))
        .defer("boundary")
        .order_by("kind", "name")
    )


# --- writes ----------------------------------------------------------------------------------------------


def measure_save(
    *,
    by: Any,
    partnership: Partnership,
    measure: Measure | None = None,
    name: str,
    scorecard: str,
    kind: str,
    period: str,
    target: float | None,
    direction: str,
    tolerance: float = 5,
    area: Area | None = None,
    categories: list[IncidentCategory] | None = None,
    unit: str = "",
    description: str = "",
) -> Measure:
    """Create or change a measure of the partnership's scorecard; audited."""
    if not policy.can_define_measures(by, partnership):
        raise NotPermitted("Only the partnership's coordinators define its measures.")
    categories = list(categories or [])
    if not name.strip():
        raise ApplicationError("Enter the measure's name.", field="name")
    if not scorecard.strip():
        raise ApplicationError("Enter the scorecard it belongs to.", field="scorecard")
    if kind == MeasureKind.COUNT:
        if area is None:
            raise ApplicationError("Choose the area to count incidents in.", field="area")
        if not measure_areas(partnership=partnership).filter(id=area.id).exists():
            raise ApplicationError("Choose an area the partnership covers.", field="area")
        if not categories:
            raise ApplicationError("Choose at least one category to count.", field="categories")
    elif kind == MeasureKind.ENTERED:
        area, categories = None, []
    else:
        raise ApplicationError("Choose whether the measure is counted or entered.", field="kind")
    for label, number in (("target", target), ("tolerance", tolerance)):
        if number is not None and not math.isfinite(number):
            raise ApplicationError(f"Enter the {label} as a number.", field=label)
    if tolerance < 0:
        raise ApplicationError("The tolerance cannot be negative.", field="tolerance")
    fields = {
        "name": name.strip(),
        "scorecard": scorecard.strip(),
        "kind": kind,
        "period": period,
        "target": target,
        "direction": direction,
        "tolerance": tolerance,
        "area": area,
        "unit": unit.strip(),
        "description": description.strip(),
    }
    try:
        with transaction.atomic():
            if measure is None:
                measure = Measure.objects.create(partnership=partnership, created_by=by, **fields)
                action = Action.CREATED
            else:
                for key, value in fields.items():
                    setattr(measure, key, value)
                measure.save()
                action = Action.CHANGED
            measure.categories.set(categories)
            audit_record(
                by=by,
                action=action,
                obj=measure,
                changes={
                    **{k: str(v) if v is not None else None for k, v in fields.items()},
                    "categories": [c.code for c in categories],
                },
            )
    except IntegrityError:
        raise ApplicationError("That scorecard already has a measure of this name.", field="name") from None
    return measure


def measure_value_enter(
    *,
    by: Any,
    measure: Measure,
    period_start: dt.date,
    value: float,
    note: str = "",
    today: dt.date | None = None,
) -> MeasureValue:
    """A partner's figure for one period of an entered measure; a second entry replaces the first."""
    if not policy.can_enter_values(by, measure.partnership):
        raise NotPermitted("Only people working in the partnership enter its figures.")
    if measure.kind != MeasureKind.ENTERED:
        raise ApplicationError("This measure is counted from the incident store, not entered.")
    if period_start not in dict(measure_periods_open(measure=measure, today=today)):
        raise ApplicationError("Choose one of the periods listed.", field="period")
    if not math.isfinite(value):
        raise ApplicationError("Enter the value as a number.", field="value")
    with transaction.atomic():
        before = MeasureValue.objects.filter(measure=measure, period_start=period_start).first()
        row, _ = MeasureValue.objects.update_or_create(
            measure=measure,
            period_start=period_start,
            defaults={"value": value, "note": note.strip(), "entered_by": by, "entered_at": timezone.now()},
        )
        audit_record(
            by=by,
            action=Action.CHANGED if before else Action.CREATED,
            obj=measure,
            changes={
                "period": period_label(measure.period, period_start),
                "value": [before.value if before else None, value],
            },
        )
    return row
