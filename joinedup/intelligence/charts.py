"""Charts drawn on the server as SVG, so they print, need no JavaScript and carry text alternatives.

Each chart comes with a sentence saying what it shows; the page puts the full data table beside it.
"""

from __future__ import annotations

import io
import re

from matplotlib.figure import Figure

from .trend_selectors import Trends

# GOV.UK Design System colours; distinguishable and each with enough contrast on white.
PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#505a5f"]
SHOWN_CATEGORIES = 5
_SVG_START = re.compile(r"<svg\b")


def trends_chart(trends: Trends) -> tuple[str, str]:
    """(inline SVG markup, its text alternative) of incidents per month, stacked by category."""
    return svg_markup(trends_figure(trends), description_id="trends-chart-description"), trends_description(
        trends
    )


def trends_figure(trends: Trends) -> Figure:
    """The chart of incidents per month, stacked by category, to save as SVG or PNG."""
    labels = [f"{row.month:%b %y}" for row in trends.months]
    ranked = sorted(range(len(trends.categories)), key=lambda i: -trends.category_totals[i].count)[
        :SHOWN_CATEGORIES
    ]
    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.add_subplot()
    # Bars at numbered positions with the months as tick labels: Matplotlib would read month labels
    # such as "Jan 25" as categories and warn on every chart.
    positions = list(range(len(labels)))
    bottom = [0] * len(labels)
    series = [(trends.categories[i].name, [row.counts[i] for row in trends.months]) for i in ranked]
    others = [row.total - sum(row.counts[i] for i in ranked) for row in trends.months]
    if any(others):
        series.append(("All other categories", others))
    for (name, values), colour in zip(series, PALETTE, strict=False):
        axes.bar(positions, values, bottom=bottom, label=name, color=colour, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("Incidents")
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xticks(positions, labels)
    # Beside the legend, more than six months' labels run into each other unless slanted.
    axes.tick_params(axis="x", labelrotation=45 if len(labels) > 6 else 0, labelsize=8)
    if series:
        axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    figure.tight_layout()
    return figure


def svg_markup(figure: Figure, *, description_id: str) -> str:
    """The figure as inline SVG, labelled by the element holding its text alternative."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[_SVG_START.search(svg).start() :]  # type: ignore[union-attr]
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{description_id}" focusable="false" ', 1)


def png_bytes(figure: Figure) -> bytes:
    """The figure as a PNG, for documents that cannot hold SVG (Word)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def trends_description(trends: Trends) -> str:
    if not trends.months or trends.total == 0:
        return "No incidents in this period, so the chart is empty."
    high = max(trends.months, key=lambda row: row.total)
    low = min(trends.months, key=lambda row: row.total)
    return (
        f"Bar chart of incidents each month from {trends.month_from:%B %Y} to {trends.month_to:%B %Y} "
        f"in {trends.area.name}, {trends.total:,} in all, split by category. The busiest month was "
        f"{high.month:%B %Y} ({high.total:,}) and the quietest {low.month:%B %Y} ({low.total:,}). "
        "The table below gives every figure."
    )
