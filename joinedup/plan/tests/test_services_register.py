"""The services and outputs register: figures by quarter with the year's total, the CSV, period rules
and who may enter figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.plan import services_register_selectors as register
from joinedup.plan.services import services_register as register_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def pastors(south, coordinator, south_council):
    return register_services.service_add(
        by=coordinator,
        partnership=south,
        name="Street pastors",
        provider=south_council,
        figures=["Patrols", "People helped (people)"],
    )


def _enter(service, by, month, patrols, helped=None):
    figures = list(service.figures.all())
    return register_services.figures_enter(
        by=by,
        service=service,
        period_start_on=month,
        values={figures[0]: Decimal(patrols), figures[1]: helped},
    )


def test_the_table_adds_months_into_financial_quarters_and_the_year(pastors, officer_a, coordinator, south):
    _enter(pastors, officer_a, dt.date(2025, 4, 1), 4, Decimal(30))
    _enter(pastors, officer_a, dt.date(2025, 5, 1), 5)
    _enter(pastors, officer_a, dt.date(2025, 10, 1), 6, Decimal(12))
    _enter(pastors, officer_a, dt.date(2025, 3, 1), 99)  # the year before
    table = register.services_register(user=coordinator, partnership=south, financial_year=2025)
    patrols, helped = table.rows
    assert patrols.quarters == [Decimal(9), None, Decimal(6), None] and patrols.total == Decimal(15)
    assert helped.figure.unit == "people" and helped.total == Decimal(42)


def test_a_second_entry_for_a_period_replaces_the_first(pastors, officer_a, coordinator, south):
    _enter(pastors, officer_a, dt.date(2025, 4, 1), 4)
    _enter(pastors, officer_a, dt.date(2025, 4, 1), 7)
    table = register.services_register(user=coordinator, partnership=south, financial_year=2025)
    assert table.rows[0].total == Decimal(7)


def test_quarterly_figures_start_a_quarter_and_are_not_negative(south, coordinator):
    cctv = register_services.service_add(
        by=coordinator, partnership=south, name="CCTV", frequency="quarter", figures=["Incidents witnessed"]
    )
    figure = cctv.figures.get()
    with pytest.raises(
        ApplicationError, match="May 2025 does not start a quarter: Q1 2025/26 starts in April 2025"
    ):
        register_services.figures_enter(
            by=coordinator, service=cctv, period_start_on=dt.date(2025, 5, 1), values={figure: Decimal(1)}
        )
    with pytest.raises(ApplicationError, match="cannot be negative"):
        register_services.figures_enter(
            by=coordinator, service=cctv, period_start_on=dt.date(2025, 4, 1), values={figure: Decimal(-1)}
        )
    with pytest.raises(ApplicationError, match="has not started yet"):
        register_services.figures_enter(
            by=coordinator, service=cctv, period_start_on=dt.date(2026, 1, 1), values={figure: Decimal(1)}
        )


def test_only_the_provider_and_coordinators_enter_figures(pastors, analyst, client_for):
    with pytest.raises(NotPermitted):
        _enter(pastors, analyst, dt.date(2025, 4, 1), 1)
    assert (
        client_for(analyst)
        .post(reverse("plan:service", args=[pastors.id]), {"period": "2025-04"})
        .status_code
        == 403
    )


def test_a_bad_figure_on_the_page_is_summarised_and_nothing_saved(pastors, officer_a, client_for):
    figure = pastors.figures.first()
    page = client_for(officer_a).post(
        reverse("plan:service", args=[pastors.id]), {"period": "2025-13", f"figure_{figure.id}": "x"}
    )
    text = page.content.decode()
    assert (
        "There is a problem" in text
        and "Period must be a month" in text
        and "Enter Patrols as a number" in text
    )
    assert not figure.values.exists()


def test_the_register_page_and_csv(pastors, officer_a, client_for, south):
    _enter(pastors, officer_a, dt.date(2025, 7, 1), 3)
    page = client_for(officer_a).get(reverse("plan:services") + "?year=2025").content.decode()
    assert "Services and outputs register 2025/26" in page and "Street pastors" in page
    response = client_for(officer_a).get(
        reverse("plan:services-csv") + f"?partnership={south.slug}&year=2025"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "Total 2025/26"
    assert rows[1] == ["Street pastors", "Patrols", "", "", "3", "", "", "3"]


def test_another_partnership_cannot_open_a_service(pastors, officer_b, client_for):
    assert client_for(officer_b).get(reverse("plan:service", args=[pastors.id])).status_code == 404
