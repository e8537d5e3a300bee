"""The demo in real headless Chromium: what people see, and axe-core WCAG 2.2 AA checks on every page."""

import re

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"
ADMINISTRATOR = "admin@worcester.example.org"
NORTH_COORDINATOR = "coordinator@bromsgrove.example.org"

PUBLIC_PAGES = ["/", "/sign-in/", "/accessibility/", "/partners/", "/no-such-page/"]
STAFF_PAGES = [
    "/",
    "/partners/",
    "/governance/",
    "/sharing-agreements/",
    "/sharing-agreements/new/",
    "/areas/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_accessibility_violations(page, path):
    page.goto(path)
    expect_title = page.title()
    assert expect_title.endswith("- Joined Up")
    assert_accessible(page)


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_have_no_accessibility_violations(page, path):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto(path)
    assert_accessible(page)


def test_detail_pages_have_no_accessibility_violations(page):
    sign_in(page, ADMINISTRATOR, DEMO_PASSWORD)
    for link_page, link_name in [
        ("/partners/", "Worcester City Council"),
        ("/governance/", "Worcester City Multi-Agency Tactical Group"),
        ("/sharing-agreements/", re.compile("SWCSP-ISA-01")),
        ("/areas/", "Cathedral"),
        ("/areas/", "Worcester city centre"),
        ("/audit/", None),
    ]:
        page.goto(link_page)
        if link_name:
            page.get_by_role("link", name=link_name).first.click()
            page.wait_for_load_state()
        assert_accessible(page)


def test_a_coordinator_signs_in_and_sees_the_demo_partnership(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Your partnerships").is_visible()
    assert page.get_by_text("South Worcestershire Community Safety Partnership").is_visible()
    assert page.get_by_text("North Worcestershire Community Safety Partnership").count() == 0
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link", name="Sharing agreements").is_visible()


def test_the_governance_tree_runs_from_the_board_to_the_tasking_groups(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/governance/")
    text = page.locator("main").inner_text()
    order = [
        "Worcestershire Safer Communities Board",
        "South Worcestershire Community Safety Partnership",
        "Safer Worcester",
        "Worcester City Multi-Agency Tactical Group",
    ]
    assert [text.index(name) for name in order] == sorted(text.index(name) for name in order)
    assert "Safer Bromsgrove" not in text


def test_a_north_coordinator_sees_none_of_south_worcestershire(page):
    sign_in(page, NORTH_COORDINATOR, DEMO_PASSWORD)
    page.goto("/governance/")
    text = page.locator("main").inner_text()
    assert "Safer Bromsgrove" in text
    assert "Safer Worcester" not in text
    page.goto("/sharing-agreements/")
    assert "SWCSP" not in page.locator("main").inner_text()


def test_the_ward_map_draws_boundaries_without_a_tile_server(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/areas/?partnership=south-worcestershire")
    page.wait_for_selector("#area-map path.leaflet-interactive")
    assert page.locator("#area-map path.leaflet-interactive").count() >= 15
    page.get_by_role("link", name="Cathedral").first.click()
    page.wait_for_selector("#area-map path")
    assert page.get_by_role("heading", name="Cathedral").is_visible()
    assert "E05007883" in page.locator("main").inner_text()
    assert page.get_by_text("Neighbourhoods (LSOAs) counted in this ward").is_visible()


def test_recording_an_agreement_with_mistakes_shows_the_error_summary(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/sharing-agreements/new/")
    page.get_by_label("Title").fill("Night-time economy")
    page.get_by_role("button", name="Save agreement").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter the agreement's reference" in summary.inner_text()
    assert page.get_by_label("Title").input_value() == "Night-time economy"
    assert page.title().startswith("Record an information sharing agreement - Error")
    assert_accessible(page)


def test_staff_can_sign_in_without_javascript(browser, demo_server):
    context = browser.new_context(base_url=demo_server, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Your partnerships").is_visible()
    context.close()


def test_the_menu_collapses_on_a_phone(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport={"width": 375, "height": 740})
    page = context.new_page()
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    menu = page.get_by_role("button", name="Menu")
    governance = page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Governance", exact=True
    )
    assert menu.is_visible()
    assert not governance.is_visible()
    menu.click()
    assert governance.is_visible()
    assert_accessible(page)
    context.close()
