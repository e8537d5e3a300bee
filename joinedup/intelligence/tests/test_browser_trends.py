"""The trends and scorecards pages in real Chromium against the demo, checked with axe-core."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_an_analyst_reads_trends_and_a_coordinator_the_scorecard(page, demo_server):
    sign_in(page, "coordinator@worcester.example.org", DEMO_PASSWORD)
    page.goto("/intelligence/")
    assert_accessible(page)
    page.get_by_role("link", name="Trends").first.click()
    assert page.locator("figure svg[role=img]").count() == 1
    assert "2025/26" in page.locator("#financial-years").inner_text()
    assert_accessible(page)
    page.goto("/intelligence/trends/?month_from=2025-12&month_to=2025-01")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.goto("/intelligence/scorecards/")
    assert "Worcester quarterly crime scorecard" in page.locator("main").inner_text()
    assert_accessible(page)
