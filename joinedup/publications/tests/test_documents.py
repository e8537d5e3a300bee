"""The strategic assessment and the Case Review figures equal independent queries; the PDF and the
Word file hold the document."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf

from joinedup.casereviews.models import CaseReviewApplication
from joinedup.casereviews.tests.conftest import categories, clock, procedure, record, take_through  # noqa: F401
from joinedup.intelligence.models import Incident
from joinedup.publications.document import APPENDIX_HEADING, NoData, Table
from joinedup.publications.services import document_publish

from .conftest import CATHEDRAL, YEAR_2025


def test_the_strategic_assessment_counts_each_ward_and_suggests_the_rising_category(
    incidents, worcester, analyst
):
    document = document_publish(
        by=analyst, slug="strategic-assessment", subject="E07000237", period=YEAR_2025, output="page"
    ).document
    wards = next(
        b
        for s in document.sections
        for b in s.blocks
        if isinstance(b, Table) and b.caption == "Top wards by count"
    )
    expected = {
        code: Incident.objects.filter(ward__code=code, month__year=2025).count()
        for code in {row[1] for row in wards.rows}
    }
    assert {row[1]: int(row[2]) for row in wards.rows} == expected
    priorities = next(s for s in document.sections if s.heading == "The priorities these figures suggest")
    assert any("Anti-social behaviour" in b.text and "significant rise" in b.text for b in priorities.blocks)
    assert any(b.text.startswith("Rule:") for b in priorities.blocks)


def test_the_case_review_figures_equal_a_direct_count_of_the_applications(
    coordinator,
    south,
    procedure,  # noqa: F811 (the imported fixture)
    police,
):
    first = record(coordinator, south, received_on=dt.date(2025, 5, 1))
    take_through(coordinator, first, decided=dt.date(2025, 5, 20), decision="not_met")
    second = record(coordinator, south, received_on=dt.date(2025, 6, 1))
    take_through(
        coordinator,
        second,
        decided=dt.date(2025, 6, 10),
        held=dt.date(2025, 6, 20),
        attendees=[police],
        recommend_to=police,
    )
    record(coordinator, south, received_on=dt.date(2025, 3, 20))  # the reporting year before
    document = document_publish(
        by=coordinator, slug="case-review-figures", subject="south", period="2025", output="page"
    ).document
    figures = next(b for b in document.sections[0].blocks if isinstance(b, Table))
    year = CaseReviewApplication.objects.filter(
        partnership=south, received_on__gte=dt.date(2025, 4, 1), received_on__lt=dt.date(2026, 4, 1)
    )
    assert [row[1] for row in figures.rows] == [
        str(year.count()),
        str(year.filter(decision="not_met").count()),
        str(year.filter(review_held_on__isnull=False).count()),
        str(year.filter(review_held_on__isnull=False, recommendations__isnull=False).distinct().count()),
    ]
    assert figures.rows[0][1] == "2"


def test_a_year_before_any_application_says_so(coordinator, south, procedure):  # noqa: F811
    record(coordinator, south, received_on=dt.date(2025, 5, 1))
    document = document_publish(
        by=coordinator, slug="case-review-figures", subject="south", period="2023", output="page"
    ).document
    blocks = document.sections[0].blocks
    assert isinstance(blocks[-1], NoData)
    assert "No ASB Case Review applications to South Partnership are recorded" in blocks[-1].text
    assert not any(isinstance(b, Table) for b in blocks)


def test_the_pdf_has_pages_and_the_briefing_s_text(incidents, coordinator):
    pdf = document_publish(
        by=coordinator, slug="ward-briefing", subject=CATHEDRAL, period=YEAR_2025, output="pdf"
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) >= 2
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Ward briefing: Cathedral" in text
    assert "How these figures were made" in text
    assert "Page 1 of" in text


def test_the_word_file_opens_and_holds_every_heading(incidents, coordinator):
    made = document_publish(
        by=coordinator, slug="ward-briefing", subject=CATHEDRAL, period=YEAR_2025, output="docx"
    )
    word = docx.Document(io.BytesIO(made.content))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == made.document.headings
    assert APPENDIX_HEADING in headings
    assert len(word.inline_shapes) == 2  # the hotspot map and the trends chart
    assert len(word.tables) >= 4
