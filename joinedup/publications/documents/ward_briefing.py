"""The ward councillor briefing: where and what incidents happen in one ward, and what partners are doing.

Incidents (map, trends, top issues) come from the intelligence app; reports, cases and tasking actions
are counts only for the partnerships covering the ward, with small counts suppressed. Open reports,
cases and actions are counted at the end of the period (or at the as-of moment if the period is not
over), so a briefing made again for a past period gives the same figures.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.places.models import Area
from joinedup.plan.registers_selectors import pspos_in_force

from .. import selectors
from ..document import Document, NoData, Paragraph, Source, Table
from ..periods import Months, moment_label, point_in_time
from ..readers import Reader
from . import common
from . import pspos as pspo_words

TOP_ISSUES = 10


def ward_briefing(
    *, reader: Reader, ward: Area, period: Months, as_of: dt.datetime, generated_at: dt.datetime
) -> Document:
    partnerships = reader.partnerships().filter(areas=ward.parent_id)
    moment = point_in_time(period, as_of)
    document = Document(
        kind="ward-briefing",
        title=f"Ward briefing: {ward.name}",
        subject=f"{ward.name} ward ({ward.code})",
        partnership=", ".join(p.name for p in partnerships) or "No partnership covers this ward",
        period_label=period.label,
        as_of=moment,
        generated_at=generated_at,
        reader=reader.describe(),
        marking="Official: for councillors and partner staff",
    )
    trends, source = common.trends_for(reader, ward, period)
    if trends.total:
        document.summary = (
            f"{trends.total:,} incidents were recorded in {ward.name} in {period.label}. Open reports, cases "
            "and "
            f"actions are counted as at {moment_label(moment)}."
        )
    _where(document, reader, ward, period)
    _trends(document, reader, ward, period, trends, source)
    _top_issues(document, ward, period, trends, source)
    scope = "; ".join(p.name for p in partnerships) or "none"
    _reports(document, partnerships, ward, period, moment, scope)
    _cases(document, partnerships, ward, period, moment, scope)
    _actions(document, partnerships, ward, period, moment, scope)
    _pspos(document, partnerships, ward, period)
    return document


def _where(document: Document, reader: Reader, ward: Area, period: Months) -> None:
    common.hotspot_map(reader, ward, period, document.section("Where incidents happen"))


def _trends(document, reader, ward, period, trends, source) -> None:
    section = document.section("Trends")
    if not trends.total:
        section.add(common.no_incidents(ward, period))
        return
    section.add(common.trends_chart(trends, source), common.months_table(trends, source))
    section.add(common.rolling_paragraph(trends, source))
    if trends.rolling is None:
        return
    changes, change_source = common.category_changes(reader, ward, period)
    section.add(
        common.changes_table(
            changes[:TOP_ISSUES],
            change_source,
            caption="The busiest categories: last 12 months against the 12 before",
        )
    )


def _top_issues(document, ward, period, trends, source) -> None:
    section = document.section("Top issues")
    if not trends.total:
        section.add(common.no_incidents(ward, period))
        return
    ranked = sorted(trends.category_totals, key=lambda c: (-c.harm, -c.count, c.category.name))
    ranked = [c for c in ranked if c.count][:TOP_ISSUES]
    section.add(
        Paragraph(
            "Categories ranked by harm (each incident weighted by the harm weights in use), so a few serious "
            "offences can rank above many minor ones; the count is beside it.",
        ),
        Table(
            caption=f"Top issues in {ward.name}, {period.label}",
            headings=["Category", "Incidents", "Harm (weighted)", "Share of harm"],
            rows=[
                [
                    c.category.name,
                    f"{c.count:,}",
                    f"{c.harm:,.0f}",
                    f"{c.harm / trends.harm_total:.0%}" if trends.harm_total else "no weight",
                ]
                for c in ranked
            ],
            numeric=frozenset({1, 2, 3}),
            source=source,
        ),
    )


def _counts_source(what: str, ward: Area, period: Months, moment: dt.datetime, scope: str) -> Source:
    return Source(
        query=what,
        filters=f"placed in {common.area_label(ward)}; partnerships: {scope}; counts below "
        f"{selectors.small_count_limit()} shown as 'fewer than {selectors.small_count_limit()}'",
        period=f"{period.label}; open as at {moment_label(moment)}",
    )


def _reports(document, partnerships, ward, period, moment, scope) -> None:
    section = document.section("Reports from the public and partners")
    counts = selectors.ward_reports(partnerships=partnerships, ward=ward, period=period, moment=moment)
    source = _counts_source(
        "Reports (reports app) by category, received and still open", ward, period, moment, scope
    )
    if not counts.received and not counts.open_by_state:
        section.add(NoData(f"No reports are recorded in {ward.name} for {period.label}.", source=source))
        return
    if counts.received:
        section.add(
            Table(
                caption=f"Reports received, {period.label}",
                headings=["Category", "Reports"],
                rows=[[name, selectors.shown_count(n)] for name, n in counts.received],
                numeric=frozenset({1}),
                source=source,
            )
        )
    else:
        section.add(NoData(f"No reports were received in {ward.name} in {period.label}.", source=source))
    if not counts.open_by_state:
        section.add(Paragraph("No reports were open at the end of the period.", source=source))
        return
    section.add(
        Table(
            caption="Reports open at the end of the period",
            headings=["Category", "Not yet acknowledged", "Acknowledged, being dealt with"],
            rows=[
                [name, selectors.shown_count(a), selectors.shown_count(b)]
                for name, a, b in counts.open_by_state
            ],
            numeric=frozenset({1, 2}),
            source=source,
        )
    )
    oldest = counts.oldest_open
    if oldest is not None:
        age = (moment - oldest.created_at).days
        section.add(
            Paragraph(
                f"The oldest open report is {oldest.reference} ({oldest.category.name}), received "
                f"{timezone.localtime(oldest.created_at):%-d %B %Y}: {age:,} days open.",
                source=source,
            )
        )


def _cases(document, partnerships, ward, period, moment, scope) -> None:
    section = document.section("Cases by kind")
    rows = selectors.ward_cases(partnerships=partnerships, ward=ward, period=period, moment=moment)
    source = _counts_source(
        "Multi-agency cases (cases app) by kind, opened and open", ward, period, moment, scope
    )
    if not rows:
        section.add(
            NoData(f"No cases placed in {ward.name} were opened or open in {period.label}.", source=source)
        )
        return
    section.add(
        Paragraph("Counts only: no case, person or address is named in this briefing."),
        Table(
            caption="Cases placed in the ward",
            headings=["Kind of case", "Opened in the period", "Open at the end of the period"],
            rows=[[kind, selectors.shown_count(a), selectors.shown_count(b)] for kind, a, b in rows],
            numeric=frozenset({1, 2}),
            source=source,
        ),
    )


def _actions(document, partnerships, ward, period, moment, scope) -> None:
    section = document.section("Tasking actions")
    rows = selectors.ward_actions(partnerships=partnerships, ward=ward, period=period, moment=moment)
    source = _counts_source(
        "Tasking actions (tasking app) agreed on cases placed in the ward, by owner",
        ward,
        period,
        moment,
        scope,
    )
    if not rows:
        section.add(
            NoData(
                f"No tasking actions tied to {ward.name} were agreed or open in {period.label}.",
                source=source,
            )
        )
        return
    section.add(
        Table(
            caption="Actions agreed at tasking meetings",
            headings=["Owner", "Agreed in the period", "Open at the end", "Of which overdue"],
            rows=[[owner, f"{a:,}", f"{b:,}", f"{c:,}"] for owner, a, b, c in rows],
            numeric=frozenset({1, 2, 3}),
            source=source,
        )
    )


def _pspos(document, partnerships, ward, period) -> None:
    """Orders in force at any time in the period with an area covering part of the ward."""
    section = document.section("PSPOs in force")
    start, end = period.first, period.ends_at.date() - dt.timedelta(days=1)
    pspos = [
        p
        for partnership in partnerships
        for p in pspos_in_force(partnership=partnership, start=start, end=end, ward=ward)
    ]
    source = pspo_words.pspo_source(
        partnership=", ".join(p.name for p in partnerships) or "no partnership",
        start=start,
        end=end,
        where=f" covering part of {common.area_label(ward)}",
    )
    if not pspos:
        section.add(
            NoData(f"No Public Spaces Protection Order covered {ward.name} in {period.label}.", source=source)
        )
        return
    section.add(pspo_words.pspo_table(pspos, end=end, caption=f"Orders covering {ward.name}", source=source))
