"""Area data packages: the zip's files and rows, who sees which rows, the audit record, bad input."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.intelligence import packages
from joinedup.places.models import AreaKind

from .test_hotspots import (
    CLUSTER,
    CLUSTER_STREET,
    MONTHS,
    add_incidents,
    box,
    category,
    clustered,
    district,
    make_area,
)

__all__ = ["clustered", "district"]  # fixtures shared with the hotspot tests

STEM = "testbury-2025-01-to-2025-12"


def form(area=None, **overrides) -> dict:
    return {
        "area": area.id if area else "",
        "month_from": "2025-01",
        "month_to": "2025-12",
        "radius": "",
        **overrides,
    }


def members(response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def with_partner_rows(clustered, south, north):
    """Beside the open data: South's own ASB log rows (one restricted) and North's."""
    noise = category("noise", "Noise")
    add_incidents(
        [(-2.2200, 52.1850)] * 4, month=MONTHS[2], kind=noise, partnership=south, location="=HYPERLINK(x)"
    )
    add_incidents([(-2.2200, 52.1850)], month=MONTHS[2], kind=noise, partnership=south, restricted=True)
    add_incidents([(-2.2200, 52.1850)] * 7, month=MONTHS[2], kind=noise, partnership=north)
    return clustered


def test_a_package_holds_the_incidents_summary_trends_and_map(with_partner_rows, officer_a, client_for):
    response = client_for(officer_a).post(reverse("intelligence:package"), form(with_partner_rows))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="area-data-{STEM}.zip"' in response["Content-Disposition"]
    files = members(response)
    assert sorted(files) == [
        f"{STEM}/README.txt",
        f"{STEM}/hotspots.geojson",
        f"{STEM}/hotspots.png",
        f"{STEM}/incidents.csv",
        f"{STEM}/trends.csv",
    ]
    incidents = csv_rows(files[f"{STEM}/incidents.csv"])
    # 180 open burglaries and South's four unrestricted noise reports; not North's, nor the restricted one.
    assert len(incidents) == 184
    assert {r["Partnership"] for r in incidents} == {"", "South Partnership"}
    assert sum(r["Location"] == CLUSTER_STREET for r in incidents) == 60
    # A partner's text that looks like a formula is made inert for spreadsheets.
    assert {r["Location"] for r in incidents if r["Category"] == "noise"} == {"'=HYPERLINK(x)"}

    trends = csv_rows(files[f"{STEM}/trends.csv"])
    assert len(trends) == 12 * 2
    assert sum(int(r["Incidents"]) for r in trends) == 184
    assert {r["Incidents"] for r in trends if r["Month"] == "2025-03" and r["Category"] == "noise"} == {"4"}

    readme = files[f"{STEM}/README.txt"].decode()
    assert "Incidents with a map location inside the area: 184" in readme
    assert "Of these, 4 are partner data or reports" in readme
    assert f"     60  {CLUSTER_STREET}" in readme
    assert "Hot spot, 99% confidence" in readme
    assert "Open Government Licence v3.0" in readme
    assert files[f"{STEM}/hotspots.png"].startswith(b"\x89PNG")
    assert b'"gi_class"' in files[f"{STEM}/hotspots.geojson"]


def test_building_a_package_is_audited(with_partner_rows, officer_a, client_for):
    client_for(officer_a).post(reverse("intelligence:package"), form(with_partner_rows))

    event = AuditEvent.objects.get(action=Action.EXPORTED)
    assert event.actor == officer_a
    assert event.object_repr == "Testbury"
    assert event.purpose == "Area data package: Testbury, 2025-01 to 2025-12"
    assert event.changes["incidents"] == 184
    assert event.changes["partner_incidents"] == 4


def test_a_problem_location_package_holds_only_incidents_within_the_radius(clustered, analyst, client_for):
    lon, lat = CLUSTER
    response = client_for(analyst).post(
        reverse("intelligence:package"),
        form(latitude=lat, longitude=lon, radius=60, location_name="Cluster Street shops"),
    )

    files = members(response)
    stem = "cluster-street-shops-2025-01-to-2025-12"
    incidents = csv_rows(files[f"{stem}/incidents.csv"])
    assert {r["Location"] for r in incidents} == {CLUSTER_STREET}
    assert len(incidents) == 60
    event = AuditEvent.objects.get(action=Action.EXPORTED)
    assert event.changes["area"] == "Cluster Street shops"
    assert event.changes["boundary"].startswith('{"type":"Polygon"')


def test_a_period_without_incidents_still_gives_a_package_that_says_so(clustered, analyst):
    from joinedup.intelligence.views.hotspots import study_area

    _, area = study_area(user=analyst, area_id=clustered.id)
    package = packages.package_build(
        by=analyst, area=area, month_from=MONTHS[0].replace(year=2024), month_to=MONTHS[2].replace(year=2024)
    )
    assert package.incidents == 0
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        readme = archive.read("testbury-2024-01-to-2024-03/README.txt").decode()
    assert "There are no incidents in this area and period" in readme


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "Choose an area, or give a latitude and longitude."),
        (
            {"latitude": "52.19", "longitude": "-2.23", "radius": "20"},
            "The radius must be between 50 and 2,000 metres.",
        ),
        (
            {"latitude": "40.0", "longitude": "-2.23", "radius": "200"},
            "The location must be in Great Britain",
        ),
        (
            {
                "month_from": "2025-12",
                "month_to": "2025-01",
                "radius": "200",
                "latitude": "52.19",
                "longitude": "-2.23",
            },
            "The first month must not be after the last month.",
        ),
    ],
)
def test_bad_requests_show_the_error_summary_and_build_nothing(
    clustered, analyst, client_for, overrides, message
):
    response = client_for(analyst).post(reverse("intelligence:package"), form(**overrides))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not AuditEvent.objects.filter(action=Action.EXPORTED).exists()


def test_another_partnerships_patch_cannot_be_packaged(clustered, north, officer_a, client_for):
    patch = make_area(
        kind=AreaKind.PATCH,
        code="north-centre",
        name="North centre",
        geometry=box(-2.25, 52.18, -2.21, 52.20),
        partnership=north,
    )
    response = client_for(officer_a).post(reverse("intelligence:package"), form(patch))

    assert "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORTED).exists()


def test_the_package_page_needs_a_signed_in_member_of_staff(clustered, anonymous, analyst, client_for):
    response = anonymous.post(reverse("intelligence:package"), form(clustered))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert not AuditEvent.objects.filter(action=Action.EXPORTED).exists()

    page = client_for(analyst).get(reverse("intelligence:package"))
    assert page.status_code == 200
    assert "Download the package" in page.content.decode()
