"""The hotspot page in real headless Chromium on the demo's Worcester police.uk data: an analyst maps a
year of incidents, the Leaflet grid replaces the static image, and axe-core finds no WCAG 2.2 AA
violations on the answer or on the error summary."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

ANALYST = "analyst@westmercia.example.org"


def test_an_analyst_maps_worcesters_hot_spots(page):
    sign_in(page, ANALYST, DEMO_PASSWORD)
    page.goto("/intelligence/hotspots/")
    assert page.get_by_role("heading", name="Hotspots", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_label("Area").select_option(label="Worcester")
    page.get_by_role("button", name="Show hotspots").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Worcester, January 2025 to December 2025").is_visible()
    table = page.locator("table.govuk-table")
    assert table.locator("tbody tr").count() == 20
    assert "Hot spot, 99% confidence" in table.inner_text()
    # With JavaScript the static image gives way to the Leaflet grid of cells.
    page.locator("#hotspot-map.leaflet-container path.leaflet-interactive").first.wait_for()
    assert page.locator("#hotspot-map img.app-hotspot-image").count() == 0
    assert_accessible(page)

    page.get_by_text("Grid, density and hot spot settings").click()
    page.get_by_label("Cell size in metres").fill("50")
    page.get_by_role("button", name="Show hotspots").click()
    page.wait_for_load_state()
    assert (
        "The cell size must be between 100 and 250 metres."
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
