"""Benchmark: Gi* hot spots and kernel density on real police.uk points, against PySAL and scikit-learn.

    python -m benchmarks.hotspots [--data ../shared/data] [--repeats 7]

Needs no database. Reads the 2025 West Mercia street files with Polars (rows without a location
dropped) and the ward boundaries of the force's nine districts. Measures, each as the median of
repeats in one run:

- Gi* over the whole force area's bounding box at 100 m, every cell (zeros included), with the
  FDR correction and classes: target under 200 ms;
- on Worcester's grid (100 m cells intersecting the city's wards), our Gi* against
  `esda.G_Local(star=True, transform="B")` with a binary `libpysal` DistanceBand over the same cell
  centres: max |dz| (target 1e-6) and the speed ratio (target at least 50x);
- kernel density (Epanechnikov) at the cell centres of Worcester's grid (its own 2025 rows) and of
  the force-wide grid (every row), against scikit-learn's `KernelDensity` fitted on the same points:
  max relative difference (target 1e-6) and the speed ratio (target at least 100x). The force-wide
  scikit-learn run takes several seconds, so it is timed once.

Targets and speed ratios are judged on CPU time (the machine is shared, and other work inflates
short wall-clock timings most); wall-clock medians are printed beside them. Exits with status 1 if
a target is missed, 2 if the data folder is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import shapely
from esda.getisord import G_Local
from libpysal.weights import DistanceBand
from sklearn.neighbors import KernelDensity

from joinedup.intelligence.analysis.density import kernel_density
from joinedup.intelligence.analysis.gistar import getis_ord_gi_star
from joinedup.intelligence.analysis.grid import area_to_bng, grid_for_area, grid_for_bounds, lonlat_to_bng

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
WORCESTER = "E07000237"
CELL_SIZE_M = 100
DISTANCE_BAND_M = 300
BANDWIDTH_M = 300
TARGET_GI_SECONDS = 0.200
TARGET_GI_SPEED_UP = 50.0
TARGET_KDE_SPEED_UP = 100.0
TARGET_AGREEMENT = 1e-6


@dataclass(frozen=True)
class Timing:
    """Medians of wall-clock and CPU time over repeated calls.

    CPU time shows the cost even when other work on the shared machine slows the wall clock.
    """

    wall: float
    cpu: float

    def ratio(self, other: Timing) -> float:
        # CPU time: the machine is shared, and other work inflates short wall-clock timings most.
        return self.cpu / other.cpu


def timed(function: Callable[[], Any], repeats: int) -> tuple[Timing, Any]:
    """Median times of `repeats` calls, and the last call's result."""
    wall, cpu = [], []
    result = None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return Timing(statistics.median(wall), statistics.median(cpu)), result


def read_points(police_dir: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Easting, northing and 'is a Worcester row' for every located 2025 street-level row."""
    frame = (
        pl.scan_csv(sorted(police_dir.glob("2025-*/*-street.csv")), infer_schema=False)
        .select(
            pl.col("Longitude").cast(pl.Float64),
            pl.col("Latitude").cast(pl.Float64),
            pl.col("LSOA name").str.starts_with("Worcester ").fill_null(False).alias("worcester"),
        )
        .drop_nulls(["Longitude", "Latitude"])
        .collect()
    )
    easting, northing = lonlat_to_bng(frame["Longitude"].to_numpy(), frame["Latitude"].to_numpy())
    return easting, northing, frame["worcester"].to_numpy()


def district_area(boundaries_dir: Path, code: str) -> Any:
    features = json.loads((boundaries_dir / "wards_by_lad" / f"{code}.json").read_text())["features"]
    return shapely.union_all([shapely.geometry.shape(feature["geometry"]) for feature in features])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})"
    )
    parser.add_argument("--repeats", type=int, default=7, help="timed runs of our code (default 7)")
    parser.add_argument(
        "--reference-repeats", type=int, default=3, help="timed runs of esda/sklearn (default 3)"
    )
    options = parser.parse_args(argv)
    boundaries_dir = options.data / "boundaries" / "UK-GeoJSON"
    police_dir = options.data / "police-uk"
    for needed in (boundaries_dir, police_dir):
        if not needed.is_dir():
            parser.exit(2, f"missing {needed}: see shared/data/SOURCES.md\n")

    load_start = time.perf_counter()
    easting, northing, worcester_rows = read_points(police_dir)
    load_seconds = time.perf_counter() - load_start
    districts = sorted(path.stem for path in (boundaries_dir / "wards_by_lad").glob("*.json"))
    force_area = area_to_bng(shapely.union_all([district_area(boundaries_dir, code) for code in districts]))
    west, south, east, north = force_area.bounds
    force_grid = grid_for_bounds(west=west, south=south, east=east, north=north, cell_size_m=CELL_SIZE_M)
    in_extent = (easting >= west) & (easting <= east) & (northing >= south) & (northing <= north)
    print(
        f"{len(easting):,} located 2025 rows read and projected in {load_seconds:.2f} s; "
        f"{int(in_extent.sum()):,} inside the force area's extent ({len(districts)} districts)"
    )
    rows: list[tuple[str, str, Timing]] = []
    missed: list[str] = []

    # Gi* over every cell of the force-wide grid.
    x, y = easting[in_extent], northing[in_extent]
    counting, force_counts = timed(lambda: force_grid.counts(x, y), options.repeats)
    gi, force_result = timed(
        lambda: getis_ord_gi_star(force_counts, cell_size_m=CELL_SIZE_M, distance_band_m=DISTANCE_BAND_M),
        options.repeats,
    )
    hot = int((force_result.confidence > 0).sum())
    cells = force_grid.rows * force_grid.columns
    rows.append(("Grid counts, West Mercia, 100 m", f"{cells:,} cells", counting))
    rows.append((f"Gi* + FDR + classes, same grid, band {DISTANCE_BAND_M} m", f"{hot:,} hot cells", gi))
    if gi.cpu >= TARGET_GI_SECONDS:
        missed.append(
            f"force-wide Gi* {gi.cpu * 1000:.0f} ms CPU (target < {TARGET_GI_SECONDS * 1000:.0f} ms)"
        )

    # Gi* on Worcester's grid, against esda with the same binary distance-band weights.
    city = grid_for_area(district_area(boundaries_dir, WORCESTER), cell_size_m=CELL_SIZE_M)
    assert city.mask is not None
    city_counts = city.counts(easting, northing)
    ours_gi, ours = timed(
        lambda: getis_ord_gi_star(
            city_counts, cell_size_m=CELL_SIZE_M, distance_band_m=DISTANCE_BAND_M, mask=city.mask, fdr=False
        ),
        options.repeats,
    )
    centre_x, centre_y = city.centres()
    centres = np.column_stack([centre_x[city.mask], centre_y[city.mask]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal notes islands and disconnected components
        weighting, weights = timed(
            lambda: DistanceBand(centres, threshold=DISTANCE_BAND_M, binary=True, silence_warnings=True),
            options.reference_repeats,
        )
        esda, theirs = timed(
            lambda: G_Local(city_counts[city.mask], weights, transform="B", star=True, permutations=0),
            options.reference_repeats,
        )
    dz = float(np.max(np.abs(ours.z[city.mask] - theirs.Zs)))
    rows.append((f"Gi*, Worcester, {city.cell_count:,} cells: ours", f"max |dz| {dz:.1e}", ours_gi))
    rows.append(("  esda.G_Local(star=True), weights given", f"{esda.ratio(ours_gi):,.0f}x ours", esda))
    rows.append(("  libpysal DistanceBand (the weights)", "", weighting))
    if dz > TARGET_AGREEMENT:
        missed.append(f"Gi* max |dz| {dz:.1e} (target {TARGET_AGREEMENT:g})")
    if esda.ratio(ours_gi) < TARGET_GI_SPEED_UP:
        missed.append(f"Gi* {esda.ratio(ours_gi):.0f}x esda (target {TARGET_GI_SPEED_UP:.0f}x)")

    # Kernel density at cell centres, against scikit-learn fitted on the same points.
    city_x, city_y = easting[worcester_rows], northing[worcester_rows]
    comparisons = (
        ("Worcester", city, city_x, city_y, centres, options.reference_repeats),
        ("West Mercia", force_grid, x, y, np.column_stack([a.ravel() for a in force_grid.centres()]), 1),
    )
    for name, grid, px, py, at, reference_repeats in comparisons:
        ours_kde, density = timed(
            lambda grid=grid, px=px, py=py: kernel_density(
                grid, px, py, bandwidth_m=BANDWIDTH_M, kernel="epanechnikov"
            ),
            options.repeats,
        )
        quartic, _ = timed(
            lambda grid=grid, px=px, py=py: kernel_density(grid, px, py, bandwidth_m=BANDWIDTH_M),
            options.repeats,
        )
        sklearn, reference = timed(
            lambda px=px, py=py, at=at: sklearn_kde(np.column_stack([px, py]), at), reference_repeats
        )
        ours_values = density[grid.in_area] / 1e6 / len(px)
        relative = relative_difference(ours_values, reference)
        rows.append(
            (
                f"KDE Epanechnikov, {name}, {len(px):,} points, {grid.cell_count:,} cells: ours",
                f"max rel. diff {relative:.1e}",
                ours_kde,
            )
        )
        rows.append(("  ours, quartic (the default)", "", quartic))
        rows.append(
            (
                f"  sklearn KernelDensity fit + score_samples ({reference_repeats} run)",
                f"{sklearn.ratio(ours_kde):,.0f}x ours",
                sklearn,
            )
        )
        if relative > TARGET_AGREEMENT:
            missed.append(f"{name} KDE max relative difference {relative:.1e} (target {TARGET_AGREEMENT:g})")
        if sklearn.ratio(ours_kde) < TARGET_KDE_SPEED_UP:
            missed.append(
                f"{name} KDE {sklearn.ratio(ours_kde):.0f}x sklearn (target {TARGET_KDE_SPEED_UP:.0f}x)"
            )

    processor = platform.processor() or platform.machine()
    print(f"\nMachine: {processor}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(
        f"Medians of {options.repeats} runs (ours), {options.reference_repeats} (esda, sklearn) "
        "unless noted; "
        f"cells {CELL_SIZE_M} m, Gi* band {DISTANCE_BAND_M} m, KDE bandwidth {BANDWIDTH_M} m.\n"
    )
    width = max(len(row[0]) for row in rows)
    print(f"{'Measure':<{width}}  {'Result':>24}  {'Wall':>11}  {'CPU':>11}")
    for label, result, timing in rows:
        print(f"{label:<{width}}  {result:>24}  {ms(timing.wall):>11}  {ms(timing.cpu):>11}")
    if missed:
        print("\nTargets missed: " + "; ".join(missed))
        return 1
    print("\nAll targets met.")
    return 0


def sklearn_kde(points: np.ndarray, at: np.ndarray) -> np.ndarray:
    model = KernelDensity(kernel="epanechnikov", bandwidth=BANDWIDTH_M).fit(points)
    return np.exp(model.score_samples(at))


def relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Max relative difference where the reference density is more than rounding noise.

    Where a point sits a hair inside the bandwidth of a centre its kernel is ~1e-16 of the peak,
    and the two codes round that distance differently; those cells are compared absolutely.
    """
    reached = theirs > 1e-9 * theirs.max()
    noise = float(np.max(np.abs(ours[~reached] - theirs[~reached]), initial=0.0)) / theirs.max()
    if noise > 1e-9:
        return noise
    return float(np.max(np.abs(ours[reached] - theirs[reached]) / theirs[reached]))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


if __name__ == "__main__":
    sys.exit(main())
