"""The demo's publications, as someone trying `make demo` finds them; the demo is loaded once."""

import datetime as dt

import pytest
from django.test import Client

from joinedup.intelligence.models import Incident
from joinedup.partners.models import User
from joinedup.plan.models import Fund, ProjectStatus, Pspo
from joinedup.plan.registers_selectors import dhr_stage_counts
from joinedup.publications.document import Table
from joinedup.publications.services import document_publish
from joinedup.publications.views import last_full_financial_year

pytestmark = pytest.mark.django_db


def test_the_cathedral_briefing_for_2025_counts_the_demo_s_incidents():
    councillor = User.objects.get(email="councillor@worcester.example.org")
    document = document_publish(
        by=councillor, slug="ward-briefing", subject="E05007883", period="2025-01:2025-12", output="page"
    ).document
    months = next(b for b in document.sections[1].blocks if isinstance(b, Table))
    shown = sum(int(row[1].replace(",", "")) for row in months.rows)
    assert (
        shown
        == Incident.objects.visible_to(councillor).filter(ward__code="E05007883", month__year=2025).count()
    )
    assert shown > 100


def test_the_south_annual_report_for_the_last_full_year_is_complete_and_linked():
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    year = last_full_financial_year()
    document = document_publish(
        by=coordinator, slug="annual-report", subject="south-worcestershire", period=str(year), output="page"
    ).document
    sections = {s.heading: s for s in document.sections}
    assert len(sections) == 8

    def tables(heading):
        return [b for b in sections[heading].blocks if isinstance(b, Table)]

    fund = Fund.objects.get(partnership__slug="south-worcestershire", financial_year=year)
    funded = fund.projects.filter(status=ProjectStatus.FUNDED)
    committee = tables("Police and Crime Commissioner funding")[0]
    assert {row[0] for row in committee.rows[:-1]} == set(funded.values_list("title", flat=True))
    assert {"Street Pastors", "Partnership Analyst"} <= {row[0] for row in committee.rows}
    assert committee.rows[-1][-1] == f"£{sum(p.amount_allocated for p in funded):,.0f}"
    pspos = tables("Public Spaces Protection Orders")[0]
    assert len(pspos.rows) == Pspo.objects.filter(partnership=fund.partnership).count() == 3
    dhrs = tables("Domestic Homicide Reviews")[0]
    expected = dhr_stage_counts(
        partnership=fund.partnership, start=dt.date(year, 4, 1), end=dt.date(year + 1, 3, 31)
    )
    assert dhrs.rows[-1] == ["Total", str(sum(expected.values()))]
    assert sum(expected.values()) > 0
    captions = [t.caption for t in tables("Performance and impact")]
    assert "Plan actions by RAG status at the end of the year" in captions and "Scorecard" in captions
    client = Client()
    client.force_login(coordinator)
    index = client.get("/publications/").content.decode()
    assert (
        f"period={year}&amp;format=page" in index
        and f"Community Safety Partnership: scrutiny report for {year}/" in index
    )
