"""The demo's Case Reviews, as someone trying `make demo` finds them; the demo is loaded once."""

import pytest
from django.urls import reverse

from joinedup.casereviews import selectors
from joinedup.casereviews.deadlines import Stage
from joinedup.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


def test_there_is_an_application_at_every_stage_and_figures_for_two_years():
    spoc = User.objects.get(email="coordinator@worcester.example.org")
    stages = {row.stage for row in selectors.application_rows(user=spoc, show="all")}
    assert stages == {
        Stage.RECEIVED,
        Stage.ACKNOWLEDGED,
        Stage.NOT_MET,
        Stage.REVIEW_HELD,
        Stage.CLOSED,
        Stage.ESCALATED,
    }
    years = selectors.figures(partnership=Partnership.objects.get(slug="south-worcestershire"))
    assert len(years) >= 2
    assert sum(y.received for y in years) == 9
    assert sum(y.with_recommendations for y in years) == 3


def test_the_review_with_recommendations_shows_its_reasoning(client):
    spoc = User.objects.get(email="coordinator@worcester.example.org")
    client.force_login(spoc)
    row = next(r for r in selectors.application_rows(user=spoc) if r.stage == Stage.REVIEW_HELD)
    html = client.get(reverse("case-review-assessment", args=[row.application.reference])).content.decode()
    assert "The threshold is met" in html
    detail = client.get(reverse("case-review-detail", args=[row.application.reference])).content.decode()
    assert "Joint evening patrols twice a week for six weeks" in detail
