"""The strategic assessment draft for a district: levels, trends and harm by category and area.

It ends with the priorities the figures suggest, by a stated rule (`suggested_priorities`), as
suggestions for the strategy group: the group sets the priorities (SI 2007/1830, REFERENCE.md §5.2).
"""

from __future__ import annotations

import datetime as dt

from joinedup.core.errors import ApplicationError
from joinedup.intelligence.trend_selectors import RankedArea, emerging_issues, month_add
from joinedup.places.models import Area

from ..document import Document, NoData, Paragraph, Section, Source, Table
from ..periods import Months
from ..readers import Reader
from . import common

LEADERS = 5  # categories with most harm, and with most incidents, that the priority rule considers
EMERGING_MONTHS = 3  # the months at the period's end tested for emerging issues


def strategic_assessment(
    *, reader: Reader, district: Area, period: Months, as_of: dt.datetime, generated_at: dt.datetime
) -> Document:
    partnerships = reader.partnerships().filter(areas=district)
    document = Document(
        kind="strategic-assessment",
        title=f"Strategic assessment (draft): {district.name}",
        subject=f"{district.name} ({district.code})",
        partnership=", ".join(p.name for p in partnerships) or "No partnership covers this district",
        period_label=period.label,
        as_of=min(period.ends_at, as_of),
        generated_at=generated_at,
        reader=reader.describe(),
        marking="Official: draft for the strategy group",
    )
    trends, source = common.trends_for(reader, district, period)
    if not trends.total:
        document.section("Levels and trends").add(common.no_incidents(district, period))
        return document
    document.summary = (
        f"{trends.total:,} incidents were recorded in {district.name} in {period.label}, with a weighted "
        "harm "
        f"of {trends.harm_total:,.0f}. This draft sets out levels, trends and harm by category and by area, "
        "and ends with the priorities the figures suggest."
    )
    levels = document.section("Levels and trends")
    levels.add(common.trends_chart(trends, source), common.rolling_paragraph(trends, source))
    levels.add(
        Table(
            caption="Financial years (April to March)",
            headings=["Financial year", "Months in the period", "Incidents", "Harm (weighted)"],
            rows=[
                [y.label, str(y.months), f"{y.count:,.0f}", f"{y.harm:,.0f}"] for y in trends.financial_years
            ],
            numeric=frozenset({1, 2, 3}),
            source=source,
        ),
        common.months_table(trends, source),
    )
    changes, change_source = (
        ([], None) if trends.rolling is None else common.category_changes(reader, district, period)
    )
    _harm(document, trends, source)
    if change_source is not None:
        document.section("The last 12 months against the 12 before").add(
            common.changes_table(changes, change_source, caption="Every category, rolling 12 months")
        )
    _areas(document, trends, source)
    _emerging(document, reader, district, period)
    _priorities(document, trends, changes, change_source or source)
    return document


def _harm(document: Document, trends, source: Source) -> None:
    ranked = sorted((c for c in trends.category_totals if c.count), key=lambda c: (-c.harm, -c.count))
    document.section("Harm by category").add(
        Paragraph(
            "Volume and harm side by side (REFERENCE §8): harm weighs each incident by the harm weights in "
            "use, so the ranking by harm can differ from the ranking by count."
        ),
        Table(
            caption="Categories by harm",
            headings=["Category", "Incidents", "Share of incidents", "Harm (weighted)", "Share of harm"],
            rows=[
                [
                    c.category.name,
                    f"{c.count:,}",
                    f"{c.count / trends.total:.0%}",
                    f"{c.harm:,.0f}",
                    f"{c.harm / trends.harm_total:.0%}" if trends.harm_total else "no weight",
                ]
                for c in ranked
            ],
            numeric=frozenset({1, 2, 3, 4}),
            source=source,
        ),
    )


def _ranked_table(caption: str, areas: list[RankedArea], source: Source) -> Table | NoData:
    if not areas:
        return NoData(f"{caption}: no incidents in the period are placed in one.", source=source)
    return Table(
        caption=caption,
        headings=["Area", "Code", "Incidents", "Rank by count", "Harm (weighted)", "Rank by harm"],
        rows=[
            [
                r.area.name,
                r.area.code,
                f"{r.count:,.0f}",
                str(r.count_rank),
                f"{r.harm:,.0f}",
                str(r.harm_rank),
            ]
            for r in areas
        ],
        numeric=frozenset({2, 3, 4, 5}),
        source=source,
    )


def _areas(document: Document, trends, source: Source) -> None:
    section = document.section("Areas")
    if not trends.top_wards:
        section.add(NoData("No incidents in the period are placed in a ward.", source=source))
        return
    section.add(
        _ranked_table("Top wards by count", trends.top_wards, source),
        _ranked_table("Top wards by harm", trends.top_wards_by_harm, source),
        _ranked_table("Top LSOAs by count", trends.top_lsoas, source),
    )


def _emerging(document: Document, reader: Reader, district, period: Months) -> None:
    section = document.section("Emerging issues")
    first = max(period.first, month_add(period.last, -(EMERGING_MONTHS - 1)))
    source = Source(
        query="Emerging issues (intelligence emerging_issues): each ward and category month against its own "
        "baseline, Poisson exceedance with a false discovery rate control",
        filters=f"wards of {common.area_label(district)}; {common.incident_scope(reader)}",
        period=f"{first:%B %Y} to {period.last:%B %Y}",
    )
    try:
        found = emerging_issues(
            user=reader.for_incidents,
            area_kind="ward",
            districts=[district],
            month_from=first,
            month_to=period.last,
        )
    except ApplicationError as error:
        section.add(NoData(error.message, source=source))
        return
    if not found:
        section.add(Paragraph("No ward and category was significantly above its usual level.", source=source))
        return
    section.add(
        Table(
            caption="Ward and category months well above their usual level",
            headings=["Ward", "Category", "Month", "Incidents", "Expected"],
            rows=[
                [i.area.name, i.category.name, f"{i.month:%B %Y}", str(i.observed), f"{i.expected:.1f}"]
                for i in sorted(found, key=lambda i: (-i.ratio, i.area.name))[:20]
            ],
            numeric=frozenset({3, 4}),
            source=source,
        )
    )


PRIORITY_RULE = (
    f"Rule: of the {LEADERS} categories with most harm and the {LEADERS} with most incidents in the period "
    "(anti-social behaviour carries no harm weight, so volume counts too), those whose last 12 months were "
    "significantly above the 12 before (Poisson exact test, p < 0.05) are suggested as priorities, most harm "
    "first; where none rose significantly, the three with most harm are suggested for continued focus."
)


def suggested_priorities(trends, changes: list[common.CategoryChange]) -> tuple[list[str], bool]:
    """(category names, whether they rose significantly), by `PRIORITY_RULE`."""
    present = [c for c in trends.category_totals if c.count]
    by_harm = sorted((c for c in present if c.harm > 0), key=lambda c: (-c.harm, -c.count))
    by_count = sorted(present, key=lambda c: (-c.count, -c.harm))
    leaders = by_harm[:LEADERS] + [c for c in by_count[:LEADERS] if c not in by_harm[:LEADERS]]
    rising = {c.category.id for c in changes if c.change.significant and c.change.change > 0}
    chosen = [c.category.name for c in leaders if c.category.id in rising]
    if chosen:
        return chosen, True
    return [c.category.name for c in (by_harm or by_count)[:3]], False


def _priorities(document: Document, trends, changes, source: Source) -> None:
    section: Section = document.section("The priorities these figures suggest")
    names, rising = suggested_priorities(trends, changes)
    section.add(Paragraph(PRIORITY_RULE))
    lead = (
        "A significant rise among those with most harm or most incidents: "
        if rising
        else "No high-harm category rose significantly; the highest harm: "
    )
    section.add(
        Paragraph(lead + "; ".join(names) + ".", source=source),
        Paragraph(
            "These are suggestions for the strategy group to weigh with partners' knowledge, community "
            "concerns and the statutory priorities (including serious violence); they are not decisions."
        ),
    )
