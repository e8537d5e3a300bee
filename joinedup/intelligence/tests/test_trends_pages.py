"""The trends page: counts by month and category for an area, financial years, the rolling year, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

import pytest
import shapely
from django.urls import reverse

from joinedup.intelligence import services
from joinedup.intelligence.models import Incident
from joinedup.places.models import Area, AreaKind

from .conftest import WORCESTER, write_zip

URL = reverse("intelligence:trends")


@pytest.fixture
def loaded(worcester, demo_files, tmp_path, south):
    """The demo's real Worcester rows for 2025, with Worcester in the South partnership."""
    archive = write_zip(tmp_path / "police.zip", demo_files)
    services.police_files_import(by=None, label="test", sources=services.police_sources([archive]))
    south.areas.add(worcester)
    return worcester


def _params(area: Area, **extra: str) -> dict[str, str]:
    return {"area": str(area.id), "month_from": "2025-01", "month_to": "2025-12", **extra}


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get(URL)
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_csv_equals_an_independent_count_of_the_store(loaded, client_for, analyst):
    response = client_for(analyst).get(reverse("intelligence:trends-csv"), _params(loaded))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    got = Counter({(r["area_code"], r["month"], r["category"]): int(r["incidents"]) for r in rows})
    expected: Counter = Counter()
    for month, code in Incident.objects.filter(district=loaded).values_list("month", "category__code"):
        expected[(WORCESTER, f"{month:%Y-%m}", code)] += 1
    assert got == expected
    assert sum(got.values()) > 10_000  # a real year of Worcester crime and ASB


def test_the_page_shows_financial_year_totals(loaded, client_for, analyst):
    response = client_for(analyst).get(URL, _params(loaded))
    assert response.status_code == 200
    trends = response.context["trends"]
    in_district = Incident.objects.filter(district=loaded)
    first = in_district.filter(month__lt=dt.date(2025, 4, 1)).count()
    second = in_district.filter(month__gte=dt.date(2025, 4, 1)).count()
    years = {y.label: (y.count, y.months) for y in trends.financial_years}
    assert years == {"2024/25": (first, 3), "2025/26": (second, 9)}
    page = response.content.decode()
    assert "2024/25" in page and "2025/26" in page
    assert 'role="img"' in page and "trends-chart-description" in page
    # Only 2025 is loaded, so the page says why it cannot compare with the 12 months before.
    assert trends.rolling is None
    assert "needs data from" in page


def test_a_ward_shows_its_own_counts_and_top_lsoas(loaded, client_for, officer_a):
    ward = Area.objects.filter(kind=AreaKind.WARD).first()
    response = client_for(officer_a).get(URL, _params(ward, categories="burglary"))
    assert response.status_code == 200
    trends = response.context["trends"]
    assert [c.code for c in trends.categories] == ["burglary"]
    assert trends.total == Incident.objects.filter(ward=ward, category__code="burglary").count()
    assert trends.top_wards == []
    assert all(row.area.kind == AreaKind.LSOA for row in trends.top_lsoas)


def test_top_wards_rank_by_count_and_by_harm(loaded, client_for, analyst):
    trends = client_for(analyst).get(URL, _params(loaded)).context["trends"]
    counts = [row.count for row in trends.top_wards]
    assert counts == sorted(counts, reverse=True) and len(counts) == 10
    harms = [row.harm for row in trends.top_wards_by_harm]
    assert harms == sorted(harms, reverse=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"area": "999999"}, "There is no such area"),
        ({"month_from": "2025-12", "month_to": "2025-01"}, "The first month must be before the last month"),
        ({"categories": "made-up"}, "There is no category made-up"),
        ({"month_to": "December"}, "must be a month written as YYYY-MM"),
    ],
)
def test_bad_parameters_give_the_error_summary(loaded, client_for, analyst, change, message):
    response = client_for(analyst).get(URL, {**_params(loaded), **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    csv_response = client_for(analyst).get(reverse("intelligence:trends-csv"), {**_params(loaded), **change})
    assert csv_response.status_code == 400


def test_another_partnerships_district_is_not_an_area_to_choose(loaded, client_for, officer_b):
    response = client_for(officer_b).get(URL, _params(loaded))
    # Worcester is a district of South only: North's officer cannot choose it.
    assert response.status_code == 400
    assert "There is no such area" in response.content.decode()


def test_a_patch_counts_the_incidents_inside_its_boundary(loaded, client_for, officer_a, officer_b, south):
    from joinedup.demo.partnerships import CITY_CENTRE
    from joinedup.places import services as place_services

    patch = place_services.patch_create(
        by=None, partnership=south, code="city-centre", name="City centre", geometry_geojson=CITY_CENTRE
    )
    trends = client_for(officer_a).get(URL, _params(patch)).context["trends"]
    located = Incident.objects.filter(longitude__isnull=False).values_list("longitude", "latitude")
    boundary = shapely.from_geojson(patch.boundary)
    inside = sum(shapely.contains_xy(boundary, lon, lat) for lon, lat in located)
    assert trends.total == inside > 0
    assert client_for(officer_b).get(URL, _params(patch)).status_code == 400


def test_the_intelligence_home_lists_what_is_loaded(loaded, client_for, officer_a):
    response = client_for(officer_a).get(reverse("intelligence:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "January 2025 to December 2025" in page
    assert reverse("intelligence:trends") in page
    assert ">Intelligence<" in page  # in the navigation
