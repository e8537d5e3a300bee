"""The ward briefing: its figures equal independent counts of the same data, small counts are
suppressed, a period without data says so, and open records are counted at the period's end."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.cases.models import Case, CaseKind
from joinedup.intelligence.models import Incident
from joinedup.publications.document import MapImage, NoData, Table
from joinedup.publications.services import document_publish
from joinedup.reports.models import Report
from joinedup.reports.services import report_submit

from .conftest import CATHEDRAL, YEAR_2025


def briefing(user, period=YEAR_2025, **kwargs):
    return document_publish(
        by=user, slug="ward-briefing", subject=CATHEDRAL, period=period, output="page", **kwargs
    )


def section(document, heading):
    return next(s for s in document.sections if s.heading == heading)


def table(document, heading, caption_start=""):
    return next(
        b
        for b in section(document, heading).blocks
        if isinstance(b, Table) and b.caption.startswith(caption_start)
    )


def test_the_incident_figures_equal_a_direct_count_of_the_store(incidents, cathedral, coordinator):
    document = briefing(coordinator).document
    in_2025 = Incident.objects.filter(ward=cathedral, month__year=2025)
    months = table(document, "Trends", "Incidents each month")
    assert [int(row[1]) for row in months.rows] == [
        in_2025.filter(month__month=m).count() for m in range(1, 13)
    ]
    issues = {row[0]: int(row[1]) for row in table(document, "Top issues").rows}
    assert issues == {
        "Anti-social behaviour": in_2025.filter(category__code="anti-social-behaviour").count(),
        "Burglary": in_2025.filter(category__code="burglary").count(),
    }
    assert str(in_2025.count()) in document.summary


def test_the_rolling_year_shows_the_significant_rise_in_anti_social_behaviour(incidents, coordinator):
    document = briefing(coordinator).document
    changes = {row[0]: row for row in table(document, "Trends", "The busiest categories").rows}
    assert changes["Anti-social behaviour"][1:3] == ["60", "24"]
    assert changes["Anti-social behaviour"][4] == "Yes, an increase"
    assert changes["Burglary"][4] == "No"


def test_the_hotspot_map_is_drawn_from_the_ward_s_incidents(incidents, coordinator):
    document = briefing(coordinator).document
    picture = next(b for b in section(document, "Where incidents happen").blocks if isinstance(b, MapImage))
    assert picture.png.startswith(b"\x89PNG")
    assert "72 located incidents" in picture.description


def test_every_figure_names_its_source_and_period(incidents, coordinator):
    document = briefing(coordinator).document
    sources = document.sources
    for part in document.sections:
        for block in part.blocks:
            if isinstance(block, Table):
                assert block.source_number is not None, block.caption
    assert any("trends_build" in s.query and s.period == "January 2025 to December 2025" for s in sources)
    assert any("Cathedral (E05007883)" in s.filters for s in sources)


def test_a_period_with_no_incidents_says_so_rather_than_printing_zeros(incidents, coordinator):
    document = briefing(coordinator, period="2023-01:2023-06").document
    trends = section(document, "Trends").blocks
    assert isinstance(trends[0], NoData)
    assert trends[0].text == "No incidents are loaded for Cathedral in January 2023 to June 2023."
    assert not any(isinstance(b, Table) for b in trends)
    assert document.summary == ""


def test_reports_are_counted_at_the_end_of_the_period_with_small_counts_suppressed(
    incidents, cathedral, south, litter, litter_rule, coordinator
):
    made = []
    for day in (3, 4, 5, 6, 7, 8):
        report = report_submit(partnership=south, category=litter, description="Bags dumped", ward=cathedral)
        Report.objects.filter(id=report.id).update(
            created_at=timezone.make_aware(dt.datetime(2025, 6, day, 9))
        )
        made.append(report)
    # One resolved after the period ended: it was still open at the end of December.
    Report.objects.filter(id=made[0].id).update(resolved_at=timezone.make_aware(dt.datetime(2026, 1, 10)))
    # One resolved within the period.
    Report.objects.filter(id=made[1].id).update(resolved_at=timezone.make_aware(dt.datetime(2025, 7, 1)))
    document = briefing(coordinator).document
    received = table(document, "Reports from the public and partners", "Reports received")
    assert received.rows == [["General litter", "6"]]
    still_open = table(document, "Reports from the public and partners", "Reports open")
    assert still_open.rows == [["General litter", "5", "0"]]
    oldest = [
        b
        for b in section(document, "Reports from the public and partners").blocks
        if "oldest" in getattr(b, "text", "")
    ]
    assert made[0].reference in oldest[0].text


def test_cases_are_counts_only_and_fewer_than_five_is_not_printed(
    incidents, cathedral, south, south_council, coordinator
):
    kind = CaseKind.objects.order_by("order").first()
    for _ in range(3):
        Case.objects.create(
            partnership=south,
            reference=f"C-{Case.objects.count() + 1}",
            kind=kind,
            lead_partner=south_council,
            summary="Noise from a flat at number 9",
            area=cathedral,
            opened_at=timezone.make_aware(dt.datetime(2025, 3, 1)),
        )
    document = briefing(coordinator).document
    rows = table(document, "Cases by kind").rows
    assert rows == [[kind.name, "fewer than 5", "fewer than 5"]]
    text = " ".join(str(b) for b in section(document, "Cases by kind").blocks)
    assert "number 9" not in text and "C-1" not in text


def test_making_a_briefing_is_audited(incidents, coordinator):
    briefing(coordinator)
    event = AuditEvent.objects.filter(actor=coordinator, purpose="publication").get()
    assert event.changes == {
        "document": "Ward councillor briefing",
        "subject": CATHEDRAL,
        "period": YEAR_2025,
        "format": "page",
    }
