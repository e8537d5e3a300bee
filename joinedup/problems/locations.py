"""Finding a point without a map: latitude and longitude, an Ordnance Survey grid reference, or a
street from the gazetteer. Used where a place is picked on a Leaflet map when JavaScript runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from joinedup.core.errors import ApplicationError
from joinedup.intelligence.analysis.grid import bng_to_lonlat
from joinedup.partners.models import Partnership
from joinedup.places.gazetteer import street_search
from joinedup.places.lookup import area_at_point
from joinedup.places.models import Area, AreaKind

# The 500 km squares of the National Grid, then the 100 km squares in each (no I in either).
_LETTERS = "ABCDEFGHJKLMNOPQRSTUVWXYZ"
_GRID_REFERENCE = re.compile(r"^([A-HJ-Z]{2})\s*(\d+)\s*(\d+)?$")


@dataclass(frozen=True)
class Point:
    longitude: float
    latitude: float
    found_from: str  # says how, e.g. "street: Foregate Street"


def grid_reference_to_point(text: str) -> Point:
    """ "SO 849 548", "SO8490054800" → the point at the south-west corner of the square given."""
    cleaned = text.strip().upper()
    match = _GRID_REFERENCE.match(cleaned)
    message = "Enter a grid reference like SO 849 548, with the two letters then the numbers"
    if not match:
        raise ApplicationError(message, field="grid_reference")
    letters, first, second = match.groups()
    digits = first + (second or "")
    if len(digits) % 2 or not 4 <= len(digits) <= 10:
        raise ApplicationError(message, field="grid_reference")
    major, minor = (_LETTERS.index(c) for c in letters)
    # From the false origin of square S (SV is 0, 0): each letter is a 5x5 block, row 0 at the top.
    e100 = ((major - 2) % 5) * 5 + minor % 5
    n100 = (19 - (major // 5) * 5) - (minor // 5)
    half = len(digits) // 2
    scale = 10 ** (5 - half)
    easting = e100 * 100_000 + int(digits[:half]) * scale
    northing = n100 * 100_000 + int(digits[half:]) * scale
    lon, lat = bng_to_lonlat([easting], [northing])
    return Point(float(lon[0]), float(lat[0]), f"grid reference {letters} {digits[:half]} {digits[half:]}")


def street_to_point(*, partnership: Partnership, name: str) -> Point:
    codes = list(partnership.areas.filter(kind=AreaKind.DISTRICT).values_list("code", flat=True))
    streets = street_search(query=name, district_codes=codes, limit=1) if codes else []
    if not streets:
        raise ApplicationError(
            f"We could not find a street called {name.strip()!r} in {partnership.name}", field="street"
        )
    street = streets[0]
    return Point(street.longitude, street.latitude, f"street: {street.name}")


def point_from(
    *,
    partnership: Partnership,
    longitude: float | None = None,
    latitude: float | None = None,
    grid_reference: str = "",
    street: str = "",
) -> Point:
    """The first way of giving the place that was used: the map (or typed coordinates), grid, street."""
    if longitude is not None and latitude is not None:
        return Point(longitude, latitude, "map or coordinates")
    if grid_reference.strip():
        return grid_reference_to_point(grid_reference)
    if street.strip():
        return street_to_point(partnership=partnership, name=street)
    raise ApplicationError(
        "Say where it is: select it on the map, or give the latitude and longitude, a grid reference or "
        "a street",
        field="latitude",
    )


def ward_within(*, partnership: Partnership, point: Point) -> Area:
    """The ward the point is in, refusing a point outside the districts the partnership covers."""
    ward = area_at_point(lon=point.longitude, lat=point.latitude, kind=AreaKind.WARD)
    districts = set(partnership.areas.filter(kind=AreaKind.DISTRICT).values_list("id", flat=True))
    if ward is None or ward.parent_id not in districts:
        raise ApplicationError(
            f"That place ({point.found_from}) is outside the area {partnership.name} covers",
            field="latitude",
        )
    return ward
