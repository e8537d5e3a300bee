"""A resident reports a problem from a phone, with and without JavaScript, in real Chromium against the demo.

Every page of the journey is checked with axe-core (WCAG 2.2 AA). The demo's South Worcestershire
partnership provides the categories (`general-litter`, `graffiti`, ...) and Worcester's streets.
"""

from __future__ import annotations

import re
import time
from io import BytesIO

import pytest
from PIL import Image

from joinedup.core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
GUILDHALL = {"latitude": 52.1917, "longitude": -2.2205}
REFERENCE = re.compile(r"^WOR-\d{4}-\d{6}$")
# The flow refuses a report sent within 3 seconds of starting: people are never that quick.
HUMAN_SECONDS = 3.5


@pytest.fixture
def phone(browser, demo_server):
    """A phone-sized browser with JavaScript, that lets the page know where it is (the Guildhall)."""
    context = browser.new_context(
        base_url=demo_server, viewport=PHONE, geolocation=GUILDHALL, permissions=["geolocation"]
    )
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_javascript(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (320, 240), (90, 90, 200)).save(out, "JPEG")
    return out.getvalue()


def heading(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def continue_(page, name: str = "Continue") -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def past_already_reported(page, *, check: bool = True) -> None:
    """The demo may hold an open report like this one close by: say it is something else."""
    if heading(page) == "Has this already been reported?":
        if check:
            assert_accessible(page)
        page.get_by_label("No, it is something else").check()
        continue_(page)


def send_and_get_reference(page, started: float, *, check: bool = True) -> str:
    assert heading(page) == "Check your answers before sending your report"
    if check:
        assert_accessible(page)
    time.sleep(max(0.0, HUMAN_SECONDS - (time.monotonic() - started)))
    continue_(page, "Send report")
    assert page.locator(".govuk-panel__title").inner_text().strip() == "Report sent"
    if check:
        assert_accessible(page)
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert REFERENCE.match(reference), reference
    return reference


def track(page, reference: str, category: str, *, check: bool = True) -> None:
    page.get_by_role("link", name="check progress on your report").click()
    page.wait_for_load_state()
    assert heading(page) == f"Report {reference}"
    main = page.locator("main").inner_text()
    assert category in main
    assert "Reported" in main
    if check:
        assert_accessible(page)


def test_a_resident_with_javascript_reports_graffiti_with_their_location_and_a_photo(phone):
    page = phone
    started = time.monotonic()
    page.goto("/report/")
    assert heading(page) == "What are you reporting?"
    continue_(page)  # nothing chosen: the error summary, accessibly
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("What are you reporting? - Error")
    assert_accessible(page)
    page.locator("input[name=category][value=graffiti]").check()
    continue_(page)

    assert heading(page) == "Where is the problem?"
    page.wait_for_selector("#location-map .leaflet-overlay-pane path", state="attached")
    assert page.locator("#location-map").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_selector("#location-map .leaflet-marker-icon")
    # Then move the pin by selecting a place on the map, close to where the phone is.
    page.locator("#location-map").click(position={"x": 180, "y": 140})
    assert "Place selected" in page.locator("#pin-status").inner_text()
    assert page.locator("input[name=longitude]").input_value()
    continue_(page, "Use this place")
    past_already_reported(page)

    assert heading(page) == "Tell us about the problem"
    assert_accessible(page)
    page.get_by_label("Describe the problem").fill("Tags sprayed across the shop shutters overnight")
    continue_(page)

    assert heading(page) == "Add photos (optional)"
    assert_accessible(page)
    page.set_input_files(
        "#id_photo", files=[{"name": "shutters.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    continue_(page, "Upload photo")
    assert page.get_by_alt_text("Photo 1 you added").is_visible()
    assert_accessible(page)
    continue_(page)

    assert heading(page) == "Do you want to give your contact details?"
    page.get_by_label("Yes, tell me about progress").check()
    page.get_by_label("Email address").fill("resident@example.com")
    assert_accessible(page)
    continue_(page)

    reference = send_and_get_reference(page, started)
    track(page, reference, "Graffiti")


def test_a_resident_without_javascript_reports_litter_by_searching_for_the_street(phone_without_javascript):
    # axe-core needs JavaScript, so these same pages are checked in the tests that have it.
    page = phone_without_javascript
    started = time.monotonic()
    page.goto("/report/")
    page.locator("input[name=category][value=general-litter]").check()
    continue_(page)

    assert heading(page) == "Where is the problem?"
    assert not page.locator("#location-map").is_visible()  # no map without JavaScript
    page.get_by_label("Street name").fill("Foregate")
    continue_(page, "Search for the street")
    assert heading(page) == "Which street is it?"
    page.get_by_label(re.compile(r"^Foregate Street")).first.check()
    continue_(page)
    past_already_reported(page, check=False)

    assert heading(page) == "Tell us about the problem"
    page.get_by_label("Describe the problem").fill("Takeaway boxes and cans all along the pavement")
    continue_(page)
    assert heading(page) == "Add photos (optional)"
    page.set_input_files(
        "#id_photo", files=[{"name": "cans.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    continue_(page, "Upload photo")
    assert page.get_by_alt_text("Photo 1 you added").is_visible()
    continue_(page)

    page.get_by_label("No, report anonymously").check()
    continue_(page)
    reference = send_and_get_reference(page, started, check=False)
    track(page, reference, "Litter", check=False)


def test_the_street_ward_and_question_pages_show_their_errors_accessibly(phone):
    page = phone
    page.goto("/report/")
    page.locator("input[name=category][value=fly-tipping]").check()
    continue_(page)
    continue_(page, "Search for the street")  # nothing typed
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Street name").fill("Foregate")
    continue_(page, "Search again")
    assert heading(page) == "Which street is it?"
    continue_(page)  # no street chosen
    assert "Choose the street" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="I do not know the street: choose the ward instead").click()
    assert heading(page) == "Which ward is the problem in?"
    continue_(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Which ward is it in?").select_option(label="Cathedral")
    page.get_by_label("Where in the ward?").fill("The alley behind the bus station")
    continue_(page)
    past_already_reported(page)

    assert heading(page) == "Tell us about the problem"
    assert page.get_by_text("How much has been dumped").is_visible()
    continue_(page)
    assert "Describe the problem" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Describe the problem").fill("Sofa and bags of rubble")
    page.get_by_label("A car boot load").check()
    continue_(page)

    page.set_input_files(
        "#id_photo", files=[{"name": "sofa.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}]
    )
    continue_(page, "Upload photo")
    assert "must be a JPG, PNG or WEBP" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    continue_(page)

    page.get_by_label("Yes, tell me about progress").check()
    page.get_by_label("Email address").fill("not an email")
    continue_(page)
    assert "Enter an email address in the correct format" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_reporting_a_hate_incident_offers_victim_support(phone):
    page = phone
    started = time.monotonic()
    page.goto("/report/")
    page.locator("input[name=category][value=hate-incident]").check()
    continue_(page)
    page.get_by_role("link", name="I do not know the street: choose the ward instead").click()
    page.get_by_label("Which ward is it in?").select_option(label="Cathedral")
    page.get_by_label("Where in the ward?").fill("High Street")
    continue_(page)
    assert heading(page) == "Tell us about the problem"  # never "has this already been reported?"
    assert "101" in page.locator(".govuk-warning-text").inner_text()
    page.get_by_label("Describe the problem").fill("Someone shouted abuse at me because of my religion")
    page.get_by_label("It happened to me").check()
    continue_(page)
    continue_(page)
    page.get_by_label("No, report anonymously").check()
    continue_(page)
    assert heading(page) == "Check your answers before sending your report"
    time.sleep(max(0.0, HUMAN_SECONDS - (time.monotonic() - started)))
    continue_(page, "Send report")
    main = page.locator("main").inner_text()
    assert "Report sent" in main
    assert "08 08 16 89 111" in main
    assert page.get_by_role("link", name="check progress on your report").count() == 0
    assert_accessible(page)


@pytest.mark.parametrize(
    "path", ["/reports/", "/you-said-we-did/", "/track/", "/track/?reference=WOR-2026-999999"]
)
def test_the_public_pages_have_no_accessibility_violations_on_a_phone(phone, path):
    phone.goto(path)
    assert phone.title().endswith("- Joined Up")
    assert_accessible(phone)


def test_the_public_map_shows_reports_and_the_list_works_without_it(phone, phone_without_javascript):
    phone.goto("/reports/")
    phone.wait_for_selector("#reports-map path.leaflet-interactive")
    assert "reports on the map" in phone.locator("#reports-map-status").inner_text()
    assert_accessible(phone)
    phone_without_javascript.goto("/reports/")
    assert not phone_without_javascript.locator("#reports-map").is_visible()
    first = phone_without_javascript.locator("tbody .govuk-link").first
    reference = first.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    first.click()
    assert heading(phone_without_javascript) == f"Report {reference}"
