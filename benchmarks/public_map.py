"""Benchmark: the public map's query (reports in a viewport) over 1,000,000 reports in PostgreSQL.

    python -m benchmarks.public_map [--reports 1000000] [--boxes 200] [--server postgres://postgres@127.0.0.1:5432]

Creates a fresh database on the server, migrates it with `joinedup migrate`, bulk-loads synthetic reports
with COPY and times `joinedup.reports.selectors.reports_public_in_box`, the function the public map
calls, for random town- and street-scale viewports (1-3 km across). It times three set-ups in one run:
the partial indexes the migrations make, the single (latitude, longitude) btree they replaced, and a
sequential scan (index scans turned off: the baseline). Target: p95 < 50 ms. The database is dropped
at the end, even on failure.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import polars as pl
import psycopg

SEED = 20_261_121
TARGET_P95_MS = 50.0
WARM_UP = 20
TIME_LIMIT_SECONDS = 45 * 60  # the whole run stops (and drops its database) after this
YEARS = 3

# The West Mercia police force area (Herefordshire, Shropshire, Telford & Wrekin, Worcestershire).
WEST_MERCIA = (-3.24, 51.82, -1.76, 52.99)
# (town, longitude, latitude, share of reports, spread in km): most reports come from the towns.
TOWNS = [
    ("Worcester", -2.2200, 52.1920, 0.14, 2.5),
    ("Telford", -2.4450, 52.6780, 0.13, 3.5),
    ("Shrewsbury", -2.7520, 52.7080, 0.10, 2.5),
    ("Hereford", -2.7160, 52.0560, 0.09, 2.0),
    ("Redditch", -1.9400, 52.3060, 0.07, 2.0),
    ("Kidderminster", -2.2490, 52.3880, 0.07, 2.0),
    ("Bromsgrove", -2.0580, 52.3350, 0.04, 1.5),
    ("Malvern", -2.3250, 52.1120, 0.04, 1.5),
    ("Droitwich", -2.1490, 52.2680, 0.03, 1.2),
    ("Evesham", -1.9460, 52.0920, 0.03, 1.2),
    ("Oswestry", -3.0540, 52.8600, 0.03, 1.2),
    ("Bridgnorth", -2.4190, 52.5330, 0.02, 1.0),
    ("Ludlow", -2.7180, 52.3670, 0.02, 1.0),
    ("Leominster", -2.7370, 52.2270, 0.015, 1.0),
    ("Ross-on-Wye", -2.5840, 51.9140, 0.015, 1.0),
]
COUNTRYSIDE = 0.15  # the rest are spread across the whole force area
# (code, name, share, sensitive, never public)
CATEGORIES = [
    ("general-litter", "Litter", 0.25, False, False),
    ("fly-tipping", "Fly-tipping", 0.18, False, False),
    ("graffiti", "Graffiti", 0.10, False, False),
    ("dog-fouling", "Dog fouling", 0.10, False, False),
    ("parking-on-street", "Parking", 0.10, False, False),
    ("noise", "Noise", 0.08, False, False),
    ("begging", "Begging", 0.05, True, False),
    ("drug-use", "Drug use", 0.04, True, False),
    ("street-drinking", "Street drinking", 0.04, True, False),
    ("rowdy-behaviour", "Rowdy behaviour", 0.05, False, False),
    ("hate-incident", "Hate incident", 0.01, False, True),
]
# The migrated indexes: the map asks for open reports, or reports resolved lately, in a box. One partial index
# for each side of that OR lets PostgreSQL read only those rows (a BitmapOr), not every report ever
# made in the box's band of latitude. The IN list matches OPEN_STATUSES, so the planner can prove it.
MIGRATED_NAMES = ["report_open_in_box", "report_resolved_in_box"]  # Report.Meta.indexes
# What the first version had, for comparison: one btree over every report ever made.
PLAIN_BOX_INDEX = "CREATE INDEX bench_report_lat_lon ON reports_report (latitude, longitude)"


@dataclass
class Result:
    label: str
    p50: float
    p95: float
    p99: float
    database_p50: float  # of which the database call, including fetching the rows
    mean_rows: float
    boxes: int


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.public_map", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--reports", type=int, default=1_000_000, help="reports to load (default 1000000)")
    parser.add_argument("--boxes", type=int, default=200, help="viewports to time per set-up (default 200)")
    parser.add_argument(
        "--server",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server URL, without a database name (default postgres://postgres@127.0.0.1:5432)",
    )
    options = parser.parse_args(argv)
    return in_scratch_database(parser, options, prefix="joinedup_bench_map", run=run)


def in_scratch_database(
    parser: argparse.ArgumentParser, options: argparse.Namespace, *, prefix: str, run
) -> int:
    """Run `run(options, database_url, var_dir)` in a new database on `options.server`, dropped after,
    stopping after TIME_LIMIT_SECONDS so a stuck run never leaves a large database behind."""
    server = options.server.rstrip("/")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"

    def out_of_time(signum, frame):
        raise TimeoutError(f"the benchmark ran for more than {TIME_LIMIT_SECONDS} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TIME_LIMIT_SECONDS)
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        parser.exit(2, f"error: cannot create a database on {server}: {error}\n")
    var_dir = tempfile.mkdtemp(prefix="joinedup-bench-")  # the settings' secret key and task queue
    try:
        return run(options, f"{server}/{name}", var_dir)
    finally:
        signal.alarm(0)
        drop(server, name)
        shutil.rmtree(var_dir, ignore_errors=True)


def run(options: argparse.Namespace, database_url: str, var_dir: str) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "JOINEDUP_VAR_DIR": var_dir,
    }
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "joinedup.cli", "migrate", "-v", "0"], env=env, check=True)
    print(f"Migrated a fresh database in {time.perf_counter() - started:.1f} s")
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JOINEDUP_VAR_DIR")})
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server_version = cursor.fetchone()[0].split(" on ")[0]
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, {server_version}; "
        f"{os.cpu_count()} CPUs; NumPy {np.__version__}, Polars {pl.__version__}"
    )
    rng = np.random.default_rng(SEED)
    ids = seed_configuration()
    started = time.perf_counter()
    open_share = load_reports(database_url, options.reports, rng, ids)
    print(
        f"Loaded {options.reports:,} reports with COPY (and rebuilt the indexes) in "
        f"{time.perf_counter() - started:.1f} s; {open_share:.1%} are open"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) reports_report")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s\n")

    boxes = viewports(rng, options.boxes + WARM_UP)
    warm_up, boxes = boxes[:WARM_UP], boxes[WARM_UP:]
    results = [measure("as migrated: two partial indexes (open; recently resolved)", warm_up, boxes)]
    with connection.cursor() as cursor:
        for name in MIGRATED_NAMES:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(PLAIN_BOX_INDEX)
        cursor.execute("ANALYZE reports_report")
    results.append(measure("before: one btree (latitude, longitude)", warm_up, boxes))
    results.append(
        measure(
            "baseline: index scans off (sequential scan)",
            warm_up,
            boxes,
            settings=[
                "SET enable_indexscan = off",
                "SET enable_bitmapscan = off",
                "SET enable_indexonlyscan = off",
            ],
        )
    )

    print_table(results)
    migrated, before, baseline = results
    print(
        f"\nAt p95 the migrated indexes are {baseline.p95 / migrated.p95:.1f}x faster than a sequential scan"
    )
    print(f"and {before.p95 / migrated.p95:.1f}x faster than the single (latitude, longitude) btree.")
    met = migrated.p95 < TARGET_P95_MS
    print(f"\nTarget p95 < {TARGET_P95_MS} ms: {migrated.p95:.1f} ms: {'met' if met else 'NOT met'}")
    return 0 if met else 1


def seed_configuration() -> dict:
    """One partnership and partner, the categories, and a grid of 300 'wards' so the ward join is real."""
    from joinedup.partners.models import Organisation, Partnership
    from joinedup.places.models import Area, AreaKind
    from joinedup.reports.models import Category, CategoryGroup

    partnership = Partnership.objects.create(name="Benchmark CSP", slug="benchmark", reference_prefix="BEN")
    organisation = Organisation.objects.create(name="Benchmark Council")
    group = CategoryGroup.objects.create(partnership=partnership, name="Everything")
    categories = [
        Category.objects.create(
            partnership=partnership,
            group=group,
            code=code,
            name=label,
            sensitive=sensitive,
            never_public=never_public,
        )
        for code, label, _share, sensitive, never_public in CATEGORIES
    ]
    min_lon, min_lat, max_lon, max_lat = WEST_MERCIA
    columns, rows = 20, 15
    width, height = (max_lon - min_lon) / columns, (max_lat - min_lat) / rows
    wards = []
    for row in range(rows):
        for column in range(columns):
            west, south = min_lon + column * width, min_lat + row * height
            ring = [
                [west, south],
                [west + width, south],
                [west + width, south + height],
                [west, south + height],
            ]
            wards.append(
                Area(
                    kind=AreaKind.WARD,
                    code=f"E0599{row:02d}{column:02d}",
                    name=f"Ward {row}-{column}",
                    vintage="bench",
                    boundary=f'{{"type": "Polygon", "coordinates": [{[*ring, ring[0]]}]}}',
                    min_lon=west,
                    min_lat=south,
                    max_lon=west + width,
                    max_lat=south + height,
                )
            )
    Area.objects.bulk_create(wards)
    ward_ids = np.array(Area.objects.filter(vintage="bench").order_by("code").values_list("id", flat=True))
    return {
        "partnership": partnership.id,
        "organisation": organisation.id,
        "categories": np.array([c.id for c in categories]),
        "shares": np.array([share for _c, _n, share, _s, _p in CATEGORIES]),
        "wards": ward_ids,
        "grid": (columns, rows, width, height),
    }


def points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Points clustered on the towns (a normal spread of each town's size), the rest anywhere."""
    min_lon, min_lat, max_lon, max_lat = WEST_MERCIA
    shares = np.array([t[3] for t in TOWNS])
    town = rng.choice(len(TOWNS), size=n, p=shares / shares.sum())
    centre_lon, centre_lat = np.array([t[1] for t in TOWNS])[town], np.array([t[2] for t in TOWNS])[town]
    spread_km = np.array([t[4] for t in TOWNS])[town]
    lats = centre_lat + rng.normal(0, 1, n) * spread_km / 111.32
    lons = centre_lon + rng.normal(0, 1, n) * spread_km / (111.32 * np.cos(np.radians(centre_lat)))
    anywhere = rng.random(n) < COUNTRYSIDE
    lons[anywhere] = rng.uniform(min_lon, max_lon, anywhere.sum())
    lats[anywhere] = rng.uniform(min_lat, max_lat, anywhere.sum())
    return np.clip(lons, min_lon, max_lon).round(6), np.clip(lats, min_lat, max_lat).round(6)


def load_reports(database_url: str, n: int, rng: np.random.Generator, ids: dict) -> float:
    """COPY `n` synthetic reports straight into the table; return the share that is open.

    The table's plain indexes are dropped first and rebuilt from their own definitions afterwards, and
    foreign-key triggers are skipped (the rows are valid by construction): how a bulk load is done.
    """
    now = np.datetime64(time.time_ns() // 1000, "us")
    day = np.timedelta64(86_400_000_000, "us")
    age_days = rng.uniform(0, 365 * YEARS, n)
    created = now - (age_days * 86_400_000_000).astype("timedelta64[us]")
    # About 10% open: mostly recent reports, plus a long tail that never got dealt with.
    is_open = rng.random(n) < 0.07 + 0.9 * np.exp(-age_days / 30)
    open_status = rng.choice(np.array(["new", "acknowledged", "in_progress"]), size=n, p=[0.3, 0.3, 0.4])
    is_closed = ~is_open & (rng.random(n) < 0.1)
    status = np.where(is_open, open_status, np.where(is_closed, "closed", "resolved"))
    closed_reason = np.where(
        is_closed,
        rng.choice(np.array(["no_action", "duplicate", "referred"]), size=n, p=[0.5, 0.25, 0.25]),
        "",
    )
    finished = np.minimum(created + (rng.exponential(6, n) * day).astype("timedelta64[us]"), now)
    acknowledged = np.minimum(created + (rng.exponential(0.5, n) * day).astype("timedelta64[us]"), finished)
    lons, lats = points(rng, n)
    columns, rows, width, height = ids["grid"]
    cell = np.clip(((lats - WEST_MERCIA[1]) / height).astype(int), 0, rows - 1) * columns + np.clip(
        ((lons - WEST_MERCIA[0]) / width).astype(int), 0, columns - 1
    )
    shares = ids["shares"] / ids["shares"].sum()
    frame = pl.DataFrame(
        {
            "partnership_id": np.full(n, ids["partnership"]),
            "reference": [f"BEN-{i:08d}" for i in range(1, n + 1)],
            "category_id": rng.choice(ids["categories"], size=n, p=shares),
            "status": status,
            "closed_reason": closed_reason,
            "source": np.full(n, "web"),
            "longitude": lons,
            "latitude": lats,
            "ward_id": ids["wards"][cell],
            "lead_partner_id": np.full(n, ids["organisation"]),
            "priority": np.full(n, "normal"),
            "created_at": created,
            "acknowledged_at": acknowledged,
            "resolved_at": finished,
            "closed_at": finished,
            "updated_at": np.where(is_open, created, finished),
            "synthetic": np.full(n, True),
        }
    ).with_columns(
        pl.when(pl.col("status").is_in(["acknowledged", "in_progress", "resolved"]))
        .then(pl.col("acknowledged_at"))
        .alias("acknowledged_at"),
        pl.when(pl.col("status") == "resolved").then(pl.col("resolved_at")).alias("resolved_at"),
        pl.when(pl.col("status") == "closed").then(pl.col("closed_at")).alias("closed_at"),
        # Text columns the model requires, empty as Django leaves them.
        *[pl.lit("").alias(c) for c in TEXT_COLUMNS],
        pl.lit("{}").alias("answers"),
        pl.lit("Synthetic report for the public map benchmark").alias("description"),
    )
    names = frame.columns
    with psycopg.connect(database_url) as conn:
        conn.execute("SET TIME ZONE 'UTC'")  # the timestamps written below are UTC
        conn.execute("SET maintenance_work_mem = '512MB'")
        plain = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'reports_report' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        ).fetchall()
        for index_name, _definition in plain:
            conn.execute(f'DROP INDEX "{index_name}"')
        conn.execute("SET session_replication_role = replica")  # no foreign-key trigger per row
        with conn.cursor().copy(
            f"COPY reports_report ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, HEADER false)"
        ) as copy:
            for chunk in frame.iter_slices(100_000):
                buffer = io.BytesIO()
                # Quoted strings stay strings (""), unquoted empty fields are NULL.
                chunk.write_csv(buffer, include_header=False, quote_style="non_numeric", null_value="")
                copy.write(buffer.getvalue())
        conn.execute("SET session_replication_role = origin")
        for _index_name, definition in plain:
            conn.execute(definition)
    return float(is_open.mean())


TEXT_COLUMNS = [
    "location_text",
    "ward_code",
    "lsoa_code",
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "public_note",
    "open311_token",
]


def viewports(rng: np.random.Generator, n: int) -> list[dict[str, float]]:
    """Boxes 1-3 km across where people look: mostly on a town (where reports are), some anywhere."""
    lons, lats = points(rng, n)
    boxes = []
    for lon, lat in zip(lons, lats, strict=True):
        width_km = rng.uniform(1, 3)
        height_km = width_km * rng.uniform(0.6, 1.6)  # a phone held either way, or a desktop window
        half_lon = width_km / 2 / (111.32 * np.cos(np.radians(lat)))
        half_lat = height_km / 2 / 111.32
        boxes.append(
            {
                "min_lon": float(lon - half_lon),
                "min_lat": float(lat - half_lat),
                "max_lon": float(lon + half_lon),
                "max_lat": float(lat + half_lat),
            }
        )
    return boxes


@contextmanager
def session(settings: list[str]) -> Iterator[None]:
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in settings:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ALL")


def measure(label: str, warm_up: list[dict], boxes: list[dict], *, settings: list[str] = ()) -> Result:
    """Time the selector the public map calls, one viewport at a time, after warming up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from joinedup.reports.selectors import reports_public_in_box

    database: list[float] = []

    def timed_execute(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database.append(time.perf_counter() - started)

    with session(list(settings)):
        for box in warm_up:
            reports_public_in_box(**box)
        seconds, rows = [], []
        with connection.execute_wrapper(timed_execute):
            for box in boxes:
                started = time.perf_counter()
                features = reports_public_in_box(**box)
                seconds.append(time.perf_counter() - started)
                rows.append(len(features))
        # The plan for the slowest box, to show which indexes were used.
        slowest = boxes[int(np.argmax(seconds))]
        with CaptureQueriesContext(connection) as queries:
            reports_public_in_box(**slowest)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + queries.captured_queries[-1]["sql"])
            plan = [line for (line,) in cursor.fetchall()]
    ms = np.array(seconds) * 1000
    result = Result(
        label=label,
        p50=float(np.percentile(ms, 50)),
        p95=float(np.percentile(ms, 95)),
        p99=float(np.percentile(ms, 99)),
        database_p50=float(np.percentile(np.array(database) * 1000, 50)),
        mean_rows=statistics.fmean(rows),
        boxes=len(boxes),
    )
    print(
        f"{label}: p50 {result.p50:.1f} ms (database {result.database_p50:.1f} ms), "
        f"p95 {result.p95:.1f} ms, p99 {result.p99:.1f} ms"
    )
    print("  plan for the slowest viewport:")
    for line in plan:
        if any(
            word in line for word in ("Scan", "BitmapOr", "Sort", "Limit", "Index Cond", "Execution Time")
        ):
            print(f"    {line.strip()[:150]}")
    return result


def print_table(results: list[Result]) -> None:
    print("\n| Set-up | p50 ms | of which database | p95 ms | p99 ms | Mean reports shown | Viewports |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.label} | {r.p50:.1f} | {r.database_p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | "
            f"{r.mean_rows:.0f} | {r.boxes} |"
        )


def drop(server: str, name: str) -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django may not have been set up
        pass
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"\nDropped the database {name}.")


if __name__ == "__main__":
    sys.exit(main())
