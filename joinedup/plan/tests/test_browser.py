"""The plan in real headless Chromium against the served demo: the coordinator opens South
Worcestershire's progress view, adds a dated update to an action that is not yet at risk, and sees its
RAG turn amber. axe-core finds no WCAG 2.2 AA violations on any page on the way."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"
ACTION = "Target-harden homes of repeat burglary victims"


def test_a_coordinator_updates_an_action_and_sees_its_rag_change(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/plan/")
    assert_accessible(page)
    page.get_by_role("link", name="South Worcestershire Community Safety Partnership Plan").click()
    assert page.get_by_role("heading", name="Safer Homes").is_visible()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text=ACTION)
    assert "Green" in row.inner_text()

    row.get_by_role("link", name=ACTION, exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the update").click()  # nothing written: refused
    assert "Say what has happened since the last update" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("What has happened").fill("Locksmith contract lapsed; new supplier needed.")
    page.get_by_label("At risk").check()
    page.get_by_role("button", name="Add the update").click()
    assert (
        "Update added: the action is now at risk" in page.locator(".govuk-notification-banner").inner_text()
    )
    assert "On track to At risk" in page.locator("main").inner_text()
    assert "Amber" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="South Worcestershire Community Safety Partnership Plan").click()
    assert "Amber" in page.get_by_role("row").filter(has_text=ACTION).inner_text()


def test_removing_a_campaign_asks_first_and_keeping_it_changes_nothing(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/plan/communications/")
    page.get_by_role("link", name="Remove Know your PSPOs").click()
    assert page.get_by_role("heading", name="Remove the campaign “Know your PSPOs”").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Keep it").click()
    assert page.get_by_role("link", name="Know your PSPOs", exact=True).is_visible()
