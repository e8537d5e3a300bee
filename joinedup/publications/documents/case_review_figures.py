"""The ASB Case Review annual publication: the four statutory figures for one reporting year (§1.4).

The figures are `casereviews.selectors.figures`, the same the Case Review pages show: this module
picks the year and words it. Counts only, no personal data.
"""

from __future__ import annotations

import datetime as dt

from joinedup.casereviews import selectors as casereview_selectors
from joinedup.casereviews.models import CaseReviewProcedure
from joinedup.partners.models import Partnership

from ..document import Document, NoData, Paragraph, Source, Table
from ..readers import Reader

FIGURES = (
    ("received", "Applications for an ASB Case Review received"),
    ("not_met", "Applications where the threshold was not met"),
    ("reviews", "ASB Case Reviews carried out"),
    ("with_recommendations", "Case Reviews that led to recommendations"),
)


def case_review_figures(
    *, reader: Reader, partnership: Partnership, year: int, as_of: dt.datetime, generated_at: dt.datetime
) -> Document:
    procedure = CaseReviewProcedure.objects.filter(partnership=partnership).first()
    start_month = procedure.year_start_month if procedure else 4
    starts_on = dt.date(year, start_month, 1)
    # The selector lists years from the first application up to the one holding `today`, newest first.
    years = casereview_selectors.figures(partnership=partnership, today=starts_on)
    this_year = years[0] if years and years[0].starts_on == starts_on else None
    label = this_year.label if this_year else (str(year) if start_month == 1 else f"{year} to {year + 1}")
    document = Document(
        kind="case-review-figures",
        title=f"ASB Case Review figures: {partnership.name}",
        subject=partnership.name,
        partnership=partnership.name,
        period_label=f"Reporting year {label}",
        as_of=as_of,
        generated_at=generated_at,
        reader=reader.describe(),
        marking="Official: for publication",
    )
    source = Source(
        query="ASB Case Review figures (casereviews figures): applications counted in the year received, "
        "threshold decisions in the year made, reviews in the year held",
        filters=f"applications to {partnership.name}",
        period=f"reporting year {label}, starting in month {start_month}",
    )
    section = document.section("The four figures")
    section.add(
        Paragraph(
            "Every area must publish these figures at least every 12 months (Anti-social Behaviour, Crime "
            "and Policing Act 2014, s.104)."
        )
    )
    if this_year is None:
        section.add(
            NoData(
                f"No ASB Case Review applications to {partnership.name} are recorded in Joined Up up to the "
                f"end of reporting year {label}. If applications were handled outside Joined Up, their "
                "figures must come from those records.",
                source=source,
            )
        )
        return document
    previous = years[1] if len(years) > 1 else None
    headings = ["Figure", f"Year {this_year.label}"] + ([f"Year {previous.label}"] if previous else [])
    section.add(
        Table(
            caption=f"ASB Case Reviews, {this_year.starts_on:%-d %B %Y} to {this_year.ends_on:%-d %B %Y}",
            headings=headings,
            rows=[
                [name, f"{getattr(this_year, key):,}"] + ([f"{getattr(previous, key):,}"] if previous else [])
                for key, name in FIGURES
            ],
            numeric=frozenset({1, 2}),
            source=source,
        )
    )
    if this_year.ends_on >= as_of.date():
        section.add(Paragraph(f"The year is not over: these are the figures as at {as_of:%-d %B %Y}."))
    return document
