"""The demo's engagement programmes and asset map, as someone trying `make demo` finds them."""

import pytest
from django.test import Client
from django.urls import reverse

from joinedup.partners.models import User
from joinedup.problems import engagement_selectors as selectors
from joinedup.problems.models import CommunityAsset, EngagementProgramme, TrainingSession

pytestmark = pytest.mark.django_db


def test_four_pilot_programmes_in_worcester_at_different_steps():
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    rows = selectors.programme_list(user=coordinator)
    assert len(rows) == 4 and all(r.programme.synthetic for r in rows)
    current = {r.programme.name: r.current.step for r in rows}
    assert len(set(current.values())) == 4
    assert TrainingSession.objects.filter(attendance__gt=0, attendees__isnull=False).exists()
    assert all(r.programme.members.exists() for r in rows)


def test_about_25_assets_with_safe_places_in_the_city_centre():
    assert 20 <= CommunityAsset.objects.count() <= 30
    assert CommunityAsset.objects.filter(safe_place=True, ward__name="Cathedral").count() >= 3
    assert {"person", "organisation", "place", "service"} <= set(
        CommunityAsset.objects.values_list("kind", flat=True)
    )
    assert not CommunityAsset.objects.filter(ward__isnull=True).exists()


def test_the_community_member_signs_in_to_their_programme_and_the_asset_map_only():
    client = Client()
    assert client.login(username="community@worcester.example.org", password="safer-together-demo")
    warndon = EngagementProgramme.objects.get(name="Warndon Villages")
    other = EngagementProgramme.objects.exclude(id=warndon.id).first()
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("problems:programme", args=[warndon.id])).status_code == 200
    assert client.get(reverse("problems:programme", args=[other.id])).status_code == 404
    assert "The Hive" in client.get(reverse("problems:assets")).content.decode()
    assert client.get(reverse("report-queue")).status_code == 403
    assert client.get(reverse("case-list")).status_code == 403


def test_north_worcestershire_staff_see_none_of_it():
    north = User.objects.get(email="coordinator@bromsgrove.example.org")
    assert selectors.programme_list(user=north) == []
    assert not selectors.assets_visible(user=north).exists()
