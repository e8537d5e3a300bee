"""The hotspot page, its service and exports, on a constructed set of incidents with a planted cluster."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely
from django.urls import reverse

from joinedup.intelligence import hotspots
from joinedup.intelligence.analysis.grid import lonlat_to_bng
from joinedup.intelligence.harm_weights import harm_weights
from joinedup.intelligence.models import Incident, IncidentCategory, Source
from joinedup.places.models import Area, AreaKind

WEST, SOUTH, EAST, NORTH = -2.25, 52.18, -2.21, 52.20
CLUSTER = (-2.2300, 52.1900)
CLUSTER_STREET = "On or near Cluster Street"
MONTHS = [dt.date(2025, m, 1) for m in range(1, 13)]


def box(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_area(*, kind: str, code: str, name: str, geometry: dict, partnership=None, parent=None) -> Area:
    west, south, east, north = shapely.from_geojson(json.dumps(geometry)).bounds
    return Area.objects.create(
        kind=kind,
        code=code,
        name=name,
        boundary=json.dumps(geometry),
        min_lon=west,
        min_lat=south,
        max_lon=east,
        max_lat=north,
        partnership=partnership,
        parent=parent,
    )


def category(code: str = "burglary", name: str = "Burglary") -> IncidentCategory:
    return IncidentCategory.objects.get_or_create(code=code, defaults={"name": name, "police": True})[0]


def add_incidents(
    points: list[tuple[float, float]],
    *,
    month: dt.date,
    kind: IncidentCategory,
    location: str = "On or near Side Road",
    partnership=None,
    restricted: bool = False,
) -> None:
    lon = np.array([p[0] for p in points])
    lat = np.array([p[1] for p in points])
    easting, northing = lonlat_to_bng(lon, lat)
    Incident.objects.bulk_create(
        Incident(
            source=Source.PARTNER if partnership else Source.POLICE,
            partnership=partnership,
            restricted=restricted,
            month=month,
            category=kind,
            category_raw=kind.name,
            longitude=float(x),
            latitude=float(y),
            easting=float(e),
            northing=float(n),
            location=location,
        )
        for x, y, e, n in zip(lon, lat, easting, northing, strict=True)
    )


@pytest.fixture
def district(south):
    area = make_area(
        kind=AreaKind.DISTRICT, code="E07999999", name="Testbury", geometry=box(WEST, SOUTH, EAST, NORTH)
    )
    south.areas.add(area)
    return area


@pytest.fixture
def clustered(district):
    """A year of burglaries scattered over Testbury, and five a month in one spot on Cluster Street."""
    rng = np.random.default_rng(7)
    burglary = category()
    for month in MONTHS:
        scattered = list(zip(rng.uniform(WEST, EAST, 10), rng.uniform(SOUTH, NORTH, 10), strict=True))
        add_incidents(scattered, month=month, kind=burglary)
        add_incidents([CLUSTER] * 5, month=month, kind=burglary, location=CLUSTER_STREET)
    return district


def query(area: Area, **overrides) -> hotspots.HotspotQuery:
    settings = {
        "area": hotspots.StudyArea(name=area.name, boundary=shapely.from_geojson(area.boundary)),
        "month_from": MONTHS[0],
        "month_to": MONTHS[-1],
        **overrides,
    }
    return hotspots.HotspotQuery(**settings)


def page_params(area: Area, **overrides) -> dict:
    return {
        "area": area.id,
        "month_from": "2025-01",
        "month_to": "2025-12",
        "cell_size": 150,
        "bandwidth": 400,
        "distance_band": 300,
        "weighting": "count",
        **overrides,
    }


def test_a_planted_cluster_is_a_hot_spot_at_99_percent(clustered, analyst):
    result = hotspots.hotspot_analysis(user=analyst, query=query(clustered))

    assert result.incidents == 180
    top = result.top[0]
    assert top.incidents == 60
    assert top.confidence == 3
    assert top.confidence_label == "Hot spot, 99% confidence"
    assert top.street == CLUSTER_STREET
    # Hot every month of the year: a persistent (or intensifying) hot spot, never a cold one.
    assert top.pattern.endswith("hot spot")
    assert result.class_counts[0] == ("Hot spot, 99% confidence", result.class_counts[0][1])


def test_the_page_shows_the_top_cells_in_a_table_and_the_map_as_an_image(clustered, analyst, client_for):
    response = client_for(analyst).get(reverse("intelligence:hotspots"), page_params(clustered))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The 20 cells with most incidents" in page
    assert CLUSTER_STREET in page
    assert "Hot spot, 99% confidence" in page
    assert reverse("intelligence:hotspots-map", args=["png"]) + "?" in page
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in page


def test_an_empty_period_says_there_are_no_incidents(clustered, analyst, client_for):
    result = hotspots.hotspot_analysis(
        user=analyst, query=query(clustered, month_from=dt.date(2024, 1, 1), month_to=dt.date(2024, 6, 1))
    )
    assert result.incidents == 0
    assert result.hot is None and result.top == []
    assert "no incidents" in result.message

    response = client_for(analyst).get(
        reverse("intelligence:hotspots"), page_params(clustered, month_from="2024-01", month_to="2024-06")
    )
    assert response.status_code == 200
    assert "There are no incidents in this area and period" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cell_size": 50}, "The cell size must be between 100 and 250 metres."),
        (
            {"categories": "not-a-category"},
            "Select a valid choice. not-a-category is not one of the available choices.",
        ),
        (
            {"month_from": "2025-09", "month_to": "2025-03"},
            "The first month must not be after the last month.",
        ),
        ({"month_from": "2022-01", "month_to": "2025-12"}, "Choose a period of at most 36 months"),
        ({"month_from": "June"}, "From month must be a month written as year and month, like 2025-06"),
        ({"distance_band": 100}, "The distance band must be at least the cell size (150 m)"),
    ],
)
def test_bad_parameters_show_the_error_summary(clustered, analyst, client_for, overrides, message):
    response = client_for(analyst).get(reverse("intelligence:hotspots"), page_params(clustered, **overrides))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page.replace("&#x27;", "'")
    assert "govuk-table__caption" not in page


def test_an_unknown_category_code_is_refused_by_the_service(clustered, analyst):
    with pytest.raises(hotspots.ApplicationError, match="There is no category no-such-thing"):
        hotspots.hotspot_analysis(user=analyst, query=query(clustered, categories=("no-such-thing",)))


def test_another_partnerships_patch_cannot_be_analysed(clustered, north, officer_a, client_for):
    patch = make_area(
        kind=AreaKind.PATCH,
        code="north-centre",
        name="North centre",
        geometry=box(WEST, SOUTH, EAST, NORTH),
        partnership=north,
    )
    response = client_for(officer_a).get(reverse("intelligence:hotspots"), page_params(patch))
    assert "There is a problem" in response.content.decode()
    assert "North centre" not in response.content.decode()
    # Nor through the exports, which take the same query.
    response = client_for(officer_a).get(reverse("intelligence:hotspots-geojson"), page_params(patch))
    assert response.status_code == 400


def test_anonymous_people_are_sent_to_sign_in(clustered, anonymous):
    for name, args in (
        ("intelligence:hotspots", []),
        ("intelligence:hotspots-geojson", []),
        ("intelligence:hotspots-map", ["png"]),
    ):
        response = anonymous.get(reverse(name, args=args), page_params(clustered))
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_the_geojson_export_carries_every_cell_and_its_class(clustered, analyst, client_for):
    response = client_for(analyst).get(reverse("intelligence:hotspots-geojson"), page_params(clustered))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert 'filename="hotspots-testbury-2025-01-to-2025-12.geojson"' in response["Content-Disposition"]
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert sum(f["properties"]["incidents"] for f in features) == 180
    hottest = max(features, key=lambda f: f["properties"]["incidents"])
    assert hottest["properties"]["gi_class"] == 3
    assert hottest["properties"]["gi_label"] == "Hot spot, 99% confidence"
    assert {"density_per_km2", "gi_z", "gi_p", "gi_q", "pattern", "pattern_label"} <= set(
        hottest["properties"]
    )
    ring = hottest["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    assert shapely.Polygon(ring).contains(shapely.Point(CLUSTER))


def test_the_maps_are_real_png_and_svg_images(clustered, analyst, client_for):
    client = client_for(analyst)
    png = client.get(reverse("intelligence:hotspots-map", args=["png"]), page_params(clustered))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")

    svg = client.get(
        reverse("intelligence:hotspots-map", args=["svg"]),
        page_params(clustered, style="density", download=1),
    )
    assert svg["Content-Type"] == "image/svg+xml"
    assert "attachment" in svg["Content-Disposition"]
    root = ET.fromstring(svg.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.content.decode()
    assert "Incident density: Testbury" in text

    assert (
        client.get(reverse("intelligence:hotspots-map", args=["gif"]), page_params(clustered)).status_code
        == 404
    )


def test_the_predictive_accuracy_index_of_last_periods_top_cell(district, analyst):
    burglary = category()
    # January: all five in one spot. February: three there, one elsewhere.
    add_incidents([CLUSTER] * 5, month=MONTHS[0], kind=burglary)
    add_incidents([(-2.2450, 52.1850)], month=MONTHS[0], kind=burglary)
    add_incidents([CLUSTER] * 3 + [(-2.2150, 52.1950)], month=MONTHS[1], kind=burglary)

    result = hotspots.hotspot_analysis(
        user=analyst,
        query=query(district, month_to=MONTHS[0], pai_cells="top-10", pai_from=MONTHS[1], pai_to=MONTHS[1]),
    )

    index = result.accuracy.index
    # Top cells: the two cells with January incidents; they catch 3 of February's 4.
    assert index.cells_chosen == 2
    assert index.incidents_in_cells == 3 and index.incidents == 4
    assert index.hit_rate == pytest.approx(0.75)
    assert index.area_share == pytest.approx(2 / result.grid.cell_count)
    assert index.pai == pytest.approx(0.75 * result.grid.cell_count / 2)


def test_a_later_period_without_incidents_explains_why_there_is_no_pai(clustered, analyst):
    result = hotspots.hotspot_analysis(
        user=analyst,
        query=query(clustered, pai_cells="hot-99", pai_from=dt.date(2026, 1, 1), pai_to=dt.date(2026, 3, 1)),
    )
    assert result.accuracy.index is None
    assert "no incidents in the study area" in result.accuracy.message


def test_partner_rows_count_only_for_those_who_may_see_them(clustered, north, analyst, officer_a):
    add_incidents(
        [(-2.2200, 52.1850)] * 40, month=MONTHS[3], kind=category("noise", "Noise"), partnership=north
    )

    seen_by_analyst = hotspots.hotspot_analysis(user=analyst, query=query(clustered))
    seen_by_south_officer = hotspots.hotspot_analysis(user=officer_a, query=query(clustered))

    assert seen_by_analyst.incidents == 220  # the police work in North too
    assert seen_by_south_officer.incidents == 180


def test_harm_weighting_ranks_cells_by_harm(clustered, analyst, client_for):
    weights = harm_weights()
    add_incidents([(-2.2200, 52.1850)] * 3, month=MONTHS[5], kind=category("robbery", "Robbery"))

    result = hotspots.hotspot_analysis(user=analyst, query=query(clustered, harm_weights=weights))

    assert result.weighted
    assert result.top[0].value == pytest.approx(60 * weights["burglary"])
    response = client_for(analyst).get(
        reverse("intelligence:hotspots"), page_params(clustered, weighting="harm")
    )
    assert "The 20 cells with most harm" in response.content.decode()
