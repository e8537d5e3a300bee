"""Where each row is: its ward, LSOA and district, and its British National Grid reference.

police.uk snaps every crime to one of a limited set of anonymous map points, so a month of a
force's rows holds only a few thousand distinct places. Areas and grid references are found once
per distinct point and joined back to the rows.

When a point is in no loaded area (or a row has no point) the row's own LSOA code is used: the
LSOA area with that code, its ward and district from the ONS best-fit lookup, or else the wards
and districts containing that LSOA's interior point.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np
import polars as pl
import shapely
from pyproj import Transformer

from joinedup.places.lookup import NO_AREA, AreaIndex, area_index
from joinedup.places.models import Area, AreaKind, BestFitLookup

AREA_FIELDS = ("ward_id", "lsoa_id", "district_id")
_PLACE_SCHEMA = {
    "longitude": pl.Float64,
    "latitude": pl.Float64,
    "ward_id": pl.Int64,
    "lsoa_id": pl.Int64,
    "district_id": pl.Int64,
    "lsoa_vintage": pl.String,
    "easting": pl.Float64,
    "northing": pl.Float64,
}


@lru_cache(maxsize=2)
def _transformer(source: int, target: int) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def to_grid(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude/latitude to British National Grid (EPSG:27700) easting/northing, in metres."""
    return _transformer(4326, 27700).transform(lons, lats)


def from_grid(eastings: np.ndarray, northings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _transformer(27700, 4326).transform(eastings, northings)


class AreaFinder:
    """The loaded wards, LSOAs (every vintage, newest first) and districts, ready to place points."""

    def __init__(self) -> None:
        self.wards = area_index(kind=AreaKind.WARD)
        self.districts = area_index(kind=AreaKind.DISTRICT)
        vintages = (
            Area.objects.filter(kind=AreaKind.LSOA, partnership__isnull=True)
            .values_list("vintage", flat=True)
            .distinct()
            .order_by("-vintage")
        )
        self.lsoas = [(v, area_index(kind=AreaKind.LSOA, vintage=v)) for v in vintages]
        # Wards nest in districts: a point's district is its ward's, with no second polygon test.
        parents = dict(
            Area.objects.filter(kind=AreaKind.WARD, parent__kind=AreaKind.DISTRICT).values_list(
                "id", "parent_id"
            )
        )
        self._district_of_ward = np.full(max(parents, default=0) + 2, np.nan)
        for ward_id, district_id in parents.items():
            self._district_of_ward[ward_id] = district_id

    @staticmethod
    def _ids(index: AreaIndex, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """The Area id containing each point, NaN where none (float, so "none" needs no object array).

        Points outside the index's bounding box are left out before the tree is asked, so a small
        edition (two 2021 LSOAs) costs next to nothing for a force's points.
        """
        found = np.full(len(lons), np.nan)
        if not len(index) or not len(lons):
            return found
        west, south, east, north = shapely.total_bounds(index.geometries)
        near = (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)
        table = np.append(np.asarray(index.ids(np.arange(len(index))), dtype=np.float64), np.nan)
        found[near] = table[index.locate(lons[near], lats[near])]  # NO_AREA (-1) picks the NaN at the end
        return found

    def points(self, lons: np.ndarray, lats: np.ndarray) -> pl.DataFrame:
        """One row per given point (distinct points expected): its areas and grid reference.

        Wards, LSOAs and the grid reference are found side by side in threads: Shapely and PROJ
        release the GIL, so a large month uses both cores.
        """
        with ThreadPoolExecutor(max_workers=3) as pool:
            lsoas = pool.submit(self._lsoas, lons, lats)
            grid = pool.submit(to_grid, lons, lats) if len(lons) else None
            ward, district = self._wards_and_districts(lons, lats)
            lsoa, vintage = lsoas.result()
            eastings, northings = grid.result() if grid is not None else (np.array([]), np.array([]))
        return pl.DataFrame(
            {
                "longitude": lons,
                "latitude": lats,
                "ward_id": ward,
                "lsoa_id": lsoa,
                "district_id": district,
                "lsoa_vintage": pl.Series(vintage.tolist(), dtype=pl.String),
                "easting": np.round(np.asarray(eastings), 1),
                "northing": np.round(np.asarray(northings), 1),
            },
        ).with_columns(pl.col(f).fill_nan(None).cast(pl.Int64) for f in AREA_FIELDS)

    def _wards_and_districts(self, lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ward = self._ids(self.wards, lons, lats)
        known = np.isfinite(ward) & (ward < len(self._district_of_ward))
        district = np.full(len(lons), np.nan)
        district[known] = self._district_of_ward[ward[known].astype(np.int64)]
        todo = np.isnan(district)
        district[todo] = self._ids(self.districts, lons[todo], lats[todo])
        return ward, district

    def _lsoas(self, lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lsoa = np.full(len(lons), np.nan)
        vintage = np.full(len(lons), None, dtype=object)
        for name, index in self.lsoas:  # newest first: a partial newer edition answers where it can
            todo = np.isnan(lsoa)
            if not todo.any():
                break
            found = self._ids(index, lons[todo], lats[todo])
            lsoa[todo] = found
            vintage[np.flatnonzero(todo)[~np.isnan(found)]] = name
        return lsoa, vintage

    def by_lsoa_code(self, codes: list[str]) -> pl.DataFrame:
        """Areas for rows placed by their LSOA code alone: one row per code found."""
        lsoas = {
            code: (area_id, vintage, boundary)
            for code, area_id, vintage, boundary in Area.objects.filter(
                kind=AreaKind.LSOA, partnership__isnull=True, code__in=codes
            )
            .order_by("code", "vintage")
            .values_list("code", "id", "vintage", "boundary")
        }
        lookup = {
            row[0]: (row[1], row[2])
            for row in BestFitLookup.objects.filter(lsoa_code__in=codes)
            .order_by("lsoa_code", "edition")
            .values_list("lsoa_code", "ward_code", "district_code")
        }
        named = {
            (kind, code): area_id
            for kind, code, area_id in Area.objects.filter(
                partnership__isnull=True,
                kind__in=[AreaKind.WARD, AreaKind.DISTRICT],
                code__in={c for pair in lookup.values() for c in pair},
            )
            .order_by("kind", "code", "vintage")  # newest vintage last, so it wins
            .values_list("kind", "code", "id")
        }
        rows = []
        inside = self._inside_points([lsoas[c][2] for c in codes if c in lsoas])
        for code in codes:
            ward_code, district_code = lookup.get(code, ("", ""))
            ward = named.get((AreaKind.WARD, ward_code))
            district = named.get((AreaKind.DISTRICT, district_code))
            lsoa = lsoas.get(code)
            if lsoa is not None and (ward is None or district is None):
                lon, lat = inside[lsoa[2]]
                if ward is None:
                    ward = self.wards.ids(np.array([self.wards.locate_one(lon, lat)]))[0]
                if district is None:
                    district = self.districts.ids(np.array([self.districts.locate_one(lon, lat)]))[0]
            if lsoa is None and ward is None and district is None:
                continue
            rows.append(
                {
                    "lsoa_code": code,
                    "ward_id": ward,
                    "lsoa_id": lsoa[0] if lsoa else None,
                    "district_id": district,
                    "lsoa_vintage": lsoa[1] if lsoa else None,
                }
            )
        return pl.DataFrame(
            rows,
            schema={
                "lsoa_code": pl.String,
                "ward_id": pl.Int64,
                "lsoa_id": pl.Int64,
                "district_id": pl.Int64,
                "lsoa_vintage": pl.String,
            },
        )

    @staticmethod
    def _inside_points(boundaries: list[str]) -> dict[str, tuple[float, float]]:
        if not boundaries:
            return {}
        points = shapely.point_on_surface(shapely.from_geojson(np.array(boundaries, dtype=object)))
        return {b: (p.x, p.y) for b, p in zip(boundaries, points, strict=True)}


def place_rows(frame: pl.DataFrame, finder: AreaFinder, *, lsoa_code: bool = True) -> pl.DataFrame:
    """`frame` (with nullable longitude/latitude, and lsoa_code) with areas and grid reference added."""
    distinct = frame.select("longitude", "latitude").drop_nulls().unique()
    if distinct.height:
        places = finder.points(distinct["longitude"].to_numpy(), distinct["latitude"].to_numpy())
    else:
        places = pl.DataFrame(schema=_PLACE_SCHEMA)
    frame = frame.join(places, on=["longitude", "latitude"], how="left", nulls_equal=False)
    if not lsoa_code:
        return frame
    needs = frame.filter(
        (pl.col("lsoa_code") != "")
        & (pl.col("ward_id").is_null() | pl.col("lsoa_id").is_null() | pl.col("district_id").is_null())
    )
    if needs.is_empty():
        return frame
    fallback = finder.by_lsoa_code(needs["lsoa_code"].unique().to_list())
    if fallback.is_empty():
        return frame
    frame = frame.join(fallback, on="lsoa_code", how="left", suffix="_by_code")
    return frame.with_columns(
        *(pl.coalesce(f, f"{f}_by_code").alias(f) for f in AREA_FIELDS),
        pl.when(pl.col("lsoa_id").is_null())
        .then(pl.col("lsoa_vintage_by_code"))
        .otherwise(pl.col("lsoa_vintage"))
        .alias("lsoa_vintage"),
    ).drop([f"{f}_by_code" for f in (*AREA_FIELDS, "lsoa_vintage")])


__all__ = ["NO_AREA", "AreaFinder", "from_grid", "place_rows", "to_grid"]
