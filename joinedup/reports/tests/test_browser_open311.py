"""A coordinator gives a reporting app its Open311 key, and the app reports with it, against the demo."""

import json
import urllib.parse
import urllib.request

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@worcester.example.org"


def test_a_coordinator_creates_a_key_that_an_app_then_reports_with(page, demo_server):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/work/settings/")
    page.get_by_role("link", name="Manage Open311 apps and keys").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add an application").click()
    page.get_by_role("button", name="Create the key").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Street reporting app")
    page.get_by_role("button", name="Create the key").click()
    assert_accessible(page)
    key = page.locator("#api-key").inner_text().strip()
    assert len(key) >= 40

    body = urllib.parse.urlencode(
        {
            "api_key": key,
            "service_code": "general-litter",
            "lat": "52.1917",
            "long": "-2.2205",
            "description": "Overflowing bin by the Guildhall",
        }
    ).encode()
    with urllib.request.urlopen(demo_server + "/open311/v2/requests.json", data=body, timeout=20) as response:
        answer = json.loads(response.read())
    reference = answer[0]["service_request_id"]
    assert reference.startswith("WOR-")

    page.goto(f"/work/reports/{reference}/")
    main = page.locator("main").inner_text()
    assert "Overflowing bin by the Guildhall" in main
    assert "Worcester City Council" in main  # routed to the council, as the demo rules say
