"""Benchmark: ward x month x category counts over 6.6 million incidents in PostgreSQL.

    python -m benchmarks.counts [--data ../shared/data] [--months 12] [--rows-per-month 550000] [--repeats 7]

Creates a fresh PostgreSQL database (dropped at the end), migrates it, loads the West Mercia
boundaries, and imports twelve national-sized months (the real 2025 West Mercia rows repeated,
points jittered, as in `benchmarks.import_police`) through the real import service. After
`VACUUM ANALYZE` (what autovacuum does after a large insert) it times
`joinedup.intelligence.selectors.incident_counts(area_kind="ward", 2025-01..2025-12)`, the function
behind `joinedup counts`, as the median of --repeats calls after two warm-ups, for the command line
(open data) and for a signed-in analyst (open data plus partner data visibility). Baseline in the same
run: the same query with index scans turned off (a sequential scan of the table). Prints the plan.

Target: under 1 s. Exits with status 1 if missed, 2 if the data folder or the server is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import polars as pl

from benchmarks.import_police import (
    DEFAULT_DATA,
    NATIONAL_ROWS,
    SERVER,
    load_boundaries,
    migrate,
    national_month,
)

TARGET_S = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.counts", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--rows-per-month", type=int, default=NATIONAL_ROWS)
    parser.add_argument("--repeats", type=int, default=7)
    options = parser.parse_args(argv)
    if not (options.data / "police-uk").is_dir():
        parser.exit(2, f"error: {options.data / 'police-uk'} is missing (see SOURCES.md)\n")
    import psycopg

    name = f"joinedup_bench_counts_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(f"{options.server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        parser.exit(2, f"error: cannot create a database on {options.server}: {error}\n")
    var_dir = tempfile.mkdtemp(prefix="joinedup-bench-counts-")
    try:
        env = {
            "DATABASE_URL": f"{options.server}/{name}",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "JOINEDUP_VAR_DIR": var_dir,
        }
        migrate({**os.environ, **env})
        os.environ.update(env)
        return run(options, Path(var_dir))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{options.server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)
        print(f"Dropped the database {name}.")


def _load(options: argparse.Namespace, folder: Path) -> int:
    from joinedup.intelligence import services
    from joinedup.intelligence.importing.places import AreaFinder

    template = pl.read_csv(national_month(options.data, options.rows_per_month, folder), infer_schema=False)
    finder = AreaFinder()
    rows = 0
    started = time.perf_counter()
    for month in range(1, options.months + 1):
        name = f"2025-{month:02d}/2025-{month:02d}-national-street.csv"
        data = template.with_columns(pl.lit(f"2025-{month:02d}").alias("Month")).write_csv().encode()
        result = services.police_file_import(by=None, label="benchmark", name=name, data=data, finder=finder)
        if result.failed:
            raise SystemExit(str(result))
        rows += result.rows
        print(f"  {name}: {result.rows:,} rows in {time.perf_counter() - started:.0f} s so far", flush=True)
    return rows


def _time(call, repeats: int) -> list[float]:
    for _ in range(2):
        call()
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return runs


def run(options: argparse.Namespace, var_dir: Path) -> int:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from joinedup.intelligence.models import Incident
    from joinedup.intelligence.selectors import incident_counts
    from joinedup.partners.models import Organisation, Partnership, Role, User

    load_boundaries(options.data)
    rows = _load(options, var_dir)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE intelligence_incident")
    partnership = Partnership.objects.create(name="Bench", slug="bench")
    police = Organisation.objects.create(name="Police", kind="responsible_authority")
    analyst = User.objects.create_user(
        "analyst@example.org", full_name="Analyst", organisation=police, role=Role.ANALYST
    )
    analyst.partnerships.add(partnership)

    first, last = dt.date(2025, 1, 1), dt.date(2025, options.months, 1)

    def counts(user=None):
        return incident_counts(user=user, area_kind="ward", month_from=first, month_to=last)

    result = counts()
    command_runs = _time(counts, options.repeats)
    analyst_runs = _time(lambda: counts(analyst), options.repeats)
    sql, params = (
        Incident.objects.filter(
            partnership__isnull=True, month__gte=first, month__lte=last, ward__isnull=False
        )
        .order_by()
        .values_list("month", "ward_id", "category_id")
        .annotate(n=Count("*"))
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size('incident_open_ward_month')), "
            "pg_size_pretty(pg_relation_size('intelligence_incident'))"
        )
        index_size, table_size = cursor.fetchone()
        cursor.execute(
            "SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off"
        )
        scan_runs = _time(counts, max(3, options.repeats // 2))
        cursor.execute("RESET enable_indexscan; RESET enable_indexonlyscan; RESET enable_bitmapscan")

    median = statistics.median(command_runs)
    print(
        f"\n{rows:,} incidents in {options.months} months; "
        f"table {table_size}, ward counting index {index_size}."
    )
    print(
        f"Result: {len(result):,} rows (ward x month x category), "
        f"{sum(c.incidents for c in result):,} incidents.\n"
    )
    print("| Query | Median | Runs (s) | x sequential scan |")
    print("|---|---:|---|---:|")
    scan = statistics.median(scan_runs)
    for label, runs in (
        ("`incident_counts`, command line (open data)", command_runs),
        ("`incident_counts`, signed-in analyst", analyst_runs),
        ("same, index scans off (sequential scan, baseline)", scan_runs),
    ):
        print(
            f"| {label} | {statistics.median(runs):.3f} s | {', '.join(f'{r:.3f}' for r in runs)} "
            f"| {scan / statistics.median(runs):.1f}x |"
        )
    print(f"\nPlan (open data part):\n{plan}\n")
    ok = median < TARGET_S
    print(
        f"{'met   ' if ok else 'MISSED'} ward x month x category over {rows:,} rows "
        f"< {TARGET_S} s: {median:.3f} s"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
