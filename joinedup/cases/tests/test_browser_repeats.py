"""Repeat victims and the tactical group list in real headless Chromium against the served demo: the
coordinator finds Edna on the list, opens a case for her from the filled-in form and puts her on the
tactical group list. axe-core finds no WCAG 2.2 AA violations on any page on the way."""

import re

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

from .test_browser import COORDINATOR, banner, new_page  # noqa: F401  (the same browser pages)

pytestmark = pytest.mark.browser


def test_a_repeat_victim_from_the_demo_reports_gets_a_case_and_goes_on_the_tactical_list(new_page):  # noqa: F811
    council = new_page()
    sign_in(council, COORDINATOR, DEMO_PASSWORD)
    council.goto("/cases/")
    council.get_by_role("link", name="Repeat and vulnerable victims").click()
    edna = council.locator(".govuk-summary-card", has_text="Edna Imaginary")
    assert "Repeat: 4 incidents" in edna.inner_text()
    assert_accessible(council)

    edna.get_by_text("No case needed", exact=True).click()
    edna.get_by_role("button", name="Dismiss the suggestion").click()
    assert "Say why no case is needed" in council.locator(".govuk-error-summary").inner_text()
    assert_accessible(council)

    edna = council.locator(".govuk-summary-card", has_text="Edna Imaginary")
    edna.get_by_role("button", name=re.compile("Open a case")).click()
    assert "edna" not in council.url.lower()
    assert "Repeat victim: 4 incidents" in council.get_by_label("Summary").input_value()
    assert_accessible(council)
    council.get_by_role("button", name="Open case").click()
    council.wait_for_load_state()
    reference = council.locator("h1").inner_text().strip()
    assert f"Case {reference} opened" in banner(council)
    assert council.locator("main").get_by_role("link", name=re.compile(r"WOR-\d{4}-")).count() == 4

    council.get_by_role("link", name="Add to the tactical group list").click()
    council.get_by_role("button", name="Add to the list").click()
    assert "Describe the risk management plan" in council.locator(".govuk-error-summary").inner_text()
    assert_accessible(council)
    council.get_by_label("Problem location").check()
    council.get_by_label("Location", exact=True).fill("Outside the flats, Example Close")
    council.get_by_label("Risk management plan").fill("Evening patrols; a door camera for Edna.")
    council.get_by_label("Partner that owns the plan").select_option(label="Worcester City Council")
    council.get_by_label("Day").fill("1")
    council.get_by_label("Month").fill("1")
    council.get_by_label("Year").fill("2099")
    council.get_by_role("button", name="Add to the list").click()
    assert "Added to the tactical group list" in banner(council)
    assert_accessible(council)

    council.get_by_role("link", name="See the whole list").click()
    assert "Evening patrols; a door camera for Edna." in council.locator("main").inner_text()
    assert "Overdue" in council.locator("main").inner_text()
    assert_accessible(council)
