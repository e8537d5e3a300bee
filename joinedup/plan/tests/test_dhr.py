"""The Domestic Homicide Review tracker: who may know a review exists, its stages, and its audit trail."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Role
from joinedup.partners.tests.factories import UserFactory
from joinedup.plan import registers_selectors as selectors
from joinedup.plan.models import DhrStage
from joinedup.plan.services import dhr as services
from joinedup.plan.statutory import add_months

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_coordinator_who_is_not_named_gets_not_found(second_coordinator, review, client_for):
    client = client_for(second_coordinator)
    assert client.get(f"/plan/dhrs/{review.id}/").status_code == 404
    assert client.get(f"/plan/dhrs/{review.id}/decision/").status_code == 404
    assert "DHR-2026-01" not in client.get("/plan/dhrs/").content.decode()


def test_an_administrator_of_the_partnership_names_leads_but_does_not_see_reviews(
    administrator, review, client_for
):
    client = client_for(administrator)
    assert client.get(f"/plan/dhrs/{review.id}/").status_code == 404
    assert client.get("/plan/dhrs/leads/south/").status_code == 200


def test_a_named_panel_member_sees_the_review_and_the_look_is_recorded(officer_a, review, client_for):
    response = client_for(officer_a).get(f"/plan/dhrs/{review.id}/")
    page = response.content.decode()
    assert response.status_code == 200 and "Adult A" in page and "Jo Independent" in page
    assert "Record the decision" not in page  # panel members do not keep the review
    assert AuditEvent.objects.filter(actor=officer_a, action="viewed", object_id=str(review.id)).exists()
    assert "DHR-2026-01" in client_for(officer_a).get("/plan/dhrs/").content.decode()


def test_another_partnership_sees_nothing_even_its_lead_or_a_superuser(north, officer_b, review, client_for):
    from joinedup.plan.models import DhrLead

    DhrLead.objects.create(partnership=north, user=officer_b)
    assert client_for(officer_b).get(f"/plan/dhrs/{review.id}/").status_code == 404
    assert "DHR-2026-01" not in client_for(officer_b).get("/plan/dhrs/").content.decode()
    boss = UserFactory(email="root@example.org", is_superuser=True, role=Role.ADMINISTRATOR)
    assert client_for(boss).get(f"/plan/dhrs/{review.id}/").status_code == 404
    assert client_for(officer_b).get("/plan/dhrs/leads/south/").status_code == 404


def test_the_due_dates_follow_the_dated_timescales(dhr_lead, review):
    assert review.decision_due == add_months(review.notified_on, 1)
    services.dhr_decide(by=dhr_lead, review=review, hold=True, decided_on=TODAY())
    review.refresh_from_db()
    assert review.completion_due == add_months(TODAY(), 6)
    with override_settings(
        DHR_TIMESCALES=f"2011-04-13:1:6:2016 guidance;{review.notified_on}:2:9:New guidance"
    ):
        assert review.decision_due == add_months(review.notified_on, 2)
        assert review.completion_due == add_months(TODAY(), 9)


def test_not_holding_a_review_needs_reasons(dhr_lead, review):
    with pytest.raises(ApplicationError, match="reasons"):
        services.dhr_decide(by=dhr_lead, review=review, hold=False, decided_on=TODAY())
    services.dhr_decide(
        by=dhr_lead, review=review, hold=False, decided_on=TODAY(), reasons="Criteria not met"
    )
    review.refresh_from_db()
    assert review.stage == DhrStage.NOT_HELD


def test_a_review_cannot_be_published_before_approval(dhr_lead, review):
    services.dhr_decide(
        by=dhr_lead, review=review, hold=True, decided_on=TODAY(), home_office_notified_on=TODAY()
    )
    with pytest.raises(ApplicationError, match="only be published once the Home Office"):
        services.dhr_move(by=dhr_lead, review=review, to_stage=DhrStage.PUBLISHED, on=TODAY())
    for stage in (
        DhrStage.DRAFT,
        DhrStage.HOME_OFFICE,
        DhrStage.QA_FEEDBACK,
        DhrStage.HOME_OFFICE,
        DhrStage.APPROVED,
    ):
        services.dhr_move(by=dhr_lead, review=review, to_stage=stage, on=TODAY())
    review = services.dhr_move(by=dhr_lead, review=review, to_stage=DhrStage.PUBLISHED, on=TODAY())
    assert review.published_on == TODAY() and review.approved_on == TODAY()
    assert [c.to_stage for c in review.history.all()][-2:] == ["approved", "published"]
    with pytest.raises(ApplicationError, match="does not move on"):
        services.dhr_move(by=dhr_lead, review=review, to_stage=DhrStage.DRAFT, on=TODAY())


def test_a_review_goes_to_the_home_office_only_once_it_was_told_of_the_decision(dhr_lead, review):
    services.dhr_decide(by=dhr_lead, review=review, hold=True, decided_on=TODAY())
    services.dhr_move(by=dhr_lead, review=review, to_stage=DhrStage.DRAFT, on=TODAY())
    with pytest.raises(ApplicationError, match="Home Office was told"):
        services.dhr_move(by=dhr_lead, review=review, to_stage=DhrStage.HOME_OFFICE, on=TODAY())


def test_publishing_early_is_refused_on_the_page(dhr_lead, review, client_for):
    services.dhr_decide(by=dhr_lead, review=review, hold=True, decided_on=TODAY())
    client = client_for(dhr_lead)
    page = client.get(f"/plan/dhrs/{review.id}/stage/").content.decode()
    assert 'value="draft"' in page and 'value="published"' not in page
    day = TODAY()
    response = client.post(
        f"/plan/dhrs/{review.id}/stage/",
        {"to_stage": "published", "on_0": day.day, "on_1": day.month, "on_2": day.year},
    )
    assert "govuk-error-summary" in response.content.decode()
    review.refresh_from_db()
    assert review.stage == DhrStage.IN_PROGRESS


def test_panel_members_update_actions_but_only_leads_change_the_review(
    dhr_lead, officer_a, south_council, review, client_for
):
    item = services.dhr_action_add(
        by=dhr_lead, review=review, action="Train GP receptionists", owner=south_council, due_on=TODAY()
    )
    response = client_for(officer_a).post(
        f"/plan/dhrs/{review.id}/actions/{item.id}/",
        {"status": "in_progress", "text": "Half the practices done"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress" and item.updates.get().by == officer_a
    assert client_for(officer_a).get(f"/plan/dhrs/{review.id}/change/").status_code == 403
    with pytest.raises(NotPermitted):
        services.dhr_action_add(by=officer_a, review=review, action="x", owner=south_council, due_on=TODAY())


def test_leads_are_named_and_the_last_cannot_be_removed(
    dhr_lead, administrator, south, officer_a, client_for
):
    from joinedup.plan.models import DhrLead

    client = client_for(administrator)
    assert client.post("/plan/dhrs/leads/south/", {"user": officer_a.id}).status_code == 302
    assert set(DhrLead.objects.values_list("user__email", flat=True)) == {dhr_lead.email, officer_a.email}
    lead = DhrLead.objects.get(user=officer_a)
    assert client.post(f"/plan/dhrs/leads/south/{lead.id}/remove/").status_code == 302
    last = DhrLead.objects.get()
    page = client.post(f"/plan/dhrs/leads/south/{last.id}/remove/").content.decode()
    assert "at least one DHR lead" in page and DhrLead.objects.count() == 1


def test_stage_counts_for_a_past_period_come_from_the_history(dhr_lead, south, review):
    services.dhr_decide(by=dhr_lead, review=review, hold=True, decided_on=TODAY())
    counts = selectors.dhr_stage_counts(
        partnership=south, start=TODAY() - dt.timedelta(days=30), end=TODAY() - dt.timedelta(days=1)
    )
    assert counts["notified"] == 1 and counts["in_progress"] == 0
    counts = selectors.dhr_stage_counts(partnership=south, start=TODAY(), end=TODAY())
    assert counts["notified"] == 0 and counts["in_progress"] == 1


def test_changing_the_review_keeps_its_stage(dhr_lead, review, officer_a):
    stale = review
    services.dhr_decide(by=dhr_lead, review=review, hold=True, decided_on=TODAY())
    services.dhr_change(
        by=dhr_lead,
        review=stale,
        pseudonym="Adult A",
        independent_chair="New chair",
        panel_members=[officer_a],
    )
    review.refresh_from_db()
    assert review.stage == DhrStage.IN_PROGRESS and review.independent_chair == "New chair"
