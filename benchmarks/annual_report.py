"""Benchmark: the annual scrutiny report for a year, with 1,000,000 incidents in PostgreSQL.

    python -m benchmarks.annual_report [--incidents 1000000] [--reports 100000] [--cases 10000] [--runs 5]
                                       [--server postgres://postgres@127.0.0.1:5432]

Loads the ward briefing benchmark's data (`ward_briefing.prepare`: one district of 16 wards, located
incidents over 36 months, reports, cases and actions, COPY into a fresh database), adds a modest year
of partnership work through the real services (a plan of 3 priorities with 18 actions and 6 measures
entered quarterly, a grant with 12 funded projects and their outputs, 4 services with monthly figures,
3 PSPOs with quarterly enforcement, 3 Domestic Homicide Reviews), then times
`publications.services.document_publish` making the annual report for the last financial year the
incidents cover, as a standalone HTML file and as a PDF (WeasyPrint). Baseline in the same run:
WeasyPrint alone laying out the finished HTML (the floor under any PDF of it).

Targets: the HTML under 2 s and the PDF under 15 s (medians). Exit status 1 if missed. The database is
dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal

from benchmarks import ward_briefing
from benchmarks.public_map import in_scratch_database

PAGE_TARGET_S, PDF_TARGET_S = 2.0, 15.0


def main(argv: list[str] | None = None) -> int:
    parser = ward_briefing.arguments("annual_report", __doc__)
    options = parser.parse_args(argv)
    return in_scratch_database(parser, options, prefix="joinedup_bench_annual", run=run)


def year_covered(last_month: dt.date) -> int:
    """The latest financial year (April to March) whose every month has incidents loaded."""
    return last_month.year - 1 if last_month.month >= 3 else last_month.year - 2


def add_year_of_work(ids: dict, year: int) -> None:
    """A modest year of plan, funding, register, PSPO and DHR rows, through the services."""
    from joinedup.partners.models import Organisation, Partnership
    from joinedup.places.models import Area
    from joinedup.plan.models import DhrLead
    from joinedup.plan.services import dhr, funding, pspo, services_register
    from joinedup.plan.services import plan as plan_services

    by = ids["coordinator"]
    partnership = Partnership.objects.get(id=ids["partnership"])
    partners = list(Organisation.objects.filter(id__in=ids["organisations"].tolist()))
    first = dt.date(year, 4, 1)
    quarters = [dt.date(year + (m > 12), (m - 1) % 12 + 1, 1) for m in (4, 7, 10, 13)]
    plan = plan_services.plan_start(
        by=by,
        partnership=partnership,
        title="Benchmark partnership plan",
        starts_on=first,
        ends_on=dt.date(year + 3, 3, 31),
        assessment_title=f"Benchmark strategic assessment {year}",
        assessment_date=dt.date(year, 2, 1),
        assessment_summary="Shoplifting rising; violence steady; ASB falling.",
    )
    for p in range(3):
        priority = plan_services.priority_add(by=by, plan=plan, title=f"Priority {p + 1}")
        for o in range(2):
            objective = plan_services.objective_add(
                by=by, priority=priority, title=f"Objective {p + 1}.{o + 1}"
            )
            for a in range(3):
                plan_services.action_add(
                    by=by,
                    objective=objective,
                    title=f"Action {p + 1}.{o + 1}.{a + 1}",
                    target_date=dt.date(year + 1, 3, 31),
                    responsible_organisation=partners[a],
                )
            measure = plan_services.measure_add(
                by=by, objective=objective, name=f"Measure {p + 1}.{o + 1}", source="entered", target=100
            )
            for q, start in enumerate(quarters):
                plan_services.measure_value_enter(
                    by=by, measure=measure, period_start_on=start, value=90 + 5 * q
                )
    fund = funding.fund_create(
        by=by,
        partnership=partnership,
        name=f"PCC grant {year}",
        funder="Police and Crime Commissioner",
        financial_year=year,
        total=Decimal("250000"),
    )
    for i in range(12):
        project = funding.project_submit(
            by=by,
            fund=fund,
            title=f"Project {i + 1}",
            purpose="Reduce harm in the night-time economy",
            lead_partner=partners[i % len(partners)],
            amount_requested=Decimal("15000"),
        )
        funding.project_allocate(by=by, project=project, amount=Decimal("15000"))
        for start in quarters:
            funding.output_report(
                by=by,
                project=project,
                measure="individuals supported",
                value=Decimal(20 + i),
                period_start=start,
                period_end=(start.replace(day=28) + dt.timedelta(days=70)).replace(day=1)
                - dt.timedelta(days=1),
            )
    for s in range(4):
        service = services_register.service_add(
            by=by, partnership=partnership, name=f"Service {s + 1}", figures=["Patrols", "People helped"]
        )
        figures = list(service.figures.all())
        for m in range(12):
            month = dt.date(year + (m >= 9), (m + 3) % 12 + 1, 1)
            services_register.figures_enter(
                by=by, service=service, period_start_on=month, values={f: Decimal(10 + m) for f in figures}
            )
    wards = list(Area.objects.filter(id__in=ids["wards"][:3].tolist()))
    for i, ward in enumerate(wards):
        order = pspo.pspo_save(
            by=by,
            partnership=partnership,
            reference=f"PSPO-{i + 1}",
            title=f"Order {i + 1}",
            area_description=ward.name,
            areas=[ward],
            prohibitions=["Drinking alcohol when asked to stop"],
            made_on=dt.date(year - 1, 6, 1),
            in_force_from=dt.date(year - 1, 6, 1),
            expires_on=dt.date(year + 2, 5, 31),
        )
        pspo.penalty_set(by=by, pspo=order, applies_from=order.made_on, amount=100)
        for start in quarters:
            pspo.enforcement_record(
                by=by,
                pspo=order,
                period_start=start,
                period_end=start + dt.timedelta(days=80),
                warnings=12,
                fpns_issued=4,
                fpns_paid=3,
            )
    DhrLead.objects.create(partnership=partnership, user=by)
    for i in range(3):
        dhr.dhr_record(
            by=by,
            partnership=partnership,
            reference=f"DHR-{i + 1}",
            notified_on=first + dt.timedelta(days=60 * i),
        )


def run(options: argparse.Namespace, database_url: str, var_dir: str) -> int:
    ids = ward_briefing.prepare(options, database_url, var_dir)
    from joinedup.partners.models import Partnership
    from joinedup.publications.services import document_publish

    year = year_covered(ids["last_month"])
    started = time.perf_counter()
    add_year_of_work(ids, year)
    print(f"Year of work for {year}/{(year + 1) % 100:02d} added in {time.perf_counter() - started:.1f} s")
    slug = Partnership.objects.get(id=ids["partnership"]).slug

    def timed(output: str) -> float:
        times = []
        for _ in range(options.runs + 1):  # the first warms the caches and is not counted
            began = time.perf_counter()
            made = document_publish(
                by=ids["coordinator"], slug="annual-report", subject=slug, period=str(year), output=output
            )
            times.append(time.perf_counter() - began)
        print(f"{output}: {len(made.content):,} bytes; runs {', '.join(f'{t:.2f}' for t in times[1:])} s")
        return statistics.median(times[1:])

    page, pdf = timed("html"), timed("pdf")
    html = document_publish(
        by=ids["coordinator"], slug="annual-report", subject=slug, period=str(year), output="html"
    ).content
    floor = ward_briefing.weasyprint_alone(html, options.runs)
    print(f"\nAnnual report {year}/{(year + 1) % 100:02d}: HTML median {page:.2f} s; PDF median {pdf:.2f} s")
    print(
        f"Baseline, WeasyPrint alone on the finished document: median {floor:.2f} s (PDF {pdf / floor:.1f}x)"
    )
    ok = page < PAGE_TARGET_S and pdf < PDF_TARGET_S
    print(f"Targets HTML < {PAGE_TARGET_S:.0f} s, PDF < {PDF_TARGET_S:.0f} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
