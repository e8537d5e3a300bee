"""Completing the demo's open survey in real headless Chromium, at a phone's size, without an account: the
coordinator's page gives the link; a member of the public answers, is told what is missing, checks and
sends; the same browser is then refused a second go. axe-core finds no WCAG 2.2 AA violations on any page."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"


def _open_round_link(browser, demo_server) -> str:
    context = browser.new_context(base_url=demo_server)
    try:
        staff = context.new_page()
        sign_in(staff, COORDINATOR, DEMO_PASSWORD)
        staff.goto("/problems/surveys/")
        staff.get_by_role("link", name="Feeling safe in Worcester").click()
        row = staff.locator("tr", has_text="Round 2")
        return row.locator("code").first.inner_text()
    finally:
        context.close()


def test_a_member_of_the_public_completes_the_survey_once(browser, demo_server):
    link = _open_round_link(browser, demo_server)
    context = browser.new_context(base_url=demo_server, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        page.goto(link)
        assert page.get_by_role("heading", name="Feeling safe in Worcester").is_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Start now").click()

        page.get_by_label("Cathedral").check()
        assert_accessible(page)
        page.get_by_role("button", name="Continue").click()

        page.get_by_role("button", name="Continue").click()  # nothing chosen
        assert "Choose how much of a problem" in page.locator(".govuk-error-summary").inner_text()
        assert_accessible(page)
        page.get_by_label("A fairly big problem").check()
        page.get_by_role("button", name="Continue").click()

        page.get_by_label("Very safe").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("A bit unsafe").check()
        assert_accessible(page)
        page.get_by_role("button", name="Continue").click()

        page.get_by_label("Better street lighting").check()
        page.get_by_label("Things for young people to do").check()
        assert_accessible(page)
        page.get_by_role("button", name="Continue").click()
        assert "Do not include personal details" in page.content()
        assert_accessible(page)
        page.get_by_role("button", name="Continue").click()  # optional: left blank

        summary = page.locator(".govuk-summary-list").inner_text()
        assert (
            "Cathedral" in summary
            and "A fairly big problem" in summary
            and "Better street lighting" in summary
        )
        assert_accessible(page)
        page.get_by_role("button", name="Send your answers").click()
        assert page.get_by_role("heading", name="Your answers have been sent").is_visible()
        assert_accessible(page)

        page.goto(link)
        assert page.get_by_role("heading", name="You have already answered this survey").is_visible()
        assert_accessible(page)
    finally:
        context.close()
