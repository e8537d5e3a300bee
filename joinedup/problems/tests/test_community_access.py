"""A community member of a local delivery group sees their programme and the asset map, nothing else;
partner staff see their own partnership's programmes and assets, never another's."""

import pytest
from django.urls import reverse

from joinedup.partners import policy as partner_policy

from .engagement_fixtures import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_community_member_is_not_partner_staff(community):
    assert partner_policy.is_community_member(community)
    assert not partner_policy.is_staff_member(community)
    assert not partner_policy.partnership_ids_for(community).exists()


def test_a_community_member_is_refused_cases_reports_profiles_and_intelligence(
    community, resident_member, normal_case, profile, client_for
):
    client = client_for(community)
    for url in (
        reverse("case-detail", args=[normal_case.reference]),
        reverse("case-list"),
        reverse("report-queue"),
        reverse("problems:list"),
        reverse("problems:detail", args=[profile.reference]),
        reverse("problems:patrols"),
        reverse("intelligence:home"),
        reverse("tasking:group-list"),
        reverse("audit-recent"),
    ):
        assert client.get(url).status_code in (403, 404), url


def test_a_community_member_sees_their_programme_and_the_asset_map_not_another_programme(
    community, resident_member, programme, other_programme, asset, client_for
):
    client = client_for(community)
    listed = client.get(reverse("problems:programmes")).content.decode()
    assert "City centre" in listed and "St John&#x27;s" not in listed
    assert client.get(reverse("problems:programme", args=[programme.id])).status_code == 200
    assert client.get(reverse("problems:programme", args=[other_programme.id])).status_code == 404
    assert client.get(reverse("problems:step", args=[programme.id, "purpose"])).status_code == 403
    assert "Guildhall café" in client.get(reverse("problems:assets")).content.decode()
    # The contact agreed to sharing with groups, so the member sees it.
    assert "sam@example.org" in client.get(reverse("problems:asset", args=[asset.id])).content.decode()


def test_a_community_member_does_not_see_contacts_kept_for_staff_only(
    community, resident_member, asset, client_for
):
    asset.consent_sharing = "staff"
    asset.save()
    page = client_for(community).get(reverse("problems:asset", args=[asset.id])).content.decode()
    assert "sam@example.org" not in page and "partner staff only" in page


def test_a_community_member_may_map_assets_in_their_programmes_partnership(
    community, resident_member, south, client_for
):
    from joinedup.problems.models import CommunityAsset

    response = client_for(community).post(
        reverse("problems:asset-new"),
        {
            "partnership": south.id,
            "name": "Community centre",
            "kind": "place",
            "category": "community centre",
            "safe_place": "no",
            "grid_reference": "SO 8495 5480",
        },
    )
    assert response.status_code == 302
    assert CommunityAsset.objects.get().created_by == community


def test_the_home_page_and_navigation_for_a_community_member(community, resident_member, client_for):
    client = client_for(community)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("problems:programmes")
    page = client.get(reverse("problems:programmes")).content.decode()
    assert "Asset map" in page and ">Cases<" not in page and ">Reports<" not in page


def test_a_community_member_without_a_group_sees_no_programme_or_asset(
    community, programme, asset, client_for
):
    client = client_for(community)
    assert "City centre" not in client.get(reverse("problems:programmes")).content.decode()
    assert client.get(reverse("problems:asset", args=[asset.id])).status_code == 404


@pytest.mark.parametrize(("persona", "sees"), [("officer_a", 200), ("analyst", 200), ("officer_b", 404)])
def test_staff_see_their_partnerships_programmes_and_assets_only(
    persona, sees, programme, asset, client_for, request
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("problems:programme", args=[programme.id])).status_code == sees
    assert client.get(reverse("problems:asset", args=[asset.id])).status_code == sees
    assert ("Guildhall café" in client.get(reverse("problems:assets")).content.decode()) == (sees == 200)


def test_staff_who_do_not_run_the_programme_cannot_change_it(officer_a, programme, client_for):
    client = client_for(officer_a)
    assert client.get(reverse("problems:programme-edit", args=[programme.id])).status_code == 403
    assert client.get(reverse("problems:programme-new")).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(programme, anonymous):
    for url in (reverse("problems:programmes"), reverse("problems:assets"), reverse("problems:asset-export")):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))
