"""The ASB Case Review in real headless Chromium against the served demo: the coordinator (the single
point of contact) reads the applications, one application's steps and its threshold assessment, the
figures, and records an application with nothing filled in; the public reads the published figures.
axe-core finds no WCAG 2.2 AA violations on any of them."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD, SOUTH

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"


def test_the_coordinator_follows_an_application_from_the_list_to_its_assessment(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/case-reviews/")
    assert page.get_by_role("heading", name="ASB Case Reviews").is_visible()
    assert "Overdue" in page.locator("main").inner_text() or "Due" in page.locator("main").inner_text()
    assert_accessible(page)

    page.locator("main table a").first.click()
    assert page.get_by_role("table", name="Each step, when it is due and when it was done").is_visible()
    assert_accessible(page)

    page.goto(page.url + "assessment/")
    assert page.get_by_role("heading", name="Threshold assessment").is_visible()
    assert_accessible(page)

    page.goto("/case-reviews/figures/")
    assert page.get_by_role("heading", name="ASB Case Review figures").is_visible()
    assert_accessible(page)


def test_recording_an_application_with_nothing_filled_in_shows_the_error_summary(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/case-reviews/new/")
    page.locator("main form button[type=submit]").last.click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Choose how the application was received" in summary.inner_text()
    assert page.title().startswith("Error") or " - Error" in page.title() or "Error:" in page.title()
    assert_accessible(page)


def test_the_public_reads_the_published_figures(page):
    page.goto(f"/case-reviews/published/{SOUTH}/")
    text = page.locator("main").inner_text()
    assert "applications" in text.lower()
    assert "Alys" not in text
    assert_accessible(page)
