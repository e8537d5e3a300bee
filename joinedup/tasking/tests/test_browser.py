"""Running a meeting from agenda to actions in real headless Chromium against the served demo: the
coordinator edits and publishes Safer Worcester's generated agenda, records attendance and minutes,
is refused an action without an owner or due date, agrees one, and marks the meeting held. axe-core
finds no WCAG 2.2 AA violations on any page on the way."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def test_run_a_meeting_from_agenda_to_actions(page):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/tasking/")
    assert_accessible(page)
    page.get_by_role("link", name="Safer Worcester", exact=True).click()
    assert page.get_by_role("heading", name="Safer Worcester").is_visible()
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link").first.click()  # the newest meeting: the next one
    assert "Planned" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Edit the agenda").click()
    assert_accessible(page)
    page.get_by_label("Note on item 1", exact=True).fill("Police to open this item")
    page.get_by_role("button", name="Save the agenda").click()
    assert "Agenda saved" in banner(page)
    page.get_by_label("Item", exact=True).fill("Summer events in the city centre")
    page.get_by_role("button", name="Add item").click()
    assert "Item added" in banner(page)
    page.get_by_role("button", name="Publish the agenda and ask owners for updates").click()
    assert "Agenda published" in banner(page)
    assert_accessible(page)

    page.get_by_label("Partner", exact=True).select_option(label="West Mercia Police")
    page.get_by_label("Present").check()
    page.get_by_role("button", name="Record attendance").click()
    assert "Attendance recorded: West Mercia Police" in banner(page)

    item = page.locator("section.app-agenda-item").first
    item.locator("summary", has_text="Minutes").click()
    item.get_by_label("Minutes").fill("Partners agreed a joint response.")
    item.get_by_role("button", name="Save minutes").click()
    assert "Minutes saved" in banner(page)

    item = page.locator("section.app-agenda-item").first
    item.locator("summary", has_text="Agree an action").click()
    item.get_by_label("Action", exact=True).fill("Joint patrol of the hot spot")
    item.get_by_role("button", name="Agree action").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the partner who owns the action" in summary
    assert "Enter the date the action is due" in summary
    assert_accessible(page)
    item = page.locator("section.app-agenda-item").first
    item.get_by_label("Owner partner").select_option(label="West Mercia Police")
    item.get_by_label("Day").fill("30")
    item.get_by_label("Month").fill("6")
    item.get_by_label("Year").fill("2027")
    item.get_by_role("button", name="Agree action").click()
    assert "Action agreed: Joint patrol of the hot spot" in banner(page)
    assert "Joint patrol of the hot spot" in page.locator("main").inner_text()

    page.get_by_role("button", name="Mark the meeting as held").click()
    assert "Meeting marked as held" in banner(page)
    assert_accessible(page)
    page.get_by_role("link", name="Agenda pack", exact=True).click()
    assert "Joint patrol of the hot spot" in page.locator("main").inner_text()
    assert_accessible(page)
