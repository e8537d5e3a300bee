"""Staff reporting pages in real headless Chromium, at a phone's size: an officer works a report from
their queue, and axe-core finds no WCAG 2.2 AA violations on the queue, a report, logging and the preview."""

import re

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

OFFICER = "enforcement@worcester.example.org"  # Tom Evans, Worcester City Council
COORDINATOR = "coordinator@worcester.example.org"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def test_an_officer_acknowledges_and_resolves_a_report_from_their_queue_on_a_phone(phone):
    sign_in(phone, OFFICER, DEMO_PASSWORD)
    phone.goto("/work/")
    assert phone.get_by_role("heading", name="Work queue").is_visible()
    assert "Worcester City Council" in phone.locator("main").inner_text()
    assert_accessible(phone)

    phone.goto("/work/?status=new")
    links = phone.locator("table a.govuk-link")
    references = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert references, "The demo has no new reports for Worcester City Council"
    # The queue also lists reports the council supports and reports declined back to triage; only
    # the lead partner acknowledges, so take the first report the council leads.
    for reference in references:
        phone.goto(f"/work/reports/{reference}/")
        if phone.get_by_role("button", name="Acknowledge").count():
            break
    else:
        raise AssertionError("None of the council's new reports is led by the council")
    assert phone.get_by_role("heading", name=reference).is_visible()
    assert_accessible(phone)

    phone.get_by_role("button", name="Acknowledge").click()
    phone.wait_for_load_state()
    assert f"{reference} acknowledged" in phone.locator(".govuk-notification-banner").inner_text()

    phone.locator("summary", has_text="Resolve").click()
    phone.get_by_label("What was done?").fill("Swept and bagged by the city centre crew this morning.")
    phone.locator("form[action$='/resolve/']").get_by_role("button", name="Resolve").click()
    phone.wait_for_load_state()
    assert "resolved. The reporter has been told" in phone.locator(".govuk-notification-banner").inner_text()
    main = phone.locator("main").inner_text()
    assert "Swept and bagged by the city centre crew this morning." in main
    assert re.search(r"\bResolved\b", main)
    assert_accessible(phone)


def test_resolving_without_a_note_shows_the_error_summary_on_a_phone(phone):
    sign_in(phone, OFFICER, DEMO_PASSWORD)
    phone.goto("/work/?status=acknowledged")
    phone.locator("table a.govuk-link").first.click()
    phone.wait_for_load_state()
    phone.locator("summary", has_text="Resolve").click()
    phone.locator("form[action$='/resolve/']").get_by_role("button", name="Resolve").click()
    phone.wait_for_load_state()
    summary = phone.locator(".govuk-error-summary")
    assert "Say what was done: the reporter will be told" in summary.inner_text()
    assert phone.title().endswith("- Error - Joined Up")
    assert_accessible(phone)


def test_the_queue_map_draws_the_reports_without_a_tile_server(phone):
    sign_in(phone, OFFICER, DEMO_PASSWORD)
    phone.goto("/work/?view=map")
    phone.wait_for_selector("#report-map path.leaflet-interactive")
    assert phone.locator("#report-map path.leaflet-interactive").count() > 0
    assert_accessible(phone)


def test_logging_a_phone_call_on_a_phone(phone):
    sign_in(phone, OFFICER, DEMO_PASSWORD)
    phone.goto("/work/log/")
    assert_accessible(phone)
    phone.get_by_label("Phone call").check()
    phone.get_by_label("What is the problem?").select_option(label="Littering: Litter or an overflowing bin")
    phone.get_by_label("Or the ward").select_option(label="Cathedral")
    phone.get_by_label("Describe the problem").fill("Caller reports bags of rubbish left by the bus stop.")
    phone.get_by_role("button", name="Log the report").click()
    phone.wait_for_load_state()
    banner = phone.locator(".govuk-notification-banner").inner_text()
    assert re.search(r"Report WOR-\d{4}-\d{6} logged and sent to", banner)
    assert (
        "Phone call" in phone.locator("main").inner_text()
        or "phone call" in phone.locator("main").inner_text()
    )


@pytest.mark.parametrize(
    "path",
    [
        "/work/routing/preview/",
        "/work/triage/",
        "/work/street-audits/",
        "/work/street-audits/new/",
        "/work/settings/",
        "/work/settings/south-worcestershire/categories/",
        "/work/settings/south-worcestershire/categories/new/",
        "/work/settings/south-worcestershire/targets/",
        "/work/settings/south-worcestershire/rules/",
        "/work/settings/south-worcestershire/rules/new/",
    ],
)
def test_coordinator_pages_have_no_accessibility_violations(page, path):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto(path)
    assert page.title().endswith("- Joined Up")
    assert_accessible(page)


def test_the_routing_preview_answers_on_a_phone(phone):
    sign_in(phone, COORDINATOR, DEMO_PASSWORD)
    phone.goto("/work/routing/preview/")
    phone.get_by_label("Category").select_option(label="Anti-social behaviour: Begging")
    phone.get_by_label("Or the ward").select_option(label="Cathedral")
    phone.get_by_role("button", name="Preview").click()
    phone.wait_for_load_state()
    panel = phone.locator(".govuk-panel").inner_text()
    assert panel.startswith("Goes to") or panel.startswith("Triage")
    assert_accessible(phone)
