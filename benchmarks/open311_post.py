"""Benchmark: Open311 POST requests.json against a bare endpoint of the same real server.

    python -m benchmarks.open311_post [--requests 2000] [--concurrency 20] [--postgres]

Builds a fresh database in a temporary folder (SQLite; with --postgres a fresh PostgreSQL database
on 127.0.0.1:5432, user postgres), loads the demo with `joinedup demo`, issues Open311 keys and
starts `joinedup serve` (gunicorn with its default 3 workers, no task worker). Then `wrk` sends a fixed
number of requests from a fixed number of concurrent connections, on loopback, to /healthz (the
bare endpoint) and as form-encoded POSTs to /open311/v2/requests.json at random points inside
Worcester's wards, alternating for --rounds rounds; the targets are judged on the medians. Each run
stops by itself after its request count (or --max-seconds).

Afterwards it checks, in the database, that every report the server accepted (every 200 answer's
service_request_id) is there. Targets: POST throughput at least 25% of the bare endpoint's, p99
under 100 ms, zero errors, every accepted report present. Exits 1 if a target is missed, 2 if wrk or
PostgreSQL is missing.

The inner steps run as `python -m benchmarks.open311_post setup|verify` inside the benchmark's own
environment (DATABASE_URL, JOINEDUP_VAR_DIR), so this process never touches a real database.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SOUTH = "south-worcestershire"
WORCESTER = "E07000237"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "joinedup_bench_open311"
WARMUP = 200  # requests before each measured run: both workers import, connect and cache first
PER_KEY = 400  # requests per API key, under the default per-key rate limit (600 a minute)
POINTS = 500
SEED = 20_261_121

# What --sqlite-immediate tries: SQLite transactions that take the write lock when they begin (and
# wait for it, up to the timeout), instead of failing at once when a reader must become a writer.
SQLITE_IMMEDIATE = """from config.settings.local import *  # noqa: F403

DATABASES["default"]["OPTIONS"] |= {"transaction_mode": "IMMEDIATE", "timeout": 20}  # noqa: F405
"""

TARGET_RATIO = 0.25
TARGET_P99_MS = 100.0


# --- inside the benchmark's environment ------------------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def setup_inside(*, keys: int, out: Path) -> None:
    """Issue the keys, choose a category that routes, and pick points inside Worcester's wards."""
    _django()
    import random

    import shapely

    from joinedup.partners.models import Partnership
    from joinedup.places.models import Area, AreaKind
    from joinedup.reports.models import Category
    from joinedup.reports.open311.services import open311_client_create

    south = Partnership.objects.get(slug=SOUTH)
    routed = Category.objects.filter(
        partnership=south,
        active=True,
        staff_only=False,
        never_public=False,
        rules__active=True,
        rules__area__isnull=True,
        rules__starts_at__isnull=True,
    ).distinct()
    category = next((c for c in routed if not any(q.get("required") for q in c.questions)), None)
    note = ""
    if category is None:
        category = _fallback_category(south)
        note = "the demo has no reporting data yet, so the benchmark added one routed category"
    wards = Area.objects.filter(kind=AreaKind.WARD, parent__code=WORCESTER, parent__kind=AreaKind.DISTRICT)
    polygons = [shapely.from_geojson(ward.boundary) for ward in wards]
    if not polygons:
        raise SystemExit("The demo has no Worcester wards; is the demo loaded?")
    rng = random.Random(SEED)
    points: list[list[float]] = []
    while len(points) < POINTS:
        polygon = rng.choice(polygons)
        min_x, min_y, max_x, max_y = polygon.bounds
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if polygon.contains(shapely.Point(x, y)):
            points.append([round(y, 6), round(x, 6)])
    api_keys = [
        open311_client_create(by=None, partnership=south, name=f"Benchmark app {n}")[1] for n in range(keys)
    ]
    out.write_text(
        json.dumps(
            {
                "keys": api_keys,
                "service_code": category.code,
                "jurisdiction_id": south.slug,
                "points": points,
                "wards": len(polygons),
                "note": note,
            }
        )
    )


def _fallback_category(south):
    from joinedup.reports.models import Category, CategoryGroup, RoutingRule, ServiceTarget

    group, _ = CategoryGroup.objects.get_or_create(partnership=south, name="Littering")
    target, _ = ServiceTarget.objects.get_or_create(
        partnership=south,
        name="Benchmark standard",
        defaults={"acknowledge_within": 4, "resolve_within": 5},
    )
    category, _ = Category.objects.get_or_create(
        partnership=south, code="general-litter", defaults={"group": group, "name": "General litter"}
    )
    council = south.organisations.filter(name__icontains="council").first() or south.organisations.first()
    RoutingRule.objects.get_or_create(
        partnership=south,
        name="Benchmark: litter to the council",
        defaults={"category": category, "lead_partner": council, "service_target": target},
    )
    return category


def verify_inside(*, references: Path, out: Path) -> None:
    """How many of the accepted references are in the database, and how many Open311 reports in all."""
    _django()
    from joinedup.reports.models import Report, Source

    wanted = [line for line in references.read_text().split() if line]
    found = 0
    for start in range(0, len(wanted), 500):
        found += Report.objects.filter(reference__in=wanted[start : start + 500]).count()
    out.write_text(
        json.dumps(
            {
                "accepted": len(wanted),
                "distinct": len(set(wanted)),
                "found": found,
                "open311_reports": Report.objects.filter(source=Source.OPEN311).count(),
            }
        )
    )


# --- the load generator (wrk) ------------------------------------------------------------------------------

# Counts answers per thread and collects the references accepted. wrk runs for a duration, so the
# orchestrator stops it (SIGINT, which wrk handles by printing its summary) once the server's access
# log shows the wanted number of requests answered.
_LUA = r"""
local threads = {}
local refs_path = "__REFS__"
local keys = __KEYS__
local points = __POINTS__
local code = "__CODE__"
local jurisdiction = "__JURISDICTION__"
local method = "__METHOD__"
local form = {["Content-Type"] = "application/x-www-form-urlencoded"}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads * 7919)
end

function init(args)
  n, ok, other, refs = offset, 0, 0, {}
end

function request()
  n = n + 1
  if method == "GET" then
    return wrk.format("GET", wrk.path)
  end
  local point = points[(n % #points) + 1]
  local body = "api_key=" .. keys[(n % #keys) + 1] .. "&jurisdiction_id=" .. jurisdiction
    .. "&service_code=" .. code .. "&lat=" .. point[1] .. "&long=" .. point[2]
    .. "&description=Overflowing+bin+(benchmark+" .. n .. ")"
    .. "&email=resident" .. n .. "%40example.org&first_name=Rita&last_name=Resident&phone=07700900123"
  return wrk.format("POST", wrk.path, form, body)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    local ref = string.match(body, '"service_request_id":"([^"]+)"')
    if ref then refs[#refs + 1] = ref end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  local file = io.open(refs_path, "w")
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
    for _, ref in ipairs(thread:get("refs")) do file:write(ref, "\n") end
  end
  file:close()
  local e = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %d, \"duration_us\": %d, \"ok\": %d, \"not_ok\": %d, \"connect\": %d, "
    .. "\"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d, \"p50_us\": %.0f, "
    .. "\"p90_us\": %.0f, \"p99_us\": %.0f, \"max_us\": %.0f, \"mean_us\": %.0f}\n",
    summary.requests, summary.duration, total_ok, total_other, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def _lua_list(values) -> str:
    def item(value):
        if isinstance(value, list):
            return _lua_list(value)
        if isinstance(value, str):
            return json.dumps(value)
        return repr(value)

    return "{" + ", ".join(item(v) for v in values) + "}"


@dataclass
class Run:
    name: str
    requests: int
    seconds: float
    ok: int
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    references: list[str]
    server_cpu_ms: float  # CPU time of the server's processes per request it answered
    median_rate: float | None = None  # set on a summary of several runs

    @property
    def rate(self) -> float:
        if self.median_rate is not None:
            return self.median_rate
        return self.requests / self.seconds if self.seconds else 0.0


def _cpu_seconds(root: int) -> float:
    """User and system CPU time of a process and all its descendants, from /proc (Linux)."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        table[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    wanted, ticks, changed = {root}, 0, True
    while changed:
        found = {pid for pid, (parent, _) in table.items() if parent in wanted} - wanted
        changed = bool(found)
        wanted |= found
    ticks = sum(table[pid][1] for pid in wanted if pid in table)
    return ticks / os.sysconf("SC_CLK_TCK")


def _answered(log: Path, offset: int, marker: bytes) -> tuple[int, int]:
    """How many access-log lines carry `marker` after `offset`, and the new offset."""
    with log.open("rb") as file:
        file.seek(offset)
        chunk = file.read()
    end = chunk.rfind(b"\n") + 1  # only whole lines
    return chunk[:end].count(marker), offset + end


def wrk_run(
    *,
    name: str,
    url: str,
    method: str,
    requests: int,
    concurrency: int,
    threads: int,
    max_seconds: int,
    folder: Path,
    log: Path,
    server: int,
    setup: dict | None = None,
) -> Run:
    setup = setup or {}
    refs = folder / f"{name}.refs"
    script = folder / f"{name}.lua"
    lua = (
        _LUA.replace("__REFS__", str(refs))
        .replace("__KEYS__", _lua_list(setup.get("keys", [])))
        .replace("__POINTS__", _lua_list(setup.get("points", [])))
        .replace("__CODE__", setup.get("service_code", ""))
        .replace("__JURISDICTION__", setup.get("jurisdiction_id", ""))
        .replace("__METHOD__", method)
    )
    script.write_text(lua)
    command = [
        "wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{max_seconds}s",
        "--timeout", "10s", "-s", str(script), url,
    ]  # fmt: skip
    marker = f'"{method} {urlsplit(url).path} '.encode()
    offset, answered = log.stat().st_size, 0
    cpu_before = _cpu_seconds(server)
    load = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while load.poll() is None and answered < requests:
        time.sleep(0.02)
        counted, offset = _answered(log, offset, marker)
        answered += counted
    if load.poll() is None:
        load.send_signal(signal.SIGINT)  # wrk stops, joins its threads and prints its summary
    stdout, stderr = load.communicate(timeout=60)
    time.sleep(0.5)  # let the server finish what was in flight, then count it all
    counted, offset = _answered(log, offset, marker)
    answered += counted
    cpu = _cpu_seconds(server) - cpu_before
    line = next((ln for ln in stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed ({load.returncode}):\n{stdout}\n{stderr}")
    result = json.loads(line.removeprefix("RESULT "))
    errors = result["not_ok"] + sum(result[k] for k in ("connect", "read", "write", "timeout"))
    return Run(
        name=name,
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        ok=result["ok"],
        errors=errors,
        p50_ms=result["p50_us"] / 1000,
        p90_ms=result["p90_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        max_ms=result["max_us"] / 1000,
        references=[r for r in refs.read_text().split() if r] if refs.exists() else [],
        server_cpu_ms=cpu / answered * 1000 if answered else 0.0,
    )


# --- orchestration --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_reset(drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        if not drop_only:
            connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")


def _inside(env: dict[str, str], *args: str, timeout: int = 900) -> None:
    subprocess.run(
        [PYTHON, "-m", *args], cwd=REPO_ROOT, env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL
    )


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server stopped while starting; see its log.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer {url} within {seconds:.0f} s.")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # `joinedup serve` stops gunicorn gracefully on TERM
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def benchmark(args: argparse.Namespace) -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed. Install it with:  sudo apt-get install wrk   (Debian/Ubuntu)")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="joinedup-open311-bench-"))
    database = "PostgreSQL" if args.postgres else "SQLite"
    if args.postgres:
        try:
            _postgres_reset()
        except Exception as error:
            print(f"PostgreSQL is not reachable at {POSTGRES_SERVER} ({error}).")
            return 2
        database_url = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    else:
        database_url = f"sqlite:///{folder / 'joinedup.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url,
        "JOINEDUP_VAR_DIR": str(folder),
        "NOTIFY_OUTBOX_DIR": str(folder / "outbox"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "WEB_CONCURRENCY": str(args.workers),
        "JOINEDUP_NO_WORKER": "1",
        "PYTHONUNBUFFERED": "1",
    }
    if args.sqlite_immediate and not args.postgres:
        # The proposed settings change, tried without editing config/: a settings module in the temp folder.
        (folder / "bench_settings.py").write_text(SQLITE_IMMEDIATE)
        env |= {"DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": str(folder)}
    server = None
    log = (folder / "server.log").open("w")
    try:
        print(f"Preparing a fresh {database} database in {folder} (loading the demo)…", flush=True)
        started = time.monotonic()
        _inside(env, "joinedup.cli", "demo")
        keys = max(1, math.ceil((args.rounds * args.requests + 2 * WARMUP) / PER_KEY), args.concurrency)
        _inside(
            env, "benchmarks.open311_post", "setup", "--keys", str(keys), "--out", str(folder / "setup.json")
        )
        setup = json.loads((folder / "setup.json").read_text())
        print(
            f"  ready in {time.monotonic() - started:.0f} s; {keys} API keys; service_code "
            f"{setup['service_code']!r}; {len(setup['points'])} points in {setup['wards']} Worcester wards"
        )
        if setup["note"]:
            print(f"  note: {setup['note']}")

        port = args.port or _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [PYTHON, "-m", "joinedup.cli", "serve", "--port", str(port)],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        _wait_until_up(f"{base}/healthz", server)

        common = {"concurrency": args.concurrency, "threads": args.threads, "max_seconds": args.max_seconds}
        post_url = f"{base}/open311/v2/requests.json"
        common = {**common, "folder": folder, "log": folder / "server.log", "server": server.pid}
        wrk_run(name="warm-bare", url=f"{base}/healthz", method="GET", requests=WARMUP, **common)
        wrk_run(name="warm-post", url=post_url, method="POST", requests=WARMUP, setup=setup, **common)
        # Rounds alternate, so a burst of other work on this shared machine lands on both endpoints.
        bare, post = [], []
        for n in range(1, args.rounds + 1):
            bare.append(
                wrk_run(
                    name=f"bare-{n}", url=f"{base}/healthz", method="GET", requests=args.requests, **common
                )
            )
            post.append(
                wrk_run(
                    name=f"post-{n}",
                    url=post_url,
                    method="POST",
                    requests=args.requests,
                    setup=setup,
                    **common,
                )
            )
        _stop(server)

        (folder / "accepted.refs").write_text("\n".join(ref for run in post for ref in run.references))
        _inside(
            env, "benchmarks.open311_post", "verify",
            "--references", str(folder / "accepted.refs"), "--out", str(folder / "verify.json"),
        )  # fmt: skip
        check = json.loads((folder / "verify.json").read_text())
        return report(args, database, bare, post, check)
    finally:
        if server is not None:
            _stop(server)
        log.close()
        if args.postgres and not args.keep:
            _postgres_reset(drop_only=True)
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _median(runs: list[Run], name: str) -> Run:
    """A run made of the medians of each figure (errors and answers summed), for the summary line."""

    def mid(values: list[float]) -> float:
        return statistics.median(values)

    return Run(
        name=name,
        requests=sum(r.requests for r in runs),
        seconds=sum(r.seconds for r in runs),
        ok=sum(r.ok for r in runs),
        errors=sum(r.errors for r in runs),
        p50_ms=mid([r.p50_ms for r in runs]),
        p90_ms=mid([r.p90_ms for r in runs]),
        p99_ms=mid([r.p99_ms for r in runs]),
        max_ms=max(r.max_ms for r in runs),
        references=[ref for r in runs for ref in r.references],
        server_cpu_ms=mid([r.server_cpu_ms for r in runs]),
        median_rate=mid([r.rate for r in runs]),
    )


def report(
    args: argparse.Namespace, database: str, bare_runs: list[Run], post_runs: list[Run], check: dict
) -> int:
    print()
    if args.sqlite_immediate and not args.postgres:
        database += ' (OPTIONS transaction_mode="IMMEDIATE", timeout 20 s)'
    print(f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    print(
        f"Database: {database}; server: joinedup serve (gunicorn, {args.workers} sync workers), "
        "no task worker"
    )
    print(
        f"Load: wrk, {args.threads} threads, {args.concurrency} connections, {args.requests} requests a run, "
        f"{args.rounds} rounds alternating the endpoints"
    )
    print()
    print(
        "| Endpoint | Requests | Seconds | Requests/s | p50 ms | p90 ms | p99 ms | max ms | Errors "
        "| Server CPU ms/request |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    bare, post = _median(bare_runs, "bare"), _median(post_runs, "post")
    rows = []
    for n, (b, p) in enumerate(zip(bare_runs, post_runs, strict=True), start=1):
        rows += [(b, f"GET /healthz (bare), round {n}"), (p, f"POST /open311/v2/requests.json, round {n}")]
    rows += [(bare, "**GET /healthz, median**"), (post, "**POST requests.json, median**")]
    for run, label in rows:
        print(
            f"| {label} | {run.requests} | {run.seconds:.1f} | {run.rate:.0f} | {run.p50_ms:.1f} | "
            f"{run.p90_ms:.1f} | {run.p99_ms:.1f} | {run.max_ms:.1f} | {run.errors} | "
            f"{run.server_cpu_ms:.2f} |"
        )
    ratio = post.rate / bare.rate if bare.rate else 0.0  # of the median rates
    print()
    print(f"POST throughput / bare throughput: {ratio:.0%}")
    if post.server_cpu_ms:
        print(
            f"Server CPU per request, bare / POST: {bare.server_cpu_ms / post.server_cpu_ms:.0%} (the "
            "throughput ratio the server's own CPU cost allows, whatever else the machine is doing)"
        )
    print(
        f"Accepted reports (200 answers): {check['accepted']} ({check['distinct']} distinct references); "
        f"found in the database: {check['found']}. Open311 reports in the database in all: "
        f"{check['open311_reports']} (including {WARMUP} warm-up requests and any still in flight when wrk "
        "stopped)."
    )
    targets = [
        (f"POST throughput >= {TARGET_RATIO:.0%} of bare", ratio >= TARGET_RATIO, f"{ratio:.0%}"),
        (f"POST p99 < {TARGET_P99_MS:.0f} ms", post.p99_ms < TARGET_P99_MS, f"{post.p99_ms:.1f} ms"),
        ("zero errors", post.errors == 0 and bare.errors == 0, f"{post.errors + bare.errors}"),
        (
            "every accepted report in the database",
            check["found"] == check["accepted"] == check["distinct"] == post.ok and post.ok > 0,
            f"{check['found']}/{post.ok}",
        ),
    ]
    print()
    for name, met, value in targets:
        print(f"  [{'met' if met else 'MISSED'}] {name}: {value}")
    return 0 if all(met for _, met, _ in targets) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step")
    setup = sub.add_parser("setup", help=argparse.SUPPRESS)
    setup.add_argument("--keys", type=int, required=True)
    setup.add_argument("--out", type=Path, required=True)
    verify = sub.add_parser("verify", help=argparse.SUPPRESS)
    verify.add_argument("--references", type=Path, required=True)
    verify.add_argument("--out", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=2000, help="requests in each measured run (2000)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="measured runs of each endpoint, alternating (3)"
    )
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent connections (20)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn workers, WEB_CONCURRENCY (3, as `joinedup serve`)"
    )
    parser.add_argument("--max-seconds", type=int, default=300, help="stop a run after this long (300)")
    parser.add_argument("--port", type=int, default=0, help="server port (a free one)")
    parser.add_argument("--postgres", action="store_true", help=f"use a fresh database at {POSTGRES_SERVER}")
    parser.add_argument(
        "--sqlite-immediate",
        action="store_true",
        help='SQLite with OPTIONS transaction_mode="IMMEDIATE" and timeout=20 (a proposed settings change)',
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and database")
    args = parser.parse_args(argv)
    if args.step == "setup":
        setup_inside(keys=args.keys, out=args.out)
        return 0
    if args.step == "verify":
        verify_inside(references=args.references, out=args.out)
        return 0
    return benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
