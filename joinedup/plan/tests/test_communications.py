"""Communications: the campaign log, and press releases signed off in order by the people named."""

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.plan import registers_selectors as selectors
from joinedup.plan.models import Campaign, ReleaseStatus
from joinedup.plan.services import communications as services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def release(officer_a, south):
    return services.release_draft(
        by=officer_a, partnership=south, title="Dog fouling fines", body="From today..."
    )


def test_a_release_is_signed_off_by_the_manager_then_the_chair_then_released(
    release, officer_a, coordinator, chair
):
    services.release_submit(by=officer_a, release=release)
    services.release_approve(by=coordinator, release=release)
    release = services.release_approve(by=chair, release=release, comment="Good")
    assert release.status == ReleaseStatus.SIGNED_OFF
    release = services.release_release(
        by=officer_a, release=release, released_on=TODAY(), released_to="Worcester News"
    )
    assert release.status == ReleaseStatus.RELEASED
    assert [(e.kind, e.step, e.by) for e in release.history.all()] == [
        ("drafted", "", officer_a),
        ("submitted", "", officer_a),
        ("approved", "manager", coordinator),
        ("approved", "chair", chair),
        ("released", "", officer_a),
    ]


def test_steps_cannot_be_skipped(release, officer_a, chair):
    with pytest.raises(ApplicationError, match="not waiting for sign-off"):
        services.release_approve(by=chair, release=release)
    with pytest.raises(ApplicationError, match="only once the community safety manager and then the chair"):
        services.release_release(by=officer_a, release=release, released_on=TODAY())
    services.release_submit(by=officer_a, release=release)
    with pytest.raises(NotPermitted, match="waiting for the community safety manager"):
        services.release_approve(by=chair, release=release)


def test_the_wrong_person_cannot_approve(release, officer_a, coordinator, second_coordinator, chair):
    from joinedup.plan.models import PressSignatory

    services.release_submit(by=officer_a, release=release)
    for wrong in (officer_a, second_coordinator):
        with pytest.raises(NotPermitted):
            services.release_approve(by=wrong, release=release)
    PressSignatory.objects.create(partnership=release.partnership, user=coordinator, step="chair")
    services.release_approve(by=coordinator, release=release)
    with pytest.raises(NotPermitted, match="another person must sign as chair"):
        services.release_approve(by=coordinator, release=release)


def test_a_signatory_returns_a_release_to_draft_with_a_comment(
    release, officer_a, coordinator, chair, client_for
):
    services.release_submit(by=officer_a, release=release)
    client = client_for(coordinator)
    page = client.post(
        f"/plan/communications/releases/{release.id}/decision/", {"sign-decision": "return"}
    ).content.decode()
    assert "govuk-error-summary" in page and "Say what needs to change" in page
    client.post(
        f"/plan/communications/releases/{release.id}/decision/",
        {"sign-decision": "return", "sign-comment": "Add the fine amount"},
    )
    release.refresh_from_db()
    assert release.status == ReleaseStatus.DRAFT
    page = client_for(officer_a).get(f"/plan/communications/releases/{release.id}/").content.decode()
    assert (
        "Returned to draft as community safety manager by Cara Coordinator" in page
        and "Add the fine amount" in page
    )


def test_the_wrong_approver_is_refused_on_the_page(release, officer_a, chair, client_for):
    services.release_submit(by=officer_a, release=release)
    response = client_for(chair).post(
        f"/plan/communications/releases/{release.id}/decision/", {"sign-decision": "approve"}
    )
    assert response.status_code == 403
    release.refresh_from_db()
    assert release.status == ReleaseStatus.WITH_MANAGER


def test_another_partnership_cannot_see_releases_or_campaigns(
    release, officer_b, officer_a, south, client_for
):
    campaign = services.campaign_save(
        by=officer_a, partnership=south, title="Lock it", starts_on=TODAY(), channel="social"
    )
    client = client_for(officer_b)
    assert client.get(f"/plan/communications/releases/{release.id}/").status_code == 404
    assert client.get(f"/plan/communications/campaigns/{campaign.id}/").status_code == 404
    assert client.get("/plan/communications/sign-off/south/").status_code == 404


def test_a_campaign_is_logged_with_its_reach_and_bad_dates_are_refused(officer_a, south, client_for):
    client = client_for(officer_a)
    form = {
        "partnership": south.id,
        "title": "Safer nights",
        "channel": "events",
        "reach": "1200",
        "engagements": "85",
        "starts_on_0": "1",
        "starts_on_1": "12",
        "starts_on_2": "2025",
        "ends_on_0": "1",
        "ends_on_1": "11",
        "ends_on_2": "2025",
    }
    page = client.post("/plan/communications/campaigns/new/", form).content.decode()
    assert "The campaign must end on or after the day it started" in page and "Safer nights" in page
    form |= {"ends_on_1": "12", "ends_on_0": "24"}
    assert client.post("/plan/communications/campaigns/new/", form).status_code == 302
    found = selectors.campaigns_in_period(
        partnership=south, start=dt.date(2025, 12, 20), end=dt.date(2025, 12, 31)
    )
    assert [(c.title, c.reach, c.engagements) for c in found] == [("Safer nights", 1200, 85)]
    assert not Campaign.objects.filter(starts_on__gt=dt.date(2026, 1, 1)).exists()


def test_a_campaign_reach_too_large_to_record_is_refused_not_an_error_page(officer_a, south, client_for):
    form = {
        "partnership": south.id,
        "title": "Safer nights",
        "channel": "events",
        "reach": "3000000000",
        "engagements": "99999999999999999999",
        "starts_on_0": "1",
        "starts_on_1": "12",
        "starts_on_2": "2025",
    }
    response = client_for(officer_a).post("/plan/communications/campaigns/new/", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reach is too large" in page and "Engagements is too large" in page and "Safer nights" in page
    assert not Campaign.objects.exists()


def test_coordinators_name_who_signs_off(coordinator, officer_a, south, client_for):
    assert client_for(officer_a).get("/plan/communications/sign-off/south/").status_code == 404
    response = client_for(coordinator).post(
        "/plan/communications/sign-off/south/", {"user": officer_a.id, "step": "chair"}
    )
    assert response.status_code == 302
    assert selectors.signatories(partnership=south).get().user == officer_a


# --- removing what was logged by mistake ------------------------------------------------------------------


def _deleted(obj):
    from django.contrib.contenttypes.models import ContentType

    from joinedup.audit.models import Action, AuditEvent

    return AuditEvent.objects.filter(
        action=Action.DELETED, content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def test_a_campaign_logged_by_mistake_is_removed_after_confirming_and_its_releases_stay(
    officer_a, coordinator, analyst, officer_b, south, client_for
):
    campaign = services.campaign_save(
        by=officer_a, partnership=south, title="Lock it", starts_on=TODAY(), channel="social"
    )
    release = services.release_draft(
        by=officer_a, partnership=south, title="Lock your car", body="Text", campaign=campaign
    )
    url = f"/plan/communications/campaigns/{campaign.id}/remove/"
    assert f'href="{url}"' in client_for(coordinator).get("/plan/communications/").content.decode()
    assert f'href="{url}"' not in client_for(analyst).get("/plan/communications/").content.decode()
    assert client_for(analyst).post(url).status_code == 403  # neither who logged it nor a coordinator
    assert client_for(officer_b).post(url).status_code == 404  # another partnership's

    client = client_for(officer_a)
    page = client.get(url).content.decode()
    assert "Remove the campaign “Lock it”" in page and Campaign.objects.filter(id=campaign.id).exists()
    assert client.post(url).status_code == 302
    assert not Campaign.objects.filter(id=campaign.id).exists()
    assert _deleted(campaign).get().changes["title"] == "Lock it"
    release.refresh_from_db()
    assert release.campaign is None and release.title == "Lock your car"


def test_only_a_draft_release_can_be_removed_and_a_released_one_never(
    release, officer_a, coordinator, chair, analyst, client_for
):
    url = f"/plan/communications/releases/{release.id}/remove/"
    assert client_for(analyst).get(url).status_code == 403

    services.release_submit(by=officer_a, release=release)
    page = client_for(officer_a).get(url).content.decode()
    assert "Only a draft can be removed" in page and "Remove the press release</button>" not in page
    assert client_for(officer_a).post(url).status_code == 200
    with pytest.raises(ApplicationError, match="Only a draft can be removed"):
        services.release_remove(by=officer_a, release=release)

    services.release_approve(by=coordinator, release=release)
    services.release_approve(by=chair, release=release)
    services.release_release(by=officer_a, release=release, released_on=TODAY())
    page = client_for(coordinator).post(url).content.decode()
    assert "part of the public record, so it cannot be removed" in page
    release.refresh_from_db()
    assert release.status == ReleaseStatus.RELEASED


def test_a_draft_release_is_removed_with_its_history_and_the_audit_trail_keeps_it(
    release, officer_a, client_for
):
    from joinedup.plan.models import PressRelease, PressReleaseEvent

    page = client_for(officer_a).get(f"/plan/communications/releases/{release.id}/").content.decode()
    assert "Remove the draft" in page
    assert (
        client_for(officer_a).post(f"/plan/communications/releases/{release.id}/remove/").status_code == 302
    )
    assert not PressRelease.objects.filter(id=release.id).exists()
    assert not PressReleaseEvent.objects.filter(release_id=release.id).exists()
    assert _deleted(release).get().changes == {"title": "Dog fouling fines", "steps": 1}
