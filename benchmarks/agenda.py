"""Benchmark: generating a tasking meeting's agenda for a large partnership in PostgreSQL.

    python -m benchmarks.agenda [--incidents 1000000] [--reports 100000] [--cases 10000] [--runs 7]
                                [--server postgres://postgres@127.0.0.1:5432]

Creates a fresh database, migrates it, bulk-loads with COPY a district of 16 wards with 36 months of
located incidents, reports with service targets, and cases with actions, then times
`tasking.services.meetings.agenda_generate` (every source: emerging issues, hot spots, scorecard,
reports past target, overdue case actions, high-risk cases; the items written and rolled back)
against a naive baseline in the same run: the same rules for reports and cases evaluated in Python
over ORM objects (the intelligence sources are the same library calls in both).

Target: agenda generation median < 1 s. Exit status 1 if missed. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import polars as pl
import psycopg

from benchmarks.cases import copy
from benchmarks.public_map import in_scratch_database, session

SEED = 20_260_503
PARTNERS = 12
TARGET_S = 1.0
WEST, SOUTH, EAST, NORTH = -2.26, 52.15, -2.16, 52.23
MONTHS = 36


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.agenda", description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    options = parser.parse_args(argv)
    return in_scratch_database(parser, options, prefix="joinedup_bench_agenda", run=run)


def run(options: argparse.Namespace, database_url: str, var_dir: str) -> int:
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

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print(f"{cursor.fetchone()[0].split(' on ')[0]}; {os.cpu_count()} CPUs")
    rng = np.random.default_rng(SEED)
    ids = seed()
    started = time.perf_counter()
    load(database_url, rng, ids, options)
    print(f"Loaded in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        for table in ("intelligence_incident", "reports_report", "cases_case", "cases_caseaction"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    sources_timed(ids)
    fast = bench(ids, options.runs, naive=False)
    slow = bench(ids, min(options.runs, 3), naive=True)  # minutes a run: three are enough to compare
    print(f"\nagenda_generate: median {fast:.3f} s; naive baseline: median {slow:.3f} s ({slow / fast:.1f}x)")
    # PostgreSQL compiles big aggregates with LLVM (JIT) when their estimated cost is high; for queries
    # that run in tens of milliseconds that compilation is most of the time.
    with session(["SET jit = off"]):
        sources_timed(ids)
        without_jit = bench(ids, options.runs, naive=False)
    print(f"agenda_generate with jit = off: median {without_jit:.3f} s")
    ok = fast < TARGET_S
    print(f"Target agenda generation < {TARGET_S:.0f} s: {fast:.3f} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def _box(west: float, south: float, east: float, north: float) -> str:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def seed() -> dict:
    """The partnership, its partners, a coordinator, the district and wards, the group and its meetings."""
    from django.utils import timezone

    from joinedup.cases.models import CaseKind
    from joinedup.intelligence.models import IncidentCategory
    from joinedup.partners.models import GovernanceGroup, Membership, Organisation, Partnership, Role, User
    from joinedup.places.models import Area, AreaKind
    from joinedup.reports.models import Category, CategoryGroup, ServiceTarget
    from joinedup.tasking.models import Meeting, MeetingStatus
    from joinedup.tasking.services.groups import group_create, meeting_schedule

    partnership = Partnership.objects.create(name="Benchmark CSP", slug="benchmark", reference_prefix="BEN")
    organisations = []
    for i in range(PARTNERS):
        organisation = Organisation.objects.create(name=f"Partner {i}", kind="responsible_authority")
        Membership.objects.create(partnership=partnership, organisation=organisation)
        organisations.append(organisation)
    coordinator = User.objects.create_user(
        "coordinator@bench.example.org",
        None,
        full_name="Coordinator",
        organisation=organisations[0],
        role=Role.COORDINATOR,
    )
    coordinator.partnerships.add(partnership)
    district = Area.objects.create(
        kind=AreaKind.DISTRICT,
        code="E07000999",
        name="Benchmark district",
        boundary=_box(WEST, SOUTH, EAST, NORTH),
        min_lon=WEST,
        min_lat=SOUTH,
        max_lon=EAST,
        max_lat=NORTH,
    )
    partnership.areas.add(district)
    wards = []
    step_lon, step_lat = (EAST - WEST) / 4, (NORTH - SOUTH) / 4
    for i in range(16):
        w, s = WEST + step_lon * (i % 4), SOUTH + step_lat * (i // 4)
        wards.append(
            Area.objects.create(
                kind=AreaKind.WARD,
                code=f"E05999{i:03d}",
                name=f"Ward {i}",
                parent=district,
                boundary=_box(w, s, w + step_lon, s + step_lat),
                min_lon=w,
                min_lat=s,
                max_lon=w + step_lon,
                max_lat=s + step_lat,
            )
        )
    governance = GovernanceGroup.objects.create(
        partnership=partnership, name="Benchmark tasking", kind="tasking"
    )
    governance.members.set(organisations)
    group = group_create(
        by=coordinator,
        governance_group=governance,
        terms_of_reference="Benchmark",
        cycle_every=2,
        cycle_unit="months",
    )
    now = timezone.now()
    last_month = (now.date().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    previous = meeting_schedule(by=coordinator, group=group, scheduled_for=now - dt.timedelta(days=60))
    before = (last_month - dt.timedelta(days=40)).replace(day=1)
    Meeting.objects.filter(pk=previous.pk).update(status=MeetingStatus.HELD, data_to=before)
    meeting = meeting_schedule(by=coordinator, group=group, scheduled_for=now + dt.timedelta(days=7))
    category_group = CategoryGroup.objects.create(partnership=partnership, name="Environment")
    return {
        "partnership": partnership.id,
        "organisations": np.array([o.id for o in organisations]),
        "coordinator": coordinator,
        "district": district.id,
        "wards": np.array([w.id for w in wards]),
        "incident_categories": np.array(
            list(IncidentCategory.objects.filter(police=True).values_list("id", flat=True))
        ),
        "report_categories": np.array(
            [
                Category.objects.create(
                    partnership=partnership, group=category_group, code=f"c{i}", name=f"Category {i}"
                ).id
                for i in range(10)
            ]
        ),
        "target": ServiceTarget.objects.create(
            partnership=partnership,
            name="Standard",
            acknowledge_within=1,
            acknowledge_unit="days",
            resolve_within=10,
            resolve_unit="days",
        ).id,
        "kinds": np.array(list(CaseKind.objects.values_list("id", flat=True))),
        "meeting": meeting.id,
        "last_month": last_month,
        "now": now,
    }


def load(database_url: str, rng: np.random.Generator, ids: dict, options: argparse.Namespace) -> None:
    from joinedup.intelligence.analysis.grid import lonlat_to_bng

    n = options.incidents
    lon = rng.uniform(WEST, EAST, n)
    lat = rng.uniform(SOUTH, NORTH, n)
    # A quarter of the incidents cluster round a few streets, as real ones do.
    hot = rng.random(n) < 0.25
    centres = rng.uniform([WEST, SOUTH], [EAST, NORTH], size=(12, 2))
    pick = rng.integers(0, 12, n)
    lon = np.where(hot, centres[pick, 0] + rng.normal(0, 0.002, n), lon).clip(WEST, EAST - 1e-6)
    lat = np.where(hot, centres[pick, 1] + rng.normal(0, 0.0012, n), lat).clip(SOUTH, NORTH - 1e-6)
    easting, northing = lonlat_to_bng(lon, lat)
    ward_index = ((lon - WEST) / (EAST - WEST) * 4).astype(int) + 4 * (
        (lat - SOUTH) / (NORTH - SOUTH) * 4
    ).astype(int)
    last = ids["last_month"]
    months = [(last.replace(day=1) - dt.timedelta(days=31 * k)).replace(day=1) for k in range(MONTHS)]
    incidents = pl.DataFrame(
        {
            "source": np.full(n, "police"),
            "restricted": np.zeros(n, dtype=bool),
            "month": rng.choice(np.array(months, dtype="datetime64[D]"), size=n),
            "category_id": rng.choice(ids["incident_categories"], size=n),
            "longitude": lon,
            "latitude": lat,
            "easting": easting,
            "northing": northing,
            "location": [f"On or near Street {i}" for i in rng.integers(0, 400, n)],
            "ward_id": ids["wards"][ward_index],
            "district_id": np.full(n, ids["district"]),
        }
    ).with_columns(
        *[
            pl.lit("").alias(c)
            for c in (
                "crime_id",
                "reference",
                "category_raw",
                "lsoa_code",
                "lsoa_name",
                "lsoa_vintage",
                "last_outcome",
                "context",
                "reported_by",
                "falls_within",
            )
        ],
        pl.lit("{}").alias("extra"),
    )
    now = np.datetime64(ids["now"].replace(tzinfo=None), "us")
    day = np.timedelta64(86_400_000_000, "us")
    r = options.reports
    created = now - (rng.uniform(0, 730, r) * day).astype("timedelta64[us]")
    status = rng.choice(
        np.array(["new", "in_progress", "resolved", "closed"]), size=r, p=[0.05, 0.1, 0.6, 0.25]
    )
    finished = created + (rng.exponential(8, r) * day).astype("timedelta64[us]")
    # Most reports carry a map point; some give an email or phone number, and people and places recur
    # (a pool of reporters, and 2% of reports at exactly the point of an earlier one), so the repeat
    # victims source has real work to do.
    report_lon = rng.uniform(WEST, EAST, r)
    report_lat = rng.uniform(SOUTH, NORTH, r)
    again = rng.random(r) < 0.02
    earlier = rng.integers(0, r, r)
    report_lon = np.where(again, report_lon[earlier], report_lon)
    report_lat = np.where(again, report_lat[earlier], report_lat)
    unlocated = rng.random(r) < 0.1
    emails = np.where(
        rng.random(r) < 0.3, [f"resident{i}@example.org" for i in rng.integers(0, 15_000, r)], ""
    )
    phones = np.where(rng.random(r) < 0.15, [f"07700 9{i:05d}" for i in rng.integers(0, 10_000, r)], "")
    reports = pl.DataFrame(
        {
            "partnership_id": np.full(r, ids["partnership"]),
            "reference": [f"BEN-R-{i:07d}" for i in range(r)],
            "category_id": rng.choice(ids["report_categories"], size=r),
            "status": status,
            "lead_partner_id": rng.choice(ids["organisations"], size=r),
            "service_target_id": np.full(r, ids["target"]),
            "created_at": created,
            "updated_at": created,
            "acknowledge_by": created + day,
            "acknowledged_at": created + day * rng.uniform(0.1, 1.5, r),
            "resolve_by": created + 10 * day,
            "resolved_at": finished,
            "ward_id": rng.choice(ids["wards"], size=r),
            "longitude": np.where(unlocated, np.nan, report_lon),
            "latitude": np.where(unlocated, np.nan, report_lat),
            "reporter_email": emails,
            "reporter_phone": phones,
            "synthetic": np.ones(r, dtype=bool),
        }
    ).with_columns(
        pl.when(pl.col("status").is_in(["resolved", "closed"]))
        .then(pl.col("resolved_at"))
        .alias("resolved_at"),
        pl.col("longitude").fill_nan(None),
        pl.col("latitude").fill_nan(None),
        *[
            pl.lit("").alias(c)
            for c in (
                "closed_reason",
                "location_text",
                "ward_code",
                "lsoa_code",
                "description",
                "reporter_name",
                "public_note",
                "open311_token",
            )
        ],
        pl.lit("web").alias("source"),
        pl.lit("normal").alias("priority"),
        pl.lit("{}").alias("answers"),
    )
    c = options.cases
    opened = now - (rng.uniform(0, 1500, c) * day).astype("timedelta64[us]")
    case_status = rng.choice(np.array(["open", "under_review", "closed"]), size=c, p=[0.3, 0.05, 0.65])
    cases = pl.DataFrame(
        {
            "id": np.arange(1, c + 1),
            "partnership_id": np.full(c, ids["partnership"]),
            "reference": [f"BEN-C-{i:07d}" for i in range(1, c + 1)],
            "kind_id": rng.choice(ids["kinds"], size=c),
            "status": case_status,
            "outcome": np.where(case_status == "closed", "resolved", ""),
            "lead_partner_id": rng.choice(ids["organisations"], size=c),
            "summary": np.full(c, "Synthetic case for the benchmark"),
            "risk_level": rng.choice(
                np.array(["", "standard", "medium", "high"]), size=c, p=[0.2, 0.4, 0.3, 0.1]
            ),
            "restricted": np.zeros(c, dtype=bool),
            "opened_at": opened,
            "updated_at": opened
            + (rng.uniform(0, 1, c) * (now - opened).astype(np.int64)).astype("timedelta64[us]"),
            "version": np.ones(c, dtype=np.int64),
            "synthetic": np.ones(c, dtype=bool),
        }
    ).with_columns(
        *[
            pl.lit("").alias(col)
            for col in ("outcome_note", "address", "postcode", "address_key", "restriction_reason")
        ]
    )
    a = c * 2
    actions = pl.DataFrame(
        {
            "case_id": rng.integers(1, c + 1, a),
            "title": np.full(a, "Synthetic action"),
            "assigned_organisation_id": rng.choice(ids["organisations"], size=a),
            "due_on": (now - (rng.uniform(-60, 400, a) * day).astype("timedelta64[us]")).astype(
                "datetime64[D]"
            ),
            "status": rng.choice(np.array(["open", "done"]), size=a, p=[0.3, 0.7]),
            "created_at": np.full(a, now),
        }
    ).with_columns(pl.lit("").alias("details"), pl.lit("").alias("completion_note"))
    with psycopg.connect(database_url, autocommit=True) as conn:
        for table, frame in (
            ("intelligence_incident", incidents),
            ("reports_report", reports),
            ("cases_case", cases),
            ("cases_caseaction", actions),
        ):
            copy(conn, table, frame)


def naive_collect(window) -> list:
    """The same rules for reports and cases as a first version would write them: every row as an ORM
    object, judged in Python. The intelligence sources are the same library calls."""
    from joinedup.cases.models import Case, CaseAction
    from joinedup.reports.clock import TargetState, target_state
    from joinedup.reports.models import Report
    from joinedup.tasking import agenda_sources as sources

    items = [*sources.emerging_issues(window), *sources.hot_spots(window), *sources.scorecard(window)]
    late = []
    for report in Report.objects.filter(partnership=window.partnership).select_related(
        "lead_partner", "category", "ward"
    ):
        for due, done in (
            (report.acknowledge_by, report.acknowledged_at),
            (report.resolve_by, report.resolved_at or report.closed_at),
        ):
            if due and window.since < due <= window.until:
                state = target_state(
                    started=report.created_at,
                    due=due,
                    done=done if done and done <= window.until else None,
                    now=window.until,
                )
                if state in (TargetState.BREACHED, TargetState.MISSED):
                    late.append(report)
                    break
    actions = [
        a
        for a in CaseAction.objects.filter(case__partnership=window.partnership).select_related(
            "case", "case__kind", "assigned_organisation"
        )
        if a.status == "open" and a.due_on < window.today and a.case.status != "closed"
    ]
    high = [
        c
        for c in Case.objects.filter(partnership=window.partnership).select_related("kind", "lead_partner")
        if c.risk_level == "high" and c.status != "closed" and window.since < c.updated_at <= window.until
    ]
    return [*items, late, actions, high]


def sources_timed(ids: dict) -> None:
    """Each source once, so a slow one shows."""
    from joinedup.tasking import selectors
    from joinedup.tasking.agenda_sources import SOURCES
    from joinedup.tasking.models import Meeting

    meeting = Meeting.objects.select_related("group", "partnership").get(id=ids["meeting"])
    window = selectors.agenda_window(meeting=meeting, by=ids["coordinator"])
    print(f"Window: since {window.since:%Y-%m-%d}, months {[f'{m:%Y-%m}' for m in window.months]}")
    for source in SOURCES:
        started = time.perf_counter()
        found = source.collect(window)
        print(f"  {source.code}: {len(found)} items in {time.perf_counter() - started:.3f} s")


def bench(ids: dict, runs: int, *, naive: bool) -> float:
    from django.db import transaction

    from joinedup.tasking import selectors
    from joinedup.tasking.models import Meeting
    from joinedup.tasking.services.meetings import agenda_generate

    coordinator = ids["coordinator"]
    times = []
    for _ in range(runs + 1):  # the first run warms caches and is not counted
        meeting = Meeting.objects.select_related("group", "partnership").get(id=ids["meeting"])
        started = time.perf_counter()
        if naive:
            naive_collect(selectors.agenda_window(meeting=meeting, by=coordinator))
        else:
            with transaction.atomic():
                items = agenda_generate(by=coordinator, meeting=meeting, version=meeting.version)
                transaction.set_rollback(True)
        times.append(time.perf_counter() - started)
    label = "naive baseline" if naive else f"agenda_generate ({len(items)} items)"
    print(f"{label}: " + ", ".join(f"{t:.3f}" for t in times[1:]) + " s")
    return statistics.median(times[1:])


if __name__ == "__main__":
    sys.exit(main())
