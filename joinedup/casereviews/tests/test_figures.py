"""The four statutory figures per reporting year (REFERENCE.md §1.4): page, CSV and the public page."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.casereviews import selectors
from joinedup.casereviews.services import procedures

from .conftest import record, take_through

D = dt.date


@pytest.fixture
def two_years(coordinator, south, procedure, police):
    a = record(coordinator, south, received_on=D(2024, 5, 1))
    take_through(coordinator, a, decided=D(2024, 5, 20), decision="not_met")
    # Received in one year, decided and reviewed in the next: each counts in the year it happened.
    b = record(coordinator, south, received_on=D(2025, 3, 20))
    take_through(
        coordinator, b, decided=D(2025, 4, 2), held=D(2025, 4, 15), attendees=[police], recommend_to=police
    )
    c = record(coordinator, south, received_on=D(2025, 6, 1))
    take_through(coordinator, c, decided=D(2025, 6, 10), held=D(2025, 6, 20), attendees=[police])
    record(coordinator, south, received_on=D(2026, 3, 1))


def _table(years):
    return [(y.label, y.received, y.not_met, y.reviews, y.with_recommendations) for y in years]


def test_figures_count_each_event_in_the_reporting_year_it_happened(two_years, south):
    assert _table(selectors.figures(partnership=south)) == [
        ("2025 to 2026", 2, 0, 2, 1),
        ("2024 to 2025", 2, 1, 0, 0),
    ]


def test_the_reporting_year_can_start_in_january(two_years, south):
    procedures.procedure_save(by=None, partnership=south, year_start_month=1)
    assert _table(selectors.figures(partnership=south)) == [
        ("2026", 1, 0, 0, 0),
        ("2025", 2, 0, 2, 1),
        ("2024", 1, 1, 0, 0),
    ]


def test_the_csv_has_the_four_figures_and_its_download_is_audited(two_years, analyst, client_for):
    response = client_for(analyst).get(reverse("case-review-figures-csv") + "?partnership=south")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Reporting year",
            "From",
            "To",
            "Applications received",
            "Threshold not met",
            "Case reviews carried out",
            "Case reviews that led to recommendations",
        ],
        ["2025 to 2026", "2025-04-01", "2026-03-31", "2", "0", "2", "1"],
        ["2024 to 2025", "2024-04-01", "2025-03-31", "2", "1", "0", "0"],
    ]
    assert AuditEvent.objects.filter(actor=analyst, action=Action.EXPORTED).count() == 1


def test_the_public_page_publishes_the_figures_without_anyones_details(two_years, anonymous):
    html = anonymous.get(reverse("case-review-figures-public", args=["south"])).content.decode()
    assert "2025 to 2026" in html
    assert "Alys" not in html and "SOU-CR" not in html


def test_staff_figures_need_a_sign_in_and_a_partnership_of_theirs(
    two_years, anonymous, officer_b, client_for
):
    assert anonymous.get(reverse("case-review-figures")).status_code == 302
    assert client_for(officer_b).get(reverse("case-review-figures") + "?partnership=south").status_code == 404
    # North has no procedure, so nothing is published for it.
    assert anonymous.get(reverse("case-review-figures-public", args=["north"])).status_code == 404
