"""A generated ward briefing in real headless Chromium against the served demo: the Cathedral ward
councillor reads the briefing for 2025; axe-core finds no WCAG 2.2 AA violations."""

import pytest

from joinedup.core.testing.browser import assert_accessible, sign_in
from joinedup.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_the_councillor_reads_the_generated_briefing_for_their_ward(page):
    sign_in(page, "councillor@worcester.example.org", DEMO_PASSWORD)
    page.goto("/publications/ward-briefing/document/?subject=E05007883&period=2025-01:2025-12&format=page")
    assert page.get_by_role("heading", name="Ward briefing: Cathedral").is_visible()
    assert page.get_by_role("img", name="Map of Cathedral").first.is_visible()
    assert page.get_by_role("heading", name="How these figures were made").is_visible()
    assert_accessible(page)
