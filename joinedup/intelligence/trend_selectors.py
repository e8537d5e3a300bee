"""Reads behind the trends and emerging-issues pages: an area's counts by month and category.

Counts come from the database already grouped (month by category by ward by LSOA) for districts, wards
and LSOAs, which every incident carries from its import; a custom patch carries no code, so its
incidents are the located ones whose point lies inside its boundary. Who sees which incidents is
`Incident.objects.visible_to`. Statistics are `analysis.trends`, `analysis.harm` and
`analysis.exceedance`: this module only shapes their inputs and outputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
import shapely
from django.db.models import Count, Max, Min

from joinedup.core.errors import ApplicationError
from joinedup.places.models import Area, AreaKind

from .analysis import exceedance
from .analysis import trends as stats
from .analysis.harm import harm_ranking, incident_weights
from .harm_weights import harm_weights
from .models import Incident, IncidentCategory

AREA_FIELDS: dict[str, str] = {
    AreaKind.DISTRICT: "district_id",
    AreaKind.WARD: "ward_id",
    AreaKind.LSOA: "lsoa_id",
}
TREND_AREA_KINDS = (*AREA_FIELDS, AreaKind.PATCH)
MAX_MONTHS = 120
TOP = 10


def month_add(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [month_add(first, i) for i in range(count)]


def loaded_months(*, user: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last month with any incident the user may see; None when the store is empty.

    Open police data and partner rows are asked apart, so each reads the ends of its own month index
    rather than scanning the store."""
    visible = Incident.objects.visible_to(user)
    spans = [
        part.aggregate(first=Min("month"), last=Max("month"))
        for part in (visible.filter(partnership__isnull=True), visible.filter(partnership__isnull=False))
    ]
    firsts = [span["first"] for span in spans if span["first"] is not None]
    if not firsts:
        return None
    return min(firsts), max(span["last"] for span in spans if span["last"] is not None)


def period_check(month_from: dt.date, month_to: dt.date) -> None:
    if month_from > month_to:
        raise ApplicationError("The first month must be before the last month.", field="month_from")
    if len(month_range(month_from, month_to)) > MAX_MONTHS:
        raise ApplicationError(f"Choose at most {MAX_MONTHS // 12} years.", field="month_from")


def area_counts(
    *, user: Any, area: Area, month_from: dt.date, month_to: dt.date, category_ids: list[int] | None
) -> pl.DataFrame:
    """Incidents in `area` per month, category, ward and LSOA (ward/LSOA null where unplaced).

    Columns: month (date), category_id, ward_id, lsoa_id, n.
    """
    incidents = Incident.objects.visible_to(user).filter(month__gte=month_from, month__lte=month_to)
    if category_ids is not None:
        incidents = incidents.filter(category_id__in=category_ids)
    schema = {
        "month": pl.Date,
        "category_id": pl.Int64,
        "ward_id": pl.Int64,
        "lsoa_id": pl.Int64,
        "n": pl.Int64,
    }
    columns = ["month", "category_id", "ward_id", "lsoa_id"]
    if area.kind in AREA_FIELDS:
        rows = list(
            incidents.filter(**{AREA_FIELDS[area.kind]: area.id})
            .order_by()
            .values_list(*columns)
            .annotate(n=Count("*"))
        )
        return pl.DataFrame(rows, schema=schema, orient="row")
    if area.kind != AreaKind.PATCH:
        raise ApplicationError("Choose a district, ward, LSOA or patch.", field="area")
    located = list(
        incidents.filter(
            longitude__gte=area.min_lon,
            longitude__lte=area.max_lon,
            latitude__gte=area.min_lat,
            latitude__lte=area.max_lat,
        )
        .order_by()
        .values_list(*columns, "longitude", "latitude")
    )
    if not located:
        return pl.DataFrame(schema=schema)
    points = pl.DataFrame(
        located,
        schema={**{k: schema[k] for k in columns}, "lon": pl.Float64, "lat": pl.Float64},
        orient="row",
    )
    inside = shapely.contains_xy(
        shapely.from_geojson(area.boundary), points["lon"].to_numpy(), points["lat"].to_numpy()
    )
    return points.filter(pl.Series(inside)).group_by(columns).agg(pl.len().cast(pl.Int64).alias("n"))


@dataclass(frozen=True)
class RankedArea:
    area: Area
    count: float
    harm: float
    count_rank: int
    harm_rank: int


@dataclass(frozen=True)
class CategoryTotal:
    category: IncidentCategory
    count: int
    harm: float


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    counts: list[int]  # in the order of `Trends.categories`
    total: int
    harm: float


@dataclass(frozen=True)
class FinancialYear:
    label: str
    count: float
    harm: float
    months: int  # how many of its 12 months are in the period


@dataclass
class Trends:
    area: Area
    month_from: dt.date
    month_to: dt.date
    categories: list[IncidentCategory]
    months: list[MonthRow]
    category_totals: list[CategoryTotal]
    financial_years: list[FinancialYear]
    rolling: stats.PeriodChange | None
    rolling_note: str
    top_wards: list[RankedArea] = field(default_factory=list)
    top_lsoas: list[RankedArea] = field(default_factory=list)
    top_wards_by_harm: list[RankedArea] = field(default_factory=list)
    total: int = 0
    harm_total: float = 0.0

    def csv_rows(self) -> list[tuple[str, str, str, str, int]]:
        """(area code, month, category code, category name, incidents), one per month by category."""
        return [
            (self.area.code, f"{row.month:%Y-%m}", category.code, category.name, count)
            for row in self.months
            for category, count in zip(self.categories, row.counts, strict=True)
            if count
        ]


def trends_build(
    *,
    user: Any,
    area: Area,
    month_from: dt.date,
    month_to: dt.date,
    categories: list[IncidentCategory] | None = None,
) -> Trends:
    """Everything the trends page shows for one area, period and set of categories."""
    period_check(month_from, month_to)
    # The rolling comparison always reads the 24 months to the period's end, whatever the period.
    earliest = min(month_from, month_add(month_to, -23))
    category_ids = [c.id for c in categories] if categories else None
    frame = area_counts(
        user=user, area=area, month_from=earliest, month_to=month_to, category_ids=category_ids
    )
    by_id = {c.id: c for c in IncidentCategory.objects.all()}
    weights = harm_weights()
    frame = frame.with_columns(
        category=pl.col("category_id").replace_strict(
            {i: c.code for i, c in by_id.items()}, return_dtype=pl.String
        )
    )
    frame = frame.with_columns(
        harm=pl.col("n") * pl.Series(incident_weights(frame["category"].to_list(), weights, unknown=0.0))
    )
    period = frame.filter(pl.col("month") >= month_from)

    per_category = (
        period.group_by("category_id").agg(pl.col("n").sum(), pl.col("harm").sum()).sort("n", descending=True)
    )
    shown = categories or [by_id[i] for i in per_category["category_id"].to_list()]
    shown = sorted(shown, key=lambda c: c.name)
    cells = {
        (m, c): (n, h)
        for m, c, n, h in period.group_by("month", "category_id")
        .agg(pl.col("n").sum(), pl.col("harm").sum())
        .iter_rows()
    }
    months = []
    for month in month_range(month_from, month_to):
        counts = [int(cells.get((month, c.id), (0, 0.0))[0]) for c in shown]
        harm = sum(cells.get((month, c.id), (0, 0.0))[1] for c in shown)
        months.append(MonthRow(month=month, counts=counts, total=sum(counts), harm=float(harm)))
    totals = {cid: (int(n), float(h)) for cid, n, h in per_category.iter_rows()}
    category_totals = [
        CategoryTotal(category=c, count=totals.get(c.id, (0, 0.0))[0], harm=totals.get(c.id, (0, 0.0))[1])
        for c in shown
    ]

    month_column = [row.month for row in months]
    year_counts = stats.financial_year_totals(month_column, [row.total for row in months])
    year_harms = stats.financial_year_totals(month_column, [row.harm for row in months])
    covered = stats.financial_year_totals(month_column)
    financial_years = [
        FinancialYear(label=label, count=total, harm=year_harms[label], months=int(covered[label]))
        for label, total in year_counts.items()
    ]

    rolling, rolling_note = _rolling(user=user, frame=frame, month_to=month_to)
    return Trends(
        area=area,
        month_from=month_from,
        month_to=month_to,
        categories=shown,
        months=months,
        category_totals=category_totals,
        financial_years=financial_years,
        rolling=rolling,
        rolling_note=rolling_note,
        top_wards=_ranked(period, "ward_id", weights) if area.kind != AreaKind.WARD else [],
        top_lsoas=_ranked(period, "lsoa_id", weights) if area.kind != AreaKind.LSOA else [],
        top_wards_by_harm=_ranked(period, "ward_id", weights, by_harm=True)
        if area.kind != AreaKind.WARD
        else [],
        total=sum(row.total for row in months),
        harm_total=sum(row.harm for row in months),
    )


def _rolling(*, user: Any, frame: pl.DataFrame, month_to: dt.date) -> tuple[stats.PeriodChange | None, str]:
    first_needed = month_add(month_to, -23)
    loaded = loaded_months(user=user)
    if loaded is None or loaded[0] > first_needed or loaded[1] < month_to:
        return None, (
            f"Comparing the 12 months to {month_to:%B %Y} with the 12 before needs data from "
            f"{first_needed:%B %Y} to {month_to:%B %Y}; the store holds "
            + (f"{loaded[0]:%B %Y} to {loaded[1]:%B %Y}." if loaded else "none yet.")
        )
    months = frame["month"].to_numpy() if frame.height else np.array([], dtype="datetime64[M]")
    return stats.rolling_twelve_months(months, frame["n"].to_numpy(), ending=month_to), ""


def _ranked(
    period: pl.DataFrame, column: str, weights: dict[str, float], *, by_harm: bool = False
) -> list[RankedArea]:
    """The top areas by count (or by harm), each with both its ranks."""
    placed = period.filter(pl.col(column).is_not_null())
    if placed.height == 0:
        return []
    ranks = harm_ranking(
        placed[column].to_numpy(), placed["category"].to_list(), weights, counts=placed["n"], unknown=0.0
    )
    top = sorted(ranks, key=lambda r: r.harm_rank if by_harm else r.count_rank)[:TOP]
    areas = Area.objects.in_bulk([r.area for r in top])
    return [
        RankedArea(
            area=areas[r.area], count=r.count, harm=r.harm, count_rank=r.count_rank, harm_rank=r.harm_rank
        )
        for r in top
        if r.area in areas
    ]


# --- emerging issues -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmergingIssue:
    area: Area
    category: IncidentCategory
    month: dt.date
    observed: int
    expected: float
    ratio: float
    p_value: float
    q_value: float


def emerging_baseline(*, user: Any, month_from: dt.date) -> int:
    """How many months before `month_from` each tested month is compared with: 12 when the store
    holds a year of history (with a seasonal adjustment), else as many as it holds, from 6 (without).
    """
    loaded = loaded_months(user=user)
    held = 0 if loaded is None or loaded[0] >= month_from else _months_between(loaded[0], month_from)
    if held < exceedance.MIN_BASELINE:
        shown = f"{loaded[0]:%B %Y} to {loaded[1]:%B %Y}" if loaded else "no data yet"
        raise ApplicationError(
            f"Each month is compared with the months before it (at least {exceedance.MIN_BASELINE}, "
            f"ideally 12), so testing from {month_from:%B %Y} needs data from "
            f"{month_add(month_from, -exceedance.MIN_BASELINE):%B %Y}; the store holds {shown}. "
            "Choose a later period or load more history.",
            field="month_from",
        )
    return min(held, 12)


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def emerging_issues(
    *, user: Any, area_kind: str, districts: list[Area], month_from: dt.date, month_to: dt.date
) -> list[EmergingIssue]:
    """Area by category months in the period significantly above their baseline (see
    `emerging_baseline` for how far back it looks); too little history is an ApplicationError.
    """
    if area_kind not in AREA_FIELDS:
        raise ApplicationError("Choose wards, LSOAs or districts.", field="area_kind")
    period_check(month_from, month_to)
    baseline = emerging_baseline(user=user, month_from=month_from)
    history_from = month_add(month_from, -baseline)
    column = AREA_FIELDS[area_kind]
    rows = list(
        Incident.objects.visible_to(user)
        .filter(
            month__gte=history_from,
            month__lte=month_to,
            district_id__in=[d.id for d in districts],
            **{f"{column}__isnull": False},
        )
        .order_by()
        .values_list(column, "category_id", "month")
        .annotate(n=Count("*"))
    )
    if not rows:
        return []
    months = month_range(history_from, month_to)
    month_index = {m: i for i, m in enumerate(months)}
    series_keys = sorted({(a, c) for a, c, _, _ in rows})
    series_index = {key: i for i, key in enumerate(series_keys)}
    counts = np.zeros((len(series_keys), len(months)))
    for area_id, category_id, month, n in rows:
        counts[series_index[(area_id, category_id)], month_index[month]] += n
    found = exceedance.monthly_exceedances(
        counts,
        np.array(months, dtype="datetime64[M]"),
        groups=[c for _, c in series_keys],
        baseline_months=baseline,
        recent=len(months) - baseline,
    )
    flagged = found.flagged_rows()
    areas = Area.objects.in_bulk({series_keys[r["series"]][0] for r in flagged})
    categories = IncidentCategory.objects.in_bulk({series_keys[r["series"]][1] for r in flagged})
    return [
        EmergingIssue(
            area=areas[series_keys[r["series"]][0]],
            category=categories[series_keys[r["series"]][1]],
            month=dt.date.fromisoformat(r["month"] + "-01"),
            observed=int(r["observed"]),
            expected=r["expected"],
            ratio=r["ratio"],
            p_value=r["p_value"],
            q_value=r["q_value"],
        )
        for r in flagged
    ]
