"""Shared cases in real headless Chromium against the served demo: the council opens a case and shares it
with the police, who then see it; Victim Support, with no agreement, sees only the locked view and asks
for access. axe-core finds no WCAG 2.2 AA violations on any page on the way."""

import re
import uuid

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.cases import VICTIM_SUPPORT_EMAIL
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"  # Priya Shah, Worcester City Council
PCSO = "pcso@westmercia.example.org"  # Jade Morris, West Mercia Police


@pytest.fixture
def new_page(browser, demo_server):
    contexts = []

    def make():
        context = browser.new_context(base_url=demo_server, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def test_a_case_shared_with_the_police_opens_for_them_and_is_locked_for_victim_support(new_page):
    summary = f"Bins set alight behind the flats, three nights running ({uuid.uuid4().hex[:6]})."
    council = new_page()
    sign_in(council, COORDINATOR, DEMO_PASSWORD)
    council.goto("/cases/")
    assert council.get_by_role("heading", name="Cases", exact=True).is_visible()
    assert_accessible(council)

    council.get_by_role("button", name="Open a case").click()
    council.get_by_role("button", name="Open case").click()
    assert "Describe the case" in council.locator(".govuk-error-summary").inner_text()
    assert_accessible(council)
    council.get_by_label("Kind of case").select_option(label="Nuisance anti-social behaviour")
    council.get_by_label("Summary").fill(summary)
    council.get_by_label("Address").fill("Block B, Sample Court, Worcester")
    council.get_by_role("button", name="Open case").click()
    council.wait_for_load_state()
    reference = council.locator("h1").inner_text().strip()
    assert re.fullmatch(r"WOR-C-\d{4}-\d{6}", reference)
    assert f"Case {reference} opened" in banner(council)
    assert_accessible(council)

    council.get_by_role("button", name=re.compile("Sharing and access")).click()
    council.get_by_label("Partner").select_option(label="Victim Support")
    council.get_by_label("Why are you sharing this case?").fill("Support for the residents")
    council.get_by_role("button", name="Share case").click()
    refusal = council.locator(".govuk-error-summary").inner_text()
    assert "cannot be shared with Victim Support" in refusal
    assert_accessible(council)
    council.get_by_label("Partner").select_option(label="West Mercia Police")
    council.get_by_label("Why are you sharing this case?").fill("Arson: the police lead the investigation")
    council.get_by_role("button", name="Share case").click()
    assert f"{reference} shared with West Mercia Police" in banner(council)
    assert "SWCSP-ISA-01" in council.locator("main").inner_text()
    assert_accessible(council)

    police = new_page()
    sign_in(police, PCSO, DEMO_PASSWORD)
    police.goto("/cases/")
    police.get_by_role("link", name=reference).click()
    assert summary in police.locator("main").inner_text()
    assert_accessible(police)

    support = new_page()
    sign_in(support, VICTIM_SUPPORT_EMAIL, DEMO_PASSWORD)
    support.goto(f"/cases/{reference}/")
    main = support.locator("main").inner_text()
    assert "This case has not been shared with you" in main
    assert "Worcester City Council" in main and summary not in main
    assert_accessible(support)
    support.get_by_role("button", name="Ask for access").click()
    assert "Say why you need access" in support.locator(".govuk-error-summary").inner_text()
    assert_accessible(support)
    support.get_by_label("Why do you need access?").fill("A resident of the flats has asked us for support")
    support.get_by_role("button", name="Ask for access").click()
    assert f"Access to {reference} requested" in banner(support)
    assert "has not decided yet" in support.locator("main").inner_text()

    council.goto(f"/cases/{reference}/access/")
    assert "A resident of the flats has asked us for support" in council.locator("main").inner_text()
    assert_accessible(council)


def test_the_demo_repeat_victim_and_person_search(new_page):
    council = new_page()
    sign_in(council, COORDINATOR, DEMO_PASSWORD)
    council.goto("/cases/search/")
    council.get_by_label("Why are you searching?").fill("Checking before a home visit")
    council.get_by_label("First name").fill("Alys")
    council.get_by_label("Last name").fill("Fictionall")
    council.get_by_role("button", name="Search").click()
    assert "Alys Fictional" in council.locator("main").inner_text()
    assert "/cases/search/" in council.url and "Alys" not in council.url
    assert_accessible(council)
    council.get_by_role("link", name="Alys Fictional").click()
    assert council.locator("main").get_by_role("link", name=re.compile(r"WOR-C-")).count() == 3
    assert_accessible(council)


def test_the_referrer_is_offered_withdrawal_and_a_blank_reason_is_refused_with_the_error_summary(new_page):
    council = new_page()
    sign_in(council, "enforcement@worcester.example.org", DEMO_PASSWORD)
    council.goto("/cases/referrals/")
    waiting = (
        council.get_by_role("row").filter(has_text="Victim support").filter(has_text="Waiting for a decision")
    )
    waiting.get_by_role("link").first.click()
    assert council.get_by_role("heading", name="Withdraw the referral").is_visible()
    assert_accessible(council)

    council.get_by_role("button", name="Withdraw referral").click()
    summary = council.locator(".govuk-error-summary").inner_text()
    assert "Say why you are withdrawing the referral" in summary
    assert "Waiting for a decision" in council.locator("main").inner_text()  # nothing was withdrawn
    assert_accessible(council)
