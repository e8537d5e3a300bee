"""The annual scrutiny report's figures equal independent queries of the same data; a year with nothing
says so; the PDF, Word file and command make it; only the partnership's staff may; the ward briefing
lists the PSPOs covering its ward.

The clock stands at 1 June 2026, after the financial year 2025/26 (April 2025 to March 2026) ends.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import docx
import pypdf
import pytest
import time_machine
from django.core.management import call_command

from joinedup.casereviews.models import CaseReviewApplication
from joinedup.casereviews.tests.conftest import categories, procedure, record, take_through  # noqa: F401
from joinedup.partners.models import GovernanceGroup, GroupKind
from joinedup.plan.models import DhrLead, DomesticHomicideReview, Project, ProjectStatus, Pspo
from joinedup.plan.services import dhr, funding
from joinedup.plan.services import pspo as pspo_services
from joinedup.publications.document import NoData, Table
from joinedup.publications.services import document_publish
from joinedup.tasking.models import Meeting, MeetingStatus
from joinedup.tasking.services import groups as group_services

from .conftest import CATHEDRAL, YEAR_2025

pytestmark = pytest.mark.django_db
YEAR_START, YEAR_END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False) as traveller:
        yield traveller


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)


def order(coordinator, reference, title, areas, made_on, expires_on):
    made = pspo_services.pspo_save(
        by=coordinator,
        partnership=coordinator.partnerships.get(),
        reference=reference,
        title=title,
        area_description="As the order's map shows",
        areas=areas,
        prohibitions=["Drinking alcohol when asked to stop"],
        made_on=made_on,
        in_force_from=made_on,
        expires_on=expires_on,
    )
    pspo_services.penalty_set(by=coordinator, pspo=made, applies_from=made_on, amount=100)
    return made


@pytest.fixture
def year_data(worcester, cathedral, other_ward, coordinator, south, south_council, police):
    """A year of South's work: a grant with two funded projects and a declined bid; three orders (one
    lapsed before the year); two reviews; meetings in and out of the year."""
    fund = funding.fund_create(
        by=coordinator,
        partnership=south,
        name="PCC Community Safety Grant 2025/26",
        funder="Police and Crime Commissioner",
        financial_year=2025,
        total=Decimal("100000"),
    )
    for title, amount in (("Street Pastors", "30000"), ("DAWN", "20000"), ("Declined bid", None)):
        bid = funding.project_submit(
            by=coordinator,
            fund=fund,
            title=title,
            purpose=f"{title} purpose",
            lead_partner=south_council,
            amount_requested=Decimal("30000"),
        )
        if amount:
            funding.project_allocate(by=coordinator, project=bid, amount=Decimal(amount))
    order(coordinator, "PSPO-CITY", "City centre", [cathedral], dt.date(2025, 6, 1), dt.date(2028, 5, 31))
    order(coordinator, "PSPO-DOGS", "Dog control", [other_ward], dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    order(coordinator, "PSPO-OLD", "Old alcohol", [cathedral], dt.date(2021, 1, 1), dt.date(2024, 1, 1))
    DhrLead.objects.create(partnership=south, user=coordinator)
    first = dhr.dhr_record(
        by=coordinator, partnership=south, reference="DHR-1", notified_on=dt.date(2025, 5, 1)
    )
    dhr.dhr_decide(by=coordinator, review=first, hold=True, decided_on=dt.date(2025, 5, 20))
    dhr.dhr_record(by=coordinator, partnership=south, reference="DHR-2", notified_on=dt.date(2026, 2, 1))
    governance = GovernanceGroup.objects.create(
        partnership=south, name="South Tasking", kind=GroupKind.TASKING
    )
    group = group_services.group_create(
        by=coordinator,
        governance_group=governance,
        terms_of_reference="Task partners.",
        cycle_every=2,
        cycle_unit="months",
    )
    for day in (dt.date(2025, 3, 1), dt.date(2025, 6, 1), dt.date(2025, 8, 1)):
        meeting = group_services.meeting_schedule(by=coordinator, group=group, scheduled_for=at(day))
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD, held_at=at(day))
    return fund


def annual(by, year="2025", output="page"):
    return document_publish(by=by, slug="annual-report", subject="south", period=year, output=output)


def section(document, heading):
    return next(s for s in document.sections if s.heading == heading)


def tables(document, heading):
    return [b for b in section(document, heading).blocks if isinstance(b, Table)]


def test_the_report_s_figures_equal_direct_counts_of_the_same_data(year_data, coordinator, south, procedure):  # noqa: F811
    first = record(coordinator, south, received_on=dt.date(2025, 5, 1))
    take_through(coordinator, first, decided=dt.date(2025, 5, 20), decision="not_met")
    record(coordinator, south, received_on=dt.date(2025, 3, 20))  # the year before
    document = annual(coordinator).document

    committee = tables(document, "Police and Crime Commissioner funding")[0]
    funded = Project.objects.filter(fund=year_data, status=ProjectStatus.FUNDED)
    assert {row[0] for row in committee.rows[:-1]} == set(funded.values_list("title", flat=True))
    total = sum(p.amount_allocated for p in funded)
    assert committee.rows[-1] == ["Total", "", "", f"£{total:,.0f}"] == ["Total", "", "", "£50,000"]

    in_force = Pspo.objects.filter(partnership=south, in_force_from__lte=YEAR_END, expires_on__gte=YEAR_START)
    pspos = tables(document, "Public Spaces Protection Orders")[0]
    assert len(pspos.rows) == in_force.count() == 2
    assert not any("Old alcohol" in row[0] for row in pspos.rows)
    assert "City centre was made on 1 June 2025." in " ".join(
        b.text for b in section(document, "Public Spaces Protection Orders").blocks if hasattr(b, "text")
    )

    dhrs = tables(document, "Domestic Homicide Reviews")[0]
    stages = {row[0]: int(row[1]) for row in dhrs.rows}
    reviews = DomesticHomicideReview.objects.filter(partnership=south)
    for review in reviews:
        assert stages[review.get_stage_display()] == reviews.filter(stage=review.stage).count()
    assert stages["Total"] == reviews.count() == 2
    assert "DHR-1" not in str(document.sections)  # counts only

    meetings = tables(document, "Governance")[1]
    held = Meeting.objects.filter(
        status=MeetingStatus.HELD, held_at__gte=at(YEAR_START), held_at__lt=at(YEAR_END)
    )
    assert meetings.rows[0][:2] == ["South Tasking", str(held.count())] == ["South Tasking", "2"]

    figures = next(
        t
        for t in tables(document, "Anti-social behaviour and ASB Case Reviews")
        if "Case Reviews" in t.caption
    )
    year = CaseReviewApplication.objects.filter(
        partnership=south, received_on__gte=YEAR_START, received_on__lte=YEAR_END
    )
    assert figures.rows[0][1] == str(year.count()) == "1"
    assert figures.rows[1][1] == str(year.filter(decision="not_met").count())
    assert all(
        block.source is not None for s in document.sections for block in s.blocks if isinstance(block, Table)
    )


def test_a_year_with_no_data_says_so_in_every_section(worcester, coordinator):
    document = annual(coordinator, year="2019").document
    for heading in (
        "Police and Crime Commissioner funding",
        "Public Spaces Protection Orders",
        "Domestic Homicide Reviews",
    ):
        blocks = section(document, heading).blocks
        assert any(isinstance(b, NoData) for b in blocks), heading
        assert not any(isinstance(b, Table) for b in blocks), heading
    assert "No Public Spaces Protection Order was in force in this year." in [
        b.text for b in section(document, "Public Spaces Protection Orders").blocks
    ]


def test_the_pdf_and_word_file_hold_the_report(year_data, coordinator):
    pdf = pypdf.PdfReader(io.BytesIO(annual(coordinator, output="pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) >= 2
    assert "Crime and disorder scrutiny report 2025/26" in text
    assert "Street Pastors" in text
    made = annual(coordinator, output="docx")
    word = docx.Document(io.BytesIO(made.content))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == made.document.headings
    assert "Police and Crime Commissioner funding" in headings


def test_the_command_writes_the_word_file_as_the_system(year_data, tmp_path):
    out = tmp_path / "report.docx"
    call_command(
        "publish", "annual-report", "--partnership=south", "--year=2025", "--format=docx", f"-o{out}"
    )
    word = docx.Document(io.BytesIO(out.read_bytes()))
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {"Street Pastors", "DAWN", "£50,000"} <= cells  # the system reads the published funding


def test_only_the_partnership_s_staff_may_make_it(year_data, officer_b, coordinator, anonymous, client_for):
    address = "/publications/annual-report/document/?subject=south&period=2025&format=page"
    assert client_for(officer_b).get(address).status_code == 404
    page = client_for(coordinator).get(address)
    assert page.status_code == 200
    assert "Street Pastors" in page.content.decode()
    response = anonymous.get(address)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_ward_briefing_lists_the_orders_covering_the_ward_only(year_data, coordinator):
    document = document_publish(
        by=coordinator, slug="ward-briefing", subject=CATHEDRAL, period=YEAR_2025, output="page"
    ).document
    pspos = section(document, "PSPOs in force")
    listed = [row[0] for b in pspos.blocks if isinstance(b, Table) for row in b.rows]
    assert listed == ["City centre (PSPO-CITY)"]
    assert pspos.blocks[0].source is not None


def test_the_ward_briefing_gives_an_order_as_varied_by_the_period_s_end(year_data, coordinator):
    city = Pspo.objects.get(reference="PSPO-CITY")
    pspo_services.pspo_vary(
        by=coordinator,
        pspo=city,
        decided_on=dt.date(2025, 9, 1),
        takes_effect_on=dt.date(2025, 10, 1),
        summary="Begging added",
        area_description="The city centre",
        prohibitions=["Drinking alcohol when asked to stop", "Begging"],
    )

    document = document_publish(
        by=coordinator, slug="ward-briefing", subject=CATHEDRAL, period=YEAR_2025, output="page"
    ).document
    [row] = [
        row for b in section(document, "PSPOs in force").blocks if isinstance(b, Table) for row in b.rows
    ]
    assert row[1] == "The city centre"
    assert "Begging" in row[2] and "as varied from 1 October 2025" in row[2]
