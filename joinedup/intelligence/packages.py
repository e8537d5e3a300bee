"""Area data packages: one zip with what a local problem-solving group reads before it meets.

For a ward, a patch or a problem location (a point with a buffer) and a period: the incidents
(CSV), a README with the counts by category and month and the top streets, the monthly trends
(CSV) and the hotspot map (PNG and GeoJSON). A package may hold partner data, so building one is
recorded in the audit trail, and it holds only incidents the person may see (the store's
`visible_to`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson
import shapely
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError
from joinedup.core.spreadsheets import spreadsheet_safe
from joinedup.places.models import Area

from . import hotspots, maps
from .analysis.grid import area_to_bng, bng_to_lonlat, lonlat_to_bng
from .models import IncidentCategory

MIN_RADIUS_M = 50
MAX_RADIUS_M = 2_000
TOP_STREETS = 15
INCIDENT_COLUMNS = {
    "month": "Month",
    "category__code": "Category",
    "category_raw": "Category as recorded",
    "source": "Source",
    "partnership__name": "Partnership",
    "crime_id": "Crime ID",
    "reference": "Reference",
    "occurred_at": "Occurred at",
    "location": "Location",
    "longitude": "Longitude",
    "latitude": "Latitude",
    "easting": "Easting",
    "northing": "Northing",
    "ward__name": "Ward",
    "lsoa_code": "LSOA code",
    "last_outcome": "Last outcome",
}


@dataclass(frozen=True)
class Package:
    file_name: str
    content: bytes
    incidents: int


def point_area(*, longitude: float, latitude: float, radius_m: float, name: str = "") -> hotspots.StudyArea:
    """A circle of `radius_m` metres round a problem location, as a study area in lon/lat."""
    if not MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M:
        raise ApplicationError(
            f"The radius must be between {MIN_RADIUS_M} and {MAX_RADIUS_M:,} metres.", field="radius"
        )
    if not (-8.7 <= longitude <= 1.8 and 49.8 <= latitude <= 60.9):
        raise ApplicationError(
            "The location must be in Great Britain (longitude and latitude).", field="longitude"
        )
    easting, northing = lonlat_to_bng([longitude], [latitude])
    circle = shapely.Point(easting[0], northing[0]).buffer(radius_m, quad_segs=16)
    ring = np.asarray(circle.exterior.coords)
    lon, lat = bng_to_lonlat(ring[:, 0], ring[:, 1])
    label = name or f"{radius_m:g} m around {latitude:.5f}, {longitude:.5f}"
    return hotspots.StudyArea(name=label, boundary=shapely.Polygon(np.column_stack([lon, lat])))


def _csv(header: list[str], rows: Any) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def package_build(
    *,
    by: Any,
    area: hotspots.StudyArea,
    month_from: dt.date,
    month_to: dt.date,
    categories: tuple[str, ...] = (),
    area_record: Area | None = None,
) -> Package:
    """The zip for an area and period, recorded in the audit trail as an export by `by`."""
    hotspots.period_check(month_from, month_to)
    months = hotspots.month_range(month_from, month_to)
    area_bng = area_to_bng(area.boundary)
    wanted = hotspots.visible_incidents(user=by, area_bng=area_bng, months=months, categories=categories)
    columns = list(INCIDENT_COLUMNS)
    rows = hotspots.capped(wanted.order_by("month", "id").values_list(*columns))
    easting = np.array([r[columns.index("easting")] for r in rows], dtype=np.float64)
    northing = np.array([r[columns.index("northing")] for r in rows], dtype=np.float64)
    inside = shapely.contains_xy(area_bng, easting, northing) if rows else np.zeros(0, dtype=bool)
    rows = [r for r, keep in zip(rows, inside.tolist(), strict=True) if keep]

    names = dict(IncidentCategory.objects.values_list("code", "name"))
    by_category = Counter(r[columns.index("category__code")] for r in rows)
    by_month = Counter((r[0], r[columns.index("category__code")]) for r in rows)
    streets = Counter(r[columns.index("location")] for r in rows if r[columns.index("location")])
    partner_rows = sum(1 for r in rows if r[columns.index("partnership__name")])
    cell = _cell_size(area_bng)
    result = hotspots.hotspot_analysis(
        user=by,
        query=hotspots.HotspotQuery(
            area=area,
            month_from=month_from,
            month_to=month_to,
            categories=categories,
            cell_size_m=cell,
            bandwidth_m=3 * cell,
            distance_band_m=2 * cell,
        ),
    )

    stem = _slug(area.name) + f"-{month_from:%Y-%m}-to-{month_to:%Y-%m}"
    created = timezone.localtime()
    files = {
        "README.txt": _readme(
            by=by,
            area=area,
            months=months,
            created=created,
            total=len(rows),
            partner_rows=partner_rows,
            by_category=by_category,
            names=names,
            by_month=by_month,
            streets=streets,
            result=result,
        ).encode(),
        "incidents.csv": _csv([INCIDENT_COLUMNS[c] for c in columns], rows),
        "trends.csv": _csv(
            ["Month", "Category", "Category name", "Incidents"],
            (
                [f"{month:%Y-%m}", code, names.get(code, code), by_month[(month, code)]]
                for month in months
                for code in sorted(by_category)
            ),
        ),
        "hotspots.geojson": orjson.dumps(result.features()),
        "hotspots.png": maps.map_image(result, image_format="png"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{stem}/{name}", content)
    audit_record(
        by=by,
        action=Action.EXPORTED,
        obj=area_record,
        partnership=area_record.partnership if area_record is not None else None,
        purpose=f"Area data package: {area.name}, {month_from:%Y-%m} to {month_to:%Y-%m}",
        changes={
            "area": area.name,
            "boundary": shapely.to_geojson(area.boundary) if area_record is None else "",
            "months": [f"{month_from:%Y-%m}", f"{month_to:%Y-%m}"],
            "categories": list(categories),
            "incidents": len(rows),
            "partner_incidents": partner_rows,
        },
    )
    return Package(file_name=f"area-data-{stem}.zip", content=buffer.getvalue(), incidents=len(rows))


def _cell_size(area_bng: Any) -> int:
    # A problem location a few hundred metres across needs small cells to show anything.
    west, south, east, north = area_bng.bounds
    return 100 if max(east - west, north - south) < 2_000 else 150


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split()) or "area"


def _readme(
    *,
    by: Any,
    area: hotspots.StudyArea,
    months: list[dt.date],
    created: dt.datetime,
    total: int,
    partner_rows: int,
    by_category: Counter,
    names: dict[str, str],
    by_month: Counter,
    streets: Counter,
    result: hotspots.HotspotResult,
) -> str:
    lines = [
        f"Area data package: {area.name}",
        f"Period: {months[0]:%B %Y} to {months[-1]:%B %Y}",
        f"Built by {getattr(by, 'full_name', '') or by} on {created:%d %B %Y at %H:%M}",
        "",
        f"Incidents with a map location inside the area: {total}",
    ]
    if partner_rows:
        lines += [
            f"Of these, {partner_rows} are partner data or reports, not open data: share this package "
            "only as your information sharing agreement allows.",
        ]
    lines += ["", "Incidents by category", "---------------------"]
    lines += [f"{n:>7}  {names.get(code, code)}" for code, n in by_category.most_common()] or ["      0"]
    lines += ["", "Incidents by month", "------------------"]
    lines += [
        f"{sum(n for (m, _), n in by_month.items() if m == month):>7}  {month:%B %Y}" for month in months
    ]
    lines += ["", f"Top {TOP_STREETS} streets", "--------------"]
    lines += [f"{n:>7}  {street}" for street, n in streets.most_common(TOP_STREETS)] or ["  (none)"]
    lines += ["", "Hot spots", "---------"]
    if result.message:
        lines.append(result.message)
    lines += [f"{n:>7} cells: {label}" for label, n in result.class_counts]
    lines += result.notes
    lines += [
        "",
        "Files",
        "-----",
        "incidents.csv     every incident counted here, one row each",
        "trends.csv        incidents per month and category",
        "hotspots.png      Getis-Ord Gi* hot and cold spots on a "
        f"{result.query.cell_size_m} m grid (false discovery rate corrected)",
        "hotspots.geojson  the same grid with counts, density, z-scores and classes, for GIS",
        "",
        maps.OGL_ATTRIBUTION,
        "",
    ]
    return "\n".join(lines)
