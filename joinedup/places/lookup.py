"""Point → area lookup: which ward, LSOA, district or patch each point falls in.

Every feature that places something on the map (reports, incidents, hotspots) goes through here.
`AreaIndex` answers for whole NumPy columns of points at once with a Shapely STRtree, so assigning
areas to a month of police data is one vectorised call, not a loop over rows.

`AreaIndex` itself needs no database (benchmarks and scripts build it straight from boundary
files); the selector-style functions below load it from `Area` rows and cache it per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from django.db.models import Count, Max

from joinedup.core.errors import ApplicationError

if TYPE_CHECKING:
    from .boundaries import BoundaryFeature
    from .models import Area

NO_AREA = -1
# Touched whenever official boundaries or patches change, for callers that hold indexes longer.
AREAS_STAMP = "places.areas"


class AreaIndex:
    """A set of areas, ready to say which of them contains each of many points.

    Areas keep the order they are given in; `locate` returns positions in that order. A point on
    a boundary shared by two areas goes to the one with the lower position, so results do not
    depend on the order the tree happens to return candidates in.
    """

    def __init__(
        self,
        *,
        codes: Sequence[str] | np.ndarray,
        geometries: Sequence[Any] | np.ndarray,
        ids: Sequence[int] | np.ndarray | None = None,
    ):
        geometry_array = np.asarray(geometries, dtype=object)
        if geometry_array.size and isinstance(geometry_array.flat[0], str | bytes):
            geometry_array = shapely.from_geojson(geometry_array)
        if len(codes) != len(geometry_array) or (ids is not None and len(ids) != len(geometry_array)):
            raise ValueError("codes, geometries and ids must have the same length")
        self.geometries: np.ndarray = geometry_array
        # Prepared polygons make each point test a fast lookup instead of a walk round the ring.
        shapely.prepare(self.geometries)
        self._tree = shapely.STRtree(self.geometries)
        # One slot more than there are areas, left None, so indexing with NO_AREA (-1) gives None.
        count = len(geometry_array)
        self._codes = np.empty(count + 1, dtype=object)
        self._codes[:count] = list(codes)
        self._ids = np.empty(count + 1, dtype=object)
        if ids is not None:
            self._ids[:count] = list(ids)

    @classmethod
    def from_features(cls, features: Iterable[BoundaryFeature]) -> AreaIndex:
        """An index straight from checked boundary-file features (no database)."""
        features = list(features)
        return cls(codes=[f.code for f in features], geometries=[f.geometry for f in features])

    def __len__(self) -> int:
        return len(self.geometries)

    @property
    def area_codes(self) -> np.ndarray:
        return self._codes[:-1]

    def locate(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """For each point, the position of the area containing it, or -1 (also for NaN coordinates).

        Points on an area's edge count as inside it (the "intersects" predicate), and a point on
        an edge shared by two areas goes to the one with the lower position.
        """
        lons = np.asarray(lons, dtype=np.float64)
        lats = np.asarray(lats, dtype=np.float64)
        if lons.shape != lats.shape or lons.ndim != 1:
            raise ValueError("lons and lats must be one-dimensional arrays of the same length")
        positions = np.full(len(lons), NO_AREA, dtype=np.int64)
        located = np.isfinite(lons) & np.isfinite(lats)
        if not len(self) or not located.any():
            return positions
        # police.uk snaps every crime to one of a limited set of anonymous map points (100,000 West
        # Mercia rows hold ~22,000 places), so test each distinct place once: ~5x faster there,
        # ~10 ms dearer per 100,000 points when every point differs.
        places, place_of_point = np.unique(lons[located] + 1j * lats[located], return_inverse=True)
        positions[located] = self._locate_distinct(places.real, places.imag)[place_of_point]
        return positions

    def _locate_distinct(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        # Query the tree by bounding box only, then test the candidates with `intersects_xy` on the
        # prepared polygons: the same answer as `tree.query(points, predicate="intersects")`, about
        # 3x faster (see benchmarks/area_assignment.py).
        point_at, area_at = self._tree.query(shapely.points(x, y))
        inside = shapely.intersects_xy(self.geometries[area_at], x[point_at], y[point_at])
        point_at, area_at = point_at[inside], area_at[inside]
        # Sort by point then area, and keep each point's first (lowest) area.
        order = np.lexsort((area_at, point_at))
        point_at, area_at = point_at[order], area_at[order]
        first = np.ones(len(point_at), dtype=bool)
        first[1:] = point_at[1:] != point_at[:-1]
        found = np.full(len(x), NO_AREA, dtype=np.int64)
        found[point_at[first]] = area_at[first]
        return found

    def locate_one(self, lon: float, lat: float) -> int:
        """`locate` for one point, without the array bookkeeping (a report's hot path)."""
        if not (len(self) and np.isfinite(lon) and np.isfinite(lat)):
            return NO_AREA
        candidates = self._tree.query(shapely.Point(lon, lat))
        if not len(candidates):
            return NO_AREA
        candidates = np.sort(candidates)  # the lowest position wins on a shared edge, as in `locate`
        inside = shapely.intersects_xy(self.geometries[candidates], lon, lat)
        return int(candidates[inside][0]) if inside.any() else NO_AREA

    def codes(self, positions: np.ndarray) -> np.ndarray:
        """The area codes at `positions` (from `locate`), as an object array with None for no area."""
        return self._codes[np.asarray(positions, dtype=np.int64)]

    def ids(self, positions: np.ndarray) -> np.ndarray:
        """The `Area` ids at `positions`, as an object array with None for no area (or no database)."""
        return self._ids[np.asarray(positions, dtype=np.int64)]


# The cache holds only what the database can rebuild, so it is safe per process: each worker
# checks freshness against the database before using it and rebuilds after a boundary import.
_cache: dict[tuple, tuple[tuple, AreaIndex]] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 32


def area_index(*, kind: str, vintage: str | None = None, within: Area | None = None) -> AreaIndex:
    """The index of areas of `kind` (newest vintage unless one is given), optionally within an area.

    Vintages compare as text, so they should be years ("2011", "2021").

    `within` keeps the areas whose interior point lies inside that area (e.g. the wards of a
    district), whether or not their `parent` is set. One aggregate query checks the cached index is
    still fresh; one `values_list` query loads it when it is not.
    """
    from .models import Area  # here, not at the top, so AreaIndex works without Django set up

    areas = Area.objects.filter(kind=kind)
    if within is not None:
        areas = areas.filter(
            min_lon__lte=within.max_lon,
            max_lon__gte=within.min_lon,
            min_lat__lte=within.max_lat,
            max_lat__gte=within.min_lat,
        ).exclude(pk=within.pk)
    # One query for every vintage's count and latest change; the newest vintage is the default.
    stamps = {
        row["vintage"]: (row["count"], row["latest"])
        for row in areas.values("vintage").annotate(count=Count("id"), latest=Max("updated_at")).order_by()
    }
    if vintage is None:
        vintage = max(stamps, default="")
    areas = areas.filter(vintage=vintage)
    key = (str(kind), vintage, within.pk if within is not None else None)
    freshness = (stamps.get(vintage, (0, None)), within.updated_at if within is not None else None)

    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == freshness:
        return cached[1]

    rows = list(areas.order_by("code").values_list("id", "code", "boundary"))
    ids = [row[0] for row in rows]
    codes = [row[1] for row in rows]
    geometries = shapely.from_geojson(np.array([row[2] for row in rows], dtype=object))
    if within is not None and rows:
        inside = shapely.intersects(
            shapely.from_geojson(within.boundary), shapely.point_on_surface(geometries)
        )
        ids = [i for i, keep in zip(ids, inside, strict=True) if keep]
        codes = [c for c, keep in zip(codes, inside, strict=True) if keep]
        geometries = geometries[inside]
    index = AreaIndex(codes=codes, geometries=geometries, ids=ids)

    with _cache_lock:
        _cache.pop(key, None)
        _cache[key] = (freshness, index)
        while len(_cache) > _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
    return index


def official_indexes(*, kinds: Iterable[str]) -> dict[str, list[AreaIndex]]:
    """For each kind, the indexes of its official areas, newest vintage first.

    One aggregate query checks every cached index is fresh; no boundary is parsed unless an import
    has changed it. Callers that answer many points may keep the result (see reports.routing).
    """
    from .models import Area

    kinds = [str(k) for k in kinds]
    stamps: dict[str, list[tuple[str, tuple]]] = {}
    rows = (
        Area.objects.filter(kind__in=kinds, partnership__isnull=True)
        .values("kind", "vintage")
        .annotate(count=Count("id"), latest=Max("updated_at"))
        .order_by("kind", "-vintage")
    )
    for row in rows:
        stamps.setdefault(row["kind"], []).append((row["vintage"], (row["count"], row["latest"])))
    indexes: dict[str, list[AreaIndex]] = {kind: [] for kind in kinds}
    for kind in kinds:
        for vintage, stamp in stamps.get(kind, []):
            with _cache_lock:
                cached = _cache.get((kind, vintage, None))
            fresh = cached is not None and cached[0] == (stamp, None)
            indexes[kind].append(
                cached[1] if fresh and cached is not None else area_index(kind=kind, vintage=vintage)
            )
    return indexes


def area_ids_in(
    indexes: Mapping[str, Sequence[AreaIndex]], *, lon: float, lat: float
) -> dict[str, int | None]:
    """For each kind, the id of the area containing the point in the newest vintage that has one."""
    found: dict[str, int | None] = dict.fromkeys(indexes)
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return found
    for kind, editions in indexes.items():
        for index in editions:
            position = index.locate_one(lon, lat)
            if position != NO_AREA:
                found[kind] = index.ids(np.array([position]))[0]
                break
    return found


def area_ids_at_point(*, lon: float, lat: float, kinds: Iterable[str]) -> dict[str, int | None]:
    """For each kind, the id of the official area containing the point (newest vintage that has one)."""
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return dict.fromkeys(str(k) for k in kinds)
    return area_ids_in(official_indexes(kinds=kinds), lon=lon, lat=lat)


def area_index_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def areas_for_points(
    *,
    lons: np.ndarray,
    lats: np.ndarray,
    kinds: Iterable[str] = ("ward", "lsoa"),
    vintages: Mapping[str, str] | None = None,
    within: Area | None = None,
) -> dict[str, np.ndarray]:
    """For each kind, the code of the area each point is in (object array, None where none).

    `vintages` picks the edition per kind (e.g. {"lsoa": "2021"}); otherwise the newest loaded.
    """
    vintages = vintages or {}
    result = {}
    for kind in kinds:
        index = area_index(kind=kind, vintage=vintages.get(kind), within=within)
        result[str(kind)] = index.codes(index.locate(lons, lats))
    return result


def area_at_point(*, lon: float, lat: float, kind: str, vintage: str | None = None) -> Area | None:
    """The area of `kind` containing one point, or None.

    Without a vintage, the newest vintage that has an area there: a partial newer edition (two 2021
    LSOAs over a complete 2011 set) answers where it can and the older edition everywhere else. Uses
    the cached indexes, so no boundary is parsed per call.
    """
    from .models import Area

    if vintage is None:
        area_id = area_ids_at_point(lon=lon, lat=lat, kinds=[kind])[str(kind)]
    elif np.isfinite(lon) and np.isfinite(lat):
        index = area_index(kind=kind, vintage=vintage)
        position = index.locate_one(lon, lat)
        area_id = index.ids(np.array([position]))[0] if position != NO_AREA else None
    else:
        area_id = None
    return None if area_id is None else Area.objects.defer("boundary").get(id=area_id)


def areas_by_code(*, codes: Iterable[str], kind: str | None = None) -> dict[str, Area]:
    """The loaded areas with these codes, in one query; the newest vintage where a code has several."""
    from .models import Area

    areas = Area.objects.filter(code__in=set(codes))
    if kind is not None:
        areas = areas.filter(kind=kind)
    found: dict[str, Area] = {}
    for area in areas.order_by("code", "vintage"):
        found[area.code] = area  # later (newer) vintages overwrite earlier ones
    return found


def area_by_code(*, code: str, kind: str | None = None) -> Area:
    """One loaded area by code (newest vintage), or ApplicationError naming the code."""
    area = areas_by_code(codes=[code], kind=kind).get(code)
    if area is None:
        raise ApplicationError(f"There is no area with the code {code}.", field="code")
    return area
