"""Benchmark: shared cases at scale in PostgreSQL: a partner's case list, the likely-duplicate person search,
and what the audit write adds to viewing a case.

    python -m benchmarks.cases [--cases 100000] [--people 200000] [--audit 1000000] [--runs 200]
                               [--server postgres://postgres@127.0.0.1:5432]

Creates a fresh database, migrates it with `joinedup migrate`, bulk-loads synthetic cases, shares, people
and audit events with COPY, then times, each against a baseline in the same run:

- the case list page of a partner (`cases.selectors.case_list`, page one of 50, as the view asks),
  against the same list with no sharing or restriction checks (lead partner only) and against a
  sequential scan;
- `cases.selectors.person_matches` on typed-with-a-slip names, with the pg_trgm GIN index (as built),
  with the phonetic and exact keys only (the SQLite path) and with trigrams but no index;
- the case page (`GET /cases/<reference>/` through Django's test client) with its audit write and with
  the audit write switched off, interleaved case by case.

Targets: case list p95 < 100 ms, duplicate search p95 < 100 ms, audit adds < 5 ms (median) to a case
view. Exit status 1 if one is missed. The database is dropped at the end, even on failure.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import numpy as np
import polars as pl
import psycopg

from benchmarks.public_map import in_scratch_database, session

SEED = 20_261_122
PARTNERS = 12
WARM_UP = 20
TARGETS_MS = {"list": 100.0, "search": 100.0, "audit": 5.0}

GIVEN_NAMES = """
Aaron Abigail Adam Aisha Alan Alice Amelia Amir Amy Andrew Anna Ben Beth Callum Carl Charlotte Chloe Chris
Claire Connor Craig Daniel Darren David Declan Dylan Eleanor Eliza Ellie Emily Emma Ethan Fatima Finley Freya
Gareth Gemma George Grace Hannah Harry Harvey Hassan Holly Ian Imran Isaac Isla Jack Jade James Jamie Jasmine
Jason Jessica Joe John Jordan Joseph Joshua Karen Kayleigh Keith Kieran Laura Lauren Leah Lee Leo Liam Lily
Louise Lucy Luke Mark Martin Matthew Megan Mia Michael Mohammed Molly Nathan Neil Niamh Noah Oliver Olivia
Oscar Owen Paul Peter Poppy Rachel Rebecca Rhys Richard Robert Ruby Ryan Sam Sarah Scott Sean Shannon Simon
Sophie Stephen Stuart Susan Thomas Toby Tom Tyler Victoria William Zara
"""
# Family names are made up from these parts, so the search meets thousands of plausible, distinct names.
NAME_PARTS = (
    "B Br C Ch Cr D Dr F G Gr H J K L M N P Pr R S Sh St T Th Tr W Wh Y",
    "a e i o u ai ea ee oo ou ar er or",
    "b ck d ff g l ll m n nd ng nt p r rd rn rt s ss st t th tt ve wood ley ton son by ham well field",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cases", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--audit", type=int, default=1_000_000, help="audit events to load")
    parser.add_argument("--runs", type=int, default=200, help="timed calls per set-up")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    options = parser.parse_args(argv)
    return in_scratch_database(parser, options, prefix="joinedup_bench_cases", run=run)


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
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'")
        trigram = cursor.fetchone()
    print(f"pg_trgm: {'version ' + trigram[0] if trigram else 'not installed: the fallback path is timed'}")
    rng = np.random.default_rng(SEED)
    ids = seed(rng)
    started = time.perf_counter()
    load(database_url, rng, ids, options)
    print(f"Loaded in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        for table in (
            "cases_case",
            "cases_caseshare",
            "cases_person",
            "cases_caseperson",
            "audit_auditevent",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    results = {
        "list": bench_case_list(ids, options.runs),
        "search": bench_search(rng, ids, options.runs),
        "audit": bench_audit(rng, ids, options.runs),
    }
    print()
    met = True
    for key, (label, value) in results.items():
        ok = value < TARGETS_MS[key]
        met &= ok
        print(f"Target {label} < {TARGETS_MS[key]:.0f} ms: {value:.1f} ms: {'met' if ok else 'NOT met'}")
    return 0 if met else 1


def seed(rng: np.random.Generator) -> dict:
    """One partnership, its partners and an officer of each, through the ORM (a handful of rows)."""
    from joinedup.cases.models import CaseKind
    from joinedup.partners.models import Membership, Organisation, Partnership, Role, User

    partnership = Partnership.objects.create(name="Benchmark CSP", slug="benchmark", reference_prefix="BEN")
    organisations, officers = [], []
    for i in range(PARTNERS):
        organisation = Organisation.objects.create(name=f"Partner {i}", kind="responsible_authority")
        Membership.objects.create(partnership=partnership, organisation=organisation)
        officer = User.objects.create_user(
            f"officer{i}@bench.example.org",
            None,
            full_name=f"Officer {i}",
            organisation=organisation,
            role=Role.OFFICER,
        )
        officer.partnerships.add(partnership)
        organisations.append(organisation.id)
        officers.append(officer)
    return {
        "partnership": partnership.id,
        "organisations": np.array(organisations),
        "officers": officers,
        "kinds": np.array(list(CaseKind.objects.values_list("id", flat=True))),
    }


def family_names(rng: np.random.Generator, n: int) -> np.ndarray:
    onsets, middles, codas = (part.split() for part in NAME_PARTS)
    made = {
        f"{rng.choice(onsets)}{rng.choice(middles)}{rng.choice(codas)}"
        + (f"{rng.choice(middles)}{rng.choice(codas)}" if rng.random() < 0.5 else "")
        for _ in range(n)
    }
    return np.array(sorted(made))


def copy(conn: psycopg.Connection, table: str, frame: pl.DataFrame) -> None:
    """COPY a frame into a table, as a bulk load does: plain indexes dropped first, rebuilt after."""
    plain = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [table],
    ).fetchall()
    for index_name, _ in plain:
        conn.execute(f'DROP INDEX "{index_name}"')
    conn.execute("SET session_replication_role = replica")  # rows are valid by construction
    with conn.cursor().copy(f"COPY {table} ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv)") as out:
        for chunk in frame.iter_slices(100_000):
            buffer = io.BytesIO()
            chunk.write_csv(buffer, include_header=False, quote_style="non_numeric", null_value="")
            out.write(buffer.getvalue())
    conn.execute("SET session_replication_role = origin")
    for _, definition in plain:
        conn.execute(definition)
    if "id" in frame.columns:
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def load(database_url: str, rng: np.random.Generator, ids: dict, options: argparse.Namespace) -> None:
    from joinedup.cases import matching

    n, m = options.cases, options.people
    now = np.datetime64(time.time_ns() // 1000, "us")
    day = np.timedelta64(86_400_000_000, "us")
    orgs = ids["organisations"]
    officer_of = {o.organisation_id: o.id for o in ids["officers"]}
    # A few partners lead most cases (the council and the police), as in real partnerships.
    weights = 1 / np.arange(1, len(orgs) + 1)
    lead = rng.choice(orgs, size=n, p=weights / weights.sum())
    age = rng.uniform(0, 365 * 6, n)
    opened = now - (age * 86_400_000_000).astype("timedelta64[us]")
    status = rng.choice(np.array(["open", "under_review", "closed"]), size=n, p=[0.2, 0.05, 0.75])
    closed = status == "closed"
    finished = np.minimum(opened + (rng.exponential(60, n) * day).astype("timedelta64[us]"), now)
    restricted = rng.random(n) < 0.05
    case_ids = np.arange(1, n + 1)
    streets = [f"{rng.integers(1, 200)} Example Street" for _ in range(500)]
    cases = pl.DataFrame(
        {
            "id": case_ids,
            "partnership_id": np.full(n, ids["partnership"]),
            "reference": [f"BEN-C-{i:07d}" for i in case_ids],
            "kind_id": rng.choice(ids["kinds"], size=n),
            "status": status,
            "outcome": np.where(closed, "resolved", ""),
            "lead_partner_id": lead,
            "lead_officer_id": np.vectorize(officer_of.get)(lead),
            "summary": np.full(n, "Synthetic case for the benchmark"),
            "address": rng.choice(np.array(streets), size=n),
            "risk_level": rng.choice(np.array(["", "standard", "medium", "high"]), size=n),
            "restricted": restricted,
            "restriction_reason": np.where(restricted, "safeguarding", ""),
            "opened_at": opened,
            "updated_at": np.where(closed, finished, opened),
            "closed_at": finished,
            "version": np.ones(n, dtype=np.int64),
            "synthetic": np.full(n, True),
        }
    ).with_columns(
        pl.when(pl.col("status") == "closed").then(pl.col("closed_at")).alias("closed_at"),
        *[pl.lit("").alias(c) for c in ("outcome_note", "postcode", "address_key")],
    )
    # Each case shared with 0 to 3 other partners (about one on average).
    share_case = np.repeat(case_ids, rng.choice([0, 1, 2, 3], size=n, p=[0.35, 0.35, 0.2, 0.1]))
    share_org = rng.choice(orgs, size=len(share_case))
    shares = (
        pl.DataFrame({"case_id": share_case, "organisation_id": share_org})
        .join(cases.select(pl.col("id").alias("case_id"), "lead_partner_id"), on="case_id")
        .filter(pl.col("organisation_id") != pl.col("lead_partner_id"))
        .unique(["case_id", "organisation_id"])
        .select("case_id", "organisation_id", pl.lit(now).alias("shared_at"), pl.lit("").alias("reason"))
    )
    named = cases.filter(pl.col("restricted")).select(
        pl.col("id").alias("case_id"),
        pl.col("lead_officer_id").alias("user_id"),
        pl.lit(now).alias("added_at"),
    )
    surnames = family_names(rng, 6000)
    given = rng.choice(np.array(GIVEN_NAMES.split()), size=m)
    family = rng.choice(surnames, size=m)
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 70, m).astype("timedelta64[D]")
    letters = rng.integers(65, 91, (m, 2))
    postcodes = [
        f"WR{district} {sector}{chr(a)}{chr(b)}"
        for district, sector, (a, b) in zip(
            rng.integers(1, 15, m), rng.integers(1, 9, m), letters, strict=True
        )
    ]
    house = rng.integers(1, 120, m)
    people = pl.DataFrame(
        {
            "id": np.arange(1, m + 1),
            "partnership_id": np.full(m, ids["partnership"]),
            "public_id": [str(uuid.UUID(int=int(x))) for x in rng.integers(1, 2**62, m)],
            "given_name": given,
            "family_name": family,
            "date_of_birth": born,
            "address": [f"{h} Sample Road" for h in house],
            "postcode": postcodes,
            "vulnerabilities": np.full(m, "[]"),
            "consent": np.full(m, "not_asked"),
            "name_key": [matching.normalise_name(g, f) for g, f in zip(given, family, strict=True)],
            "name_sound": [matching.name_sound(g, f) for g, f in zip(given, family, strict=True)],
            "address_key": [
                matching.address_key(f"{h} Sample Road", p) for h, p in zip(house, postcodes, strict=True)
            ],
            "created_by_organisation_id": rng.choice(orgs, size=m),
            "created_at": np.full(m, now),
            "updated_at": np.full(m, now),
            "version": np.ones(m, dtype=np.int64),
            "synthetic": np.full(m, True),
        }
    ).with_columns(*[pl.lit("").alias(c) for c in ("other_names", "phone", "email")])
    # Each person in one case, a fifth in two.
    link_people = np.concatenate([np.arange(1, m + 1), rng.integers(1, m + 1, m // 5)])
    links = pl.DataFrame(
        {
            "case_id": rng.integers(1, n + 1, len(link_people)),
            "person_id": link_people,
            "role": rng.choice(np.array(["victim", "alleged_perpetrator", "witness"]), size=len(link_people)),
            "added_at": np.full(len(link_people), now),
        }
    ).unique(["case_id", "person_id", "role"])
    audit = audit_rows(rng, ids, options.audit, n, now)
    with psycopg.connect(database_url) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        conn.execute("SET maintenance_work_mem = '512MB'")
        for table, frame in (
            ("cases_case", cases),
            ("cases_caseshare", shares),
            ("cases_casenamedaccess", named),
            ("cases_person", people),
            ("cases_caseperson", links),
            ("audit_auditevent", audit),
        ):
            started = time.perf_counter()
            copy(conn, table, frame)
            print(f"  {table}: {len(frame):,} rows in {time.perf_counter() - started:.1f} s")


def audit_rows(
    rng: np.random.Generator, ids: dict, count: int, cases: int, now: np.datetime64
) -> pl.DataFrame:
    from django.contrib.contenttypes.models import ContentType

    from joinedup.cases.models import Case

    case_type = ContentType.objects.get_for_model(Case).id
    officers = np.array([o.id for o in ids["officers"]])
    objects = rng.integers(1, cases + 1, count)
    return pl.DataFrame(
        {
            "at": now - (rng.uniform(0, 365 * 3, count) * 86_400_000_000).astype("timedelta64[us]"),
            "actor_id": rng.choice(officers, size=count),
            "actor_label": np.full(count, "Benchmark officer"),
            "action": rng.choice(
                np.array(["viewed", "changed", "searched", "shared"]), size=count, p=[0.7, 0.2, 0.05, 0.05]
            ),
            "content_type_id": np.full(count, case_type),
            "object_id": objects.astype(str),
            "object_repr": [f"BEN-C-{i:07d}" for i in objects],
            "partnership_id": np.full(count, ids["partnership"]),
            "changes": np.full(count, '{"view": "full"}'),
            "purpose": np.full(count, ""),
        }
    )


def timed(calls: list[Callable[[], object]]) -> np.ndarray:
    for call in calls[:WARM_UP]:
        call()
    seconds = []
    for call in calls[WARM_UP:]:
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return np.array(seconds) * 1000


def line(label: str, ms: np.ndarray, extra: str = "") -> None:
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    print(f"| {label} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {extra} |")


def header(title: str, extra: str = "") -> None:
    print(f"\n{title}\n\n| Set-up | p50 ms | p95 ms | p99 ms | {extra} |\n|---|---:|---:|---:|---|")


def bench_case_list(ids: dict, runs: int) -> tuple[str, float]:
    from django.core.paginator import Paginator
    from django.test import Client

    from joinedup.cases import selectors
    from joinedup.cases.models import Case

    officers = ids["officers"]
    order = [officers[i % len(officers)] for i in range(runs + WARM_UP)]

    def page(cases) -> int:
        got = Paginator(cases, 50).get_page(1)
        return len(list(got.object_list)) + got.paginator.count

    def built(user):
        return lambda: page(selectors.case_list(user=user, filters=selectors.CaseFilters()))

    def lead_only(user):
        return lambda: page(
            Case.objects.filter(lead_partner_id=user.organisation_id)
            .exclude(status="closed")
            .select_related("kind", "lead_partner", "lead_officer", "area")
            .order_by("-updated_at", "-id")
        )

    clients = {}
    for user in officers:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        clients[user.id] = client

    def whole_page(user):
        return lambda: clients[user.id].get("/cases/").status_code

    header("A partner's case list (open and under review, page one of 50, with the count)", "rows")
    sizes = [selectors.case_list(user=u, filters=selectors.CaseFilters()).count() for u in officers]
    as_built = timed([built(u) for u in order])
    line(
        "as built: led by or shared with the partner, restrictions checked",
        as_built,
        f"{min(sizes):,}-{max(sizes):,}",
    )
    line("the whole page (GET /cases/, rendered, audited)", timed([whole_page(u) for u in order]))
    line("no access checks: lead partner only", timed([lead_only(u) for u in order]))
    with session(
        ["SET enable_indexscan = off", "SET enable_bitmapscan = off", "SET enable_indexonlyscan = off"]
    ):
        line("baseline: as built, index scans off", timed([built(u) for u in order]))
    return "case list p95 (as built)", float(np.percentile(as_built, 95))


def slip(rng: np.random.Generator, name: str) -> str:
    """The name as someone might mistype it: a letter dropped, doubled or swapped."""
    if len(name) < 4:
        return name
    i = int(rng.integers(1, len(name) - 1))
    kind = rng.integers(0, 3)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def bench_search(rng: np.random.Generator, ids: dict, runs: int) -> tuple[str, float]:
    from joinedup.cases import selectors
    from joinedup.cases.models import Person

    user = ids["officers"][0]
    sample = list(Person.objects.order_by("?")[: runs + WARM_UP])
    terms = [
        {
            "given_name": p.given_name,
            "family_name": slip(rng, p.family_name),
            "date_of_birth": p.date_of_birth if rng.random() < 0.5 else None,
        }
        for p in sample
    ]

    def calls():
        return [lambda t=t: selectors.person_matches(user=user, **t) for t in terms]

    def recall() -> float:
        found = [
            any(m.person.id == p.id for m in selectors.person_matches(user=user, **t))
            for p, t in zip(sample[WARM_UP:], terms[WARM_UP:], strict=True)
        ]
        return float(np.mean(found))

    header(
        "Likely-duplicate person search (a name typed with one slip, half with the date of birth)",
        "found the person",
    )
    built = timed(calls())
    line(
        "as built: pg_trgm GIN index on the normalised name, phonetic and exact keys",
        built,
        f"{recall():.0%}",
    )
    original = selectors._has_trigram_index
    selectors._has_trigram_index = lambda alias: False  # type: ignore[assignment]
    try:
        line("fallback (as on SQLite): phonetic and exact keys only", timed(calls()), f"{recall():.0%}")
    finally:
        selectors._has_trigram_index = original
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'cases_person_name_trgm'")
        (definition,) = cursor.fetchone()
        cursor.execute("DROP INDEX cases_person_name_trgm")
    line("baseline: the same query without the trigram index", timed(calls()))
    with connection.cursor() as cursor:
        cursor.execute(definition)
    return "duplicate search p95 (as built)", float(np.percentile(built, 95))


def bench_audit(rng: np.random.Generator, ids: dict, runs: int) -> tuple[str, float]:
    from django.test import Client

    from joinedup.cases import selectors
    from joinedup.cases.services import access

    user = ids["officers"][0]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    references = list(
        selectors.cases_open_to(user).order_by("?").values_list("reference", flat=True)[: runs + WARM_UP]
    )
    audit_record = access.audit_record

    def without_audit(*args, **kwargs):
        return None

    with_ms, without_ms = [], []
    for i, reference in enumerate(references):
        order = [True, False] if i % 2 else [False, True]  # alternate which goes first
        for audited in order:
            access.audit_record = audit_record if audited else without_audit  # type: ignore[assignment]
            started = time.perf_counter()
            assert client.get(f"/cases/{reference}/").status_code == 200
            elapsed = (time.perf_counter() - started) * 1000
            if i >= WARM_UP:
                (with_ms if audited else without_ms).append(elapsed)
    access.audit_record = audit_record
    # The service alone, where the page's rendering does not blur the difference.
    service_with, service_without = [], []
    for i, reference in enumerate(references):
        for audited in [True, False] if i % 2 else [False, True]:
            started = time.perf_counter()
            if audited:
                access.case_view(by=user, reference=reference)
            else:
                selectors.case_get(user=user, reference=reference)
            if i >= WARM_UP:
                (service_with if audited else service_without).append((time.perf_counter() - started) * 1000)
    header("Viewing a case, each case fetched both ways in turn")
    pages = np.array(with_ms) - np.array(without_ms)
    calls = np.array(service_with) - np.array(service_without)
    line("the page, with the audit write (as built)", np.array(with_ms))
    line("the page, baseline: audit write switched off", np.array(without_ms))
    line("`access.case_view` (case, access level, audit write and commit)", np.array(service_with))
    line("baseline: `selectors.case_get` (case and access level only)", np.array(service_without))
    print(
        f"\nThe audit write adds {np.median(calls):.2f} ms (median of paired differences, service calls; "
        f"p95 {np.percentile(calls, 95):.2f} ms) and {np.median(pages):.2f} ms to the whole page."
    )
    return "audit added to a case view (median)", float(np.median(calls))


if __name__ == "__main__":
    sys.exit(main())
