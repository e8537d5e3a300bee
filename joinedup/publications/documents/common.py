"""What the documents share: incident trends, the rolling-year test by category, and how they are cited.

Every statistic is the intelligence app's (`trends_build`, `area_counts`, `rolling_twelve_months`,
`hotspot_analysis`): this module only chooses the period and area and words the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import shapely

from joinedup.intelligence import hotspots
from joinedup.intelligence.analysis import trends as stats
from joinedup.intelligence.charts import trends_description, trends_figure
from joinedup.intelligence.maps import map_image
from joinedup.intelligence.models import IncidentCategory
from joinedup.intelligence.trend_selectors import Trends, area_counts, month_add, trends_build
from joinedup.places.models import Area

from ..document import Chart, MapImage, NoData, Paragraph, Section, Source, Table
from ..periods import Months
from ..readers import Reader


def incident_scope(reader: Reader) -> str:
    if reader.is_system:
        return "open police.uk data only"
    return "open police.uk data and the partner data the reader may see"


def area_label(area: Area) -> str:
    return f"{area.name} ({area.code})"


def trends_for(reader: Reader, area: Area, period: Months) -> tuple[Trends, Source]:
    trends = trends_build(user=reader.for_incidents, area=area, month_from=period.first, month_to=period.last)
    source = Source(
        query="Incidents by month and category: intelligence trends (trends_build), harm from the harm "
        "weights in use when the document was made",
        filters=f"{area_label(area)}; every category; {incident_scope(reader)}",
        period=period.label,
    )
    return trends, source


def no_incidents(area: Area, period: Months) -> NoData:
    return NoData(f"No incidents are loaded for {area.name} in {period.label}.")


def trends_chart(trends: Trends, source: Source) -> Chart:
    return Chart(
        id="trends-chart", figure=trends_figure(trends), description=trends_description(trends), source=source
    )


def months_table(trends: Trends, source: Source) -> Table:
    return Table(
        caption="Incidents each month",
        headings=["Month", "Incidents", "Harm (weighted)"],
        rows=[[f"{row.month:%B %Y}", f"{row.total:,}", f"{row.harm:,.0f}"] for row in trends.months],
        numeric=frozenset({1, 2}),
        source=source,
    )


def change_words(change: stats.PeriodChange) -> str:
    percent = "" if change.percent_change is None else f" ({change.percent_change:+.0f}%)"
    verdict = (
        "a statistically significant change"
        if change.significant
        else "a change within what chance alone would often give"
    )
    return (
        f"{change.current:,.0f} against {change.previous:,.0f} in the 12 months before{percent}: "
        f"{verdict} (Poisson exact test, p = {change.p_value:.3f})."
    )


def rolling_paragraph(trends: Trends, source: Source) -> Paragraph | NoData:
    if trends.rolling is None:
        return NoData(trends.rolling_note, source=source)
    return Paragraph(
        f"In the 12 months to {trends.month_to:%B %Y}: {change_words(trends.rolling)}", source=source
    )


@dataclass(frozen=True)
class CategoryChange:
    category: IncidentCategory
    change: stats.PeriodChange


def category_changes(reader: Reader, area: Area, period: Months) -> tuple[list[CategoryChange], Source]:
    """Each category's 12 months to the period's end against the 12 before, with its significance."""
    first = month_add(period.last, -23)
    frame = area_counts(
        user=reader.for_incidents, area=area, month_from=first, month_to=period.last, category_ids=None
    )
    source = Source(
        query="Incidents by month and category (intelligence area_counts), each category's last 12 months "
        "against the 12 before (Poisson exact test, rolling_twelve_months)",
        filters=f"{area_label(area)}; {incident_scope(reader)}",
        period=f"{first:%B %Y} to {period.last:%B %Y}",
    )
    if frame.height == 0:
        return [], source
    categories = IncidentCategory.objects.in_bulk(frame["category_id"].unique().to_list())
    changes = []
    for (category_id,), rows in frame.group_by(["category_id"]):
        monthly = rows.group_by("month").agg(pl.col("n").sum())
        change = stats.rolling_twelve_months(
            monthly["month"].to_numpy(), monthly["n"].to_numpy(), ending=period.last
        )
        changes.append(CategoryChange(categories[category_id], change))
    changes.sort(key=lambda c: (-c.change.current, c.category.name))
    return changes, source


def changes_table(changes: list[CategoryChange], source: Source, *, caption: str) -> Table:
    return Table(
        caption=caption,
        headings=["Category", "Last 12 months", "12 months before", "Change", "Significant?"],
        rows=[
            [
                c.category.name,
                f"{c.change.current:,.0f}",
                f"{c.change.previous:,.0f}",
                "no earlier incidents"
                if c.change.percent_change is None
                else f"{c.change.percent_change:+.0f}%",
                ("Yes, an increase" if c.change.change > 0 else "Yes, a fall")
                if c.change.significant
                else "No",
            ]
            for c in changes
        ],
        numeric=frozenset({1, 2, 3}),
        source=source,
    )


def hotspot_map(reader: Reader, area: Area, period: Months, section: Section) -> None:
    """The intelligence hotspot map of the area for the period, and its busiest cells."""
    query = hotspots.HotspotQuery(
        area=hotspots.StudyArea(name=area.name, boundary=shapely.from_geojson(area.boundary)),
        month_from=period.first,
        month_to=period.last,
    )
    result = hotspots.hotspot_analysis(user=reader.for_incidents, query=query)
    source = Source(
        query=f"Hot spots (intelligence hotspot_analysis): {query.cell_size_m} m cells, Getis-Ord Gi* with a "
        f"{query.distance_band_m} m distance band, incidents located inside the boundary",
        filters=f"{area_label(area)}; every category; {incident_scope(reader)}",
        period=period.label,
    )
    if result.incidents == 0:
        section.add(
            NoData(f"No located incidents are loaded for {area.name} in {period.label}, so there is no map.")
        )
        return
    hot = sum(1 for cell in result.top if cell.confidence > 0)
    section.add(
        MapImage(
            png=map_image(result, image_format="png"),
            description=(
                f"Map of {area.name} divided into {query.cell_size_m} metre squares, coloured by hot and "
                "cold "
                f"spot confidence, for the {result.incidents:,} located incidents of {period.label}. "
                f"{hot} of the {len(result.top)} busiest squares are hot spots. The table below lists them."
            ),
            source=source,
        ),
        *(Paragraph(note) for note in result.notes),
    )
    section.add(
        Table(
            caption="The busiest squares",
            headings=["Rank", "Street (most incidents)", "Incidents", "Hot spot confidence"],
            rows=[
                [str(cell.rank), cell.street or "Not named", f"{cell.incidents:,}", cell.confidence_label]
                for cell in result.top[:10]
            ],
            numeric=frozenset({0, 2}),
            source=source,
        )
    )
