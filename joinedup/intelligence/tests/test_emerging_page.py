"""Emerging issues: a constructed series with a spike is listed; quiet ones are not; bad input explains."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from joinedup.intelligence.models import Incident, IncidentCategory, Source
from joinedup.places.models import Area, AreaKind

URL = reverse("intelligence:emerging")


def _area(kind: str, code: str, parent: Area | None = None) -> Area:
    return Area.objects.create(
        kind=kind,
        code=code,
        name=f"{kind} {code}",
        parent=parent,
        boundary="{}",
        min_lon=0,
        min_lat=0,
        max_lon=1,
        max_lat=1,
    )


@pytest.fixture
def series(south):
    """Two years of steady monthly counts in four wards, and a burglary spike in one in late 2025."""
    district = _area(AreaKind.DISTRICT, "E07000001")
    south.areas.add(district)
    wards = [_area(AreaKind.WARD, f"E0500000{i}", district) for i in range(4)]
    burglary = IncidentCategory.objects.get(code="burglary")
    shoplifting = IncidentCategory.objects.get(code="shoplifting")
    rows = []
    for step in range(24):
        month = dt.date(2024 + step // 12, step % 12 + 1, 1)
        for ward in wards:
            for category in (burglary, shoplifting):
                spike = ward == wards[0] and category == burglary and month == dt.date(2025, 11, 1)
                rows += [
                    Incident(
                        source=Source.POLICE,
                        month=month,
                        category=category,
                        category_raw=category.name,
                        ward=ward,
                        district=district,
                    )
                    for _ in range(25 if spike else 4)
                ]
    Incident.objects.bulk_create(rows)
    return wards[0]


def test_the_spike_is_the_one_emerging_issue(series, client_for, officer_a):
    response = client_for(officer_a).get(
        URL, {"area_kind": "ward", "month_from": "2025-01", "month_to": "2025-12"}
    )
    assert response.status_code == 200
    issues = response.context["issues"]
    assert [(i.area, i.category.code, i.month, i.observed) for i in issues] == [
        (series, "burglary", dt.date(2025, 11, 1), 25)
    ]
    assert issues[0].expected == pytest.approx((48 + 0.5) / 12, rel=0.2)
    assert issues[0].ratio > 5
    page = response.content.decode()
    assert series.name in page and "Nov 2025" in page

    csv_response = client_for(officer_a).get(
        reverse("intelligence:emerging-csv"),
        {"area_kind": "ward", "month_from": "2025-01", "month_to": "2025-12"},
    )
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert [(r["area_code"], r["category"], r["month"], r["observed"]) for r in rows] == [
        (series.code, "burglary", "2025-11", "25")
    ]


def test_a_period_without_six_months_of_history_says_what_is_missing(series, client_for, officer_a):
    response = client_for(officer_a).get(
        URL, {"area_kind": "ward", "month_from": "2024-05", "month_to": "2024-12"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "needs data from November 2023" in page


def test_with_less_than_a_year_of_history_the_page_says_there_is_no_seasonal_adjustment(
    series, client_for, officer_a
):
    response = client_for(officer_a).get(
        URL, {"area_kind": "ward", "month_from": "2024-09", "month_to": "2024-12"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "only 8 months before this period" in page and "without a seasonal adjustment" in page
    # A full year before the period: seasonal baselines, and no such warning.
    later = client_for(officer_a).get(
        URL, {"area_kind": "ward", "month_from": "2025-01", "month_to": "2025-12"}
    )
    assert "without a seasonal adjustment" not in later.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"area_kind": "county"}, "Choose wards, LSOAs or districts"),
        ({"month_from": "2025-12", "month_to": "2025-01"}, "The first month must be before the last month"),
        ({"district": "999999"}, "There is no such district"),
    ],
)
def test_bad_filters_give_the_error_summary(series, client_for, officer_a, params, message):
    response = client_for(officer_a).get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    assert anonymous.get(URL).status_code == 302
