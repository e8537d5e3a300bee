"""Hotspot maps as images for documents: PNG and SVG drawn with Matplotlib, no tile server.

Cells are drawn in British National Grid metres (square, as analysed) over the area's boundary,
coloured by hot/cold class or by density, with a legend, a title, the period and the Open
Government Licence attribution police.uk data requires. Matplotlib's object API (a `Figure`, not
pyplot) keeps each drawing private to its request.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from shapely.geometry.base import BaseGeometry

from .analysis import gistar
from .hotspots import HotspotResult

OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
STYLES = ("class", "density")
# ArcGIS's hot spot palette, read from cold (-3) to hot (+3); colour-blind safe (red to blue).
CLASS_COLOURS = ["#4575b5", "#849eba", "#c0ccbe", "#f5f5f5", "#fab984", "#ed7551", "#d62f27"]


def map_image(result: HotspotResult, *, image_format: str, style: str = "class") -> bytes:
    """The result's map as PNG or SVG bytes."""
    if image_format not in FORMATS:
        raise ValueError(f"unknown image format {image_format!r}")
    if style not in STYLES:
        raise ValueError(f"unknown map style {style!r}")
    figure = Figure(figsize=(8, 8.6), dpi=120)
    axes = figure.add_axes((0.03, 0.12, 0.94, 0.78))
    axes.set_aspect("equal")
    axes.set_axis_off()
    grid = result.grid
    xs = grid.west + np.arange(grid.columns + 1) * grid.cell_size
    ys = grid.south + np.arange(grid.rows + 1) * grid.cell_size
    if style == "class" and result.hot is not None:
        classes = np.where(grid.in_area, result.hot.confidence, np.nan).astype(float)
        axes.pcolormesh(xs, ys, classes, cmap=ListedColormap(CLASS_COLOURS), vmin=-3.5, vmax=3.5)
        shown = sorted({int(c) for c in np.unique(result.hot.confidence[grid.in_area])}, reverse=True)
        handles = [
            Patch(facecolor=CLASS_COLOURS[c + 3], edgecolor="#505a5f", label=gistar.CONFIDENCE_LABELS[c])
            for c in shown
        ]
        axes.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(0, -0.01), ncol=2, fontsize=8, frameon=False
        )
    else:
        density = np.where(grid.in_area & (result.density > 0), result.density, np.nan)
        mesh = axes.pcolormesh(xs, ys, density, cmap="YlOrRd")
        unit = "harm" if result.weighted else "incidents"
        colourbar = figure.colorbar(mesh, ax=axes, orientation="horizontal", fraction=0.04, pad=0.02)
        colourbar.set_label(f"Kernel density, {unit} per km²", fontsize=8)
    _outline(axes, result.area_bng)
    query = result.query
    what = "Harm-weighted hot spots" if result.weighted else "Hot spots"
    if style == "density":
        what = "Harm density" if result.weighted else "Incident density"
    figure.suptitle(f"{what}: {query.area.name}", fontsize=13, x=0.03, ha="left", y=0.975)
    figure.text(
        0.03,
        0.925,
        f"{query.month_from:%B %Y} to {query.month_to:%B %Y} · {result.incidents:,} incidents · "
        f"{query.cell_size_m} m cells · Gi* band {query.distance_band_m} m",
        fontsize=8.5,
        color="#505a5f",
    )
    figure.text(0.03, 0.015, OGL_ATTRIBUTION, fontsize=7, color="#505a5f")
    buffer = io.BytesIO()
    metadata = {"Title": f"{what}: {query.area.name}"}
    figure.savefig(buffer, format=image_format, metadata=metadata)
    return buffer.getvalue()


def _outline(axes, area: BaseGeometry) -> None:
    polygons = getattr(area, "geoms", [area])
    for polygon in polygons:
        x, y = polygon.exterior.xy
        axes.plot(x, y, color="#0b0c0c", linewidth=1.2)
