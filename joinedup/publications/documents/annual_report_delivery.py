"""The annual scrutiny report's later sections: projects and their outputs, ASB and Case Review figures,
PSPOs, Domestic Homicide Reviews and performance against the plan.

Domestic Homicide Reviews appear only as counts by stage (`dhr_stage_counts`): the reviews themselves
stay restricted to their named leads and panels. Reports and cases are counts, with small counts shown
as "fewer than N" as in every document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from joinedup.intelligence.measures import rag_status, scorecard
from joinedup.partners.models import Partnership
from joinedup.plan.funding_selectors import outputs_for_period
from joinedup.plan.models import DhrStage, Plan, PspoExtension
from joinedup.plan.plan_selectors import plan_progress
from joinedup.plan.registers_selectors import (
    ENFORCEMENT_FIELDS,
    dhr_stage_counts,
    pspo_enforcement_totals,
    pspos_in_force,
)
from joinedup.plan.services_register_selectors import services_register

from .. import year_selectors
from ..document import Document, NoData, Paragraph, Section, Source, Table
from ..periods import Months, moment_label
from ..readers import Reader
from ..selectors import shown_count, small_count_limit
from . import pspos as pspo_words
from .case_review_figures import case_review_figures


@dataclass(frozen=True)
class YearContext:
    reader: Reader
    partnership: Partnership
    year: int  # the calendar year the financial year starts in
    months: Months
    label: str  # "2025/26"
    moment: dt.datetime  # the end of the year, or the as-of moment if earlier
    span: year_selectors.Year
    plan: Plan | None

    @property
    def first_day(self) -> dt.date:
        return self.months.first

    @property
    def last_day(self) -> dt.date:
        """The last day the figures cover (the year's last, or the day before the as-of moment)."""
        return (
            self.moment.date() - dt.timedelta(days=1)
            if self.moment.time() == dt.time()
            else self.moment.date()
        )

    def source(self, query: str, filters: str = "") -> Source:
        return Source(query=query, filters=filters or self.partnership.name, period=self.months.label)


def add_sections(document: Document, context: YearContext) -> None:
    _projects(document.section("Projects and interventions"), context)
    _asb(document.section("Anti-social behaviour and ASB Case Reviews"), context)
    _pspos(document.section("Public Spaces Protection Orders"), context)
    _dhrs(document.section("Domestic Homicide Reviews"), context)
    _performance(document.section("Performance and impact"), context)


def _number(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _projects(section: Section, context: YearContext) -> None:
    user = context.reader.for_records
    outputs = outputs_for_period(
        user=user, partnership=context.partnership, start=context.first_day, end=context.last_day
    )
    source = context.source(outputs.source)
    if outputs.rows:
        section.add(
            Table(
                caption="What funded projects delivered",
                headings=["Project", "Output or outcome", "Period", "Figure"],
                rows=[
                    [
                        row.project.title,
                        row.measure,
                        f"{row.period_start:%b %Y} to {row.period_end:%b %Y}",
                        f"{_number(row.value)} {row.unit}".strip(),
                    ]
                    for row in outputs.rows
                ],
                numeric=frozenset({3}),
                source=source,
            )
        )
    else:
        section.add(NoData("No project outputs are recorded for periods within this year.", source=source))
    register = services_register(user=user, partnership=context.partnership, financial_year=context.year)
    register_source = context.source(register.source)
    counted = [r for r in register.rows if any(q is not None for q in r.quarters)]
    if counted:
        section.add(
            Table(
                caption=f"Partnership services, {context.label}",
                headings=["Service", "Figure", "Total for the year"],
                rows=[
                    [r.service.name, r.figure.name, f"{_number(r.total)} {r.figure.unit}".strip()]
                    for r in counted
                ],
                numeric=frozenset({2}),
                source=register_source,
            )
        )
    else:
        section.add(NoData("No services figures are recorded for this year.", source=register_source))
    _problem_solving(section, context)


def _problem_solving(section: Section, context: YearContext) -> None:
    profiles = year_selectors.profiles_concluded(partnership=context.partnership, year=context.span)
    source = context.source(
        "Problem-solving profiles (problems) closed in the year or assessed before and after in it, with the "
        "owner's latest conclusion"
    )
    if profiles:
        section.add(
            Table(
                caption="Problem-solving: profiles closed or assessed",
                headings=["Profile", "Closed in the year?", "Outcome"],
                rows=[
                    [f"{p.title} ({p.reference})", "Yes" if p.closed else "No, still open", p.conclusion]
                    for p in profiles
                ],
                source=source,
            )
        )
    else:
        section.add(NoData("No problem-solving profile was closed or assessed in this year.", source=source))
    patrols, engaged = year_selectors.patrols_done(partnership=context.partnership, year=context.span)
    patrol_source = context.source(
        "Joint patrols (problems) recorded as done, and the people spoken to on them"
    )
    if patrols:
        section.add(
            Paragraph(
                f"{patrols:,} joint patrols were done, speaking to {engaged:,} people.", source=patrol_source
            )
        )
    else:
        section.add(NoData("No joint patrols are recorded as done in this year.", source=patrol_source))


def _asb(section: Section, context: YearContext) -> None:
    suppressed = f"counts below {small_count_limit()} shown as 'fewer than {small_count_limit()}'"
    received = year_selectors.reports_received(partnership=context.partnership, year=context.span)
    source = context.source(
        "Reports from the public and partners (reports app) received, by category",
        f"{context.partnership.name}; {suppressed}",
    )
    if received:
        section.add(
            Table(
                caption="Reports received, by category",
                headings=["Category", "Reports"],
                rows=[[name, shown_count(n)] for name, n in received],
                numeric=frozenset({1}),
                source=source,
            )
        )
    else:
        section.add(NoData("No reports are recorded as received in this year.", source=source))
    cases = year_selectors.cases_by_kind(partnership=context.partnership, year=context.span)
    case_source = Source(
        query="Multi-agency cases (cases app) by kind, opened in the year and open at its end",
        filters=f"{context.partnership.name}; {suppressed}",
        period=f"{context.months.label}; open as at {moment_label(context.moment)}",
    )
    if cases:
        section.add(
            Paragraph("Counts only: no case, person or address is named in this report."),
            Table(
                caption="Cases by kind",
                headings=["Kind of case", "Opened in the year", "Open at the end of the year"],
                rows=[[kind, shown_count(a), shown_count(b)] for kind, a, b in cases],
                numeric=frozenset({1, 2}),
                source=case_source,
            ),
        )
    else:
        section.add(NoData("No cases were opened or open in this year.", source=case_source))
    figures = case_review_figures(
        reader=context.reader,
        partnership=context.partnership,
        year=context.year,
        as_of=context.moment,
        generated_at=context.moment,
    )
    section.add(*figures.sections[0].blocks)


def _pspos(section: Section, context: YearContext) -> None:
    start, end = context.first_day, context.last_day
    pspos = pspos_in_force(partnership=context.partnership, start=start, end=end)
    source = pspo_words.pspo_source(partnership=context.partnership.name, start=start, end=end)
    if not pspos:
        section.add(NoData("No Public Spaces Protection Order was in force in this year.", source=source))
        return
    section.add(
        pspo_words.pspo_table(pspos, end=end, caption="Orders in force during the year", source=source)
    )
    made = [p for p in pspos if start <= p.made_on <= end]
    extended = list(
        PspoExtension.objects.filter(pspo__in=pspos, decided_on__gte=start, decided_on__lte=end)
        .select_related("pspo")
        .order_by("decided_on", "id")
    )
    changes = [f"{p.title} was made on {p.made_on:%-d %B %Y}." for p in made] + [
        f"{e.pspo.title} was extended on {e.decided_on:%-d %B %Y} to {e.new_expires_on:%-d %B %Y}."
        for e in extended
    ]
    section.add(
        Paragraph(
            " ".join(changes) if changes else "No order was made or extended in this year.", source=source
        )
    )
    enforcement = pspo_enforcement_totals(partnership=context.partnership, start=start, end=end)
    enforcement_source = Source(
        query="PSPO enforcement (plan pspo_enforcement_totals): figures recorded for periods starting in the "
        "year, summed by order",
        filters=f"orders of {context.partnership.name}",
        period=pspo_words.period_words(start, end),
    )
    if not enforcement:
        section.add(NoData("No enforcement figures are recorded for this year.", source=enforcement_source))
        return
    section.add(
        Table(
            caption="Enforcement",
            headings=["Order", "Warnings", "Fixed penalties issued", "Of which paid", "Prosecutions"],
            rows=[[r.pspo.title, *(f"{getattr(r, f):,}" for f in ENFORCEMENT_FIELDS)] for r in enforcement]
            + [["Total", *(f"{sum(getattr(r, f) for r in enforcement):,}" for f in ENFORCEMENT_FIELDS)]],
            numeric=frozenset({1, 2, 3, 4}),
            source=enforcement_source,
        )
    )


def _dhrs(section: Section, context: YearContext) -> None:
    counts = dhr_stage_counts(partnership=context.partnership, start=context.first_day, end=context.last_day)
    source = Source(
        query="Domestic Homicide Reviews (plan dhr_stage_counts): reviews open at any time in the year, by "
        "the stage each had reached at its end, from each review's dated history",
        filters=f"reviews of {context.partnership.name}; counts only",
        period=pspo_words.period_words(context.first_day, context.last_day),
    )
    section.add(
        Paragraph(
            "Counts only. Reviews are restricted to the partnership's named leads and each review's panel; "
            "overview reports are published once the Home Office's quality assurance panel approves them."
        )
    )
    if not any(counts.values()):
        section.add(NoData("No Domestic Homicide Review was open in this year.", source=source))
        return
    labels = dict(DhrStage.choices)
    section.add(
        Table(
            caption="Reviews by stage at the end of the year",
            headings=["Stage", "Reviews"],
            rows=[[labels[stage], f"{n:,}"] for stage, n in counts.items() if n]
            + [["Total", f"{sum(counts.values()):,}"]],
            numeric=frozenset({1}),
            source=source,
        )
    )


def _performance(section: Section, context: YearContext) -> None:
    if context.plan is None:
        section.add(NoData("No partnership plan was in force in this year."))
    else:
        _plan_progress(section, context, context.plan)
    _scorecard(section, context)


def _plan_progress(section: Section, context: YearContext, plan: Plan) -> None:
    progress = plan_progress(user=context.reader.for_records, plan=plan, as_of=context.last_day)
    source = context.source(progress.source, f"{context.partnership.name}'s plan {plan.period_label}")
    measures = [
        (priority.priority.title, m)
        for priority in progress.priorities
        for objective in priority.objectives
        for m in objective.measures
    ]
    if measures:
        section.add(
            Table(
                caption="Plan measures: the latest figure against the target",
                headings=["Priority", "Measure", "Latest figure", "Target", "Target met?"],
                rows=[
                    [
                        title,
                        m.measure.name,
                        f"{m.latest.value:g} ({m.latest.label})" if m.latest else "No figure yet",
                        "None set" if m.measure.target is None else f"{m.measure.target:g}",
                        {True: "Yes", False: "No", None: "Not known"}[m.target_met],
                    ]
                    for title, m in measures
                ],
                numeric=frozenset({2, 3}),
                source=source,
            )
        )
    rags = [rag for rag, _ in progress.rag_counts]
    if not any(n for _, n in progress.rag_counts):
        section.add(NoData("No plan actions had been agreed by the end of the year.", source=source))
        return
    section.add(
        Table(
            caption="Plan actions by RAG status at the end of the year",
            headings=["Priority", *(rag.label for rag in rags)],
            rows=[[p.priority.title, *(f"{n:,}" for _, n in p.rag_counts)] for p in progress.priorities]
            + [["All priorities", *(f"{n:,}" for _, n in progress.rag_counts)]],
            numeric=frozenset(range(1, len(rags) + 1)),
            source=source,
        )
    )


def _scorecard(section: Section, context: YearContext) -> None:
    cards = scorecard(
        user=context.reader.for_records, partnership=context.partnership, today=context.moment.date()
    )
    source = context.source(
        "Scorecards (intelligence scorecard): each measure's latest period starting within the year that has "
        "a figure, with its RAG against the target"
    )
    rows = []
    for name, statuses in sorted(cards.items()):
        for status in statuses:
            # The scorecard runs to the latest police data; a past year's report stops at the year.
            known = [v for v in status.values if v.start <= context.months.last and v.value is not None]
            latest = known[-1] if known else None
            m = status.measure
            rag = rag_status(
                value=latest.value if latest else None,
                target=m.target,
                direction=m.direction,
                tolerance=m.tolerance,
            )
            rows.append(
                [
                    name,
                    m.name,
                    "No figure" if latest is None else f"{latest.value:g} ({latest.label})",
                    "None set" if m.target is None else f"{m.target:g}",
                    (rag or "not rated").capitalize(),
                ]
            )
    if not rows:
        section.add(NoData("The partnership has no scorecard measures.", source=source))
        return
    section.add(
        Table(
            caption="Scorecard",
            headings=["Scorecard", "Measure", "Latest figure", "Target", "Status"],
            rows=rows,
            numeric=frozenset({2, 3}),
            source=source,
        )
    )
