"""Victim risk assessment in real headless Chromium against the served demo: the council's lead officer
finds Alys's overdue reassessment in their queue, leaves questions unanswered, then reassesses her; the
coordinator reads and opens the questionnaire for change. axe-core finds no WCAG 2.2 AA violations."""

import re

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

OFFICER = "enforcement@worcester.example.org"  # leads Alys's personal ASB case
COORDINATOR = "coordinator@worcester.example.org"


def test_an_overdue_reassessment_is_found_in_the_queue_and_done(page):
    sign_in(page, OFFICER, DEMO_PASSWORD)
    page.goto("/cases/actions/")
    queue = page.locator("main").inner_text()
    assert "Risk reassessments due (1)" in queue and "Overdue" in queue
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Alys Fictional")).click()
    assert page.get_by_role("heading", name="Risk assessment of Alys Fictional").is_visible()
    assert_accessible(page)
    radios = page.locator("input[type=radio][value=no]")
    assert radios.count() == 11  # the questionnaire's second version
    radios.nth(0).check()
    page.get_by_role("button", name="Save the assessment").click()
    problems = page.locator(".govuk-error-summary li").all_inner_texts()
    assert problems == [f"Answer question {n}" for n in range(2, 12)]
    assert page.locator("input[type=radio][value=no]").nth(0).is_checked()  # kept
    assert_accessible(page)

    for index in range(11):
        page.locator("input[type=radio][value=no]").nth(index).check()
    page.get_by_label("Yes, to medium risk").check()
    page.get_by_label("Why does your judgement raise it?").fill(
        "Incidents have become more frequent this week."
    )
    page.get_by_role("button", name="Save the assessment").click()
    assert "Alys Fictional assessed: Medium risk" in page.locator(".govuk-notification-banner").inner_text()
    main = page.locator("main").inner_text()
    assert "Every assessment (2)" in main and "Raised from standard by professional judgement" in main
    assert_accessible(page)


def test_the_coordinator_reads_and_changes_the_questionnaire(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/cases/risk/questionnaire/")
    main = page.locator("main").inner_text()
    assert "Version 2" in main and "There is no national scale for ASB victim risk" in main
    assert_accessible(page)
    page.get_by_role("button", name="Change the questionnaire").click()
    page.get_by_label("High risk from a score of").fill("5")
    page.get_by_label("Medium risk from a score of").fill("5")
    page.get_by_label("What did you change, and why?").fill("Trying equal thresholds")
    page.get_by_role("button", name="Save as a new version").click()
    assert "more than the medium risk threshold" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("What did you change, and why?").input_value() == "Trying equal thresholds"
    assert_accessible(page)
