"""Before/after assessment arithmetic: the three zones, their counts, changes and the displacement quotient.

Plain functions on Shapely geometries (British National Grid metres) and NumPy columns, so the
figures can be checked by hand (see tests/test_before_after.py).

- Zones: the target area; a ring of `buffer_m` metres round it, where displaced crime would show;
  and a comparison area (a ward or district) with both of them cut out, for the background trend.
- Change in each zone: the monthly rate after against before, as a percentage, with the Poisson
  exact test of `intelligence.analysis.trends` (the periods' lengths as exposures).
- Weighted displacement quotient (Bowers and Johnson, 2003): how the buffer changed relative to the
  comparison area, divided by how the target changed relative to it. Measured only when the target
  improved relative to the comparison area; above 0 the benefits spread to the buffer (diffusion),
  below 0 crime moved there (displacement), below -1 more moved than was prevented.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from joinedup.intelligence.analysis.trends import SIGNIFICANCE, poisson_change_test

ZONE_LABELS = {"target": "Target area", "buffer": "Displacement buffer", "comparison": "Comparison area"}


@dataclass(frozen=True)
class Zones:
    target: BaseGeometry
    buffer: BaseGeometry
    comparison: BaseGeometry

    def items(self) -> list[tuple[str, BaseGeometry]]:
        return [("target", self.target), ("buffer", self.buffer), ("comparison", self.comparison)]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return shapely.union_all([self.target, self.buffer, self.comparison]).bounds


def zones_for(*, target: BaseGeometry, buffer_m: float, comparison: BaseGeometry) -> Zones:
    """The three zones; the comparison area never overlaps the target or its buffer."""
    if buffer_m <= 0:
        raise ValueError("the buffer must be wider than 0 metres")
    reach = target.buffer(buffer_m)
    return Zones(target=target, buffer=reach.difference(target), comparison=comparison.difference(reach))


@dataclass(frozen=True)
class ZoneChange:
    zone: str
    label: str
    before: int
    after: int
    before_per_month: float
    after_per_month: float
    percent_change: float | None  # of the monthly rate; None when there was nothing before
    p_value: float
    significant: bool


def zone_change(zone: str, *, before: int, after: int, before_months: int, after_months: int) -> ZoneChange:
    before_rate, after_rate = before / before_months, after / after_months
    p_value = poisson_change_test(
        after, before, current_exposure=after_months, previous_exposure=before_months
    )
    return ZoneChange(
        zone=zone,
        label=ZONE_LABELS[zone],
        before=int(before),
        after=int(after),
        before_per_month=before_rate,
        after_per_month=after_rate,
        percent_change=None if before == 0 else (after_rate - before_rate) / before_rate * 100,
        p_value=p_value,
        significant=p_value < SIGNIFICANCE,
    )


def weighted_displacement_quotient(
    *,
    target_before: float,
    target_after: float,
    buffer_before: float,
    buffer_after: float,
    comparison_before: float,
    comparison_after: float,
) -> float | None:
    """WDQ = (Da/Ca - Db/Cb) / (Ra/Ca - Rb/Cb); None when it has no meaning (see the module docstring)."""
    if comparison_before == 0 or comparison_after == 0:
        return None
    success = target_after / comparison_after - target_before / comparison_before
    if success >= 0:
        return None
    displacement = buffer_after / comparison_after - buffer_before / comparison_before
    return displacement / success


def wdq_reading(wdq: float | None) -> str:
    if wdq is None:
        return (
            "Not measured: the target area did not improve relative to the comparison area "
            "(or the comparison area had no incidents)."
        )
    if wdq > 1:
        return "Diffusion of benefits larger than the direct effect: the buffer improved even more."
    if wdq > 0:
        return "Diffusion of benefits: the buffer improved too."
    if wdq == 0:
        return "Neither displacement nor diffusion of benefits."
    if wdq >= -1:
        return "Some displacement into the buffer, less than the reduction in the target area."
    return "Displacement larger than the reduction in the target area: the problem moved and grew."


def zone_counts(
    zones: Iterable[tuple[str, BaseGeometry]], easting: np.ndarray, northing: np.ndarray, after: np.ndarray
) -> dict[str, tuple[int, int]]:
    """{zone: (before, after)} for points given with a boolean `after` column (False: before)."""
    counts = {}
    for name, geometry in zones:
        inside = shapely.contains_xy(geometry, easting, northing) if len(easting) else np.zeros(0, bool)
        counts[name] = (int((inside & ~after).sum()), int((inside & after).sum()))
    return counts


@dataclass(frozen=True)
class AssessmentFigures:
    before_months: int
    after_months: int
    zones: list[ZoneChange]
    wdq: float | None
    patrols_before: tuple[int, float]  # (patrols, hours)
    patrols_after: tuple[int, float]

    @property
    def wdq_reading(self) -> str:
        return wdq_reading(self.wdq)

    def as_json(self) -> dict[str, Any]:
        return {
            "before_months": self.before_months,
            "after_months": self.after_months,
            "zones": [asdict(z) for z in self.zones],
            "wdq": self.wdq,
            "wdq_reading": self.wdq_reading,
            "patrols": {
                "before": {"count": self.patrols_before[0], "hours": round(self.patrols_before[1], 2)},
                "after": {"count": self.patrols_after[0], "hours": round(self.patrols_after[1], 2)},
            },
        }


def figures(
    counts: dict[str, tuple[int, int]],
    *,
    before_months: int,
    after_months: int,
    patrols_before: tuple[int, float] = (0, 0.0),
    patrols_after: tuple[int, float] = (0, 0.0),
) -> AssessmentFigures:
    changes = [
        zone_change(name, before=b, after=a, before_months=before_months, after_months=after_months)
        for name, (b, a) in counts.items()
    ]
    # Rates per month, so periods of different lengths compare; the quotient is unchanged by this.
    rate = {name: (b / before_months, a / after_months) for name, (b, a) in counts.items()}
    wdq = weighted_displacement_quotient(
        target_before=rate["target"][0],
        target_after=rate["target"][1],
        buffer_before=rate["buffer"][0],
        buffer_after=rate["buffer"][1],
        comparison_before=rate["comparison"][0],
        comparison_after=rate["comparison"][1],
    )
    return AssessmentFigures(before_months, after_months, changes, wdq, patrols_before, patrols_after)
