"""Problem solving in real headless Chromium against the served demo: the coordinator reads the closed
profile's assessment, is refused a response without an owner or due date, and plans a patrol; a local
delivery group member sees their programme's timeline and the asset map and is refused cases; axe-core
finds no WCAG 2.2 AA violations on any page on the way."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def test_the_coordinator_reads_an_assessment_and_plans_a_patrol(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/problems/?stage=all")
    assert page.locator("table tbody tr").count() == 2
    assert_accessible(page)

    page.goto("/problems/?stage=closed")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert "Weighted displacement quotient" in page.content()
    assert_accessible(page)

    page.goto("/problems/?stage=response")
    page.locator("table a").first.click()
    page.get_by_text("Plan a response", exact=True).first.click()
    page.get_by_label("Response", exact=True).fill("Extra lighting")
    page.get_by_label("Partner who owns it").select_option(label="Choose a partner")
    page.get_by_role("button", name="Plan a response").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the date it is due" in summary and "Choose the partner who owns the response" in summary
    assert_accessible(page)

    page.get_by_role("button", name="Plan a patrol").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Plan the patrol").click()
    assert "Enter the date of the patrol" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_a_community_member_sees_their_programme_and_the_asset_map_but_not_cases(page):
    sign_in(page, "community@worcester.example.org", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Engagement programmes"
    assert [
        a.inner_text() for a in page.get_by_role("navigation", name="Menu").get_by_role("link").all()
    ] == [
        "Engagement programmes",
        "Asset map",
    ]
    assert_accessible(page)

    page.locator("table a", has_text="Warndon").first.click()
    page.wait_for_load_state()
    timeline = page.get_by_role("table", name="When each step is planned, week by week")
    assert timeline.get_by_role("columnheader").count() >= 40
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Asset map").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Community asset map"
    assert page.locator("table .govuk-tag", has_text="Safe Place").count() >= 1
    assert_accessible(page)

    assert page.goto("/cases/").status == 403
