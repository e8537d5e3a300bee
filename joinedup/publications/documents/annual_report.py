"""The annual crime and disorder scrutiny report: a partnership's financial year, in the structure the
council's crime and disorder committee receives (Police and Justice Act 2006 s.19; REFERENCE.md §5.3).

Each section reads the app that owns its figures (plan, funding, registers, tasking, problems, cases,
Case Reviews, intelligence) for the partnership and the year, April to March. Point-in-time figures
(the plan's progress, open cases, reviews by stage, the scorecard) are taken at the end of the year, or
at the as-of moment if the year is not over, so a past year's report can be made again. This module
holds the first three sections; `annual_report_delivery` the rest.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.partners.models import GovernanceGroup, Partnership
from joinedup.places.models import AreaKind
from joinedup.plan.funding_selectors import funding_tables_for_year
from joinedup.plan.models import Plan
from joinedup.plan.models.funding import year_label
from joinedup.plan.plan_selectors import assessments_for, plans_visible
from joinedup.problems.survey_figures import MEASURES
from joinedup.problems.survey_selectors import round_results, surveys_visible

from .. import year_selectors
from ..document import Document, NoData, Paragraph, Section, Source, Table
from ..periods import Months, moment_label
from ..readers import Reader
from . import annual_report_delivery as delivery
from . import common


def reporting_year(year: int) -> Months:
    """The financial year starting in April of `year`, as committee reports use."""
    return Months(dt.date(year, 4, 1), dt.date(year + 1, 3, 1))


def annual_report(
    *, reader: Reader, partnership: Partnership, year: int, as_of: dt.datetime, generated_at: dt.datetime
) -> Document:
    months = reporting_year(year)
    moment = min(months.ends_at, as_of)
    label = year_label(year)
    document = Document(
        kind="annual-report",
        title=f"Crime and disorder scrutiny report {label}: {partnership.name}",
        subject=partnership.name,
        partnership=partnership.name,
        period_label=f"Financial year {label} (April {year} to March {year + 1})",
        as_of=moment,
        generated_at=generated_at,
        reader=reader.describe(),
        marking="Official: for the crime and disorder scrutiny committee",
        summary=(
            f"What {partnership.name} did in {label}, for the council's crime and disorder committee (Police "
            f"and Justice Act 2006, s.19). Figures at a point in time are as at {moment_label(moment)}."
        ),
    )
    context = delivery.YearContext(
        reader=reader,
        partnership=partnership,
        year=year,
        months=months,
        label=label,
        moment=moment,
        span=year_selectors.Year(starts_at=months.starts_at, ends_at=moment),
        plan=_plan(reader, partnership, months),
    )
    _need(document.section("Strategic assessment and community need"), context)
    _governance(document.section("Governance"), context)
    _funding(document.section("Police and Crime Commissioner funding"), context)
    delivery.add_sections(document, context)
    return document


def _plan(reader: Reader, partnership: Partnership, months: Months) -> Plan | None:
    """The plan in force in the year (the latest-starting one, if the year spans two)."""
    return (
        plans_visible(user=reader.for_records)
        .filter(partnership=partnership, starts_on__lte=months.last, ends_on__gte=months.first)
        .order_by("-starts_on", "-id")
        .first()
    )


def _need(section: Section, context: delivery.YearContext) -> None:
    end = context.moment.date()
    assessment = (
        assessments_for(plan=context.plan).filter(published_on__lt=end).first() if context.plan else None
    )
    source = Source(
        query="Partnership plan and the strategic assessment it rests on (plan assessments_for): the latest "
        "published by the year's end",
        filters=f"plans of {context.partnership.name} in force in the year",
        period=context.months.label,
    )
    if assessment is None:
        section.add(
            NoData("No strategic assessment is recorded for a plan in force in this year.", source=source)
        )
    else:
        section.add(
            Paragraph(
                f"{assessment.title}, published {assessment.published_on:%-d %B %Y}: {assessment.summary}",
                source=source,
            )
        )
    _levels(section, context)
    _surveys(section, context)


def _levels(section: Section, context: delivery.YearContext) -> None:
    districts = context.partnership.areas.filter(kind=AreaKind.DISTRICT).defer("boundary").order_by("name")
    rows, source = [], None
    for district in districts:
        trends, source = common.trends_for(context.reader, district, context.months)
        if not trends.total:
            continue
        rolling = trends.rolling
        rows.append(
            [
                common.area_label(district),
                f"{trends.total:,}",
                f"{rolling.previous:,.0f}" if rolling else "not loaded",
                common.change_words(rolling) if rolling else trends.rolling_note,
            ]
        )
    source = Source(
        query="Incidents by month (intelligence trends_build) for each district of the partnership, the "
        "year against the 12 months before (Poisson exact test)",
        filters=f"districts of {context.partnership.name}; every category; "
        f"{common.incident_scope(context.reader)}",
        period=context.months.label,
    )
    if not rows:
        section.add(
            NoData(
                f"No incidents are loaded for {context.partnership.name}'s districts in this year.",
                source=source,
            )
        )
        return
    section.add(
        Table(
            caption="Incidents in the year, and the change on the year before",
            headings=["District", "Incidents in the year", "The year before", "Change"],
            rows=rows,
            numeric=frozenset({1, 2}),
            source=source,
        )
    )


def _surveys(section: Section, context: delivery.YearContext) -> None:
    rounds = [
        (survey, survey_round)
        for survey in surveys_visible(user=context.reader.for_records).filter(partnership=context.partnership)
        for survey_round in survey.rounds.filter(
            published_at__isnull=False,
            closes_on__gte=context.months.first,
            closes_on__lt=context.moment.date(),
        ).order_by("closes_on", "id")
    ]
    source = Source(
        query="Perception surveys (problems round_results): share of those answering, excluding don't know; "
        "rounds closed and published in the year",
        filters=f"surveys of {context.partnership.name}; every ward surveyed",
        period=context.months.label,
    )
    if not rounds:
        section.add(NoData("No perception survey round closed in this year.", source=source))
        return
    rows = []
    for survey, survey_round in rounds:
        overall = round_results(survey=survey, survey_round=survey_round).overall
        shares = [overall.shares[m.code] for m in MEASURES]
        rows.append(
            [
                f"{survey.title}: {survey_round.name}",
                f"{overall.responses:,}",
                *(
                    f"{s.percent:.0f}%" if s.percent is not None and s.reliable else "too few answers"
                    for s in shares
                ),
            ]
        )
    section.add(
        Table(
            caption="What residents told us",
            headings=["Survey round", "Responses", *(m.label for m in MEASURES)],
            rows=rows,
            numeric=frozenset({1, 2, 3, 4}),
            source=source,
        )
    )


def _governance(section: Section, context: delivery.YearContext) -> None:
    groups = GovernanceGroup.objects.filter(partnership=context.partnership).select_related("chair", "parent")
    source = Source(
        query="Governance groups (partners) of the partnership, with their parent, chair and how often "
        "they meet",
        filters=context.partnership.name,
        period="the groups as recorded when this document was made",
    )
    if groups:
        section.add(
            Table(
                caption="The partnership's groups",
                headings=["Group", "Kind", "Reports to", "Chair", "Meets"],
                rows=[
                    [
                        g.name,
                        g.get_kind_display(),
                        g.parent.name if g.parent else "",
                        g.chair.name if g.chair else "",
                        g.meets,
                    ]
                    for g in groups.order_by("kind", "name")
                ],
                source=source,
            )
        )
    else:
        section.add(NoData("No governance groups are recorded for the partnership.", source=source))
    meetings = year_selectors.meetings_held(partnership=context.partnership, year=context.span)
    meeting_source = Source(
        query="Tasking meetings (tasking) marked held, by group; agenda items of those meetings by where "
        "they came from",
        filters=f"tasking groups of {context.partnership.name}",
        period=context.months.label,
    )
    if not meetings:
        section.add(NoData("No tasking meetings are recorded as held in this year.", source=meeting_source))
        return
    section.add(
        Table(
            caption="Tasking meetings held",
            headings=["Tasking group", "Meetings held", "Last held"],
            rows=[[name, f"{n:,}", f"{timezone.localtime(last):%-d %B %Y}"] for name, n, last in meetings],
            numeric=frozenset({1}),
            source=meeting_source,
        )
    )
    topics = year_selectors.agenda_topics(partnership=context.partnership, year=context.span)
    if topics:
        section.add(
            Table(
                caption="Topics discussed, by kind",
                headings=["Kind of agenda item", "Items"],
                rows=[[kind, f"{n:,}"] for kind, n in topics],
                numeric=frozenset({1}),
                source=meeting_source,
            )
        )


def _funding(section: Section, context: delivery.YearContext) -> None:
    tables = funding_tables_for_year(
        user=context.reader.for_records, partnership=context.partnership, financial_year=context.year
    )
    if not any(t.rows for t in tables):
        section.add(
            NoData(
                f"No funded projects are recorded for {context.partnership.name} in {context.label}.",
                source=Source(
                    query="Funds and funded projects (plan funding_tables_for_year)",
                    filters=context.partnership.name,
                    period=f"financial year {context.label}",
                ),
            )
        )
        return
    for table in tables:
        source = Source(
            query=table.source, filters=context.partnership.name, period=f"financial year {context.label}"
        )
        section.add(
            Paragraph(
                f"{table.fund.name} from {table.fund.funder}: £{table.fund.total:,.0f}, of which "
                f"£{table.total_allocated:,.0f} was allocated to {len(table.rows)} projects.",
                source=source,
            ),
            Table(
                caption=table.fund.name,
                headings=["Project", "Purpose", "Lead partner", "Amount"],
                rows=[[r.title, r.purpose, r.lead_partner, f"£{r.amount:,.0f}"] for r in table.rows]
                + [["Total", "", "", f"£{table.total_allocated:,.0f}"]],
                numeric=frozenset({3}),
                source=source,
            ),
        )
