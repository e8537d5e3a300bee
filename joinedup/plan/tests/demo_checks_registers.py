"""The demo's registers, as someone trying `make demo` finds them; the demo loads once for the module."""

import pytest
from django.test import Client
from django.utils import timezone

from joinedup.partners.models import User
from joinedup.plan import registers_selectors as selectors
from joinedup.plan.models import DomesticHomicideReview, PressRelease, Pspo

pytestmark = pytest.mark.django_db


def _client(email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_worcesters_three_orders_are_in_force_and_one_nears_expiry():
    assert Pspo.objects.count() == 3
    page = _client("coordinator@worcester.example.org").get("/plan/pspos/").content.decode()
    assert "Dog control" in page and "City centre" in page and "Expires in" in page
    public = Client().get("/public-spaces-protection-orders/").content.decode()
    assert "Alcohol (designated public places)" in public and "£100" in public


def test_the_city_centre_consultation_warns_of_the_missing_pcc():
    order = Pspo.objects.get(reference="WCC-PSPO-CC")
    page = _client("coordinator@worcester.example.org").get(f"/plan/pspos/{order.id}/").content.decode()
    assert "Statutory consultee not recorded: The police and crime commissioner" in page


def test_the_reviews_are_at_different_stages_and_seen_only_by_the_named():
    stages = set(DomesticHomicideReview.objects.values_list("stage", flat=True))
    assert stages == {"notified", "draft", "qa_feedback"}
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    assert selectors.dhr_list(user=coordinator).count() == 3
    housing = User.objects.get(email="housing@platform.example.org")
    assert [r.reference for r in selectors.dhr_list(user=housing)] == ["SW-DHR-2025-04"]
    for email in (
        "enforcement@worcester.example.org",
        "admin@worcester.example.org",
        "coordinator@bromsgrove.example.org",
    ):
        assert not selectors.dhr_list(user=User.objects.get(email=email)).exists()
    today = timezone.localdate()
    counts = selectors.dhr_stage_counts(partnership=coordinator.partnerships.get(), start=today, end=today)
    assert counts["notified"] == 1 and counts["draft"] == 1 and counts["qa_feedback"] == 1


def test_a_press_release_waits_for_the_chair():
    release = PressRelease.objects.get()
    assert release.status == "with_chair"
    page = (
        _client("councillor@worcester.example.org")
        .get(f"/plan/communications/releases/{release.id}/")
        .content.decode()
    )
    assert "Sign off as chair" in page
