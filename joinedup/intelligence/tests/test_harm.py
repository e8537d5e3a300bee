"""Harm weights: published defaults, the partnership's own with validation and audit, and their use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.intelligence.analysis.harm import default_weights
from joinedup.intelligence.harm_weights import harm_weights
from joinedup.intelligence.models import HarmWeight

EDIT = reverse("intelligence:harm-weight-edit", args=["burglary"])
GOOD = {
    "weight": "400",
    "source": "Local review",
    "version": "2026",
    "reason": "Burglary of homes matters most here",
}


def test_the_defaults_are_the_published_weights_with_their_source(db, client_for, officer_a):
    assert harm_weights() == default_weights()
    page = client_for(officer_a).get(reverse("intelligence:harm-weights")).content.decode()
    assert "ONS Crime Severity Score" in page and "ONS research output 2016-11-29" in page
    assert EDIT not in page  # officers read weights, they do not change them


def test_a_coordinator_sets_a_weight_which_is_audited_and_used(db, client_for, coordinator):
    response = client_for(coordinator).post(EDIT, GOOD)
    assert response.status_code == 302
    assert harm_weights()["burglary"] == 400
    event = AuditEvent.objects.get(action=Action.CHANGED, object_repr__startswith="Burglary")
    assert event.actor == coordinator
    assert event.changes["weight"] == [default_weights()["burglary"], 400.0]
    page = client_for(coordinator).get(reverse("intelligence:harm-weights")).content.decode()
    assert "Local review" in page and "Set by the partnership" in page

    reset = reverse("intelligence:harm-weight-reset", args=["burglary"])
    assert client_for(coordinator).post(reset).status_code == 302
    assert harm_weights()["burglary"] == default_weights()["burglary"]
    assert AuditEvent.objects.filter(action=Action.DELETED, actor=coordinator).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight": "-1"}, "The weight cannot be negative"),
        ({"weight": "a lot"}, "Enter the weight as a number"),
        ({"weight": "1000001"}, "The weight must be 100,000 or less"),
        ({"weight": "nan"}, "Enter"),
        ({"source": ""}, "Say where the weight comes from"),
        ({"reason": " "}, "Say why the partnership uses this weight"),
    ],
)
def test_bad_weights_are_refused_with_the_error_summary(db, client_for, administrator, change, message):
    response = client_for(administrator).post(EDIT, {**GOOD, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not HarmWeight.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CHANGED).exists()


def test_officers_and_analysts_cannot_change_weights(db, client_for, officer_a, analyst):
    for user in (officer_a, analyst):
        assert client_for(user).post(EDIT, GOOD).status_code == 403
    assert not HarmWeight.objects.exists()


def test_an_unknown_category_has_no_weight_page(db, client_for, coordinator):
    response = client_for(coordinator).get(reverse("intelligence:harm-weight-edit", args=["no-such"]))
    assert response.status_code == 404
