"""Benchmark: police.uk import throughput, end to end, into SQLite and PostgreSQL.

    python -m benchmarks.import_police [--data ../shared/data] [--repeats 3] [--server postgres://postgres@127.0.0.1:5432]

For each database (a fresh SQLite file; a fresh PostgreSQL database, dropped afterwards) it migrates,
loads the West Mercia boundaries (257 wards, 781 LSOAs, the two 2021 Worcester LSOAs, nine districts
dissolved from the wards, the ONS LSOA → ward lookup) and times, as medians of --repeats runs on an
emptied store:

- `police_files_import` of all 23 West Mercia street files (parse, check, place, load: end to end);
- (a) the ceiling: `polars.read_csv` of the same files, nothing else;
- (b) the typical project: `pandas.read_csv` and Django `bulk_create` of `Incident` objects (no area
  assignment, no checks: it flatters the baseline), timed once;
- a national month: ~550,000 rows made by replicating the real 2025 rows with points jittered by up
  to ~50 m (so every point is distinct: the worst case for area assignment) and fresh Crime IDs,
  imported by `joinedup import-police`'s service in a process of its own, whose peak memory
  (ru_maxrss) is reported.

Targets (PostgreSQL): at least 300,000 rows/s end to end, at least 20x the pandas/bulk_create
baseline, a national month in under 2.5 s with peak memory under 1 GB. Exits with status 1 if a
target is missed, 2 if the data folder or the server is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from benchmarks.area_assignment import DEFAULT_DATA, REPO_ROOT
from benchmarks.area_assignment import WEST_MERCIA_DISTRICTS as WEST_MERCIA_LADS

SERVER = "postgres://postgres@127.0.0.1:5432"
NATIONAL_ROWS = 550_000
SEED = 2026
TARGET_ROWS_PER_S = 300_000
TARGET_SPEED_UP = 20.0
TARGET_NATIONAL_S = 2.5
TARGET_NATIONAL_MB = 1024
STORE_TABLES = (
    "intelligence_incident",
    "intelligence_crimeoutcome",
    "intelligence_stopsearch",
    "intelligence_importedfile",
)


# --- the parent: one worker per database --------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_police", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL without a database name")
    parser.add_argument("--national-rows", type=int, default=NATIONAL_ROWS)
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--national", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.national:
        return national_worker(options)
    if options.worker:
        return worker(options)
    if not (options.data / "police-uk").is_dir():
        parser.exit(2, f"error: {options.data / 'police-uk'} is missing (see SOURCES.md)\n")
    results = {}
    for backend in ("sqlite", "postgresql"):
        results[backend] = run_worker(options, backend)
        if results[backend] is None:
            return 2
    return report(results, options)


def run_worker(options: argparse.Namespace, backend: str) -> dict | None:
    var_dir = Path(tempfile.mkdtemp(prefix="joinedup-bench-import-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "JOINEDUP_VAR_DIR": str(var_dir)}
    name = f"joinedup_bench_import_{uuid.uuid4().hex[:8]}"
    if backend == "postgresql":
        import psycopg

        try:
            with psycopg.connect(f"{options.server}/postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as error:
            print(f"error: cannot create a database on {options.server}: {error}", file=sys.stderr)
            return None
        env["DATABASE_URL"] = f"{options.server}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    out = var_dir / "result.json"
    try:
        migrate(env)
        command = [sys.executable, "-m", "benchmarks.import_police", "--worker", backend, "--out", str(out)]
        command += ["--data", str(options.data), "--repeats", str(options.repeats)]
        command += ["--national-rows", str(options.national_rows)]
        subprocess.run(command, env=env, check=True, cwd=REPO_ROOT)
        return json.loads(out.read_text())
    finally:
        if backend == "postgresql":
            import psycopg

            with psycopg.connect(f"{options.server}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


def migrate(env: dict) -> None:
    """A fresh database as `joinedup migrate` leaves it (and the cache table, where settings use one)."""
    for command in (["migrate", "-v", "0"], ["createcachetable"]):
        subprocess.run([sys.executable, "-m", "joinedup.cli", *command], env=env, check=True, cwd=REPO_ROOT)


def report(results: dict, options: argparse.Namespace) -> int:
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}, Polars {pl.__version__}"
    )
    first = results["postgresql"]
    print(
        f"Data: {first['files']} West Mercia street files, {first['rows']:,} rows; "
        f"median of {options.repeats} runs.\n"
    )
    print("| Database | Method | Median | Rows/s | x pandas/bulk_create |")
    print("|---|---|---:|---:|---:|")
    for backend, r in results.items():
        baseline = r["rows"] / r["pandas_s"]
        for label, seconds in (
            ("polars.read_csv only (ceiling, no database)", r["polars_s"]),
            ("`police_files_import`, end to end", r["import_s"]),
            ("pandas.read_csv + bulk_create (baseline)", r["pandas_s"]),
        ):
            rate = r["rows"] / seconds
            print(f"| {backend} | {label} | {seconds:.2f} s | {rate:,.0f} | {rate / baseline:.1f}x |")
    print("\nEnd-to-end runs (s):", {b: r["import_runs"] for b, r in results.items()})
    print(
        "\n| Database | National month | Rows | Import | Rows/s | Peak RSS | RSS before reading "
        "| COPY alone |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for backend, r in results.items():
        n = r["national"]
        alone = f"{n['copy_alone_s']:.2f} s" if n.get("copy_alone_s") else "n/a"
        print(
            f"| {backend} | {n['name']} | {n['rows']:,} | {n['seconds']:.2f} s "
            f"| {n['rows'] / n['seconds']:,.0f} | "
            f"{n['peak_mb']:.0f} MB | {n['before_mb']:.0f} MB | {alone} |"
        )
    print("\nNational runs (s):", {b: r["national_runs"] for b, r in results.items()})
    pg = results["postgresql"]
    rate = pg["rows"] / pg["import_s"]
    speed_up = pg["pandas_s"] / pg["import_s"]
    checks = [
        (f"PostgreSQL end to end >= {TARGET_ROWS_PER_S:,} rows/s", rate >= TARGET_ROWS_PER_S, f"{rate:,.0f}"),
        (
            f"PostgreSQL >= {TARGET_SPEED_UP:.0f}x pandas/bulk_create",
            speed_up >= TARGET_SPEED_UP,
            f"{speed_up:.1f}x",
        ),
        (
            f"national month < {TARGET_NATIONAL_S} s",
            pg["national"]["seconds"] < TARGET_NATIONAL_S,
            f"{pg['national']['seconds']:.2f} s",
        ),
        (
            f"national month peak < {TARGET_NATIONAL_MB} MB",
            pg["national"]["peak_mb"] < TARGET_NATIONAL_MB,
            f"{pg['national']['peak_mb']:.0f} MB",
        ),
    ]
    print()
    for label, ok, value in checks:
        print(f"{'met   ' if ok else 'MISSED'} {label}: {value}")
    return 0 if all(ok for _, ok, _ in checks) else 1


# --- a worker: one database -----------------------------------------------------------------------------


def _setup() -> None:
    import django

    django.setup()


def load_boundaries(data: Path) -> None:
    """The West Mercia boundaries, as an operator would load them."""
    from joinedup.places import services
    from joinedup.places.models import Area, AreaKind

    root = data / "boundaries"

    def load(path: Path, kind: str, vintage: str, prefix: str, parent: Any = None) -> None:
        services.boundaries_import(
            by=None,
            label="benchmark",
            path=path,
            kind=kind,
            vintage=vintage,
            code_property=f"{prefix}CD",
            name_property=f"{prefix}NM",
            parent=parent,
        )

    for lad in WEST_MERCIA_LADS:
        wards = root / "UK-GeoJSON" / "wards_by_lad" / f"{lad}.json"
        load(wards, AreaKind.WARD, "2013", "WD13")
        codes = [f["properties"]["WD13CD"] for f in json.loads(wards.read_text())["features"]]
        district = services.area_dissolve(
            by=None,
            kind=AreaKind.DISTRICT,
            code=lad,
            name=lad,
            vintage="2013",
            children=Area.objects.filter(kind=AreaKind.WARD, code__in=codes),
        )
        load(root / "UK-GeoJSON" / "lsoa_by_lad" / f"{lad}.json", AreaKind.LSOA, "2011", "LSOA11", district)
    for path in sorted((root / "geography-bits" / "LSOA21CD").glob("*.geojsonl")):
        load(path, AreaKind.LSOA, "2021", "LSOA21")
    services.lookup_import(
        by=None, label="benchmark", path=root / "ons-lookups" / "135.csv", edition="LSOA11-WD19"
    )


def empty_store() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(STORE_TABLES)}")
        else:
            for table in STORE_TABLES:
                cursor.execute(f'DELETE FROM "{table}"')


def street_files(data: Path) -> list[Path]:
    return sorted((data / "police-uk").glob("*/*-street.csv"))


def import_all(files: list[Path]) -> float:
    from joinedup.intelligence import services

    started = time.perf_counter()
    results = services.police_files_import(by=None, label="benchmark", sources=services.police_sources(files))
    elapsed = time.perf_counter() - started
    failed = [str(r) for r in results if r.failed]
    if failed:
        raise SystemExit(f"import failed: {failed}")
    return elapsed


def pandas_bulk_create(files: list[Path]) -> float:
    """What a typical project writes: pandas to read, one ORM object per row, bulk_create to load."""
    import datetime as dt

    import pandas as pd
    from django.db import transaction

    from joinedup.intelligence.categories import category_code
    from joinedup.intelligence.models import Incident, IncidentCategory

    categories = dict(IncidentCategory.objects.values_list("code", "id"))
    started = time.perf_counter()
    for path in files:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        with transaction.atomic():
            Incident.objects.bulk_create(
                [
                    Incident(
                        source="police",
                        month=dt.date.fromisoformat(row["Month"] + "-01"),
                        crime_id=row["Crime ID"],
                        category_id=categories[category_code(row["Crime type"])],
                        category_raw=row["Crime type"],
                        longitude=float(row["Longitude"]) if row["Longitude"] else None,
                        latitude=float(row["Latitude"]) if row["Latitude"] else None,
                        location=row["Location"],
                        lsoa_code=row["LSOA code"],
                        lsoa_name=row["LSOA name"],
                        last_outcome=row["Last outcome category"],
                        context=row["Context"],
                        reported_by=row["Reported by"],
                        falls_within=row["Falls within"],
                    )
                    for row in frame.to_dict("records")
                ],
                batch_size=2000,
            )
    return time.perf_counter() - started


def national_month(data: Path, rows: int, folder: Path) -> Path:
    """~550,000 rows like a month of all forces: the real 2025 rows, repeated, points jittered."""
    real = pl.concat(
        [pl.read_csv(p, infer_schema=False) for p in street_files(data) if p.name.startswith("2025-")]
    )
    rng = np.random.default_rng(SEED)
    picked = real[rng.integers(0, real.height, rows)]
    lon = picked["Longitude"].cast(pl.Float64, strict=False).to_numpy()
    lat = picked["Latitude"].cast(pl.Float64, strict=False).to_numpy()
    jitter = 0.0005  # degrees: up to ~35 m east-west, ~55 m north-south
    lon = np.round(lon + rng.uniform(-jitter, jitter, rows), 6)
    lat = np.round(lat + rng.uniform(-jitter, jitter, rows), 6)
    crime = picked["Crime ID"] != ""
    ids = [f"{v:064x}" for v in rng.integers(0, 2**62, rows)]
    national = picked.with_columns(
        pl.lit("2025-06").alias("Month"),
        pl.when(crime).then(pl.Series(ids)).otherwise(pl.lit("")).alias("Crime ID"),
        pl.Series("Longitude", lon).cast(pl.String).fill_null(""),
        pl.Series("Latitude", lat).cast(pl.String).fill_null(""),
    )
    path = folder / "2025-06" / "2025-06-national-street.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Empty fields as police.uk writes them: nothing between the commas (Polars would write "").
    national.with_columns(pl.all().replace("", None)).write_csv(path)
    return path


def _peak_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that across fork and exec
    from the parent, so it would report the benchmark's own peak."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024  # kB


def national_worker(options: argparse.Namespace) -> int:
    """In a process of its own, so its peak memory is the import's (plus Django and the boundaries)."""
    _setup()
    from joinedup.intelligence import services
    from joinedup.intelligence.importing.places import AreaFinder

    finder = AreaFinder()  # loaded before timing: a run imports many files with one
    before = _peak_mb()
    started = time.perf_counter()
    result = services.police_file_import(
        by=None,
        label="benchmark",
        name=str(options.national),
        data=options.national.read_bytes(),
        finder=finder,
    )
    seconds = time.perf_counter() - started
    if result.failed:
        raise SystemExit(str(result))
    peak = _peak_mb()
    measured = {"name": options.national.name, "rows": result.rows, "seconds": seconds, "peak_mb": peak}
    measured["before_mb"] = before
    measured["copy_alone_s"] = _copy_alone()
    options.out.write_text(json.dumps(measured))
    return 0


def _copy_alone() -> float | None:
    """The database's own ceiling in this run: COPY of the same rows, already as CSV, into a copy of
    the table without its indexes (PostgreSQL only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    import io

    with connection.cursor() as cursor:
        buffer = io.BytesIO()
        with cursor.cursor.copy("COPY intelligence_incident TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
        cursor.execute("CREATE TEMP TABLE bench_copy (LIKE intelligence_incident INCLUDING DEFAULTS)")
        started = time.perf_counter()
        with cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(buffer.getvalue())
        return time.perf_counter() - started


def worker(options: argparse.Namespace) -> int:
    _setup()
    from django.db import connection

    backend = connection.vendor
    started = time.perf_counter()
    load_boundaries(options.data)
    print(f"[{backend}] boundaries loaded in {time.perf_counter() - started:.1f} s", flush=True)
    files = street_files(options.data)
    rows = sum(pl.read_csv(p, infer_schema=False).height for p in files)

    polars_runs = []
    for _ in range(options.repeats):
        started = time.perf_counter()
        for path in files:
            pl.read_csv(path, infer_schema=False)
        polars_runs.append(time.perf_counter() - started)

    import_runs = []
    for _ in range(options.repeats):
        empty_store()
        import_runs.append(import_all(files))
        print(f"[{backend}] end to end: {import_runs[-1]:.2f} s", flush=True)

    empty_store()
    pandas_s = pandas_bulk_create(files)
    print(f"[{backend}] pandas + bulk_create: {pandas_s:.2f} s", flush=True)

    empty_store()
    folder = Path(tempfile.mkdtemp(prefix="joinedup-national-"))
    try:
        path = national_month(options.data, options.national_rows, folder)
        out = folder / "national.json"
        national_runs = []
        for _ in range(options.repeats):
            empty_store()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.import_police",
                    "--national",
                    str(path),
                    "--out",
                    str(out),
                ],
                check=True,
                cwd=REPO_ROOT,
            )
            national_runs.append(json.loads(out.read_text()))
            print(f"[{backend}] national month: {national_runs[-1]['seconds']:.2f} s", flush=True)
        national = sorted(national_runs, key=lambda r: r["seconds"])[len(national_runs) // 2]
        national_seconds = [round(r["seconds"], 2) for r in national_runs]
        national["peak_mb"] = max(r["peak_mb"] for r in national_runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    result: dict[str, Any] = {
        "backend": backend,
        "files": len(files),
        "rows": rows,
        "polars_s": statistics.median(polars_runs),
        "import_s": statistics.median(import_runs),
        "import_runs": [round(s, 2) for s in import_runs],
        "pandas_s": pandas_s,
        "national": national,
        "national_runs": national_seconds,
        "load_average": os.getloadavg(),
    }
    options.out.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
