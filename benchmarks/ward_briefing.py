"""Benchmark: a ward councillor briefing as a PDF, with 1,000,000 incidents in PostgreSQL.

    python -m benchmarks.ward_briefing [--incidents 1000000] [--reports 100000] [--cases 10000] [--runs 5]
                                       [--server postgres://postgres@127.0.0.1:5432]

Loads the agenda benchmark's data (one district of 16 wards, located incidents over 36 months, reports
with service targets, cases with actions; COPY into a fresh database), then times
`publications.services.document_publish` making one ward's briefing for the last 12 months as a PDF
(hotspot map, trends with the rolling year by category, top issues, report, case and action counts,
WeasyPrint), and, for where the time goes, the same document as a page (no rendering). Baseline in
the same run: WeasyPrint alone laying out the finished document's HTML (the floor under any PDF of it).

Target: the PDF under 5 s (median). Exit status 1 if missed. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from benchmarks import agenda
from benchmarks.public_map import in_scratch_database

TARGET_S = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = arguments("ward_briefing", __doc__)
    options = parser.parse_args(argv)
    return in_scratch_database(parser, options, prefix="joinedup_bench_briefing", run=run)


def arguments(module: str, doc: str | None) -> argparse.ArgumentParser:
    """The options of the benchmarks that load this data (the annual report's too)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m benchmarks.{module}", description=(doc or "").split("\n")[0]
    )
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    return parser


def prepare(options: argparse.Namespace, database_url: str, var_dir: str) -> dict:
    """Migrate the scratch database, load the agenda benchmark's data with COPY and analyse it; returns
    the seeded ids (the annual report benchmark starts from the same data)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "JOINEDUP_VAR_DIR": var_dir,
    }
    for command in (["migrate", "-v", "0"], ["createcachetable"]):
        subprocess.run([sys.executable, "-m", "joinedup.cli", *command], env=env, check=True)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JOINEDUP_VAR_DIR")})
    import django

    django.setup()
    from django.db import connection

    ids = agenda.seed()
    started = time.perf_counter()
    agenda.load(database_url, np.random.default_rng(agenda.SEED), ids, options)
    print(f"Loaded in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        for table in ("intelligence_incident", "reports_report", "cases_case", "tasking_taskingaction"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return ids


def run(options: argparse.Namespace, database_url: str, var_dir: str) -> int:
    ids = prepare(options, database_url, var_dir)
    from joinedup.intelligence.trend_selectors import month_add
    from joinedup.places.models import Area
    from joinedup.publications.services import document_publish

    ward = Area.objects.get(id=int(ids["wards"][5]))
    last = ids["last_month"]
    first = month_add(last, -11)
    period = f"{first:%Y-%m}:{last:%Y-%m}"

    def timed(output: str) -> tuple[float, list[float]]:
        times = []
        for _ in range(options.runs + 1):  # the first warms the caches and is not counted
            began = time.perf_counter()
            made = document_publish(
                by=ids["coordinator"], slug="ward-briefing", subject=ward.code, period=period, output=output
            )
            times.append(time.perf_counter() - began)
        print(f"{output}: {len(made.content):,} bytes; runs {', '.join(f'{t:.2f}' for t in times[1:])} s")
        return statistics.median(times[1:]), times[1:]

    page, _ = timed("page")
    pdf, _ = timed("pdf")
    html = document_publish(
        by=ids["coordinator"], slug="ward-briefing", subject=ward.code, period=period, output="html"
    ).content
    floor = weasyprint_alone(html, options.runs)
    print(f"\nWard briefing for {ward.name}, {period}: page median {page:.2f} s; PDF median {pdf:.2f} s")
    print(
        f"Baseline, WeasyPrint alone on the finished document: median {floor:.2f} s (PDF {pdf / floor:.1f}x)"
    )
    ok = pdf < TARGET_S
    print(f"Target ward briefing PDF < {TARGET_S:.0f} s: {pdf:.2f} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def weasyprint_alone(html: bytes | str, runs: int) -> float:
    """The floor under any PDF of this document: WeasyPrint laying out the finished HTML, with nothing
    queried or built. The document's PDF time over this is what making its figures costs."""
    from joinedup.core.printing import pdf_from_html

    text = html.decode("utf-8") if isinstance(html, bytes) else html
    times = []
    for _ in range(runs + 1):  # the first warms the caches and is not counted
        began = time.perf_counter()
        pdf_from_html(text)
        times.append(time.perf_counter() - began)
    print(f"WeasyPrint alone: runs {', '.join(f'{t:.2f}' for t in times[1:])} s")
    return statistics.median(times[1:])


if __name__ == "__main__":
    sys.exit(main())
