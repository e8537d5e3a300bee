"""The analysis charts of a profile, drawn as SVG on the server like the intelligence charts they reuse.

Months by category is `intelligence.charts.trends_chart` itself; time of day and day of week are
single bar charts in the same palette. Each comes with a sentence of text alternative, and the page
puts the figures in a table beside it.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from joinedup.intelligence.charts import _SVG_START, PALETTE, trends_chart
from joinedup.intelligence.trend_selectors import CategoryTotal, MonthRow, Trends
from joinedup.places.models import Area

from .models import ProblemProfile
from .selectors import WEEKDAYS, Scanning


def months_chart(profile: ProblemProfile, scanning: Scanning) -> tuple[str, str]:
    """Incidents per month, stacked by category: the trends chart, over the profile's target area."""
    trends = Trends(
        area=Area(name=f"the target area of {profile.reference}"),
        month_from=scanning.months[0],
        month_to=scanning.months[-1],
        categories=scanning.categories,
        months=[
            MonthRow(month=m, counts=row, total=total, harm=0.0)
            for m, row, total in zip(scanning.months, scanning.counts, scanning.month_totals, strict=True)
        ],
        category_totals=[
            CategoryTotal(category=c, count=n, harm=0.0)
            for c, n in zip(scanning.categories, scanning.category_totals, strict=True)
        ],
        financial_years=[],
        rolling=None,
        rolling_note="",
        total=scanning.total,
    )
    return trends_chart(trends)


def bar_chart(labels: list[str], values: list[int], *, description_id: str, colour: int = 0) -> str:
    figure = Figure(figsize=(8, 2.8), dpi=100)
    axes = figure.add_subplot()
    axes.bar(labels, values, color=PALETTE[colour], width=0.8)
    axes.set_ylabel("Incidents")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[_SVG_START.search(svg).start() :]  # type: ignore[union-attr]
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{description_id}" focusable="false" ', 1)


def _busiest(labels: list[str], values: list[int]) -> str:
    top = max(range(len(values)), key=lambda i: values[i])
    return f"{labels[top]} ({values[top]:,})"


def time_charts(scanning: Scanning) -> list[tuple[str, str, str]]:
    """(id, SVG, text alternative) for time of day and day of week; none when no incident has a time."""
    if not scanning.timed:
        return []
    hours = [f"{h:02d}" for h in range(24)]
    days = [d[:3] for d in WEEKDAYS]
    return [
        (
            "hour-chart",
            bar_chart(hours, scanning.hours, description_id="hour-chart-description"),
            f"Bar chart of the {scanning.timed:,} incidents with a known time, by hour of the day. "
            f"The busiest hour was {_busiest(hours, scanning.hours)}.",
        ),
        (
            "weekday-chart",
            bar_chart(days, scanning.weekdays, description_id="weekday-chart-description", colour=2),
            f"Bar chart of the same incidents by day of the week. The busiest day was "
            f"{_busiest(WEEKDAYS, scanning.weekdays)}.",
        ),
    ]
